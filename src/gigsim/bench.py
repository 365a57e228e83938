"""Speed of the simulation engine: ``python -m gigsim.bench`` (figures are printed, not asserted).

Times the population model and the three-strategy comparison on 100,000 creators x 120 months,
reports creator-months per second and peak memory, and compares with the plain-Python reference
of the same monthly step (``tests/reference_engine.py``, timed on a small case and scaled).

The reference consumes noise drawn beforehand (so that tests can check both give the same numbers),
while the engine's runs draw their own. So the population speed-up is printed twice: the whole run
against the reference, and the engine's monthly step on the same pre-drawn luck (like for like). The
bench also prints the cost of the draw itself: every creator-month needs one normal draw from a
``numpy.random.Generator``, and the reference's step divided by that cost bounds any speed-up of a run
that draws its luck that way, however fast the arithmetic.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from .population import AudienceState, audience_month, draw_luck, draw_skill, simulate_population
from .leverage import WEEKS_PER_MONTH
from .scenario import default_scenario
from .strategies import STRATEGIES, draw_noise, simulate_strategies

TARGETS = dict(population=30e6, compare=10e6, speedup=100.0, memory=1024 ** 3)


def _reference_module():
    path = Path(__file__).resolve().parents[2] / "tests" / "reference_engine.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("gigsim_reference_engine", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _timed(fn):
    """Run ``fn`` once; return (its result, wall seconds, CPU seconds of this process).
    No memory tracing here: it would slow the run."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def _best_of(fn, repeats):
    """Best wall time and best CPU time over ``repeats`` runs (each a separate run)."""
    walls, cpus = [], []
    for _ in range(repeats):
        _, wall, cpu = _timed(fn)
        walls.append(wall)
        cpus.append(cpu)
    return min(walls), min(cpus)


def _peak_memory(fn) -> int:
    """Peak bytes allocated while ``fn`` runs (tracemalloc sees numpy's arrays too)."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _population_step_and_draw_cpu(sc, n: int, t: int, repeats: int) -> tuple[float, float]:
    """CPU seconds (best of ``repeats``, one thread) of ``t`` population steps for ``n`` creators on luck
    drawn beforehand, and of drawing that luck."""
    pop, content = sc.population, sc.content
    hours = pop.content_hours_per_week * WEEKS_PER_MONTH
    rng = np.random.default_rng(1)
    skill = draw_skill(rng, n, pop)
    luck = np.empty((t, n), dtype=np.float32)

    def draw():
        for month in range(t):
            luck[month] = draw_luck(rng, n, pop.luck_sigma)

    def steps():
        state = AudienceState.empty(n)
        for month in range(t):
            audience_month(state, hours, skill, luck[month], content.kind, content.hours_per_piece, pop)

    _, draw_cpu = _best_of(draw, repeats)
    _, step_cpu = _best_of(steps, repeats)
    return step_cpu, draw_cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m gigsim.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--creators", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--repeats", type=int, default=2, help="take the best of this many runs")
    args = ap.parse_args(argv)
    if args.creators < 1 or args.months < 1 or args.repeats < 1:
        print("python -m gigsim.bench: --creators, --months and --repeats must be at least 1", file=sys.stderr)
        return 2
    sc = default_scenario()
    n, t, k = args.creators, args.months, len(STRATEGIES)
    cm = n * t
    print(f"gigsim bench: {n:,} creators x {t} months = {cm / 1e6:.1f} million creator-months "
          f"(default scenario; best of {args.repeats})")
    print("Rates are creator-months per second: 'wall' with the default threads, 'cpu' = one thread's "
          "CPU time (robust to other load).")

    def pop(threads=None):
        return simulate_population(sc, n, t, np.random.default_rng(1), threads=threads)

    def cmp(threads=None):
        return simulate_strategies(sc, n, t, np.random.default_rng(1), threads=threads)

    pop_wall, _ = _best_of(pop, args.repeats)
    _, pop_cpu = _best_of(lambda: pop(1), args.repeats)
    pop_peak = _peak_memory(pop)
    print(f"population : wall {pop_wall:5.2f} s = {cm / pop_wall / 1e6:6.1f} M/s; cpu {pop_cpu:5.2f} s = "
          f"{cm / pop_cpu / 1e6:6.1f} M/s  (target >= {TARGETS['population'] / 1e6:.0f} M/s); "
          f"peak traced memory {pop_peak / 2**20:.0f} MiB")

    cmp_wall, _ = _best_of(cmp, args.repeats)
    _, cmp_cpu = _best_of(lambda: cmp(1), args.repeats)
    print(f"compare    : wall {cmp_wall:5.2f} s = {cm * k / cmp_wall / 1e6:6.1f} M/s per strategy; cpu "
          f"{cmp_cpu:5.2f} s = {cm * k / cmp_cpu / 1e6:6.1f} M/s per strategy  "
          f"(target >= {TARGETS['compare'] / 1e6:.0f} M/s)")
    res = cmp()
    _, sum_wall, _ = _timed(res.summary)
    del res
    cmp_peak = _peak_memory(lambda: cmp().summary())
    print(f"summary    : wall {sum_wall:5.2f} s for p10/p50/p90 of monthly and cumulative income and the "
          f"probabilities; peak traced memory of compare + summary {cmp_peak / 2**20:.0f} MiB")

    ref = _reference_module()
    if ref is None:
        print("reference  : tests/reference_engine.py not found; speed-up not measured")
    else:
        rn, rt = 300, 24
        skill, noise = draw_noise(np.random.default_rng(1), rn, rt, sc)
        _, _, ref_cpu = _timed(lambda: ref.reference_strategies(sc, skill, noise, rt))
        luck = [m.luck for m in noise]
        hours = sc.population.content_hours_per_week * WEEKS_PER_MONTH
        _, _, refp_cpu = _timed(lambda: ref.reference_population(sc, skill, luck, hours))
        ref_pop, ref_cmp = rn * rt / refp_cpu, rn * rt * k / ref_cpu
        print(f"reference  : plain Python on {rn} creators x {rt} months, cpu: population {ref_pop / 1e3:.0f} k/s, "
              f"compare {ref_cmp / 1e3:.0f} k/s per strategy")
        print(f"speed-up   : cpu against cpu, one thread each: population {cm / pop_cpu / ref_pop:5.0f}x, "
              f"compare {cm * k / cmp_cpu / ref_cmp:5.0f}x  (target >= {TARGETS['speedup']:.0f}x)")
        step_cpu, draw_cpu = _population_step_and_draw_cpu(sc, n, t, args.repeats)
        print(f"like for like: the engine's population step on pre-drawn luck, cpu {step_cpu:5.2f} s = "
              f"{cm / step_cpu / 1e6:6.1f} M/s, {cm / step_cpu / ref_pop:5.0f}x the reference's step")
        print(f"draw floor : one month's luck for every creator (a normal draw from numpy.random.Generator) costs "
              f"{draw_cpu / cm * 1e9:4.1f} ns per creator-month, the reference's whole step {1e9 / ref_pop:4.0f} ns: "
              f"no run that draws its luck this way can be more than {cm / draw_cpu / ref_pop:3.0f}x faster "
              f"than the reference on this machine")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    print(f"peak RSS   : {rss / 2**20:.0f} MiB for the whole process (target <= {TARGETS['memory'] / 2**30:.0f} GiB)")
    print(f"load       : {os.getloadavg()[0]:.1f} (1-minute load average on {os.cpu_count()} cores; "
          "other work on the machine slows the wall figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
