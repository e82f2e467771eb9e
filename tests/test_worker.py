"""The warm worker `kata watch` forks checks from: same verdicts as a plain subprocess."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import solve, write_stub

from kata.catalog import Catalog
from kata.grading import Options, child_env, grade
from kata.process import WarmWorker
from kata.results import ERROR, FAIL, PASS

pytestmark = pytest.mark.skipif(not WarmWorker.supported(), reason="fork is POSIX only")
GOOD_GREET = 'def greet(name="world"):\n    return f"Hello, {name}!"\n'


@pytest.fixture
def worker() -> Iterator[WarmWorker]:
    warm = WarmWorker(child_env(""))
    assert warm.ready
    yield warm
    warm.close()


def _grade(repo: Path, worker: WarmWorker):  # type: ignore[no-untyped-def]
    return grade([Catalog.load(repo).resolve("sample")], Options(worker=worker)).katas[0]


def test_stub_fails_and_reference_passes_through_the_worker(repo: Path, worker: WarmWorker) -> None:
    assert _grade(repo, worker).status == FAIL
    solve(repo)
    assert _grade(repo, worker).status == PASS
    assert _grade(repo, worker).score == 3  # the worker serves check after check


def test_a_crash_or_a_hang_in_a_forked_check_costs_only_its_test(
    repo: Path, worker: WarmWorker
) -> None:
    write_stub(repo, "import os\n\ndef add(a, b):\n    os._exit(0)\n\n" + GOOD_GREET)
    crashed = _grade(repo, worker)
    assert crashed.task_status(1) != PASS
    assert crashed.task_status(2) == PASS
    loop = (
        "def add(a, b):\n    while True:\n        try:\n            while True:\n"
        "                pass\n        except BaseException:\n            pass\n\n"
    )
    write_stub(repo, loop + GOOD_GREET)
    start = time.monotonic()
    hung = _grade(repo, worker)
    assert time.monotonic() - start < 60
    assert hung.task_status(1) == ERROR
    assert "ran out of time" in hung.tests[0].message
    assert hung.task_status(2) == PASS
    solve(repo)
    assert _grade(repo, worker).status == PASS


def test_learner_code_never_runs_in_the_worker_itself(repo: Path, worker: WarmWorker) -> None:
    write_stub(
        repo,
        "import builtins\nbuiltins.SPOILED = True\n\ndef add(a, b):\n    return a + b\n"
        + GOOD_GREET,
    )
    _grade(repo, worker)
    write_stub(
        repo,
        "import builtins\n\ndef add(a, b):\n    return int(hasattr(builtins, 'SPOILED'))\n"
        + GOOD_GREET,
    )
    result = _grade(repo, worker)
    assert "returned 0" in result.tests[0].message
