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
    result = invoke("recommend", "--json")  # a command that uses every setting it names
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


@pytest.mark.parametrize("text", ["limit: ten\n", "era: someday\n", "limit: [3\n",
                                  "limt: 3\n"])
def test_a_bad_setting_leaves_help_completion_and_help_commands_alone(invoke, config, text):
    """Help, completion scripts and `help` read no setting: they run whatever config.yml
    holds (so `eval "$(cryanime completion bash)"` in .bashrc never breaks)."""
    config(text)
    for args in (["recommend", "--help"], ["watched", "list", "--help"], ["--help"],
                 ["completion", "bash"], ["help", "recommend"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)


def test_a_bad_setting_stops_only_the_commands_that_use_it(invoke, config, catalogue):
    """`limit: ten` stops recommend (its -n default) and nothing else: list, check and
    watched list run."""
    config("limit: ten\n")
    stopped = invoke("recommend", "--json")
    assert stopped.exit_code == 2 and "'limit' must be a whole number" in stopped.stderr
    assert invoke("recommend", "-n", "2", "--json").exit_code == 2  # still its setting
    for args in (["list", "--json"], ["check"], ["watched", "list"], ["themes"],
                 ["show", "clannad"]):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize(("text", "era"), [("era: 2011\n", [2011, 2011]),
                                           ("era: -1999\n", [None, 1999]),
                                           ("era: 1990s\n", [1990, 1999])])
def test_a_number_for_era_is_an_era(invoke, config, catalogue, text, era):
    """YAML reads `era: 2011` and `era: -1999` as numbers: they are eras all the same."""
    config(text)
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.output
    years = [t["year"] for t in json.loads(result.stdout)]
    assert years and all((era[0] or 0) <= y <= era[1] for y in years)


@pytest.mark.parametrize("kind", ["folder", "dangling link", "link loop", "unreadable"])
def test_a_config_that_cannot_be_read_is_said_not_ignored(invoke, tmp_path, monkeypatch,
                                                           kind):
    folder = tmp_path / "config" / "cryanime"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yml"
    if kind == "folder":
        path.mkdir()
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "nowhere.yml")
    elif kind == "link loop":
        path.symlink_to(path)
    else:
        path.write_text("limit: 3\n", encoding="utf-8")
        path.chmod(0)
        if os.access(path, os.R_OK):  # root reads anything: refuse it as the OS would
            from cryanime.files import FileProblem

            def refused(file, **kwargs):
                raise FileProblem(file, "cannot be read: permission denied",
                                  "check the file's permissions")

            monkeypatch.setattr("cryanime.yamlfile.read_regular", refused)
    result = invoke("list", "--json")
    assert result.exit_code == 2, result.output
    assert "config.yml" in result.stderr and "Traceback" not in result.stderr
    assert invoke("--help").exit_code == 0


def test_a_relative_catalog_path_is_taken_from_the_config_files_folder(
        invoke, config, tmp_path, monkeypatch):
    path = config("catalog: [mine.yaml]\n")
    from conftest import title_yaml

    (path.parent / "mine.yaml").write_text("titles:\n" + title_yaml(
        id="long-goodbye", title="Long Goodbye"), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("show", "long goodbye", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "long-goodbye"


def test_a_config_default_can_be_undone_for_one_run(invoke, config):
    """--era any, --no-spoilers and `ending: any` in the file: no era, spoilers hidden,
    any ending."""
    config("era: 1980s\nspoilers: true\nending: any\n")
    eras = {t["year"] // 10 * 10 for t in json.loads(invoke("list", "--json").stdout)}
    assert eras == {1980}
    anything = json.loads(invoke("list", "--era", "any", "--json").stdout)
    assert len({t["year"] // 10 for t in anything}) > 3
    endings = {t["ending"] for t in anything}
    assert len(endings) == 3  # ending: any is no ending filter
    spoiled = invoke("show", "your name", "--plain")  # tab-separated: the themes column
    hidden = invoke("show", "your name", "--plain", "--no-spoilers")
    assert "time-travel" in spoiled.stdout and "time-travel" not in hidden.stdout
    assert "time-travel" not in invoke("--no-spoilers", "show", "your name").stdout


def test_an_empty_results_hint_names_the_config_not_a_flag_never_typed(invoke, config):
    """Nothing from config.yml's era: the hint says it is config.yml's era and how to undo
    it for one run, not "without --era" (which was never typed)."""
    config("era: 1917\n")
    result = invoke("list", "--theme", "grief")
    assert result.exit_code == 1
    assert "Try without config.yml's era: 1917 (--era any)" in result.stderr
    assert "without --era (" not in result.stderr
    typed = invoke("list", "--theme", "grief", "--era", "1917")
    assert "Try without --era (" in typed.stderr
    picked = invoke("recommend", "--theme", "grief")
    assert "config.yml's era: 1917 (--era any)" in picked.stderr


def test_ending_any_on_the_command_line_undoes_the_files_ending(invoke, config):
    config("ending: bittersweet\n")
    assert {t["ending"] for t in json.loads(invoke("list", "--json").stdout)} == {"bittersweet"}
    every = json.loads(invoke("list", "--ending", "any", "--json").stdout)
    assert {t["ending"] for t in every} == {"hopeful", "bittersweet", "devastating"}
