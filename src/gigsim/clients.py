"""A subcontractor's client book as a queue: how many clients, how often none, and what a break costs.

:mod:`gigsim.subcontract` simulates clients who arrive at random (Poisson, ``lambda`` =
``client_arrivals_per_month``) and stay a random number of months (geometric, mean ``L`` =
``client_mean_lifetime_months``). That is a queue with unlimited servers, and queueing theory gives its
long-run behaviour in closed form:

* **Little's law**: the mean number of clients is arrivals x mean stay, ``lambda * L``, whatever the
  distribution of the stay.
* Without a cap on clients the number of clients in a month is **Poisson** with that mean, so a month
  with no client at all has probability ``exp(-lambda * L)``. With a cap of ``max_clients`` (offers to a
  full worker are lost) it is a Poisson distribution cut off at the cap (Erlang's loss formula; exact in
  continuous time, a close approximation for the monthly model).
* Starting from an empty book, a client who arrived ``k`` months ago is still there with probability
  ``(1 - 1/L)**k``, so the book fills up as ``lambda * L * (1 - (1 - 1/L)**(t + 1))``: after a break the
  worker starts again from nothing and needs months to refill it.

:func:`simulate_schedule` runs the same monthly model as :func:`gigsim.subcontract.simulate_subcontract`
(with the same random draws), but the hours available may change month by month: a month with no hours
is a break, and the model's clients leave during a break (an assumption: a client who cannot get the
work done goes elsewhere). It also records the number of clients.

Income volatility has no published benchmark for freelancers; :func:`coefficient_of_variation` and
:func:`drop_frequency` measure it on simulated paths, so every figure they give is a property of the model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from math import exp, factorial

import numpy as np

from .leverage import WEEKS_PER_MONTH
from .subcontract import SubcontractParams, SubcontractResult, run_subcontract_months


# --- closed forms -------------------------------------------------------------------------

def mean_clients(params: SubcontractParams) -> float:
    """Long-run mean number of clients without the cap (Little's law): arrivals a month x mean months a client stays."""
    return params.client_arrivals_per_month * params.client_mean_lifetime_months


def client_count_pmf(params: SubcontractParams) -> np.ndarray:
    """Long-run probability of having 0, 1, ..., ``max_clients`` clients in a month (array of length max_clients + 1).

    A Poisson distribution with mean :func:`mean_clients`, cut off at ``max_clients`` and renormalised
    (Erlang's loss formula: offers to a full worker are lost).
    """
    m = mean_clients(params)
    weights = np.array([m ** k / factorial(k) for k in range(params.max_clients + 1)], dtype=float)
    return weights / weights.sum()


def prob_no_clients(params: SubcontractParams) -> float:
    """Long-run probability that a month has no client at all (and so no income)."""
    return float(client_count_pmf(params)[0])


def expected_clients_from_empty(params: SubcontractParams, months: int) -> np.ndarray:
    """Mean number of clients in each month ``t = 0 .. months-1`` after starting with no clients, ignoring the cap.

    ``lambda * L * (1 - (1 - 1/L)**(t + 1))``: the book refills towards :func:`mean_clients`; after ``L``
    months it has reached about 1 - 1/e (63%) of it. The cap only lowers these values.
    """
    if months < 1:
        raise ValueError(f"months: must be at least 1, got {months!r}")
    stay = 1.0 - 1.0 / params.client_mean_lifetime_months
    t = np.arange(months)
    return mean_clients(params) * (1.0 - stay ** (t + 1))


def months_to_refill(params: SubcontractParams, share: float = 0.9) -> int:
    """Months after a restart from an empty book until the mean number of clients reaches ``share`` of its
    long-run level (month index, 0 = the first month back), ignoring the cap."""
    if not 0 < share < 1:
        raise ValueError(f"share: must be a number above 0 and below 1, got {share!r}")
    stay = 1.0 - 1.0 / params.client_mean_lifetime_months
    if stay == 0.0:        # clients stay one month: the book is full at once
        return 0
    # 1 - stay**(t+1) >= share  <=>  t + 1 >= log(1 - share) / log(stay)
    return max(int(np.ceil(np.log(1.0 - share) / np.log(stay) - 1.0 - 1e-12)), 0)


# --- the monthly model with a schedule of hours ----------------------------------------------

@dataclass
class ScheduleResult(SubcontractResult):
    """A :class:`~gigsim.subcontract.SubcontractResult` whose hours change by month, with the number of clients.

    ``hours_available_per_month`` has one value per month (shape (months,)); ``n_clients`` is (n, months):
    the clients a worker had in each month, after that month's arrivals.
    """

    hours_available_per_month: np.ndarray = field(default_factory=lambda: np.zeros(0))
    n_clients: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))

    @property
    def utilisation(self) -> np.ndarray:
        """Share of each month's available hours that clients filled (0 in a month with no hours)."""
        avail = np.broadcast_to(self.hours_available_per_month, self.worked_hours.shape)
        return np.divide(self.worked_hours, avail, out=np.zeros_like(self.worked_hours), where=avail > 0)


def simulate_schedule(params: SubcontractParams, hours_per_week, n_workers: int, rng: np.random.Generator,
                      skill: np.ndarray | float = 1.0) -> ScheduleResult:
    """Simulate ``n_workers`` subcontractors whose weekly hours follow ``hours_per_week`` (one value per month).

    The months are ``len(hours_per_week)``. A month with 0 hours is a break: every client leaves and no
    offer is taken, so income is 0 that month and the book starts empty afterwards. Experience (and with
    it the rate) is kept. With the same hours every month and the same seed, the paths are exactly those
    of :func:`gigsim.subcontract.simulate_subcontract`.
    """
    hours = np.asarray(hours_per_week, dtype=float)
    if hours.ndim != 1 or hours.size < 1:
        raise ValueError(f"hours_per_week: must be a list of one number per month (at least one), got shape {hours.shape}")
    if not np.all(np.isfinite(hours)) or np.any(hours < 0):
        bad = hours[~(np.isfinite(hours) & (hours >= 0))][0]
        raise ValueError(f"hours_per_week: every value must be a number of at least 0, got {bad!r}")
    if n_workers < 1:
        raise ValueError(f"n_workers: must be at least 1, got {n_workers!r}")
    avail_by_month = hours * WEEKS_PER_MONTH
    out, count = run_subcontract_months(params, avail_by_month, n_workers, rng, skill)
    return ScheduleResult(out["inc"], out["wk"], out["dem"], out["top"], out["rate"],
                          float(avail_by_month.max()), avail_by_month, count)


# --- volatility (modelled: no published benchmark) ----------------------------------------------

def coefficient_of_variation(monthly: np.ndarray) -> np.ndarray:
    """Each worker's month-to-month spread: standard deviation / mean of the monthly values along the
    last axis (NaN for a worker whose mean is 0). 0 is a steady salary; 1 means swings as large as the mean."""
    v = np.asarray(monthly, dtype=float)
    mean = v.mean(axis=-1)
    sd = v.std(axis=-1)
    return np.divide(sd, mean, out=np.full_like(mean, np.nan), where=mean > 0)


def drop_frequency(monthly: np.ndarray, drop: float = 0.3) -> float:
    """Share of consecutive month pairs (where the first month had income) in which income fell by at least
    ``drop`` (a share: 0.3 = a fall of 30% or more) from one month to the next, over all workers."""
    if not 0 < drop <= 1:
        raise ValueError(f"drop: must be a number above 0 and at most 1, got {drop!r}")
    v = np.asarray(monthly, dtype=float)
    if v.shape[-1] < 2:
        raise ValueError("monthly: needs at least two months along the last axis")
    before, after = v[..., :-1], v[..., 1:]
    had = before > 0
    if not had.any():
        return 0.0
    fell = after <= before * (1.0 - drop) + 1e-9 * before
    return float(np.mean(fell[had]))
