"""How long does grading a class take? ``python -m gigsim.classroom.bench`` (also run by ``make bench``).

Builds a synthetic class in a temporary folder from the released exercises: 30 students x 5 notebooks
(if fewer than 5 exercise notebooks exist, copies under other names make up the number). Students are a
seeded mix of right, blank and partly wrong notebooks. Then grades them with the default options and
prints the figures. Nothing is asserted: the target is under 5 minutes on a 2-core machine.
"""
from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import nbformat
import numpy as np

from . import spec
from .grade import Options, grade
from .release import student_version

TARGET_SECONDS = 300


def synthetic_class(solutions: Path, root: Path, students: int, notebooks: int, seed: int) -> tuple[Path, Path]:
    """Write a release folder and a submissions folder under ``root``; return both."""
    rng = np.random.default_rng(seed)
    sources = sorted(Path(solutions).glob("*.ipynb"))
    if not sources:
        raise SystemExit(f"bench: no solution notebooks in {solutions}")
    release, submissions = root / "release", root / "submissions"
    release.mkdir(parents=True)
    pairs = []  # (name, solution nb, student nb)
    for k in range(notebooks):
        path = sources[k % len(sources)]
        name = path.name if k < len(sources) else path.name.replace("-exercises.ipynb", f"-copy{k}-exercises.ipynb")
        solution = nbformat.read(path, as_version=4)
        student = student_version(solution, path.name)
        nbformat.write(student, release / name)
        pairs.append((name, solution, student))
    for s in range(students):
        folder = submissions / f"student{s + 1:02d}"
        folder.mkdir(parents=True)
        for name, solution, student in pairs:
            kind = rng.choice(["right", "blank", "partly"], p=[0.6, 0.15, 0.25])
            if kind == "blank":
                nb = student
            else:
                nb = copy.deepcopy(solution)
                if kind == "partly":  # one exercise left as released
                    exercises = spec.exercise_ids(nb)
                    undone = exercises[int(rng.integers(len(exercises)))]
                    for i, cell in enumerate(nb.cells):
                        info = spec.cell_role(cell)
                        if info and info.exercise == undone and info.role == "solution":
                            nb.cells[i] = copy.deepcopy(student.cells[i])
            nbformat.write(nb, folder / name)
    return release, submissions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gigsim.classroom.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--solutions", type=Path, default=Path("notebooks/solutions"))
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--notebooks", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gigsim-grade-bench-") as tmp:
        root = Path(tmp)
        release, submissions = synthetic_class(args.solutions, root, args.students, args.notebooks, args.seed)
        opts = Options(release=release, jobs=args.jobs, progress=sys.stderr.isatty())
        started = time.perf_counter()
        rows = grade(submissions, root / "out", opts)
        elapsed = time.perf_counter() - started
    n = args.students * args.notebooks
    counts = Counter(r.status for r in rows)
    print(f"classroom grading bench: {args.students} students x {args.notebooks} notebooks = {n} notebooks, "
          f"{len(rows)} exercise results, {args.jobs} jobs, {os.cpu_count()} cores")
    print(f"  total wall-clock time     {elapsed:8.1f} s  (target: under {TARGET_SECONDS} s: "
          f"{'met' if elapsed < TARGET_SECONDS else 'NOT met'})")
    print(f"  per notebook (wall/n)     {elapsed / n:8.2f} s")
    print(f"  per notebook per job      {elapsed * args.jobs / n:8.2f} s")
    print("  statuses                  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
