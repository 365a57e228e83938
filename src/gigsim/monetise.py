"""Turning an audience into money: ads, own products, and selling skills.

*Ads* pay ``views x RPM / 1000``. We use RPM (revenue per 1,000 views *after* the platform's share,
counting unmonetised views), so the creator's share (55% on YouTube long-form, youtube_revshare) is
already inside it; :func:`rpm_from_cpm` shows the link to what advertisers pay. Ads start only after
the partner-programme thresholds (1,000 followers and 4,000 watch hours in the trailing 12 months,
youtube_ypp). *Own products* pay ``followers x share who become paying fans x profit per fan``
(kelly2008's "1,000 true fans"). *Skills and courses* are sold by the hour: demand grows with the
audience, but the income is capped by the hours the creator gives it, so it is linear again.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import Validated, param

MINUTES_PER_HOUR = 60.0


@dataclass(frozen=True)
class MonetiseParams(Validated):
    """Ads, products and services: how an audience pays."""

    rpm_jpy: float = param(
        300.0, unit="JPY/1000 views", lo=0, hi=10_000,
        doc="Creator's income per 1,000 views after the platform's share (RPM, as youtube_rpm defines it): "
            "an assumption inside the 50 to 1,000 yen that Japanese creators informally report (low confidence)")
    creator_revenue_share: float = param(
        0.55, unit="share", lo=0, hi=1, source="youtube_revshare",
        doc="Creator's share of long-form ad revenue (used to convert CPM to RPM)")
    ypp_min_followers: float = param(
        1000.0, unit="followers", lo=0, hi=1e9, source="youtube_ypp",
        doc="Followers (subscribers) needed before ads pay")
    ypp_min_watch_hours_12m: float = param(
        4000.0, unit="hours", lo=0, hi=1e12, source="youtube_ypp",
        doc="Watch hours in the trailing 12 months needed before ads pay")
    watch_minutes_per_view: float = param(
        4.0, unit="minutes/view", lo=0, hi=600, doc="Average minutes watched per view")
    product_min_followers: float = param(
        1000.0, unit="followers", lo=0, hi=1e9,
        doc="Audience at which the creator starts selling own products")
    paying_fan_share: float = param(
        0.02, unit="share", lo=0, hi=1, source="newsletter_conversion",
        doc="Share of followers who become paying fans (reports: 2 to 5%; low end)")
    profit_jpy_per_fan_per_year: float = param(
        15_000.0, unit="JPY/fan/year", lo=0, hi=1e8, source="kelly2008",
        doc="Profit per paying fan per year: about 100 US dollars at an assumed 150 yen per dollar")
    service_rate_jpy_per_hour: float = param(
        5000.0, unit="JPY/hour", lo=0, hi=1e6,
        doc="Rate for teaching, courses or design sold directly to the audience")
    service_hours_per_1000_followers: float = param(
        2.0, unit="hours/month per 1000 followers", lo=0, hi=1e4,
        doc="Hours a month of skills the audience wants to buy, per 1,000 followers")
    service_max_share_of_hours: float = param(
        0.5, unit="share", lo=0, hi=1,
        doc="Most of the creator's content hours that may go to selling skills")


def rpm_from_cpm(cpm_jpy, creator_share: float = 0.55, monetised_view_share: float = 1.0) -> np.ndarray:
    """RPM from what advertisers pay: ``CPM x creator's share x share of views that carry ads``."""
    return np.asarray(cpm_jpy, dtype=float) * creator_share * monetised_view_share


def ad_income_jpy(views, rpm_jpy: float, eligible=True) -> np.ndarray:
    """Ad income: ``views x RPM / 1000`` where ``eligible`` (the RPM already holds the creator's share)."""
    return np.asarray(views, dtype=float) * (rpm_jpy / 1000.0) * np.asarray(eligible, dtype=bool)


def watch_hours(views, params: MonetiseParams) -> np.ndarray:
    """Hours watched from ``views``."""
    return np.asarray(views, dtype=float) * (params.watch_minutes_per_view / MINUTES_PER_HOUR)


def ypp_eligible(followers, watch_hours_12m, params: MonetiseParams) -> np.ndarray:
    """True where both partner-programme thresholds are met."""
    return (np.asarray(followers) >= params.ypp_min_followers) & \
           (np.asarray(watch_hours_12m) >= params.ypp_min_watch_hours_12m)


def trailing_sum(monthly, window: int = 12) -> np.ndarray:
    """Sum of the last ``window`` months (this one included) along the last axis."""
    monthly = np.asarray(monthly, dtype=float)
    c = np.cumsum(monthly, axis=-1)
    c[..., window:] = c[..., window:] - c[..., :-window]
    return c


def product_income_jpy(followers, params: MonetiseParams) -> np.ndarray:
    """Monthly profit from own products: ``followers x paying share x profit per fan / 12``,
    once the audience has reached ``product_min_followers``."""
    f = np.asarray(followers, dtype=float)
    monthly = f * params.paying_fan_share * params.profit_jpy_per_fan_per_year / 12.0
    return np.where(f >= params.product_min_followers, monthly, 0.0)


def service_hours(followers, content_hours, params: MonetiseParams) -> np.ndarray:
    """Hours sold as skills: the audience's demand, capped by a share of the creator's hours."""
    demand = np.asarray(followers, dtype=float) * params.service_hours_per_1000_followers / 1000.0
    return np.minimum(demand, np.asarray(content_hours, dtype=float) * params.service_max_share_of_hours)


def followers_filling_service_cap(content_hours, params: MonetiseParams) -> np.ndarray:
    """The audience whose demand for skills just fills the hours cap of :func:`service_hours`: beyond it,
    more followers bring no more skills income."""
    cap = np.asarray(content_hours, dtype=float) * params.service_max_share_of_hours
    return cap / params.service_hours_per_1000_followers * 1000.0


def service_income_jpy(hours, params: MonetiseParams) -> np.ndarray:
    """Income from hours sold as skills: linear, hours x rate."""
    return np.asarray(hours, dtype=float) * params.service_rate_jpy_per_hour


def true_fans_needed(income_jpy_per_year: float, params: MonetiseParams = MonetiseParams()) -> tuple[float, float]:
    """The "true fans" arithmetic: paying fans and total followers needed for a yearly profit."""
    fans = income_jpy_per_year / params.profit_jpy_per_fan_per_year if params.profit_jpy_per_fan_per_year else float("inf")
    followers = fans / params.paying_fan_share if params.paying_fan_share else float("inf")
    return fans, followers
