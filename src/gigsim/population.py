"""Many creators at once: skill, luck and cumulative advantage produce a heavy tail.

Every creator makes content for the same hours. Skill differs (lognormal, median 1) and luck
strikes every month (a multiplicative lognormal shock with mean 1). A creator's monthly views are

    views = catalogue x reach x skill x (1 + followers / scale) ** alpha x luck

so views depend on the audience already built: followers bring views and views bring followers
(cumulative advantage: simon1955, merton1988, barabasi1999). Followers churn every month, and new
ones come only from people not yet reached, so no audience grows past a ceiling. The
simulation is vectorised across creators with one loop over months. The default skill spread and
advantage exponent are calibrated so that in the tenth year the top 3% of creators get about 85%
of all views, as Bärtl (2018) measured on YouTube (bartl2018).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .content import ContentParams, ContentType
from .leverage import WEEKS_PER_MONTH
from .params import ParameterError, Validated, as_generator, param


@dataclass(frozen=True)
class PopulationParams(Validated):
    """A population of creators: its size, and how skill, luck and audience shape their views."""

    creators: int = param(10_000, unit="creators", lo=1, hi=10_000_000, integer=True,
                          doc="Number of creators simulated by default")
    months: int = param(120, unit="months", lo=1, hi=1200, integer=True,
                        doc="Months simulated by default (120 = ten years)")
    content_hours_per_week: float = param(10.0, unit="hours/week", lo=0, hi=100,
                                          doc="Hours each creator spends on content in a population run")
    skill_sigma: float = param(1.35, unit="log units", lo=0, hi=5, source="bartl2018",
                               doc="Spread of skill across creators (sigma of a lognormal with median 1), "
                                   "calibrated to the top-3% share of views")
    luck_sigma: float = param(0.5, unit="log units", lo=0, hi=5,
                              doc="Spread of each month's luck (sigma of a lognormal shock with mean 1)")
    advantage_exponent: float = param(0.7, unit="1", lo=0, hi=0.95, source="bartl2018",
                                      doc="Strength of cumulative advantage (alpha): how much followers "
                                          "multiply views; calibrated to the top-3% share of views")
    advantage_scale_followers: float = param(1000.0, unit="followers", lo=1, hi=1e9,
                                             doc="Audience size at which followers start to multiply views")
    audience_ceiling_followers: float = param(1e6, unit="followers", lo=1, hi=1e12,
                                              doc="Most followers one creator can reach (the size of the "
                                                  "market for one creator's work): growth slows near it")


# --- random draws ----------------------------------------------------------------------

def draw_skill(rng: np.random.Generator, n: int, params: PopulationParams) -> np.ndarray:
    """Skill of ``n`` creators: lognormal with median 1 and log-spread ``skill_sigma``."""
    return np.exp(params.skill_sigma * rng.standard_normal(n))


def draw_luck(rng: np.random.Generator, n: int, sigma: float) -> np.ndarray:
    """One month's luck for ``n`` creators: ``exp(sigma z - sigma^2 / 2)``, mean 1.

    Drawn and computed in single precision (ample for a random shock, and faster)."""
    z = rng.standard_normal(n, dtype=np.float32)
    z *= np.float32(sigma)
    z -= np.float32(0.5 * sigma * sigma)
    return np.exp(z, out=z)


# --- the monthly step --------------------------------------------------------------------

@dataclass
class AudienceState:
    """What ``n`` creators have built: the effective catalogue and the followers."""

    catalogue: np.ndarray   # new-piece equivalents (a decaying stock)
    followers: np.ndarray

    @classmethod
    def empty(cls, n: int) -> "AudienceState":
        return cls(np.zeros(n), np.zeros(n))


def audience_month(state: AudienceState, content_hours: np.ndarray | float, skill: np.ndarray,
                   luck: np.ndarray, kind: ContentType, hours_per_piece: float,
                   pop: PopulationParams) -> np.ndarray:
    """Advance ``state`` by one month and return each creator's views in that month.

    New pieces join the catalogue (which decays with the content's half-life); views come from
    the catalogue, skill, the audience of last month and luck; followers are kept with the
    content's loyalty and gained from this month's views.
    """
    cat, fol = state.catalogue, state.followers
    cat *= kind.retention_per_month
    cat += np.asarray(content_hours) * (1.0 / hours_per_piece)
    boost = fol * (1.0 / pop.advantage_scale_followers)
    boost += 1.0
    np.power(boost, pop.advantage_exponent, out=boost)
    views = cat * kind.reach_views_per_piece_per_month
    views *= skill
    views *= boost
    views *= luck
    # new followers: each view converts, but only among people not yet reached, so the
    # audience approaches its ceiling C smoothly: gain = (C - F) (1 - exp(-views x conversion / C))
    ceiling = pop.audience_ceiling_followers
    gain = views * (-kind.conversion_followers_per_view / ceiling)
    np.expm1(gain, out=gain)
    gain *= fol - ceiling
    fol *= kind.loyalty_per_month
    fol += gain
    return views


# --- the population run -------------------------------------------------------------------

@dataclass
class PopulationResult:
    """Views of every creator in every month, plus what they ended with."""

    views_by_month: np.ndarray      # (months, creators), float32
    followers_final: np.ndarray     # (creators,)
    catalogue_final: np.ndarray     # (creators,)
    skill: np.ndarray               # (creators,)

    @property
    def months(self) -> int:
        return self.views_by_month.shape[0]

    @property
    def monthly_views(self) -> np.ndarray:
        """Views as (creators, months)."""
        return self.views_by_month.T

    def window_views(self, first_month: int | None = None, last_month: int | None = None) -> np.ndarray:
        """Each creator's views summed over months ``first_month .. last_month`` (inclusive).

        By default the last 12 months (all months if there are fewer)."""
        last = self.months - 1 if last_month is None else last_month
        first = max(0, last - 11) if first_month is None else first_month
        if not 0 <= first <= last < self.months:
            raise ValueError(f"window: months must satisfy 0 <= first <= last < {self.months}, got {first}..{last}")
        return self.views_by_month[first:last + 1].sum(axis=0, dtype=np.float64)

    def concentration(self, first_month: int | None = None, last_month: int | None = None) -> dict:
        """Top shares, Gini, median and mean of views in a window (default: the last 12 months)."""
        from .metrics import gini, top_share
        v = self.window_views(first_month, last_month)
        return dict(top_1pct_share=top_share(v, 0.01), top_3pct_share=top_share(v, 0.03),
                    top_10pct_share=top_share(v, 0.10), gini=gini(v),
                    views_median=float(np.median(v)), views_mean=float(v.mean()))


def _given_skill(skill, n: int) -> np.ndarray:
    """Skills passed by the caller, checked: ``n`` finite numbers above 0 (ParameterError otherwise)."""
    values = np.asarray(skill, dtype=float)
    if values.shape != (n,):
        raise ParameterError([f"skill: must be {n:,} numbers (one per creator), got an array of shape {values.shape}"])
    bad = ~(np.isfinite(values) & (values > 0))
    if bad.any():
        raise ParameterError([f"skill: must be numbers above 0, got {float(values[bad][0])!r} for creator "
                              f"{int(np.flatnonzero(bad)[0])}"])
    return values.copy()


def simulate_population(params, n_creators: int | None = None, months: int | None = None,
                        rng: np.random.Generator | int | None = None,
                        progress: Callable[[int], object] | None = None,
                        threads: int | None = None, skill: np.ndarray | None = None) -> PopulationResult:
    """Simulate a population of content creators.

    ``params`` is a scenario (anything with ``.population`` and ``.content``, such as
    :func:`gigsim.scenario.default_scenario`), or a :class:`PopulationParams` (then the
    default content is used). ``n_creators`` and ``months`` default to the population's.
    ``rng`` is a seeded ``numpy.random.Generator`` (an int is taken as a seed).
    ``progress``, if given, is called with 1 after every month. ``threads``: blocks of creators
    stepped in parallel (default: 2 for 50,000 creators or more); results do not depend on it.
    ``skill``, if given, fixes every creator's skill (``n_creators`` positive numbers; 1 is the median
    creator) instead of drawing it, so that only luck differs; ``rng`` then draws luck alone.
    """
    if isinstance(params, PopulationParams):
        pop, content = params, ContentParams()
    else:
        pop, content = params.population, params.content
    n = pop.creators if n_creators is None else int(n_creators)
    t_max = pop.months if months is None else int(months)
    if n < 1 or t_max < 1:
        raise ValueError(f"n_creators and months: must be at least 1, got {n!r} and {t_max!r}")
    rng = as_generator(rng)
    kind = content.kind
    skill = draw_skill(rng, n, pop) if skill is None else _given_skill(skill, n)
    hours = pop.content_hours_per_week * WEEKS_PER_MONTH
    state = AudienceState.empty(n)
    views = np.empty((t_max, n), dtype=np.float32)
    # Creators do not interact, so large runs step blocks of creators in parallel threads (numpy
    # releases the GIL). The random numbers are drawn for everyone first: results never depend on it.
    workers = (2 if n >= 50_000 else 1) if threads is None else max(1, int(threads))
    edges = np.linspace(0, n, workers + 1).astype(int)
    blocks = [(AudienceState(state.catalogue[a:b], state.followers[a:b]), slice(a, b))
              for a, b in zip(edges[:-1], edges[1:]) if b > a]
    pool = ThreadPoolExecutor(max_workers=len(blocks)) if len(blocks) > 1 else None

    def step(block, t, luck):
        part, sl = block
        views[t, sl] = audience_month(part, hours, skill[sl], luck[sl], kind, content.hours_per_piece, pop)

    try:
        for t in range(t_max):
            luck = draw_luck(rng, n, pop.luck_sigma)
            if pool is None:
                step(blocks[0], t, luck)
            else:
                for f in [pool.submit(step, b, t, luck) for b in blocks]:
                    f.result()
            if progress is not None:
                progress(1)
    finally:
        if pool is not None:
            pool.shutdown()
    return PopulationResult(views, state.followers, state.catalogue, skill)
