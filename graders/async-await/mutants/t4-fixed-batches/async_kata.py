"""async/await kata: concurrency on one thread, by taking turns.

Every `fetch` below is an *async* function you are given: `await fetch(url)` returns its data.
The tests pass in fakes that record what your code does, so no real network is used.
Run `kata check async-await` after each task.
"""

import asyncio

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
coroutine
start a
end a
start b
end b
data-a data-b
start c
start d
end c
end d
['data-c', 'data-d']
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
    return await asyncio.gather(*(fetch(url) for url in urls))


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
    try:
        return await asyncio.wait_for(fetch(url), timeout)
    except asyncio.TimeoutError:  # the same class as the builtin TimeoutError on 3.11+
        return default


# ---------------------------------------------------------------------------------------------
# Task 4: bounded concurrency
# ---------------------------------------------------------------------------------------------
async def fetch_bounded(fetch, urls, limit):
    """Fetch every url in `urls`, at most `limit` at a time; return the results in `urls` order.

    Never more than `limit` fetches in flight, but keep all `limit` slots busy: as soon as one
    fetch finishes, the next url starts (a slow fetch must not hold up the others).
    """
    results = []
    for start in range(0, len(urls), limit):
        batch = urls[start : start + limit]
        results += await asyncio.gather(*(fetch(url) for url in batch))
    return results


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
            return await asyncio.to_thread(load, key)
        except ConnectionError:
            if attempt == retries - 1:
                raise
            await asyncio.sleep(backoff)


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
    tasks = []
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch(url)) for url in urls]
    except ExceptionGroup:  # noqa: F821 - a builtin since 3.11, and this only runs there
        failures = {
            url: task.exception()
            for url, task in zip(urls, tasks, strict=False)
            if task.done() and not task.cancelled() and task.exception() is not None
        }
        raise FetchError(failures) from None
    return [task.result() for task in tasks]
