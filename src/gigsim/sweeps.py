"""When should the hybrid switch? Sweeps over its switching month and over scenario parameters (chapter 7).

The article's advice is to use subcontracting (下請け) as a *foothold*: take client work first, learn the
landscape and how customers are found, then move to content. In :mod:`gigsim.strategies` the hybrid
strategy does exactly that from ``strategy.hybrid_switch_month``. This module asks which switching month is
*best*, and shows that the answer is a choice of criterion as much as a fact about the model.

A sweep runs one population (one skill draw, one set of monthly luck and client offers, see
:func:`gigsim.strategies.draw_noise`) through the hybrid once per candidate switching month, and through
subcontract-only and content-first once, and judges everything at one **horizon** by the income earned so
far. Because every run sees the same draws, differences between switching months are caused by the month,
not by new luck (*common random numbers*). A switching month equal to the horizon means "never within the
horizon": the hybrid is then the same as subcontract-only.

Criteria (each turns the creators' outcomes at the horizon into one number, higher is better):

``median_total``
    the median creator's income earned so far: what a typical creator can expect;
``mean_total``
    the average: dominated by the few whose audience takes off (the heavy tail of chapter 5);
``prob_ahead``
    the share of creators who have earned more than they would have as subcontract-only, by more than
    ``ahead_margin_jpy`` (0: by any amount, even one yen);
``prob_safe``
    the share of creators who never ran out of savings by the horizon;
``median_penalised``
    the median of income earned so far less ``run_out_penalty_jpy`` for each creator who ran out (an
    assumption pricing the debt and distress of running out).

The best month is the candidate with the highest score; ties go to the earliest candidate.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from .params import ParameterError, Validated, as_generator, param
from .strategies import draw_noise, simulate_strategies


@dataclass(frozen=True)
class CriterionParams(Validated):
    """How outcomes are judged: what running out of savings costs, and what counts as ahead.
    (When they are judged is the sweep's ``horizon_months``.)"""

    run_out_penalty_jpy: float = param(1_000_000.0, unit="JPY", lo=0, hi=1e10,
                                       doc="Cost charged to a creator who ran out of savings by the horizon "
                                           "(for the median_penalised criterion)")
    ahead_margin_jpy: float = param(0.0, unit="JPY", lo=0, hi=1e10,
                                    doc="How much more than subcontract-only counts as ahead "
                                        "(for the prob_ahead criterion; 0: any amount)")


# A criterion maps (totals (k, creators), ran_out (k, creators), baseline (creators,), params) to scores (k,).
Criterion = Callable[[np.ndarray, np.ndarray, np.ndarray, CriterionParams], np.ndarray]


def _median_total(total, out, baseline, cp):
    return np.median(total, axis=1)


def _mean_total(total, out, baseline, cp):
    return total.mean(axis=1)


def _prob_ahead(total, out, baseline, cp):
    return (total > baseline + cp.ahead_margin_jpy).mean(axis=1)


def _prob_safe(total, out, baseline, cp):
    return 1.0 - out.mean(axis=1)


def _median_penalised(total, out, baseline, cp):
    return np.median(total - cp.run_out_penalty_jpy * out, axis=1)


CRITERIA: dict[str, Criterion] = {
    "median_total": _median_total,
    "mean_total": _mean_total,
    "prob_ahead": _prob_ahead,
    "prob_safe": _prob_safe,
    "median_penalised": _median_penalised,
}
CRITERION_LABELS = {
    "median_total": "Median income earned",
    "mean_total": "Mean income earned",
    "prob_ahead": "Share ahead of subcontract-only",
    "prob_safe": "Share who never ran out",
    "median_penalised": "Median income earned, less a penalty for running out",
}


def score(criterion: str, total_jpy: np.ndarray, ran_out: np.ndarray, baseline_jpy: np.ndarray,
          params: CriterionParams | None = None) -> np.ndarray:
    """Scores of ``k`` alternatives under ``criterion`` (one of :data:`CRITERIA`).

    ``total_jpy`` and ``ran_out`` are (k, creators): income earned by the horizon and whether the creator
    ran out of savings by then; ``baseline_jpy`` (creators,) is what the same creators earned as
    subcontract-only. A 1-D ``total_jpy`` is one alternative and gives a 1-element result.
    """
    if criterion not in CRITERIA:
        raise ValueError(f"criterion: must be one of {', '.join(CRITERIA)}, got {criterion!r}")
    total = np.atleast_2d(np.asarray(total_jpy, dtype=float))
    out = np.atleast_2d(np.asarray(ran_out, dtype=bool))
    base = np.asarray(baseline_jpy, dtype=float)
    if out.shape != total.shape or base.shape != total.shape[1:]:
        raise ValueError(f"score: total_jpy {total.shape}, ran_out {out.shape} and baseline_jpy {base.shape} "
                         "must be (k, creators), (k, creators) and (creators,)")
    return np.asarray(CRITERIA[criterion](total, out, base, params or CriterionParams()), dtype=float)


def best_index(scores: np.ndarray) -> int:
    """Index of the highest score; the earliest one when several are equal."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 1 or scores.size == 0:
        raise ValueError("best_index: scores must be a non-empty 1-D array")
    return int(np.argmax(scores))


def prob_ahead_by_month(results, a: str, b: str, margin_jpy: float = 0.0) -> np.ndarray:
    """For every month, the share of creators whose income earned so far under strategy ``a`` exceeds
    strategy ``b``'s by more than ``margin_jpy`` (paired: the same creators). ``results`` is a
    :class:`gigsim.strategies.StrategyResults`; this is its ``prob_ahead_by_month``, and month ``t``
    equals ``results.prob_ahead(a, b, t, margin_jpy)``."""
    return results.prob_ahead_by_month(a, b, margin_jpy)


# --- the switching-month sweep ---------------------------------------------------------------

@dataclass
class SwitchSweep:
    """Outcomes at the horizon for each candidate switching month, on one population."""

    switch_months: np.ndarray            # (k,) candidate switching months; == horizon means never
    horizon_months: int
    total_jpy: np.ndarray                # (k, creators) hybrid's income earned by the horizon
    ran_out: np.ndarray                  # (k, creators) bool: ran out of savings by the horizon
    subcontract_total_jpy: np.ndarray    # (creators,) subcontract-only, same creators
    subcontract_ran_out: np.ndarray      # (creators,)
    content_first_total_jpy: np.ndarray  # (creators,) content-first, same creators
    content_first_ran_out: np.ndarray    # (creators,)

    def scores(self, criterion: str, params: CriterionParams | None = None) -> np.ndarray:
        """The criterion's score for each switching month (k,)."""
        return score(criterion, self.total_jpy, self.ran_out, self.subcontract_total_jpy, params)

    def best_month(self, criterion: str, params: CriterionParams | None = None) -> int:
        """The switching month with the highest score (the earliest of equals)."""
        return int(self.switch_months[best_index(self.scores(criterion, params))])

    def reference_scores(self, criterion: str, params: CriterionParams | None = None) -> dict[str, float]:
        """The criterion's score for subcontract-only and for content-first, for comparison."""
        out = {}
        for name, total, ran_out in (("subcontract", self.subcontract_total_jpy, self.subcontract_ran_out),
                                     ("content_first", self.content_first_total_jpy, self.content_first_ran_out)):
            out[name] = float(score(criterion, total, ran_out, self.subcontract_total_jpy, params)[0])
        return out


def _check_sweep_args(switch_months, n_creators: int, horizon_months: int) -> np.ndarray:
    problems = []
    if not isinstance(horizon_months, (int, np.integer)) or isinstance(horizon_months, bool) or horizon_months < 1:
        problems.append(f"horizon_months: must be a whole number of at least 1, got {horizon_months!r}")
    if not isinstance(n_creators, (int, np.integer)) or isinstance(n_creators, bool) or n_creators < 1:
        problems.append(f"n_creators: must be a whole number of at least 1, got {n_creators!r}")
    months = np.asarray(switch_months)
    if problems:
        raise ParameterError(problems)
    if months.ndim != 1 or months.size == 0 or not np.all(np.isfinite(months.astype(float))) \
            or np.any(months != np.round(months)) or months.min() < 0 or months.max() > horizon_months:
        raise ParameterError([f"switch_months: must be whole numbers from 0 to {horizon_months} (the horizon), "
                              f"got {np.asarray(switch_months).tolist()!r}"])
    return months.astype(np.int64)


def switch_sweep(scenario, switch_months: Sequence[int], n_creators: int, horizon_months: int,
                 rng: np.random.Generator | int) -> SwitchSweep:
    """Run the hybrid once per switching month (and the two pure strategies once) on one population.

    Everything else about the hybrid (ramp, shares) comes from ``scenario.strategy``. ``rng`` is a seeded
    Generator (an int is taken as a seed); the draws are made once and shared by every run.
    """
    months = _check_sweep_args(switch_months, n_creators, horizon_months)
    rng = as_generator(rng)
    noise = draw_noise(rng, int(n_creators), int(horizon_months), scenario)
    pure = simulate_strategies(scenario, n_creators, horizon_months, noise=noise,
                               strategies=("subcontract", "content_first"))

    def at_horizon(path):
        total = np.sum(path.income_by_month, axis=0, dtype=np.float64)
        return total, path.out_month >= 0      # out_month is always within the simulated months

    totals, outs = [], []
    for m in months:
        sc = scenario.with_values({"strategy.hybrid_switch_month": int(m)})
        res = simulate_strategies(sc, n_creators, horizon_months, noise=noise, strategies=("hybrid",))
        total, out = at_horizon(res["hybrid"])
        totals.append(total)
        outs.append(out)
    sub_total, sub_out = at_horizon(pure["subcontract"])
    cf_total, cf_out = at_horizon(pure["content_first"])
    return SwitchSweep(months, int(horizon_months), np.stack(totals), np.stack(outs), sub_total, sub_out,
                       cf_total, cf_out)


# --- how the answer moves with a parameter -------------------------------------------------

@dataclass
class ParameterSweep:
    """The switching-month sweep repeated for several values of one scenario parameter."""

    key: str                          # dotted parameter, e.g. "monetise.rpm_jpy"
    values: np.ndarray                # (v,)
    sweeps: list[SwitchSweep]         # one per value

    def scores(self, criterion: str, params: CriterionParams | None = None) -> np.ndarray:
        """(v, k): the criterion's score for every value and switching month."""
        return np.stack([s.scores(criterion, params) for s in self.sweeps])

    def best_months(self, criterion: str, params: CriterionParams | None = None) -> np.ndarray:
        """(v,): the best switching month for every value of the parameter."""
        return np.array([s.best_month(criterion, params) for s in self.sweeps], dtype=np.int64)

    def prob_content_first_ahead(self) -> np.ndarray:
        """(v,): share of creators for whom content-first beats subcontract-only at the horizon."""
        return np.array([float(np.mean(s.content_first_total_jpy > s.subcontract_total_jpy))
                         for s in self.sweeps])


def parameter_sweep(scenario, key: str, values: Sequence[float], switch_months: Sequence[int],
                    n_creators: int, horizon_months: int, rng: np.random.Generator | int) -> ParameterSweep:
    """:func:`switch_sweep` for each value of the dotted parameter ``key``.

    One seed is drawn from ``rng`` and reused for every value, so the creators and their luck are the same
    across values (for a spread parameter such as ``population.skill_sigma`` the same standard-normal draws
    are stretched): what changes between values is the parameter only. Values are checked like a scenario
    file's (an out-of-range value raises a one-line error naming the field).
    """
    rng = as_generator(rng)
    return _sweep_values(scenario, key, values, switch_months, n_creators, horizon_months,
                         int(rng.integers(2**63 - 1)), {})


def parameter_sweeps(scenario, grid: Mapping[str, Sequence[float]], switch_months: Sequence[int],
                     n_creators: int, horizon_months: int, rng: np.random.Generator | int) -> dict[str, ParameterSweep]:
    """:func:`parameter_sweep` for each ``{dotted key: values}`` of ``grid``, all on the same creators
    (a scenario that occurs twice, such as the defaults, is simulated once)."""
    rng = as_generator(rng)
    seed, cache = int(rng.integers(2**63 - 1)), {}
    return {key: _sweep_values(scenario, key, values, switch_months, n_creators, horizon_months, seed, cache)
            for key, values in grid.items()}


def _sweep_values(scenario, key, values, switch_months, n_creators, horizon_months, seed, cache) -> ParameterSweep:
    values = list(values)
    if not values:
        raise ParameterError([f"values: must list at least one value of {key}, got []"])
    sweeps = []
    for v in values:
        sc = scenario.with_values({key: v})
        if sc not in cache:
            cache[sc] = switch_sweep(sc, switch_months, n_creators, horizon_months, np.random.default_rng(seed))
        sweeps.append(cache[sc])
    return ParameterSweep(key, np.asarray(values, dtype=float), sweeps)
