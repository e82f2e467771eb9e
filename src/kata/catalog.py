"""The catalog: every kata's metadata, read from `katas/<slug>/kata.toml` into typed objects.

This module owns the kata.toml format (documented field by field in docs/AUTHORING.md). A broken
file raises `CatalogError` naming the file and the field, so an author knows what to fix.

Every command loads the catalog, so loading stays on the quick path (see kata.paths): folders
are os.path strings, and the classes are written out by hand rather than made by @dataclass,
whose code generation costs about a millisecond per class at every start.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kata.paths import as_path, state_folder

if TYPE_CHECKING:
    from pathlib import Path

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


class Task:
    """One graded step of a kata: tests marked ``@pytest.mark.task(number)`` belong to it."""

    __slots__ = ("hints", "kind", "min_python", "number", "points", "title")

    def __init__(self, number: int, title: str, kind: str, hints: tuple[str, ...],
                 points: int = 1, min_python: tuple[int, int] | None = None) -> None:
        self.number = number
        """1-based position in kata.toml's [[tasks]] list."""
        self.title = title
        self.kind = kind
        """implement | fix | predict | explain."""
        self.hints = hints
        """Exactly three, from a nudge to almost the answer."""
        self.points = points
        self.min_python = min_python
        """The oldest Python the task runs on; older ones show it as unavailable."""

    def __repr__(self) -> str:
        return f"Task({self.number}, {self.title!r})"

    def available(self, version: tuple[int, int] | None = None) -> bool:
        running = version or (sys.version_info.major, sys.version_info.minor)
        return self.min_python is None or running >= self.min_python

    def with_points(self, points: int) -> Task:
        return Task(self.number, self.title, self.kind, self.hints, points, self.min_python)


class Kata:
    """A kata folder and its metadata."""

    __slots__ = ("concept", "difficulty", "files", "folder_dir", "grader_dir", "memory_limit",
                 "min_python", "order", "slug", "summary", "talking_points", "tasks",
                 "time_limit", "title")

    def __init__(self, slug: str, title: str, concept: str, summary: str, order: int,
                 difficulty: str, files: tuple[str, ...], tasks: tuple[Task, ...],
                 talking_points: tuple[str, ...], folder_dir: str, grader_dir: str,
                 time_limit: float = DEFAULT_TIME_LIMIT, memory_limit: int = DEFAULT_MEMORY_LIMIT,
                 min_python: tuple[int, int] | None = None) -> None:
        self.slug = slug
        self.title = title
        self.concept = concept
        """The interview-guide concept; accepted wherever a slug is."""
        self.summary = summary
        """The concept in two lines."""
        self.order = order
        self.difficulty = difficulty
        self.files = files
        self.tasks = tasks
        self.talking_points = talking_points
        self.folder_dir = folder_dir
        """katas/<slug>, as a string (see `folder` for a Path)."""
        self.grader_dir = grader_dir
        """graders/<slug>, as a string (see `grader_folder` for a Path)."""
        self.time_limit = time_limit
        """Seconds per test."""
        self.memory_limit = memory_limit
        """Megabytes of address space for the grading process, where the OS can cap it."""
        self.min_python = min_python

    def __repr__(self) -> str:
        return f"Kata({self.slug!r})"

    @property
    def folder(self) -> Path:
        return as_path(self.folder_dir)

    @property
    def grader_folder(self) -> Path:
        return as_path(self.grader_dir)

    @property
    def max_score(self) -> int:
        return sum(task.points for task in self.tasks if task.available())

    def available(self, version: tuple[int, int] | None = None) -> bool:
        running = version or (sys.version_info.major, sys.version_info.minor)
        return self.min_python is None or running >= self.min_python

    def stub_files(self) -> list[str]:
        """The files the learner edits, as strings (`stub_paths` for Paths)."""
        return [os.path.join(self.folder_dir, name) for name in self.files]

    def stub_paths(self) -> list[Path]:
        return [as_path(file) for file in self.stub_files()]

    def task(self, number: int) -> Task:
        for task in self.tasks:
            if task.number == number:
                return task
        raise KeyError(number)

    def with_points(self, points: list[int]) -> Kata:
        """A copy whose tasks carry these points (one per task, in order)."""
        tasks = tuple(t.with_points(p) for t, p in zip(self.tasks, points, strict=True))
        return Kata(self.slug, self.title, self.concept, self.summary, self.order,
                    self.difficulty, self.files, tasks, self.talking_points, self.folder_dir,
                    self.grader_dir, self.time_limit, self.memory_limit, self.min_python)


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

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        """Files read in this run: only these are saved, so entries of moved or deleted
        files do not pile up and slow down every later start."""
        self.dirty = False
        if path is None:
            return
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == self.VERSION:
            entries = data.get("files")
            self.entries = entries if isinstance(entries, dict) else {}

    def read(self, path: str) -> dict[str, Any]:
        """The parsed file; raises CatalogError naming the file when it is missing or bad."""
        try:
            stat = os.stat(path)
        except FileNotFoundError as exc:
            raise CatalogError(f"{path}: file is missing") from exc
        # ctime too: an edit whose old mtime was put back (cp -p, rsync -t, an unpacked
        # archive) still changes it on POSIX; on Windows it is the creation time, harmless.
        stamp = [stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns]
        self.used.add(path)
        entry = self.entries.get(path)
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            data = entry.get("data")
            if isinstance(data, dict):
                return data
        from kata.compat import tomllib

        try:
            with open(path, encoding="utf-8") as handle:
                parsed: dict[str, Any] = tomllib.loads(handle.read())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: not valid TOML ({exc})") from exc
        self.entries[path] = {"stamp": stamp, "data": parsed}
        self.dirty = True
        return parsed

    def save(self) -> None:
        stale = self.entries.keys() - self.used
        if not (self.dirty or stale) or self.path is None:
            return
        try:
            kept = {where: self.entries[where] for where in self.used if where in self.entries}
            text = json.dumps({"version": self.VERSION, "files": kept})
            folder, name = os.path.split(self.path)
            os.makedirs(folder, exist_ok=True)
            temp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
            with open(temp, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, self.path)
        except (OSError, TypeError, ValueError):
            pass  # only a cache


def load_kata(
    folder: str | os.PathLike[str], graders_root: str | os.PathLike[str],
    cache: TomlCache | None = None,
) -> Kata:
    """Read and validate one kata folder's kata.toml."""
    folder = os.fspath(folder)
    path = os.path.join(folder, "kata.toml")
    where = path
    data = (cache or TomlCache(None)).read(path)
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise CatalogError(
            f"{where}: field `format_version` must be {FORMAT_VERSION} (found {version!r}); "
            "this runner may be older than the kata"
        )
    slug = os.path.basename(folder.rstrip("/\\"))
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
        if os.path.isabs(name) or ".." in re.split(r"[\\/]", name):
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
        folder_dir=folder,
        grader_dir=os.path.join(graders_root, slug),
        time_limit=float(time_limit),
        memory_limit=memory_limit,
        min_python=_version(data.get("min_python"), where, "min_python"),
    )


class Catalog:
    """Every kata under a root, in curriculum order."""

    __slots__ = ("katas", "root")

    def __init__(self, root: str | os.PathLike[str], katas: list[Kata]) -> None:
        self.root = root
        self.katas = katas

    @classmethod
    def load(
        cls, root: str | os.PathLike[str], graders_root: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
    ) -> Catalog:
        katas_root = os.path.join(root, "katas")
        graders = os.fspath(graders_root or os.path.join(root, "graders"))
        folders = sorted(
            entry.path for entry in os.scandir(katas_root)
            if os.path.isfile(os.path.join(entry.path, "kata.toml"))
        )
        cache_file = os.path.join(state_folder(root), "cache", "toml.json")
        cache = TomlCache(cache_file if use_cache else None)
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


def classroom_points(
    root: str | os.PathLike[str], cache: TomlCache | None = None
) -> dict[str, list[int]]:
    """Points per task chosen by a teacher at `kata dist` time (classroom.toml), if any."""
    path = os.path.join(root, "classroom.toml")
    if not os.path.isfile(path):
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
    return kata.with_points(points)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
