"""Sharing what you watch: Markdown to paste, the name titles go by, your list in numbers,
and a title's MyAnimeList page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import webbrowser

import pytest

from conftest import plain

CATALOGUE = """\
themes:
  - {id: grief, name: grief, description: Loss., aliases: [loss]}
  - {id: war, name: war, description: War., aliases: []}
  - {id: family, name: family, description: Family., aliases: []}
warnings:
  - {id: gore, name: gore, description: Blood., aliases: [blood]}
titles:
  - id: stars
    title: "Stars *and* [Brackets] | pipes_"
    romaji: "Hoshi to Kakko"
    native: "星と括弧"
    format: series
    year: 2010
    episodes: 12
    themes: [grief, war]
    spoiler_themes: [war]
    warnings: [gore]
    tears: 5
    ending: devastating
    mal_id: 101
    pitch: "A *sample* pitch about <b>tags</b>."
  - id: quiet-film
    title: Quiet Film
    format: film
    year: 1995
    runtime_minutes: 95
    themes: [family, grief]
    tears: 3
    ending: hopeful
    mal_id: 202
    pitch: A quiet film.
  - id: no-page
    title: No Page
    format: film
    year: 2001
    runtime_minutes: 80
    themes: [family]
    tears: 2
    ending: hopeful
    pitch: A film with no MyAnimeList id.
"""
STARS = ("**[Stars \\*and\\* \\[Brackets\\] \\| pipes\\_](https://myanimelist.net/anime/101)**")
QUIET = "**[Quiet Film](https://myanimelist.net/anime/202)**"


@pytest.fixture
def run(invoke, tmp_path, monkeypatch):
    """`cryanime` on the small catalogue above alone, lists dated 2026-01-02."""
    path = tmp_path / "share.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    monkeypatch.setattr("cryanime.state.now", lambda: "2026-01-02T03:04:05+00:00")

    def run_(*args: str, **kwargs):
        result = invoke("--no-bundled", "--catalog", str(path), *args, **kwargs)
        assert "Traceback" not in result.output
        return result

    return run_


# ------------------------------------------------------------------------------ Markdown

def test_list_as_markdown(run):
    assert run("list", "--markdown").stdout == textwrap.dedent(f"""\
        - **No Page** · 2001 · film, 80 min · tears 2/5 · themes: family
        - {QUIET} · 1995 · film, 95 min · tears 3/5 · themes: family, grief
        - {STARS} · 2010 · series, 12 ep · tears 5/5 · warnings: gore · themes: grief
        """)


def test_spoiler_themes_only_with_spoilers(run):
    assert "themes: grief\n" in run("list", "--markdown").stdout
    assert "themes: grief, war\n" in run("list", "--markdown", "--spoilers").stdout


def test_recommend_as_markdown(run):
    assert run("recommend", "--theme", "grief", "--markdown").stdout == textwrap.dedent(f"""\
        1. {STARS} · 2010 · series, 12 ep · tears 5/5 · warnings: gore · why: carries 'grief' (its main theme); tears 5/5
        2. {QUIET} · 1995 · film, 95 min · tears 3/5 · why: carries 'grief'; tears 3/5
        """)  # noqa: E501


def test_show_as_markdown(run):
    assert run("show", "stars", "--markdown").stdout == textwrap.dedent("""\
        ### [Stars \\*and\\* \\[Brackets\\] \\| pipes\\_](https://myanimelist.net/anime/101)

        *A \\*sample\\* pitch about \\<b\\>tags\\</b\\>.*

        - **Year:** 2010
        - **Length:** series, 12 ep of 24 min
        - **Themes:** grief (+1 hidden: spoilers)
        - **Warnings:** gore
        - **Tears:** 5/5
        - **Ending:** devastating
        """)


def test_watched_and_plan_lists_as_markdown(run):
    assert run("watched", "add", "stars", "--loved", "--tears", "4").exit_code == 0
    assert run("plan", "add", "quiet film").exit_code == 0
    assert run("watched", "list", "--markdown").stdout == (
        f"- {STARS} · 2010 · series, 12 ep · tears 5/5 · warnings: gore · yours 4/5 · loved · "
        "added 2026-01-02\n")
    assert run("plan", "list", "--markdown").stdout == (
        f"- {QUIET} · 1995 · film, 95 min · tears 3/5 · planned 2026-01-02\n")
    assert "· loved\n" in run("list", "--markdown").stdout  # list marks them too


def test_markdown_and_another_form_exclude_each_other(run):
    for other in ("--json", "--plain"):
        result = run("list", "--markdown", other)
        assert result.exit_code == 2
        assert f"--markdown and {other} exclude each other" in result.stderr


def test_a_title_without_a_page_is_not_linked(run):
    assert "- **No Page** · 2001" in run("list", "--markdown").stdout


# ------------------------------------------------------------------- the name titles go by

def test_titles_choose_the_name_in_markdown_cards_and_tables(run):
    assert "[Hoshi to Kakko](" in run("list", "--markdown", "--titles", "romaji").stdout
    assert "### [星と括弧](" in run("show", "stars", "--markdown", "--titles", "native").stdout
    # a title with no romaji or native name goes by its English one
    assert "[Quiet Film](" in run("list", "--markdown", "--titles", "native").stdout
    table = run("list", "--titles", "romaji", env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert "Hoshi to Kakko" in plain(table.stdout) and "Stars" not in plain(table.stdout)
    card = run("show", "stars", "--titles", "native", env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    assert "星と括弧" in plain(card.stdout)


def test_json_keeps_every_name(run):
    [stars] = [t for t in json.loads(run("list", "--json", "--titles", "native").stdout)
               if t["id"] == "stars"]
    assert (stars["title"], stars["romaji"], stars["native"]) == (
        "Stars *and* [Brackets] | pipes_", "Hoshi to Kakko", "星と括弧")


def test_titles_from_config_and_a_bad_setting(run, tmp_path, monkeypatch):
    config = tmp_path / "config.yml"
    monkeypatch.setenv("CRYANIME_CONFIG", str(config))
    config.write_text("titles: romaji\n", encoding="utf-8")
    assert "[Hoshi to Kakko](" in run("list", "--markdown").stdout
    assert "[Stars" in run("list", "--markdown", "--titles", "english").stdout  # flag wins
    config.write_text("limit: 3\ntitles: klingon\n", encoding="utf-8")
    result = run("list", "--markdown")
    assert result.exit_code == 2
    assert "config.yml:2" in result.stderr and "'titles'" in result.stderr
    assert run("recommend", "--json").exit_code == 0  # JSON takes no name: not stopped


def test_tonight_says_the_pick_by_its_chosen_name(run):
    result = run("tonight", "--time", "any", "--tears", "5", "--titles", "romaji",
                 "--markdown", "--no-input")
    assert result.exit_code == 0
    assert result.stdout.startswith("### [Hoshi to Kakko](")


# ---------------------------------------------------------------------------------- stats

def test_stats_as_json(run):
    assert run("watched", "add", "stars", "--loved", "--tears", "4").exit_code == 0
    assert run("watched", "add", "quiet film").exit_code == 0
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["titles"] == 2 and stats["loved"] == 1
    assert (stats["films"], stats["series"]) == (1, 1)
    assert stats["hours"] == round((95 + 12 * 24) / 60, 1)
    assert stats["tears"]["catalogue"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert stats["tears"]["yours"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}
    assert stats["tears"]["catalogue_mean"] == 4.0
    assert (stats["tears"]["rated"], stats["tears"]["yours_mean"],
            stats["tears"]["catalogue_mean_of_rated"]) == (1, 4.0, 5.0)
    assert stats["themes"] == [{"id": "grief", "name": "grief", "titles": 2},
                               {"id": "family", "name": "family", "titles": 1}]  # no spoiler
    assert {"id": "war", "name": "war", "titles": 1} in json.loads(
        run("stats", "--json", "--spoilers").stdout)["themes"]
    assert stats["warnings"] == [{"id": "gore", "name": "gore", "titles": 1}]
    assert stats["decades"] == [{"decade": "1990s", "titles": 1},
                                {"decade": "2010s", "titles": 1}]


def test_stats_as_tab_separated_lines(run):
    assert run("watched", "add", "stars").exit_code == 0
    rows = [line.split("\t") for line in run("stats", "--plain").stdout.splitlines()]
    assert ["summary", "titles", "1"] in rows and ["decade", "2010s", "1"] in rows
    assert ["warning", "gore", "1"] in rows and all(len(row) == 3 for row in rows)


def test_stats_of_an_empty_list(run):
    result = run("stats", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0 and "Your watched list is empty" in result.stderr
    assert result.stdout == ""
    assert json.loads(run("stats", "--json").stdout)["titles"] == 0


@pytest.mark.slow
def test_stats_on_a_real_terminal_draws_bars(tmp_path):
    script = os.path.join(os.path.dirname(sys.executable), "cryanime")
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm-256color",
           "CRYANIME_HOME": str(tmp_path / "home")}
    env.pop("FORCE_COLOR", None)
    subprocess.run([script, "watched", "add", "clannad", "grave of the fireflies",
                    "--tears", "5"], env=env, check=True, capture_output=True, timeout=60)
    shown = subprocess.run(["script", "-qec", f"'{script}' --no-pager stats", "/dev/null"],
                           capture_output=True, text=True, env=env, timeout=60,
                           stdin=subprocess.DEVNULL)
    assert shown.returncode == 0
    text = plain(shown.stdout)
    assert "2 titles watched" in text and "By decade" in text and "Your tears" in text
    assert "█" in text and "\x1b[" in shown.stdout


# ------------------------------------------------------------------------------ --open

def test_open_prints_the_address_without_a_terminal(run):
    result = run("show", "stars", "--open")
    assert result.exit_code == 0
    assert result.stdout == "https://myanimelist.net/anime/101\n"


def test_open_launches_the_browser_on_a_terminal(run, monkeypatch):
    launched: list[str] = []

    def launch(url: str, **kwargs: object) -> int:
        launched.append(url)
        return 0

    monkeypatch.setattr("cryanime.cli.browse.stdout_is_terminal", lambda: True)
    monkeypatch.setattr(webbrowser, "get", lambda *a: object())
    monkeypatch.setattr("click.launch", launch)
    result = run("show", "stars", "--open")
    assert result.exit_code == 0 and launched == ["https://myanimelist.net/anime/101"]
    assert result.stdout == "" and "Opened https://myanimelist.net/anime/101" in result.stderr


def test_open_prints_the_address_where_there_is_no_browser(run, monkeypatch):
    monkeypatch.setattr("cryanime.cli.browse.stdout_is_terminal", lambda: True)

    def no_browser(*args):
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    monkeypatch.setattr("click.launch", lambda *a, **k: pytest.fail("launched"))
    result = run("show", "quiet film", "--open")
    assert result.exit_code == 0 and result.stdout == "https://myanimelist.net/anime/202\n"


def test_open_a_title_without_a_page(run):
    result = run("show", "no page", "--open")
    assert result.exit_code == 1
    assert "No Page has no MyAnimeList id" in result.stderr


def test_tonight_names_the_accepted_pick_by_its_chosen_name(run, monkeypatch):
    monkeypatch.setattr("cryanime.cli.tonight.stdin_is_terminal", lambda: True)
    result = run("tonight", "--time", "any", "--tears", "5", "--ending", "any",
                 "--titles", "romaji", "--plain", input="y\nn\n")
    assert result.exit_code == 0, result.output
    assert "Tonight: Hoshi to Kakko. Keep the tissues close." in result.output
