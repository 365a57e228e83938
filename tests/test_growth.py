import numpy as np
import pytest

from gigsim.growth import (BassDiffusion, LogisticGrowth, bass_adopters, bass_adopters_stepped,
                           bass_new_adopters_per_year, bass_peak_year, logistic, logistic_stepped)
from gigsim.params import ParameterError


def test_logistic_closed_form_properties():
    g = LogisticGrowth(capacity=1000, rate_per_month=0.3, initial=10)
    assert logistic(g, 0) == pytest.approx(10)
    assert logistic(g, 500) == pytest.approx(1000)
    # the inflection point is at half the capacity, at t = ln((K - N0) / N0) / r
    t_half = np.log((1000 - 10) / 10) / 0.3
    assert logistic(g, t_half) == pytest.approx(500)


@pytest.mark.parametrize("steps", [1, 10, 100])
def test_logistic_stepped_converges_to_closed_form(steps):
    g = LogisticGrowth(capacity=50_000, rate_per_month=0.2, initial=50)
    err = np.abs(logistic_stepped(g, 60, steps) - logistic(g, np.arange(61))).max() / g.capacity
    # Euler's error shrinks in proportion to the step
    assert err < 0.15 / steps


def test_bass_defaults_cite_sultan1990():
    import dataclasses
    fields = {f.name: f for f in dataclasses.fields(BassDiffusion)}
    assert fields["p_per_year"].default == pytest.approx(0.03)
    assert fields["q_per_year"].default == pytest.approx(0.38)
    assert fields["p_per_year"].metadata["source"] == "sultan1990"
    assert fields["q_per_year"].metadata["source"] == "sultan1990"


def test_bass_closed_form_limits_and_peak():
    b = BassDiffusion(p_per_year=0.03, q_per_year=0.38, market_size=1e6)
    assert bass_adopters(b, 0) == pytest.approx(0)
    assert bass_adopters(b, 200) == pytest.approx(1e6, rel=1e-9)
    t = np.linspace(0, 30, 30001)
    rate = bass_new_adopters_per_year(b, t)
    assert t[np.argmax(rate)] == pytest.approx(bass_peak_year(b), abs=1e-3)
    # the rate is the derivative of the cumulative curve
    numeric = np.gradient(bass_adopters(b, t), t)
    assert np.allclose(numeric[1:-1], rate[1:-1], rtol=1e-4)


def test_bass_stepped_agrees_with_closed_form_as_step_shrinks():
    b = BassDiffusion()
    exact = bass_adopters(b, np.arange(241) / 12)
    errors = [np.abs(bass_adopters_stepped(b, 240, s) - exact).max() / b.market_size for s in (1, 10, 100)]
    assert errors[0] < 0.01               # month by month is already close
    assert errors[2] < 1e-4               # and a fine step agrees to 0.01% of the market
    assert errors[1] < errors[0] / 5 and errors[2] < errors[1] / 5


def test_bass_with_no_imitation_is_exponential_saturation():
    b = BassDiffusion(p_per_year=0.1, q_per_year=0.0, market_size=100)
    t = np.array([1.0, 5.0, 20.0])
    assert np.allclose(bass_adopters(b, t), 100 * (1 - np.exp(-0.1 * t)))
    assert bass_peak_year(b) == 0.0


def test_bad_parameters_are_rejected_with_field_names():
    with pytest.raises(ParameterError, match="p_per_year"):
        BassDiffusion(p_per_year=-1)
    with pytest.raises(ParameterError, match="initial: must be at most capacity"):
        LogisticGrowth(capacity=10, initial=20)
    with pytest.raises(ValueError, match="steps_per_month"):
        bass_adopters_stepped(BassDiffusion(), 12, 0)
