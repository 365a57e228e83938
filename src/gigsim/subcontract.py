"""Subcontracting (下請け, *shitauke*) through a crowdsourcing platform: linear work with a random client book.

A subcontractor sells hours. Clients arrive at random (a Poisson process, ``client_arrivals_per_month``),
each wants a random number of hours a month (lognormal) and stays a random number of months
(geometric, mean ``client_mean_lifetime_months``). The hours worked in a month are the smaller of what
the current clients want and the hours available; each client's bill is one contract, and the platform
keeps a fee set by a *fee schedule* (data, not code: CrowdWorks' tiered fee, Lancers' flat fee, ...).
The hourly rate creeps up with experience towards a ceiling while a market-wide price pressure pushes
it down. Nothing accumulates: when the hours stop, the income stops.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .leverage import WEEKS_PER_MONTH
from .params import ParameterError, Validated, param


# --- platform fee schedules -----------------------------------------------------------

@dataclass(frozen=True)
class FeeSchedule:
    """A platform's fee on one contract, as marginal rates on brackets of the contract amount.

    ``thresholds_jpy`` are the bracket edges (ascending); ``rates`` has one more entry than
    ``thresholds_jpy``: the rate on the part below the first edge, between edges, and above the last.
    A flat fee has no thresholds and one rate.
    """

    name: str
    rates: tuple[float, ...]
    thresholds_jpy: tuple[float, ...] = ()
    source: str | None = None

    def __post_init__(self) -> None:
        problems = []
        if len(self.rates) != len(self.thresholds_jpy) + 1:
            problems.append(f"{self.name}.rates: must have one more entry than thresholds_jpy, "
                            f"got {len(self.rates)} rates and {len(self.thresholds_jpy)} thresholds")
        if any(not 0 <= r <= 1 for r in self.rates):
            problems.append(f"{self.name}.rates: each must be a number from 0 to 1, got {self.rates!r}")
        if any(b <= a for a, b in zip(self.thresholds_jpy, self.thresholds_jpy[1:])) or \
                any(t <= 0 for t in self.thresholds_jpy):
            problems.append(f"{self.name}.thresholds_jpy: must be positive and ascending, got {self.thresholds_jpy!r}")
        if problems:
            raise ParameterError(problems)

    @property
    def is_flat(self) -> bool:
        """True when the fee is the same share of every contract."""
        return len(set(self.rates)) == 1

    @classmethod
    def flat(cls, name: str, rate: float, source: str | None = None) -> "FeeSchedule":
        """A schedule that keeps the same share of every contract."""
        return cls(name=name, rates=(rate,), source=source)


#: CrowdWorks: 20% of the part up to ¥100,000, 10% of ¥100,000-200,000, 5% above (per contract).
CROWDWORKS = FeeSchedule("crowdworks", rates=(0.20, 0.10, 0.05), thresholds_jpy=(100_000.0, 200_000.0),
                         source="crowdworks_fees")
#: Lancers: a flat 16.5% (tax included) since October 2022.
LANCERS = FeeSchedule.flat("lancers", 0.165, source="lancers_fees")
#: coconala: a flat 22% (tax included) on most services.
COCONALA = FeeSchedule.flat("coconala", 0.22, source="coconala_fees")
#: Fiverr: a flat 20% seller commission.
FIVERR = FeeSchedule.flat("fiverr", 0.20, source="fiverr_fees")
#: Direct clients, no platform: no fee (an assumption for comparison).
DIRECT = FeeSchedule.flat("direct", 0.0, source=None)

FEE_SCHEDULES: dict[str, FeeSchedule] = {s.name: s for s in (CROWDWORKS, LANCERS, COCONALA, FIVERR, DIRECT)}


def platform_fee_jpy(contract_jpy, schedule: FeeSchedule) -> np.ndarray:
    """The platform's fee on each contract amount (vectorised over any array shape).

    >>> float(platform_fee_jpy(150_000, CROWDWORKS))   # 20% of 100,000 + 10% of 50,000
    25000.0
    """
    amount = np.maximum(np.asarray(contract_jpy, dtype=float), 0.0)
    if schedule.is_flat:
        return amount * schedule.rates[0]
    edges = (0.0, *schedule.thresholds_jpy)
    fee = np.zeros_like(amount)
    for k, rate in enumerate(schedule.rates):
        lo = edges[k]
        part = amount - lo
        if k + 1 < len(edges):
            part = np.minimum(part, edges[k + 1] - lo)
        fee += rate * np.maximum(part, 0.0)
    return fee


def net_after_fee(contract_jpy, schedule: FeeSchedule) -> np.ndarray:
    """What the worker keeps of each contract amount after the platform's fee (vectorised)."""
    amount = np.maximum(np.asarray(contract_jpy, dtype=float), 0.0)
    return amount - platform_fee_jpy(amount, schedule)


def effective_fee_share(contract_jpy, schedule: FeeSchedule) -> np.ndarray:
    """Fee as a share of the contract (0 for an empty contract): falls with size under a tiered schedule."""
    amount = np.asarray(contract_jpy, dtype=float)
    fee = platform_fee_jpy(amount, schedule)
    return np.divide(fee, amount, out=np.zeros_like(fee), where=amount > 0)


# --- parameters ------------------------------------------------------------------------

@dataclass(frozen=True)
class SubcontractParams(Validated):
    """A subcontractor's market: rates, clients, and the platform's fee."""

    platform: str = param("lancers", unit="name", choices=tuple(FEE_SCHEDULES),
                          doc="Fee schedule of the platform (crowdworks is tiered; the others are flat)")
    start_rate_jpy_per_hour: float = param(
        1500.0, unit="JPY/hour", lo=0, hi=100_000,
        doc="Hourly rate of a beginner of median skill, before the platform's fee")
    rate_ceiling_jpy_per_hour: float = param(
        3000.0, unit="JPY/hour", lo=0, hi=100_000,
        doc="Rate approached with long experience (median skill); at least the start rate")
    experience_scale_hours: float = param(
        3000.0, unit="hours", lo=1, hi=1e6,
        doc="Hours of work after which 63% of the gap to the ceiling is closed")
    rate_skill_exponent: float = param(
        0.2, unit="1", lo=0, hi=2,
        doc="How strongly skill raises the rate: rate x skill^exponent (0: skill does not matter)")
    price_pressure_per_month: float = param(
        0.002, unit="share/month", lo=0, hi=0.1,
        doc="Market-wide monthly fall of rates from competition (0.002 is about 2.4% a year)")
    client_arrivals_per_month: float = param(
        0.3, unit="clients/month", lo=0, hi=20,
        doc="Mean number of new clients a month while the worker is taking work (Poisson); with the next "
            "two defaults, the share of months with clients that have a single client lands near the 28.3% of "
            "freelancers with one client in jilpt2018 (a loose comparison: people against months) and "
            "the median yearly income lands in the commonest band, 2 to 3 million yen (cabinet2020freelance)")
    client_mean_lifetime_months: float = param(
        8.0, unit="months", lo=1, hi=600,
        doc="Mean number of months a client keeps sending work (geometric)")
    client_hours_per_month: float = param(
        70.0, unit="hours/month", lo=0, hi=1000,
        doc="Mean hours a month that one client wants")
    client_hours_sigma: float = param(
        0.8, unit="log units", lo=0, hi=3,
        doc="Spread of hours wanted across clients (sigma of a lognormal)")
    max_clients: int = param(
        6, unit="clients", lo=1, hi=50, integer=True,
        doc="Most clients one worker keeps at once; further offers are turned down")

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.rate_ceiling_jpy_per_hour < self.start_rate_jpy_per_hour:
            raise ParameterError([
                f"rate_ceiling_jpy_per_hour: must be at least start_rate_jpy_per_hour "
                f"({self.start_rate_jpy_per_hour:g}), got {self.rate_ceiling_jpy_per_hour!r}"])

    @property
    def fee_schedule(self) -> FeeSchedule:
        return FEE_SCHEDULES[self.platform]


# --- the rate --------------------------------------------------------------------------

def hourly_rate_jpy(params: SubcontractParams, experience_hours, month: int, skill=1.0) -> np.ndarray:
    """Rate for a worker with ``experience_hours`` behind them, in month ``month``.

    ``ceiling - (ceiling - start) * exp(-experience / scale)``, scaled by ``skill**exponent``
    and by the market's price pressure ``(1 - pressure)**month``.
    """
    exp_hours = np.asarray(experience_hours, dtype=float)
    skill_factor = np.asarray(skill, dtype=float) ** params.rate_skill_exponent
    gap = params.rate_ceiling_jpy_per_hour - params.start_rate_jpy_per_hour
    base = params.rate_ceiling_jpy_per_hour - gap * np.exp(-exp_hours / params.experience_scale_hours)
    return base * skill_factor * (1.0 - params.price_pressure_per_month) ** month


# --- the random client book ---------------------------------------------------------------

@dataclass
class ClientNoise:
    """One month's random draws for the client process of ``n`` workers.

    ``arrivals[i]`` new clients offer work to worker ``i``; their lifetimes and hours are
    stored worker by worker in ``lifetimes_months`` and ``hours_per_month`` (worker 0's
    offers first). Offers to a worker who is not taking work, or who is full, are lost.
    """

    arrivals: np.ndarray
    lifetimes_months: np.ndarray
    hours_per_month: np.ndarray
    offsets: np.ndarray | None = None    # where each worker's offers start (computed once, shared)

    def __post_init__(self) -> None:
        if self.offsets is None:
            self.offsets = np.cumsum(self.arrivals) - self.arrivals


def draw_client_noise(rng: np.random.Generator, n: int, params: SubcontractParams) -> ClientNoise:
    """Draw one month of client offers for ``n`` workers.

    The number of offers is Poisson with mean ``client_arrivals_per_month``, counted only up to
    ``max_clients`` (a worker can never take more in one month, so the cap changes nothing) and
    drawn by inverting the Poisson distribution with one uniform number per worker.
    """
    u = rng.random(n)
    arrivals = np.zeros(n, dtype=np.int64)
    lam = params.client_arrivals_per_month
    term = cdf = float(np.exp(-lam))
    for k in range(1, params.max_clients + 1):
        arrivals += u >= cdf            # N >= k exactly when u >= P(N <= k - 1)
        term *= lam / k
        cdf += term
    total = int(arrivals.sum())
    lifetimes = np.minimum(rng.geometric(1.0 / params.client_mean_lifetime_months, total), 1_000_000)
    sigma = params.client_hours_sigma
    hours = params.client_hours_per_month * np.exp(sigma * rng.standard_normal(total) - 0.5 * sigma * sigma)
    return ClientNoise(arrivals, lifetimes, hours)


@dataclass
class ClientBook:
    """The clients of ``n`` workers: ``max_clients`` slots each, stored slot by slot (shape (slots, n))
    so that sums over a worker's clients are fast; hours 0 marks an empty slot."""

    hours_demanded: np.ndarray      # (max_clients, n) hours a month each client wants
    months_left: np.ndarray         # (max_clients, n) months the client stays, this month included
    experience_hours: np.ndarray    # (n,) hours worked so far

    @classmethod
    def empty(cls, n: int, max_clients: int) -> "ClientBook":
        return cls(np.zeros((max_clients, n)), np.zeros((max_clients, n), dtype=np.int32), np.zeros(n))

    @property
    def n_clients(self) -> np.ndarray:
        """Number of current clients of each worker."""
        return np.count_nonzero(self.months_left > 0, axis=0)


def _first_free_slot(months_left: np.ndarray) -> np.ndarray:
    """Index of each worker's first free slot (= number of full slots before it; ``slots`` if none)."""
    full = months_left[0] > 0
    count = full.astype(np.int64)
    for row in months_left[1:]:
        full &= row > 0
        count += full
    return count


def client_month(book: ClientBook, available_hours: np.ndarray, noise: ClientNoise,
                 biggest: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Update the client book for one month; return (hours demanded, biggest client's hours or None
    when ``biggest`` is False).

    Workers with no hours available drop all their clients and take no new ones. New offers
    fill the first free slots, in the order drawn. Call :func:`end_client_month` after paying.
    """
    demand, left = book.hours_demanded, book.months_left
    slots = demand.shape[0]
    off = available_hours <= 0
    any_off = bool(np.any(off))
    if any_off:
        if np.ndim(off) == 0:
            demand[...] = 0.0
            left[...] = 0
        else:
            gone = np.flatnonzero(off)
            demand[:, gone] = 0.0
            left[:, gone] = 0
    arrivals = noise.arrivals
    most = int(arrivals.max()) if arrivals.size else 0
    if most:
        n = arrivals.shape[0]
        offsets = noise.offsets
        taking = arrivals * ~off if any_off else arrivals
        flat_demand, flat_left = demand.reshape(-1), left.reshape(-1)
        # first offer of the month: find every worker's first free slot with whole-row operations
        first_free = _first_free_slot(left)
        idx = np.flatnonzero((taking > 0) & (first_free < slots))
        flat = first_free[idx] * n + idx
        flat_demand[flat] = noise.hours_per_month[offsets[idx]]
        flat_left[flat] = noise.lifetimes_months[offsets[idx]]
        # further offers (few workers): search only their slots
        for k in range(1, most):
            idx = np.flatnonzero(taking > k)
            if idx.size == 0:
                break
            first = _first_free_slot(left[:, idx])
            has_room = first < slots
            idx, first = idx[has_room], first[has_room]
            j = offsets[idx] + k
            flat = first * n + idx
            flat_demand[flat] = noise.hours_per_month[j]
            flat_left[flat] = noise.lifetimes_months[j]
    return demand.sum(axis=0), (demand.max(axis=0) if biggest else None)


def end_client_month(book: ClientBook, worked_hours: np.ndarray) -> None:
    """Age the clients by a month (those whose time is up leave) and add the hours to experience."""
    book.months_left -= 1
    book.hours_demanded *= book.months_left > 0
    book.experience_hours += worked_hours


def subcontract_net_income_jpy(book: ClientBook, demanded: np.ndarray, worked: np.ndarray,
                               rate: np.ndarray, schedule: FeeSchedule) -> np.ndarray:
    """Income after fees when ``worked`` hours are shared among the clients in proportion to what
    each wants; each client's monthly bill is one contract for the fee schedule."""
    gross = worked * rate
    if schedule.is_flat:
        return gross * (1.0 - schedule.rates[0])
    per_hour_demanded = np.divide(gross, demanded, out=np.zeros_like(gross), where=demanded > 0)
    bills = book.hours_demanded * per_hour_demanded
    return gross - platform_fee_jpy(bills, schedule).sum(axis=0)


# --- a stand-alone Monte Carlo of subcontracting -------------------------------------------

@dataclass
class SubcontractResult:
    """Monthly paths of ``n`` subcontractors (arrays of shape (n, months))."""

    income_jpy: np.ndarray
    worked_hours: np.ndarray
    demanded_hours: np.ndarray
    biggest_client_share: np.ndarray
    rate_jpy_per_hour: np.ndarray
    available_hours_per_month: float = field(default=0.0)

    @property
    def single_client_share(self) -> float:
        """Share of worker-months with clients in which all the income came from one client
        (compare: 28.3% of Japanese freelancers work for a single client, jilpt2018)."""
        some = self.demanded_hours > 0
        return float(np.mean(self.biggest_client_share[some] >= 1.0)) if some.any() else 0.0

    @property
    def utilisation(self) -> np.ndarray:
        """Share of the available hours that clients filled."""
        avail = self.available_hours_per_month
        return self.worked_hours / avail if avail > 0 else np.zeros_like(self.worked_hours)


def simulate_subcontract(params: SubcontractParams, n_workers: int, months: int, rng: np.random.Generator,
                         hours_per_week: float = 40.0, skill: np.ndarray | float = 1.0) -> SubcontractResult:
    """Simulate ``n_workers`` subcontractors for ``months`` months (one loop over months).

    ``biggest_client_share`` is the share of the month's income from the largest client
    (0 in a month with no clients; 1 with a single client).
    """
    if n_workers < 1 or months < 1:
        raise ValueError(f"n_workers and months: must be at least 1, got {n_workers!r} and {months!r}")
    avail_by_month = np.full(months, max(hours_per_week, 0.0) * WEEKS_PER_MONTH)
    out, _ = run_subcontract_months(params, avail_by_month, n_workers, rng, skill)
    return SubcontractResult(out["inc"], out["wk"], out["dem"], out["top"], out["rate"],
                             float(avail_by_month[0]))


def run_subcontract_months(params: SubcontractParams, available_hours_by_month: np.ndarray, n_workers: int,
                           rng: np.random.Generator, skill: np.ndarray | float = 1.0) -> tuple[dict, np.ndarray]:
    """The monthly loop behind :func:`simulate_subcontract` and :func:`gigsim.clients.simulate_schedule`.

    ``available_hours_by_month`` has one value per month (the same for every worker). Returns arrays of
    shape ``(n_workers, months)``: ``inc`` (net income), ``wk`` (worked hours), ``dem`` (demanded hours),
    ``top`` (biggest client's share), ``rate`` (hourly rate); and the number of clients each month.
    """
    avail_by_month = np.asarray(available_hours_by_month, dtype=float)
    months = avail_by_month.size
    skill = np.broadcast_to(np.asarray(skill, dtype=float), (n_workers,))
    book = ClientBook.empty(n_workers, params.max_clients)
    out = {k: np.zeros((n_workers, months)) for k in ("inc", "wk", "dem", "top", "rate")}
    count = np.zeros((n_workers, months), dtype=np.int64)
    for t in range(months):
        avail = np.full(n_workers, avail_by_month[t])
        noise = draw_client_noise(rng, n_workers, params)
        demanded, biggest = client_month(book, avail, noise)
        worked = np.minimum(demanded, avail)
        rate = hourly_rate_jpy(params, book.experience_hours, t, skill)
        out["inc"][:, t] = subcontract_net_income_jpy(book, demanded, worked, rate, params.fee_schedule)
        out["wk"][:, t], out["dem"][:, t], out["rate"][:, t] = worked, demanded, rate
        out["top"][:, t] = np.divide(biggest, demanded, out=np.zeros(n_workers), where=demanded > 0)
        count[:, t] = book.n_clients
        end_client_month(book, worked)
    return out, count
