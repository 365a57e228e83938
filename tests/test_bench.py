"""``python -m gigsim.bench`` is measured, not asserted: these tests only check that it runs and reports
every figure the speed targets are about (on a tiny case, so they are quick)."""
import re

from gigsim import bench


def test_bench_prints_every_figure(capsys):
    assert bench.main(["--creators", "300", "--months", "4", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    for label in ("population :", "compare    :", "reference  :", "speed-up   :", "like for like:", "draw floor :",
                  "peak RSS   :"):
        assert label in out, label
    # every rate is a positive number
    rates = [float(x) for x in re.findall(r"=\s+([0-9.]+) M/s", out)]
    assert len(rates) >= 5 and all(r > 0 for r in rates)
    assert re.search(r"more than\s+\d+x faster", out)


def test_bench_rejects_bad_sizes(capsys):
    assert bench.main(["--creators", "0"]) == 2
    assert "--creators" in capsys.readouterr().err
