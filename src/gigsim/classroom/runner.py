"""Run one prepared notebook under pytest + nbval, in a child process of the grader.

The grader starts :func:`run_notebook` in a process forked from a *forkserver* that has already imported
pytest, nbval and jupyter_client, so each notebook pays for a fork and a kernel start, not for those imports.
Everything the child prints goes to a log file in the notebook's work folder.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

# imported here so that the forkserver preloads them once
import pytest  # noqa: F401
import nbval.plugin  # noqa: F401
import jupyter_client.manager  # noqa: F401

from . import nbplugin  # noqa: F401

RESULTS = "results.jsonl"
LOG = "pytest.log"


def pytest_args(notebook: Path, workdir: Path, kernelspec_root: Path, cell_timeout: float) -> list[str]:
    ini = workdir / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    return [
        str(notebook),
        "-c", str(ini), "--rootdir", str(workdir), "--noconftest", "-q", "--color=no",
        "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:hypothesispytest", "-p", "no:randomly",
        "-p", "gigsim.classroom.nbplugin",
        "--nbval-lax", "--nbval-kernel-name", "gigsim-grader",
        "--nbval-cell-timeout", f"{cell_timeout:g}",
        "--gigsim-results", str(workdir / RESULTS),
    ]


def run_notebook(notebook: str, workdir: str, kernelspec_root: str, cell_timeout: float, env: dict) -> None:
    """Child process body: run pytest on ``notebook``; results stream to ``workdir/results.jsonl``."""
    workdir_path = Path(workdir)
    log = os.open(workdir_path / LOG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    for key in [k for k in os.environ if k.startswith("PYTEST_")]:
        del os.environ[key]
    os.environ.update(env)
    os.environ["JUPYTER_PATH"] = str(kernelspec_root)
    args = pytest_args(Path(notebook), workdir_path, Path(kernelspec_root), cell_timeout)
    code = pytest.main(args)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code))
