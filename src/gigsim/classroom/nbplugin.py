"""A pytest plugin loaded next to nbval when the grader runs a notebook (``-p gigsim.classroom.nbplugin``).

nbval runs every code cell as a pytest item in one kernel. This plugin adds what grading needs:

* it streams one JSON line per event to ``--gigsim-results`` (cell started, cell finished with its
  outcome, error name and message, the kernel's pid), flushed at once, so the grader still knows what
  happened when it has to kill the run at the notebook's wall-clock limit;
* it notices a dead kernel promptly: nbval waits for a reply for the whole cell timeout, so the
  wait is cut into short slices that each check the kernel process is still alive;
* it stops the run after a cell timed out or the kernel died (the later cells are *not reached*).
"""
from __future__ import annotations

import json
import os
import signal
import time
from queue import Empty

import pytest

POLL_SECONDS = 0.25


class KernelDied(RuntimeError):
    """The kernel process ended while a cell was running."""


def _exit_description(km) -> str:
    """How the kernel process ended, e.g. ``exit code 1`` or ``killed by SIGSEGV``."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    code = process.poll() if process is not None else None
    if code is None:
        return ""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}" + (", perhaps out of memory" if name == "SIGKILL" else "")
    return f"exit code {code}"


def _await_reply(self, msg_id, timeout=None):
    """nbval's RunningKernel.await_reply, in slices that notice a dead kernel."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            raise Empty
        slice_ = POLL_SECONDS if remaining is None else min(POLL_SECONDS, remaining)
        try:
            msg = self.get_message(stream="shell", timeout=slice_)
        except Empty:
            if not self.km.is_alive():
                raise KernelDied(_exit_description(self.km)) from None
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            if msg["content"]["status"] == "aborted":
                raise RuntimeError("Kernel aborted execution request")
            return


class Recorder:
    def __init__(self, path: str):
        self.file = open(path, "a", encoding="utf-8")
        self.kernel_recorded = False

    def write(self, **record) -> None:
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        if hasattr(item, "cell_num"):
            self.write(event="start", cell=item.cell_num, t=time.time())

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if not hasattr(item, "cell_num"):
            return
        if call.when == "setup" and not self.kernel_recorded:
            kernel = getattr(item.parent, "kernel", None)
            process = getattr(getattr(getattr(kernel, "km", None), "provisioner", None), "process", None)
            if process is not None:
                self.kernel_recorded = True
                self.write(event="kernel", pid=process.pid)
        if call.when == "call" or (call.when == "setup" and report.failed):
            self.write(event="result", cell=item.cell_num, **self.describe(item, call, report))

    def describe(self, item, call, report) -> dict:
        if report.passed:
            return {"outcome": "passed"}
        if report.skipped:
            return {"outcome": "skipped"}
        exc = call.excinfo.value if call.excinfo else None
        kind, ename, evalue, line = "error", type(exc).__name__ if exc else "", str(exc) if exc else "", ""
        for out in getattr(item, "test_outputs", None) or []:
            if out.get("output_type") == "error":
                ename, evalue = out.get("ename", ""), out.get("evalue", "")
                line = next((t for t in out.get("traceback", []) if "---->" in t), "")
        text = str(exc) if exc else ""
        if isinstance(exc, KernelDied) or text == "Kernel dead on test start":
            kind, ename, evalue = "kernel_died", "", text if isinstance(exc, KernelDied) else ""
            item.session.shouldstop = "the kernel died"
        elif text.startswith("Timeout of") or getattr(item.parent, "timed_out", False):
            kind = "timeout"
            item.session.shouldstop = "a cell timed out"
        elif call.when == "setup":
            kind = "setup"
            evalue = text or (report.longreprtext.strip().splitlines() or [""])[-1]
            item.session.shouldstop = "the notebook could not be started"
        return {"outcome": "failed", "kind": kind, "ename": ename, "evalue": evalue, "line": line}


def pytest_addoption(parser):
    parser.addoption("--gigsim-results", default=None, help="JSON-lines file for the grader's results")


def pytest_configure(config):
    path = config.getoption("--gigsim-results")
    if not path:
        return
    from nbval.kernel import RunningKernel

    RunningKernel.await_reply = _await_reply
    config.pluginmanager.register(Recorder(path), "gigsim-recorder")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
