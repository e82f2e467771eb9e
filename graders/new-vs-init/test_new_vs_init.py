"""Grader for the new-vs-init kata: who makes the object (__new__) and who sets it up (__init__)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from kata.testkit import (
    KataFailure,
    call,
    check_prediction,
    expect,
    expect_equal,
    fail,
    load,
    need,
    show,
)

MODULE = "new_vs_init"

TRACER_SNIPPET = """
class Tracer:
    def __new__(cls, label):
        print("new", label)
        if label == "skip":
            return "not a Tracer"
        return super().__new__(cls)

    def __init__(self, label):
        print("init", label)
        self.label = label


first = Tracer("a")
second = Tracer("skip")
print(first.label, second)
"""


def _module() -> ModuleType:
    return load(MODULE)


def _count_calls(module: ModuleType, name: str) -> list[tuple[Any, ...]]:
    """Replace module.<name> with a wrapper that records every call, and return the record."""
    original = need(module, name, "function")
    calls: list[tuple[Any, ...]] = []

    def counting(*args: Any) -> Any:
        calls.append(args)
        return original(*args)

    setattr(module, name, counting)
    return calls


def _expect_value_error(description: str, func: Callable[..., Any], *args: Any) -> None:
    try:
        result = func(*args)
    except ValueError:
        return
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"{description} raised {type(exc).__name__}; expected ValueError. Callers catch "
            "ValueError for bad input: let a lookup error from inside leak out and they miss it."
        )
    fail(
        f"{description} returned {show(result)}; expected it to raise ValueError, so bad input "
        "is refused when the object is made instead of failing later somewhere else."
    )


def _attribute(obj: object, name: str, description: str) -> Any:
    try:
        return getattr(obj, name)
    except AttributeError:
        fail(f"{description} has no `.{name}` attribute.")


# Task 1: predict the output -------------------------------------------------------------------


@pytest.mark.task(1)
def test_prediction_matches_what_the_tracer_snippet_prints():
    check_prediction(_module(), TRACER_SNIPPET)


# Task 2: fix the singleton ----------------------------------------------------------------------


def _app_config(module: ModuleType) -> Any:
    app_config = need(module, "AppConfig", "class")
    return call("AppConfig()", app_config)


@pytest.mark.task(2)
def test_app_config_returns_the_same_object_every_time():
    module = _module()
    first = _app_config(module)
    second = _app_config(module)
    expect(
        first is second,
        "Two calls to AppConfig() returned two different objects. A singleton hands back the "
        "one instance it already made, or every part of the program sees its own configuration.",
    )


@pytest.mark.task(2)
def test_a_value_set_through_one_handle_survives_the_next_app_config_call():
    module = _module()
    first = _app_config(module)
    call('AppConfig().set("region", "ap-south")', first.set, "region", "ap-south")
    second = _app_config(module)
    region = call('AppConfig().get("region")', second.get, "region")
    expect_equal(
        region,
        "ap-south",
        'After AppConfig().set("region", "ap-south") and another AppConfig() call, .get("region")',
        "The second AppConfig() call wiped the override: whatever __init__ sets up runs again "
        "on the object __new__ hands back.",
    )


@pytest.mark.task(2)
def test_setup_runs_at_most_once_however_often_app_config_is_called():
    module = _module()
    calls = _count_calls(module, "load_settings")
    for _ in range(3):
        _app_config(module)
    expect(
        len(calls) <= 1,
        f"Three calls to AppConfig() ran load_settings() {len(calls)} times; it should run once. "
        "__new__ returning the cached object does not stop Python from calling __init__ on it.",
    )


@pytest.mark.task(2)
def test_the_singleton_still_reads_the_loaded_settings():
    module = _module()
    _app_config(module)
    config = _app_config(module)
    env = call('AppConfig().get("env")', config.get, "env")
    expect_equal(
        env,
        "dev",
        'On the second AppConfig(), .get("env")',
        "The shared instance must still carry the settings load_settings() returned.",
    )


# Task 3: an immutable str subclass ----------------------------------------------------------------


def _username(module: ModuleType, raw: str) -> Any:
    username = need(module, "Username", "class")
    return call(f"Username({raw!r})", username, raw)


@pytest.mark.task(3)
def test_username_returns_a_username_instance():
    module = _module()
    username = need(module, "Username", "class")
    expect(
        issubclass(username, str),
        "Username must stay a subclass of str: the point is a value that is a real string.",
    )
    value = _username(module, "  Ada.Lovelace ")
    expect(
        type(value) is username,
        f"Username('  Ada.Lovelace ') returned a {type(value).__name__}, not a Username. "
        "Returning a plain str from __new__ loses the type, and Python then skips __init__.",
    )


@pytest.mark.task(3)
def test_username_text_is_stripped_and_lower_cased():
    module = _module()
    value = _username(module, "  Ada.Lovelace ")
    if not isinstance(value, str):
        fail(f"Username('  Ada.Lovelace ') returned {show(value)}, which is not a str at all.")
    # str.__str__ reads the characters the str really holds, whatever the subclass overrides.
    text = str.__str__(value)
    expect_equal(
        text,
        "ada.lovelace",
        "str.__str__(Username('  Ada.Lovelace ')), the text the string really holds,",
        "A str's characters are fixed when str.__new__ builds it; by the time __init__ runs "
        "it is too late to change them, and overriding __str__ or __eq__ only hides the raw text.",
    )


@pytest.mark.task(3)
def test_username_compares_hashes_and_measures_like_its_canonical_text():
    module = _module()
    value = _username(module, " GRACE ")
    if not isinstance(value, str):
        fail(f"Username(' GRACE ') returned {show(value)}, which is not a str at all.")
    expect(
        str.__eq__(value, "grace") is True and len(value) == 5,
        f"Username(' GRACE ') holds {show(str.__str__(value))}; as a string it should be equal "
        "to 'grace' and five characters long.",
    )
    owners = {"grace": "admin"}
    expect(
        owners.get(value) == "admin",
        "Looking Username(' GRACE ') up in a dict keyed by the plain string 'grace' found "
        "nothing. Equal strings must hash alike, and that only holds if the text itself is "
        "canonical.",
    )


@pytest.mark.task(3)
def test_blank_username_raises_value_error():
    module = _module()
    username = need(module, "Username", "class")
    _expect_value_error("Username('   ')", username, "   ")
    _expect_value_error("Username('')", username, "")


@pytest.mark.task(3)
def test_username_strips_tabs_and_newlines_too():
    module = _module()
    value = _username(module, "\tGrace\n")
    if not isinstance(value, str):
        fail(f"Username('\\tGrace\\n') returned {show(value)}, which is not a str at all.")
    expect_equal(
        str.__str__(value),
        "grace",
        "str.__str__(Username('\\tGrace\\n'))",
        "Surrounding whitespace means every kind: a name pasted from a form or read from a "
        "file line arrives with tabs and newlines, not only spaces.",
    )
    username = need(module, "Username", "class")
    _expect_value_error("Username(' \\t\\n')", username, " \t\n")


# Task 4: an instance cache ------------------------------------------------------------------------


def _color(module: ModuleType, raw: str) -> Any:
    color = need(module, "Color", "class")
    return call(f"Color({raw!r})", color, raw)


@pytest.mark.task(4)
def test_color_returns_a_color_instance():
    module = _module()
    color = need(module, "Color", "class")
    red = _color(module, "red")
    expect(
        type(red) is color,
        f"Color('red') returned {show(red)} (a {type(red).__name__}); expected a Color instance.",
    )


@pytest.mark.task(4)
def test_same_colour_name_gives_the_same_instance():
    module = _module()
    first = _color(module, "red")
    second = _color(module, "red")
    expect(
        first is second,
        "Color('red') is Color('red') was False: each call made a new object. The cache in "
        "__new__ should hand back the instance it already made.",
    )


@pytest.mark.task(4)
def test_names_differing_in_case_and_spaces_give_the_same_instance():
    module = _module()
    red = _color(module, "red")
    shouted = _color(module, "  RED ")
    expect(
        red is shouted,
        "Color('  RED ') is Color('red') was False. The cache must be keyed by the canonical "
        "name, or one colour ends up with several instances.",
    )


@pytest.mark.task(4)
def test_colour_has_its_canonical_name_and_hex_code():
    module = _module()
    palette = need(module, "PALETTE")
    blue = _color(module, " Blue")
    expect_equal(_attribute(blue, "name", "Color(' Blue')"), "blue", "Color(' Blue').name")
    expect_equal(_attribute(blue, "hex", "Color(' Blue')"), palette["blue"], "Color(' Blue').hex")


@pytest.mark.task(4)
def test_different_colours_are_different_instances():
    module = _module()
    palette = need(module, "PALETTE")
    red = _color(module, "red")
    green = _color(module, "green")
    expect(red is not green, "Color('red') and Color('green') are the same object.")
    expect_equal(_attribute(red, "hex", "Color('red')"), palette["red"], "Color('red').hex")
    expect_equal(_attribute(green, "hex", "Color('green')"), palette["green"], "Color('green').hex")


@pytest.mark.task(4)
def test_asking_again_does_not_change_the_existing_instance():
    module = _module()
    palette = need(module, "PALETTE")
    red = _color(module, "red")
    _color(module, "  Red  ")
    expect_equal(
        _attribute(red, "name", "Color('red')"),
        "red",
        "After a later Color('  Red  '), the first Color('red').name",
        "Python calls __init__ again on the cached object __new__ returns, with the new "
        "arguments: anything __init__ sets is overwritten for everyone holding that instance.",
    )
    expect_equal(
        _attribute(red, "hex", "Color('red')"),
        palette["red"],
        "After a later Color('  Red  '), the first Color('red').hex",
    )


@pytest.mark.task(4)
def test_lookup_hex_runs_once_per_distinct_colour():
    module = _module()
    calls = _count_calls(module, "lookup_hex")
    held = [_color(module, name) for name in ("red", "blue", "RED", " red", "Blue ", "blue")]
    if not calls:
        fail(
            "Six Color(...) calls never called the module's lookup_hex function. Get each "
            "colour's code by calling lookup_hex when the colour is first made."
        )
    expect(
        len(calls) == 2,
        "Six Color(...) calls for two distinct colours (red three times, blue three times) "
        f"called lookup_hex {len(calls)} time(s), with {show(calls)}; expected exactly one call "
        "per colour. Either the cache missed a name it already had, or setup in __init__ ran "
        "again on the cached colour (Python calls __init__ on whatever __new__ returns).",
    )
    del held


@pytest.mark.task(4)
def test_unknown_colour_raises_value_error_every_time():
    module = _module()
    color = need(module, "Color", "class")
    _expect_value_error("Color('purple')", color, "purple")
    try:
        _expect_value_error("A second Color('purple')", color, "purple")
    except KataFailure as failure:
        fail(
            f"{failure} The first attempt left something behind in the cache: only a "
            "fully built colour should ever be stored."
        )
    red = _color(module, "red")
    expect(type(red) is color, "After refusing 'purple', Color('red') no longer works.")
