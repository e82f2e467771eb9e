"""Grader for the performance kata.

Speed is judged by counting work, never with a stopwatch: an instrumented key type counts the
comparisons and hashes of find_duplicates, a scan of the Report object shows whether add_line
rebuilds one ever-growing string, tracemalloc counts the bytes one more add_line allocates in a
big report (the same few bytes for any size when nothing is copied), and a profile hook counts
the calls of count_routes. Each
count stops the learner's code (with a BaseException it will not swallow by accident) as soon
as it passes a budget set far above a right answer and far below a wrong one.
The cProfile task runs programs whose hotspot dwarfs everything else (about 50x or more).
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import tracemalloc

import pytest

from kata.testkit import call, check_choice, expect, expect_equal, fail, load, need, show

MODULE = "performance"


class _OverBudget(BaseException):
    """Raised inside the learner's code when it has done far more work than a right answer."""


# --- Task 1: find_duplicates ----------------------------------------------------------------


class Meter:
    def __init__(self, budget):
        self.budget = budget
        self.used = 0

    def tick(self):
        self.used += 1
        if self.used > self.budget:
            raise _OverBudget


class Key:
    """A hashable, comparable-for-equality value that counts every __eq__ and __hash__ call.

    It deliberately has no ordering (<), like many real keys (dicts, mixed types, records).
    """

    __slots__ = ("meter", "value")

    def __init__(self, value, meter):
        self.value = value
        self.meter = meter

    def __eq__(self, other):
        self.meter.tick()
        return isinstance(other, Key) and self.value == other.value

    def __hash__(self):
        self.meter.tick()
        return hash(self.value)

    def __repr__(self):
        return f"Key({self.value!r})"


@pytest.mark.task(1)
def test_find_duplicates_lists_repeated_values_in_order_of_first_appearance():
    find_duplicates = need(load(MODULE), "find_duplicates", "function")
    items = [7, 2, 2, 5, 7, 9, 2]
    got = call("find_duplicates(items)", find_duplicates, list(items))
    expect_equal(
        got,
        [7, 2],
        f"find_duplicates({items!r})",
        "Each repeated value appears once, ordered by where it first appears (7 comes before 2 "
        "even though 2 repeats first). Speeding code up must not change its answers.",
    )


@pytest.mark.task(1)
def test_find_duplicates_of_unique_values_is_an_empty_list():
    find_duplicates = need(load(MODULE), "find_duplicates", "function")
    expect_equal(call("find_duplicates([])", find_duplicates, []), [], "find_duplicates([])")
    got = call("find_duplicates([3, 1, 2])", find_duplicates, [3, 1, 2])
    expect_equal(got, [], "find_duplicates([3, 1, 2])", "Nothing repeats, so nothing is listed.")


@pytest.mark.task(1)
def test_find_duplicates_leaves_the_callers_list_alone():
    find_duplicates = need(load(MODULE), "find_duplicates", "function")
    items = [5, 3, 5, 1, 3]
    call("find_duplicates(items)", find_duplicates, items)
    expect_equal(
        items,
        [5, 3, 5, 1, 3],
        "the caller's list after find_duplicates(items)",
        "A query must not reorder or shrink the data it was given.",
    )


def _keys(meter, size=1000, distinct=700):
    rng = random.Random(2024)
    values = [n % distinct for n in range(size)]
    rng.shuffle(values)
    return [Key(v, meter) for v in values]


@pytest.mark.task(1)
def test_find_duplicates_does_a_linear_amount_of_work():
    find_duplicates = need(load(MODULE), "find_duplicates", "function")
    size = 1000
    budget = 20 * size
    meter = Meter(budget)
    items = _keys(meter, size)
    try:
        call("find_duplicates(items)", find_duplicates, items)
    except _OverBudget:
        pass
    if meter.used > budget:
        fail(
            f"find_duplicates on {size} items was stopped after {budget} equality checks and "
            "hashes, about 20 per item; a linear solution needs a handful per item. A `value in "
            "some_list` test or list.count() compares against every element, so the total grows "
            "with the square of the input (100x the work for 10x the rows). Which structures "
            "answer 'have I seen this?' in about one step?"
        )


@pytest.mark.task(1)
def test_find_duplicates_returns_the_first_copy_of_each_value():
    find_duplicates = need(load(MODULE), "find_duplicates", "function")
    meter = Meter(10**9)
    items = _keys(meter, 300, 200)
    got = call("find_duplicates(items)", find_duplicates, list(items))
    first = {}
    counts = {}
    for item in items:
        first.setdefault(item.value, item)
        counts[item.value] = counts.get(item.value, 0) + 1
    expected = [first[v] for v in first if counts[v] > 1]
    if type(got) is not list:
        fail(f"find_duplicates(items) returned a {type(got).__name__}; it should return a list.")
    expect(
        len(got) == len(expected) and all(a is b for a, b in zip(got, expected, strict=True)),
        f"find_duplicates on 300 shuffled keys returned {len(got)} item(s) starting "
        f"{show(got[:4])}; expected {len(expected)}, starting {show(expected[:4])}: each "
        "repeated value once, as the object where it first appears, in first-appearance order.",
    )


# --- Task 2: Report -------------------------------------------------------------------------


def _new_report(module, title):
    report_class = need(module, "Report", "class")
    return call(f"Report({title!r})", report_class, title)


@pytest.mark.task(2)
def test_render_gives_the_title_then_every_line_each_ending_in_a_newline():
    report = _new_report(load(MODULE), "Sales")
    for line in ("north: 10", "south: 7"):
        call(f"report.add_line({line!r})", report.add_line, line)
    got = call("report.render()", report.render)
    expect_equal(
        got,
        "Sales\nnorth: 10\nsouth: 7\n",
        "render() after two add_line calls",
        "The output must stay exactly what it was before the fix.",
    )


@pytest.mark.task(2)
def test_render_can_be_called_again_after_more_lines():
    report = _new_report(load(MODULE), "Log")
    call("report.add_line('one')", report.add_line, "one")
    first = call("report.render()", report.render)
    again = call("report.render()", report.render)
    call("report.add_line('two')", report.add_line, "two")
    later = call("report.render()", report.render)
    expect_equal(first, "Log\none\n", "the first render()")
    expect_equal(
        again,
        "Log\none\n",
        "a second render() with no new lines",
        "Rendering must not change the report.",
    )
    expect_equal(
        later,
        "Log\none\ntwo\n",
        "render() after add_line('two')",
        "Lines added after a render still appear in the next one.",
    )


def _strings_held_by(obj):
    """Every str the object holds in an attribute, or directly inside a container attribute."""
    values = []
    if hasattr(obj, "__dict__"):
        values += list(vars(obj).values())
    for cls in type(obj).__mro__:
        for name in getattr(cls, "__slots__", ()):
            if isinstance(name, str) and hasattr(obj, name):
                values.append(getattr(obj, name))
    found = []
    for value in values:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found += [v for pair in value.items() for v in pair if isinstance(v, str)]
        elif isinstance(value, (list, tuple, set, frozenset)):
            found += [v for v in value if isinstance(v, str)]
    return found


@pytest.mark.task(2)
def test_add_line_does_not_rebuild_one_growing_string():
    report = _new_report(load(MODULE), "Big report")
    lines = [f"row {n:05d}: ok" for n in range(400)]
    for line in lines:
        call(f"report.add_line({line!r})", report.add_line, line)
    longest = max(map(len, _strings_held_by(report)), default=0)
    limit = 40 * len(lines[0])
    expect(
        longest <= limit,
        f"After 400 add_line calls the Report holds a string of {longest} characters: add_line "
        "is building the whole text as it goes. A str never changes, so each += on it (or any "
        "rebuild of it) copies everything so far: the 100 000th line copies 99 999 lines. Keep "
        "the pieces, and make the one long string only when it is asked for.",
    )
    got = call("report.render()", report.render)
    expect_equal(
        got, "Big report\n" + "".join(line + "\n" for line in lines), "render() after 400 lines"
    )


@pytest.mark.task(2)
def test_two_reports_keep_their_own_lines():
    module = load(MODULE)
    north = _new_report(module, "North")
    south = _new_report(module, "South")
    call("north.add_line('n1')", north.add_line, "n1")
    call("south.add_line('s1')", south.add_line, "s1")
    call("north.add_line('n2')", north.add_line, "n2")
    expect_equal(
        call("north.render()", north.render),
        "North\nn1\nn2\n",
        "north.render() (with a second Report, south, filled in between)",
        "Each Report keeps only its own lines: a list created once in the class body is shared "
        "by every instance, so state that belongs to one report must be created in __init__.",
    )
    expect_equal(
        call("south.render()", south.render),
        "South\ns1\n",
        "south.render() (with a second Report, north, filled in between)",
        "Each Report keeps only its own lines.",
    )


def _bytes_allocated_by(func, *args):
    """Bytes that func(*args) allocated at its peak, above what was in use before the call."""
    before, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    func(*args)
    _, peak = tracemalloc.get_traced_memory()
    return peak - before


@pytest.mark.task(2)
def test_add_line_costs_the_same_however_big_the_report_is():
    report = _new_report(load(MODULE), "Big report")
    size = 5000
    lines = [f"row {n:05d}: ok" for n in range(size + 41)]
    for line in lines[:size]:
        call(f"report.add_line({line!r})", report.add_line, line)
    # Measure 41 more calls and take the median: a list (or buffer) that grows by doubling may
    # copy itself now and then, which is fine; copying everything on *every* call is not.
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        costs = [
            _bytes_allocated_by(call, f"report.add_line({line!r})", report.add_line, line)
            for line in lines[size:]
        ]
    finally:
        if started:
            tracemalloc.stop()
    typical = statistics.median(costs)
    held = size * (len(lines[0]) + 1)
    expect(
        typical <= 16 * 1024,
        f"With {size} lines (about {held // 1024} KB of text) already in the report, one more "
        f"add_line call allocated about {typical // 1024} KB: it copies the whole report on "
        "every call, so 100 000 lines copy billions of bytes. Rebuilding a string does that, "
        "and so does `some_list + [item]`, which builds a brand-new list each time. Add the "
        "line to storage that grows in place, and build the one long string only in render().",
    )


# --- Task 3: explain ------------------------------------------------------------------------


@pytest.mark.task(3)
def test_choice_explains_why_the_local_loop_was_fast():
    check_choice(
        load(MODULE),
        "c",
        {
            "a": "str is immutable in every Python; no code can change a string object that "
            "someone else might be looking at. The fast case is a special trick, not mutability.",
            "b": "the compiler does no such rewrite; the loop really runs += once per piece. "
            "Look at what is special about a local variable that nothing else refers to.",
            "d": "the measurement is real and repeatable: in that loop the time grows linearly "
            "with the number of pieces. Something makes += cheap there and not in Report.",
        },
    )


# --- Task 4: memoisation --------------------------------------------------------------------


def _count_calls(module, description, func, *args, budget):
    """Run func(*args), counting Python calls to functions defined in the learner's file."""
    path = module.__file__
    counter = {"calls": 0}
    previous = sys.getprofile()

    def hook(frame, event, arg):
        if event == "call" and frame.f_code.co_filename == path:
            counter["calls"] += 1
            if counter["calls"] > budget:
                raise _OverBudget

    sys.setprofile(hook)
    try:
        result = call(description, func, *args)
    except _OverBudget:
        return None, counter["calls"]
    finally:
        sys.setprofile(previous)
    return result, counter["calls"]


@pytest.mark.task(4)
def test_count_routes_gives_the_right_numbers():
    count_routes = need(load(MODULE), "count_routes", "function")
    for args, expected in (((2, 2), 6), ((3, 1), 4), ((0, 5), 1), ((4, 3), 35)):
        got = call(f"count_routes{args}", count_routes, *args)
        expect_equal(got, expected, f"count_routes{args}")


@pytest.mark.task(4)
def test_count_routes_computes_each_grid_size_only_once():
    module = load(MODULE)
    count_routes = need(module, "count_routes", "function")
    sizes = 61 * 61
    budget = 4 * sizes
    got, calls = _count_calls(module, "count_routes(60, 60)", count_routes, 60, 60, budget=budget)
    if got is None:
        fail(
            f"count_routes(60, 60) was stopped after {calls} calls to the functions in "
            f"performance.py. There are only {sizes} different (width, height) pairs below "
            "(60, 60), so a memoised version needs about that many; without one, the same sub-"
            "grids are recomputed again and again (about 10^35 calls). Is the cache on the "
            "function that the recursion actually calls?"
        )
    expect_equal(got, math.comb(120, 60), "count_routes(60, 60)")


@pytest.mark.task(4)
def test_a_repeated_call_is_answered_from_the_cache():
    module = load(MODULE)
    count_routes = need(module, "count_routes", "function")
    budget = 4 * 31 * 31
    first, _ = _count_calls(module, "count_routes(30, 30)", count_routes, 30, 30, budget=budget)
    if first is None:
        fail("count_routes(30, 30) recomputes the same sub-grids over and over; memoise it.")
    again, calls = _count_calls(module, "count_routes(30, 30)", count_routes, 30, 30, budget=budget)
    expect(
        again is not None and calls <= 2,
        f"Calling count_routes(30, 30) a second time ran {calls} call(s) of the code in "
        "performance.py. The results should be remembered across calls, so a repeated question "
        "is a single lookup.",
    )
    expect_equal(again, math.comb(60, 30), "count_routes(30, 30), asked a second time")


@pytest.mark.task(4)
def test_no_result_is_forgotten_later():
    module = load(MODULE)
    count_routes = need(module, "count_routes", "function")
    budget = 4 * 61 * 61
    first, _ = _count_calls(module, "count_routes(60, 60)", count_routes, 60, 60, budget=budget)
    if first is None:
        fail("count_routes(60, 60) recomputes the same sub-grids over and over; memoise it.")
    # Every one of these was worked out on the way to (60, 60); none may be worked out again.
    for width, height in ((3, 4), (12, 9), (25, 25), (40, 17), (59, 60)):
        description = f"count_routes({width}, {height})"
        got, calls = _count_calls(module, description, count_routes, width, height, budget=budget)
        expect(
            got is not None and calls <= 2,
            f"{description} was already worked out during count_routes(60, 60), but asking for "
            f"it afterwards ran {calls} call(s) of the code in performance.py: the result had "
            "not been kept. A cache created inside the call disappears when the call ends, and "
            "a cache with a size limit keeps only the most recent results (functools.lru_cache "
            "keeps 128 unless told otherwise), while this recursion needs thousands of them.",
        )
        expect_equal(got, math.comb(width + height, width), description)


# --- Task 5: cProfile -----------------------------------------------------------------------
# Two programs with an unmistakable hotspot. Each pure-Python loop below calls no builtins, so
# its time is its own; every other function costs a small fraction of it.


def checksum(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return total


def is_valid(row):
    return row >= 0


def load_rows():
    return list(range(3000))


def summarise(rows):
    return checksum(600_000) + len(rows)


def build_report(rows):
    valid = [row for row in rows if is_valid(row)]
    return summarise(valid)


def run_report():
    return build_report(load_rows())


def normalise(word):
    total = 0
    for i in range(len(word) * 60):
        total = (total * 7 + i) % 65521
    return total


def render(size):
    total = 0
    for i in range(size):
        total += i
    return total


def run_pipeline(count, *, repeat):
    words = [f"word{n:04d}" for n in range(count)]
    scores = [normalise(word) for _ in range(repeat) for word in words]
    return render(10_000) + len(scores)


def _hotspot(description, expected, func, *args, **kwargs):
    find_hotspot = need(load(MODULE), "find_hotspot", "function")
    # A second run only forgives a one-off scheduling hiccup: a wrong rule is wrong both times.
    for _ in range(2):
        got = call(description, find_hotspot, func, *args, **kwargs)
        if type(got) is not str:
            fail(
                f"{description} returned {show(got)} (a {type(got).__name__}); expected the "
                "function's name as a str, such as 'parse'."
            )
        if got == expected:
            return
    return got


@pytest.mark.task(5)
def test_find_hotspot_names_the_function_with_the_most_own_time():
    got = _hotspot("find_hotspot(run_report)", "checksum", run_report)
    if got is not None:
        fail(
            f"find_hotspot(run_report) returned {got!r}, but nearly all of the time is spent "
            "inside 'checksum' itself (run_report -> build_report -> summarise -> checksum; "
            "is_valid is called 3000 times but each call is tiny). The entry point always has "
            "the largest *cumulative* time; the hotspot is where the time is spent in the "
            "function's own code."
        )


@pytest.mark.task(5)
def test_find_hotspot_adds_up_the_time_of_many_short_calls():
    got = _hotspot(
        "find_hotspot(run_pipeline, 500, repeat=2)", "normalise", run_pipeline, 500, repeat=2
    )
    if got is not None:
        fail(
            f"find_hotspot(run_pipeline, 500, repeat=2) returned {got!r}, but 'normalise', "
            "called 1000 times, spends far more time in total than any other function (a single "
            "call of 'render' is slower than one call of 'normalise', but it runs once). Rank by "
            "the total of a function's own time, and pass the arguments through to the call."
        )
