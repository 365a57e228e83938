import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from gigsim.metrics import (break_even_month, crossover_month, cumulative, first_month_at_or_above, gini,
                            lorenz_curve, prob_ahead, prob_run_out, quantiles_by_month, top_share)


def test_quantiles_by_month_match_numpy():
    x = np.random.default_rng(0).lognormal(size=(1000, 12))
    q = quantiles_by_month(x)
    assert set(q) == {"p10", "p50", "p90"}
    assert np.allclose(q["p50"], np.median(x, axis=0))
    assert np.allclose(q["p90"], np.percentile(x, 90, axis=0))
    assert np.all(q["p10"] <= q["p50"]) and np.all(q["p50"] <= q["p90"])


def test_prob_ahead_is_paired():
    a = np.array([[1, 5], [1, 1], [3, 0]])
    b = np.array([[2, 4], [1, 1], [1, 1]])
    assert prob_ahead(a, b, 0) == pytest.approx(1 / 3)
    assert prob_ahead(a, b, 1) == pytest.approx(1 / 3)


def test_first_month_at_or_above_agrees_with_crossover_month():
    rng = np.random.default_rng(1)
    behind = rng.uniform(0, 1, size=(200, 15))
    ahead = behind + rng.normal(0, 0.3, size=(200, 15)) + np.linspace(-0.5, 0.5, 15)
    got = first_month_at_or_above(ahead - behind, 0.0)
    for i in range(200):
        expected = crossover_month(behind[i], ahead[i])
        assert got[i] == (-1 if expected is None else expected)


def test_break_even_month():
    income = np.array([[0, 100, 200, 200], [300, 300, 300, 300], [0, 200, 0, 0]])
    assert break_even_month(income, 150).tolist() == [2, 0, -1]


def test_prob_run_out():
    out = np.array([-1, 3, 10, -1])
    assert prob_run_out(out) == 0.5
    assert prob_run_out(out, horizon=5) == 0.25


def test_top_share_gini_lorenz_known_values():
    assert top_share(np.ones(100), 0.03) == pytest.approx(0.03)
    one_has_all = np.zeros(100)
    one_has_all[7] = 5
    assert top_share(one_has_all, 0.01) == 1.0
    assert gini(np.ones(50)) == pytest.approx(0.0)
    assert gini(one_has_all) == pytest.approx(0.99)          # (n - 1) / n
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    pop, share = lorenz_curve([3, 1, 2])
    assert pop.tolist() == [0, 1 / 3, 2 / 3, 1]
    assert np.allclose(share, [0, 1 / 6, 3 / 6, 1])
    with pytest.raises(ValueError, match="fraction"):
        top_share([1, 2], 0)


@given(arrays(float, st.integers(1, 60), elements=st.floats(0, 1e9)))
def test_concentration_measures_are_bounded(values):
    g = gini(values)
    assert 0 <= g <= 1
    assert 0 <= top_share(values, 0.1) <= 1 + 1e-12
    pop, share = lorenz_curve(values)
    assert np.all(np.diff(share) >= -1e-12) and np.all(share <= pop + 1e-9)


@given(arrays(float, (5, 10), elements=st.floats(0, 1e9)))
def test_cumulative_of_non_negative_income_is_monotone(monthly):
    c = cumulative(monthly)
    assert np.all(np.diff(c, axis=-1) >= 0)


def test_quantiles_months_first_is_the_same():
    x = np.random.default_rng(2).lognormal(size=(300, 7))
    a, b = quantiles_by_month(x), quantiles_by_month(x.T.copy(), months_first=True)
    assert all(np.allclose(a[k], b[k]) for k in a)
