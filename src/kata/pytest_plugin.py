"""The runner's pytest plugin, loaded with ``-p kata.pytest_plugin`` in the grading child.

It registers the ``task`` marker, points `kata.testkit` at the sources under test before every
test, and streams one JSON line per event to the report file as it happens, so a run that dies
half-way (``os._exit``, a kill, the time limit) still leaves the results it reached.

Why not pytest-json-report: it writes its report only at session end (a crash loses everything),
knows nothing of task ids, and its last release was 2022. This plugin is a hundred lines we own.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from kata import guard, testkit
from kata.messages import explain_exception

MESSAGE_LIMIT = 500
TOKEN_VARIABLE = "KATA_REPORT_TOKEN"
"""The runner's per-run secret; every report line carries it, and it leaves os.environ at once."""

report_fd_key = pytest.StashKey[int]()
sources_key = pytest.StashKey[dict[str, Path]]()
token_key = pytest.StashKey[str]()
snapshot_key = pytest.StashKey[guard.Snapshot]()
outcomes_key = pytest.StashKey[dict[str, dict[str, Any]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata", "python interview katas")
    group.addoption(
        "--kata-report",
        metavar="PATH",
        help="append one JSON line per test event to PATH",
    )
    group.addoption(
        "--kata-only",
        metavar="PATH",
        help="run only the test node ids listed in PATH, one per line (resuming after a crash)",
    )
    group.addoption(
        "--kata-timeout",
        action="append",
        default=[],
        metavar="SLUG=SECONDS",
        help="per-test time limit for SLUG's tests (applied as a pytest-timeout marker)",
    )
    group.addoption(
        "--kata-memory",
        type=int,
        default=0,
        metavar="MB",
        help="cap the address space of this process at MB megabytes where the OS allows",
    )
    group.addoption(
        "--kata-source",
        action="append",
        default=[],
        metavar="SLUG=DIR",
        help="grade SLUG against the modules in DIR (default: katas/SLUG next to graders/)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "task(number): the kata task this test belongs to")
    sources: dict[str, Path] = {}
    for pair in config.getoption("--kata-source") or []:
        slug, _, folder = pair.partition("=")
        sources[slug] = Path(folder).resolve()
    config.stash[sources_key] = sources
    config.stash[outcomes_key] = {}
    config.stash[token_key] = os.environ.pop(TOKEN_VARIABLE, "")
    path = config.getoption("--kata-report")
    if path:
        config.stash[report_fd_key] = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    limit_memory(config.getoption("--kata-memory"))


def limit_memory(megabytes: int) -> None:
    """Cap the address space so a runaway allocation is a MemoryError, not a frozen laptop."""
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows: the runner's watchdog still bounds the run
        return
    limit = megabytes * 1024 * 1024
    kind = getattr(resource, "RLIMIT_AS", None)
    if kind is None:
        return
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(kind, (limit, hard))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    only = config.getoption("--kata-only")
    if only:
        wanted = set(Path(only).read_text(encoding="utf-8").split("\n"))
        items[:] = [item for item in items if item.nodeid in wanted]
    limits = {}
    for pair in config.getoption("--kata-timeout") or []:
        slug, _, seconds = pair.partition("=")
        limits[slug] = float(seconds)
    for item in items:
        seconds = limits.get(slug_of(item))
        if seconds and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(seconds))


def _emit(config: pytest.Config, event: dict[str, Any]) -> None:
    fd = config.stash.get(report_fd_key, None)
    if fd is None:
        return
    event["token"] = config.stash.get(token_key, "")
    line = json.dumps(event, ensure_ascii=True) + "\n"
    os.write(fd, line.encode("ascii"))


def slug_of(item: pytest.Item) -> str:
    """A grader test lives in graders/<slug>/test_*.py: the folder names the kata."""
    return item.path.parent.name


def task_of(item: pytest.Item) -> int | None:
    marker = item.get_closest_marker("task")
    if marker is None:
        return None
    value = marker.args[0] if marker.args else marker.kwargs.get("taskno")
    return value if isinstance(value, int) else None


def _source_for(item: pytest.Item) -> Path:
    slug = slug_of(item)
    sources = item.config.stash[sources_key]
    if slug in sources:
        return sources[slug]
    return item.path.parent.parent.parent / "katas" / slug


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if not report.failed or not _active_config:
        return
    path = Path(str(report.fspath))
    text = str(report.longrepr).strip().splitlines()
    _emit(
        _active_config[0],
        {
            "event": "collect-error",
            "kata": path.parent.name if path.suffix else path.name,
            "message": (text[-1] if text else "collection failed")[:MESSAGE_LIMIT],
        },
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    session.config.stash[snapshot_key] = guard.take()
    tests = [
        {"nodeid": item.nodeid, "kata": slug_of(item), "task": task_of(item)}
        for item in session.items
    ]
    _emit(session.config, {"event": "collected", "tests": tests})


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    folder = _source_for(item)
    testkit.set_source_dir(folder)
    sys.path.insert(0, str(folder))
    _emit(item.config, {"event": "start", "nodeid": item.nodeid})


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    folder = str(_source_for(item))
    while folder in sys.path:
        sys.path.remove(folder)
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) or ""
        if file.startswith(folder):
            del sys.modules[name]
    testkit.set_source_dir(None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.when == "teardown":
        snapshot = item.config.stash.get(snapshot_key, None)
        changed = guard.check_and_restore(snapshot) if snapshot is not None else []
        if changed:
            entry = item.config.stash[outcomes_key].setdefault(item.nodeid, {})
            entry["tampered"] = (
                "Your code changed the grading machinery "
                f"({', '.join(sorted(changed)[:3])}); the test cannot count. "
                "Leave builtins, pytest and the kata tools alone."
            )
    if call.excinfo is not None and report.outcome != "skipped":
        message, line = explain_exception(call.excinfo.value, _source_for(item), call.when)
        outcomes = item.config.stash[outcomes_key]
        entry = outcomes.setdefault(item.nodeid, {})
        entry.setdefault("message", message[:MESSAGE_LIMIT])
        entry.setdefault("line", line)
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    config = _config_of(report)
    if config is None:
        return
    entry = config.stash[outcomes_key].setdefault(report.nodeid, {})
    if report.skipped:
        entry.setdefault("status", "skip")
    elif report.failed:
        status = "fail" if report.when == "call" else "error"
        if entry.get("status") in (None, "pass"):
            entry["status"] = status
    elif report.when == "call":
        entry.setdefault("status", "pass")
    if report.when == "teardown":
        entry.setdefault("status", "error")
        if "tampered" in entry:
            entry["status"] = "error"
            entry["message"] = entry["tampered"]
        _emit(
            config,
            {
                "event": "result",
                "nodeid": report.nodeid,
                "status": entry["status"],
                "message": entry.get("message", ""),
                "line": entry.get("line") or 0,
                "duration": round(report.duration, 4),
            },
        )


_active_config: list[pytest.Config] = []


def _config_of(report: pytest.TestReport) -> pytest.Config | None:
    return _active_config[0] if _active_config else None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _active_config[:] = [session.config]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _emit(session.config, {"event": "finished", "exitstatus": int(exitstatus)})


def pytest_unconfigure(config: pytest.Config) -> None:
    fd = config.stash.get(report_fd_key, None)
    if fd is not None:
        os.close(fd)
        del config.stash[report_fd_key]
