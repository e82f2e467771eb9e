"""Generators and why they are memory efficient.

Edit this file, then run `./kata check generators`. The README explains each task.
"""

from __future__ import annotations


# Task 1: count_up, the lazy counter
def count_up(n):
    """Yield 0, 1, ..., n - 1 one at a time, without ever building a list.

    count_up(3) produces 0, 1, 2; count_up(0) produces nothing.
    """
    raise NotImplementedError


# Task 2: the exhausted-generator trap (fix the bug)
def above_average(readings):
    """Return (mean, readings_above_mean) for any iterable of numbers.

    `mean` is a float (0.0 when there are no readings). `readings_above_mean` is a list of the
    readings strictly greater than the mean, in their original order.

    It is right for lists. Callers who pass a generator get a wrong answer, and no error.
    """
    total = 0
    count = 0
    for value in readings:
        total += value
        count += 1
    if count == 0:
        return 0.0, []
    mean = total / count
    return mean, [value for value in readings if value > mean]


# Task 3: a pipeline that streams
def parse_log(lines):
    """Yield one (status, size) tuple of ints per non-blank line.

    Each line looks like "GET /index.html 200 5120" (method, path, status, size); blank lines
    are skipped. `lines` can be any iterable of strings: a list, a generator, an open file.
    """
    raise NotImplementedError


def server_errors(records):
    """Yield only the (status, size) records whose status is a server error (500 to 599)."""
    raise NotImplementedError


def error_bytes(lines):
    """Return the total size (an int) of all server-error responses in `lines`.

    Build it from parse_log and server_errors. The log may be far bigger than memory: at no
    point may the whole input, or all the records, be held at once.
    """
    raise NotImplementedError


# Task 4: yield from
def flatten(nested):
    """Yield every leaf of arbitrarily nested iterables, depth first, in order.

    Anything iterable (lists, tuples, ranges, sets, dicts, deques, generators...) is opened up,
    except str and bytes, which are leaves like numbers are. A dict is opened up as iterating
    it does, into its keys:
    flatten([1, [2, (3, [4])], "ab"]) produces 1, 2, 3, 4, "ab".
    """
    raise NotImplementedError


# Task 5: chunking
def chunked(iterable, size):
    """Yield lists of `size` consecutive items from any iterable; the last list may be shorter.

    chunked(range(7), 3) produces [0, 1, 2], [3, 4, 5], [6]. It must work on one-shot and endless
    iterators too, reading only what the chunks asked for so far. A size below 1 raises
    ValueError (at the latest when the first chunk is requested).
    """
    raise NotImplementedError


# Task 6: send() and priming
def averager():
    """A generator you drive with send(): each send(x) returns, as a float, the average of all
    the values sent so far.

        avg = averager()
        next(avg)        # priming: runs to the first yield, returns None
        avg.send(10)     # 10.0
        avg.send(20)     # 15.0
    """
    raise NotImplementedError


def primed(generator_function):
    """Decorator: calling the decorated function creates the generator and primes it.

    primed(averager)() returns an averager that is ready for send() straight away. Arguments are
    passed through to the generator function.
    """
    raise NotImplementedError
