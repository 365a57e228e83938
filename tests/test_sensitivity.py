import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from gigsim import sensitivity as S
from gigsim.scenario import load_scenario
from gigsim.strategies import draw_month_noise, simulate_strategies

HOBBYIST = load_scenario("youtube-hobbyist")   # no living costs: nobody runs out of savings

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)
grids = st.tuples(st.integers(2, 12), st.integers(2, 12))


# --- one at a time -----------------------------------------------------------------------------

def test_one_at_a_time_on_a_known_function():
    def outcome(changes):
        x = {"a": 1.0, "b": 1.0, "c": 1.0} | dict(changes)
        return 10 * x["a"] + 2 * x["b"] - 5 * x["c"]
    res = S.one_at_a_time(outcome, {"a": (0.5, 1.5), "b": (0, 2), "c": (0, 4)})
    assert res.base == pytest.approx(7.0)
    assert res.effects["a"] == pytest.approx((2.0, 12.0))
    assert res.effects["c"] == pytest.approx((12.0, -8.0))
    assert res.ranking() == ["c", "a", "b"]
    assert res.swings()["b"] == pytest.approx(4.0)
    assert res.values["c"] == (0, 4)


def test_one_at_a_time_calls_each_change_alone():
    seen = []
    S.one_at_a_time(lambda ch: seen.append(dict(ch)) or 0.0, {"x": (1, 2), "y": ("p", "q")})
    assert seen == [{}, {"x": 1}, {"x": 2}, {"y": "p"}, {"y": "q"}]


def test_relabel_keeps_numbers():
    res = S.one_at_a_time(lambda ch: float(ch.get("x", 0)), {"x": (1, 3)})
    named = res.relabel({"x": "effort"})
    assert named.effects == {"effort": (1.0, 3.0)} and named.base == res.base


@pytest.mark.parametrize("ranges, field", [({}, "ranges"), ({"x": (1,)}, "ranges: x"), ({"x": 3}, "ranges: x")])
def test_one_at_a_time_rejects_bad_ranges(ranges, field):
    with pytest.raises(ValueError, match=field):
        S.one_at_a_time(lambda ch: 0.0, ranges)


# --- luck against skill --------------------------------------------------------------------------

@given(arrays(float, grids, elements=finite))
def test_shares_are_between_0_and_1_and_add_up(y):
    d = S.luck_skill_decomposition(y)
    assert 0.0 <= d.skill_share <= 1.0 and 0.0 <= d.luck_share <= 1.0
    if d.total_variance > 0:
        assert d.skill_share + d.luck_share == pytest.approx(1.0)
    assert d.skill_variance >= 0 and d.luck_variance >= 0


@given(arrays(float, st.integers(2, 20), elements=finite), st.integers(2, 10))
def test_no_luck_means_a_luck_share_of_zero(creator_values, replicates):
    # every creator gets the same outcome in every world: whatever spread there is, is skill
    y = np.repeat(creator_values[:, None], replicates, axis=1)
    d = S.luck_skill_decomposition(y)
    assert d.luck_share == 0.0
    if np.ptp(creator_values) > 1e-6 * (1 + np.abs(creator_values).max()):
        assert d.skill_share == pytest.approx(1.0)


@given(arrays(float, st.integers(2, 20), elements=finite), st.integers(2, 10))
def test_identical_creators_means_a_skill_share_of_zero(world_values, creators):
    # every creator lives the same set of worlds: they differ by luck alone
    y = np.repeat(world_values[None, :], creators, axis=0)
    d = S.luck_skill_decomposition(y)
    assert d.skill_share == 0.0
    if np.ptp(world_values) > 1e-6 * (1 + np.abs(world_values).max()):
        assert d.luck_share == pytest.approx(1.0)


@given(arrays(float, grids, elements=st.floats(-100, 100)), st.floats(0.01, 100), st.floats(-100, 100))
def test_shares_do_not_depend_on_units(y, scale, shift):
    a, b = S.luck_skill_decomposition(y), S.luck_skill_decomposition(y * scale + shift)
    if a.total_variance > 1e-6:
        assert b.skill_share == pytest.approx(a.skill_share, abs=1e-6)


@pytest.mark.parametrize("sd_skill, sd_luck", [(1.0, 1.0), (2.0, 1.0), (0.5, 1.5)])
def test_recovers_the_true_shares_of_a_random_effects_model(sd_skill, sd_luck):
    rng = np.random.default_rng(3)
    k, r = 2000, 20
    y = sd_skill * rng.standard_normal((k, 1)) + sd_luck * rng.standard_normal((k, r))
    truth = sd_skill ** 2 / (sd_skill ** 2 + sd_luck ** 2)
    assert S.luck_skill_decomposition(y).skill_share == pytest.approx(truth, abs=0.04)


def test_the_correction_removes_luck_from_the_creators_averages():
    # no skill at all, few worlds: the raw spread of averages would credit skill with 1/(r+1) of it
    rng = np.random.default_rng(4)
    y = rng.standard_normal((5000, 3))
    assert S.luck_skill_decomposition(y).skill_share < 0.03


@pytest.mark.parametrize("shape", [(1, 5), (5, 1), (5,)])
def test_decomposition_needs_two_creators_and_two_worlds(shape):
    with pytest.raises(ValueError, match="outcomes: must be"):
        S.luck_skill_decomposition(np.ones(shape))


def test_decomposition_rejects_non_finite_values():
    with pytest.raises(ValueError, match="finite"):
        S.luck_skill_decomposition(np.array([[-np.inf, 1.0], [1.0, 2.0]]))


# --- inequality and unpredictability (salganik2006) ---------------------------------------------

@given(arrays(float, grids, elements=positive))
def test_world_shares_add_up_to_one(y):
    assert np.allclose(S.world_shares(y).sum(axis=0), 1.0)


@given(arrays(float, grids, elements=positive))
def test_gini_between_0_and_1(y):
    g = S.gini_by_world(y)
    assert g.shape == (y.shape[1],) and np.all((g >= 0) & (g <= 1))


def test_gini_known_values():
    y = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 4.0]])
    assert S.gini_by_world(y) == pytest.approx([0.0, 0.75])


@given(arrays(float, grids, elements=positive))
def test_unpredictability_is_zero_when_worlds_agree_and_never_negative(y):
    assert S.unpredictability(y) >= 0
    same = np.repeat(y[:, :1], y.shape[1], axis=1)
    assert S.unpredictability(same) == pytest.approx(0.0, abs=1e-12)


def test_unpredictability_known_values():
    swap = np.array([[1.0, 0.0], [0.0, 1.0]])        # each creator has everything in one world, nothing in the other
    assert S.unpredictability(swap) == pytest.approx(1.0)
    assert S.unpredictability(swap, relative=True) == pytest.approx(2.0)
    three = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])
    # creator 0: shares 1, 0, 0 -> pairs |1-0|, |1-0|, |0-0| -> 2/3; creator 1 the same
    assert S.unpredictability(three) == pytest.approx(2 / 3)


@given(arrays(float, grids, elements=positive))
def test_unpredictability_matches_the_pairwise_definition(y):
    m = S.world_shares(y)
    r = m.shape[1]
    pairs = [np.abs(m[:, i] - m[:, j]) for i in range(r) for j in range(i + 1, r)]
    assert S.unpredictability(y) == pytest.approx(float(np.mean(np.mean(pairs, axis=0))), abs=1e-12)


@given(arrays(float, grids, elements=st.integers(0, 5).map(float)))
def test_rank_percentiles(y):
    p = S.rank_percentiles(y)
    assert p.shape == y.shape and np.all((p >= 0) & (p <= 1))
    # the mean rank in every world is the middle, whatever the ties
    assert np.allclose(p.mean(axis=0), 0.5)
    # larger outcome, higher rank
    i, j = np.nonzero(y[:, :1] > y[:, :1].T)
    assert np.all(p[i, 0] > p[j, 0])


@given(arrays(float, st.integers(1, 50), elements=finite), arrays(float, st.integers(1, 6), elements=finite))
def test_exceedance_falls_as_goals_rise(values, goals):
    goals = np.sort(goals)
    e = S.exceedance(values, goals)
    assert np.all(np.diff(e) <= 0) and np.all((e >= 0) & (e <= 1))
    np.testing.assert_allclose(e, [np.mean(np.asarray(values) >= g) for g in goals])
    assert S.exceedance(values, [values.min()])[0] == 1.0


# --- the same creators in many worlds ------------------------------------------------------------

@pytest.mark.parametrize("p, skill", [(0.5, 1.0), (0.8413447460685429, np.exp(1.35))])
def test_skill_at_percentile(p, skill):
    assert S.skill_at_percentile(p, 1.35) == pytest.approx(skill)


@given(st.lists(st.floats(0.001, 0.999), min_size=2, max_size=10), st.floats(0, 3))
def test_skill_rises_with_the_percentile(ps, sigma):
    ps = np.sort(ps)
    assert np.all(np.diff(S.skill_at_percentile(ps, sigma)) >= 0)


@pytest.mark.parametrize("p", [0, 1, -0.1, 1.5, float("nan")])
def test_skill_at_percentile_rejects_bad_percentiles(p):
    with pytest.raises(ValueError, match="percentile: must be a number above 0 and below 1"):
        S.skill_at_percentile(p, 1.0)


def test_simulate_creators_shape_and_seed():
    a = S.simulate_creators(HOBBYIST, [0.5, 1.0, 4.0], 5, 24, np.random.default_rng(1))
    b = S.simulate_creators(HOBBYIST, [0.5, 1.0, 4.0], 5, 24, np.random.default_rng(1))
    c = S.simulate_creators(HOBBYIST, [0.5, 1.0, 4.0], 5, 24, np.random.default_rng(2))
    assert a.shape == (3, 5, 24)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_simulate_creators_is_the_engine_with_skill_fixed():
    skill = np.array([0.3, 2.0])
    got = S.simulate_creators(HOBBYIST, skill, 3, 30, np.random.default_rng(9))
    rng = np.random.default_rng(9)
    noise = [draw_month_noise(rng, 6, HOBBYIST) for _ in range(30)]
    ref = simulate_strategies(HOBBYIST, 6, 30, noise=(np.repeat(skill, 3), noise), strategies=("content_first",))
    assert np.array_equal(got[1, 2], ref["content_first"].income_by_month[:, 5])


def test_zero_luck_gives_a_luck_share_of_zero_in_the_engine():
    calm = HOBBYIST.with_values({"population.luck_sigma": 0.0})
    income = S.simulate_creators(calm, [0.2, 1.0, 3.0, 8.0], 6, 60, np.random.default_rng(5))
    y = S.year_income(income, 5)
    assert np.all(y == y[:, :1])                   # every world of a creator is the same
    d = S.luck_skill_decomposition(np.log1p(y))
    assert d.luck_share == 0.0 and d.skill_share == pytest.approx(1.0)


def test_more_luck_gives_a_larger_luck_share_in_the_engine():
    shares = []
    for sigma in (0.5, 3.0):
        world = HOBBYIST.with_values({"population.luck_sigma": sigma})
        skill = S.skill_at_percentile(np.linspace(0.05, 0.95, 12), world.population.skill_sigma)
        y = S.year_income(S.simulate_creators(world, skill, 8, 60, np.random.default_rng(6)), 5)
        shares.append(S.luck_skill_decomposition(np.log1p(y)).luck_share)
    assert shares[0] < 0.1 < shares[1]


@pytest.mark.parametrize("kwargs, field", [
    (dict(skill=[-1.0]), "skill"), (dict(replicates=0), "replicates"), (dict(months=0), "months"),
    (dict(strategy="lottery"), "strategy"), (dict(rng=None), "rng")])
def test_simulate_creators_rejects_bad_input(kwargs, field):
    args = dict(scenario=HOBBYIST, skill=[1.0], replicates=2, months=3, rng=np.random.default_rng(1))
    args.update(kwargs)
    with pytest.raises(ValueError, match=f"^{field}:"):
        S.simulate_creators(**args)


def test_year_income():
    monthly = np.arange(36, dtype=float)[None, :]
    assert S.year_income(monthly, 2)[0] == sum(range(12, 24))
    with pytest.raises(ValueError, match="year: must be a whole number from 1 to 3"):
        S.year_income(monthly, 4)


def test_creator_outcome_rises_with_skill_and_effort_and_repeats():
    f = S.creator_outcome(HOBBYIST, lambda inc: float(np.median(S.year_income(inc, 3))),
                          replicates=20, months=36, seed=4)
    res = S.one_at_a_time(f, {S.SKILL_PERCENTILE: (0.25, 0.75), "strategy.hours_per_week": (5, 20)})
    for lo, hi in res.effects.values():
        assert lo < res.base < hi
    assert f({}) == res.base                          # same seed, same luck: the base repeats exactly


def test_most_skilled_fate_without_luck_and_with_pure_luck():
    from gigsim.sensitivity import most_skilled_fate
    rng = np.random.default_rng(3)
    skill = rng.lognormal(size=500)
    no_luck = np.repeat(skill[:, None], 20, axis=1)              # outcome = skill in every world
    assert most_skilled_fate(skill, no_luck) == (1.0, 0.0)
    pure_luck = rng.normal(size=(500, 200))                        # outcome unrelated to skill
    top, bottom = most_skilled_fate(skill, pure_luck)
    assert abs(top - 0.1) < 0.02 and abs(bottom - 0.5) < 0.03
    with pytest.raises(ValueError, match="top_share"):
        most_skilled_fate(skill, no_luck, top_share=1.0)
