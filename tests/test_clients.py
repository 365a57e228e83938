import numpy as np
import pytest
from hypothesis import given, strategies as st

from gigsim.clients import (client_count_pmf, coefficient_of_variation, drop_frequency, expected_clients_from_empty,
                            mean_clients, months_to_refill, prob_no_clients, simulate_schedule)
from gigsim.subcontract import SubcontractParams, hourly_rate_jpy, simulate_subcontract

PARAMS = SubcontractParams(client_arrivals_per_month=0.5, client_mean_lifetime_months=5.0, max_clients=8)


def test_littles_law_and_poisson_by_hand():
    p = SubcontractParams(client_arrivals_per_month=0.5, client_mean_lifetime_months=4.0, max_clients=2)
    assert mean_clients(p) == pytest.approx(2.0)
    # Poisson(2) cut at 2: weights 1, 2, 2
    assert client_count_pmf(p) == pytest.approx([0.2, 0.4, 0.4])
    assert prob_no_clients(p) == pytest.approx(0.2)
    wide = SubcontractParams(client_arrivals_per_month=0.5, client_mean_lifetime_months=4.0, max_clients=50)
    assert prob_no_clients(wide) == pytest.approx(np.exp(-2.0))


def test_refill_by_hand():
    p = SubcontractParams(client_arrivals_per_month=1.0, client_mean_lifetime_months=2.0)
    assert expected_clients_from_empty(p, 3) == pytest.approx([1.0, 1.5, 1.75])
    assert months_to_refill(p, 0.75) == 1          # 1 - 0.5**2 = 0.75 reached at month index 1
    assert months_to_refill(p, 0.76) == 2
    assert months_to_refill(SubcontractParams(client_mean_lifetime_months=1.0)) == 0
    with pytest.raises(ValueError, match="share: must be"):
        months_to_refill(p, 1.0)


def test_closed_forms_match_the_simulation():
    res = simulate_schedule(PARAMS, np.full(80, 40.0), 3000, np.random.default_rng(11))
    late = res.n_clients[:, 40:]
    empirical = np.bincount(late.ravel(), minlength=PARAMS.max_clients + 1) / late.size
    assert empirical == pytest.approx(client_count_pmf(PARAMS), abs=0.015)
    assert res.n_clients[:, :10].mean(axis=0) == pytest.approx(expected_clients_from_empty(PARAMS, 10), rel=0.05)
    # no clients means no income
    assert np.all(res.income_jpy[res.n_clients == 0] == 0)
    assert np.mean(res.income_jpy[:, 40:] == 0) == pytest.approx(prob_no_clients(PARAMS), abs=0.015)


def test_constant_schedule_reproduces_simulate_subcontract():
    p = SubcontractParams(platform="crowdworks")
    a = simulate_schedule(p, np.full(24, 30.0), 200, np.random.default_rng(5))
    b = simulate_subcontract(p, 200, 24, np.random.default_rng(5), hours_per_week=30.0)
    for name in ("income_jpy", "worked_hours", "demanded_hours", "biggest_client_share", "rate_jpy_per_hour"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.utilisation == pytest.approx(b.utilisation)


def test_a_break_empties_the_book_and_income_restarts_from_nothing():
    hours = np.full(36, 40.0)
    hours[12:15] = 0.0
    res = simulate_schedule(PARAMS, hours, 2000, np.random.default_rng(2))
    steady = simulate_schedule(PARAMS, np.full(36, 40.0), 2000, np.random.default_rng(2))
    assert np.all(res.income_jpy[:, 12:15] == 0) and np.all(res.n_clients[:, 12:15] == 0)
    assert np.all(res.utilisation[:, 12:15] == 0)
    # the first month back looks like month 0: about lambda clients, far below the steady level
    assert res.n_clients[:, 15].mean() == pytest.approx(PARAMS.client_arrivals_per_month, rel=0.15)
    assert res.income_jpy[:, 15].mean() < 0.5 * steady.income_jpy[:, 15].mean()
    # experience is kept through the break: the rate does not fall back to the start rate
    kept = hourly_rate_jpy(PARAMS, res.worked_hours[:, :15].sum(axis=1), 15)
    assert res.rate_jpy_per_hour[:, 15] == pytest.approx(kept)
    worked_before = res.worked_hours[:, :12].sum(axis=1) > 0
    assert worked_before.mean() > 0.9
    assert np.all(kept[worked_before] > hourly_rate_jpy(PARAMS, 0.0, 15))


def test_schedule_input_is_checked():
    with pytest.raises(ValueError, match="hours_per_week: every value must be"):
        simulate_schedule(PARAMS, [40.0, -1.0], 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="one number per month"):
        simulate_schedule(PARAMS, [[40.0]], 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="n_workers"):
        simulate_schedule(PARAMS, [40.0], 0, np.random.default_rng(0))


def test_volatility_measures_by_hand():
    monthly = np.array([[100.0, 100.0, 100.0, 100.0], [0.0, 200.0, 0.0, 200.0], [0.0, 0.0, 0.0, 0.0]])
    cv = coefficient_of_variation(monthly)
    assert cv[0] == 0.0 and cv[1] == pytest.approx(1.0) and np.isnan(cv[2])
    # pairs with income in the first month: 3 (steady, no drop) + 1 (200 -> 0, a drop)
    assert drop_frequency(monthly, 0.3) == pytest.approx(0.25)
    assert drop_frequency(np.array([[100.0, 70.0]]), 0.3) == 1.0
    assert drop_frequency(np.array([[100.0, 71.0]]), 0.3) == 0.0
    with pytest.raises(ValueError, match="drop: must be"):
        drop_frequency(monthly, 0.0)


@given(arrivals=st.floats(0.01, 5), lifetime=st.floats(1, 60), cap=st.integers(1, 12), months=st.integers(1, 60))
def test_closed_forms_are_distributions_and_refill_rises_to_the_mean(arrivals, lifetime, cap, months):
    p = SubcontractParams(client_arrivals_per_month=arrivals, client_mean_lifetime_months=lifetime, max_clients=cap)
    pmf = client_count_pmf(p)
    assert pmf.shape == (cap + 1,) and np.all(pmf >= 0) and pmf.sum() == pytest.approx(1.0)
    refill = expected_clients_from_empty(p, months)
    assert np.all(np.diff(refill) >= -1e-12) and np.all(refill <= mean_clients(p) * (1 + 1e-12))
    t = months_to_refill(p, 0.9)
    assert expected_clients_from_empty(p, t + 1)[t] >= 0.9 * mean_clients(p) * (1 - 1e-9)
    if t > 0:
        assert expected_clients_from_empty(p, t)[t - 1] < 0.9 * mean_clients(p)


@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(0.1, 100))
def test_volatility_is_scale_free(seed, scale):
    monthly = np.random.default_rng(seed).gamma(2.0, 1000.0, size=(5, 12))
    assert coefficient_of_variation(monthly * scale) == pytest.approx(coefficient_of_variation(monthly))
    assert drop_frequency(monthly * scale) == drop_frequency(monthly)
