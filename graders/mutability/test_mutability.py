"""Grader for the `mutability` kata: aliasing, defaults, tuples, no-mutation, value objects."""

import copy

import pytest

from kata.testkit import (
    call,
    check_choice,
    check_prediction,
    expect,
    expect_equal,
    fail,
    load,
    need,
    show,
    strictly_equal,
)

ALIASING_SNIPPET = """
a = [1, 2]
b = a
b.append(3)
print(a)
b = b + [4]
print(a, b)
c = a
c += [5]
print(a)
print(a is b, a is c)
grid = [[0] * 2] * 2
grid[0][0] = 9
print(grid)
"""


def _expect_state(actual, expected, what, why=""):
    """Like expect_equal, for a value the learner's code changed rather than returned."""
    if not strictly_equal(actual, expected):
        fail(f"{what} is {show(actual)}; expected {show(expected)}. {why}".rstrip())


# Task 1: predict the output (aliasing)


@pytest.mark.task(1)
def test_prediction_matches_what_the_aliasing_snippet_prints():
    check_prediction(load("mutability"), ALIASING_SNIPPET)


# Task 2: fix the mutable default argument


@pytest.mark.task(2)
def test_two_calls_without_a_list_return_two_separate_lists():
    add_item = need(load("mutability"), "add_item", "function")
    first = call("add_item('a')", add_item, "a")
    second = call("add_item('b')", add_item, "b")
    expect_equal(
        second, ["b"], "the second call add_item('b')",
        "A call without a list must start from a new, empty list; if the first item is still "
        "there, both calls are sharing one list.",
    )
    expect(
        first is not second,
        "add_item('a') and add_item('b') returned the very same list object. Each call without "
        "a list must get a list of its own.",
    )
    expect_equal(
        first, ["a"], "the first call add_item('a'), looked at again after the second call",
        "The second call must not change the list the first call handed out.",
    )


@pytest.mark.task(2)
def test_a_list_passed_in_is_extended_and_returned():
    add_item = need(load("mutability"), "add_item", "function")
    mine = ["x"]
    result = call("add_item('y', mine) with mine = ['x']", add_item, "y", mine)
    expect(
        result is mine,
        f"add_item('y', mine) returned {show(result)}, a different list from `mine`. When the "
        "caller passes a list, add_item extends and returns that very list.",
    )
    _expect_state(mine, ["x", "y"], "after add_item('y', mine), `mine`")


@pytest.mark.task(2)
def test_an_empty_list_passed_in_is_extended_too():
    add_item = need(load("mutability"), "add_item", "function")
    full = ["x"]
    full_result = call("add_item('y', mine) with mine = ['x']", add_item, "y", full)
    mine = []
    result = call("add_item('y', mine) with mine = []", add_item, "y", mine)
    if full_result is full:
        why = ("A non-empty list is extended, but an empty one is not: an empty list is still "
               "a list the caller gave you. A check that asks whether the list is truthy "
               "treats it like a missing argument and appends somewhere else.")
    else:
        why = ("add_item returned a new list instead of extending the one it was given, "
               "whether empty or not.")
    _expect_state(mine, ["y"], "after add_item('y', mine) with mine = [], `mine`", why)
    expect(
        result is mine,
        "add_item('y', mine) with an empty `mine` did not return `mine` itself.",
    )


# Task 3: explain what `t[0] += [...]` does to a tuple holding a list


@pytest.mark.task(3)
def test_choice_explains_augmented_assignment_into_a_tuple():
    check_choice(
        load("mutability"),
        "c",
        {
            "a": "a tuple fixes which objects it holds, not what happens inside them. The list "
            "in settings[0] is an ordinary list, and calling its methods works.",
            "b": "a statement that raises is not rolled back. Think about the order of the "
            "steps behind `x[i] += y`: which object gets asked to do the += first, and "
            "which step is the one the tuple refuses?",
            "d": "`x[i] += y` always ends by storing the result back with `x[i] = ...`, even "
            "when the result is the same object. What does a tuple say to item assignment?",
        },
    )


# Task 4: a function that must not mutate its caller's data


def _post():
    return {"title": "Hello", "tags": ["python", "interview"], "author": {"name": "Ada"}}


@pytest.mark.task(4)
def test_add_tag_returns_the_post_with_the_tag_appended():
    add_tag = need(load("mutability"), "add_tag", "function")
    result = call("add_tag(post, 'mutability')", add_tag, _post(), "mutability")
    expect_equal(
        result,
        {
            "title": "Hello",
            "tags": ["python", "interview", "mutability"],
            "author": {"name": "Ada"},
        },
        "add_tag(post, 'mutability') with post = " + show(_post()),
        "Every key stays, and the new tag goes at the end of the tags list.",
    )


@pytest.mark.task(4)
def test_add_tag_leaves_the_callers_post_unchanged():
    add_tag = need(load("mutability"), "add_tag", "function")
    post = _post()
    tags = post["tags"]
    before = copy.deepcopy(post)
    call("add_tag(post, 'mutability')", add_tag, post, "mutability")
    if not strictly_equal(post, before):
        fail(
            f"add_tag(post, 'mutability') changed the caller's post from {show(before)} to "
            f"{show(post)}. The caller still owns `post`; a function that quietly changes its "
            "argument breaks every other place holding the same dict (a cache, another "
            "request, a test fixture)."
        )
    expect(
        post["tags"] is tags,
        "after add_tag(post, ...), post['tags'] is a different list object than before: "
        "add_tag replaced it inside the caller's dict. Leave the caller's dict alone.",
    )


@pytest.mark.task(4)
def test_the_new_post_does_not_share_its_tags_list():
    add_tag = need(load("mutability"), "add_tag", "function")
    post = _post()
    result = call("add_tag(post, 'mutability')", add_tag, post, "mutability")
    if not isinstance(result, dict) or not isinstance(result.get("tags"), list):
        fail(f"add_tag(post, 'mutability') returned {show(result)}; expected a dict whose "
             "'tags' is a list.")
    expect(result is not post, "add_tag returned the caller's own dict instead of a new one.")
    expect(
        result["tags"] is not post["tags"],
        "the returned post and the caller's post hold the same tags list object, so tagging "
        "one later silently tags the other.",
    )
    result["tags"].append("later")
    expect(
        strictly_equal(post["tags"], ["python", "interview"]),
        "appending to the returned post's tags changed the caller's tags too "
        f"(now {show(post['tags'])}); the two posts must be independent.",
    )


@pytest.mark.task(4)
def test_a_tag_already_present_is_not_added_twice():
    add_tag = need(load("mutability"), "add_tag", "function")
    post = _post()
    before = copy.deepcopy(post)
    result = call("add_tag(post, 'python')", add_tag, post, "python")
    expect_equal(
        result, before, "add_tag(post, 'python') when 'python' is already a tag",
        "A tag that is already there is not added a second time.",
    )
    expect(result is not post, "add_tag(post, 'python') returned the caller's own dict; "
           "even when nothing changes, the caller gets a copy.")
    expect(result["tags"] is not post["tags"],
           "add_tag(post, 'python') returned a post sharing the caller's tags list.")
    expect(strictly_equal(post, before),
           f"add_tag(post, 'python') changed the caller's post to {show(post)}.")


@pytest.mark.task(4)
def test_the_tags_already_there_stay_exactly_as_they_were():
    add_tag = need(load("mutability"), "add_tag", "function")
    keep = ("The tags that were already there keep their order and any repeats; cleaning "
            "them up is not this function's job.")
    cases = [
        ("news", ["go", "c", "go", "news"], "A new tag is appended at the end. " + keep),
        ("c", ["go", "c", "go"], "'c' is already a tag, so nothing is added. " + keep),
    ]
    for tag, expected, why in cases:
        post = {"title": "Hi", "tags": ["go", "c", "go"]}
        result = call(f"add_tag(post, {tag!r})", add_tag, post, tag)
        tags = result.get("tags") if isinstance(result, dict) else result
        _expect_state(
            tags, expected, f"after add_tag(post, {tag!r}) with post['tags'] = "
            "['go', 'c', 'go'], the new post's tags", why,
        )


def _watched(post):
    """`post` rebuilt from subclasses of dict and list that note every in-place change."""
    changes = []
    mutators = {
        list: ["append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse",
               "__setitem__", "__delitem__", "__iadd__", "__imul__"],
        dict: ["__setitem__", "__delitem__", "pop", "popitem", "clear", "update",
               "setdefault", "__ior__"],
    }

    def watch(base, value, label):
        def spy(name):
            original = getattr(base, name)

            def method(self, *args, **kwargs):
                if self is watched:
                    changes.append(f"{label}.{name}")
                return original(self, *args, **kwargs)

            return method

        cls = type(f"Watched{base.__name__.title()}", (base,),
                   {name: spy(name) for name in mutators[base]})
        watched = cls(value)
        return watched

    tags = watch(list, post["tags"], "post['tags']")
    outer = watch(dict, {**post, "tags": tags}, "post")
    return outer, changes


@pytest.mark.task(4)
def test_add_tag_never_changes_the_callers_data_even_for_a_moment():
    add_tag = need(load("mutability"), "add_tag", "function")
    post, changes = _watched(_post())
    call("add_tag(post, 'mutability')", add_tag, post, "mutability")
    if changes:
        fail(
            f"add_tag(post, 'mutability') called {', '.join(changes)} on the caller's data, "
            "even if it put things back afterwards. Until it does, anyone else holding the "
            "same post (another thread, a callback) sees the change; build the new post "
            "without touching the old one at all."
        )


# Task 5: a hashable value object


def _hash_of(money, description):
    try:
        return hash(money)
    except TypeError:
        fail(
            f"hash({description}) raised TypeError: Money is unhashable. Python sets __hash__ "
            "to None in any class that defines __eq__ without also defining __hash__, because "
            "the inherited identity hash would disagree with the new equality."
        )
    except Exception as exc:
        fail(f"hash({description}) raised {type(exc).__name__}.")


def _money(module, amount, currency):
    money_class = need(module, "Money", "class")
    return call(f"Money({amount!r}, {currency!r})", money_class, amount, currency)


@pytest.mark.task(5)
def test_money_keeps_its_amount_and_currency():
    money = _money(load("mutability"), 5, "EUR")
    amount = call("Money(5, 'EUR').amount", getattr, money, "amount", None)
    expect_equal(amount, 5, "Money(5, 'EUR').amount")
    currency = call("Money(5, 'EUR').currency", getattr, money, "currency", None)
    expect_equal(currency, "EUR", "Money(5, 'EUR').currency")


@pytest.mark.task(5)
def test_money_with_the_same_amount_and_currency_are_equal():
    module = load("mutability")
    first, second = _money(module, 5, "EUR"), _money(module, 5, "EUR")
    equal = call("Money(5, 'EUR') == Money(5, 'EUR')", lambda: first == second)
    expect(
        equal is True,
        f"Money(5, 'EUR') == Money(5, 'EUR') gave {show(equal)}; expected True. A value object "
        "is equal to another with the same value, even though they are two objects.",
    )
    unequal = call("Money(5, 'EUR') != Money(5, 'EUR')", lambda: first != second)
    expect(unequal is False, f"Money(5, 'EUR') != Money(5, 'EUR') gave {show(unequal)}; "
           "expected False.")


@pytest.mark.task(5)
def test_money_with_a_different_amount_or_currency_is_not_equal():
    module = load("mutability")
    five_euros = _money(module, 5, "EUR")
    for amount, currency in [(6, "EUR"), (5, "USD")]:
        other = _money(module, amount, currency)
        equal = call(f"Money(5, 'EUR') == Money({amount!r}, {currency!r})",
                     lambda other=other: five_euros == other)
        expect(
            equal is False,
            f"Money(5, 'EUR') == Money({amount!r}, {currency!r}) gave {show(equal)}; expected "
            "False. Both fields take part in equality.",
        )


@pytest.mark.task(5)
def test_money_is_not_equal_to_a_plain_tuple():
    money = _money(load("mutability"), 5, "EUR")
    for description, compare in [
        ("Money(5, 'EUR') == (5, 'EUR')", lambda: money == (5, "EUR")),
        ("(5, 'EUR') == Money(5, 'EUR')", lambda: (5, "EUR") == money),
        ("Money(5, 'EUR') == None", lambda: money == None),  # noqa: E711
    ]:
        try:
            equal = compare()
        except Exception as exc:
            fail(
                f"{description} raised {type(exc).__name__}: {show(str(exc))}; expected False. "
                "Comparing with an object of another type must answer, not crash: a dict or "
                "set may hold keys of mixed types, and `price in [None, 0]` compares with ==."
            )
        expect(
            equal is False,
            f"{description} gave {show(equal)}; expected False. Five euros is not the same "
            "thing as a tuple (or anything else) that happens to hold the same fields: a value "
            "object is equal only to values of its own type.",
        )


@pytest.mark.task(5)
def test_equal_money_values_have_equal_hashes():
    module = load("mutability")
    first, second = _money(module, 5, "EUR"), _money(module, 5, "EUR")
    first_hash = _hash_of(first, "Money(5, 'EUR')")
    second_hash = _hash_of(second, "Money(5, 'EUR')")
    expect(
        first_hash == second_hash,
        "two equal Money(5, 'EUR') objects have different hashes. Objects that compare equal "
        "must hash equal, or dicts and sets look in the wrong place and miss them.",
    )


@pytest.mark.task(5)
def test_money_works_as_a_dict_key_and_in_a_set():
    module = load("mutability")
    key = _money(module, 5, "EUR")
    _hash_of(key, "Money(5, 'EUR')")
    prices = call("{Money(5, 'EUR'): 'five euros'} (a dict literal)",
                  lambda: {key: "five euros"})
    lookup = _money(module, 5, "EUR")
    found = call("prices.get(Money(5, 'EUR')) with a new, equal Money",
                 lambda: prices.get(lookup, None))
    expect_equal(
        found, "five euros", "prices.get(Money(5, 'EUR')) looked up with a new, equal object",
        "A dict finds a key by hash first, then by equality.",
    )
    values = [_money(module, 5, "EUR"), _money(module, 5, "EUR"), _money(module, 6, "EUR")]
    size = call("len({Money(5, 'EUR'), Money(5, 'EUR'), Money(6, 'EUR')})",
                lambda: len(set(values)))
    expect_equal(size, 2, "len({Money(5, 'EUR'), Money(5, 'EUR'), Money(6, 'EUR')})",
                 "Equal values collapse to one set member.")


@pytest.mark.task(5)
@pytest.mark.parametrize("field", ["amount", "currency"])
def test_money_fields_cannot_be_reassigned(field):
    money = _money(load("mutability"), 5, "EUR")
    before = (getattr(money, "amount", None), getattr(money, "currency", None))
    try:
        setattr(money, field, 10 if field == "amount" else "USD")
    except AttributeError:
        pass
    except Exception as exc:
        fail(f"assigning to Money(5, 'EUR').{field} raised {type(exc).__name__}; expected "
             "AttributeError, which is what Python's own read-only attributes raise.")
    else:
        fail(
            f"assigning to Money(5, 'EUR').{field} worked. A value object used as a dict key "
            "must not change: its hash would change too, and the dict could no longer find it."
        )
    after = (getattr(money, "amount", None), getattr(money, "currency", None))
    expect(after == before, f"the refused assignment to .{field} still changed the Money "
           f"(now {show(after)}).")
