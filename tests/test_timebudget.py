"""Chapter 1's week as a budget of hours."""
import pytest
from hypothesis import given, strategies as st

from gigsim.params import ParameterError
from gigsim.timebudget import (HOURS_PER_WEEK, WeekPlan, committed_hours_per_week, free_hours_per_week,
                               income_per_committed_hour_jpy, income_per_paid_hour_jpy,
                               paid_hours_for_target_jpy, week_breakdown)


def test_breakdown_sums_to_a_week_and_free_hours_are_the_rest():
    plan = WeekPlan(paid_hours_per_week=40, commute_hours_per_week=10, unpaid_business_hours_per_week=5)
    parts = week_breakdown(plan)
    assert sum(parts.values()) == pytest.approx(HOURS_PER_WEEK)
    assert parts["free"] == pytest.approx(168 - 40 - 10 - 5 - 49 - 21)
    assert committed_hours_per_week(plan) == 55


def test_income_per_committed_hour_is_lower_than_per_paid_hour_when_there_is_unpaid_time():
    plan = WeekPlan(income_jpy_per_week=60_000, paid_hours_per_week=30, unpaid_business_hours_per_week=10)
    assert income_per_paid_hour_jpy(plan) == pytest.approx(2000)
    assert income_per_committed_hour_jpy(plan) == pytest.approx(1500)


def test_overfull_week_is_an_error_not_negative_free_time():
    with pytest.raises(ValueError, match="168"):
        free_hours_per_week(WeekPlan(paid_hours_per_week=100, commute_hours_per_week=20))


def test_zero_hours_give_zero_rates_not_division_errors():
    plan = WeekPlan(paid_hours_per_week=0)
    assert income_per_paid_hour_jpy(plan) == 0 and income_per_committed_hour_jpy(plan) == 0


def test_out_of_range_plan_names_the_field():
    with pytest.raises(ParameterError, match=r"^sleep_hours_per_week: must be a number from 0 to 168, got 200$"):
        WeekPlan(sleep_hours_per_week=200)


def test_hours_for_target_by_hand():
    # 50,000 JPY at 2,000 JPY/hour less 20 %: 31.25 paid hours, plus a quarter more unpaid
    assert paid_hours_for_target_jpy(50_000, 2000, 0.2, 0.25) == pytest.approx(31.25 * 1.25)
    assert paid_hours_for_target_jpy(50_000, 2000, 1.0) == float("inf")
    with pytest.raises(ValueError, match="fee_share"):
        paid_hours_for_target_jpy(50_000, 2000, 1.2)


@given(fee=st.floats(0, 0.9), extra_fee=st.floats(0.001, 0.09))
def test_a_higher_fee_never_needs_fewer_hours(fee, extra_fee):
    assert paid_hours_for_target_jpy(70_000, 1500, fee + extra_fee) >= paid_hours_for_target_jpy(70_000, 1500, fee)
