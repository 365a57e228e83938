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
