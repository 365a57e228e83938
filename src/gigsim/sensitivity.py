"""Who can do it? Sensitivity analysis, and how much of the spread is luck (chapter 8).

Two questions, two tools.

**Which parameter matters most?** A *one-at-a-time* sensitivity analysis moves each parameter from a
low to a high value while every other parameter keeps its base value, and records how far an
outcome swings. Sorted by swing, the results make a tornado chart
(:func:`gigsim.plots.tornado_chart`). Every run uses the same seed (*common random numbers*), so a
difference between two runs comes from the parameter, not from fresh luck. The method is simple and
honest about its limit: it shows each parameter's effect around one base point, not interactions.

**Is it skill or luck?** Re-run the *same* creators (the same skill) many times with fresh luck, as
if in parallel worlds, the design of Salganik, Dodds and Watts's artificial music market
(salganik2006). By the law of total variance an outcome's variance splits into

* the variance *between* creators of their average outcome over worlds (what skill explains), and
* the average variance *within* a creator across worlds (what luck explains).

With finitely many worlds the spread of the creators' sample averages also contains some luck
(``within / replicates``); :func:`luck_skill_decomposition` removes it (the one-way ANOVA estimator).
The skill share is also known as the intraclass correlation. Salganik et al.'s two market
measures are here too: inequality (:func:`gini_by_world`) and unpredictability
(:func:`unpredictability`).

All functions are pure: randomness comes only from a seeded ``numpy.random.Generator`` passed in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .params import as_generator
from .strategies import STRATEGIES, draw_month_noise, simulate_strategies

#: Pseudo-parameter understood by :func:`creator_outcome`: the creator's place in the skill
#: distribution (0.5 = median skill), not a scenario field.
SKILL_PERCENTILE = "creator.skill_percentile"


# --- one-at-a-time sensitivity ---------------------------------------------------------------

@dataclass(frozen=True)
class OneAtATime:
    """The result of a one-at-a-time sensitivity analysis.

    ``effects`` maps each parameter to ``(outcome at its low value, outcome at its high value)``,
    the input of :func:`gigsim.plots.tornado_chart`; ``values`` keeps the low and high values.
    """

    base: float
    effects: dict[str, tuple[float, float]]
    values: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def swings(self) -> dict[str, float]:
        """Each parameter's swing ``|high outcome - low outcome|``, widest first."""
        s = swing(self.effects)
        return dict(sorted(s.items(), key=lambda kv: -kv[1]))

    def ranking(self) -> list[str]:
        """Parameters from the widest swing to the narrowest."""
        return list(self.swings())

    def relabel(self, labels: Mapping[str, str]) -> "OneAtATime":
        """The same result with readable labels (``{"strategy.hours_per_week": "effort"}``)."""
        def name(k):
            return labels.get(k, k)
        return OneAtATime(self.base, {name(k): v for k, v in self.effects.items()},
                          {name(k): v for k, v in self.values.items()})


def swing(effects: Mapping[str, tuple[float, float]]) -> dict[str, float]:
    """``|outcome at high - outcome at low|`` for every parameter of ``effects``."""
    return {k: float(abs(hi - lo)) for k, (lo, hi) in effects.items()}


def one_at_a_time(outcome: Callable[[Mapping[str, Any]], float],
                  ranges: Mapping[str, tuple[Any, Any]]) -> OneAtATime:
    """Move one parameter at a time to its low and its high value and record ``outcome``.

    ``outcome(changes)`` returns the outcome of the model with ``changes`` (a mapping from a
    parameter to a value) applied to the base; ``outcome({})`` is the base. ``ranges`` maps each
    parameter to ``(low, high)``; the values may be numbers or choices (a content type).
    """
    if not ranges:
        raise ValueError("ranges: must name at least one parameter with (low, high), got none")
    for key, pair in ranges.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"ranges: {key}: must be a pair (low, high), got {pair!r}")
    base = float(outcome({}))
    effects = {key: (float(outcome({key: lo})), float(outcome({key: hi}))) for key, (lo, hi) in ranges.items()}
    return OneAtATime(base, effects, {key: (lo, hi) for key, (lo, hi) in ranges.items()})


# --- the same creators in many worlds ----------------------------------------------------------

def skill_at_percentile(percentile, skill_sigma: float) -> np.ndarray:
    """Skill of a creator at ``percentile`` (0 to 1, exclusive) of the lognormal skill distribution
    with median 1 and log-spread ``skill_sigma``: ``exp(skill_sigma x z)``, z the normal quantile."""
    p = np.asarray(percentile, dtype=float)
    if np.any(~np.isfinite(p)) or np.any(p <= 0) or np.any(p >= 1):
        raise ValueError(f"percentile: must be a number above 0 and below 1, got {percentile!r}")
    z = np.vectorize(NormalDist().inv_cdf, otypes=[float])(p)
    return np.exp(skill_sigma * z)


def simulate_creators(scenario, skill, replicates: int, months: int, rng: np.random.Generator,
                      strategy: str = "content_first") -> np.ndarray:
    """Monthly income (JPY) of the creators with ``skill``, each lived ``replicates`` times with fresh luck.

    Returns an array of shape ``(creators, replicates, months)``. Creators do not interact in the
    engine, so one run of ``creators x replicates`` people is the same as ``replicates`` separate
    worlds. Luck (and client offers) are drawn from ``rng`` month by month, as
    :func:`gigsim.strategies.simulate_strategies` draws them; skill is fixed.
    """
    skill = np.atleast_1d(np.asarray(skill, dtype=float))
    if skill.ndim != 1 or skill.size < 1 or np.any(~np.isfinite(skill)) or np.any(skill < 0):
        raise ValueError(f"skill: must be one or more numbers of at least 0, got {skill!r}")
    if int(replicates) != replicates or replicates < 1:
        raise ValueError(f"replicates: must be a whole number of at least 1, got {replicates!r}")
    if int(months) != months or months < 1:
        raise ValueError(f"months: must be a whole number of at least 1, got {months!r}")
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy: must be one of {', '.join(STRATEGIES)}, got {strategy!r}")
    rng = as_generator(rng)
    k, r, t = skill.size, int(replicates), int(months)
    n = k * r
    everyone = np.repeat(skill, r)                   # creator 0's worlds first
    noise = [draw_month_noise(rng, n, scenario) for _ in range(t)]
    res = simulate_strategies(scenario, n, t, noise=(everyone, noise), strategies=(strategy,))
    return res[strategy].income_by_month.reshape(t, k, r).transpose(1, 2, 0)


def year_income(monthly: np.ndarray, year: int) -> np.ndarray:
    """Income earned in ``year`` (1 = months 0..11) from monthly income with months on the last axis."""
    monthly = np.asarray(monthly)
    if int(year) != year or year < 1 or 12 * year > monthly.shape[-1]:
        raise ValueError(f"year: must be a whole number from 1 to {monthly.shape[-1] // 12}, got {year!r}")
    return monthly[..., 12 * (year - 1):12 * year].sum(axis=-1, dtype=np.float64)


def creator_outcome(scenario, metric: Callable[[np.ndarray], float], *, replicates: int, months: int,
                    seed: int, skill_percentile: float = 0.5,
                    strategy: str = "content_first") -> Callable[[Mapping[str, Any]], float]:
    """The outcome of one creator as a function of parameter changes, for :func:`one_at_a_time`.

    The creator has the skill at ``skill_percentile`` and lives ``replicates`` worlds of ``months``
    months; ``metric`` turns their monthly income, an array ``(replicates, months)``, into one number
    (say, the median over worlds of the tenth year's income). Changes are dotted scenario
    parameters (``"strategy.hours_per_week"``) or :data:`SKILL_PERCENTILE`. Every call starts from
    ``seed``: the same luck for every variant.
    """
    def outcome(changes: Mapping[str, Any]) -> float:
        changes = dict(changes)
        p = changes.pop(SKILL_PERCENTILE, skill_percentile)
        world = scenario.with_values(changes) if changes else scenario
        skill = skill_at_percentile(p, world.population.skill_sigma)
        income = simulate_creators(world, skill, replicates, months, np.random.default_rng(seed), strategy)
        return float(metric(income[0]))
    return outcome


# --- luck against skill ------------------------------------------------------------------------

@dataclass(frozen=True)
class LuckSkill:
    """How an outcome's spread splits into skill (between creators) and luck (within a creator).

    Shares are between 0 and 1 and add up to 1 when there is any spread; both are 0 when every
    creator has the same outcome in every world (there is nothing to explain).
    """

    skill_share: float
    luck_share: float
    skill_variance: float     # variance of creators' true average outcomes (corrected)
    luck_variance: float      # average variance of one creator's outcome across worlds
    creators: int
    replicates: int

    @property
    def total_variance(self) -> float:
        return self.skill_variance + self.luck_variance


def luck_skill_decomposition(outcomes: np.ndarray) -> LuckSkill:
    """Split the variance of ``outcomes`` (creators x replicates) into skill and luck.

    ``luck_variance`` is the mean over creators of the variance across their worlds (``ddof=1``).
    ``skill_variance`` is the variance of the creators' averages (``ddof=1``) less
    ``luck_variance / replicates``, the part of it that luck alone would produce, floored at 0.
    """
    y = np.asarray(outcomes, dtype=float)
    if y.ndim != 2 or y.shape[0] < 2 or y.shape[1] < 2:
        raise ValueError(f"outcomes: must be (creators, replicates) with at least 2 of each, got shape {y.shape}")
    if not np.all(np.isfinite(y)):
        raise ValueError("outcomes: must all be finite numbers (take logs of positive values only)")
    k, r = y.shape
    # spread within each creator, measured from their first world (exactly 0 for a constant row)
    luck = float(np.mean(np.var(y - y[:, :1], axis=1, ddof=1)))
    skill = max(0.0, float(np.var(y.mean(axis=1), ddof=1)) - luck / r)
    total = skill + luck
    if total <= 0 or total <= 1e-12 * float(np.mean(y * y)):
        return LuckSkill(0.0, 0.0, 0.0, 0.0, k, r)
    return LuckSkill(skill / total, luck / total, skill, luck, k, r)


def world_shares(outcomes: np.ndarray) -> np.ndarray:
    """Each creator's share of everything in their world: ``outcomes / column sums``
    (creators x replicates; a world in which nobody has anything gives equal shares)."""
    y = np.asarray(outcomes, dtype=float)
    if y.ndim != 2 or np.any(y < 0):
        raise ValueError("outcomes: must be (creators, replicates) of values of at least 0")
    total = y.sum(axis=0, keepdims=True)
    return np.divide(y, total, out=np.full_like(y, 1.0 / y.shape[0]), where=total > 0)


def gini_by_world(outcomes: np.ndarray) -> np.ndarray:
    """The Gini coefficient of each world (each column of ``outcomes``): inequality, as in salganik2006."""
    s = np.sort(world_shares(outcomes), axis=0)
    k = s.shape[0]
    ranks = np.arange(1, k + 1)[:, None]
    g = 2.0 * np.sum(ranks * s, axis=0) / k - (k + 1.0) / k
    return np.clip(g, 0.0, 1.0)


def unpredictability(outcomes: np.ndarray, relative: bool = False) -> float:
    """Salganik et al.'s unpredictability: for each creator, the average absolute difference of their
    share between two worlds (over all pairs of worlds), averaged over creators.

    0 when every creator gets the same share in every world; it grows when success depends on
    which world one happens to live in. With ``relative=True`` it is divided by the average share
    (1 / creators), so that markets of different sizes compare: 1 means a creator's share typically
    moves by as much as the average share from one world to another.
    """
    m = np.sort(world_shares(outcomes), axis=1)
    r = m.shape[1]
    if r < 2:
        raise ValueError(f"outcomes: need at least 2 replicates (worlds), got {r}")
    # for sorted values, the sum over pairs i < j of (m_j - m_i) counts each gap between neighbours
    # m_j - m_(j-1) once for every pair that straddles it: j x (r - j) pairs (never negative)
    j = np.arange(1, r, dtype=float)
    pair_sums = np.diff(m, axis=1) @ (j * (r - j))
    u = float(np.mean(pair_sums / (r * (r - 1) / 2.0)))
    return u * m.shape[0] if relative else u


def rank_percentiles(outcomes: np.ndarray) -> np.ndarray:
    """Each creator's rank within their world as a percentile (0 = lowest, 1 = highest),
    shape (creators, replicates); ties take the average rank."""
    y = np.asarray(outcomes, dtype=float)
    if y.ndim != 2 or y.shape[0] < 2:
        raise ValueError(f"outcomes: must be (creators, replicates) with at least 2 creators, got shape {y.shape}")
    order = np.argsort(y, axis=0, kind="stable")
    ranks = np.empty_like(order, dtype=float)
    np.put_along_axis(ranks, order, np.arange(y.shape[0], dtype=float)[:, None], axis=0)
    # average the ranks of ties
    ys = np.take_along_axis(y, order, axis=0)
    for j in range(y.shape[1]):
        vals, start, counts = np.unique(ys[:, j], return_index=True, return_counts=True)
        if counts.max() > 1:
            avg = start + (counts - 1) / 2.0
            ranks[order[:, j], j] = np.repeat(avg, counts)
    return ranks / (y.shape[0] - 1)



def most_skilled_fate(skill: np.ndarray, outcomes: np.ndarray, top_share: float = 0.1) -> tuple[float, float]:
    """Where the most skilled creators end up across worlds.

    Among the ``top_share`` most skilled creators (by ``skill``, shape (creators,)), the share of
    (creator, world) outcomes that land in the top ``top_share`` of their world, and the share that land
    in the bottom half. ``outcomes`` is (creators, replicates). With no luck the first share is 1.
    """
    if not 0.0 < float(top_share) < 1.0:
        raise ValueError(f"top_share: must be a number above 0 and below 1, got {top_share!r}")
    skill = np.asarray(skill, dtype=float)
    ranks = rank_percentiles(outcomes)
    if skill.shape != (ranks.shape[0],):
        raise ValueError(f"skill: must have one value per creator ({ranks.shape[0]}), got shape {skill.shape}")
    best = ranks[skill >= np.quantile(skill, 1.0 - top_share)]
    return float(np.mean(best >= 1.0 - top_share)), float(np.mean(best < 0.5))

def exceedance(values: np.ndarray, goals: Sequence[float] | np.ndarray) -> np.ndarray:
    """Share of ``values`` at or above each goal (a goal ladder: 'who reaches what')."""
    v = np.asarray(values, dtype=float).ravel()
    g = np.asarray(goals, dtype=float)
    if v.size == 0:
        raise ValueError("values: must hold at least one value")
    return np.mean(v[:, None] >= g.ravel()[None, :], axis=0).reshape(g.shape)
