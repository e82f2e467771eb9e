"""Grader for the decorators kata: one behaviour per test, in the learner's language."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from kata.testkit import call, check_prediction, expect_equal, fail, load, need, show

# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


class _Runaway(BaseException):
    """Raised by a grader function that has run far more often than any right answer needs.

    A BaseException, so no learner `except Exception` swallows it: a broken memoize or an
    endless retry loop ends in a clear message instead of a hang.
    """


def _decorate(decorator: Callable[..., Any], func: Callable[..., Any], what: str) -> Any:
    """Apply a learner decorator and insist on getting something callable back."""
    wrapped = call(what, decorator, func)
    if not callable(wrapped):
        fail(
            f"{what} returned {show(wrapped)}, which cannot be called. A decorator's return "
            f"value replaces the function (`@d` above `def {func.__name__}` means "
            f"`{func.__name__} = d({func.__name__})`), so it must return a callable, usually "
            "the wrapper. Forgetting the `return` turns the decorated name into None."
        )
    return wrapped


def _expect_observed(actual: object, expected: object, what: str, why: str = "") -> None:
    """Compare something the grader itself recorded (how often a function really ran, ...)."""
    if actual != expected:
        fail(f"{what}: {show(actual)}; expected {show(expected)}. {why}".rstrip())


def _calls_attribute(wrapped: object, what: str) -> object:
    if not hasattr(wrapped, "calls"):
        fail(
            f"{what} has no `calls` attribute. The wrapper should carry the count itself, "
            "so callers can read it as decorated_function.calls."
        )
    return getattr(wrapped, "calls", None)


# ---------------------------------------------------------------------------------------------
# Task 1: predict the output of the guide's example (with two extra prints)
# ---------------------------------------------------------------------------------------------

GUIDE_SNIPPET = """
def my_decorator(func):
    print(f"decorating {func.__name__}")

    def wrapper():
        print("Before")
        func()
        print("After")

    return wrapper


@my_decorator
def say_hello():
    print("Hello")


print("defined")
say_hello()
print(say_hello.__name__)
"""


@pytest.mark.task(1)
def test_prediction_matches_what_the_guide_example_prints():
    check_prediction(load("decorators"), GUIDE_SNIPPET)


# ---------------------------------------------------------------------------------------------
# Task 2: count_calls, a wrapper that keeps the function's identity
# ---------------------------------------------------------------------------------------------


def _make_greet() -> Callable[..., str]:
    def greet(name, *, punctuation="!"):  # no annotations: signatures read as written
        """Return a friendly greeting for `name`."""
        return f"Hello, {name}{punctuation}"

    return greet


@pytest.mark.task(2)
def test_count_calls_passes_arguments_through_and_returns_the_result():
    count_calls = need(load("decorators"), "count_calls", "function")
    counted = _decorate(count_calls, _make_greet(), "count_calls(greet)")
    result = call("the decorated greet('Ada', punctuation='?')", counted, "Ada", punctuation="?")
    expect_equal(
        result,
        "Hello, Ada?",
        "the decorated greet('Ada', punctuation='?')",
        "The wrapper must pass every positional and keyword argument on and return the "
        "function's result; dropping either silently breaks every caller.",
    )


@pytest.mark.task(2)
def test_calls_starts_at_zero_and_goes_up_by_one_per_call():
    count_calls = need(load("decorators"), "count_calls", "function")
    counted = _decorate(count_calls, _make_greet(), "count_calls(greet)")
    expect_equal(
        _calls_attribute(counted, "count_calls(greet)"),
        0,
        "count_calls(greet).calls right after decorating",
        "Nothing has been called yet.",
    )
    for name in ("Ada", "Grace", "Guido"):
        call(f"the decorated greet({name!r})", counted, name)
    expect_equal(
        _calls_attribute(counted, "count_calls(greet)"),
        3,
        "count_calls(greet).calls after three calls",
        "Each call through the wrapper should add exactly one.",
    )


@pytest.mark.task(2)
def test_each_decorated_function_keeps_its_own_count():
    count_calls = need(load("decorators"), "count_calls", "function")

    def ping() -> str:
        return "pong"

    def pong() -> str:
        return "ping"

    counted_ping = _decorate(count_calls, ping, "count_calls(ping)")
    counted_pong = _decorate(count_calls, pong, "count_calls(pong)")
    call("the decorated ping()", counted_ping)
    call("the decorated ping()", counted_ping)
    call("the decorated pong()", counted_pong)
    expect_equal(
        (_calls_attribute(counted_ping, "ping"), _calls_attribute(counted_pong, "pong")),
        (2, 1),
        "(ping.calls, pong.calls) after ping(), ping(), pong()",
        "A count shared by every decorated function (a global, or an attribute of count_calls "
        "itself) cannot tell you which function is hot.",
    )


@pytest.mark.task(2)
def test_a_call_that_raises_is_counted_too():
    count_calls = need(load("decorators"), "count_calls", "function")

    def parse(text: str) -> int:
        return int(text)

    counted = _decorate(count_calls, parse, "count_calls(parse)")
    call("the decorated parse('1')", counted, "1")
    try:
        counted("not a number")
    except ValueError:
        pass
    except NotImplementedError:
        fail("the decorated parse raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"the decorated parse('not a number') raised {type(exc).__name__}: "
            f"{show(str(exc))}; expected the ValueError from int() to come through unchanged."
        )
    else:
        fail(
            "the decorated parse('not a number') returned instead of raising the ValueError "
            "from int(). The wrapper must let the function's exception out."
        )
    expect_equal(
        _calls_attribute(counted, "count_calls(parse)"),
        2,
        "count_calls(parse).calls (after parse('1') returned and parse('not a number') raised)",
        "A call that fails is still a call: counting only the calls that return hides exactly "
        "the ones you are most likely to be investigating.",
    )


@pytest.mark.task(2)
def test_decorating_the_same_function_twice_gives_two_separate_counts():
    count_calls = need(load("decorators"), "count_calls", "function")
    greet = _make_greet()
    first = _decorate(count_calls, greet, "count_calls(greet)")
    second = _decorate(count_calls, greet, "count_calls(greet), a second time")
    call("the first counted greet('Ada')", first, "Ada")
    call("the first counted greet('Grace')", first, "Grace")
    call("the second counted greet('Guido')", second, "Guido")
    expect_equal(
        (_calls_attribute(first, "first"), _calls_attribute(second, "second")),
        (2, 1),
        "(first.calls, second.calls) (two wrappers from count_calls(greet); first called twice, "
        "second once)",
        "Each wrapper counts the calls that went through it. A count kept on the original "
        "function (func.calls) is one number shared by every wrapper of it, and it also "
        "changes the original function behind the caller's back.",
    )


@pytest.mark.task(2)
def test_wrapper_keeps_the_function_name_qualname_and_module():
    count_calls = need(load("decorators"), "count_calls", "function")
    greet = _make_greet()
    counted = _decorate(count_calls, greet, "count_calls(greet)")
    for attribute in ("__name__", "__qualname__", "__module__"):
        expect_equal(
            getattr(counted, attribute, None),
            getattr(greet, attribute),
            f"count_calls(greet).{attribute}",
            "Logs, tracebacks, pickle and every tool that looks a function up by name see the "
            "wrapper, unless you copy the original's identity onto it.",
        )


@pytest.mark.task(2)
def test_wrapper_keeps_the_function_docstring():
    count_calls = need(load("decorators"), "count_calls", "function")
    greet = _make_greet()
    counted = _decorate(count_calls, greet, "count_calls(greet)")
    expect_equal(
        getattr(counted, "__doc__", None),
        greet.__doc__,
        "count_calls(greet).__doc__",
        "help() and documentation generators read __doc__; a wrapper without it hides the docs.",
    )


@pytest.mark.task(2)
def test_signature_of_the_wrapper_shows_the_original_parameters():
    count_calls = need(load("decorators"), "count_calls", "function")
    greet = _make_greet()
    counted = _decorate(count_calls, greet, "count_calls(greet)")
    try:
        seen = str(inspect.signature(counted))
    except (TypeError, ValueError) as exc:
        fail(f"inspect.signature(count_calls(greet)) raised {type(exc).__name__}: {exc}.")
    expect_equal(
        seen,
        str(inspect.signature(greet)),
        "str(inspect.signature(count_calls(greet)))",
        "inspect.signature follows __wrapped__ to the original; without it, help(), IDEs and "
        "frameworks that read signatures (pytest, FastAPI, click) see only the wrapper's.",
    )


# ---------------------------------------------------------------------------------------------
# Task 3: memoize
# ---------------------------------------------------------------------------------------------


@pytest.mark.task(3)
def test_memoize_runs_the_function_once_for_repeated_arguments():
    memoize = need(load("decorators"), "memoize", "function")
    runs: list[int] = []

    def square(n: int) -> int:
        runs.append(n)
        return n * n

    fast = _decorate(memoize, square, "memoize(square)")
    first = call("the memoized square(4)", fast, 4)
    second = call("the memoized square(4), a second time", fast, 4)
    expect_equal((first, second), (16, 16), "(square(4), square(4))")
    _expect_observed(
        len(runs),
        1,
        "Times square really ran for square(4), square(4)",
        "The second call with the same arguments should come from the cache.",
    )


@pytest.mark.task(3)
def test_memoize_computes_different_arguments_separately():
    memoize = need(load("decorators"), "memoize", "function")
    runs: list[int] = []

    def square(n: int) -> int:
        runs.append(n)
        return n * n

    fast = _decorate(memoize, square, "memoize(square)")
    results = tuple(call(f"the memoized square({n})", fast, n) for n in (3, 4, 3, 4))
    expect_equal(results, (9, 16, 9, 16), "square(3), square(4), square(3), square(4)")
    _expect_observed(
        runs,
        [3, 4],
        "Arguments square really ran with",
        "Each distinct argument should be computed once, then served from the cache.",
    )


@pytest.mark.task(3)
def test_memoize_tells_calls_apart_by_keyword_values():
    memoize = need(load("decorators"), "memoize", "function")
    runs: list[tuple[int, int]] = []

    def area(width: int, height: int = 1) -> int:
        runs.append((width, height))
        return width * height

    fast = _decorate(memoize, area, "memoize(area)")
    results = (
        call("the memoized area(2, height=3)", fast, 2, height=3),
        call("the memoized area(2, height=4)", fast, 2, height=4),
        call("the memoized area(2, height=3), again", fast, 2, height=3),
    )
    expect_equal(
        results,
        (6, 8, 6),
        "area(2, height=3), area(2, height=4), area(2, height=3)",
        "Keyword arguments change the result, so they must be part of the cache key; a key "
        "built from the positional arguments alone returns a stale answer.",
    )
    _expect_observed(len(runs), 2, "Times area really ran for those three calls")


@pytest.mark.task(3)
def test_memoize_tells_calls_apart_by_keyword_names():
    memoize = need(load("decorators"), "memoize", "function")

    def pick(a: int = 0, b: int = 0) -> tuple[int, int]:
        return (a, b)

    fast = _decorate(memoize, pick, "memoize(pick)")
    results = (call("the memoized pick(a=1)", fast, a=1), call("the memoized pick(b=1)", fast, b=1))
    expect_equal(
        results,
        ((1, 0), (0, 1)),
        "pick(a=1), pick(b=1)",
        "Both calls pass the value 1, but to different parameters: the key needs the keyword "
        "names as well as their values.",
    )


@pytest.mark.task(3)
def test_memoize_never_mistakes_a_positional_argument_for_a_keyword_one():
    memoize = need(load("decorators"), "memoize", "function")
    runs: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def describe(*args: Any, **kwargs: Any) -> str:
        runs.append((args, kwargs))
        return f"{len(args)} positional, {len(kwargs)} keyword"

    fast = _decorate(memoize, describe, "memoize(describe)")
    results = (
        call("the memoized describe(('a', 1))", fast, ("a", 1)),
        call("the memoized describe(a=1)", fast, a=1),
    )
    expect_equal(
        results,
        ("1 positional, 0 keyword", "0 positional, 1 keyword"),
        "describe(('a', 1)), then describe(a=1)",
        "The first call passes one positional argument, the tuple ('a', 1); the second passes "
        "the keyword argument a=1. They are different calls, but a cache key that mixes "
        "positional arguments and (name, value) pairs into one tuple builds the same key for "
        "both, so the second call got the first call's answer.",
    )
    _expect_observed(len(runs), 2, "Times describe really ran for those two calls")


@pytest.mark.task(3)
def test_memoize_remembers_falsy_results_too():
    memoize = need(load("decorators"), "memoize", "function")
    runs: list[str] = []
    table: dict[str, object] = {"zero": 0, "nothing": None, "empty": ""}

    def lookup(key: str) -> object:
        runs.append(key)
        return table[key]

    fast = _decorate(memoize, lookup, "memoize(lookup)")
    for key in ("zero", "nothing", "empty", "zero", "nothing", "empty"):
        call(f"the memoized lookup({key!r})", fast, key)
    _expect_observed(
        runs,
        ["zero", "nothing", "empty"],
        "Looking up 'zero', 'nothing' and 'empty' twice each, lookup really ran for",
        "Their results are 0, None and ''. A cache that tests the stored value (truthy? not "
        "None?) instead of whether the key is present computes them again every time.",
    )


@pytest.mark.task(3)
def test_each_memoized_function_has_its_own_cache():
    memoize = need(load("decorators"), "memoize", "function")

    def double(n: int) -> int:
        return 2 * n

    def triple(n: int) -> int:
        return 3 * n

    fast_double = _decorate(memoize, double, "memoize(double)")
    fast_triple = _decorate(memoize, triple, "memoize(triple)")
    results = (call("double(5)", fast_double, 5), call("triple(5)", fast_triple, 5))
    expect_equal(
        results,
        (10, 15),
        "memoized double(5), then memoized triple(5)",
        "A cache shared by every memoized function hands one function's result to another.",
    )


@pytest.mark.task(3)
def test_memoized_recursion_computes_each_value_once():
    memoize = need(load("decorators"), "memoize", "function")
    runs: list[int] = []

    def fib(n: int) -> int:
        runs.append(n)
        if len(runs) > 1000:
            raise _Runaway
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    # Rebinding the name, exactly what `@memoize` does, so the recursive calls hit the cache.
    fib = _decorate(memoize, fib, "memoize(fib)")
    try:
        result = call("the memoized fib(60)", fib, 60)
    except _Runaway:
        fail(
            "fib(60) through your memoize ran the real function more than 1000 times: "
            "results are not being served from the cache."
        )
    expect_equal(result, 1548008755920, "the memoized fib(60)")
    _expect_observed(
        sorted(runs),
        list(range(61)),
        "The values fib really ran with during fib(60), sorted",
        "With a working cache each of fib(0)..fib(60) is computed exactly once; that is what "
        "turns an exponential recursion into a linear one.",
    )


@pytest.mark.task(3)
def test_memoize_keeps_the_function_name_and_docstring():
    memoize = need(load("decorators"), "memoize", "function")
    greet = _make_greet()
    fast = _decorate(memoize, greet, "memoize(greet)")
    expect_equal(
        (getattr(fast, "__name__", None), getattr(fast, "__doc__", None)),
        (greet.__name__, greet.__doc__),
        "(memoize(greet).__name__, memoize(greet).__doc__)",
        "Every decorator you write should keep the function's identity (task 2).",
    )


# ---------------------------------------------------------------------------------------------
# Task 4: retry, a decorator with arguments
# ---------------------------------------------------------------------------------------------

OK = "ok"


class _Flaky:
    """A function that fails on the attempts its script says, and records every attempt."""

    def __init__(self, *script: Any, then: Any = OK) -> None:
        self.script = script
        self.attempts: list[tuple[int, int]] = []
        self.raised: list[BaseException] = []

        def fetch(x: int, *, scale: int = 1) -> int:
            """Fetch a value over an unreliable link."""
            self.attempts.append((x, scale))
            number = len(self.attempts)
            if number > 50:
                raise _Runaway
            outcome = self.script[number - 1] if number <= len(self.script) else then
            if outcome is not OK:
                error = outcome(f"attempt {number} failed")
                self.raised.append(error)
                raise error
            return x * scale

        self.fetch = fetch


def _retrying(flaky: _Flaky, spelled: str, *args: Any, **kwargs: Any) -> Any:
    """retry(*args, **kwargs)(flaky.fetch), with a clear message for each way that can break."""
    retry = need(load("decorators"), "retry", "function")
    decorator = call(spelled, retry, *args, **kwargs)
    if not callable(decorator):
        fail(
            f"{spelled} returned {show(decorator)}. retry is a decorator factory: "
            f"`@{spelled}` first calls {spelled}, and what that returns is the decorator "
            "that receives the function."
        )
    return _decorate(decorator, flaky.fetch, f"{spelled}(fetch)")


def _attempt(wrapped: Callable[..., Any], what: str, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(what, wrapped, *args, **kwargs)
    except _Runaway:
        fail(f"{what} kept trying more than 50 times: the attempts are not limited to `times`.")


def _expect_raises(
    wrapped: Callable[..., Any], what: str, expected: type[BaseException], why: str
) -> BaseException:
    """Call `wrapped(2)`, which must let an `expected` exception out; return that exception."""
    try:
        result = wrapped(2)
    except _Runaway:
        fail(f"{what} kept trying more than 50 times: the attempts are not limited to `times`.")
    except NotImplementedError:
        fail(f"{what} raised NotImplementedError: this part is not written yet.")
    except expected as exc:
        return exc
    except Exception as exc:
        fail(
            f"{what} raised {type(exc).__name__}: {show(str(exc))}; expected the "
            f"{expected.__name__} from the function itself to propagate. Callers catch the "
            "real error; replacing it hides what went wrong."
        )
    fail(f"{what} returned {show(result)}, but it should have raised {expected.__name__}. {why}")


@pytest.mark.task(4)
def test_retry_returns_at_once_when_the_first_attempt_succeeds():
    flaky = _Flaky()
    wrapped = _retrying(flaky, "retry(3)", 3)
    result = _attempt(wrapped, "the retrying fetch(2, scale=5)", 2, scale=5)
    expect_equal(
        result,
        10,
        "the retrying fetch(2, scale=5)",
        "Arguments go through unchanged and the result comes back.",
    )
    _expect_observed(
        flaky.attempts,
        [(2, 5)],
        "Attempts fetch saw",
        "A call that succeeds first time must not be repeated.",
    )


@pytest.mark.task(4)
def test_retry_tries_again_until_an_attempt_succeeds():
    flaky = _Flaky(ConnectionError, ConnectionError)
    wrapped = _retrying(
        flaky, "retry(3, exceptions=ConnectionError)", 3, exceptions=ConnectionError
    )
    result = _attempt(wrapped, "the retrying fetch(2, scale=5)", 2, scale=5)
    expect_equal(
        result,
        10,
        "the retrying fetch(2, scale=5), failing twice with ConnectionError, then succeeding",
        "With three attempts, two failures still leave room for the third to succeed.",
    )
    _expect_observed(len(flaky.attempts), 3, "Attempts fetch saw")


@pytest.mark.task(4)
def test_retry_gives_up_after_exactly_times_attempts():
    flaky = _Flaky(then=ConnectionError)
    spelled = "retry(3, exceptions=ConnectionError)"
    wrapped = _retrying(flaky, spelled, 3, exceptions=ConnectionError)
    _expect_raises(
        wrapped,
        "the retrying fetch(2), which always fails",
        ConnectionError,
        "When every attempt fails, the caller must hear about it; returning a value instead "
        "turns an outage into wrong data.",
    )
    _expect_observed(
        len(flaky.attempts),
        3,
        f"Attempts fetch saw under {spelled}",
        "`times` is the total number of attempts: the first try plus two retries, not three "
        "retries on top of it.",
    )


@pytest.mark.task(4)
def test_retry_reraises_the_exception_from_the_last_attempt():
    flaky = _Flaky(then=ConnectionError)
    wrapped = _retrying(
        flaky, "retry(3, exceptions=ConnectionError)", 3, exceptions=ConnectionError
    )
    caught = _expect_raises(
        wrapped,
        "the retrying fetch(2), which always fails",
        ConnectionError,
        "When every attempt fails, the last attempt's exception should propagate.",
    )
    if caught is not flaky.raised[-1]:
        fail(
            f"The retrying fetch(2) let out {show(caught)}, which is not the exception raised "
            "by the last attempt. Re-raise that very exception, so its message and traceback "
            "describe the final failure."
        )


@pytest.mark.task(4)
def test_retry_lets_other_exceptions_through_without_retrying():
    flaky = _Flaky(KeyError)
    wrapped = _retrying(
        flaky, "retry(3, exceptions=ConnectionError)", 3, exceptions=ConnectionError
    )
    _expect_raises(
        wrapped,
        "the retrying fetch(2), whose first attempt raises KeyError,",
        KeyError,
        "KeyError is not among the exceptions to retry, so it should propagate from the first "
        "attempt; here it was swallowed and the function tried again.",
    )
    _expect_observed(
        len(flaky.attempts),
        1,
        "Attempts fetch saw when its first attempt raised KeyError",
        "Only the listed exceptions are retried. A KeyError is a bug, not a blip: trying again "
        "only delays the failure (and repeats any side effects).",
    )


@pytest.mark.task(4)
def test_retry_accepts_a_tuple_of_exception_classes():
    flaky = _Flaky(TimeoutError, ConnectionError)
    spelled = "retry(3, exceptions=(ConnectionError, TimeoutError))"
    wrapped = _retrying(flaky, spelled, 3, exceptions=(ConnectionError, TimeoutError))
    result = _attempt(wrapped, "the retrying fetch(2)", 2)
    expect_equal(
        result,
        2,
        f"fetch(2) under {spelled}, failing with TimeoutError, then ConnectionError",
        "Both listed exception classes should be retried.",
    )


@pytest.mark.task(4)
def test_every_call_gets_the_full_number_of_attempts():
    flaky = _Flaky(ConnectionError, OK, ConnectionError, OK, ConnectionError, OK)
    wrapped = _retrying(
        flaky, "retry(2, exceptions=ConnectionError)", 2, exceptions=ConnectionError
    )
    for number in (1, 2, 3):
        what = f"call number {number} of the retrying fetch(2) (each call fails once, then works)"
        try:
            result = wrapped(2)
        except _Runaway:
            fail(f"{what} kept trying more than 50 times: attempts are not limited to `times`.")
        except NotImplementedError:
            fail(f"{what} raised NotImplementedError: this part is not written yet.")
        except ConnectionError:
            fail(
                f"{what} under retry(2, exceptions=ConnectionError) let the ConnectionError "
                "out. Every call should get two fresh attempts; a counter kept in the decorator "
                "instead of inside the wrapper call runs down over the life of the program."
            )
        except Exception as exc:
            fail(f"calling {what} raised {type(exc).__name__}: {show(str(exc))}.")
        expect_equal(result, 2, what)


@pytest.mark.task(4)
def test_retry_zero_is_rejected_when_the_decorator_is_made():
    retry = need(load("decorators"), "retry", "function")
    flaky = _Flaky()
    try:
        decorator = retry(0)
    except ValueError:
        return
    except NotImplementedError:
        fail("retry(0) raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(f"retry(0) raised {type(exc).__name__}: {show(str(exc))}; expected ValueError.")
    later = ""
    if callable(decorator):
        try:
            decorator(flaky.fetch)
        except ValueError:
            later = (
                " The ValueError only came once the decorator it returned was applied to a "
                "function: a decorator made ahead of time and kept in a variable for later "
                "hides the mistake until someone uses it."
            )
        except Exception:
            pass
        else:
            later = " Applying that decorator to a function went through as well."
        if flaky.attempts:
            later += " Decorating also called the function, which it must never do."
    fail(
        f"retry(0) returned {show(decorator)} instead of raising ValueError.{later} Zero "
        "attempts can never work, and the call retry(0) already has everything needed to see "
        "that, so it should refuse at once: the mistake then shows up at import time, on the "
        "line that wrote it."
    )


@pytest.mark.task(4)
def test_retry_keeps_the_function_name_and_docstring():
    flaky = _Flaky()
    wrapped = _retrying(flaky, "retry(3)", 3)
    expect_equal(
        (getattr(wrapped, "__name__", None), getattr(wrapped, "__doc__", None)),
        (flaky.fetch.__name__, flaky.fetch.__doc__),
        "(retry(3)(fetch).__name__, retry(3)(fetch).__doc__)",
        "The wrapper inside a decorator factory needs the same care as any other (task 2).",
    )


# ---------------------------------------------------------------------------------------------
# Task 5: a registry filled by a class decorator
# ---------------------------------------------------------------------------------------------


def _new_registry(registry_class: Any = None) -> Any:
    if registry_class is None:
        registry_class = need(load("decorators"), "Registry", "class")
    return call("Registry()", registry_class)


def _expect_registered(registry: Any, name: str, obj: Any) -> None:
    present = call(f"{name!r} in readers", lambda: name in registry)
    if present is not True:
        try:
            names = f" (readers.names() is {show(registry.names())})"
        except Exception:
            names = ""
        fail(
            f"After decorating {obj.__name__}, {name!r} in readers is {show(present)}{names}. "
            "Registration should happen when the decorator is applied, under the given name or, "
            "without one, the object's own __name__."
        )
    stored = call(f"readers[{name!r}]", lambda: registry[name])
    if stored is not obj:
        fail(f"readers[{name!r}] is {show(stored)}, not {obj.__name__} itself.")


def _expect_same_object(result: object, obj: Any, what: str) -> None:
    if result is not obj:
        fail(
            f"{what} returned {show(result)} instead of {obj.__name__} itself. "
            f"Whatever a decorator returns replaces the decorated name, so {obj.__name__} "
            "would no longer be what you defined."
        )


@pytest.mark.task(5)
def test_register_with_a_name_files_the_class_under_that_name():
    readers = _new_registry()

    class CsvReader:
        pass

    decorator = call("readers.register('csv')", readers.register, "csv")
    if not callable(decorator):
        fail(
            f"readers.register('csv') returned {show(decorator)}. `@readers.register('csv')` "
            "first calls readers.register('csv'); the result must be the decorator that then "
            "receives the class."
        )
    call("readers.register('csv')(CsvReader)", decorator, CsvReader)
    _expect_registered(readers, "csv", CsvReader)
    expect_equal(call("readers.names()", readers.names), ["csv"], "readers.names()")


@pytest.mark.task(5)
def test_register_with_a_name_returns_the_class_itself():
    readers = _new_registry()

    class CsvReader:
        pass

    decorator = call("readers.register('csv')", readers.register, "csv")
    if not callable(decorator):
        fail(f"readers.register('csv') returned {show(decorator)}, which cannot decorate.")
    result = call("readers.register('csv')(CsvReader)", decorator, CsvReader)
    _expect_same_object(result, CsvReader, "readers.register('csv')(CsvReader)")


@pytest.mark.task(5)
def test_bare_register_uses_the_class_own_name():
    readers = _new_registry()

    class JsonReader:
        pass

    # `@readers.register` with no parentheses is exactly this call.
    spelled = "bare @readers.register (that is, readers.register(JsonReader))"
    result = call(spelled, readers.register, JsonReader)
    _expect_same_object(result, JsonReader, spelled)
    _expect_registered(readers, "JsonReader", JsonReader)


@pytest.mark.task(5)
def test_bare_register_works_on_a_function_too():
    readers = _new_registry()

    def load_json(text: str) -> object:
        return text

    # `@readers.register` above `def load_json` is exactly this call.
    spelled = "bare @readers.register on a function (that is, readers.register(load_json))"
    result = call(spelled, readers.register, load_json)
    if result is not load_json:
        registered = call("'load_json' in readers", lambda: "load_json" in readers)
        nothing = "" if registered is True else ", and 'load_json' in readers is False"
        fail(
            f"{spelled} returned {show(result)} instead of load_json itself{nothing}. "
            "Functions are plugins too: used bare, the decorator receives the function exactly "
            "as it would receive a class, and it must register it under its own __name__ and "
            "hand it back. Otherwise the name load_json now refers to something else and the "
            "registry never hears of it."
        )
    _expect_registered(readers, "load_json", load_json)


@pytest.mark.task(5)
def test_register_with_empty_parentheses_uses_the_function_own_name():
    readers = _new_registry()

    def read_lines(path: str) -> list[str]:
        return [path]

    decorator = call("readers.register()", readers.register)
    if not callable(decorator):
        fail(f"readers.register() returned {show(decorator)}, which cannot decorate.")
    result = call("readers.register()(read_lines)", decorator, read_lines)
    _expect_same_object(result, read_lines, "readers.register()(read_lines)")
    _expect_registered(readers, "read_lines", read_lines)


@pytest.mark.task(5)
def test_a_taken_name_is_rejected_and_the_first_registration_stays():
    readers = _new_registry()

    class CsvReader:
        pass

    class FastCsvReader:
        pass

    first = call("readers.register('csv')", readers.register, "csv")
    if not callable(first):
        fail(f"readers.register('csv') returned {show(first)}, which cannot decorate.")
    call("readers.register('csv')(CsvReader)", first, CsvReader)
    try:
        second = readers.register("csv")
        if callable(second):
            second(FastCsvReader)
    except ValueError:
        _expect_first_registration_stays(readers, "csv", CsvReader, FastCsvReader)
        return
    except NotImplementedError:
        fail("readers.register raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"Registering a second class as 'csv' raised {type(exc).__name__}: "
            f"{show(str(exc))}; expected ValueError."
        )
    fail(
        "Registering FastCsvReader as 'csv' after CsvReader went through silently. Two plugins "
        "claiming one name is a bug that should stop the import with ValueError, not a quiet "
        "overwrite that depends on import order."
    )


def _expect_first_registration_stays(
    registry: Any, name: str, first: Any, second: Any, labels: tuple[str, str] = ("", "")
) -> None:
    first_label = labels[0] or first.__name__
    second_label = labels[1] or second.__name__
    stored = call(f"readers[{name!r}]", lambda: registry[name])
    if stored is second:
        fail(
            f"Registering {second_label} as {name!r} raised ValueError, but readers[{name!r}] "
            f"is now {second_label}, not {first_label}. The refused registration still "
            "replaced the first one: a rejected name must leave the registry exactly as it was."
        )
    _expect_registered(registry, name, first)


@pytest.mark.task(5)
def test_a_name_taken_by_bare_register_is_rejected_too():
    readers = _new_registry()

    def make_reader() -> Any:
        class JsonReader:
            pass

        return JsonReader

    first, second = make_reader(), make_reader()
    spelled = "bare @readers.register on a class named JsonReader"
    call(spelled, readers.register, first)
    try:
        readers.register(second)
    except ValueError:
        _expect_first_registration_stays(
            readers,
            "JsonReader",
            first,
            second,
            ("the first JsonReader", "the second JsonReader"),
        )
        return
    except NotImplementedError:
        fail("readers.register raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"Registering a second class named JsonReader with bare @readers.register raised "
            f"{type(exc).__name__}: {show(str(exc))}; expected ValueError."
        )
    fail(
        "Two different classes named JsonReader were both registered with bare "
        "@readers.register, and the second went through silently. The name the entry is "
        "stored under is the one that is taken, whether it was given or came from __name__."
    )


@pytest.mark.task(5)
def test_two_registries_do_not_share_entries():
    registry_class = need(load("decorators"), "Registry", "class")
    readers = _new_registry(registry_class)
    writers = _new_registry(registry_class)

    class CsvReader:
        pass

    class CsvWriter:
        pass

    shared = (
        "Each Registry instance must keep its own entries: storage shared at class or module "
        "level lets one registry's names collide with another's."
    )
    for registry, label, cls in ((readers, "readers", CsvReader), (writers, "writers", CsvWriter)):
        try:
            decorator = registry.register("csv")
            if callable(decorator):
                decorator(cls)
        except ValueError:
            fail(
                f"Registering {cls.__name__} as 'csv' in a second, empty registry raised "
                f"ValueError. {shared}"
            )
        except NotImplementedError:
            fail(f"{label}.register raised NotImplementedError: this part is not written yet.")
        except Exception as exc:
            fail(
                f"{label}.register('csv')({cls.__name__}) raised {type(exc).__name__}: "
                f"{show(str(exc))}."
            )
    stored = (
        call("readers['csv']", lambda: readers["csv"]),
        call("writers['csv']", lambda: writers["csv"]),
    )
    if stored[0] is not CsvReader or stored[1] is not CsvWriter:
        fail(
            f"readers['csv'] and writers['csv'] are {show(stored[0])} and {show(stored[1])}, "
            f"not CsvReader and CsvWriter. {shared}"
        )
