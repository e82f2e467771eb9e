"""Grade katas: precheck the learner's files, run pytest in a sandboxed child, read its report.

The pipeline, for any set of katas, in one pytest session:
1. Precheck each kata's files in this process without running them (missing file, encoding,
   syntax error with line and caret): a broken file is reported at once, no pytest needed.
2. Copy the graders' tests and the sources under test into a temp sandbox, so nothing the
   learner's code does at run time can alter the tests that judge it or the repository.
3. Run `python -I -m pytest -p kata.pytest_plugin` there with a trusted ini, no conftest, no
   plugin autoload, a cleaned environment, stdin closed, per-test time limits and a memory cap.
4. Watch the streamed report: a test that outlives its limit (a loop that swallows the timeout)
   gets the whole process group killed. Tests the run never reached are run again in a new
   session, so one crash (`os._exit`, a signal, KeyboardInterrupt) costs only the test it hit.
5. Expected tests with no result are errors, never passes.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import tempfile
import time
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kata import paths, process
from kata.catalog import Kata
from kata.results import ERROR, FAIL, PASS, CheckResult, KataResult, Problem, TestResult

COLLECT_DEADLINE = 60.0
GRACE_SECONDS = 3.0
MAX_RESUMES = 200
TIMEOUT_MESSAGE = (
    "The test ran out of time ({limit:g} s): an infinite loop, or code waiting for something "
    "that never happens?"
)
EXIT_GRACE = 2.0
"""Seconds a finished pytest may take to exit (non-daemon threads) before it is killed."""
GRADER_EXTRAS = ("reference", "mutants", "pristine")
PLUGIN = "kata.pytest_plugin"
TOKEN_VARIABLE = "KATA_REPORT_TOKEN"
STRIPPED_ENV_PREFIXES = ("PYTEST_", "PYTHON", "KATA_", "GITHUB_", "VIRTUAL_ENV", "COV_")


@dataclass
class Options:
    """How to grade: where each kata's sources come from, and the limits."""

    sources: Mapping[str, Path] = field(default_factory=dict)
    """slug -> folder with the modules under test (default: the learner's kata folder)."""
    verbose: bool = False
    timeout_method: str = ""
    """pytest-timeout's method; empty = its default (signal on POSIX, thread on Windows)."""
    run_limit: float = 0.0
    """Seconds for the whole grading, resumes included (0 = only the per-test limits)."""
    worker: process.WarmWorker | None = None
    """A warm pytest worker to fork checks from (`kata watch` on POSIX), else a subprocess."""


def precheck(kata: Kata, source: Path) -> Problem | None:
    """Find a file problem without running any learner code: missing, undecodable, bad syntax."""
    for name in kata.files:
        path = source / name
        shown = _shown_path(kata, name, source)
        if not path.is_file():
            learners = source == kata.folder  # not a reference or mutant under `dev check`
            advice = f" Restore the original with `{paths.launcher()} reset {kata.slug}`."
            return Problem(f"{shown} is missing.{advice if learners else ''}", file=shown)
        data = path.read_bytes()
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            data.decode(encoding)
        except (SyntaxError, UnicodeDecodeError, LookupError):
            return Problem(
                f"{shown} is not valid UTF-8 text. Save it as UTF-8 in your editor.", file=shown
            )
        try:
            compile(data, str(path), "exec", dont_inherit=True)
        except SyntaxError as exc:
            text = (exc.text or "").rstrip("\n")
            if "unicode error" in str(exc.msg) or "utf-8" in str(exc.msg).lower():
                return Problem(
                    f"{shown} is not valid UTF-8 text. Save it as UTF-8 in your editor.",
                    file=shown,
                    line=exc.lineno or 0,
                )
            return Problem(
                f"{shown} has a syntax error on line {exc.lineno}: {exc.msg}.",
                file=shown,
                line=exc.lineno or 0,
                column=exc.offset or 0,
                source_line=text,
            )
        except (ValueError, UnicodeDecodeError) as exc:
            return Problem(f"{shown} cannot be read as Python source ({exc}).", file=shown)
    return None


def _shown_path(kata: Kata, name: str, source: Path) -> str:
    if source == kata.folder:
        return f"katas/{kata.slug}/{name}"
    return str(source / name)


def _copy_tree(source: Path, target: Path, skip: Iterable[str] = ()) -> None:
    skipped = set(skip) | {"__pycache__"}
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name in skipped or entry.name.startswith("."):
            continue
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        elif entry.is_file():
            shutil.copyfile(entry, target / entry.name)


def child_env(token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(STRIPPED_ENV_PREFIXES)}
    env.update(
        {
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONUTF8": "1",
            TOKEN_VARIABLE: token,
        }
    )
    return env


@dataclass
class _Session:
    """One sandbox and the results gathered over its (possibly resumed) pytest runs."""

    folder: Path
    katas: list[Kata]
    options: Options
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    collected: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    output_tail: str = ""
    collection_failed: bool = False
    deadline: float = 0.0
    out_of_time: bool = False
    collect_errors: dict[str, str] = field(default_factory=dict)
    """slug -> why its grader files could not be collected."""

    def limit_for(self, nodeid: str) -> float:
        slug = self.collected.get(nodeid, {}).get("kata")
        for kata in self.katas:
            if kata.slug == slug:
                return kata.time_limit
        return max(k.time_limit for k in self.katas)

    def memory_mb(self) -> int:
        return max(kata.memory_limit for kata in self.katas)

    def pytest_args(self, report: Path, only: Path | None) -> list[str]:
        command = [
            "-p", PLUGIN, "-p", "pytest_timeout", "-p", "no:cacheprovider",
            "--noconftest", "-c", str(self.folder / "pytest.ini"), "--import-mode=importlib",
            "--rootdir", str(self.folder), "-q", "--no-header", "-rN", "--color=no",
            "--tb=short" if self.options.verbose else "--tb=no",
            f"--kata-report={report}", f"--kata-memory={self.memory_mb()}",
        ]  # fmt: skip
        if self.options.timeout_method:
            command.append(f"--timeout-method={self.options.timeout_method}")
        for kata in self.katas:
            command.append(f"--kata-source={kata.slug}={self.folder / 'katas' / kata.slug}")
            command.append(f"--kata-timeout={kata.slug}={kata.time_limit:g}")
        if only is not None:
            command.append(f"--kata-only={only}")
        command += [str(self.folder / "graders" / kata.slug) for kata in self.katas]
        return command


def _copy_graders(folder: Path, katas: list[Kata]) -> None:
    """(Re)copy the graders' tests, so a resumed run never collects a copy the learner changed."""
    for kata in katas:
        target = folder / "graders" / kata.slug
        if target.exists():
            shutil.rmtree(target)
        _copy_tree(kata.grader_folder, target, skip=GRADER_EXTRAS)


def _prepare(folder: Path, katas: list[Kata], options: Options) -> None:
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (folder / "work").mkdir()
    _copy_graders(folder, katas)
    for kata in katas:
        source = options.sources.get(kata.slug, kata.folder)
        target = folder / "katas" / kata.slug
        target.mkdir(parents=True)
        for name in kata.files:  # only the declared files: no conftest.py, no shadowing modules
            shutil.copyfile(source / name, target / name)


def _read_events(path: Path, offset: int, token: str) -> tuple[list[dict[str, Any]], int]:
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except FileNotFoundError:
        return [], offset
    end = data.rfind(b"\n") + 1
    events = []
    for raw in data[:end].splitlines():
        try:
            event = json.loads(raw)
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("token") == token:
            events.append(event)
    return events, offset + end


@dataclass
class _RunOutcome:
    finished: bool
    returncode: int
    current: str | None
    started_at: float
    killed_for_time: bool


def _run_once(session: _Session, only: list[str] | None, attempt: int) -> _RunOutcome:
    report = session.folder / f"report-{attempt}.jsonl"
    only_file = None
    if only is not None:
        only_file = session.folder / f"only-{attempt}.txt"
        only_file.write_text("\n".join(only), encoding="utf-8")
    output_path = session.folder / f"output-{attempt}.log"
    with open(output_path, "w+b") as output:
        args = session.pytest_args(report, only_file)
        cwd, env = session.folder / "work", child_env(session.token)
        child: process.Child | None = None
        if session.options.worker is not None:
            try:
                child = session.options.worker.start(args, cwd, env, output_path)
            except (OSError, ValueError, KeyError):
                child = None  # the warm worker is gone: a plain subprocess does the job
        if child is None:
            python = [paths.python(), "-I", "-X", "utf8", "-m", "pytest"]
            child = process.Subprocess(process.start([*python, *args], cwd, env, output))
        offset = 0
        current: str | None = None
        started_at = time.monotonic()
        collect_deadline = started_at + COLLECT_DEADLINE
        finished = False
        finished_at = 0.0
        killed_for_time = False
        collected_now = False
        while True:
            exited = child.poll() is not None
            events, offset = _read_events(report, offset, session.token)
            for event in events:
                kind = event.get("event")
                if kind == "collected" and not collected_now:
                    collected_now = True
                    if not session.collected:
                        for test in event.get("tests", []):
                            session.collected[test["nodeid"]] = test
                elif kind == "start":
                    current = event.get("nodeid")
                    started_at = time.monotonic()
                elif kind == "result":
                    session.results[event["nodeid"]] = event
                    if event.get("nodeid") == current:
                        current = None
                elif kind == "collect-error":
                    session.collect_errors[str(event.get("kata"))] = str(event.get("message"))
                elif kind == "finished":
                    finished = True
                    finished_at = time.monotonic()
            if exited:
                break
            now = time.monotonic()
            if session.deadline and now > session.deadline:
                session.out_of_time = True
                break
            if finished and now - finished_at > EXIT_GRACE:
                break  # threads the learner left running keep the process alive: end it
            if current is not None:
                if now - started_at > session.limit_for(current) + GRACE_SECONDS:
                    killed_for_time = True
                    break
            elif not collected_now and now > collect_deadline:
                killed_for_time = True
                break
            time.sleep(0.01)
        child.kill_tree()
        session.output_tail = process.read_tail(output)
    return _RunOutcome(finished, child.poll() or 0, current, started_at, killed_for_time)


def _culprit_message(session: _Session, outcome: _RunOutcome, nodeid: str) -> str:
    limit = session.limit_for(nodeid)
    elapsed = time.monotonic() - outcome.started_at
    if outcome.killed_for_time or elapsed >= limit:
        return TIMEOUT_MESSAGE.format(limit=limit)
    if "INTERNALERROR" in session.output_tail:
        return "Your code broke pytest itself during this test (did it patch builtins or pytest?)."
    if outcome.finished:
        return "Your code raised KeyboardInterrupt or stopped pytest itself during this test."
    if outcome.returncode < 0:
        name = process.signal_name(outcome.returncode)
        hint = " (perhaps it used too much memory)" if name == "SIGKILL" else ""
        return f"The test process was killed by {name} during this test{hint}."
    return (
        "Your code ended the whole test process during this test (os._exit, a fatal error, "
        f"or a signal; {process.signal_name(outcome.returncode)})."
    )


def _run_session(session: _Session) -> None:
    pending: list[str] | None = None
    if session.options.run_limit:
        session.deadline = time.monotonic() + session.options.run_limit
    for attempt in range(MAX_RESUMES):
        outcome = _run_once(session, pending, attempt)
        if session.out_of_time:
            message = f"The whole grading run took longer than {session.options.run_limit:g} s."
            for nodeid in session.collected:
                session.results.setdefault(nodeid, {"status": ERROR, "message": message})
            session.collection_failed = not session.collected
            return
        if not session.collected:
            session.collection_failed = True
            return
        if outcome.current is not None and outcome.current not in session.results:
            session.results[outcome.current] = {
                "status": ERROR,
                "message": _culprit_message(session, outcome, outcome.current),
                "line": 0,
            }
        remaining = [n for n in session.collected if n not in session.results]
        if not remaining:
            return
        if pending is not None and remaining == pending:
            return  # no progress at all: give up rather than loop
        pending = remaining
        _copy_graders(session.folder, session.katas)


def _kata_result(kata: Kata, session: _Session | None) -> KataResult:
    available = [t for t in kata.tasks if t.available() and kata.available()]
    result = KataResult(
        slug=kata.slug,
        points={t.number: t.points for t in available},
        unavailable_tasks=[t.number for t in kata.tasks if t not in available],
    )
    if session is None:
        return result
    if session.collection_failed:
        result.problem = Problem(
            "The graders could not be collected (a problem in the grader files, not in your "
            "code). Run with --verbose to see pytest's output.",
            detail=session.output_tail,
        )
        return result
    if kata.slug in session.collect_errors:
        result.problem = Problem(
            "The grader for this kata could not be loaded (a problem in the grader files, not "
            f"in your code): {session.collect_errors[kata.slug]}",
            detail=session.output_tail,
        )
        return result
    mine = [(n, t) for n, t in session.collected.items() if t.get("kata") == kata.slug]
    tasks = {t.number for t in available}
    by_task: dict[int, list[str]] = {}
    declared = {t.number for t in kata.tasks}
    for nodeid, test in mine:
        task = test.get("task")
        if task in tasks:
            by_task.setdefault(task, []).append(nodeid)
        elif task not in declared:
            result.stray_tests.append(nodeid)  # no task marker, or one kata.toml lacks
    missing = sorted(tasks - set(by_task))
    if missing:
        result.problem = Problem(
            f"No grader test was found for task(s) {', '.join(map(str, missing))}; "
            "the grader is incomplete (tell the kata's author).",
            detail=session.output_tail,
        )
        return result
    for task in sorted(by_task):
        nodeids = by_task[task]
        share = kata.task(task).points / len(nodeids)
        for nodeid in nodeids:
            event = session.results.get(nodeid)
            if event is None:
                status, message, line = ERROR, "This test reported no result.", 0
            else:
                status = str(event.get("status"))
                if status not in (PASS, FAIL, ERROR):
                    status = ERROR
                message = str(event.get("message", ""))
                line = int(event.get("line") or 0)
            result.tests.append(
                TestResult(
                    nodeid=nodeid,
                    task=task,
                    status=status,
                    max_score=share,
                    message=message,
                    line=line,
                    duration=float((event or {}).get("duration", 0.0)),
                )
            )
    return result


def grade(katas: list[Kata], options: Options | None = None) -> CheckResult:
    """Grade `katas` (learner's files by default) in one pytest session; never raises for
    anything the learner's code does."""
    options = options or Options()
    results: dict[str, KataResult] = {}
    runnable: list[Kata] = []
    for kata in katas:
        source = options.sources.get(kata.slug, kata.folder)
        problem = precheck(kata, source)
        if problem is not None:
            result = _kata_result(kata, None)
            result.problem = problem
            results[kata.slug] = result
        elif not any(t.available() and kata.available() for t in kata.tasks):
            results[kata.slug] = _kata_result(kata, None)
        else:
            runnable.append(kata)
    if runnable:
        with tempfile.TemporaryDirectory(prefix="kata-run-") as temp:
            session = _Session(Path(temp), runnable, options)
            _prepare(session.folder, runnable, options)
            _run_session(session)
            for kata in runnable:
                results[kata.slug] = _kata_result(kata, session)
                results[kata.slug].output = session.output_tail
    return CheckResult([results[k.slug] for k in katas])


__all__ = ["Options", "child_env", "grade", "precheck"]
