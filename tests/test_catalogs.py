"""Your own catalogues: --catalog, CRYANIME_CATALOG and --no-bundled, seen by every command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import title_yaml

OWN_THEME = "themes:\n  - {id: slow-burn, name: slow burn, description: Takes its time.}\n"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A user catalogue that adds a theme and two titles, using bundled themes too."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        OWN_THEME + "titles:\n"
        + title_yaml(id="quiet-days", title="Quiet Days", themes="[slow-burn, grief]", tears=5)
        + title_yaml(id="long-goodbye", title="Long Goodbye", format="film", episodes=None,
                     runtime_minutes=100, themes="[grief]", tears=4),
        encoding="utf-8")
    return path


def ids(stdout: str) -> list[str]:
    return [item["id"] for item in json.loads(stdout)]


def test_catalog_adds_titles_to_the_bundled_ones(invoke, mine, catalogue):
    """--catalog merges: bundled titles and yours, in one list."""
    listed = ids(invoke("--catalog", str(mine), "list", "--json").stdout)
    assert {"quiet-days", "long-goodbye", "clannad"} <= set(listed)
    assert len(listed) == len(catalogue.titles) + 2


def test_no_bundled_leaves_only_yours(invoke, tmp_path):
    """--no-bundled drops the bundled catalogue: only your titles and themes remain."""
    alone = tmp_path / "alone.yaml"
    alone.write_text(OWN_THEME + "titles:\n" + title_yaml(id="quiet-days", themes="[slow-burn]"),
                     encoding="utf-8")
    result = invoke("--no-bundled", "--catalog", str(alone), "list", "--theme", "slow burn",
                    "--json")
    assert result.exit_code == 0, result.stderr
    assert ids(result.stdout) == ["quiet-days"]
    grief = invoke("--no-bundled", "--catalog", str(alone), "list", "--theme", "grief")
    assert grief.exit_code == 2 and "unknown theme 'grief'" in grief.stderr


def test_a_file_using_bundled_themes_needs_the_bundled_catalogue(invoke, mine):
    """Without the bundled catalogue, its themes are unknown, and the file says where."""
    result = invoke("--no-bundled", "--catalog", str(mine), "list")
    assert result.exit_code == 2
    assert f"{mine}:9: title 'quiet-days': unknown theme 'grief'" in result.stderr


def test_no_bundled_without_catalog_is_a_usage_error(invoke):
    """Nothing to load is said plainly, exit 2."""
    result = invoke("--no-bundled", "list")
    assert result.exit_code == 2
    assert "--no-bundled leaves no catalogue" in result.stderr


def test_environment_variable_adds_catalogues(invoke, mine, tmp_path):
    """CRYANIME_CATALOG holds paths separated by the OS path separator."""
    second = tmp_path / "second.yaml"
    second.write_text("titles:\n" + title_yaml(id="second-one", title="Second One"),
                      encoding="utf-8")
    env = {"CRYANIME_CATALOG": os.pathsep.join([str(mine), str(second)])}
    listed = ids(invoke("list", "--json", env=env).stdout)
    assert {"quiet-days", "second-one", "clannad"} <= set(listed)


def test_id_defined_twice_names_both_files(invoke, tmp_path, mine):
    """The same id in two catalogues is an error naming both files and lines."""
    clash = tmp_path / "clash.yaml"
    clash.write_text("titles:\n" + title_yaml(id="quiet-days", title="Other Quiet Days"),
                     encoding="utf-8")
    result = invoke("--catalog", str(mine), "--catalog", str(clash), "list")
    assert result.exit_code == 2
    assert f"{clash}:2: title 'quiet-days': duplicate id (first at {mine}:" in result.stderr


def test_bad_user_catalogue_is_reported_with_its_line(invoke, tmp_path):
    """A mistake in your file: exit 2, your file and line."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("titles:\n" + title_yaml(id="oops", tears=9), encoding="utf-8")
    result = invoke("--catalog", str(bad), "themes")
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "'tears' must be from 1 to 5, got 9" in result.stderr


def test_missing_catalog_file(invoke, tmp_path):
    """A --catalog path that does not exist is named."""
    result = invoke("--catalog", str(tmp_path / "nope.yaml"), "list")
    assert result.exit_code == 2
    assert "nope.yaml: file not found" in result.stderr


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["recommend", "-t", "slow-burn", "--json"], lambda out: ids(out) == ["quiet-days"]),
        (["random", "-t", "slow-burn", "--json"],
         lambda out: json.loads(out)["id"] == "quiet-days"),
        (["show", "quiet days", "--json"], lambda out: json.loads(out)["id"] == "quiet-days"),
        (["themes", "--json"], lambda out: any(t["id"] == "slow-burn" and t["titles"] == 1
                                               for t in json.loads(out))),
        (["check"], lambda out: "No problems in" in out and "mine.yaml" in out),
    ],
)
def test_every_command_sees_the_merged_catalogue(invoke, mine, args, check):
    """recommend, random, show, themes and check all use your titles and themes."""
    result = invoke("--catalog", str(mine), *args)
    assert result.exit_code == 0, result.stderr
    assert check(result.stdout)


def test_watched_commands_see_your_titles(invoke, mine):
    """You can add your own titles to your watched list and see them listed."""
    added = invoke("--catalog", str(mine), "watched", "add", "long goodbye")
    assert added.stdout == "Added: Long Goodbye.\n"
    listed = invoke("--catalog", str(mine), "watched", "list", "--json")
    assert ids(listed.stdout) == ["long-goodbye"]
    without = invoke("watched", "list", "--json")  # the catalogue that defined it is gone
    assert without.exit_code == 0 and without.stdout == "[]\n"  # empty is not an error
    assert "not in the catalogues in use" in without.stderr and "long-goodbye" in without.stderr


@pytest.mark.parametrize(("kind", "add"), [("watched", "watched"), ("planned", "plan")])
def test_a_list_of_only_titles_the_catalogues_lack_says_so_not_empty(invoke, mine, kind,
                                                                      add):
    """watched list and plan list alike: the titles no catalogue in use has are named in a
    note, and a list of only those is never called empty."""
    assert invoke("--catalog", str(mine), add, "add", "long goodbye").exit_code == 0
    result = invoke(add, "list")
    assert result.exit_code == 0
    assert f"Note: 1 {kind} title is not in the catalogues in use" in result.stderr
    assert "long-goodbye" in result.stderr and "empty" not in result.stderr
    assert invoke("--catalog", str(mine), add, "list").stderr == ""
