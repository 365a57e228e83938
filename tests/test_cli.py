import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gigsim.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def assert_usage_error(proc, *fragments):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    for fragment in fragments:
        assert any(fragment in line for line in lines), (fragment, lines)
    return lines


def test_compare_json_schema_and_determinism():
    args = ("compare", "--creators", "300", "--months", "40", "--seed", "3", "--json")
    a, b = run(*args), run(*args)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout                      # byte-identical
    data = json.loads(a.stdout)
    assert set(data["strategies"]) == {"subcontract", "content_first", "hybrid"}
    for s in data["strategies"].values():
        for key in ("monthly_income_jpy", "cumulative_income_jpy"):
            assert set(s[key]) == {"p10", "p50", "p90"}
            assert all(len(v) == 40 for v in s[key].values())
            assert all(isinstance(x, int) for x in s[key]["p50"])          # rounded yen
        assert 0 <= s["prob_run_out"] <= 1
    assert set(data["prob_content_first_ahead"]["subcontract"]) == {"12", "36"}
    assert set(data["prob_run_out"]) == set(data["strategies"])
    other = run("compare", "--creators", "300", "--months", "40", "--seed", "4", "--json")
    assert other.stdout != a.stdout


def test_compare_table_and_plot(tmp_path):
    out = tmp_path / "fan.png"
    proc = run("compare", "tokyo-beginner", "--creators", "200", "--months", "24", "--plot", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Content first" in proc.stdout and "month 12" in proc.stdout and "running out" in proc.stdout
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_compare_margin_counts_only_clear_leads():
    base = ("compare", "--creators", "300", "--months", "40", "--seed", "3", "--json")
    plain, wide = json.loads(run(*base).stdout), json.loads(run(*base, "--margin", "200000").stdout)
    assert plain["ahead_margin_jpy"] == 0 and wide["ahead_margin_jpy"] == 200000
    for other in ("subcontract", "hybrid"):
        for h in ("12", "36"):
            assert wide["prob_content_first_ahead"][other][h] <= plain["prob_content_first_ahead"][other][h]
    assert wide["prob_content_first_ahead"] != plain["prob_content_first_ahead"]
    assert wide["strategies"] == plain["strategies"]                  # the margin changes nothing else
    table = run(*base[:-1], "--margin", "200000").stdout
    assert "Chance that content first has earned over 200k yen more so far than" in table


def test_population_json():
    proc = run("population", "--creators", "500", "--months", "36", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    # the same run in Python, measured with the metrics themselves on the last 12 months' views
    import numpy as np
    from gigsim.cli import DEFAULT_SEED
    from gigsim.metrics import gini, top_share
    from gigsim.population import simulate_population
    from gigsim.scenario import default_scenario
    v = simulate_population(default_scenario(), 500, 36, np.random.default_rng(DEFAULT_SEED)).window_views(24, 35)
    expected = dict(top_1pct_share=top_share(v, 0.01), top_3pct_share=top_share(v, 0.03),
                    top_10pct_share=top_share(v, 0.10), gini=gini(v), views_median=np.median(v), views_mean=v.mean())
    for key, value in expected.items():
        assert data[key] == pytest.approx(value, abs=1e-4 if "share" in key or key == "gini" else 0.1), key
    assert data["top_1pct_share"] <= data["top_3pct_share"] <= data["top_10pct_share"] <= 1
    assert run("population", "--creators", "500", "--months", "36").stdout.count("top 3%") == 1


def test_scenarios_and_validate(tmp_path):
    proc = run("scenarios")
    assert proc.returncode == 0
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert {"default", "tokyo-beginner", "niche-blogger", "youtube-hobbyist", "skilled-designer"} <= set(names)
    assert run("validate", str(ROOT / "scenarios" / "niche-blogger.yaml")).returncode == 0
    bad = tmp_path / "bad.yaml"
    text = "strategy:\n  hours_per_week: -1\n  nonsense: 2\n"
    bad.write_text(text)
    lines = assert_usage_error(run("validate", str(bad)), "strategy.hours_per_week: must be a number from 0 to 100",
                               "strategy.nonsense: unknown parameter")
    assert len(lines) == 2
    assert bad.read_text() == text                   # never altered


@pytest.mark.parametrize("args, fragments", [
    (("compare", "--creators", "-5"), ["--creators: must be a whole number from 1"]),
    (("compare", "no-such-scenario"), ["unknown scenario"]),
    (("population", "--months", "0", "--creators", "0"), ["--months: must be", "--creators: must be"]),
    (("compare", "--plot", "/no/such/folder/x.png", "--creators", "5"), ["--plot: folder"]),
    (("compare", "--creators", "many"), ["invalid int value"]),
    (("validate", "/no/such/file.yaml"), ["no such scenario file"]),
    (("compare", "--creators", "5000000", "--months", "100"), ["creator-months"]),
    (("frobnicate",), ["invalid choice"]),
    (("compare", "--margin", "-1"), ["--margin: must be a number of yen from 0"]),
    (("compare", "--margin", "nan", "--creators", "0"), ["--margin: must be", "--creators: must be"]),
])
def test_bad_input_exit_2_one_line_per_problem(args, fragments):
    lines = assert_usage_error(run(*args), *fragments)
    assert len(lines) == len(fragments)


def test_broken_yaml_is_one_line_with_line_number(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("description: x\nstrategy: {hours_per_week: 3\n")
    (line,) = assert_usage_error(run("compare", str(bad)), "invalid YAML")
    assert f"{bad}:" in line


@pytest.mark.parametrize("cmd", [[], ["compare"], ["population"], ["scenarios"], ["validate"], ["grade"]])
def test_help_everywhere(cmd):
    proc = run(*cmd, "--help")
    assert proc.returncode == 0 and "usage:" in proc.stdout


def test_console_script_and_main_function(capsys):
    from gigsim.cli import REGISTRARS, build_parser, main
    assert main(["scenarios"]) == 0
    assert "default" in capsys.readouterr().out
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert commands == {"compare", "population", "scenarios", "validate", "grade"}

    def register_extra(sub):
        p = sub.add_parser("extra")
        p.set_defaults(func=lambda args: 0)
    parser = build_parser([*REGISTRARS, register_extra])
    assert parser.parse_args(["extra"]).func(None) == 0
    script = Path(sys.executable).parent / "gigsim"
    if script.exists():
        proc = subprocess.run([str(script), "scenarios"], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0 and "tokyo-beginner" in proc.stdout


def test_runs_from_another_folder(tmp_path):
    proc = run("compare", "niche-blogger", "--creators", "50", "--months", "13", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["scenario"] == "niche-blogger"
    assert os.listdir(tmp_path) == []


def test_grade_is_a_subcommand_of_the_console_script(tmp_path):
    """The classroom grader is reachable as `gigsim grade`, with misuse reported in one line and status 2."""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "gigsim.cli", "grade", str(tmp_path / "missing"), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no such folder" in done.stderr
    assert "Traceback" not in done.stderr
