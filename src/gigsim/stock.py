"""Stocks and flows: a quantity that is added to each month and decays.

A catalogue of content is the standard example: each month adds new pieces,
and every piece's monthly reach shrinks with a half-life. Because decay is
geometric, the whole catalogue can be carried as one number per creator
instead of a loop over pieces.
"""
from __future__ import annotations

import numpy as np


def retention_per_month(half_life_months: float | np.ndarray) -> np.ndarray:
    """Share of a stock left after one month, for a given half-life (``inf``: no decay)."""
    half_life = np.asarray(half_life_months, dtype=float)
    if np.any(half_life <= 0):
        raise ValueError(f"half_life_months: must be a number above 0, got {half_life_months!r}")
    return np.power(0.5, 1.0 / half_life)


def decaying_stock(inflow: np.ndarray, half_life_months: float | np.ndarray) -> np.ndarray:
    """Stock after each month's inflow, with ``S[t] = S[t-1] * r + inflow[t]``.

    ``inflow`` has months on its last axis (shape ``(..., T)``); ``half_life_months``
    broadcasts against the leading axes. The stock starts empty.
    """
    inflow = np.asarray(inflow, dtype=float)
    r = np.asarray(retention_per_month(half_life_months))
    stock = np.empty_like(inflow)
    level = np.zeros(inflow.shape[:-1])
    for t in range(inflow.shape[-1]):
        level = level * r + inflow[..., t]
        stock[..., t] = level
    return stock


def steady_state_stock(inflow_per_month: float, half_life_months: float) -> float:
    """The level a constant inflow approaches: ``inflow / (1 - r)`` (infinite without decay)."""
    r = float(retention_per_month(half_life_months))
    return float("inf") if r >= 1.0 else inflow_per_month / (1.0 - r)
