"""Grader for the data-structures kata.

Complexity is graded by counting operations, never by timing: keys and thresholds are wrapper
objects that count every hash and comparison made on them, and a budget far above what the
right structure needs (and far below what a scan needs) stops a scanning answer early with a
sentence. "Never holds the whole stream" is graded with tracemalloc on inputs where holding
everything costs megabytes and the right answer a few kilobytes. Learner iterators are never
drained without a bound.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kata.testkit import (
    KataFailure,
    call,
    check_prediction,
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
    """ "TypeError: message (structures.py, line 12)", the line being the learner's own."""
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
    """An endless iterator that counts what was pulled and stops a reader at PULL_LIMIT."""

    def __init__(self, make: Callable[[int], Any], reader: str) -> None:
        self.make = make
        self.reader = reader
        self.pulled = 0

    def __iter__(self) -> Endless:
        return self

    def __next__(self) -> Any:
        if self.pulled >= PULL_LIMIT:
            fail(
                f"{self.reader} read more than {PULL_LIMIT:,} values from an endless stream "
                "before handing back the first few results: something in it reads the whole "
                "input up front (a list(), a list comprehension, sorted()...)."
            )
        item = self.make(self.pulled)
        self.pulled += 1
        return item


def as_iterator(value: Any, what: str) -> Iterator[Any]:
    try:
        is_iterator = iter(value) is value and hasattr(type(value), "__next__")
    except Exception:
        is_iterator = False
    if not is_iterator:
        fail(
            f"{what} returned {show(value)} (a {type(value).__name__}); expected a generator, "
            "which hands out each result as soon as it is ready."
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
        except Exception as exc:
            fail(f"iterating {what} raised {_describe(exc)}.")
        items.append(item)
    return items


def collect(iterator: Iterator[Any], expected: list[Any], what: str, why: str = "") -> None:
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


def expects_value_error(what: str, action: Callable[[], Any], why: str) -> None:
    """`action` must raise ValueError; anything else (or nothing) fails with a sentence."""
    try:
        action()
    except ValueError:
        return
    except (KataFailure, NotImplementedError):
        raise
    except Exception as exc:
        fail(f"{what} raised {_describe(exc)}; expected a ValueError. {why}")
    fail(f"{what} raised no ValueError. {why}")


def count_and_last(iterator: Iterator[Any], most: int, what: str) -> tuple[int, Any]:
    """How many items `iterator` yields (up to `most`) and the last one, keeping none else."""
    seen = 0
    last = None
    while seen < most:
        batch = take(iterator, 1, what)
        if not batch:
            break
        seen += 1
        last = batch[0]
    return seen, last


def gen_of(values: list[Any]) -> Iterator[Any]:
    """A one-shot generator over `values`, as a caller streaming data would pass."""
    return (value for value in values)


# ---------------------------------------------------------------- task 1: grouping and counting

ORDERS = [
    ("ann", "tea", 2),
    ("bob", "milk", 1),
    ("ann", "jam", 1),
    ("cy", "tea", 4),
    ("bob", "jam", 3),
    ("ann", "tea", 1),
    ("cy", "bread", 2),
]
ORDERS_SHOWN = "<a generator of 7 (customer, product, quantity) orders>"


@pytest.mark.task(1)
def test_products_by_customer_groups_products_in_order():
    products_by_customer = need(load("structures"), "products_by_customer", "function")
    result = call(f"products_by_customer({ORDERS_SHOWN})", products_by_customer, gen_of(ORDERS))
    expect_equal(
        result,
        {"ann": ["tea", "jam", "tea"], "bob": ["milk", "jam"], "cy": ["tea", "bread"]},
        f"products_by_customer({ORDERS_SHOWN})",
        "Each customer's products, in the order they were ordered, repeats included, in a "
        "plain dict.",
    )


@pytest.mark.task(1)
def test_an_unknown_customer_is_a_key_error_not_an_empty_list():
    products_by_customer = need(load("structures"), "products_by_customer", "function")
    result = call(f"products_by_customer({ORDERS_SHOWN})", products_by_customer, gen_of(ORDERS))
    try:
        looked_up = result["nobody"]
    except KeyError:
        return
    except Exception as exc:
        fail(f"products_by_customer(...)['nobody'] raised {_describe(exc)}; expected KeyError.")
    fail(
        f"products_by_customer(...)['nobody'] returned {show(looked_up)} instead of raising "
        "KeyError. A defaultdict handed to callers creates entries when they merely read: "
        "convert it to a plain dict before returning it."
    )


@pytest.mark.task(1)
def test_best_sellers_sums_quantities_and_ranks_biggest_first():
    best_sellers = need(load("structures"), "best_sellers", "function")
    result = call(f"best_sellers({ORDERS_SHOWN}, 2)", best_sellers, gen_of(ORDERS), 2)
    expect_equal(
        result,
        [("tea", 7), ("jam", 4)],
        f"best_sellers({ORDERS_SHOWN}, 2)",
        "A total adds up the quantities of every order of the product (not the number of "
        "orders), and `orders` may be a one-shot generator.",
    )


@pytest.mark.task(1)
def test_best_sellers_with_n_above_the_number_of_products_returns_them_all():
    best_sellers = need(load("structures"), "best_sellers", "function")
    result = call(f"best_sellers({ORDERS_SHOWN}, 10)", best_sellers, gen_of(ORDERS), 10)
    expect_equal(
        result,
        [("tea", 7), ("jam", 4), ("bread", 2), ("milk", 1)],
        f"best_sellers({ORDERS_SHOWN}, 10)",
    )


# ---------------------------------------------------------------- task 2: predict the output

SNIPPET = """
from collections import Counter, defaultdict

stock = defaultdict(int)
stock["apple"] += 2
print(stock["pear"] == 0, "pear" in stock, len(stock))

votes = Counter(["red", "blue", "red"])
print(votes["green"], "green" in votes, len(votes))

votes.subtract({"red": 3})
print(votes["red"], len(votes))
print(sorted(+votes))
"""


@pytest.mark.task(2)
def test_prediction_of_defaultdict_and_counter_lookups():
    check_prediction(load("structures"), SNIPPET)


# ---------------------------------------------------------------- task 3: bisect


LOYALTY = {0: "bronze", 1_000: "silver", 5_000: "gold", 20_000: "platinum"}


def make_tiers(module: Any, thresholds: dict[Any, str], shown: str) -> Any:
    tiers_class = need(module, "Tiers", "class")
    return call(f"Tiers({shown})", tiers_class, thresholds)


def tier_of(tiers: Any, points: float) -> Any:
    return call(f"tiers.tier({points:_})", tiers.tier, points)


@pytest.mark.task(3)
def test_points_exactly_on_a_threshold_reach_that_tier():
    tiers = make_tiers(load("structures"), LOYALTY, show(LOYALTY))
    for points, name in ((1_000, "silver"), (5_000, "gold"), (20_000, "platinum")):
        expect_equal(
            tier_of(tiers, points),
            name,
            f"tiers.tier({points:_})",
            "A threshold is the minimum for its tier: reaching it exactly earns the tier.",
        )


@pytest.mark.task(3)
def test_zero_points_is_the_lowest_tier():
    tiers = make_tiers(load("structures"), LOYALTY, show(LOYALTY))
    expect_equal(
        tier_of(tiers, 0),
        "bronze",
        "tiers.tier(0)",
        "A new customer with 0 points meets the bronze threshold of 0.",
    )


@pytest.mark.task(3)
def test_points_between_thresholds_get_the_tier_below():
    tiers = make_tiers(load("structures"), LOYALTY, show(LOYALTY))
    for points, name in ((999, "bronze"), (4_999, "silver"), (10**9, "platinum")):
        expect_equal(tier_of(tiers, points), name, f"tiers.tier({points:_})")


@pytest.mark.task(3)
def test_fractional_points_just_below_a_threshold_get_the_tier_below():
    tiers = make_tiers(load("structures"), LOYALTY, show(LOYALTY))
    for points, name in ((999.5, "bronze"), (4_999.9, "silver"), (1_000.5, "silver")):
        expect_equal(
            tier_of(tiers, points),
            name,
            f"tiers.tier({points:_})",
            "Points need not be whole numbers, and 999.5 points is still short of the "
            "1,000 needed for silver: compare the points themselves with the thresholds, "
            "not a nudged value such as points + 1.",
        )


@pytest.mark.task(3)
def test_points_below_every_threshold_raise_value_error():
    thresholds = {100: "member", 500: "regular"}
    tiers = make_tiers(load("structures"), thresholds, show(thresholds))
    expects_value_error(
        "Tiers({100: 'member', 500: 'regular'}).tier(99)",
        lambda: tiers.tier(99),
        "99 points reaches no tier at all.",
    )


@pytest.mark.task(3)
def test_thresholds_given_out_of_order_still_work():
    thresholds = {5_000: "gold", 0: "bronze", 20_000: "platinum", 1_000: "silver"}
    tiers = make_tiers(load("structures"), thresholds, show(thresholds))
    for points, name in ((0, "bronze"), (3_000, "silver"), (7_500, "gold"), (25_000, "platinum")):
        expect_equal(
            tier_of(tiers, points),
            name,
            f"tiers.tier({points:_}) with thresholds given out of order",
            "Binary search only works on sorted thresholds.",
        )


class CountedInt(int):
    """An int that counts every comparison made with it, and stops a linear scan early."""

    compared = 0
    counting = False
    budget = 0

    def _count(self) -> None:
        if CountedInt.counting:
            CountedInt.compared += 1
            if CountedInt.compared > CountedInt.budget:
                fail(
                    f"tier() compared points with the thresholds more than {CountedInt.budget:,} "
                    f"times for {LOOKUPS} lookups in a table of {TABLE_SIZE:,} tiers: it walks "
                    "through the thresholds instead of halving the search each step. A binary "
                    "search needs about 15 comparisons per lookup here."
                )

    def __lt__(self, other: object) -> bool:
        self._count()
        return int.__lt__(self, other)  # type: ignore[operator]

    def __le__(self, other: object) -> bool:
        self._count()
        return int.__le__(self, other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        self._count()
        return int.__gt__(self, other)  # type: ignore[operator]

    def __ge__(self, other: object) -> bool:
        self._count()
        return int.__ge__(self, other)  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        self._count()
        return int.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self._count()
        return int.__ne__(self, other)

    __hash__ = int.__hash__


TABLE_SIZE = 2**14
LOOKUPS = 200


@pytest.mark.task(3)
def test_tier_lookup_is_a_binary_search():
    module = load("structures")
    thresholds = {CountedInt(10 * i): f"tier {i}" for i in range(TABLE_SIZE)}
    CountedInt.counting = False
    tiers = make_tiers(module, thresholds, f"<{TABLE_SIZE:,} thresholds 0, 10, 20...>")
    CountedInt.compared = 0
    CountedInt.budget = 64 * LOOKUPS
    CountedInt.counting = True
    try:
        for n in range(LOOKUPS):
            points = (n * 7_919) % (10 * TABLE_SIZE)
            name = tier_of(tiers, points)
            expect_equal(name, f"tier {points // 10}", f"tiers.tier({points:_})")
    finally:
        CountedInt.counting = False


# ---------------------------------------------------------------- task 4: sliding window


@pytest.mark.task(4)
def test_moving_average_averages_the_last_k_values():
    moving_average = need(load("structures"), "moving_average", "function")
    values = [2, 4, 6, 8, 10, 30]
    result = as_iterator(
        call("moving_average([2, 4, 6, 8, 10, 30], 3)", moving_average, values, 3),
        "moving_average(...)",
    )
    collect(
        result,
        [2.0, 3.0, 4.0, 6.0, 8.0, 16.0],
        "moving_average([2, 4, 6, 8, 10, 30], 3)",
        "Until k values have arrived, the average is over all of them so far; after that, "
        "over the last k only.",
    )


@pytest.mark.task(4)
def test_moving_average_of_a_window_of_one_is_each_value_as_a_float():
    moving_average = need(load("structures"), "moving_average", "function")
    result = as_iterator(
        call("moving_average(<a generator of 5, 7, 1>, 1)", moving_average, gen_of([5, 7, 1]), 1),
        "moving_average(...)",
    )
    collect(result, [5.0, 7.0, 1.0], "moving_average(<a generator of 5, 7, 1>, 1)")


@pytest.mark.task(4)
def test_moving_average_hands_out_each_average_as_its_value_arrives():
    moving_average = need(load("structures"), "moving_average", "function")
    source = Endless(lambda i: i * 2, "moving_average")
    result = as_iterator(
        call("moving_average(<endless 0, 2, 4...>, 4)", moving_average, source, 4),
        "moving_average(...)",
    )
    first = take(result, 5, "moving_average(<endless 0, 2, 4...>, 4)")
    expect_equal(first, [0.0, 1.0, 2.0, 3.0, 5.0], "the first 5 averages")
    expect(
        source.pulled <= 10,
        f"moving_average read {source.pulled} values to hand out 5 averages; each average "
        "should come out as soon as its value has arrived.",
    )


@pytest.mark.task(4)
def test_moving_average_keeps_only_the_last_k_values():
    moving_average = need(load("structures"), "moving_average", "function")
    count = 30_000
    k = 16
    limit = 128 * KB

    def run() -> Any:
        stream = (i * 0.5 for i in range(count))
        result = as_iterator(
            call(f"moving_average(<{count:,} floats>, {k})", moving_average, stream, k),
            "moving_average(...)",
        )
        return count_and_last(result, count + 1, f"moving_average(<{count:,} floats>, {k})")

    (seen, last), peak = peak_memory(run)
    expect_equal(seen, count, f"the number of averages from moving_average(<{count:,} floats>, 16)")
    expect_equal(last, (count - 1 - (k - 1) / 2) * 0.5, "the last average")
    expect(
        peak < limit,
        f"moving_average over {count:,} values with k={k} allocated {peak // KB:,} KB at its "
        f"peak; a window that keeps only the last {k} values stays well under {limit // KB} KB. "
        "It seems to keep every value it has seen.",
    )


@pytest.mark.task(4)
def test_moving_average_rejects_a_window_below_one():
    moving_average = need(load("structures"), "moving_average", "function")

    def use() -> None:
        result = as_iterator(moving_average([1, 2], 0), "moving_average([1, 2], 0)")
        for _ in range(3):
            try:
                next(result)
            except StopIteration:
                return

    expects_value_error(
        "moving_average([1, 2], 0)", use, "An average of the last 0 values does not exist."
    )


# ---------------------------------------------------------------- task 5: top k


@pytest.mark.task(5)
def test_top_k_returns_the_largest_items_largest_first():
    top_k = need(load("structures"), "top_k", "function")
    result = call("top_k([5, 1, 9, 3, 7, 2], 3)", top_k, [5, 1, 9, 3, 7, 2], 3)
    expect_equal(
        result,
        [9, 7, 5],
        "top_k([5, 1, 9, 3, 7, 2], 3)",
        "The result goes largest first (a min-heap hands out its smallest first).",
    )


@pytest.mark.task(5)
def test_top_k_ranks_by_the_key_and_returns_whole_items():
    top_k = need(load("structures"), "top_k", "function")
    scores = [("al", 88), ("bo", 71), ("cy", 97), ("di", 64), ("ed", 80)]

    def by_score(record: tuple[str, int]) -> int:
        return record[1]

    result = call(
        "top_k(<5 (name, score) records>, 2, key=by_score)", top_k, gen_of(scores), 2, key=by_score
    )
    expect_equal(
        result,
        [("cy", 97), ("al", 88)],
        f"top_k({show(scores)}, 2, key=by_score)",
        "The key decides the ranking; the items themselves are returned.",
    )


@pytest.mark.task(5)
def test_top_k_with_equal_keys_never_compares_the_items():
    top_k = need(load("structures"), "top_k", "function")
    players = [
        {"name": "al", "score": 5},
        {"name": "bo", "score": 9},
        {"name": "cy", "score": 5},
        {"name": "di", "score": 1},
        {"name": "ed", "score": 9},
    ]

    def by_score(player: dict[str, Any]) -> int:
        return player["score"]

    what = "top_k(<5 player dicts with scores 5, 9, 5, 1, 9>, 4, key=by_score)"
    try:
        result = top_k(gen_of(players), 4, key=by_score)
    except TypeError as exc:
        fail(
            f"calling {what} raised {_describe(exc)}. Two players share a score, so the heap fell "
            "back to comparing the dicts themselves, which Python cannot order. Whatever goes "
            "into the heap next to the key must settle a tie before the item is reached."
        )
    except NotImplementedError:
        fail(f"{what} still raises NotImplementedError: this part is not written yet.")
    except KataFailure:
        raise
    except Exception as exc:
        fail(f"calling {what} raised {_describe(exc)}.")
    if type(result) is not list:
        fail(f"{what} returned {show(result)} (a {type(result).__name__}); expected a list.")
    names = [player.get("name") if type(player) is dict else player for player in result]
    expect(
        len(result) == 4
        and all(any(player is given for given in players) for player in result)
        and sorted(map(str, names)) == ["al", "bo", "cy", "ed"],
        f"{what} returned the players {show(names)}; expected al, bo, cy and ed (the scores 9, "
        "9, 5 and 5), in any order among equal scores. The items themselves are returned.",
    )
    expect_equal(
        [by_score(player) for player in result],
        [9, 9, 5, 5],
        f"the scores of {what}",
        "Largest first.",
    )


@pytest.mark.task(5)
def test_top_k_with_fewer_items_than_k_or_k_zero():
    top_k = need(load("structures"), "top_k", "function")
    expect_equal(call("top_k([4, 8], 5)", top_k, [4, 8], 5), [8, 4], "top_k([4, 8], 5)")
    expect_equal(call("top_k([4, 8], 0)", top_k, [4, 8], 0), [], "top_k([4, 8], 0)")


@pytest.mark.task(5)
def test_top_k_never_holds_the_whole_stream():
    top_k = need(load("structures"), "top_k", "function")
    count = 30_000
    k = 10
    limit = 128 * KB

    def run() -> Any:
        stream = (((i * 7_919) % count) * 0.5 for i in range(count))
        return call(f"top_k(<a stream of {count:,} floats>, {k})", top_k, stream, k)

    result, peak = peak_memory(run)
    expect_equal(
        result,
        [(count - 1 - i) * 0.5 for i in range(k)],
        f"top_k(<a stream of {count:,} floats>, {k})",
    )
    expect(
        peak < limit,
        f"top_k over a stream of {count:,} values allocated {peak // KB:,} KB at its peak; "
        f"keeping only the best {k} so far stays well under {limit // KB} KB. It holds the whole "
        "stream, which is what sorting (or a list, or a heap of everything) needs.",
    )


# ---------------------------------------------------------------- task 6: LRU cache

MISSING = object()


def new_cache(module: Any, capacity: int) -> Any:
    cache_class = need(module, "LRUCache", "class")
    return call(f"LRUCache({capacity})", cache_class, capacity)


def put(cache: Any, key: Any, value: Any) -> None:
    call(f"cache.put({show(key)}, {show(value)})", cache.put, key, value)


def is_missing(cache: Any, key: Any) -> bool:
    return call(f"cache.get({show(key)}, default)", cache.get, key, MISSING) is MISSING


def size(cache: Any) -> Any:
    return call("len(cache)", len, cache)


@pytest.mark.task(6)
def test_get_returns_the_stored_value_or_the_default():
    cache = new_cache(load("structures"), 3)
    stored = ["the", "value"]
    put(cache, "a", stored)
    expect(
        call("cache.get('a')", cache.get, "a") is stored,
        "cache.get('a') did not return the very object stored with cache.put('a', value).",
    )
    expect(
        call("cache.get('zzz')", cache.get, "zzz") is None,
        "cache.get('zzz') for a key never stored should return None, the default default.",
    )
    expect(
        is_missing(cache, "zzz"),
        "cache.get('zzz', default) for a key never stored should return that default.",
    )


@pytest.mark.task(6)
def test_the_least_recently_used_entry_is_evicted():
    cache = new_cache(load("structures"), 2)
    put(cache, "a", 1)
    put(cache, "b", 2)
    expect_equal(call("cache.get('a')", cache.get, "a"), 1, "cache.get('a')")
    put(cache, "c", 3)
    expect(
        is_missing(cache, "b"),
        "After put a, put b, get a, put c on an LRUCache(2), 'b' should be gone: it was the "
        "least recently used, since reading 'a' counts as using it.",
    )
    expect(
        not is_missing(cache, "a") and not is_missing(cache, "c"),
        "After put a, put b, get a, put c on an LRUCache(2), 'a' and 'c' should both still be "
        "there: only the least recently used entry is evicted.",
    )


@pytest.mark.task(6)
def test_putting_an_existing_key_updates_it_without_evicting():
    cache = new_cache(load("structures"), 2)
    put(cache, "a", 1)
    put(cache, "b", 2)
    put(cache, "b", 20)
    expect_equal(
        size(cache),
        2,
        "len(cache) after put a, put b, put b again on an LRUCache(2)",
        "Putting a key that is already there replaces its value and adds no entry, so the full "
        "cache has nothing to evict.",
    )
    expect(
        not is_missing(cache, "a"),
        "Putting 'b' again on a full LRUCache(2) evicted 'a': updating an existing key adds no "
        "entry, so nothing should be evicted.",
    )
    expect_equal(
        call("cache.get('b')", cache.get, "b"), 20, "cache.get('b') after put('b', 2), put('b', 20)"
    )


@pytest.mark.task(6)
def test_updating_a_key_makes_it_the_most_recently_used():
    cache = new_cache(load("structures"), 2)
    put(cache, "a", 1)
    put(cache, "b", 2)
    put(cache, "a", 10)
    put(cache, "c", 3)
    expect(
        is_missing(cache, "b"),
        "After put a, put b, put a again, put c on an LRUCache(2), 'b' should be the one "
        "evicted: putting 'a' again counts as using it.",
    )


@pytest.mark.task(6)
def test_len_counts_the_entries_up_to_the_capacity():
    cache = new_cache(load("structures"), 3)
    expect_equal(size(cache), 0, "len(LRUCache(3))")
    put(cache, "a", 0)
    put(cache, "b", 1)
    expect_equal(size(cache), 2, "len(cache) after 2 puts into an LRUCache(3)")
    for i, key in enumerate("cde"):
        put(cache, key, i)
    expect_equal(size(cache), 3, "len(cache) after 5 puts into an LRUCache(3)")


@pytest.mark.task(6)
def test_reading_a_missing_key_stores_nothing():
    cache = new_cache(load("structures"), 3)
    put(cache, "a", 0)
    is_missing(cache, "nope")
    expect_equal(
        size(cache),
        1,
        "len(cache) after put('a', 0) and get('nope')",
        "get() of a missing key must not store anything.",
    )


@pytest.mark.task(6)
def test_falsy_values_are_stored_values_not_missing_ones():
    cache = new_cache(load("structures"), 3)
    for key, value in (("zero", 0), ("empty", ""), ("none", None)):
        put(cache, key, value)
        got = call(f"cache.get({key!r}, 'default')", cache.get, key, "default")
        expect(
            got is value,
            f"cache.put({key!r}, {value!r}) then cache.get({key!r}, 'default') returned "
            f"{show(got)}; expected the stored {value!r}. A stored 0, '' or None is a value: "
            "only a key that is absent gets the default, so ask whether the key is there "
            "rather than whether the value looks empty.",
        )


@pytest.mark.task(6)
def test_reading_a_falsy_value_counts_as_a_use():
    cache = new_cache(load("structures"), 2)
    put(cache, "a", None)
    put(cache, "b", 2)
    call("cache.get('a')", cache.get, "a")
    put(cache, "c", 3)
    expect(
        is_missing(cache, "b") and not is_missing(cache, "a"),
        "After put('a', None), put('b', 2), get('a'), put('c', 3) on an LRUCache(2), 'b' "
        "should be the one evicted: reading 'a' is a use even though its value is None.",
    )


@pytest.mark.task(6)
def test_two_caches_do_not_share_entries():
    module = load("structures")
    first = new_cache(module, 2)
    second = new_cache(module, 2)
    put(first, "a", 1)
    expect(
        is_missing(second, "a") and size(second) == 0,
        "After first.put('a', 1), a second LRUCache(2) already holds 'a': the two caches share "
        "their storage. A dict created in the class body is created once and shared by every "
        "instance; each cache needs its own, created in __init__.",
    )
    put(second, "b", 2)
    put(second, "c", 3)
    expect(
        not is_missing(first, "a"),
        "Filling a second LRUCache(2) evicted an entry from the first one: the two caches "
        "share their storage.",
    )


@pytest.mark.task(6)
def test_a_capacity_below_one_is_rejected():
    cache_class = need(load("structures"), "LRUCache", "class")
    expects_value_error(
        "LRUCache(0)", lambda: cache_class(0), "A cache that can hold nothing is a bug."
    )


class CountedKey:
    """A hashable key that counts every hash and equality test made on it."""

    __slots__ = ("value",)
    operations = 0
    budget = 0

    def __init__(self, value: int) -> None:
        self.value = value

    @staticmethod
    def _count() -> None:
        CountedKey.operations += 1
        if CountedKey.operations > CountedKey.budget:
            fail(
                f"LRUCache hashed or compared keys more than {CountedKey.budget:,} times in "
                f"{CACHE_OPS:,} get/put calls on a cache of {CACHE_SIZE:,}: it searches through "
                "its keys (a list, a deque, a scan for the oldest) instead of finding each one "
                "by its hash. Every get and put should take a few hash look-ups, whatever the "
                "size of the cache."
            )

    def __hash__(self) -> int:
        CountedKey._count()
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        CountedKey._count()
        return isinstance(other, CountedKey) and other.value == self.value

    def __repr__(self) -> str:
        return f"Key({self.value})"


CACHE_SIZE = 1_000
CACHE_OPS = 6_000


@pytest.mark.task(6)
def test_get_and_put_find_keys_by_hash_not_by_scanning():
    module = load("structures")
    cache = new_cache(module, CACHE_SIZE)
    keys = [CountedKey(i) for i in range(3 * CACHE_SIZE)]
    CountedKey.operations = 0
    CountedKey.budget = 20 * CACHE_OPS
    state = 12_345
    for step in range(CACHE_OPS):
        state = (state * 1_103_515_245 + 12_345) % 2**31
        key = keys[state % len(keys)]
        if step % 2 == 0 or step < 2 * CACHE_SIZE:
            call("cache.put(key, value)", cache.put, key, step)
        else:
            call("cache.get(key)", cache.get, key)
    expect_equal(size(cache), CACHE_SIZE, f"len(cache) after {CACHE_OPS:,} get/put calls")
