"""Where the repository is: the launcher says so in KATA_ROOT, else search upwards from cwd.

The learner's quick commands (`next`, `list`, `hint`) never import pathlib: on CPython 3.10 to
3.13 it costs about 8 ms (mostly the urllib.parse it pulls in), a tenth of their whole start.
So the quick path works on os.path strings (`locate_root`, `Kata.folder_dir`, ...) and Path
objects are made on demand by `as_path`, which imports pathlib at first use.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def python() -> str:
    """The interpreter of the kata environment (.venv), for every child process we start.

    The launcher may run the CLI inside the base interpreter that created .venv (one process
    start saved); that interpreter has no pytest, so children must not use sys.executable.
    """
    return os.environ.get("KATA_PYTHON") or sys.executable


class NotAKataRepoError(Exception):
    """Raised when no folder holding `katas/` can be found."""


def launcher() -> str:
    """How a learner runs the tool on this system, as the README spells it."""
    return "python kata" if os.name == "nt" else "./kata"


def as_path(location: str | os.PathLike[str]) -> Path:
    from pathlib import Path

    return Path(location)


def locate_root(start: str | os.PathLike[str] | None = None) -> str:
    """The repository root as a string: KATA_ROOT, else the nearest folder upwards that holds
    `katas/` and the launcher, else the nearest that holds `katas/`."""
    env = os.environ.get("KATA_ROOT")
    if env and os.path.isdir(os.path.join(env, "katas")):
        return os.path.realpath(env)
    here = os.path.realpath(start or os.getcwd())
    upwards = [here]
    while os.path.dirname(upwards[-1]) != upwards[-1]:
        upwards.append(os.path.dirname(upwards[-1]))
    for folder in upwards:
        if os.path.isdir(os.path.join(folder, "katas")) and os.path.isfile(
            os.path.join(folder, "kata")
        ):
            return folder
    for folder in upwards:
        if os.path.isdir(os.path.join(folder, "katas")):
            return folder
    ignored = f" KATA_ROOT={env} has no `katas/` folder either." if env else ""
    raise NotAKataRepoError(
        "This is not a kata repository (no `katas/` folder here or above)."
        f"{ignored} Run ./kata from the repository you cloned."
    )


def find_root(start: Path | None = None) -> Path:
    return as_path(locate_root(start))


def state_folder(root: str | os.PathLike[str]) -> str:
    """`.kata/` at the repo root: progress, backups, caches (git-ignored)."""
    return os.path.join(root, ".kata")


def state_dir(root: Path) -> Path:
    """`state_folder` as a Path."""
    return as_path(state_folder(root))
