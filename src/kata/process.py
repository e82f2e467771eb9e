"""Start the grading child in its own process group and kill the whole group when needed.

POSIX: a new session, then `killpg`. Windows: a new process group, then `taskkill /T /F`, which
ends the child's whole tree. Either way nothing the learner's code started outlives the run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

OUTPUT_CAP = 64 * 1024


def start(
    command: Sequence[str], cwd: Path, env: Mapping[str, str], output: IO[bytes]
) -> subprocess.Popen[bytes]:
    """Start `command` detached from our terminal's signals, stdin closed, output to a file."""
    options: dict[str, Any] = {}
    if sys.platform == "win32":  # pragma: no cover - Windows
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    return subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        **options,
    )


def kill_tree(process: subprocess.Popen[bytes]) -> None:
    """Kill the child and everything in its process group (also after it exited itself)."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(process.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        with contextlib.suppress(OSError):
            process.kill()
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def read_tail(output: IO[bytes], cap: int = OUTPUT_CAP) -> str:
    """The last `cap` bytes of the captured output, decoded leniently."""
    output.flush()
    size = output.seek(0, os.SEEK_END)
    output.seek(max(0, size - cap))
    data = output.read()
    text = data.decode("utf-8", errors="replace")
    return ("…(output cut)…\n" if size > cap else "") + text


def signal_name(returncode: int) -> str:
    if returncode >= 0:
        return f"exit code {returncode}"
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


PYTHON = sys.executable
