"""`kata` as a learner runs it: a real process in a temporary copy of a repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT, solve, write_stub


def kata(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KATA_"))}
    env["KATA_ROOT"] = str(repo)
    env["COLUMNS"] = "120"
    return subprocess.run(
        [sys.executable, "-m", "kata", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_stub_fails_then_reference_passes_and_progress_is_saved(repo: Path) -> None:
    first = kata(repo, "check", "sample")
    assert first.returncode == 1
    assert "Task 1" in first.stdout
    solve(repo)
    second = kata(repo, "check", "sample", "--json")
    assert second.returncode == 0
    assert json.loads(second.stdout)["status"] == "pass"
    listing = json.loads(kata(repo, "list", "--json").stdout)
    assert listing[0]["status"] == "done"
    assert "All 1 katas pass" in kata(repo, "next").stdout


def test_corrupted_progress_file_is_moved_aside(repo: Path) -> None:
    (repo / ".kata").mkdir()
    (repo / ".kata" / "progress.json").write_text("{{{{")
    result = kata(repo, "check", "sample")
    assert result.returncode == 1
    assert "corrupted" in result.stderr
    saved = json.loads((repo / ".kata" / "progress.json").read_text())
    assert saved["katas"]["sample"]["attempts"] == 1


def test_unknown_slug_exits_2_with_suggestion(repo: Path) -> None:
    result = kata(repo, "hint", "smaple")
    assert result.returncode == 2
    assert "sample" in result.stderr


def test_syntax_error_in_a_stub(repo: Path) -> None:
    write_stub(repo, "def add(a, b)\n    return a + b\n")
    result = kata(repo, "check", "sample")
    assert result.returncode == 1
    assert "syntax error on line 1" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_all_grades_every_kata_in_one_run(repo: Path) -> None:
    result = kata(repo, "check", "--all", "--json")
    assert [k["slug"] for k in json.loads(result.stdout)["katas"]] == ["sample"]


def _old_python() -> str | None:
    for name in ("python2.7", "python3.6", "python3.7", "python3.8", "python3.9"):
        found = shutil.which(name)
        if found and "shims" not in found:  # a pyenv shim may point at nothing
            return found
    pyenv = Path.home() / ".pyenv" / "versions"
    for candidate in sorted(pyenv.glob("[23].[0-9]*/bin/python")) if pyenv.is_dir() else []:
        version = candidate.parent.parent.name
        if version.startswith("2.") or version.split(".")[1] in {"6", "7", "8", "9"}:
            return str(candidate)
    return None


def _launch_with_path(
    python: str, folder: Path, path: list[Path]
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=os.pathsep.join(str(p) for p in path))
    env.pop("KATA_LAUNCHER_TRIED", None)
    return subprocess.run(
        [python, str(folder / "kata"), "next"],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )


@pytest.mark.skipif(_old_python() is None, reason="no Python older than 3.10 on this machine")
def test_launcher_explains_an_unsupported_python_in_one_sentence(tmp_path: Path) -> None:
    shutil.copy(REPO_ROOT / "kata", tmp_path / "kata")
    result = _launch_with_path(_old_python(), tmp_path, [tmp_path / "no-such-folder"])  # type: ignore[arg-type]
    assert result.returncode == 2
    assert "needs Python 3.10 or newer" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(_old_python() is None, reason="no Python older than 3.10 on this machine")
@pytest.mark.skipif(os.name == "nt", reason="the launcher looks for another Python on POSIX only")
def test_launcher_moves_on_to_a_newer_python_on_path(tmp_path: Path) -> None:
    """An old python3 first on PATH and a newer one after it: the newer one runs the launcher
    (here it stops at the missing pyproject.toml, which only a new enough Python reaches)."""
    shutil.copy(REPO_ROOT / "kata", tmp_path / "kata")
    newer = tmp_path / "bin"
    newer.mkdir()
    minor = sys.version_info.minor
    (newer / f"python3.{minor}").symlink_to(os.path.realpath(sys.executable))
    result = _launch_with_path(_old_python(), tmp_path, [newer])  # type: ignore[arg-type]
    assert "needs Python 3.10" not in result.stderr
    assert "there is no pyproject.toml" in result.stderr
    assert result.returncode == 2


def test_launcher_stamp_changes_with_pyproject(tmp_path: Path) -> None:
    import runpy

    shutil.copy(REPO_ROOT / "kata", tmp_path / "kata")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    launcher = runpy.run_path(str(tmp_path / "kata"), run_name="launcher")
    before = launcher["wanted_stamp"]()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    assert launcher["wanted_stamp"]() != before


QUICK_PATH_NEVER_IMPORTS = ("pathlib", "tempfile", "shutil", "rich.table", "pytest", "tomllib")


@pytest.mark.parametrize("args", [["next"], ["list"], ["hint", "sample"]], ids=" ".join)
def test_quick_commands_keep_their_imports_light(repo: Path, args: list[str]) -> None:
    """The speed budget of next/list/hint (see kata.paths and bench/run.py): a module listed
    here costs milliseconds on every start, so one creeping back in fails here, by name."""
    kata(repo, "list")  # fills the kata.toml cache, as any earlier command would
    script = (
        "import sys\n"
        f"sys.argv = ['kata', *{args!r}]\n"
        "from kata.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in {QUICK_PATH_NEVER_IMPORTS!r} if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KATA_"))}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=repo, env={**env, "KATA_ROOT": str(repo)},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr


def test_launcher_stamp_changes_when_the_clone_moves(tmp_path: Path) -> None:
    """The editable install records the path, so a moved clone must install again."""
    import runpy

    stamps = []
    for name in ("here", "moved"):
        (tmp_path / name).mkdir()
        shutil.copy(REPO_ROOT / "kata", tmp_path / name / "kata")
        (tmp_path / name / "pyproject.toml").write_text("[project]\nname = 'x'\n")
        launcher = runpy.run_path(str(tmp_path / name / "kata"), run_name="launcher")
        stamps.append(launcher["wanted_stamp"]())
    assert stamps[0] != stamps[1]
