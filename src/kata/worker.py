"""A warm pytest worker for `kata watch`: pytest and the plugin imported once, a fork per check.

A cold `python -m pytest` spends most of its time starting the interpreter and importing
pytest. `kata watch` re-checks the same kata again and again, so it keeps one of these
workers: it imports everything once, then for every check forks a fresh child that runs
`pytest.main` in its own session (so the runner can kill its whole process group) and exits.
The learner's code only ever runs in the forked child; the worker itself never runs it.

POSIX only (fork); elsewhere `kata watch` starts a plain subprocess per check.

Protocol, one JSON object per line: the runner writes {"args", "cwd", "env", "output"}; the
worker answers {"pid": N} once the child runs, then {"exit": code} when it has ended.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
from typing import Any

WARM_MODULES = (
    "pytest",
    "_pytest.config",
    "_pytest.main",
    "_pytest.runner",
    "_pytest.python",
    "_pytest.terminal",
    "_pytest.assertion.rewrite",
    "_pytest.capture",
    "_pytest.fixtures",
    "_pytest.mark",
    "_pytest.skipping",
    "_pytest.warnings",
    "_pytest.logging",
    "_pytest.faulthandler",
    "pytest_timeout",
    "kata.pytest_plugin",
    "kata.testkit",
    "kata.messages",
    "kata.guard",
)


def warm_up() -> None:
    for name in WARM_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    from _pytest.config import default_plugins

    for name in default_plugins:
        with contextlib.suppress(ImportError):
            importlib.import_module(f"_pytest.{name}")


def run_child(request: dict[str, Any]) -> None:
    """In the forked child: become a fresh session leader, set the scene, run pytest, exit."""
    os.setsid()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    output = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the child's lifetime
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    code = 3
    try:
        import pytest

        sys.argv = ["pytest", *request["args"]]
        code = int(pytest.main(list(request["args"])))
    except BaseException:
        code = 3
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    warm_up()
    answer = sys.stdout
    print(json.dumps({"ready": True}), file=answer, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_child(request)
        print(json.dumps({"pid": pid}), file=answer, flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}), file=answer, flush=True)


if __name__ == "__main__":
    serve()
