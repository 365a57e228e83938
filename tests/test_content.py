import dataclasses

import numpy as np
import pytest

from gigsim.content import (CONTENT_TYPES, ENTERTAINING, NICHE, NOVEL, USEFUL, ContentParams, ContentType,
                            ViewsPerPiece, catalogue_views, effective_catalogue, followers_from_views,
                            lifetime_views_per_piece, long_tail_views, pieces_per_month, share_below,
                            steady_state_views)
from gigsim.leverage import WEEKS_PER_MONTH
from gigsim.params import ParameterError


def test_the_four_kinds_differ_as_the_article_describes():
    assert set(CONTENT_TYPES) == {"useful", "entertaining", "novel", "niche"}
    half_lives = {k: c.half_life_months for k, c in CONTENT_TYPES.items()}
    assert min(half_lives, key=half_lives.get) == "novel"        # news fades fastest
    assert max(half_lives, key=half_lives.get) == "useful"       # how-to is evergreen
    assert max(CONTENT_TYPES.values(), key=lambda c: c.conversion_followers_per_view) is NICHE
    assert max(CONTENT_TYPES.values(), key=lambda c: c.loyalty_per_month) is NICHE
    assert max(CONTENT_TYPES.values(), key=lambda c: c.reach_views_per_piece_per_month) is NOVEL
    with pytest.raises(Exception):
        USEFUL.half_life_months = 1  # frozen


def test_content_type_is_validated():
    with pytest.raises(ParameterError, match="loyalty_per_month"):
        ContentType("custom", 10, 5, 0.01, 1.5)
    with pytest.raises(ParameterError, match="content_type"):
        ContentParams(content_type="viral")


def test_a_custom_kind_of_content():
    named = ContentParams()
    assert named.kind is USEFUL
    own = ContentParams(content_type="custom", custom_half_life_months=3.0, custom_reach_views_per_piece_per_month=50.0)
    assert own.kind == ContentType("custom", 50.0, 3.0, USEFUL.conversion_followers_per_view, USEFUL.loyalty_per_month)
    assert own.kind.retention_per_month == pytest.approx(0.5 ** (1 / 3))
    # the defaults make a custom kind identical in its numbers to the useful kind
    assert dataclasses.replace(ContentParams(content_type="custom").kind, name="useful") == USEFUL
    with pytest.raises(ParameterError, match=r"custom_half_life_months: is used only when content_type is 'custom', "
                                             r"got 3\.0 with content_type 'niche'"):
        ContentParams(content_type="niche", custom_half_life_months=3.0)
    with pytest.raises(ParameterError, match="custom_loyalty_per_month: must be a number from 0 to 1, got 1.5"):
        ContentParams(content_type="custom", custom_loyalty_per_month=1.5)


def test_pieces_per_month():
    assert float(pieces_per_month(10, 5)) == pytest.approx(2 * WEEKS_PER_MONTH)


def test_catalogue_is_the_sum_over_pieces_of_their_remaining_reach():
    rng = np.random.default_rng(0)
    made = rng.uniform(0, 5, size=30)
    r = 0.5 ** (1 / ENTERTAINING.half_life_months)
    # the slow way: every month's pieces, each decayed by its age
    by_piece = np.array([sum(made[s] * r ** (t - s) for s in range(t + 1)) for t in range(30)])
    assert np.allclose(effective_catalogue(made, ENTERTAINING), by_piece)
    views = catalogue_views(made, ENTERTAINING, skill=2.0)
    assert np.allclose(views, 2.0 * by_piece * ENTERTAINING.reach_views_per_piece_per_month)


def test_catalogue_for_many_creators_at_once():
    made = np.ones((3, 40)) * np.array([[1.0], [2.0], [0.0]])
    cat = effective_catalogue(made, USEFUL)
    assert cat.shape == (3, 40)
    assert np.allclose(cat[1], 2 * cat[0]) and np.all(cat[2] == 0)


def test_steady_state_and_lifetime_views():
    hours, hpp = 20, 8
    per_month = float(pieces_per_month(hours, hpp))
    long_run = catalogue_views(np.full(2000, per_month), NOVEL)[-1]
    assert steady_state_views(hours, hpp, NOVEL) == pytest.approx(long_run, rel=1e-9)
    r = NOVEL.retention_per_month
    assert lifetime_views_per_piece(NOVEL) == pytest.approx(sum(NOVEL.reach_views_per_piece_per_month * r ** k
                                                                for k in range(500)))
    r_useful = USEFUL.retention_per_month
    assert lifetime_views_per_piece(USEFUL) == pytest.approx(USEFUL.reach_views_per_piece_per_month / (1 - r_useful))
    assert lifetime_views_per_piece(USEFUL) > lifetime_views_per_piece(NOVEL)     # evergreen outlasts news


def test_followers_from_views_matches_a_loop():
    views = np.linspace(0, 1000, 24)
    expected, f = [], 0.0
    for v in views:
        f = f * NICHE.loyalty_per_month + v * NICHE.conversion_followers_per_view
        expected.append(f)
    assert np.allclose(followers_from_views(views, NICHE), expected)


def test_long_tail_matches_the_random_youtube_sample():
    spec = ViewsPerPiece()
    assert share_below(spec, 100) == pytest.approx(0.65, abs=0.03)
    assert share_below(spec, 1000) == pytest.approx(0.87, abs=0.03)
    views = long_tail_views(np.random.default_rng(0), 200_000, spec)
    assert np.mean(views < 100) == pytest.approx(share_below(spec, 100), abs=0.01)
    big = views > 10_000
    assert big.mean() < 0.06 and views[big].sum() / views.sum() > 0.8   # a few pieces take most views
