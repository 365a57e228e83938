"""Shared test setup.

* The plain-Python reference engine (tests/reference_engine.py) is importable as ``reference_engine``.
* Hypothesis has no deadline (the machine is shared, timings vary) and two profiles, chosen with the
  environment variable ``GIGSIM_HYPOTHESIS``:

  - ``gigsim`` (the default, used by ``make test`` and CI): a modest number of examples from a fixed seed
    (``derandomize``), so a run is reproducible and CI cannot fail on one clone and pass on the next;
  - ``fuzz`` (``make fuzz``): many examples from a fresh random seed each run, to look for new
    counter-examples. Add any it finds to the test with ``@example`` so the default profile keeps them.

  A test's own ``@settings`` still takes precedence for the number of examples.
"""
import os
import sys
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile("gigsim", max_examples=30, deadline=None, derandomize=True, database=None)
settings.register_profile("fuzz", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("GIGSIM_HYPOTHESIS", "gigsim"))
