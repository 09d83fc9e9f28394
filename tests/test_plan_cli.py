"""`cryanime plan ...`, `--planned`, and your own tears (`watched add --tears`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import plain

FIXTURES = Path(__file__).parent / "fixtures" / "mal"
TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "120"}



def plan_ids(invoke) -> list[str]:
    return [t["id"] for t in json.loads(invoke("plan", "list", "--json").stdout)]


class TestPlanCommands:
    def test_add_list_remove(self, invoke):
        """Titles are found like `show`; the list is newest first; remove takes them off."""
        result = invoke("plan", "add", "your lie", "grave of the fireflies")
        assert result.exit_code == 0
        assert result.stdout == "Planned: Your Lie in April, Grave of the Fireflies.\n"
        assert set(plan_ids(invoke)) == {"your-lie-in-april", "grave-of-the-fireflies"}
        assert invoke("plan", "add", "your lie").stdout == \
            "Already on your plan: Your Lie in April.\n"
        result = invoke("plan", "remove", "your lie", "clannad")
        assert result.stdout == ("Removed from your plan: Your Lie in April.\n"
                                 "Not on your plan: Clannad.\n")
        assert plan_ids(invoke) == ["grave-of-the-fireflies"]

    def test_an_unknown_title_plans_nothing(self, invoke, state_file):
        result = invoke("plan", "add", "anohana", "xyzzy")
        assert result.exit_code == 1 and "no title matches 'xyzzy'" in result.stderr
        assert not state_file.exists()

    def test_json_and_plain_rows_carry_title_fields_plus_added(self, invoke):
        from cryanime.output import PLAN_COLUMNS

        invoke("plan", "add", "anohana")
        [item] = json.loads(invoke("plan", "list", "--json").stdout)
        assert item["id"] == "anohana" and item["title"].startswith("Anohana")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", item["added"])
        row = invoke("plan", "list", "--plain").stdout.rstrip("\n").split("\t")
        assert dict(zip(PLAN_COLUMNS, row, strict=True))["added"] == item["added"]

    def test_table_on_a_terminal(self, invoke):
        invoke("plan", "add", "anohana")
        text = plain(invoke("plan", "list", env=TERMINAL).stdout)
        assert "Anohana" in text and "Planned" in text and "1 planned" in text

    def test_an_empty_plan_is_not_an_error(self, invoke):
        """Exit 0: `[]` with --json, a friendly line on stderr otherwise."""
        assert invoke("plan", "list", "--json").stdout == "[]\n"
        result = invoke("plan", "list")
        assert result.exit_code == 0 and result.stdout == ""
        assert "Your plan-to-watch list is empty" in result.stderr

    def test_watching_a_title_takes_it_off_the_plan(self, invoke):
        invoke("plan", "add", "anohana", "clannad")
        invoke("watched", "add", "anohana")
        assert plan_ids(invoke) == ["clannad"]
        result = invoke("plan", "add", "anohana")
        assert result.stdout == ("Already watched, so not planned: Anohana: The Flower We "
                                 "Saw That Day.\n")

    def test_import_puts_plan_to_watch_on_the_plan(self, invoke):
        """The fixture's two Plan to Watch entries land on the plan, and the summary counts
        them; a dry run writes nothing but counts the same."""
        dry = invoke("watched", "import", "--dry-run", str(FIXTURES / "animelist.xml"))
        assert "2 to your plan-to-watch list" in dry.stdout
        assert plan_ids(invoke) == []
        invoke("watched", "import", str(FIXTURES / "animelist.xml"))
        assert set(plan_ids(invoke)) == {"grave-of-the-fireflies", "angel-beats"}


class TestPlannedPicks:
    def test_planned_titles_are_still_recommended_and_say_so(self, invoke):
        invoke("plan", "add", "anohana")
        picks = json.loads(invoke("recommend", "--theme", "grief", "--json").stdout)
        anohana = next(p for p in picks if p["id"] == "anohana")
        assert "on your plan-to-watch list" in anohana["reasons"]

    def test_list_marks_planned_titles(self, invoke):
        invoke("plan", "add", "anohana")
        rows = {t["id"]: t for t in json.loads(invoke("list", "--json").stdout)}
        assert rows["anohana"]["planned"] and not rows["clannad"]["planned"]
        text = plain(invoke("list", "--theme", "afterlife", env=TERMINAL).stdout)
        row = next(line for line in text.splitlines() if "Anohana: The" in line)
        assert "plan" in row and "1 planned" in text

    @pytest.mark.parametrize("command", [("recommend", "--json"), ("random", "--json"),
                                         ("tonight", "--time", "any", "--json")])
    def test_planned_picks_only_from_the_plan(self, invoke, command):
        invoke("plan", "add", "plastic memories", "true tears")
        for seed in range(4):
            args = (*command, "--planned") + (("--seed", str(seed)) if command[0] != "recommend"
                                              else ())
            result = invoke(*args)
            assert result.exit_code == 0, result.stderr
            data = json.loads(result.stdout)
            ids = {d["id"] for d in data} if isinstance(data, list) else {data["id"]}
            assert ids <= {"plastic-memories", "true-tears"}

    @pytest.mark.parametrize("command", ["recommend", "random", "tonight"])
    def test_planned_with_an_empty_plan_says_so(self, invoke, command):
        result = invoke(command, "--planned", "--plain")
        assert result.exit_code == 1
        assert "plan-to-watch list is empty" in result.stderr

    def test_tonight_offers_the_plan_first_and_says_so(self, invoke, catalogue):
        """Of the titles that fit, a planned one comes first, whatever the shuffle."""
        invoke("plan", "add", "true tears")  # tears 2 in the catalogue
        for seed in range(5):
            result = invoke("tonight", "--time", "any", "--tears", "2", "--json",
                            "--seed", str(seed))
            pick = json.loads(result.stdout)
            assert pick["id"] == "true-tears"
            assert "on your plan-to-watch list" in pick["reasons"]


class TestYourTears:
    def test_tears_are_recorded_and_shown(self, invoke):
        result = invoke("watched", "add", "a silent voice", "--tears", "5")
        assert result.stdout == "Added (your tears 5/5): A Silent Voice.\n"
        invoke("watched", "add", "clannad")
        rows = {t["id"]: t for t in json.loads(invoke("watched", "list", "--json").stdout)}
        assert rows["a-silent-voice"]["my_tears"] == 5 and rows["clannad"]["my_tears"] is None
        assert json.loads(invoke("show", "a silent voice", "--json").stdout)["my_tears"] == 5
        assert json.loads(invoke("show", "clannad", "--json").stdout)["my_tears"] is None
        assert json.loads(invoke("show", "anohana", "--json").stdout)["my_tears"] is None
        card = plain(invoke("show", "a silent voice", env=TERMINAL).stdout)
        assert "your tears 5/5" in card
        table = plain(invoke("watched", "list", env=TERMINAL).stdout)
        assert "Yours" in table

    @pytest.mark.parametrize("value", ["0", "6", "lots"])
    def test_tears_outside_1_to_5_is_a_usage_error_and_writes_nothing(self, invoke,
                                                                      state_file, value):
        result = invoke("watched", "add", "clannad", "--tears", value)
        assert result.exit_code == 2 and "--tears" in result.stderr
        assert not state_file.exists()

    def test_titles_that_made_you_cry_steer_recommend(self, invoke):
        """Your tears 4-5 count like a loved title, and the pick says it."""
        invoke("watched", "add", "your lie in april", "--tears", "5")
        picks = json.loads(invoke("recommend", "--json").stdout)
        assert picks
        assert all(p["reasons"][0].startswith("because Your Lie in April made you cry")
                   for p in picks)

    def test_soft_tears_do_not_steer(self, invoke):
        invoke("watched", "add", "your lie in april", "--tears", "2")
        picks = json.loads(invoke("recommend", "--json").stdout)
        assert not any("made you cry" in r for p in picks for r in p["reasons"])
