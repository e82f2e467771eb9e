from __future__ import annotations

from pathlib import Path

import pytest

from kata.catalog import Catalog, CatalogError, UnknownKataError


def test_loads_the_fixture_kata_with_typed_tasks(repo: Path) -> None:
    catalog = Catalog.load(repo)
    kata = catalog.resolve("sample")
    assert kata.title == "Sample"
    assert [t.number for t in kata.tasks] == [1, 2]
    assert kata.tasks[0].points == 2
    assert kata.max_score == 3
    assert kata.time_limit == 2.0
    assert len(kata.tasks[1].hints) == 3


@pytest.mark.parametrize("query", ["sample", "SAMPLE", "Sample concept", "sam", "sample concept"])
def test_resolves_slug_concept_and_prefix(repo: Path, query: str) -> None:
    assert Catalog.load(repo).resolve(query).slug == "sample"


def test_unknown_slug_suggests_close_names(repo: Path) -> None:
    with pytest.raises(UnknownKataError) as caught:
        Catalog.load(repo).resolve("sampel")
    assert caught.value.suggestions == ["sample"]


def test_unknown_slug_without_close_names_suggests_nothing(repo: Path) -> None:
    with pytest.raises(UnknownKataError) as caught:
        Catalog.load(repo).resolve("zzzzzz")
    assert caught.value.suggestions == []


def test_ambiguous_prefix_lists_candidates(repo: Path) -> None:
    second = repo / "katas" / "sample-two"
    second.mkdir()
    (second / "kata.toml").write_text(
        (repo / "katas" / "sample" / "kata.toml").read_text().replace("order = 10", "order = 20")
    )
    with pytest.raises(UnknownKataError) as caught:
        Catalog.load(repo).resolve("samp")
    assert caught.value.ambiguous
    assert caught.value.suggestions == ["sample", "sample-two"]


def test_curriculum_order_comes_from_metadata(repo: Path) -> None:
    first = repo / "katas" / "zzz-first"
    first.mkdir()
    (first / "kata.toml").write_text(
        (repo / "katas" / "sample" / "kata.toml").read_text().replace("order = 10", "order = 5")
    )
    assert [k.slug for k in Catalog.load(repo)] == ["zzz-first", "sample"]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('kind = "implement"', 'kind = "guess"', "kind"),
        ('difficulty = "easy"', 'difficulty = "trivial"', "difficulty"),
        ("format_version = 1", "format_version = 99", "format_version"),
        ("order = 10", 'order = "ten"', "order"),
        ('title = "Sample"', "", "title"),
        ("time_limit = 2", "time_limit = -1", "time_limit"),
    ],
)
def test_bad_field_names_file_and_field(repo: Path, old: str, new: str, field: str) -> None:
    path = repo / "katas" / "sample" / "kata.toml"
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(CatalogError) as caught:
        Catalog.load(repo)
    assert str(path) in str(caught.value)
    assert f"`{field}`" in str(caught.value)


def test_invalid_toml_is_reported_with_its_file(repo: Path) -> None:
    path = repo / "katas" / "sample" / "kata.toml"
    path.write_text("title = ")
    with pytest.raises(CatalogError, match="not valid TOML"):
        Catalog.load(repo)


def test_task_needing_newer_python_is_unavailable(repo: Path) -> None:
    path = repo / "katas" / "sample" / "kata.toml"
    path.write_text(path.read_text().replace("points = 2", 'points = 2\nmin_python = "3.99"'))
    kata = Catalog.load(repo).resolve("sample")
    assert not kata.tasks[0].available()
    assert kata.tasks[0].available((3, 99))
    assert kata.max_score == 1


def test_the_toml_cache_notices_an_edited_file(repo: Path) -> None:
    assert Catalog.load(repo).resolve("sample").title == "Sample"
    assert (repo / ".kata" / "cache" / "toml.json").is_file()
    toml = repo / "katas" / "sample" / "kata.toml"
    toml.write_text(toml.read_text().replace('title = "Sample"', 'title = "Sample, edited"'))
    assert Catalog.load(repo).resolve("sample").title == "Sample, edited"


def test_the_toml_cache_drops_files_no_longer_read(repo: Path) -> None:
    import json

    cache = repo / ".kata" / "cache" / "toml.json"
    Catalog.load(repo)
    data = json.loads(cache.read_text())
    data["files"]["/moved/away/kata.toml"] = {"stamp": [1, 2], "data": {}}
    cache.write_text(json.dumps(data))
    Catalog.load(repo)
    assert "/moved/away/kata.toml" not in json.loads(cache.read_text())["files"]


def test_a_corrupted_toml_cache_is_ignored(repo: Path) -> None:
    cache = repo / ".kata" / "cache" / "toml.json"
    cache.parent.mkdir(parents=True)
    cache.write_text("{not json")
    assert Catalog.load(repo).resolve("sample").title == "Sample"


def test_the_toml_cache_notices_an_edit_that_kept_the_old_mtime(repo: Path) -> None:
    import os
    import sys

    if sys.platform == "win32":
        pytest.skip("Windows' ctime is the creation time")
    toml = repo / "katas" / "sample" / "kata.toml"
    Catalog.load(repo)
    before = toml.stat()
    toml.write_text(toml.read_text().replace('title = "Sample"', 'title = "Simple"'))
    os.utime(toml, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert Catalog.load(repo).resolve("sample").title == "Simple"
