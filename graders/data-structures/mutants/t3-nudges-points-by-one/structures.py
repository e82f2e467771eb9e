"""Data structures: reference solution."""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, OrderedDict, defaultdict, deque


# Task 1: grouping and counting
def products_by_customer(orders):
    """Map each customer to the products they ordered, in order, as a plain dict of lists."""
    grouped = defaultdict(list)
    for customer, product, _quantity in orders:
        grouped[customer].append(product)
    return dict(grouped)


def best_sellers(orders, n):
    """The n products with the largest total quantity, as (product, total) pairs, biggest first."""
    totals = Counter()
    for _customer, product, quantity in orders:
        totals[product] += quantity
    return totals.most_common(n)


# Task 2: predict the output
ANSWER = """
True True 2
0 False 2
-1 2
['blue']
"""


# Task 3: tier lookup with bisect (fix the bug)
class Tiers:
    """Look up a loyalty tier by points: the highest tier whose threshold is at most `points`."""

    def __init__(self, thresholds):
        self._limits = sorted(thresholds)
        self._names = [thresholds[limit] for limit in self._limits]

    def tier(self, points):
        index = bisect.bisect_left(self._limits, points + 1) - 1
        if index < 0:
            raise ValueError(f"{points} points is below the lowest tier")
        return self._names[index]


# Task 4: a sliding window with deque(maxlen)
def moving_average(values, k):
    """After each value, yield the average of the last k values (of all so far at the start)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    return _moving_average(values, k)


def _moving_average(values, k):
    window = deque(maxlen=k)
    total = 0
    for value in values:
        if len(window) == k:
            total -= window[0]
        window.append(value)
        total += value
        yield total / len(window)


# Task 5: top k with heapq
def top_k(items, k, key=None):
    """The k items with the largest key, largest first, holding only about k items at a time."""
    if k <= 0:
        return []
    return heapq.nlargest(k, items, key=key)


# Task 6: an LRU cache
class LRUCache:
    """A mapping of at most `capacity` entries that evicts the least recently used one."""

    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._data = OrderedDict()

    def get(self, key, default=None):
        if key not in self._data:
            return default
        self._data.move_to_end(key)
        return self._data[key]

    def put(self, key, value):
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = value
        if len(self._data) > self.capacity:
            self._data.popitem(last=False)

    def __len__(self):
        return len(self._data)
