"""The exercise-notebook format, shared by the release tool and the grader.

A solution notebook is named ``chNN-<slug>-exercises.ipynb`` and lives in ``notebooks/solutions/``.
Cells that belong to an exercise carry, in their metadata::

    "gigsim": {"exercise": "ch02-ex1", "role": "prompt" | "solution" | "check"}

* ``prompt``: the markdown cell that states the task (optional; it opens the exercise);
* ``solution``: a cell with a region between ``### BEGIN SOLUTION`` and ``### END SOLUTION``,
  which the release replaces by a placeholder;
* ``check``: a code cell of ``assert`` statements, each with a message that says what is wrong.
  Check cells are copied unchanged to the student version and put back by the grader before it runs
  a submission, so a student cannot weaken them.

Cells without this metadata (the title, the imports) are copied as they are.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

METADATA_KEY = "gigsim"
ROLES = ("prompt", "solution", "check")
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
NOTEBOOK_NAME = re.compile(r"^ch(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*-exercises\.ipynb$")
EXERCISE_ID = re.compile(r"^ch(\d{2})-ex(\d+)$")
# nbval's comment markers and tags: the grader removes them from submissions
NBVAL_COMMENT = re.compile(r"^\s*#\s*(NBVAL_[A-Z_]+|PYTEST_VALIDATE_IGNORE_OUTPUT)\s*$")
NBVAL_TAG = re.compile(r"^(nbval-[a-z-]+|raises-exception|pytest-validate-ignore-output)$")


@dataclass(frozen=True)
class CellRole:
    """What a cell is in an exercise notebook."""

    exercise: str
    role: str


def cell_role(cell) -> CellRole | None:
    """The exercise and role of a cell, or ``None`` for a cell outside the exercises
    (also for metadata a student mangled)."""
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    info = meta.get(METADATA_KEY) if isinstance(meta, dict) else None
    if not isinstance(info, dict):
        return None
    exercise, role = info.get("exercise"), info.get("role")
    if not isinstance(exercise, str) or role not in ROLES:
        return None
    return CellRole(exercise, role)


def exercise_ids(nb) -> list[str]:
    """Exercise ids in order of first appearance."""
    seen: list[str] = []
    for cell in nb.cells:
        info = cell_role(cell)
        if info and info.exercise not in seen:
            seen.append(info.exercise)
    return seen


def check_cells(nb) -> dict[str, list]:
    """The check cells of each exercise, in notebook order."""
    out: dict[str, list] = {ex: [] for ex in exercise_ids(nb)}
    for cell in nb.cells:
        info = cell_role(cell)
        if info and info.role == "check":
            out[info.exercise].append(cell)
    return out


def python_source(source: str) -> str:
    """Cell source as plain Python (IPython magics and shell escapes translated)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def asserts_without_message(source: str) -> list[int] | None:
    """Line numbers of ``assert`` statements that have no message (``None``: not valid Python)."""
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return None
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert) and node.msg is None]


def count_asserts(source: str) -> int:
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return 0
    return sum(isinstance(node, ast.Assert) for node in ast.walk(tree))


def has_nbval_markers(cell) -> bool:
    lines = cell.get("source", "").splitlines()
    tags = cell.get("metadata", {}).get("tags", []) or []
    return any(NBVAL_COMMENT.match(line) for line in lines) or any(
        isinstance(t, str) and NBVAL_TAG.match(t) for t in tags)


def problems(nb, name: str) -> list[str]:
    """Everything wrong with a solution notebook, one line each (empty when it follows the format)."""
    out: list[str] = []
    m = NOTEBOOK_NAME.match(name)
    if not m:
        out.append(f"{name}: the name must look like chNN-<slug>-exercises.ipynb (e.g. ch02-leverage-exercises.ipynb)")
    chapter = m.group(1) if m else None
    ids = exercise_ids(nb)
    if len(ids) < 3:
        out.append(f"{name}: needs at least 3 exercises, found {len(ids)}")
    order: list[tuple[int, str, str]] = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {})
        where = f"{name}: cell {index}"
        if METADATA_KEY in meta and cell_role(cell) is None:
            out.append(f"{where}: metadata '{METADATA_KEY}' must be {{\"exercise\": \"chNN-exK\", "
                       f"\"role\": one of {', '.join(ROLES)}}}, got {meta[METADATA_KEY]!r}")
            continue
        source = cell.get("source", "")
        has_markers = BEGIN_SOLUTION in source or END_SOLUTION in source
        info = cell_role(cell)
        if info is None:
            if has_markers:
                out.append(f"{where}: has solution markers but no '{METADATA_KEY}' metadata naming its exercise")
            continue
        order.append((index, info.exercise, info.role))
        em = EXERCISE_ID.match(info.exercise)
        if not em:
            out.append(f"{where}: exercise id must look like chNN-exK (e.g. ch02-ex1), got {info.exercise!r}")
        elif chapter is not None and em.group(1) != chapter:
            out.append(f"{where}: exercise id {info.exercise!r} is not in chapter {chapter} (the file's name)")
        if info.role == "solution":
            try:
                regions = solution_regions(source)
            except ValueError as err:
                out.append(f"{where}: {err}")
                regions = [None]
            if not regions:
                out.append(f"{where}: a solution cell needs a region between '{BEGIN_SOLUTION}' and '{END_SOLUTION}'")
        elif has_markers:
            out.append(f"{where}: only solution cells may contain solution markers (role is {info.role!r})")
        if info.role == "check":
            if cell.get("cell_type") != "code":
                out.append(f"{where}: a check cell must be a code cell")
            elif count_asserts(source) == 0:
                out.append(f"{where}: a check cell needs at least one assert")
            else:
                bare = asserts_without_message(source)
                if bare:
                    out.append(f"{where}: every assert needs a message that says what is wrong "
                               f"(line {', '.join(map(str, bare))})")
            if has_nbval_markers(cell):
                out.append(f"{where}: check cells may not carry NBVAL markers (the grader strips them)")
        if info.role == "prompt" and cell.get("cell_type") != "markdown":
            out.append(f"{where}: a prompt cell must be a markdown cell")
    for ex in ids:
        roles = [role for _, e, role in order if e == ex]
        if "solution" not in roles:
            out.append(f"{name}: exercise {ex} has no solution cell")
        if "check" not in roles:
            out.append(f"{name}: exercise {ex} has no check cell")
        positions = [i for i, (_, e, _) in enumerate(order) if e == ex]
        if positions and positions[-1] - positions[0] + 1 != len(positions):
            out.append(f"{name}: the cells of exercise {ex} are interleaved with another exercise's")
        ranks = [ROLES.index(role) for role in roles]
        if ranks != sorted(ranks):
            out.append(f"{name}: exercise {ex} must go prompt, then solution cells, then check cells")
    return out


def solution_regions(source: str) -> list[tuple[int, int]]:
    """(begin, end) line indices of each solution region; raises ValueError if unbalanced."""
    regions, start = [], None
    for i, line in enumerate(source.splitlines()):
        stripped = line.strip()
        if stripped == BEGIN_SOLUTION:
            if start is not None:
                raise ValueError(f"line {i + 1}: '{BEGIN_SOLUTION}' inside another solution region")
            start = i
        elif stripped == END_SOLUTION:
            if start is None:
                raise ValueError(f"line {i + 1}: '{END_SOLUTION}' without a '{BEGIN_SOLUTION}'")
            regions.append((start, i))
            start = None
    if start is not None:
        raise ValueError(f"line {start + 1}: '{BEGIN_SOLUTION}' is never closed by '{END_SOLUTION}'")
    return regions
