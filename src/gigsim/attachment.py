"""Preferential attachment: how followers pile up on creators who are all equally good.

The population model (:mod:`gigsim.population`) gets its heavy tail from skill differences amplified by
cumulative advantage. This module isolates the other classic cause, which needs no differences at all.
Creators open their channels one after another (evenly over the months simulated, or all at once).
Every month each open channel brings ``followers_per_creator_per_month`` new followers into the market,
and each new follower picks one open creator:

* with probability ``random_choice_share`` at random (Simon's "new idea": no social influence);
* otherwise following the crowd, with probability proportional to ``(followers + 1) ** advantage_exponent``.

With ``advantage_exponent = 1`` this is Simon's (1955) process and the Barabási-Albert (1999) model of
preferential attachment: the rich get richer in proportion to what they have (merton1988's Matthew
effect). Early creators win because they had longer to compound, so size ends up tied to age, as Bärtl
(2018) observed on YouTube. The more followers follow the crowd, the more unequal the outcome, as in the
artificial music market of salganik2006. Followers never leave here: this is a model of attention
piling up, not of churn. Arrivals are drawn month by month as one multinomial draw.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import Validated, as_generator, param

ENTRY_CHOICES = ("spread", "together")


@dataclass(frozen=True)
class AttachmentParams(Validated):
    """A market of equally good creators in which new followers either pick at random or follow the crowd."""

    creators: int = param(10_000, unit="creators", lo=1, hi=10_000_000, integer=True,
                          doc="Number of creators (all of the same quality)")
    months: int = param(120, unit="months", lo=1, hi=1200, integer=True,
                        doc="Months simulated (120 = ten years)")
    followers_per_creator_per_month: float = param(
        20.0, unit="followers/creator/month", lo=0, hi=1e6,
        doc="New followers entering the market each month, per open channel")
    random_choice_share: float = param(
        0.1, unit="share", lo=0, hi=1,
        doc="Share of new followers who pick a creator at random rather than following the crowd "
            "(Simon's innovation share)")
    advantage_exponent: float = param(
        1.0, unit="1", lo=0, hi=2,
        doc="How the crowd's pull grows with followers: 1 = in proportion (Simon; Barabási and Albert), "
            "0 = not at all")
    entry: str = param("spread", unit="name", choices=ENTRY_CHOICES,
                       doc="When channels open: 'spread' evenly over the months, or all 'together' in month 0")


@dataclass
class AttachmentResult:
    """Followers of every creator at the end of every month, and the month each creator started."""

    followers_by_month: np.ndarray   # (months, creators)
    entry_month: np.ndarray          # (creators,)

    @property
    def followers_final(self) -> np.ndarray:
        return self.followers_by_month[-1]


def entry_months(creators: int, months: int, entry: str = "spread") -> np.ndarray:
    """Month in which each creator opens a channel: evenly spread (creator ``i`` opens in month
    ``floor(i x months / creators)``) or all in month 0."""
    if entry not in ENTRY_CHOICES:
        raise ValueError(f"entry: must be one of {', '.join(map(repr, ENTRY_CHOICES))}, got {entry!r}")
    if entry == "together":
        return np.zeros(creators, dtype=np.int64)
    return (np.arange(creators, dtype=np.int64) * months) // creators


def choice_probabilities(followers: np.ndarray, is_open: np.ndarray, random_choice_share: float,
                         advantage_exponent: float) -> np.ndarray:
    """Probability that one new follower picks each creator (0 for channels not yet open; sums to 1)."""
    is_open = np.asarray(is_open, dtype=bool)
    n_open = int(is_open.sum())
    if n_open == 0:
        raise ValueError("choice_probabilities: at least one channel must be open")
    pull = np.where(is_open, (np.asarray(followers, dtype=float) + 1.0) ** advantage_exponent, 0.0)
    p = random_choice_share * is_open / n_open + (1.0 - random_choice_share) * pull / pull.sum()
    return p / p.sum()


def simulate_attachment(params: AttachmentParams, rng: np.random.Generator | int) -> AttachmentResult:
    """Run the market month by month; ``rng`` is a seeded ``numpy.random.Generator`` (an int is a seed)."""
    rng = as_generator(rng)
    n, t_max = params.creators, params.months
    start = entry_months(n, t_max, params.entry)
    followers = np.zeros(n, dtype=np.int64)
    out = np.empty((t_max, n), dtype=np.int64)
    for t in range(t_max):
        is_open = start <= t
        arrivals = int(round(params.followers_per_creator_per_month * int(is_open.sum())))
        if arrivals:
            p = choice_probabilities(followers, is_open, params.random_choice_share, params.advantage_exponent)
            followers += rng.multinomial(arrivals, p)
        out[t] = followers
    return AttachmentResult(out, start)
