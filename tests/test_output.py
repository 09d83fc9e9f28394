"""Output modes: rich on a terminal, TSV when piped, JSON on request; colour rules; escaping."""

from __future__ import annotations

import itertools
import json
import os
import re
import sys

import pytest

from conftest import plain, read_pty, title_yaml
from cryanime.output import LIST_COLUMNS, RECOMMEND_COLUMNS, TITLE_COLUMNS, clean

TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "120"}
ESC = "\x1b"
JSON_TITLE_KEYS = {"id", "title", "romaji", "native", "aliases", "format", "year", "studio",
                   "mal_id", "themes", "warnings", "tears", "ending", "pitch", "seed_pick",
                   "related", "after", "spoiler_themes", "sources", "lists", "genres",
                   "creators", "similar"}


class TestJson:
    def test_list_json_is_an_array_of_title_objects(self, invoke):
        """`list --json`: an array; each object has the documented keys and nothing else."""
        data = json.loads(invoke("list", "--json").stdout)
        assert isinstance(data, list) and data
        for item in data:
            film = item["format"] == "film"
            length = {"runtime_minutes"} if film else {"episodes", "episode_minutes", "seasons"}
            assert set(item) == JSON_TITLE_KEYS | length | {"watched", "planned"}
            assert item["watched"] is False
            length_key = "runtime_minutes" if film else "episodes"
            assert isinstance(item["themes"], list) and isinstance(item[length_key], int)

    def test_recommend_json_adds_score_and_reasons(self, invoke):
        """`recommend --json` adds a numeric score and a list of reasons."""
        data = json.loads(invoke("recommend", "-t", "grief", "--json").stdout)
        assert len(data) == 5  # the default -n: an empty answer must not pass
        for item in data:
            assert isinstance(item["score"], (int, float))
            assert item["reasons"] and all(isinstance(r, str) for r in item["reasons"])

    @pytest.mark.parametrize("args", [["random", "--seed", "1"], ["show", "clannad"]])
    def test_single_title_commands_print_one_object(self, invoke, args):
        """random and show print one object."""
        data = json.loads(invoke(*args, "--json").stdout)
        assert isinstance(data, dict) and set(data) >= JSON_TITLE_KEYS

    def test_json_is_never_coloured(self, invoke):
        """Even with FORCE_COLOR, JSON carries no escape codes and no table."""
        result = invoke("show", "clannad", "--json", env=TERMINAL)
        assert ESC not in result.stdout
        assert json.loads(result.stdout)["id"] == "clannad"


class TestPlain:
    def test_piped_output_is_tsv_with_documented_columns(self, invoke, catalogue):
        """Not a terminal: one line per title, columns in the documented order, no colour."""
        result = invoke("list")
        assert ESC not in result.stdout
        assert not re.search(r"[┏━│╭]", result.stdout)
        lines = result.stdout.splitlines()
        assert len(lines) == len(catalogue.titles)
        row = dict(zip(LIST_COLUMNS, lines[0].split("\t"), strict=True))
        title = catalogue.get(row["id"])
        assert row["title"] == title.title and int(row["year"]) == title.year
        assert row["themes"] == ",".join(title.themes)

    def test_recommend_columns(self, invoke):
        """Recommend rows are score, the title columns, then the reasons."""
        line = invoke("recommend", "-t", "war", "-n", "1").stdout.splitlines()[0]
        row = dict(zip(RECOMMEND_COLUMNS, line.split("\t"), strict=True))
        assert float(row["score"]) > 0 and row["reasons"].startswith("carries 'war'")

    def test_plain_flag_wins_over_a_terminal(self, invoke):
        """--plain gives TSV even where the terminal would get a table."""
        result = invoke("list", "--film", "--plain", env=TERMINAL)
        assert ESC not in result.stdout and "\t" in result.stdout


class TestRich:
    def test_force_color_gives_a_table(self, invoke, catalogue):
        """FORCE_COLOR makes the output a terminal's: a coloured table with headers."""
        result = invoke("list", "--film", env=TERMINAL)
        assert result.exit_code == 0
        assert ESC in result.stdout
        assert "Grave of the Fireflies" in result.stdout and "Title" in result.stdout
        films = sum(t.format == "film" for t in catalogue.titles)
        assert f"{films} titles" in result.stdout

    def test_recommend_table_shows_why(self, invoke):
        """The recommendation table has a Why column with the reasons."""
        result = invoke("recommend", "-t", "grief", env=TERMINAL)
        assert "Why" in result.stdout and "carries" in result.stdout

    @pytest.mark.parametrize("args", [["random", "--seed", "2"], ["show", "grave"]])
    def test_card(self, invoke, args):
        """random and show draw a card with the details and the pitch."""
        result = invoke(*args, env=TERMINAL)
        assert result.exit_code == 0
        for label in ("Native", "Year", "Format", "Studio", "Themes", "Tears", "Ending"):
            assert label in result.stdout

    def test_show_card_content(self, invoke, catalogue):
        """The card carries the title's facts."""
        text = invoke("show", "grave", env=TERMINAL).stdout
        assert "火垂るの墓" in text and "Studio Ghibli" in text and "89 min" in text

    def test_themes_tables(self, invoke):
        """themes draws the theme and warning vocabularies."""
        text = invoke("themes", env=TERMINAL).stdout
        assert "Themes" in text and "Content warnings" in text and "first love" in text

    def test_no_color_removes_colour(self, invoke):
        """NO_COLOR: no colour codes (bold may remain, as no-color.org allows)."""
        text = invoke("list", env={**TERMINAL, "NO_COLOR": "1"}).stdout
        assert "│" in text
        assert not re.search(r"\x1b\[[0-9;]*3[0-9]", text)  # no foreground colour
        assert not re.search(r"\x1b\[38;", text)

    def test_term_dumb_removes_all_styling(self, invoke):
        """TERM=dumb: a table still, but not a single escape sequence."""
        text = invoke("list", env={**TERMINAL, "TERM": "dumb"}).stdout
        assert "Clannad" in text and "┃" in text
        assert ESC not in text


class TestEscaping:
    @pytest.fixture
    def hostile(self, write_catalogue, use_catalogue):
        use_catalogue(write_catalogue(title_yaml(
            id="markup", title="'[bold red]Boom[/] [link=http://x]y'",
            pitch='"Bell \\a and \\e]0;pwned\\x07 title and \\u202e reversed"',  # YAML escapes
        )))

    @pytest.mark.parametrize("args", [["list"], ["show", "markup"], ["recommend"]])
    def test_markup_prints_literally(self, invoke, hostile, args):
        """Rich markup in catalogue data is shown as text, never interpreted."""
        result = invoke(*args, env={**TERMINAL, "COLUMNS": "200"})
        assert result.exit_code == 0, result.stderr
        assert "[bold red]Boom[/] [link=http://x]y" in result.stdout

    @pytest.mark.parametrize("env", [TERMINAL, {}])
    def test_control_characters_never_reach_the_terminal(self, invoke, hostile, env):
        """BEL, OSC title sequences and bidi overrides come out escaped, in rich and TSV."""
        result = invoke("show", "markup", env={**env, "COLUMNS": "200"})
        assert "\x07" not in result.stdout and "\x1b]0" not in result.stdout
        assert "\u202e" not in result.stdout
        assert "\\x07" in result.stdout and "\\u202e" in result.stdout

    def test_clean(self):
        """clean() keeps printable text and makes the rest visible."""
        assert clean("Steins;Gate 四月") == "Steins;Gate 四月"
        assert clean("a\tb\nc") == "a b c"
        assert clean("\x1b[31mred") == "\\x1b[31mred"


def test_card_gives_the_watch_order(invoke):
    """A sequel's card says what to watch first; the first part's card names what follows;
    --json carries both."""
    def card(*args):
        return plain(invoke(*args, env=TERMINAL).stdout)

    text = card("show", "after story")
    assert re.search(r"Watch first\s+Clannad\s", text)
    text = card("show", "clannad")
    assert re.search(r"Then\s+Clannad: After Story", text)
    first = json.loads(invoke("show", "clannad", "--json").stdout)
    assert (first["after"], first["followed_by"]) == (None, ["clannad-after-story"])
    sequel = json.loads(invoke("show", "after story", "--json").stdout)
    assert (sequel["after"], sequel["followed_by"]) == ("clannad", [])


class TestSpoilerThemes:
    """Your Name marks 'time travel' and 'disaster' as spoilers."""

    def _card(self, invoke, *args):
        return plain(invoke("show", "your name", *args,
                                                    env=TERMINAL).stdout)

    def test_the_card_hides_them_and_says_so(self, invoke):
        text = self._card(invoke)
        assert "time travel" not in text and "disaster" not in text
        assert "(+2 themes hidden: spoilers; --spoilers shows them)" in text

    @pytest.mark.parametrize("where", ["before", "after"])
    def test_spoilers_shows_them_before_or_after_the_command(self, invoke, where):
        args = ("--spoilers", "show", "your name") if where == "before" else (
            "show", "your name", "--spoilers")
        text = plain(invoke(*args, env=TERMINAL).stdout)
        assert "time travel" in text and "hidden" not in text

    def test_tab_separated_lines_leave_them_out(self, invoke):
        row = invoke("show", "your name", "--plain").stdout.split("\t")
        themes = row[TITLE_COLUMNS.index("themes")].split(",")
        assert "time-travel" not in themes and themes
        row = invoke("show", "your name", "--plain", "--spoilers").stdout.split("\t")
        assert "time-travel" in row[TITLE_COLUMNS.index("themes")].split(",")

    def test_filters_still_use_them(self, invoke):
        result = invoke("list", "--theme", "time travel", "--plain")
        assert "your-name\t" in result.stdout

    def test_json_keeps_every_theme_and_names_the_spoilers(self, invoke):
        card = json.loads(invoke("show", "your name", "--json").stdout)
        assert "time-travel" in card["themes"]
        assert set(card["spoiler_themes"]) == {"time-travel", "disaster"}

    def test_the_list_table_hides_them(self, invoke):
        text = invoke("list", "--film", "--era", "2016", env=TERMINAL).stdout
        row = next(line for line in text.splitlines() if "Your Name" in line)
        assert "time travel" not in row and "disaster" not in row


class TestWarningsWhereTheChoiceIsMade:
    def test_the_recommend_table_shows_each_picks_warnings(self, invoke, catalogue):
        """Under each title in the table: its content warnings, by name."""
        text = plain(invoke("recommend", "--theme", "war", "--film",
                                                   env=TERMINAL).stdout)
        assert "Grave of the Fireflies" in text and "⚠ war atrocity, death of a child" in text
        picks = json.loads(invoke("recommend", "--theme", "war", "--film", "--json").stdout)
        assert text.count("⚠") == sum(bool(p["warnings"]) for p in picks) > 0

    def test_the_tonight_card_shows_the_warnings(self, invoke, catalogue):
        """tonight's card has a Warnings line, so nobody needs `show` to find out."""
        text = plain(invoke(
            "tonight", "--time", "any", "--tears", "5", "--ending", "devastating", "--seed",
            "3", "--no-input", env=TERMINAL).stdout)
        title = next(t for t in catalogue.titles if f" {t.title} " in text.splitlines()[0])
        names = ", ".join(catalogue.theme_name(w) for w in title.warnings) or "none listed"
        assert re.search(r"Warnings\s+" + re.escape(names[:20]), text)


class TestNarrowTerminals:
    @pytest.mark.parametrize("width", [40, 50, 69])
    def test_below_a_tables_width_each_title_is_one_line_and_no_word_is_cut(self, invoke,
                                                                            catalogue, width):
        """At 50 columns the table would squeeze titles to a few letters a line; the
        compact layout keeps every word whole."""
        text = plain(invoke(
            "list", "--film", "--era", "2010s", env={"FORCE_COLOR": "1",
                                                     "COLUMNS": str(width)}).stdout)
        assert "┃" not in text and "│" not in text
        words = {w for line in text.splitlines() for w in line.split()}
        for title in (t for t in catalogue.titles if t.format == "film"
                      and 2010 <= t.year <= 2019):
            for word in title.title.split():
                if len(word) < width - 2:
                    assert word in words, (title.title, word)
        assert all(len(line) <= width for line in text.splitlines())

    def test_a_wide_terminal_keeps_the_table(self, invoke):
        text = invoke("list", "--film", env={"FORCE_COLOR": "1", "COLUMNS": "100"}).stdout
        assert "┃" in text


def test_include_watched_marks_what_you_have_watched(invoke):
    """recommend and random with --include-watched mark watched titles, as list does."""
    invoke("watched", "add", "anohana", "--loved")
    text = plain(invoke("recommend", "--theme", "grief",
                                               "--include-watched", env=TERMINAL).stdout)
    assert "Seen" in text
    row = next(line for line in text.splitlines() if "Anohana" in line)
    assert "♥" in row
    for seed in range(40):
        card = invoke("random", "--theme", "afterlife", "--include-watched", "--seed",
                      str(seed), env=TERMINAL).stdout
        if "─ Anohana: The Flower We Saw That Day ─" in plain(card):
            assert "Watched" in plain(card)
            break
    else:
        pytest.fail("random never drew Anohana")


def _rich_list_table(titles, names, console, view, watched, planned):
    """The list table as rich's Table draws it (what the list command drew before it
    drew the table itself, faster): the reference for the test below."""
    from rich.table import Table

    from cryanime.output import cells
    from cryanime.output.screen import safe_text

    table = Table(header_style="bold")
    if watched or planned:
        table.add_column("Seen", justify="center", no_wrap=True, style="green", width=5)
    table.add_column("Title", style="bold", ratio=3, overflow="fold")
    table.add_column("Year", justify="right", no_wrap=True, width=4)
    table.add_column("Format", no_wrap=True, width=6)
    table.add_column("Length", justify="right", no_wrap=True, width=7)
    table.add_column("Themes", ratio=3, overflow="fold")
    table.add_column("Tears", no_wrap=True, style="cyan", width=5)
    for t in titles:
        row = [t.title, str(t.year), t.format, cells.length_cell(t),
               cells.theme_names(names, t.shown_themes(view.spoilers)),
               cells.tears_cell(t, console)]
        if watched or planned:
            row.insert(0, cells.seen_mark(watched.get(t.id), console, t.id in planned))
        table.add_row(*map(safe_text, row))
    return table


@pytest.mark.parametrize("width", [70, 71, 77, 80, 86, 93, 120, 141, 200])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_the_list_table_reads_as_richs_table_would_draw_it(catalogue, write_catalogue,
                                                           width, encoding):
    """The list command draws its table itself (rich's Table takes a fifth of a second
    for the bundled catalogue); on every width and encoding, marked or not, with wide
    characters and words longer than a column, it reads exactly as rich's Table draws
    it, with the same styles."""
    import io

    from rich.console import Console

    from cryanime import load_catalogue, output
    from cryanime.output.table import titles_table
    from cryanime.shown import theme_names_of
    from cryanime.state import Watched

    odd = load_catalogue(write_catalogue(
        title_yaml(id="clannad", title='"Ｗｉｄｅ 雨の物語 Supercalifragilisticexpialidocious '
                                      'tale of the longest wordsinthewholeworld"')
        + title_yaml(id="your-name", title="Two  spaces", themes="[grief, war, family]")))
    view = output.View(output.Form.RICH, False, False, False)
    for (watched, planned), source in itertools.product(
            (({}, {}), ({"clannad": Watched("clannad", "x", True)}, {"your-name": None})),
            (catalogue, odd)):
        titles = sorted(source.candidates, key=lambda t: t.title.casefold())
        drawn = []
        for table in (_rich_list_table, titles_table):
            raw = io.BytesIO()
            file = io.TextIOWrapper(raw, encoding=encoding, errors="replace")
            console = Console(file=file, width=width, color_system="standard",
                              force_terminal=True, highlight=False, emoji=False)
            console.print(table(titles, theme_names_of(source), console, view, watched, planned))
            file.flush()
            drawn.append(raw.getvalue().decode(encoding))
        unstyled = [plain(text).splitlines() for text in drawn]
        assert unstyled[1] == unstyled[0]
        for style in ("\x1b[1m", "\x1b[36m", *(["\x1b[32m"] if watched else [])):
            assert style in drawn[1]  # bold titles and headings, cyan tears, green marks


@pytest.mark.parametrize("items", [
    [],
    [{"a": 1, "b": [1, 2], "c": "x\u2028\x85\u202e", "d": None, "e": True, "f": []}],
    [{"t": "雨 \"quoted\" \\ back"}, {"l": ["a", None, 3, False]},
     {"s": ["grief", "雨", "x\u2028"]}],
    [{"score": 1.5, "l": [0.1, 2.0, 1e-07, 1e+22]}, {"x": -0.0}],  # floats, as json writes
    [{"nested": {"x": 1}}, {"big": float("inf")}],  # not flat: json's own encoder writes these
    [{"i": i} for i in range(600)],  # more than one batch
])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_streamed_json_list_is_the_text_json_dumps_gives(items, encoding, monkeypatch,
                                                          capsys):
    """list --json writes its titles a batch at a time with a writer of its own for flat
    records: the text is json.dumps(indent=2)'s, escapes included, on any encoding."""
    import io
    import sys

    from cryanime.output.jsontext import _json_text, print_json, stream_json

    texts = []
    for write in (stream_json, print_json, None):
        buffer = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding=encoding))
        if write is None:  # the reference: json.dumps(indent=2), then the same escapes
            sys.stdout.write(_json_text(items) + "\n")
        else:
            write(iter(items) if write is stream_json else items)
        sys.stdout.flush()
        texts.append(buffer.getvalue())
    assert texts[0] == texts[2] and texts[1] == texts[2]
    assert json.loads(texts[0]) == items


def test_list_json_of_every_title_is_what_json_dumps_gives(invoke, catalogue):
    result = invoke("list", "--json")
    expected = [{**t.to_dict(), "watched": False, "planned": False}
                for t in sorted(catalogue.titles, key=lambda t: (t.title.casefold(), t.id))]
    assert result.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "less -FRX"),
    ({"PAGER": "more"}, "more"),
    ({"PAGER": ""}, ""),  # set and empty: no pager, as GIT_PAGER= means
    ({"CRYANIME_PAGER": "", "PAGER": "more"}, ""),
    ({"CRYANIME_PAGER": "most", "PAGER": ""}, "most"),
])
def test_the_pager_is_the_first_variable_set_even_empty(env, expected, monkeypatch):
    from cryanime.output import screen

    for name in ("CRYANIME_PAGER", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert screen.pager_command() == expected
    if not expected:  # nothing is started: the text is printed instead
        monkeypatch.setattr("subprocess.Popen", lambda *a, **k: pytest.fail("a pager ran"))
        assert screen.through_pager("text\n") is False


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")
def test_ctrl_c_while_the_pager_runs_is_the_pagers(tmp_path):
    """Ctrl-C reaches every process of the terminal's foreground group: the pager takes it
    (less stops a search), and cryanime waits for the pager, as git does, rather than
    exiting 130 and leaving the pager reading the keyboard."""
    import fcntl
    import signal
    import struct
    import subprocess
    import sys
    import termios
    import time

    ready, done = tmp_path / "ready", tmp_path / "done"
    pager = tmp_path / "pager.py"
    pager.write_text(
        "import os, signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)  # as less handles it\n"
        "sys.stdin.read()\n"
        f"open({str(ready)!r}, 'w').close()\n"
        f"while not os.path.exists({str(done)!r}):\n"
        "    time.sleep(0.01)\n", encoding="utf-8")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))

    def own_terminal() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    env = {**os.environ, "CRYANIME_PAGER": f"{sys.executable} {pager}", "TERM": "xterm",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "cryanime", "list"], stdin=slave,
                               stdout=slave, stderr=slave, env=env, preexec_fn=own_terminal)
    os.close(slave)
    try:
        deadline = time.time() + 60
        while not ready.exists() and process.poll() is None and time.time() < deadline:
            time.sleep(0.01)  # waits for the pager, however fast the machine
        assert ready.exists(), "the pager never started"
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, to the whole foreground group
        time.sleep(0.2)
        assert process.poll() is None  # still waiting for its pager
        done.touch()
        assert process.wait(timeout=60) == 0
    finally:
        done.touch()
        if process.poll() is None:
            process.kill()
        os.close(master)


@pytest.mark.parametrize("width", ["40", "60"])
def test_narrow_terminals_show_every_title_whole(invoke, width):
    """Below 70 columns, watched list, plan list, recommend and themes go one entry a
    line, as list does, wrapped between words: every title is there, none is cut into
    letters a line."""
    assert invoke("watched", "add", "clannad", "a silent voice", "violet evergarden",
                  "--loved").exit_code == 0
    assert invoke("plan", "add", "anohana", "the anthem of the heart").exit_code == 0
    expected = {
        ("watched", "list"): ["Clannad", "A Silent Voice", "Violet Evergarden"],
        ("plan", "list"): ["Anohana: The Flower We Saw That Day", "The Anthem of the Heart"],
        ("recommend", "--theme", "grief", "-n", "3"): None,
        ("themes",): ["grief", "time-travel", "gore"],
    }
    terminal = {"FORCE_COLOR": "1", "COLUMNS": width}
    for args, names in expected.items():
        result = invoke(*args, env=terminal)
        assert result.exit_code == 0, result.output
        text = plain(result.stdout)
        assert "┃" not in text and "│" not in text  # not a squeezed table
        if names is None:  # the picks recommend --json gives
            names = [p["title"] for p in json.loads(invoke(*args, "--json").stdout)]
        flat = " ".join(text.split())
        for name in names:
            assert name in flat, (args, name)
        assert max(len(line) for line in text.splitlines()) <= int(width)


def test_the_narrow_list_says_planned_in_words_at_the_end(invoke):
    assert invoke("plan", "add", "anohana").exit_code == 0
    result = invoke("list", "--theme", "grief", env={"FORCE_COLOR": "1", "COLUMNS": "60"})
    text = " ".join(plain(result.stdout).split())
    assert "Anohana: The Flower We Saw That Day 2011 · 11 ep · ●●●●● · planned" in text
    assert "plan Anohana" not in text


@pytest.mark.parametrize("columns", [50, 120])
def test_a_dumb_terminal_takes_columns_as_any_other(invoke, columns):
    """TERM=dumb with COLUMNS: drawn at that width (rich alone assumes 80 there)."""
    env = {"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": str(columns)}
    text = plain(invoke("list", env=env).stdout)
    widths = [len(line) for line in text.splitlines()]
    assert max(widths) <= columns
    if columns == 120:
        assert max(widths) > 100  # the table takes the room it has, not 80
    else:
        assert "┃" not in text  # narrow: one title a line, not a squeezed table


def test_an_ascii_cards_box_stays_closed_around_escaped_names(invoke):
    """On a terminal that cannot print Japanese, the Native line is written as backslash
    escapes; the card is measured as printed, so its box stays closed."""
    env = {"FORCE_COLOR": "1", "COLUMNS": "80", "PYTHONIOENCODING": "ascii"}
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "cryanime", "show", "anohana"],
                            capture_output=True, text=True, env={**os.environ, **env})
    text = plain(result.stdout)
    assert result.returncode == 0 and "\\u3042" in text
    lines = [line for line in text.splitlines() if line]
    assert {len(line) for line in lines} == {80}  # every line of the box, edge to edge


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")
def test_a_narrow_real_terminal_shows_the_watched_list_one_title_a_line(tmp_path):
    """On a real terminal 40 columns wide, watched list shows each title whole (not a
    table that squeezes titles into letters)."""
    import fcntl
    import struct
    import subprocess
    import sys
    import termios

    env = {**os.environ, "CRYANIME_HOME": str(tmp_path / "home"), "TERM": "xterm",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("COLUMNS", None)
    env.pop("FORCE_COLOR", None)
    subprocess.run([sys.executable, "-m", "cryanime", "watched", "add", "clannad",
                    "violet evergarden", "--loved"], env=env, check=True,
                   capture_output=True)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 40, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "cryanime", "--no-pager", "watched",
                                "list"], stdout=slave, stderr=slave, env=env)
    os.close(slave)
    seen = read_pty(master)
    assert process.wait(timeout=60) == 0
    text = plain(seen.decode("utf-8", "replace")).replace("\r", "")
    flat = " ".join(text.split())
    assert "Clannad" in flat and "Violet Evergarden" in flat
    assert "┃" not in text and "│" not in text


class _Stdout:
    """A stdout that says whether it is a terminal."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("force_color", [None, "", "1", "0"])
@pytest.mark.parametrize("tty_compatible", [None, "0", "1", "x"])
def test_a_terminal_is_told_apart_as_rich_tells_it(tty, force_color, tty_compatible,
                                                     monkeypatch):
    """choose_view's terminal test (a pipe answered without importing rich) agrees with
    rich's Console.is_terminal, whatever FORCE_COLOR and TTY_COMPATIBLE say."""
    from rich.console import Console

    from cryanime.output.screen import terminal_by_rich_rules

    for name, value in (("FORCE_COLOR", force_color), ("TTY_COMPATIBLE", tty_compatible)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", _Stdout(tty))
    assert terminal_by_rich_rules() == Console().is_terminal
