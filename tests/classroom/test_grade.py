"""The grader on the example submissions (tests/classroom/data): every status, every cell of grades.csv."""
from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

import pytest

import classroom_examples as ex
from gigsim.classroom.grade import main
from gigsim.classroom.report import read_csv

NB = ex.NOTEBOOK
IDS = ["ch02-ex1", "ch02-ex2", "ch02-ex3", "ch02-ex4"]
NOT_IMPLEMENTED = "NotImplementedError: Exercise {ex}: replace this line with your code"
LOOP = "The code of ch02-ex2 (cell starting 'while True: # still looking for the c...') did not finish within 4 s (the per-cell time limit)"
EXIT = "The code of ch02-ex3 (cell starting 'import os') made the Python kernel die (exit code 1)"
SEGV = "The code of ch02-ex1 (cell starting 'import ctypes') made the Python kernel die (killed by SIGSEGV)"
SLOW = "The code of ch02-ex2 (cell starting \"__import__('time').sleep(3) # tuning\") was still running when the notebook reached its time limit (15 s)"
BAD_JSON = r"not valid JSON \(line \d+, column \d+: .+\): the file is damaged or not a Jupyter notebook"

# (student, exercise) -> (status, the message as a regular expression; plain text is escaped)
EXPECTED = {
    **{("aiko", e): ("passed", "") for e in IDS},
    **{("bunta", e): ("error", re.escape(NOT_IMPLEMENTED.format(ex=e))) for e in IDS},
    ("chie", "ch02-ex1"): ("failed", re.escape("that is the gross income, before the platform takes its share: "
                                               "subtract the 20% fee")),
    ("chie", "ch02-ex2"): ("failed", re.escape("monthly_crossover[0.1] counts months from 1: give the month index "
                                               "(from 0), as crossover_month returns it")),
    ("chie", "ch02-ex3"): ("failed", re.escape("per_hour_month_120 divides by the 20 hours of content only: "
                                               "divide by all 30 hours worked")),
    ("chie", "ch02-ex4"): ("passed", ""),
    # an edited check is replaced by the real one
    ("daichi", "ch02-ex1"): ("failed", re.escape("that is the income with Lancers' 16.5% fee: set fee_share to 0.20")),
    # deleted checks are put back
    ("daichi", "ch02-ex2"): ("failed", re.escape("at 0.05 JPY/view content never stays ahead within 120 months, "
                                                 "so monthly_crossover[0.05] should be None, not 1")),
    # '# NBVAL_RAISES_EXCEPTION' is stripped: the error counts
    ("daichi", "ch02-ex3"): ("error", re.escape(NOT_IMPLEMENTED.format(ex="ch02-ex3"))),
    # the 'nbval-skip' tag is stripped: the solution runs
    ("daichi", "ch02-ex4"): ("passed", ""),
    ("eita", "ch02-ex1"): ("passed", ""),
    ("eita", "ch02-ex2"): ("timeout", re.escape(LOOP)),
    ("eita", "ch02-ex3"): ("not_reached", re.escape("Not run: t" + LOOP[1:])),
    ("eita", "ch02-ex4"): ("not_reached", re.escape("Not run: t" + LOOP[1:])),
    ("fumi", "ch02-ex1"): ("passed", ""),
    ("fumi", "ch02-ex2"): ("passed", ""),
    ("fumi", "ch02-ex3"): ("kernel_died", re.escape(EXIT)),
    ("fumi", "ch02-ex4"): ("not_reached", re.escape("Not run: t" + EXIT[1:])),
    ("goro", "ch02-ex1"): ("kernel_died", re.escape(SEGV)),
    **{("goro", e): ("not_reached", re.escape("Not run: t" + SEGV[1:])) for e in IDS[1:]},
    **{("hana", e): ("unreadable", BAD_JSON) for e in IDS},
    **{("ichiro", e): ("missing", re.escape(f"no file named {NB} in the student's folder")) for e in IDS},
    **{("jun", e): ("unreadable", re.escape("valid JSON but not a Jupyter notebook (no list of cells)")) for e in IDS},
    ("kaito", "ch02-ex1"): ("error", re.escape("input() cannot be answered while grading: remove the input() calls")),
    ("kaito", "ch02-ex2"): ("passed", ""),  # 100,000 printed lines, truncated by the kernel
    ("kaito", "ch02-ex3"): ("passed", ""),  # wrote files, in the grader's temporary folder
    ("kaito", "ch02-ex4"): ("error", r"MemoryError: Unable to allocate .* \(more than the grader's memory limit\)"),
    ("mei", "ch02-ex1"): ("passed", ""),
    ("mei", "ch02-ex2"): ("timeout", re.escape(SLOW)),
    ("mei", "ch02-ex3"): ("not_reached", re.escape("Not run: t" + SLOW[1:])),
    ("mei", "ch02-ex4"): ("not_reached", re.escape("Not run: t" + SLOW[1:])),
}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder below ``folder``, with a hash of each file's bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    before = snapshot(ex.SUBMISSIONS)
    out = tmp_path_factory.mktemp("grades")
    status = main([str(ex.SUBMISSIONS), "--out", str(out), *ex.GRADE_ARGS])
    return status, out, before, snapshot(ex.SUBMISSIONS)


def test_exit_status_is_zero_whatever_the_scores(graded):
    assert graded[0] == 0


def test_every_status_is_covered_by_the_examples():
    assert {status for status, _ in EXPECTED.values()} == {
        "passed", "failed", "error", "timeout", "not_reached", "kernel_died", "missing", "unreadable"}


def test_every_cell_of_grades_csv(graded):
    rows = read_csv(graded[1] / "grades.csv")
    assert [(r.student, r.exercise) for r in rows] == list(EXPECTED), "one row per student x exercise, in order"
    for r in rows:
        status, pattern = EXPECTED[(r.student, r.exercise)]
        assert r.notebook == NB
        assert r.status == status, (r.student, r.exercise, r.status)
        assert re.fullmatch(pattern, r.message), f"{r.student} {r.exercise}: message {r.message!r}"
        assert "\x1b" not in r.message and "\n" not in r.message


def test_submissions_are_byte_identical_afterwards(graded):
    _, _, before, after = graded
    assert after == before


def test_report_is_self_contained_and_totals_each_exercise(graded):
    text = (graded[1] / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<script|<link""", text), "no external requests"
    rows = read_csv(graded[1] / "grades.csv")
    students = sorted({r.student for r in rows})
    for student in students:
        assert f">{student}</th>" in text
    footer = text[text.index("<tfoot>"):text.index("</tfoot>")]
    totals = re.findall(r"<br>(\d+)/(\d+)</td>", footer)
    expected = [(str(sum(r.status == "passed" for r in rows if r.exercise == e)), str(len(students))) for e in IDS]
    assert totals == expected
    hardest = text[text.index("hardest first"):]
    first_row = re.search(r"<tbody>\s*<tr><td>([^<]+)</td>", hardest).group(1)
    pass_rates = {e: sum(r.status == "passed" for r in rows if r.exercise == e) for e in IDS}
    assert pass_rates[first_row] == min(pass_rates.values()), "the hardest exercise comes first"


def test_book_example_is_the_report_of_these_submissions(graded):
    """The example in the instructor guide is this very run (regenerate: tests/classroom/classroom_examples.py)."""
    shipped = read_csv(ex.BOOK_EXAMPLE / "grades.csv")
    assert shipped == read_csv(graded[1] / "grades.csv"), "run: .venv/bin/python tests/classroom/classroom_examples.py"
    guide = ex.GUIDE.read_text(encoding="utf-8")
    table = guide.split(ex.TABLE_BEGIN)[1].split(ex.TABLE_END)[0].strip()
    assert table == ex.markdown_table(shipped)


def test_a_dying_kernel_is_noticed_at_once(tmp_path):
    """os._exit in a cell is reported as kernel_died long before the cell time limit."""
    shutil.copytree(ex.SUBMISSIONS / "fumi", tmp_path / "subs" / "fumi")
    started = time.monotonic()
    status = main([str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--release", str(ex.RELEASE),
                   "--cell-timeout", "120", "--notebook-timeout", "240", "--no-progress", "--jobs", "1"])
    elapsed = time.monotonic() - started
    rows = read_csv(tmp_path / "out" / "grades.csv")
    assert status == 0
    assert [r.status for r in rows] == ["passed", "passed", "kernel_died", "not_reached"]
    assert elapsed < 60, f"took {elapsed:.0f} s: the dead kernel was not noticed before the 120 s cell limit"


@pytest.mark.parametrize("setup, message", [
    (lambda tmp: [str(tmp / "nowhere")], "gigsim grade: no such folder: "),
    (lambda tmp: [str(tmp)], "gigsim grade: nothing to grade: "),
    (lambda tmp: [str(ex.SUBMISSIONS), "--release", str(tmp)], "gigsim grade: nothing to grade: no exercise notebooks"),
])
def test_misuse_exits_2_with_one_line(tmp_path, capsys, setup, message):
    args = setup(tmp_path)
    if "--release" not in args:
        args += ["--release", str(ex.RELEASE)]
    status = main([*args, "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(message) and err.count("\n") == 1, err
    assert not (tmp_path / "out").exists()


def test_out_inside_submissions_is_refused(tmp_path, capsys):
    shutil.copytree(ex.SUBMISSIONS / "jun", tmp_path / "subs" / "jun")
    status = main([str(tmp_path / "subs"), "--out", str(tmp_path / "subs" / "grades"),
                   "--release", str(ex.RELEASE), "--no-progress"])
    assert status == 2
    assert "inside the submissions folder" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "subs").iterdir()) == ["jun"]


def test_bad_option_value_names_the_option_and_range(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([str(ex.SUBMISSIONS), "--out", "x", "--cell-timeout", "-1"])
    assert exit_info.value.code == 2
    assert "--cell-timeout: must be a number from 0.1 to 86400, got '-1'" in capsys.readouterr().err
