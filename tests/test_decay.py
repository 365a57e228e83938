import numpy as np
import pytest
from hypothesis import given, strategies as st

from gigsim.decay import (PowerLawDecay, catalogue_from_kernel, exponential_kernel, power_law_kernel,
                          power_law_like_half_life, share_of_views_from_age)
from gigsim.params import ParameterError
from gigsim.stock import decaying_stock


def test_kernels_start_at_one_and_halve_as_promised():
    k = exponential_kernel(25, 12.0)
    assert k[0] == 1.0 and k[12] == pytest.approx(0.5) and k[24] == pytest.approx(0.25)
    p = power_law_kernel(10, PowerLawDecay(exponent=2.0, onset_months=1.0))
    assert p[0] == 1.0 and p[1] == pytest.approx(0.25) and p[3] == pytest.approx(1 / 16)


@given(st.floats(0.1, 100), st.floats(0.1, 5), st.floats(0.01, 50))
def test_kernels_are_shares_that_fall_with_age(half_life, exponent, onset):
    for k in (exponential_kernel(60, half_life), power_law_kernel(60, PowerLawDecay(exponent, onset))):
        assert np.all(k > 0) and np.all(k <= 1)
        assert np.all(np.diff(k) < 0)


def test_exponential_catalogue_is_the_decaying_stock():
    rng = np.random.default_rng(3)
    made = rng.uniform(0, 4, size=(5, 48))
    assert np.allclose(catalogue_from_kernel(made, exponential_kernel(48, 9.0)), decaying_stock(made, 9.0))


def test_catalogue_matches_the_slow_sum_over_pieces():
    rng = np.random.default_rng(4)
    made = rng.uniform(0, 3, size=20)
    kernel = power_law_kernel(20, PowerLawDecay(0.8, 2.0))
    slow = [sum(made[s] * kernel[t - s] for s in range(t + 1)) for t in range(20)]
    assert np.allclose(catalogue_from_kernel(made, kernel), slow)


@given(st.floats(0.5, 60), st.floats(0.4, 4))
def test_matched_power_law_agrees_after_one_month_and_keeps_more_later(half_life, exponent):
    spec = power_law_like_half_life(half_life, exponent)
    exp_k, pow_k = exponential_kernel(240, half_life), power_law_kernel(240, spec)
    assert pow_k[1] == pytest.approx(exp_k[1], rel=1e-9)
    # a power law always ends above the exponential with the same first month: the fat tail
    assert pow_k[-1] > exp_k[-1]


def test_a_power_law_has_a_ceiling_only_above_exponent_one():
    steady = np.ones(2400)
    slow = catalogue_from_kernel(steady, power_law_kernel(2400, PowerLawDecay(0.6, 1.0)))
    fast = catalogue_from_kernel(steady, power_law_kernel(2400, PowerLawDecay(2.0, 1.0)))
    # exponent 2: the sum converges (to about pi^2/6 here), so the catalogue levels off
    assert fast[-1] - fast[1199] < 1e-3 * fast[-1]
    # exponent 0.6: no ceiling, the catalogue keeps growing like age ** 0.4
    assert slow[-1] / slow[1199] == pytest.approx(2 ** 0.4, rel=0.05)


def test_share_of_views_from_age():
    k = exponential_kernel(1200, 1.0)
    assert share_of_views_from_age(k, 0) == 1.0
    assert share_of_views_from_age(k, 1) == pytest.approx(0.5, rel=1e-6)
    with pytest.raises(ValueError, match="age"):
        share_of_views_from_age(k, 1200)


def test_bad_input_names_the_field():
    # a very short half-life cannot be matched by a very slow power law: the onset would be ~0
    with pytest.raises(ParameterError, match="onset_months"):
        power_law_like_half_life(0.1, 0.25)
    with pytest.raises(ParameterError, match="exponent"):
        PowerLawDecay(exponent=0.0)
    with pytest.raises(ValueError, match="months"):
        power_law_kernel(0)
    with pytest.raises(ValueError, match="half_life_months"):
        exponential_kernel(10, 0.0)
    with pytest.raises(ValueError, match="kernel"):
        catalogue_from_kernel(np.ones(10), np.ones(5))
