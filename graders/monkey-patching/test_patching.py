"""Grader for the monkey-patching kata.

Every test patches only objects it creates itself, or the kata's own modules, which the plugin
drops from sys.modules after each test: nothing a learner's patch does can leak into the next test.
"""

from __future__ import annotations

import pytest

from kata.testkit import (
    KataFailure,
    call,
    check_choice,
    check_prediction,
    expect,
    expect_equal,
    fail,
    load,
    need,
    show,
)

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


class Boom(Exception):
    """Raised by the grader inside a `with` block to prove cleanup happens on errors."""


def open_cm(description: str, factory, *args):
    """Call the learner's context-manager factory and check the result can be used in `with`."""
    cm = call(description, factory, *args)
    kind = type(cm)
    if not (
        callable(getattr(kind, "__enter__", None)) and callable(getattr(kind, "__exit__", None))
    ):
        fail(
            f"{description} returned {show(cm)}, which cannot be used in a `with` statement "
            "(it has no __enter__/__exit__). Decorate the generator with @contextmanager, or "
            "write a class with both methods."
        )
    return cm


def run_block(description: str, cm, body):
    """Run `with cm: body()` and return body's result; learner errors become sentences."""
    try:
        with cm:
            return body()
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except (Boom, KataFailure):
        raise
    except Exception as exc:
        fail(f"`with {description}:` raised {type(exc).__name__}: {show(str(exc), 200)[1:-1]}.")


def run_failing_block(description: str, cm, when: str) -> None:
    """Run `with cm: raise Boom` and check the very same exception comes out of the `with`."""
    boom = Boom("raised by the grader inside the with block")

    def body():
        raise boom

    try:
        run_block(description, cm, body)
    except Boom as exc:
        expect(
            exc is boom,
            f"`with {description}:` replaced the grader's exception with another one; the "
            "caller must see the error the block raised.",
        )
    else:
        fail(
            f"The grader raised an exception inside `with {description}:`, but it never came "
            f"out of the `with` statement: {when} swallowed it. A cleanup must not hide errors."
        )


def greet_fake(*args):
    return "fake"


# ---------------------------------------------------------------------------------------------
# Task 1: predict the output
# ---------------------------------------------------------------------------------------------

SNIPPET = """
class A:
    def hello(self):
        return "A.hello"

def new_hello(self):
    return "new_hello for " + self.name

a = A()
a.name = "a"
early = a.hello

A.hello = new_hello
b = A()
b.name = "b"
print(a.hello())
print(b.hello())
print(early())

b.hello = lambda: "only b"
print(a.hello(), "|", b.hello())

a.hello = new_hello
try:
    print(a.hello())
except TypeError:
    print("TypeError")

del b.hello
print(b.hello())
"""


@pytest.mark.task(1)
def test_prediction_matches_what_the_class_and_instance_patches_print():
    check_prediction(load("patching"), SNIPPET)


# ---------------------------------------------------------------------------------------------
# Task 2: the patch that misses because of `from weather_api import fetch_temperature`
# ---------------------------------------------------------------------------------------------


def weather_modules():
    """(weather_api, report, offline_weather), loaded in the order a real program imports them."""
    api = load("weather_api")
    report = load("report")
    real = vars(api).get("fetch_temperature")
    if not callable(real) or vars(report).get("fetch_temperature") is not real:
        fail(
            "report.py no longer gets `fetch_temperature` with `from weather_api import "
            "fetch_temperature`. Keep report.py and weather_api.py as they were (run "
            "`kata reset` if needed): they stand for code you cannot change, and the task is "
            "to patch them from patching.py."
        )
    need(report, "daily_report", "function")
    offline = need(load("patching"), "offline_weather", "function")
    return api, report, offline


@pytest.mark.task(2)
def test_daily_report_uses_the_fake_temperature_inside_offline_weather():
    _api, report, offline = weather_modules()
    daily_report = report.daily_report  # the real one: replacing it would test nothing
    cm = open_cm("offline_weather(21.5)", offline, 21.5)
    try:
        with cm:
            text = daily_report("Oslo")
    except ConnectionError:
        fail(
            "Inside `with offline_weather(21.5):`, report.daily_report('Oslo') still called the "
            "real weather_api.fetch_temperature (it raised ConnectionError). The patch changed a "
            "name that daily_report does not look up when it runs."
        )
    except NotImplementedError:
        fail("offline_weather raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            "Inside `with offline_weather(21.5):`, report.daily_report('Oslo') raised "
            f"{type(exc).__name__}: {show(str(exc), 200)[1:-1]}."
        )
    expect_equal(
        text,
        "Oslo: 21.5 °C",
        "report.daily_report('Oslo') inside `with offline_weather(21.5):`",
        "Every temperature lookup should return the temperature given to offline_weather.",
    )


@pytest.mark.task(2)
def test_offline_weather_puts_the_real_function_back_afterwards():
    api, report, offline = weather_modules()
    real = api.fetch_temperature
    run_block("offline_weather(3.0)", open_cm("offline_weather(3.0)", offline, 3.0), lambda: None)
    expect(
        vars(report).get("fetch_temperature") is real,
        "After `with offline_weather(3.0):` ended, report.fetch_temperature was "
        f"{show(vars(report).get('fetch_temperature'))}, not the real function: the fake leaked "
        "out of the block and would answer every later caller.",
    )
    expect(
        vars(api).get("fetch_temperature") is real,
        "After `with offline_weather(3.0):` ended, weather_api.fetch_temperature was not the "
        "real function any more: the patch was not undone.",
    )


@pytest.mark.task(2)
def test_offline_weather_restores_even_when_the_block_raises():
    api, report, offline = weather_modules()
    real = api.fetch_temperature
    run_failing_block(
        "offline_weather(3.0)", open_cm("offline_weather(3.0)", offline, 3.0), "offline_weather"
    )
    for module, label in ((report, "report"), (api, "weather_api")):
        now = vars(module).get("fetch_temperature")
        expect(
            now is real,
            "The block inside `with offline_weather(3.0):` raised, and afterwards "
            f"{label}.fetch_temperature was {show(now)}, not the real function. Everything "
            "offline_weather changes must be undone on the error path too, or one failing test "
            "poisons every test after it.",
        )


# ---------------------------------------------------------------------------------------------
# Task 3: patched(target, name, value)
# ---------------------------------------------------------------------------------------------


def patched_function():
    return need(load("patching"), "patched", "function")


def make_target():
    class Target:
        def greet(self):
            return "real"

    return Target


@pytest.mark.task(3)
def test_patched_replaces_the_attribute_inside_the_block():
    patched = patched_function()
    target = make_target()
    desc = "patched(Target, 'greet', fake)"
    seen = run_block(
        desc, open_cm(desc, patched, target, "greet", greet_fake), lambda: vars(target).get("greet")
    )
    expect(
        seen is greet_fake,
        f"Inside `with {desc}:`, Target.__dict__['greet'] was {show(seen)}, not the fake "
        "function passed in.",
    )


@pytest.mark.task(3)
def test_patched_puts_the_original_back_after_the_block():
    patched = patched_function()
    target = make_target()
    original = vars(target)["greet"]
    desc = "patched(Target, 'greet', fake)"
    run_block(desc, open_cm(desc, patched, target, "greet", greet_fake), lambda: None)
    expect(
        vars(target).get("greet") is original,
        f"After `with {desc}:` ended, Target.greet was {show(vars(target).get('greet'))}, "
        "not the original function.",
    )


@pytest.mark.task(3)
def test_patched_restores_even_when_the_block_raises():
    patched = patched_function()
    target = make_target()
    original = vars(target)["greet"]
    desc = "patched(Target, 'greet', fake)"
    run_failing_block(desc, open_cm(desc, patched, target, "greet", greet_fake), "patched")
    expect(
        vars(target).get("greet") is original,
        f"The block inside `with {desc}:` raised, and afterwards Target.greet was still "
        f"{show(vars(target).get('greet'))}. Restoring must happen on the error path too.",
    )


@pytest.mark.task(3)
def test_patched_refuses_a_name_that_does_not_exist():
    patched = patched_function()
    target = make_target()
    desc = "patched(Target, 'gret', fake)"
    try:
        cm = patched(target, "gret", greet_fake)
        with cm:
            pass
    except AttributeError:
        pass
    except NotImplementedError:
        fail(f"{desc} raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(f"{desc} raised {type(exc).__name__}; expected AttributeError for a missing name.")
    else:
        fail(
            f"`with {desc}:` ran without an error, though Target has no attribute 'gret'. "
            "A typo in a patch should fail loudly: otherwise the test passes while the real "
            "code it meant to replace still runs."
        )
    expect(
        "gret" not in vars(target),
        f"{desc} raised AttributeError but left a 'gret' attribute behind on Target.",
    )


@pytest.mark.task(3)
def test_an_attribute_whose_value_is_none_can_be_patched_and_is_put_back():
    patched = patched_function()

    class Settings:
        timeout = None

    desc = "patched(Settings, 'timeout', 30)"
    try:
        cm = patched(Settings, "timeout", 30)
        with cm:
            seen = vars(Settings).get("timeout")
    except AttributeError:
        fail(
            f"{desc} raised AttributeError, but Settings does have a `timeout` attribute: "
            "its value is None. A value of None (or 0, or '') is "
            "still an attribute; the check should ask whether the name exists, not what it holds."
        )
    except NotImplementedError:
        fail(f"{desc} raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(f"`with {desc}:` raised {type(exc).__name__}: {show(str(exc), 200)[1:-1]}.")
    expect(
        seen == 30 and type(seen) is int,
        f"Inside `with {desc}:`, Settings.timeout was {show(seen)}, not 30.",
    )
    if "timeout" not in vars(Settings):
        fail(
            f"After `with {desc}:`, Settings has no `timeout` attribute any more: it held None "
            "before, and the patch deleted it instead of putting None back. Remember whether the "
            "name was there, separately from what its value was."
        )
    expect(
        vars(Settings)["timeout"] is None,
        f"After `with {desc}:`, Settings.timeout is {show(vars(Settings)['timeout'])}; it was "
        "None before the patch.",
    )


@pytest.mark.task(3)
def test_patching_an_inherited_method_on_a_subclass_leaves_no_copy_behind():
    patched = patched_function()
    base = make_target()

    class Child(base):
        pass

    desc = "patched(Child, 'greet', fake)"
    run_block(desc, open_cm(desc, patched, Child, "greet", greet_fake), lambda: None)
    expect(
        "greet" not in vars(Child),
        f"Child only inherited `greet` from its base class, but after `with {desc}:` it has "
        "its own copy. A later fix or patch of the base class's greet would no longer reach "
        "Child. Put back what the target itself held, which here is nothing.",
    )


@pytest.mark.task(3)
def test_patching_a_method_on_one_instance_leaves_no_instance_attribute_behind():
    patched = patched_function()
    target = make_target()
    obj = target()
    desc = "patched(obj, 'greet', fake)"
    seen = run_block(
        desc,
        open_cm(desc, patched, obj, "greet", greet_fake),
        lambda: call("obj.greet()", obj.greet),
    )
    expect_equal(seen, "fake", f"obj.greet() inside `with {desc}:`")
    expect(
        "greet" not in vars(obj),
        f"After `with {desc}:`, obj.__dict__ still holds {show(vars(obj).get('greet'))}. "
        "obj had no `greet` of its own before (it used the class's), so nothing should be left; "
        "the leftover hides any later change to the class's method.",
    )


@pytest.mark.task(3)
def test_a_patched_staticmethod_is_still_a_staticmethod_afterwards():
    patched = patched_function()

    class Factory:
        @staticmethod
        def make():
            return "real"

    desc = "patched(Factory, 'make', fake)"
    run_block(desc, open_cm(desc, patched, Factory, "make", lambda: "fake"), lambda: None)
    stored = vars(Factory).get("make")
    if not isinstance(stored, staticmethod):
        fail(
            f"After `with {desc}:`, Factory.__dict__['make'] is a {type(stored).__name__} "
            "object, no longer the staticmethod it was, so Factory().make() now receives "
            "`self` and breaks. getattr(Factory, 'make') hands you the function inside the "
            "staticmethod, not what the class stores."
        )
    expect_equal(
        call("Factory().make()", lambda: Factory().make()),
        "real",
        f"Factory().make() after `with {desc}:`",
    )


# ---------------------------------------------------------------------------------------------
# Task 4: patch_instance(obj, name, method)
# ---------------------------------------------------------------------------------------------


def patch_instance_function():
    return need(load("patching"), "patch_instance", "function")


def make_greeter():
    class Greeter:
        def greet(self, who):
            return "hello " + who

    return Greeter


def spy(self, who):
    return (self, who)


@pytest.mark.task(4)
def test_the_patched_instance_passes_itself_as_self():
    patch_instance = patch_instance_function()
    greeter = make_greeter()
    obj = greeter()
    desc = "patch_instance(obj, 'greet', method)"
    result = run_block(
        desc,
        open_cm(desc, patch_instance, obj, "greet", spy),
        lambda: call("obj.greet('Ada')", obj.greet, "Ada"),
    )
    expect(
        type(result) is tuple and len(result) == 2 and result[0] is obj and result[1] == "Ada",
        f"Inside `with {desc}:`, obj.greet('Ada') should call method(obj, 'Ada'); method "
        f"returned {show(result)} instead of (obj, 'Ada'). A function stored on an instance "
        "is not bound to it automatically.",
    )


@pytest.mark.task(4)
def test_keyword_arguments_reach_the_replacement_method():
    patch_instance = patch_instance_function()
    greeter = make_greeter()
    obj = greeter()
    desc = "patch_instance(obj, 'greet', method)"

    def body():
        try:
            return obj.greet(who="Ada")
        except TypeError as exc:
            fail(
                f"Inside `with {desc}:`, obj.greet(who='Ada') raised TypeError: "
                f"{show(str(exc), 150)[1:-1]}. The method takes `who` as a keyword here; whatever "
                "stands in for the method on obj must pass keyword arguments on as well as "
                "positional ones."
            )

    result = run_block(desc, open_cm(desc, patch_instance, obj, "greet", spy), body)
    expect(
        type(result) is tuple and len(result) == 2 and result[0] is obj and result[1] == "Ada",
        f"Inside `with {desc}:`, obj.greet(who='Ada') should call method(obj, who='Ada'); "
        f"method returned {show(result)} instead of (obj, 'Ada').",
    )


@pytest.mark.task(4)
def test_other_instances_and_the_class_are_untouched_inside_the_block():
    patch_instance = patch_instance_function()
    greeter = make_greeter()
    original = vars(greeter)["greet"]
    obj, other = greeter(), greeter()
    desc = "patch_instance(obj, 'greet', method)"

    def body():
        return vars(greeter).get("greet"), call("other.greet('Ada')", other.greet, "Ada")

    stored, other_says = run_block(desc, open_cm(desc, patch_instance, obj, "greet", spy), body)
    expect(
        stored is original,
        f"Inside `with {desc}:` the class's own greet was replaced: every instance is affected, "
        "not just obj.",
    )
    expect_equal(
        other_says,
        "hello Ada",
        f"other.greet('Ada') inside `with {desc}:`",
        "Only obj should be patched.",
    )


@pytest.mark.task(4)
def test_the_instance_has_no_leftover_attribute_afterwards():
    patch_instance = patch_instance_function()
    greeter = make_greeter()
    obj = greeter()
    desc = "patch_instance(obj, 'greet', method)"
    run_block(desc, open_cm(desc, patch_instance, obj, "greet", spy), lambda: None)
    expect(
        "greet" not in vars(obj),
        f"After `with {desc}:`, obj.__dict__ still holds {show(vars(obj).get('greet'))}; obj "
        "had no greet of its own before. The leftover silently hides the class's method.",
    )
    expect_equal(
        call("obj.greet('Ada')", obj.greet, "Ada"),
        "hello Ada",
        f"obj.greet('Ada') after `with {desc}:`",
    )


@pytest.mark.task(4)
def test_patch_instance_restores_even_when_the_block_raises():
    patch_instance = patch_instance_function()
    greeter = make_greeter()
    obj = greeter()
    desc = "patch_instance(obj, 'greet', method)"
    run_failing_block(desc, open_cm(desc, patch_instance, obj, "greet", spy), "patch_instance")
    expect(
        "greet" not in vars(obj),
        f"The block inside `with {desc}:` raised, and afterwards obj.__dict__ still held "
        f"{show(vars(obj).get('greet'))}, though obj had no greet of its own before. Cleanup "
        "has to run on the error path too.",
    )


@pytest.mark.task(4)
def test_an_instance_attribute_that_was_already_there_is_put_back():
    patch_instance = patch_instance_function()
    greeter = make_greeter()
    obj = greeter()

    def own(who):
        return "own " + who

    obj.greet = own
    desc = "patch_instance(obj, 'greet', method)"
    run_block(desc, open_cm(desc, patch_instance, obj, "greet", spy), lambda: None)
    if "greet" not in vars(obj):
        fail(
            f"obj had its own `greet` attribute (a plain function) before `with {desc}:`; "
            "afterwards obj has no `greet` of its own at all: the cleanup deleted the attribute "
            "instead of putting back what obj held. Deleting is only right when obj had nothing "
            "of its own before."
        )
    expect(
        vars(obj).get("greet") is own,
        f"obj had its own `greet` attribute before `with {desc}:`; afterwards it is "
        f"{show(vars(obj).get('greet'))}. Put back exactly what obj held.",
    )


# ---------------------------------------------------------------------------------------------
# Task 5: explain the trade-off
# ---------------------------------------------------------------------------------------------


@pytest.mark.task(5)
def test_choice_names_the_real_cost_of_patching_in_production():
    module = load("patching")
    choice = need(module, "CHOICE")
    if not isinstance(choice, str) or choice.strip().lower() not in {"a", "b", "c", "d"}:
        fail(f"`CHOICE` should be one of 'a', 'b', 'c', 'd'; it is {show(choice)}.")
    check_choice(
        module,
        "b",
        {
            "a": "after the assignment, `thirdparty.parse` is found by the same dictionary "
            "lookup as before; a patch adds no per-call cost beyond what the replacement does.",
            "c": "attributes are looked up at call time, so every thread and every running "
            "function that looks `thirdparty.parse` up afterwards gets the replacement. Only a "
            "name bound earlier, with `from ... import`, keeps the old function.",
            "d": "the module attribute itself holds a strong reference to the replacement, so "
            "it lives as long as the module; nothing undoes a patch except code that sets the "
            "attribute back. That permanence is part of the problem.",
        },
    )
