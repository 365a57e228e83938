"""Magic wands and seminars: expectations, paid seminars, testimonials and base rates (chapter 9).

The article warns that expensive seminars aimed at beginners, too little study and too-high
expectations keep producing failures and victims, and that people who see net business as a magic
wand end up feeling cheated even by a sound business (gigwork_article). This module gives the
warning numbers. Four small tools, each a pure function:

**Expectations against the distribution.** A pitch promises an income by a date. Given simulated
monthly incomes (creators x months), :func:`first_month_reaching` finds when each creator first earns
the promise in a single month (generous to the pitch: one lucky month counts) and
:func:`share_reached_by` turns that into the share of creators who have reached it by each month.

**The seminar's expected value.** A :class:`Seminar` has a price and a *true effect*: a multiplier on
the buyer's skill and extra weekly hours of effort (both assumptions: nobody has measured them).
:func:`paired_incomes` runs the same creators (the same skill draws and the same monthly luck) with and
without the seminar, so the difference is the seminar's effect and nothing else, and
:func:`buyer_value` compares the extra income with the price: the *mean* buyer and the *median* buyer
can disagree in sign, because a heavy-tailed world turns a small edge into a large gain for a few.
The seller's side needs no simulation: :func:`seller_profit_jpy` is buyers x price x margin - fixed costs,
whether or not any buyer succeeds.

**Testimonials are a survivorship-biased sample.** If successful buyers post testimonials and
unsuccessful ones stay silent, a reader sees only successes. Abraham Wald met the same problem with
the damage on bombers that came back: the planes that were hit where it mattered did not return to be
counted (mangel1984). :func:`post_testimonials` draws who posts; :func:`success_share_among_testimonials`
is Bayes' rule for the share of successes a reader sees; :func:`base_rate_from_testimonials` is the
correction that needs the number that is never advertised, the number of buyers.

**The published counts.** :data:`CONSULTATIONS` holds the consultation counts that Japan's consumer
authorities published about get-rich-quick information products and side-job schemes, each with its
bibliography key. They are three different categories counted by different reports, not one series.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .params import Validated, as_generator, checked_number, param
from .strategies import STRATEGIES, draw_noise, simulate_strategies


# --- small checks ------------------------------------------------------------------------------

def _share(value, name: str) -> float:
    return checked_number(value, name, lo=0, hi=1)


def _non_negative(value, name: str) -> float:
    return checked_number(value, name, lo=0)


def _income_table(values, name: str) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    if a.ndim != 2 or a.shape[1] < 1:
        raise ValueError(f"{name}: must be (creators, months) with at least one month, got shape {a.shape}")
    return a


# --- expectations against the simulated distribution -------------------------------------------

def first_month_reaching(monthly_income, threshold_jpy) -> np.ndarray:
    """Per creator, the first month index in which monthly income is at least ``threshold_jpy``
    (-1: never). ``monthly_income`` is (creators, months); one month at the level is enough, so this
    is the most generous reading of a promise like "¥1 million a month"."""
    income = _income_table(monthly_income, "monthly_income")
    _non_negative(threshold_jpy, "threshold_jpy")
    hit = income >= threshold_jpy
    return np.where(hit.any(axis=1), hit.argmax(axis=1), -1)


def share_reached_by(monthly_income, threshold_jpy) -> np.ndarray:
    """Share of creators who have earned ``threshold_jpy`` in at least one month by each month:
    an array over months, never decreasing, from 0 to at most 1."""
    first = first_month_reaching(monthly_income, threshold_jpy)
    months = np.asarray(monthly_income).shape[1]
    counts = np.bincount(first[first >= 0], minlength=months)
    return np.cumsum(counts) / first.size


def one_in(share) -> float:
    """A share as "one in N" (``1 / share``; infinity for 0): base rates read better that way."""
    s = _share(share, "share")
    return math.inf if s == 0 else 1.0 / s


# --- the seminar, for buyer and seller ------------------------------------------------------------

@dataclass(frozen=True)
class Seminar(Validated):
    """A paid get-rich seminar: its price, its true effect on the buyer, and the seller's economics."""

    price_jpy: float = param(300_000.0, unit="JPY", lo=0, hi=1e8,
                             doc="Price one buyer pays (an expensive seminar; assumption)")
    skill_multiplier: float = param(1.0, unit="1", lo=0.1, hi=100,
                                    doc="True effect on the buyer's skill: multiplies the views their work "
                                        "earns (1 = no effect; nobody has measured it: assumption)")
    extra_hours_per_week: float = param(0.0, unit="hours/week", lo=0, hi=100,
                                        doc="True effect on effort: extra hours a week the buyer puts in "
                                            "afterwards (assumption)")
    buyers: int = param(200, unit="buyers", lo=0, hi=10_000_000, integer=True,
                        doc="Number of people who buy the seminar (assumption)")
    margin_share: float = param(0.8, unit="share", lo=0, hi=1,
                                doc="Share of the price the seller keeps after the cost of delivering "
                                    "it to one more buyer (assumption)")
    fixed_cost_jpy: float = param(5_000_000.0, unit="JPY", lo=0, hi=1e11,
                                  doc="Seller's fixed costs: making the seminar and advertising it "
                                      "(assumption)")


def seller_profit_jpy(seminar: Seminar, buyers: int | None = None) -> float:
    """The seller's profit: ``buyers x price x margin - fixed costs`` (``buyers`` defaults to the seminar's).
    It does not depend on whether any buyer succeeds: the seller is paid for the seminar, not for the
    buyers' results."""
    n = seminar.buyers if buyers is None else buyers
    return n * seminar.price_jpy * seminar.margin_share - seminar.fixed_cost_jpy


def seller_profit_per_buyer_jpy(seminar: Seminar) -> float:
    """The seller's profit divided by the number of buyers (NaN with no buyers)."""
    return seller_profit_jpy(seminar) / seminar.buyers if seminar.buyers else math.nan


def seller_break_even_buyers(seminar: Seminar) -> int | None:
    """Fewest buyers at which the seller's profit is at least 0 (``None``: never, when nothing is kept
    per buyer but there are fixed costs)."""
    per_buyer = seminar.price_jpy * seminar.margin_share
    if seminar.fixed_cost_jpy == 0:
        return 0
    if per_buyer <= 0:
        return None
    buyers = math.ceil(seminar.fixed_cost_jpy / per_buyer)
    # the quotient is rounded: step to the exact first count at which seller_profit_jpy is not a loss
    while seller_profit_jpy(seminar, buyers) < 0:
        buyers += 1
    while buyers > 0 and seller_profit_jpy(seminar, buyers - 1) >= 0:
        buyers -= 1
    return buyers


def pitch_expected_value_jpy(success_rate, payoff_jpy, price_jpy) -> float:
    """A buyer's expected net value of a pitch seen as a bet: ``success_rate x payoff - price``.

    Use the rate the buyer *believes* (say, from testimonials) and the rate that is *true* (the base
    rate) to see how a belief turns a losing bet into an attractive one."""
    p = _share(success_rate, "success_rate")
    return p * _non_negative(payoff_jpy, "payoff_jpy") - _non_negative(price_jpy, "price_jpy")


def break_even_uplift(price_jpy, payoff_jpy) -> float:
    """How much a seminar must raise the chance of success for its price to pay back on average:
    ``price / payoff`` (more than 1 means no seminar can)."""
    payoff = _non_negative(payoff_jpy, "payoff_jpy")
    price = _non_negative(price_jpy, "price_jpy")
    if payoff == 0:
        return math.inf if price > 0 else 0.0
    return price / payoff


def paired_incomes(scenario, seminar: Seminar, n_creators: int, months: int, rng: np.random.Generator,
                   strategy: str = "content_first") -> tuple[np.ndarray, np.ndarray]:
    """Monthly income (JPY, creators x months) of the same creators without and with the seminar.

    Skill and every month's luck are drawn once from ``rng`` and used for both runs (*common random
    numbers*); with the seminar, each creator's skill is multiplied by ``seminar.skill_multiplier``
    and the weekly hours raised by ``seminar.extra_hours_per_week`` from month 0. The difference
    between the two tables is therefore the seminar's effect alone.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy: must be one of {', '.join(STRATEGIES)}, got {strategy!r}")
    rng = as_generator(rng)
    if int(n_creators) < 1 or int(months) < 1:
        raise ValueError(f"n_creators and months: must be at least 1, got {n_creators!r} and {months!r}")
    skill, noise = draw_noise(rng, int(n_creators), int(months), scenario)
    before = simulate_strategies(scenario, n_creators, months, noise=(skill, noise), strategies=(strategy,))
    hours = scenario.strategy.hours_per_week + seminar.extra_hours_per_week
    treated = scenario.with_values({"strategy.hours_per_week": hours}) if seminar.extra_hours_per_week else scenario
    after = simulate_strategies(treated, n_creators, months, noise=(skill * seminar.skill_multiplier, noise),
                                strategies=(strategy,))
    return before[strategy].monthly_income_jpy, after[strategy].monthly_income_jpy


@dataclass(frozen=True)
class BuyerValue:
    """What a seminar is worth to its buyers, over the months of the income tables.

    ``gain`` is each buyer's extra income with the seminar; ``net`` is gain minus price.
    ``base_rate`` and ``rate_with_seminar`` are the shares who earn ``goal_jpy_per_month`` in at least
    one month, without and with it (NaN when no goal was given).
    """

    price_jpy: float
    mean_gain_jpy: float
    median_gain_jpy: float
    share_recouping: float          # share of buyers whose gain is at least the price
    base_rate: float
    rate_with_seminar: float

    @property
    def mean_net_jpy(self) -> float:
        return self.mean_gain_jpy - self.price_jpy

    @property
    def median_net_jpy(self) -> float:
        return self.median_gain_jpy - self.price_jpy


def buyer_value(income_without, income_with, price_jpy, goal_jpy_per_month=None) -> BuyerValue:
    """Summarise a paired run (:func:`paired_incomes`) from the buyers' side."""
    a = _income_table(income_without, "income_without")
    b = _income_table(income_with, "income_with")
    if a.shape != b.shape:
        raise ValueError(f"income_with: must have the shape of income_without {a.shape}, got {b.shape}")
    price = _non_negative(price_jpy, "price_jpy")
    gain = b.sum(axis=1) - a.sum(axis=1)
    if goal_jpy_per_month is None:
        base = with_ = math.nan
    else:
        base = float(np.mean(first_month_reaching(a, goal_jpy_per_month) >= 0))
        with_ = float(np.mean(first_month_reaching(b, goal_jpy_per_month) >= 0))
    return BuyerValue(price, float(gain.mean()), float(np.median(gain)), float(np.mean(gain >= price)),
                      base, with_)


# --- testimonials and base rates -------------------------------------------------------------------

@dataclass(frozen=True)
class PostingShares(Validated):
    """Who posts a testimonial: the share of successful and of unsuccessful buyers who do."""

    post_share_success: float = param(0.5, unit="share", lo=0, hi=1,
                                      doc="Share of successful buyers who post a testimonial (assumption)")
    post_share_failure: float = param(0.0, unit="share", lo=0, hi=1,
                                      doc="Share of unsuccessful buyers who post one anyway (assumption; "
                                          "0 = failures stay silent)")


def post_testimonials(succeeded, params: PostingShares, rng: np.random.Generator) -> np.ndarray:
    """Who posts (a boolean array like ``succeeded``): each buyer independently, with the posting share
    of their group. One uniform draw per buyer, so the same ``rng`` state gives the same posters."""
    s = np.asarray(succeeded, dtype=bool)
    rng = as_generator(rng)
    chance = np.where(s, params.post_share_success, params.post_share_failure)
    return rng.random(s.shape) < chance


def expected_testimonials(buyers, base_rate, params: PostingShares) -> float:
    """Expected number of testimonials from ``buyers`` buyers of whom a share ``base_rate`` succeed."""
    n = _non_negative(buyers, "buyers")
    p = _share(base_rate, "base_rate")
    return n * (p * params.post_share_success + (1 - p) * params.post_share_failure)


def success_share_among_testimonials(base_rate, params: PostingShares) -> float:
    """Bayes' rule: the share of testimonials written by successful buyers,

        p s / (p s + (1 - p) f)

    with ``p`` the base rate, ``s`` and ``f`` the posting shares of successes and failures. When
    failures never post it is 1 whatever the base rate: the testimonials say nothing about ``p``.
    NaN when nobody posts."""
    p = _share(base_rate, "base_rate")
    yes = p * params.post_share_success
    total = yes + (1 - p) * params.post_share_failure
    return yes / total if total > 0 else math.nan


def base_rate_from_testimonials(n_testimonials, buyers, post_share_success) -> float:
    """Wald's correction: the base rate implied by the testimonials once the silent buyers are counted,
    ``testimonials / (buyers x share of successes who post)``, capped at 1. It assumes failures do not
    post and needs the number of buyers, which a sales page does not show."""
    k = _non_negative(n_testimonials, "n_testimonials")
    n = _non_negative(buyers, "buyers")
    s = _share(post_share_success, "post_share_success")
    if n == 0 or s == 0:
        raise ValueError(f"buyers and post_share_success: must both be above 0, got {buyers!r} and "
                         f"{post_share_success!r}")
    return min(1.0, k / (n * s))


# --- the published consultation counts ----------------------------------------------------------------

@dataclass(frozen=True)
class ConsultationCount:
    """A count of consumer consultations published by Japan's consumer authorities.

    ``year`` is the fiscal year (April to March) when ``fiscal`` is true, else the year as reported;
    ``at_least`` marks a figure published as "over N"; ``source`` is a key in ``book/references.bib``.
    """

    category: str
    year: int
    fiscal: bool
    count: int
    at_least: bool
    source: str
    note: str = ""

    @property
    def label(self) -> str:
        return f"{'FY' if self.fiscal else ''}{self.year}"


INFO_PRODUCTS = "get-rich-quick information products"
EASY_SIDE_JOBS = "easy side jobs"
SIDE_BUSINESS_SCHEMES = "side-business schemes"

#: The published counts, as data. Three categories from three reports: do not join them into one series.
CONSULTATIONS: tuple[ConsultationCount, ...] = (
    ConsultationCount(INFO_PRODUCTS, 2013, True, 872, False, "ncac2018"),
    ConsultationCount(INFO_PRODUCTS, 2017, True, 6_593, False, "ncac2018",
                      "typical pitch: millions of yen a month for a few minutes' work a day"),
    ConsultationCount(EASY_SIDE_JOBS, 2022, True, 2_793, False, "ncac_sidejob2023", "secondary report"),
    ConsultationCount(EASY_SIDE_JOBS, 2023, True, 3_694, False, "ncac_sidejob2023", "secondary report"),
    ConsultationCount(SIDE_BUSINESS_SCHEMES, 2021, False, 15_000, True, "consumer_white_paper2022",
                      "about half from people aged 15 to 29"),
)
#: Share of the 2021 side-business consultations that came from people aged 15 to 29 (about half).
YOUNG_SHARE_2021 = 0.5
YOUNG_SHARE_2021_SOURCE = "consumer_white_paper2022"


def consultations(category: str | None = None) -> tuple[ConsultationCount, ...]:
    """The published counts, all or of one category, oldest first."""
    cats = {c.category for c in CONSULTATIONS}
    if category is not None and category not in cats:
        raise ValueError(f"category: must be one of {', '.join(sorted(repr(c) for c in cats))}, got {category!r}")
    rows = [c for c in CONSULTATIONS if category is None or c.category == category]
    return tuple(sorted(rows, key=lambda c: c.year))


def growth_factor(category: str) -> float:
    """Last published count of a category divided by its first (e.g. 6,593 / 872 for information products)."""
    rows = consultations(category)
    if len(rows) < 2:
        raise ValueError(f"category: {category!r} has only one published count, so no growth factor")
    return rows[-1].count / rows[0].count
