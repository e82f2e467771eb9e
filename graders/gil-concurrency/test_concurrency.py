"""Grader for the gil-concurrency kata (threads vs processes vs asyncio, and a data race).

Every concurrency check here is decided by structure, not by luck or by timing a run:
- overlap is proven with a barrier that every call must reach before any may return;
- the thread bound: the first `max_workers` calls are held until one call too many starts
  (a pool too large starts it within microseconds) or GRACE passes; the process bound is
  checked by counting the processes started during the call;
- result order: the first limit is made to finish last. Unpickled in a worker, it waits
  until every other limit has reached a worker, then SETTLE more (the others only have to
  send back a tiny result, which takes microseconds), so a pool with a second worker always
  finishes it last. Both margins are hundreds of times what they cover, even on a busy machine;
- the data race is forced: the first deposit is held inside `audit` (between its read and
  its write) until the second deposit has either read the balance too (the bug) or is
  seen blocking on a lock (the fix). Locks are observed by swapping `threading.Lock` and
  `threading.RLock` for thin wrappers while the learner's module is loaded and used.
The bounded waits (WAIT) run out only on a wrong answer, or (once, still passing) on a right
one that guards `deposit` with a primitive other than Lock/RLock, which the wrappers cannot see,
or that uses fewer threads or processes than it may (the gate and the bound then time out).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import multiprocessing
import multiprocessing.process
import os
import pickle
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from kata.testkit import call, check_choice, expect, expect_equal, fail, load, need, show

WAIT = 1.5  # seconds; a correct answer gets past every such wait in well under a millisecond
GRACE = 0.3  # seconds a full set of max_workers calls is held, for one call too many to show up
SETTLE = 0.3  # seconds the gated first limit waits after the others reached a worker


def _join_all(threads: list[threading.Thread], seconds: float) -> None:
    """Join every thread, all within one shared deadline."""
    deadline = time.monotonic() + seconds
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))


def _module():
    return load("concurrency")


def _text(error: BaseException) -> str:
    """An exception's message, safe and on one line, without quotes around it."""
    return show(str(error), 300)[1:-1]


# ---------------------------------------------------------------------------------------
# Task 1: pick the right tool


def _grade_choice(name: str, correct: str, why_wrong: dict[str, str]) -> None:
    module = _module()
    value = need(module, name)
    options = sorted([correct, *why_wrong])
    listing = ", ".join(repr(option) for option in options)
    if value is None:
        fail(f"`{name}` is still None: set it to one of {listing}.")
    if not isinstance(value, str) or value.strip().lower() not in options:
        fail(f"`{name}` should be one of {listing}; it is {show(value)}.")
    check_choice(module, correct, why_wrong, name=name)


@pytest.mark.task(1)
def test_blocking_downloads_are_best_overlapped_with_threads():
    _grade_choice(
        "DOWNLOAD_CHOICE",
        "b",
        {
            "a": "the GIL is released while a thread blocks on I/O (a socket read, a file "
            "read, time.sleep), so other threads run during each 0.5 s wait. The GIL only "
            "serialises running Python bytecode, and here that is about 1 ms per page.",
            "c": "requests.get is a blocking call: inside a coroutine it blocks the whole event "
            "loop, so the coroutines still run one after another. asyncio only overlaps code "
            "that awaits (an async HTTP client, or asyncio.to_thread).",
            "d": "it would work, but it pays for a fresh interpreter per worker, pickling of "
            "every argument and result, and memory per process, to escape a GIL that is not "
            "the bottleneck: the time goes into waiting, with the GIL released.",
        },
    )


@pytest.mark.task(1)
def test_ten_thousand_idle_connections_fit_asyncio_for_the_right_reason():
    _grade_choice(
        "CONNECTIONS_CHOICE",
        "c",
        {
            "a": "an event loop runs on one thread: coroutines take turns at each await and "
            "never run in parallel. asyncio wins here by being cheap per waiting connection, "
            "not by using more cores.",
            "b": "the GIL part is true, but every thread is an OS thread with its own stack "
            "and a place in the OS scheduler, and shared state needs locks. Threads are fine "
            "for tens or hundreds of blocking calls; 10 000 idle ones cost far more than "
            "10 000 small coroutine objects.",
            "d": "10 000 processes are 10 000 interpreters: gigabytes of memory and slow "
            "start-up for work that barely uses the CPU. Processes pay off for CPU-bound work.",
        },
    )


# ---------------------------------------------------------------------------------------
# Task 2: CPU-bound work in other processes


def _primes_below(limit: int) -> int:
    """The grader's own count (a sieve), independent of the kata's count_primes."""
    if limit < 3:
        return 0
    sieve = bytearray([1]) * limit
    sieve[0] = sieve[1] = 0
    for number in range(2, int(limit**0.5) + 1):
        if sieve[number]:
            sieve[number * number :: number] = bytes(len(range(number * number, limit, number)))
    return sum(sieve)


@contextlib.contextmanager
def _spawn_by_default() -> Iterator[None]:
    """Make `spawn` (Windows' and macOS' default) the start method on every OS, then restore."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        yield
    finally:
        multiprocessing.set_start_method(previous, force=True)


@contextlib.contextmanager
def _counting_process_starts(started: list[object]) -> Iterator[None]:
    """Record every multiprocessing process started in this process (pools start them too)."""
    real_start = multiprocessing.process.BaseProcess.start

    def start(self: multiprocessing.process.BaseProcess) -> None:
        started.append(self)
        real_start(self)

    multiprocessing.process.BaseProcess.start = start  # type: ignore[method-assign]
    try:
        yield
    finally:
        multiprocessing.process.BaseProcess.start = real_start  # type: ignore[method-assign]


_GATE_MODULE = "_kata_gil_concurrency_gate"
_GATE_SOURCE = """\
# Written by the gil-concurrency grader: how a gated limit is rebuilt in a worker process.
import os
import time


def rebuild(value, role, folder, others, parent, wait, settle):
    if os.getpid() == parent:
        return value
    if role != "last":
        with open(os.path.join(folder, role), "w"):
            pass
        return value
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if all(os.path.exists(os.path.join(folder, str(i))) for i in range(1, others + 1)):
            time.sleep(settle)
            break
        time.sleep(0.005)
    return value
"""
_gate_home: list[str] = []


def _gate() -> Any:
    """Import (writing it first, once per run) the module that worker processes unpickle with."""
    if not _gate_home:
        folder = tempfile.mkdtemp(prefix="kata-gil-gate-")
        atexit.register(shutil.rmtree, folder, True)
        with open(os.path.join(folder, f"{_GATE_MODULE}.py"), "w", encoding="utf-8") as file:
            file.write(_GATE_SOURCE)
        _gate_home.append(folder)
    if _gate_home[0] not in sys.path:
        sys.path.append(_gate_home[0])
    return importlib.import_module(_GATE_MODULE)


class _GatedLimit(int):
    """An int for the parent; unpickled in a worker process, it first passes the gate.

    The limit in role "last" waits there until every other limit has been unpickled in some
    worker (each leaves a marker file), then a little longer: it finishes last whenever the
    pool has a second worker to run the others, so results gathered in finishing order show.
    """

    gate: Any = None
    role = "last"
    folder = ""
    others = 0

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (
            self.gate.rebuild,
            (int(self), self.role, self.folder, self.others, os.getpid(), WAIT, SETTLE),
        )


def _gated(limits: list[int], folder: str) -> list[int]:
    gate = _gate()
    gated = []
    for index, limit in enumerate(limits):
        item = _GatedLimit(limit)
        item.gate, item.folder, item.others = gate, folder, len(limits) - 1
        item.role = "last" if index == 0 else str(index)
        gated.append(item)
    return gated


def _run_in_processes(
    limits: list[int], workers: int, *, first_finishes_last: bool = False
) -> tuple[list[tuple[int, int]], int]:
    """Call count_primes_in_processes under spawn; return its checked results and how many
    processes it started."""
    module = _module()
    run = need(module, "count_primes_in_processes", "function")
    described = f"count_primes_in_processes({limits}, {workers})"
    started: list[object] = []
    with contextlib.ExitStack() as stack:
        arguments = list(limits)
        if first_finishes_last:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="kata-gil-"))
            arguments = _gated(arguments, folder)
        stack.enter_context(_spawn_by_default())
        stack.enter_context(_counting_process_starts(started))
        results = call(described, run, arguments, workers)
    if type(results) is not list:
        fail(f"{described} returned {show(results)}; expected a list with one result per limit.")
    if len(results) != len(limits):
        fail(
            f"{described} returned {len(results)} result(s) for {len(limits)} limits; "
            "expected exactly one per limit."
        )
    for item in results:
        if not (
            type(item) is tuple and len(item) == 2 and type(item[0]) is int and type(item[1]) is int
        ):
            fail(
                f"{described} returned {show(results)}; every item should be what "
                "prime_job returns: a tuple (process id, count) of two ints."
            )
    return results, len(started)


@pytest.mark.task(2)
def test_prime_job_returns_its_process_id_and_the_prime_count():
    prime_job = need(_module(), "prime_job", "function")
    result = call("prime_job(30)", prime_job, 30)
    expect_equal(
        result,
        (os.getpid(), _primes_below(30)),
        "prime_job(30), called in the grader's own process,",
        "The first item is the id of the process the call ran in (os.getpid()); the second "
        "is count_primes(30). The process id is how the next test sees where the work ran.",
    )


@pytest.mark.task(2)
def test_prime_job_can_be_pickled_for_a_worker_process():
    prime_job = need(_module(), "prime_job", "function")
    try:
        pickle.loads(pickle.dumps(prime_job))
    except Exception as exc:
        fail(
            f"pickle.dumps(prime_job) then pickle.loads failed with {type(exc).__name__}. "
            "A worker process receives the function by pickling, and a function pickles as "
            "its module and name only: it must be a plain `def` at the top level of the file "
            "(not a lambda, not defined inside another function)."
        )


@pytest.mark.task(2)
def test_counts_come_back_in_the_order_of_the_limits():
    limits = [500, 10, 2, 100]
    results, _started = _run_in_processes(limits, 2, first_finishes_last=True)
    expect_equal(
        [count for _pid, count in results],
        [_primes_below(limit) for limit in limits],
        f"the counts from count_primes_in_processes({limits}, 2)",
        "Here the first limit is made to finish last, after the others. Each result must "
        "belong to the limit at the same position, whichever worker finished first.",
    )


@pytest.mark.task(2)
def test_every_limit_runs_in_a_worker_process_and_the_pool_size_is_respected():
    limits = [300, 200, 100, 50]
    results, started = _run_in_processes(limits, 1)
    pids = [pid for pid, _count in results]
    here = os.getpid()
    described = f"count_primes_in_processes({limits}, 1)"
    if here in pids:
        fail(
            f"{described} ran prime_job in the calling process (process ids {pids}, the "
            f"caller is {here}). Threads or a plain loop stay in one process, where the GIL "
            "lets only one thread run Python bytecode at a time; CPU-bound work only runs in "
            "parallel in separate worker processes."
        )
    if started > 1 or len(set(pids)) > 1:
        fail(
            f"{described} started {max(started, len(set(pids)))} worker processes; it was "
            "asked for at most 1 (the `workers` argument). Every worker process costs "
            "start-up time and memory, so the pool size is the caller's choice: pass it on "
            "to the pool rather than the number of limits or the pool's own default."
        )


# ---------------------------------------------------------------------------------------
# Task 3: I/O-bound calls overlapped with a thread pool


class _Rendezvous:
    """A fake blocking `fetch`.

    No call may return before every call has started (a barrier), so calls made one after
    another can never succeed. After the barrier, the call for url i waits until the call
    for url i+1 has finished: results are always produced last-to-first.
    """

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.position = {url: index for index, url in enumerate(urls)}
        self.barrier = threading.Barrier(len(urls))
        self.finished = [threading.Event() for _ in urls]
        self.calls: list[str] = []
        self.problem = ""

    def __call__(self, url: str) -> str:
        self.calls.append(url)
        index = self.position.get(url)
        if index is None:
            self.problem = f"fetch was called with {show(url)}, which is not one of the urls."
            return ""
        if not self.problem:
            try:
                self.barrier.wait(WAIT)
            except threading.BrokenBarrierError:
                self.problem = self.problem or (
                    f"fetch({url!r}) waited {WAIT:g} s for the other calls to start, and "
                    f"only {self.barrier.n_waiting} of the other {len(self.urls) - 1} did: "
                    "the calls did not overlap."
                )
        if not self.problem and index + 1 < len(self.urls):
            if not self.finished[index + 1].wait(WAIT):
                self.problem = f"fetch({url!r}) waited {WAIT:g} s for another call to finish."
        self.finished[index].set()
        return f"<html>{url}</html>"


def _fetch_through(urls: list[str]) -> tuple[object, _Rendezvous]:
    fetch_all = need(_module(), "fetch_all", "function")
    fetch = _Rendezvous(urls)
    result = call(f"fetch_all(fetch, {urls}, {len(urls)})", fetch_all, fetch, urls, len(urls))
    return result, fetch


@pytest.mark.task(3)
def test_every_fetch_is_in_flight_at_the_same_time():
    urls = [f"https://example.test/page/{number}" for number in range(5)]
    _result, fetch = _fetch_through(urls)
    if fetch.problem:
        fail(
            f"fetch_all(fetch, <5 urls>, 5): {fetch.problem} This fetch only returns once all "
            "5 calls are waiting at the same time, as 5 slow downloads would be. Blocking I/O "
            "releases the GIL, so threads can wait together; calling fetch one after another "
            "(or waiting for each result right after submitting it) never overlaps them."
        )
    expect_equal(
        sorted(fetch.calls),
        sorted(urls),
        "the urls fetch was called with during fetch_all(fetch, <5 urls>, 5)",
        "Every url must be fetched exactly once.",
    )


class _Bounded:
    """A fake blocking `fetch` that notices more than `limit` calls running at once.

    Calls wait until `limit` of them are in flight; that full set is then held for GRACE
    seconds, so that a call too many (from a pool larger than asked for) shows up while they
    wait. After that, or as soon as a call too many arrives, every call returns at once.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.condition = threading.Condition(_REAL_LOCK())
        self.in_flight = 0
        self.most = 0
        self.open = False
        self.calls: list[str] = []

    def __call__(self, url: str) -> str:
        with self.condition:
            self.calls.append(url)
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            if self.in_flight > self.limit:
                self.open = True
            elif not self.open:
                grace = GRACE if self.in_flight == self.limit else WAIT
                self.condition.wait_for(lambda: self.open or self.in_flight > self.limit, grace)
                self.open = True
            self.condition.notify_all()
            self.in_flight -= 1
        return f"<html>{url}</html>"


@pytest.mark.task(3)
def test_no_more_than_max_workers_calls_run_at_once():
    fetch_all = need(_module(), "fetch_all", "function")
    urls = [f"https://example.test/item/{number}" for number in range(5)]
    fetch = _Bounded(2)
    described = "fetch_all(fetch, <5 urls>, 2)"
    result = call(described, fetch_all, fetch, urls, 2)
    if fetch.most > 2:
        fail(
            f"{described} had {fetch.most} calls to fetch running at the same time; "
            "max_workers=2 allows at most 2. The caller sets the limit to protect the server "
            "(or a connection pool, or a rate limit): a pool sized by the number of urls, or "
            "the executor's default size, ignores it."
        )
    expect_equal(
        sorted(fetch.calls),
        sorted(urls),
        f"the urls fetch was called with during {described}",
        "Every url must be fetched exactly once.",
    )
    expect_equal(
        result,
        [f"<html>{url}</html>" for url in urls],
        described,
        "The results must follow the order of `urls`.",
    )


@pytest.mark.task(3)
def test_results_come_back_in_the_order_of_the_urls():
    urls = ["https://example.test/a", "https://example.test/b", "https://example.test/c"]
    result, fetch = _fetch_through(urls)
    if fetch.problem:
        fail(f"fetch_all(fetch, {urls}, 3): {fetch.problem} The calls must overlap.")
    expect_equal(
        result,
        [f"<html>{url}</html>" for url in urls],
        f"fetch_all(fetch, {urls}, 3)",
        "Here the last url finishes first and the first url last; the result list must "
        "still follow the order of `urls`, not the order in which the calls finished.",
    )


class _ServerDown(Exception):
    pass


@pytest.mark.task(3)
def test_an_error_in_one_fetch_reaches_the_caller():
    fetch_all = need(_module(), "fetch_all", "function")
    urls = ["https://example.test/ok", "https://example.test/down", "https://example.test/ok2"]

    def fetch(url: str) -> str:
        if url.endswith("/down"):
            raise _ServerDown(url)
        return f"<html>{url}</html>"

    try:
        result = fetch_all(fetch, urls, 3)
    except _ServerDown:
        return
    except NotImplementedError:
        fail("fetch_all raised NotImplementedError: this part is not written yet.")
    except Exception as exc:
        fail(
            f"fetch_all(fetch, {urls}, 3) raised {type(exc).__name__} instead of the error "
            "fetch raised for the second url."
        )
    fail(
        f"fetch_all(fetch, {urls}, 3) returned {show(result)} although fetch raised an error "
        "for the second url. An exception in a worker thread is stored in its future; if "
        "nobody asks the future for its result, the error is silently lost."
    )


# ---------------------------------------------------------------------------------------
# Task 4: fix the data race

_REAL_LOCK = threading.Lock
_REAL_RLOCK = threading.RLock
_on_block: list[Callable[[Any], None]] = []


class SelfDeadlock(RuntimeError):
    """Raised instead of hanging when a thread waits, without a timeout, for a Lock it holds."""


class _WatchedLock:
    """Behaves like the lock it wraps, and reports when an acquire is about to block.

    It also remembers which thread holds it, so that a thread taking a plain Lock it already
    holds (which would wait for itself forever) gets an explanation instead of a hang.
    """

    _make: Callable[[], Any] = staticmethod(_REAL_LOCK)
    _reentrant = False

    def __init__(self) -> None:
        self._real = self._make()
        self._holder: int | None = None

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        me = threading.get_ident()
        if self._real.acquire(False):
            self._holder = me
            return True
        if not blocking:
            return False
        if not self._reentrant and self._holder == me and timeout < 0:
            raise SelfDeadlock(
                "this thread tried to take a threading.Lock it was already holding; a Lock is "
                "not re-entrant, so the thread would wait for itself forever"
            )
        for report in list(_on_block):
            report(self)
        acquired = bool(self._real.acquire(True, timeout))
        if acquired:
            self._holder = me
        return acquired

    def release(self) -> None:
        self._holder = None
        self._real.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def __getattr__(self, name: str) -> Any:
        real = self.__dict__.get("_real")
        if real is None:
            raise AttributeError(name)
        return getattr(real, name)


class _WatchedRLock(_WatchedLock):
    _make = staticmethod(_REAL_RLOCK)
    _reentrant = True


def _ignore(_lock: object) -> None:
    pass


@contextlib.contextmanager
def _watched_locks(report: Callable[[Any], None]) -> Iterator[None]:
    """While active, locks made with threading.Lock()/RLock() report when they would block."""
    threading.Lock, threading.RLock = _WatchedLock, _WatchedRLock  # type: ignore[misc]
    _on_block.append(report)
    try:
        yield
    finally:
        threading.Lock, threading.RLock = _REAL_LOCK, _REAL_RLOCK  # type: ignore[misc]
        _on_block.remove(report)


@pytest.mark.task(4)
def test_deposit_adds_the_amount_and_audits_the_balance_it_starts_from():
    audits: list[tuple[int, int]] = []
    with _watched_locks(_ignore):
        Account = need(_module(), "Account", "class")
        account = call(
            "Account(audit)", Account, lambda balance, amount: audits.append((balance, amount))
        )
        call("account.deposit(3)", account.deposit, 3)
        call("account.deposit(4)", account.deposit, 4)
    expect_equal(
        audits,
        [(0, 3), (3, 4)],
        "the (balance, amount) pairs audit received for deposit(3) then deposit(4)",
        "audit must be called once per deposit, with the balance that deposit starts from.",
    )
    expect_equal(account.balance, 7, "account.balance after deposit(3) and deposit(4)")
    plain = call("Account()", Account)
    call("Account().deposit(2)", plain.deposit, 2)
    expect_equal(plain.balance, 2, "Account().balance after deposit(2)", "audit is optional.")


@pytest.mark.task(4)
def test_a_second_deposit_cannot_read_while_the_first_is_between_read_and_write():
    amount = 5
    first_in_audit = threading.Event()
    go = threading.Event()  # set once the first deposit is inside audit (or has finished)
    second_arrived = threading.Event()
    state = SimpleNamespace(first=None, second=None, audits=[], errors=[], account=None)

    def audit(balance: int, amount: int) -> None:
        state.audits.append(balance)
        me = threading.get_ident()
        if me == state.first and not first_in_audit.is_set():
            first_in_audit.set()
            go.set()
            # Hold the first deposit here, between its read and its write, until the second
            # deposit has read the balance as well (the race) or is blocked on a lock (fixed).
            second_arrived.wait(WAIT)
        elif me == state.second:
            second_arrived.set()

    def blocked(_lock: object) -> None:
        if state.second is not None and threading.get_ident() == state.second:
            second_arrived.set()

    def first() -> None:
        state.first = threading.get_ident()
        try:
            state.account.deposit(amount)
        except BaseException as exc:
            state.errors.append(exc)
        finally:
            go.set()

    def second() -> None:
        go.wait(3 * WAIT)
        if not first_in_audit.is_set():
            return
        state.second = threading.get_ident()
        try:
            state.account.deposit(amount)
        except BaseException as exc:
            state.errors.append(exc)

    threads = [
        threading.Thread(target=first, daemon=True),
        threading.Thread(target=second, daemon=True),
    ]
    with _watched_locks(blocked):
        Account = need(_module(), "Account", "class")
        state.account = call("Account(audit)", Account, audit)
        for thread in threads:
            thread.start()
        _join_all(threads, 2 * WAIT)
    if any(thread.is_alive() for thread in threads):
        fail(
            "Two threads each called deposit(5) once, and one of them never finished: "
            "a deadlock? Take the lock once per deposit and release it on every path."
        )
    if state.errors:
        error = state.errors[0]
        fail(f"deposit(5) raised {type(error).__name__} in a worker thread: {_text(error)}.")
    if not first_in_audit.is_set():
        fail(
            "deposit never called audit, so the race could not be checked. Keep the shape "
            "read, audit(balance, amount), write; make that shape safe instead."
        )
    if state.audits == [0, 0]:
        fail(
            "Two threads each called deposit(5) once. The second read the balance (0) while "
            "the first was still inside audit, between its read and its write, so both "
            "deposits started from 0 and one of them is lost. A thread switch can happen at "
            "any point; here it was made to happen at the worst one. The read, the audit and "
            "the write must all happen while one shared lock is held."
        )
    expect_equal(
        state.audits,
        [0, amount],
        "the balances audit saw for two deposits of 5 on two threads",
        "The second deposit must start from the balance the first one wrote.",
    )
    expect_equal(
        state.account.balance,
        2 * amount,
        "account.balance after two threads each called deposit(5)",
    )


@pytest.mark.task(4)
def test_many_threads_depositing_at_once_lose_nothing():
    with _watched_locks(_ignore):  # only so that a self-deadlock explains itself
        Account = need(_module(), "Account", "class")
        account = call("Account(audit)", Account, lambda balance, amount: time.sleep(0))
    threads_count, deposits_each = 8, 100
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def worker() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(WAIT)
        try:
            for _ in range(deposits_each):
                account.deposit(1)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(threads_count)]
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows
    try:
        for thread in threads:
            thread.start()
        _join_all(threads, 2 * WAIT)
    finally:
        sys.setswitchinterval(previous)
    if any(thread.is_alive() for thread in threads):
        fail("8 threads depositing 100 times each did not finish: a deadlock?")
    if errors:
        error = errors[0]
        fail(f"deposit(1) raised {type(error).__name__} in a worker thread: {_text(error)}.")
    expect_equal(
        account.balance,
        threads_count * deposits_each,
        "account.balance after 8 threads each called deposit(1) 100 times",
        "Every deposit must count exactly once, however the threads interleave.",
    )


class _Rejected(Exception):
    pass


@pytest.mark.task(4)
def test_a_rejected_deposit_changes_nothing_and_frees_the_lock():
    def audit(balance: int, amount: int) -> None:
        if amount == 13:
            raise _Rejected("unlucky amount")

    state = SimpleNamespace(helper=None, stuck_on=None, finished=threading.Event(), errors=[])

    def blocked(lock: object) -> None:
        if state.helper is not None and threading.get_ident() == state.helper:
            state.stuck_on = lock
            state.finished.set()

    def helper() -> None:
        state.helper = threading.get_ident()
        try:
            account.deposit(5)
        except BaseException as exc:
            state.errors.append(exc)
        state.finished.set()

    thread = threading.Thread(target=helper, daemon=True)
    with _watched_locks(blocked):
        Account = need(_module(), "Account", "class")
        account = call("Account(audit)", Account, audit)
        try:
            account.deposit(13)
        except _Rejected:
            pass
        except NotImplementedError:
            fail("deposit raised NotImplementedError: this part is not written yet.")
        except Exception as exc:
            fail(
                f"deposit(13) raised {type(exc).__name__}; expected the error audit raised to "
                "reach the caller unchanged."
            )
        else:
            fail(
                "deposit(13) returned normally although audit rejected it by raising; the "
                "error must reach the caller."
            )
        expect_equal(
            account.balance,
            0,
            "account.balance after audit rejected deposit(13)",
            "A rejected deposit must not change the balance.",
        )
        thread.start()
        state.finished.wait(WAIT)
        stuck = state.stuck_on
        if stuck is not None:
            with contextlib.suppress(Exception):
                stuck._real.release()  # let the helper thread go, where the lock allows it
    if stuck is not None:
        fail(
            "After audit rejected deposit(13), another thread's deposit(5) found the lock "
            "still taken, and would wait forever: the lock is not released when audit raises. "
            "Release it on every path out of deposit, exceptions included."
        )
    thread.join(WAIT)
    if thread.is_alive():
        fail("After audit rejected deposit(13), another thread's deposit(5) never finished.")
    if state.errors:
        error = state.errors[0]
        fail(f"After a rejected deposit, deposit(5) raised {type(error).__name__}: {_text(error)}.")
    expect(
        type(account.balance) is int and account.balance == 5,
        f"account.balance is {show(account.balance)} after a rejected deposit(13) and then "
        "deposit(5); expected 5.",
    )
