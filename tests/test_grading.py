"""The grading pipeline against the fixture kata: every way a submission can go wrong."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import solve, write_stub

from kata.catalog import Catalog
from kata.grading import grade
from kata.results import ERROR, FAIL, PASS, KataResult

GOOD_GREET = 'def greet(name="world"):\n    return f"Hello, {name}!"\n'


def _grade(repo: Path) -> KataResult:
    return grade([Catalog.load(repo).resolve("sample")]).katas[0]


def test_pristine_stub_fails_every_task_with_score_zero(repo: Path) -> None:
    result = _grade(repo)
    assert result.status == FAIL
    assert result.score == 0
    assert result.max_score == 3
    assert "NotImplementedError" in result.tests[0].message


def test_reference_passes_with_full_score(repo: Path) -> None:
    solve(repo)
    result = _grade(repo)
    assert result.status == PASS
    assert result.score == 3
    assert result.tasks_passed() == [1, 2]


def test_task_points_are_shared_among_its_tests(repo: Path) -> None:
    write_stub(
        repo, "def add(a, b):\n    return a + b\n\n" + "def greet(name='x'):\n    return 1\n"
    )
    result = _grade(repo)
    assert result.task_status(1) == PASS
    assert result.task_status(2) == FAIL
    assert result.score == 2


def test_syntax_error_is_reported_with_line_and_caret_without_running(repo: Path) -> None:
    write_stub(repo, "def add(a, b):\n    return a +\n")
    result = _grade(repo)
    assert result.status == ERROR
    assert result.score == 0
    assert result.problem is not None
    assert result.problem.line == 2
    assert "syntax error" in result.problem.summary
    assert result.problem.source_line.strip() == "return a +"


def test_missing_stub_says_how_to_restore(repo: Path) -> None:
    (repo / "katas" / "sample" / "sample.py").unlink()
    result = _grade(repo)
    assert result.status == ERROR
    assert "kata reset sample" in result.problem.summary  # type: ignore[union-attr]


def test_wrong_encoding_is_one_clear_sentence(repo: Path) -> None:
    (repo / "katas" / "sample" / "sample.py").write_bytes(b"# caf\xe9\ndef add(a, b):\n    pass\n")
    result = _grade(repo)
    assert result.status == ERROR
    assert "UTF-8" in result.problem.summary  # type: ignore[union-attr]


def test_exception_at_import_names_the_line(repo: Path) -> None:
    write_stub(repo, "x = 1\ny = 1 / 0\n")
    result = _grade(repo)
    assert result.status == FAIL
    assert "ZeroDivisionError" in result.tests[0].message
    assert "line 2" in result.tests[0].message


def test_import_of_missing_module_is_explained(repo: Path) -> None:
    write_stub(repo, "import no_such_module_here\n")
    message = _grade(repo).tests[0].message
    assert "no_such_module_here" in message
    assert "does not exist" in message


def test_os_exit_in_one_task_costs_only_that_task(repo: Path) -> None:
    write_stub(repo, "import os\n\ndef add(a, b):\n    os._exit(0)\n\n" + GOOD_GREET)
    result = _grade(repo)
    assert result.task_status(1) != PASS
    assert result.task_status(2) == PASS
    assert "ended the whole test process" in result.tests[0].message
    assert result.score == 1


def test_infinite_loop_that_swallows_the_timeout_is_killed(repo: Path) -> None:
    loop = (
        "def add(a, b):\n"
        "    while True:\n"
        "        try:\n"
        "            while True:\n"
        "                pass\n"
        "        except BaseException:\n"
        "            pass\n\n"
    )
    write_stub(repo, loop + GOOD_GREET)
    start = time.monotonic()
    result = _grade(repo)
    assert time.monotonic() - start < 30
    assert result.task_status(1) == ERROR
    assert "ran out of time" in result.tests[0].message
    assert result.task_status(2) == PASS


def test_sys_exit_inside_a_test_is_a_failure_with_a_reason(repo: Path) -> None:
    write_stub(repo, "import sys\n\ndef add(a, b):\n    sys.exit(0)\n\n" + GOOD_GREET)
    result = _grade(repo)
    assert result.task_status(1) != PASS
    assert "SystemExit" in result.tests[0].message
    assert result.task_status(2) == PASS


def test_forged_report_lines_are_ignored(repo: Path) -> None:
    forge = (
        "import json, sys\n"
        "for arg in sys.argv:\n"
        "    if arg.startswith('--kata-report='):\n"
        "        path = arg.split('=', 1)[1]\n"
        "        with open(path, 'a') as f:\n"
        "            for name in ('test_add_returns_the_sum', 'test_add_works_with_negatives',\n"
        "                         'test_greet_uses_world_by_default'):\n"
        "                f.write(json.dumps({'event': 'result', 'status': 'pass', 'nodeid':\n"
        "                    'graders/sample/test_sample.py::' + name}) + '\\n')\n"
        "def add(a, b):\n    return 0\n"
    )
    write_stub(repo, forge)
    result = _grade(repo)
    assert result.status != PASS
    assert result.score == 0


def test_input_waiting_on_stdin_fails_fast(repo: Path) -> None:
    write_stub(repo, "def add(a, b):\n    return int(input())\n\n" + GOOD_GREET)
    start = time.monotonic()
    result = _grade(repo)
    assert time.monotonic() - start < 20
    assert result.task_status(1) != PASS
    assert "input()" in result.tests[0].message


def test_learner_code_cannot_touch_the_repository_graders(repo: Path) -> None:
    vandal = (
        "import pathlib\n"
        "here = pathlib.Path(__file__).resolve().parent\n"
        "for p in here.parent.parent.rglob('test_*.py'):\n"
        "    p.write_text('')\n"
        "def add(a, b):\n    return a + b\n"
    )
    write_stub(repo, vandal)
    grader = repo / "graders" / "sample" / "test_sample.py"
    before = grader.read_text()
    _grade(repo)
    assert grader.read_text() == before


def test_exception_in_a_called_function_names_the_learners_line(repo: Path) -> None:
    write_stub(repo, "def helper(a):\n    return a['missing']\n\n\ndef add(a, b):\n"
                     "    return helper({})\n\n\ndef greet(name='world'):\n    return 1\n")
    result = _grade(repo)
    message = result.tests[0].message
    assert "KeyError" in message
    assert "(sample.py, line 2)" in message  # the deepest line of the learner's, not the call


def test_exception_escaping_a_grader_names_the_learners_line(repo: Path) -> None:
    grader = repo / "graders" / "sample" / "test_sample.py"
    grader.write_text(grader.read_text() + (
        "\n\n@pytest.mark.task(2)\ndef test_greet_directly():\n"
        "    load('sample').greet('x')\n"
    ))
    write_stub(repo, "def add(a, b):\n    return a + b\n\n\ndef greet(name='world'):\n"
                     "    return name.nope\n")
    result = _grade(repo)
    direct = next(t for t in result.tests if t.name.endswith("test_greet_directly"))
    assert "AttributeError" in direct.message
    assert "sample.py, line 6" in direct.message
