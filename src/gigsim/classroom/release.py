"""Generate the student versions of the exercise notebooks from their solutions.

    python -m gigsim.classroom.release notebooks/solutions notebooks/exercises   # = make exercises

For every ``chNN-<slug>-exercises.ipynb`` in the source folder this writes a notebook of the same name in
the destination in which

* each solution region (``### BEGIN SOLUTION`` ... ``### END SOLUTION``) is replaced by a placeholder that
  raises ``NotImplementedError`` naming the exercise (markdown regions by an invitation to answer);
* outputs, execution counts and execution timestamps are cleared;
* check cells are kept word for word and marked read-only (``editable``/``deletable`` false).

Student versions left over from a solution that no longer exists are removed. A notebook that does not
follow the format (see :mod:`gigsim.classroom.spec`) stops the release with one line per problem.
"""
from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

from . import spec

PLACEHOLDER_CODE = ("{indent}# YOUR CODE HERE\n"
                    "{indent}raise NotImplementedError(\"Exercise {exercise}: replace this line with your code\")")
PLACEHOLDER_MARKDOWN = "*YOUR ANSWER HERE (exercise {exercise})*"
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


class ReleaseError(ValueError):
    """A solution notebook does not follow the exercise format; one line per problem."""


def blank_solution(source: str, exercise: str, cell_type: str = "code") -> str:
    """``source`` with every solution region replaced by a placeholder for ``exercise``."""
    regions = spec.solution_regions(source)
    lines = source.splitlines()
    out: list[str] = []
    cursor = 0
    for begin, end in regions:
        out.extend(lines[cursor:begin])
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        template = PLACEHOLDER_CODE if cell_type == "code" else PLACEHOLDER_MARKDOWN
        out.extend(template.format(indent=indent, exercise=exercise).splitlines())
        cursor = end + 1
    out.extend(lines[cursor:])
    return "\n".join(out)


def student_version(nb, name: str):
    """The student notebook made from the solution notebook ``nb`` (not modified); raises ReleaseError."""
    problems = spec.problems(nb, name)
    if problems:
        raise ReleaseError("\n".join(problems))
    student = copy.deepcopy(nb)
    for cell in student.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        info = spec.cell_role(cell)
        if info is None:
            continue
        if info.role == "solution":
            cell.source = blank_solution(cell.source, info.exercise, cell.cell_type)
        elif info.role == "check":
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False
    student.metadata.pop("widgets", None)
    return student


def render(nb) -> str:
    """The exact text ``make exercises`` writes for a notebook."""
    return nbformat.writes(nb) + "\n"


def solution_notebooks(src: Path) -> list[Path]:
    return sorted(p for p in Path(src).glob("*.ipynb") if not p.name.startswith("."))


def expected_release(src: Path) -> dict[str, str]:
    """File name -> text of every student version, generated in memory (used by the staleness test)."""
    out, problems = {}, []
    for path in solution_notebooks(src):
        try:
            out[path.name] = render(student_version(nbformat.read(path, as_version=4), path.name))
        except ReleaseError as err:
            problems.append(str(err))
        except Exception as err:  # not a notebook at all
            problems.append(f"{path.name}: cannot be read as a notebook ({err})")
    if problems:
        raise ReleaseError("\n".join(problems))
    return out


def release(src: Path, dst: Path) -> list[str]:
    """Write the student versions of ``src``'s notebooks into ``dst``; returns what was done, one line each."""
    src, dst = Path(src), Path(dst)
    if not src.is_dir():
        raise ReleaseError(f"release: no such folder {src}")
    texts = expected_release(src)
    if not texts:
        raise ReleaseError(f"release: no solution notebooks (*.ipynb) in {src}")
    dst.mkdir(parents=True, exist_ok=True)
    done = []
    for name, text in texts.items():
        target = dst / name
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8")
            done.append(f"wrote {target}")
        else:
            done.append(f"unchanged {target}")
    for stale in dst.glob("*-exercises.ipynb"):
        if stale.name not in texts:
            stale.unlink()
            done.append(f"removed {stale} (its solution notebook is gone)")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gigsim.classroom.release",
        description="Generate student versions of exercise notebooks (solutions blanked, outputs cleared).")
    parser.add_argument("solutions", type=Path, help="folder of solution notebooks (notebooks/solutions)")
    parser.add_argument("exercises", type=Path, help="folder to write the student versions to (notebooks/exercises)")
    args = parser.parse_args(argv)
    try:
        for line in release(args.solutions, args.exercises):
            print(line)
    except ReleaseError as err:
        print(str(err), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
