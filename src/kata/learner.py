"""The learner's operations that are not grading: what's next, hints, reset, the solution.

Pure domain logic over the catalog and progress; the CLI renders what these return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from kata.paths import state_dir

if TYPE_CHECKING:
    from pathlib import Path

    from kata.catalog import Catalog, Kata
    from kata.progress import Progress

PRISTINE = "pristine"
"""graders/<slug>/pristine/ holds an exact copy of each stub, so `reset` never needs git."""


class ActionError(Exception):
    """Something the learner asked for cannot be done; the message says why and what to do."""


def next_kata(catalog: Catalog, progress: Progress) -> Kata | None:
    """The first kata in curriculum order that has not passed yet."""
    return next((k for k in catalog.katas if progress.status(k.slug) != "done"), None)


class HintChoice(NamedTuple):
    task: int
    level: int
    """1-based level now revealed."""
    is_new: bool


def choose_hint(kata: Kata, progress: Progress, task: int | None) -> HintChoice:
    """The next unrevealed hint of `task`, or of the first task not passed at the last check."""
    entry = progress.kata(kata.slug)
    if task is None:
        passed = set(entry.tasks_passed)
        open_tasks = [t.number for t in kata.tasks if t.number not in passed and t.available()]
        task = open_tasks[0] if open_tasks else kata.tasks[0].number
    numbers = [t.number for t in kata.tasks]
    if task not in numbers:
        raise ActionError(
            f"{kata.slug} has tasks {numbers[0]} to {numbers[-1]}; there is no task {task}."
        )
    revealed = entry.hints_revealed(task)
    total = len(kata.task(task).hints)
    if revealed >= total:
        return HintChoice(task, total, is_new=False)
    entry.hints[str(task)] = revealed + 1
    if entry.status == "todo":
        entry.status = "started"
    return HintChoice(task, revealed + 1, is_new=True)


def pristine_path(kata: Kata, name: str) -> Path:
    return kata.grader_folder / PRISTINE / name


def reset(kata: Kata, root: Path) -> tuple[list[Path], list[Path]]:
    """Restore the pristine stubs; every learner file that differs is backed up first.

    Returns (restored files, backup files). Never consults git: classroom learners commit.
    """
    import shutil
    import time

    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup_folder = state_dir(root) / "backups" / kata.slug / stamp
    restored: list[Path] = []
    backups: list[Path] = []
    for name in kata.files:
        original = pristine_path(kata, name)
        if not original.is_file():
            raise ActionError(
                f"The pristine copy of {name} is missing ({original}); cannot reset safely."
            )
        target = kata.folder / name
        backup = None
        try:
            if target.is_file() and target.read_bytes() == original.read_bytes():
                continue
            if target.exists():
                backup_folder.mkdir(parents=True, exist_ok=True)
                shutil.copy2(target, backup_folder / name)
                backup = backup_folder / name
                backups.append(backup)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, target)
        except OSError as exc:
            kept = f"a copy of yours is in {backup}" if backup else "your version is unchanged"
            done = f"; already restored: {', '.join(p.name for p in restored)}" if restored else ""
            raise ActionError(
                f"Could not reset {name}: {exc.strerror or exc} ({exc.filename}); {kept}{done}."
            ) from exc
        restored.append(target)
    return restored, backups


def solution_files(kata: Kata) -> list[Path]:
    files = [kata.grader_folder / "reference" / name for name in kata.files]
    missing = [p for p in files if not p.is_file()]
    if missing:
        raise ActionError(f"This kata ships without a reference solution ({missing[0].name}).")
    return files
