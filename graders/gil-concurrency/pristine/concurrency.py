"""The GIL: threads vs processes vs asyncio.

Read README.md first. Each task below is marked with a `# Task N:` header.
Run `./kata check gil-concurrency` to see which tasks pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Task 1: pick the right tool for the workload
#
# Question A. A script downloads 300 web pages with `requests.get` (a blocking HTTP
# library) and saves each one to disk. Each download spends about 0.5 s waiting for the
# server and about 1 ms running Python code. Standard CPython 3.12, 4-core laptop.
# What is the simplest change that makes it much faster?
#
#   "a"  Nothing will help: the GIL lets only one thread run at a time, so threads
#        cannot overlap anything.
#   "b"  Run the downloads in a ThreadPoolExecutor with about 20 threads.
#   "c"  Put each `requests.get` call inside an `async def` and `asyncio.gather` them.
#   "d"  Run the downloads in a ProcessPoolExecutor: only processes get around the GIL.
#
DOWNLOAD_CHOICE = None

# Question B. A chat server keeps 10 000 client connections open at once. Most are idle;
# now and then one sends a short message, which takes very little CPU to handle.
# Which design fits best, and for which reason?
#
#   "a"  asyncio, because coroutines run in parallel on all CPU cores.
#   "b"  One thread per connection: the GIL is released during I/O, so 10 000 threads
#        cost about the same as 10 000 coroutines.
#   "c"  asyncio, because a waiting connection is just a small coroutine object in one
#        event loop, while a thread per connection is an OS thread with its own stack.
#   "d"  One process per connection, because processes avoid the GIL.
#
CONNECTIONS_CHOICE = None


# Task 2: CPU-bound work in other processes


def count_primes(limit: int) -> int:
    """How many primes are smaller than `limit` (pure Python, CPU-bound). Already done."""
    count = 0
    for candidate in range(2, limit):
        divisor = 2
        while divisor * divisor <= candidate:
            if candidate % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


def prime_job(limit: int) -> tuple[int, int]:
    """Return `(process id, count_primes(limit))` for the process this call runs in.

    A worker process will run this function, so it must be something that process can
    find again by name.
    """
    raise NotImplementedError


def count_primes_in_processes(limits: Sequence[int], workers: int = 2) -> list[tuple[int, int]]:
    """Run `prime_job` for every limit in a pool of at most `workers` worker processes.

    Return the list of results in the same order as `limits`. It must work with the
    `spawn` start method (the default on Windows and macOS): every worker is a fresh
    interpreter that imports this file and receives its work by pickling.
    """
    raise NotImplementedError


# Task 3: I/O-bound calls overlapped with a thread pool


def fetch_all(fetch: Callable[[str], object], urls: Sequence[str], max_workers: int = 8) -> list:
    """Call `fetch(url)` for every url, with the calls running at the same time.

    `fetch` blocks (think: an HTTP request). Use at most `max_workers` threads. Return the
    results as a list in the order of `urls`. If a call raises, `fetch_all` raises it too.
    """
    raise NotImplementedError


# Task 4: fix the data race


class Account:
    """A bank account that many threads deposit into at the same time.

    `audit(balance, amount)` is called by every deposit with the balance that deposit
    starts from, before the new balance is written. It stands for slow work such as
    writing an audit log over the network, and it may raise to reject the deposit (then
    the balance must not change). Leave it where it is: read, audit, write.
    """

    def __init__(self, audit: Callable[[int, int], None] | None = None) -> None:
        self.balance = 0
        self._audit = audit if audit is not None else _no_audit

    def deposit(self, amount: int) -> None:
        balance = self.balance
        self._audit(balance, amount)
        self.balance = balance + amount


def _no_audit(balance: int, amount: int) -> None:
    """The default audit: accept every deposit."""
