from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from kata.progress import SCHEMA_VERSION, ProgressStore


def test_round_trip_records_attempts_and_first_pass(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    with store.update() as progress:
        progress.record_check("sample", passed=False, tasks_passed=[1])
    with store.update() as progress:
        progress.record_check("sample", passed=True, tasks_passed=[1, 2])
    data = json.loads((tmp_path / ".kata" / "progress.json").read_text())
    assert data["version"] == SCHEMA_VERSION
    entry = data["katas"]["sample"]
    assert entry["status"] == "done"
    assert entry["attempts"] == 2
    assert entry["tasks_passed"] == [1, 2]
    assert entry["first_passed"]


def test_corrupted_file_is_moved_aside_not_emptied(tmp_path: Path) -> None:
    folder = tmp_path / ".kata"
    folder.mkdir()
    (folder / "progress.json").write_text("{not json")
    store = ProgressStore(tmp_path)
    with store.update() as progress:
        progress.record_check("sample", passed=False, tasks_passed=[])
    aside = list(folder.glob("progress.json.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_text() == "{not json"
    assert "corrupted" in store.warnings[0]
    assert json.loads((folder / "progress.json").read_text())["katas"]["sample"]["attempts"] == 1


def test_file_from_a_newer_runner_is_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / ".kata"
    folder.mkdir()
    text = json.dumps({"version": SCHEMA_VERSION + 1, "katas": {}, "future": [1, 2]})
    (folder / "progress.json").write_text(text)
    store = ProgressStore(tmp_path)
    with store.update() as progress:
        progress.record_check("sample", passed=True, tasks_passed=[1])
    assert (folder / "progress.json").read_text() == text
    assert "newer version" in store.warnings[0]


def test_unknown_sections_survive_a_write(tmp_path: Path) -> None:
    folder = tmp_path / ".kata"
    folder.mkdir()
    (folder / "progress.json").write_text(
        json.dumps({"version": 1, "katas": {}, "interview": {"q": 1}})
    )
    with ProgressStore(tmp_path).update() as progress:
        progress.record_check("sample", passed=False, tasks_passed=[])
    assert json.loads((folder / "progress.json").read_text())["interview"] == {"q": 1}


def test_failed_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProgressStore(tmp_path)
    with store.update() as progress:
        progress.record_check("sample", passed=True, tasks_passed=[1, 2])
    before = (tmp_path / ".kata" / "progress.json").read_text()

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with store.update() as progress:
        progress.record_check("other", passed=False, tasks_passed=[])
    assert (tmp_path / ".kata" / "progress.json").read_text() == before
    assert any("No space left" in w for w in store.warnings)
    assert not list((tmp_path / ".kata").glob(".progress-*.tmp"))


def _bump(root: str, count: int) -> None:
    store = ProgressStore(Path(root))
    for _ in range(count):
        with store.update() as progress:
            progress.record_check("sample", passed=False, tasks_passed=[])


def test_concurrent_processes_never_lose_an_update(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_bump, args=(str(tmp_path), 25)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    data = json.loads((tmp_path / ".kata" / "progress.json").read_text())
    assert data["katas"]["sample"]["attempts"] == 75


WRITER = """
import sys
from pathlib import Path
from kata.progress import ProgressStore
store = ProgressStore(Path(sys.argv[1]))
print("ready", flush=True)
while True:
    with store.update() as progress:
        progress.record_check("sample", passed=False, tasks_passed=[])
"""


def test_kill_during_writes_never_leaves_a_broken_file(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    last = 0
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(delay)
        writer.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        writer.wait()
        data = json.loads((tmp_path / ".kata" / "progress.json").read_text())
        attempts = data["katas"]["sample"]["attempts"]
        assert attempts >= last
        last = attempts
    assert last > 0


def test_hand_edited_entries_keep_what_still_makes_sense(tmp_path: Path) -> None:
    folder = tmp_path / ".kata"
    folder.mkdir()
    entry = {
        "status": "done",
        "attempts": "many",
        "hints": {"1": 2, "2": "x"},
        "tasks_passed": [1, "2"],
    }
    (folder / "progress.json").write_text(json.dumps({"version": 1, "katas": {"sample": entry}}))
    progress = ProgressStore(tmp_path).read()
    kept = progress.kata("sample")
    assert kept.status == "done"
    assert kept.attempts == 0
    assert kept.hints == {"1": 2}
    assert kept.tasks_passed == [1]


def test_a_lock_that_cannot_be_taken_means_read_only_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kata import progress as progress_module

    def refuse(_self: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(progress_module._FileLock, "__enter__", refuse)
    store = ProgressStore(tmp_path)
    with store.update() as progress:
        progress.record_check("sample", passed=True, tasks_passed=[1])
    assert not store.saved
    assert any("Permission denied" in w for w in store.warnings)
    assert not (tmp_path / ".kata" / "progress.json").exists()
