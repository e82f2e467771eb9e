"""Shallow vs deep copy: what a copy shares with the original, and how a class takes control.

Work through the tasks in order; `./kata check copying` grades them. The README explains each.
(The file is not called copy.py on purpose: that name would hide the standard library's copy.)
"""

from __future__ import annotations

import copy
import threading
from typing import Any

# ---------------------------------------------------------------------------------------------
# Task 1: predict the output
#
# Read this snippet (do not run it), then write in ANSWER exactly what it prints, line by line.
#
#     import copy
#
#     a = [[1, 2], [3, 4]]
#     b = copy.copy(a)
#     c = copy.deepcopy(a)
#     a[0][0] = 99
#     a.append([5, 6])
#     print(b)
#     print(c)
#     print(b[1] is a[1], c[1] is a[1])
# ---------------------------------------------------------------------------------------------

ANSWER = """
[[99, 2], [3, 4]]
[[1, 2], [3, 4]]
True False
"""


# ---------------------------------------------------------------------------------------------
# Task 2: fix the shallow-copy bug
#
# The first call works. After it, DEFAULTS is no longer what it was, and later calls get the
# earlier caller's settings.
# ---------------------------------------------------------------------------------------------

DEFAULTS: dict[str, dict[str, Any]] = {
    "database": {"host": "localhost", "port": 5432},
    "cache": {"backend": "memory", "ttl": 60},
    "features": {"beta": False},
}


def build_config(overrides: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """DEFAULTS with `overrides` applied on top, section by section.

    build_config({"database": {"port": 6543}}) keeps the default host and changes the port.
    DEFAULTS never changes, and the returned config belongs to the caller: changing anything
    in it must not affect DEFAULTS or what any later call returns.
    """
    config = copy.deepcopy(DEFAULTS)
    for section, values in overrides.items():
        config.setdefault(section, {}).update(values)
    return config


# ---------------------------------------------------------------------------------------------
# Task 3: __copy__ and __deepcopy__ for an object holding resources
# ---------------------------------------------------------------------------------------------


class Repository:
    """Reads records through a database connection.

    - `connection` is a live connection from a pool. Every copy uses the same one: it must be
      shared, never copied (copying a socket fails, and a second pool would be a leak).
    - `lock` guards this repository's own state. Every copy, shallow or deep, gets its own new,
      unlocked threading.Lock.
    - `filters` is the repository's data (a dict of lists). copy.copy shares it, like any shallow
      copy; copy.deepcopy gives the copy its own, as deep as it goes. The data may lead back
      to this repository (a list that holds it, say): in the deep copy it leads to the copy.
    """

    def __init__(self, connection: object, filters: dict[str, list[Any]] | None = None) -> None:
        self.connection = connection
        self.lock = threading.Lock()
        self.filters: dict[str, list[Any]] = filters if filters is not None else {}

    def __copy__(self) -> Repository:
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        return clone

    def __deepcopy__(self, memo: dict[int, Any]) -> Repository:
        clone = type(self).__new__(type(self))
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            if name == "connection":
                clone.connection = value
            elif name == "lock":
                clone.lock = threading.Lock()
            else:
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone


# ---------------------------------------------------------------------------------------------
# Task 4: fix deep copying of a workflow that loops back
#
# Copying a straight workflow works. Copying one that loops back (a retry step pointing at an
# earlier step) crashes with RecursionError.
# ---------------------------------------------------------------------------------------------


class Step:
    """One step of a workflow; `next_steps` are the steps that may follow it."""

    def __init__(self, name: str, executor: object) -> None:
        self.name = name
        self.executor = executor  # the thread pool that runs steps: shared by every copy
        self.next_steps: list[Step] = []

    def then(self, step: Step) -> Step:
        """Add `step` after this one and return it, so links can be chained."""
        self.next_steps.append(step)
        return step

    def __deepcopy__(self, memo: dict[int, Any]) -> Step:
        clone = Step.__new__(Step)
        clone.name = self.name
        clone.executor = self.executor
        memo[id(self)] = clone
        clone.next_steps = [copy.deepcopy(step, memo) for step in self.next_steps]
        return clone
