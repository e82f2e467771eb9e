"""Turn an exception raised while grading into one sentence a learner can act on.

Runs inside the pytest child (imported by the plugin). Grader failures (`KataFailure`) are
already in learner language; everything else is described by what it is and where in the
learner's file it happened, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path

from kata.testkit import NO_STDIN, KataFailure, deepest_frame, is_stdin_read, show

TIMEOUT_PREFIX = "Timeout"


def _learner_frame(exc: BaseException, source: Path) -> tuple[str, int] | None:
    """The deepest traceback frame inside the folder under test, as (file name, line)."""
    found = None
    chain: BaseException | None = exc
    while found is None and chain is not None:
        found = _deepest_inside(chain, source)
        chain = chain.__context__
    return found


def _deepest_inside(exc: BaseException, source: Path) -> tuple[str, int] | None:
    folder = source.resolve()

    def inside(filename: Path) -> bool:
        try:
            return filename.resolve().is_relative_to(folder)
        except OSError:
            return False

    found = deepest_frame(exc, inside)
    return (found[0].name, found[1]) if found else None


def _text(exc: BaseException) -> str:
    try:
        return str(exc)
    except BaseException:
        return ""


def explain_exception(exc: BaseException, source: Path, when: str) -> tuple[str, int]:
    """(message, line in the learner's file or 0) for an exception from a test phase."""
    where = _learner_frame(exc, source)
    line = where[1] if where else 0
    at = f" ({where[0]}, line {where[1]})" if where else ""
    name = type(exc).__name__
    text = _text(exc)
    if isinstance(exc, KataFailure):
        return text, line
    if isinstance(exc, AssertionError):
        head = text.split("\nassert ", 1)[0].strip()
        return (head or "A check in the grader failed."), line
    if name == "Failed" and text.startswith(TIMEOUT_PREFIX):
        return (
            "The test ran out of time: an infinite loop, or code waiting for something that "
            f"never happens?{at}",
            line,
        )
    if is_stdin_read(exc):
        return f"Your code called input(){at}. {NO_STDIN}", line
    if isinstance(exc, NotImplementedError):
        return f"Not written yet: your code still raises NotImplementedError{at}.", line
    if isinstance(exc, RecursionError):
        return f"Your code recursed too deeply (RecursionError){at}: is a base case missing?", line
    if isinstance(exc, MemoryError):
        return f"Your code used too much memory (MemoryError){at}.", line
    if isinstance(exc, SystemExit):
        return f"Your code called sys.exit() / raised SystemExit{at}; it must return instead.", line
    if isinstance(exc, KeyboardInterrupt):
        return f"Your code raised KeyboardInterrupt{at}.", line
    phase = {"setup": " while preparing the test", "teardown": " while cleaning up"}.get(when, "")
    detail = f": {show(text, 200)[1:-1]}" if text else ""
    return f"{name}{detail} was raised{phase}{at}.", line
