"""Benchmark: how much the runner adds to pytest, as ratios measured in one run.

    python bench/run.py [--runs N] [--quick]

Every row times a `kata` command against its baseline, alternating A B A B ..., and reports
the medians and the median of the per-pair ratios (so a machine that speeds up or slows down
during the run affects both sides alike). Uses only the standard library and the repository's
own .venv (run `./kata next` once first). Not a test: it asserts nothing, it prints numbers.

The `kata` side runs `./kata ...` exactly as the README says, with `python3` on PATH being the
interpreter that runs this script (so a version manager's shim, which adds its own start-up,
is not measured); on Windows it runs `python kata ...`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
BASE_PYTHON = Path(sys.executable)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def pair(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[float, float, float]:
    """Median of A, median of B, median of the per-pair ratios A/B; one warm-up each."""
    a(), b()
    times_a, times_b, ratios = [], [], []
    for _ in range(runs):
        ta, tb = a(), b()
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def scratch_copy(folder: Path, copies: int = 1) -> Path:
    """A copy of the repository's katas and graders with every reference solution filled in;
    with copies > 1 the catalog is duplicated under new slugs (for the scaling rows)."""
    for name in ("katas", "graders"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "kata", folder / "kata")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    (folder / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)  # no reinstall
    (folder / "src").symlink_to(ROOT / "src", target_is_directory=True)
    for kata in sorted((ROOT / "katas").iterdir()):
        if not (kata / "kata.toml").is_file():
            continue
        for number in range(copies):
            slug = kata.name if number == 0 else f"{kata.name}-copy{number}"
            target = folder / "katas" / slug
            shutil.copytree(kata, target)
            shutil.copytree(ROOT / "graders" / kata.name, folder / "graders" / slug,
                            ignore=shutil.ignore_patterns("__pycache__"))
            for file in (ROOT / "graders" / kata.name / "reference").glob("*.py"):
                shutil.copy(file, target / file.name)
            if number:
                for test in (folder / "graders" / slug).glob("test_*.py"):
                    test.rename(test.with_name(f"{test.stem}_copy{number}.py"))
    return folder


def kata(folder: Path, *args: str) -> Callable[[], float]:
    return lambda: timed([*launcher_command(folder), *args], folder, launcher_env(folder))


def launcher_command(folder: Path) -> list[str]:
    if os.name == "nt":
        return [str(BASE_PYTHON), str(folder / "kata")]
    return [str(folder / "kata")]


def launcher_env(folder: Path) -> dict[str, str]:
    """PATH with `python3` and `python` being this interpreter, for the launcher's sh lines."""
    shims = folder / ".bench-bin"
    if os.name != "nt" and not shims.is_dir():
        shims.mkdir()
        for name in ("python3", "python"):
            (shims / name).symlink_to(BASE_PYTHON)
    return dict(os.environ, PATH=f"{shims}{os.pathsep}{os.environ.get('PATH', '')}")


def bare_pytest(folder: Path, slugs: list[str]) -> Callable[[], float]:
    sources = [f"--kata-source={s}={folder / 'katas' / s}" for s in slugs]
    command = [str(VENV_PYTHON), "-m", "pytest", "-q", "-p", "kata.pytest_plugin",
               "-p", "no:cacheprovider", *sources, *[f"graders/{s}" for s in slugs]]
    return lambda: timed(command, folder)


def failing_solution(folder: Path, slug: str) -> Path:
    """Put the kata's first mutant in place: a full solution that fails one task, so `watch`
    stays on the kata and both sides grade the same file (one failure to report)."""
    mutant = sorted((folder / "graders" / slug / "mutants").iterdir())[0]
    source = next(mutant.glob("*.py"))
    shutil.copy(source, folder / "katas" / slug / source.name)
    return folder / "katas" / slug / source.name


def watch_latency(folder: Path, slug: str, saves: int) -> list[float]:
    """Seconds from saving the kata's file to the verdict on screen, in a running `kata watch`."""
    env = dict(launcher_env(folder), COLUMNS="100", PYTHONUNBUFFERED="1")
    watcher = subprocess.Popen([*launcher_command(folder), "watch", slug],
                               cwd=folder, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, bufsize=1)
    assert watcher.stdout is not None
    stub = folder / "katas" / slug / failing_solution(folder, slug).name
    original = stub.read_text()
    latencies = []

    def wait_for(marker: str) -> None:
        for line in watcher.stdout:  # type: ignore[union-attr]
            if marker in line:
                return

    try:
        wait_for("Watching")
        for number in range(saves + 1):
            stub.write_text(original + f"\n# save number {number}\n")
            start = time.perf_counter()
            wait_for(" points")  # the verdict's heading line: a full pytest run happened
            elapsed = time.perf_counter() - start
            wait_for("Watching")
            if number:  # the first save warms up
                latencies.append(elapsed)
    finally:
        watcher.kill()
        stub.write_text(original)
    return latencies


def row(what: str, baseline: str, result: tuple[float, float, float], target: str) -> None:
    a, b, ratio = result
    limit = float(target.lstrip("≤ ").rstrip("×"))
    verdict = "ok" if ratio <= limit else "MISSED"
    print(f"| {what} | {baseline} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {ratio:.2f}× | "
          f"{target} | {verdict} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="pairs per row (default 7)")
    parser.add_argument("--quick", action="store_true", help="skip the first-run and 16x rows")
    options = parser.parse_args()
    if not VENV_PYTHON.exists():
        sys.exit("Run ./kata next once first: the benchmark uses .venv.")
    runs = options.runs
    # What the launcher's first run does: without it, PYTHONDONTWRITEBYTECODE would make every
    # start compile the runner from source.
    subprocess.run([str(VENV_PYTHON), "-m", "compileall", "-q", str(ROOT / "src" / "kata")],
                   check=True)
    quick_runs = runs * 3  # 0.2 s a pair: more pairs steady the median of the quick rows
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} cores, "
          f"{runs} alternating pairs per row ({quick_runs} for the quick commands), "
          "medians.\n")
    print("| what | baseline | kata | baseline | ratio | target | |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as temp:
        folder = scratch_copy(Path(temp) / "repo")
        slugs = sorted(p.name for p in (folder / "katas").iterdir())
        row("`kata check decorators`", "`pytest graders/decorators`",
            pair(kata(folder, "check", "decorators"), bare_pytest(folder, ["decorators"]), runs),
            "≤ 1.15×")
        imports = [str(VENV_PYTHON), "-c", "import click, rich.console"]
        for args in (["next"], ["list"], ["hint", "decorators"]):
            row(f"`kata {' '.join(args)}`", "`import click, rich.console`",
                pair(kata(folder, *args), lambda: timed(imports, folder), quick_runs), "≤ 1.3×")
        row("`kata check --all`", "one pytest session, every grader",
            pair(kata(folder, "check", "--all"), bare_pytest(folder, slugs), max(3, runs // 2)),
            "≤ 1.2×")
        latencies = watch_latency(folder, "decorators", runs)
        failing_solution(folder, "decorators")
        cold = statistics.median(bare_pytest(folder, ["decorators"])() for _ in range(runs))
        watch = statistics.median(latencies)
        row("`kata watch`: save → verdict", "`pytest graders/decorators`, cold",
            (watch, cold, watch / cold), "≤ 0.6×")
    if not options.quick:
        first_run_row(max(2, runs // 3))
    scaling(options.quick, max(3, runs // 2))


def first_run_row(runs: int) -> None:
    def fresh(command: Callable[[Path], list[list[str]]]) -> Callable[[], float]:
        def run() -> float:
            with tempfile.TemporaryDirectory() as temp:
                clone = Path(temp) / "clone"
                subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
                env = launcher_env(clone)
                start = time.perf_counter()
                for step in command(clone):
                    subprocess.run(step, cwd=clone, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, check=True)
                return time.perf_counter() - start
        return run

    venv_bin = "Scripts" if os.name == "nt" else "bin"
    launcher = fresh(lambda c: [[*launcher_command(c), "next"]])
    plain = fresh(lambda c: [[str(BASE_PYTHON), "-m", "venv", ".venv"],
                             [str(c / ".venv" / venv_bin / "python"), "-m", "pip", "install",
                              "-q", "-e", "."]])
    row("first `./kata next`, fresh clone", "`python -m venv` + `pip install -e .`",
        pair(launcher, plain, runs), "≤ 1.1×")


def scaling(quick: bool, runs: int) -> None:
    print("\n`kata check --all` as the catalog grows (reference solutions, duplicated):\n")
    print("| copies | katas | tests | median | per test |")
    print("|---|---|---|---|---|")
    for copies in (1, 4) if quick else (1, 4, 16):
        with tempfile.TemporaryDirectory() as temp:
            folder = scratch_copy(Path(temp) / "repo", copies)
            katas = len(list((folder / "katas").iterdir()))
            tests = sum(path.read_text().count("@pytest.mark.task(")
                        for path in (folder / "graders").glob("*/test_*.py"))
            run = kata(folder, "check", "--all")
            run()
            median = statistics.median(run() for _ in range(runs))
            print(f"| {copies}× | {katas} | {tests} | {median:.2f} s | "
                  f"{median / tests * 1000:.1f} ms |", flush=True)


if __name__ == "__main__":
    main()
