import numpy as np
import pytest
from hypothesis import given, strategies as st

from gigsim.attachment import (AttachmentParams, choice_probabilities, entry_months,
                               simulate_attachment)
from gigsim.metrics import top_share
from gigsim.params import ParameterError


def test_entry_spread_is_even_and_starts_at_month_zero():
    start = entry_months(1000, 100)
    assert start[0] == 0 and start[-1] == 99
    assert np.all(np.diff(start) >= 0)
    assert np.all(np.bincount(start, minlength=100) == 10)
    assert np.all(entry_months(50, 12, "together") == 0)


def test_entry_rejects_unknown_mode():
    with pytest.raises(ValueError, match="entry: must be one of 'spread', 'together', got 'late'"):
        entry_months(10, 10, "late")


def test_choice_probabilities_mix_random_and_proportional():
    followers = np.array([0, 1, 3, 100])
    is_open = np.array([True, True, True, False])
    p = choice_probabilities(followers, is_open, random_choice_share=0.5, advantage_exponent=1.0)
    # pull is followers + 1 = 1, 2, 4 among open channels (sum 7)
    assert np.allclose(p, [0.5 / 3 + 0.5 / 7, 0.5 / 3 + 1 / 7, 0.5 / 3 + 2 / 7, 0.0])
    assert np.allclose(choice_probabilities(followers, is_open, 1.0, 1.0), [1 / 3, 1 / 3, 1 / 3, 0])
    assert np.allclose(choice_probabilities(followers, is_open, 0.0, 0.0), [1 / 3, 1 / 3, 1 / 3, 0])


def test_choice_probabilities_need_an_open_channel():
    with pytest.raises(ValueError, match="at least one channel"):
        choice_probabilities(np.zeros(3), np.zeros(3, bool), 0.1, 1.0)


@given(creators=st.integers(1, 60), months=st.integers(1, 24),
       rate=st.floats(0, 50), share=st.floats(0, 1), alpha=st.floats(0, 2),
       entry=st.sampled_from(["spread", "together"]), seed=st.integers(0, 2**32 - 1))
def test_followers_are_conserved_grow_and_wait_for_the_channel(creators, months, rate, share, alpha, entry, seed):
    p = AttachmentParams(creators=creators, months=months, followers_per_creator_per_month=rate,
                         random_choice_share=share, advantage_exponent=alpha, entry=entry)
    res = simulate_attachment(p, np.random.default_rng(seed))
    f = res.followers_by_month
    assert f.shape == (months, creators)
    assert np.all(np.diff(f, axis=0) >= 0) and np.all(f >= 0)
    arrivals = [round(rate * int((res.entry_month <= t).sum())) for t in range(months)]
    assert np.array_equal(f.sum(axis=1), np.cumsum(arrivals))
    for t in range(months):
        assert np.all(f[t][res.entry_month > t] == 0)


def test_same_seed_same_result_and_int_seed_accepted():
    p = AttachmentParams(creators=500, months=24)
    a = simulate_attachment(p, np.random.default_rng(3))
    b = simulate_attachment(p, 3)
    c = simulate_attachment(p, 4)
    assert np.array_equal(a.followers_by_month, b.followers_by_month)
    assert not np.array_equal(a.followers_by_month, c.followers_by_month)
    with pytest.raises(ValueError, match="rng"):
        simulate_attachment(p, None)


def test_following_the_crowd_concentrates_and_random_choice_equalises():
    base = dict(creators=3000, months=60)
    crowd = simulate_attachment(AttachmentParams(**base, random_choice_share=0.05), 1).followers_final
    random = simulate_attachment(AttachmentParams(**base, random_choice_share=1.0), 1).followers_final
    assert top_share(crowd, 0.03) > 0.4
    assert top_share(random, 0.03) < top_share(crowd, 0.03) / 2


def test_early_channels_are_bigger_under_proportional_attachment():
    res = simulate_attachment(AttachmentParams(creators=3000, months=60), 2)
    early = res.followers_final[res.entry_month < 6]
    late = res.followers_final[res.entry_month >= 54]
    assert np.median(early) > 10 * np.median(late)


def test_without_entry_over_time_equal_creators_stay_nearly_equal():
    res = simulate_attachment(AttachmentParams(creators=3000, months=60, entry="together"), 2)
    assert top_share(res.followers_final, 0.03) < 0.1


@pytest.mark.parametrize("field, value, message", [
    ("random_choice_share", 1.5, "random_choice_share: must be a number from 0 to 1, got 1.5"),
    ("creators", 0, "creators: must be a whole number from 1 to 10,000,000, got 0"),
    ("entry", "late", "entry: must be one of 'spread', 'together', got 'late'"),
])
def test_bad_parameters_name_the_field_and_the_range(field, value, message):
    with pytest.raises(ParameterError) as err:
        AttachmentParams(**{field: value})
    assert str(err.value) == message
