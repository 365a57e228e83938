import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigsim.funnel import (FunnelParams, audience_to_sell_out, draw_buyers, expected_buyers, sellout_probability,
                           units_sold, unmet_demand)
from gigsim.params import ParameterError


def brute_sellout(n: int, s: int, p: float) -> float:
    """P(Binomial(n, p) >= s), summed term by term with exact binomial coefficients."""
    return sum(math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(s, n + 1))


def test_defaults_come_from_the_email_benchmarks():
    fields = {f.name: f for f in dataclasses.fields(FunnelParams)}
    assert fields["seen_share"].metadata["source"] == "mailchimp2019"
    assert fields["click_share_of_seen"].metadata["source"] == "mailchimp2019"
    assert fields["buy_share_of_clicks"].metadata["source"] == "mooc_completion"
    f = FunnelParams()
    # open rate 22.7% x click-to-open = click rate 2.9% of recipients; then 2% of clicks buy
    assert f.seen_share * f.click_share_of_seen == pytest.approx(0.029)
    assert f.buy_probability == pytest.approx(0.029 * 0.02)


def test_parameters_are_validated_with_the_field_name():
    with pytest.raises(ParameterError, match="seen_share: must be a number from 0 to 1, got 1.5"):
        FunnelParams(seen_share=1.5)
    with pytest.raises(ValueError, match="buy_probability"):
        sellout_probability(100, 10, 1.2)
    with pytest.raises(ValueError, match="audience"):
        expected_buyers(-5, 0.1)
    with pytest.raises(ValueError, match="stock"):
        sellout_probability(100, -1, 0.1)
    with pytest.raises(ValueError, match="probability"):
        audience_to_sell_out(10, 0.1, probability=1.0)
    with pytest.raises(ValueError, match="buy_probability"):
        audience_to_sell_out(10, 0.0)


@pytest.mark.parametrize("n, s, p", [(10, 3, 0.2), (50, 50, 0.9), (100, 1, 0.01), (1000, 20, 0.02),
                                     (40, 7, 0.5), (7, 8, 0.5), (0, 1, 0.3)])
def test_sellout_is_the_exact_binomial_tail(n, s, p):
    assert float(sellout_probability(n, s, p)) == pytest.approx(brute_sellout(n, s, p), abs=1e-12)


def test_edge_cases():
    assert sellout_probability([0, 5, 10**6], 0, 0.01).tolist() == [1.0, 1.0, 1.0]   # nothing to sell
    assert sellout_probability([10**6], 1, 0.0).tolist() == [0.0]                    # nobody buys
    assert sellout_probability([4, 5, 6], 5, 1.0).tolist() == [0.0, 1.0, 1.0]        # everybody buys
    assert sellout_probability([4], 5, 0.9).tolist() == [0.0]                        # too few followers
    # counts are rounded down: 9.9 followers are 9 people
    assert float(sellout_probability(9.9, 3, 0.2)) == pytest.approx(brute_sellout(9, 3, 0.2))
    assert float(expected_buyers(1000.7, 0.01)) == pytest.approx(10.0)
    assert audience_to_sell_out(0, 0.01) == 0


def test_arrays_keep_their_shape_and_large_stocks_are_split_into_blocks():
    audience = np.array([[100_000, 400_000], [600_000, 1_000_000]])
    stock, p = 300_000, 0.5                       # block size 2,000,000 // 300,000 = 6 rows: forces a split
    got = sellout_probability(np.repeat(audience.ravel(), 4), stock, p)
    one_by_one = [float(sellout_probability(n, stock, p)) for n in np.repeat(audience.ravel(), 4)]
    assert np.allclose(got, one_by_one)
    assert sellout_probability(audience, stock, p).shape == (2, 2)
    # mean 50,000, 200,000, 300,000 and 500,000 buyers against 300,000 units: never, never, about even, surely
    assert got[0] == 0.0 and got[4] < 1e-8 and 0.45 < got[8] < 0.55 and got[12] == pytest.approx(1.0)


@given(n=st.integers(0, 3000), extra=st.integers(1, 500), s=st.integers(1, 60), p=st.floats(0.001, 0.5))
def test_more_followers_never_lower_the_chance(n, extra, s, p):
    assert float(sellout_probability(n + extra, s, p)) >= float(sellout_probability(n, s, p)) - 1e-12


@given(n=st.integers(0, 3000), s=st.integers(0, 60), p=st.floats(0.001, 0.5))
def test_a_larger_stock_never_sells_out_more_easily(n, s, p):
    a, b = float(sellout_probability(n, s, p)), float(sellout_probability(n, s + 1, p))
    assert 0.0 <= b <= a + 1e-12 <= 1.0 + 1e-12


@given(s=st.integers(1, 200), p=st.floats(0.001, 0.9), q=st.sampled_from([0.1, 0.5, 0.9]))
def test_audience_to_sell_out_is_the_smallest_such_audience(s, p, q):
    n = audience_to_sell_out(s, p, probability=q)
    assert n >= s
    assert float(sellout_probability(n, s, p)) >= q
    assert float(sellout_probability(n - 1, s, p)) < q


def test_audience_needed_scales_like_stock_over_probability():
    p = FunnelParams().buy_probability
    n = audience_to_sell_out(1000, p, probability=0.5)
    assert n == pytest.approx(1000 / p, rel=0.01)     # the median of a binomial is close to its mean
    assert audience_to_sell_out(1000, p, probability=0.9) > n


def test_simulated_mentions_agree_with_the_formula():
    rng = np.random.default_rng(0)
    audience, p, stock = 10_000, 0.003, 30
    buyers = draw_buyers(rng, audience, p, size=40_000)
    assert buyers.mean() == pytest.approx(float(expected_buyers(audience, p)), rel=0.01)
    assert np.mean(buyers >= stock) == pytest.approx(float(sellout_probability(audience, stock, p)), abs=0.01)
    # the same seed draws the same mentions
    assert np.array_equal(draw_buyers(np.random.default_rng(0), audience, p, size=40_000), buyers)


@given(buyers=st.lists(st.integers(0, 10_000), min_size=1, max_size=20), stock=st.integers(0, 5000))
def test_sold_and_turned_away_add_up_to_the_buyers(buyers, stock):
    sold, unmet = units_sold(buyers, stock), unmet_demand(buyers, stock)
    assert np.all(sold <= stock) and np.all(unmet >= 0)
    assert np.array_equal(sold + unmet, np.asarray(buyers, dtype=float))


@pytest.mark.parametrize("audience, p, probability", [(20_000, 0.0066, 0.9), (5_000, 0.02, 0.5), (300, 0.3, 0.99)])
def test_largest_stock_is_the_last_stock_that_still_sells_out(audience, p, probability):
    from gigsim.funnel import largest_stock_to_sell_out
    s = largest_stock_to_sell_out(audience, p, probability)
    assert float(sellout_probability(audience, s, p)) >= probability
    assert float(sellout_probability(audience, s + 1, p)) < probability
    # a plain search from zero finds the same stock
    units = 0
    while float(sellout_probability(audience, units + 1, p)) >= probability:
        units += 1
    assert s == units


def test_largest_stock_edges():
    from gigsim.funnel import largest_stock_to_sell_out
    assert largest_stock_to_sell_out(100, 1.0, 0.9) == 100
    assert largest_stock_to_sell_out(100, 0.0, 0.9) == 0
    with pytest.raises(ValueError, match="probability"):
        largest_stock_to_sell_out(100, 0.1, probability=0.0)
