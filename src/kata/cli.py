"""The `kata` command line: parse, call one domain function, render. Nothing else lives here."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kata.catalog import Catalog, CatalogError, Kata, UnknownKataError
from kata.paths import NotAKataRepoError, find_root, launcher
from kata.progress import Progress, ProgressStore

if TYPE_CHECKING:
    from kata.process import WarmWorker
    from kata.results import CheckResult

EXIT_FAILED = 1
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Session:
    """What every command needs: the repository root, its catalog and the progress store."""

    def __init__(self) -> None:
        try:
            self.root = find_root()
            self.catalog = Catalog.load(self.root)
        except (NotAKataRepoError, CatalogError) as exc:
            raise click.ClickException(str(exc)) from exc
        self.store = ProgressStore(self.root)

    def resolve(self, query: str) -> Kata:
        try:
            return self.catalog.resolve(query)
        except UnknownKataError as exc:
            if exc.ambiguous:
                message = f"{query!r} matches several katas: {', '.join(exc.suggestions)}."
            elif exc.suggestions:
                message = f"No kata {query!r}. Did you mean: {', '.join(exc.suggestions)}?"
            else:
                message = f"No kata {query!r}. `{launcher()} list` shows them all."
            raise click.UsageError(message) from exc

    def read_progress(self) -> Progress:
        progress = self.store.read()
        self.flush_warnings()
        return progress

    @contextmanager
    def update_progress(self) -> Iterator[Progress]:
        try:
            with self.store.update() as progress:
                yield progress
        except TimeoutError as exc:
            from kata import render

            render.warnings([f"{exc}; progress of this run was not saved."])
        self.flush_warnings()

    def flush_warnings(self) -> None:
        if self.store.warnings:
            from kata import render

            render.warnings(self.store.warnings)
            self.store.warnings.clear()

    def current(self) -> Kata | None:
        from kata.learner import next_kata

        return next_kata(self.catalog, self.read_progress())


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="python-interview-katas", prog_name="kata")
def cli() -> None:
    """Python Interview Katas: learn the concepts senior Python interviews probe, one
    auto-graded kata at a time.

    Start with `kata next`, edit the file it names, then `kata check` (or `kata watch`).
    """


@cli.command("next")
def next_command() -> None:
    """Show the first kata you have not passed yet, what to edit and how to check it."""
    from kata import render

    session = Session()
    progress = session.read_progress()
    from kata.learner import next_kata

    kata = next_kata(session.catalog, progress)
    katas = list(session.catalog)
    if kata is None:
        render.all_done(len(katas))
        return
    render.next_kata(
        kata, session.root, progress.status(kata.slug), katas.index(kata) + 1, len(katas)
    )


def _chosen(session: Session, slugs: Sequence[str], everything: bool) -> list[Kata]:
    if everything and slugs:
        raise click.UsageError("give kata names or --all, not both.")
    if everything:
        return list(session.catalog)
    if slugs:
        return [session.resolve(s) for s in dict.fromkeys(slugs)]
    kata = session.current()
    if kata is None:
        raise click.UsageError("every kata passes already; name one, or use --all.")
    return [kata]


def _refuse_private_graders(katas: list[Kata]) -> None:
    """In a template built with --graders-repo the tests are not here: say so plainly."""
    missing = [k.slug for k in katas if not any(k.grader_folder.glob("test_*.py"))]
    if missing:
        raise click.ClickException(
            f"The tests for {', '.join(missing)} are not in this repository: this assignment "
            "is graded when you push to GitHub (see README.md, 'Where to read your results')."
        )


def run_check(
    session: Session, katas: list[Kata], verbose: bool, worker: WarmWorker | None = None
) -> CheckResult:
    """Grade, then record the outcome in progress (one write for the whole run)."""
    from kata import render
    from kata.grading import Options, grade
    from kata.safeguard import RepositoryGuard

    with (
        render.grading(katas),
        RepositoryGuard(session.root, session.catalog.katas, katas) as guard,
    ):
        result = grade(katas, Options(verbose=verbose, worker=worker))
    session.store.warnings.extend(guard.warnings)
    with session.update_progress() as progress:
        for kata_result in result.katas:
            progress.record_check(kata_result.slug, kata_result.passed, kata_result.tasks_passed())
    return result


def show_check(session: Session, katas: list[Kata], result: CheckResult, verbose: bool) -> None:
    from kata import render
    from kata.learner import next_kata

    progress = session.store.read()
    for kata, kata_result in zip(katas, result.katas, strict=True):
        render.check_result(kata, kata_result, verbose)
        if kata_result.passed and len(katas) == 1:
            render.celebration(kata, next_kata(session.catalog, progress))
    if len(katas) > 1:
        render.check_summary(result)


@cli.command()
@click.argument("slugs", nargs=-1, metavar="[KATA]...")
@click.option("--all", "everything", is_flag=True, help="Grade every kata in one run.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (see DESIGN.md).")
@click.option("-v", "--verbose", is_flag=True, help="Also show pytest's own output.")
def check(slugs: tuple[str, ...], everything: bool, as_json: bool, verbose: bool) -> None:
    """Grade KATA (default: the current one) and explain the first failure.

    KATA is a slug (`decorators`), a concept name or an unambiguous prefix (`deco`).
    Exit status: 0 all passed, 1 something failed, 2 usage error.
    """
    session = Session()
    katas = _chosen(session, slugs, everything)
    _refuse_private_graders(katas)
    result = run_check(session, katas, verbose)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        show_check(session, katas, result, verbose)
    if result.status != "pass":
        sys.exit(EXIT_FAILED)


@cli.command()
@click.argument("slug", required=False, metavar="[KATA]")
@click.option(
    "--poll",
    is_flag=True,
    help="Poll for changes instead of waiting for file events. Use it when saves go "
    "unnoticed: network drives, some containers and VMs, or WSL with files on the Windows "
    "drive (watchfiles already polls by itself where it detects WSL).",
)
def watch(slug: str | None, poll: bool) -> None:
    """Re-check KATA (default: the current one) on every save; move on when it passes.

    Stop with Ctrl-C.
    """
    from kata import render
    from kata.learner import next_kata
    from kata.watch import watch_loop

    session = Session()
    kata = session.resolve(slug) if slug else session.current()
    if kata is None:
        render.all_done(len(session.catalog.katas))
        return

    _refuse_private_graders([kata])
    worker = _warm_worker()

    def on_change(current: Kata) -> Kata | None:
        result = run_check(session, [current], verbose=False, worker=worker)
        show_check(session, [current], result, verbose=False)
        if not result.katas[0].passed:
            return current
        nxt = next_kata(session.catalog, session.store.read())
        if nxt is not None:
            render.next_kata(
                nxt,
                session.root,
                "todo",
                list(session.catalog).index(nxt) + 1,
                len(session.catalog.katas),
            )
        return nxt

    def on_wait(current: Kata) -> None:
        render.info(f"[dim]Watching {current.slug}: save a file to re-check, Ctrl-C to stop.[/]")

    try:
        watch_loop(kata, on_change, on_wait, force_polling=poll)
    except KeyboardInterrupt:
        render.info("\n[dim]Stopped watching.[/]")
    finally:
        if worker is not None:
            worker.close()


def _warm_worker() -> WarmWorker | None:
    """A warm pytest worker where fork exists (checks start in a few ms), else None."""
    from kata.grading import child_env
    from kata.process import WarmWorker

    if not WarmWorker.supported():
        return None
    try:
        worker = WarmWorker(child_env(""))
    except (OSError, ValueError):
        return None
    return worker if worker.ready else None


@cli.command()
@click.argument("slug", metavar="KATA")
@click.option("--task", "task", type=int, help="Hint for task N instead of the first open one.")
def hint(slug: str, task: int | None) -> None:
    """Reveal the next hint for KATA's first unfinished task (three levels per task)."""
    from kata import render
    from kata.learner import ActionError, choose_hint

    session = Session()
    kata = session.resolve(slug)
    try:
        with session.update_progress() as progress:
            choice = choose_hint(kata, progress, task)
    except ActionError as exc:
        raise click.UsageError(str(exc)) from exc
    render.hint(kata, choice.task, choice.level)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
def list_command(as_json: bool) -> None:
    """List every kata in curriculum order with your status."""
    session = Session()
    progress = session.read_progress()
    if as_json:
        click.echo(json.dumps([_kata_json(k, progress) for k in session.catalog], indent=2))
        return
    from kata import render

    render.catalog_table(list(session.catalog), progress)


def _kata_json(kata: Kata, progress: Progress) -> dict[str, Any]:
    return {
        "slug": kata.slug,
        "title": kata.title,
        "concept": kata.concept,
        "order": kata.order,
        "difficulty": kata.difficulty,
        "tasks": len(kata.tasks),
        "status": progress.status(kata.slug),
        "files": [f"katas/{kata.slug}/{name}" for name in kata.files],
    }


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print progress per kata as JSON.")
def progress(as_json: bool) -> None:
    """Show progress bars per concept and overall."""
    session = Session()
    state = session.read_progress()
    if as_json:
        data = {
            k.slug: {"concept": k.concept, **state.kata(k.slug).to_dict()} for k in session.catalog
        }
        click.echo(json.dumps(data, indent=2))
        return
    from kata import render
    from kata.interview import questions_due

    render.progress_bars(list(session.catalog), state, questions_due(state))


@cli.command()
@click.argument("slug", metavar="KATA")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
def reset(slug: str, yes: bool) -> None:
    """Restore KATA's files to the original stubs; your version is backed up first."""
    from kata import render
    from kata.learner import ActionError
    from kata.learner import reset as reset_kata

    session = Session()
    kata = session.resolve(slug)
    if not yes:
        files = ", ".join(kata.files)
        click.confirm(f"Restore the original {files} (a backup of yours is kept)?", abort=True)
    try:
        restored, backups = reset_kata(kata, session.root)
    except ActionError as exc:
        raise click.ClickException(str(exc)) from exc
    if restored:
        with session.update_progress() as state:
            state.kata(kata.slug).restart()
    if not restored:
        render.info("Nothing to do: the files are already the original stubs.")
    render.reset_done(restored, backups, session.root)


@cli.command()
@click.argument("slug", metavar="KATA")
@click.option("--force", is_flag=True, help="Show it before the kata passes (recorded).")
@click.option("-y", "--yes", is_flag=True, help="With --force: do not ask for confirmation.")
def solution(slug: str, force: bool, yes: bool) -> None:
    """Show KATA's reference solution, once your own passes."""
    from kata import render
    from kata.learner import ActionError, solution_files

    session = Session()
    kata = session.resolve(slug)
    entry = session.read_progress().kata(kata.slug)
    done = entry.status == "done" or entry.first_passed is not None  # passed once, then reset
    if not done and not force:
        raise click.ClickException(
            f"{kata.slug} has not passed yet, so its solution stays hidden. Try "
            f"`{launcher()} hint {kata.slug}`; or `{launcher()} solution {kata.slug} --force` to "
            "look anyway."
        )
    if not done and not yes:
        click.confirm("Looking now skips the learning. Show the solution anyway?", abort=True)
    try:
        files = solution_files(kata)
    except ActionError as exc:
        raise click.ClickException(str(exc)) from exc
    with session.update_progress() as state:
        entry = state.kata(kata.slug)
        entry.solution_viewed = True
        entry.solution_forced = entry.solution_forced or not done
    for path in files:
        render.source(path, session.root)


@cli.command()
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


@cli.command()
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


@cli.command()
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


@cli.group()
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


@cli.group()
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


def main(argv: Sequence[str] | None = None) -> None:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="kata")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
