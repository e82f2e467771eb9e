"""`kata regrade`: grade local clones of student repositories with this repository's graders.

The student's own graders, runner and workflow are never used, only compared: a repository
whose copies differ from what `kata dist` shipped is flagged. Repositories are graded in
parallel, each in its own sandboxed pytest child with a time limit, so one hanging or hostile
repository never stops the batch or costs another student points.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kata.catalog import Catalog, CatalogError, Kata, classroom_points, with_points
from kata.classroom import (
    CLASSROOM_FILE,
    WORKFLOW_PATH,
    DistOptions,
    files_under,
    kata_digest,
    workflow,
)
from kata.compat import tomllib
from kata.grading import Options, grade
from kata.results import ERROR, PASS, KataResult

REPO_TIME_LIMIT = 300.0


@dataclass
class RepoReport:
    path: Path
    results: dict[str, KataResult] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results.values())

    @property
    def max_score(self) -> int:
        return sum(r.max_score for r in self.results.values())


def _differs(ours: Path, theirs: Path) -> bool:
    try:
        return ours.read_bytes() != theirs.read_bytes()
    except OSError:
        return True


def _flags(root: Path, katas: list[Kata], repo: Path, template: dict[str, object]) -> list[str]:
    flags = []
    for kata in katas:
        ours = kata.grader_folder
        for path in files_under(ours, ("reference", "mutants", "pristine")):
            if _differs(path, repo / "graders" / kata.slug / path.relative_to(ours)):
                flags.append(f"graders changed ({kata.slug})")
                break
    for path in files_under(root / "src" / "kata"):
        if path.suffix == ".py" and _differs(path, repo / path.relative_to(root)):
            flags.append("runner changed")
            break
    if template:
        options = DistOptions(
            python=str(template.get("python", "3.12")),
            graders_repo=str(template.get("graders_repo", "")),
        )
        try:
            classroom = repo / CLASSROOM_FILE
            digests = {k.slug: kata_digest(root, k, None, classroom) for k in katas}
            expected = workflow(katas, digests, options)
        except OSError:
            expected = ""
        actual = repo / WORKFLOW_PATH
        if not actual.is_file() or actual.read_text(encoding="utf-8", errors="replace") != expected:
            flags.append("workflow changed")
    return flags


def _template(repo: Path) -> dict[str, object]:
    path = repo / CLASSROOM_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def regrade_repo(
    root: Path, catalog: Catalog, repo: Path, time_limit: float, points_from: Path | None = None
) -> RepoReport:
    """Grade one student repository; never raises."""
    report = RepoReport(repo)
    if not (repo / "katas").is_dir():
        report.error = "not a kata repository (no katas/ folder)"
        return report
    template = _template(repo)
    wanted = template.get("katas")
    katas = [k for k in catalog.katas if (repo / "katas" / k.slug).is_dir()]
    if isinstance(wanted, list):
        katas = [k for k in katas if k.slug in wanted]
    if not katas:
        report.error = "no kata of this course in it"
        return report
    if points_from is not None:
        try:
            points = classroom_points(points_from)
        except CatalogError as exc:
            report.error = str(exc)
            return report
        katas = [with_points(k, points[k.slug]) if k.slug in points else k for k in katas]
    try:
        report.flags = _flags(root, katas, repo, template)
        sources = {k.slug: repo / "katas" / k.slug for k in katas}
        result = grade(katas, Options(sources=sources, run_limit=time_limit))
        report.results = {r.slug: r for r in result.katas}
    except Exception as exc:  # one broken repository must never stop the batch
        report.error = f"grading failed: {exc}"
    return report


def regrade(
    root: Path,
    catalog: Catalog,
    repos: list[Path],
    jobs: int,
    time_limit: float,
    points_from: Path | None = None,
    on_done: Callable[[RepoReport], None] | None = None,
) -> list[RepoReport]:
    def one(repo: Path) -> RepoReport:
        report = regrade_repo(root, catalog, repo, time_limit, points_from)
        if on_done is not None:
            on_done(report)
        return report

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, repos))


def to_csv(reports: list[RepoReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "kata", "points", "max", "status", "flags"])
    for report in reports:
        flags = "; ".join(report.flags)
        if report.error:
            writer.writerow([report.name, "", 0, 0, ERROR, report.error])
            continue
        for slug, result in report.results.items():
            writer.writerow(
                [report.name, slug, f"{result.score:g}", result.max_score, result.status, flags]
            )
    return out.getvalue()


@dataclass
class TaskShare:
    kata: Kata
    task: int
    title: str
    passed: int
    graded: int

    @property
    def share(self) -> float:
        return self.passed / self.graded if self.graded else 0.0


def task_shares(catalog: Catalog, reports: list[RepoReport]) -> list[TaskShare]:
    """Per task, the share of the class that passed it, hardest first."""
    shares = []
    graded = [r for r in reports if not r.error]
    for kata in catalog.katas:
        for task in kata.tasks:
            seen = [r.results[kata.slug] for r in graded if kata.slug in r.results]
            if not seen:
                continue
            passed = sum(1 for res in seen if res.task_status(task.number) == PASS)
            shares.append(TaskShare(kata, task.number, task.title, passed, len(seen)))
    return sorted(shares, key=lambda s: (s.share, s.kata.order, s.task))


def score_bins(reports: list[RepoReport], bins: int = 10) -> list[int]:
    """How many students scored in each tenth of the maximum."""
    counts = [0] * bins
    for report in reports:
        if report.error or not report.max_score:
            continue
        index = min(bins - 1, int(report.score / report.max_score * bins))
        counts[index] += 1
    return counts
