import dataclasses

import numpy as np
import pytest

from gigsim.monetise import (MonetiseParams, ad_income_jpy, product_income_jpy, rpm_from_cpm, service_hours,
                             service_income_jpy, trailing_sum, true_fans_needed, watch_hours, ypp_eligible)


def test_sources_of_the_defaults():
    fields = {f.name: f for f in dataclasses.fields(MonetiseParams)}
    assert fields["ypp_min_followers"].default == 1000 and fields["ypp_min_followers"].metadata["source"] == "youtube_ypp"
    assert fields["ypp_min_watch_hours_12m"].default == 4000
    assert fields["creator_revenue_share"].default == 0.55
    assert fields["creator_revenue_share"].metadata["source"] == "youtube_revshare"
    assert fields["rpm_jpy"].metadata["source"] is None          # an assumption ...
    assert 50 <= fields["rpm_jpy"].default <= 1000                # ... inside the folk range
    assert fields["profit_jpy_per_fan_per_year"].metadata["source"] == "kelly2008"
    assert 0.02 <= fields["paying_fan_share"].default <= 0.05


def test_ads_are_views_times_rpm_only_when_eligible():
    views = np.array([0, 10_000, 10_000])
    assert ad_income_jpy(views, 300, [True, True, False]).tolist() == [0, 3000, 0]
    assert float(rpm_from_cpm(1000, 0.55, 0.5)) == pytest.approx(275)


def test_partner_programme_needs_both_thresholds():
    p = MonetiseParams()
    eligible = ypp_eligible([999, 1000, 5000, 1000], [5000, 5000, 3999, 4000], p)
    assert eligible.tolist() == [False, True, False, True]
    assert float(watch_hours(60_000, p)) == pytest.approx(60_000 * p.watch_minutes_per_view / 60)


def test_trailing_sum_is_a_moving_window():
    x = np.arange(1, 31, dtype=float)
    expected = [x[max(0, t - 11):t + 1].sum() for t in range(30)]
    assert np.allclose(trailing_sum(x), expected)


def test_products_start_at_the_threshold_and_scale_with_fans():
    p = MonetiseParams(product_min_followers=1000, paying_fan_share=0.05, profit_jpy_per_fan_per_year=12_000)
    assert product_income_jpy([999, 1000, 10_000], p).tolist() == [0, 1000 * 0.05 * 1000, 10_000 * 0.05 * 1000]


def test_skills_are_capped_by_hours():
    p = MonetiseParams(service_hours_per_1000_followers=10, service_max_share_of_hours=0.5, service_rate_jpy_per_hour=5000)
    hours = service_hours([0, 1000, 1e6], [100, 100, 100], p)
    assert hours.tolist() == [0, 10, 50]                       # demand, then the cap
    assert service_income_jpy(hours, p).tolist() == [0, 50_000, 250_000]


def test_thousand_true_fans_arithmetic():
    p = MonetiseParams(profit_jpy_per_fan_per_year=15_000, paying_fan_share=0.02)
    fans, followers = true_fans_needed(15_000_000, p)
    assert fans == pytest.approx(1000)
    assert followers == pytest.approx(50_000)


def test_followers_filling_service_cap_is_where_service_hours_stop_growing():
    from gigsim.monetise import followers_filling_service_cap, service_hours
    money = MonetiseParams()
    f = float(followers_filling_service_cap(43.3, money))
    assert service_hours(f * 0.99, 43.3, money) < service_hours(f, 43.3, money)
    assert service_hours(f * 1.5, 43.3, money) == pytest.approx(service_hours(f, 43.3, money))
    assert service_hours(f, 43.3, money) == pytest.approx(43.3 * money.service_max_share_of_hours)
