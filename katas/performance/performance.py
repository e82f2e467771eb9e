"""Performance kata: measure, then fix the algorithm before anything else.

The grader judges speed by counting the work (comparisons, hashes, calls), never with a
stopwatch, so a right answer passes on any machine and a slow one fails every time.
Run `./kata check performance` after each task.
"""

import cProfile  # noqa: F401 - you will need these two for task 5
import pstats  # noqa: F401

# ---------------------------------------------------------------------------------------------
# Task 1: fix the bug (O(n²) -> O(n))
# ---------------------------------------------------------------------------------------------
# Bug report: "find_duplicates takes minutes on our 200 000-row export." Keep the result exactly
# the same (same values, same order) and make the running time grow linearly with len(items).
# The items are hashable but not necessarily orderable.


def find_duplicates(items):
    """Return each value that occurs more than once in `items`, once, in order of first appearance.

    >>> find_duplicates(["b", "a", "b", "c", "a", "b"])
    ['b', 'a']
    """
    duplicates = []
    for item in items:
        if items.count(item) > 1 and item not in duplicates:
            duplicates.append(item)
    return duplicates


# ---------------------------------------------------------------------------------------------
# Task 2: fix the bug (building a long string)
# ---------------------------------------------------------------------------------------------
# Bug report: "a report with 100 000 lines takes minutes to build; with 1 000 lines it is
# instant." Keep what render() returns exactly the same, and make add_line cheap no matter how
# many lines came before.


class Report:
    """Collects lines; render() returns the title and every line, each followed by a newline."""

    def __init__(self, title):
        self.title = title
        self.text = title + "\n"

    def add_line(self, line):
        self.text += line + "\n"

    def render(self):
        return self.text


# ---------------------------------------------------------------------------------------------
# Task 3: explain the trade-off
# ---------------------------------------------------------------------------------------------
# A colleague times this inside a function and finds it about as fast as "".join(pieces),
# growing linearly with the number of pieces:
#
#     def build(pieces):
#         s = ""
#         for piece in pieces:
#             s += piece
#         return s
#
# Yet Report.add_line above gets slower with every line. Which statement is true?
#
#   "a": Strings are mutable in CPython, so += appends in place wherever the string is kept;
#        the Report slowdown must come from the list of lines, not from the text.
#   "b": The bytecode compiler turns a += loop over strings into one str.join call, which it
#        can only do for local variables, so attributes keep the slow path.
#   "c": CPython may grow a string in place when the variable being assigned holds its only
#        reference, a detail of the interpreter; an attribute keeps no such guarantee, so
#        there each += builds a new string.
#   "d": += on strings is quadratic everywhere; the colleague's timing was noise, because
#        timeit cannot resolve a loop that finishes so quickly.

CHOICE = None


# ---------------------------------------------------------------------------------------------
# Task 4: fix the bug (memoisation)
# ---------------------------------------------------------------------------------------------
# Bug report: "count_routes(16, 16) takes ages and count_routes(60, 60) never finishes."
# Make each distinct (width, height) be computed at most once, and remembered across calls.


def count_routes(width, height):
    """Number of shortest routes on a grid from one corner to the opposite one, moving only
    right or down, across `width` blocks and `height` blocks."""
    if width == 0 or height == 0:
        return 1
    return count_routes(width - 1, height) + count_routes(width, height - 1)


# ---------------------------------------------------------------------------------------------
# Task 5: find the hotspot with cProfile
# ---------------------------------------------------------------------------------------------
def find_hotspot(func, *args, **kwargs):
    """Run func(*args, **kwargs) under cProfile and return the name (a str such as "parse") of
    the function that spent the most time running its *own* code, not counting the functions
    it called. Return only the bare function name, not the file or line."""
    raise NotImplementedError
