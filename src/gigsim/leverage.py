"""Linear against leveraged income: the course's central comparison (chapter 2).

*Linear* work is paid by the hour: income is hours x rate, less the platform's fee,
and it stops when the hours stop. *Leveraged* work builds a stock: each month's
hours add pieces of content to a catalogue, every piece keeps earning while its
reach decays, and reach grows as an audience forms. Income per hour worked then
rises over time, because old hours keep paying.

Both models here are deterministic teaching models; the stochastic versions live
in :mod:`gigsim.subcontract`, :mod:`gigsim.content` and :mod:`gigsim.population`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import Validated, param
from .stock import decaying_stock

WEEKS_PER_MONTH = 52.0 / 12.0


@dataclass(frozen=True)
class LinearWork(Validated):
    """Paid by the hour, through a platform that keeps a share."""

    rate_jpy_per_hour: float = param(
        1500.0, unit="JPY/hour", lo=0, hi=100_000,
        doc="Hourly rate charged to the client (a beginner on a crowdsourcing platform)")
    hours_per_week: float = param(
        30.0, unit="hours/week", lo=0, hi=100, doc="Hours of paid work per week")
    fee_share: float = param(
        0.165, unit="share", lo=0, hi=1, source="lancers_fees",
        doc="Share of each payment kept by the platform (Lancers' flat fee)")


@dataclass(frozen=True)
class LeveragedWork(Validated):
    """Hours turned into a catalogue of content that earns from views."""

    hours_per_week: float = param(
        30.0, unit="hours/week", lo=0, hi=100, doc="Hours spent making content per week")
    hours_per_piece: float = param(
        8.0, unit="hours/piece", lo=0.1, hi=1000, doc="Hours to make one piece (an article or video)")
    views_per_piece_per_month: float = param(
        200.0, unit="views/piece/month", lo=0, hi=1e9,
        doc="Monthly views of a new piece before any audience has formed")
    half_life_months: float = param(
        12.0, unit="months", lo=0.1, hi=1e6, doc="Months for a piece's monthly views to halve")
    reach_growth_per_month: float = param(
        0.03, unit="share/month", lo=0, hi=1,
        doc="Monthly growth of every piece's reach as an audience forms")
    revenue_jpy_per_view: float = param(
        0.3, unit="JPY/view", lo=0, hi=100,
        doc="Income per view after the platform's share (RPM / 1000, as youtube_rpm defines RPM): an "
            "assumption inside the 0.05 to 1 yen that Japanese creators informally report")


def hours_per_month(hours_per_week: float) -> float:
    """Hours in an average month."""
    return hours_per_week * WEEKS_PER_MONTH


def linear_income_jpy(work: LinearWork, months: int) -> np.ndarray:
    """Monthly income of hourly work, month 0 to ``months - 1``: the same every month."""
    net = hours_per_month(work.hours_per_week) * work.rate_jpy_per_hour * (1.0 - work.fee_share)
    return np.full(months, net)


def linear_cumulative_income_jpy(work: LinearWork, months: int) -> np.ndarray:
    """Closed form of the running total of :func:`linear_income_jpy`: ``(t + 1) x monthly income``."""
    return linear_income_jpy(work, 1)[0] * np.arange(1, months + 1, dtype=float)


def catalogue_pieces(work: LeveragedWork, months: int) -> np.ndarray:
    """Pieces published up to each month (no decay: a count, not a reach)."""
    per_month = hours_per_month(work.hours_per_week) / work.hours_per_piece
    return per_month * np.arange(1, months + 1)


def effective_catalogue(work: LeveragedWork, months: int) -> np.ndarray:
    """The catalogue weighted by each piece's remaining reach: a decaying stock."""
    per_month = hours_per_month(work.hours_per_week) / work.hours_per_piece
    return decaying_stock(np.full(months, per_month), work.half_life_months)


def leveraged_income_jpy(work: LeveragedWork, months: int) -> np.ndarray:
    """Monthly income of a catalogue: effective pieces x views per piece x reach growth x income per view."""
    reach = work.views_per_piece_per_month * (1.0 + work.reach_growth_per_month) ** np.arange(months)
    return effective_catalogue(work, months) * reach * work.revenue_jpy_per_view


def income_per_hour_jpy(income_jpy: np.ndarray, hours_per_week: float) -> np.ndarray:
    """Each month's income divided by the hours worked that month."""
    hours = hours_per_month(hours_per_week)
    return np.asarray(income_jpy, dtype=float) / hours if hours > 0 else np.zeros_like(income_jpy, dtype=float)
