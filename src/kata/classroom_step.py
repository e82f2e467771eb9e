"""One grading step of the classroom workflow: grade a kata, then publish for the reporter.

The result is the per-kata JSON of docs/JSON.md (also a valid Classroom autograding result), always
with a non-empty `tests` list, so the reporter never crashes and nobody loses points. Every
learner-derived string is neutralised (no line may start with `::`, which the Actions runner
would take as a workflow command), and the step's environment files are written only here,
by the runner, after the graded process and all its children have ended.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kata.catalog import Catalog, CatalogError, Kata
from kata.classroom import kata_digest
from kata.results import ERROR, PASS, KataResult, clip

ENV_LIMIT = 96 * 1024
"""The reporter reads each result from an environment variable; Linux caps one at 128 KiB."""


def neutralise(text: str) -> str:
    """Text that cannot become a workflow command when printed: no line starts with `::`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"(^|\n)(\s*):(?=:)", "\\1\\2:\u200b", text)


def _neutralise_all(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, list):
        return [_neutralise_all(v) for v in value]
    if isinstance(value, dict):
        return {k: _neutralise_all(v) for k, v in value.items()}
    return value


def error_result(slug: str, max_score: int, message: str) -> dict[str, Any]:
    return {
        "version": 1, "slug": slug, "status": ERROR, "max_score": max_score, "score": 0,
        "message": clip(message),
        "tests": [{"name": f"{slug}: grading", "task": 0, "status": ERROR, "score": 0,
                   "max_score": max_score, "message": clip(message), "line_no": 0}],
    }  # fmt: skip


def classroom_json(result: KataResult) -> dict[str, Any]:
    """The runner's JSON, with the explanation where the reporter shows it (`test_code`)."""
    data = result.to_json()
    for test in data["tests"]:
        if test["status"] != PASS and test.get("message"):
            test["test_code"] = test["message"]
    data = dict(_neutralise_all(data))
    while len(json.dumps(data)) > ENV_LIMIT:
        for test in data["tests"]:
            test["message"] = test["message"][: max(40, len(test["message"]) // 2)]
            test.pop("test_code", None)
    return data


@dataclass
class StepOutcome:
    json: dict[str, Any]
    kata: Kata | None
    result: KataResult | None


def grade_step(root: Path, slug: str, digest: str, graders: Path | None) -> StepOutcome:
    """Grade one kata for Classroom; never raises, whatever the repository looks like."""
    try:
        catalog = Catalog.load(root, graders_root=graders)
        kata = catalog.get(slug)
    except (CatalogError, OSError) as exc:
        return StepOutcome(error_result(slug, 0, f"The kata metadata is broken: {exc}"), None, None)
    if kata is None:
        return StepOutcome(error_result(slug, 0, f"There is no kata {slug!r} here."), None, None)
    try:
        actual = kata_digest(root, kata, graders)
    except OSError as exc:
        actual = f"unreadable ({exc})"
    if actual != digest:
        message = (
            "The tests, the runner or the kata's metadata differ from what your teacher "
            "published, so this kata scores 0. Undo your changes to graders/, src/, "
            "kata.toml or classroom.toml (e.g. `git checkout <first commit> -- graders`)."
        )
        return StepOutcome(error_result(slug, kata.max_score, message), kata, None)
    try:
        from kata.grading import Options, grade

        result = grade([kata], Options()).katas[0]
    except Exception as exc:  # the runner itself failed: still publish a result
        return StepOutcome(error_result(slug, kata.max_score, f"Grading failed: {exc}"), kata, None)
    return StepOutcome(classroom_json(result), kata, result)


def encode(data: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(data).encode("utf-8")).decode("ascii")


def new_token() -> str:
    return secrets.token_hex(16)


def summary_markdown(outcome: StepOutcome) -> str:
    """The job summary section for one kata: points, ✓/✗ per task, the first failure as code."""
    data = outcome.json
    kata, result = outcome.kata, outcome.result
    title = kata.title if kata else data["slug"]
    mark = "✅" if data["status"] == PASS else "❌"
    lines = [
        f"### {mark} {title} (`{data['slug']}`): {data['score']:g}/{data['max_score']} points",
        "",
    ]
    if kata is not None and result is not None and result.problem is None:
        lines += ["| task | | points |", "|---|---|---|"]
        for task in kata.tasks:
            if task.number in result.unavailable_tasks:
                lines.append(f"| {task.number}. {task.title} | – | not graded on this Python |")
                continue
            ok = result.task_status(task.number) == PASS
            got = task.points if ok else 0
            lines.append(
                f"| {task.number}. {task.title} | {'✓' if ok else '✗'} | {got}/{task.points} |"
            )
        lines.append("")
    failure = next((t for t in data["tests"] if t["status"] != PASS), None)
    if failure is not None:
        where = f"task {failure['task']}" if failure.get("task") else "grading"
        lines += [f"**First failure ({where}):**", "", _fenced(failure["message"]), ""]
    lines += [f"Reproduce locally: `./kata check {data['slug']}`", ""]
    return "\n".join(lines)


def _fenced(text: str) -> str:
    """A code block no learner string can break out of (the fence outgrows any backtick run)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"
