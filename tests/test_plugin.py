"""The pytest plugin in a real pytest child (pytester), as the runner loads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TEST_FILE = """
import pytest
from kata.testkit import fail

@pytest.mark.task(1)
def test_passes():
    assert True

@pytest.mark.task(2)
def test_fails_with_learner_message():
    fail("add(1, 2) returned 4; expected 3.")

@pytest.mark.task(2)
def test_plain_assert_keeps_only_its_message():
    assert 1 == 2, "numbers differ"

@pytest.fixture
def broken():
    raise RuntimeError("setup broke")

@pytest.mark.task(3)
def test_setup_error_counts_as_error(broken):
    pass
"""


def _events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_streams_results_with_tasks_and_messages(pytester: pytest.Pytester) -> None:
    folder = pytester.mkdir("graders") / "demo"
    folder.mkdir()
    (folder / "test_demo.py").write_text(TEST_FILE)
    report = pytester.path / "report.jsonl"
    result = pytester.runpytest_subprocess(
        "-p",
        "kata.pytest_plugin",
        f"--kata-report={report}",
        "-W",
        "error::pytest.PytestUnknownMarkWarning",
    )
    assert result.ret == 1
    events = _events(report)
    collected = events[0]
    assert collected["event"] == "collected"
    assert [t["task"] for t in collected["tests"]] == [1, 2, 2, 3]  # type: ignore[index]
    results = {e["nodeid"].split("::")[1]: e for e in events if e["event"] == "result"}  # type: ignore[union-attr]
    assert results["test_passes"]["status"] == "pass"
    assert (
        results["test_fails_with_learner_message"]["message"] == "add(1, 2) returned 4; expected 3."
    )
    assert results["test_plain_assert_keeps_only_its_message"]["message"] == "numbers differ"
    assert results["test_setup_error_counts_as_error"]["status"] == "error"
    assert events[-1]["event"] == "finished"


def test_task_marker_is_registered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("import pytest\n@pytest.mark.task(1)\ndef test_x():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "kata.pytest_plugin", "--strict-markers")
    result.assert_outcomes(passed=1)


def test_only_file_limits_the_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_a="def test_one():\n    pass\n\ndef test_two():\n    pass\n")
    only = pytester.path / "only.txt"
    only.write_text("test_a.py::test_two")
    result = pytester.runpytest_subprocess("-p", "kata.pytest_plugin", f"--kata-only={only}")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*1 passed*"])
