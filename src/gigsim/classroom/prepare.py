"""Read a student's notebook and prepare the copy the grader runs.

The copy is the student's notebook with

* the canonical check cells from the release put back (a check the student edited is replaced, one they
  deleted is inserted after the last cell of its exercise), in the release's order;
* nbval's markers removed (``# NBVAL_SKIP``, ``# NBVAL_RAISES_EXCEPTION``, ``nbval-skip`` tags, ...),
  so a student cannot tell nbval to skip a check or to accept an error;
* outputs cleared.

The submission itself is only ever read.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import spec

MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024


class Unreadable(ValueError):
    """The submitted file is not a notebook the grader can run; the message says why, in one line."""


@dataclass(frozen=True)
class CodeCell:
    """A code cell of the prepared notebook, as the grader reports it."""

    exercise: str | None
    role: str | None
    first_line: str

    def describe(self) -> str:
        line = self.first_line if len(self.first_line) <= 40 else self.first_line[:37] + "..."
        if self.exercise and self.role == "check":
            return f"a check cell of {self.exercise}"
        if self.exercise:
            return f"the code of {self.exercise} (cell starting {line!r})" if line else f"the code of {self.exercise}"
        return f"the cell starting {line!r}" if line else "an empty cell"


def load_submission(path: Path):
    """The notebook at ``path``, or :class:`Unreadable` with a one-line reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            raise Unreadable(f"the file is {size / 2**20:.0f} MB, over the grader's limit of "
                             f"{MAX_NOTEBOOK_BYTES // 2**20} MB (clear the outputs and submit again)")
        raw = path.read_bytes()
    except OSError as err:
        raise Unreadable(f"cannot read the file ({err.strerror or err})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Unreadable(f"not a text file (byte {err.start} is not UTF-8): not a Jupyter notebook") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise Unreadable(f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}): "
                         "the file is damaged or not a Jupyter notebook") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        raise Unreadable("valid JSON but not a Jupyter notebook (no list of cells)")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as err:  # nbformat raises many kinds for odd files
        raise Unreadable(f"not a Jupyter notebook nbformat can read ({type(err).__name__}: "
                         f"{str(err).splitlines()[0] if str(err) else ''})") from None
    for index, cell in enumerate(nb.cells):
        if (not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw")
                or not isinstance(cell.get("source", ""), str) or not isinstance(cell.get("metadata", {}), dict)):
            raise Unreadable(f"cell {index} is damaged (it needs a cell_type, a text source and a metadata object)")
        tags = cell.get("metadata", {}).get("tags")
        if tags is not None and not isinstance(tags, list):
            cell.metadata.pop("tags")
    return nb


def strip_nbval(cell):
    """Remove nbval comment markers and tags from a cell (in place)."""
    if cell.get("cell_type") == "code":
        lines = cell.source.splitlines(keepends=True)
        cell.source = "".join(line for line in lines if not spec.NBVAL_COMMENT.match(line.rstrip("\r\n")))
    tags = cell.get("metadata", {}).get("tags")
    if isinstance(tags, list):
        kept = [t for t in tags if not (isinstance(t, str) and spec.NBVAL_TAG.match(t))]
        if kept:
            cell.metadata["tags"] = kept
        else:
            cell.metadata.pop("tags", None)


class _Slot:
    """Where the canonical checks of one exercise go, while the prepared cell list is being built."""

    def __init__(self, exercise: str):
        self.exercise = exercise


def _owner(item) -> str | None:
    if isinstance(item, _Slot):
        return item.exercise
    info = spec.cell_role(item)
    return info.exercise if info is not None else None


def prepare(student_nb, release_nb):
    """The notebook to run (a new object) and, for each of its code cells, a :class:`CodeCell`.

    The canonical checks of an exercise go where the student's first check cell of that exercise was; if the
    student deleted them all, after the exercise's last cell and any untagged cells that follow it (up to
    the next exercise); if nothing of the exercise is left, after the previous exercise's checks.
    """
    canonical = spec.check_cells(release_nb)
    order = spec.exercise_ids(release_nb)
    items: list = []
    for cell in copy.deepcopy(student_nb.cells):
        info = spec.cell_role(cell)
        if info is not None and info.role == "check":
            if info.exercise in canonical and not any(
                    isinstance(x, _Slot) and x.exercise == info.exercise for x in items):
                items.append(_Slot(info.exercise))
            continue  # every check comes back from the release
        if cell.get("cell_type") == "code":
            cell.outputs = []
            cell.execution_count = None
        strip_nbval(cell)
        items.append(cell)

    for k, ex in enumerate(order):
        if any(isinstance(x, _Slot) and x.exercise == ex for x in items):
            continue
        own = [i for i, x in enumerate(items) if _owner(x) == ex]
        if own:
            at = own[-1] + 1
            while at < len(items) and _owner(items[at]) in (None, ex):
                at += 1
        else:
            before = [i for i, x in enumerate(items) if isinstance(x, _Slot) and x.exercise in order[:k]]
            later = [i for i, x in enumerate(items) if _owner(x) in order[k + 1:]]
            at = before[-1] + 1 if before else (later[0] if later else len(items))
        items.insert(at, _Slot(ex))

    cells = []
    for x in items:
        if not isinstance(x, _Slot):
            cells.append(x)
            continue
        for check in canonical[x.exercise]:
            check = copy.deepcopy(check)
            check.outputs, check.execution_count = [], None
            check.metadata.pop("execution", None)
            cells.append(check)
    prepared = nbformat.v4.new_notebook(metadata=copy.deepcopy(release_nb.metadata))
    prepared.cells = cells
    return prepared, code_cells(prepared)


def code_cells(nb) -> list[CodeCell]:
    """The exercise each code cell belongs to: tagged cells by metadata; untagged cells by position
    (a cell a student inserted between an exercise's prompt and its last check belongs to it)."""
    last_check: dict[str, int] = {}
    for i, cell in enumerate(nb.cells):
        info = spec.cell_role(cell)
        if info is not None and info.role == "check":
            last_check[info.exercise] = i
    out, current = [], None
    for i, cell in enumerate(nb.cells):
        info = spec.cell_role(cell)
        if info is not None:
            current = info.exercise
        owner = current if (current is not None and i <= last_check.get(current, -1)) else None
        if cell.get("cell_type") == "code":
            first = next((" ".join(line.split()) for line in cell.source.splitlines() if line.strip()), "")
            out.append(CodeCell(owner, info.role if info is not None else None, first))
        if current is not None and i >= last_check.get(current, -1):
            current = None
    return out
