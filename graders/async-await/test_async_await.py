"""Grader for the async-await kata.

Nothing here depends on how fast the machine is. Overlap is proven by structure: a fake fetch
waits, counting event-loop turns (not seconds), for the others to arrive, so code that awaits
one fetch after another fails on the first fetch after a bounded number of turns instead of
hanging. Wall-clock limits exist only to stop a wrong answer that would wait forever (GUARD,
far above anything a right answer needs). TaskGroup tests are skipped before Python 3.11.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import sys
import threading
import time

import pytest

from kata.testkit import (
    KataFailure,
    check_prediction,
    expect,
    expect_equal,
    fail,
    load,
    need,
    show,
)

MODULE = "async_kata"
GUARD = 2.0
"""Seconds before a call that should have finished is declared stuck (right answers: < 0.1 s)."""
STARVED = 2.0
"""Seconds a blocking load() waits for the other tasks to make progress (they need microseconds)."""
BACKOFF = 0.1
"""Seconds of back-off in the retry test; attempts closer than half of it did not pause."""
TURNS = 500
"""Event-loop turns a fake waits for the others; a right answer needs fewer than twenty."""

needs_taskgroup = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="asyncio.TaskGroup needs Python 3.11 or newer"
)


# --- running learner coroutines -------------------------------------------------------------


class _Stuck(Exception):
    """The guard fired: the learner's call did not finish."""


def run(main, stuck_message, guard=GUARD):
    """Run the grader coroutine `main()`; if it is still going after `guard` s, fail."""

    async def guarded():
        task = asyncio.ensure_future(main())
        done, _ = await asyncio.wait({task}, timeout=guard)
        if not done:
            task.cancel()
            raise _Stuck
        return task.result()

    try:
        return asyncio.run(guarded())
    except _Stuck:
        pass
    fail(stuck_message)


async def attempt(description, make):
    """Call and await learner code; return (value, None) or (None, exception it raised)."""
    try:
        awaitable = make()
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        return None, exc
    if not inspect.isawaitable(awaitable):
        fail(
            f"{description} returned {show(awaitable)} (a {type(awaitable).__name__}) instead of "
            "something to await. It must be an `async def` function, so the caller can await it "
            "while other work goes on."
        )
    try:
        return await awaitable, None
    except NotImplementedError:
        fail(f"{description} raised NotImplementedError: this part is not written yet.")
    except KataFailure:
        raise
    except Exception as exc:
        return None, exc


async def result_of(description, make):
    """Await learner code that must succeed; an exception becomes a sentence for the learner."""
    value, error = await attempt(description, make)
    if error is not None:
        fail(f"calling {description} raised {type(error).__name__}: {show(str(error), 200)}.")
    return value


async def turns_until(condition, turns=TURNS):
    """Give the event loop up to `turns` turns for `condition()` to become true."""
    for _ in range(turns):
        if condition():
            return True
        await asyncio.sleep(0)
    return condition()


# --- fakes ----------------------------------------------------------------------------------


class Rendezvous:
    """fetch(url) may not finish until every one of `expected` fetches has started."""

    def __init__(self, expected):
        self.expected = expected
        self.started = []
        self.alone = []

    async def fetch(self, url):
        self.started.append(url)
        if not await turns_until(lambda: len(self.started) >= self.expected):
            self.alone.append((url, len(self.started)))
        return f"data:{url}"

    def check_overlap(self, what):
        if self.alone:
            url, count = self.alone[0]
            fail(
                f"{what}: while fetch({url!r}) was waiting, only {count} of the "
                f"{self.expected} fetches had been started, so they ran one after another. "
                "Awaiting each coroutine in turn is sequential; start them all, then wait for "
                "all of them together."
            )


class ReverseFinish:
    """The last url finishes first: each fetch takes (number of urls - position) loop turns."""

    def __init__(self, urls):
        self.urls = urls
        self.finished = []

    async def fetch(self, url):
        for _ in range(len(self.urls) - self.urls.index(url)):
            await asyncio.sleep(0)
        self.finished.append(url)
        return f"data:{url}"


class Hanging:
    """A fetch that never finishes by itself; records whether it was cancelled."""

    def __init__(self):
        self.started = False
        self.cancelled = False

    async def fetch(self, url):
        self.started = True
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        return f"data:{url}"


URLS = [f"u{n}" for n in range(5)]


# --- Task 1: predict ------------------------------------------------------------------------

SNIPPET = """
import asyncio

async def fetch(name):
    print("start", name)
    await asyncio.sleep(0)
    print("end", name)
    return "data-" + name

async def main():
    pending = fetch("a")
    print(type(pending).__name__)
    first = await pending
    second = await fetch("b")
    print(first, second)
    both = await asyncio.gather(fetch("c"), fetch("d"))
    print(both)

asyncio.run(main())
"""


@pytest.mark.task(1)
def test_prediction_matches_what_the_program_prints():
    check_prediction(load(MODULE), SNIPPET)


# --- Task 2: gather -------------------------------------------------------------------------


@pytest.mark.task(2)
def test_fetch_all_runs_every_fetch_at_the_same_time():
    fetch_all = need(load(MODULE), "fetch_all", "function")
    fake = Rendezvous(len(URLS))

    async def main():
        await result_of("fetch_all(fetch, urls)", lambda: fetch_all(fake.fetch, list(URLS)))

    run(main, "fetch_all(fetch, urls) had not returned after 2 s with five instant fetches.")
    fake.check_overlap("fetch_all(fetch, urls)")


@pytest.mark.task(2)
def test_fetch_all_returns_results_in_url_order_not_finishing_order():
    fetch_all = need(load(MODULE), "fetch_all", "function")
    fake = ReverseFinish(list(URLS))

    async def main():
        return await result_of("fetch_all(fetch, urls)", lambda: fetch_all(fake.fetch, list(URLS)))

    got = run(main, "fetch_all(fetch, urls) had not returned after 2 s with five instant fetches.")
    expect_equal(
        got,
        [f"data:{url}" for url in URLS],
        f"fetch_all(fetch, {URLS!r}) (where the last url finishes first)",
        "Callers pair results with urls by position, so the list must follow the order of urls, "
        "not the order in which the fetches happened to finish.",
    )


@pytest.mark.task(2)
def test_fetch_all_fetches_each_url_exactly_once():
    fetch_all = need(load(MODULE), "fetch_all", "function")
    fake = Rendezvous(len(URLS))

    async def main():
        await result_of("fetch_all(fetch, urls)", lambda: fetch_all(fake.fetch, list(URLS)))

    run(main, "fetch_all(fetch, urls) had not returned after 2 s with five instant fetches.")
    expect(
        sorted(fake.started) == sorted(URLS),
        f"fetch_all(fetch, {URLS!r}) called fetch with {show(fake.started)}: every url must be "
        "fetched exactly once.",
    )


@pytest.mark.task(2)
def test_fetch_all_of_no_urls_is_an_empty_list():
    fetch_all = need(load(MODULE), "fetch_all", "function")
    fake = Rendezvous(0)

    async def main():
        return await result_of("fetch_all(fetch, [])", lambda: fetch_all(fake.fetch, []))

    got = run(main, "fetch_all(fetch, []) had not returned after 2 s.")
    expect_equal(got, [], "fetch_all(fetch, [])", "Nothing to fetch means an empty list.")


# --- Task 3: time-outs ----------------------------------------------------------------------


async def outcome_of_timeout(description, make):
    """Await fetch_with_timeout on a fetch that never ends; explain a time-out left uncaught."""
    value, error = await attempt(description, make)
    if isinstance(error, (TimeoutError, asyncio.TimeoutError)):
        version_note = ""
        if not isinstance(error, TimeoutError):
            version_note = (
                " On Python 3.10 asyncio raises asyncio.TimeoutError, which is a different "
                "class from the builtin TimeoutError (they became one class in 3.11), so "
                "catching one does not catch the other."
            )
        fail(
            f"{description} with a fetch that never finishes raised {type(error).__name__} "
            "instead of returning the default: the time limit did fire, but its exception "
            f"escaped.{version_note}"
        )
    if error is not None:
        fail(f"calling {description} raised {type(error).__name__}: {show(str(error), 200)}.")
    return value


@pytest.mark.task(3)
def test_fetch_with_timeout_returns_the_data_of_a_fetch_that_is_quick():
    fetch_with_timeout = need(load(MODULE), "fetch_with_timeout", "function")

    async def quick(url):
        await asyncio.sleep(0)
        return f"data:{url}"

    async def main():
        return await result_of(
            "fetch_with_timeout(fetch, 'u1', timeout=60)",
            lambda: fetch_with_timeout(quick, "u1", 60),
        )

    got = run(
        main,
        "fetch_with_timeout(fetch, 'u1', timeout=60) with a fetch that finishes at once had not "
        "returned after 2 s: a time-out is a limit, not a delay to wait out.",
    )
    expect_equal(
        got,
        "data:u1",
        "fetch_with_timeout(fetch, 'u1', timeout=60)",
        "A fetch that finishes in time gives its own result.",
    )


@pytest.mark.task(3)
def test_fetch_with_timeout_returns_the_default_when_time_runs_out():
    fetch_with_timeout = need(load(MODULE), "fetch_with_timeout", "function")
    fake = Hanging()
    fallback = object()

    async def main():
        return await outcome_of_timeout(
            "fetch_with_timeout(fetch, 'u1', timeout=0.05, default=fallback)",
            lambda: fetch_with_timeout(fake.fetch, "u1", 0.05, fallback),
        )

    got = run(
        main,
        "fetch_with_timeout(fetch, 'u1', timeout=0.05) with a fetch that never finishes had not "
        "returned after 2 s: it waited for the fetch instead of giving up.",
    )
    expect(
        got is fallback,
        "fetch_with_timeout(fetch, 'u1', timeout=0.05, default=fallback) with a fetch that never "
        f"finishes returned {show(got)}; expected the very `default` object passed in.",
    )


@pytest.mark.task(3)
def test_fetch_with_timeout_cancels_the_fetch_that_ran_out_of_time():
    fetch_with_timeout = need(load(MODULE), "fetch_with_timeout", "function")
    fake = Hanging()

    async def main():
        await outcome_of_timeout(
            "fetch_with_timeout(fetch, 'u1', timeout=0.05)",
            lambda: fetch_with_timeout(fake.fetch, "u1", 0.05),
        )
        return await turns_until(lambda: fake.cancelled, 20)

    cancelled = run(
        main,
        "fetch_with_timeout(fetch, 'u1', timeout=0.05) with a fetch that never finishes had not "
        "returned after 2 s: it waited for the fetch instead of giving up.",
    )
    expect(
        cancelled,
        "fetch_with_timeout(fetch, 'u1', timeout=0.05) returned, but the fetch that ran out of "
        "time was never cancelled: it is still running in the background, holding its "
        "connection and memory. Giving up on a fetch must also stop it.",
    )


@pytest.mark.task(3)
def test_fetch_with_timeout_lets_other_errors_reach_the_caller():
    fetch_with_timeout = need(load(MODULE), "fetch_with_timeout", "function")
    # Never a TimeoutError here: the task allows a fetch's own TimeoutError to count as running
    # out of time, since asyncio.wait_for and asyncio.timeout cannot tell the two apart (3.11+).
    boom = ValueError("bad response")

    async def broken(url):
        await asyncio.sleep(0)
        raise boom

    async def main():
        return await attempt(
            "fetch_with_timeout(fetch, 'u1', timeout=60, default='fallback')",
            lambda: fetch_with_timeout(broken, "u1", 60, "fallback"),
        )

    value, error = run(
        main, "fetch_with_timeout(fetch, 'u1', timeout=60) with a failing fetch was stuck for 2 s."
    )
    if error is None:
        fail(
            "fetch_with_timeout(fetch, 'u1', timeout=60, default='fallback') with a fetch that "
            f"raises ValueError returned {show(value)}. Only a time-out gives the default: a "
            "real error must reach the caller, or bugs hide behind fallback values."
        )
    expect(
        error is boom,
        "fetch_with_timeout(fetch, 'u1', ...) with a fetch that raises ValueError raised "
        f"{type(error).__name__}: {show(str(error))} instead of letting that ValueError through.",
    )


# --- Task 4: semaphore ----------------------------------------------------------------------


class Gauge:
    """Counts fetches in flight; each takes a few loop turns."""

    def __init__(self):
        self.in_flight = 0
        self.peak = 0
        self.started = []

    async def fetch(self, url):
        self.started.append(url)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        for _ in range(3):
            await asyncio.sleep(0)
        self.in_flight -= 1
        return f"data:{url}"


MANY = [f"u{n}" for n in range(12)]


def _run_bounded(limit, fake=None):
    fetch_bounded = need(load(MODULE), "fetch_bounded", "function")
    fake = fake or Gauge()

    async def main():
        return await result_of(
            f"fetch_bounded(fetch, urls, limit={limit})",
            lambda: fetch_bounded(fake.fetch, list(MANY), limit),
        )

    got = run(main, f"fetch_bounded(fetch, 12 urls, limit={limit}) had not returned after 2 s.")
    return fake, got


@pytest.mark.task(4)
def test_fetch_bounded_never_has_more_than_limit_fetches_in_flight():
    fake, _ = _run_bounded(3)
    expect(
        fake.peak <= 3,
        f"fetch_bounded(fetch, 12 urls, limit=3) had {fake.peak} fetches in flight at once. "
        "The limit protects the server (or your connection pool): more than `limit` at a time "
        "must never happen. Is every fetch waiting on the same shared limiter?",
    )


@pytest.mark.task(4)
def test_fetch_bounded_uses_all_its_slots():
    fake, _ = _run_bounded(3)
    expect(
        fake.peak >= 3,
        f"fetch_bounded(fetch, 12 urls, limit=3) never had more than {fake.peak} fetch(es) in "
        "flight. Up to `limit` fetches should run at the same time, or the limit buys nothing.",
    )


class Uneven(Gauge):
    """Like Gauge, but later urls take fewer turns, so fetches finish out of url order."""

    async def fetch(self, url):
        self.started.append(url)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        for _ in range(len(MANY) - MANY.index(url)):
            await asyncio.sleep(0)
        self.in_flight -= 1
        return f"data:{url}"


@pytest.mark.task(4)
def test_fetch_bounded_returns_every_result_in_url_order():
    fake, got = _run_bounded(3, Uneven())
    expect_equal(
        got,
        [f"data:{url}" for url in MANY],
        "fetch_bounded(fetch, 12 urls, limit=3) (where later urls finish sooner)",
        "One result per url, in the order of urls, not in the order the fetches finished: "
        "callers pair results with urls by position.",
    )
    expect(
        sorted(fake.started) == sorted(MANY),
        f"fetch_bounded called fetch with {show(fake.started)}; each url exactly once.",
    )


class SlowFirst(Gauge):
    """The first url may only finish after every other url has finished."""

    async def fetch(self, url):
        if url != MANY[0]:
            return await super().fetch(url)
        self.started.append(url)
        others = len(MANY) - 1
        if not await turns_until(lambda: len(self.started) - 1 >= others and self.in_flight == 0):
            self.held_up = True
        return f"data:{url}"


@pytest.mark.task(4)
def test_a_slow_fetch_does_not_hold_up_the_others():
    fake = SlowFirst()
    fake.held_up = False
    _run_bounded(2, fake)
    expect(
        fake.held_up is False,
        "fetch_bounded(fetch, 12 urls, limit=2) where the first fetch is slow: the other urls "
        "did not get through while it was still running. With a limit of 2, one slot is held by "
        "the slow fetch and the other slot should keep taking the next url as soon as it is "
        "free; working in fixed batches makes every batch wait for its slowest member.",
    )


# --- Task 5: blocking call ------------------------------------------------------------------


class Heartbeat:
    """Another task on the event loop that keeps counting while the loop is free."""

    def __init__(self):
        self.beats = 0
        self.wanted = None
        self.progressed = threading.Event()

    async def run(self):
        while True:
            self.beats += 1
            if self.wanted is not None and self.beats >= self.wanted:
                self.progressed.set()
            await asyncio.sleep(0)


@pytest.mark.task(5)
def test_fetch_report_lets_other_tasks_run_while_load_blocks():
    fetch_report = need(load(MODULE), "fetch_report", "function")
    heart = Heartbeat()
    seen = {"calls": 0, "on_loop_thread": False, "starved": False}

    async def main():
        loop_thread = threading.get_ident()

        def blocking_load(key):
            seen["calls"] += 1
            if threading.get_ident() == loop_thread:
                # Waiting here would freeze the loop for good: no other task can ever run.
                seen["on_loop_thread"] = True
                return f"report:{key}"
            heart.wanted = heart.beats + 3
            if not heart.progressed.wait(STARVED):
                seen["starved"] = True
            return f"report:{key}"

        beating = asyncio.ensure_future(heart.run())
        try:
            return await result_of(
                "fetch_report('k', load)", lambda: fetch_report("k", blocking_load)
            )
        finally:
            beating.cancel()

    got = run(main, "fetch_report('k', load) had not returned after 4 s.", guard=2 * STARVED)
    expect(
        seen["on_loop_thread"] is False,
        "fetch_report('k', load) called the blocking load() on the event-loop thread. While a "
        "plain function runs there, no other task, callback or timer can run: the whole service "
        "stops. Making the caller async does not change that; the blocking call has to run "
        "somewhere else while the coroutine awaits it.",
    )
    expect(
        seen["starved"] is False,
        "While load() was running, the other tasks on the event loop made no progress for 2 s: "
        "fetch_report ran load() elsewhere but then blocked the loop waiting for it. Waiting "
        "must be an await, so the loop can run others meanwhile.",
    )
    expect_equal(got, "report:k", "fetch_report('k', load)", "It returns what load returned.")
    expect_equal(seen["calls"], 1, "the number of load() calls", "One success, one call.")


@pytest.mark.task(5)
def test_fetch_report_pauses_between_retries_without_blocking_the_loop(monkeypatch):
    blocked = []
    starts = []
    real_sleep = time.sleep

    async def main():
        loop_thread = threading.get_ident()

        def watched_sleep(seconds):
            if threading.get_ident() == loop_thread:
                blocked.append(seconds)
            else:
                real_sleep(seconds)

        monkeypatch.setattr(time, "sleep", watched_sleep)
        fetch_report = need(load(MODULE), "fetch_report", "function")
        outcomes = [ConnectionError("reset"), ConnectionError("reset"), None]

        def flaky_load(key):
            starts.append(time.monotonic())
            outcome = outcomes.pop(0)
            if outcome is not None:
                raise outcome
            return f"report:{key}"

        return await result_of(
            f"fetch_report('k', load, retries=3, backoff={BACKOFF})",
            lambda: fetch_report("k", flaky_load, 3, BACKOFF),
        )

    got = run(main, f"fetch_report('k', load, retries=3, backoff={BACKOFF}) was stuck for 2 s.")
    if blocked:
        fail(
            f"fetch_report paused between retries with time.sleep({show(blocked[0])}) on the "
            "event-loop thread. time.sleep stops the whole loop, so nothing else runs during "
            "the back-off; an async program pauses by awaiting."
        )
    expect_equal(
        got,
        "report:k",
        "fetch_report('k', load) where load fails twice, then works",
        "Two ConnectionErrors, then the third attempt succeeds.",
    )
    # A lower bound on elapsed time: a machine under load only makes the gap longer.
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    for number, gap in enumerate(gaps, start=2):
        expect(
            gap >= BACKOFF / 2,
            f"fetch_report('k', load, retries=3, backoff={BACKOFF}) started attempt {number} "
            f"only {gap:.3f} s after attempt {number - 1}: it did not pause for the back-off. "
            "Calling an async function only creates a coroutine object; nothing waits until "
            "that object is awaited.",
        )


@pytest.mark.task(5)
def test_fetch_report_retries_only_connection_errors():
    fetch_report = need(load(MODULE), "fetch_report", "function")
    calls = []
    bad_key = KeyError("no such report")

    def missing_report(key):
        calls.append(key)
        raise bad_key

    async def main():
        return await attempt(
            "fetch_report('k', load, retries=3, backoff=0.001)",
            lambda: fetch_report("k", missing_report, 3, 0.001),
        )

    value, error = run(main, "fetch_report('k', load, retries=3, backoff=0.001) was stuck for 2 s.")
    expect(
        error is bad_key and len(calls) == 1,
        "fetch_report('k', load, retries=3) with a load that raises KeyError (not a "
        f"ConnectionError) called load {len(calls)} time(s) and "
        f"{'returned ' + show(value) if error is None else 'raised ' + show(error)}; expected one "
        "call, and that KeyError passed on at once. Only a dropped connection is worth another "
        "try; retrying a missing report just triples the wait before the same error.",
    )


@pytest.mark.task(5)
def test_fetch_report_still_gives_up_after_the_last_retry():
    fetch_report = need(load(MODULE), "fetch_report", "function")
    calls = []
    last = ConnectionError("attempt 3")

    def always_failing(key):
        calls.append(key)
        if len(calls) == 3:
            raise last
        raise ConnectionError(f"attempt {len(calls)}")

    async def main():
        return await attempt(
            "fetch_report('k', load, retries=3, backoff=0.001)",
            lambda: fetch_report("k", always_failing, 3, 0.001),
        )

    value, error = run(main, "fetch_report('k', load, retries=3, backoff=0.001) was stuck for 2 s.")
    expect(
        error is last,
        "fetch_report('k', load, retries=3) with a load that always raises ConnectionError "
        f"{'returned ' + show(value) if error is None else 'raised ' + show(error)}; expected "
        "the third attempt's ConnectionError to reach the caller. The fix must keep the retries.",
    )
    expect_equal(
        len(calls),
        3,
        "the number of load() calls with retries=3",
        "Three attempts in total, then give up.",
    )


# --- Task 6: TaskGroup (3.11+) --------------------------------------------------------------


def _fetch_error_class(module):
    cls = need(module, "FetchError", "class")
    if not issubclass(cls, Exception):
        fail("`FetchError` in async_kata.py must stay an Exception subclass (it was given).")
    return cls


@pytest.mark.task(6)
@needs_taskgroup
def test_fetch_all_or_nothing_runs_the_fetches_at_the_same_time():
    fetch_all_or_nothing = need(load(MODULE), "fetch_all_or_nothing", "function")
    fake = Rendezvous(len(URLS))

    async def main():
        await result_of(
            "fetch_all_or_nothing(fetch, urls)",
            lambda: fetch_all_or_nothing(fake.fetch, list(URLS)),
        )

    run(main, "fetch_all_or_nothing(fetch, urls) had not returned after 2 s.")
    fake.check_overlap("fetch_all_or_nothing(fetch, urls)")


@pytest.mark.task(6)
@needs_taskgroup
def test_fetch_all_or_nothing_returns_results_in_url_order_when_all_succeed():
    fetch_all_or_nothing = need(load(MODULE), "fetch_all_or_nothing", "function")
    fake = ReverseFinish(list(URLS))

    async def main():
        return await result_of(
            "fetch_all_or_nothing(fetch, urls)",
            lambda: fetch_all_or_nothing(fake.fetch, list(URLS)),
        )

    got = run(main, "fetch_all_or_nothing(fetch, urls) had not returned after 2 s.")
    expect_equal(
        got,
        [f"data:{url}" for url in URLS],
        f"fetch_all_or_nothing(fetch, {URLS!r}) (where the last url finishes first)",
        "When every fetch succeeds, the results follow the order of urls.",
    )


class PartlyFailing:
    """urls in `failing` raise after one turn; the others never finish unless cancelled."""

    def __init__(self, failing):
        self.errors = {url: ValueError(f"{url} failed") for url in failing}
        self.started = []
        self.cancelled = []

    async def fetch(self, url):
        self.started.append(url)
        await asyncio.sleep(0)
        if url in self.errors:
            raise self.errors[url]
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled.append(url)
            raise
        return f"data:{url}"


def _run_partly_failing(failing, urls):
    module = load(MODULE)
    fetch_all_or_nothing = need(module, "fetch_all_or_nothing", "function")
    fake = PartlyFailing(failing)

    async def main():
        outcome = await attempt(
            "fetch_all_or_nothing(fetch, urls)",
            lambda: fetch_all_or_nothing(fake.fetch, list(urls)),
        )
        await turns_until(lambda: False, 20)  # time for a cancellation to be delivered
        # Snapshot now: when asyncio.run() ends it cancels every task still left running.
        return outcome, list(fake.cancelled)

    (value, error), cancelled_in_time = run(
        main,
        f"fetch_all_or_nothing(fetch, {urls!r}) where {failing!r} fail(s) and the others wait "
        "had not returned after 2 s: the fetches still running were not cancelled.",
    )
    if error is None:
        fail(
            f"fetch_all_or_nothing(fetch, {urls!r}) where {failing!r} raised ValueError returned "
            f"{show(value)} instead of raising FetchError."
        )
    return module, fake, error, cancelled_in_time


@pytest.mark.task(6)
@needs_taskgroup
def test_one_failure_cancels_the_fetches_still_running():
    urls = ["slow1", "bad", "slow2"]
    _, fake, _, cancelled = _run_partly_failing(["bad"], urls)
    still_running = [url for url in ("slow1", "slow2") if url not in cancelled]
    expect(
        not still_running,
        f"fetch_all_or_nothing(fetch, {urls!r}): 'bad' raised, but {still_running!r} "
        f"{'was' if len(still_running) == 1 else 'were'} never cancelled. "
        f"(fetch was started for {fake.started!r}.) Once the batch has failed, the other "
        "fetches are wasted work; leaving them running leaks connections and tasks.",
    )


@pytest.mark.task(6)
@needs_taskgroup
def test_a_failure_is_raised_as_fetch_error_with_the_original_exception():
    urls = ["slow1", "bad", "slow2"]
    module, fake, error, _ = _run_partly_failing(["bad"], urls)
    fetch_error = _fetch_error_class(module)
    if type(error) is not fetch_error:
        fail(
            f"fetch_all_or_nothing(fetch, {urls!r}) where 'bad' raised ValueError raised "
            f"{type(error).__name__}: {show(str(error))}; expected a FetchError. Callers should "
            "not have to unpack an ExceptionGroup (or guess which url a bare error came from)."
        )
    failures = getattr(error, "failures", None)
    if type(failures) is not dict:
        fail(f"FetchError.failures is {show(failures)}; expected a dict of url -> exception.")
    expect(
        list(failures) == ["bad"] and failures["bad"] is fake.errors["bad"],
        f"FetchError.failures was {show(failures)}; expected exactly one entry: 'bad' mapped to "
        "the very ValueError its fetch raised (cancelled fetches did not fail, they were stopped).",
    )


@pytest.mark.task(6)
@needs_taskgroup
def test_every_fetch_that_failed_is_reported():
    urls = ["a", "slow1", "c", "slow2"]
    module, fake, error, _ = _run_partly_failing(["a", "c"], urls)
    fetch_error = _fetch_error_class(module)
    if type(error) is not fetch_error:
        fail(
            f"fetch_all_or_nothing(fetch, {urls!r}) where 'a' and 'c' fail raised "
            f"{type(error).__name__}: {show(str(error))}; expected a FetchError."
        )
    failures = getattr(error, "failures", None)
    if type(failures) is not dict:
        fail(f"FetchError.failures is {show(failures)}; expected a dict of url -> exception.")
    expect(
        list(failures) == ["a", "c"]
        and failures["a"] is fake.errors["a"]
        and failures["c"] is fake.errors["c"],
        f"fetch_all_or_nothing(fetch, {urls!r}): 'a' and 'c' both raised in the same turn of "
        f"the event loop, but FetchError.failures was {show(failures)}. Report every fetch that "
        "raised, each with its own exception, in url order; the first error alone hides the rest.",
    )
