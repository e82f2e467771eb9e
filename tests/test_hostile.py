"""Hostile, broken and runaway submissions (issue: grading that can't be fooled or broken).

Each test writes one submission into the fixture kata and checks the verdict: never a pass
unless the real tests passed, one clear sentence, bounded time, nothing left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import solve, write_stub

from kata.catalog import Catalog
from kata.cli import cli
from kata.grading import Options, grade
from kata.results import PASS, KataResult

GOOD_GREET = 'def greet(name="world"):\n    return f"Hello, {name}!"\n'
GOOD_ADD = "def add(a, b):\n    return a + b\n"
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX signals and rlimits")


def _grade(repo: Path, **options: object) -> tuple[KataResult, float]:
    start = time.monotonic()
    kata = Catalog.load(repo).resolve("sample")
    result = grade([kata], Options(**options)).katas[0]  # type: ignore[arg-type]
    return result, time.monotonic() - start


def _messages(result: KataResult) -> str:
    return " | ".join(t.message for t in result.tests)


# --- exits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("top_level", "reason"),
    [
        ("import os\nos._exit(0)\n", "ended the whole test process"),
        ("import sys\nsys.exit(0)\n", "called sys.exit() while being imported"),
        ("raise SystemExit\n", "called sys.exit() while being imported"),
        ("raise KeyboardInterrupt\n", "KeyboardInterrupt while being imported"),
    ],
    ids=["os._exit", "sys.exit", "SystemExit", "KeyboardInterrupt"],
)
def test_exit_at_import_scores_zero_with_a_reason(repo: Path, top_level: str, reason: str) -> None:
    write_stub(repo, top_level + GOOD_ADD + GOOD_GREET)
    result, seconds = _grade(repo)
    assert result.score == 0
    assert result.status != PASS
    assert reason in result.tests[0].message
    assert seconds < 60


def test_keyboard_interrupt_inside_a_function_costs_only_its_task(repo: Path) -> None:
    write_stub(repo, "def add(a, b):\n    raise KeyboardInterrupt\n\n" + GOOD_GREET)
    result, _ = _grade(repo)
    assert result.task_status(1) != PASS
    assert "KeyboardInterrupt" in result.tests[0].message
    assert result.task_status(2) == PASS


@posix_only
def test_killing_its_own_process_is_reported(repo: Path) -> None:
    write_stub(
        repo,
        "import os, signal\n\ndef add(a, b):\n    os.kill(os.getpid(), signal.SIGKILL)\n\n"
        + GOOD_GREET,
    )
    result, _ = _grade(repo)
    assert result.task_status(1) != PASS
    assert "SIGKILL" in result.tests[0].message
    assert result.task_status(2) == PASS


# --- faked results -------------------------------------------------------------------------

FORCE_PASS_CONFTEST = """
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report

def pytest_collection_modifyitems(items):
    items[:] = []
"""
FORCE_PASS_INI = "[pytest]\naddopts = -k nothing_matches_this\n"
INI_FILES = {
    "pytest.ini": FORCE_PASS_INI,
    "tox.ini": FORCE_PASS_INI.replace("[pytest]", "[tool:pytest]"),
    "setup.cfg": FORCE_PASS_INI.replace("[pytest]", "[tool:pytest]"),
    "pyproject.toml": '[tool.pytest.ini_options]\naddopts = "-k nothing_matches_this"\n',
    "conftest.py": FORCE_PASS_CONFTEST,
}


@pytest.mark.parametrize("where", ["kata folder", "repo root", "graders folder"])
def test_config_files_planted_in_the_repo_are_ignored(repo: Path, where: str) -> None:
    folder = {
        "kata folder": repo / "katas" / "sample",
        "repo root": repo,
        "graders folder": repo / "graders",
    }[where]
    for name, text in INI_FILES.items():
        (folder / name).write_text(text)
    result, _ = _grade(repo)
    assert result.score == 0
    assert len(result.tests) == 3
    solve(repo)
    assert _grade(repo)[0].score == 3


def test_config_files_written_at_import_into_cwd_are_ignored_after_a_resume(repo: Path) -> None:
    planting = (
        "import os, pathlib\n"
        f"FILES = {INI_FILES!r}\n"
        "for folder in {pathlib.Path.cwd(), pathlib.Path(__file__).parent,\n"
        "               pathlib.Path(__file__).parent.parent.parent}:\n"
        "    for name, text in FILES.items():\n"
        "        (folder / name).write_text(text)\n"
        "def add(a, b):\n    os._exit(0)\n"
        "def greet(name='x'):\n    return 'nope'\n"
    )
    write_stub(repo, planting)
    result, _ = _grade(repo)
    assert result.score == 0
    assert len(result.tests) == 3


def test_pytest_addopts_and_pythonpath_are_ignored(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "sitecustomize.py").write_text("import os\nos._exit(0)\n")
    monkeypatch.setenv("PYTHONPATH", str(evil))
    monkeypatch.setenv("PYTEST_ADDOPTS", "-k nothing_matches_this -p no:kata.pytest_plugin")
    monkeypatch.setenv("PYTEST_PLUGINS", "no_such_plugin")
    assert _grade(repo)[0].score == 0
    solve(repo)
    result, _ = _grade(repo)
    assert result.status == PASS
    assert result.score == 3


@pytest.mark.parametrize(
    "tampering",
    [
        "import kata.testkit\nkata.testkit.fail = lambda message: None\n"
        "kata.testkit.strictly_equal = lambda a, b: True\n",
        "import _pytest.reports\n_pytest.reports.TestReport.passed = property(lambda self: True)\n"
        "_pytest.reports.TestReport.failed = property(lambda self: False)\n",
        "import builtins\nbuiltins.AssertionError = Exception\nbuiltins.type = lambda x: int\n",
        "import kata.pytest_plugin as p\np.explain_exception = lambda *a: ('', 0)\n",
    ],
    ids=["testkit", "pytest reports", "builtins", "plugin"],
)
def test_patching_the_grading_machinery_never_passes(repo: Path, tampering: str) -> None:
    write_stub(
        repo, tampering + "def add(a, b):\n    return 0\n\ndef greet(name='x'):\n    return 1\n"
    )
    result, _ = _grade(repo)
    assert result.score == 0
    assert result.status != PASS


def test_tampering_is_named_in_the_message(repo: Path) -> None:
    write_stub(
        repo,
        "import kata.testkit\nkata.testkit.fail = lambda message: None\n"
        "def add(a, b):\n    return 0\n",
    )
    result, _ = _grade(repo)
    assert "changed the grading machinery" in result.tests[0].message
    assert "kata.testkit.fail" in result.tests[0].message


def test_objects_that_claim_to_equal_anything_fail(repo: Path) -> None:
    liar = (
        "class Liar:\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    def __bool__(self): return True\n"
        "    def __hash__(self): return 0\n"
        "    def __getattr__(self, name): return self\n"
        "def add(a, b):\n    return Liar()\n"
        "def greet(name='world'):\n    return Liar()\n"
    )
    write_stub(repo, liar)
    result, _ = _grade(repo)
    assert result.score == 0
    assert "Liar" in result.tests[0].message


def test_module_getattr_that_answers_every_name_does_not_define_anything(repo: Path) -> None:
    write_stub(repo, "def __getattr__(name):\n    return lambda *a, **k: 5\n")
    result, _ = _grade(repo)
    assert result.score == 0
    assert "`add` is not defined" in result.tests[0].message


# --- runaways ------------------------------------------------------------------------------


def test_deep_recursion_is_explained(repo: Path) -> None:
    write_stub(repo, "def add(a, b):\n    return add(a, b)\n\n" + GOOD_GREET)
    result, _ = _grade(repo)
    assert result.task_status(1) != PASS
    assert "RecursionError" in result.tests[0].message
    assert result.task_status(2) == PASS


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_allocating_many_gigabytes_is_stopped(repo: Path) -> None:
    write_stub(repo, "def add(a, b):\n    return len(bytearray(16 * 1024 ** 3))\n\n" + GOOD_GREET)
    result, seconds = _grade(repo)
    assert result.task_status(1) != PASS
    assert "too much memory" in result.tests[0].message
    assert result.task_status(2) == PASS
    assert seconds < 60


def test_printing_tens_of_megabytes_is_capped(repo: Path) -> None:
    write_stub(
        repo,
        "import sys\ndef add(a, b):\n    sys.stdout.write('x' * 50_000_000)\n"
        "    return a + b\n\n" + GOOD_GREET,
    )
    result, seconds = _grade(repo, verbose=True)
    assert result.status == PASS
    assert len(result.output) < 100_000
    assert seconds < 60


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") if Path(f"/proc/{pid}/stat").exists() else open(os.devnull) as f:
        return " Z " not in f.read()


def test_child_processes_and_threads_do_not_outlive_the_run(repo: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    spawner = (
        "import subprocess, sys, threading, time\n"
        "def add(a, b):\n"
        "    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"    open({str(pid_file)!r}, 'a').write(str(child.pid) + '\\n')\n"
        "    threading.Thread(target=time.sleep, args=(120,)).start()\n"
        "    return a + b\n\n" + GOOD_GREET
    )
    write_stub(repo, spawner)
    result, seconds = _grade(repo)
    assert result.status == PASS
    assert seconds < 60
    time.sleep(0.2)
    pids = [int(p) for p in pid_file.read_text().split()]
    assert pids
    assert not [pid for pid in pids if _alive(pid)]


def test_thread_timeout_fallback_also_bounds_an_infinite_loop(repo: Path) -> None:
    write_stub(repo, "def add(a, b):\n    while True:\n        pass\n\n" + GOOD_GREET)
    result, seconds = _grade(repo, timeout_method="thread")
    assert result.task_status(1) != PASS
    assert "ran out of time" in result.tests[0].message
    assert result.task_status(2) == PASS
    assert seconds < 60


# --- damage --------------------------------------------------------------------------------


def _second_kata(repo: Path) -> Path:
    other = repo / "katas" / "other"
    shutil.copytree(repo / "katas" / "sample", other)
    toml = other / "kata.toml"
    toml.write_text(toml.read_text().replace("order = 10", "order = 20"))
    shutil.copytree(repo / "graders" / "sample", repo / "graders" / "other")
    return other / "sample.py"


def test_progress_and_other_katas_survive_destructive_code(repo: Path) -> None:
    other_stub = _second_kata(repo)
    original = other_stub.read_text()
    progress = repo / ".kata" / "progress.json"
    assert CliRunner().invoke(cli, ["hint", "sample"]).exit_code == 0
    before = json.loads(progress.read_text())
    vandal = (
        "import os\n"
        f"os.remove({str(other_stub)!r})\n"
        f"open({str(progress)!r}, 'w').write('garbage')\n"
        "def add(a, b):\n    return 0\n"
    )
    write_stub(repo, vandal)
    result = CliRunner().invoke(cli, ["check", "sample"])
    assert result.exit_code == 1
    assert other_stub.read_text() == original
    assert "restored" in result.output
    after = json.loads(progress.read_text())
    assert after["katas"]["sample"]["hints"] == before["katas"]["sample"]["hints"]
    assert after["katas"]["sample"]["attempts"] == 1


# --- broken files --------------------------------------------------------------------------


def test_empty_file_says_what_is_missing(repo: Path) -> None:
    write_stub(repo, "")
    result, _ = _grade(repo)
    assert result.score == 0
    assert "`add` is not defined in sample.py yet" in result.tests[0].message


def test_renamed_stub_is_an_error_that_says_how_to_restore(repo: Path) -> None:
    stub = repo / "katas" / "sample" / "sample.py"
    stub.rename(stub.with_name("my_sample.py"))
    result, _ = _grade(repo)
    assert result.score == 0
    assert "is missing" in result.problem.summary  # type: ignore[union-attr]
