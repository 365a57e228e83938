"""Every exercise passes on its solution and fails on the student version (nbgrader's validate and
--invert), graded by the grader itself; every solution notebook passes nbval in strict mode."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from gigsim.classroom import spec
from gigsim.classroom.grade import main
from gigsim.classroom.report import read_csv

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "notebooks" / "solutions"
EXERCISES = ROOT / "notebooks" / "exercises"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("validity")
    release = tmp / "release"
    release.mkdir()
    exercises = set()
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        assert (EXERCISES / path.name).exists(), f"no student version of {path.name}: run `make exercises`"
        shutil.copyfile(EXERCISES / path.name, release / path.name)
        exercises |= {(path.name, ex) for ex in spec.exercise_ids(nbformat.read(path, as_version=4))}
        for name, folder in (("solution", SOLUTIONS), ("blank", EXERCISES)):
            (tmp / "subs" / name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / path.name, tmp / "subs" / name / path.name)
    status = main([str(tmp / "subs"), "--out", str(tmp / "out"), "--release", str(release),
                   "--no-progress", "--jobs", "2"])
    assert status == 0
    return read_csv(tmp / "out" / "grades.csv"), exercises


def test_every_exercise_passes_on_its_solution(graded):
    graded, exercises = graded
    rows = [r for r in graded if r.student == "solution"]
    assert {(r.notebook, r.exercise) for r in rows} == exercises
    failing = [(r.exercise, r.status, r.message) for r in rows if r.status != "passed"]
    assert failing == []


def test_every_exercise_fails_on_the_student_version_with_a_helpful_message(graded):
    graded, exercises = graded
    rows = [r for r in graded if r.student == "blank"]
    assert {(r.notebook, r.exercise) for r in rows} == exercises
    for r in rows:
        assert r.status in ("failed", "error"), (r.exercise, r.status)
        assert r.exercise in r.message, f"{r.exercise}: the message should name the exercise: {r.message!r}"


def test_solution_notebooks_pass_nbval_strict():
    """The same command as `make notebooks`, on the solution notebooks only."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", "tests/nbval-sanitize.cfg", "-p", "no:xdist", "-q", "notebooks/solutions"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
