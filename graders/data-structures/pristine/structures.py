"""Data structures: the standard library's collections, heapq and bisect.

Edit this file, then run `./kata check data-structures`. The README explains each task.
"""

from __future__ import annotations

import bisect


# Task 1: grouping and counting
def products_by_customer(orders):
    """Map each customer to the list of products they ordered, in the order they ordered them.

    `orders` is any iterable (maybe a one-shot generator) of (customer, product, quantity)
    tuples. Return a plain dict, not a defaultdict: a caller who looks up a customer who never
    ordered must get a KeyError, not a silently created empty list.
    """
    raise NotImplementedError


def best_sellers(orders, n):
    """The n products with the largest total quantity, biggest first.

    Returns a list of (product, total_quantity) tuples. `orders` is as above.
    """
    raise NotImplementedError


# Task 2: predict the output
# What does this print? Write it line by line in ANSWER, without running it first.
#
#     from collections import Counter, defaultdict
#
#     stock = defaultdict(int)
#     stock["apple"] += 2
#     print(stock["pear"] == 0, "pear" in stock, len(stock))
#
#     votes = Counter(["red", "blue", "red"])
#     print(votes["green"], "green" in votes, len(votes))
#
#     votes.subtract({"red": 3})
#     print(votes["red"], len(votes))
#     print(sorted(+votes))

ANSWER = """
"""


# Task 3: tier lookup with bisect (fix the bug)
class Tiers:
    """Look up a loyalty tier by points: the highest tier whose threshold is at most `points`.

        tiers = Tiers({0: "bronze", 1_000: "silver", 5_000: "gold", 20_000: "platinum"})
        tiers.tier(4_999)    # "silver"
        tiers.tier(999.5)    # "bronze": points need not be whole numbers
    """

    def __init__(self, thresholds):
        """`thresholds` maps the minimum points of each tier to the tier's name."""
        self._limits = sorted(thresholds)
        self._names = [thresholds[limit] for limit in self._limits]

    def tier(self, points):
        """The tier for `points`; ValueError if `points` is below every threshold."""
        index = bisect.bisect_left(self._limits, points) - 1
        if index < 0:
            raise ValueError(f"{points} points is below the lowest tier")
        return self._names[index]


# Task 4: a sliding window with deque(maxlen)
def moving_average(values, k):
    """After each value, yield (as a float) the average of the last k values.

    Until k values have arrived, average all of them so far:
    moving_average([2, 4, 6, 8], 2) produces 2.0, 3.0, 5.0, 7.0.
    `values` may be an endless stream: hand out each average as soon as its value arrives,
    and never keep more than the last k values. A k below 1 raises ValueError (at the latest
    when the first average is requested).
    """
    raise NotImplementedError


# Task 5: top k with heapq
def top_k(items, k, key=None):
    """The k items with the largest key(item) (the item itself if key is None), largest first.

    Returns a list; all of them if there are fewer than k; [] if k <= 0. `items` may be a stream
    far bigger than memory: never hold more than about k items at a time.
    """
    raise NotImplementedError


# Task 6: an LRU cache
class LRUCache:
    """A cache holding at most `capacity` entries; when full, adding a new key evicts the least
    recently used one. get() and put() both count as a use, and both must be O(1).

        cache = LRUCache(2)
        cache.put("a", 1); cache.put("b", 2)
        cache.get("a")       # 1, and "a" is now the most recently used
        cache.put("c", 3)    # evicts "b"
        len(cache)           # 2
    """

    def __init__(self, capacity):
        """Keys can be anything hashable. A capacity below 1 raises ValueError."""
        raise NotImplementedError

    def get(self, key, default=None):
        """The value for `key` (marking it most recently used), or `default` if absent."""
        raise NotImplementedError

    def put(self, key, value):
        """Store `value` under `key` (marking it most recently used); evict if over capacity."""
        raise NotImplementedError

    def __len__(self):
        """How many entries the cache holds."""
        raise NotImplementedError
