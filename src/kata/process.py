"""Start the grading child in its own process group and kill the whole group when needed.

POSIX: a new session, then `killpg`. Windows: a new process group, then `taskkill /T /F`, which
ends the child's whole tree. Either way nothing the learner's code started outlives the run.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from kata.paths import python

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


class Child(Protocol):
    """A running pytest child: a subprocess, or a child forked by the warm worker."""

    def poll(self) -> int | None: ...

    def kill_tree(self) -> None: ...


class Subprocess:
    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen

    def poll(self) -> int | None:
        return self.popen.poll()

    def kill_tree(self) -> None:
        kill_tree(self.popen)


class WarmWorker:
    """The client side of `kata.worker`: one warm pytest process that forks a child per check."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.process = subprocess.Popen(
            [python(), "-I", "-X", "utf8", "-m", "kata.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=dict(env), text=True, bufsize=1,
        )  # fmt: skip
        self.ready = self._answer().get("ready") is True

    @staticmethod
    def supported() -> bool:
        return hasattr(os, "fork") and sys.platform != "win32"

    def _answer(self, timeout: float | None = None) -> dict[str, Any]:
        stdout = self.process.stdout
        assert stdout is not None
        if timeout is not None:
            import select

            readable, _, _ = select.select([stdout], [], [], timeout)
            if not readable:
                return {}
        line = stdout.readline()
        if not line:
            raise OSError("the warm worker has stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def start(self, args: Sequence[str], cwd: Path, env: Mapping[str, str], output: Path) -> Child:
        assert self.process.stdin is not None
        request = {"args": list(args), "cwd": str(cwd), "env": dict(env), "output": str(output)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return _Forked(self, int(self._answer()["pid"]))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        if self.process.poll() is None:
            self.process.kill()


class _Forked:
    def __init__(self, worker: WarmWorker, pid: int) -> None:
        self.worker = worker
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            answer = self.worker._answer(timeout=0)
            if "exit" in answer:
                self.returncode = int(answer["exit"])
        return self.returncode

    def kill_tree(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        while self.returncode is None:
            answer = self.worker._answer()
            if "exit" in answer:
                self.returncode = int(answer["exit"])
