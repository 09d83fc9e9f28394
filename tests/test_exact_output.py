"""The outputs people read, to the character: the group's help, one error, tonight's
questions, and the human output of every command at 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import plain, title_yaml

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
    "  --no-spoilers   Hide them (undoes config.yml's spoilers: true).\n"
    "  --no-pager      Never page long output (by default output taller than the\n"
    "                  terminal goes to $CRYANIME_PAGER, $PAGER or less -FRX).\n"
    "  -V, --version   Show the version and exit.\n"
    "  -h, --help      Show this message and exit.\n"
    "\n"
    "Commands:\n"
    "  check       Check catalogue files for every problem at once.\n"
    "  completion  Print the shell completion script for SHELL.\n"
    "  help        Show a command's help, as COMMAND --help does.\n"
    "  list        List the titles that pass every filter, as a table.\n"
    "  plan        Your plan-to-watch list.\n"
    "  random      One title, drawn at random from those that pass the filters.\n"
    "  recommend   Ranked picks, each with the reason it was picked.\n"
    "  show        Everything about one title.\n"
    "  stats       Your watched list in numbers: titles, hours, your tears,...\n"
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


# Every command's human output at 80 columns, to the character, on the two-title catalogue
# (tests/fixtures/exact/NAME.txt holds what a person sees: stdout, then stderr after a
# "--- stderr ---" line when there is any). Each case: (name, steps before, the command).
EXACT = Path(__file__).parent / "fixtures" / "exact"
COMMANDS = [
    ("recommend", [], ["recommend", "--theme", "grief"]),
    ("random", [], ["random", "--seed", "1"]),
    ("show", [], ["show", "alpha"]),
    ("themes", [], ["themes"]),
    ("tonight", [], ["tonight", "--time", "any", "--tears", "5", "--ending", "any",
                     "--no-input", "--seed", "1"]),
    ("watched-add", [], ["watched", "add", "alpha", "--loved", "--tears", "5"]),
    ("watched-list", [["watched", "add", "alpha", "--loved"], ["watched", "add", "bravo"]],
     ["watched", "list"]),
    ("watched-remove", [["watched", "add", "alpha"]], ["watched", "remove", "alpha"]),
    ("watched-clear", [["watched", "add", "alpha"]], ["watched", "clear", "--yes"]),
    ("plan-add", [], ["plan", "add", "bravo"]),
    ("plan-list", [["plan", "add", "bravo"]], ["plan", "list"]),
    ("plan-remove", [["plan", "add", "bravo"]], ["plan", "remove", "bravo"]),
    ("completion", [], ["completion", "bash"]),
]


def _seen(result) -> str:
    """What a person sees of a run, styles removed (the drawing is kept)."""
    text = plain(result.stdout)
    if result.stderr:
        text += "--- stderr ---\n" + plain(result.stderr)
    return text


@pytest.mark.parametrize(("name", "before", "args"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_commands_human_output_at_80_columns(invoke, two_titles, monkeypatch, name,
                                                   before, args):
    monkeypatch.setattr("cryanime.state.now", lambda: "2026-11-30T20:00:00+00:00")  # a clock
    for step in before:
        assert invoke(*step).exit_code == 0
    result = invoke(*args, env=PLAIN_TERMINAL)
    assert result.exit_code == 0, result.stderr
    assert _seen(result) == (EXACT / f"{name}.txt").read_text(encoding="utf-8")


def test_check_and_import_human_output_at_80_columns(invoke, write_catalogue, tmp_path):
    """check on a file of one's own, and an import into an empty list (the bundled
    catalogue, which the export's titles are in)."""
    mine = write_catalogue(title_yaml(id="mine", title="Mine"), name="mine.yaml")
    checked = invoke("--no-bundled", "--catalog", str(mine), "check", env=PLAIN_TERMINAL)
    assert checked.exit_code == 0
    assert _seen(checked).replace(str(mine), "MINE") == (EXACT / "check.txt").read_text()
    export = Path(__file__).parent / "fixtures" / "mal" / "animelist.xml.gz"
    imported = invoke("watched", "import", str(export), env=PLAIN_TERMINAL)
    assert imported.exit_code == 0
    assert _seen(imported) == (EXACT / "import.txt").read_text(encoding="utf-8")


def test_stats_at_80_columns(invoke, two_titles):
    assert invoke("watched", "add", "alpha", "--loved", "--tears", "4").exit_code == 0
    assert invoke("watched", "add", "bravo").exit_code == 0
    result = invoke("stats", env=PLAIN_TERMINAL)
    assert result.exit_code == 0
    assert [line.rstrip() for line in result.stdout.splitlines()] == STATS_TEXT


STATS_TEXT = [
    "2 titles watched (1 loved): 1 film and 1 series, 6.4 hours in all.",
    "The catalogue's tears for them: 4 on average. Yours, for the 1 you rated: 4 (the",
    "catalogue says 5 for those).",
    "",
    "Tears, as the catalogue has them",
    "1/5 0",
    "2/5 0",
    "3/5 1 ████████████████████████",
    "4/5 0",
    "5/5 1 ████████████████████████",
    "",
    "Your tears",
    "1/5 0",
    "2/5 0",
    "3/5 0",
    "4/5 1 ████████████████████████",
    "5/5 0",
    "",
    "Themes you met most",
    "grief      2 ████████████████████████",
    "family     1 ████████████",
    "first love 1 ████████████",
    "war        1 ████████████",
    "",
    "Warnings you met most",
    "gore 1 ████████████████████████",
    "",
    "By decade",
    "2000s 1 ████████████████████████",
    "2010s 1 ████████████████████████",
    "",
]
