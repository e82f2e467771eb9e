"""What a grader imports: load the learner's module and fail with learner-language messages.

Graders run inside the pytest child process. The plugin tells this module which folder holds
the sources under test (the learner's stubs, the reference, or a mutant), so one grader serves
all three.
Every helper turns a problem into a `KataFailure` whose text is shown to the learner verbatim.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

__all__ = [
    "KataFailure",
    "call",
    "check_choice",
    "check_prediction",
    "expect",
    "expect_equal",
    "fail",
    "load",
    "need",
    "run_snippet",
    "show",
    "source_dir",
]

_source_dir: Path | None = None
_hung_imports: set[Path] = set()
"""Learner files whose import ran out of time in this process: fail fast from then on."""
MAX_REPR = 120


class KataFailure(AssertionError):
    """A failed expectation whose message is written for the learner."""


def fail(message: str) -> NoReturn:
    """Stop the test with `message`, shown to the learner as the explanation."""
    raise KataFailure(message)


def expect(condition: object, message: str) -> None:
    """Fail with `message` unless `condition` is exactly True (truthy impostors do not count)."""
    if condition is not True:
        fail(message)


def set_source_dir(path: Path | None) -> None:
    """Called by the plugin before each test: where the sources under test live."""
    global _source_dir
    _source_dir = path


def source_dir() -> Path:
    """The folder whose modules the current test grades."""
    if _source_dir is None:
        raise RuntimeError("kata.testkit used outside a kata test run (the plugin sets the source)")
    return _source_dir


def show(value: object, limit: int = MAX_REPR) -> str:
    """A short, safe repr: a hostile or huge object never breaks or floods a message."""
    try:
        text = repr(value)
    except BaseException as exc:
        text = f"<{type(value).__name__} whose repr raised {type(exc).__name__}>"
    if not isinstance(text, str):
        text = f"<{type(value).__name__}>"
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: object) -> str:
    return type(value).__name__


def load(name: str) -> ModuleType:
    """Import the learner's `name.py` afresh, turning every way it can break into one sentence."""
    folder = source_dir()
    path = folder / f"{name}.py"
    filename = f"{name}.py"
    if not path.is_file():
        fail(f"{filename} is missing from the kata folder. Restore it with `./kata reset`.")
    if path in _hung_imports:
        fail(
            f"importing {filename} ran out of time earlier in this run: is there an endless "
            "loop, or a long computation, at the top level of the file?"
        )
    sys.modules.pop(name, None)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        fail(f"{filename} could not be loaded as a Python module.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:
        sys.modules.pop(name, None)
        if type(exc).__name__ == "Failed" and str(exc).startswith("Timeout"):
            _hung_imports.add(path)  # pytest-timeout fired during the import: don't wait again
            raise
        _explain_import_failure(exc, path)
        raise
    return module


def _explain_import_failure(exc: BaseException, path: Path) -> None:
    """Fail with one sentence for the ways an import goes wrong; other exceptions go on up."""
    filename = path.name
    if isinstance(exc, SyntaxError):
        fail(f"{filename} has a syntax error on line {exc.lineno}: {exc.msg}.")
    if isinstance(exc, SystemExit):
        fail(f"{filename} called sys.exit() while being imported; top-level code must not exit.")
    if isinstance(exc, KeyboardInterrupt):
        fail(f"{filename} raised KeyboardInterrupt while being imported.")
    if isinstance(exc, ModuleNotFoundError):
        fail(f"{filename} imports `{exc.name}`, which does not exist here.")
    if isinstance(exc, Exception) and not isinstance(exc, (MemoryError, RecursionError)):
        line = _learner_line(exc, path)
        where = f" (line {line})" if line else ""
        fail(
            f"importing {filename} raised {type(exc).__name__}: {_one_line(exc)}{where}. "
            "Code at the top level of the file runs on import."
        )


def deepest_frame(exc: BaseException, wanted: Callable[[Path], bool]) -> tuple[Path, int] | None:
    """The deepest frame of `exc`'s traceback whose file is `wanted`, as (file, line): the
    learner's line that raised, however deep in the grader or the standard library it ended."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename)
        if wanted(filename):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _learner_line(exc: BaseException, path: Path) -> int | None:
    found = deepest_frame(exc, lambda filename: filename == path)
    return found[1] if found else None


def _one_line(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:
        text = ""
    return show(text, 200)[1:-1] if text else "(no message)"


def need(module: ModuleType, name: str, kind: str = "") -> Any:
    """The learner's top-level `name`, or a clear failure saying it is not written yet.

    Looks in the module's own namespace, so a module-level ``__getattr__`` that answers every
    name cannot pretend to define it. ``kind`` is "function" or "class" to check what it is.
    """
    filename = Path(getattr(module, "__file__", "") or f"{module.__name__}.py").name
    namespace = vars(module)
    if name not in namespace:
        fail(f"`{name}` is not defined in {filename} yet.")
    value = namespace[name]
    if kind == "class" and not isinstance(value, type):
        fail(f"`{name}` in {filename} should be a class, but it is a {_type_name(value)}.")
    if kind == "function" and not callable(value):
        fail(f"`{name}` in {filename} should be a function, but it is a {_type_name(value)}.")
    return value


def call(description: str, func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Call learner code; an exception becomes "calling <description> raised ..."."""
    try:
        return func(*args, **kwargs)
    except NotImplementedError:
        fail(f"{description} still raises NotImplementedError: this part is not written yet.")
    except (KataFailure, MemoryError, RecursionError):
        raise  # the plugin explains these in its own words
    except Exception as exc:
        if is_stdin_read(exc):
            fail(f"calling {description} tried to read from the keyboard (input()). {NO_STDIN}")
        if "pickle" in _one_line(exc).lower() or type(exc).__name__ == "PicklingError":
            fail(
                f"calling {description} raised {type(exc).__name__}: {_one_line(exc)}. Work sent "
                "to another process is pickled, and pickle finds functions by name: define "
                "them at the top level of the module (no lambdas, no nested functions)."
            )
        fail(f"calling {description} raised {type(exc).__name__}: {_one_line(exc)}{_where(exc)}.")


NO_STDIN = "Graded code cannot wait for typing: take values as parameters instead."


def is_stdin_read(exc: BaseException) -> bool:
    """pytest's captured stdin raises OSError on read; closed stdin raises EOFError."""
    text = _one_line(exc)
    return isinstance(exc, EOFError) or (isinstance(exc, OSError) and "reading from stdin" in text)


def _where(exc: BaseException) -> str:
    """ " (file.py, line N)" for the deepest frame of `exc` in the sources under test."""
    folder = _source_dir
    if folder is None:
        return ""
    found = deepest_frame(exc, lambda filename: filename.parent == folder)
    return f" ({found[0].name}, line {found[1]})" if found else ""


def strictly_equal(actual: object, expected: object) -> bool:
    """Equal in value *and* type, recursively: an object whose __eq__ says yes to all fails."""
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, (list, tuple)):
        assert isinstance(actual, (list, tuple))
        return len(actual) == len(expected) and all(
            strictly_equal(a, e) for a, e in zip(actual, expected, strict=True)
        )
    if isinstance(expected, dict):
        assert isinstance(actual, dict)
        if len(actual) != len(expected) or any(k not in actual for k in expected):
            return False
        return all(strictly_equal(actual[k], expected[k]) for k in expected)
    if isinstance(expected, (set, frozenset)):
        assert isinstance(actual, (set, frozenset))
        return bool(actual == expected)
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    result = actual == expected
    return result is True


def expect_equal(actual: object, expected: object, what: str, why: str = "") -> None:
    """Fail unless `actual` equals `expected` with the same type; `what` names the call."""
    if strictly_equal(actual, expected):
        return
    reason = f" {why}" if why else ""
    if type(actual) is not type(expected):
        fail(
            f"{what} returned {show(actual)} (a {_type_name(actual)}); "
            f"expected a {_type_name(expected)}: {show(expected)}.{reason}"
        )
    fail(f"{what} returned {show(actual)}; expected {show(expected)}.{reason}")


def run_python(code: str, timeout: float, python: str = "") -> subprocess.CompletedProcess[str]:
    """`code` run by a fresh, isolated interpreter (`python`, default this one), stdin closed."""
    return subprocess.run(
        [python or sys.executable, "-I", "-X", "utf8", "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def run_snippet(code: str, timeout: float = 10.0) -> str:
    """Run `code` in a fresh, isolated interpreter and return what it prints.

    A separate process means nothing the learner's module patched can change the real output.
    """
    completed = run_python(textwrap.dedent(code), timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"grader snippet failed:\n{completed.stderr}")
    return completed.stdout


def normalise_output(text: str) -> list[str]:
    """Lines without trailing spaces, without blank lines at either end, common indent removed."""
    lines = [line.rstrip() for line in textwrap.dedent(text.strip("\n")).splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def check_prediction(module: ModuleType, code: str, name: str = "ANSWER") -> None:
    """Compare the learner's predicted output with what `code` really prints, never revealing it."""
    answer = need(module, name)
    if not isinstance(answer, str):
        fail(f"`{name}` should be a string holding the printed lines, not a {_type_name(answer)}.")
    predicted = normalise_output(answer)
    if not predicted:
        fail(f"`{name}` is still empty: write down, line by line, what you expect to be printed.")
    actual = normalise_output(run_snippet(code))
    if predicted == actual:
        return
    for number, (mine, real) in enumerate(zip(predicted, actual, strict=False), start=1):
        if mine != real:
            fail(
                f"Line {number} of your `{name}` ({show(mine)}) is not what the snippet prints "
                "there. Trace the calls in order and try again."
            )
    fail(
        f"Your `{name}` has {len(predicted)} line(s), but the snippet prints {len(actual)}. "
        "Did you miss (or invent) a print?"
    )


def check_choice(
    module: ModuleType, correct: str, why_wrong: dict[str, str], name: str = "CHOICE"
) -> None:
    """Grade a multiple-choice constant: each wrong option is answered with why it is wrong."""
    choice = need(module, name)
    options: Iterable[str] = sorted([correct, *why_wrong])  # sorted: the order must not tell
    if choice is None:
        fail(f"`{name}` is still None: set it to one of {', '.join(map(repr, options))}.")
    if not isinstance(choice, str) or choice.strip().lower() not in set(options):
        fail(f"`{name}` should be one of {', '.join(map(repr, options))}; it is {show(choice)}.")
    picked = choice.strip().lower()
    if picked != correct:
        fail(f"Not {picked!r}: {why_wrong[picked]}")
