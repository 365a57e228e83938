"""From nbval's per-cell outcomes to one status and one message per exercise."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .prepare import CodeCell

STATUSES = ("passed", "failed", "error", "timeout", "not_reached", "kernel_died", "missing", "unreadable")
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
MAX_MESSAGE = 300


@dataclass(frozen=True)
class Row:
    """One line of grades.csv."""

    student: str
    notebook: str
    exercise: str
    status: str
    message: str


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def first_line(text: str) -> str:
    """The first non-empty line, ANSI codes removed, shortened to a readable length."""
    for line in strip_ansi(text or "").splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 3] + "..."
    return ""


def read_events(path: Path) -> list[dict]:
    """The plugin's JSON lines; a line cut short by a kill is ignored."""
    events = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return events
    for line in lines:
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return events


def error_message(result: dict, in_check: bool = True) -> str:
    """What a student should read about a cell that raised (for a failed check: the assertion's message)."""
    ename, evalue = result.get("ename", ""), first_line(result.get("evalue", ""))
    if ename == "AssertionError" and in_check:
        if evalue:
            return evalue
        line = first_line(result.get("line", "")).lstrip("->0123456789 ")
        return f"assertion failed: {line}" if line else "assertion failed"
    if ename == "StdinNotImplementedError":
        return "input() cannot be answered while grading: remove the input() calls"
    if ename == "MemoryError":
        return f"MemoryError: {evalue or 'out of memory'} (more than the grader's memory limit)"
    return f"{ename}: {evalue}" if ename and evalue else ename or evalue or "the cell failed"


def exercise_outcomes(cells: list[CodeCell], events: list[dict], *, killed: bool, cell_timeout: float,
                      notebook_timeout: float, exercises: list[str]) -> dict[str, tuple[str, str]]:
    """Status and message of each exercise, from the cells' results.

    ``killed``: the run was stopped at the notebook's wall-clock limit (the cell running then timed out).
    """
    results = {e["cell"]: e for e in events if e.get("event") == "result"}
    started = [e["cell"] for e in events if e.get("event") == "start"]
    running = started[-1] if started and started[-1] not in results else None

    setup = next((r for r in results.values() if r.get("kind") == "setup"), None)
    if setup is not None:
        msg = "the notebook could not be started: " + (first_line(setup.get("evalue", "")) or "kernel error")
        return {ex: ("error", msg) for ex in exercises}

    def state(i: int) -> tuple[str, str]:
        """(state, what happened) of code cell i; state is passed / failed / error / timeout /
        kernel_died / not_reached; for timeout and kernel_died the text is a predicate of the cell."""
        r = results.get(i)
        if r is None:
            if killed and i == running:
                return "timeout", f"was still running when the notebook reached its time limit ({notebook_timeout:g} s)"
            return "not_reached", ""
        if r["outcome"] in ("passed", "skipped"):
            return "passed", ""
        kind = r.get("kind")
        if kind == "timeout":
            return "timeout", f"did not finish within {cell_timeout:g} s (the per-cell time limit)"
        if kind == "kernel_died":
            detail = first_line(r.get("evalue", ""))
            return "kernel_died", "made the Python kernel die" + (f" ({detail})" if detail else "")
        status = "failed" if r.get("ename") == "AssertionError" and cells[i].role == "check" else "error"
        return status, error_message(r, cells[i].role == "check")

    def sentence(i: int) -> str:
        text = f"{cells[i].describe()} {states[i][1]}"
        return text[:1].upper() + text[1:]

    states = [state(i) for i in range(len(cells))]
    stopper = next((i for i, (s, _) in enumerate(states) if s in ("timeout", "kernel_died")), None)

    out = {}
    for ex in exercises:
        mine = [i for i, c in enumerate(cells) if c.exercise == ex]
        checks = [i for i in mine if cells[i].role == "check"]
        if checks and all(states[i][0] == "passed" for i in checks):
            out[ex] = ("passed", "")
            continue
        hard = next((i for i in mine if states[i][0] in ("timeout", "kernel_died")), None)
        if hard is not None:
            out[ex] = (states[hard][0], sentence(hard))
            continue
        first_bad = next((i for i in checks if states[i][0] != "passed"), None)
        if first_bad is None:  # no check cell at all: cannot happen with a valid release
            out[ex] = ("error", "the release has no check for this exercise")
            continue
        status, msg = states[first_bad]
        if status == "not_reached":
            if stopper is not None:
                msg = f"Not run: {sentence(stopper)[0].lower()}{sentence(stopper)[1:]}"
            else:
                msg = "Not run: the notebook stopped before this check"
        else:
            # the student's own code in this exercise raised: that error is the thing to fix first
            own = next((i for i in mine if i < first_bad and cells[i].role != "check"
                        and states[i][0] in ("error", "failed")), None)
            if own is not None:
                status, msg = "error", states[own][1]
        out[ex] = (status, msg)
    return out
