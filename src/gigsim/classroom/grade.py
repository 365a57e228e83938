"""``gigsim grade SUBMISSIONS --out DIR``: grade a class's exercise notebooks with nbval and pytest.

SUBMISSIONS holds one folder per student with that student's copies of the released notebooks (same file
names). Each notebook is graded on a prepared copy (canonical checks put back, nbval markers removed) in its
own temporary folder, by ``pytest --nbval-lax`` in a child process with a fresh, memory-limited kernel; a
small plugin streams every cell's outcome so that a per-cell timeout, a per-notebook wall-clock limit and a
dying kernel can be told apart. Results go to ``DIR/grades.csv`` (student x exercise) and ``DIR/report.html``.

The submissions are only read. Exit status 0 when grading completed, whatever the students scored;
2 with a one-line message when there is nothing to grade.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import spec
from .prepare import Unreadable, load_submission, prepare
from .results import Row, exercise_outcomes, first_line, read_events

DEFAULT_RELEASE = Path("notebooks/exercises")
IGNORED_FOLDERS = ("__MACOSX", "__pycache__", ".ipynb_checkpoints")


class UsageError(ValueError):
    """Misuse of the command: one line, exit status 2."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    release: Path = DEFAULT_RELEASE
    cell_timeout: float = 30.0
    notebook_timeout: float = 300.0
    memory_mb: int = 2048
    max_output_chars: int = 200_000
    jobs: int = field(default_factory=lambda: available_cores())
    progress: bool = True
    keep_temp: bool = False


@dataclass(frozen=True)
class Task:
    student: str
    folder: Path
    notebook: str
    release_nb: object
    exercises: tuple[str, ...]


# -- discovery ---------------------------------------------------------------------------------------------

def load_release(folder: Path) -> list[tuple[str, object]]:
    """(file name, notebook) of each released notebook, in name order."""
    import nbformat

    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"no released notebooks: {folder} is not a folder (give --release DIR)")
    out = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as err:
            raise UsageError(f"released notebook {path} cannot be read ({type(err).__name__})") from None
        if not spec.exercise_ids(nb):
            continue
        out.append((path.name, nb))
    if not out:
        raise UsageError(f"nothing to grade: no exercise notebooks in {folder} (give --release DIR)")
    return out


def find_students(submissions: Path) -> list[tuple[str, Path]]:
    submissions = Path(submissions)
    if not submissions.is_dir():
        raise UsageError(f"no such folder: {submissions}")
    students = sorted((p.name, p) for p in submissions.iterdir()
                      if p.is_dir() and not p.name.startswith(".") and p.name not in IGNORED_FOLDERS)
    if not students:
        raise UsageError(f"nothing to grade: {submissions} has no student folders (one folder per student)")
    return students


def find_submission(folder: Path, name: str) -> Path | None:
    """The student's copy of ``name``: at the top of their folder, or the only one below it."""
    direct = folder / name
    if direct.is_file():
        return direct
    found = [p for p in folder.rglob(name) if p.is_file()
             and not any(part.startswith(".") or part in IGNORED_FOLDERS for part in p.relative_to(folder).parts)]
    return found[0] if len(found) == 1 else None


# -- one notebook --------------------------------------------------------------------------------------------

_CONTEXT = None


def context():
    """A multiprocessing context whose children start with pytest and nbval already imported."""
    global _CONTEXT
    if _CONTEXT is None:
        methods = multiprocessing.get_all_start_methods()
        if "forkserver" in methods:
            _CONTEXT = multiprocessing.get_context("forkserver")
            _CONTEXT.set_forkserver_preload(["gigsim.classroom.runner"])
        else:
            _CONTEXT = multiprocessing.get_context("spawn")
    return _CONTEXT


_START_LOCK = threading.Lock()


def start_without_main(process) -> None:
    """Start a multiprocessing child without re-importing the caller's ``__main__`` in it.

    multiprocessing re-runs the main script in forkserver and spawn children; the runner's target lives in
    an importable module, so that is only a cost (and fails when the caller is an interactive session).
    """
    from multiprocessing import spawn

    with _START_LOCK:
        original = spawn.get_preparation_data

        def preparation_data(name):
            data = original(name)
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
            return data

        spawn.get_preparation_data = preparation_data
        try:
            process.start()
        finally:
            spawn.get_preparation_data = original


def kernel_environment(workdir: Path) -> dict[str, str]:
    tmp = workdir / "tmp"
    tmp.mkdir(exist_ok=True)
    return {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "Agg", "TMPDIR": str(tmp), "PYTHONDONTWRITEBYTECODE": "1",
            "IPYTHONDIR": str(workdir / "ipython"),  # no instructor's startup files or history
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def kill_kernel(events: list[dict]) -> None:
    """Kill the kernel's process group if it outlived its runner (Linux: only if it is still our kernel)."""
    import signal

    pid = next((e["pid"] for e in events if e.get("event") == "kernel"), None)
    if pid is None or not hasattr(os, "killpg"):
        return
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        if cmdline.exists() and b"gigsim.classroom.kernel" not in cmdline.read_bytes():
            return
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def run_prepared(notebook: Path, workdir: Path, kernelspec_root: Path, opts: Options) -> tuple[list[dict], bool, str]:
    """Run one prepared notebook; (events, killed at the wall-clock limit, last line of the log)."""
    from . import runner

    ctx = context()
    process = ctx.Process(target=runner.run_notebook, daemon=False,
                          args=(str(notebook), str(workdir), str(kernelspec_root), opts.cell_timeout,
                                kernel_environment(workdir)))
    start_without_main(process)
    process.join(opts.notebook_timeout)
    killed = process.is_alive()
    if killed:
        process.kill()
        process.join()
    events = read_events(workdir / runner.RESULTS)
    kill_kernel(events)
    log = ""
    try:
        lines = [line for line in (workdir / runner.LOG).read_text(encoding="utf-8", errors="replace").splitlines()
                 if line.strip() and not line.startswith(("=", "_"))]
        log = lines[-1] if lines else ""
    except OSError:
        pass
    if not killed and process.exitcode not in (0, 1, 2) and not any(e.get("event") == "result" for e in events):
        log = log or f"the test runner stopped with exit code {process.exitcode}"
    return events, killed, log


def grade_task(task: Task, tmp_root: Path, kernelspec_root: Path, opts: Options, index: int) -> list[Row]:
    def rows(status: str, message: str) -> list[Row]:
        return [Row(task.student, task.notebook, ex, status, message) for ex in task.exercises]

    path = find_submission(task.folder, task.notebook)
    if path is None:
        return rows("missing", f"no file named {task.notebook} in the student's folder")
    try:
        student_nb = load_submission(path)
    except Unreadable as err:
        return rows("unreadable", first_line(str(err)))
    prepared, cells = prepare(student_nb, task.release_nb)
    workdir = tmp_root / f"{index:04d}"
    run = workdir / "run"
    run.mkdir(parents=True)
    import nbformat

    notebook = run / task.notebook
    nbformat.write(prepared, notebook)
    events, killed, log = run_prepared(notebook, workdir, kernelspec_root, opts)
    if not any(e.get("event") in ("start", "result") for e in events) and not killed:
        return rows("error", "the grader could not run this notebook: " + (first_line(log) or "no result"))
    outcomes = exercise_outcomes(cells, events, killed=killed, cell_timeout=opts.cell_timeout,
                                 notebook_timeout=opts.notebook_timeout, exercises=list(task.exercises))
    return [Row(task.student, task.notebook, ex, *outcomes[ex]) for ex in task.exercises]


# -- the class ------------------------------------------------------------------------------------------------

def grade(submissions: Path, out: Path, opts: Options = Options()) -> list[Row]:
    """Grade every student's notebooks; write ``out/grades.csv`` and ``out/report.html``; return the rows."""
    from tqdm import tqdm

    from . import report
    from .kernel import write_kernelspec

    release = load_release(opts.release)
    students = find_students(submissions)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    if out.resolve() == Path(submissions).resolve() or Path(submissions).resolve() in out.resolve().parents:
        raise UsageError(f"--out {out} is inside the submissions folder: write the grades somewhere else")
    tasks = [Task(student, folder, name, nb, tuple(spec.exercise_ids(nb)))
             for student, folder in students for name, nb in release]
    started = time.monotonic()
    tmp_root = Path(tempfile.mkdtemp(prefix="gigsim-grade-"))
    try:
        kernelspec_root = write_kernelspec(tmp_root / "jupyter", opts.memory_mb, opts.max_output_chars)
        results: dict[int, list[Row]] = {}
        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool, \
                tqdm(total=len(tasks), file=sys.stderr, unit="notebook", desc="grading",
                     disable=not opts.progress, dynamic_ncols=True) as bar:
            futures = {pool.submit(grade_task, task, tmp_root, kernelspec_root, opts, i): i
                       for i, task in enumerate(tasks)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as err:  # a grader bug must not cost the other students their grades
                    task = tasks[i]
                    detail = first_line("".join(traceback.format_exception_only(type(err), err)))
                    results[i] = [Row(task.student, task.notebook, ex, "error", f"grader failure: {detail}")
                                  for ex in task.exercises]
                bar.update(1)
    finally:
        if opts.keep_temp:
            print(f"gigsim grade: work folders kept in {tmp_root}", file=sys.stderr)
        else:
            shutil.rmtree(tmp_root, ignore_errors=True)
    rows = [row for i in range(len(tasks)) for row in results[i]]
    out.mkdir(parents=True, exist_ok=True)
    report.write_csv(rows, out / "grades.csv")
    report.write_html(rows, out / "report.html", title=f"Grades: {Path(submissions).resolve().name}",
                      settings={"cell time limit": f"{opts.cell_timeout:g} s",
                                "notebook time limit": f"{opts.notebook_timeout:g} s",
                                "memory limit": f"{opts.memory_mb} MB",
                                "grading time": f"{time.monotonic() - started:.0f} s"})
    return rows


# -- command line --------------------------------------------------------------------------------------------

def _number(name: str, lo: float, hi: float, kind=float):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not (lo <= value <= hi):
            what = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"{name}: must be {what} from {lo:g} to {hi:g}, got {text!r}")
        return value
    return parse


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``grade`` subcommand to an argparse subparsers object."""
    p = subparsers.add_parser(
        "grade", help="grade students' exercise notebooks (nbval), write grades.csv and report.html",
        description="Grade a class's exercise notebooks. SUBMISSIONS holds one folder per student with "
                    "their copies of the released notebooks. Student code is untrusted: grade inside a "
                    "container or a throw-away user account (see the instructor guide).")
    d = Options()
    p.add_argument("submissions", type=Path, metavar="SUBMISSIONS", help="folder with one folder per student")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="where grades.csv and report.html go")
    p.add_argument("--release", type=Path, default=d.release, metavar="DIR",
                   help=f"the released (student) notebooks with the canonical checks (default: {d.release})")
    p.add_argument("--jobs", "-j", type=_number("--jobs", 1, 256, int), default=d.jobs,
                   help="notebooks graded at once (default: the number of cores, %(default)s here)")
    p.add_argument("--cell-timeout", type=_number("--cell-timeout", 0.1, 86400), default=d.cell_timeout,
                   metavar="SECONDS", help="time limit of one cell (default: %(default)g)")
    p.add_argument("--notebook-timeout", type=_number("--notebook-timeout", 1, 86400),
                   default=d.notebook_timeout, metavar="SECONDS",
                   help="wall-clock limit of one notebook, kernel start included (default: %(default)g)")
    p.add_argument("--memory-mb", type=_number("--memory-mb", 0, 1 << 20, int), default=d.memory_mb,
                   help="address-space limit of each kernel in MB, 0 for none (default: %(default)s)")
    p.add_argument("--max-output-chars", type=_number("--max-output-chars", 0, 1 << 30, int),
                   default=d.max_output_chars, help="printed characters kept per cell (default: %(default)s)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--keep-temp", action="store_true", help="keep the work folders (for debugging the grader)")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    opts = Options(release=args.release, cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                   memory_mb=args.memory_mb, max_output_chars=args.max_output_chars, jobs=args.jobs,
                   progress=not args.no_progress, keep_temp=args.keep_temp)
    try:
        rows = grade(args.submissions, args.out, opts)
    except UsageError as err:
        print(f"gigsim grade: {err}", file=sys.stderr)
        return 2
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    print(f"graded {len({r.student for r in rows})} students, {len(rows)} exercise results ({summary}); "
          f"see {Path(args.out) / 'report.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gigsim")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(["grade", *argv])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
