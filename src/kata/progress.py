"""The one owner of `.kata/progress.json`: what the learner has passed, tried and revealed.

Format (version 1)::

    {"version": 1,
     "katas": {"<slug>": {"status": "started" | "done", "attempts": 3,
                          "first_passed": "2026-11-25T10:00:00+00:00" | null,
                          "last_checked": "...", "tasks_passed": [1, 2],
                          "hints": {"<task>": <levels revealed>},
                          "solution_viewed": false, "solution_forced": false}},
     ...other top-level keys (e.g. "interview") are kept as they are}

Every change happens inside `ProgressStore.update()`: an exclusive lock (so `watch` and a
`check` typed beside it never interleave), a fresh read, then an atomic write (temp file,
fsync, `os.replace`). A corrupted file is moved aside with a warning, never emptied; a file
from a newer runner is left untouched (changes are not saved, and the learner is told).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from typing import IO, Any

from kata.paths import state_folder

SCHEMA_VERSION = 1
FILE_NAME = "progress.json"
LOCK_TIMEOUT = 30.0


def now_iso() -> str:
    from datetime import datetime, timezone  # only writers need it: keep start-up light

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class KataProgress:
    """One kata's record. A plain class, not a @dataclass: see kata.catalog for why."""

    __slots__ = ("attempts", "first_passed", "hints", "last_checked", "solution_forced",
                 "solution_viewed", "status", "tasks_passed")

    def __init__(
        self, status: str = "todo", attempts: int = 0, first_passed: str | None = None,
        last_checked: str | None = None, tasks_passed: list[int] | None = None,
        hints: dict[str, int] | None = None, solution_viewed: bool = False,
        solution_forced: bool = False,
    ) -> None:
        self.status = status
        self.attempts = attempts
        self.first_passed = first_passed
        self.last_checked = last_checked
        self.tasks_passed: list[int] = tasks_passed if tasks_passed is not None else []
        self.hints: dict[str, int] = hints if hints is not None else {}
        self.solution_viewed = solution_viewed
        self.solution_forced = solution_forced

    def __repr__(self) -> str:
        return f"KataProgress({self.to_dict()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KataProgress) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaced

    @classmethod
    def from_dict(cls, data: Any) -> KataProgress:
        """Lenient: a hand-edited entry keeps every field that still makes sense."""
        if not isinstance(data, dict):
            return cls()

        def typed(key: str, kind: type, default: Any) -> Any:
            value = data.get(key)
            return value if isinstance(value, kind) and not isinstance(value, bool) else default

        status = data.get("status")
        hints: dict[str, Any] = typed("hints", dict, {})
        passed: list[Any] = typed("tasks_passed", list, [])
        return cls(
            status=status if status in ("started", "done") else "todo",
            attempts=typed("attempts", int, 0),
            first_passed=typed("first_passed", str, None),
            last_checked=typed("last_checked", str, None),
            tasks_passed=[t for t in passed if isinstance(t, int)],
            hints={str(k): v for k, v in hints.items() if isinstance(v, int)},
            solution_viewed=data.get("solution_viewed") is True,
            solution_forced=data.get("solution_forced") is True,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "attempts": self.attempts,
            "first_passed": self.first_passed,
            "last_checked": self.last_checked,
            "tasks_passed": sorted(set(self.tasks_passed)),
            "hints": dict(sorted(self.hints.items())),
            "solution_viewed": self.solution_viewed,
            "solution_forced": self.solution_forced,
        }

    def restart(self) -> None:
        """After `kata reset`: the work starts again; the first pass stays on record."""
        self.status = "started"
        self.tasks_passed = []

    def hints_revealed(self, task: int) -> int:
        return self.hints.get(str(task), 0)


class Progress:
    """Every kata's record, and the sections other modules own."""

    __slots__ = ("katas", "other")

    def __init__(
        self, katas: dict[str, KataProgress] | None = None, other: dict[str, Any] | None = None
    ) -> None:
        self.katas: dict[str, KataProgress] = katas if katas is not None else {}
        self.other: dict[str, Any] = other if other is not None else {}
        """Top-level sections this module does not own (kept verbatim)."""

    def kata(self, slug: str) -> KataProgress:
        return self.katas.setdefault(slug, KataProgress())

    def status(self, slug: str) -> str:
        entry = self.katas.get(slug)
        return entry.status if entry else "todo"

    def record_check(self, slug: str, passed: bool, tasks_passed: list[int]) -> None:
        entry = self.kata(slug)
        entry.attempts += 1
        entry.last_checked = now_iso()
        entry.tasks_passed = sorted(set(entry.tasks_passed) | set(tasks_passed))
        if passed:
            if entry.status != "done":
                entry.first_passed = entry.first_passed or now_iso()
            entry.status = "done"
        elif entry.status == "todo":
            entry.status = "started"


class ProgressStore:
    """Reads and writes the progress file; `warnings` collects what the learner must be told."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.folder = state_folder(root)
        self.path = os.path.join(self.folder, FILE_NAME)
        self.warnings: list[str] = []
        self.read_only = False
        self.saved = False
        """Whether the last `update` wrote its changes."""

    def read(self) -> Progress:
        """A snapshot for display; never writes (except moving a corrupted file aside)."""
        return self._load()

    @contextlib.contextmanager
    def update(self) -> Iterator[Progress]:
        """Lock, read fresh, let the caller change it, write atomically (once, at the end).
        Where the lock cannot be taken (a read-only folder), the caller still gets the progress
        and the learner a warning; nothing is written."""
        self.saved = False
        with contextlib.ExitStack() as stack:
            try:
                os.makedirs(self.folder, exist_ok=True)
                stack.enter_context(_FileLock(os.path.join(self.folder, "progress.lock")))
            except OSError as exc:
                self.read_only = True
                self.warnings.append(
                    f"Could not lock {self.folder} ({exc.strerror or exc}); progress of this run "
                    "is not saved."
                )
            progress = self._load()
            yield progress
            if not self.read_only:
                self.saved = self._write(progress)

    def _load(self) -> Progress:
        try:
            with open(self.path, encoding="utf-8") as handle:
                raw = handle.read()
        except FileNotFoundError:
            return Progress()
        except OSError as exc:
            self.read_only = True
            self.warnings.append(f"Could not read {self.path} ({exc}); progress will not be saved.")
            return Progress()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("katas", {}), dict):
                raise ValueError("not a progress object")
            version = data.get("version")
            if not isinstance(version, int):
                raise ValueError("no version")
        except ValueError:
            self._move_aside("is corrupted")
            return Progress()
        if version > SCHEMA_VERSION:
            self.read_only = True
            self.warnings.append(
                f"{self.path} was written by a newer version of the runner (format {version}); "
                "it is left untouched and this run's progress is not saved. Update the runner "
                "(git pull) to keep recording progress."
            )
        katas = {str(k): KataProgress.from_dict(v) for k, v in data.get("katas", {}).items()}
        other = {k: v for k, v in data.items() if k not in ("version", "katas")}
        return Progress(katas=katas, other=other)

    def _move_aside(self, why: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = os.path.join(self.folder, f"{FILE_NAME}.corrupt-{stamp}")
        counter = 1
        while os.path.exists(target):
            counter += 1
            target = os.path.join(self.folder, f"{FILE_NAME}.corrupt-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            self.read_only = True
            self.warnings.append(
                f"{self.path} {why} and could not be moved aside ({exc}); progress is not saved."
            )
            return
        self.warnings.append(
            f"{self.path} {why}; it was moved to {os.path.basename(target)} and progress starts "
            "afresh. Your earlier data is in that file."
        )

    def _write(self, progress: Progress) -> bool:
        data: dict[str, Any] = {"version": SCHEMA_VERSION}
        data["katas"] = {slug: entry.to_dict() for slug, entry in sorted(progress.katas.items())}
        data.update(progress.other)
        text = json.dumps(data, indent=2, sort_keys=False) + "\n"
        temp = ""
        try:
            fd, temp = _new_file(self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                if temp:
                    os.unlink(temp)
            self.warnings.append(
                f"Could not save progress ({exc.strerror or exc}); the previous file is intact."
            )
            return False
        return True


def _new_file(folder: str) -> tuple[int, str]:
    """A fresh temporary file next to the progress file (what tempfile.mkstemp does, without
    importing tempfile, shutil and friends on the quick path of `hint`)."""
    for attempt in range(100):
        path = os.path.join(folder, f".progress-{os.getpid()}-{attempt}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name in {folder}")


class _FileLock:
    """An exclusive advisory lock on a file: fcntl on POSIX, msvcrt on Windows."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.handle: IO[bytes] | None = None

    def __enter__(self) -> _FileLock:
        self.handle = open(self.path, "a+b")
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                _lock(self.handle)
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.handle.close()
                    raise TimeoutError(f"another kata process holds {self.path}") from None
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        assert self.handle is not None
        with contextlib.suppress(OSError):
            _unlock(self.handle)
        self.handle.close()


if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
