"""Shared fixtures: a temporary copy of the small fixture repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE_REPO = Path(__file__).parent / "fixtures" / "repo"
REPO_ROOT = Path(__file__).parent.parent

pytest_plugins = ["pytester"]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of tests/fixtures/repo, with KATA_ROOT pointing at it."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE_REPO, target, ignore=shutil.ignore_patterns(".kata", "__pycache__"))
    monkeypatch.setenv("KATA_ROOT", str(target))
    return target


def write_stub(repo: Path, text: str, name: str = "sample.py") -> None:
    (repo / "katas" / "sample" / name).write_text(text, encoding="utf-8")


def solve(repo: Path) -> None:
    shutil.copyfile(
        repo / "graders" / "sample" / "reference" / "sample.py",
        repo / "katas" / "sample" / "sample.py",
    )
