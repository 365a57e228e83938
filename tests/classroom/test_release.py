"""The exercise format and the release tool (solution notebooks -> student versions)."""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from gigsim.classroom import release, spec

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "notebooks" / "solutions"
EXERCISES = ROOT / "notebooks" / "exercises"
SOLUTION_NOTEBOOKS = sorted(SOLUTIONS.glob("*.ipynb"))


def test_there_are_solution_notebooks():
    assert any(p.name == "ch02-leverage-exercises.ipynb" for p in SOLUTION_NOTEBOOKS)


def test_student_versions_are_current():
    """notebooks/exercises is exactly what `make exercises` would write now."""
    expected = release.expected_release(SOLUTIONS)
    actual = {p.name: p.read_text(encoding="utf-8") for p in EXERCISES.glob("*.ipynb")}
    assert sorted(actual) == sorted(expected), "run `make exercises` (student versions missing or left over)"
    for name, text in expected.items():
        assert actual[name] == text, f"notebooks/exercises/{name} is stale: run `make exercises`"


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.name)
def test_solution_notebook_follows_the_format(path):
    nb = nbformat.read(path, as_version=4)
    assert spec.problems(nb, path.name) == []
    assert len(spec.exercise_ids(nb)) >= 3


def test_exercise_ids_are_unique_across_the_course():
    ids = [ex for p in SOLUTION_NOTEBOOKS for ex in spec.exercise_ids(nbformat.read(p, as_version=4))]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.name)
def test_student_version_hides_answers_and_keeps_checks(path):
    solution = nbformat.read(path, as_version=4)
    student = nbformat.read(EXERCISES / path.name, as_version=4)
    assert len(student.cells) == len(solution.cells)
    for sol, stu in zip(solution.cells, student.cells):
        if stu.cell_type == "code":
            assert stu.outputs == [] and stu.execution_count is None
        info = spec.cell_role(sol)
        if info is None:
            assert stu.source == sol.source
        elif info.role == "check":
            assert stu.source == sol.source, "check cells are released word for word"
            assert stu.metadata["editable"] is False and stu.metadata["deletable"] is False
        elif info.role == "solution":
            lines = sol.source.splitlines()
            for begin, end in spec.solution_regions(sol.source):
                for line in lines[begin + 1:end]:
                    if line.strip():
                        assert line not in stu.source.splitlines(), f"{info.exercise}: answer line leaked: {line!r}"
            assert f'raise NotImplementedError("Exercise {info.exercise}: replace this line with your code")' \
                in stu.source


def test_blank_solution_keeps_indentation_and_the_code_around():
    source = ("def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION\n"
              "print(f(1))")
    out = release.blank_solution(source, "ch09-ex3")
    assert out == ('def f(x):\n    # YOUR CODE HERE\n'
                   '    raise NotImplementedError("Exercise ch09-ex3: replace this line with your code")\n'
                   "print(f(1))")


def test_blank_markdown_solution():
    out = release.blank_solution("Answer:\n### BEGIN SOLUTION\nIt is 42.\n### END SOLUTION", "ch09-ex1", "markdown")
    assert "42" not in out and "ch09-ex1" in out


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\nx = 1", "is never closed"),
    ("x = 1\n### END SOLUTION", "without a '### BEGIN SOLUTION'"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another solution region"),
])
def test_unbalanced_markers_are_refused(source, problem):
    with pytest.raises(ValueError, match=problem):
        spec.solution_regions(source)


def _minimal(n_exercises=3, chapter="09"):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import math"))
    for k in range(1, n_exercises + 1):
        ex = f"ch{chapter}-ex{k}"
        sol = nbformat.v4.new_code_cell(f"### BEGIN SOLUTION\nx{k} = {k}\n### END SOLUTION")
        sol.metadata["gigsim"] = {"exercise": ex, "role": "solution"}
        chk = nbformat.v4.new_code_cell(f"assert x{k} == {k}, 'x{k} should be {k}'")
        chk.metadata["gigsim"] = {"exercise": ex, "role": "check"}
        nb.cells += [sol, chk]
    return nb


def test_a_minimal_notebook_is_valid():
    assert spec.problems(_minimal(), "ch09-test-exercises.ipynb") == []


@pytest.mark.parametrize("edit, problem", [
    (lambda nb: None, "the name must look like chNN-<slug>-exercises.ipynb"),
    (lambda nb: nb.cells.pop(), "exercise ch09-ex3 has no check cell"),
    (lambda nb: setattr(nb.cells[2], "source", "assert x1 == 1"), "every assert needs a message"),
    (lambda nb: setattr(nb.cells[2], "source", "print(x1)"), "needs at least one assert"),
    (lambda nb: nb.cells[2].metadata.update(tags=["nbval-skip"]), "may not carry NBVAL markers"),
    (lambda nb: nb.cells[1].metadata["gigsim"].update(exercise="ch03-ex1"), "is not in chapter 09"),
    (lambda nb: nb.cells[1].metadata["gigsim"].update(role="answer"), "metadata 'gigsim' must be"),
    (lambda nb: nb.cells.__delitem__(slice(3, 7)), "needs at least 3 exercises"),
    (lambda nb: nb.cells.insert(2, nb.cells.pop(4)), "interleaved"),
    (lambda nb: nb.cells.insert(1, nb.cells.pop(2)), "must go prompt, then solution cells, then check cells"),
    (lambda nb: setattr(nb.cells[0], "source", "### BEGIN SOLUTION\n### END SOLUTION"), "no 'gigsim' metadata"),
])
def test_format_problems_are_named(edit, problem):
    nb = _minimal()
    name = "ch09-test-exercises.ipynb"
    if edit(nb) is None and problem.startswith("the name"):
        name = "exercises-ch09.ipynb"
    found = spec.problems(nb, name)
    assert any(problem in line for line in found), found


def test_release_cli_writes_and_removes_leftovers(tmp_path, capsys):
    src, dst = tmp_path / "solutions", tmp_path / "exercises"
    src.mkdir()
    dst.mkdir()
    nbformat.write(_minimal(), src / "ch09-test-exercises.ipynb")
    (dst / "ch08-old-exercises.ipynb").write_text("{}")
    assert release.main([str(src), str(dst)]) == 0
    assert sorted(p.name for p in dst.iterdir()) == ["ch09-test-exercises.ipynb"]
    student = nbformat.read(dst / "ch09-test-exercises.ipynb", as_version=4)
    assert "x1 = 1" not in student.cells[1].source
    assert release.main([str(src), str(dst)]) == 0
    assert "unchanged" in capsys.readouterr().out


def test_release_cli_refuses_a_bad_notebook_with_one_line_per_problem(tmp_path, capsys):
    src = tmp_path / "solutions"
    src.mkdir()
    nb = _minimal()
    nb.cells[2].source = "assert x1 == 1"
    nb.cells.pop()
    nbformat.write(nb, src / "ch09-test-exercises.ipynb")
    assert release.main([str(src), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("ch09-test-exercises.ipynb") for line in err)
    assert not (tmp_path / "out").exists()


def test_release_does_not_modify_the_solution_object():
    nb = _minimal()
    before = copy.deepcopy(nb)
    release.student_version(nb, "ch09-test-exercises.ipynb")
    assert nb == before
