"""The week as a budget of hours (chapter 1).

The article's three freedoms — when to work, where to work, and what to work on — are
hard to measure, but their price in hours is not. A week has 168 hours; sleep, commuting,
paid work and the unpaid work of running a business (finding clients, invoices, messages)
all come out of it. Income per hour of paid work flatters gig work; income per hour
*committed* (paid + unpaid + commuting) is the fairer comparison.
"""
from __future__ import annotations

from dataclasses import dataclass

from .params import Validated, checked_number, param

HOURS_PER_WEEK = 168.0


@dataclass(frozen=True)
class WeekPlan(Validated):
    """How one person's week is spent, and what it pays. Every default is an assumption."""

    income_jpy_per_week: float = param(
        80_000.0, unit="JPY/week", lo=0, hi=1e8, doc="Income after platform fees, per week")
    paid_hours_per_week: float = param(
        40.0, unit="hours/week", lo=0, hi=HOURS_PER_WEEK, doc="Hours someone pays for")
    unpaid_business_hours_per_week: float = param(
        0.0, unit="hours/week", lo=0, hi=HOURS_PER_WEEK,
        doc="Unpaid hours of running the business: finding clients, proposals, accounts, messages")
    commute_hours_per_week: float = param(
        0.0, unit="hours/week", lo=0, hi=HOURS_PER_WEEK, doc="Hours travelling to and from work")
    sleep_hours_per_week: float = param(
        49.0, unit="hours/week", lo=0, hi=HOURS_PER_WEEK, doc="Hours asleep (seven a night)")
    care_hours_per_week: float = param(
        21.0, unit="hours/week", lo=0, hi=HOURS_PER_WEEK, doc="Hours of meals, chores and care")


def committed_hours_per_week(plan: WeekPlan) -> float:
    """Hours the work takes out of the week: paid, unpaid business and commuting."""
    return plan.paid_hours_per_week + plan.unpaid_business_hours_per_week + plan.commute_hours_per_week


def free_hours_per_week(plan: WeekPlan) -> float:
    """Hours left after work, commuting, sleep and care. Raises if the plan does not fit in a week."""
    used = committed_hours_per_week(plan) + plan.sleep_hours_per_week + plan.care_hours_per_week
    if used > HOURS_PER_WEEK:
        raise ValueError(f"week plan: needs {used:g} hours, but a week has {HOURS_PER_WEEK:g}")
    return HOURS_PER_WEEK - used


def income_per_paid_hour_jpy(plan: WeekPlan) -> float:
    """Income divided by paid hours: the rate people quote."""
    return plan.income_jpy_per_week / plan.paid_hours_per_week if plan.paid_hours_per_week > 0 else 0.0


def income_per_committed_hour_jpy(plan: WeekPlan) -> float:
    """Income divided by every hour the work takes: the fairer comparison."""
    hours = committed_hours_per_week(plan)
    return plan.income_jpy_per_week / hours if hours > 0 else 0.0


def week_breakdown(plan: WeekPlan) -> dict[str, float]:
    """Hours by use, summing to 168: for a stacked bar."""
    return {
        "paid work": plan.paid_hours_per_week,
        "unpaid business work": plan.unpaid_business_hours_per_week,
        "commuting": plan.commute_hours_per_week,
        "sleep": plan.sleep_hours_per_week,
        "meals, chores, care": plan.care_hours_per_week,
        "free": free_hours_per_week(plan),
    }


def paid_hours_for_target_jpy(target_income_jpy_per_week: float, rate_jpy_per_hour: float,
                              fee_share: float, unpaid_share_of_paid_hours: float = 0.0) -> float:
    """Hours a week needed to earn a target through a platform, **in all**: the paid hours that earn it
    plus the unpaid hours that grow with them (``unpaid_share_of_paid_hours`` = 0.25: a quarter of an hour
    of proposals per paid hour). The paid hours alone are the result divided by ``1 + unpaid share``."""
    checked_number(target_income_jpy_per_week, "target_income_jpy_per_week", lo=0)
    checked_number(rate_jpy_per_hour, "rate_jpy_per_hour", lo=0)
    checked_number(fee_share, "fee_share", lo=0, hi=1)
    checked_number(unpaid_share_of_paid_hours, "unpaid_share_of_paid_hours", lo=0)
    net_rate = rate_jpy_per_hour * (1.0 - fee_share)
    if net_rate == 0:
        return float("inf")
    return target_income_jpy_per_week / net_rate * (1.0 + unpaid_share_of_paid_hours)
