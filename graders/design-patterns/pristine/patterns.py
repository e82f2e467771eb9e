"""Design patterns, the Python way: most of them shrink to a function, a dict or a `with` block."""

from __future__ import annotations

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
    raise NotImplementedError


def best_price(subtotal: int, strategies: Iterable[Callable[[int], int]]) -> int:
    """The lowest price that any of `strategies` offers for `subtotal`.

    Any callable is a strategy: a function, a lambda, an object with __call__. `strategies` can
    be any iterable, a generator included. Paying the full price is always possible, so the
    result is never above `subtotal`, and with no strategies at all it is `subtotal`.
    """
    raise NotImplementedError


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
        for observer in self._observers:
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
    raise NotImplementedError


def create(kind: str, /, *args: object, **kwargs: object) -> object:
    """Build an instance of the class registered under `kind`, passing *args and **kwargs on.

    An unknown kind raises ValueError whose message names the unknown kind and lists the
    registered ones, so a typo in a config file explains itself.
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# Task 4: an abstract interface with abc
# ---------------------------------------------------------------------------------------------
class Storage:
    """The interface of every storage backend: save(key, data) and load(key).

    Make it abstract: Storage() itself, and any subclass that does not define both save and
    load, must refuse to be instantiated (TypeError). copy() is a concrete helper that every
    backend inherits as it is.
    """

    def save(self, key: str, data: bytes) -> None:
        raise NotImplementedError

    def load(self, key: str) -> bytes:
        raise NotImplementedError

    def copy(self, source: str, target: str) -> None:
        """Store under `target` what is stored under `source`. (Already written.)"""
        self.save(target, self.load(source))


class MemoryStorage(Storage):
    """A Storage that keeps the data in memory. Each instance has its own data.

    load() of a key that was never saved raises KeyError.
    """

    def save(self, key: str, data: bytes) -> None:
        raise NotImplementedError

    def load(self, key: str) -> bytes:
        raise NotImplementedError


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
    yield connection
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
    `listener.on_event` again); for one that was never subscribed, raising ValueError (as
    Subject does) and doing nothing are both fine. len(subject) is the number of live observers.
    """

    def __init__(self) -> None:
        pass

    def subscribe(self, observer: Callable[..., object]) -> None:
        raise NotImplementedError

    def unsubscribe(self, observer: Callable[..., object]) -> None:
        raise NotImplementedError

    def notify(self, *args: object) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError
