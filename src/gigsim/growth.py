"""Deterministic growth models: logistic growth and Bass diffusion (chapter 5).

(Linear income, hours x rate, and its closed-form running total are in :mod:`gigsim.leverage`.)
*Logistic* growth is proportional growth that slows
as it approaches a ceiling. The *Bass* model (bass1969) splits adoption into
innovators, who adopt on their own at rate ``p``, and imitators, who adopt because
others have, at rate ``q`` times the share already reached; it has a closed form,
and a month-by-month (Euler) version that converges to it as the step shrinks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import ParameterError, Validated, param

MONTHS_PER_YEAR = 12


# --- logistic growth ----------------------------------------------------------------

@dataclass(frozen=True)
class LogisticGrowth(Validated):
    """Proportional growth that slows as it nears a ceiling (an audience's saturation)."""

    capacity: float = param(100_000.0, unit="people", lo=1e-9, hi=1e12,
                            doc="The ceiling the audience approaches (carrying capacity K)")
    rate_per_month: float = param(0.15, unit="1/month", lo=0, hi=10,
                                  doc="Growth rate while the audience is still small (r)")
    initial: float = param(100.0, unit="people", lo=1e-9, hi=1e12,
                           doc="Audience at month 0 (must be above 0 and at most the capacity)")

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.initial > self.capacity:
            raise ParameterError([f"initial: must be at most capacity ({self.capacity:g}), got {self.initial!r}"])


def logistic(params: LogisticGrowth, t_months: np.ndarray | float) -> np.ndarray:
    """Closed form ``K / (1 + (K - N0)/N0 * exp(-r t))`` at times ``t_months``."""
    t = np.asarray(t_months, dtype=float)
    k, n0, r = params.capacity, params.initial, params.rate_per_month
    return k / (1.0 + (k - n0) / n0 * np.exp(-r * t))


def logistic_stepped(params: LogisticGrowth, months: int, steps_per_month: int = 1) -> np.ndarray:
    """Euler steps of ``dN/dt = r N (1 - N/K)``; values at months ``0 .. months`` (length months+1)."""
    if steps_per_month < 1:
        raise ValueError(f"steps_per_month: must be a whole number of at least 1, got {steps_per_month!r}")
    dt = 1.0 / steps_per_month
    k, r = params.capacity, params.rate_per_month
    out = np.empty(months + 1)
    n = out[0] = params.initial
    for month in range(1, months + 1):
        for _ in range(steps_per_month):
            n = n + dt * r * n * (1.0 - n / k)
        out[month] = n
    return out


# --- Bass diffusion -----------------------------------------------------------------

@dataclass(frozen=True)
class BassDiffusion(Validated):
    """Bass (1969) diffusion: adoption by innovation (p) and by imitation (q) in a market of m."""

    p_per_year: float = param(0.03, unit="1/year", lo=1e-9, hi=10, source="sultan1990",
                              doc="Coefficient of innovation: adoption from outside influence")
    q_per_year: float = param(0.38, unit="1/year", lo=0, hi=10, source="sultan1990",
                              doc="Coefficient of imitation: adoption because others have adopted")
    market_size: float = param(1_000_000.0, unit="people", lo=1e-9, hi=1e12,
                               doc="Everyone who will eventually adopt (m)")


def bass_adopters(params: BassDiffusion, t_years: np.ndarray | float) -> np.ndarray:
    """Closed form of cumulative adopters ``m (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})``."""
    t = np.asarray(t_years, dtype=float)
    p, q, m = params.p_per_year, params.q_per_year, params.market_size
    e = np.exp(-(p + q) * t)
    return m * (1.0 - e) / (1.0 + (q / p) * e)


def bass_new_adopters_per_year(params: BassDiffusion, t_years: np.ndarray | float) -> np.ndarray:
    """Closed form of the adoption rate ``dN/dt`` (people per year) at ``t_years``."""
    t = np.asarray(t_years, dtype=float)
    p, q, m = params.p_per_year, params.q_per_year, params.market_size
    e = np.exp(-(p + q) * t)
    return m * (p + q) ** 2 / p * e / (1.0 + (q / p) * e) ** 2


def bass_peak_year(params: BassDiffusion) -> float:
    """When adoption per year peaks: ``ln(q/p) / (p + q)`` (0 when q <= p: no hump)."""
    p, q = params.p_per_year, params.q_per_year
    return float(np.log(q / p) / (p + q)) if q > p else 0.0


def bass_adopters_stepped(params: BassDiffusion, months: int, steps_per_month: int = 1) -> np.ndarray:
    """Month-by-month Bass model: each step adds ``(p + q N/m)(m - N) dt`` adopters.

    Returns cumulative adopters at months ``0 .. months`` (length months+1). With one
    step per month this is the discrete model usually fitted to data; as the step
    shrinks it converges to :func:`bass_adopters` evaluated at ``month / 12`` years.
    """
    if steps_per_month < 1:
        raise ValueError(f"steps_per_month: must be a whole number of at least 1, got {steps_per_month!r}")
    dt = 1.0 / (MONTHS_PER_YEAR * steps_per_month)
    p, q, m = params.p_per_year, params.q_per_year, params.market_size
    out = np.empty(months + 1)
    n = out[0] = 0.0
    for month in range(1, months + 1):
        for _ in range(steps_per_month):
            n = n + dt * (p + q * n / m) * (m - n)
        out[month] = n
    return out
