"""The ``gigsim`` command line.

    gigsim compare [SCENARIO] [--creators N] [--months T] [--seed S] [--json] [--plot FILE.png] [--margin JPY]
    gigsim population [SCENARIO] [--creators N] [--months T] [--seed S] [--json]
    gigsim scenarios
    gigsim validate FILE

Subcommands come from :data:`REGISTRARS`: each entry is a ``register(subparsers)`` function that
adds one parser and calls ``set_defaults(func=...)`` with ``func(args) -> int``. Bad input gives
exit status 2 and one line per problem on standard error, never a traceback. The same seed gives
byte-identical output; a progress bar appears on standard error for long runs in a terminal.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Callable

import numpy as np

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_SEED = 20240601
HORIZONS = (12, 36, 60)
MAX_MARGIN_JPY = 1e12
PLOT_SUFFIXES = (".png", ".svg", ".pdf")
MAX_CREATOR_MONTHS = 120_000_000     # 1,000,000 creators x 120 months: about 1.5 GB for compare


class UsageError(Exception):
    """Bad input: one message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class Parser(argparse.ArgumentParser):
    """argparse, but an error is one line on stderr (exit status 2), without the usage block."""

    def error(self, message: str):  # noqa: D401 - argparse API
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


# --- shared helpers -------------------------------------------------------------------------

def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default="default", metavar="SCENARIO",
                   help="preset name (see `gigsim scenarios`) or path to a YAML file (default: default)")
    p.add_argument("--creators", type=int, default=None, metavar="N",
                   help="number of creators (default: the scenario's population.creators)")
    p.add_argument("--months", type=int, default=None, metavar="T",
                   help="months to simulate (default: the scenario's population.months)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"random seed; the same seed gives the same output (default: {DEFAULT_SEED})")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _load(args) -> tuple[object, int, int]:
    """The scenario, creators and months of a run, or UsageError listing every problem."""
    from .params import ParameterError
    from .scenario import load_scenario
    problems: list[str] = []
    scenario = None
    try:
        scenario = load_scenario(args.scenario)
    except ParameterError as err:
        problems.extend(err.problems)
    if args.creators is not None and not 1 <= args.creators <= 10_000_000:
        problems.append(f"--creators: must be a whole number from 1 to 10,000,000, got {args.creators}")
    if args.months is not None and not 1 <= args.months <= 1200:
        problems.append(f"--months: must be a whole number from 1 to 1,200, got {args.months}")
    if args.creators is not None and args.months is not None and args.creators * args.months > MAX_CREATOR_MONTHS:
        problems.append(f"--creators x --months: must be at most {MAX_CREATOR_MONTHS:,} creator-months "
                        f"(memory), got {args.creators * args.months:,}")
    margin = getattr(args, "margin", 0.0)
    if not (math.isfinite(margin) and 0 <= margin <= MAX_MARGIN_JPY):
        problems.append(f"--margin: must be a number of yen from 0 to {MAX_MARGIN_JPY:,.0f}, got {margin}")
    if not 0 <= args.seed < 2 ** 63:
        problems.append(f"--seed: must be a whole number from 0 to 2**63 - 1, got {args.seed}")
    plot = getattr(args, "plot", None)
    if plot is not None:
        path = Path(plot)
        if path.suffix.lower() not in PLOT_SUFFIXES:
            problems.append(f"--plot: the file name must end in {', '.join(PLOT_SUFFIXES)}, got {plot!r}")
        if not path.parent.is_dir():
            problems.append(f"--plot: folder {str(path.parent)!r} does not exist")
        elif path.is_dir():
            problems.append(f"--plot: {plot!r} is a folder, not a file name")
    if problems:
        raise UsageError(problems)
    creators = scenario.population.creators if args.creators is None else args.creators
    months = scenario.population.months if args.months is None else args.months
    if creators * months > MAX_CREATOR_MONTHS:
        raise UsageError([f"creators x months: must be at most {MAX_CREATOR_MONTHS:,} creator-months (memory), "
                          f"got {creators:,} x {months} = {creators * months:,}"])
    return scenario, creators, months


def _progress_bar(total: int, work: int, desc: str):
    """A tqdm bar on stderr, shown only in a terminal and for runs that take more than about a second."""
    from tqdm import tqdm
    return tqdm(total=total, desc=desc, unit="month", file=sys.stderr, leave=False,
                disable=(not sys.stderr.isatty()) or work < 3_000_000)


def _r(x: float, digits: int = 0):
    """Round for printing: whole yen by default, ``digits`` places otherwise (never -0)."""
    if digits == 0:
        v = int(round(float(x)))
        return v
    v = round(float(x), digits)
    return 0.0 if v == 0 else v


def _dump(obj) -> str:
    return json.dumps(obj, indent=2, sort_keys=False, ensure_ascii=False)


# --- compare ----------------------------------------------------------------------------------

def cmd_compare(args) -> int:
    from .strategies import STRATEGIES, simulate_strategies
    scenario, n, months = _load(args)
    with _progress_bar(months, n * months * len(STRATEGIES), "compare") as bar:
        res = simulate_strategies(scenario, n, months, np.random.default_rng(args.seed), progress=bar.update)
    summary = res.summary(HORIZONS, args.margin)
    if args.plot:
        from .plots import strategy_comparison
        fig = strategy_comparison(res, title=f"{scenario.name}: {n:,} creators, seed {args.seed}")
        fig.savefig(args.plot)
    if args.json:
        out = {"scenario": scenario.name, "description": scenario.description, "creators": n,
               "months": months, "seed": args.seed, "ahead_margin_jpy": _r(args.margin, 2), "strategies": {}}
        for name, s in summary["strategies"].items():
            out["strategies"][name] = {
                key: {q: [_r(v) for v in vals] for q, vals in s[key].items()}
                for key in ("monthly_income_jpy", "cumulative_income_jpy")}
            out["strategies"][name]["prob_run_out"] = _r(s["prob_run_out"], 4)
        out["prob_content_first_ahead"] = {
            other: {h: _r(p, 4) for h, p in by_h.items()}
            for other, by_h in summary.get("prob_content_first_ahead", {}).items()}
        out["prob_run_out"] = {name: _r(s["prob_run_out"], 4) for name, s in summary["strategies"].items()}
        print(_dump(out))
        return EXIT_OK
    print(_compare_table(scenario, n, months, args.seed, res, summary))
    return EXIT_OK


def _compare_table(scenario, n, months, seed, res, summary) -> str:
    from .strategies import STRATEGY_LABELS
    lines = [f"Scenario {scenario.name}: {scenario.description}",
             f"{n:,} creators, {months} months, seed {seed}. Yen per month; median [10th - 90th percentile].", ""]
    cols = [m for m in (12, 36, 60, 120) if m < months] + [months]
    head = f"{'strategy':<18}" + "".join(f"{'month ' + str(m):>28}" for m in cols)
    lines += ["Income in the month", head]
    for name in res.paths:
        q = summary["strategies"][name]["monthly_income_jpy"]
        cells = "".join(f"{_cell(q, m - 1):>28}" for m in cols)
        lines.append(f"{STRATEGY_LABELS.get(name, name):<18}{cells}")
    lines += ["", "Income earned so far", head]
    for name in res.paths:
        q = summary["strategies"][name]["cumulative_income_jpy"]
        cells = "".join(f"{_cell(q, m - 1):>28}" for m in cols)
        lines.append(f"{STRATEGY_LABELS.get(name, name):<18}{cells}")
    lines += ["", "Chance of running out of savings (then all hours go to subcontracting)"]
    for name in res.paths:
        lines.append(f"  {STRATEGY_LABELS.get(name, name):<18}{summary['strategies'][name]['prob_run_out']:>6.1%}")
    ahead = summary.get("prob_content_first_ahead", {})
    if ahead and any(ahead.values()):
        more = f"over {_yen(summary['ahead_margin_jpy'])} yen more" if summary["ahead_margin_jpy"] else "more"
        lines += ["", f"Chance that content first has earned {more} so far than"]
        for other, by_h in ahead.items():
            cells = ", ".join(f"after {h} months {p:.1%}" for h, p in by_h.items())
            lines.append(f"  {STRATEGY_LABELS.get(other, other):<18}{cells}")
    return "\n".join(lines)


def _yen(x: float) -> str:
    a = abs(x)
    if a >= 1e6:
        return f"{x / 1e6:.2f}M"
    if a >= 1e3:
        return f"{x / 1e3:.0f}k"
    return f"{x:.0f}"


def _cell(q: dict, i: int) -> str:
    return f"{_yen(q['p50'][i])} [{_yen(q['p10'][i])} - {_yen(q['p90'][i])}]"


def register_compare(sub) -> None:
    p = sub.add_parser("compare", help="compare subcontracting, content first and a hybrid on one population",
                       description="Simulate the three strategies on the same creators (same skill and luck) "
                                   "and summarise their monthly and cumulative income.")
    _add_run_options(p)
    p.add_argument("--plot", metavar="FILE.png", default=None,
                   help="also save a fan chart of the strategies (the folder must exist)")
    p.add_argument("--margin", type=float, default=0.0, metavar="JPY",
                   help="count content first as ahead only when it has earned more than JPY yen more "
                        "(default: 0, ahead by any amount)")
    p.set_defaults(func=cmd_compare)


# --- population ---------------------------------------------------------------------------------

def cmd_population(args) -> int:
    from .population import simulate_population
    scenario, n, months = _load(args)
    with _progress_bar(months, n * months, "population") as bar:
        res = simulate_population(scenario, n, months, np.random.default_rng(args.seed), progress=bar.update)
    first = max(0, months - 12)
    conc = res.concentration(first, months - 1)
    if args.json:
        out = {"scenario": scenario.name, "creators": n, "months": months, "seed": args.seed,
               "window_months": [first, months - 1]}
        out.update({k: (_r(v, 4) if "share" in k or k == "gini" else _r(v, 1)) for k, v in conc.items()})
        print(_dump(out))
        return EXIT_OK
    print(f"Scenario {scenario.name}: {scenario.description}")
    print(f"{n:,} creators, {months} months, seed {args.seed}. Views in months {first}-{months - 1}:")
    print(f"  top 1% of creators get   {conc['top_1pct_share']:7.1%} of all views")
    print(f"  top 3% of creators get   {conc['top_3pct_share']:7.1%} of all views (Bartl 2018: about 85%)")
    print(f"  top 10% of creators get  {conc['top_10pct_share']:7.1%} of all views")
    print(f"  Gini coefficient         {conc['gini']:7.3f}")
    print(f"  median creator's views   {conc['views_median']:>10,.0f}")
    print(f"  mean creator's views     {conc['views_mean']:>10,.0f}")
    return EXIT_OK


def register_population(sub) -> None:
    p = sub.add_parser("population", help="how concentrated views become in a population of creators",
                       description="Simulate many content creators with different skill and luck and report "
                                   "how views are shared in the last 12 months.")
    _add_run_options(p)
    p.set_defaults(func=cmd_population)


# --- scenarios and validate ------------------------------------------------------------------------

def cmd_scenarios(args) -> int:
    from .scenario import list_presets
    presets = list_presets()
    width = max((len(n) for n, _ in presets), default=0)
    for name, desc in presets:
        print(f"{name:<{width}}  {desc}")
    return EXIT_OK


def register_scenarios(sub) -> None:
    p = sub.add_parser("scenarios", help="list the preset scenarios",
                       description="List the preset scenarios with their one-line descriptions.")
    p.set_defaults(func=cmd_scenarios)


def cmd_validate(args) -> int:
    from .scenario import validate_file
    problems = validate_file(args.file)
    if problems:
        raise UsageError(problems)
    print(f"{args.file}: OK")
    return EXIT_OK


def register_validate(sub) -> None:
    p = sub.add_parser("validate", help="check a scenario file and list every problem",
                       description="Check a scenario YAML file; print one line per problem (exit status 2) "
                                   "or OK. The file is only read, never changed.")
    p.add_argument("file", metavar="FILE", help="the scenario file to check (or a preset's name)")
    p.set_defaults(func=cmd_validate)


# --- the parser --------------------------------------------------------------------------------------

#: Each adds one subcommand. Other modules append their own, e.g. ``gigsim.classroom.grade.register``.
def register_grade(subparsers) -> None:
    """``gigsim grade``: the classroom kit's grader (imported only when the parser is built)."""
    from .classroom import grade
    grade.register(subparsers)


REGISTRARS: list[Callable] = [register_compare, register_population, register_scenarios, register_validate,
                              register_grade]


def build_parser(registrars: list[Callable] | None = None) -> argparse.ArgumentParser:
    parser = Parser(prog="gigsim", description="Simulate internet gig work: subcontracting, content, "
                                                "audiences and money (the Leverage course's model library).")
    from . import __version__
    parser.add_argument("--version", action="version", version=f"gigsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for register in (REGISTRARS if registrars is None else registrars):
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except UsageError as err:
        for line in err.problems:
            print(f"gigsim {args.command}: {line}", file=sys.stderr)
        return EXIT_USAGE
    except MemoryError:
        print(f"gigsim {args.command}: not enough memory for this run; use fewer --creators or --months",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("gigsim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
