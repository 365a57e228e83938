"""Shared test setup.

* The plain-Python reference engine (tests/reference_engine.py) is importable as ``reference_engine``.
* Hypothesis runs a modest number of examples and has no deadline (the machine is shared, timings vary);
  a test's own ``@settings`` still takes precedence.
"""
import sys
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile("gigsim", max_examples=30, deadline=None)
settings.load_profile("gigsim")
