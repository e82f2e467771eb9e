"""Grader for the `args-kwargs` kata: packing, forwarding, `/` and `*`, merging, binding."""

import copy
import inspect

import pytest

from kata.testkit import (
    call,
    check_prediction,
    expect,
    expect_equal,
    fail,
    load,
    need,
    show,
    strictly_equal,
)

GUIDE_SNIPPET = """
def func(*args, **kwargs):
    print(args, kwargs)

func(1, 2)
func(x=1)
func([1, 2])
func(*[1, 2], y=3)
func(*"hi", **{"z": None})
func()
"""


def _expect_state(actual, expected, what, why=""):
    """Like expect_equal, for a value the learner's code changed rather than returned."""
    if not strictly_equal(actual, expected):
        fail(f"{what} is {show(actual)}; expected {show(expected)}. {why}".rstrip())


def _load():
    return load("args_kwargs")


def _expect_type_error(description, attempt, why):
    """`attempt()` (the call shown as `description`) must raise TypeError."""
    try:
        result = attempt()
    except TypeError:
        return
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(f"{description} raised {type(exc).__name__}; expected TypeError. {why}")
    fail(f"{description} returned {show(result)}; expected it to raise TypeError. {why}")


# Task 1: predict the output of the guide's example


@pytest.mark.task(1)
def test_prediction_matches_what_the_guides_example_prints():
    check_prediction(_load(), GUIDE_SNIPPET)


# Task 2: a forwarding wrapper


def _target(a, b=2, *rest, c=3, **extra):
    return (a, b, rest, c, extra)


def _audited(log, func=_target):
    audited = need(_load(), "audited", "function")
    wrapper = call("audited(func, log)", audited, func, log)
    if not callable(wrapper):
        fail(f"audited(func, log) returned {show(wrapper)}, which cannot be called; expected "
             "a wrapper function.")
    return wrapper


@pytest.mark.task(2)
def test_positional_and_keyword_arguments_reach_the_function_unchanged():
    wrapped = _audited([])
    result = call("wrapped(1, 20, 30, 40, c=5, d=6)", wrapped, 1, 20, 30, 40, c=5, d=6)
    expect_equal(
        result, (1, 20, (30, 40), 5, {"d": 6}),
        "wrapped(1, 20, 30, 40, c=5, d=6) around func(a, b=2, *rest, c=3, **extra), which "
        "returns (a, b, rest, c, extra),",
        "The wrapper must hand on every positional and keyword argument exactly as it got them.",
    )


@pytest.mark.task(2)
def test_the_wrapped_functions_own_defaults_still_apply():
    wrapped = _audited([])
    result = call("wrapped(1)", wrapped, 1)
    expect_equal(
        result, (1, 2, (), 3, {}),
        "wrapped(1) around func(a, b=2, *rest, c=3, **extra), which returns "
        "(a, b, rest, c, extra),",
        "Arguments the caller left out must stay left out, so that func's own defaults apply.",
    )


@pytest.mark.task(2)
def test_the_very_same_objects_go_in_and_come_out():
    sentinel = object()
    box = []

    def put(item, *, into):
        into.append(item)
        return sentinel

    wrapped = _audited([], put)
    result = call("wrapped(item, into=box)", wrapped, "item", into=box)
    expect(result is sentinel, f"wrapped(...) returned {show(result)}, not the object func "
           "returned. A wrapper returns func's result itself.")
    expect(
        strictly_equal(box, ["item"]),
        f"after wrapped('item', into=box), box is {show(box)}. func should have received the "
        "caller's own list (no copy) and appended to it.",
    )


@pytest.mark.task(2)
def test_keywords_named_like_the_wrappers_variables_pass_through():
    wrapped = _audited([])
    try:
        result = wrapped(1, func="f", log="l", args="a", kwargs="k")
    except NotImplementedError:
        fail("wrapped(...) still raises NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"wrapped(1, func='f', log='l', args='a', kwargs='k') raised {type(exc).__name__}: "
            f"{show(str(exc))}. func accepts any keyword, so this call is fine for func; the "
            "wrapper must not claim any keyword name for itself, not even one that is also "
            "the name of one of its own variables."
        )
    expect_equal(
        result, (1, 2, (), 3, {"func": "f", "log": "l", "args": "a", "kwargs": "k"}),
        "wrapped(1, func='f', log='l', args='a', kwargs='k')",
        "The wrapper must not claim any keyword name for itself: they all belong to func.",
    )


@pytest.mark.task(2)
def test_each_call_is_logged_as_an_args_tuple_and_a_kwargs_dict():
    log = []
    wrapped = _audited(log)
    expect(log == [], f"audited(func, log) changed log before any call: {show(log)}.")
    call("wrapped(1, 20, c=5)", wrapped, 1, 20, c=5)
    call("wrapped(7)", wrapped, 7)
    _expect_state(
        log, [((1, 20), {"c": 5}), ((7,), {})],
        "after wrapped(1, 20, c=5) and wrapped(7), log",
        "One (args, kwargs) entry per call, args a tuple and kwargs a dict, in call order.",
    )
    call("wrapped(1, z=1, c=2)", wrapped, 1, z=1, c=2)
    logged = log[-1][1] if log and isinstance(log[-1], tuple) and len(log[-1]) == 2 else None
    names = list(logged) if isinstance(logged, dict) else None
    expect(
        names == ["z", "c"],
        f"after wrapped(1, z=1, c=2), the logged kwargs have the keys {show(names)} in that "
        "order; expected z before c. Keyword arguments keep the order they were passed in "
        "(PEP 468), and an audit log should show the call as it was made.",
    )


@pytest.mark.task(2)
def test_the_call_is_logged_before_the_function_runs():
    log = []
    seen = []

    def peek(x):
        seen.append(list(log))
        return x

    wrapped = _audited(log, peek)
    call("wrapped(7)", wrapped, 7)
    expect(
        seen == [[((7,), {})]],
        f"while func ran inside wrapped(7), log was {show(seen[0] if seen else None)}; "
        "expected it to hold this call already. An audit log is written first, so that a "
        "call that hangs, crashes the process or calls back into the log still shows up.",
    )


@pytest.mark.task(2)
def test_an_exception_from_the_function_reaches_the_caller_unchanged():
    problem = LookupError("no such user")

    def lookup(user):
        raise problem

    log = []
    wrapped = _audited(log, lookup)
    try:
        wrapped("ada")
    except LookupError as exc:
        expect(exc is problem, "wrapped('ada') raised a different LookupError from the one "
               "func raised. Let the original exception through.")
    except Exception as exc:
        fail(f"func raised LookupError, but wrapped('ada') raised {type(exc).__name__}. Let "
             "the original exception through.")
    else:
        fail("func raised LookupError, but wrapped('ada') returned normally: the wrapper "
             "swallowed the exception.")
    _expect_state(log, [(("ada",), {})], "after wrapped('ada') raised, log",
                  "The call is logged before func runs, so failed calls are logged too.")


# Task 3: fix call_later so no keyword name is taken


def _record(*args, **kwargs):
    return (args, kwargs)


def _queue_and_run(module, description, why, /, *args, **kwargs):
    call_later = need(module, "call_later", "function")
    run_jobs = need(module, "run_jobs", "function")
    jobs = []

    def schedule():
        try:
            call_later(jobs, _record, *args, **kwargs)
        except TypeError as exc:
            fail(f"{description} raised TypeError ({show(str(exc))[1:-1]}). {why}")

    call(description, schedule)
    return call(f"run_jobs(jobs) after {description}", run_jobs, jobs)


@pytest.mark.task(3)
def test_queued_jobs_run_later_with_their_arguments():
    module = _load()
    call_later = need(module, "call_later", "function")
    ran = []

    def job(*args, **kwargs):
        ran.append((args, kwargs))
        return len(ran)

    jobs = []
    call("call_later(jobs, job, 1, 2, key='v')", call_later, jobs, job, 1, 2, key="v")
    expect(ran == [], "call_later ran the job straight away; it should only queue it.")
    results = call("run_jobs(jobs)", need(module, "run_jobs", "function"), jobs)
    expect_equal(results, [1], "run_jobs(jobs)")
    _expect_state(ran, [((1, 2), {"key": "v"})], "what the queued job received")


@pytest.mark.task(3)
def test_keywords_named_jobs_and_func_reach_the_queued_function():
    why = (
        "A queued function may well take keywords called func or jobs (think of a retry "
        "helper); call_later must pass them on, not claim them."
    )
    results = _queue_and_run(
        _load(), "call_later(jobs, job, 'x', func='f', jobs='j')", why, "x", func="f", jobs="j"
    )
    expect_equal(
        results, [(("x",), {"func": "f", "jobs": "j"})],
        "run_jobs(jobs) after call_later(jobs, job, 'x', func='f', jobs='j')", why,
    )


@pytest.mark.task(3)
def test_no_keyword_name_is_taken_by_call_later():
    module = _load()
    call_later = need(module, "call_later", "function")
    try:
        parameters = inspect.signature(call_later).parameters.values()
    except (TypeError, ValueError):
        fail("inspect.signature(call_later) failed: keep call_later a plain function.")
    for parameter in parameters:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        name = parameter.name
        why = (
            f"call_later still has a parameter called {name!r} that a caller can reach by "
            "keyword. Renaming it only moves the clash to another name."
        )
        results = _queue_and_run(
            module, f"call_later(jobs, job, {name}='value')", why, **{name: "value"}
        )
        expect_equal(
            results, [((), {name: "value"})],
            f"run_jobs(jobs) after call_later(jobs, job, {name}='value')", why,
        )


# Task 4: keyword-only and positional-only parameters


def _plan_copy():
    return need(_load(), "plan_copy", "function")


@pytest.mark.task(4)
def test_plan_copy_takes_paths_by_position_and_flags_by_keyword():
    plan_copy = _plan_copy()
    result = call(
        "plan_copy('a.txt', 'b.txt', overwrite=True, follow_symlinks=False)", plan_copy,
        "a.txt", "b.txt", overwrite=True, follow_symlinks=False,
    )
    expect_equal(
        result, {"src": "a.txt", "dst": "b.txt", "overwrite": True, "follow_symlinks": False},
        "plan_copy('a.txt', 'b.txt', overwrite=True, follow_symlinks=False)",
    )


@pytest.mark.task(4)
def test_plan_copy_flags_default_to_no_overwrite_and_following_symlinks():
    result = call("plan_copy('a.txt', 'b.txt')", _plan_copy(), "a.txt", "b.txt")
    expect_equal(
        result, {"src": "a.txt", "dst": "b.txt", "overwrite": False, "follow_symlinks": True},
        "plan_copy('a.txt', 'b.txt')",
    )


@pytest.mark.task(4)
@pytest.mark.parametrize("flags", [(True,), (True, False)], ids=["one-flag", "two-flags"])
def test_plan_copy_flags_cannot_be_passed_by_position(flags):
    shown = ", ".join(map(repr, flags))
    plan_copy = _plan_copy()
    _expect_type_error(
        f"plan_copy('a.txt', 'b.txt', {shown})", lambda: plan_copy("a.txt", "b.txt", *flags),
        "A bare True in a call says nothing about what it switches on; keyword-only "
        "flags make every call site readable and let you reorder or add flags safely.",
    )


@pytest.mark.task(4)
@pytest.mark.parametrize(
    "kwargs", [{"src": "a.txt", "dst": "b.txt"}, {"dst": "b.txt"}], ids=["both", "dst-only"]
)
def test_plan_copy_paths_cannot_be_passed_by_keyword(kwargs):
    args = () if "src" in kwargs else ("a.txt",)
    shown = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])
    plan_copy = _plan_copy()
    _expect_type_error(
        f"plan_copy({shown})", lambda: plan_copy(*args, **kwargs),
        "Positional-only paths keep the parameter names out of the public API, so they "
        "can be renamed later without breaking any caller.",
    )


@pytest.mark.task(4)
def test_plan_copy_rejects_a_misspelt_flag():
    plan_copy = _plan_copy()
    _expect_type_error(
        "plan_copy('a.txt', 'b.txt', overwirte=True)",
        lambda: plan_copy("a.txt", "b.txt", overwirte=True),
        "A misspelt flag that is quietly accepted is a flag that quietly does nothing: the "
        "caller believes the copy will overwrite, and it will not.",
    )


# Task 5: merging options with **


def _merge_options():
    return need(_load(), "merge_options", "function")


@pytest.mark.task(5)
def test_later_layers_win_over_earlier_ones():
    result = call(
        "merge_options({'a': 1, 'b': 1}, {'b': 2, 'c': 2})", _merge_options(),
        {"a": 1, "b": 1}, {"b": 2, "c": 2},
    )
    expect_equal(
        result, {"a": 1, "b": 2, "c": 2}, "merge_options({'a': 1, 'b': 1}, {'b': 2, 'c': 2})",
        "For a key in several layers, the later (more specific) layer wins.",
    )


@pytest.mark.task(5)
def test_keyword_overrides_win_over_every_layer():
    result = call(
        "merge_options({'a': 1, 'b': 1}, {'a': 2}, a=3, d=4)", _merge_options(),
        {"a": 1, "b": 1}, {"a": 2}, a=3, d=4,
    )
    expect_equal(
        result, {"a": 3, "b": 1, "d": 4}, "merge_options({'a': 1, 'b': 1}, {'a': 2}, a=3, d=4)",
        "Keyword overrides are the most specific of all: they win over every layer.",
    )


@pytest.mark.task(5)
def test_the_callers_dicts_are_left_untouched():
    defaults = {"retries": 3, "timeout": 10, "headers": {"accept": "json"}}
    user = {"timeout": 30}
    before = (copy.deepcopy(defaults), copy.deepcopy(user))
    call("merge_options(defaults, user, retries=5)", _merge_options(), defaults, user, retries=5)
    expect(
        strictly_equal((defaults, user), before),
        f"merge_options(defaults, user, retries=5) changed the caller's dicts: they are now "
        f"{show(defaults)} and {show(user)}, were {show(before[0])} and {show(before[1])}. "
        "Defaults are usually shared (a module constant); changing them leaks one call's "
        "options into every later call.",
    )


@pytest.mark.task(5)
def test_the_result_is_a_new_dict_even_for_a_single_layer():
    merge_options = _merge_options()
    only = {"a": 1}
    result = call("merge_options(only)", merge_options, only)
    expect_equal(result, {"a": 1}, "merge_options(only) with only = {'a': 1}")
    expect(result is not only, "merge_options(only) returned the caller's own dict. The "
           "caller will change the result later and must not change `only` by doing so.")
    empty = call("merge_options()", merge_options)
    expect_equal(
        empty, {}, "merge_options() (called after merge_options(only))",
        "Nothing was passed in, so there is nothing to merge. Options that show up anyway "
        "were kept from an earlier call in something that outlives the call.",
    )
    again = call("merge_options()", merge_options)
    expect(empty is not again, "two calls to merge_options() returned the same dict object; "
           "every call must return a new one.")


# Task 6: validating a call with inspect.signature


def _signup(name, age=18, *tags, email, newsletter=False, **extra):
    raise AssertionError("the function under inspection must never be called")


def _strict(a, b, /, c, *, d):
    raise AssertionError("the function under inspection must never be called")


def _backwards(z, y, x, w, v, u, t, s=0):
    raise AssertionError("the function under inspection must never be called")


def _job(func, retries):
    raise AssertionError("the function under inspection must never be called")


SIGNUP = "signup(name, age=18, *tags, email, newsletter=False, **extra)"
STRICT = "strict(a, b, /, c, *, d)"

CANNOT_BIND = {
    "unknown-keyword": ((1, 2, 3), {"d": 4, "e": 5}, "strict, 1, 2, 3, d=4, e=5"),
    "too-many-positionals": ((1, 2, 3, 4), {}, "strict, 1, 2, 3, 4"),
    "value-given-twice": ((1, 2, 3), {"c": 3, "d": 4}, "strict, 1, 2, 3, c=3, d=4"),
    "positional-only-by-keyword": ((1,), {"b": 2, "c": 3, "d": 4}, "strict, 1, b=2, c=3, d=4"),
}


@pytest.mark.task(6)
def test_bound_arguments_fills_in_the_defaults():
    bound_arguments = need(_load(), "bound_arguments", "function")
    result = call("bound_arguments(signup, 'ada', email='ada@example.com')", bound_arguments,
                  _signup, "ada", email="ada@example.com")
    expect_equal(
        result,
        {"name": "ada", "age": 18, "tags": (), "email": "ada@example.com",
         "newsletter": False, "extra": {}},
        f"bound_arguments(signup, 'ada', email='ada@example.com') for {SIGNUP}",
        "Every parameter appears, the ones the call left out with their default; an empty "
        "*tags is () and an empty **extra is {}.",
    )


@pytest.mark.task(6)
def test_bound_arguments_collects_extra_positionals_and_keywords():
    bound_arguments = need(_load(), "bound_arguments", "function")
    result = call(
        "bound_arguments(signup, 'ada', 36, 'admin', 'beta', email='ada@example.com', "
        "team='core')", bound_arguments,
        _signup, "ada", 36, "admin", "beta", email="ada@example.com", team="core",
    )
    expect_equal(
        result,
        {"name": "ada", "age": 36, "tags": ("admin", "beta"), "email": "ada@example.com",
         "newsletter": False, "extra": {"team": "core"}},
        f"bound_arguments(signup, 'ada', 36, 'admin', 'beta', email=..., team='core') for "
        f"{SIGNUP}",
    )


@pytest.mark.task(6)
def test_bound_arguments_accepts_a_keyword_named_func():
    bound_arguments = need(_load(), "bound_arguments", "function")
    result = call("bound_arguments(job, func='send', retries=3)",
                  lambda: bound_arguments(_job, func="send", retries=3))
    expect_equal(result, {"func": "send", "retries": 3},
                 "bound_arguments(job, func='send', retries=3) for job(func, retries)")


@pytest.mark.task(6)
def test_bound_arguments_raises_type_error_for_a_missing_argument():
    bound_arguments = need(_load(), "bound_arguments", "function")
    _expect_type_error(
        f"bound_arguments(strict, 1, 2, 3) for {STRICT}",
        lambda: bound_arguments(_strict, 1, 2, 3),
        "d has no default and was not given, so the real call would fail.",
    )


@pytest.mark.task(6)
@pytest.mark.parametrize("case", list(CANNOT_BIND))
def test_bound_arguments_raises_type_error_for_a_call_that_cannot_bind(case):
    bound_arguments = need(_load(), "bound_arguments", "function")
    args, kwargs, shown = CANNOT_BIND[case]
    _expect_type_error(
        f"bound_arguments({shown}) for {STRICT}",
        lambda: bound_arguments(_strict, *args, **kwargs),
        "The real call would fail, so checking it must fail the same way, before "
        "anything runs.",
    )


@pytest.mark.task(6)
def test_missing_arguments_lists_required_parameters_not_given_yet():
    missing_arguments = need(_load(), "missing_arguments", "function")
    for args, kwargs, expected, shown in [
        ((), {}, ["a", "b", "c", "d"], "strict"),
        ((1,), {}, ["b", "c", "d"], "strict, 1"),
        ((1, 2), {"c": 3}, ["d"], "strict, 1, 2, c=3"),
        ((1, 2, 3), {"d": 4}, [], "strict, 1, 2, 3, d=4"),
    ]:
        result = call(f"missing_arguments({shown})",
                      lambda args=args, kwargs=kwargs: missing_arguments(_strict, *args,
                                                                         **kwargs))
        expect_equal(result, expected, f"missing_arguments({shown}) for {STRICT}",
                     "List the names still needed, in the order of the signature.")
    result = call("missing_arguments(backwards)", missing_arguments, _backwards)
    expect_equal(
        result, ["z", "y", "x", "w", "v", "u", "t"],
        "missing_arguments(backwards) for backwards(z, y, x, w, v, u, t, s=0)",
        "List the names in the order of the signature, not sorted and not in the order a "
        "set happens to give them.",
    )


@pytest.mark.task(6)
def test_missing_arguments_skips_defaults_and_star_parameters():
    missing_arguments = need(_load(), "missing_arguments", "function")
    result = call("missing_arguments(signup)", missing_arguments, _signup)
    expect_equal(
        result, ["name", "email"], f"missing_arguments(signup) for {SIGNUP}",
        "Parameters with a default, *tags and **extra never need a value.",
    )


@pytest.mark.task(6)
@pytest.mark.parametrize("case", list(CANNOT_BIND))
def test_missing_arguments_raises_type_error_when_the_call_can_never_bind(case):
    missing_arguments = need(_load(), "missing_arguments", "function")
    args, kwargs, shown = CANNOT_BIND[case]
    _expect_type_error(
        f"missing_arguments({shown}) for {STRICT}",
        lambda: missing_arguments(_strict, *args, **kwargs),
        "No later argument can repair this call, so report it now rather than listing "
        "what is missing.",
    )
