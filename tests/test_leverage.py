"""Chapter 2's deterministic models: linear against leveraged income."""
import dataclasses

import numpy as np
import pytest
from hypothesis import given, strategies as st

from gigsim.leverage import (WEEKS_PER_MONTH, LeveragedWork, LinearWork, catalogue_pieces,
                             effective_catalogue, hours_per_month, income_per_hour_jpy,
                             leveraged_income_jpy, linear_cumulative_income_jpy, linear_income_jpy)
from gigsim.metrics import crossover_month, cumulative
from gigsim.params import ParameterError, describe


def test_linear_income_is_hours_times_rate_less_fee():
    work = LinearWork(rate_jpy_per_hour=2000, hours_per_week=12, fee_share=0.25)
    income = linear_income_jpy(work, 5)
    assert income.shape == (5,)
    np.testing.assert_allclose(income, 12 * WEEKS_PER_MONTH * 2000 * 0.75)


def test_linear_cumulative_closed_form_matches_running_sum():
    work = LinearWork(rate_jpy_per_hour=1800, hours_per_week=25, fee_share=0.165)
    np.testing.assert_allclose(linear_cumulative_income_jpy(work, 24), cumulative(linear_income_jpy(work, 24)))
    assert linear_cumulative_income_jpy(work, 24)[-1] == pytest.approx(24 * 25 * WEEKS_PER_MONTH * 1800 * 0.835)


def test_without_decay_or_growth_income_is_pieces_times_views_times_price():
    work = LeveragedWork(hours_per_week=10, hours_per_piece=5, views_per_piece_per_month=100,
                         half_life_months=1e6, reach_growth_per_month=0.0, revenue_jpy_per_view=0.5)
    income = leveraged_income_jpy(work, 24)
    np.testing.assert_allclose(income, catalogue_pieces(work, 24) * 100 * 0.5, rtol=1e-4)


def test_catalogue_approaches_its_ceiling_and_never_passes_it():
    work = LeveragedWork(half_life_months=3)
    pieces = hours_per_month(work.hours_per_week) / work.hours_per_piece
    ceiling = pieces / (1 - 0.5 ** (1 / 3))
    stock = effective_catalogue(work, 200)
    assert np.all(np.diff(stock[:50]) > 0) and np.all(np.diff(stock) >= 0)
    assert stock[-1] == pytest.approx(ceiling, rel=1e-9)
    assert np.all(stock <= ceiling * (1 + 1e-12))


def test_income_per_hour_of_leveraged_work_rises_and_of_linear_work_does_not():
    lin = income_per_hour_jpy(linear_income_jpy(LinearWork(), 60), LinearWork().hours_per_week)
    lev = income_per_hour_jpy(leveraged_income_jpy(LeveragedWork(), 60), LeveragedWork().hours_per_week)
    assert np.ptp(lin) == 0
    assert np.all(np.diff(lev) > 0)


def test_zero_hours_gives_zero_income_per_hour_not_nan():
    assert np.all(income_per_hour_jpy(np.ones(3), 0.0) == 0)


@pytest.mark.parametrize("field, value", [("rate_jpy_per_hour", -1), ("fee_share", 1.5),
                                          ("hours_per_week", float("nan")), ("hours_per_week", "30")])
def test_bad_parameters_name_field_range_and_value(field, value):
    with pytest.raises(ParameterError) as err:
        LinearWork(**{field: value})
    line = str(err.value)
    assert "\n" not in line and line.startswith(field + ":") and repr(value) in line and "must be" in line


def test_every_parameter_declares_unit_and_doc():
    for cls in (LinearWork, LeveragedWork):
        rows = describe(cls)
        assert len(rows) == len(dataclasses.fields(cls))
        assert all(r["unit"] and r["doc"] for r in rows)


def test_crossover_month_requires_staying_ahead():
    behind = np.array([5, 5, 5, 5, 5.0])
    assert crossover_month(behind, np.array([1, 6, 4, 6, 7.0])) == 3
    assert crossover_month(behind, np.array([6, 6, 6, 6, 6.0])) == 0
    assert crossover_month(behind, np.array([1, 2, 3, 4, 4.0])) is None
    with pytest.raises(ValueError):
        crossover_month(behind, np.ones(4))


@given(hours=st.floats(0, 100), rate=st.floats(0, 1e5), fee=st.floats(0, 1),
       growth=st.floats(0, 0.2), half_life=st.floats(0.1, 1e4), jpy_per_view=st.floats(0, 100))
def test_incomes_are_finite_non_negative_and_cumulative_is_monotone(hours, rate, fee, growth, half_life, jpy_per_view):
    lin = linear_income_jpy(LinearWork(rate_jpy_per_hour=rate, hours_per_week=hours, fee_share=fee), 36)
    lev = leveraged_income_jpy(LeveragedWork(hours_per_week=hours, half_life_months=half_life,
                                             reach_growth_per_month=growth, revenue_jpy_per_view=jpy_per_view), 36)
    for income in (lin, lev):
        assert np.all(np.isfinite(income)) and np.all(income >= 0)   # so its running total never falls


@given(hours=st.floats(0, 99), extra=st.floats(0.01, 1))
def test_more_hours_never_lower_either_income(hours, extra):
    for make, model in ((LinearWork, linear_income_jpy), (LeveragedWork, leveraged_income_jpy)):
        assert np.all(model(make(hours_per_week=hours + extra), 24) >= model(make(hours_per_week=hours), 24))
