"""The decaying stock behind every catalogue of content."""
import numpy as np
import pytest

from gigsim.stock import decaying_stock, retention_per_month, steady_state_stock


def test_one_piece_halves_after_its_half_life():
    inflow = np.zeros(13)
    inflow[0] = 1.0
    stock = decaying_stock(inflow, 6.0)
    assert stock[6] == pytest.approx(0.5)
    assert stock[12] == pytest.approx(0.25)


def test_stock_is_vectorised_over_creators_with_their_own_half_lives():
    inflow = np.ones((3, 48))
    half_lives = np.array([1.0, 12.0, np.inf])
    stock = decaying_stock(inflow, half_lives)
    for i, h in enumerate(half_lives):
        np.testing.assert_allclose(stock[i], decaying_stock(inflow[i], h))
    np.testing.assert_allclose(stock[2], np.arange(1, 49))


def test_steady_state_matches_long_run_and_is_infinite_without_decay():
    stock = decaying_stock(np.full(2000, 4.0), 10.0)
    assert stock[-1] == pytest.approx(steady_state_stock(4.0, 10.0))
    assert steady_state_stock(4.0, np.inf) == np.inf


def test_non_positive_half_life_is_rejected():
    with pytest.raises(ValueError, match="half_life_months"):
        retention_per_month(0.0)
