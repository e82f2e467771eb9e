"""Everything the learner sees in the terminal. The only module that imports rich."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from kata.catalog import Kata
from kata.paths import launcher
from kata.progress import Progress

if TYPE_CHECKING:
    from pathlib import Path

    from rich.table import Table

    from kata.devcheck import DevReport
    from kata.interview import Outcome, TopicScore
    from kata.questions import Question
    from kata.regrade import RepoReport, TaskShare
    from kata.results import CheckResult, KataResult

# emoji=False: ":name:" in a title or a failure message stays as written.
console = Console(highlight=False, soft_wrap=False, emoji=False)
errors = Console(stderr=True, highlight=False, emoji=False)

Cell = tuple[str, str]
"""A cell of an aligned list: its plain text and a rich style ("" for none)."""
FLEX_FLOOR = 16
"""The narrowest an aligned list's wrapped column gets before optional columns give way."""
PANEL_WIDTH = 100


def _table(**options: Any) -> Table:
    """rich.table is imported on first use: `kata next` and `hint` never need it."""
    from rich.table import Table

    return Table(**options)


MARK = {"pass": ("✓", "green"), "fail": ("✗", "red"), "error": ("!", "red")}
STATUS_STYLE = {"done": "green", "started": "yellow", "todo": "dim"}


def _aligned(
    rows: Sequence[Sequence[Cell]], right: Sequence[int] = (), flex: int = -1,
    optional: Sequence[int] = (),
) -> Text:
    """Columns padded to their widest cell, two spaces apart, the `flex` column wrapped to fit
    the terminal: what rich's Table does for a plain list, at a fraction of its cost (`list` and
    `check` run hundreds of times an hour). Cells are plain text, so nothing needs escaping.
    On a narrow terminal the `optional` columns are left out, in that order, to make room."""
    gap = "  "
    shown = list(range(len(rows[0])))
    full = [max(cell_len(row[column][0]) for row in rows) for column in shown]

    def room() -> int:
        others = sum(full[c] for c in shown if c != flex) + len(gap) * (len(shown) - 1)
        return console.width - others

    for column in optional:
        if flex not in shown or room() >= min(full[flex], FLEX_FLOOR):
            break
        shown.remove(column)
    rows = [[row[c] for c in shown] for row in rows]
    right = [shown.index(c) for c in right if c in shown]
    widths = [full[c] for c in shown]
    if flex in shown:
        space = room()
        flex = shown.index(flex)
        widths[flex] = max(FLEX_FLOOR // 2, min(widths[flex], space))
    else:
        flex = -1
    text = Text(no_wrap=True)
    for row in rows:
        lines = _wrap(row[flex][0], widths[flex]) if 0 <= flex < len(row) else []
        for number in range(max(1, len(lines))):
            line = Text()
            for column, (content, style) in enumerate(row):
                if column == flex:
                    content = lines[number] if number < len(lines) else ""
                elif number:
                    content = ""
                padding = " " * max(0, widths[column] - cell_len(content))
                if column:
                    line.append(gap)
                if column in right:
                    line.append(padding)
                line.append(content, style)
                if column not in right:
                    line.append(padding)
            line.rstrip()
            text.append_text(line)
            text.append("\n")
    text.rstrip()
    return text


def _wrap(content: str, width: int) -> list[str]:
    """Greedy word wrap by terminal cells; a word longer than the line is cut."""
    lines: list[str] = []
    line = ""
    for word in content.split():
        while cell_len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(set_cell_size(word, width))
            word = word[len(lines[-1]):]
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines or [""]


def _panel(body: str, border: str, title: str | None = None) -> Panel:
    """A bordered box. The title is parsed here because Panel would parse it with emoji codes
    on, which both rewrites ":name:" and costs a 3 ms import."""
    heading = Text.from_markup(title, emoji=False) if title else None
    width = min(console.width, PANEL_WIDTH)  # lines longer than this are hard to read
    return Panel(body, title=heading, title_align="left", border_style=border, width=width)


def _rel(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """`path` relative to `root` when it is inside it, else as it is (no pathlib: see paths)."""
    path, root = os.fspath(path), os.fspath(root)
    inside = root.rstrip("/\\") + os.sep
    return path[len(inside):] if path.startswith(inside) else path


def warnings(messages: Sequence[str]) -> None:
    for message in messages:
        errors.print(f"[yellow]warning:[/] {escape(message)}")


def error(message: str) -> None:
    errors.print(f"[red]error:[/] {escape(message)}")


def next_kata(
    kata: Kata, root: str | os.PathLike[str], status: str, position: int, total: int
) -> None:
    paths = [f"[bold cyan]{escape(_rel(p, root))}[/]" for p in kata.stub_files()]
    files = f" {paths[0]}" if len(paths) == 1 else "".join(f"\n  {p}" for p in paths)
    summary = " ".join(line.strip() for line in kata.summary.splitlines())
    body = (
        f"[dim]{position} of {total} · {kata.concept} · {kata.difficulty}[/]\n\n"
        f"{escape(summary)}\n\n"
        f"[bold]Read[/]  {escape(_rel(os.path.join(kata.folder_dir, 'README.md'), root))}\n"
        f"[bold]Edit[/] {files}\n"
        f"[bold]Check[/] [green]{launcher()} check {kata.slug}[/]"
        f"   (or [green]{launcher()} watch[/] to re-check on every save)"
    )
    title = f"{'Continue' if status == 'started' else 'Next'}: {escape(kata.title)}"
    console.print(_panel(body, "cyan", title))


def all_done(total: int) -> None:
    console.print(
        f"[bold green]All {total} katas pass.[/] Try a mock interview with "
        f"[green]{launcher()} interview[/], or revisit one with [green]{launcher()} list[/]."
    )


def _problem(result: KataResult, verbose: bool) -> None:
    problem = result.problem
    assert problem is not None
    console.print(f"[red]✗[/] {escape(problem.summary)}")
    if problem.source_line:
        number = f"{problem.line} | "
        console.print(f"    [dim]{number}[/]{escape(problem.source_line)}")
        if problem.column:
            console.print(" " * (4 + len(number) + problem.column - 1) + "[red]^[/]")
    if verbose and (problem.detail or result.output):
        console.print(Text(problem.detail or result.output))


def check_result(kata: Kata, result: KataResult, verbose: bool) -> None:
    """The per-task table, then the first failure explained, or the celebration."""
    score = f"{result.score:g}/{result.max_score}"
    console.print(f"\n[bold]{escape(kata.title)}[/] [dim]({kata.slug}) · {score} points[/]")
    if result.problem is not None:
        _problem(result, verbose)
        return
    rows: list[list[Cell]] = []
    for task in kata.tasks:
        if task.number in result.unavailable_tasks:
            needs = task.min_python or (0, 0)
            running = f"{sys.version_info.major}.{sys.version_info.minor}"
            rows.append([("–", "dim"), (f"Task {task.number}: {task.title}", "dim"),
                         (f"needs Python {needs[0]}.{needs[1]}+ (this is {running})", "dim")])
            continue
        status = result.task_status(task.number)
        rows.append([MARK[status], (f"Task {task.number}: {task.title}", ""), (task.kind, "dim")])
    console.print(_aligned(rows, flex=1), soft_wrap=True)
    failure = result.first_failure()
    if failure is not None:
        console.print(f"\n[bold red]Task {failure.task}[/] · [dim]{escape(failure.name)}[/]")
        console.print(escape(failure.message or "This test failed."), soft_wrap=True)
        console.print(
            f"\n[dim]Stuck? [/][green]{launcher()} hint {kata.slug}[/][dim] reveals a hint for "
            f"this task.[/]"
        )
        if verbose and result.output:
            console.print(Text(result.output))


@contextmanager
def grading(katas: Sequence[Kata]) -> Iterator[None]:
    """A spinner while pytest runs, so a long wait (an endless loop) never looks frozen."""
    if not errors.is_terminal:
        yield
        return
    names = ", ".join(k.slug for k in katas[:3]) + (" …" if len(katas) > 3 else "")
    limit = max(k.time_limit for k in katas)
    with errors.status(f"Checking {names} (an endless loop is stopped after {limit:g} s a test)"):
        yield


def celebration(kata: Kata, following: Kata | None) -> None:
    points = "\n".join(f"• {escape(point)}" for point in kata.talking_points)
    console.print(
        _panel(
            f"[bold green]{escape(kata.title)} passes. Well done![/]\n\n"
            f"[bold]Interview talking points[/]\n{points}",
            "green",
        )
    )
    if following is not None:
        console.print(f"Next up: [bold]{escape(following.title)}[/] → [green]{launcher()} next[/]")


def check_summary(result: CheckResult) -> None:
    passed = sum(1 for k in result.katas if k.passed)
    console.print(
        f"\n[bold]{passed}/{len(result.katas)} katas pass[/] · "
        f"{sum(k.score for k in result.katas):g}/{sum(k.max_score for k in result.katas)} points"
    )


def hint(kata: Kata, task_number: int, revealed: int, saved: bool = True) -> None:
    task = kata.task(task_number)
    lines = []
    for level in range(1, revealed + 1):
        style = "bold" if level == revealed else "dim"
        lines.append(f"[{style}]{level}. {escape(task.hints[level - 1])}[/]")
    if revealed >= len(task.hints):
        more = "That was the last hint for this task."
    elif saved:
        more = f"Run it again for hint {revealed + 1} of {len(task.hints)}."
    else:
        more = "Progress could not be saved (see above), so running it again shows this hint again."
    title = f"Hint {revealed}/{len(task.hints)} · Task {task.number}: {escape(task.title)}"
    console.print(_panel("\n".join(lines) + f"\n\n[dim]{more}[/]", "yellow", title))


def catalog_table(katas: Sequence[Kata], progress: Progress) -> None:
    header = ["#", "kata", "concept", "level", "tasks", "status"]
    rows: list[list[Cell]] = [[(name, "bold") for name in header]]
    for position, kata in enumerate(katas, start=1):
        status = progress.status(kata.slug)
        rows.append([(str(position), "dim"), (kata.slug, "bold"), (kata.concept, ""),
                     (kata.difficulty, ""), (str(len(kata.tasks)), ""),
                     (status, STATUS_STYLE[status])])
    console.print("[bold]Python Interview Katas[/]\n")
    console.print(_aligned(rows, right=(0, 4), flex=2, optional=(3, 4)), soft_wrap=True)


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return f"[green]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"


def progress_bars(katas: Sequence[Kata], progress: Progress, due_questions: int = 0) -> None:
    table = _table(show_header=True, box=None, padding=(0, 1))
    table.add_column("concept")
    table.add_column("")
    table.add_column("tasks", justify="right")
    table.add_column("hints", justify="right", style="dim")
    total_tasks = done_tasks = 0
    for kata in katas:
        entry = progress.katas.get(kata.slug)
        passed = len(set(entry.tasks_passed) & {t.number for t in kata.tasks}) if entry else 0
        if entry and entry.status == "done":
            passed = len(kata.tasks)
        hints = sum(entry.hints.values()) if entry else 0
        total_tasks += len(kata.tasks)
        done_tasks += passed
        table.add_row(
            escape(kata.concept),
            _bar(passed, len(kata.tasks)),
            f"{passed}/{len(kata.tasks)}",
            str(hints) if hints else "",
        )
    console.print(table)
    katas_done = sum(1 for k in katas if progress.status(k.slug) == "done")
    console.print(
        f"\n[bold]Overall[/] {_bar(done_tasks, total_tasks, 40)} "
        f"{katas_done}/{len(katas)} katas, {done_tasks}/{total_tasks} tasks"
    )
    if due_questions:
        console.print(f"{due_questions} interview questions are due: {launcher()} interview")


def source(path: Path, root: Path) -> None:
    """Syntax-highlighted in a terminal (long lines wrap, never cut); plain text in a pipe."""
    text = path.read_text(encoding="utf-8")
    if not console.is_terminal:
        print(f"# {_rel(path, root)}\n{text}", end="" if text.endswith("\n") else "\n")
        return
    from rich.syntax import Syntax

    console.print(f"[bold]{escape(_rel(path, root))}[/]")
    console.print(Syntax(text, "python", line_numbers=True, word_wrap=True))


def info(message: str) -> None:
    console.print(message)


def plain(text: str) -> None:
    """Text printed as it is: no markup, no highlighting."""
    console.print(Text(text))


def reset_done(restored: Sequence[Path], backups: Sequence[Path], root: Path) -> None:
    for path in restored:
        console.print(f"[green]restored[/] {escape(_rel(path, root))}")
    for path in backups:
        console.print(f"[dim]your version was saved to {escape(_rel(path, root))}[/]")


def dev_report(report: DevReport) -> None:
    for kata in report.katas:
        mark = "[green]✓[/]" if kata.ok else "[red]✗[/]"
        console.print(f"{mark} [bold]{kata.slug}[/]")
        for finding in kata.findings:
            if finding.ok and finding.check.startswith("mutant "):
                continue
            sign = "[green]✓[/]" if finding.ok else "[red]✗[/]"
            detail = f" [dim]— {escape(finding.detail)}[/]" if finding.detail else ""
            console.print(f"    {sign} {escape(finding.check)}{detail}")
        mutants = [f for f in kata.findings if f.check.startswith("mutant ")]
        skipped = [f for f in mutants if f.ok and f.detail.startswith("not run")]
        total = [f for f in mutants if f not in skipped]
        killed = [f for f in total if f.ok]
        if total:
            sign = "[green]✓[/]" if len(killed) == len(total) else "[red]✗[/]"
            note = f" ({len(skipped)} not run on this Python)" if skipped else ""
            console.print(f"    {sign} mutants caught: {len(killed)}/{len(total)}{note}")
    bad = [k.slug for k in report.katas if not k.ok]
    if bad:
        console.print(
            f"\n[red]{len(bad)} of {len(report.katas)} katas need work:[/] {', '.join(bad)}"
        )
    else:
        count = len(report.katas)
        proven = "The kata is proven." if count == 1 else f"All {count} katas proven."
        console.print(f"\n[green]{proven}[/]")


class InterviewScreen:
    """The interview drill in the terminal. `lines` given: answers come from a script (tests,
    `--answers FILE`, piped stdin) and are echoed; otherwise the learner types them."""

    def __init__(self, lines: Iterator[str] | None = None, out: Console | None = None) -> None:
        self.lines = lines
        self.out = out or console

    def _read(self, prompt: str) -> str | None:
        if self.lines is None:
            try:
                return self.out.input(prompt)
            except EOFError:
                return None
        line = next(self.lines, None)
        if line is None:
            return None
        self.out.print(f"{prompt}{escape(line)}")
        return line

    def present(
        self,
        question: Question,
        number: int,
        total: int,
        remaining: float | None,
        choices: list[str],
    ) -> None:
        clock = ""
        if remaining is not None:
            minutes, seconds = divmod(int(remaining), 60)
            clock = f" · {minutes}:{seconds:02d} left"
        self.out.rule(
            f"[bold]Question {number}/{total}[/] · {question.slug} · "
            f"{KIND_LABEL[question.kind]}{clock}",
            align="left",
        )
        self.out.print(escape(question.prompt))
        if question.code:
            from rich.syntax import Syntax

            self.out.print(
                Syntax(question.code.strip("\n"), "python", line_numbers=question.kind == "bug")
            )
        for letter, text in zip("abcde", choices, strict=False):
            self.out.print(f"  [bold]{letter})[/] {escape(text)}")

    def answer(self, question: Question) -> str | None:
        if question.kind == "predict":
            how = (
                "one line; write each line break as \\n"
                if self.lines is not None
                else "type the printed lines; an empty line ends your answer"
            )
            self.out.print(f"[dim]({how})[/]")
            lines: list[str] = []
            while True:
                line = self._read("  > ")
                if line is None:
                    return None if not lines else "\n".join(lines)
                if not line.strip():
                    if lines or self.lines is not None:
                        return "\n".join(lines)
                    continue
                lines.append(line)
                if self.lines is not None:
                    return "\n".join(lines)
        if question.kind == "choice":
            return self._read(f"Your choice (a-{'abcde'[len(question.choices) - 1]}): ")
        if question.kind == "bug":
            return self._read("Faulty line number: ")
        return self._read("Answer in your own words, typed or out loud; Enter when done: ")

    def checklist(self, question: Question) -> list[int] | None:
        self.out.print("[bold]A strong answer covers:[/]")
        for number, point in enumerate(question.points, start=1):
            self.out.print(f"  {number}. {escape(point)}")
        ticks = self._read("Which did you cover? (e.g. 1,3 · all · none): ")
        if ticks is None:
            return None
        text = ticks.strip().lower()
        if text == "all":
            return list(range(len(question.points)))
        return [int(n) - 1 for n in re.findall(r"\d+", text)]

    def feedback(self, outcome: Outcome) -> None:
        question = outcome.question
        if question.kind == "explain":
            covered = len(outcome.covered)
            self.out.print(f"[cyan]You covered {covered}/{len(question.points)}.[/]")
        elif outcome.correct:
            self.out.print("[green]✓ Right.[/]")
        else:
            self.out.print("[red]✗ Not quite.[/]")
            if question.kind == "predict":
                self.out.print("[bold]It prints:[/]")
                self.out.print(Text(outcome.expected.rstrip("\n") or "(nothing)"))
            else:
                self.out.print(f"[bold]Answer:[/] {escape(outcome.expected)}")
        if outcome.explanation:
            self.out.print(f"[dim]{escape(outcome.explanation.strip())}[/]")
        if outcome.next_due is not None:
            self.out.print(f"[dim]Back on {outcome.next_due.isoformat()}.[/]")


KIND_LABEL = {
    "predict": "predict the output",
    "choice": "trade-off",
    "bug": "spot the bug",
    "explain": "explain out loud",
}


def interview_report(
    topics: Sequence[TopicScore], outcomes: Sequence[Outcome], interrupted: bool
) -> None:
    if not outcomes:
        console.print("No questions answered.")
        return
    if interrupted:
        console.print("\n[yellow]Stopped early; every answer so far is saved.[/]")
    total = sum(o.score for o in outcomes)
    console.rule("[bold]Your interview drill[/]", align="left")
    console.print(f"Score {total:g}/{len(outcomes)}")
    table = _table(box=None, padding=(0, 1))
    table.add_column("topic")
    table.add_column("score", justify="right")
    table.add_column("")
    for topic in topics:
        table.add_row(
            escape(topic.kata.concept),
            f"{topic.score:g}/{topic.asked}",
            _bar(round(topic.share * 10), 10, 10),
        )
    console.print(table)
    times = _table(box=None, padding=(0, 1), title="Time per question", title_justify="left")
    times.add_column("#", justify="right", style="dim")
    times.add_column("question")
    times.add_column("result")
    times.add_column("time", justify="right")
    times.add_column("back on", style="dim")
    for number, outcome in enumerate(outcomes, start=1):
        mark = "[green]✓[/]" if outcome.correct else "[red]✗[/]"
        due = outcome.next_due.isoformat() if outcome.next_due else ""
        times.add_row(
            str(number), escape(outcome.question.key), mark, f"{outcome.seconds:.0f}s", due
        )
    console.print(times)
    weak = [t for t in topics if t.share < 1]
    if weak:
        console.print("[bold]Revisit, weakest first[/]")
        for topic in weak:
            console.print(
                f"  • {escape(topic.kata.title)}: katas/{topic.kata.slug}/README.md · "
                f"[green]{launcher()} hint {topic.kata.slug}[/]",
                soft_wrap=True,
            )


def dist_done(out: Path, count: int, graders_repo: str) -> None:
    console.print(f"[green]Wrote {count} files to {escape(str(out))}.[/]")
    if graders_repo:
        console.print(
            f"Push [bold]{escape(str(out))}-graders[/] to the private repository "
            f"[bold]{escape(graders_repo)}[/] (see its README for the secret)."
        )
    console.print(
        "Next: push it to a new GitHub repository, mark it as a template, and use it "
        "as the starter code of a GitHub Classroom assignment."
    )


@contextmanager
def regrade_progress(total: int) -> Iterator[Callable[[RepoReport], None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("re-grading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=errors,
        transient=True,
    )
    with bar:
        job = bar.add_task("", total=total)

        def advance(report: RepoReport) -> None:
            bar.update(job, advance=1, description=escape(report.name))

        yield advance


def class_report(reports: Sequence[RepoReport], shares: Sequence[TaskShare]) -> None:
    table = _table(title="Students", title_justify="left")
    table.add_column("repository")
    table.add_column("points", justify="right")
    table.add_column("flags / problems")
    for report in sorted(reports, key=lambda r: r.name.lower()):
        if report.error:
            table.add_row(escape(report.name), "–", f"[red]{escape(report.error)}[/]")
        else:
            table.add_row(
                escape(report.name),
                f"{report.score:g}/{report.max_score}",
                f"[yellow]{escape('; '.join(report.flags))}[/]",
            )
    console.print(table)
    tasks = _table(title="Tasks, hardest first", title_justify="left")
    tasks.add_column("kata · task")
    tasks.add_column("passed", justify="right")
    tasks.add_column("")
    for share in shares:
        tasks.add_row(
            f"{share.kata.slug} · {share.task}: {escape(share.title)}",
            f"{share.passed}/{share.graded}",
            _bar(share.passed, share.graded, 20),
        )
    console.print(tasks)
