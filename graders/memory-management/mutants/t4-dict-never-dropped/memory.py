"""Reference counting and the cycle collector.

Read README.md first. Each task below is marked with a `# Task N:` header.
Run `kata check memory-management` to see which tasks pass.
"""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from collections.abc import Callable, Hashable
from typing import Any

# Task 1: predict how each line changes a reference count
#
# The snippet below prints, after each step, how far the reference count of `s` is from
# where it started (`base`). Write the lines it prints into ANSWER, without running it.
#
#     import sys
#     import weakref
#
#
#     class Session:
#         pass
#
#
#     s = Session()
#     base = sys.getrefcount(s)
#
#     alias = s
#     print("alias:", sys.getrefcount(s) - base)
#
#     items = [s, s, s]
#     print("list:", sys.getrefcount(s) - base)
#
#     same_items = items
#     print("same list:", sys.getrefcount(s) - base)
#
#     probe = weakref.ref(s)
#     print("weak ref:", sys.getrefcount(s) - base)
#
#     for item in items:
#         pass
#     print("after loop:", sys.getrefcount(s) - base)
#
#     del alias
#     items.clear()
#     print("after del and clear:", sys.getrefcount(s) - base)
#
#     del item
#     print("at the end:", sys.getrefcount(s) - base, probe() is s)

ANSWER = """
alias: 1
list: 4
same list: 4
weak ref: 4
after loop: 5
after del and clear: 1
at the end: 0 True
"""


# Task 2: fix the tree that only the cycle collector can free


class Node:
    """A tree node. A parent owns its children; a child only needs to find its parent.

    `node.parent` is the parent Node, or None for a root (and, after the fix, None once the
    parent has been freed). `node.children` is the list of child Nodes.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._parent: weakref.ref[Node] | None = None
        self.children: list[Node] = []

    @property
    def parent(self) -> Node | None:
        return None if self._parent is None else self._parent()

    @parent.setter
    def parent(self, node: Node | None) -> None:
        self._parent = None if node is None else weakref.ref(node)

    def add_child(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child


# Task 3: a cache that does not keep things alive


class WeakCache:
    """Hand out one shared object per key, for as long as anyone is still using it.

    `get(key)` returns the object already handed out for `key` if it is still alive;
    otherwise it calls `loader(key)` once, remembers the result without keeping it alive,
    and returns it. `len(cache)` is the number of keys whose object is still alive.
    The loader returns objects that support weak references.
    """

    def __init__(self, loader: Callable[[Hashable], Any]) -> None:
        self._loader = loader
        self._alive: weakref.WeakValueDictionary[Hashable, Any] = weakref.WeakValueDictionary()

    def get(self, key: Hashable) -> Any:
        value = self._alive.get(key)
        if value is None:
            value = self._loader(key)
            self._alive[key] = value
        return value

    def __len__(self) -> int:
        return len(self._alive)


# Task 4: find what only the cycle collector frees


def freed_only_by_collector(make_objects: Callable[[], dict[str, object]]) -> list[str]:
    """Return, sorted, the names of the objects that only the cycle collector can free.

    Call `make_objects()` once. It returns a new dict mapping names to objects (all support
    weak references) and keeps no reference to that dict. Let go of every reference you
    hold, then find which objects reference counting did not free but a collection does.
    Automatic collection must be off from before `make_objects()` runs until you have
    looked, so it cannot free anything behind your back; leave it on or off exactly as
    you found it, even if `make_objects()` raises.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        objects = make_objects()
        probes = {name: weakref.ref(obj) for name, obj in objects.items()}
        survivors = [name for name, probe in probes.items() if probe() is not None]
        gc.collect()
        return sorted(name for name in survivors if probes[name]() is None)
    finally:
        if was_enabled:
            gc.enable()


# Task 5: measure peak memory


def peak_memory(func: Callable[..., object], *args: Any, **kwargs: Any) -> int:
    """Call `func(*args, **kwargs)` and return its peak memory use in bytes, as an int.

    The peak is the most memory allocated at any moment during the call, above what was
    already allocated when the call started, even if it was all freed before returning.
    Use tracemalloc. If tracemalloc was already tracing, keep it tracing, with the traces
    it holds (the caller is measuring something too); if it was not, stop it again
    afterwards, even if `func` raises.
    """
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        func(*args, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return max(0, peak - baseline)
