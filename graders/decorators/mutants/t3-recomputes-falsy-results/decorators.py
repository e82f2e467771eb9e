"""Decorators kata: edit this file, then run `./kata check decorators`.

Five tasks, easiest first. Each one is graded on its own, so you can stop at any point.
"""

import functools

# ---------------------------------------------------------------------------------------------
# Task 1: Predict the output
#
# This is the interview guide's example with two extra prints. Read it, do not run it, and write
# in ANSWER exactly what it prints, one line per print, top to bottom.
#
#     def my_decorator(func):
#         print(f"decorating {func.__name__}")
#
#         def wrapper():
#             print("Before")
#             func()
#             print("After")
#
#         return wrapper
#
#
#     @my_decorator
#     def say_hello():
#         print("Hello")
#
#
#     print("defined")
#     say_hello()
#     print(say_hello.__name__)
#
# ---------------------------------------------------------------------------------------------

ANSWER = """
decorating say_hello
defined
Before
Hello
After
wrapper
"""


# ---------------------------------------------------------------------------------------------
# Task 2: Count calls without hiding the function
# ---------------------------------------------------------------------------------------------


def count_calls(func):
    """Decorator: count how many times `func` is called.

    The returned wrapper:
    - accepts any positional and keyword arguments, passes them on to `func` unchanged and
      returns whatever `func` returns;
    - has an attribute `calls`: 0 right after decoration, one more for every call, including
      a call that raises. Every wrapper count_calls returns keeps its own count, even when the
      same function is decorated twice;
    - still looks like `func` from the outside: same `__name__`, `__qualname__`, `__doc__` and
      `__module__`, and `inspect.signature(wrapper)` shows `func`'s parameters.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


# ---------------------------------------------------------------------------------------------
# Task 3: Memoize, keyword arguments included
# ---------------------------------------------------------------------------------------------


def memoize(func):
    """Decorator: remember results so `func` runs at most once per distinct set of arguments.

    - Calls are told apart by their positional AND keyword arguments (names and values):
      `area(2, height=3)` and `area(2, height=4)` are different calls; so are
      `pick(a=1)` and `pick(b=1)`. A positional argument never matches a keyword one, whatever
      its value: `f(("a", 1))` and `f(a=1)` are different calls too.
    - Every result is remembered, including None, 0 and other falsy values.
    - Each decorated function has its own memory.
    - The wrapper keeps `func`'s name and docstring.
    You may assume all arguments are hashable. Build the cache yourself rather than reaching for
    functools.cache: the point is to design the key (afterwards, compare yours with theirs).
    """
    cache = {}

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        cached = cache.get(key)
        if cached:
            return cached
        cache[key] = func(*args, **kwargs)
        return cache[key]

    return wrapper


# ---------------------------------------------------------------------------------------------
# Task 4: A decorator with arguments: retry
# ---------------------------------------------------------------------------------------------


def retry(times, exceptions=Exception):
    """Decorator factory, used as `@retry(3)` or
    `@retry(times=3, exceptions=(ConnectionError, TimeoutError))`.

    - `times` is the total number of attempts per call (at least 1). `retry(0)` is a mistake:
      the call `retry(0)` itself must raise ValueError, before it is applied to any function
      (not when it decorates a function, and not later when the function runs).
    - `exceptions` is an exception class or a tuple of them. Only those are retried; any other
      exception propagates at once, without another attempt.
    - The first successful attempt's return value is returned. If every attempt fails, the
      exception raised by the LAST attempt propagates (the same exception object).
    - Every call gets the full number of attempts, however earlier calls went.
    - Arguments are passed through unchanged, and the wrapper keeps `func`'s name and docstring.
    """
    if times < 1:
        raise ValueError(f"retry needs at least one attempt, got times={times!r}")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise
            raise AssertionError("unreachable")

        return wrapper

    return decorator


# ---------------------------------------------------------------------------------------------
# Task 5: A registry that classes sign up to
# ---------------------------------------------------------------------------------------------


class Registry:
    """A named collection of plugins (classes or functions), filled by decorating them.

        readers = Registry()

        @readers.register              # registered as "JsonReader" (its own __name__)
        class JsonReader: ...

        @readers.register("csv")       # registered as "csv"
        class CsvReader: ...

        readers["csv"] is CsvReader    # True: the decorated name still refers to the class
    """

    def __init__(self):
        self._entries = {}

    def __contains__(self, name):
        return name in self._entries

    def __getitem__(self, name):
        return self._entries[name]

    def names(self):
        """Registered names, in the order they were registered."""
        return list(self._entries)

    def register(self, name=None):
        """Register a class or function: usable as `@reg.register`, `@reg.register()` and
        `@reg.register("name")`. All three forms work on functions as well as on classes.

        - Registration happens when the decorator is applied (at import time), not later.
        - Without a name, the object's own `__name__` is used.
        - The decorated object itself is returned, unchanged.
        - A name that is already taken raises ValueError, and the first registration stays.
        """
        if callable(name):  # used bare: @reg.register
            return self._add(name.__name__, name)

        def decorator(obj):
            return self._add(obj.__name__ if name is None else name, obj)

        return decorator

    def _add(self, name, obj):
        if name in self._entries:
            raise ValueError(f"{name!r} is already registered to {self._entries[name]!r}")
        self._entries[name] = obj
        return obj
