"""The interview drill's question banks: `katas/<slug>/questions.toml`, typed and validated.

Four kinds: predict (type what a snippet prints; the expected text is computed by running it),
choice (one right answer, every wrong one explained), bug (name the faulty line), explain (say
it in your own words, then tick a checklist). The format is in docs/AUTHORING.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kata.catalog import Kata, python_version
from kata.compat import tomllib
from kata.testkit import run_python

FORMAT_VERSION = 1
KINDS = ("predict", "choice", "bug", "explain")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SNIPPET_TIMEOUT = 5.0
MIN_QUESTIONS = 6
MIN_KINDS = 3


class QuestionError(Exception):
    """A question bank that cannot be used; the message names the file and the question."""


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool = False
    why: str = ""


@dataclass(frozen=True)
class Question:
    slug: str
    id: str
    kind: str
    prompt: str
    code: str = ""
    why: str = ""
    choices: tuple[Choice, ...] = ()
    line: int = 0
    points: tuple[str, ...] = ()
    min_python: tuple[int, int] | None = None
    max_python: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        """Unique across the catalog: how progress and the scheduler name it."""
        return f"{self.slug}/{self.id}"

    def available(self, version: tuple[int, int] | None = None) -> bool:
        running = version or (sys.version_info.major, sys.version_info.minor)
        if self.min_python and running < self.min_python:
            return False
        return not (self.max_python and running > self.max_python)

    def code_lines(self) -> list[str]:
        return self.code.strip("\n").splitlines()


def _version(value: Any, where: str) -> tuple[int, int] | None:
    try:
        return python_version(value)
    except ValueError as exc:
        raise QuestionError(f"{where}: {exc}") from exc


def _text(data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise QuestionError(f"{where}: `{key}` must be a non-empty string")
    return value


def _question(slug: str, data: Any, where: str) -> Question:
    if not isinstance(data, dict):
        raise QuestionError(f"{where}: each [[questions]] entry must be a table")
    qid = _text(data, "id", where)
    if not ID_PATTERN.match(qid):
        raise QuestionError(f"{where}: id {qid!r} must be lowercase words joined by hyphens")
    where = f"{where} (question {qid!r})"
    kind = _text(data, "kind", where)
    if kind not in KINDS:
        raise QuestionError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    prompt = _text(data, "prompt", where)
    code = textwrap.dedent(_text(data, "code", where, required=kind in ("predict", "bug")))
    why = _text(data, "why", where, required=kind != "explain")
    choices: tuple[Choice, ...] = ()
    line = 0
    points: tuple[str, ...] = ()
    if kind == "choice":
        raw = data.get("choices")
        if not isinstance(raw, list) or not 3 <= len(raw) <= 5:
            raise QuestionError(f"{where}: a choice question needs 3 to 5 `choices`")
        parsed = []
        for number, item in enumerate(raw, start=1):
            if not isinstance(item, dict):
                raise QuestionError(f"{where}: choice {number} must be a table")
            correct = item.get("correct", False) is True
            choice_why = _text(item, "why", f"{where} choice {number}", required=not correct)
            parsed.append(
                Choice(_text(item, "text", f"{where} choice {number}"), correct, choice_why)
            )
        if sum(c.correct for c in parsed) != 1:
            raise QuestionError(f"{where}: exactly one choice must have `correct = true`")
        choices = tuple(parsed)
    if kind == "bug":
        line = data.get("line", 0)
        lines = code.strip("\n").splitlines()
        if not isinstance(line, int) or not 1 <= line <= len(lines) or not lines[line - 1].strip():
            raise QuestionError(f"{where}: `line` must be a non-blank line of `code` (1-based)")
    if kind == "explain":
        raw_points = data.get("points")
        if (
            not isinstance(raw_points, list)
            or not 2 <= len(raw_points) <= 6
            or not all(isinstance(p, str) and p.strip() for p in raw_points)
        ):
            raise QuestionError(f"{where}: an explain question needs 2 to 6 `points`")
        points = tuple(raw_points)
    return Question(
        slug=slug, id=qid, kind=kind, prompt=prompt, code=code, why=why, choices=choices,
        line=line, points=points, min_python=_version(data.get("min_python"), where),
        max_python=_version(data.get("max_python"), where),
    )  # fmt: skip


def bank_path(kata: Kata) -> Path:
    return kata.folder / "questions.toml"


def load_bank(kata: Kata) -> list[Question]:
    """The kata's questions (empty if it has no bank); raises QuestionError when malformed."""
    path = bank_path(kata)
    if not path.is_file():
        return []
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise QuestionError(f"{where}: not valid TOML ({exc})") from exc
    if data.get("format_version") != FORMAT_VERSION:
        raise QuestionError(f"{where}: `format_version` must be {FORMAT_VERSION}")
    raw = data.get("questions")
    if not isinstance(raw, list):
        raise QuestionError(f"{where}: needs [[questions]] tables")
    questions = [_question(kata.slug, item, where) for item in raw]
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise QuestionError(f"{where}: question id {question.id!r} is used twice")
        seen.add(question.id)
    return questions


def run_snippet(code: str, timeout: float = SNIPPET_TIMEOUT, python: str = "") -> str:
    """What `code` prints in a fresh, isolated interpreter (stderr included if it fails)."""
    completed = run_python(code, timeout, python)
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise QuestionError(f"snippet exited with {completed.returncode}: {last}")
    return completed.stdout


class OutputCache:
    """Expected outputs of predict snippets, per Python version, in `.kata/cache/`."""

    def __init__(self, folder: Path) -> None:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        self.path = folder / f"predict-outputs-{version}.json"
        try:
            self.data: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self.dirty = False

    def output(self, code: str) -> str:
        key = hashlib.sha256(code.encode()).hexdigest()
        if key not in self.data:
            self.data[key] = run_snippet(code)
            self.dirty = True
        return self.data[key]

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_suffix(".tmp")
            temp.write_text(json.dumps(self.data), encoding="utf-8")
            temp.replace(self.path)
        except OSError:
            pass  # a cache: failing to save it only costs time next run


@dataclass
class BankReport:
    slug: str
    problems: list[str] = field(default_factory=list)
    count: int = 0


@functools.cache
def interpreter_version(python: str) -> tuple[int, int]:
    """(major, minor) of another interpreter, for `kata dev check --pythons`."""
    out = subprocess.run(
        [python, "-c", "import sys; print(*sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.split()
    return int(out[0]), int(out[1])


def validate_bank(
    kata: Kata, answer_runs: list[tuple[str, ...]], others: Sequence[str] = ()
) -> BankReport:
    """`others`: more interpreters whose output of every predict snippet must be the same
    (where the question holds for their version)."""
    """Everything `kata dev check` requires of a bank; snippets are run (twice) here."""
    report = BankReport(kata.slug)
    if not bank_path(kata).is_file():
        report.problems.append(f"katas/{kata.slug}/questions.toml is missing")
        return report
    try:
        questions = load_bank(kata)
    except QuestionError as exc:
        report.problems.append(str(exc))
        return report
    report.count = len(questions)
    where = str(bank_path(kata))
    if len(questions) < MIN_QUESTIONS:
        report.problems.append(f"{where}: {len(questions)} questions, needs {MIN_QUESTIONS}")
    kinds = {q.kind for q in questions}
    if len(kinds) < MIN_KINDS:
        report.problems.append(f"{where}: covers {len(kinds)} kinds, needs {MIN_KINDS}")
    for question in questions:
        label = f"{where} question {question.id!r}"
        texts = [
            question.code,
            question.why,
            question.prompt,
            *question.points,
            *(c.text for c in question.choices),
            *(c.why for c in question.choices),
        ]
        quoted = [
            run for run in answer_runs if any(all(line in text for line in run) for text in texts)
        ]
        if quoted:
            report.problems.append(f"{label}: quotes the reference solution ({quoted[0][0]!r}...)")
        if question.kind != "predict" or not question.available():
            continue
        try:
            first = run_snippet(question.code)
            second = run_snippet(question.code)
        except (QuestionError, subprocess.TimeoutExpired) as exc:
            report.problems.append(f"{label}: {exc}")
            continue
        if not first.strip():
            report.problems.append(f"{label}: the snippet prints nothing")
        elif first != second:
            report.problems.append(f"{label}: the snippet prints something different each run")
        for other in others:
            if not question.available(interpreter_version(other)):
                continue
            try:
                theirs = run_snippet(question.code, python=other)
            except (QuestionError, subprocess.TimeoutExpired) as exc:
                report.problems.append(f"{label}: under {other}: {exc}")
                continue
            if theirs != first:
                report.problems.append(
                    f"{label}: prints something else under {other}; set min_python or "
                    "max_python, or make the snippet version-independent"
                )
    return report


ANSWER_WINDOW = 3
"""This many consecutive answer-only lines of the reference, quoted together, give it away."""


def answer_lines(kata: Kata) -> list[tuple[str, ...]]:
    """Runs of reference lines that the stub does not contain: never to be quoted together.

    One idiomatic line (`return super().__new__(cls)`) is fair to show in a question; three
    consecutive lines of the answer are the answer.
    """
    windows: list[tuple[str, ...]] = []
    for name in kata.files:
        reference = kata.grader_folder / "reference" / name
        stub = kata.folder / name
        if not reference.is_file():
            continue
        stub_text = stub.read_text(encoding="utf-8") if stub.is_file() else ""
        stub_lines = {line.strip() for line in stub_text.splitlines()}
        run: list[str] = []
        for line in [*reference.read_text(encoding="utf-8").splitlines(), ""]:
            text = line.strip()
            if text and not text.startswith("#") and text not in stub_lines:
                run.append(text)
                continue
            if len(run) >= ANSWER_WINDOW:
                windows += [
                    tuple(run[i : i + ANSWER_WINDOW]) for i in range(len(run) - ANSWER_WINDOW + 1)
                ]
            run = []
    return windows
