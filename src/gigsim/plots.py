"""Figures for the course, in one consistent, colour-blind-safe style.

Every function builds a :class:`matplotlib.figure.Figure` directly (no pyplot, so it works with the
Agg backend, in tests and on servers), returns it, and never shows it. Colours are the Okabe-Ito
palette, chosen to stay distinguishable for the common forms of colour blindness; the three
strategies always have the same colours and line styles. In a notebook, the returned figure is
displayed when it is the last value of a cell (or with ``display(fig)``).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .metrics import lorenz_curve
from .strategies import STRATEGY_LABELS

#: The Okabe-Ito palette (Okabe and Ito, "Color Universal Design").
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
STRATEGY_COLOURS = {"subcontract": OKABE_ITO["vermillion"], "content_first": OKABE_ITO["blue"],
                    "hybrid": OKABE_ITO["green"]}
STRATEGY_LINESTYLES = {"subcontract": "--", "content_first": "-", "hybrid": "-."}
CYCLE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow", "black")]

STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "axes.spines.top": False, "axes.spines.right": False,
    "axes.grid": True, "grid.alpha": 0.3, "grid.linewidth": 0.6,
    "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "legend.frameon": False,
    "figure.dpi": 100, "savefig.dpi": 100, "figure.constrained_layout.use": True,
}


@contextmanager
def course_style():
    """Temporarily apply the course's plotting style (used by every function here)."""
    with matplotlib.rc_context(STYLE):
        yield


def _new_figure(ncols: int = 1, nrows: int = 1, size=(7.0, 4.0)):
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes.ravel()


def yen_formatter() -> FuncFormatter:
    """Axis labels like ¥250k or ¥1.2M."""
    def fmt(x, _pos=None):
        a = abs(x)
        if a >= 1e9:
            return f"¥{x / 1e9:.3g}B"
        if a >= 1e6:
            return f"¥{x / 1e6:.3g}M"
        if a >= 1e3:
            return f"¥{x / 1e3:.3g}k"
        return f"¥{x:.0f}"
    return FuncFormatter(fmt)


def draw_fan(ax, quantiles: Mapping[str, Sequence[float]], *, color: str, label: str,
             linestyle: str = "-", months=None) -> None:
    """Draw one fan on ``ax``: the median as a line, p10 to p90 as a shaded band."""
    p50 = np.asarray(quantiles["p50"], dtype=float)
    x = np.arange(p50.size) if months is None else np.asarray(months)
    if "p10" in quantiles and "p90" in quantiles:
        ax.fill_between(x, quantiles["p10"], quantiles["p90"], color=color, alpha=0.18, linewidth=0)
    ax.plot(x, p50, color=color, linestyle=linestyle, linewidth=2, label=f"{label} (median, 10-90%)")


def fan_chart(series: Mapping[str, Mapping[str, Sequence[float]]], *, title: str = "",
              ylabel: str = "Income per month (JPY)", yen: bool = True, log: bool = False) -> Figure:
    """Fan chart of one or more quantile series ``{label: {"p10", "p50", "p90"}}`` over months."""
    with course_style():
        fig, (ax,) = _new_figure()
        for i, (label, q) in enumerate(series.items()):
            color = STRATEGY_COLOURS.get(label, CYCLE[i % len(CYCLE)])
            draw_fan(ax, q, color=color, label=STRATEGY_LABELS.get(label, label),
                     linestyle=STRATEGY_LINESTYLES.get(label, "-"))
        ax.set_xlabel("Month")
        ax.set_ylabel(ylabel)
        if log:
            ax.set_yscale("symlog", linthresh=1000)
        if yen:
            ax.yaxis.set_major_formatter(yen_formatter())
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return fig


def strategy_comparison(results, *, title: str = "") -> Figure:
    """Two panels for a :class:`gigsim.strategies.StrategyResults`: monthly income and income so far,
    median with a 10-90% band for each strategy, on the same creators."""
    with course_style():
        fig, axes = _new_figure(2, size=(11.0, 4.2))
        for name in results.paths:
            style = dict(color=STRATEGY_COLOURS.get(name, OKABE_ITO["black"]),
                         label=STRATEGY_LABELS.get(name, name), linestyle=STRATEGY_LINESTYLES.get(name, "-"))
            draw_fan(axes[0], results.quantiles(name), **style)
            draw_fan(axes[1], results.quantiles(name, cumulative=True), **style)
        axes[0].set_title("Income per month")
        axes[1].set_title("Income earned so far")
        for ax in axes:
            ax.set_xlabel("Month")
            ax.yaxis.set_major_formatter(yen_formatter())
        axes[0].set_ylabel("JPY")
        axes[0].legend(loc="upper left")
        if title:
            fig.suptitle(title)
    return fig


def lorenz_plot(values: Mapping[str, np.ndarray] | np.ndarray, *, title: str = "",
                what: str = "views") -> Figure:
    """Lorenz curves of one or more distributions (``{label: values}``), with the line of equality."""
    if not isinstance(values, Mapping):
        values = {what: values}
    with course_style():
        fig, (ax,) = _new_figure(size=(5.0, 5.0))
        ax.plot([0, 1], [0, 1], color=OKABE_ITO["black"], linewidth=1, linestyle=":", label="Equality")
        for i, (label, v) in enumerate(values.items()):
            pop, share = lorenz_curve(v)
            ax.plot(pop, share, color=CYCLE[i % len(CYCLE)], linewidth=2, label=label)
        ax.set_xlabel("Share of creators (smallest first)")
        ax.set_ylabel(f"Share of all {what}")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return fig


def tornado_chart(base: float, effects: Mapping[str, tuple[float, float]], *, title: str = "",
                  xlabel: str = "Outcome", yen: bool = False) -> Figure:
    """Tornado chart: for each parameter, the outcome at its low and high value around ``base``.

    ``effects`` maps a label to ``(outcome at low value, outcome at high value)``; bars are sorted
    with the widest swing on top.
    """
    items = sorted(effects.items(), key=lambda kv: abs(kv[1][1] - kv[1][0]))
    with course_style():
        fig, (ax,) = _new_figure(size=(7.0, 0.5 * max(len(items), 1) + 1.5))
        for y, (label, (lo, hi)) in enumerate(items):
            ax.barh(y, lo - base, left=base, color=OKABE_ITO["sky_blue"], height=0.6,
                    label="Low value" if y == 0 else None)
            ax.barh(y, hi - base, left=base, color=OKABE_ITO["orange"], height=0.6,
                    label="High value" if y == 0 else None)
        ax.axvline(base, color=OKABE_ITO["black"], linewidth=1)
        ax.set_yticks(range(len(items)), [label for label, _ in items])
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
        if yen:
            ax.xaxis.set_major_formatter(yen_formatter())
        if title:
            ax.set_title(title)
        if items:
            ax.legend(loc="lower right")
    return fig
