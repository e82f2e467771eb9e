"""`kata dev check`: prove that each kata teaches and that its grader tells the truth.

For every kata: the metadata is complete, the stubs and their pristine copies exist, every
grader test belongs to a declared task, every task fails on the pristine stub, the reference
passes every test, and every mutant (`graders/<slug>/mutants/t<N>-<what>/`) fails at least one
test of its task N. Gradings run in parallel, each in its own sandboxed pytest child.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kata.catalog import Kata
from kata.grading import Options, grade
from kata.learner import PRISTINE, pristine_path
from kata.questions import answer_lines, validate_bank
from kata.results import PASS, KataResult

MUTANT_NAME = re.compile(r"^t(\d+)-[a-z0-9-]+$")
HINTS_PER_TASK = 3
TALKING_POINTS = (3, 5)


@dataclass
class Finding:
    check: str
    ok: bool
    detail: str = ""


@dataclass
class KataReport:
    slug: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def add(self, check: str, ok: bool, detail: str = "") -> None:
        self.findings.append(Finding(check, ok, detail))


@dataclass
class DevReport:
    katas: list[KataReport]

    @property
    def ok(self) -> bool:
        return all(k.ok for k in self.katas)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "katas": [
                {
                    "slug": k.slug,
                    "ok": k.ok,
                    "findings": [f.__dict__ for f in k.findings],
                }
                for k in self.katas
            ],
        }


def _metadata(kata: Kata, report: KataReport, strict: bool) -> None:
    problems = []
    if not (kata.folder / "README.md").is_file():
        problems.append("README.md is missing")
    for name in kata.files:
        if not (kata.folder / name).is_file():
            problems.append(f"stub {name} is missing")
        pristine = pristine_path(kata, name)
        if not pristine.is_file():
            problems.append(f"{PRISTINE}/{name} is missing (run `kata dev sync {kata.slug}`)")
        elif (
            strict
            and (kata.folder / name).is_file()
            and (pristine.read_bytes() != (kata.folder / name).read_bytes())
        ):
            problems.append(
                f"katas/{kata.slug}/{name} differs from {PRISTINE}/{name}: fine while you are "
                f"solving it; kata authors who changed the stub run `kata dev sync {kata.slug}`"
            )
        if not (kata.grader_folder / "reference" / name).is_file():
            problems.append(f"reference/{name} is missing")
    for task in kata.tasks:
        if len(task.hints) != HINTS_PER_TASK:
            problems.append(f"task {task.number} has {len(task.hints)} hints, needs 3")
    low, high = TALKING_POINTS
    if not low <= len(kata.talking_points) <= high:
        problems.append(f"{len(kata.talking_points)} talking points, needs {low}-{high}")
    if not list(kata.grader_folder.glob("test_*.py")):
        problems.append(f"no graders/{kata.slug}/test_*.py")
    summary_lines = [line for line in kata.summary.splitlines() if line.strip()]
    if len(summary_lines) > 2:
        problems.append("summary should be at most two lines")
    report.add("metadata", not problems, "; ".join(problems))


def mutants(kata: Kata) -> list[tuple[str, int, Path]]:
    folder = kata.grader_folder / "mutants"
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.name.startswith((".", "__")):
            match = MUTANT_NAME.match(entry.name)
            found.append((entry.name, int(match.group(1)) if match else 0, entry))
    return found


def _overlay(kata: Kata, mutant: Path, into: Path) -> Path:
    """The reference with the mutant's files copied over it."""
    target = into / mutant.name
    shutil.copytree(
        kata.grader_folder / "reference", target, ignore=shutil.ignore_patterns("__pycache__")
    )
    for entry in mutant.iterdir():
        if entry.is_file() and entry.suffix == ".py":
            shutil.copyfile(entry, target / entry.name)
    return target


def _grade_one(kata: Kata, source: Path) -> KataResult:
    return grade([kata], Options(sources={kata.slug: source})).katas[0]


def _describe(result: KataResult) -> str:
    if result.problem is not None:
        return result.problem.summary
    failure = result.first_failure()
    return f"{failure.name}: {failure.message}" if failure else ""


def check_kata(kata: Kata, strict: bool = False, others: Sequence[str] = ()) -> KataReport:
    report = KataReport(kata.slug)
    _metadata(kata, report, strict)
    stub_source = kata.grader_folder / PRISTINE
    if not all((stub_source / n).is_file() for n in kata.files):
        stub_source = kata.folder
    with tempfile.TemporaryDirectory(prefix="kata-dev-") as temp:
        work = Path(temp)
        found = mutants(kata)
        jobs: list[tuple[str, Path]] = [("stub", stub_source)]
        jobs.append(("reference", kata.grader_folder / "reference"))
        for name, _task, folder in found:
            jobs.append((name, _overlay(kata, folder, work)))
        workers = max(1, min(len(jobs), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = dict(
                zip(
                    [j[0] for j in jobs],
                    pool.map(lambda job: _grade_one(kata, job[1]), jobs),
                    strict=True,
                )
            )
    stub = results["stub"]
    if stub.problem is not None:
        report.add("stub fails every task", False, stub.problem.summary)
    else:
        passing = [n for n in stub.points if stub.task_status(n) == PASS]
        stray = [nodeid.rsplit("::", 1)[-1] for nodeid in stub.stray_tests]
        detail = f"task(s) {passing} pass on the untouched stub" if passing else ""
        report.add("stub fails every task", not passing, detail)
        report.add(
            "tests carry declared tasks",
            not stray,
            f"no @pytest.mark.task(N) of a declared task: {', '.join(stray)}" if stray else "",
        )
    reference = results["reference"]
    report.add(
        "reference passes",
        reference.passed,
        "" if reference.passed else _describe(reference),
    )
    tasks = {t.number for t in kata.tasks}
    covered = set()
    for name, task, _folder in found:
        result = results[name]
        if task not in tasks:
            report.add(f"mutant {name}", False, "name it t<N>-<what>, N a task number")
            continue
        covered.add(task)
        if task in result.unavailable_tasks:
            report.add(f"mutant {name}", True, f"not run: task {task} needs a newer Python")
            continue
        killed = result.task_status(task) != PASS and result.problem is None
        detail = "" if killed else f"passes every test of task {task}; the grader misses it"
        if result.problem is not None:
            detail = f"could not be graded: {result.problem.summary}"
        report.add(f"mutant {name}", killed, detail)
    bank = validate_bank(kata, answer_lines(kata), others)
    report.add(f"question bank ({bank.count})", not bank.problems, "; ".join(bank.problems))
    uncovered = sorted(t.number for t in kata.tasks if t.number not in covered)
    report.add(
        "a mutant per task",
        not uncovered,
        f"no mutant for task(s) {uncovered}" if uncovered else "",
    )
    return report


def check_katas(
    root: Path, katas: list[Kata], strict: bool = False, others: Sequence[str] = ()
) -> DevReport:
    return DevReport([check_kata(kata, strict, others) for kata in katas])


def sync_pristine(katas: list[Kata]) -> list[Path]:
    written = []
    for kata in katas:
        for name in kata.files:
            target = pristine_path(kata, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kata.folder / name, target)
            written.append(target)
    return written
