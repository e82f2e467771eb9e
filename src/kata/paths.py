"""Where the repository is: the launcher says so in KATA_ROOT, else search upwards from cwd."""

from __future__ import annotations

import os
import sys
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


def find_root(start: Path | None = None) -> Path:
    env = os.environ.get("KATA_ROOT")
    if env and (Path(env) / "katas").is_dir():
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "katas").is_dir() and (folder / "kata").is_file():
            return folder
    for folder in (here, *here.parents):
        if (folder / "katas").is_dir():
            return folder
    raise NotAKataRepoError(
        "This is not a kata repository (no `katas/` folder here or above). "
        "Run ./kata from the repository you cloned."
    )


def state_dir(root: Path) -> Path:
    """`.kata/` at the repo root: progress, backups, caches (git-ignored)."""
    return root / ".kata"
