"""Calibration: the published figures, the values the model uses, and what the model produces.

Every sourced figure the course relies on becomes one :class:`CalibrationRow`. A row says what was
published (with its bibliography key and the confidence of ``calibration-sources.md``), which default
in ``gigsim`` it bears on (read from the code, never typed), what the model gives when it is run (computed
here, with seeded generators), and whether that value lies in a band around the published figure.

A row has one of three *roles*:

* ``input``: the default *is* the published figure (a fee, a threshold, an open rate). Passing is
  bookkeeping: it shows the code still says what the source says.
* ``target``: the defaults were tuned until the model reproduced the figure (the top-3% share of views,
  the single-client share). Passing shows the tuning still holds; it is not independent evidence.
* ``check``: the figure played no part in choosing the defaults. Only these rows test the model; a row
  that fails says where the model and the world disagree.

Bands: a published "about x" is read as x plus or minus a tolerance (:class:`CalibrationSettings`); a
published range is the range itself; an exact rule (a fee, a threshold) must match to rounding. A
simulated value is compared as it is displayed (shares rounded to 0.1 percentage point), so the table
never shows a value inside its band marked "no".
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from math import erf, isclose, log, sqrt
from typing import Sequence

import numpy as np

from .cli import DEFAULT_SEED
from .clients import simulate_schedule
from .content import ViewsPerPiece, share_below
from .funnel import FunnelParams
from .growth import BassDiffusion, bass_peak_year
from .leverage import LeveragedWork, LinearWork
from .monetise import MonetiseParams, true_fans_needed
from .params import Validated, describe, param
from .population import simulate_population
from .subcontract import FEE_SCHEDULES, effective_fee_share

ROLES = ("input", "target", "check")
CONFIDENCE = ("High", "Med", "Med–High", "Low")
#: Topics in the order the appendix shows them, with their headings.
TOPICS = {
    "audiences": "Concentration of audiences",
    "platforms": "Platform rules and advertising",
    "fans": "Fans, newsletters and email",
    "subcontracting": "Subcontracting platforms and freelancers",
    "models": "Models the course teaches",
}
SUBCONTRACT_MONTHS = 60                 # five years: year 3 is months 24-35, year 5 is months 48-59
FEE_CONTRACTS_JPY = (10_000.0, 50_000.0, 150_000.0, 300_000.0, 1_000_000.0)

#: Published shares behind the audience rows (and the appendix's figures): bartl2018 and mcgrady2023.
PUBLISHED = {
    "top3_share": 0.85,                 # top 3% of channels' share of views, on average (bartl2018, High)
    "top3_share_2006": (0.63, 0.64),    # ... in 2006 (bartl2018, Med)
    "top3_share_2016": 0.90,            # ... in 2016 (bartl2018, Med)
    "under_views": {100: 0.65, 1_000: 0.87},   # share of videos under that many views (mcgrady2023, Med)
    "over_10000_share": 0.04,           # share of videos over 10,000 views (mcgrady2023, Med)
    "over_10000_views_share": 0.94,     # ... and their share of all views (mcgrady2023, Med)
}


@dataclass(frozen=True)
class CalibrationSettings(Validated):
    """How the calibration appendix compares the model with published figures (all assumptions)."""

    jpy_per_usd: float = param(150.0, unit="JPY/USD", lo=1, hi=1000,
                               doc="Exchange rate used to compare dollar figures with the yen defaults "
                                   "(the rate gigsim.monetise assumes for Kelly's 100 dollars a fan)")
    share_tolerance: float = param(0.05, unit="share", lo=0, hi=1,
                                   doc="Half-width of the band around a published 'about x%' share "
                                       "(0.05 = 5 percentage points; never more than relative_tolerance of x)")
    relative_tolerance: float = param(0.25, unit="share", lo=0, hi=1,
                                      doc="Half-width of the band around a published 'about x', as a share of x")
    runs: int = param(10, unit="runs", lo=1, hi=1000, integer=True,
                      doc="Independent population runs (each with the default number of creators); "
                          "the table shows their median")
    workers: int = param(5000, unit="workers", lo=1, hi=1_000_000, integer=True,
                         doc="Subcontractors simulated for the freelancer comparisons (five years each)")


# --- rows -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    """One number compared with a band ``lo <= value <= hi`` (inclusive; exact rules use lo == hi)."""

    value: float
    lo: float
    hi: float

    @property
    def passes(self) -> bool:
        if isclose(self.value, self.lo, rel_tol=1e-9, abs_tol=1e-12) or \
                isclose(self.value, self.hi, rel_tol=1e-9, abs_tol=1e-12):
            return True
        return self.lo <= self.value <= self.hi

    @property
    def at_edge(self) -> bool:
        """True when the value passes but lies in the outer tenth of a band of positive width."""
        width = self.hi - self.lo
        return width > 0 and self.passes and min(self.value - self.lo, self.hi - self.value) <= 0.1 * width


@dataclass(frozen=True)
class CalibrationRow:
    """One published figure next to the model.

    ``model`` and ``simulated`` are display texts built from the code's values; ``checks`` holds the
    numbers behind the verdict (empty: nothing to compare); ``parameters`` names the defaults used, as
    ``"module.Class.field"`` (fee schedules as ``"subcontract.FEE_SCHEDULES[name]"``).
    """

    topic: str
    figure: str
    source: str
    confidence: str
    role: str
    model: str
    simulated: str
    checks: tuple[Check, ...]
    band: str
    parameters: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems = []
        if self.topic not in TOPICS:
            problems.append(f"topic: must be one of {', '.join(TOPICS)}, got {self.topic!r}")
        if self.role not in ROLES:
            problems.append(f"role: must be one of {', '.join(ROLES)}, got {self.role!r}")
        if self.confidence not in CONFIDENCE:
            problems.append(f"confidence: must be one of {', '.join(CONFIDENCE)}, got {self.confidence!r}")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def within(self) -> bool | None:
        """True when every checked number is in its band; None when there is nothing to check."""
        if not self.checks:
            return None
        return all(c.passes for c in self.checks)

    @property
    def verdict(self) -> str:
        """"yes", "no" or "—" (nothing to compare)."""
        return {True: "yes", False: "no", None: "—"}[self.within]

    @property
    def at_edge(self) -> bool:
        """True when the row passes with some number in the outer tenth of its band."""
        return bool(self.within) and any(c.at_edge for c in self.checks)


# --- small formatting helpers -------------------------------------------------------------

def _pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f}%"


def _band_pct(lo: float, hi: float) -> str:
    """A band of shares as "80–90%" or "23.3–33.3%" (0.1-point precision, trailing zeros dropped)."""
    def num(x: float) -> str:
        return f"{100 * x:.1f}".rstrip("0").rstrip(".")
    return f"{num(lo)}–{num(hi)}%"


def _shown(x: float) -> float:
    """A share as the table shows it (rounded to 0.1 percentage point)."""
    return round(float(x), 3)


def _yen(x: float) -> str:
    return f"¥{x:,.0f}"


def _million_yen(x: float) -> str:
    return f"¥{x / 1e6:.2f} million"


def _default(cls: type, name: str):
    return {f.name: f for f in dataclasses.fields(cls)}[name].default


def about_band(x: float, settings: CalibrationSettings, share: bool = True) -> tuple[float, float]:
    """The band read into a published "about x": x plus or minus the share tolerance (capped at the
    relative tolerance of x) for a share, or the relative tolerance of x for any other quantity."""
    half = settings.relative_tolerance * abs(x)
    if share:
        half = min(settings.share_tolerance, half)
    return x - half, x + half


def range_band(lo: float, hi: float, settings: CalibrationSettings) -> tuple[float, float]:
    """A published range of shares ``lo``-``hi``, widened on each side by the tolerance of its midpoint."""
    half = about_band((lo + hi) / 2, settings)[1] - (lo + hi) / 2
    return lo - half, hi + half


def _exact(value: float, published: float) -> Check:
    return Check(float(value), float(published), float(published))


def _exact_all(values: Sequence[float], published: Sequence[float]) -> tuple[Check, ...]:
    """Exact checks of several numbers; a different count of numbers fails (a schedule changed shape)."""
    if len(values) != len(published):
        return (Check(float(len(values)), float(len(published)), float(len(published))),)
    return tuple(_exact(v, p) for v, p in zip(values, published))


# --- model runs --------------------------------------------------------------------------

def share_of_views_above(spec: ViewsPerPiece, views: float) -> float:
    """Share of all views that go to pieces with more than ``views`` views, under the lognormal long tail.

    The closed form of a lognormal's partial mean: ``1 - Phi((ln v - ln median - sigma^2) / sigma)``.
    It is the share in an unlimited sample; a finite sample usually misses part of the far tail.
    """
    if views <= 0:
        return 1.0
    if spec.sigma == 0:
        return float(spec.median_views > views)
    z = (log(views) - log(spec.median_views) - spec.sigma ** 2) / spec.sigma
    return 1.0 - 0.5 * (1.0 + erf(z / sqrt(2.0)))


def _seeds(seed: int, n: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]


def top3_share_by_year(scenario=None, runs: int = 10, seed: int = DEFAULT_SEED) -> np.ndarray:
    """Share of views going to the top 3% of creators in each simulated year, for ``runs`` independent
    population runs of the scenario's default size: an array of shape (runs, years).

    Run ``k`` uses the ``k``-th child of ``numpy.random.SeedSequence(seed)``.
    """
    from .scenario import default_scenario
    scenario = default_scenario() if scenario is None else scenario
    if runs < 1:
        raise ValueError(f"runs: must be at least 1, got {runs!r}")
    years = scenario.population.months // 12
    if years < 1:
        raise ValueError(f"population.months: must be at least 12 for yearly shares, got {scenario.population.months!r}")
    out = np.empty((runs, years))
    for k, rng in enumerate(_seeds(seed, runs)):
        res = simulate_population(scenario, rng=rng)
        for y in range(years):
            out[k, y] = res.concentration(12 * y, 12 * y + 11)["top_3pct_share"]
    return out


@dataclass(frozen=True)
class FreelancerSummary:
    """What the simulated subcontractors look like next to the surveys."""

    single_client_share: float       # months with clients in which there was exactly one
    few_clients_share: float         # ... two or three
    median_income_year3_jpy: float   # median income after fee in months 24-35
    band_2_3m_share_year3: float     # share of workers whose year-3 income is 2 to 3 million yen
    median_rate_year5_jpy: float     # median hourly rate charged in months 48-59
    income_year3_jpy: np.ndarray     # every worker's year-3 income (for figures)


def freelancer_summary(scenario=None, workers: int = 5000, seed: int = DEFAULT_SEED) -> FreelancerSummary:
    """Simulate ``workers`` subcontractors for five years with the scenario's market and weekly hours,
    and summarise them the way the surveys count freelancers (``numpy.random.default_rng(seed)``, the
    seed the command line uses by default)."""
    from .scenario import default_scenario
    scenario = default_scenario() if scenario is None else scenario
    if workers < 1:
        raise ValueError(f"workers: must be at least 1, got {workers!r}")
    rng = np.random.default_rng(seed)
    hours = np.full(SUBCONTRACT_MONTHS, scenario.strategy.hours_per_week)
    res = simulate_schedule(scenario.subcontract, hours, workers, rng)
    with_clients = res.n_clients[res.n_clients > 0]
    single = float(np.mean(with_clients == 1)) if with_clients.size else 0.0
    few = float(np.mean((with_clients >= 2) & (with_clients <= 3))) if with_clients.size else 0.0
    year3 = res.income_jpy[:, 24:36].sum(axis=1)
    return FreelancerSummary(
        single_client_share=single, few_clients_share=few,
        median_income_year3_jpy=float(np.median(year3)),
        band_2_3m_share_year3=float(np.mean((year3 >= 2e6) & (year3 < 3e6))),
        median_rate_year5_jpy=float(np.median(res.rate_jpy_per_hour[:, 48:60])),
        income_year3_jpy=year3)


# --- the table -----------------------------------------------------------------------------

def calibration_rows(settings: CalibrationSettings = CalibrationSettings(), seed: int = DEFAULT_SEED,
                     scenario=None) -> list[CalibrationRow]:
    """Every compared figure as a :class:`CalibrationRow`, in the order of :data:`TOPICS`.

    ``scenario`` (default: :func:`gigsim.scenario.default_scenario`) supplies the population, subcontract,
    monetise and strategy values; the funnel, Bass, long-tail and chapter 2 models use their class defaults.
    """
    from .scenario import default_scenario
    sc = default_scenario() if scenario is None else scenario
    s = settings
    rows: list[CalibrationRow] = []
    add = rows.append

    # --- concentration of audiences -----------------------------------------------------------
    pop = sc.population
    shares = top3_share_by_year(sc, s.runs, seed)
    first, last = np.median(shares[:, 0]), np.median(shares[:, -1])
    years = shares.shape[1]
    runs_text = f"median of {s.runs} runs"
    calibrated = (f"`PopulationParams.skill_sigma` = {pop.skill_sigma:g}, "
                  f"`advantage_exponent` = {pop.advantage_exponent:g} (fitted)")
    spread = f"; single runs {_band_pct(shares[:, -1].min(), shares[:, -1].max())}"
    lo, hi = about_band(PUBLISHED["top3_share"], s)
    add(CalibrationRow("audiences", "The top 3% of YouTube channels get about 85% of all views", "bartl2018",
                       "High", "target", calibrated,
                       f"top 3% of {pop.creators:,} creators get {_pct(last)} of views in year {years} "
                       f"({runs_text}{spread})",
                       (Check(_shown(last), lo, hi),), _band_pct(lo, hi),
                       ("population.PopulationParams.skill_sigma", "population.PopulationParams.advantage_exponent")))
    lo, hi = range_band(*PUBLISHED["top3_share_2006"], s)
    add(CalibrationRow("audiences", "That share was about 63–64% in 2006 (YouTube's first full year)",
                       "bartl2018", "Med", "check", calibrated,
                       f"{_pct(first)} in year 1 ({runs_text})",
                       (Check(_shown(first), lo, hi),), _band_pct(lo, hi),
                       ("population.PopulationParams.skill_sigma", "population.PopulationParams.advantage_exponent")))
    lo, hi = about_band(PUBLISHED["top3_share_2016"], s)
    add(CalibrationRow("audiences", "…and about 90% in 2016, ten years on (set against year 10, the last simulated year)", "bartl2018", "Med", "check",
                       calibrated, f"{_pct(last)} in year {years} ({runs_text})",
                       (Check(_shown(last), lo, hi),), _band_pct(lo, hi),
                       ("population.PopulationParams.skill_sigma", "population.PopulationParams.advantage_exponent")))
    tail = ViewsPerPiece()
    tail_text = (f"`ViewsPerPiece.median_views` = {tail.median_views:g}, "
                 f"`sigma` = {tail.sigma:g} (fitted lognormal)")
    tail_params = ("content.ViewsPerPiece.median_views", "content.ViewsPerPiece.sigma")
    for views, published in PUBLISHED["under_views"].items():
        got = share_below(tail, views)
        lo, hi = about_band(published, s)
        add(CalibrationRow("audiences", f"About {_pct(published, 0)} of a random sample of YouTube videos "
                           f"have under {views:,} views", "mcgrady2023", "Med", "target", tail_text,
                           f"{_pct(got)} of pieces under {views:,} views",
                           (Check(_shown(got), lo, hi),), _band_pct(lo, hi), tail_params))
    big = 1.0 - share_below(tail, 10_000)
    lo, hi = about_band(PUBLISHED["over_10000_share"], s)
    add(CalibrationRow("audiences", "About 4% of videos have over 10,000 views", "mcgrady2023", "Med", "check",
                       tail_text, f"{_pct(big)} of pieces over 10,000 views",
                       (Check(_shown(big), lo, hi),), _band_pct(lo, hi), tail_params))
    big_views = share_of_views_above(tail, 10_000)
    lo, hi = about_band(PUBLISHED["over_10000_views_share"], s)
    add(CalibrationRow("audiences", "…and they get about 94% of all views", "mcgrady2023", "Med", "check",
                       tail_text, f"pieces over 10,000 views get {_pct(big_views)} of all views (closed form)",
                       (Check(_shown(big_views), lo, hi),), _band_pct(lo, hi), tail_params))

    # --- platform rules and advertising ----------------------------------------------------------
    mon = sc.monetise
    add(CalibrationRow("platforms", "YouTube Partner Program entry: 1,000 subscribers", "youtube_ypp", "High",
                       "input", f"`MonetiseParams.ypp_min_followers` = {mon.ypp_min_followers:,.0f}", "",
                       (_exact(mon.ypp_min_followers, 1000),), "exactly 1,000",
                       ("monetise.MonetiseParams.ypp_min_followers",)))
    add(CalibrationRow("platforms", "…and 4,000 public watch hours in the last 12 months", "youtube_ypp", "High",
                       "input", f"`MonetiseParams.ypp_min_watch_hours_12m` = {mon.ypp_min_watch_hours_12m:,.0f}", "",
                       (_exact(mon.ypp_min_watch_hours_12m, 4000),), "exactly 4,000",
                       ("monetise.MonetiseParams.ypp_min_watch_hours_12m",)))
    add(CalibrationRow("platforms", "Creators get 55% of net long-form ad revenue", "youtube_revshare", "High",
                       "input", f"`MonetiseParams.creator_revenue_share` = {mon.creator_revenue_share:g}", "",
                       (_exact(mon.creator_revenue_share, 0.55),), "exactly 55%",
                       ("monetise.MonetiseParams.creator_revenue_share",)))
    rpm_lw = _default(LeveragedWork, "revenue_jpy_per_view") * 1000
    add(CalibrationRow("platforms", "RPM (as YouTube defines it) in Japanese creators' informal reports: ¥50–1,000 per 1,000 views",
                       "youtube_rpm", "Low",
                       "input", f"`MonetiseParams.rpm_jpy` = {mon.rpm_jpy:,.0f}; `LeveragedWork.revenue_jpy_per_view` "
                                f"= {rpm_lw / 1000:g} (¥{rpm_lw:,.0f} per 1,000 views)", "",
                       (Check(mon.rpm_jpy, 50, 1000), Check(rpm_lw, 50, 1000)), "¥50–1,000",
                       ("monetise.MonetiseParams.rpm_jpy", "leverage.LeveragedWork.revenue_jpy_per_view")))

    # --- fans, newsletters and email -------------------------------------------------------------
    usd = mon.profit_jpy_per_fan_per_year / s.jpy_per_usd
    lo, hi = about_band(100.0, s, share=False)
    fans, followers = true_fans_needed(1000 * mon.profit_jpy_per_fan_per_year, mon)
    add(CalibrationRow("fans", "About $100 of profit per true fan a year", "kelly2008", "High", "input",
                       f"`MonetiseParams.profit_jpy_per_fan_per_year` = {_yen(mon.profit_jpy_per_fan_per_year)} "
                       f"(${usd:,.0f} at ¥{s.jpy_per_usd:g}/$)",
                       f"1,000 fans earn {_million_yen(1000 * mon.profit_jpy_per_fan_per_year)} a year and need "
                       f"{followers:,.0f} followers",
                       (Check(round(usd), lo, hi),), f"${lo:,.0f}–{hi:,.0f}",
                       ("monetise.MonetiseParams.profit_jpy_per_fan_per_year",)))
    add(CalibrationRow("fans", "Free-to-paid newsletter conversion: typically 2–5% (platforms suggest ~10%)",
                       "newsletter_conversion", "Med", "input",
                       f"`MonetiseParams.paying_fan_share` = {_pct(mon.paying_fan_share)}", "",
                       (Check(mon.paying_fan_share, 0.02, 0.05),), "2–5%",
                       ("monetise.MonetiseParams.paying_fan_share",)))
    fun = FunnelParams()
    add(CalibrationRow("fans", "Average email open rate about 22.7%", "mailchimp2019", "High", "input",
                       f"`FunnelParams.seen_share` = {_pct(fun.seen_share)}", "",
                       (_exact(fun.seen_share, 0.227),), "exactly 22.7%", ("funnel.FunnelParams.seen_share",)))
    click = fun.seen_share * fun.click_share_of_seen
    add(CalibrationRow("fans", "Average email click rate about 2.9% of recipients", "mailchimp2019", "High", "input",
                       f"`seen_share` × `click_share_of_seen` = {_pct(fun.seen_share)} × "
                       f"{_pct(fun.click_share_of_seen)} = {_pct(click)}", "",
                       (_exact(click, 0.029),), "exactly 2.9%",
                       ("funnel.FunnelParams.seen_share", "funnel.FunnelParams.click_share_of_seen")))
    add(CalibrationRow("fans", "Sales-page conversion 1–3% (rule of thumb)", "mooc_completion", "Low", "input",
                       f"`FunnelParams.buy_share_of_clicks` = {_pct(fun.buy_share_of_clicks)}",
                       f"{10_000 * fun.buy_probability:.1f} buyers per 10,000 followers per mention",
                       (Check(fun.buy_share_of_clicks, 0.01, 0.03),), "1–3%",
                       ("funnel.FunnelParams.buy_share_of_clicks",)))

    # --- subcontracting ------------------------------------------------------------------------
    def effective(name: str) -> str:
        shares = effective_fee_share(np.array(FEE_CONTRACTS_JPY[1:4]), FEE_SCHEDULES[name])
        return "effective fee " + ", ".join(f"{_pct(x)} on ¥{c / 1000:,.0f}k"
                                            for x, c in zip(shares, FEE_CONTRACTS_JPY[1:4]))

    cw = FEE_SCHEDULES["crowdworks"]
    add(CalibrationRow("subcontracting", "CrowdWorks keeps 20% of a contract up to ¥100,000, 10% of the part "
                       "to ¥200,000 and 5% above", "crowdworks_fees", "High", "input",
                       "`FEE_SCHEDULES['crowdworks']`: " + " / ".join(_pct(r, 0) for r in cw.rates) + " at ¥"
                       + " and ¥".join(f"{t:,.0f}" for t in cw.thresholds_jpy), effective("crowdworks"),
                       _exact_all((*cw.rates, *cw.thresholds_jpy), (0.20, 0.10, 0.05, 100_000, 200_000)),
                       "exactly these tiers", ("subcontract.FEE_SCHEDULES[crowdworks]",)))
    lancers = FEE_SCHEDULES["lancers"]
    lw_fee = _default(LinearWork, "fee_share")
    add(CalibrationRow("subcontracting", "Lancers keeps a flat 16.5% (tax included) from the worker", "lancers_fees",
                       "High", "input", f"`FEE_SCHEDULES['lancers']` = {_pct(lancers.rates[0])}; "
                                        f"`LinearWork.fee_share` = {_pct(lw_fee)}", effective("lancers"),
                       _exact_all((*lancers.rates, *lancers.thresholds_jpy, lw_fee), (0.165, 0.165)),
                       "exactly 16.5%",
                       ("subcontract.FEE_SCHEDULES[lancers]", "leverage.LinearWork.fee_share")))
    for name, key, conf, published, who in (("coconala", "coconala_fees", "Med", 0.22,
                                             "coconala keeps 22% (tax included) on most services"),
                                            ("fiverr", "fiverr_fees", "Med", 0.20, "Fiverr keeps 20% of each sale")):
        sched = FEE_SCHEDULES[name]
        add(CalibrationRow("subcontracting", who, key, conf, "input",
                           f"`FEE_SCHEDULES['{name}']` = {_pct(sched.rates[0])}", effective(name),
                           _exact_all((*sched.rates, *sched.thresholds_jpy), (published,)),
                           f"exactly {_pct(published, 0)}", (f"subcontract.FEE_SCHEDULES[{name}]",)))
    free = freelancer_summary(sc, s.workers, seed)
    sub = sc.subcontract
    market = (f"`SubcontractParams`: {sub.client_arrivals_per_month:g} new clients a month, staying "
              f"{sub.client_mean_lifetime_months:g} months, wanting {sub.client_hours_per_month:g} hours a month")
    market_params = ("subcontract.SubcontractParams.client_arrivals_per_month",
                     "subcontract.SubcontractParams.client_mean_lifetime_months",
                     "subcontract.SubcontractParams.client_hours_per_month")
    workers_text = f"{s.workers:,} workers, {sc.strategy.hours_per_week:g} h/week, five years"
    lo, hi = about_band(0.283, s)
    add(CalibrationRow("subcontracting", "28.3% of Japanese freelancers work for a single client", "jilpt2018", "Med",
                       "target", market, f"{_pct(free.single_client_share)} of months with clients have one "
                                         f"({workers_text})",
                       (Check(_shown(free.single_client_share), lo, hi),), _band_pct(lo, hi), market_params))
    lo, hi = about_band(0.443, s)
    add(CalibrationRow("subcontracting", "44.3% work for a few fixed clients (read here as 2 or 3)", "jilpt2018", "Med",
                       "check", market, f"{_pct(free.few_clients_share)} of months with clients have 2 or 3",
                       (Check(_shown(free.few_clients_share), lo, hi),), _band_pct(lo, hi), market_params))
    rate_text = (f"`SubcontractParams`: {_yen(sub.start_rate_jpy_per_hour)} an hour rising towards "
                 f"{_yen(sub.rate_ceiling_jpy_per_hour)}, fee schedule `{sub.platform}`")
    rate_params = ("subcontract.SubcontractParams.start_rate_jpy_per_hour",
                   "subcontract.SubcontractParams.rate_ceiling_jpy_per_hour", "subcontract.SubcontractParams.platform")
    add(CalibrationRow("subcontracting", "Commonest annual income of main-job freelancers who are main earners: "
                       "¥2–3 million", "cabinet2020freelance", "Med–High", "target", rate_text,
                       f"median income after fee in year 3: {_million_yen(free.median_income_year3_jpy)}",
                       (Check(round(free.median_income_year3_jpy, -4), 2e6, 3e6 - 1),), "¥2–3 million",
                       rate_params + market_params))
    lo, hi = about_band(0.19, s)
    add(CalibrationRow("subcontracting", "…and 19% of them are in that band", "cabinet2020freelance", "Med–High",
                       "check", rate_text, f"{_pct(free.band_2_3m_share_year3)} of workers earn ¥2–3 million in year 3",
                       (Check(_shown(free.band_2_3m_share_year3), lo, hi),), _band_pct(lo, hi),
                       rate_params + market_params))
    rate_usd = free.median_rate_year5_jpy / s.jpy_per_usd
    lo, hi = about_band(28.0, s, share=False)
    add(CalibrationRow("subcontracting", "Median rate of skilled US freelancers: $28 an hour (2019)", "fia2019", "High",
                       "check", rate_text + f" (${sub.start_rate_jpy_per_hour / s.jpy_per_usd:,.0f} to "
                                            f"${sub.rate_ceiling_jpy_per_hour / s.jpy_per_usd:,.0f} at ¥{s.jpy_per_usd:g}/$)",
                       f"median rate in year 5: {_yen(free.median_rate_year5_jpy)} an hour (${rate_usd:,.1f})",
                       (Check(round(rate_usd, 1), lo, hi),), f"${lo:,.0f}–{hi:,.0f}", rate_params))

    # --- models the course teaches -----------------------------------------------------------------
    bass = BassDiffusion()
    add(CalibrationRow("models", "Typical Bass coefficients: innovation p ≈ 0.03, imitation q ≈ 0.38 a year",
                       "sultan1990", "Med", "input",
                       f"`BassDiffusion.p_per_year` = {bass.p_per_year:g}, `q_per_year` = {bass.q_per_year:g}",
                       f"adoption peaks {bass_peak_year(bass):.1f} years after launch",
                       (_exact(bass.p_per_year, 0.03), _exact(bass.q_per_year, 0.38)), "exactly 0.03 and 0.38",
                       ("growth.BassDiffusion.p_per_year", "growth.BassDiffusion.q_per_year")))
    return rows


def _default_arg_share() -> float:
    import inspect
    from .monetise import rpm_from_cpm
    return float(inspect.signature(rpm_from_cpm).parameters["creator_share"].default)


# --- figures that are not compared, and defaults without a source ------------------------------------

def not_compared() -> list[tuple[str, str, str, str]]:
    """Sourced figures the appendix leaves out of the table: (figure, source key, confidence, reason)."""
    return [("AdSense for content pays publishers 68% of the revenue", "adsense2010", "High",
             "no default uses it: ad income is set directly as an RPM, and `rpm_from_cpm` takes the creator's "
             f"share as an argument (default {_default_arg_share():g}, YouTube's), so a blog's share can be passed "
             "in an exercise"), *_NOT_USED]


_NOT_USED: tuple[tuple[str, str, str, str], ...] = (
    ("Median views per YouTube video fell from about 10,000 (2006) to under 100 (2016)", "bartl2018", "Med",
     "the population model follows creators, not single videos, and no new creators join during a run"),
    ("Older channels are much more likely to have large audiences", "bartl2018", "High",
     "every simulated creator starts in month 0, so there is no channel age to compare; cumulative advantage "
     "is built into the model instead (`advantage_exponent`)"),
    ("Stronger social influence made success both more unequal and less predictable", "salganik2006", "High",
     "a qualitative experimental finding with no number the model could reproduce"),
    ("YouTube Partner Program entry by 10 million Shorts views in 90 days", "youtube_ypp", "High",
     "the model has one kind of view and no Shorts"),
    ("Creators get 45% of their share of the Shorts ad pool", "youtube_revshare", "High",
     "the model has no Shorts; its RPM stands for long-form views"),
    ("The client pays Lancers a further 5.5%", "lancers_fees", "High", "the model counts the worker's side only"),
    ("Upwork's fee changed from a sliding 20/10/5% (2016) to a flat 10% (2023) and 0–15% (2025)", "upwork_fees",
     "High; Med for 2025", "not one of the model's fee schedules"),
    ("Over 70% of side-job freelancers earn under ¥1 million a year; 59% name low or unstable income as their "
     "main problem", "cabinet2020freelance", "Med–High",
     "the simulated workers are full-time; income volatility has no published benchmark and is modelled"),
    ("Webinar conversion 10–20%; MOOC completion about 12.6%", "mooc_completion", "Low", "not used by any model"),
    ("Consultations about get-rich-quick information products rose from 872 (FY2013) to 6,593 (FY2017)", "ncac2018",
     "High", "context for chapter 9, not a model input"),
)


def assumption_rows() -> list[dict]:
    """Every parameter default in gigsim with no source (an assumption): one dict per field with the keys
    ``module``, ``cls``, ``name``, ``default``, ``unit``, in the order of the model reference."""
    from .reference import parameter_classes
    out = []
    for module_name, cls in parameter_classes():
        for row in describe(cls):
            if row["source"] is None:
                out.append(dict(module=module_name, cls=cls.__name__, name=row["name"], default=row["default"],
                                unit=row["unit"]))
    return out


def sourced_parameters() -> list[tuple[str, str]]:
    """(``"module.Class.field"``, source key) for every parameter default that cites a source."""
    from .reference import parameter_classes
    return [(f"{module_name.removeprefix('gigsim.')}.{cls.__name__}.{row['name']}", row["source"])
            for module_name, cls in parameter_classes() for row in describe(cls) if row["source"]]


# --- Markdown ----------------------------------------------------------------------------------------

def markdown_text(text: str) -> str:
    """Text made safe for MyST Markdown with dollar maths: dollar signs escaped (``$100`` is money, not maths)."""
    return str(text).replace("$", "\\$")


def _cell(text: str) -> str:
    return markdown_text(text).replace("|", "\\|").replace("\n", " ")


def calibration_markdown(rows: Sequence[CalibrationRow], topic: str | None = None) -> str:
    """A Markdown table of ``rows`` (only those of ``topic`` if given), with ``{cite}`` roles for MyST."""
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"topic: must be one of {', '.join(TOPICS)}, got {topic!r}")
    lines = ["| published figure (confidence) | role | value the model uses | model gives "
             "| within the published range? |",
             "| --- | --- | --- | --- | --- |"]
    for r in rows:
        if topic is not None and r.topic != topic:
            continue
        edge = ", at the edge" if r.at_edge else ""
        verdict = r.verdict if r.within is None else f"**{r.verdict}**{edge} ({r.band})"
        lines.append("| " + " | ".join([f"{_cell(r.figure)} {{cite:p}}`{r.source}` ({r.confidence})", r.role,
                                        _cell(r.model), _cell(r.simulated) or "—", _cell(verdict)]) + " |")
    return "\n".join(lines)


def fee_table_markdown(contracts_jpy: Sequence[float] = FEE_CONTRACTS_JPY) -> str:
    """Effective fee (share of the contract) on each contract size, one row per platform schedule."""
    head = "| platform | source | " + " | ".join(f"¥{c:,.0f}" for c in contracts_jpy) + " |"
    lines = [head, "| --- | --- | " + " | ".join("---:" for _ in contracts_jpy) + " |"]
    for name, sched in FEE_SCHEDULES.items():
        shares = effective_fee_share(np.asarray(contracts_jpy, dtype=float), sched)
        source = f"{{cite:p}}`{sched.source}`" if sched.source else "**assumption**"
        lines.append(f"| {name} | {source} | " + " | ".join(_pct(x) for x in shares) + " |")
    return "\n".join(lines)


def not_compared_markdown() -> str:
    """The sourced figures left out of the table, as a bullet list with the reasons."""
    return "\n".join(f"- {markdown_text(fig)} {{cite:p}}`{key}` ({conf}): {markdown_text(why)}."
                     for fig, key, conf, why in not_compared())


def _format_default(value) -> str:
    from .reference import format_default
    return format_default(value)


def assumptions_markdown() -> str:
    """Every default without a source, grouped by parameter class, as a bullet list."""
    from .reference import UNIT_WORDS as unit_words
    groups: dict[str, list[str]] = {}
    for row in assumption_rows():
        key = f"{row['module']}.{row['cls']}"
        unit = unit_words.get(row["unit"], row["unit"])
        groups.setdefault(key, []).append(f"`{row['name']}` = {_format_default(row['default'])} ({unit})")
    return "\n".join(f"- **`{key}`**: " + "; ".join(items) for key, items in groups.items())


def summary(rows: Sequence[CalibrationRow]) -> dict[str, dict[str, int]]:
    """Counts of verdicts by role: ``{"input": {"yes": 12, "no": 0, "—": 1}, ...}``."""
    out = {role: {"yes": 0, "no": 0, "—": 0} for role in ROLES}
    for r in rows:
        out[r.role][r.verdict] += 1
    return out
