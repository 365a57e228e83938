"""Content first, subcontracting, or both: the course's headline simulation (chapter 7).

One population of creators (the same skill and the same monthly luck and client offers for every
strategy, so comparisons are *paired*) lives through three ways of spending the same weekly hours:

* ``subcontract``: every hour is sold to clients (:mod:`gigsim.subcontract`);
* ``content_first``: every hour goes into content and the audience it builds (:mod:`gigsim.population`,
  monetised by :mod:`gigsim.monetise`);
* ``hybrid``: subcontract first, then move hours to content from a switching month, at once or over a ramp.

Everyone pays the same living costs out of starting savings plus income. **Running out**: at the end of
the first month in which a creator's savings fall below zero, that creator is *out*: from the next month
on they spend all their hours on subcontracting (their catalogue and audience stay and keep earning, but
grow no more). The month is recorded (``out_month``; -1 = never). Savings may go negative (debt).

**What the foothold teaches** (optional, off by default). The article values subcontracting as a place to learn
the landscape and how customers are found. With ``strategy.content_skill_gain_per_subcontract_year`` above zero,
a creator's *content* skill (the skill that multiplies views) grows with the subcontracting they have done so far:
``skill x (1 + gain x min(years, strategy.content_skill_gain_max_years))``, where ``years`` counts the hours
worked for clients in years of 52 weeks at the plan's ``hours_per_week`` (full-time-equivalent years). The
subcontracting rate keeps using the plain skill. With the default gain of 0 nothing is computed and every
result is exactly what it was without the feature.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from . import metrics
from .leverage import WEEKS_PER_MONTH
from .monetise import MINUTES_PER_HOUR
from .params import ParameterError, Validated, as_generator, checked_number, param
from .population import AudienceState, audience_month, draw_luck, draw_skill
from .subcontract import ClientBook, ClientNoise, client_month, draw_client_noise, end_client_month, \
    subcontract_net_income_jpy

STRATEGIES: tuple[str, ...] = ("subcontract", "content_first", "hybrid")
INCOME_SOURCES: tuple[str, ...] = ("subcontract", "ads", "products", "services")
STRATEGY_LABELS = {"subcontract": "Subcontract only", "content_first": "Content first", "hybrid": "Hybrid"}


@dataclass(frozen=True)
class StrategyParams(Validated):
    """The creator's time budget, money cushion, and the hybrid's schedule."""

    hours_per_week: float = param(40.0, unit="hours/week", lo=0, hi=100,
                                  doc="Working hours a week, shared between subcontracting and content")
    living_cost_jpy_per_month: float = param(150_000.0, unit="JPY/month", lo=0, hi=1e8,
                                             doc="Living costs paid every month from income or savings")
    starting_savings_jpy: float = param(1_000_000.0, unit="JPY", lo=0, hi=1e10,
                                        doc="Savings at month 0")
    hybrid_switch_month: int = param(12, unit="month", lo=0, hi=1200, integer=True,
                                     doc="Month in which the hybrid starts moving hours to content")
    hybrid_ramp_months: int = param(12, unit="months", lo=0, hi=1200, integer=True,
                                    doc="Months over which the move is spread (0: all at once)")
    hybrid_initial_content_share: float = param(0.0, unit="share", lo=0, hi=1,
                                                doc="Share of hours the hybrid spends on content before the switch")
    hybrid_final_content_share: float = param(0.5, unit="share", lo=0, hi=1,
                                              doc="Share of hours the hybrid spends on content after the ramp")
    content_skill_gain_per_subcontract_year: float = param(
        0.0, unit="share/year", lo=0, hi=2,
        doc="How much a year of subcontracting raises a creator's content skill (the foothold's learning value): "
            "skill x (1 + gain x years), years capped at content_skill_gain_max_years; 0: subcontracting "
            "teaches nothing about content")
    content_skill_gain_max_years: float = param(
        4.0, unit="years", lo=0, hi=100,
        doc="Years of subcontracting after which it teaches nothing more about content (the cap on years in "
            "the content-skill gain)")

    @property
    def hours_per_month(self) -> float:
        return self.hours_per_week * WEEKS_PER_MONTH


def planned_content_share(strategy: str, month: int, params: StrategyParams) -> float:
    """Share of the hours a strategy plans to spend on content in ``month`` (before any running out)."""
    if strategy == "subcontract":
        return 0.0
    if strategy == "content_first":
        return 1.0
    if strategy == "hybrid":
        a, b = params.hybrid_initial_content_share, params.hybrid_final_content_share
        if month < params.hybrid_switch_month:
            return a
        if params.hybrid_ramp_months == 0:
            return b
        done = min(1.0, (month - params.hybrid_switch_month + 1) / params.hybrid_ramp_months)
        return a + (b - a) * done
    raise ValueError(f"strategy: must be one of {', '.join(STRATEGIES)}, got {strategy!r}")


def content_skill_factor(experience_hours: np.ndarray, params: StrategyParams) -> np.ndarray:
    """Factor on content skill from subcontracting experience (the foothold's learning value).

    ``1 + gain x min(years, max_years)``, where ``years = experience_hours / (52 x hours_per_week)``:
    hours worked for clients so far, in full-time-equivalent years at the plan's weekly hours.
    With ``hours_per_week`` = 0 nobody gains experience and the factor is 1.
    """
    experience = np.asarray(experience_hours, dtype=float)
    year_hours = params.hours_per_week * 52.0
    if year_hours <= 0:
        return np.ones_like(experience)
    years = np.minimum(experience / year_hours, params.content_skill_gain_max_years)
    return 1.0 + params.content_skill_gain_per_subcontract_year * years


# --- random draws shared by all strategies ---------------------------------------------

@dataclass
class MonthNoise:
    """Everything random in one month, for all creators: drawn once, used by every strategy."""

    luck: np.ndarray          # (n,) multiplicative luck on views, mean 1
    clients: ClientNoise      # client offers


def draw_month_noise(rng: np.random.Generator, n: int, scenario) -> MonthNoise:
    """Draw one month of luck and client offers for ``n`` creators."""
    luck = draw_luck(rng, n, scenario.population.luck_sigma)
    return MonthNoise(luck, draw_client_noise(rng, n, scenario.subcontract))


def draw_noise(rng: np.random.Generator, n: int, months: int, scenario) -> tuple[np.ndarray, list[MonthNoise]]:
    """Pre-draw skill and every month's noise, in exactly the order :func:`simulate_strategies` draws them
    (for tests and for re-running the same world with changed rules)."""
    skill = draw_skill(rng, n, scenario.population)
    return skill, [draw_month_noise(rng, n, scenario) for _ in range(months)]


# --- one strategy's state and monthly step ------------------------------------------------

@dataclass
class CreatorState:
    """Everything one strategy's creators carry from month to month."""

    book: ClientBook
    audience: AudienceState
    watch_ring: np.ndarray        # (12, n) watch hours of the last 12 months
    watch_12m: np.ndarray         # (n,) their sum
    partner: np.ndarray           # (n,) bool: admitted to the partner programme (stays admitted)
    savings: np.ndarray           # (n,) JPY
    out: np.ndarray               # (n,) bool: ran out of savings
    out_month: np.ndarray         # (n,) month of running out, -1 = never
    made_content: bool = False    # some content was ever planned (before that, content is all zeros)
    book_cleared: bool = True     # the client book is known to be empty

    @classmethod
    def start(cls, n: int, scenario) -> "CreatorState":
        return cls(ClientBook.empty(n, scenario.subcontract.max_clients), AudienceState.empty(n),
                   np.zeros((12, n)), np.zeros(n), np.zeros(n, dtype=bool),
                   np.full(n, float(scenario.strategy.starting_savings_jpy)), np.zeros(n, dtype=bool),
                   np.full(n, -1, dtype=np.int64))


def strategy_month(state: CreatorState, month: int, share: float, noise: MonthNoise, skill: np.ndarray,
                   rate_skill_factor: np.ndarray, scenario) -> dict[str, np.ndarray]:
    """Advance one strategy's creators by one month; return this month's income by source (JPY).

    ``share`` is the planned content share of hours; creators who are out spend none on content.
    """
    sp, sub, mon, con = scenario.strategy, scenario.subcontract, scenario.monetise, scenario.content
    n = skill.shape[0]
    hours = sp.hours_per_month
    any_out = bool(state.out.any())
    if any_out:
        content_hours = hours * np.where(state.out, 0.0, share)
        sub_hours = hours - content_hours
    else:   # everyone follows the plan: plain numbers broadcast, saving work
        content_hours = hours * share
        sub_hours = np.float64(hours - content_hours)

    # subcontracting (skipped when nobody sells hours and the client book is empty)
    if any_out or share < 1.0 or not state.book_cleared:
        demanded, _ = client_month(state.book, sub_hours, noise.clients, biggest=False)
        worked = np.minimum(demanded, sub_hours)
        gap = sub.rate_ceiling_jpy_per_hour - sub.start_rate_jpy_per_hour
        rate = np.exp(state.book.experience_hours * (-1.0 / sub.experience_scale_hours))
        rate *= -gap
        rate += sub.rate_ceiling_jpy_per_hour
        rate *= rate_skill_factor
        rate *= (1.0 - sub.price_pressure_per_month) ** month
        sub_income = subcontract_net_income_jpy(state.book, demanded, worked, rate, sub.fee_schedule)
        end_client_month(state.book, worked)
        state.book_cleared = share >= 1.0 and not any_out
    else:
        sub_income = np.zeros(n)

    # content, audience and its money (skipped until someone has made content)
    state.made_content |= share > 0
    if state.made_content:
        aud = state.audience
        svc_hours = np.minimum(aud.followers * (mon.service_hours_per_1000_followers / 1000.0),
                               content_hours * mon.service_max_share_of_hours)
        content_skill = skill
        if sp.content_skill_gain_per_subcontract_year > 0:   # default 0: the plain skill, untouched
            content_skill = skill * content_skill_factor(state.book.experience_hours, sp)
        views = audience_month(aud, content_hours - svc_hours, content_skill, noise.luck, con.kind,
                               con.hours_per_piece, scenario.population)
        watched = views * (mon.watch_minutes_per_view / MINUTES_PER_HOUR)
        slot = month % 12
        state.watch_12m += watched - state.watch_ring[slot]
        state.watch_ring[slot] = watched
        state.partner |= (aud.followers >= mon.ypp_min_followers) & (state.watch_12m >= mon.ypp_min_watch_hours_12m)
        ads = views * (mon.rpm_jpy / 1000.0) * state.partner
        products = aud.followers * (mon.paying_fan_share * mon.profit_jpy_per_fan_per_year / 12.0)
        products *= aud.followers >= mon.product_min_followers
        services = svc_hours * mon.service_rate_jpy_per_hour
    else:
        ads = products = services = np.zeros(n)

    income = sub_income + ads + products + services
    state.savings += income - sp.living_cost_jpy_per_month
    newly_out = (state.savings < 0) & ~state.out
    if newly_out.any():
        state.out_month[newly_out] = month
        state.out |= newly_out
    return dict(total=income, subcontract=sub_income, ads=ads, products=products, services=services)


# --- results -------------------------------------------------------------------------------

@dataclass
class StrategyPath:
    """One strategy's outcome for every creator."""

    name: str
    income_by_month: np.ndarray               # (months, creators) float32, JPY
    out_month: np.ndarray                     # (creators,) -1 = never ran out
    savings_final_jpy: np.ndarray             # (creators,)
    followers_final: np.ndarray               # (creators,)
    mean_income_by_source_jpy: dict[str, np.ndarray] = field(default_factory=dict)  # source -> (months,)

    @property
    def monthly_income_jpy(self) -> np.ndarray:
        """Monthly income as (creators, months)."""
        return self.income_by_month.T

    @property
    def cumulative_income_jpy(self) -> np.ndarray:
        """Income earned so far, as (creators, months), float64."""
        return np.cumsum(self.income_by_month, axis=0, dtype=np.float64).T


@dataclass
class StrategyResults:
    """The three strategies run on one population."""

    scenario: object
    skill: np.ndarray
    paths: dict[str, StrategyPath]

    def __getitem__(self, name: str) -> StrategyPath:
        return self.paths[name]

    @property
    def months(self) -> int:
        return next(iter(self.paths.values())).income_by_month.shape[0]

    @property
    def n_creators(self) -> int:
        return self.skill.shape[0]

    def quantiles(self, name: str, cumulative: bool = False) -> dict[str, np.ndarray]:
        """p10/p50/p90 across creators for every month, of monthly or cumulative income."""
        by_month = self.paths[name].income_by_month          # (months, creators): fast along rows
        if cumulative:
            by_month = np.cumsum(by_month, axis=0, dtype=np.float64)
        return metrics.quantiles_by_month(by_month, months_first=True)

    def cumulative_gap_jpy(self, a: str, b: str, months: int | None = None) -> np.ndarray:
        """(months, creators): income earned so far under ``a`` minus under ``b``, creator by creator
        (paired: the same creators), for the first ``months`` months (default: all)."""
        end = self.months if months is None else months
        gap = np.cumsum(self.paths[a].income_by_month[:end], axis=0, dtype=np.float64)
        gap -= np.cumsum(self.paths[b].income_by_month[:end], axis=0, dtype=np.float64)
        return gap

    def prob_ahead_by_month(self, a: str, b: str, margin_jpy: float = 0.0) -> np.ndarray:
        """For every month, the share of creators who have earned more so far under ``a`` than under
        ``b`` by more than ``margin_jpy`` (0: by any amount, even one yen)."""
        return np.mean(self.cumulative_gap_jpy(a, b) > _margin(margin_jpy), axis=1)

    def prob_ahead(self, a: str, b: str, month: int, margin_jpy: float = 0.0) -> float:
        """Share of creators who have earned more under ``a`` than under ``b`` by the end of ``month``
        (0-based), by more than ``margin_jpy``; month ``t`` of :meth:`prob_ahead_by_month`."""
        if not 0 <= month < self.months:
            raise ParameterError([f"month: must be a whole number from 0 to {self.months - 1}, got {month!r}"])
        return float(np.mean(self.cumulative_gap_jpy(a, b, month + 1)[month] > _margin(margin_jpy)))

    def prob_run_out(self, name: str) -> float:
        """Share of creators who ran out of savings at some point."""
        return metrics.prob_run_out(self.paths[name].out_month)

    def median_crossover_month(self, behind: str, ahead: str) -> int | None:
        """Month from which the median cumulative income of ``ahead`` stays at or above ``behind``'s."""
        qb = np.median(self.paths[behind].cumulative_income_jpy, axis=0)
        qa = np.median(self.paths[ahead].cumulative_income_jpy, axis=0)
        return metrics.crossover_month(qb, qa)

    def crossover_months(self, behind: str, ahead: str) -> np.ndarray:
        """Per creator, the month from which ``ahead`` has earned at least as much in total as ``behind``
        and stays so to the end (-1: never)."""
        return metrics.first_month_at_or_above(self.cumulative_gap_jpy(ahead, behind).T, 0.0)

    def break_even_months(self, name: str) -> np.ndarray:
        """Per creator, the month from which monthly income covers living costs for good (-1: never)."""
        return metrics.break_even_month(self.paths[name].monthly_income_jpy,
                                        self.scenario.strategy.living_cost_jpy_per_month)

    def summary(self, horizons: Sequence[int] = (12, 36, 60), margin_jpy: float = 0.0) -> dict:
        """Everything ``gigsim compare --json`` prints (unrounded). Content first counts as ahead when it
        has earned more than ``margin_jpy`` more."""
        out = {"creators": self.n_creators, "months": self.months, "ahead_margin_jpy": _margin(margin_jpy),
               "strategies": {}}
        for name, path in self.paths.items():
            out["strategies"][name] = {
                "monthly_income_jpy": {k: v.tolist() for k, v in self.quantiles(name).items()},
                "cumulative_income_jpy": {k: v.tolist() for k, v in self.quantiles(name, True).items()},
                "prob_run_out": self.prob_run_out(name),
            }
        if "content_first" in self.paths:
            out["prob_content_first_ahead"] = {
                other: {str(h): self.prob_ahead("content_first", other, h - 1, margin_jpy)
                        for h in horizons if h <= self.months}
                for other in self.paths if other != "content_first"}
        return out


def _margin(margin_jpy: float) -> float:
    """A margin for "ahead", in yen: a finite number of at least 0 (ParameterError otherwise)."""
    return checked_number(margin_jpy, "margin_jpy", lo=0)


# --- the top-level simulation -----------------------------------------------------------

def simulate_strategies(scenario=None, n_creators: int | None = None, months: int | None = None,
                        rng: np.random.Generator | int | None = None, *,
                        strategies: Sequence[str] = STRATEGIES,
                        noise: tuple[np.ndarray, Sequence[MonthNoise]] | None = None,
                        progress: Callable[[int], object] | None = None,
                        threads: int | None = None) -> StrategyResults:
    """Run the strategies on one population of ``n_creators`` for ``months`` months.

    ``scenario`` defaults to :func:`gigsim.scenario.default_scenario`; ``n_creators`` and ``months``
    to the scenario's population. ``rng`` is a seeded ``numpy.random.Generator`` (an int is taken
    as a seed). Skill is drawn once and each month's luck and client offers once, and all strategies
    use them. ``noise`` = ``(skill, [MonthNoise, ...])`` replaces the draws (see :func:`draw_noise`).
    ``progress``, if given, is called with 1 after every month. ``threads``: worker threads for the
    strategies (default: one per strategy for 20,000 creators or more, else 1); results never depend on it.
    """
    if scenario is None:
        from .scenario import default_scenario
        scenario = default_scenario()
    n = scenario.population.creators if n_creators is None else int(n_creators)
    t_max = scenario.population.months if months is None else int(months)
    problems = []
    if n < 1:
        problems.append(f"n_creators: must be a whole number of at least 1, got {n!r}")
    if t_max < 1:
        problems.append(f"months: must be a whole number of at least 1, got {t_max!r}")
    bad = [s for s in strategies if s not in STRATEGIES]
    if bad or not strategies:
        problems.append(f"strategies: must be some of {', '.join(STRATEGIES)}, got {list(strategies)!r}")
    if problems:
        raise ParameterError(problems)
    if noise is None:
        rng = as_generator(rng)
        skill = draw_skill(rng, n, scenario.population)
        month_noise = None
    else:
        skill, month_noise = noise
        skill = np.asarray(skill, dtype=float)
        if skill.shape != (n,) or len(month_noise) < t_max:
            raise ValueError(f"noise: needs skill of shape ({n},) and at least {t_max} months of noise")
    rate_skill_factor = skill ** scenario.subcontract.rate_skill_exponent
    states = {s: CreatorState.start(n, scenario) for s in strategies}
    incomes = {s: np.empty((t_max, n), dtype=np.float32) for s in strategies}
    means = {s: {src: np.zeros(t_max) for src in INCOME_SOURCES} for s in strategies}

    def run_month(s: str, t: int, noise_t: MonthNoise) -> None:
        share = planned_content_share(s, t, scenario.strategy)
        parts = strategy_month(states[s], t, share, noise_t, skill, rate_skill_factor, scenario)
        incomes[s][t] = parts["total"]
        for src in INCOME_SOURCES:
            means[s][src][t] = float(np.mean(parts[src]))

    def month_draws(t: int) -> MonthNoise:
        return month_noise[t] if month_noise is not None else draw_month_noise(rng, n, scenario)

    # Strategies are independent given the month's noise, so large runs step them in parallel
    # threads (numpy releases the GIL), while another thread draws the next month's noise. The
    # draws still happen one month after another, so the numbers are the same as a serial run.
    workers = (len(strategies) if n >= 20_000 else 1) if threads is None else max(1, int(threads))
    if workers == 1:
        for t in range(t_max):
            noise_t = month_draws(t)
            for s in strategies:
                run_month(s, t, noise_t)
            if progress is not None:
                progress(1)
    else:
        with ThreadPoolExecutor(max_workers=workers + 1) as pool:
            upcoming = pool.submit(month_draws, 0)
            for t in range(t_max):
                noise_t = upcoming.result()
                if t + 1 < t_max:
                    upcoming = pool.submit(month_draws, t + 1)
                for f in [pool.submit(run_month, s, t, noise_t) for s in strategies]:
                    f.result()
                if progress is not None:
                    progress(1)
    paths = {s: StrategyPath(s, incomes[s], states[s].out_month, states[s].savings,
                             states[s].audience.followers, means[s]) for s in strategies}
    return StrategyResults(scenario, skill, paths)
