"""The commands a learner types less often: interview, dist, regrade, classroom, dev.

Loaded only when one of them is run (see `LazyGroup` in cli.py), so `kata next`, `check` and
`hint` start without defining them. Same rules as cli.py: parse, call, render.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from kata.cli import EXIT_FAILED, Session
from kata.paths import find_root


@click.command()
@click.option(
    "--questions",
    "count",
    type=click.IntRange(1, 200),
    default=10,
    show_default=True,
    help="How many questions at most.",
)
@click.option(
    "--minutes",
    type=click.FloatRange(0.5, 240),
    default=20.0,
    show_default=True,
    help="Time for the whole session; it ends at whichever limit comes first.",
)
@click.option(
    "--topic",
    "topics",
    multiple=True,
    metavar="KATA",
    help="Only questions about KATA (repeat for several).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Draw from every kata, not only the ones you have started or passed.",
)
@click.option(
    "--seed",
    type=int,
    help="Shuffle with this seed: the same seed and the same progress give the same "
    "session (answers change progress, so a repeat may differ).",
)
@click.option("--no-timer", is_flag=True, help="No time limit and no clock on screen.")
@click.option(
    "--answers",
    type=click.File("r", encoding="utf-8"),
    help="Read answers from FILE, one per line (multi-line output as \\n).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the final report as JSON.")
def interview(
    count: int,
    minutes: float,
    topics: tuple[str, ...],
    everything: bool,
    seed: int | None,
    no_timer: bool,
    answers: Any,
    as_json: bool,
) -> None:
    """A mock interview: mixed questions from your katas, under time, then a report.

    Kinds: predict the output, trade-off choice, spot the bug, explain out loud. Missed
    questions come back sooner (a Leitner schedule); `kata progress` shows how many are due.
    Answers come from the keyboard, from --answers FILE, or from stdin when it is piped.
    Ctrl-C ends the session early; every answer given so far is saved.
    """
    from kata import render
    from kata.interview import NoQuestionsError, Settings, report_json, topic_scores
    from kata.interview import Session as Drill
    from kata.paths import state_dir
    from kata.questions import OutputCache

    session = Session()
    settings = Settings(
        questions=count, minutes=minutes, timer=not no_timer,
        topics=[session.resolve(t) for t in topics], everything=everything, seed=seed,
    )  # fmt: skip

    def save(change: Any) -> None:
        with session.update_progress() as progress:
            change(progress)

    drill = Drill(session.catalog, settings, OutputCache(state_dir(session.root) / "cache"), save)
    try:
        questions = drill.pick(session.read_progress())
    except NoQuestionsError as exc:
        raise click.ClickException(str(exc)) from exc
    lines = None
    if answers is not None:
        lines = (line.rstrip("\n") for line in answers)
    elif not sys.stdin.isatty():
        lines = (line.rstrip("\n") for line in sys.stdin)
    screen = render.InterviewScreen(lines, out=render.errors if as_json else None)
    outcomes = drill.run(questions, screen)
    if as_json:
        click.echo(json.dumps(report_json(session.catalog, outcomes, drill.interrupted), indent=2))
    else:
        render.interview_report(
            topic_scores(session.catalog, outcomes), outcomes, drill.interrupted
        )


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--only", multiple=True, metavar="KATA", help="Ship only these katas (repeatable).")
@click.option(
    "--exclude", multiple=True, metavar="KATA", help="Leave these katas out (repeatable)."
)
@click.option(
    "--python",
    "python",
    default="3.12",
    show_default=True,
    help="The Python version the workflow grades with.",
)
@click.option(
    "--points",
    "points",
    multiple=True,
    metavar="KATA:TASK=N",
    help="Points for one task, e.g. decorators:2=3 (default: from kata.toml).",
)
@click.option(
    "--graders-repo",
    default="",
    metavar="OWNER/NAME",
    help="Keep the graders in this private repository (written to OUTDIR-graders).",
)
@click.option(
    "--secret",
    default="GRADERS_TOKEN",
    show_default=True,
    help="With --graders-repo: the organisation secret holding a read token.",
)
@click.option("--force", is_flag=True, help="Write into OUTDIR even if it is not empty.")
def dist(
    outdir: Path,
    only: tuple[str, ...],
    exclude: tuple[str, ...],
    python: str,
    points: tuple[str, ...],
    graders_repo: str,
    secret: str,
    force: bool,
) -> None:
    """Build the GitHub Classroom student template in OUTDIR.

    The katas (original stubs), their tests, the runner and launcher, a student README and
    the grading workflow; never reference solutions or mutants. Same input, same bytes.
    """
    from kata import render
    from kata.classroom import DistError, DistOptions, build

    session = Session()
    overrides: dict[tuple[str, int], int] = {}
    for item in points:
        match = re.fullmatch(r"([^:=]+):(\d+)=(\d+)", item)
        if not match:
            raise click.UsageError(f"--points takes KATA:TASK=N, e.g. decorators:2=3; not {item!r}")
        kata = session.resolve(match.group(1))
        overrides[(kata.slug, int(match.group(2)))] = int(match.group(3))
    options = DistOptions(
        only=[session.resolve(s) for s in only], exclude=[session.resolve(s) for s in exclude],
        python=python, points=overrides, graders_repo=graders_repo, secret=secret, force=force,
    )  # fmt: skip
    try:
        files = build(session.root, session.catalog, outdir, options)
    except DistError as exc:
        raise click.UsageError(str(exc)) from exc
    render.dist_done(outdir, len(files), graders_repo)


@click.command()
@click.argument(
    "repos", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one row per student and kata to this CSV file.",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the class report as one self-contained HTML page.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Repositories graded at once (default: the number of cores).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(10, 3600),
    default=300.0,
    show_default=True,
    help="Seconds per repository.",
)
@click.option(
    "--template",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The template `kata dist` built, for its points per task.",
)
def regrade(
    repos: tuple[Path, ...],
    csv_path: Path | None,
    html_path: Path | None,
    jobs: int | None,
    time_limit: float,
    template: Path | None,
) -> None:
    """Re-grade local clones of student repositories with this repository's graders.

    Offline and in parallel. Each student's own tests, runner and workflow are ignored for
    grading and only compared: changed copies are flagged. Prints the class report.
    """
    import os

    from kata import render
    from kata.regrade import regrade as run_regrade
    from kata.regrade import task_shares, to_csv

    session = Session()
    with render.regrade_progress(len(repos)) as advance:
        reports = run_regrade(
            session.root,
            session.catalog,
            [p.resolve() for p in repos],
            jobs or os.cpu_count() or 1,
            time_limit,
            template.resolve() if template else None,
            advance,
        )
    if csv_path:
        csv_path.write_text(to_csv(reports), encoding="utf-8")
    if html_path:
        from kata.report_html import class_report

        html_path.write_text(
            class_report(session.catalog, reports, "Class report"), encoding="utf-8"
        )
    render.class_report(reports, task_shares(session.catalog, reports))


@click.group()
def classroom() -> None:
    """Commands the GitHub Classroom workflow runs (see the README's Classroom section)."""


@classroom.command("grade")
@click.argument("slug", metavar="KATA")
@click.option("--digest", required=True, help="The digest `kata dist` embedded in the workflow.")
@click.option(
    "--graders",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the graders are, when they come from a private repository.",
)
def classroom_grade(slug: str, digest: str, graders: Path | None) -> None:
    """Grade KATA for Classroom: a readable table, the result for the reporter, a summary.

    Always exits 0 after writing its output, so the reporter step runs and records points.
    """
    import os

    from kata import render
    from kata.classroom_step import encode, grade_step, new_token, summary_markdown

    root = find_root()
    outcome = grade_step(root, slug, digest, graders.resolve() if graders else None)
    token = new_token()
    click.echo(f"::stop-commands::{token}")
    try:
        if outcome.kata is not None and outcome.result is not None:
            render.check_result(outcome.kata, outcome.result, verbose=False)
        else:
            render.plain(outcome.json.get("message", ""))
    finally:
        click.echo(f"::{token}::")
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"result={encode(outcome.json)}\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(summary_markdown(outcome) + "\n")


@click.group()
def dev() -> None:
    """Commands for kata authors and for this repository's own test suite."""


@dev.command("check")
@click.argument("slugs", nargs=-1, metavar="[KATA]...")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--strict", is_flag=True, help="Also require each stub to equal its pristine copy.")
@click.option(
    "--pythons",
    default="",
    metavar="PY[,PY...]",
    help="Other interpreters whose output of every predict question must match.",
)
def dev_check(slugs: tuple[str, ...], as_json: bool, strict: bool, pythons: str) -> None:
    """Prove katas: metadata valid, every task fails on the stub, the reference passes,
    every mutant fails a test of its task (default: every kata)."""
    from kata.devcheck import check_katas

    session = Session()
    katas = [session.resolve(s) for s in slugs] if slugs else list(session.catalog)
    others = [p for p in pythons.split(",") if p]
    report = check_katas(session.root, katas, strict=strict, others=others)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        from kata import render

        render.dev_report(report)
    if not report.ok:
        sys.exit(EXIT_FAILED)


@dev.command("sync")
@click.argument("slugs", nargs=-1, metavar="[KATA]...")
def dev_sync(slugs: tuple[str, ...]) -> None:
    """Copy KATA's stubs to graders/<slug>/pristine/ (what `kata reset` restores)."""
    from kata.devcheck import sync_pristine

    session = Session()
    katas = [session.resolve(s) for s in slugs] if slugs else list(session.catalog)
    for path in sync_pristine(katas):
        click.echo(f"wrote {path.relative_to(session.root)}")


@dev.command("test")
def dev_test() -> None:
    """Run the whole test suite: ruff, mypy, the runner's tests, and `dev check` on every kata."""
    from kata.selftest import run_all

    sys.exit(run_all(find_root()))
