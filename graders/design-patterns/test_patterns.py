"""Grader for the design-patterns kata.

Every test builds its own classes, observers and pools, and the learner's module is loaded
afresh for each test (so REGISTRY starts empty every time): nothing leaks between tests.
"""

from __future__ import annotations

import gc
import weakref

import pytest

from kata.testkit import KataFailure, call, expect, expect_equal, fail, load, need, show

# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


class Boom(Exception):
    """Raised by the grader inside a `with` block to prove cleanup happens on errors."""


def patterns():
    return load("patterns")


def raises(description: str, expected: type[BaseException], func, *args, **kwargs):
    """Call learner code that should raise `expected`; return the exception, or fail clearly."""
    try:
        result = func(*args, **kwargs)
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except expected as exc:
        return exc
    except Exception as exc:
        fail(
            f"{description} raised {type(exc).__name__}: {show(str(exc), 150)[1:-1]}; "
            f"expected {expected.__name__}."
        )
    fail(f"{description} returned {show(result)} instead of raising {expected.__name__}.")


# ---------------------------------------------------------------------------------------------
# Task 1: Strategy with first-class functions
# ---------------------------------------------------------------------------------------------


@pytest.mark.task(1)
def test_percent_off_makes_a_strategy_that_rounds_the_discount_down():
    percent_off = need(patterns(), "percent_off", "function")
    for percent, subtotal, price in [
        (15, 999, 850),
        (10, 1999, 1800),
        (0, 1234, 1234),
        (100, 50, 0),
    ]:
        strategy = call(f"percent_off({percent})", percent_off, percent)
        if not callable(strategy):
            fail(
                f"percent_off({percent}) returned {show(strategy)}, which cannot be called. "
                "It should return the strategy itself: a function subtotal -> price."
            )
        expect_equal(
            call(f"percent_off({percent})({subtotal})", strategy, subtotal),
            price,
            f"percent_off({percent})({subtotal})",
            "Prices are whole cents (int); the discount is rounded down.",
        )


@pytest.mark.task(1)
def test_percent_off_stays_exact_to_the_cent_on_large_amounts():
    percent_off = need(patterns(), "percent_off", "function")
    # 18-19 digit amounts: more digits than a float holds (about 16), so float maths drifts.
    # Exact: 15% of 100000000000000007 is 15000000000000001.05, rounded down.
    for percent, subtotal, price in [
        (15, 10**17 + 7, 85_000_000_000_000_006),
        (10, 10**18 + 90, 900_000_000_000_000_081),
    ]:
        strategy = call(f"percent_off({percent})", percent_off, percent)
        expect_equal(
            call(f"percent_off({percent})({subtotal})", strategy, subtotal),
            price,
            f"percent_off({percent})({subtotal})",
            "Python ints are exact at any size, but a float keeps only about 16 significant "
            "digits: once the arithmetic goes through a float (/, 0.15, round, int(...)), large "
            "amounts lose cents. Money stays exact when every step is integer arithmetic.",
        )


@pytest.mark.task(1)
def test_percent_off_rejects_an_impossible_percent_when_the_strategy_is_made():
    percent_off = need(patterns(), "percent_off", "function")
    for percent in (101, -5):
        raises(f"percent_off({percent})", ValueError, percent_off, percent)


@pytest.mark.task(1)
def test_each_percent_off_strategy_keeps_its_own_percent():
    percent_off = need(patterns(), "percent_off", "function")
    ten = call("percent_off(10)", percent_off, 10)
    half = call("percent_off(50)", percent_off, 50)
    expect_equal(call("half(1000)", half, 1000), 500, "percent_off(50)(1000)")
    expect_equal(
        call("ten(1000)", ten, 1000),
        900,
        "percent_off(10)(1000), called after percent_off(50) was made",
        "Every strategy must remember its own percent.",
    )


@pytest.mark.task(1)
def test_best_price_accepts_any_callable_as_a_strategy():
    module = patterns()
    best_price = need(module, "best_price", "function")

    class Coupon:
        def __init__(self, cents):
            self.cents = cents

        def __call__(self, subtotal):
            return max(subtotal - self.cents, 0)

    def bulk(subtotal):
        return subtotal * 9 // 10

    strategies = [bulk, lambda subtotal: subtotal - 150, Coupon(300), bulk]
    expect_equal(
        call(
            "best_price(2000, [function, lambda, Coupon(300), function])",
            best_price,
            2000,
            strategies,
        ),
        1700,
        "best_price(2000, [a function giving 1800, a lambda giving 1850, a callable object "
        "giving 1700, the function again])",
        "A strategy is anything you can call; no base class needed.",
    )


@pytest.mark.task(1)
def test_best_price_never_charges_more_than_the_full_price():
    best_price = need(patterns(), "best_price", "function")
    expect_equal(
        call("best_price(1000, [surcharge])", best_price, 1000, [lambda subtotal: subtotal + 500]),
        1000,
        "best_price(1000, [a strategy that adds 500])",
        "Paying the full price is always an option.",
    )
    expect_equal(
        call("best_price(1000, [])", best_price, 1000, []),
        1000,
        "best_price(1000, [])",
        "With no strategies at all, the price is the subtotal.",
    )


@pytest.mark.task(1)
def test_best_price_works_with_a_generator_of_strategies():
    best_price = need(patterns(), "best_price", "function")
    offers = (lambda subtotal, cut=cut: subtotal - cut for cut in (400, 100, 250))
    expect_equal(
        call("best_price(1000, <generator of 3 strategies>)", best_price, 1000, offers),
        600,
        "best_price(1000, a generator of strategies taking off 400, 100 and 250)",
        "A generator can be iterated only once and has no len(): any item taken from it to "
        "check whether it is empty is gone for the second loop.",
    )


# ---------------------------------------------------------------------------------------------
# Task 2: Observer (fix the bug)
# ---------------------------------------------------------------------------------------------


def make_subject():
    subject_class = need(patterns(), "Subject", "class")
    return call("Subject()", subject_class)


def recorder(log, name):
    def observer(*args):
        log.append((name, args))

    return observer


@pytest.mark.task(2)
def test_notify_calls_every_observer_in_subscription_order_with_the_arguments():
    subject = make_subject()
    log = []
    for name in ("first", "second", "third"):
        call(f"subject.subscribe({name})", subject.subscribe, recorder(log, name))
    call("subject.notify('saved', 3)", subject.notify, "saved", 3)
    expect_equal(
        log,
        [("first", ("saved", 3)), ("second", ("saved", 3)), ("third", ("saved", 3))],
        "the calls made by subject.notify('saved', 3) (observer, arguments)",
    )


@pytest.mark.task(2)
def test_an_unsubscribed_observer_is_no_longer_called():
    subject = make_subject()
    log = []
    first, second = recorder(log, "first"), recorder(log, "second")
    call("subject.subscribe(first)", subject.subscribe, first)
    call("subject.subscribe(second)", subject.subscribe, second)
    call("subject.unsubscribe(first)", subject.unsubscribe, first)
    call("subject.notify('x')", subject.notify, "x")
    expect_equal(log, [("second", ("x",))], "the calls made by notify after unsubscribe(first)")


@pytest.mark.task(2)
def test_an_observer_that_unsubscribes_itself_does_not_make_the_next_one_miss_the_event():
    subject = make_subject()
    log = []

    def once(*args):
        log.append(("once", args))
        subject.unsubscribe(once)

    call("subject.subscribe(once)", subject.subscribe, once)
    call("subject.subscribe(after)", subject.subscribe, recorder(log, "after"))
    call("subject.notify(1)", subject.notify, 1)
    call("subject.notify(2)", subject.notify, 2)
    expect_equal(
        log,
        [("once", (1,)), ("after", (1,)), ("after", (2,))],
        "the calls made by notify(1) then notify(2), where the first observer unsubscribes "
        "itself when called",
        "The observer subscribed after a one-shot observer must still receive every event.",
    )


@pytest.mark.task(2)
def test_an_observer_unsubscribed_by_another_during_notify_still_gets_that_event():
    subject = make_subject()
    log = []
    victim = recorder(log, "victim")
    removed = []

    def remover(*args):
        log.append(("remover", args))
        if not removed:
            removed.append(True)
            subject.unsubscribe(victim)

    call("subject.subscribe(remover)", subject.subscribe, remover)
    call("subject.subscribe(victim)", subject.subscribe, victim)
    call("subject.notify(1)", subject.notify, 1)
    call("subject.notify(2)", subject.notify, 2)
    expect_equal(
        log,
        [("remover", (1,)), ("victim", (1,)), ("remover", (2,))],
        "the calls made by notify(1) then notify(2), where the first observer unsubscribes "
        "the second while handling event 1",
        "The second observer was subscribed when notify(1) started, so event 1 is still "
        "delivered to it; the unsubscription takes effect from event 2. Checking each observer "
        "against the live list again during delivery breaks that promise.",
    )


@pytest.mark.task(2)
def test_an_observer_subscribed_during_notify_first_hears_the_next_event():
    subject = make_subject()
    log = []
    late = recorder(log, "late")
    added = []

    def recruiter(*args):
        log.append(("recruiter", args))
        if not added:
            added.append(True)
            subject.subscribe(late)

    call("subject.subscribe(recruiter)", subject.subscribe, recruiter)
    call("subject.notify(1)", subject.notify, 1)
    call("subject.notify(2)", subject.notify, 2)
    expect_equal(
        log,
        [("recruiter", (1,)), ("recruiter", (2,)), ("late", (2,))],
        "the calls made by notify(1) then notify(2), where the first observer subscribes a "
        "new one while handling event 1",
        "notify delivers to the observers subscribed when it started; the newcomer begins "
        "with the next event.",
    )


# ---------------------------------------------------------------------------------------------
# Task 3: a factory registry
# ---------------------------------------------------------------------------------------------


def exporter_classes():
    class CsvExporter:
        def __init__(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs

    class JsonExporter:
        def __init__(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs

    return CsvExporter, JsonExporter


def registered(register, kind, cls):
    """Apply `@register(kind)` to `cls` as a class statement would; return what it gives back."""
    decorator = call(f"register({kind!r})", register, kind)
    if not callable(decorator):
        fail(
            f"register({kind!r}) returned {show(decorator)}, which cannot decorate a class: "
            "register(kind) must return the decorator."
        )
    return call(f"@register({kind!r}) on class {cls.__name__}", decorator, cls)


@pytest.mark.task(3)
def test_register_gives_back_the_class_itself():
    register = need(patterns(), "register", "function")
    csv_exporter, _ = exporter_classes()
    result = registered(register, "csv", csv_exporter)
    expect(
        result is csv_exporter,
        f"@register('csv') turned class CsvExporter into {show(result)}. A class decorator's "
        "return value replaces the class, so the name CsvExporter would no longer be the class.",
    )


@pytest.mark.task(3)
def test_create_builds_the_registered_class_with_the_given_arguments():
    module = patterns()
    register, create = need(module, "register", "function"), need(module, "create", "function")
    csv_exporter, json_exporter = exporter_classes()
    registered(register, "csv", csv_exporter)
    registered(register, "json", json_exporter)
    made = call("create('json', 'out.json', indent=2)", create, "json", "out.json", indent=2)
    expect(
        type(made) is json_exporter,
        f"create('json', 'out.json', indent=2) returned {show(made)}; expected an instance of "
        "the class registered as 'json'.",
    )
    expect_equal(made.args, ("out.json",), "the positional arguments JsonExporter received")
    expect_equal(made.kwargs, {"indent": 2}, "the keyword arguments JsonExporter received")


@pytest.mark.task(3)
def test_create_with_an_unknown_kind_raises_a_value_error_that_names_it_and_the_known_kinds():
    module = patterns()
    register, create = need(module, "register", "function"), need(module, "create", "function")
    csv_exporter, json_exporter = exporter_classes()
    registered(register, "csv", csv_exporter)
    registered(register, "json", json_exporter)
    error = raises("create('xml')", ValueError, create, "xml")
    text = str(error)
    missing = [word for word in ("xml", "csv", "json") if word not in text]
    expect(
        not missing,
        f"create('xml') raised ValueError({show(text)}), which does not mention "
        f"{', '.join(repr(m) for m in missing)}. Say which kind is unknown and list the "
        "registered ones, so the person who made the typo can fix it without reading the code.",
    )


@pytest.mark.task(3)
def test_an_error_inside_the_registered_class_is_not_reported_as_an_unknown_kind():
    module = patterns()
    register, create = need(module, "register", "function"), need(module, "create", "function")

    class Missing(KeyError):
        """What the grader's class raises from __init__: a setting it needs is not there."""

    class ConfiguredExporter:
        def __init__(self, settings):
            if "path" not in settings:
                raise Missing("path")
            self.path = settings["path"]

    registered(register, "csv", ConfiguredExporter)
    try:
        made = create("csv", {})
    except Missing:
        return
    except NotImplementedError:
        fail("create('csv', {}) raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"create('csv', {{}}) raised {type(exc).__name__}({show(str(exc), 120)}), but 'csv' "
            "is registered: the class's own __init__ raised KeyError('path') because the "
            "settings lack a path. create turned that into a different error, so the real "
            "problem (a missing setting) is reported as a bad kind. Only a failed registry "
            "lookup means the kind is unknown; errors from building the instance must reach "
            "the caller unchanged."
        )
    fail(
        f"create('csv', {{}}) returned {show(made)}, although the registered class raised "
        "KeyError('path') while being built."
    )


@pytest.mark.task(3)
def test_registering_a_taken_kind_raises_and_keeps_the_first_class():
    module = patterns()
    register, create = need(module, "register", "function"), need(module, "create", "function")
    csv_exporter, json_exporter = exporter_classes()
    registered(register, "csv", csv_exporter)

    def register_again():
        return register("csv")(json_exporter)

    raises("@register('csv') on a second class", ValueError, register_again)
    made = call("create('csv')", create, "csv")
    expect(
        type(made) is csv_exporter,
        f"After a second class was refused the kind 'csv', create('csv') returned {show(made)}; "
        "it should still build the first class registered as 'csv'.",
    )


# ---------------------------------------------------------------------------------------------
# Task 4: an abstract interface with abc
# ---------------------------------------------------------------------------------------------


def storage_class():
    return need(patterns(), "Storage", "class")


def cannot_instantiate(cls, description, why):
    try:
        made = cls()
    except TypeError:
        return
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError; expected TypeError. {why}")
    except Exception as exc:
        fail(f"{description} raised {type(exc).__name__}; expected TypeError. {why}")
    fail(f"{description} created {show(made)}; expected TypeError. {why}")


@pytest.mark.task(4)
def test_the_interface_itself_cannot_be_instantiated():
    storage = storage_class()
    cannot_instantiate(
        storage,
        "Storage()",
        "An interface describes what backends must do; an instance of it could do nothing.",
    )


@pytest.mark.task(4)
def test_a_backend_without_load_cannot_be_instantiated():
    storage = storage_class()

    class HalfBackend(storage):
        def save(self, key, data):
            pass

    cannot_instantiate(
        HalfBackend,
        "HalfBackend() (a Storage subclass that defines save but not load)",
        "A backend missing part of the interface should fail when it is created, not later "
        "when someone calls the missing method.",
    )


@pytest.mark.task(4)
def test_a_backend_without_save_cannot_be_instantiated():
    storage = storage_class()

    class ReadOnlyBackend(storage):
        def load(self, key):
            return b""

    cannot_instantiate(
        ReadOnlyBackend,
        "ReadOnlyBackend() (a Storage subclass that defines load but not save)",
        "Every method of the interface must be required, not just one.",
    )


@pytest.mark.task(4)
def test_a_complete_backend_can_be_instantiated_and_inherits_copy():
    storage = storage_class()

    class DictBackend(storage):
        def __init__(self):
            self.items = {}

        def save(self, key, data):
            self.items[key] = data

        def load(self, key):
            return self.items[key]

    backend = call("DictBackend() (a Storage subclass defining save and load)", DictBackend)
    backend.items["a"] = b"payload"
    call("backend.copy('a', 'b')", backend.copy, "a", "b")
    expect_equal(
        backend.items.get("b"),
        b"payload",
        "what DictBackend stores under 'b' after copy('a', 'b')",
        "copy() is the interface's concrete helper and must keep working for every backend.",
    )


def memory_storage():
    return need(patterns(), "MemoryStorage", "class")


@pytest.mark.task(4)
def test_memory_storage_round_trips_and_copies_data():
    storage = call("MemoryStorage()", memory_storage())
    call("storage.save('a', b'one')", storage.save, "a", b"one")
    expect_equal(call("storage.load('a')", storage.load, "a"), b"one", "storage.load('a')")
    call("storage.copy('a', 'b')", storage.copy, "a", "b")
    expect_equal(
        call("storage.load('b')", storage.load, "b"),
        b"one",
        "storage.load('b') after copy('a', 'b')",
    )


@pytest.mark.task(4)
def test_memory_storage_instances_do_not_share_data():
    memory = memory_storage()
    first, second = call("MemoryStorage()", memory), call("MemoryStorage()", memory)
    call("first.save('k', b'mine')", first.save, "k", b"mine")
    raises(
        "second.load('k') (a different MemoryStorage, where 'k' was never saved)",
        KeyError,
        second.load,
        "k",
    )


@pytest.mark.task(4)
def test_memory_storage_raises_key_error_for_a_key_never_saved():
    storage = call("MemoryStorage()", memory_storage())
    raises("storage.load('missing')", KeyError, storage.load, "missing")


# ---------------------------------------------------------------------------------------------
# Task 5: a context manager for a resource (fix the bug)
# ---------------------------------------------------------------------------------------------


class FakePool:
    """Records every call, so the grader can check the order and count of acquire/release."""

    def __init__(self, fail_acquire=False):
        self.events = []
        self.connection = object()
        self.fail_acquire = fail_acquire

    def acquire(self):
        self.events.append("acquire")
        if self.fail_acquire:
            raise ConnectionRefusedError("the grader's pool refused to hand out a connection")
        return self.connection

    def release(self, connection):
        if connection is self.connection:
            self.events.append("release")
        else:
            self.events.append(f"release({show(connection, 40)}), not the borrowed connection")


def open_pooled(pool):
    pooled = need(patterns(), "pooled", "function")
    cm = call("pooled(pool)", pooled, pool)
    kind = type(cm)
    if not (
        callable(getattr(kind, "__enter__", None)) and callable(getattr(kind, "__exit__", None))
    ):
        fail(f"pooled(pool) returned {show(cm)}, which cannot be used in a `with` statement.")
    return cm


def with_pooled(pool, body):
    """Run `with pooled(pool) as conn: body(conn)`; a learner error becomes a sentence."""
    cm = open_pooled(pool)
    try:
        with cm as conn:
            return body(conn)
    except (Boom, KataFailure, ConnectionRefusedError):
        raise
    except Exception as exc:
        fail(f"`with pooled(pool):` raised {type(exc).__name__}: {show(str(exc), 150)[1:-1]}.")


@pytest.mark.task(5)
def test_pooled_gives_the_block_the_connection_that_acquire_returned():
    pool = FakePool()
    conn = with_pooled(pool, lambda conn: conn)
    expect(
        conn is pool.connection,
        f"`with pooled(pool) as conn:` bound conn to {show(conn)}, not to what pool.acquire() "
        "returned.",
    )


@pytest.mark.task(5)
def test_pooled_releases_the_connection_after_the_block():
    pool = FakePool()
    with_pooled(pool, lambda conn: None)
    expect_equal(
        pool.events,
        ["acquire", "release"],
        "the pool calls made by a `with pooled(pool):` block",
        "The connection goes back exactly once: never released, the pool runs dry; released "
        "twice, the pool holds it twice and two later blocks would share one connection.",
    )


@pytest.mark.task(5)
def test_pooled_releases_the_connection_when_the_block_raises():
    pool = FakePool()
    boom = Boom("raised by the grader inside the with block")

    def body(conn):
        raise boom

    try:
        with_pooled(pool, body)
    except Boom as exc:
        expect(exc is boom, "`with pooled(pool):` replaced the block's exception with another one.")
    else:
        fail(
            "The grader raised an exception inside `with pooled(pool):`, and it never came out "
            "of the `with` statement: pooled swallowed it, so the caller would think all went well."
        )
    expect_equal(
        pool.events,
        ["acquire", "release"],
        "the pool calls made when the block inside `with pooled(pool):` raised",
        "Every error in a block would otherwise lose a connection, until the pool runs dry.",
    )


class Interrupt(BaseException):
    """Like KeyboardInterrupt or asyncio.CancelledError: not an Exception subclass."""


@pytest.mark.task(5)
def test_pooled_releases_the_connection_when_the_block_is_interrupted():
    pool = FakePool()
    stop = Interrupt("raised by the grader inside the with block, like Ctrl-C")
    cm = open_pooled(pool)
    try:
        with cm:
            raise stop
    except Interrupt as exc:
        expect(
            exc is stop, "`with pooled(pool):` replaced the block's interruption with another one."
        )
    except NotImplementedError:
        fail("pooled raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            "The grader interrupted the block inside `with pooled(pool):` (a BaseException, "
            f"like KeyboardInterrupt), and pooled turned it into {type(exc).__name__}: "
            f"{show(str(exc), 150)[1:-1]}."
        )
    else:
        fail(
            "The grader interrupted the block inside `with pooled(pool):` (a BaseException, "
            "like KeyboardInterrupt), and the interruption never came out of the `with` "
            "statement: pooled swallowed it."
        )
    expect_equal(
        pool.events,
        ["acquire", "release"],
        "the pool calls made when the block inside `with pooled(pool):` was interrupted by a "
        "BaseException (like KeyboardInterrupt or asyncio.CancelledError)",
        "Ctrl-C and task cancellation are not Exception subclasses: cleanup that only runs in "
        "`except Exception` misses them and loses the connection.",
    )


@pytest.mark.task(5)
def test_pooled_releases_nothing_when_acquire_fails():
    pool = FakePool(fail_acquire=True)
    ran = []
    try:
        with_pooled(pool, ran.append)
    except ConnectionRefusedError:
        pass
    else:
        fail(
            "pool.acquire() raised ConnectionRefusedError, but `with pooled(pool):` did not let "
            "it through. The caller must learn that no connection was available."
        )
    expect(not ran, "The block ran although pool.acquire() had failed.")
    expect_equal(
        pool.events,
        ["acquire"],
        "the pool calls made when pool.acquire() itself raised",
        "Nothing was borrowed, so nothing may be given back.",
    )


# ---------------------------------------------------------------------------------------------
# Task 6: observers that do not keep their listeners alive
# ---------------------------------------------------------------------------------------------


class Listener:
    def __init__(self, log, name):
        self.log, self.name = log, name

    def on_event(self, *args):
        self.log.append((self.name, args))


def make_weak_subject():
    weak_subject = need(patterns(), "WeakSubject", "class")
    return call("WeakSubject()", weak_subject)


def collect_if_alive(watcher):
    """Collect cycles only when refcounting has not already freed the object (that is cheaper)."""
    if watcher() is not None:
        gc.collect()


def live_count(subject):
    return call("len(subject)", len, subject)


@pytest.mark.task(6)
def test_a_bound_method_observer_is_called_while_its_object_lives():
    subject = make_weak_subject()
    log = []
    listener = Listener(log, "listener")
    call("subject.subscribe(listener.on_event)", subject.subscribe, listener.on_event)
    gc.collect()
    call("subject.notify('ping')", subject.notify, "ping")
    expect_equal(
        log,
        [("listener", ("ping",))],
        "the calls made by notify('ping') while the listener is still alive",
        "`listener.on_event` builds a new bound-method object every time it is evaluated, and "
        "nothing else keeps that object alive; a weak reference to it dies at once.",
    )


@pytest.mark.task(6)
def test_the_subject_does_not_keep_a_listener_object_alive():
    subject = make_weak_subject()
    listener = Listener([], "listener")
    call("subject.subscribe(listener.on_event)", subject.subscribe, listener.on_event)
    watcher = weakref.ref(listener)
    del listener
    collect_if_alive(watcher)
    expect(
        watcher() is None,
        "After the program dropped its last reference to a listener (and gc.collect() ran), "
        "the listener was still alive: the subject keeps it alive through the subscription, "
        "which is how observers leak memory in long-running programs.",
    )


@pytest.mark.task(6)
def test_a_plain_function_observer_is_called_and_not_kept_alive():
    subject = make_weak_subject()
    log = []

    def observer(*args):
        log.append(("function", args))

    call("subject.subscribe(observer)", subject.subscribe, observer)
    call("subject.notify(1)", subject.notify, 1)
    expect_equal(log, [("function", (1,))], "the calls made by notify(1) to a plain function")
    watcher = weakref.ref(observer)
    del observer
    collect_if_alive(watcher)
    expect(
        watcher() is None,
        "A function observer stayed alive after the program dropped it: the subject holds it "
        "with a strong reference.",
    )


@pytest.mark.task(6)
def test_dead_observers_are_skipped_and_no_longer_counted():
    subject = make_weak_subject()
    log = []
    keep, drop = Listener(log, "keep"), Listener(log, "drop")
    call("subject.subscribe(keep.on_event)", subject.subscribe, keep.on_event)
    call("subject.subscribe(drop.on_event)", subject.subscribe, drop.on_event)
    expect_equal(live_count(subject), 2, "len(subject) with two live listeners")
    watcher = weakref.ref(drop)
    del drop
    collect_if_alive(watcher)
    call("subject.notify('x') after one listener died", subject.notify, "x")
    expect_equal(log, [("keep", ("x",))], "the calls made by notify('x') after one listener died")
    expect_equal(live_count(subject), 1, "len(subject) after one of two listeners died")


@pytest.mark.task(6)
def test_unsubscribe_removes_a_bound_method_observer():
    subject = make_weak_subject()
    log = []
    listener = Listener(log, "listener")
    call("subject.subscribe(listener.on_event)", subject.subscribe, listener.on_event)
    call("subject.unsubscribe(listener.on_event)", subject.unsubscribe, listener.on_event)
    call("subject.notify('x')", subject.notify, "x")
    expect_equal(
        log,
        [],
        "the calls made by notify('x') after unsubscribe(listener.on_event)",
        "Two evaluations of `listener.on_event` give two different objects: how does your "
        "unsubscribe recognise the observer it is asked to remove?",
    )
    expect_equal(live_count(subject), 0, "len(subject) after the only observer unsubscribed")


@pytest.mark.task(6)
def test_weak_observers_are_notified_in_subscription_order():
    subject = make_weak_subject()
    log = []
    listeners = [Listener(log, name) for name in ("a", "b", "c")]
    for listener in listeners:
        call(f"subject.subscribe({listener.name}.on_event)", subject.subscribe, listener.on_event)
    call("subject.notify(7)", subject.notify, 7)
    expect_equal(log, [("a", (7,)), ("b", (7,)), ("c", (7,))], "the calls made by notify(7)")
