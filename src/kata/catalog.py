"""The catalog: every kata's metadata, read from `katas/<slug>/kata.toml` into typed dataclasses.

This module owns the kata.toml format (documented field by field in docs/AUTHORING.md). A broken
file raises `CatalogError` naming the file and the field, so an author knows what to fix.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
KINDS = ("implement", "fix", "predict", "explain")
DIFFICULTIES = ("easy", "medium", "hard")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEFAULT_TIME_LIMIT = 5.0
DEFAULT_MEMORY_LIMIT = 2048


class CatalogError(Exception):
    """kata.toml is missing, unreadable or has a bad field (the message names file and field)."""


class UnknownKataError(Exception):
    """A slug, concept or prefix that matches no kata, or more than one."""

    def __init__(self, query: str, suggestions: list[str], ambiguous: bool = False) -> None:
        self.query = query
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        super().__init__(query)


@dataclass(frozen=True)
class Task:
    """One graded step of a kata: tests marked ``@pytest.mark.task(number)`` belong to it."""

    number: int
    """1-based position in kata.toml's [[tasks]] list."""
    title: str
    kind: str
    """implement | fix | predict | explain."""
    hints: tuple[str, ...]
    """Exactly three, from a nudge to almost the answer."""
    points: int = 1
    min_python: tuple[int, int] | None = None
    """The oldest Python the task runs on; older ones show it as unavailable."""

    def available(self, version: tuple[int, int] | None = None) -> bool:
        running = version or (sys.version_info.major, sys.version_info.minor)
        return self.min_python is None or running >= self.min_python


@dataclass(frozen=True)
class Kata:
    """A kata folder and its metadata."""

    slug: str
    title: str
    concept: str
    """The interview-guide concept; accepted wherever a slug is."""
    summary: str
    """The concept in two lines."""
    order: int
    difficulty: str
    files: tuple[str, ...]
    tasks: tuple[Task, ...]
    talking_points: tuple[str, ...]
    folder: Path
    grader_folder: Path
    time_limit: float = DEFAULT_TIME_LIMIT
    """Seconds per test."""
    memory_limit: int = DEFAULT_MEMORY_LIMIT
    """Megabytes of address space for the grading process, where the OS can cap it."""
    min_python: tuple[int, int] | None = None

    @property
    def max_score(self) -> int:
        return sum(task.points for task in self.tasks if task.available())

    def available(self, version: tuple[int, int] | None = None) -> bool:
        running = version or (sys.version_info.major, sys.version_info.minor)
        return self.min_python is None or running >= self.min_python

    def stub_paths(self) -> list[Path]:
        return [self.folder / name for name in self.files]

    def task(self, number: int) -> Task:
        for task in self.tasks:
            if task.number == number:
                return task
        raise KeyError(number)


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise CatalogError(f"{where}: missing required field `{key}`")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise CatalogError(f"{where}: field `{key}` must be a {names}, not {value!r}")
    return value


def python_version(value: Any) -> tuple[int, int] | None:
    """ "3.11" -> (3, 11); raises ValueError for anything else (None stays None)."""
    if value is None:
        return None
    match = re.fullmatch(r"3\.(\d+)", str(value))
    if not match:
        raise ValueError(f'a Python version looks like "3.11", not {value!r}')
    return (3, int(match.group(1)))


def _version(value: Any, where: str, key: str) -> tuple[int, int] | None:
    try:
        return python_version(value)
    except ValueError as exc:
        raise CatalogError(f"{where}: field `{key}`: {exc}") from exc


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(f"{where}: field `{key}` must be a list of non-empty strings")
    return tuple(value)


def _task(number: int, data: Any, where: str) -> Task:
    here = f"{where} [[tasks]] #{number}"
    if not isinstance(data, dict):
        raise CatalogError(f"{here}: must be a table")
    kind = _field(data, "kind", str, here)
    if kind not in KINDS:
        raise CatalogError(f"{here}: field `kind` must be one of {', '.join(KINDS)}, not {kind!r}")
    hints = _strings(data.get("hints"), here, "hints")
    points = data.get("points", 1)
    if not isinstance(points, int) or isinstance(points, bool) or points < 0:
        raise CatalogError(f"{here}: field `points` must be a non-negative integer")
    return Task(
        number=number,
        title=_field(data, "title", str, here),
        kind=kind,
        hints=hints,
        points=points,
        min_python=_version(data.get("min_python"), here, "min_python"),
    )


class TomlCache:
    """Parsed TOML files kept as JSON in `.kata/cache/`, keyed by path, size and mtime.

    Every command reads every kata.toml; parsing them (and importing tomllib) is most of what
    `kata list` does beyond starting up. A stale or unreadable cache is simply ignored.
    """

    VERSION = 1

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.dirty = False
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == self.VERSION:
            entries = data.get("files")
            self.entries = entries if isinstance(entries, dict) else {}

    def read(self, path: Path) -> dict[str, Any]:
        """The parsed file; raises CatalogError naming the file when it is missing or bad."""
        where = str(path)
        try:
            stat = path.stat()
        except FileNotFoundError as exc:
            raise CatalogError(f"{where}: file is missing") from exc
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = self.entries.get(where)
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            data = entry.get("data")
            if isinstance(data, dict):
                return data
        from kata.compat import tomllib

        try:
            parsed: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{where}: not valid TOML ({exc})") from exc
        self.entries[where] = {"stamp": stamp, "data": parsed}
        self.dirty = True
        return parsed

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        try:
            text = json.dumps({"version": self.VERSION, "files": self.entries})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, self.path)
        except (OSError, TypeError, ValueError):
            pass  # only a cache


def load_kata(folder: Path, graders_root: Path, cache: TomlCache | None = None) -> Kata:
    """Read and validate one kata folder's kata.toml."""
    path = folder / "kata.toml"
    where = str(path)
    data = (cache or TomlCache(None)).read(path)
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise CatalogError(
            f"{where}: field `format_version` must be {FORMAT_VERSION} (found {version!r}); "
            "this runner may be older than the kata"
        )
    slug = folder.name
    if not SLUG_PATTERN.match(slug):
        raise CatalogError(f"{where}: folder name {slug!r} is not a slug (lowercase-with-hyphens)")
    difficulty = _field(data, "difficulty", str, where)
    if difficulty not in DIFFICULTIES:
        raise CatalogError(f"{where}: field `difficulty` must be one of {', '.join(DIFFICULTIES)}")
    tasks_data = _field(data, "tasks", list, where)
    if not tasks_data:
        raise CatalogError(f"{where}: needs at least one [[tasks]] table")
    time_limit = data.get("time_limit", DEFAULT_TIME_LIMIT)
    if not isinstance(time_limit, (int, float)) or isinstance(time_limit, bool) or time_limit <= 0:
        raise CatalogError(f"{where}: field `time_limit` must be a positive number of seconds")
    memory_limit = data.get("memory_limit", DEFAULT_MEMORY_LIMIT)
    if not isinstance(memory_limit, int) or isinstance(memory_limit, bool) or memory_limit < 256:
        raise CatalogError(f"{where}: field `memory_limit` must be an integer of at least 256 (MB)")
    files = _strings(_field(data, "files", list, where), where, "files")
    for name in files:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise CatalogError(f"{where}: field `files` must name files inside the kata folder")
    return Kata(
        slug=slug,
        title=_field(data, "title", str, where),
        concept=_field(data, "concept", str, where),
        summary=_field(data, "summary", str, where).strip(),
        order=_field(data, "order", int, where),
        difficulty=difficulty,
        files=files,
        tasks=tuple(_task(n, t, where) for n, t in enumerate(tasks_data, start=1)),
        talking_points=_strings(data.get("talking_points", []), where, "talking_points"),
        folder=folder,
        grader_folder=graders_root / slug,
        time_limit=float(time_limit),
        memory_limit=memory_limit,
        min_python=_version(data.get("min_python"), where, "min_python"),
    )


@dataclass
class Catalog:
    """Every kata under a root, in curriculum order."""

    root: Path
    katas: list[Kata]

    @classmethod
    def load(cls, root: Path, graders_root: Path | None = None, use_cache: bool = True) -> Catalog:
        katas_root = root / "katas"
        graders = graders_root or root / "graders"
        folders = sorted(p for p in katas_root.iterdir() if (p / "kata.toml").is_file())
        cache = TomlCache(root / ".kata" / "cache" / "toml.json" if use_cache else None)
        katas = [load_kata(folder, graders, cache) for folder in folders]
        points = classroom_points(root, cache)
        cache.save()
        katas = [with_points(k, points[k.slug]) if k.slug in points else k for k in katas]
        katas.sort(key=lambda k: (k.order, k.slug))
        return cls(root=root, katas=katas)

    def __iter__(self) -> Iterator[Kata]:
        return iter(self.katas)

    def get(self, slug: str) -> Kata | None:
        return next((k for k in self.katas if k.slug == slug), None)

    def resolve(self, query: str) -> Kata:
        """A kata by slug, concept name (any case) or unambiguous slug prefix."""
        wanted = query.strip()
        lowered = wanted.lower()
        exact = self.get(lowered)
        if exact:
            return exact
        by_concept = [k for k in self.katas if _norm(k.concept) == _norm(wanted)]
        if len(by_concept) == 1:
            return by_concept[0]
        by_prefix = [k for k in self.katas if k.slug.startswith(lowered)] if lowered else []
        if len(by_prefix) == 1:
            return by_prefix[0]
        if len(by_prefix) > 1:
            raise UnknownKataError(query, [k.slug for k in by_prefix], ambiguous=True)
        import difflib

        names = [k.slug for k in self.katas] + [k.concept for k in self.katas]
        close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
        close += difflib.get_close_matches(lowered, [n.lower() for n in names], n=3, cutoff=0.5)
        suggestions: list[str] = []
        for name in close:
            kata = self.get(name) or next(
                (k for k in self.katas if _norm(k.concept) == _norm(name)), None
            )
            if kata and kata.slug not in suggestions:
                suggestions.append(kata.slug)
        raise UnknownKataError(query, suggestions[:3])


def classroom_points(root: Path, cache: TomlCache | None = None) -> dict[str, list[int]]:
    """Points per task chosen by a teacher at `kata dist` time (classroom.toml), if any."""
    path = root / "classroom.toml"
    if not path.is_file():
        return {}
    data = (cache or TomlCache(None)).read(path)
    points = data.get("points", {})
    if not isinstance(points, dict) or not all(
        isinstance(v, list) and all(isinstance(n, int) and n >= 0 for n in v)
        for v in points.values()
    ):
        raise CatalogError(f"{path}: field `points` must map slugs to lists of integers")
    return {str(k): list(v) for k, v in points.items()}


def with_points(kata: Kata, points: list[int]) -> Kata:
    if len(points) != len(kata.tasks):
        raise CatalogError(
            f"classroom.toml: {kata.slug} has {len(kata.tasks)} tasks, "
            f"but {len(points)} point values"
        )
    tasks = tuple(dataclasses.replace(t, points=p) for t, p in zip(kata.tasks, points, strict=True))
    return dataclasses.replace(kata, tasks=tasks)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
