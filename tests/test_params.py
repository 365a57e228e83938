"""checked_number: a plain argument checked and worded like a parameter field."""
import numpy as np
import pytest

from gigsim.params import ParameterError, as_generator, checked_number


def test_accepts_numbers_in_range_including_numpy_scalars():
    assert checked_number(0.5, "share", lo=0, hi=1) == 0.5
    assert checked_number(np.float32(0.25), "share", lo=0, hi=1) == 0.25
    assert checked_number(np.int64(3), "n", lo=0, integer=True) == 3.0
    assert isinstance(checked_number(np.int64(3), "n", lo=0), float)


@pytest.mark.parametrize("value, kwargs, message", [
    (1.5, dict(lo=0, hi=1), "share: must be a number from 0 to 1, got 1.5"),
    (-1, dict(lo=0), "share: must be a number of at least 0, got -1.0"),
    (float("inf"), dict(lo=0), "share: must be a number of at least 0, got inf"),
    (float("nan"), dict(lo=0, hi=1), "share: must be a number from 0 to 1, got nan"),
    ("lots", dict(lo=0), "share: must be a number of at least 0, got 'lots'"),
    (True, dict(lo=0), "share: must be a number of at least 0, got True"),
    (2.5, dict(lo=0, integer=True), "share: must be a whole number of at least 0, got 2.5"),
])
def test_refuses_with_one_line_naming_field_range_and_value(value, kwargs, message):
    with pytest.raises(ParameterError) as err:
        checked_number(value, "share", **kwargs)
    assert err.value.problems == [message]


def test_as_generator_keeps_a_generator_seeds_an_int_and_refuses_none():
    rng = np.random.default_rng(5)
    assert as_generator(rng) is rng
    assert as_generator(np.int64(5)).random() == np.random.default_rng(5).random()
    for bad in (None, 1.5, "5", True):
        with pytest.raises(ValueError, match="rng: pass a seeded numpy.random.Generator"):
            as_generator(bad)


def test_the_sweeps_no_longer_run_unseeded():
    from gigsim.scenario import default_scenario
    from gigsim.sweeps import switch_sweep
    with pytest.raises(ValueError, match="got None"):
        switch_sweep(default_scenario(), [0, 12], 10, 24, None)
