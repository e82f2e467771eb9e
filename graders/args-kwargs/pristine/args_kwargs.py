"""*args and **kwargs in depth: six tasks, one file.

Run `./kata check args-kwargs` after each task. Every task is graded on its own, so you can
leave a later one unfinished while you work on an earlier one.
"""


# Task 1: predict the output (the interview guide's example)
#
#     def func(*args, **kwargs):
#         print(args, kwargs)
#
#     func(1, 2)
#     func(x=1)
#     func([1, 2])
#     func(*[1, 2], y=3)
#     func(*"hi", **{"z": None})
#     func()
#
# Write the printed lines, exactly as Python shows them, one per line.
ANSWER = """
"""


# Task 2: implement a forwarding wrapper


def audited(func, log):
    """Return a function that behaves exactly like `func` and logs every call to `log`.

    Each call to the returned function first appends one entry to the list `log`: the pair
    (args, kwargs), where args is the tuple of positional arguments and kwargs the dict of
    keyword arguments it was called with. Then it calls `func` with exactly those arguments,
    unchanged, and returns what `func` returns. If `func` raises, the exception reaches the
    caller unchanged (the call has already been logged).
    """
    raise NotImplementedError


# Task 3: fix the bug (a job queue)
#
# call_later works for most functions, but scheduling some of them fails with
# "TypeError: call_later() got multiple values for argument ...".


def call_later(jobs, func, *args, **kwargs):
    """Queue `func` to be run later with these arguments: append (func, args, kwargs) to jobs.

    Every positional and keyword argument after `func` belongs to `func`, whatever its name.
    """
    jobs.append((func, args, kwargs))


def run_jobs(jobs):
    """Run every queued job in order and return the list of their results."""
    return [func(*args, **kwargs) for func, args, kwargs in jobs]


# Task 4: implement (keyword-only and positional-only parameters)


def plan_copy(src, dst, overwrite=False, follow_symlinks=True):
    """Describe a file copy without doing it: return a dict with the keys "src", "dst",
    "overwrite" and "follow_symlinks", holding the values this call received.

    Change the signature, not just the body:
    - `src` and `dst` can only be passed by position: plan_copy(src="a", dst="b") must raise
      TypeError.
    - `overwrite` and `follow_symlinks` can only be passed by keyword:
      plan_copy("a", "b", True) must raise TypeError.
    - Any other keyword (a misspelt flag) raises TypeError too, as for any plain function.
    - The defaults stay overwrite=False and follow_symlinks=True.
    """
    raise NotImplementedError


# Task 5: implement (merging options with **)


def merge_options(*layers, **overrides):
    """Merge option dicts into one new dict and return it.

    - `layers` are dicts, from the most general (defaults) to the most specific: for a key in
      several layers, the later layer wins.
    - Keyword `overrides` win over every layer.
    - No dict the caller passed in is changed, and the result is always a new dict, even when
      there is only one layer.
    """
    raise NotImplementedError


# Task 6: implement (validating a call with inspect.signature)


def bound_arguments(func, /, *args, **kwargs):
    """Return the dict {parameter name: value} that calling func(*args, **kwargs) would bind,
    with defaults filled in, *without calling func*.

    A *args-style parameter maps to a tuple and a **kwargs-style parameter to a dict (empty
    when nothing was collected). If the call would fail (a required argument missing, an
    unknown keyword, too many positional arguments, a value given twice, a positional-only
    parameter passed by keyword), raise TypeError.
    """
    raise NotImplementedError


def missing_arguments(func, /, *args, **kwargs):
    """For a call being built up step by step (as with functools.partial), return the list of
    names of the parameters that still need a value after these arguments: parameters with
    no default and not yet given, in the order of the signature. *args- and **kwargs-style
    parameters never need one.

    If the arguments given so far could never be part of a valid call (an unknown keyword,
    too many positional arguments, a value given twice, a positional-only parameter passed
    by keyword), raise TypeError. Never call func.
    """
    raise NotImplementedError
