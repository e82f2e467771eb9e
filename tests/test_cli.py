"""The command line through click's CliRunner, against a copy of the fixture repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import solve, write_stub

from kata.cli import cli


def run(*args: str, input: str | None = None) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _all_commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("path", _all_commands(cli), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    assert command.help and len(command.help.strip()) > 20


def test_learner_commands_do_not_load_the_teacher_and_author_commands() -> None:
    import subprocess
    import sys

    code = "import sys, kata.cli; print('kata.cli_extra' in sys.modules, 'pytest' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_next_shows_title_file_and_check_command(repo: Path) -> None:
    result = run("next")
    assert result.exit_code == 0
    assert "Sample" in result.output
    assert "katas/sample/sample.py" in result.output
    assert "check sample" in result.output


def test_unknown_slug_suggests_and_exits_2(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "sampel"])
    assert result.exit_code == 2
    assert "Did you mean: sample" in result.output


def test_check_json_follows_the_contract(repo: Path) -> None:
    result = run("check", "sample", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["version"] == 1
    assert data["status"] == "fail"
    assert data["max_score"] == 3
    kata = data["katas"][0]
    assert set(kata) >= {"version", "status", "max_score", "score", "tests"}
    assert {"name", "task", "status", "score", "message"} <= set(kata["tests"][0])


def test_check_records_progress_and_celebrates(repo: Path) -> None:
    assert run("check", "sample").exit_code == 1
    solve(repo)
    result = run("check", "sample")
    assert result.exit_code == 0
    assert "Well done" in result.output
    assert "Tests prove it." in result.output
    progress = json.loads((repo / ".kata" / "progress.json").read_text())
    assert progress["katas"]["sample"]["status"] == "done"
    assert progress["katas"]["sample"]["attempts"] == 2


def test_check_explains_the_first_failure_and_points_to_hint(repo: Path) -> None:
    result = run("check")
    assert "NotImplementedError" in result.output
    assert "hint sample" in result.output
    assert "Traceback" not in result.output


def test_syntax_error_shows_line_and_caret(repo: Path) -> None:
    write_stub(repo, "def add(a, b):\n    return (a +\n")
    result = run("check", "sample")
    assert result.exit_code == 1
    assert "syntax error on line" in result.output
    assert "^" in result.output


def test_hints_are_progressive_and_counted(repo: Path) -> None:
    first = run("hint", "sample")
    assert "Think of +." in first.output
    assert "1/3" in first.output
    second = run("hint", "sample")
    assert "Use the + operator." in second.output
    run("hint", "sample")
    fourth = run("hint", "sample")
    assert "last hint" in fourth.output
    progress = json.loads((repo / ".kata" / "progress.json").read_text())
    assert progress["katas"]["sample"]["hints"] == {"1": 3}


def test_hint_for_a_chosen_task(repo: Path) -> None:
    assert "Defaults." in run("hint", "sample", "--task", "2").output
    bad = CliRunner().invoke(cli, ["hint", "sample", "--task", "9"])
    assert bad.exit_code == 2


def test_list_json_in_curriculum_order(repo: Path) -> None:
    data = json.loads(run("list", "--json").output)
    assert data == [
        {
            "slug": "sample",
            "title": "Sample",
            "concept": "Sample concept",
            "order": 10,
            "difficulty": "easy",
            "tasks": 2,
            "status": "todo",
            "files": ["katas/sample/sample.py"],
        }
    ]


def test_progress_shows_bars(repo: Path) -> None:
    solve(repo)
    run("check", "sample")
    result = run("progress")
    assert "2/2" in result.output
    assert "1/1 katas" in result.output


def test_reset_backs_up_and_restores_without_git(repo: Path) -> None:
    write_stub(repo, "# my work\n")
    result = run("reset", "sample", "--yes")
    assert result.exit_code == 0
    stub = (repo / "katas" / "sample" / "sample.py").read_text()
    assert stub == (repo / "graders" / "sample" / "pristine" / "sample.py").read_text()
    backups = list((repo / ".kata" / "backups" / "sample").rglob("sample.py"))
    assert [b.read_text() for b in backups] == ["# my work\n"]


def test_reset_asks_first_and_keeps_work_on_no(repo: Path) -> None:
    write_stub(repo, "# my work\n")
    result = CliRunner().invoke(cli, ["reset", "sample"], input="n\n")
    assert result.exit_code == 1
    assert (repo / "katas" / "sample" / "sample.py").read_text() == "# my work\n"


def test_solution_hidden_until_passed(repo: Path) -> None:
    hidden = CliRunner().invoke(cli, ["solution", "sample"])
    assert hidden.exit_code == 1
    assert "return a + b" not in hidden.output
    solve(repo)
    run("check", "sample")
    shown = run("solution", "sample")
    assert "return a + b" in shown.output


def test_solution_force_is_confirmed_and_recorded(repo: Path) -> None:
    shown = run("solution", "sample", "--force", input="y\n")
    assert "return a + b" in shown.output
    progress = json.loads((repo / ".kata" / "progress.json").read_text())
    assert progress["katas"]["sample"]["solution_forced"] is True


def test_corrupted_progress_warns_and_carries_on(repo: Path) -> None:
    (repo / ".kata").mkdir()
    (repo / ".kata" / "progress.json").write_text("garbage")
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 0
    assert "corrupted" in result.output
    assert list((repo / ".kata").glob("progress.json.corrupt-*"))


def test_dev_check_proves_the_fixture_kata(repo: Path) -> None:
    result = run("dev", "check", "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert data["ok"] is True


def test_dev_check_catches_a_mutant_that_survives(repo: Path) -> None:
    weak = repo / "graders" / "sample" / "mutants" / "t2-survives"
    weak.mkdir()
    (weak / "sample.py").write_text(
        (repo / "graders" / "sample" / "reference" / "sample.py").read_text()
    )
    result = CliRunner().invoke(cli, ["dev", "check", "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)["katas"][0]["findings"]
    assert any(f["check"] == "mutant t2-survives" and not f["ok"] for f in findings)


def test_dev_check_catches_a_stub_that_already_passes(repo: Path) -> None:
    solve(repo)
    (repo / "graders" / "sample" / "pristine" / "sample.py").write_text(
        (repo / "katas" / "sample" / "sample.py").read_text()
    )
    result = CliRunner().invoke(cli, ["dev", "check", "--json"])
    assert result.exit_code == 1


def test_reset_starts_the_kata_again_but_keeps_the_solution_open(repo: Path) -> None:
    solve(repo)
    run("check", "sample")
    run("reset", "sample", "--yes")
    progress = json.loads((repo / ".kata" / "progress.json").read_text())
    assert progress["katas"]["sample"]["status"] == "started"
    assert progress["katas"]["sample"]["first_passed"]
    assert "return a + b" in run("solution", "sample").output


def test_json_scores_are_plain_numbers(repo: Path) -> None:
    solve(repo)
    data = json.loads(run("check", "sample", "--json").output)
    assert data["score"] == 3 and isinstance(data["score"], int)
    assert all(isinstance(t["score"], int) for t in data["katas"][0]["tests"])


def test_next_up_after_a_pass_is_what_kata_next_shows(repo: Path) -> None:
    second = repo / "katas" / "zeta"
    shutil.copytree(repo / "katas" / "sample", second)
    (second / "kata.toml").write_text(
        (second / "kata.toml").read_text().replace("order = 10", "order = 5")
    )
    shutil.copytree(repo / "graders" / "sample", repo / "graders" / "zeta")
    solve(repo)
    shown = run("check", "sample").output
    assert "Next up: Sample" in shown  # zeta (order 5, not passed) comes first
    assert "zeta" in run("next").output


def test_dev_check_catches_a_test_without_a_declared_task(repo: Path) -> None:
    grader = repo / "graders" / "sample" / "test_sample.py"
    grader.write_text(
        grader.read_text() + "\n\ndef test_orphan():\n    assert False\n\n\n"
        "@pytest.mark.task(7)\ndef test_unknown_task():\n    assert False\n"
    )
    result = CliRunner().invoke(cli, ["dev", "check", "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)["katas"][0]["findings"]
    stray = next(f for f in findings if f["check"] == "tests carry declared tasks")
    assert not stray["ok"]
    assert "test_orphan" in stray["detail"] and "test_unknown_task" in stray["detail"]


def test_hint_says_so_when_it_could_not_be_saved(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kata.progress import ProgressStore

    monkeypatch.setattr(ProgressStore, "_write", lambda _self, _progress: False)
    result = run("hint", "sample")
    assert "1/3" in result.output
    assert "Run it again for hint 2" not in result.output
    assert "could not be saved" in result.output


def test_reset_that_cannot_back_up_explains_and_keeps_the_work(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil as shutil_module

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "backups")

    write_stub(repo, "# my work\n")
    monkeypatch.setattr(shutil_module, "copy2", refuse)
    result = CliRunner().invoke(cli, ["reset", "sample", "--yes"])
    assert result.exit_code == 1
    assert "Permission denied" in result.output
    assert "your version is unchanged" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (repo / "katas" / "sample" / "sample.py").read_text() == "# my work\n"


def test_solution_of_a_kata_shipped_without_one_says_so_first(repo: Path) -> None:
    shutil.rmtree(repo / "graders" / "sample" / "reference")
    result = CliRunner().invoke(cli, ["solution", "sample"])
    assert result.exit_code == 1
    assert "without a reference solution" in result.output
    assert "--force" not in result.output


def test_check_without_a_name_grades_the_kata_whose_folder_you_are_in(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = repo / "katas" / "zzz-other"
    shutil.copytree(repo / "katas" / "sample", other)
    shutil.copytree(repo / "graders" / "sample", repo / "graders" / "zzz-other")
    toml = other / "kata.toml"
    toml.write_text(toml.read_text().replace("order = 10", "order = 1010"))
    monkeypatch.chdir(other)
    result = run("check", "--json")
    assert [k["slug"] for k in json.loads(result.output)["katas"]] == ["zzz-other"]
