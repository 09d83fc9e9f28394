"""The outputs people read most, to the character: the group's help, one error, one table
at a fixed width, and tonight's questions."""

from __future__ import annotations

import pytest

from conftest import title_yaml

PLAIN_TERMINAL = {"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": "80"}  # drawn, no styles


@pytest.fixture
def two_titles(write_catalogue, use_catalogue):
    return use_catalogue(write_catalogue(
        title_yaml(id="alpha", title="Alpha", format="film", year=2001, episodes=None,
                   runtime_minutes=95, themes="[grief, family, war]", tears=5,
                   ending="devastating", warnings="[gore]")
        + title_yaml(id="bravo", title="Bravo Station", year=2015, themes="[first-love, grief]",
                     tears=3)))


def test_group_help(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    assert result.stdout == GROUP_HELP_TEXT


def test_an_unknown_theme(invoke):
    result = invoke("list", "--theme", "greif")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == UNKNOWN_THEME_TEXT


def test_the_list_table_at_80_columns(invoke, two_titles):
    result = invoke("list", env=PLAIN_TERMINAL)
    assert result.exit_code == 0
    assert result.stdout == LIST_TABLE_TEXT


def test_tonights_questions(invoke, two_titles, monkeypatch):
    monkeypatch.setattr("cryanime.cli.tonight.stdin_is_terminal", lambda: True)
    result = invoke("tonight", "--plain", "--seed", "1", input="4\n5\n4\nq\n")
    assert result.exit_code == 0
    questions = [line for line in result.stderr.splitlines() if line.endswith(": 4")
                 or line.endswith(": 5") or line.endswith(": q")]
    assert questions == TONIGHT_QUESTIONS


GROUP_HELP_TEXT = (
    "Usage: cryanime [OPTIONS] COMMAND [ARGS]...\n"
    "\n"
    "  Find an anime that will make you cry tonight.\n"
    "\n"
    "  An offline recommender over a hand-curated catalogue of sad, emotional anime.\n"
    "  Filter by theme, format and era; get ranked picks that say why.\n"
    "\n"
    "  Examples:\n"
    "    cryanime recommend --theme grief\n"
    "    cryanime list --film --era 2010s\n"
    "    cryanime random --min-tears 4\n"
    "    cryanime show \"your lie\"\n"
    "    cryanime watched add clannad --loved\n"
    "    cryanime --catalog my-titles.yaml list\n"
    "\n"
    "  Defaults for --without, -n, --era, --min-tears, --ending, --catalog and\n"
    "  --spoilers can come from config.yml in your config directory (or the file\n"
    "  $CRYANIME_CONFIG names); see the README.\n"
    "\n"
    "Options:\n"
    "  --catalog PATH  Add a catalogue file of your own (repeatable).\n"
    "                  CRYANIME_CATALOG adds more, separated by the OS path\n"
    "                  separator.\n"
    "  --no-bundled    Leave the bundled catalogue out.\n"
    "  --spoilers      Show the themes that would give a twist away (hidden by\n"
    "                  default; --json always has them).\n"
    "  --no-pager      Never page long output (by default output taller than the\n"
    "                  terminal goes to $CRYANIME_PAGER, $PAGER or less -FRX).\n"
    "  --version       Show the version and exit.\n"
    "  -h, --help      Show this message and exit.\n"
    "\n"
    "Commands:\n"
    "  check       Check catalogue files for every problem at once.\n"
    "  completion  Print the shell completion script for SHELL.\n"
    "  list        List the titles that pass every filter, as a table.\n"
    "  plan        Your plan-to-watch list.\n"
    "  random      One title, drawn at random from those that pass the filters.\n"
    "  recommend   Ranked picks, each with the reason it was picked.\n"
    "  show        Everything about one title.\n"
    "  themes      The theme and warning vocabulary, with how many titles carry...\n"
    "  tonight     A pick for tonight, from three questions: time, tears and...\n"
    "  watched     Your list of watched titles, and the ones you loved.\n"
    ""
)

UNKNOWN_THEME_TEXT = (
    "Usage: cryanime list [OPTIONS]\n"
    "Try 'cryanime list --help' for help.\n"
    "\n"
    "Error: Invalid value for '--theme' / '-t': unknown theme 'greif'. Did you mean 'grief'? "
    "Run 'cryanime themes' to see them all.\n"
    ""
)

LIST_TABLE_TEXT = (
    "┏━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┓\n"
    "┃ Title         ┃ Year ┃ Format ┃  Length ┃ Themes             ┃ Tears ┃\n"
    "┡━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━┩\n"
    "│ Alpha         │ 2001 │ film   │  95 min │ grief, family, war │ ●●●●● │\n"
    "│ Bravo Station │ 2015 │ series │   12 ep │ first love, grief  │ ●●●○○ │\n"
    "└───────────────┴──────┴────────┴─────────┴────────────────────┴───────┘\n"
    "2 titles\n"
    ""
)

TONIGHT_QUESTIONS = [
    "How much time do you have?   [1] under 2 hours  [2] an evening (~4 h)  [3] a weekend  "
    "[4] no limit [2]: 4",
    "How hard do you want to cry? [1] a lump in the throat … [5] ruin me [3]: 5",
    "How should it leave you?     [1] hopeful  [2] bittersweet  [3] devastating  [4] any "
    "[4]: 4",
    "Watch this? [y]es / [n]ext / [q]uit [y]: q",
]
