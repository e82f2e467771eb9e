"""The `kata` command line: parse, call one domain function, render. Nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

import click

from kata.catalog import Catalog, CatalogError, Kata, UnknownKataError
from kata.paths import NotAKataRepoError, as_path, launcher, locate_root
from kata.progress import Progress, ProgressStore

if TYPE_CHECKING:
    from pathlib import Path

    from kata.process import WarmWorker
    from kata.results import CheckResult

EXIT_FAILED = 1
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Session:
    """What every command needs: the repository root, its catalog and the progress store."""

    def __init__(self) -> None:
        try:
            self.root_dir = locate_root()
            self.catalog = Catalog.load(self.root_dir)
        except (NotAKataRepoError, CatalogError) as exc:
            raise click.ClickException(str(exc)) from exc
        self.store = ProgressStore(self.root_dir)

    @property
    def root(self) -> Path:
        return as_path(self.root_dir)

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
        """The kata whose folder the learner is in, else the first one not passed yet."""
        here = os.path.realpath(os.getcwd())
        for kata in self.catalog:
            folder = os.path.realpath(kata.folder_dir)
            if here == folder or here.startswith(folder + os.sep):
                return kata
        from kata.learner import next_kata

        return next_kata(self.catalog, self.read_progress())


class LazyGroup(click.Group):
    """A group whose rarely used commands are imported only when asked for."""

    LAZY: ClassVar[dict[str, str]] = {
        name: "kata.cli_extra" for name in ("interview", "dist", "regrade", "classroom", "dev")
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            import importlib

            command = getattr(importlib.import_module(self.LAZY[name]), name.replace("-", "_"))
            return command if isinstance(command, click.Command) else None
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(
    package_name="python-interview-katas", prog_name="kata",
    message="%(prog)s, version %(version)s", help="Show the version and exit.",
)
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
        kata, session.root_dir, progress.status(kata.slug), katas.index(kata) + 1, len(katas)
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
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/JSON.md).")
@click.option("-v", "--verbose", is_flag=True, help="Also show pytest's own output.")
def check(slugs: tuple[str, ...], everything: bool, as_json: bool, verbose: bool) -> None:
    """Grade KATA and explain the first failure. Without KATA: the kata whose folder you are
    in, else the first one you have not passed.

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
    """Re-check KATA on every save; move on when it passes. Without KATA: the kata whose
    folder you are in, else the first one you have not passed.

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
    render.hint(kata, choice.task, choice.level, saved=session.store.saved or not choice.is_new)


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
    try:
        files = solution_files(kata)  # a Classroom template ships none: say so first
    except ActionError as exc:
        raise click.ClickException(str(exc)) from exc
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
    with session.update_progress() as state:
        entry = state.kata(kata.slug)
        entry.solution_viewed = True
        entry.solution_forced = entry.solution_forced or not done
    for path in files:
        render.source(path, session.root)


def main(argv: Sequence[str] | None = None) -> None:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="kata")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
