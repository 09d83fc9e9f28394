"""config.yml: defaults for options, and what a broken one does."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


@pytest.fixture
def config(monkeypatch, tmp_path):
    """Write the user's config.yml (in $XDG_CONFIG_HOME/cryanime/, where it is looked for)."""
    def write(text: str) -> Path:
        path = Path(os.environ["XDG_CONFIG_HOME"]) / "cryanime" / "config.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def ids(stdout: str) -> list[str]:
    data = json.loads(stdout)
    return [d["id"] for d in data] if isinstance(data, list) else [data["id"]]


def test_without_in_the_config_applies_everywhere_and_adds_to_the_flag(invoke, catalogue,
                                                                        config):
    config("without: [sexual-violence]\n")
    listed = json.loads(invoke("list", "--json").stdout)
    assert listed and all("sexual-violence" not in t["warnings"] for t in listed)
    both = json.loads(invoke("list", "--without", "gore", "--json").stdout)
    assert all({"gore", "sexual-violence"}.isdisjoint(t["warnings"]) for t in both)
    picks = json.loads(invoke("recommend", "-n", "50", "--json").stdout)
    assert all("sexual-violence" not in p["warnings"] for p in picks)


def test_a_flag_replaces_the_configs_value(invoke, config):
    config("limit: 3\nmin_tears: 5\nera: 2010s\nending: bittersweet\n")
    picks = json.loads(invoke("recommend", "--theme", "grief", "--json").stdout)
    assert len(picks) == 3
    assert all(p["tears"] == 5 and 2010 <= p["year"] <= 2019 and p["ending"] == "bittersweet"
               for p in picks)
    picks = json.loads(invoke("recommend", "--theme", "grief", "-n", "7", "--min-tears", "4",
                              "--era", "2000s", "--json").stdout)
    assert len(picks) == 7  # -n 7 replaces limit: 3
    assert all(2000 <= p["year"] <= 2009 and p["tears"] >= 4 for p in picks)


def test_tonight_takes_its_ending_from_the_config_and_does_not_ask_it(invoke, config,
                                                                      monkeypatch):
    config("ending: devastated\n")
    monkeypatch.setattr("cryanime.cli.tonight.stdin_is_terminal", lambda: True)
    result = invoke("tonight", "--time", "any", "--tears", "5", "--plain", input="y\nn\n")
    assert "How should it leave you?" not in result.stderr
    assert result.stdout.split("\t")[7] == "devastating"


def test_catalog_and_spoilers(invoke, config, tmp_path, write_catalogue):
    from conftest import title_yaml

    mine = write_catalogue(title_yaml(id="my-own", title="My Own Title"), vocabulary="",
                           name="mine.yaml")
    config(f"catalog: [{mine}]\nspoilers: true\n")
    assert invoke("show", "my own title", "--json").exit_code == 0
    card = invoke("show", "your name", env={"FORCE_COLOR": "1"}).stdout
    assert "time travel" in card and "hidden" not in card


def test_cryanime_config_names_another_file(invoke, monkeypatch, tmp_path):
    path = tmp_path / "elsewhere.yml"
    path.write_text("limit: 2\n", encoding="utf-8")
    monkeypatch.setenv("CRYANIME_CONFIG", str(path))
    assert len(json.loads(invoke("recommend", "--json").stdout)) == 2


@pytest.mark.parametrize(("text", "message"), [
    ("limt: 3\n", "config.yml:1: unknown setting 'limt' — did you mean 'limit'?"),
    ("era: 2010s\nlimit: many\n", "config.yml:2: 'limit' must be a whole number of picks"),
    ("min_tears: 9\n", "config.yml:1: 'min_tears': 9 is not in the range 1<=x<=5"),
    ("ending: sad\n", "config.yml:1: 'ending': 'sad' is not an ending"),
    ("era: someday\n", "config.yml:1: 'era': 'someday' is not an era"),
    ("without: [gorre]\n", "config.yml:1: 'without': unknown theme or warning 'gorre'"),
    ("limit: [3\n", "config.yml:2: not valid YAML"),
    ("- just\n- a list\n", "config.yml:1: must be a mapping of settings"),
    ("limit: 3\nlimit: 4\n", "config.yml:2: duplicate key 'limit'"),
])
def test_a_broken_config_is_exit_2_naming_file_and_line_and_nothing_runs(
        invoke, config, text, message):
    path = config(text)
    result = invoke("list", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr, result.stderr
    assert str(path).rsplit("/", 1)[0] in result.stderr or "config.yml" in result.stderr


def test_a_missing_cryanime_config_file_is_an_error(invoke, monkeypatch, tmp_path):
    monkeypatch.setenv("CRYANIME_CONFIG", str(tmp_path / "nope.yml"))
    result = invoke("list")
    assert result.exit_code == 2
    assert "nope.yml: file not found — check the path in $CRYANIME_CONFIG" in result.stderr


def test_without_a_config_file_nothing_changes_and_yaml_is_not_read(invoke):
    """No file: the defaults are the program's (and the config costs no YAML parse)."""
    assert len(json.loads(invoke("recommend", "--json").stdout)) == 5


def test_every_command_help_mentions_the_config(invoke):
    for command in ("list", "recommend", "random", "tonight"):
        assert "config.yml" in invoke(command, "--help").stdout, command
