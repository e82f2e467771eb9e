"""Notice (and undo) learner code that rewires the grading machinery inside the pytest child.

The learner's module runs in the same process as the grader, so it could replace
`builtins.isinstance`, `kata.testkit.fail`, or pytest's report classes to fake a pass. Before
any learner code runs, the plugin snapshots the namespaces that decide a verdict; after each
test it compares them, restores anything changed, and the test is graded as an error. This
raises the bar, it is not a wall: code in the same process can always dig deeper (see the
README's "How grading is isolated" section).
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Any

WATCHED_MODULES = (
    "builtins",
    "kata.testkit",
    "kata.messages",
    "kata.guard",
    "kata.pytest_plugin",
    "pytest",
    "_pytest.runner",
    "_pytest.reports",
    "_pytest.python",
    "_pytest.outcomes",
    "_pytest.fixtures",
    "_pytest.main",
    "_pytest.skipping",
    "pytest_timeout",
    "json",
    "os",
)
WATCHED_CLASSES = (
    ("_pytest.reports", "TestReport"),
    ("_pytest.reports", "BaseReport"),
    ("_pytest.runner", "CallInfo"),
    ("_pytest.python", "Function"),
    ("_pytest.nodes", "Item"),
    ("kata.testkit", "KataFailure"),
)

Snapshot = dict[str, tuple[Any, dict[str, Any], dict[str, Any]]]
"""label -> (namespace owner, {name: value}, {name: value.__code__})."""


def _namespace(owner: Any) -> dict[str, Any]:
    return dict(vars(owner))


def _codes(values: dict[str, Any]) -> dict[str, Any]:
    codes = {}
    for name, value in values.items():
        code = getattr(value, "__code__", None) if callable(value) else None
        if code is not None:
            codes[name] = code
    return codes


def take() -> Snapshot:
    """Record the namespaces that decide verdicts; call before any learner code runs."""
    snapshot: Snapshot = {}
    for name in WATCHED_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        values = _namespace(module)
        snapshot[name] = (module, values, _codes(values))
    for module_name, class_name in WATCHED_CLASSES:
        try:
            owner = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            continue
        values = _namespace(owner)
        snapshot[f"{module_name}.{class_name}"] = (owner, values, _codes(values))
    return snapshot


def check_and_restore(snapshot: Snapshot) -> list[str]:
    """Names that learner code changed since `take()`, each put back as it was."""
    changed: list[str] = []
    for label, (owner, values, codes) in snapshot.items():
        current = vars(owner)
        for name, value in values.items():
            now = current.get(name, _MISSING)
            if now is not value:
                changed.append(f"{label}.{name}")
                _put_back(owner, name, value)
            elif name in codes and getattr(value, "__code__", None) is not codes[name]:
                changed.append(f"{label}.{name}")
                value.__code__ = codes[name]
        for name in [n for n in current if n not in values]:
            if label in ("builtins",) or isinstance(owner, type):
                changed.append(f"{label}.{name}")
                _remove(owner, name)
    return changed


_MISSING = object()


def _put_back(owner: Any, name: str, value: Any) -> None:
    with contextlib.suppress(AttributeError, TypeError):
        setattr(owner, name, value)


def _remove(owner: Any, name: str) -> None:
    with contextlib.suppress(AttributeError, TypeError):
        delattr(owner, name)
