"""How a piece's views fade with age: a half-life (exponential) or a power law.

:mod:`gigsim.content` lets every piece's monthly views shrink by the same share each month (a
half-life). That keeps the catalogue one number per creator, and it is the course's default. It
is a modelling choice, not a measurement: Crane & Sornette (2008, ``crane2008``) followed the
daily views of millions of YouTube videos and found that after a burst of attention the views
fall off as a *power* of the time since the burst, with exponents that fall into a few classes.
A power law starts like an exponential and then keeps a long, fat tail of late views.

A decay is described here by its *kernel*: the share of a piece's first-month views that it still
gets at age 0, 1, 2, ... months. The catalogue of any kernel is a sum over past pieces,
``C[t] = sum_s pieces[s] * kernel[t - s]`` (a convolution); with the exponential kernel it equals
:func:`gigsim.stock.decaying_stock`. With a power law the sum has a ceiling only when the exponent
is above 1: at or below 1 a steady output's views grow without limit (slowly), because old pieces
never stop contributing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import Validated, param
from .stock import retention_per_month


@dataclass(frozen=True)
class PowerLawDecay(Validated):
    """A power-law decay of monthly views with age: ``(1 + age / onset) ** -exponent``.

    Both numbers are assumptions: crane2008 measured power-law relaxation of YouTube views after
    bursts, but this course does not take its exponents over to monthly views of a beginner's pieces.
    """

    exponent: float = param(1.4, unit="1", lo=0.05, hi=10,
                            doc="How fast monthly views fall with age on a log-log scale "
                                "(above 1: finite lifetime views; at or below 1: no ceiling)")
    onset_months: float = param(1.0, unit="months", lo=1e-6, hi=1e6,
                                doc="Age at which the power law takes over from the first flat months")


def _check_months(months: int) -> int:
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"months: must be a whole number of at least 1, got {months!r}")
    return int(months)


def exponential_kernel(months: int, half_life_months: float) -> np.ndarray:
    """Share of first-month views left at ages ``0 .. months-1`` with a half-life: ``r ** age``."""
    months = _check_months(months)
    r = float(retention_per_month(half_life_months))
    return r ** np.arange(months, dtype=float)


def power_law_kernel(months: int, spec: PowerLawDecay = PowerLawDecay()) -> np.ndarray:
    """Share of first-month views left at ages ``0 .. months-1``: ``(1 + age / onset) ** -exponent``."""
    months = _check_months(months)
    age = np.arange(months, dtype=float)
    return (1.0 + age / spec.onset_months) ** -spec.exponent


def power_law_like_half_life(half_life_months: float, exponent: float) -> PowerLawDecay:
    """The power law with ``exponent`` that keeps the same share after one month as a half-life does.

    The two decays agree at ages 0 and 1, so a creator looking at a piece's first two months could
    not tell them apart; they differ in the tail. Solves ``(1 + 1/onset) ** -exponent = r``.
    """
    r = float(retention_per_month(half_life_months))
    spec = PowerLawDecay(exponent=exponent)        # validates the exponent
    onset = 1.0 / (r ** (-1.0 / exponent) - 1.0)
    return PowerLawDecay(exponent=spec.exponent, onset_months=float(onset))


def catalogue_from_kernel(pieces_made: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Effective catalogue (new-piece equivalents) for any decay kernel.

    ``pieces_made`` has months on its last axis (shape ``(..., T)``); ``kernel`` holds at least
    ``T`` ages. Returns ``C[..., t] = sum over s <= t of pieces_made[..., s] * kernel[t - s]``.
    """
    made = np.asarray(pieces_made, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    months = made.shape[-1]
    if kernel.ndim != 1 or kernel.size < months:
        raise ValueError(f"kernel: must be 1-D with at least {months} ages (one per month), "
                         f"got shape {kernel.shape}")
    out = np.zeros_like(made)
    for age in range(months):          # one vectorised step per age: fine for course-sized horizons
        if kernel[age] != 0.0:
            out[..., age:] += kernel[age] * made[..., :months - age]
    return out


def share_of_views_from_age(kernel: np.ndarray, age: int) -> float:
    """Share of a piece's views within the kernel's horizon that arrive at ``age`` months or later."""
    kernel = np.asarray(kernel, dtype=float)
    if not 0 <= age < kernel.size:
        raise ValueError(f"age: must be a whole number from 0 to {kernel.size - 1}, got {age!r}")
    total = kernel.sum()
    return float(kernel[age:].sum() / total) if total > 0 else 0.0
