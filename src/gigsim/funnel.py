"""A conversion funnel: how many of an audience buy when a creator mentions a product once.

A mention reaches the audience in steps, and each step keeps a share of the people before it:

    followers -> see the mention -> click through -> buy

so each follower buys with probability ``p = seen x click x buy`` (the *buy probability*), and the
number of buyers out of ``N`` followers is binomial, ``Binomial(N, p)``, with mean ``N p``. The
defaults are an email newsletter's: about 22.7% of recipients open a campaign and about 2.9% click
(mailchimp2019), so about 12.8% of those who open click; of those who reach a sales page, 1 to 3%
buy (a low-confidence rule of thumb, mooc_completion; we take 2%). The product is about 0.06% of
the audience: 6 buyers per 10,000 followers.

"Sold out with one mention" (the article's 即完売) is then a question about three numbers: the
audience, the buy probability and the *stock*. :func:`sellout_probability` gives the chance that
one mention finds at least ``stock`` buyers, and :func:`audience_to_sell_out` the audience that
needs. A small stock sells out easily; a sell-out says as much about the stock as about the reach.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import Validated, checked_number, param


@dataclass(frozen=True)
class FunnelParams(Validated):
    """The steps from a follower to a buyer (defaults: an email newsletter and a sales page)."""

    seen_share: float = param(
        0.227, unit="share", lo=0, hi=1, source="mailchimp2019",
        doc="Share of followers who see the mention (an email campaign's average open rate)")
    click_share_of_seen: float = param(
        0.029 / 0.227, unit="share", lo=0, hi=1, source="mailchimp2019",
        doc="Share of those who see it who click through (average click rate 2.9% of recipients, "
            "divided by the 22.7% open rate)")
    buy_share_of_clicks: float = param(
        0.02, unit="share", lo=0, hi=1, source="mooc_completion",
        doc="Share of visitors to the sales page who buy (rule of thumb 1 to 3%, low confidence)")

    @property
    def buy_probability(self) -> float:
        """Chance that one follower buys after one mention: the product of the three steps."""
        return self.seen_share * self.click_share_of_seen * self.buy_share_of_clicks


def _check_probability(p: float) -> float:
    return checked_number(p, "buy_probability", lo=0, hi=1)


def _whole(values, name: str) -> np.ndarray:
    """Non-negative counts, rounded down (an audience of 1,234.7 followers is 1,234 people)."""
    a = np.floor(np.asarray(values, dtype=float))
    if np.any(~np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"{name}: must be counts of at least 0, got {values!r}")
    return a


def expected_buyers(audience, buy_probability: float) -> np.ndarray:
    """Mean number of buyers after one mention: ``audience x buy_probability``."""
    return _whole(audience, "audience") * _check_probability(buy_probability)


def draw_buyers(rng: np.random.Generator, audience, buy_probability: float, size=None) -> np.ndarray:
    """Random buyers after one mention: a binomial draw for each audience (``size`` draws if given)."""
    n = _whole(audience, "audience").astype(np.int64)
    return rng.binomial(n, _check_probability(buy_probability), size=size)


def units_sold(buyers, stock) -> np.ndarray:
    """Units sold: every buyer gets one until the stock runs out (``min(buyers, stock)``)."""
    return np.minimum(np.asarray(buyers, dtype=float), _whole(stock, "stock"))


def unmet_demand(buyers, stock) -> np.ndarray:
    """Buyers turned away because the stock ran out (``max(buyers - stock, 0)``)."""
    return np.maximum(np.asarray(buyers, dtype=float) - _whole(stock, "stock"), 0.0)


def _sellout_block(n: np.ndarray, s: int, p: float) -> np.ndarray:
    """P(Binomial(n, p) >= s) for a 1-d block of audiences ``n`` and one stock ``s`` >= 1."""
    k = np.arange(s, dtype=float)                                  # 0 .. s-1
    # log C(n, k) = sum_{i < k} log((n - i) / (i + 1)), cumulated along k; -inf where k > n
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.log(np.clip(n[:, None] - k[None, :], 0.0, None)) - np.log(k + 1.0)
    log_comb = np.concatenate([np.zeros((n.size, 1)), np.cumsum(steps[:, :-1], axis=1)], axis=1)
    log_pmf = log_comb + k * np.log(p) + (n[:, None] - k) * np.log1p(-p)
    with np.errstate(invalid="ignore"):
        log_pmf = np.where(k[None, :] <= n[:, None], log_pmf, -np.inf)
    cdf_below = np.exp(log_pmf).sum(axis=1)                        # P(X <= s - 1)
    return np.where(n < s, 0.0, np.clip(1.0 - cdf_below, 0.0, 1.0))


def sellout_probability(audience, stock, buy_probability: float) -> np.ndarray:
    """Chance that one mention finds at least ``stock`` buyers in ``audience`` followers.

    Exact binomial tail ``P(Binomial(N, p) >= stock)``; ``audience`` may be an array (counts are
    rounded down), ``stock`` is one whole number. A stock of 0 always sells out. The lower tail is
    summed in log space, so the result is accurate to about 1e-8 even for stocks of 100,000s.
    """
    p = _check_probability(buy_probability)
    n = _whole(audience, "audience")
    s = int(_whole(stock, "stock"))
    flat = n.ravel()
    if s == 0:
        out = np.ones_like(flat)
    elif p == 0.0:
        out = np.zeros_like(flat)
    elif p == 1.0:
        out = (flat >= s).astype(float)
    else:
        out = np.empty_like(flat)
        block = max(1, 2_000_000 // s)                             # bound the memory of one block
        for i in range(0, flat.size, block):
            out[i:i + block] = _sellout_block(flat[i:i + block], s, p)
    return out.reshape(n.shape)


def _boundary(lo: int, hi: int, test) -> tuple[int, int]:
    """Bisection on whole numbers: given ``test(lo) != test(hi)`` and ``test`` monotone between them,
    the two neighbours ``(k, k + 1)`` where its answer changes."""
    below = test(lo)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if test(mid) == below:
            lo = mid
        else:
            hi = mid
    return lo, hi


def audience_to_sell_out(stock, buy_probability: float, probability: float = 0.5) -> int:
    """Smallest audience whose single mention sells out ``stock`` with at least ``probability``.

    The chance of selling out grows with the audience, so a doubling search then a bisection finds it.
    """
    p = _check_probability(buy_probability)
    if not 0.0 < float(probability) < 1.0:
        raise ValueError(f"probability: must be a number above 0 and below 1, got {probability!r}")
    s = int(_whole(stock, "stock"))
    if s == 0:
        return 0
    if p == 0.0:
        raise ValueError("buy_probability: must be above 0 for any audience to sell out a stock above 0")

    def enough(n: int) -> bool:
        return float(sellout_probability(n, s, p)) >= probability

    lo, hi = s - 1, max(s, int(np.ceil(s / p)))                    # lo never enough; hi may be
    while not enough(hi):
        lo, hi = hi, 2 * hi
    return _boundary(lo, hi, enough)[1]


def largest_stock_to_sell_out(audience: int, buy_probability: float, probability: float = 0.5) -> int:
    """Largest stock that one mention to ``audience`` followers sells out with at least ``probability``.

    The other side of :func:`audience_to_sell_out`: the chance of selling out falls as the stock grows,
    so a bisection between 0 (always sold out) and the audience finds it.
    """
    _check_probability(buy_probability)
    if not 0.0 < float(probability) < 1.0:
        raise ValueError(f"probability: must be a number above 0 and below 1, got {probability!r}")
    n = int(_whole(audience, "audience"))

    def enough(s: int) -> bool:
        return float(sellout_probability(n, s, buy_probability)) >= probability

    if enough(n):
        return n
    return _boundary(0, n, enough)[0]                               # a stock of 0 is always sold out
