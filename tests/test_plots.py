import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from gigsim import plots
from gigsim.scenario import default_scenario
from gigsim.strategies import simulate_strategies


@pytest.fixture(scope="module")
def results():
    return simulate_strategies(default_scenario(), 200, 24, np.random.default_rng(0))


def _colours(fig):
    out = set()
    for ax in fig.axes:
        for line in ax.get_lines():
            out.add(matplotlib.colors.to_hex(line.get_color()).upper())
    return out


def test_strategy_comparison(results, tmp_path):
    fig = plots.strategy_comparison(results, title="t")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert _colours(fig) == {plots.STRATEGY_COLOURS[s].upper() for s in results.paths}
    fig.savefig(tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fan_chart_lorenz_tornado(tmp_path):
    q = {"p10": np.arange(10.0), "p50": np.arange(10.0) * 2, "p90": np.arange(10.0) * 3}
    fig = plots.fan_chart({"content_first": q, "other": q}, title="fan", log=True)
    assert isinstance(fig, Figure) and len(fig.axes[0].get_lines()) == 2
    okabe = {c.upper() for c in plots.OKABE_ITO.values()}
    assert _colours(fig) <= okabe
    fig = plots.lorenz_plot({"views": np.random.default_rng(0).lognormal(0, 2, 500), "equal": np.ones(500)})
    assert isinstance(fig, Figure) and len(fig.axes[0].get_lines()) == 3
    fig = plots.tornado_chart(10.0, {"a": (8.0, 13.0), "b": (9.5, 10.2)}, xlabel="x", yen=True)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["b", "a"]                      # widest swing on top
    fig.savefig(tmp_path / "t.png")


def test_no_pyplot_figures_are_left_open(results):
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    plots.strategy_comparison(results)
    plots.lorenz_plot(np.ones(10))
    assert plt.get_fignums() == before


def test_yen_formatter():
    f = plots.yen_formatter()
    assert f(250_000) == "¥250k" and f(1_200_000) == "¥1.2M" and f(12) == "¥12"
