"""Generators: reference solution."""

from __future__ import annotations

import functools
import itertools


# Task 1: count_up, the lazy counter
def count_up(n):
    """Yield 0, 1, ..., n - 1, one at a time, without building a list."""
    i = 0
    while i < n:
        yield i
        i += 1


# Task 2: the exhausted-generator trap
def above_average(readings):
    """Return (mean, [readings above the mean]) for any iterable of numbers."""
    readings = list(readings)  # two passes are needed: keep one copy, made on purpose
    if not readings:
        return 0.0, []
    mean = sum(readings) / len(readings)
    return mean, [value for value in readings if value > mean]


# Task 3: a pipeline that streams
def parse_log(lines):
    """Yield (status, size) for every non-blank line "METHOD PATH STATUS SIZE"."""
    for line in lines:
        fields = line.split()
        if fields:
            yield int(fields[2]), int(fields[3])


def server_errors(records):
    """Yield the (status, size) records whose status is a 5xx server error."""
    return (record for record in records if 500 <= record[0] <= 599)


def error_bytes(lines):
    """Total size of all server-error responses in `lines`, holding one line at a time."""
    return sum(size for _status, size in server_errors(parse_log(lines)))


# Task 4: yield from
def flatten(nested):
    """Yield every leaf of arbitrarily nested iterables; str and bytes are leaves."""
    for item in nested:
        if not isinstance(item, (list, tuple, range)) and not hasattr(item, "__next__"):
            yield item
            continue
        try:
            inner = iter(item)
        except TypeError:
            yield item
        else:
            yield from flatten(inner)


# Task 5: chunking
def chunked(iterable, size):
    """Yield lists of `size` items from any iterable; the last one may be shorter."""
    if size < 1:
        raise ValueError("size must be at least 1")
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# Task 6: send() and priming
def averager():
    """A coroutine: after priming, each send(x) returns the average of everything sent so far."""
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


def primed(generator_function):
    """Decorator: calling the result creates the generator and advances it to its first yield."""

    @functools.wraps(generator_function)
    def start(*args, **kwargs):
        generator = generator_function(*args, **kwargs)
        next(generator)
        return generator

    return start
