"""Grader for the __slots__ kata.

Memory is measured with tracemalloc, which counts the exact bytes CPython asks its allocator for:
the same program gives the same numbers on every run, so the thresholds below are not timing
margins but room for differences between Python versions and builds.
"""

from __future__ import annotations

import dataclasses
import gc
import pickle
import struct
import tracemalloc
from typing import Any

import pytest

from kata.testkit import call, expect, expect_equal, fail, load, need, show


def _has_instance_dict(obj: object) -> bool:
    try:
        object.__getattribute__(obj, "__dict__")
    except AttributeError:
        return False
    return True


def _rejects_new_attribute(obj: object, name: str) -> bool:
    """True if setting `name` on `obj` raises AttributeError (the attribute is then removed)."""
    try:
        setattr(obj, name, "surprise")
    except AttributeError:
        return True
    try:
        delattr(obj, name)
    except AttributeError:
        pass
    return False


def _stop_tracing() -> None:
    if tracemalloc.is_tracing():
        tracemalloc.stop()


# ---------------------------------------------------------------------------
# Task 1: a slotted Point
# ---------------------------------------------------------------------------
def _point(x: Any = 3, y: Any = 4) -> Any:
    Point = need(load("slots"), "Point", "class")
    return call(f"Point({x}, {y})", Point, x, y)


@pytest.mark.task(1)
def test_a_point_stores_x_and_y():
    point = _point(3, 4)
    expect_equal(point.x, 3, "Point(3, 4).x")
    expect_equal(point.y, 4, "Point(3, 4).y")


@pytest.mark.task(1)
def test_a_point_has_no_instance_dict():
    point = _point()
    expect(
        "__slots__" in vars(type(point)),
        "Point does not declare __slots__ in its class body, so every Point still carries a "
        "per-instance __dict__ and the memory that goes with it (refusing new names in "
        "__setattr__ does not remove the dict).",
    )
    expect(
        not _has_instance_dict(point),
        "Point(3, 4) still has a __dict__. __slots__ only takes effect when it is in the class "
        "body as the class is created (setting it afterwards does nothing), and it must not "
        "list '__dict__' itself.",
    )


@pytest.mark.task(1)
def test_setting_an_unknown_attribute_on_a_point_raises_attribute_error():
    point = _point()
    expect(
        _rejects_new_attribute(point, "z"),
        "`Point(3, 4).z = ...` was accepted. Without a __dict__ there is nowhere to put an "
        "attribute that is not a slot, so Python must raise AttributeError: that is what "
        "catches typos like `p.yy = 5`.",
    )


# ---------------------------------------------------------------------------
# Task 2: bytes_per_instance
# ---------------------------------------------------------------------------
def _measure() -> Any:
    return need(load("slots"), "bytes_per_instance", "function")


def _per_object(measure: Any, description: str, factory: Any, n: int) -> float:
    result = call(f"bytes_per_instance({description}, n={n})", measure, factory, n)
    if type(result) is not float:
        fail(
            f"bytes_per_instance({description}, n={n}) returned {show(result)} (a "
            f"{type(result).__name__}); it should return a float: total bytes divided by n."
        )
    return result


class _PlainPair:
    def __init__(self, left: int, right: int) -> None:
        self.left = left
        self.right = right


class _SlottedPair:
    __slots__ = ("left", "right")

    def __init__(self, left: int, right: int) -> None:
        self.left = left
        self.right = right


@pytest.mark.task(2)
def test_bytes_per_instance_counts_objects_that_stay_alive():
    _stop_tracing()
    measure = _measure()
    result = _per_object(measure, "lambda: bytearray(1000)", lambda: bytearray(1000), 2000)
    expect(
        1000.0 <= result <= 1300.0,
        f"bytes_per_instance(lambda: bytearray(1000), n=2000) returned {result:.1f}. Each "
        "bytearray(1000) holds a 1000-byte buffer plus a small header, so the answer must be a "
        "little over 1000. Far less means the objects were freed before you measured (keep "
        "them all in a list); far more means something else was counted or n was ignored.",
    )


@pytest.mark.task(2)
def test_bytes_per_instance_counts_what_an_object_owns_not_just_its_header():
    _stop_tracing()
    measure = _measure()
    result = _per_object(
        measure,
        "lambda: (bytearray(400), bytearray(400))",
        lambda: (bytearray(400), bytearray(400)),
        2000,
    )
    expect(
        800.0 <= result <= 1600.0,
        f"bytes_per_instance(lambda: (bytearray(400), bytearray(400)), n=2000) returned "
        f"{result:.1f}. Each tuple keeps two 400-byte buffers alive, so at least 800 bytes per "
        "object must be counted. sys.getsizeof only sees the outer object's own header; "
        "tracemalloc sees every allocation.",
    )


@pytest.mark.task(2)
def test_slotted_instances_measure_clearly_smaller_than_plain_ones():
    _stop_tracing()
    measure = _measure()
    plain = _per_object(measure, "lambda: PlainPair(1, 2)", lambda: _PlainPair(1, 2), 100_000)
    slotted = _per_object(measure, "lambda: SlottedPair(1, 2)", lambda: _SlottedPair(1, 2), 100_000)
    expect(
        plain > 0 and slotted > 0,
        f"bytes_per_instance gave {plain:.1f} for plain and {slotted:.1f} for slotted instances "
        "of a two-attribute class: both must be positive.",
    )
    expect(
        slotted < 0.8 * plain,
        f"For 100 000 instances of a two-attribute class, bytes_per_instance gave {plain:.1f} "
        f"bytes each without __slots__ and {slotted:.1f} with them. On every CPython from 3.10 "
        "on, a correct tracemalloc measurement shows the slotted ones well under 80% of the "
        "plain ones; if yours does not, it is not counting the whole object.",
    )


@pytest.mark.task(2)
def test_bytes_per_instance_stops_tracemalloc_when_it_started_it():
    _stop_tracing()
    measure = _measure()
    _per_object(measure, "lambda: bytearray(100)", lambda: bytearray(100), 100)
    tracing = tracemalloc.is_tracing()
    _stop_tracing()
    expect(
        tracing is False,
        "tracemalloc was off before bytes_per_instance was called and still tracing after it. "
        "Tracing slows every allocation in the program; stop it again if you started it.",
    )


@pytest.mark.task(2)
def test_bytes_per_instance_leaves_a_running_trace_alone_and_ignores_earlier_memory():
    _stop_tracing()
    measure = _measure()
    tracemalloc.start()
    try:
        earlier = bytearray(5_000_000)
        spike = bytearray(20_000_000)  # freed again: the trace's peak now predates the call
        del spike
        result = _per_object(measure, "lambda: bytearray(1000)", lambda: bytearray(1000), 1000)
        still_tracing = tracemalloc.is_tracing()
        traced_now = tracemalloc.get_traced_memory()[0] if still_tracing else 0
    finally:
        _stop_tracing()
    expect(
        still_tracing is True,
        "tracemalloc was already tracing when bytes_per_instance was called, and was off "
        "afterwards. Someone else started that trace: leave it running.",
    )
    expect(
        traced_now >= len(earlier),
        "bytes_per_instance cleared the traces that were already there (the caller's 5 MB "
        "buffer is no longer counted). Read the current total before and after instead.",
    )
    expect(
        1000.0 <= result <= 1300.0,
        f"With tracemalloc already tracing a 5 MB buffer (and a 20 MB one that was freed "
        f"again), bytes_per_instance(lambda: bytearray(1000), n=1000) returned {result:.1f}; "
        "expected a little over 1000. Only what the call itself allocated may count: memory "
        "traced before it (or a peak reached before it) is not this call's doing.",
    )


# ---------------------------------------------------------------------------
# Task 3: the subclass that forgot __slots__
# ---------------------------------------------------------------------------
def _events() -> tuple[Any, Any]:
    module = load("slots")
    return need(module, "Event", "class"), need(module, "ClickEvent", "class")


def _click() -> tuple[Any, Any]:
    Event, ClickEvent = _events()
    click = call("ClickEvent(12.5, 300, 40)", ClickEvent, 12.5, 300, 40)
    return Event, click


@pytest.mark.task(3)
def test_a_click_event_still_stores_its_values():
    _, click = _click()
    expect_equal(click.timestamp, 12.5, "ClickEvent(12.5, 300, 40).timestamp")
    expect_equal(click.kind, "click", "ClickEvent(12.5, 300, 40).kind")
    expect_equal(click.x, 300, "ClickEvent(12.5, 300, 40).x")
    expect_equal(click.y, 40, "ClickEvent(12.5, 300, 40).y")


@pytest.mark.task(3)
def test_event_itself_is_still_slotted():
    Event, _ = _events()
    event = call('Event(1.0, "key")', Event, 1.0, "key")
    expect(
        not _has_instance_dict(event),
        "Event(1.0, 'key') has a __dict__: Event must keep its __slots__.",
    )


@pytest.mark.task(3)
def test_a_click_event_has_no_instance_dict():
    _, click = _click()
    expect(
        not _has_instance_dict(click),
        "ClickEvent(12.5, 300, 40) has a __dict__, so each click costs as much as a plain "
        "object. Every class in the hierarchy must declare __slots__; one that does not gives "
        "its instances a __dict__ again.",
    )


@pytest.mark.task(3)
def test_a_typo_on_a_click_event_raises_attribute_error():
    _, click = _click()
    expect(
        _rejects_new_attribute(click, "colour"),
        "`click.colour = ...` was silently accepted on a ClickEvent: a typo like "
        "`click.kidn = 'drag'` would go unnoticed.",
    )


@pytest.mark.task(3)
def test_click_event_does_not_declare_its_parents_slots_again():
    Event, click = _click()
    repeated = [
        name for name in ("timestamp", "kind") if name in vars(type(click)) and name in vars(Event)
    ]
    expect(
        not repeated,
        f"ClickEvent declares {show(repeated)} again, though Event already has those slots. "
        "The parent's slot is then hidden but still allocated: every ClickEvent carries "
        "unused space. A subclass lists only the attributes it adds.",
    )


@pytest.mark.task(3)
def test_click_event_reserves_no_field_it_does_not_use():
    Event, click = _click()
    ClickEvent = type(click)
    if not _has_instance_dict(click):
        expect(
            Event.__weakrefoffset__ != 0 or ClickEvent.__weakrefoffset__ == 0,
            "ClickEvent(12.5, 300, 40) can be weakly referenced, though Event cannot: its "
            "__slots__ ask for weak-reference support nobody here uses, a hidden field in "
            "every click. Name only the attributes ClickEvent adds.",
        )
        extra = (ClickEvent.__basicsize__ - Event.__basicsize__) // struct.calcsize("P")
        expect(
            extra <= 2,
            f"Each ClickEvent is {extra} fields bigger than an Event, but it stores only x and "
            "y on top of what Event has. Every name in __slots__ reserves a field in every "
            "instance, used or not: list only the attributes the subclass adds.",
        )


# ---------------------------------------------------------------------------
# Task 4: weak references to a slotted class
# ---------------------------------------------------------------------------
def _session_parts() -> tuple[Any, Any]:
    module = load("slots")
    return need(module, "Session", "class"), need(module, "SessionCache", "class")


@pytest.mark.task(4)
def test_the_cache_returns_a_live_session():
    Session, SessionCache = _session_parts()
    cache = call("SessionCache()", SessionCache)
    session = call('Session("ada", "t-1")', Session, "ada", "t-1")
    call('cache.add(Session("ada", "t-1"))', cache.add, session)
    found = call('cache.get("t-1")', cache.get, "t-1")
    expect(
        found is session,
        f'cache.get("t-1") returned {show(found)} while the session is still in use; expected '
        "that same Session object.",
    )


@pytest.mark.task(4)
def test_the_cache_forgets_a_session_nobody_holds():
    Session, SessionCache = _session_parts()
    cache = call("SessionCache()", SessionCache)
    session = call('Session("ada", "t-1")', Session, "ada", "t-1")
    call('cache.add(Session("ada", "t-1"))', cache.add, session)
    del session
    gc.collect()
    found = call('cache.get("t-1")', cache.get, "t-1")
    expect(
        found is None,
        f'After the last reference to the session was dropped, cache.get("t-1") returned '
        f"{show(found)}; expected None. The cache must not keep sessions alive: that is why it "
        "holds weak references.",
    )


@pytest.mark.task(4)
def test_a_session_still_has_no_instance_dict():
    Session, _ = _session_parts()
    session = call('Session("ada", "t-1")', Session, "ada", "t-1")
    expect(
        not _has_instance_dict(session),
        "Session('ada', 't-1') has a __dict__. Bringing the __dict__ back (dropping __slots__, "
        "or listing '__dict__' in them) throws the memory saving away; weak references need "
        "a slot of their own.",
    )
    expect(
        _rejects_new_attribute(session, "role"),
        "`session.role = ...` was accepted; a slotted Session should reject unknown attributes.",
    )


# ---------------------------------------------------------------------------
# Task 5: dataclass(slots=True)
# ---------------------------------------------------------------------------
def _config(*args: Any) -> Any:
    Config = need(load("slots"), "Config", "class")
    shown = ", ".join(map(repr, args))
    return call(f"Config({shown})", Config, *args)


@pytest.mark.task(5)
def test_a_config_has_no_instance_dict():
    config = _config("billing")
    expect(
        not _has_instance_dict(config),
        "Config('billing') has a __dict__. Slots are lost if any class in the hierarchy "
        "lacks them, and that includes dataclass bases.",
    )


@pytest.mark.task(5)
def test_a_typo_on_a_config_raises_attribute_error():
    config = _config("billing")
    expect(
        _rejects_new_attribute(config, "prot"),
        "`config.prot = 9000` (a typo for port) was silently accepted on a Config.",
    )


@pytest.mark.task(5)
def test_config_defaults_still_apply():
    config = _config("billing")
    expect_equal(config.name, "billing", "Config('billing').name")
    expect_equal(config.host, "localhost", "Config('billing').host")
    expect_equal(config.port, 8080, "Config('billing').port")
    expect_equal(config.tags, [], "Config('billing').tags")


@pytest.mark.task(5)
def test_each_config_gets_its_own_tags_list():
    Config = need(load("slots"), "Config", "class")
    first = call("Config('billing')", Config, "billing")
    second = call("Config('search')", Config, "search")
    call("Config('billing').tags.append('eu')", lambda: first.tags.append("eu"))
    expect_equal(
        second.tags,
        [],
        "Config('search').tags after appending to Config('billing').tags",
        "A default list must be created per instance, never shared.",
    )


@pytest.mark.task(5)
def test_config_is_still_a_dataclass_with_the_same_fields():
    Config = need(load("slots"), "Config", "class")
    expect(
        dataclasses.is_dataclass(Config),
        "Config is no longer a dataclass: keep @dataclass and let it write __slots__ for you.",
    )
    names = tuple(f.name for f in dataclasses.fields(Config))
    expect_equal(names, ("name", "host", "port", "tags"), "the names of dataclasses.fields(Config)")
    left = call("Config('billing', 'db', 5432)", Config, "billing", "db", 5432)
    right = call("Config('billing', 'db', 5432)", Config, "billing", "db", 5432)
    expect(
        (left == right) is True,
        "Two Config('billing', 'db', 5432) objects do not compare equal.",
    )


@pytest.mark.task(5)
def test_a_config_survives_pickling():
    config = _config("billing", "db", 5432, ["eu"])
    try:
        restored = pickle.loads(pickle.dumps(config))
    except Exception as exc:
        fail(f"pickling a Config raised {type(exc).__name__}: {show(str(exc))}.")
    expect(type(restored) is type(config), "The unpickled Config is not a Config.")
    expect_equal(
        (restored.name, restored.host, restored.port, restored.tags),
        ("billing", "db", 5432, ["eu"]),
        "the fields of the unpickled Config",
    )


# ---------------------------------------------------------------------------
# Task 6: when not to use __slots__
# ---------------------------------------------------------------------------
def _check_choice(module: Any, correct: str, why_wrong: dict[str, str]) -> None:
    """Like testkit.check_choice, but lists the options in letter order.

    (testkit lists the correct letter first, which would give the answer away.)
    """
    choice = need(module, "CHOICE")
    options = ", ".join(repr(letter) for letter in sorted([correct, *why_wrong]))
    if choice is None:
        fail(f"`CHOICE` is still None: set it to one of {options}.")
    picked = choice.strip().lower() if isinstance(choice, str) else None
    if picked != correct and picked not in why_wrong:
        fail(f"`CHOICE` should be one of {options}; it is {show(choice)}.")
    if picked != correct:
        fail(f"Not {picked!r}: {why_wrong[picked]}")


@pytest.mark.task(6)
def test_the_class_that_should_not_get_slots():
    _check_choice(
        load("slots"),
        "b",
        {
            "a": "a record created millions of times whose attributes never change is exactly "
            "the case slots are for: the memory saving multiplies by the instance count.",
            "c": "an immutable value object works well with slots (a frozen dataclass with "
            "slots=True stays hashable), and it never needs new attributes.",
            "d": "slotted classes can be weakly referenced once '__weakref__' is one of their "
            "slots, as in task 4; that is not a reason to avoid slots.",
        },
    )
