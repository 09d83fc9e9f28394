"""Every command and option through click's CliRunner: exit code, stdout, stderr."""

from __future__ import annotations

import json

import pytest

from conftest import title_yaml
from cryanime import load_catalogue
from cryanime.output import TITLE_COLUMNS


def rows(stdout: str) -> list[list[str]]:
    return [line.split("\t") for line in stdout.splitlines()]


def ids(stdout: str) -> list[str]:
    return [row[TITLE_COLUMNS.index("id")] for row in rows(stdout)]


class TestTopLevel:
    def test_version(self, invoke):
        """--version prints the package version."""
        result = invoke("--version")
        assert result.exit_code == 0
        assert result.stdout.startswith("cryanime, version ")

    def test_help_lists_commands_with_examples(self, invoke):
        """Top-level help says what the tool does and shows examples."""
        result = invoke("--help")
        assert result.exit_code == 0
        for command in ("list", "recommend", "random", "show", "themes", "completion"):
            assert command in result.stdout
        assert "cryanime recommend --theme grief" in result.stdout

    def test_unknown_command_suggests(self, invoke):
        """A typo in a command is a usage error with a suggestion."""
        result = invoke("recomend")
        assert result.exit_code == 2
        assert "No such command 'recomend'" in result.stderr
        assert "recommend" in result.stderr
        assert result.stdout == ""


class TestList:
    def test_film_lists_every_film_sorted_by_title(self, invoke, catalogue):
        """`list --film` prints one line per film, sorted by title, when piped."""
        result = invoke("list", "--film")
        assert result.exit_code == 0, result.stderr
        films = sorted((t for t in catalogue.titles if t.format == "film"),
                       key=lambda t: t.title.casefold())
        assert ids(result.stdout) == [t.id for t in films]
        assert result.stderr == ""

    def test_series(self, invoke, catalogue):
        """`list --series` prints every series and no film."""
        result = invoke("list", "--series")
        assert set(ids(result.stdout)) == {t.id for t in catalogue.titles if t.format == "series"}

    def test_film_and_series_conflict(self, invoke):
        """Both formats at once is a usage error naming both flags."""
        result = invoke("list", "--film", "--series")
        assert result.exit_code == 2
        assert "--film and --series" in result.stderr
        assert result.stdout == ""

    @pytest.mark.parametrize("spelling", ["first love", "first-love", "First_Love", "first crush"])
    def test_theme_spellings(self, invoke, spelling):
        """Themes resolve by id, name or alias in any case."""
        result = invoke("list", "--theme", spelling)
        assert result.exit_code == 0
        assert "5-centimeters-per-second" in ids(result.stdout)

    def test_every_theme_must_be_carried(self, invoke, catalogue):
        """Repeated --theme keeps titles with all of them."""
        result = invoke("list", "-t", "war", "-t", "siblings")
        found = ids(result.stdout)
        assert found
        for title_id in found:
            assert {"war", "siblings"} <= set(catalogue.get(title_id).themes)

    def test_unknown_theme_did_you_mean(self, invoke):
        """A misspelt theme is exit 2 with a suggestion and the flag named."""
        result = invoke("list", "--theme", "greif")
        assert result.exit_code == 2
        assert "'--theme'" in result.stderr
        assert "Did you mean 'grief'?" in result.stderr
        assert result.stdout == ""

    def test_without_a_warning(self, invoke, catalogue):
        """--without gore drops every title with the gore warning."""
        result = invoke("list", "--without", "gore")
        found = ids(result.stdout)
        assert found
        assert not any("gore" in catalogue.get(i).warnings for i in found)
        assert "elfen-lied" not in found

    def test_without_unknown(self, invoke):
        """--without accepts themes and warnings, and says so when neither matches."""
        result = invoke("list", "--without", "goree")
        assert result.exit_code == 2
        assert "unknown theme or warning 'goree'" in result.stderr
        assert "'gore'" in result.stderr

    @pytest.mark.parametrize(("era", "years"), [("80s", range(1980, 1990)),
                                                ("2010-", range(2010, 2100)),
                                                ("-2005", range(1900, 2006)),
                                                ("2011", [2011])])
    def test_era(self, invoke, era, years):
        """--era keeps titles from that span only."""
        result = invoke("list", "--era", era)
        assert result.exit_code == 0
        assert rows(result.stdout)
        assert all(int(r[TITLE_COLUMNS.index("year")]) in years for r in rows(result.stdout))

    @pytest.mark.parametrize("era", ["20100s", "2012-2005", "abc"])
    def test_bad_era(self, invoke, era):
        """A bad --era is a usage error showing the accepted forms."""
        result = invoke("list", "--era", era)
        assert result.exit_code == 2
        assert "'--era'" in result.stderr
        assert "1980s" in result.stderr and "2005-2012" in result.stderr

    def test_max_episodes_min_tears_ending(self, invoke, catalogue):
        """The numeric and ending filters hold on every row."""
        result = invoke("list", "--max-episodes", "13", "--min-tears", "4", "--ending", "Hopeful")
        assert result.exit_code == 0
        for title_id in ids(result.stdout):
            t = catalogue.get(title_id)
            assert t.tears >= 4 and t.ending == "hopeful"
            assert t.format == "film" or t.episodes <= 13

    @pytest.mark.parametrize("sort", ["title", "year", "tears", "episodes"])
    def test_sort(self, invoke, catalogue, sort):
        """--sort orders the rows as documented."""
        found = [catalogue.get(i) for i in ids(invoke("list", "--sort", sort).stdout)]
        keys = {
            "title": [t.title.casefold() for t in found],
            "year": [t.year for t in found],
            "tears": [-t.tears for t in found],
            "episodes": [t.episodes or 0 if t.format == "series" else 0 for t in found],
        }[sort]
        assert keys == sorted(keys)
        assert len(found) == len(catalogue.titles)

    def test_nothing_found_explains_and_exits_1(self, invoke):
        """An empty result names what emptied it and what to relax, on stderr."""
        result = invoke("list", "--series", "--era", "1980s", "--theme", "time travel")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "No series from the 1980s carry 'time travel'." in result.stderr
        assert "without --era (" in result.stderr


class TestRecommend:
    def test_grief(self, invoke, catalogue):
        """Five ranked picks, each carrying grief, each with its reason."""
        result = invoke("recommend", "--theme", "grief")
        assert result.exit_code == 0
        lines = rows(result.stdout)
        assert len(lines) == 5
        scores = [float(r[0]) for r in lines]
        assert scores == sorted(scores, reverse=True)
        for r in lines:
            assert "grief" in catalogue.get(r[1]).themes
            assert r[-1].startswith("carries 'grief'")

    def test_limit(self, invoke):
        """-n sets how many picks."""
        assert len(rows(invoke("recommend", "-n", "2").stdout)) == 2
        assert len(rows(invoke("recommend", "--limit", "999999999").stdout)) >= 15

    @pytest.mark.parametrize("value", ["0", "-1", "lots"])
    def test_bad_limit(self, invoke, value):
        """-n below 1 or not a number is a usage error."""
        result = invoke("recommend", "-n", value)
        assert result.exit_code == 2
        assert "'-n'" in result.stderr

    def test_like(self, invoke):
        """--like ranks by shared themes, never recommends the liked title, and says why."""
        result = invoke("recommend", "--like", "clannad", "--json")
        assert result.exit_code == 0
        picks = json.loads(result.stdout)
        assert picks and all(p["id"] != "clannad" for p in picks)
        # the first reason says what the pick shares with Clannad, in a fan's words
        assert all(p["reasons"][0].startswith(("fans of Clannad", "also ", "shares "))
                   for p in picks)
        assert any("Clannad" in p["reasons"][0] or "Kyoto Animation" in p["reasons"][0]
                   for p in picks)

    def test_like_unknown_title(self, invoke):
        """An unknown --like title is exit 1 with a message."""
        result = invoke("recommend", "--like", "xyzzy")
        assert result.exit_code == 1
        assert ("no title matches 'xyzzy'. No title is close in name. Run 'cryanime list' "
                "to see every title.") in result.stderr

    def test_like_ambiguous(self, invoke):
        """An ambiguous --like lists the candidates, exit 1."""
        result = invoke("recommend", "--like", "the")
        assert result.exit_code == 1
        assert "could be any of" in result.stderr and "Grave of the Fireflies" in result.stderr

    def test_without_theme_the_titles_fans_name_most_come_first(self, invoke, catalogue):
        """No theme and no --like: the title most lists name first, then the others that
        many lists name."""
        lines = rows(invoke("recommend", "-n", "5").stdout)
        named = [catalogue.get(r[1]).lists for r in lines]
        assert named[0] == max(t.lists for t in catalogue.titles)
        assert min(named) >= 20

    def test_nothing_found(self, invoke):
        """No title fits: exit 1, a sentence on stderr, and [] for --json."""
        result = invoke("recommend", "-t", "time travel", "--era", "80s", "--json")
        assert result.exit_code == 1
        assert json.loads(result.stdout) == []
        assert "No titles from the 1980s carry 'time travel'." in result.stderr


class TestRandom:
    def test_one_pick(self, invoke, catalogue):
        """random prints exactly one title."""
        result = invoke("random")
        assert result.exit_code == 0
        assert len(rows(result.stdout)) == 1
        assert catalogue.get(ids(result.stdout)[0]) is not None

    def test_seed_repeats(self, invoke):
        """The same seed gives the same pick; different seeds vary."""
        first = invoke("random", "--seed", "5").stdout
        assert first == invoke("random", "--seed", "5").stdout
        picks = {invoke("random", "--seed", str(s)).stdout for s in range(30)}
        assert len(picks) > 3

    def test_filters_hold(self, invoke, catalogue):
        """The pick satisfies every filter."""
        for seed in range(20):
            result = invoke("random", "--film", "--theme", "war", "--seed", str(seed))
            t = catalogue.get(ids(result.stdout)[0])
            assert t.format == "film" and "war" in t.themes

    def test_bad_seed(self, invoke):
        """A non-numeric seed is a usage error."""
        result = invoke("random", "--seed", "abc")
        assert result.exit_code == 2
        assert "'--seed'" in result.stderr

    def test_nothing_found(self, invoke):
        """An impossible filter: exit 1 and an explanation; with --json, stdout is still
        JSON (null: the one title there is none of), as recommend's is ([])."""
        result = invoke("random", "--era", "1917", "--json")
        assert result.exit_code == 1
        assert json.loads(result.stdout) is None
        assert "No titles from 1917 are in the catalogue." in result.stderr
        plain = invoke("random", "--era", "1917")
        assert (plain.exit_code, plain.stdout) == (1, "")
        empty_plan = invoke("random", "--planned", "--json")
        assert empty_plan.exit_code == 1 and json.loads(empty_plan.stdout) is None
        assert "plan-to-watch list is empty" in empty_plan.stderr


class TestShow:
    def test_show_fragment(self, invoke):
        """`show "your lie"` finds Your Lie in April."""
        result = invoke("show", "your lie", "--json")
        assert result.exit_code == 0
        assert json.loads(result.stdout)["title"] == "Your Lie in April"

    def test_not_found(self, invoke):
        """Nothing close: exit 1, a message, nothing on stdout."""
        result = invoke("show", "xyzzy")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "no title matches 'xyzzy'" in result.stderr

    def test_ambiguous(self, invoke):
        """Several close titles: exit 1 with the candidates; never a guess."""
        result = invoke("show", "the")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "Grave of the Fireflies" in result.stderr


class TestThemes:
    def test_themes_counts(self, invoke, catalogue):
        """Every theme and warning is listed with the number of titles carrying it."""
        result = invoke("themes", "--json")
        listed = {t["id"]: t for t in json.loads(result.stdout)}
        assert set(listed) == set(catalogue.themes) | set(catalogue.warnings)
        grief = sum("grief" in t.themes for t in catalogue.titles)
        assert listed["grief"]["titles"] == grief
        assert listed["grief"]["kind"] == "theme" and listed["gore"]["kind"] == "warning"

    def test_themes_plain(self, invoke):
        """Piped, one tab-separated line per theme."""
        result = invoke("themes")
        first = rows(result.stdout)[0]
        assert first[:3] == ["theme", "grief", "grief"]


class TestCompletion:
    @pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
    def test_script(self, invoke, shell):
        """`completion SHELL` prints click's script for that shell."""
        result = invoke("completion", shell)
        assert result.exit_code == 0
        assert "_CRYANIME_COMPLETE" in result.stdout

    def test_unknown_shell(self, invoke):
        """An unsupported shell is a usage error listing the supported ones."""
        result = invoke("completion", "powershell")
        assert result.exit_code == 2
        assert "bash" in result.stderr

    def test_theme_values_complete(self, runner):
        """TAB after --theme offers theme ids."""
        from cryanime.cli import cli

        env = {"_CRYANIME_COMPLETE": "bash_complete", "COMP_WORDS": "cryanime recommend --theme gr",
               "COMP_CWORD": "3"}
        result = runner.invoke(cli, [], env=env, prog_name="cryanime")
        assert "plain,grief" in result.stdout.splitlines()

    def test_titles_complete(self, runner):
        """TAB after show offers title ids."""
        from cryanime.cli import cli

        env = {"_CRYANIME_COMPLETE": "bash_complete", "COMP_WORDS": "cryanime show stei",
               "COMP_CWORD": "2"}
        result = runner.invoke(cli, [], env=env, prog_name="cryanime")
        assert result.stdout.splitlines() == ["plain,steins-gate", "plain,steins-gate-0"]

    def test_title_completion_uses_the_matcher(self, runner):
        """TAB offers titles whose words start with what was typed (sorted by id), and
        never titles that merely contain the letters."""
        from cryanime.cli import cli

        env = {"_CRYANIME_COMPLETE": "bash_complete", "COMP_WORDS": "cryanime show magn",
               "COMP_CWORD": "2"}
        result = runner.invoke(cli, [], env=env, prog_name="cryanime")
        assert result.stdout.splitlines() == ["plain,tokyo-magnitude-8"]


class TestShowLookup:
    def test_title_in_several_words(self, invoke):
        """`show your lie in april` needs no quotes."""
        result = invoke("show", "your", "lie", "in", "april", "--plain")
        assert result.exit_code == 0
        assert result.stdout.startswith("your-lie-in-april\t")

    @pytest.mark.parametrize("args", [(), ("",), ("  ",)])
    def test_an_empty_title_is_a_usage_error(self, invoke, args):
        """No title at all: exit 2 with an example, nothing on stdout."""
        result = invoke("show", *args)
        assert result.exit_code == 2
        assert "give a title, for example: cryanime show your lie in april" in result.stderr
        assert result.stdout == ""

    def test_a_sequel_the_catalogue_lacks_is_not_found(self, invoke):
        """Exit 1, the nearest real titles named, never the relative shown."""
        result = invoke("show", "Clannad 2")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == ("Error: no title matches 'Clannad 2'. Nearest: Clannad, "
                                 "Clannad: After Story. Run 'cryanime list' to see every "
                                 "title.\n")

    def test_watched_add_adds_nothing_when_one_name_misses(self, invoke):
        """`watched add "Steins;Gate 0" "Code Geass R2" x`: x fits several titles, so
        nothing is written, and the right titles are added once it is dropped."""
        result = invoke("watched", "add", "Steins;Gate 0", "Code Geass R2", "x")
        assert result.exit_code == 1
        assert "'x' could be any of" in result.stderr
        assert invoke("watched", "list", "--json").stdout.strip() in ("", "[]")
        assert invoke("watched", "add", "Steins;Gate 0", "Code Geass R2").exit_code == 0
        listed = json.loads(invoke("watched", "list", "--json").stdout)
        assert sorted(t["id"] for t in listed) == ["code-geass-r2", "steins-gate-0"]


class TestBadCatalogue:
    def test_invalid_catalogue_exits_2_with_file_and_line(self, invoke, write_catalogue,
                                                          use_catalogue):
        """A broken catalogue: exit 2, FILE:LINE and the problem on stderr, no traceback."""
        path = use_catalogue(write_catalogue(title_yaml(id="clannad", year="two thousand")))
        result = invoke("list")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert f"{path}:" in result.stderr
        assert "title 'clannad': 'year' must be a whole number, got 'two thousand'" in result.stderr
        assert "Traceback" not in result.stderr

    def test_custom_catalogue_is_used(self, invoke, write_catalogue, use_catalogue):
        """The loaded file really drives the output."""
        use_catalogue(write_catalogue(title_yaml(id="only-one", title="Only One")))
        assert ids(invoke("list").stdout) == ["only-one"]

    def test_missing_catalogue(self, invoke, tmp_path, use_catalogue):
        """A missing catalogue file is named, exit 2."""
        use_catalogue(tmp_path / "gone.yaml")
        result = invoke("themes")
        assert result.exit_code == 2
        assert f"{tmp_path / 'gone.yaml'}: file not found" in result.stderr


def test_library_and_cli_agree(invoke):
    """The CLI's JSON is the library's data."""
    cat = load_catalogue()
    listed = json.loads(invoke("list", "--json").stdout)
    titles = sorted(cat.titles, key=lambda t: t.title.casefold())
    assert listed == [{**t.to_dict(), "watched": False, "planned": False} for t in titles]


class TestMistakesPeopleMake:
    @pytest.mark.parametrize("args", [("list", "--catalog", "x.yaml"),
                                      ("recommend", "--no-bundled"), ("check", "--spoilers"),
                                      ("themes", "--no-pager"),
                                      ("watched add", "--spoilers", "clannad")])
    def test_a_global_option_after_the_command_says_where_it_goes(self, invoke, args):
        result = invoke(*args[0].split(), *args[1:])
        assert result.exit_code == 2
        name = args[1]
        assert f"Error: {name} is a global option: it goes before the command, as in " \
               f"'cryanime {name} " in result.stderr
        assert f"{args[0]}'." in result.stderr

    def test_spoilers_after_a_command_that_shows_themes_is_taken(self, invoke):
        """list, recommend, random, show and themes take --spoilers after them too."""
        assert invoke("list", "--spoilers", "--plain").exit_code == 0

    @pytest.mark.parametrize(("args", "hint"), [
        (("recommend", "grief"), "To ask for a theme, use --theme grief."),
        (("recommend", "first", "love"), "To ask for a theme, use --theme first-love."),
        (("list", "grief", "war"), "To ask for a theme, use --theme grief --theme war."),
        (("recommend", "your", "lie", "in", "april"),
         'To rank by a title you liked, use --like "Your Lie in April".'),
        (("random", "clannad"), "To see a title, use: cryanime show clannad."),
    ])
    def test_a_stray_word_gets_the_flag_it_probably_meant(self, invoke, args, hint):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr.rstrip().endswith(hint)
        assert "Got unexpected extra argument" in result.stderr

    def test_a_stray_word_that_is_nothing_gets_no_hint(self, invoke):
        result = invoke("recommend", "xyzzy")
        assert result.exit_code == 2
        assert result.stderr.rstrip().endswith("Got unexpected extra argument (xyzzy)")

    def test_each_command_says_what_theme_means_there(self, invoke):
        """recommend: a wish; list: a filter."""
        assert "A theme you wish for" in invoke("recommend", "--help").stdout
        assert "Only titles with this theme" in invoke("list", "--help").stdout
        assert "Only titles with this theme" not in invoke("recommend", "--help").stdout


class TestCompletionChoices:
    def complete(self, runner, words, cword):
        from cryanime.cli import cli

        env = {"_CRYANIME_COMPLETE": "bash_complete", "COMP_WORDS": words,
               "COMP_CWORD": str(cword)}
        return [line.split(",", 1)[1] for line in
                runner.invoke(cli, [], env=env, prog_name="cryanime").stdout.splitlines()]

    def test_file_arguments_complete_as_files(self, runner):
        """TAB after --catalog, `check` and `watched import` hands file completion to the
        shell (bash prints the type; the shell lists the files)."""
        from cryanime.cli import cli

        for words, cword in (("cryanime --catalog my", 2), ("cryanime check my", 2),
                             ("cryanime watched import my", 3),
                             ("cryanime watched export my", 3)):
            env = {"_CRYANIME_COMPLETE": "bash_complete", "COMP_WORDS": words,
                   "COMP_CWORD": str(cword)}
            result = runner.invoke(cli, [], env=env, prog_name="cryanime")
            assert result.stdout.splitlines() == ["file,my"], words

    def test_watched_remove_offers_only_watched_titles(self, runner, invoke):
        invoke("watched", "add", "clannad", "anohana")
        assert self.complete(runner, "cryanime watched remove ", 3) == ["anohana", "clannad"]
        assert self.complete(runner, "cryanime watched remove cl", 3) == ["clannad"]

    def test_plan_remove_offers_only_planned_titles(self, runner, invoke):
        invoke("plan", "add", "grave of the fireflies")
        assert self.complete(runner, "cryanime plan remove ", 3) == ["grave-of-the-fireflies"]

    def test_era_offers_the_decades(self, runner):
        assert self.complete(runner, "cryanime list --era 19", 3) == [
            "1960s", "1970s", "1980s", "1990s"]
        assert "2020s" in self.complete(runner, "cryanime recommend --era ", 3)

    def test_title_ids_complete_in_sorted_order(self, runner):
        ids = self.complete(runner, "cryanime show ", 2)
        assert ids == sorted(ids) and len(ids) > 100


class TestGitHabits:
    def test_short_version_flag(self, invoke):
        """-V is --version, as in git and gh's habit of a short flag."""
        long, short = invoke("--version"), invoke("-V")
        assert long.exit_code == short.exit_code == 0
        assert short.stdout == long.stdout and "cryanime" in short.stdout

    @pytest.mark.parametrize("words", [[], ["recommend"], ["watched", "add"]])
    def test_help_command_shows_what_dash_dash_help_shows(self, invoke, words):
        asked = invoke("help", *words)
        flag = invoke(*words, "--help")
        assert asked.exit_code == flag.exit_code == 0
        assert asked.stdout == flag.stdout

    def test_help_for_no_such_command_is_a_usage_error(self, invoke):
        result = invoke("help", "recomend")
        assert result.exit_code == 2
        assert "no command 'recomend'" in result.stderr and "cryanime help" in result.stderr

    @pytest.mark.parametrize("args", [["watched", "add", ""], ["plan", "add", "  "],
                                      ["watched", "remove", ""], ["plan", "remove", ""],
                                      ["watched", "add", "clannad", ""]])
    def test_an_empty_title_is_a_usage_error_and_adds_nothing(self, invoke, args,
                                                             state_file):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert "a title cannot be empty" in result.stderr
        assert not state_file.exists()
