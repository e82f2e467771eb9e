"""Grader for the copying kata: what a shallow or deep copy shares, and __copy__ / __deepcopy__."""

from __future__ import annotations

import copy
from types import ModuleType
from typing import Any

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

MODULE = "copying_kata"

GUIDE_SNIPPET = """
import copy

a = [[1, 2], [3, 4]]
b = copy.copy(a)
c = copy.deepcopy(a)
a[0][0] = 99
a.append([5, 6])
print(b)
print(c)
print(b[1] is a[1], c[1] is a[1])
"""


class LiveConnection:
    """Stands in for a socket-backed connection: like a real one, it refuses to be copied."""

    def __copy__(self) -> LiveConnection:
        raise TypeError("a live connection cannot be copied; copies must share it")

    def __deepcopy__(self, memo: dict[int, Any]) -> LiveConnection:
        raise TypeError("a live connection cannot be copied; copies must share it")

    def __reduce_ex__(self, protocol: object) -> Any:
        raise TypeError("a live connection cannot be pickled or copied; copies must share it")

    def __repr__(self) -> str:
        return "<LiveConnection>"


class ThreadPool(LiveConnection):
    """Stands in for the executor a workflow runs on: shared, never copied."""

    def __repr__(self) -> str:
        return "<ThreadPool>"


def _module() -> ModuleType:
    return load(MODULE)


def _attribute(obj: object, name: str, description: str) -> Any:
    try:
        return getattr(obj, name)
    except AttributeError:
        fail(f"{description} has no `.{name}` attribute.")


# Task 1: predict the output -------------------------------------------------------------------


@pytest.mark.task(1)
def test_prediction_matches_what_the_guide_snippet_prints():
    check_prediction(_module(), GUIDE_SNIPPET)


# Task 2: fix the shallow-copy bug -------------------------------------------------------------


def _defaults_snapshot(module: ModuleType) -> dict[str, dict[str, Any]]:
    defaults = need(module, "DEFAULTS")
    if not isinstance(defaults, dict) or not all(isinstance(v, dict) for v in defaults.values()):
        fail("DEFAULTS should stay a dict of sections, each section a dict of settings.")
    for section in ("database", "features"):
        if section not in defaults:
            fail(f"DEFAULTS has lost its {section!r} section; restore it (`./kata reset copying`).")
    return copy.deepcopy(defaults)


def _expect_same_config(actual: Any, expected: dict[str, Any], what: str, why: str) -> None:
    """Like expect_equal, but names the first section that differs, so the message stays short."""
    if not isinstance(actual, dict):
        fail(f"{what} is {show(actual)} (a {type(actual).__name__}); expected a dict of sections.")
    for section in sorted(set(expected) | set(actual), key=str):
        if section not in actual:
            fail(f"{what} has no {section!r} section. {why}")
        if section not in expected:
            fail(f"{what} has an extra section {section!r}. {why}")
        if not strictly_equal(actual[section], expected[section]):
            fail(
                f"{what}: section {section!r} is {show(actual[section], 80)}; "
                f"expected {show(expected[section], 80)}. {why}"
            )


def _build(module: ModuleType, overrides: dict[str, dict[str, Any]]) -> Any:
    build_config = need(module, "build_config", "function")
    return call(f"build_config({overrides!r})", build_config, overrides)


@pytest.mark.task(2)
def test_build_config_applies_overrides_on_top_of_the_defaults():
    module = _module()
    expected = _defaults_snapshot(module)
    expected["database"]["port"] = 6543
    config = _build(module, {"database": {"port": 6543}})
    _expect_same_config(
        config,
        expected,
        'build_config({"database": {"port": 6543}})',
        "Only the port changes; every other setting keeps its default.",
    )


@pytest.mark.task(2)
def test_build_config_leaves_defaults_unchanged():
    module = _module()
    before = _defaults_snapshot(module)
    _build(module, {"database": {"port": 6543}, "features": {"beta": True}})
    _expect_same_config(
        module.DEFAULTS,
        before,
        'After build_config({"database": {"port": 6543}, "features": {"beta": True}}), DEFAULTS',
        "The call changed DEFAULTS: a copy of the outer dict still holds the very same section "
        "dicts, so updating a section of the copy updates DEFAULTS.",
    )


@pytest.mark.task(2)
def test_a_later_call_does_not_see_an_earlier_callers_overrides():
    module = _module()
    pristine = _defaults_snapshot(module)
    _build(module, {"database": {"port": 6543}, "features": {"beta": True}})
    config = _build(module, {})
    _expect_same_config(
        config,
        pristine,
        "build_config({}), called after a call that overrode the port and the beta flag",
        "One caller's overrides leaked into the next caller's config: this is how a test "
        "passes alone and fails when run after another.",
    )


@pytest.mark.task(2)
def test_changing_the_returned_config_does_not_leak_into_later_calls():
    module = _module()
    pristine = _defaults_snapshot(module)
    mine = _build(module, {"database": {"port": 6543}})
    if not isinstance(mine, dict) or not all(isinstance(v, dict) for v in mine.values()):
        fail(f"build_config(...) returned {show(mine)}; expected a dict of section dicts.")
    for section in mine.values():
        section["tampered"] = True
    _expect_same_config(
        module.DEFAULTS,
        pristine,
        "After the caller added a key to every section of the config it got back, DEFAULTS",
        "The returned config belongs to the caller: none of its sections may be shared with "
        "DEFAULTS, including the sections that had no overrides.",
    )
    _expect_same_config(
        _build(module, {}),
        pristine,
        "build_config({}), after an earlier caller changed its own config",
        "What one caller does to its config must not reach the next caller.",
    )


@pytest.mark.task(2)
def test_a_section_that_comes_only_from_overrides_is_a_new_dict_too():
    module = _module()
    logging = {"level": "debug"}
    overrides = {"logging": logging}
    mine = _build(module, overrides)
    if not isinstance(mine, dict) or not isinstance(mine.get("logging"), dict):
        fail(
            'build_config({"logging": {"level": "debug"}}) returned '
            f"{show(mine)}; expected a config with a 'logging' section holding the override."
        )
    expect(
        mine["logging"] is not logging,
        'build_config(overrides), with overrides = {"logging": {"level": "debug"}}, put the '
        "caller's own {'level': 'debug'} dict into the config as its 'logging' section. The "
        "returned config belongs to the caller, down to each section dict: changing its "
        "'logging' section would rewrite the overrides, and every later call that reuses them "
        "would get the change.",
    )
    mine["logging"]["level"] = "info"
    again = _build(module, overrides)
    section = again.get("logging") if isinstance(again, dict) else None
    expect_equal(
        section,
        {"level": "debug"},
        "The 'logging' section of a second build_config(overrides), after the first caller "
        "changed its own config's logging level to 'info',",
        "Changing one returned config must not reach what any later call returns.",
    )


# Task 3: __copy__ and __deepcopy__ with resources ---------------------------------------------


def _repository(module: ModuleType, filters: dict[str, list[Any]] | None = None) -> Any:
    repository = need(module, "Repository", "class")
    if filters is None:
        filters = {"status": ["open", "blocked"], "tags": [["infra", "db"], ["urgent"]]}
    return call("Repository(connection, filters)", repository, LiveConnection(), filters)


def _copied(kind: str, repo: Any) -> Any:
    func = copy.copy if kind == "copy" else copy.deepcopy
    clone = call(f"copy.{kind}(repo)", func, repo)
    expect(
        type(clone) is type(repo),
        f"copy.{kind}(repo) returned {show(clone)} (a {type(clone).__name__}); expected a new "
        f"{type(repo).__name__}.",
    )
    expect(
        clone is not repo,
        f"copy.{kind}(repo) returned the original repository itself, not a copy.",
    )
    return clone


def _expect_fresh_lock(kind: str, repo: Any, clone: Any) -> None:
    original = _attribute(repo, "lock", "The original repository")
    lock = _attribute(clone, "lock", f"copy.{kind}(repo)")
    expect(
        lock is not original,
        f"copy.{kind}(repo).lock is the original's lock. The lock guards one repository's own "
        "state: sharing it makes two independent objects block each other, and a copy taken "
        "while the original holds it starts out locked.",
    )
    expect(
        type(lock) is type(original),
        f"copy.{kind}(repo).lock is {show(lock)}; expected a new threading.Lock like the "
        "original's.",
    )
    acquired = lock.acquire(blocking=False)
    if acquired is True:
        lock.release()
    expect(acquired is True, f"copy.{kind}(repo).lock is already held; a new lock starts free.")


@pytest.mark.task(3)
def test_shallow_copy_is_a_new_repository_sharing_the_connection():
    module = _module()
    repo = _repository(module)
    clone = _copied("copy", repo)
    expect(
        _attribute(clone, "connection", "copy.copy(repo)") is repo.connection,
        "copy.copy(repo).connection is not the original's connection. The connection is a "
        "shared resource: every copy must use the very same object.",
    )


@pytest.mark.task(3)
def test_shallow_copy_shares_the_filters():
    module = _module()
    repo = _repository(module)
    clone = _copied("copy", repo)
    expect(
        _attribute(clone, "filters", "copy.copy(repo)") is repo.filters,
        "copy.copy(repo).filters is a different object from repo.filters. A shallow copy "
        "shares the objects the original refers to; only copy.deepcopy copies them.",
    )


@pytest.mark.task(3)
def test_shallow_copy_gets_its_own_unlocked_lock():
    module = _module()
    repo = _repository(module)
    _expect_fresh_lock("copy", repo, _copied("copy", repo))


@pytest.mark.task(3)
def test_deep_copy_is_a_new_repository_sharing_the_connection():
    module = _module()
    repo = _repository(module)
    clone = _copied("deepcopy", repo)
    expect(
        _attribute(clone, "connection", "copy.deepcopy(repo)") is repo.connection,
        "copy.deepcopy(repo).connection is not the original's connection. A deep copy copies "
        "the data, but a live resource stays shared.",
    )


@pytest.mark.task(3)
def test_deep_copy_has_its_own_filters_all_the_way_down():
    module = _module()
    repo = _repository(module)
    expected = copy.deepcopy(repo.filters)
    clone = _copied("deepcopy", repo)
    filters = _attribute(clone, "filters", "copy.deepcopy(repo)")
    expect_equal(filters, expected, "copy.deepcopy(repo).filters")
    expect(
        filters is not repo.filters
        and filters["tags"] is not repo.filters["tags"]
        and filters["tags"][0] is not repo.filters["tags"][0],
        "copy.deepcopy(repo).filters still shares some of its lists with the original: every "
        "level of the data must be copied, or changing the copy changes the original.",
    )


@pytest.mark.task(3)
def test_deep_copy_gets_its_own_unlocked_lock():
    module = _module()
    repo = _repository(module)
    _expect_fresh_lock("deepcopy", repo, _copied("deepcopy", repo))


@pytest.mark.task(3)
def test_deep_copy_of_two_repositories_sharing_filters_keeps_them_sharing():
    module = _module()
    shared = {"status": ["open"]}
    first = _repository(module, shared)
    second = _repository(module, shared)
    pair = call("copy.deepcopy([first, second])", copy.deepcopy, [first, second])
    one = _attribute(pair[0], "filters", "The first copied repository")
    two = _attribute(pair[1], "filters", "The second copied repository")
    expect(
        one is not shared,
        "copy.deepcopy([first, second]) left the first copy holding the original filters.",
    )
    expect(
        one is two,
        "first and second share one filters dict, but after copy.deepcopy([first, second]) "
        "each copy has its own. deepcopy keeps shared objects shared within one copy through "
        "its memo dict, and it only can if __deepcopy__ hands memo on to every copy it makes.",
    )


@pytest.mark.task(3)
def test_deep_copy_of_data_that_leads_back_to_the_repository_leads_to_the_copy():
    module = _module()
    repo = _repository(module, {"status": ["open"]})
    repo.filters["related"] = [repo]
    try:
        clone = copy.deepcopy(repo)
    except RecursionError:
        fail(
            "copy.deepcopy(repo), where repo.filters['related'] holds repo itself, raised "
            "RecursionError: copying the filters led back to repo, and deepcopy did not know "
            "repo was already being copied, so it started again, forever."
        )
    except NotImplementedError:
        fail("copy.deepcopy(repo) raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(f"calling copy.deepcopy(repo) raised {type(exc).__name__}: {show(str(exc))}.")
    filters = _attribute(clone, "filters", "copy.deepcopy(repo)")
    related = filters.get("related") if isinstance(filters, dict) else None
    if not isinstance(related, list) or len(related) != 1:
        fail(
            f"copy.deepcopy(repo).filters['related'] is {show(related)}; expected a list "
            "holding one repository, like the original's."
        )
    if related[0] is repo:
        held = "the original repository"
    elif type(related[0]) is type(repo):
        held = "a second, different copy of repo"
    else:
        held = show(related[0])
    expect(
        related[0] is clone,
        "repo.filters['related'] holds repo itself, but in copy.deepcopy(repo) it holds "
        f"{held}, not the copy that deepcopy returned. A reference back to the object being "
        "copied must lead to its copy, and deepcopy can only find that copy in memo if it was "
        "put there before the filters were copied.",
    )


# Task 4: deep copy of a workflow with a loop -------------------------------------------------


def _steps(module: ModuleType, *names: str) -> list[Any]:
    step = need(module, "Step", "class")
    pool = ThreadPool()
    return [call(f"Step({name!r}, executor)", step, name, pool) for name in names]


def _link(before: Any, after: Any) -> None:
    call(f"Step({before.name!r}).then(Step({after.name!r}))", before.then, after)


def _deepcopy_steps(description: str, value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except RecursionError:
        fail(
            f"{description} raised RecursionError: copying went round the loop forever. "
            "Each time it came back to a step it did not know that step was already being "
            "copied."
        )
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(f"calling {description} raised {type(exc).__name__}: {show(str(exc))[1:-1]}.")


def _next(step: Any, description: str) -> list[Any]:
    following = _attribute(step, "next_steps", description)
    if not isinstance(following, list):
        fail(f"{description}.next_steps is {show(following)}; expected a list of steps.")
    return following


def _reachable(start: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    todo = [start]
    while todo and len(seen) < 100:
        step = todo.pop()
        if id(step) in seen:
            continue
        seen[id(step)] = step
        todo.extend(_next(step, f"The copied step {getattr(step, 'name', '?')!r}"))
    return list(seen.values())


@pytest.mark.task(4)
def test_a_straight_workflow_deep_copies_into_new_steps_on_the_same_executor():
    module = _module()
    a, b, c = _steps(module, "fetch", "parse", "store")
    _link(a, b)
    _link(b, c)
    clone = _deepcopy_steps("copy.deepcopy(fetch) on fetch -> parse -> store", a)
    copies = _reachable(clone)
    names = sorted(_attribute(s, "name", "A copied step") for s in copies)
    expect_equal(names, ["fetch", "parse", "store"], "The names of the steps in the copy")
    originals = {id(a), id(b), id(c)}
    expect(
        not any(id(s) in originals for s in copies),
        "The copied workflow still contains original steps: editing the copy would change "
        "the original workflow.",
    )
    expect(
        all(_attribute(s, "executor", "A copied step") is a.executor for s in copies),
        "A copied step has a different executor: the thread pool is shared, never copied.",
    )


@pytest.mark.task(4)
def test_a_workflow_that_loops_back_can_be_deep_copied():
    module = _module()
    a, b, c = _steps(module, "fetch", "parse", "retry")
    _link(a, b)
    _link(b, c)
    _link(c, a)
    _deepcopy_steps("copy.deepcopy(fetch) on fetch -> parse -> retry -> fetch", a)


@pytest.mark.task(4)
def test_the_copied_loop_leads_back_to_the_copy_not_to_a_second_copy():
    module = _module()
    a, b, c = _steps(module, "fetch", "parse", "retry")
    _link(a, b)
    _link(b, c)
    _link(c, a)
    clone = _deepcopy_steps("copy.deepcopy(fetch) on fetch -> parse -> retry -> fetch", a)
    copies = _reachable(clone)
    expect(
        not any(s is a or s is b or s is c for s in copies),
        "The copied loop leads back into the original workflow: following the copy ends up "
        "in the original steps, so editing or running the copy touches the original. When "
        "copying comes back to a step that is already being copied, it must use that copy.",
    )
    expect(
        len(copies) == 3,
        f"The copy of a three-step loop has {len(copies)} distinct steps: when the loop came "
        "back to 'fetch', a second copy of 'fetch' was made instead of reusing the first. "
        "A step must be known to memo before its next steps are copied.",
    )
    retry = _next(_next(clone, "copy of fetch")[0], "copy of parse")[0]
    expect(
        _next(retry, "copy of retry")[0] is clone,
        "In the copy, retry does not lead back to the copied fetch.",
    )


@pytest.mark.task(4)
def test_a_step_reached_by_two_paths_is_copied_once():
    module = _module()
    start, left, right, end = _steps(module, "start", "left", "right", "end")
    _link(start, left)
    _link(start, right)
    _link(left, end)
    _link(right, end)
    clone = _deepcopy_steps("copy.deepcopy(start) on a diamond-shaped workflow", start)
    via_left, via_right = (_next(s, "a copied step")[0] for s in _next(clone, "copy of start"))
    expect(
        via_left is via_right,
        "'end' follows both 'left' and 'right', but the copy has two different 'end' steps. "
        "deepcopy keeps shared objects shared only when the same memo is handed on.",
    )


@pytest.mark.task(4)
def test_copying_several_steps_at_once_keeps_the_links_between_them():
    module = _module()
    a, b, c = _steps(module, "fetch", "parse", "retry")
    _link(a, b)
    _link(b, c)
    _link(c, a)
    pair = _deepcopy_steps("copy.deepcopy([fetch, retry])", [a, c])
    fetch, retry = pair
    parse = _next(fetch, "copy of fetch")[0]
    expect(
        _next(parse, "copy of parse")[0] is retry and _next(retry, "copy of retry")[0] is fetch,
        "After copy.deepcopy([fetch, retry]), the copied steps do not link to each other "
        "(they lead to extra copies instead). Everything copied in one deepcopy call goes "
        "through one memo, and a step must be in it before its next steps are copied.",
    )


@pytest.mark.task(4)
def test_deep_copying_leaves_the_original_workflow_untouched():
    module = _module()
    a, b, c = _steps(module, "fetch", "parse", "retry")
    _link(a, b)
    _link(b, c)
    _link(c, a)
    _deepcopy_steps("copy.deepcopy(fetch) on fetch -> parse -> retry -> fetch", a)
    for step, expected in ((a, b), (b, c), (c, a)):
        following = _next(step, f"The original {step.name!r}")
        if len(following) != 1 or following[0] is not expected:
            if len(following) == 1 and getattr(following[0], "name", None) == expected.name:
                now = f"a copy of {expected.name!r} instead of the original {expected.name!r}"
            else:
                now = f"{show([getattr(s, 'name', s) for s in following])}"
            fail(
                f"After copy.deepcopy(fetch), the original {step.name!r} leads to {now}: "
                "copying changed the workflow it copied. The copy needs its own next_steps "
                "list; filling in a list it shares with the original rewires the original."
            )
