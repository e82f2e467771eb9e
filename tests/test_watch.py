"""`kata watch`'s loop with real file events (watchfiles), driven by a background writer."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from kata.catalog import Catalog, Kata
from kata.watch import watch_loop


def _save_later(path: Path, text: str, delay: float) -> threading.Thread:
    def write() -> None:
        time.sleep(delay)
        path.write_text(text)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_rechecks_on_a_real_change_and_moves_on_when_it_passes(repo: Path) -> None:
    kata = Catalog.load(repo).resolve("sample")
    stub = kata.stub_paths()[0]
    seen: list[str] = []

    def on_change(current: Kata) -> Kata | None:
        seen.append(stub.read_text())
        if len(seen) == 1:
            _save_later(stub, stub.read_text(), 0.3)  # same content: must not re-check
            _save_later(stub, "# changed\n", 0.9)
            return current
        return None  # "passed, nothing left": the loop ends

    waits: list[str] = []
    start = time.monotonic()
    watch_loop(kata, on_change, lambda k: waits.append(k.slug), force_polling=True)
    assert len(seen) == 2
    assert seen[1] == "# changed\n"
    assert waits == ["sample"]
    assert time.monotonic() - start < 20


def test_a_save_during_a_check_triggers_another_check(repo: Path) -> None:
    kata = Catalog.load(repo).resolve("sample")
    stub = kata.stub_paths()[0]
    calls = []

    def on_change(current: Kata) -> Kata | None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            stub.write_text("# saved while checking\n")
            return current
        return None

    watch_loop(kata, on_change, lambda k: None, force_polling=True)
    assert len(calls) == 2
