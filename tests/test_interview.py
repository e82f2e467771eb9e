"""The interview drill: scheduling, grading each kind, bank validation, progress, the CLI."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from kata.catalog import Catalog
from kata.cli import cli
from kata.interview import grade_predict, normalise, parse_choice
from kata.questions import answer_lines, validate_bank
from kata.scheduler import INTERVAL_DAYS, CardState, order, review

TODAY = date(2026, 11, 25)


def test_right_answers_climb_the_boxes_and_wrong_ones_fall_back() -> None:
    state = CardState()
    intervals = []
    for _ in range(7):
        state = review(state, True, TODAY)
        intervals.append((state.due - TODAY).days)  # type: ignore[operator]
    assert intervals == [2, 4, 8, 16, 32, 32, 32]
    missed = review(state, False, TODAY)
    assert missed.box == 1
    assert missed.due == TODAY + timedelta(days=INTERVAL_DAYS[1])


def test_due_questions_come_first_then_new_then_later() -> None:
    states = {
        "k/later": CardState(box=3, due=TODAY + timedelta(days=3)),
        "k/overdue": CardState(box=2, due=TODAY - timedelta(days=5)),
        "k/due-today": CardState(box=2, due=TODAY),
    }
    keys = ["k/later", "k/new-a", "k/overdue", "k/due-today", "k/new-b"]
    ordered = order(keys, states, TODAY, random.Random(1))
    assert ordered[:2] == ["k/overdue", "k/due-today"]
    assert set(ordered[2:4]) == {"k/new-a", "k/new-b"}
    assert ordered[4] == "k/later"


def test_order_is_deterministic_for_a_seed() -> None:
    keys = [f"k/q{i}" for i in range(20)]
    first = order(keys, {}, TODAY, random.Random(7))
    assert first == order(keys, {}, TODAY, random.Random(7))
    assert first != order(keys, {}, TODAY, random.Random(8))


@pytest.mark.parametrize(
    "typed",
    ["3\na b", "3\na b\n", "  3  \n\n a   b ", "3\\na b", "3\r\na b\r\n"],
)
def test_predicted_output_tolerates_whitespace(typed: str) -> None:
    assert grade_predict(typed, "3\na b\n")


@pytest.mark.parametrize("typed", ["3", "3\nab", "a b\n3", "3\na b\nextra"])
def test_predicted_output_still_has_to_be_right(typed: str) -> None:
    assert not grade_predict(typed, "3\na b\n")


def test_normalise_keeps_line_order() -> None:
    assert normalise("x\n\n  y  z\n") == ["x", "y z"]


@pytest.mark.parametrize(
    ("typed", "index"),
    [("a", 0), ("B", 1), ("c)", 2), ("2", 1), ("9", None), ("z", None), ("", None)],
)
def test_choice_answers_by_letter_or_number(typed: str, index: int | None) -> None:
    assert parse_choice(typed, 3) == index


def test_fixture_bank_is_valid(repo: Path) -> None:
    kata = Catalog.load(repo).resolve("sample")
    report = validate_bank(kata, answer_lines(kata))
    assert report.problems == []
    assert report.count == 6


@pytest.mark.parametrize(
    ("old", "new", "phrase"),
    [
        ("line = 3", "line = 9", "`line` must be a non-blank line"),
        (", correct = true }", ', why = "no" }', "exactly one choice"),
        ('print(1 + 2)\nprint("a", "b")', "import time\nprint(time.time())", "different each run"),
        ('print(1 + 2)\nprint("a", "b")', "raise SystemExit(3)", "exited with 3"),
        ('id = "off-by-one"', 'id = "print-sum"', "used twice"),
    ],
)
def test_broken_question_is_caught_with_file_and_question(
    repo: Path, old: str, new: str, phrase: str
) -> None:
    path = repo / "katas" / "sample" / "questions.toml"
    path.write_text(path.read_text().replace(old, new, 1))
    kata = Catalog.load(repo).resolve("sample")
    problems = " ".join(validate_bank(kata, answer_lines(kata)).problems)
    assert phrase in problems
    assert str(path) in problems


def test_a_question_quoting_the_reference_is_caught(repo: Path) -> None:
    reference = repo / "graders" / "sample" / "reference" / "sample.py"
    reference.write_text(
        reference.read_text() + "\n\ndef secret():\n    x = 41\n    y = x + 1\n"
        "    return y * 1000\n"
    )
    path = repo / "katas" / "sample" / "questions.toml"
    path.write_text(
        path.read_text().replace(
            "b - 1 subtracts one for no reason.", "x = 41\\ny = x + 1\\nreturn y * 1000"
        )
    )
    kata = Catalog.load(repo).resolve("sample")
    assert any(
        "quotes the reference" in p for p in validate_bank(kata, answer_lines(kata)).problems
    )


ANSWERS = ["3\\na b", "a", "3", "", "all", "[1, 2, 3]", "b"]


def _interview(repo: Path, *extra: str, answers: str = "\n".join(ANSWERS) + "\n") -> dict:  # type: ignore[type-arg]
    answers_file = repo / "answers.txt"
    answers_file.write_text(answers)
    result = CliRunner().invoke(
        cli,
        [
            "interview",
            "--all",
            "--seed",
            "3",
            "--no-timer",
            "--json",
            "--answers",
            str(answers_file),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_session_records_every_answer_in_progress(repo: Path) -> None:
    report = _interview(repo, "--questions", "6")
    assert report["answered"] == 6
    progress = json.loads((repo / ".kata" / "progress.json").read_text())
    cards = progress["interview"]["questions"]
    assert len(cards) == 6
    assert all(card["due"] and card["history"] for card in cards.values())


def test_missed_questions_come_back_tomorrow(repo: Path) -> None:
    report = _interview(repo, "--questions", "6", answers="zzz\n" * 20)
    missed = [q for q in report["questions"] if not q["correct"]]
    assert missed
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert all(q["next_due"] == tomorrow for q in missed)
    assert report["weakest"] == ["sample"]


def test_due_count_shows_in_progress(repo: Path) -> None:
    progress = repo / ".kata" / "progress.json"
    progress.parent.mkdir()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    cards = {f"sample/q{i}": {"box": 1, "due": yesterday} for i in range(4)}
    progress.write_text(json.dumps({"version": 1, "katas": {}, "interview": {"questions": cards}}))
    assert "4 interview questions are due" in CliRunner().invoke(cli, ["progress"]).output


def test_without_a_started_kata_it_says_what_to_do(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["interview"], input="")
    assert result.exit_code == 1
    assert "--all" in result.output


def test_end_of_input_ends_the_session_and_keeps_answers(repo: Path) -> None:
    report = _interview(repo, answers="3\\na b\n")
    assert report["answered"] == 1


def test_corrupted_progress_is_moved_aside_and_the_session_runs(repo: Path) -> None:
    (repo / ".kata").mkdir()
    (repo / ".kata" / "progress.json").write_text("{oops")
    assert _interview(repo, "--questions", "2")["answered"] == 2
    assert list((repo / ".kata").glob("progress.json.corrupt-*"))


@pytest.mark.skipif(os.name == "nt", reason="kills with SIGKILL")
def test_killing_a_session_keeps_the_answers_given(repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["KATA_ROOT"] = str(repo)
    drill = subprocess.Popen(
        [sys.executable, "-m", "kata", "interview", "--all", "--seed", "1", "--no-timer"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    assert drill.stdin is not None
    drill.stdin.write("zzz\n")
    drill.stdin.flush()
    progress = repo / ".kata" / "progress.json"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not progress.exists():
        time.sleep(0.05)
    time.sleep(0.2)
    drill.kill()
    drill.wait()
    cards = json.loads(progress.read_text())["interview"]["questions"]
    assert len(cards) == 1


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_a_real_terminal_session_in_tmux(repo: Path) -> None:
    name = f"kata-test-{os.getpid()}"
    env_prefix = f"KATA_ROOT={repo} COLUMNS=100"
    command = (
        f"{env_prefix} {sys.executable} -m kata interview --all --seed 1 --questions 3; sleep 30"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "50", command], check=True
    )
    try:

        def screen() -> str:
            return subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name, "-S", "-200"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout

        def wait_for(text: str, count: int = 1) -> str:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                shown = screen()
                if shown.count(text) >= count:
                    return shown
                time.sleep(0.1)
            raise AssertionError(f"{text!r} never appeared:\n{screen()}")

        prompts = ("empty line ends", "Your choice", "Faulty line", "own words")
        for number in range(1, 4):
            header = f"Question {number}/3"
            deadline = time.monotonic() + 30
            tail = ""
            while time.monotonic() < deadline:
                tail = screen().split(header)[-1] if header in screen() else ""
                if any(p in tail for p in prompts):
                    break
                time.sleep(0.1)
            if "empty line ends" in tail:
                keys = ["zzz", "Enter", "Enter"]
            elif "own words" in tail:
                subprocess.run(
                    ["tmux", "send-keys", "-t", name, "it is shared", "Enter"], check=True
                )
                wait_for("Which did you cover")
                keys = ["1", "Enter"]
            else:
                keys = ["1", "Enter"]
            for key in keys:
                subprocess.run(["tmux", "send-keys", "-t", name, key], check=True)
                time.sleep(0.1)
        final = wait_for("Your interview drill")
        assert "Time per question" in final
        assert "sample/" in final
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for Python")
def test_other_interpreters_must_print_the_same(repo: Path, tmp_path: Path) -> None:
    fake = tmp_path / "other-python"
    fake.write_text(
        f'#!/bin/sh\nif [ "$1" = -c ]; then exec {sys.executable} "$@"; fi\necho something else\n'
    )
    fake.chmod(0o755)
    kata = Catalog.load(repo).resolve("sample")
    problems = validate_bank(kata, answer_lines(kata), [str(fake)]).problems
    assert any("prints something else under" in p for p in problems)
    assert validate_bank(kata, answer_lines(kata), [sys.executable]).problems == []
