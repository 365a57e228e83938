import numpy as np
import pytest
from hypothesis import given, strategies as st

from gigsim.params import ParameterError
from gigsim.subcontract import (COCONALA, CROWDWORKS, FEE_SCHEDULES, FIVERR, LANCERS, ClientBook, ClientNoise,
                                FeeSchedule, SubcontractParams, client_month, effective_fee_share,
                                hourly_rate_jpy, net_after_fee, platform_fee_jpy, simulate_subcontract)


@pytest.mark.parametrize("contract, fee", [
    (0, 0), (50_000, 10_000), (100_000, 20_000), (150_000, 25_000),     # 20,000 + 5,000
    (200_000, 30_000), (300_000, 35_000), (1_000_000, 70_000),          # 20,000 + 10,000 + 5% above
])
def test_crowdworks_tiered_fee_by_hand(contract, fee):
    assert float(platform_fee_jpy(contract, CROWDWORKS)) == pytest.approx(fee)
    assert float(net_after_fee(contract, CROWDWORKS)) == pytest.approx(contract - fee)


def test_flat_fees_by_hand():
    assert float(platform_fee_jpy(100_000, LANCERS)) == pytest.approx(16_500)
    assert float(platform_fee_jpy(10_000, COCONALA)) == pytest.approx(2_200)
    assert float(net_after_fee(10_000, FIVERR)) == pytest.approx(8_000)
    assert {s.source for s in (CROWDWORKS, LANCERS, COCONALA, FIVERR)} == \
        {"crowdworks_fees", "lancers_fees", "coconala_fees", "fiverr_fees"}


def test_net_after_fee_is_vectorised_and_monotone():
    amounts = np.array([[0, 50_000, 150_000], [250_000, 1e6, 2e6]])
    net = net_after_fee(amounts, CROWDWORKS)
    assert net.shape == amounts.shape
    assert np.all(np.diff(net.ravel()) > 0)
    share = effective_fee_share(np.array([50_000, 150_000, 500_000]), CROWDWORKS)
    assert share[0] == pytest.approx(0.2) and share[1] < 0.2 and share[2] < share[1]


def test_fee_schedule_is_checked():
    with pytest.raises(ParameterError, match="one more entry"):
        FeeSchedule("x", rates=(0.1, 0.2))
    with pytest.raises(ParameterError, match="ascending"):
        FeeSchedule("x", rates=(0.1, 0.2, 0.3), thresholds_jpy=(200, 100))
    assert set(FEE_SCHEDULES) >= {"crowdworks", "lancers", "coconala", "fiverr"}


def test_rate_grows_with_experience_to_ceiling_and_falls_with_price_pressure():
    p = SubcontractParams(start_rate_jpy_per_hour=1000, rate_ceiling_jpy_per_hour=3000,
                          experience_scale_hours=1000, price_pressure_per_month=0.01)
    rates = hourly_rate_jpy(p, np.array([0, 1000, 1e6]), month=0)
    assert rates[0] == pytest.approx(1000)
    assert rates[1] == pytest.approx(3000 - 2000 / np.e)
    assert rates[2] == pytest.approx(3000)
    assert float(hourly_rate_jpy(p, 0, month=12)) == pytest.approx(1000 * 0.99 ** 12)
    with pytest.raises(ParameterError, match="rate_ceiling_jpy_per_hour: must be at least"):
        SubcontractParams(start_rate_jpy_per_hour=3000, rate_ceiling_jpy_per_hour=2000)


def test_offers_fill_free_slots_in_order_and_full_workers_turn_them_down():
    book = ClientBook.empty(3, 2)
    noise = ClientNoise(arrivals=np.array([3, 1, 1]), lifetimes_months=np.array([2, 3, 4, 5, 6]),
                        hours_per_month=np.array([10., 20., 30., 40., 50.]))
    demanded, biggest = client_month(book, np.array([100., 100., 0.]), noise)
    # worker 0 takes its first two offers and turns down the third; worker 2 has no hours
    assert book.hours_demanded[:, 0].tolist() == [10., 20.]
    assert book.months_left[:, 0].tolist() == [2, 3]
    assert book.hours_demanded[:, 1].tolist() == [40., 0.]
    assert demanded.tolist() == [30., 40., 0.] and biggest.tolist() == [20., 40., 0.]


def test_single_client_means_all_income_from_it():
    p = SubcontractParams(max_clients=1, client_arrivals_per_month=3)
    res = simulate_subcontract(p, 200, 24, np.random.default_rng(3))
    has_client = res.demanded_hours > 0
    assert has_client.mean() > 0.8
    assert np.all(res.biggest_client_share[has_client] == 1.0)
    assert np.all(res.biggest_client_share[~has_client] == 0.0)
    assert res.single_client_share == 1.0
    many = simulate_subcontract(SubcontractParams(max_clients=6, client_arrivals_per_month=3), 200, 24,
                                np.random.default_rng(3))
    assert many.single_client_share < 0.2


def test_client_concentration_between_zero_and_one():
    res = simulate_subcontract(SubcontractParams(), 500, 36, np.random.default_rng(0))
    share = res.biggest_client_share
    assert np.all((share >= 0) & (share <= 1))
    some = res.demanded_hours > 0
    # with several clients, the biggest usually brings less than everything
    assert 0.3 < share[some].mean() < 1.0


def test_worked_hours_are_capped_by_demand_and_by_hours_available():
    res = simulate_subcontract(SubcontractParams(client_arrivals_per_month=3), 300, 24,
                               np.random.default_rng(1), hours_per_week=20)
    assert np.all(res.worked_hours <= res.demanded_hours + 1e-9)
    assert np.all(res.worked_hours <= res.available_hours_per_month + 1e-9)
    assert res.utilisation.max() == pytest.approx(1.0)


def test_nothing_accumulates_without_hours():
    res = simulate_subcontract(SubcontractParams(), 50, 12, np.random.default_rng(0), hours_per_week=0)
    assert np.all(res.income_jpy == 0)


def test_same_seed_same_paths_different_seed_different():
    p = SubcontractParams(platform="crowdworks")
    a = simulate_subcontract(p, 100, 24, np.random.default_rng(7))
    b = simulate_subcontract(p, 100, 24, np.random.default_rng(7))
    c = simulate_subcontract(p, 100, 24, np.random.default_rng(8))
    assert np.array_equal(a.income_jpy, b.income_jpy)
    assert not np.array_equal(a.income_jpy, c.income_jpy)


wide = dict(
    platform=st.sampled_from(sorted(FEE_SCHEDULES)),
    rate=st.floats(0, 20_000), extra=st.floats(0, 20_000),
    arrivals=st.floats(0, 5), lifetime=st.floats(1, 60), hours=st.floats(0, 300),
    sigma=st.floats(0, 2), pressure=st.floats(0, 0.05), max_clients=st.integers(1, 8),
)


def _params(platform, rate, extra, arrivals, lifetime, hours, sigma, pressure, max_clients):
    return SubcontractParams(platform=platform, start_rate_jpy_per_hour=rate, rate_ceiling_jpy_per_hour=rate + extra,
                             client_arrivals_per_month=arrivals, client_mean_lifetime_months=lifetime,
                             client_hours_per_month=hours, client_hours_sigma=sigma,
                             price_pressure_per_month=pressure, max_clients=max_clients)


@given(**wide, hours_a=st.floats(0, 80), more=st.floats(0, 40), seed=st.integers(0, 2**32))
def test_income_never_negative_and_more_hours_never_lower_it(platform, rate, extra, arrivals, lifetime, hours,
                                                              sigma, pressure, max_clients, hours_a, more, seed):
    p = _params(platform, rate, extra, arrivals, lifetime, hours, sigma, pressure, max_clients)
    a = simulate_subcontract(p, 40, 18, np.random.default_rng(seed), hours_per_week=hours_a)
    b = simulate_subcontract(p, 40, 18, np.random.default_rng(seed), hours_per_week=hours_a + more)
    assert np.all(np.isfinite(a.income_jpy)) and np.all(a.income_jpy >= 0)
    if hours_a > 0:
        assert np.all(b.income_jpy >= a.income_jpy * (1 - 1e-12))
