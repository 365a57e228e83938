"""The grader's parts on small inputs: reading submissions, preparing copies, mapping results, the kernel, HTML."""
from __future__ import annotations

import json

import nbformat
import pytest

from gigsim.classroom import prepare as prep
from gigsim.classroom.report import render_html
from gigsim.classroom.results import Row, error_message, exercise_outcomes, first_line


def _release():
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import math"))
    for k in (1, 2):
        ex = f"ch09-ex{k}"
        prompt = nbformat.v4.new_markdown_cell(f"Exercise {k}")
        sol = nbformat.v4.new_code_cell("raise NotImplementedError")
        chk = nbformat.v4.new_code_cell(f"assert x{k} == {k}, 'x{k} should be {k}'")
        for cell, role in ((prompt, "prompt"), (sol, "solution"), (chk, "check")):
            cell.metadata["gigsim"] = {"exercise": ex, "role": role}
        nb.cells += [prompt, sol, chk]
    return nb


# -- reading --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"", "not valid JSON (line 1, column 1: Expecting value)"),
    (b"\xff\xfe\x00garbage", "not a text file"),
    (b"[1, 2, 3]", "valid JSON but not a Jupyter notebook"),
    (json.dumps({"cells": [{"cell_type": "code", "source": 3}], "nbformat": 4, "nbformat_minor": 5,
                 "metadata": {}}).encode(), "not a Jupyter notebook nbformat can read"),
])
def test_unreadable_files_say_why(tmp_path, content, message):
    path = tmp_path / "nb.ipynb"
    path.write_bytes(content)
    with pytest.raises(prep.Unreadable) as err:
        prep.load_submission(path)
    assert str(err.value).startswith(message) or message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_notebook_is_read(tmp_path):
    nbformat.write(_release(), tmp_path / "nb.ipynb")
    assert len(prep.load_submission(tmp_path / "nb.ipynb").cells) == 7


# -- preparing ------------------------------------------------------------------------------------------

def test_checks_are_restored_in_place_and_after_added_cells():
    release = _release()
    student = nbformat.reads(nbformat.writes(release), as_version=4)
    student.cells[2].source = "x1 = 1"
    student.cells[3].source = "assert True, 'fine'"  # edited check of ex1
    del student.cells[6]  # deleted check of ex2
    student.cells[5].source = "x2 = 2"
    student.cells.insert(6, nbformat.v4.new_code_cell("# NBVAL_SKIP\nx2 = 3  # scratch"))
    student.cells[5].metadata["tags"] = ["raises-exception", "mine"]
    student.cells[2].outputs = [nbformat.v4.new_output("stream", text="hi")]
    prepared, cells = prep.prepare(student, release)
    sources = [c.source for c in prepared.cells]
    assert sources == ["import math", "Exercise 1", "x1 = 1", "assert x1 == 1, 'x1 should be 1'",
                       "Exercise 2", "x2 = 2", "x2 = 3  # scratch", "assert x2 == 2, 'x2 should be 2'"]
    assert prepared.cells[5].metadata["tags"] == ["mine"]
    assert prepared.cells[2].outputs == []
    assert [(c.exercise, c.role) for c in cells] == [
        (None, None), ("ch09-ex1", "solution"), ("ch09-ex1", "check"),
        ("ch09-ex2", "solution"), ("ch09-ex2", None), ("ch09-ex2", "check")]


def test_mangled_metadata_and_a_lost_exercise_still_get_their_checks():
    release = _release()
    student = nbformat.reads(nbformat.writes(release), as_version=4)
    student.cells[1].metadata["gigsim"] = "oops"
    del student.cells[2:4]  # the student deleted ex1's code and check
    prepared, cells = prep.prepare(student, release)
    checks = [c.source for c in prepared.cells if c.metadata.get("gigsim", {}) and
              isinstance(c.metadata["gigsim"], dict) and c.metadata["gigsim"].get("role") == "check"]
    assert checks == ["assert x1 == 1, 'x1 should be 1'", "assert x2 == 2, 'x2 should be 2'"]
    assert sum(c.role == "check" for c in cells) == 2


# -- results -------------------------------------------------------------------------------------------

CELLS = [prep.CodeCell(None, None, "import math"),
         prep.CodeCell("ch09-ex1", "solution", "x1 = 1"), prep.CodeCell("ch09-ex1", "check", "assert"),
         prep.CodeCell("ch09-ex2", "solution", "x2 = 2"), prep.CodeCell("ch09-ex2", "check", "assert")]


def _events(*results, started=()):
    out = []
    for cell, outcome in results:
        out.append({"event": "start", "cell": cell})
        out.append({"event": "result", "cell": cell, **outcome})
    out += [{"event": "start", "cell": c} for c in started]
    return out


def test_first_line_strips_ansi_and_blank_lines():
    assert first_line("\n\x1b[0;31mValueError\x1b[0m:  bad   value\nmore") == "ValueError: bad value"


def test_a_bare_assert_is_shown_by_its_line():
    line = "\x1b[0;32m----> 3\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m x \x1b[38;5;241m==\x1b[39m 2"
    assert error_message({"ename": "AssertionError", "evalue": "", "line": line}) == "assertion failed: assert x == 2"


def test_killed_at_the_notebook_limit():
    ok = {"outcome": "passed"}
    events = _events((0, ok), (1, ok), (2, ok), started=[3])
    out = exercise_outcomes(CELLS, events, killed=True, cell_timeout=5, notebook_timeout=60,
                            exercises=["ch09-ex1", "ch09-ex2"])
    assert out["ch09-ex1"] == ("passed", "")
    assert out["ch09-ex2"][0] == "timeout"
    assert "notebook reached its time limit (60 s)" in out["ch09-ex2"][1]


def test_an_error_in_the_students_code_is_the_message():
    ok = {"outcome": "passed"}
    boom = {"outcome": "failed", "kind": "error", "ename": "ZeroDivisionError", "evalue": "division by zero"}
    failed = {"outcome": "failed", "kind": "error", "ename": "AssertionError", "evalue": "x2 should be 2"}
    events = _events((0, ok), (1, ok), (2, ok), (3, boom), (4, failed))
    out = exercise_outcomes(CELLS, events, killed=False, cell_timeout=5, notebook_timeout=60,
                            exercises=["ch09-ex1", "ch09-ex2"])
    assert out["ch09-ex2"] == ("error", "ZeroDivisionError: division by zero")


def test_a_kernel_that_cannot_start_is_an_error_for_every_exercise():
    events = [{"event": "start", "cell": 0},
              {"event": "result", "cell": 0, "outcome": "failed", "kind": "setup", "ename": "RuntimeError",
               "evalue": "Kernel died before replying to kernel_info"}]
    out = exercise_outcomes(CELLS, events, killed=False, cell_timeout=5, notebook_timeout=60,
                            exercises=["ch09-ex1", "ch09-ex2"])
    assert out == {ex: ("error", "the notebook could not be started: Kernel died before replying to kernel_info")
                   for ex in ("ch09-ex1", "ch09-ex2")}


# -- the kernel ----------------------------------------------------------------------------------------

def test_the_grading_kernel_caps_output_and_memory(tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    from gigsim.classroom.kernel import write_kernelspec

    write_kernelspec(tmp_path, memory_mb=1024, max_output_bytes=1000)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    km, kc = start_new_kernel(kernel_name="gigsim-grader", startup_timeout=60)
    try:
        def run(code):
            msg_id, text, error = kc.execute(code), [], None
            while True:
                msg = kc.get_iopub_msg(timeout=30)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    text.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    error = msg["content"]["ename"]
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return "".join(text), error

        text, _ = run("for i in range(20_000): print(i)")
        assert len(text) < 1200 and "output truncated by the grader" in text
        text, _ = run("print('again')")
        assert text == "again\n", "the cap is per cell"
        _, error = run("import numpy as np\nbig = np.empty(400_000_000)")  # 3.2 GB of address space
        assert error == "MemoryError"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# -- the report ----------------------------------------------------------------------------------------

def test_report_escapes_what_students_wrote():
    rows = [Row("<b>eve</b>", "ch09-x-exercises.ipynb", "ch09-ex1", "failed", "<script>alert(1)</script>")]
    text = render_html(rows)
    assert "<script>" not in text and "&lt;script&gt;" in text and "&lt;b&gt;eve" in text
