"""Design patterns, the Python way: most of them shrink to a function, a dict or a `with` block."""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from contextlib import contextmanager

# ---------------------------------------------------------------------------------------------
# Task 1: Strategy with first-class functions
# ---------------------------------------------------------------------------------------------
# Prices are whole cents (int). A pricing strategy is any callable: subtotal -> price to pay.


def no_discount(subtotal: int) -> int:
    """The default strategy: pay the full price. (Already written.)"""
    return subtotal


def percent_off(percent: int) -> Callable[[int], int]:
    """Return a strategy that takes `percent` % off the subtotal.

    The discount is rounded down to whole cents: percent_off(15)(999) == 850 (149 cents off).
    A percent outside 0..100 raises ValueError at once, when the strategy is made, not later
    when someone happens to use it.
    """
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be between 0 and 100, not {percent!r}")

    def strategy(subtotal: int) -> int:
        return subtotal - subtotal * percent // 100

    return strategy


def best_price(subtotal: int, strategies: Iterable[Callable[[int], int]]) -> int:
    """The lowest price that any of `strategies` offers for `subtotal`.

    Any callable is a strategy: a function, a lambda, an object with __call__. `strategies` can
    be any iterable, a generator included. Paying the full price is always possible, so the
    result is never above `subtotal`, and with no strategies at all it is `subtotal`.
    """
    return min([subtotal, *(strategy(subtotal) for strategy in strategies)])


# ---------------------------------------------------------------------------------------------
# Task 2: fix the bug — an observer that misses events
# ---------------------------------------------------------------------------------------------
class Subject:
    """Observers are callables; notify(*args) calls each of them with those arguments.

    notify delivers the event to the observers that were subscribed when it started, in the
    order they subscribed. An observer may unsubscribe itself (or another observer), or
    subscribe another observer, while it is being notified. Such changes take effect from the
    next event: everyone subscribed when notify started gets this event, even one unsubscribed
    meanwhile, and an observer subscribed during delivery first hears the next event.
    """

    def __init__(self) -> None:
        self._observers: list[Callable[..., object]] = []

    def subscribe(self, observer: Callable[..., object]) -> None:
        self._observers.append(observer)

    def unsubscribe(self, observer: Callable[..., object]) -> None:
        self._observers.remove(observer)

    def notify(self, *args: object) -> None:
        for observer in list(self._observers):  # a snapshot: changes apply from the next event
            observer(*args)


# ---------------------------------------------------------------------------------------------
# Task 3: a factory registry
# ---------------------------------------------------------------------------------------------
REGISTRY: dict[str, type] = {}


def register(kind: str):
    """A class decorator: `@register("csv")` above a class files it in REGISTRY under "csv".

    The decorator gives back the class itself, so the name still refers to the class.
    Registering a second class under a kind that is already taken raises ValueError (and keeps
    the first): two plugins fighting over a name is a bug to report, not to hide.
    """

    def decorator(cls: type) -> type:
        REGISTRY[kind] = cls
        return cls

    return decorator


def create(kind: str, /, *args: object, **kwargs: object) -> object:
    """Build an instance of the class registered under `kind`, passing *args and **kwargs on.

    An unknown kind raises ValueError whose message names the unknown kind and lists the
    registered ones, so a typo in a config file explains itself.
    """
    try:
        cls = REGISTRY[kind]
    except KeyError:
        known = ", ".join(sorted(REGISTRY)) or "none yet"
        raise ValueError(f"unknown kind {kind!r}; registered kinds: {known}") from None
    return cls(*args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Task 4: an abstract interface with abc
# ---------------------------------------------------------------------------------------------
class Storage(ABC):
    """The interface of every storage backend: save(key, data) and load(key).

    Make it abstract: Storage() itself, and any subclass that does not define both save and
    load, must refuse to be instantiated (TypeError). copy() is a concrete helper that every
    backend inherits as it is.
    """

    @abstractmethod
    def save(self, key: str, data: bytes) -> None: ...

    @abstractmethod
    def load(self, key: str) -> bytes: ...

    def copy(self, source: str, target: str) -> None:
        """Store under `target` what is stored under `source`. (Already written.)"""
        self.save(target, self.load(source))


class MemoryStorage(Storage):
    """A Storage that keeps the data in memory. Each instance has its own data.

    load() of a key that was never saved raises KeyError.
    """

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def save(self, key: str, data: bytes) -> None:
        self._data[key] = data

    def load(self, key: str) -> bytes:
        return self._data[key]


# ---------------------------------------------------------------------------------------------
# Task 5: fix the bug — a context manager that leaks connections
# ---------------------------------------------------------------------------------------------
class Pool:
    """A tiny connection pool to try pooled() by hand. (Already written; the grader has its own.)"""

    def __init__(self, size: int = 2) -> None:
        self.free = [f"connection-{n}" for n in range(size)]

    def acquire(self) -> str:
        if not self.free:
            raise RuntimeError("pool exhausted: every connection is borrowed")
        return self.free.pop()

    def release(self, connection: str) -> None:
        self.free.append(connection)


@contextmanager
def pooled(pool):
    """Borrow a connection for the length of a `with` block: `with pooled(pool) as conn:`.

    Calls pool.acquire() on entry and gives its result to the block; when the block ends, the
    connection goes back with pool.release(conn), exactly once. An error raised in the block
    still reaches the caller. If acquire() itself fails, there is nothing to release.
    """
    connection = pool.acquire()
    try:
        yield connection
    finally:
        pool.release(connection)


# ---------------------------------------------------------------------------------------------
# Task 6: observers that do not keep their listeners alive
# ---------------------------------------------------------------------------------------------
class WeakSubject:
    """Like Subject, but subscribing does not keep an observer alive.

    subscribe(observer) accepts a plain function or a bound method (`listener.on_event`) and
    holds it weakly: once nothing else refers to the function (or to the listener object), it
    quietly drops out. notify(*args) calls the live observers in subscription order and skips
    the dead ones. unsubscribe(observer) removes an observer (pass the same function, or
    `listener.on_event` again). len(subject) is the number of live observers.
    """

    def __init__(self) -> None:
        self._refs: list[weakref.ref] = []

    def subscribe(self, observer: Callable[..., object]) -> None:
        # A bound method is a new object each time `obj.method` is evaluated: a plain weak
        # reference to it would die at once. WeakMethod refers weakly to obj and its function.
        if hasattr(observer, "__self__") and hasattr(observer, "__func__"):
            self._refs.append(weakref.WeakMethod(observer))
        else:
            self._refs.append(weakref.ref(observer))

    def unsubscribe(self, observer: Callable[..., object]) -> None:
        # Bound methods compare equal (same object, same function) but are never identical.
        self._refs = [ref for ref in self._refs if ref() != observer]

    def _live(self) -> list[Callable[..., object]]:
        self._refs = [ref for ref in self._refs if ref() is not None]
        return [observer for ref in self._refs if (observer := ref()) is not None]

    def notify(self, *args: object) -> None:
        for observer in self._live():
            observer(*args)

    def __len__(self) -> int:
        return len(self._live())
