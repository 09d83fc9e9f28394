"""The README and --help stay true to the program."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from cryanime.cli import cli
from cryanime.output import RECOMMEND_COLUMNS, THEME_COLUMNS, TITLE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
def _walk(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    found = {}
    for name, command in group.commands.items():
        found[prefix + name] = command
        if isinstance(command, click.Group):
            found.update(_walk(command, f"{prefix}{name} "))
    return found


ALL = _walk(cli)
COMMANDS = sorted(ALL)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_examples(name):
    """`--help` of every command starts with what it does and shows examples."""
    command = ALL[name]
    assert command.help and command.help.strip()[0].isupper()
    assert "Examples:" in command.help
    examples = command.help.split("Examples:")[1]
    assert examples.count("cryanime ") >= 2


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name):
    """Each command appears in the README's command table."""
    if isinstance(ALL[name], click.Group):
        assert f"`cryanime {name} " in README
    else:
        assert f"| `cryanime {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name):
    """Each option of each command is mentioned somewhere in the README."""
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    # where an option is documented: code spans, and the commands of the examples
    spans = [*re.findall(r"`([^`\n]+)`", prose),
             *re.findall(r"^\$ (cryanime .*)$", README, flags=re.M)]
    for param in ALL[name].params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            # every spelling that has a long form: `-n` in the README does not document
            # `--limit`
            for opt in [o for o in param.opts if o.startswith("--")] or param.opts:
                assert any(re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", span)
                           for span in spans), (name, opt)


def test_global_options_are_documented():
    """--catalog and --no-bundled are explained in the README."""
    for param in cli.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert any(f"`{opt}" in README for opt in param.opts), param.opts


def test_readme_lists_every_theme(catalogue):
    """The theme table in the README covers the whole vocabulary."""
    for theme_id in [*catalogue.themes, *catalogue.warnings]:
        assert f"`{theme_id}`" in README


def test_readme_tsv_columns_match_the_code():
    """The documented tab-separated columns are the real ones, in order."""
    def listed(columns):
        return ", ".join(f"`{c}`" for c in columns)

    assert listed(TITLE_COLUMNS) in README
    assert "`score`, then the columns above, then `reasons`" in README
    assert ("score", *TITLE_COLUMNS, "reasons") == RECOMMEND_COLUMNS
    assert listed(THEME_COLUMNS[1:]).replace("`titles`", "`titles` (how many carry it)") in README


def test_readme_json_example_is_real_output(invoke):
    """The JSON example in the README is what `show clannad --json` prints today."""
    block = README.split("$ cryanime show clannad --json\n", 1)[1].split("```", 1)[0]
    assert json.loads(block) == json.loads(invoke("show", "clannad", "--json").stdout)


def test_readme_examples_are_real_output(invoke):
    """The README's recommend example lists the same picks, in order, as the program."""
    block = README.split("$ cryanime recommend --theme grief\n", 1)[1].split("```", 1)[0]
    shown = re.findall(r"│ \d │ (\S[^│]*?)\s*│", block)
    picks = json.loads(invoke("recommend", "--theme", "grief", "--json").stdout)
    assert [p["title"].split(" ")[0] for p in picks] == [s.split(" ")[0] for s in shown]


def test_readme_has_the_two_setup_commands():
    """Exactly two set-up commands, and .ci/run runs them as written."""
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", setup)
    assert len(commands) == 2
    assert "cryanime recommend --theme grief" in commands[0]
    assert "pytest" in commands[1] and "[test]" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "Install and run the main job" in ci and "Install the test dependencies" in ci


def test_readme_tonight_session_is_reproducible(invoke, monkeypatch):
    """The README's tonight session, answered the same way with its --seed, offers the
    same titles in the same order and ends the same way."""
    session = README[README.index("$ cryanime tonight --seed"):]
    session = session[:session.index("```")]
    found = re.search(r"--seed (\d+)", session)
    assert found is not None
    seed = found.group(1)
    answers = re.findall(r"(?:\[\d\]|\[y\]|\[Y/n\]|Enter to skip): (.*)", session)
    monkeypatch.setattr("cryanime.cli.tonight.stdin_is_terminal", lambda: True)
    result = invoke("tonight", "--seed", seed, input="".join(a + "\n" for a in answers),
                    env={"COLUMNS": "90"})
    assert result.exit_code == 0, result.output
    shown = re.findall(r"╭─ (.+?) ─", result.output)
    assert shown == re.findall(r"╭─ (.+?) ─", session)
    assert session.strip().splitlines()[-1] in result.output


def test_readme_markdown_example_is_real_output(invoke):
    """The README's Markdown example is what the command prints today."""
    command = '$ cryanime recommend --theme "first love" -n 3 --markdown\n'
    block = README.split(command, 1)[1].split("\n$ ", 1)[0] + "\n"
    assert block == invoke("recommend", "--theme", "first love", "-n", "3",
                           "--markdown").stdout
