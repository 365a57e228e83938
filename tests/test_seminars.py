"""Tests of gigsim.seminars: expectations, the seminar's value, testimonials, and the published counts."""
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, strategies as st
from hypothesis.extra.numpy import arrays

from gigsim import seminars as S
from gigsim.params import ParameterError
from gigsim.scenario import load_scenario
from gigsim.strategies import simulate_strategies

HOBBYIST = load_scenario("youtube-hobbyist")   # no living costs: nobody runs out of savings
BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"

shares = st.floats(0, 1, allow_nan=False)
money = st.floats(0, 1e9, allow_nan=False, allow_infinity=False)
tables = arrays(float, st.tuples(st.integers(1, 30), st.integers(1, 24)),
                elements=st.floats(0, 1e7, allow_nan=False, allow_infinity=False))


# --- expectations ------------------------------------------------------------------------------

def test_first_month_reaching_on_a_known_table():
    income = np.array([[0, 5, 20, 0],      # reaches 10 in month 2, then falls back: still counts
                       [10, 0, 0, 0],      # exactly at the threshold in month 0
                       [9, 9, 9, 9.99]])   # never
    assert S.first_month_reaching(income, 10).tolist() == [2, 0, -1]
    assert S.share_reached_by(income, 10).tolist() == pytest.approx([1 / 3, 1 / 3, 2 / 3, 2 / 3])


@given(tables, st.floats(0, 1e7, allow_nan=False))
def test_share_reached_is_a_cumulative_share(income, threshold):
    curve = S.share_reached_by(income, threshold)
    assert curve.shape == (income.shape[1],)
    assert np.all(np.diff(curve) >= 0) and 0 <= curve[0] and curve[-1] <= 1
    assert curve[-1] == pytest.approx(np.mean((income >= threshold).any(axis=1)))


@given(tables, st.floats(0, 1e6), st.floats(0, 1e6))
def test_a_higher_promise_is_reached_by_fewer_and_later(income, a, b):
    low, high = min(a, b), max(a, b)
    assert np.all(S.share_reached_by(income, high) <= S.share_reached_by(income, low) + 1e-12)


def test_expectation_helpers_reject_bad_input():
    with pytest.raises(ValueError, match="monthly_income: must be .creators, months."):
        S.first_month_reaching(np.zeros(5), 1)
    with pytest.raises(ValueError, match="threshold_jpy: must be a number of at least 0, got -1"):
        S.first_month_reaching(np.zeros((2, 2)), -1)
    with pytest.raises(ValueError, match="share: must be a number from 0 to 1, got 1.5"):
        S.one_in(1.5)


def test_one_in():
    assert S.one_in(0.02) == pytest.approx(50)
    assert S.one_in(0) == math.inf


# --- the seller -------------------------------------------------------------------------------------

def test_seminar_rejects_out_of_range_values_naming_the_field():
    with pytest.raises(ParameterError, match=r"margin_share: must be a number from 0 to 1, got 1\.2"):
        S.Seminar(margin_share=1.2)
    with pytest.raises(ParameterError, match="buyers: must be a whole number"):
        S.Seminar(buyers=2.5)


def test_seller_profit_is_the_arithmetic_and_ignores_the_effect():
    sem = S.Seminar(price_jpy=100_000, buyers=50, margin_share=0.6, fixed_cost_jpy=1_000_000)
    assert S.seller_profit_jpy(sem) == pytest.approx(50 * 100_000 * 0.6 - 1_000_000)
    assert S.seller_profit_jpy(sem, 10) == pytest.approx(10 * 100_000 * 0.6 - 1_000_000)
    useful = S.Seminar(price_jpy=100_000, buyers=50, margin_share=0.6, fixed_cost_jpy=1_000_000,
                       skill_multiplier=3.0, extra_hours_per_week=5)
    assert S.seller_profit_jpy(useful) == S.seller_profit_jpy(sem)
    assert S.seller_profit_per_buyer_jpy(sem) == pytest.approx(S.seller_profit_jpy(sem) / 50)
    assert math.isnan(S.seller_profit_per_buyer_jpy(S.Seminar(buyers=0)))


@given(st.floats(1, 1e7), st.floats(0.01, 1), st.floats(0, 1e9))
@example(2991.0, 1.0, 2.99e-06)   # make fuzz: a tolerance on the quotient made a tiny fixed cost need no buyer
@example(0.1, 1.0, 0.30000000000000004)
def test_break_even_buyers_is_the_first_count_without_a_loss(price, margin, fixed):
    sem = S.Seminar(price_jpy=price, margin_share=margin, fixed_cost_jpy=fixed, buyers=0)
    n = S.seller_break_even_buyers(sem)
    assert n is not None and n >= 0
    def profit(k):
        return S.seller_profit_jpy(sem, k)   # checked against hand-computed values in the test above

    assert profit(n) >= 0
    if n > 0:
        assert profit(n - 1) < 0


def test_break_even_buyers_edge_cases():
    assert S.seller_break_even_buyers(S.Seminar(fixed_cost_jpy=0)) == 0
    assert S.seller_break_even_buyers(S.Seminar(margin_share=0.0)) is None


# --- bets and base rates ----------------------------------------------------------------------------

@given(shares, money, money)
def test_pitch_value_is_linear_in_the_success_rate(p, payoff, price):
    ev = S.pitch_expected_value_jpy(p, payoff, price)
    assert ev == pytest.approx(p * payoff - price)
    assert S.pitch_expected_value_jpy(1.0, payoff, price) >= ev >= S.pitch_expected_value_jpy(0.0, payoff, price)


@given(st.floats(1, 1e8), st.floats(1, 1e9))
def test_break_even_uplift_makes_the_extra_chance_worth_the_price(price, payoff):
    uplift = S.break_even_uplift(price, payoff)
    assert uplift * payoff == pytest.approx(price)


def test_break_even_uplift_with_no_payoff():
    assert S.break_even_uplift(100, 0) == math.inf
    assert S.break_even_uplift(0, 0) == 0.0
    with pytest.raises(ValueError, match="success_rate: must be a number from 0 to 1"):
        S.pitch_expected_value_jpy(2, 1, 1)


# --- the buyer: paired runs ------------------------------------------------------------------------

def test_a_seminar_without_effect_changes_nothing():
    a, b = S.paired_incomes(HOBBYIST, S.Seminar(), 300, 24, np.random.default_rng(1))
    assert np.array_equal(a, b)
    v = S.buyer_value(a, b, 300_000, 50_000)
    assert v.mean_gain_jpy == 0 and v.share_recouping == 0 and v.base_rate == v.rate_with_seminar
    assert v.mean_net_jpy == -300_000


def test_the_run_without_the_seminar_is_the_plain_simulation():
    """Common random numbers: the 'without' table is exactly what simulate_strategies gives for the seed."""
    a, _ = S.paired_incomes(HOBBYIST, S.Seminar(skill_multiplier=2.0), 200, 18, np.random.default_rng(5))
    plain = simulate_strategies(HOBBYIST, 200, 18, np.random.default_rng(5), strategies=("content_first",))
    assert np.array_equal(a, plain["content_first"].monthly_income_jpy)


def test_more_skill_or_effort_raises_income_and_the_mean_gain_outruns_the_median():
    rng_seed = 3
    a, b = S.paired_incomes(HOBBYIST, S.Seminar(skill_multiplier=2.0), 2_000, 60, np.random.default_rng(rng_seed))
    v = S.buyer_value(a, b, 100_000, 100_000)
    assert v.mean_gain_jpy > 0 and v.rate_with_seminar >= v.base_rate
    assert v.mean_gain_jpy > v.median_gain_jpy      # a heavy tail: a few gain a lot
    _, c = S.paired_incomes(HOBBYIST, S.Seminar(extra_hours_per_week=10), 2_000, 60, np.random.default_rng(rng_seed))
    assert c.sum() > a.sum()
    _, d = S.paired_incomes(HOBBYIST, S.Seminar(skill_multiplier=3.0), 2_000, 60, np.random.default_rng(rng_seed))
    assert d.sum() > b.sum()


def test_paired_incomes_rejects_bad_input():
    with pytest.raises(ValueError, match="strategy: must be one of"):
        S.paired_incomes(HOBBYIST, S.Seminar(), 10, 5, np.random.default_rng(0), strategy="lottery")
    with pytest.raises(ValueError, match="rng: pass a seeded numpy.random.Generator \\(or an int seed\\), got None"):
        S.paired_incomes(HOBBYIST, S.Seminar(), 10, 5, None)
    with pytest.raises(ParameterError, match="hours_per_week"):   # 10 + 95 hours is more than allowed
        S.paired_incomes(HOBBYIST, S.Seminar(extra_hours_per_week=95), 10, 5, np.random.default_rng(0))


def test_buyer_value_on_known_gains():
    before = np.zeros((4, 3))
    after = np.array([[0, 0, 0], [0, 0, 50], [100, 0, 0], [0, 0, 1000.0]])
    v = S.buyer_value(before, after, price_jpy=100, goal_jpy_per_month=100)
    assert v.mean_gain_jpy == pytest.approx(287.5) and v.median_gain_jpy == pytest.approx(75)
    assert v.share_recouping == pytest.approx(0.5)
    assert v.base_rate == 0 and v.rate_with_seminar == pytest.approx(0.5)
    assert v.median_net_jpy == pytest.approx(-25)
    assert math.isnan(S.buyer_value(before, after, 100).base_rate)
    with pytest.raises(ValueError, match="income_with: must have the shape"):
        S.buyer_value(before, after[:2], 100)


# --- testimonials -------------------------------------------------------------------------------------

@given(arrays(bool, st.integers(1, 200)), shares, st.integers(0, 2**32 - 1))
def test_silent_failures_never_post(succeeded, s, seed):
    posted = S.post_testimonials(succeeded, S.PostingShares(post_share_success=s, post_share_failure=0.0),
                                 np.random.default_rng(seed))
    assert posted.shape == succeeded.shape
    assert not np.any(posted & ~succeeded)


def test_posting_shares_are_respected_on_average():
    rng = np.random.default_rng(0)
    succeeded = rng.random(200_000) < 0.1
    params = S.PostingShares(post_share_success=0.6, post_share_failure=0.05)
    posted = S.post_testimonials(succeeded, params, np.random.default_rng(1))
    assert posted[succeeded].mean() == pytest.approx(0.6, abs=0.01)
    assert posted[~succeeded].mean() == pytest.approx(0.05, abs=0.003)
    assert succeeded[posted].mean() == pytest.approx(S.success_share_among_testimonials(0.1, params), abs=0.01)
    assert posted.sum() == pytest.approx(S.expected_testimonials(200_000, 0.1, params), rel=0.02)


@given(st.floats(1e-6, 1), st.floats(1e-6, 1))
def test_with_silent_failures_every_testimonial_is_a_success(p, s):
    assert S.success_share_among_testimonials(p, S.PostingShares(post_share_success=s)) == 1.0


@given(shares, shares, st.floats(1e-3, 1), st.floats(1e-3, 1))
def test_success_share_among_testimonials_rises_with_the_base_rate(p, q, s, f):
    params = S.PostingShares(post_share_success=s, post_share_failure=f)
    lo, hi = sorted((p, q))
    a, b = S.success_share_among_testimonials(lo, params), S.success_share_among_testimonials(hi, params)
    assert 0 <= a <= b + 1e-12 <= 1 + 1e-12
    if s == f:   # when everyone posts alike, testimonials are a fair sample
        assert a == pytest.approx(lo)


def test_nobody_posting_gives_nan():
    assert math.isnan(S.success_share_among_testimonials(0.0, S.PostingShares()))


@given(st.integers(1, 100_000), st.floats(0, 1), st.floats(0.01, 1))
def test_walds_correction_undoes_the_silent_failures(buyers, p, s):
    expected = S.expected_testimonials(buyers, p, S.PostingShares(post_share_success=s))
    assert S.base_rate_from_testimonials(expected, buyers, s) == pytest.approx(p, abs=1e-9)


def test_walds_correction_needs_buyers():
    with pytest.raises(ValueError, match="buyers and post_share_success: must both be above 0"):
        S.base_rate_from_testimonials(3, 0, 0.5)
    assert S.base_rate_from_testimonials(30, 20, 0.5) == 1.0


# --- published counts -------------------------------------------------------------------------------

def test_every_count_cites_a_key_in_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), flags=re.M))
    assert {c.source for c in S.CONSULTATIONS} <= keys
    assert S.YOUNG_SHARE_2021_SOURCE in keys


def test_the_counts_are_the_published_ones():
    info = S.consultations(S.INFO_PRODUCTS)
    assert [(c.label, c.count) for c in info] == [("FY2013", 872), ("FY2017", 6_593)]
    assert S.growth_factor(S.INFO_PRODUCTS) > 7    # "more than sevenfold"
    assert [c.count for c in S.consultations(S.EASY_SIDE_JOBS)] == [2_793, 3_694]
    (white,) = S.consultations(S.SIDE_BUSINESS_SCHEMES)
    assert white.at_least and white.count == 15_000 and white.label == "2021"
    assert len(S.consultations()) == len(S.CONSULTATIONS)


def test_consultations_reject_unknown_categories():
    with pytest.raises(ValueError, match="category: must be one of"):
        S.consultations("lottery")
    with pytest.raises(ValueError, match="has only one published count"):
        S.growth_factor(S.SIDE_BUSINESS_SCHEMES)
