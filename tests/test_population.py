import dataclasses

import numpy as np
import pytest
from hypothesis import given, strategies as st

from gigsim.leverage import WEEKS_PER_MONTH
from gigsim.params import ParameterError
from gigsim.population import PopulationParams, draw_luck, draw_skill, simulate_population
from gigsim.scenario import default_scenario
from reference_engine import reference_population


def tenth_year_top3(seed):
    sc = default_scenario()
    res = simulate_population(sc, sc.population.creators, 120, np.random.default_rng(seed))
    return res.concentration(108, 119)["top_3pct_share"]


def test_calibrated_to_bartl2018_with_the_default_seed():
    # CLI default seed; default creators count; the tenth simulated year
    from gigsim.cli import DEFAULT_SEED
    assert default_scenario().population.creators == 10_000
    assert 0.80 <= tenth_year_top3(DEFAULT_SEED) <= 0.90


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_calibrated_to_bartl2018_across_seeds(seed):
    assert 0.80 <= tenth_year_top3(seed) <= 0.90


def test_calibrated_parameters_cite_bartl2018():
    fields = {f.name: f for f in dataclasses.fields(PopulationParams)}
    assert fields["skill_sigma"].metadata["source"] == "bartl2018"
    assert fields["advantage_exponent"].metadata["source"] == "bartl2018"


def test_without_cumulative_advantage_views_are_far_less_concentrated():
    sc = default_scenario()
    flat = dataclasses.replace(sc, population=dataclasses.replace(sc.population, advantage_exponent=0.0))
    res = simulate_population(flat, 5000, 120, np.random.default_rng(1))
    assert res.concentration()["top_3pct_share"] < 0.5


def test_matches_the_plain_python_reference():
    sc = default_scenario()
    n, months = 60, 30
    rng = np.random.default_rng(11)
    res = simulate_population(sc, n, months, rng)
    # redraw the same numbers in the engine's order
    rng = np.random.default_rng(11)
    skill = draw_skill(rng, n, sc.population)
    luck = [draw_luck(rng, n, sc.population.luck_sigma) for _ in range(months)]
    expected = reference_population(sc, skill, luck, sc.population.content_hours_per_week * WEEKS_PER_MONTH)
    assert np.allclose(res.skill, skill)
    assert np.allclose(res.views_by_month, np.array(expected), rtol=1e-6, atol=0)


def test_same_seed_same_arrays_and_different_seed_different():
    sc = default_scenario()
    a = simulate_population(sc, 300, 24, np.random.default_rng(5))
    b = simulate_population(sc, 300, 24, np.random.default_rng(5))
    c = simulate_population(sc, 300, 24, np.random.default_rng(6))
    assert np.array_equal(a.views_by_month, b.views_by_month)
    assert not np.array_equal(a.views_by_month, c.views_by_month)


def test_skill_helps_on_average_and_followers_stay_below_the_ceiling():
    res = simulate_population(default_scenario(), 3000, 60, np.random.default_rng(2))
    total = res.views_by_month.sum(axis=0)
    assert np.corrcoef(np.log(res.skill), np.log(total))[0, 1] > 0.5
    assert np.all(res.followers_final < default_scenario().population.audience_ceiling_followers)
    assert res.monthly_views.shape == (3000, 60)


def test_bad_sizes_are_rejected():
    with pytest.raises(ValueError, match="n_creators"):
        simulate_population(default_scenario(), 0, 12, np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng"):
        simulate_population(default_scenario(), 10, 12, None)


@given(skill_sigma=st.floats(0, 3), luck_sigma=st.floats(0, 2), alpha=st.floats(0, 0.95),
       scale=st.floats(1, 1e6), ceiling=st.floats(1, 1e9), hours=st.floats(0, 100), seed=st.integers(0, 2**32))
def test_views_and_followers_never_negative_or_nan(skill_sigma, luck_sigma, alpha, scale, ceiling, hours, seed):
    sc = default_scenario()
    pop = dataclasses.replace(sc.population, skill_sigma=skill_sigma, luck_sigma=luck_sigma, advantage_exponent=alpha,
                              advantage_scale_followers=scale, audience_ceiling_followers=ceiling,
                              content_hours_per_week=hours)
    res = simulate_population(dataclasses.replace(sc, population=pop), 50, 36, np.random.default_rng(seed))
    assert np.all(np.isfinite(res.views_by_month)) and np.all(res.views_by_month >= 0)
    assert np.all(np.isfinite(res.followers_final)) and np.all(res.followers_final >= 0)
    assert np.all(res.followers_final <= ceiling * (1 + 1e-9))


@given(reach=st.floats(0, 1e9), half_life=st.floats(0.05, 1e6), conversion=st.floats(0, 1), loyalty=st.floats(0, 1),
       seed=st.integers(0, 2**32))
def test_any_custom_kind_keeps_views_and_followers_finite(reach, half_life, conversion, loyalty, seed):
    sc = default_scenario().with_values({
        "content.content_type": "custom", "content.custom_reach_views_per_piece_per_month": reach,
        "content.custom_half_life_months": half_life, "content.custom_conversion_followers_per_view": conversion,
        "content.custom_loyalty_per_month": loyalty})
    res = simulate_population(sc, 50, 36, np.random.default_rng(seed))
    assert np.all(np.isfinite(res.views_by_month)) and np.all(res.views_by_month >= 0)
    ceiling = sc.population.audience_ceiling_followers
    assert np.all(res.followers_final >= 0) and np.all(res.followers_final <= ceiling * (1 + 1e-9))


def test_fixed_skills_leave_only_luck():
    sc = default_scenario()
    same = simulate_population(sc, 400, 60, np.random.default_rng(3), skill=np.ones(400))
    assert np.all(same.skill == 1.0)
    no_luck = dataclasses.replace(sc, population=dataclasses.replace(sc.population, luck_sigma=0.0))
    ranked = simulate_population(no_luck, 3, 24, np.random.default_rng(3), skill=[0.5, 1.0, 2.0])
    total = ranked.views_by_month.sum(axis=0)
    assert total[0] < total[1] < total[2]                      # without luck, skill alone orders them
    twins = simulate_population(no_luck, 2, 24, np.random.default_rng(3), skill=[1.5, 1.5])
    np.testing.assert_array_equal(twins.views_by_month[:, 0], twins.views_by_month[:, 1])
    drawn = simulate_population(sc, 400, 60, np.random.default_rng(3))
    again = simulate_population(sc, 400, 60, np.random.default_rng(3), skill=drawn.skill)
    np.testing.assert_array_equal(again.skill, drawn.skill)
    assert again.skill is not drawn.skill                      # a copy: the caller's array is never changed
    with pytest.raises(ParameterError, match=r"skill: must be 400 numbers \(one per creator\), got an array of shape \(3,\)"):
        simulate_population(sc, 400, 60, np.random.default_rng(3), skill=[1.0, 2.0, 3.0])
    with pytest.raises(ParameterError, match="skill: must be numbers above 0, got 0.0 for creator 1"):
        simulate_population(sc, 3, 6, np.random.default_rng(3), skill=[1.0, 0.0, np.nan])


def test_threads_do_not_change_the_numbers():
    sc = default_scenario()
    a = simulate_population(sc, 1001, 20, np.random.default_rng(4), threads=1)
    b = simulate_population(sc, 1001, 20, np.random.default_rng(4), threads=3)
    assert np.array_equal(a.views_by_month, b.views_by_month)
    assert np.array_equal(a.followers_final, b.followers_final)
