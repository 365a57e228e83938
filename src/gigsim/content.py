"""Content as assets that decay: what kind of piece, how far it reaches, how long it lasts.

Hours become pieces (``hours_per_piece``). Each piece belongs to a *content type*: useful,
entertaining, novel or niche (the article's four kinds of valuable information). A type fixes a
piece's monthly views when new (``reach``), how fast those views fade (a half-life: novel pieces
fade within weeks, useful ones are evergreen), how many viewers become followers (``conversion``)
and how many followers stay each month (``loyalty``). Because decay is geometric the catalogue is
one number per creator, a decaying stock (:mod:`gigsim.stock`), never a loop over pieces.
The reach figures are assumptions for a beginner with no audience; chapter 5 adds the audience.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .leverage import WEEKS_PER_MONTH
from .params import ParameterError, Validated, param
from .stock import decaying_stock, retention_per_month, steady_state_stock


@dataclass(frozen=True)
class ContentType(Validated):
    """One kind of content, described by four numbers (all assumptions unless cited)."""

    name: str = param("useful", unit="name", choices=("useful", "entertaining", "novel", "niche", "custom"),
                      doc="Which kind of content this is")
    reach_views_per_piece_per_month: float = param(
        15.0, unit="views/piece/month", lo=0, hi=1e9,
        doc="Monthly views of a new piece by a creator of median skill with no audience yet")
    half_life_months: float = param(
        36.0, unit="months", lo=0.05, hi=1e6, doc="Months for a piece's monthly views to halve")
    conversion_followers_per_view: float = param(
        0.004, unit="followers/view", lo=0, hi=1, doc="Share of views that turn into a new follower")
    loyalty_per_month: float = param(
        0.97, unit="share/month", lo=0, hi=1,
        doc="Share of followers still following a month later (1 - monthly churn)")

    @property
    def retention_per_month(self) -> float:
        """Share of a piece's monthly views left a month later."""
        return float(retention_per_month(self.half_life_months))

    @property
    def churn_per_month(self) -> float:
        return 1.0 - self.loyalty_per_month


#: Evergreen how-to pieces: modest reach that lasts for years, viewers who follow and stay.
USEFUL = ContentType("useful", 15.0, 36.0, 0.004, 0.97)
#: Entertainment: wider reach, fades over months, followers drift away sooner.
ENTERTAINING = ContentType("entertaining", 40.0, 6.0, 0.003, 0.95)
#: News and novelty: a burst of views that is gone within weeks, few loyal followers.
NOVEL = ContentType("novel", 100.0, 0.75, 0.002, 0.92)
#: Niche ("maniac") pieces: small reach, long life, high conversion, very loyal followers.
NICHE = ContentType("niche", 6.0, 24.0, 0.015, 0.985)

CONTENT_TYPES: dict[str, ContentType] = {c.name: c for c in (USEFUL, ENTERTAINING, NOVEL, NICHE)}


CUSTOM_FIELDS: dict[str, str] = {   # ContentParams field -> the ContentType number it sets
    "custom_reach_views_per_piece_per_month": "reach_views_per_piece_per_month",
    "custom_half_life_months": "half_life_months",
    "custom_conversion_followers_per_view": "conversion_followers_per_view",
    "custom_loyalty_per_month": "loyalty_per_month",
}


def _custom(field_name: str, doc: str):
    """A ``custom_`` field: the same default, unit and range as the ContentType number it sets."""
    target = next(f for f in fields(ContentType) if f.name == CUSTOM_FIELDS[field_name])
    m = target.metadata
    return param(target.default, unit=m["unit"], lo=m["lo"], hi=m["hi"],
                 doc=f"{doc} (used only when content_type is 'custom')")


@dataclass(frozen=True)
class ContentParams(Validated):
    """How a creator makes content: which kind, and how many hours a piece takes.

    ``content_type`` names one of :data:`CONTENT_TYPES`, or ``"custom"``: then the four ``custom_``
    numbers describe a kind of your own (they default to the useful type's). Setting a ``custom_``
    number for a named type is an error, so that a value is never silently ignored."""

    content_type: str = param("useful", unit="name", choices=(*CONTENT_TYPES, "custom"),
                              doc="Kind of content made (see gigsim.content.CONTENT_TYPES), or 'custom'")
    hours_per_piece: float = param(8.0, unit="hours/piece", lo=0.1, hi=1000,
                                   doc="Hours to make one piece (an article or a video)")
    custom_reach_views_per_piece_per_month: float = _custom(
        "custom_reach_views_per_piece_per_month", "Monthly views of a new piece of the custom kind")
    custom_half_life_months: float = _custom("custom_half_life_months", "Half-life of the custom kind's views")
    custom_conversion_followers_per_view: float = _custom(
        "custom_conversion_followers_per_view", "Share of the custom kind's views that become followers")
    custom_loyalty_per_month: float = _custom(
        "custom_loyalty_per_month", "Share of the custom kind's followers still following a month later")

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.content_type != "custom":
            defaults = ContentParams.__dataclass_fields__
            changed = [name for name in CUSTOM_FIELDS if getattr(self, name) != defaults[name].default]
            if changed:
                raise ParameterError([f"{name}: is used only when content_type is 'custom', got {getattr(self, name)!r} "
                                      f"with content_type {self.content_type!r}" for name in changed])

    @property
    def kind(self) -> ContentType:
        if self.content_type == "custom":
            return ContentType("custom", **{target: getattr(self, name) for name, target in CUSTOM_FIELDS.items()})
        return CONTENT_TYPES[self.content_type]


def pieces_per_month(hours_per_week, hours_per_piece: float) -> np.ndarray:
    """Pieces made in a month from ``hours_per_week`` of content work."""
    return np.asarray(hours_per_week, dtype=float) * WEEKS_PER_MONTH / hours_per_piece


def effective_catalogue(pieces_made: np.ndarray, kind: ContentType) -> np.ndarray:
    """The catalogue counted in "new-piece equivalents": each piece weighted by its remaining reach.

    ``pieces_made`` has months on its last axis; the result is a decaying stock of the same shape.
    """
    return decaying_stock(pieces_made, kind.half_life_months)


def catalogue_views(pieces_made: np.ndarray, kind: ContentType, skill=1.0) -> np.ndarray:
    """Monthly views of a catalogue with no audience effect: effective pieces x reach x skill."""
    return effective_catalogue(pieces_made, kind) * kind.reach_views_per_piece_per_month * np.asarray(skill)[..., None]


def steady_state_views(hours_per_week: float, hours_per_piece: float, kind: ContentType) -> float:
    """Monthly views a steady output approaches (no audience effect): the stock's ceiling x reach."""
    per_month = float(pieces_per_month(hours_per_week, hours_per_piece))
    return steady_state_stock(per_month, kind.half_life_months) * kind.reach_views_per_piece_per_month


def lifetime_views_per_piece(kind: ContentType) -> float:
    """All the views one piece ever gets: ``reach / (1 - retention)`` (a geometric series, the same sum as
    the level a steady inflow of ``reach`` approaches)."""
    return steady_state_stock(kind.reach_views_per_piece_per_month, kind.half_life_months)


def followers_from_views(views: np.ndarray, kind: ContentType) -> np.ndarray:
    """Followers over months when each month's views convert and followers churn:
    ``F[t] = F[t-1] * loyalty + views[t] * conversion`` (a decaying stock again)."""
    views = np.asarray(views, dtype=float)
    inflow = views * kind.conversion_followers_per_view
    if kind.loyalty_per_month <= 0:
        return inflow
    if kind.loyalty_per_month >= 1:
        return np.cumsum(inflow, axis=-1)
    half_life = np.log(0.5) / np.log(kind.loyalty_per_month)
    return decaying_stock(inflow, half_life)


# --- the long tail of views per piece (chapter 4) ----------------------------------------

@dataclass(frozen=True)
class ViewsPerPiece(Validated):
    """Views of individual pieces across a platform: a lognormal long tail.

    The defaults reproduce a random sample of YouTube videos (mcgrady2023): about 65% under
    100 views, about 87% under 1,000, and a few percent above 10,000 taking most of the views.
    """

    median_views: float = param(30.0, unit="views", lo=1e-9, hi=1e12, source="mcgrady2023",
                                doc="Views of the middle piece (fitted to the sample's shares)")
    sigma: float = param(3.1, unit="log units", lo=0, hi=10, source="mcgrady2023",
                         doc="Spread of log views (fitted to the sample's shares)")


def long_tail_views(rng: np.random.Generator, n_pieces: int, spec: ViewsPerPiece = ViewsPerPiece()) -> np.ndarray:
    """Draw the views of ``n_pieces`` pieces from the long tail ``spec``."""
    return spec.median_views * np.exp(spec.sigma * rng.standard_normal(n_pieces))


def share_below(spec: ViewsPerPiece, views: float) -> float:
    """Share of pieces with fewer than ``views`` views (closed form of the lognormal)."""
    from math import erf, log, sqrt
    if views <= 0:
        return 0.0
    if spec.sigma == 0:
        return float(views > spec.median_views)
    z = (log(views) - log(spec.median_views)) / spec.sigma
    return 0.5 * (1.0 + erf(z / sqrt(2.0)))
