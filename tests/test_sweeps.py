import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from gigsim.params import ParameterError
from gigsim.scenario import ScenarioError, default_scenario
from gigsim.strategies import simulate_strategies
from gigsim.sweeps import (CRITERIA, CriterionParams, best_index, parameter_sweep, parameter_sweeps,
                           prob_ahead_by_month, score, switch_sweep)

N, H = 300, 24


@pytest.fixture(scope="module")
def sweep():
    return switch_sweep(default_scenario(), [0, 6, 12, 18, 24], N, H, np.random.default_rng(11))


# --- criteria on hand-made numbers -----------------------------------------------------------

def test_criteria_on_small_arrays():
    total = np.array([[1.0, 2.0, 9.0], [4.0, 4.0, 4.0]])
    out = np.array([[True, False, False], [False, False, True]])
    base = np.array([3.0, 3.0, 3.0])
    cp = CriterionParams(run_out_penalty_jpy=10.0)
    assert score("median_total", total, out, base).tolist() == [2.0, 4.0]
    assert score("mean_total", total, out, base).tolist() == [4.0, 4.0]
    assert score("prob_ahead", total, out, base).tolist() == pytest.approx([1 / 3, 1.0])
    assert score("prob_safe", total, out, base).tolist() == pytest.approx([2 / 3, 2 / 3])
    # penalised totals: [-9, 2, 9] and [4, 4, -6]
    assert score("median_penalised", total, out, base, cp).tolist() == [2.0, 4.0]
    # a margin: ahead only by more than 1 (9 > 4 and 4 = 3 + 1 is not more)
    assert score("prob_ahead", total, out, base, CriterionParams(ahead_margin_jpy=1.0)).tolist() == \
        pytest.approx([1 / 3, 0.0])


def test_one_alternative_as_1d():
    assert score("mean_total", [1.0, 3.0], [False, True], [0.0, 0.0]).tolist() == [2.0]


def test_score_rejects_unknown_criterion_and_bad_shapes():
    with pytest.raises(ValueError, match="criterion: must be one of"):
        score("best", np.ones((1, 2)), np.zeros((1, 2), bool), np.ones(2))
    with pytest.raises(ValueError, match=r"must be \(k, creators\)"):
        score("mean_total", np.ones((2, 3)), np.zeros((2, 3), bool), np.ones(2))


def test_best_index_takes_the_earliest_of_equals():
    assert best_index([1.0, 3.0, 3.0, 2.0]) == 1
    with pytest.raises(ValueError):
        best_index([])


def test_criterion_params_are_checked():
    with pytest.raises(ParameterError, match="ahead_margin_jpy: must be a number from 0 to"):
        CriterionParams(ahead_margin_jpy=-5.0)
    with pytest.raises(ParameterError, match="run_out_penalty_jpy"):
        CriterionParams(run_out_penalty_jpy=-1.0)


@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 30)),
                  elements=st.floats(-1e7, 1e8)),
       st.floats(0, 1e7), st.integers(0, 2**32 - 1))
def test_criteria_invariants(total, penalty, seed):
    rng = np.random.default_rng(seed)
    out = rng.random(total.shape) < 0.5
    base = rng.normal(0, 1e6, total.shape[1])
    cp = CriterionParams(run_out_penalty_jpy=penalty)
    for name in ("prob_ahead", "prob_safe"):
        s = score(name, total, out, base, cp)
        assert np.all((s >= 0) & (s <= 1))
    assert np.all(score("median_penalised", total, out, base, cp) <= score("median_total", total, out, base) + 1e-6)
    assert np.allclose(score("median_penalised", total, out, base, CriterionParams(run_out_penalty_jpy=0.0)),
                       score("median_total", total, out, base))
    # nobody is ahead of themselves, and a larger margin never makes more creators ahead
    assert np.all(score("prob_ahead", np.atleast_2d(base), np.zeros((1, base.size), bool), base) == 0)
    wide = CriterionParams(ahead_margin_jpy=1e6)
    assert np.all(score("prob_ahead", total, out, base, wide) <= score("prob_ahead", total, out, base))


# --- the switching-month sweep ----------------------------------------------------------------

def test_sweep_rows_equal_separate_simulations(sweep):
    """Each row is what simulate_strategies gives with that switching month and the same seed."""
    sc = default_scenario()
    for i, m in enumerate(sweep.switch_months):
        res = simulate_strategies(sc.with_values({"strategy.hybrid_switch_month": int(m)}), N, H,
                                  np.random.default_rng(11))
        assert np.allclose(sweep.total_jpy[i], res["hybrid"].cumulative_income_jpy[:, -1])
        assert np.array_equal(sweep.ran_out[i], res["hybrid"].out_month >= 0)
    assert np.allclose(sweep.subcontract_total_jpy, res["subcontract"].cumulative_income_jpy[:, -1])
    assert np.allclose(sweep.content_first_total_jpy, res["content_first"].cumulative_income_jpy[:, -1])
    assert np.array_equal(sweep.content_first_ran_out, res["content_first"].out_month >= 0)


def test_switching_at_the_horizon_is_subcontracting(sweep):
    last = int(np.flatnonzero(sweep.switch_months == H)[0])
    assert np.array_equal(sweep.total_jpy[last], sweep.subcontract_total_jpy)
    assert np.array_equal(sweep.ran_out[last], sweep.subcontract_ran_out)
    assert sweep.scores("prob_ahead")[last] == 0.0
    # earlier switches do change the outcome
    assert not np.array_equal(sweep.total_jpy[0], sweep.subcontract_total_jpy)


def test_best_month_is_the_argmax_of_the_scores(sweep):
    for name in CRITERIA:
        s = sweep.scores(name)
        assert s.shape == sweep.switch_months.shape
        best = sweep.best_month(name)
        assert best in sweep.switch_months.tolist()
        assert s[sweep.switch_months.tolist().index(best)] == s.max()


def test_reference_scores(sweep):
    ref = sweep.reference_scores("median_total")
    assert ref["subcontract"] == pytest.approx(np.median(sweep.subcontract_total_jpy))
    assert ref["content_first"] == pytest.approx(np.median(sweep.content_first_total_jpy))
    assert sweep.reference_scores("prob_ahead")["subcontract"] == 0.0
    safe = sweep.reference_scores("prob_safe")
    assert safe["subcontract"] == pytest.approx(1 - sweep.subcontract_ran_out.mean())
    assert safe["content_first"] == pytest.approx(1 - sweep.content_first_ran_out.mean())


def test_sweep_is_reproducible_and_depends_on_the_seed():
    a = switch_sweep(default_scenario(), [0, 12], 100, 12, np.random.default_rng(5))
    b = switch_sweep(default_scenario(), [0, 12], 100, 12, 5)
    c = switch_sweep(default_scenario(), [0, 12], 100, 12, np.random.default_rng(6))
    assert np.array_equal(a.total_jpy, b.total_jpy)
    assert not np.array_equal(a.total_jpy, c.total_jpy)


@pytest.mark.parametrize("months, n, horizon, message", [
    ([0, 30], 10, 24, "switch_months: must be whole numbers from 0 to 24"),
    ([1.5], 10, 24, "switch_months: must be whole numbers from 0 to 24"),
    ([], 10, 24, "switch_months: must be whole numbers from 0 to 24"),
    ([-1], 10, 24, "switch_months"),
    ([0], 0, 24, "n_creators: must be a whole number of at least 1, got 0"),
    ([0], 10, 0, "horizon_months: must be a whole number of at least 1, got 0"),
])
def test_switch_sweep_rejects_bad_arguments(months, n, horizon, message):
    with pytest.raises(ParameterError, match=message):
        switch_sweep(default_scenario(), months, n, horizon, np.random.default_rng(0))


# --- parameter sweeps -----------------------------------------------------------------------

def test_parameter_sweep_uses_the_same_creators_for_every_value():
    sc = default_scenario()
    ps = parameter_sweep(sc, "strategy.hours_per_week", [40.0, 40.0, 20.0], [0, 12], 150, 12,
                         np.random.default_rng(3))
    assert ps.values.tolist() == [40.0, 40.0, 20.0]
    assert np.array_equal(ps.sweeps[0].total_jpy, ps.sweeps[1].total_jpy)
    # fewer hours, less subcontracting income for (almost) everyone with clients
    assert ps.sweeps[2].subcontract_total_jpy.sum() < ps.sweeps[0].subcontract_total_jpy.sum()
    assert ps.scores("median_total").shape == (3, 2)
    for i, s in enumerate(ps.sweeps):
        np.testing.assert_allclose(ps.scores("median_total")[i], np.median(s.total_jpy, axis=1))
        assert ps.best_months("mean_total")[i] == s.switch_months[np.argmax(s.total_jpy.mean(axis=1))]
        assert ps.prob_content_first_ahead()[i] == np.mean(s.content_first_total_jpy > s.subcontract_total_jpy)


def test_parameter_sweeps_share_draws_and_simulate_repeated_scenarios_once():
    sc = default_scenario()
    grid = {"strategy.hours_per_week": [40.0, 30.0], "monetise.rpm_jpy": [300.0, 900.0]}
    many = parameter_sweeps(sc, grid, [0, 12], 120, 12, np.random.default_rng(8))
    assert many["strategy.hours_per_week"].sweeps[0] is many["monetise.rpm_jpy"].sweeps[0]   # the defaults
    one = parameter_sweeps(sc, {"monetise.rpm_jpy": [900.0]}, [0, 12], 120, 12, np.random.default_rng(8))
    assert np.array_equal(one["monetise.rpm_jpy"].sweeps[0].total_jpy, many["monetise.rpm_jpy"].sweeps[1].total_jpy)


def test_parameter_sweep_checks_values():
    with pytest.raises(ScenarioError, match="monetise.rpm_jpy: must be a number from 0 to 10,000, got -5"):
        parameter_sweep(default_scenario(), "monetise.rpm_jpy", [-5.0], [0], 10, 6, 0)
    with pytest.raises(ParameterError, match="values: must list at least one value"):
        parameter_sweep(default_scenario(), "monetise.rpm_jpy", [], [0], 10, 6, 0)


# --- share ahead over time ------------------------------------------------------------------

def test_prob_ahead_by_month_matches_results_and_falls_with_the_margin():
    res = simulate_strategies(default_scenario(), 300, 24, np.random.default_rng(2))
    any_amount = prob_ahead_by_month(res, "content_first", "subcontract")
    assert any_amount.shape == (24,)
    assert all(any_amount[t] == pytest.approx(res.prob_ahead("content_first", "subcontract", t)) for t in range(24))
    wide = prob_ahead_by_month(res, "content_first", "subcontract", 150_000.0)
    assert np.all(wide <= any_amount)
    assert all(wide[t] == res.prob_ahead("content_first", "subcontract", t, 150_000.0) for t in range(24))
    for bad in (-1.0, float("nan"), "lots"):
        with pytest.raises(ParameterError, match="margin_jpy: must be a number of at least 0, got"):
            prob_ahead_by_month(res, "content_first", "subcontract", bad)
