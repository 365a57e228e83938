"""The kernel the grader runs student code in: an ordinary IPython kernel with limits.

Started by jupyter_client through the kernelspec the grader writes (see :func:`write_kernelspec`).
Before the kernel starts it

* caps its address space (``RLIMIT_AS``, ``GIGSIM_GRADE_MEMORY_MB``): a runaway allocation raises
  ``MemoryError`` in the student's cell instead of exhausting the machine;
* caps what one cell may print (``GIGSIM_GRADE_MAX_OUTPUT_BYTES``): output beyond the cap is dropped
  with one notice, so a print loop cannot flood the grader.

Student code is still untrusted: this is a seat belt, not a sandbox (see the instructor guide).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

KERNEL_NAME = "gigsim-grader"
MEMORY_ENV = "GIGSIM_GRADE_MEMORY_MB"
OUTPUT_ENV = "GIGSIM_GRADE_MAX_OUTPUT_BYTES"
TRUNCATION_NOTICE = "\n[output truncated by the grader: this cell printed more than {limit:,} characters]\n"


def write_kernelspec(root: Path, memory_mb: int, max_output_bytes: int) -> Path:
    """Write the grader's kernelspec under ``root/kernels`` and return ``root`` (put it on JUPYTER_PATH)."""
    folder = Path(root) / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "gigsim.classroom.kernel", "-f", "{connection_file}",
                 "--HistoryManager.enabled=False"],
        "display_name": "gigsim grader (limited)",
        "language": "python",
        "env": {MEMORY_ENV: str(int(memory_mb)), OUTPUT_ENV: str(int(max_output_bytes))},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return Path(root)


def limit_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    try:
        import resource
    except ImportError:  # not a Unix system: no limit
        return

    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def cap_output(max_bytes: int, shell) -> None:
    """Drop stream output beyond ``max_bytes`` characters per cell (counted over stdout and stderr)."""
    if max_bytes <= 0:
        return
    from ipykernel.iostream import OutStream

    state = {"written": 0, "noticed": False}
    original = OutStream.write

    def write(self, string):
        if not isinstance(string, str):
            return original(self, string)
        room = max_bytes - state["written"]
        state["written"] += len(string)
        if room >= len(string):
            return original(self, string)
        if room > 0:
            original(self, string[:room])
        if not state["noticed"]:
            state["noticed"] = True
            original(self, TRUNCATION_NOTICE.format(limit=max_bytes))
        return len(string)

    def reset(*_):
        state["written"], state["noticed"] = 0, False

    OutStream.write = write
    shell.events.register("pre_run_cell", reset)


def main(argv: list[str] | None = None) -> None:
    limit_memory(int(os.environ.get(MEMORY_ENV, "0") or 0))
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(sys.argv[1:] if argv is None else argv)
    cap_output(int(os.environ.get(OUTPUT_ENV, "0") or 0), app.shell)
    app.start()


if __name__ == "__main__":
    main()
