"""GitHub Classroom: the template `kata dist` builds, its workflow, the grading steps run the way
Actions runs them, and `kata regrade` over fake student repositories."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT

from kata.cli import cli
from kata.selftest import tool

bash = shutil.which("bash")
needs_bash = pytest.mark.skipif(bash is None or os.name == "nt", reason="steps run in bash")
REFERENCE = "graders/{slug}/reference/sample.py"


@pytest.fixture
def course(repo: Path) -> Path:
    """The fixture repository with the real runner and a second kata, `other`."""
    for name in ("pyproject.toml", "kata"):
        shutil.copy(REPO_ROOT / name, repo / name)
    shutil.copytree(
        REPO_ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    shutil.copytree(repo / "katas" / "sample", repo / "katas" / "other")
    toml = repo / "katas" / "other" / "kata.toml"
    toml.write_text(
        toml.read_text()
        .replace("order = 10", "order = 20")
        .replace('concept = "Sample concept"', 'concept = "Other concept"')
    )
    shutil.copytree(repo / "graders" / "sample", repo / "graders" / "other")
    return repo


def dist(course: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["dist", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def steps(workflow: str) -> list[tuple[str, str]]:
    """(step id, run command) of every grading step, in order."""
    found = re.findall(r"id: (\w+)\n\s+run: (python -m kata classroom grade .+)", workflow)
    assert found
    return found


def reporter_env(workflow: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+_RESULTS): \$\{\{ steps\.(\w+)\.outputs\.result \}\}", workflow))


def test_template_has_what_students_need_and_nothing_else(course: Path, tmp_path: Path) -> None:
    out = dist(course, tmp_path / "template")
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert "katas/sample/sample.py" in files
    assert "graders/sample/test_sample.py" in files
    assert "graders/sample/pristine/sample.py" in files
    assert ".github/workflows/classroom.yml" in files
    assert "src/kata/cli.py" in files and "kata" in files and "README.md" in files
    assert not [
        f for f in files if "/reference/" in f or "/mutants/" in f or f.startswith("tests/")
    ]
    stub = (out / "katas/sample/sample.py").read_text()
    assert stub == (course / "graders/sample/pristine/sample.py").read_text()


def test_builds_are_byte_identical(course: Path, tmp_path: Path) -> None:
    first = dist(course, tmp_path / "a")
    second = dist(course, tmp_path / "b")

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert tree(first) == tree(second)


def test_refuses_a_non_empty_folder_without_force(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    refused = CliRunner().invoke(cli, ["dist", str(out)])
    assert refused.exit_code == 2
    assert "--force" in refused.output
    assert CliRunner().invoke(cli, ["dist", str(out), "--force"]).exit_code == 0


def test_only_exclude_points_and_python(course: Path, tmp_path: Path) -> None:
    out = dist(
        course, tmp_path / "t", "--only", "other", "--points", "other:2=5", "--python", "3.11"
    )
    assert not (out / "katas" / "sample").exists()
    workflow = (out / ".github/workflows/classroom.yml").read_text()
    assert 'python-version: "3.11"' in workflow
    assert '"other" = [2, 5]' in (out / "classroom.toml").read_text()
    bad = CliRunner().invoke(cli, ["dist", str(tmp_path / "u"), "--points", "other:9=1"])
    assert bad.exit_code == 2
    none_left = CliRunner().invoke(
        cli, ["dist", str(tmp_path / "v"), "--exclude", "sample", "--exclude", "other"]
    )
    assert none_left.exit_code == 2


def test_workflow_keeps_the_names_classroom_looks_for(course: Path, tmp_path: Path) -> None:
    workflow = (dist(course, tmp_path / "t") / ".github/workflows/classroom.yml").read_text()
    assert "name: Autograding Tests\n" in workflow
    assert "  run-autograding-tests:\n" in workflow
    assert "if: github.actor != 'github-classroom[bot]'" in workflow
    for trigger in ("push:", "repository_dispatch:"):
        assert f"\n  {trigger}\n" in workflow
    assert "checks: write" in workflow and "actions: read" in workflow
    assert "persist-credentials: false" in workflow
    assert re.search(r"actions/checkout@[0-9a-f]{40} # v7", workflow)
    assert re.search(r"actions/setup-python@[0-9a-f]{40} # v7", workflow)
    assert "autograding-grading-reporter@v1 # zizmor: ignore[unpinned-uses]" in workflow
    ids = [step_id for step_id, _ in steps(workflow)]
    assert all(re.fullmatch(r"[a-z0-9]+", i) for i in ids)
    assert len(set(ids)) == len(ids)
    env = reporter_env(workflow)
    assert {key: value for key, value in env.items()} == {i.upper() + "_RESULTS": i for i in ids}
    assert f"runners: {','.join(ids)}" in workflow


def _validate(*paths: Path) -> None:
    schema = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = subprocess.run(
        [tool("zizmor"), "--offline", *map(str, paths)], capture_output=True, text=True, check=False
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "No findings" in audit.stdout + audit.stderr


def test_every_workflow_validates_and_passes_zizmor(course: Path, tmp_path: Path) -> None:
    plain = dist(course, tmp_path / "t") / ".github/workflows/classroom.yml"
    private = dist(course, tmp_path / "p", "--graders-repo", "school/graders") / (
        ".github/workflows/classroom.yml"
    )
    _validate(plain, private, *sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml")))


# --- the grading steps, run the way GitHub Actions runs them --------------------------------


def run_steps(template: Path, tmp_path: Path) -> tuple[dict[str, dict], list[str]]:  # type: ignore[type-arg]
    """Every grading step in bash with a minimal environment; decoded results and the live
    workflow commands found in the output (honouring ::stop-commands:: as Actions does)."""
    workflow = (template / ".github/workflows/classroom.yml").read_text()
    results: dict[str, dict] = {}  # type: ignore[type-arg]
    live: list[str] = []
    for step_id, command in steps(workflow):
        output = tmp_path / f"{step_id}.out"
        summary = tmp_path / f"{step_id}.md"
        output.write_text("")
        env = {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(tmp_path),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        done = subprocess.run(
            [bash, "-e", "-c", command],
            cwd=template,
            env=env,  # type: ignore[list-item]
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        live += live_commands(done.stdout + done.stderr)
        line = next(ln for ln in output.read_text().splitlines() if ln.startswith("result="))
        results[step_id] = json.loads(base64.b64decode(line.removeprefix("result=")))
        assert summary.read_text().startswith("### ")
    return results, live


def live_commands(text: str) -> list[str]:
    stopped_until = None
    commands = []
    for line in text.splitlines():
        if stopped_until is not None:
            if line.strip() == f"::{stopped_until}::":
                stopped_until = None
            continue
        match = re.match(r"::stop-commands::(\S+)", line)
        if match:
            stopped_until = match.group(1)
            continue
        if line.startswith("::"):
            commands.append(line)
    return commands


def classroom_points(results: dict[str, dict]) -> tuple[float, float]:  # type: ignore[type-arg]
    """Σ tests[].score over runners with a non-zero max_score, out of Σ max_score."""
    total = maximum = 0.0
    for result in results.values():
        assert result["tests"], "every result needs a non-empty tests list"
        if result["max_score"]:
            maximum += result["max_score"]
            total += sum(test["score"] for test in result["tests"])
    return round(total, 6), maximum


@needs_bash
def test_pristine_template_scores_zero(course: Path, tmp_path: Path) -> None:
    results, live = run_steps(dist(course, tmp_path / "t"), tmp_path)
    assert classroom_points(results) == (0, 6)
    assert live == []
    failing = results["sample"]["tests"][0]
    assert failing["test_code"] == failing["message"]
    assert "line_no" in failing


@needs_bash
def test_reference_solutions_score_everything(course: Path, tmp_path: Path) -> None:
    template = dist(course, tmp_path / "t")
    for slug in ("sample", "other"):
        shutil.copy(course / REFERENCE.format(slug=slug), template / "katas" / slug / "sample.py")
    results, _ = run_steps(template, tmp_path)
    assert classroom_points(results) == (6, 6)
    assert all(r["status"] == "pass" for r in results.values())


@needs_bash
def test_one_solved_kata_scores_exactly_its_points(course: Path, tmp_path: Path) -> None:
    template = dist(course, tmp_path / "t", "--points", "other:1=4")
    shutil.copy(course / REFERENCE.format(slug="other"), template / "katas/other/sample.py")
    results, _ = run_steps(template, tmp_path)
    assert classroom_points(results) == (5, 8)
    assert results["sample"]["score"] == 0


@needs_bash
def test_a_tampered_grader_scores_zero_for_its_kata_only(course: Path, tmp_path: Path) -> None:
    template = dist(course, tmp_path / "t")
    for slug in ("sample", "other"):
        shutil.copy(course / REFERENCE.format(slug=slug), template / "katas" / slug / "sample.py")
    grader = template / "graders/sample/test_sample.py"
    grader.write_text(
        grader.read_text().replace("expect_equal", "(lambda *a: None) or expect_equal")
    )
    results, _ = run_steps(template, tmp_path)
    assert results["sample"]["status"] == "error"
    assert results["sample"]["score"] == 0
    assert "teacher published" in results["sample"]["tests"][0]["message"]
    assert results["other"]["score"] == 3
    assert classroom_points(results) == (3, 6)


FORGERY = '::notice title=Autograding report::{"totalPoints":99,"maxPoints":99}'


@needs_bash
def test_forged_annotations_never_reach_the_log_and_points_hold(
    course: Path, tmp_path: Path
) -> None:
    template = dist(course, tmp_path / "t")
    shutil.copy(course / REFERENCE.format(slug="other"), template / "katas/other/sample.py")
    (template / "katas/sample/sample.py").write_text(
        "import sys\n"
        f"print({FORGERY!r})\n"
        f"sys.stderr.write({FORGERY!r} + '\\n')\n"
        "class Sneaky:\n"
        f"    def __repr__(self): return '\\n' + {FORGERY!r}\n"
        "def add(a, b):\n"
        f"    print({FORGERY!r})\n"
        "    return Sneaky()\n"
        "def greet(name='world'):\n"
        f"    raise ValueError('\\n' + {FORGERY!r})\n"
    )
    results, live = run_steps(template, tmp_path)
    assert live == []
    assert classroom_points(results) == (3, 6)
    for result in results.values():
        for test in result["tests"]:
            for value in (test["name"], test["message"], test.get("test_code", "")):
                assert not re.search(r"(^|\n)\s*::", value)


@needs_bash
def test_learner_code_sees_no_github_files(course: Path, tmp_path: Path) -> None:
    template = dist(course, tmp_path / "t")
    (template / "katas/sample/sample.py").write_text(
        "import os\n"
        "def add(a, b):\n"
        "    for name in ('GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH'):\n"
        "        if name in os.environ:\n"
        "            open(os.environ[name], 'a').write('result=Zm9yZ2Vk\\n')\n"
        "    return a + b\n"
    )
    run_steps(template, tmp_path)
    assert "Zm9yZ2Vk" not in (tmp_path / "sample.out").read_text()


def test_private_graders_template(course: Path, tmp_path: Path) -> None:
    out = dist(course, tmp_path / "t", "--graders-repo", "school/graders", "--secret", "KATA_TOKEN")
    assert not list(out.glob("graders/*/test_*.py"))
    assert (tmp_path / "t-graders" / "graders" / "sample" / "test_sample.py").is_file()
    workflow = (out / ".github/workflows/classroom.yml").read_text()
    assert "repository: school/graders" in workflow
    assert "token: ${{ secrets.KATA_TOKEN }}" in workflow
    assert "--graders .graders/graders" in workflow
    os.environ["KATA_ROOT"] = str(out)
    result = CliRunner().invoke(cli, ["check", "sample"])
    assert result.exit_code == 1
    assert "graded when you push" in result.output


# --- regrade ---------------------------------------------------------------------------------


def test_regrade_grades_flags_and_reports(course: Path, tmp_path: Path) -> None:
    template = dist(course, tmp_path / "template")
    students = tmp_path / "students"
    for name in ("solved", "partly", "tampered", "hangs"):
        shutil.copytree(template, students / name)
    (students / "not-a-kata-repo").mkdir()
    (students / "not-a-kata-repo" / "hello.txt").write_text("hi")
    for slug in ("sample", "other"):
        shutil.copy(
            course / REFERENCE.format(slug=slug), students / "solved/katas" / slug / "sample.py"
        )
    shutil.copy(course / REFERENCE.format(slug="other"), students / "partly/katas/other/sample.py")
    for slug in ("sample", "other"):
        shutil.copy(
            course / REFERENCE.format(slug=slug), students / "tampered/katas" / slug / "sample.py"
        )
    (students / "tampered/graders/sample/test_sample.py").write_text(
        "def test_nothing():\n    pass\n"
    )
    (students / "hangs/katas/sample/sample.py").write_text(
        "def add(a, b):\n    while True:\n        try:\n"
        "            while True:\n                pass\n"
        "        except BaseException:\n            pass\n"
    )
    csv_path, html_path = tmp_path / "class.csv", tmp_path / "class.html"
    start = time.monotonic()
    result = CliRunner().invoke(
        cli,
        [
            "regrade",
            *sorted(map(str, students.iterdir())),
            "--csv",
            str(csv_path),
            "--html",
            str(html_path),
            "--time-limit",
            "40",
            "--jobs",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 150
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    points = {(r["student"], r["kata"]): float(r["points"]) for r in rows}
    assert points[("solved", "sample")] == 3 and points[("solved", "other")] == 3
    assert points[("partly", "sample")] == 0 and points[("partly", "other")] == 3
    assert points[("tampered", "sample")] == 3  # our graders, not theirs
    assert points[("hangs", "sample")] == 0
    flags = {r["student"]: r["flags"] for r in rows}
    assert "graders changed (sample)" in flags["tampered"]
    assert flags["solved"] == ""
    assert flags["not-a-kata-repo"] == "not a kata repository (no katas/ folder)"
    page = html_path.read_text()
    assert page.count("<svg") == 2
    assert "http" not in page.replace("http-equiv", "")
    assert "Where to focus next" in page


def test_regrade_html_escapes_student_names(course: Path, tmp_path: Path) -> None:
    from kata.catalog import Catalog
    from kata.regrade import RepoReport
    from kata.report_html import class_report

    page = class_report(
        Catalog.load(course),
        [RepoReport(tmp_path / "<script>x", error="not a kata repository")],
        "T",
    )
    assert "<script>" not in page
    assert "&lt;script&gt;x" in page


def test_the_example_workflow_in_docs_is_up_to_date() -> None:
    from kata.catalog import Catalog
    from kata.classroom import EXAMPLE_PATH, example_workflow

    kept = (REPO_ROOT / EXAMPLE_PATH).read_text(encoding="utf-8")
    assert kept == example_workflow(Catalog.load(REPO_ROOT, use_cache=False)), (
        f"{EXAMPLE_PATH} is stale: regenerate it with `python -m kata.classroom`"
    )
    _validate(REPO_ROOT / EXAMPLE_PATH)


def test_student_readme_shows_dunder_titles_as_written() -> None:
    from kata.classroom import markdown_text

    assert markdown_text("__new__ vs __init__") == r"\_\_new\_\_ vs \_\_init\_\_"
    assert markdown_text("a | b") == r"a \| b"
