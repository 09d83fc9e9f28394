"""`cryanime watched ...` and how the watched list changes list, recommend, random, show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "mal"



def watched_ids(invoke) -> list[str]:
    result = invoke("watched", "list", "--json")
    return [t["id"] for t in json.loads(result.stdout)] if result.exit_code == 0 else []


class TestAddRemoveClear:
    def test_add_resolves_titles_like_show(self, invoke):
        """Titles are found by fragment or alias, and the result says what happened."""
        result = invoke("watched", "add", "your lie", "FMA:B", "--loved")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ("Added (loved): Your Lie in April, "
                                 "Fullmetal Alchemist: Brotherhood.\n")
        assert sorted(watched_ids(invoke)) == ["fullmetal-alchemist-brotherhood",
                                               "your-lie-in-april"]

    def test_adding_twice_reports_already_present(self, invoke):
        """A second add of the same title changes nothing and says so."""
        invoke("watched", "add", "clannad")
        result = invoke("watched", "add", "clannad")
        assert result.stdout == "Already on your list: Clannad.\n"

    @pytest.mark.parametrize(("name", "message"), [("the", "could be any of"),
                                                   ("xyzzy", "no title matches")])
    def test_ambiguous_or_unknown_title_writes_nothing(self, invoke, state_file, name, message):
        """One bad TITLE among good ones: exit 1, candidates shown, no file written."""
        result = invoke("watched", "add", "clannad", name)
        assert result.exit_code == 1
        assert message in result.stderr
        assert not state_file.exists()

    def test_remove(self, invoke):
        """remove takes titles off and names those that were not on the list."""
        invoke("watched", "add", "clannad", "anohana")
        result = invoke("watched", "remove", "anohana", "steins gate")
        assert result.exit_code == 0
        assert result.stdout == ("Removed: Anohana: The Flower We Saw That Day.\n"
                                 "Not on your list: Steins;Gate.\n")
        assert watched_ids(invoke) == ["clannad"]

    def test_clear_needs_yes_without_a_terminal(self, invoke, state_file):
        """clear refuses without --yes when it cannot ask, and then clears with it."""
        invoke("watched", "add", "clannad")
        before = state_file.read_bytes()
        refused = invoke("watched", "clear")
        assert refused.exit_code == 2 and "--yes" in refused.stderr
        assert state_file.read_bytes() == before
        done = invoke("watched", "clear", "--yes")
        assert done.stdout == "Cleared your watched list (1 title).\n"  # a real plural
        assert watched_ids(invoke) == []

    def test_empty_list_is_not_an_error(self, invoke):
        """An empty list is exit 0 (so `set -e` scripts go on): [] for --json, a friendly
        line on stderr otherwise."""
        result = invoke("watched", "list", "--json")
        assert result.exit_code == 0
        assert json.loads(result.stdout) == []
        result = invoke("watched", "list")
        assert result.exit_code == 0 and result.stdout == ""
        assert result.stderr == ("Your watched list is empty. Add titles with 'cryanime "
                                 "watched add TITLE' or 'cryanime watched import FILE'.\n")


class TestListOutput:
    def test_json_has_title_keys_plus_added_and_loved(self, invoke):
        """watched list --json: title objects with `added` and `loved`."""
        invoke("watched", "add", "clannad", "--loved")
        [item] = json.loads(invoke("watched", "list", "--json").stdout)
        assert item["id"] == "clannad" and item["loved"] is True
        assert item["added"].endswith("+00:00")
        assert {"title", "themes", "tears", "pitch"} <= set(item)

    def test_tsv_columns(self, invoke):
        """Piped: the title columns, then added and loved."""
        from cryanime.output import WATCHED_COLUMNS

        invoke("watched", "add", "clannad")
        row = dict(zip(WATCHED_COLUMNS, invoke("watched", "list").stdout.rstrip("\n").split("\t"),
                       strict=True))
        assert row["id"] == "clannad" and row["loved"] == "no"

    def test_table_on_a_terminal(self, invoke):
        """On a terminal: a table with the date added and a heart for loved titles."""
        invoke("watched", "add", "clannad", "--loved")
        text = invoke("watched", "list", env={"FORCE_COLOR": "1", "COLUMNS": "120"}).stdout
        assert "Clannad" in text and "♥" in text and "1 watched, 1 loved" in text


class TestEffectOnOtherCommands:
    def test_list_marks_watched(self, invoke):
        """list --json gains a `watched` key; the table gains a mark."""
        invoke("watched", "add", "clannad")
        items = {t["id"]: t for t in json.loads(invoke("list", "--json").stdout)}
        assert items["clannad"]["watched"] is True
        assert items["anohana"]["watched"] is False
        table = invoke("list", "--series", env={"FORCE_COLOR": "1", "COLUMNS": "140"}).stdout
        assert "Seen" in table and "✓" in table

    def test_recommend_leaves_watched_out_unless_asked(self, invoke):
        """Watched titles vanish from recommend; --include-watched brings them back."""
        first = json.loads(invoke("recommend", "-t", "grief", "--json").stdout)[0]["id"]
        invoke("watched", "add", first)
        again = [t["id"] for t in json.loads(invoke("recommend", "-t", "grief", "-n", "99",
                                                     "--json").stdout)]
        assert first not in again
        with_watched = json.loads(invoke("recommend", "-t", "grief", "--include-watched",
                                         "--json").stdout)
        assert with_watched[0]["id"] == first

    def test_random_never_picks_watched(self, invoke):
        """With all but one film watched, random --film always gives that one."""
        films = [t["id"] for t in json.loads(invoke("list", "--film", "--json").stdout)]
        invoke("watched", "add", *films[1:])
        picks = {json.loads(invoke("random", "--film", "--seed", str(s), "--json").stdout)["id"]
                 for s in range(10)}
        assert picks == {films[0]}

    def test_everything_watched_says_so(self, invoke):
        """When every fitting title is watched, the message says so and how to see them."""
        films = [t["id"] for t in json.loads(invoke("list", "--film", "--json").stdout)]
        invoke("watched", "add", *films)
        result = invoke("random", "--film")
        assert result.exit_code == 1
        assert "already on your watched list" in result.stderr
        assert "--include-watched" in result.stderr

    def test_loved_titles_steer_recommend(self, invoke):
        """With loved titles and no theme, picks say 'because you loved ...'; the next part
        of the loved story comes first (above titles fans link to it: Kanon), and says so
        once."""
        invoke("watched", "add", "clannad", "--loved")
        picks = json.loads(invoke("recommend", "--json").stdout)
        assert picks and all(p["id"] != "clannad" for p in picks)
        assert picks[0]["id"] == "clannad-after-story"
        assert picks[0]["reasons"][0] == "continues Clannad, which you loved"
        assert not any("continues Clannad" in r for r in picks[0]["reasons"][1:])
        assert all(p["reasons"][0].startswith("because you loved Clannad: ")
                   for p in picks[1:])
        assert "kanon" in [p["id"] for p in picks]

    def test_with_many_loved_titles_each_pick_names_the_one_most_alike(self, invoke,
                                                                       catalogue):
        """Six loved titles: a pick's reason names the one loved title it is most alike
        to, and what it shares with that one; a short line, never a list of six."""
        loved = ["a silent voice", "your lie in april", "anohana", "clannad",
                 "violet evergarden", "grave of the fireflies"]
        assert invoke("watched", "add", *loved, "--loved").exit_code == 0
        titles = {t.title for t in catalogue.titles}
        for pick in json.loads(invoke("recommend", "--json").stdout):
            lead = pick["reasons"][0]
            assert any(lead.startswith(f"because you loved {t}: ")  # one title, not
                       or lead in (f"because you loved {t}",  # a list
                                   f"continues {t}, which you loved") for t in titles), lead
            assert len("; ".join(pick["reasons"])) <= 160, pick["reasons"]

    def test_without_loved_titles_recommend_ranks_by_tears(self, invoke):
        """Watched but not loved: the core behaviour stays."""
        invoke("watched", "add", "clannad")
        picks = json.loads(invoke("recommend", "--json").stdout)
        assert all(p["reasons"][0].startswith("tears ") for p in picks)

    def test_show_card_says_watched(self, invoke):
        """The card of a watched title says so."""
        invoke("watched", "add", "clannad", "--loved")
        text = invoke("show", "clannad", env={"FORCE_COLOR": "1", "COLUMNS": "120"}).stdout
        assert "Watched" in text and "loved, added" in text


class TestImport:
    def test_import_adds_and_reports(self, invoke):
        """An export adds watched titles, marks 8+ as loved and names what it could not match."""
        result = invoke("watched", "import", str(FIXTURES / "animelist.xml.gz"))
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[0] == (
            "Added 4 titles, marked 2 as loved, 0 already on your list, 2 to your "
            "plan-to-watch list, 0 skipped (neither watched nor planned), "
            "1 not in the catalogue.")
        assert "Not in the catalogue: Cowboy Bebop & <Friends>." in result.stdout
        items = {t["id"]: t for t in json.loads(invoke("watched", "list", "--json").stdout)}
        assert set(items) == {"clannad", "steins-gate", "your-lie-in-april", "violet-evergarden"}
        assert items["clannad"]["loved"] and not items["steins-gate"]["loved"]

    def test_import_twice_counts_already_present(self, invoke):
        """Importing again adds nothing."""
        invoke("watched", "import", str(FIXTURES / "animelist.xml"))
        again = invoke("watched", "import", str(FIXTURES / "animelist.xml"))
        assert again.stdout.startswith("Added 0 titles, marked 0 as loved, 4 already on your "
                                       "list")

    def test_reimport_after_raising_a_score_counts_the_newly_loved(self, invoke, tmp_path):
        """Steins;Gate was unscored; re-imported at 9 it becomes loved, and the summary
        says 1 was marked loved (not "0 loved")."""
        invoke("watched", "import", str(FIXTURES / "animelist.xml"))
        raised = tmp_path / "raised.xml"
        text = (FIXTURES / "animelist.xml").read_text(encoding="utf-8")
        steins = text.index("Steins;Gate")
        score = text.index("<my_score>0</my_score>", steins)
        raised.write_text(text[:score] + "<my_score>9</my_score>"
                          + text[score + len("<my_score>0</my_score>"):], encoding="utf-8")
        again = invoke("watched", "import", str(raised))
        assert again.stdout.startswith("Added 0 titles, marked 1 as loved, 4 already on your "
                                       "list")
        items = {t["id"]: t for t in json.loads(invoke("watched", "list", "--json").stdout)}
        assert items["steins-gate"]["loved"]

    @pytest.mark.parametrize(("body", "message"), [
        ("<myinfo><user_export_type>2</user_export_type></myinfo>"
         "<manga><manga_mangadb_id>2</manga_mangadb_id></manga>",
         "is a MyAnimeList manga export, not an anime one"),
        ("<myinfo><user_export_type>1</user_export_type></myinfo>", "holds no anime entries"),
    ])
    def test_a_manga_or_empty_export_is_refused(self, invoke, tmp_path, state_file, body,
                                                message):
        """Exit 2 with the reason and the fix; nothing written."""
        path = tmp_path / "export.xml"
        path.write_text(f"<?xml version='1.0'?><myanimelist>{body}</myanimelist>",
                        encoding="utf-8")
        result = invoke("watched", "import", str(path))
        assert result.exit_code == 2
        assert message in result.stderr and "export.xml" in result.stderr
        assert not state_file.exists()

    def test_dry_run_writes_nothing(self, invoke, state_file):
        """--dry-run reports what would happen and leaves no file behind."""
        result = invoke("watched", "import", str(FIXTURES / "animelist.xml"), "--dry-run")
        assert result.stdout.startswith("Would add 4 titles, would mark 2 as loved")
        assert not state_file.exists()


class TestBrokenState:
    @pytest.mark.parametrize("args", [["watched", "list"], ["watched", "add", "clannad"],
                                      ["recommend"], ["list"], ["random"]])
    def test_corrupt_file_exits_2_and_is_left_alone(self, invoke, state_file, args):
        """A corrupt list: exit 2 naming the file and the fix; the bytes are unchanged."""
        state_file.parent.mkdir(parents=True)
        state_file.write_bytes(b'{"version": 1, "watched": {"clannad": ')
        result = invoke(*args)
        assert result.exit_code == 2
        assert str(state_file) in result.stderr and "is not valid JSON" in result.stderr
        assert "mv " in result.stderr
        assert state_file.read_bytes() == b'{"version": 1, "watched": {"clannad": '
        assert "Traceback" not in result.stderr
