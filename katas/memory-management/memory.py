"""Reference counting and the cycle collector.

Read README.md first. Each task below is marked with a `# Task N:` header.
Run `./kata check memory-management` to see which tasks pass.
"""

from __future__ import annotations

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
"""


# Task 2: fix the tree that only the cycle collector can free


class Node:
    """A tree node. A parent owns its children; a child only needs to find its parent.

    `node.parent` is the parent Node, or None for a root (and, after the fix, None once the
    parent has been freed). `node.children` is the list of child Nodes.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.parent = None
        self.children = []

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
        raise NotImplementedError

    def get(self, key: Hashable) -> Any:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError


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
    raise NotImplementedError


# Task 5: measure peak memory


def peak_memory(func: Callable[..., object], *args: Any, **kwargs: Any) -> int:
    """Call `func(*args, **kwargs)` and return its peak memory use in bytes, as an int.

    The peak is the most memory allocated at any moment during the call, above what was
    already allocated when the call started, even if it was all freed before returning.
    Use tracemalloc. If tracemalloc was already tracing, keep it tracing, with the traces
    it holds (the caller is measuring something too); if it was not, stop it again
    afterwards, even if `func` raises.
    """
    raise NotImplementedError
