"""async/await kata: concurrency on one thread, by taking turns.

Every `fetch` below is an *async* function you are given: `await fetch(url)` returns its data.
The tests pass in fakes that record what your code does, so no real network is used.
Run `./kata check async-await` after each task.
"""

import asyncio  # noqa: F401 - you will need it
import time

# ---------------------------------------------------------------------------------------------
# Task 1: predict the output
# ---------------------------------------------------------------------------------------------
# What does this program print? Write the lines, in order, into ANSWER.
#
#     import asyncio
#
#     async def fetch(name):
#         print("start", name)
#         await asyncio.sleep(0)
#         print("end", name)
#         return "data-" + name
#
#     async def main():
#         pending = fetch("a")
#         print(type(pending).__name__)
#         first = await pending
#         second = await fetch("b")
#         print(first, second)
#         both = await asyncio.gather(fetch("c"), fetch("d"))
#         print(both)
#
#     asyncio.run(main())

ANSWER = """
"""


# ---------------------------------------------------------------------------------------------
# Task 2: run coroutines concurrently
# ---------------------------------------------------------------------------------------------
async def fetch_all(fetch, urls):
    """Fetch every url in `urls` *concurrently* and return the results as a list.

    `fetch` is an async function: `await fetch(url)` returns that url's data.
    All the fetches must be in progress at the same time (not one after another), and the
    result list is in the same order as `urls`, whichever fetch happens to finish first.
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# Task 3: give up after a time-out
# ---------------------------------------------------------------------------------------------
async def fetch_with_timeout(fetch, url, timeout, default=None):
    """Return `await fetch(url)`, or `default` if it has not finished within `timeout` seconds.

    A fetch that runs out of time must be cancelled, not left running in the background.
    An exception raised by the fetch itself (not a time-out) must reach the caller unchanged,
    with one allowance: a fetch that raises TimeoutError itself may be treated like one that ran
    out of time (asyncio's time-out tools cannot tell the two apart from Python 3.11 on).
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# Task 4: bounded concurrency
# ---------------------------------------------------------------------------------------------
async def fetch_bounded(fetch, urls, limit):
    """Fetch every url in `urls`, at most `limit` at a time; return the results in `urls` order.

    Never more than `limit` fetches in flight, but keep all `limit` slots busy: as soon as one
    fetch finishes, the next url starts (a slow fetch must not hold up the others).
    """
    raise NotImplementedError


# ---------------------------------------------------------------------------------------------
# Task 5: fix the bug
# ---------------------------------------------------------------------------------------------
# Bug report: "whenever a report is being loaded, the whole service freezes: other requests,
# health checks and timers all stop until fetch_report returns." Find what freezes the event
# loop and fix it. `load(key)` comes from a synchronous library you cannot change: it is an
# ordinary (blocking) function. Keep the behaviour the same otherwise.
async def fetch_report(key, load, retries=3, backoff=0.01):
    """Return `load(key)`, retrying up to `retries` times in total when it raises ConnectionError,
    pausing `backoff` seconds between attempts. After the last failure, re-raise its error."""
    for attempt in range(retries):
        try:
            return load(key)
        except ConnectionError:
            if attempt == retries - 1:
                raise
            time.sleep(backoff)


# ---------------------------------------------------------------------------------------------
# Task 6: TaskGroup error handling (needs Python 3.11 or newer)
# ---------------------------------------------------------------------------------------------
class FetchError(Exception):
    """Raised by fetch_all_or_nothing when one or more fetches failed. (Already written.)"""

    def __init__(self, failures):
        super().__init__(f"{len(failures)} fetch(es) failed: {', '.join(map(str, failures))}")
        self.failures = failures  # dict: url -> the exception that url's fetch raised


async def fetch_all_or_nothing(fetch, urls):
    """Fetch every url concurrently; return the results in `urls` order if all succeed.

    If any fetch raises, cancel the fetches still running and raise FetchError whose `failures`
    is a dict mapping each url whose fetch raised to the exception it raised, in `urls` order.
    The caller gets a FetchError, never a bare ExceptionGroup.
    """
    raise NotImplementedError
