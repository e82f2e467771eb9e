"""Grading results as versioned data: what `kata check --json` prints (docs/JSON.md).

Each `KataResult.to_json()` is also a valid GitHub Classroom autograding result, so the classroom
workflow reuses it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RESULT_VERSION = 1
MESSAGE_LIMIT = 500
PASS, FAIL, ERROR = "pass", "fail", "error"


def number(value: float) -> int | float:
    """JSON numbers as people write them: 3, not 3.0; at most four decimals otherwise."""
    rounded = round(float(value), 4)
    return int(rounded) if rounded.is_integer() else rounded


def clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class TestResult:
    """One grader test's outcome."""

    nodeid: str
    task: int
    status: str
    max_score: float
    message: str = ""
    line: int = 0
    duration: float = 0.0

    @property
    def name(self) -> str:
        return self.nodeid.rsplit("::", 1)[-1]

    def to_json(self, task_passed: bool) -> dict[str, Any]:
        """`score` is this test's share of its task's points, earned only when the whole task
        passes: a stub that happens to pass one check of a task earns nothing."""
        return {
            "name": self.name,
            "task": self.task,
            "status": self.status,
            "score": number(self.max_score) if task_passed else 0,
            "max_score": number(self.max_score),
            "message": clip(self.message),
            "line_no": self.line,
        }


@dataclass
class Problem:
    """Why a whole kata could not be graded normally (syntax error, missing file, crash...)."""

    summary: str
    """One sentence for the learner."""
    file: str = ""
    line: int = 0
    column: int = 0
    source_line: str = ""
    detail: str = ""
    """Captured output, shown with --verbose only."""


@dataclass
class KataResult:
    slug: str
    tests: list[TestResult] = field(default_factory=list)
    problem: Problem | None = None
    unavailable_tasks: list[int] = field(default_factory=list)
    points: dict[int, int] = field(default_factory=dict)
    """Points per available task."""
    output: str = ""
    """The tail of pytest's own output, shown with --verbose."""
    stray_tests: list[str] = field(default_factory=list)
    """Tests of this kata whose task is not declared in kata.toml (an author's mistake)."""

    @property
    def max_score(self) -> int:
        return sum(self.points.values())

    @property
    def score(self) -> float:
        if self.problem is not None:
            return 0.0
        return float(sum(self.points[n] for n in self.tasks_passed()))

    @property
    def status(self) -> str:
        if self.problem is not None or not self.tests:
            return ERROR
        statuses = {t.status for t in self.tests}
        if statuses == {PASS}:
            return PASS
        return FAIL if FAIL in statuses else ERROR

    @property
    def passed(self) -> bool:
        return self.status == PASS

    def task_status(self, number: int) -> str:
        """pass | fail | error for one task (pass only if every one of its tests passed)."""
        mine = [t for t in self.tests if t.task == number]
        if self.problem is not None or not mine:
            return ERROR
        if all(t.status == PASS for t in mine):
            return PASS
        return FAIL if any(t.status == FAIL for t in mine) else ERROR

    def tasks_passed(self) -> list[int]:
        return [n for n in self.points if self.task_status(n) == PASS]

    def first_failure(self) -> TestResult | None:
        return next((t for t in self.tests if t.status != PASS), None)

    def to_json(self) -> dict[str, Any]:
        passed = set(self.tasks_passed())
        tests = [t.to_json(t.task in passed) for t in self.tests]
        if not tests:
            message = self.problem.summary if self.problem else "No test reported a result."
            tests = [
                {
                    "name": "grading",
                    "task": 0,
                    "status": ERROR,
                    "score": 0,
                    "max_score": self.max_score,
                    "message": clip(message),
                    "line_no": 0,
                }
            ]
        data: dict[str, Any] = {
            "version": RESULT_VERSION,
            "slug": self.slug,
            "status": self.status,
            "max_score": self.max_score,
            "score": number(self.score),
            "tests": tests,
        }
        if self.problem is not None:
            data["message"] = clip(self.problem.summary)
        if self.unavailable_tasks:
            data["unavailable_tasks"] = self.unavailable_tasks
        return data


@dataclass
class CheckResult:
    katas: list[KataResult]

    @property
    def status(self) -> str:
        statuses = {k.status for k in self.katas}
        if statuses == {PASS}:
            return PASS
        return ERROR if ERROR in statuses and FAIL not in statuses else FAIL

    def to_json(self) -> dict[str, Any]:
        return {
            "version": RESULT_VERSION,
            "status": self.status,
            "max_score": sum(k.max_score for k in self.katas),
            "score": number(sum(k.score for k in self.katas)),
            "katas": [k.to_json() for k in self.katas],
        }
