"""Mutable vs immutable objects: five tasks, one file.

Run `./kata check mutability` after each task. Every task is graded on its own, so you can
leave a later one unfinished while you work on an earlier one.
"""


# Task 1: predict the output (aliasing)
#
# What does this snippet print? Work it out by hand before you run anything.
#
#     a = [1, 2]
#     b = a
#     b.append(3)
#     print(a)
#     b = b + [4]
#     print(a, b)
#     c = a
#     c += [5]
#     print(a)
#     print(a is b, a is c)
#     grid = [[0] * 2] * 2
#     grid[0][0] = 9
#     print(grid)
#
# Write the printed lines, exactly as Python shows them, one per line.
ANSWER = """
"""


# Task 2: fix the bug (mutable default argument)
#
# The first call works. From the second call on, something is wrong.


def add_item(item, items=[]):
    """Append `item` to `items` and return the list.

    - Called with a list, it appends to *that* list (the caller wants it extended) and
      returns it.
    - Called without one, it starts from a new, empty list every time.
    """
    items.append(item)
    return items


# Task 3: explain (a tuple holding a list)
#
#     settings = (["debug"], "v1")
#     settings[0].append("trace")          # line A
#     try:
#         settings[0] += ["verbose"]       # line B
#     except TypeError:
#         pass
#
# After this runs, which statement is true?
#
#   "a": Line A already raises TypeError: a tuple makes everything inside it read-only.
#   "b": Line A works. Line B raises TypeError, and settings[0] is ["debug", "trace"]:
#        a statement that fails changes nothing.
#   "c": Line A works. Line B raises TypeError, and yet settings[0] is
#        ["debug", "trace", "verbose"].
#   "d": Line A works. Line B raises nothing: += on a list changes the list in place,
#        so nothing is ever assigned to the tuple.
#
# Set CHOICE to the letter of your answer, as a string.
CHOICE = None


# Task 4: implement (a function that must not mutate its caller's data)


def add_tag(post, tag):
    """Return a copy of `post` whose "tags" list also holds `tag`.

    `post` is a dict with at least a "tags" key holding a list of strings, for example
    {"title": "Hello", "tags": ["python"], "author": {"name": "Ada"}}.

    - The result has every key of `post`, with `tag` appended at the end of its "tags" list
      (if `tag` is already in the list, the tags stay as they are). The tags already there
      keep their order and any repeats.
    - `post` and everything inside it stay exactly as they were: the caller may still be
      using them.
    - The result never shares its "tags" list with `post`: appending to one later must not
      change the other.
    """
    raise NotImplementedError


# Task 5: implement (a hashable value object)


class Money:
    """An amount of money in one currency, built as Money(amount, currency).

    - It has the attributes `amount` and `currency`.
    - It is immutable: assigning to `amount` or `currency` raises AttributeError.
    - It is equal to another Money with the same amount and currency, and to nothing else
      (not even the tuple (amount, currency)).
    - Equal Money values have equal hashes, so they work as dict keys and set members.
    """

    def __init__(self, amount, currency):
        raise NotImplementedError
