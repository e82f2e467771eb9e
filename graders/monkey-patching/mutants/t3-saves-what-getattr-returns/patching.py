"""Monkey patching kata: change code from the outside, and always put it back.

Edit this file only. weather_api.py and report.py stand for code you do not own.
"""

import types
from contextlib import contextmanager
from unittest import mock

# ---------------------------------------------------------------------------------------------
# Task 1: predict the output (the interview guide's `A.hello = new_hello`, taken further)
# ---------------------------------------------------------------------------------------------
# What does this print? Write the lines into ANSWER, one per line.
#
#     class A:
#         def hello(self):
#             return "A.hello"
#
#     def new_hello(self):
#         return "new_hello for " + self.name
#
#     a = A()
#     a.name = "a"
#     early = a.hello                  # a bound method, taken before any patch
#
#     A.hello = new_hello              # patch the class
#     b = A()
#     b.name = "b"
#     print(a.hello())
#     print(b.hello())
#     print(early())
#
#     b.hello = lambda: "only b"       # patch one instance
#     print(a.hello(), "|", b.hello())
#
#     a.hello = new_hello              # a plain function stored on an instance
#     try:
#         print(a.hello())
#     except TypeError:
#         print("TypeError")
#
#     del b.hello
#     print(b.hello())

ANSWER = """
new_hello for a
new_hello for b
A.hello
new_hello for a | only b
TypeError
new_hello for b
"""


# ---------------------------------------------------------------------------------------------
# Task 2: fix the bug — the patch that misses
# ---------------------------------------------------------------------------------------------
@contextmanager
def offline_weather(temperature: float):
    """Let report.daily_report(city) run without the network.

    Inside `with offline_weather(21.5):` every temperature lookup that daily_report makes must
    return `temperature` instead of calling the real service. Afterwards (and also when the
    block raises) everything is exactly as it was.
    """
    with mock.patch("report.fetch_temperature", return_value=temperature):
        yield


# ---------------------------------------------------------------------------------------------
# Task 3: a patch that always cleans up after itself
# ---------------------------------------------------------------------------------------------
@contextmanager
def patched(target: object, name: str, value: object):
    """A context manager: `with patched(target, name, value):` makes `target.name` be `value`.

    - Inside the block, `getattr(target, name)` is `value`.
    - Afterwards `target` is exactly as it was before, even when the block raised, and the
      exception still reaches the caller.
    - If `target` has no attribute `name` at all, raise AttributeError and change nothing:
      a typo must not quietly create a new attribute that no code ever reads. (An attribute
      whose value is None or 0 does exist, and can be patched.)
    - "Exactly as it was" includes attributes that `target` only inherits (a method of the class,
      patched on one instance or on a subclass) and attributes stored in a special form
      (a staticmethod or classmethod).

    You may write it with @contextmanager or as a class with __enter__/__exit__.
    """
    getattr(target, name)  # AttributeError for a name that does not exist, before any change
    try:
        own = vars(target)
    except TypeError:  # no __dict__ (e.g. __slots__): whatever we read is what we put back
        own = {}
    had_own = name in own
    original = getattr(target, name)
    setattr(target, name, value)
    try:
        yield value
    finally:
        if had_own:
            setattr(target, name, original)
        else:
            delattr(target, name)
            if not hasattr(target, name):  # e.g. a slot: deleting emptied it, so refill it
                setattr(target, name, original)


# ---------------------------------------------------------------------------------------------
# Task 4: patch one instance, not the whole class
# ---------------------------------------------------------------------------------------------
@contextmanager
def patch_instance(obj: object, name: str, method):
    """A context manager: replace the method `name` on this one object only.

    `method` is written like a normal method: its first parameter is `self`. Inside
    `with patch_instance(obj, "greet", method):`, `obj.greet(*args, **kwargs)` calls
    `method(obj, *args, **kwargs)`, keyword arguments included, while every other instance and
    the class itself are untouched. Afterwards (even when the block raised) `obj` is exactly as
    before.
    """
    with patched(obj, name, types.MethodType(method, obj)) as bound:
        yield bound


# ---------------------------------------------------------------------------------------------
# Task 5: explain the trade-off
# ---------------------------------------------------------------------------------------------
# Your service crashes on a bug in a third-party library. A colleague proposes to fix it in
# production by patching the library when the app starts: `thirdparty.parse = our_parse`.
# What is the strongest reason to look for another fix first?
#
#   a) It costs speed: every call to a patched function goes through an extra level of
#      indirection that the original call did not have.
#   b) It is hidden global state: it changes the function for every importer, silently misses
#      modules that already ran `from thirdparty import parse`, and an upgrade can break it
#      without any error.
#   c) It does not reach code that is already running: threads started before the patch and
#      functions already on the call stack keep calling the original until they restart.
#   d) It does not last: only the start-up code refers to the replacement, so the garbage
#      collector may free it once that code returns, and the original comes back.
#
# Set CHOICE to "a", "b", "c" or "d".

CHOICE = "b"
