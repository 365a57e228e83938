"""Parameters with units, ranges and sources, declared once and checked everywhere.

Every model's parameters are a frozen dataclass whose fields are declared with
:func:`param`. The metadata (unit, allowed range, source) serves three purposes:
validation (:func:`check`), the model-reference appendix, and the scenario loader.

A source is a key in ``book/references.bib``; ``source=None`` marks an
**assumption**, and the model reference says so.
"""
from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import field
from typing import Any


class ParameterError(ValueError):
    """One or more bad parameter values; each problem is one line naming the field,
    the allowed range and the value given."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def param(default: Any, *, unit: str, doc: str, lo: float | None = None, hi: float | None = None,
          source: str | None = None, integer: bool = False, choices: tuple | None = None):
    """Declare a parameter field.

    ``lo``/``hi`` are inclusive bounds (``None``: unbounded); ``integer`` requires a
    whole number; ``choices`` lists the allowed values of a text field.
    """
    meta = dict(unit=unit, doc=doc, lo=lo, hi=hi, source=source, integer=integer, choices=choices)
    return field(default=default, metadata=meta)


def readable_number(value: float) -> str:
    """A bound or default as a reader would write it: 100,000 rather than 1e+05."""
    if float(value).is_integer() and abs(value) < 1e13:
        return f"{int(value):,}"
    return f"{value:g}"


def allowed_range(meta: dict) -> str:
    """The allowed values of a field, as a reader would say them."""
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    kind = "a whole number" if meta.get("integer") else "a number"
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and hi is not None:
        return f"{kind} from {readable_number(lo)} to {readable_number(hi)}"
    if lo is not None:
        return f"{kind} of at least {readable_number(lo)}"
    if hi is not None:
        return f"{kind} of at most {readable_number(hi)}"
    return kind


def field_problem(name: str, meta: dict, value: Any) -> str | None:
    """The problem with one value, or None when it is allowed."""
    allowed = allowed_range(meta)
    if meta.get("choices"):
        return None if value in meta["choices"] else f"{name}: must be {allowed}, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{name}: must be {allowed}, got {value!r}"
    if not math.isfinite(value):
        return f"{name}: must be {allowed}, got {value!r}"
    if meta.get("integer") and float(value) != int(value):
        return f"{name}: must be {allowed}, got {value!r}"
    lo, hi = meta.get("lo"), meta.get("hi")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return f"{name}: must be {allowed}, got {value!r}"
    return None


def checked_number(value: Any, name: str, *, lo: float | None = None, hi: float | None = None,
                   integer: bool = False) -> float:
    """``value`` as a float when it is a finite number in ``[lo, hi]`` (whole when ``integer``);
    otherwise :class:`ParameterError` with the one line a parameter field would give. For the plain
    arguments of model functions, so that they are checked and worded like parameters."""
    number = float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else value
    problem = field_problem(name, dict(lo=lo, hi=hi, integer=integer), number)
    if problem:
        raise ParameterError([problem])
    return number


def as_generator(rng: Any) -> "np.random.Generator":
    """A seeded ``numpy.random.Generator``: ``rng`` itself, or one seeded with the int ``rng``. ``None`` (which
    would mean fresh entropy, a different result every run) and anything else raise ``ValueError``."""
    import numpy as np
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise ValueError(f"rng: pass a seeded numpy.random.Generator (or an int seed), got {rng!r}")


def check(obj: Any, prefix: str = "") -> list[str]:
    """All problems of a parameter dataclass instance, one line each (empty when valid)."""
    out = []
    for f in dataclasses.fields(obj):
        if "unit" not in f.metadata:
            continue
        problem = field_problem(prefix + f.name, f.metadata, getattr(obj, f.name))
        if problem:
            out.append(problem)
    return out


class Validated:
    """Mixin for frozen parameter dataclasses: invalid values raise :class:`ParameterError`."""

    def __post_init__(self) -> None:
        problems = check(self)
        if problems:
            raise ParameterError(problems)


def describe(cls: type) -> list[dict]:
    """One row per declared parameter of a dataclass: for the model reference."""
    rows = []
    for f in dataclasses.fields(cls):
        if "unit" not in f.metadata:
            continue
        m = f.metadata
        rows.append(dict(name=f.name, unit=m["unit"], doc=m["doc"], default=f.default,
                         allowed=allowed_range(m), source=m["source"]))
    return rows
