"""Grader for the generators kata.

Laziness is proven, never assumed: endless sources count what was pulled from them and refuse to
hand out more than PULL_LIMIT items, and memory is measured with tracemalloc against thresholds
that sit far from both a streaming answer (a few KB) and one that materialises (megabytes).
Learner iterators are never drained without a bound, so a generator that never stops fails
with a sentence instead of eating the machine's memory.
"""

from __future__ import annotations

import gc
import io
import tracemalloc
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kata.testkit import (
    KataFailure,
    call,
    expect,
    expect_equal,
    fail,
    load,
    need,
    show,
    source_dir,
)

PULL_LIMIT = 10_000
KB = 1024


# ---------------------------------------------------------------- helpers


def _describe(exc: BaseException) -> str:
    """ "TypeError: message (generators.py, line 12)", the line being the learner's own."""
    try:
        text = str(exc)
    except Exception:
        text = ""
    where = ""
    folder = source_dir()
    tb = exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if path.parent == folder:
            where = f" ({path.name}, line {tb.tb_lineno})"
        tb = tb.tb_next
    message = f": {show(text, 160)[1:-1]}" if text else ""
    return f"{type(exc).__name__}{message}{where}"


class Endless:
    """An endless iterator that counts how many items were pulled and stops a reader at
    PULL_LIMIT, so code that tries to read everything fails fast instead of running forever."""

    def __init__(self, make: Callable[[int], Any], reader: str) -> None:
        self.make = make
        self.reader = reader
        self.pulled = 0

    def __iter__(self) -> Endless:
        return self

    def __next__(self) -> Any:
        if self.pulled >= PULL_LIMIT:
            fail(
                f"{self.reader} read more than {PULL_LIMIT:,} items from an endless source "
                "before handing back the first few results: something in it reads the whole "
                "input up front (a list(), a list comprehension, sorted(), len()...). On real "
                "data bigger than memory, that is where the memory goes."
            )
        item = self.make(self.pulled)
        self.pulled += 1
        return item


def as_iterator(value: Any, what: str) -> Iterator[Any]:
    """`value` must be an iterator, as a generator is: next() works and iter() gives it back."""
    try:
        is_iterator = iter(value) is value and hasattr(type(value), "__next__")
    except Exception:
        is_iterator = False
    if not is_iterator:
        fail(
            f"{what} returned {show(value)} (a {type(value).__name__}); expected a generator, "
            "which hands out one value each time next() is called instead of building them all."
        )
    return value


def take(iterator: Iterator[Any], most: int, what: str) -> list[Any]:
    """Up to `most` items from a learner iterator; its exceptions become sentences."""
    items: list[Any] = []
    while len(items) < most:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except KataFailure:
            raise
        except NotImplementedError:
            fail(
                f"iterating {what} still raises NotImplementedError: this part is not written yet."
            )
        except RecursionError:
            fail(
                f"iterating {what} recursed without end (RecursionError). Is there an item "
                "that, when you open it up, contains itself?"
            )
        except Exception as exc:
            fail(f"iterating {what} raised {_describe(exc)}.")
        items.append(item)
    return items


def collect(iterator: Iterator[Any], expected: list[Any], what: str, why: str = "") -> None:
    """Everything `iterator` yields must equal `expected`; one that never stops fails cleanly."""
    items = take(iterator, len(expected) + 1, what)
    if len(items) > len(expected):
        fail(
            f"{what} kept going: expected {len(expected)} value(s), but it yielded at least "
            f"{len(items)}: {show(items)}. {why or 'Does it stop when the input runs out?'}"
        )
    expect_equal(items, expected, f"list({what})", why)


def peak_memory(func: Callable[[], Any]) -> tuple[Any, int]:
    """Run `func` under tracemalloc: (its result, the peak bytes allocated while it ran)."""
    gc.collect()
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return result, max(0, peak - before)


def a_type(value: Any) -> str:
    """ "an int", "a NoneType": the type of `value` with its article."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def gen_of(values: list[Any]) -> Iterator[Any]:
    """A one-shot generator over `values`, as a caller streaming data would pass."""
    return (value for value in values)


# ---------------------------------------------------------------- task 1: count_up


@pytest.mark.task(1)
def test_count_up_yields_zero_up_to_n_minus_one():
    count_up = need(load("generators"), "count_up", "function")
    result = as_iterator(call("count_up(5)", count_up, 5), "count_up(5)")
    collect(
        result,
        [0, 1, 2, 3, 4],
        "count_up(5)",
        "It counts from 0 and stops before n, like range(n).",
    )


@pytest.mark.task(1)
def test_count_up_of_zero_or_less_yields_nothing():
    count_up = need(load("generators"), "count_up", "function")
    for n in (0, -3):
        result = as_iterator(call(f"count_up({n})", count_up, n), f"count_up({n})")
        collect(result, [], f"count_up({n})", "There is nothing below n to count.")


@pytest.mark.task(1)
def test_count_up_hands_out_values_without_building_them_all():
    count_up = need(load("generators"), "count_up", "function")
    n = 200_000
    limit = 100 * KB

    def first_three() -> list[Any]:
        result = as_iterator(call(f"count_up({n:_})", count_up, n), f"count_up({n:_})")
        return take(result, 3, f"count_up({n:_})")

    items, peak = peak_memory(first_three)
    expect_equal(items, [0, 1, 2], f"the first 3 values of count_up({n:_})")
    expect(
        peak < limit,
        f"Taking the first 3 values of count_up({n:_}) allocated {peak // KB:,} KB at its peak; "
        f"a lazy generator needs well under {limit // KB} KB whatever n is. Something builds "
        "all n values before the first one is handed out.",
    )


# ---------------------------------------------------------------- task 2: the exhausted trap


def check_above_average(result: Any, expected: tuple[float, list[Any]], what: str, why: str = ""):
    """`result` must be a (float mean, list) pair equal to `expected`; a mean of the wrong type
    gets its own sentence, since it is a different mistake from an exhausted generator."""
    if type(result) is tuple and len(result) == 2 and type(result[0]) is not float:
        mean = result[0]
        fail(
            f"{what} returned the mean {show(mean)} ({a_type(mean)}); expected "
            f"{expected[0]!r}. The mean is always a float, even when every reading is an int: "
            "the caller should not have to guess its type."
        )
    expect_equal(result, expected, what, why)


@pytest.mark.task(2)
def test_above_average_is_right_for_a_generator():
    above_average = need(load("generators"), "above_average", "function")
    result = call("above_average(<a generator of 2, 4, 9>)", above_average, gen_of([2, 4, 9]))
    check_above_average(
        result,
        (5.0, [9]),
        "above_average(<a generator of 2, 4, 9>)",
        "A generator can be iterated only once: a second loop over it finds it already "
        "exhausted and silently sees nothing.",
    )


@pytest.mark.task(2)
def test_above_average_is_right_for_any_one_shot_iterator():
    above_average = need(load("generators"), "above_average", "function")
    readings = map(float, ["1.5", "2.5", "3.5", "6.5"])
    result = call(
        "above_average(map(float, ['1.5', '2.5', '3.5', '6.5']))", above_average, readings
    )
    check_above_average(
        result,
        (3.5, [6.5]),
        "above_average(map(float, ['1.5', '2.5', '3.5', '6.5']))",
        "map objects, file objects and zip objects are one-shot iterators too.",
    )


@pytest.mark.task(2)
def test_above_average_still_works_on_a_list_and_leaves_it_alone():
    above_average = need(load("generators"), "above_average", "function")
    readings = [10, 30, 20]
    result = call("above_average([10, 30, 20])", above_average, readings)
    check_above_average(result, (20.0, [30]), "above_average([10, 30, 20])")
    expect_equal(
        readings,
        [10, 30, 20],
        "the caller's list after above_average(readings)",
        "The function must not change the data it was given.",
    )


@pytest.mark.task(2)
def test_above_average_of_an_empty_generator_is_zero_and_no_readings():
    above_average = need(load("generators"), "above_average", "function")
    result = call("above_average(<an empty generator>)", above_average, gen_of([]))
    check_above_average(result, (0.0, []), "above_average(<an empty generator>)")


@pytest.mark.task(2)
def test_above_average_keeps_the_readings_in_their_original_order():
    above_average = need(load("generators"), "above_average", "function")
    result = call("above_average(<a generator of 9, 1, 7, 3>)", above_average, gen_of([9, 1, 7, 3]))
    check_above_average(
        result,
        (5.0, [9, 7]),
        "above_average(<a generator of 9, 1, 7, 3>)",
        "The readings above the mean come back in the order they arrived: in a time series "
        "the order is part of the data, so sorting the readings loses information.",
    )


# ---------------------------------------------------------------- task 3: a streaming pipeline


HEADS = [f"GET /api/v2/customers/{k * 7_919:08d}/orders?page={k}&sort=desc" for k in range(97)]
TAILS = [f" {200 if j % 4 == 0 else 500 + j % 4} {1_000 + j * 1_009}\n" for j in range(89)]


def log_line(i: int) -> str:
    """Line i of a synthetic access log, a new string each time (one allocation, so measuring
    stays fast under tracemalloc); about three lines in four are server errors."""
    return HEADS[i % 97] + TAILS[i % 89]


def log_record(i: int) -> tuple[int, int]:
    line = log_line(i).split()
    return int(line[2]), int(line[3])


@pytest.mark.task(3)
def test_parse_log_yields_status_and_size_and_skips_blank_lines():
    parse_log = need(load("generators"), "parse_log", "function")
    lines = ["GET /index.html 200 5120\n", "\n", "  \n", "POST /api/orders 503 17\n"]
    result = as_iterator(call("parse_log(lines)", parse_log, lines), "parse_log(lines)")
    collect(
        result,
        [(200, 5120), (503, 17)],
        "parse_log(['GET /index.html 200 5120\\n', '\\n', '  \\n', 'POST /api/orders 503 17\\n'])",
        "Each record is a (status, size) tuple of ints; blank lines produce nothing.",
    )


@pytest.mark.task(3)
def test_server_errors_keeps_only_statuses_500_to_599():
    server_errors = need(load("generators"), "server_errors", "function")
    records = [(200, 1), (499, 2), (500, 3), (404, 4), (599, 5), (600, 6), (5000, 8), (503, 7)]
    result = as_iterator(
        call("server_errors(records)", server_errors, gen_of(records)), "server_errors(records)"
    )
    collect(
        result,
        [(500, 3), (599, 5), (503, 7)],
        f"server_errors({show(records, 200)})",
        "A server error is a status from 500 to 599, both ends included, compared as a number.",
    )


@pytest.mark.task(3)
def test_error_bytes_sums_the_sizes_of_server_errors_in_a_file():
    error_bytes = need(load("generators"), "error_bytes", "function")
    log = io.StringIO(
        "GET / 200 100\nGET /a 500 1000\n\nPOST /b 502 20000\nGET /c 404 7\nGET /d 599 300000\n"
    )
    result = call("error_bytes(<an open log file>)", error_bytes, log)
    expect_equal(result, 321_000, "error_bytes(<an open log file with 3 server errors>)")


@pytest.mark.task(3)
def test_parse_log_reads_an_endless_log_only_as_far_as_needed():
    parse_log = need(load("generators"), "parse_log", "function")
    source = Endless(log_line, "parse_log")
    result = as_iterator(call("parse_log(<an endless log>)", parse_log, source), "parse_log(...)")
    first = take(result, 3, "parse_log(<an endless log>)")
    expect_equal(first, [log_record(0), log_record(1), log_record(2)], "the first 3 records")
    expect(
        source.pulled <= 10,
        f"parse_log read {source.pulled} lines to produce its first 3 records; a lazy stage "
        "reads one line per record it hands out.",
    )


@pytest.mark.task(3)
def test_server_errors_reads_an_endless_stream_only_as_far_as_needed():
    server_errors = need(load("generators"), "server_errors", "function")
    source = Endless(log_record, "server_errors")
    result = as_iterator(
        call("server_errors(<endless records>)", server_errors, source), "server_errors(...)"
    )
    first = take(result, 3, "server_errors(<endless records>)")
    expect_equal(first, [log_record(1), log_record(2), log_record(3)], "the first 3 server errors")
    expect(
        source.pulled <= 20,
        f"server_errors read {source.pulled} records to find its first 3 errors; a lazy filter "
        "reads only until it has something to hand out.",
    )


@pytest.mark.task(3)
def test_error_bytes_streams_a_big_log_in_a_few_kilobytes():
    error_bytes = need(load("generators"), "error_bytes", "function")
    lines = 20_000
    limit = 128 * KB
    expected = sum(size for status, size in map(log_record, range(lines)) if status >= 500)

    def run() -> Any:
        return call("error_bytes(<a 20,000-line log>)", error_bytes, map(log_line, range(lines)))

    result, peak = peak_memory(run)
    expect_equal(result, expected, "error_bytes(<a 20,000-line log>)")
    expect(
        peak < limit,
        f"error_bytes over a 20,000-line log (about 1.5 MB of text) allocated {peak // KB:,} KB at "
        f"its peak; a pipeline that streams holds one line at a time and stays well under "
        f"{limit // KB} KB. Some step keeps every line, record or size at once: look for list(), "
        "[...] comprehensions, sorted() or len() along the way.",
    )


@pytest.mark.task(3)
def test_error_bytes_streams_an_open_log_file_in_a_few_kilobytes(tmp_path: Path):
    error_bytes = need(load("generators"), "error_bytes", "function")
    lines = 10_000
    limit = 128 * KB
    path = tmp_path / "access.log"
    path.write_text("".join(map(log_line, range(lines))), encoding="utf-8")
    expected = sum(size for status, size in map(log_record, range(lines)) if status >= 500)

    with path.open(encoding="utf-8") as log:

        def run() -> Any:
            return call("error_bytes(<an open 10,000-line log file>)", error_bytes, log)

        result, peak = peak_memory(run)
    expect_equal(result, expected, "error_bytes(<an open 10,000-line log file>)")
    expect(
        peak < limit,
        f"error_bytes over an open 10,000-line log file (about 750 KB) allocated {peak // KB:,} "
        f"KB at its peak; looping over the file object hands out one line at a time and stays "
        f"well under {limit // KB} KB. Something reads the whole file at once: look for "
        ".read(), .readlines(), list() or [...] along the way.",
    )


# ---------------------------------------------------------------- task 4: yield from


@pytest.mark.task(4)
def test_flatten_yields_the_leaves_of_nested_lists_and_tuples_in_order():
    flatten = need(load("generators"), "flatten", "function")
    nested = [1, [2, (3, [4, [5]])], [], 6, ((7,),)]
    result = as_iterator(call("flatten(nested)", flatten, nested), "flatten(nested)")
    collect(result, [1, 2, 3, 4, 5, 6, 7], f"flatten({show(nested)})")


@pytest.mark.task(4)
def test_flatten_keeps_strings_and_bytes_whole():
    flatten = need(load("generators"), "flatten", "function")
    nested = ["ab", ["cd", [b"ef"]], "g", [""]]
    result = as_iterator(call("flatten(nested)", flatten, nested), "flatten(nested)")
    collect(
        result,
        ["ab", "cd", b"ef", "g", ""],
        f"flatten({show(nested)})",
        "Strings and bytes are leaves, like numbers: they are not opened up into characters.",
    )


@pytest.mark.task(4)
def test_flatten_opens_any_iterable_not_just_lists():
    flatten = need(load("generators"), "flatten", "function")
    nested = [range(3), gen_of([["x"], ("y",)]), 3.5]
    result = as_iterator(call("flatten(nested)", flatten, nested), "flatten(nested)")
    collect(
        result,
        [0, 1, 2, "x", "y", 3.5],
        "flatten([range(3), <a generator of ['x'], ('y',)>, 3.5])",
        "Ranges and generators are iterables too.",
    )


@pytest.mark.task(4)
def test_flatten_opens_sets_dicts_and_deques_too():
    flatten = need(load("generators"), "flatten", "function")
    # One-element sets and an insertion-ordered dict keep the expected order fixed.
    nested = [{1}, frozenset({2}), {"k": "v", "m": ["w"]}, deque([3, [4, {5}]])]
    spelled = "flatten([{1}, frozenset({2}), {'k': 'v', 'm': ['w']}, deque([3, [4, {5}]])])"
    result = as_iterator(call(spelled, flatten, nested), spelled)
    collect(
        result,
        [1, 2, "k", "m", 3, 4, 5],
        spelled,
        "Sets, frozensets, dicts and deques are iterables like lists: each is opened up, and a "
        "dict is opened up the way iterating it goes, into its keys. Code that opens a short list "
        "of container types leaves every other iterable whole, so the output quietly "
        "contains containers.",
    )


@pytest.mark.task(4)
def test_flatten_stays_lazy_on_an_endless_inner_iterable():
    flatten = need(load("generators"), "flatten", "function")
    source = Endless(lambda i: i, "flatten")
    result = as_iterator(
        call("flatten([[-2, -1], <endless 0, 1, 2...>])", flatten, [[-2, -1], source]),
        "flatten(...)",
    )
    first = take(result, 5, "flatten([[-2, -1], <endless 0, 1, 2...>])")
    expect_equal(first, [-2, -1, 0, 1, 2], "the first 5 leaves")
    expect(
        source.pulled <= 10,
        f"flatten pulled {source.pulled} items from the endless inner iterable to hand out 3 of "
        "them; each leaf should be passed on as soon as it is reached.",
    )


# ---------------------------------------------------------------- task 5: chunking


@pytest.mark.task(5)
def test_each_chunk_is_its_own_list():
    chunked = need(load("generators"), "chunked", "function")
    result = as_iterator(call("chunked(range(5), 2)", chunked, range(5), 2), "chunked(...)")
    chunks = take(result, 4, "chunked(range(5), 2)")
    distinct = len({id(chunk) for chunk in chunks})
    expect(
        distinct == len(chunks),
        f"chunked(range(5), 2) handed out the same list object more than once ({distinct} "
        f"distinct object(s) for {len(chunks)} chunks). A caller who keeps the chunks sees "
        "earlier ones change when later ones are produced.",
    )
    if len(chunks) > 2 and all(chunk == chunks[0] for chunk in chunks):
        fail(
            f"chunked(range(5), 2) handed out {show(chunks)}: every chunk starts again from the "
            "first item. Iterating a list or a range again starts from its beginning; only an "
            "iterator remembers where the last chunk stopped."
        )
    expect_equal(
        chunks,
        [[0, 1], [2, 3], [4]],
        "list(chunked(range(5), 2))",
        "Every item lands in exactly one chunk, in order, leftovers included.",
    )


@pytest.mark.task(5)
def test_chunked_makes_lists_of_size_with_a_shorter_last_one():
    chunked = need(load("generators"), "chunked", "function")
    result = as_iterator(call("chunked(range(7), 3)", chunked, range(7), 3), "chunked(range(7), 3)")
    collect(
        result,
        [[0, 1, 2], [3, 4, 5], [6]],
        "chunked(range(7), 3)",
        "Every item lands in exactly one chunk, in order; the leftovers form a last, shorter "
        "chunk (dropping them loses data).",
    )


@pytest.mark.task(5)
def test_chunked_adds_no_empty_chunk_at_the_end():
    chunked = need(load("generators"), "chunked", "function")
    result = as_iterator(call("chunked(range(6), 3)", chunked, range(6), 3), "chunked(range(6), 3)")
    collect(
        result,
        [[0, 1, 2], [3, 4, 5]],
        "chunked(range(6), 3)",
        "When the items run out exactly at the end of a chunk there is nothing left over: an "
        "empty list is not a chunk.",
    )
    empty = as_iterator(call("chunked([], 3)", chunked, [], 3), "chunked([], 3)")
    collect(empty, [], "chunked([], 3)", "No items, no chunks.")


@pytest.mark.task(5)
def test_chunked_works_on_a_one_shot_generator():
    chunked = need(load("generators"), "chunked", "function")
    source = gen_of(list("abcde"))
    result = as_iterator(call("chunked(<a generator>, 2)", chunked, source, 2), "chunked(...)")
    collect(
        result,
        [["a", "b"], ["c", "d"], ["e"]],
        "chunked(<a generator of 'a'...'e'>, 2)",
        "A generator has no len() and cannot be sliced: only next() works on it.",
    )


@pytest.mark.task(5)
def test_chunked_reads_an_endless_source_only_as_far_as_needed():
    chunked = need(load("generators"), "chunked", "function")
    source = Endless(lambda i: i, "chunked")
    result = as_iterator(call("chunked(<endless>, 4)", chunked, source, 4), "chunked(...)")
    first = take(result, 1, "chunked(<endless 0, 1, 2...>, 4)")
    after_one = source.pulled
    first += take(result, 2, "chunked(<endless 0, 1, 2...>, 4)")
    expect_equal(
        first, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], "the first 3 chunks of size 4"
    )
    for chunks, pulled in ((1, after_one), (3, source.pulled)):
        expect(
            pulled == 4 * chunks,
            f"chunked(<endless source>, 4) had read {pulled} items from the source when it "
            f"handed out chunk {chunks}; expected exactly {4 * chunks}. It should read no "
            "further than the chunks asked for so far: on a live stream (a socket, a queue, "
            "keyboard input) reading ahead waits for an item nobody asked for yet, and an item "
            "read ahead is lost to a caller who stops after this chunk.",
        )


@pytest.mark.task(5)
def test_chunked_rejects_a_size_below_one():
    chunked = need(load("generators"), "chunked", "function")
    try:
        iterator = as_iterator(chunked([1, 2, 3], 0), "chunked([1, 2, 3], 0)")
        for _ in range(3):
            next(iterator)
    except ValueError:
        return
    except StopIteration:
        pass
    except (KataFailure, NotImplementedError):
        raise
    except Exception as exc:
        fail(f"chunked([1, 2, 3], 0) raised {_describe(exc)}; expected a ValueError.")
    fail(
        "chunked([1, 2, 3], 0) raised no ValueError. A size of 0 can never make progress; "
        "say so loudly instead of yielding nothing (or looping forever)."
    )


# ---------------------------------------------------------------- task 6: send() and priming


def check_averages(got: list[Any], expected: list[float], what: str, why: str) -> None:
    """The averages must be floats (with their own sentence) and equal to `expected`."""
    for value in got:
        if type(value) is int and value in expected:
            fail(
                f"{what} returned {show(got)}; expected {show(expected)}. The values are right "
                f"but {show(value)} is {a_type(value)}: the average is always a float, "
                "even when the numbers sent are ints."
            )
    expect_equal(got, expected, what, why)


def send(generator: Any, value: Any, what: str) -> Any:
    try:
        return generator.send(value)
    except StopIteration:
        fail(
            f"{what}.send({value!r}) raised StopIteration: the generator finished; it should "
            "loop forever, waiting for the next value."
        )
    except KataFailure:
        raise
    except NotImplementedError:
        fail(
            f"{what}.send({value!r}) still raises NotImplementedError: "
            "this part is not written yet."
        )
    except Exception as exc:
        fail(f"{what}.send({value!r}) raised {_describe(exc)}.")


@pytest.mark.task(6)
def test_averager_is_primed_by_next_which_returns_none():
    averager = need(load("generators"), "averager", "function")
    avg = as_iterator(call("averager()", averager), "averager()")
    first = take(avg, 1, "averager()")
    if not first:
        fail(
            "next(averager()) raised StopIteration: the generator finished before its first "
            "yield. It should loop forever, waiting for values."
        )
    expect_equal(
        first[0],
        None,
        "next(averager())",
        "Priming runs the generator to its first yield; nothing has been averaged yet, so "
        "there is no average to hand out.",
    )


@pytest.mark.task(6)
def test_each_send_returns_the_average_so_far():
    averager = need(load("generators"), "averager", "function")
    avg = as_iterator(call("averager()", averager), "averager()")
    take(avg, 1, "averager()")
    got = [send(avg, value, "avg") for value in (10, 20, 0, 30)]
    check_averages(
        got,
        [10.0, 15.0, 10.0, 15.0],
        "avg.send(10), avg.send(20), avg.send(0), avg.send(30)",
        "Each send() must both deliver the value and return the new average: one yield per value.",
    )


@pytest.mark.task(6)
def test_two_averagers_keep_separate_totals():
    averager = need(load("generators"), "averager", "function")
    first = as_iterator(call("averager()", averager), "averager()")
    second = as_iterator(call("averager()", averager), "averager()")
    take(first, 1, "averager()")
    take(second, 1, "averager()")
    got = [
        send(first, 1.5, "first"),
        send(second, 100, "second"),
        send(first, 2.5, "first"),
        send(second, 50, "second"),
    ]
    check_averages(
        got,
        [1.5, 100.0, 2.0, 75.0],
        "first.send(1.5), second.send(100), first.send(2.5), second.send(50)",
        "Each generator keeps its own running state in its local variables.",
    )


@pytest.mark.task(6)
def test_primed_averager_is_ready_for_send_straight_away():
    module = load("generators")
    primed = need(module, "primed", "function")
    averager = need(module, "averager", "function")
    start = call("primed(averager)", primed, averager)
    expect(callable(start), f"primed(averager) returned {show(start)}, which cannot be called.")
    avg = as_iterator(call("primed(averager)()", start), "primed(averager)()")
    got = [send(avg, 4, "primed(averager)()"), send(avg, 8, "primed(averager)()")]
    check_averages(
        got,
        [4.0, 6.0],
        "send(4), send(8) on a fresh primed(averager)()",
        "A generator that has not reached its first yield cannot receive a value.",
    )


@pytest.mark.task(6)
def test_primed_passes_arguments_and_primes_only_when_called():
    primed = need(load("generators"), "primed", "function")
    started: list[str] = []

    def tagger(prefix: str, *, sep: str) -> Any:
        started.append(prefix)
        value = yield
        while True:
            value = yield f"{prefix}{sep}{value}"

    try:
        start = call("primed(tagger)", primed, tagger)
    except KataFailure as exc:
        fail(
            f"{exc} Decorating must not call tagger yet: each call of the decorated function "
            "creates its own generator, with the arguments of that call."
        )
    expect(
        started == [],
        "primed(tagger) already started a tagger generator when it merely decorated it. "
        "Decorating must not start anything: each later call makes its own generator.",
    )
    tags = as_iterator(call("primed(tagger)('a', sep='-')", start, "a", sep="-"), "primed(...)()")
    expect(
        started == ["a"],
        f"After primed(tagger)('a', sep='-') the tagger generators that had started were "
        f"{show(started)}; expected exactly one, started with prefix 'a'. Calling the decorated "
        "function must create the generator with those arguments and run it to its first yield.",
    )
    expect_equal(send(tags, "x", "tags"), "a-x", "tags.send('x')")


@pytest.mark.task(6)
def test_primed_makes_a_fresh_generator_on_every_call():
    module = load("generators")
    primed = need(module, "primed", "function")
    averager = need(module, "averager", "function")
    start = call("primed(averager)", primed, averager)
    first = as_iterator(call("primed(averager)()", start), "primed(averager)()")
    second = as_iterator(call("primed(averager)()", start), "primed(averager)()")
    expect(
        first is not second,
        "Two calls of primed(averager)() returned the same generator: each call must start a "
        "new one, or two callers would mix their numbers.",
    )
    got = [send(first, 10, "first"), send(second, 20, "second")]
    expect_equal(got, [10.0, 20.0], "first.send(10), second.send(20)")
