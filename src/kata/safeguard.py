"""Keep the repository safe from the code being graded: other katas' files and progress.

Learner code runs in a sandbox folder, but nothing stops it from opening an absolute path. So a
check snapshots what it must not lose (every other kata's files, and the progress file) and,
after the run, puts back anything deleted or rewritten; a rewritten file's new content is kept
in `.kata/backups/`, so nothing is lost either way. The katas being graded are the learner's
own files and are never touched (they may be saving in their editor right now).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from kata.catalog import Kata
from kata.paths import state_dir
from kata.progress import FILE_NAME


class RepositoryGuard:
    def __init__(self, root: Path, katas: list[Kata], graded: list[Kata]) -> None:
        self.root = root
        graded_slugs = {k.slug for k in graded}
        self.files = [p for k in katas if k.slug not in graded_slugs for p in k.stub_paths()]
        self.progress = state_dir(root) / FILE_NAME
        self.saved: dict[Path, bytes | None] = {}
        self.warnings: list[str] = []

    def __enter__(self) -> RepositoryGuard:
        for path in [*self.files, self.progress]:
            try:
                self.saved[path] = path.read_bytes()
            except OSError:
                self.saved[path] = None
        return self

    def __exit__(self, *exc: object) -> None:
        self.warnings = self.restore()

    def restore(self) -> list[str]:
        """Put back what the run deleted or rewrote; one warning per file."""
        warnings = []
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for path, before in self.saved.items():
            if before is None:
                continue
            try:
                now: bytes | None = path.read_bytes()
            except OSError:
                now = None
            if now == before:
                continue
            if path == self.progress and now is not None and _valid_json(now):
                continue  # another kata process saved progress meanwhile: that is fine
            if now is not None:
                keep = state_dir(self.root) / "backups" / f"changed-during-check-{stamp}"
                keep.mkdir(parents=True, exist_ok=True)
                (keep / path.name).write_bytes(now)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(before)
            shown = path.relative_to(self.root) if path.is_relative_to(self.root) else path
            what = "deleted" if now is None else "changed"
            warnings.append(f"{shown} was {what} while your code ran; it has been restored.")
        return warnings


def _valid_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
