"""Summaries of simulated income and audiences."""
from __future__ import annotations

import numpy as np


def cumulative(monthly: np.ndarray) -> np.ndarray:
    """Running total over months (the last axis)."""
    return np.cumsum(np.asarray(monthly, dtype=float), axis=-1)


def crossover_month(behind: np.ndarray, ahead: np.ndarray) -> int | None:
    """First month index at which ``ahead`` is at least ``behind`` and stays so to the end;
    ``None`` if that never happens. Both are 1-D series over the same months."""
    behind, ahead = np.asarray(behind, dtype=float), np.asarray(ahead, dtype=float)
    if behind.shape != ahead.shape or behind.ndim != 1:
        raise ValueError("crossover_month: both series must be 1-D and of the same length")
    not_yet = ahead < behind
    if not not_yet.any():
        return 0
    last_behind = int(np.nonzero(not_yet)[0][-1])
    return None if last_behind == len(ahead) - 1 else last_behind + 1


# --- distributions across creators -----------------------------------------------------

QUANTILES = {"p10": 0.10, "p50": 0.50, "p90": 0.90}


def quantiles_by_month(values: np.ndarray, qs: dict[str, float] | None = None,
                       months_first: bool = False) -> dict[str, np.ndarray]:
    """Quantiles across creators for every month: ``values`` is (creators, months), or
    (months, creators) with ``months_first=True``; returns ``{"p10": array(months), "p50": ..., "p90": ...}``
    by default."""
    qs = QUANTILES if qs is None else qs
    values = np.asarray(values)
    if values.ndim != 2:
        raise ValueError("quantiles_by_month: values must be (creators, months)")
    levels = list(qs.values())
    out = np.quantile(values, levels, axis=1 if months_first else 0)
    return {name: out[i].astype(float) for i, name in enumerate(qs)}


def prob_ahead(a: np.ndarray, b: np.ndarray, month: int) -> float:
    """Share of creators for whom ``a`` is strictly above ``b`` at ``month`` (paired: same creators).
    Pass cumulative incomes to ask who is ahead in money earned so far."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError("prob_ahead: both arrays must be (creators, months) of the same shape")
    return float(np.mean(a[:, month] > b[:, month]))


def first_month_at_or_above(values: np.ndarray, threshold) -> np.ndarray:
    """Per creator, the first month from which ``values >= threshold`` holds to the end
    (``crossover_month`` for many series at once); -1 when that never happens.
    ``values`` is (creators, months); ``threshold`` broadcasts against it."""
    below = np.asarray(values) < threshold
    if below.ndim != 2:
        raise ValueError("first_month_at_or_above: values must be (creators, months)")
    t = below.shape[1]
    any_below = below.any(axis=1)
    last_below = t - 1 - np.argmax(below[:, ::-1], axis=1)
    out = np.where(any_below, last_below + 1, 0)
    return np.where(out >= t, -1, out)


def break_even_month(monthly_income: np.ndarray, monthly_cost: float) -> np.ndarray:
    """Per creator, the first month from which income covers the monthly cost for good (-1: never)."""
    return first_month_at_or_above(monthly_income, monthly_cost)


def prob_run_out(out_month: np.ndarray, horizon: int | None = None) -> float:
    """Share of creators who ran out of savings (``out_month >= 0``), by ``horizon`` if given."""
    out_month = np.asarray(out_month)
    hit = out_month >= 0
    if horizon is not None:
        hit &= out_month <= horizon
    return float(hit.mean()) if out_month.size else 0.0


# --- concentration ---------------------------------------------------------------------

def top_share(values: np.ndarray, fraction: float) -> float:
    """Share of the total held by the top ``fraction`` of units (at least one unit).

    >>> top_share([1, 1, 1, 7], 0.25)
    0.7
    """
    v = np.asarray(values, dtype=float).ravel()
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction: must be a number above 0 and at most 1, got {fraction!r}")
    total = v.sum()
    if v.size == 0 or total <= 0:
        return 0.0
    k = max(1, int(round(fraction * v.size)))
    top = np.partition(v, v.size - k)[v.size - k:]
    return float(top.sum() / total)


def lorenz_curve(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lorenz curve: (cumulative share of units, cumulative share of the total), poorest first,
    both starting at 0 and ending at 1."""
    v = np.sort(np.asarray(values, dtype=float).ravel())
    n = v.size
    pop = np.arange(n + 1) / max(n, 1)
    cum = np.concatenate([[0.0], np.cumsum(v)])
    total = cum[-1]
    share = cum / total if total > 0 else pop.copy()
    return pop, share


def gini(values: np.ndarray) -> float:
    """Gini coefficient: 0 when everyone has the same, near 1 when one unit has everything.

    >>> gini([1, 1, 1, 1])
    0.0
    """
    v = np.sort(np.asarray(values, dtype=float).ravel())
    n, total = v.size, v.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    g = (2.0 * np.sum(ranks * v) / (n * total)) - (n + 1.0) / n
    return float(min(max(g, 0.0), 1.0))   # clip rounding errors (equal values give -1e-16)
