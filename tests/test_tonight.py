"""`cryanime tonight`: time arithmetic, the tears wish, the ending filter, and the flow."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from conftest import plain, title_yaml
from cryanime import load_catalogue
from cryanime.tonight import Answers, TimeError, offers, parse_time


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("2h", 120), ("evening", 240), ("weekend", 960), ("any", None), ("150", 150),
     ("1h30", 90), ("90m", 90), ("90 min", 90), ("3 h", 180), ("Evening", 240)],
)
def test_parse_time(text, minutes):
    """Menu words, minutes and hours-and-minutes all parse."""
    assert parse_time(text) == minutes


@pytest.mark.parametrize("text", ["", "soon", "0", "h", "-5", "2d", "1h99", "2h60"])
def test_bad_time(text):
    """Anything else says which forms work."""
    with pytest.raises(TimeError, match="use 2h, evening, weekend, any"):
        parse_time(text)


@pytest.fixture
def small(write_catalogue):
    """Titles whose lengths and tears make the arithmetic easy to check by hand."""
    return load_catalogue(write_catalogue(
        title_yaml(id="film-90", title="Film 90", format="film", episodes=None,
                   runtime_minutes=90, tears=5, ending="devastating")
        + title_yaml(id="film-130", title="Film 130", format="film", episodes=None,
                     runtime_minutes=130, tears=5)
        + title_yaml(id="five-eps", title="Five Eps", episodes=5, tears=4)  # 5 x 24 = 120
        + title_yaml(id="five-long", title="Five Long", episodes=5, episode_minutes=30,
                     tears=5)  # 150
        + title_yaml(id="twelve", title="Twelve", episodes=12, tears=3)  # 288
        + title_yaml(id="soft", title="Soft", format="film", episodes=None,
                     runtime_minutes=80, tears=2)
    ))


def ids(result) -> list[str]:
    return [offer.title.id for offer in result]


class TestTimeArithmetic:
    def test_series_use_every_episode_at_24_minutes_by_default(self, small):
        """'Under 2 hours' means the whole title fits, not its first episode."""
        assert small.get("five-eps").total_minutes == 120
        assert small.get("five-long").total_minutes == 150
        assert small.get("film-130").total_minutes == 130
        fit = ids(offers(small, Answers(120, 4, None), rng=random.Random(1)))
        assert set(fit) == {"five-eps", "film-90"}  # 4 exact, then the 5 that fits

    def test_episode_minutes_is_validated(self, write_catalogue):
        """episode_minutes must be a positive whole number, and only on series."""
        from cryanime import CatalogueError

        with pytest.raises(CatalogueError, match="'episode_minutes' must be from 1 to 600"):
            load_catalogue(write_catalogue(title_yaml(episode_minutes=0)))
        with pytest.raises(CatalogueError, match="a film takes 'runtime_minutes', not "
                                                 "'episode_minutes'"):
            load_catalogue(write_catalogue(title_yaml(format="film", episodes=None,
                                                      runtime_minutes=90, episode_minutes=20)))

    def test_evening_and_weekend(self, small):
        """An evening is 4 hours, a weekend 16."""
        evening = set(ids(offers(small, Answers(240, 3, None))))
        assert "twelve" not in evening  # 288 minutes
        assert "twelve" in set(ids(offers(small, Answers(960, 3, None))))


class TestTearsWish:
    def test_exact_first_then_one_either_side_and_no_further(self, small):
        """Tears 4: the 4s first, then 3s and 5s; never a 2."""
        result = offers(small, Answers(None, 4, None), rng=random.Random(0))
        tears = [o.title.tears for o in result]
        assert tears[0] == 4 and set(tears[1:]) == {3, 5}
        assert 2 not in tears
        assert not result[0].relaxed and all(o.relaxed for o in result[1:])
        assert result[0].reasons[1] == "tears 4/5, as hard as you asked for"
        assert result[1].reasons[1].endswith("one off the 4 you asked for")

    def test_relaxing_is_said_on_the_card(self, small):
        """Nothing at 3 fits 2 hours: the offer says it had to relax."""
        result = offers(small, Answers(120, 3, None), rng=random.Random(0))
        assert {o.title.tears for o in result} <= {2, 4}
        assert result[0].reasons[1].startswith("nothing at 3 fits under 2 hours; this is a ")

    def test_order_within_a_group_is_shuffled_reproducibly(self, small):
        """The same seed, the same order; different seeds, different orders."""
        orders = {tuple(ids(offers(small, Answers(None, 5, None), rng=random.Random(s))))
                  for s in range(20)}
        assert len(orders) > 1
        again = ids(offers(small, Answers(None, 5, None), rng=random.Random(7)))
        assert again == ids(offers(small, Answers(None, 5, None), rng=random.Random(7)))


def test_ending_is_a_filter_and_watched_titles_are_never_offered(small):
    """'devastated' keeps only devastating endings; excluded ids never appear."""
    result = offers(small, Answers(None, 5, "devastating"))
    assert ids(result) == ["film-90"]
    assert offers(small, Answers(None, 5, "devastating"), exclude={"film-90"}) == []


# ------------------------------------------------------------------------- CLI


@pytest.fixture
def terminal(monkeypatch):
    """Pretend stdin is a terminal so the questions are asked (CliRunner feeds them)."""
    monkeypatch.setattr("cryanime.cli.tonight.stdin_is_terminal", lambda: True)



QUESTIONS = ("How much time do you have?", "How hard do you want to cry?",
             "How should it leave you?")


def cards(stderr: str) -> list[str]:
    """The titles of the offer cards drawn on stderr, in order."""
    return re.findall(r"╭─ (.+?) ─", plain(stderr))


class TestInteractive:
    def test_defaults_then_yes_and_add(self, invoke, terminal, state_file):
        """Enter three times takes an evening, tears 3, any ending; y, then y adds it.
        stdout is not a terminal (a file, a pipe): questions and the offer's card go to
        stderr, and stdout gets only the accepted pick."""
        result = invoke("tonight", "--seed", "1", "--plain", input="\n\n\ny\ny\n\n")
        assert result.exit_code == 0, result.stderr
        for question in QUESTIONS:
            assert question in result.stderr
        assert "[2]:" in result.stderr and "[3]:" in result.stderr and "[4]:" in result.stderr
        [line] = result.stdout.splitlines()
        offered = line.split("\t")
        assert cards(result.stderr) == [offered[1]]
        assert offered[6] == "3"  # tears column: exactly the default 3
        assert "fits an evening" in offered[-1]
        assert f"Tonight: {offered[1]}." in result.stderr
        entries = json.loads(state_file.read_text())["watched"]
        assert list(entries) == [offered[0]]

    @pytest.mark.parametrize(("answers", "chosen"), [
        ("yes", True), ("Y", True), ("YES", True), ("no\nq", False), ("next\nQuit", False),
        ("N\nq", False), ("quit", False)])
    def test_offer_answers_in_words_any_case(self, invoke, terminal, answers, chosen):
        """y/yes, n/no/next and q/quit are all understood, in any case."""
        result = invoke("tonight", "--seed", "1", "--plain",
                        input="\n\n\n" + answers + "\nn\n")
        assert result.exit_code == 0, result.stderr
        assert "Error" not in result.stderr
        assert ("Tonight:" in result.stderr) is chosen
        if answers.lower().startswith(("no", "n\n", "next")):
            assert len(cards(result.stderr)) == 2

    @pytest.mark.parametrize(("answer", "limit"), [("2h", 120), ("90", 90), ("1h30", 90),
                                                   ("1", 120), ("evening", 240)])
    def test_the_time_question_takes_what_time_takes(self, invoke, terminal, catalogue,
                                                     answer, limit):
        """Every form --time accepts is a good answer, as are the menu's numbers."""
        result = invoke("tonight", "--seed", "1", "--plain", "--tears", "3", "--ending", "any",
                        input=answer + "\ny\nn\n")
        assert result.exit_code == 0, result.stderr
        pick = catalogue.get(result.stdout.split("\t")[0])
        assert pick.total_minutes <= limit

    def test_devastated_and_devastating_are_the_same_answer(self, invoke, terminal, catalogue):
        """The menu and the flag use one word, and accept the other spelling."""
        for flag in ("devastated", "devastating", "DEVASTATED"):
            result = invoke("tonight", "--no-input", "--plain", "--ending", flag, "--seed", "1")
            assert result.exit_code == 0, result.stderr
            assert catalogue.get(result.stdout.split("\t")[0]).ending == "devastating"
        result = invoke("tonight", "--seed", "1", "--plain", "--time", "any", "--tears", "5",
                        input="devastated\ny\nn\n")
        assert "[3] devastating" in result.stderr
        assert catalogue.get(result.stdout.split("\t")[0]).ending == "devastating"
        assert invoke("list", "--ending", "devastated", "--plain").exit_code == 0

    @pytest.mark.parametrize(("answer", "expected"), [("4\n", 4), ("\n", None),
                                                      ("9\n2\n", 2)])
    def test_after_adding_it_asks_how_hard_it_hit(self, invoke, terminal, state_file, answer,
                                                  expected):
        """y, y, then your tears: 1-5 is recorded, Enter skips, 9 is asked again."""
        result = invoke("tonight", "--seed", "1", "--plain", input="\n\n\ny\ny\n" + answer)
        assert result.exit_code == 0, result.stderr
        assert "How hard did it hit you? 1-5, Enter to skip" in result.stderr
        [entry] = json.loads(state_file.read_text())["watched"].values()
        assert entry.get("my_tears") == expected

    def test_each_answer_is_used(self, invoke, terminal, catalogue):
        """1 (under 2 hours), 5, 3 (devastated): the offer fits all three."""
        result = invoke("tonight", "--seed", "2", "--plain", input="1\n5\n3\nq\n")
        assert result.exit_code == 0 and result.stdout == ""  # q: nothing chosen
        pick = next(t for t in catalogue.titles if t.title == cards(result.stderr)[0])
        assert pick.total_minutes <= 120 and pick.ending == "devastating"
        assert pick.tears in (4, 5)

    def test_next_next_yes_never_repeats(self, invoke, terminal):
        """n, n, y: three different titles were shown; the third is chosen."""
        result = invoke("tonight", "--seed", "3", "--plain", input="\n\n\nn\nn\ny\nn\n")
        assert result.exit_code == 0
        shown = cards(result.stderr)
        assert len(shown) == 3 == len(set(shown))
        assert result.stdout.split("\t")[1] == shown[2]
        assert "Add it to your watched list?" in result.stderr

    def test_declining_the_watched_list_writes_nothing(self, invoke, terminal, state_file):
        """y then n: the pick is named, nothing is written."""
        result = invoke("tonight", "--seed", "4", input="\n\n\ny\nn\n")
        assert result.exit_code == 0 and "Tonight:" in result.stderr
        assert not state_file.exists()

    def test_quit_leaves_quietly(self, invoke, terminal, state_file):
        """q: exit 0, nothing written."""
        result = invoke("tonight", input="\n\n\nq\n")
        assert result.exit_code == 0
        assert not state_file.exists()

    def test_answers_given_as_flags_are_not_asked(self, invoke, terminal):
        """--time and --tears given: only the ending is asked."""
        result = invoke("tonight", "--time", "2h", "--tears", "5", "--plain", input="\nq\n")
        assert result.exit_code == 0
        assert QUESTIONS[0] not in result.stderr and QUESTIONS[1] not in result.stderr
        assert QUESTIONS[2] in result.stderr

    def test_watched_titles_are_never_offered(self, invoke, terminal, catalogue):
        """Everything 5/5 under two hours but one is watched: only that one is left out."""
        films = json.loads(invoke("list", "--film", "--min-tears", "5", "--json").stdout)
        short = [f["id"] for f in films if f["runtime_minutes"] <= 120]
        invoke("watched", "add", *short[1:])
        result = invoke("tonight", "--time", "2h", "--tears", "5", "--ending", "any", "--film",
                        "--plain", input="n\n" * 10)
        titles = {t.title: t.id for t in catalogue.titles}
        shown = [titles[name] for name in cards(result.stderr)]
        assert shown[0] == short[0]
        assert not set(shown) & set(short[1:])

    def test_next_past_the_last_title(self, invoke, terminal):
        """n after the last offer: exit 1 with advice on what to loosen."""
        result = invoke("tonight", "--time", "2h", "--tears", "1", "--ending", "hopeful",
                        "--plain", input="n\n" * 40)
        assert result.exit_code == 1
        assert "That was the last title that fits tonight. For more, try" in result.stderr

    def test_ctrl_c_exits_130_and_writes_nothing(self, monkeypatch, terminal, state_file,
                                                 capsys):
        """Ctrl-C at a question: exit 130, a quiet message, nothing written."""
        from cryanime.cli import main

        def interrupt(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(click, "prompt", interrupt)
        with pytest.raises(SystemExit) as info:
            main(["tonight"])
        assert info.value.code == 130
        assert "Interrupted." in capsys.readouterr().err
        assert not state_file.exists()


class TestWithoutATerminal:
    def test_flags_and_defaults_one_pick(self, invoke, catalogue):
        """No terminal: no questions, one TSV line that fits the flags, exit 0."""
        result = invoke("tonight", "--time", "150", "--tears", "4", "--seed", "5")
        assert result.exit_code == 0
        assert "How much time" not in result.stderr
        [line] = result.stdout.splitlines()
        pick = catalogue.get(line.split("\t")[0])
        assert pick.total_minutes <= 150 and pick.tears in (3, 4, 5)

    def test_json_gives_title_and_reasons(self, invoke, terminal):
        """--json never asks, even on a terminal, and adds `reasons`."""
        result = invoke("tonight", "--json", "--ending", "hopeful", "--seed", "1")
        assert result.exit_code == 0 and result.stderr == ""
        pick = json.loads(result.stdout)
        assert pick["ending"] == "hopeful" and len(pick["reasons"]) == 3

    def test_no_input_never_asks(self, invoke, terminal):
        """--no-input on a terminal: no questions."""
        result = invoke("tonight", "--no-input", "--plain")
        assert result.exit_code == 0 and "How" not in result.stderr

    def test_nothing_fits_says_what_to_loosen(self, invoke):
        """Nothing fits 20 minutes: exit 1 and which answer to loosen."""
        result = invoke("tonight", "--time", "20")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: Nothing fits 20 min, tears any, any ending. "
                                        "Try more time (")
        asked = invoke("tonight", "--time", "20", "--tears", "3")
        assert asked.stderr.startswith("Error: Nothing fits 20 min, tears 3, any ending. ")

    def test_no_tears_given_or_asked_is_no_tears_wish(self, invoke, catalogue):
        """Without --tears and without questions, no tears wish is invented: the reasons
        say the title's tears, not "as hard as you asked for", and the plan's titles come
        first whatever their tears (plan add anohana "violet evergarden"; tonight
        --no-input --time weekend offers one of them)."""
        assert invoke("plan", "add", "anohana", "violet evergarden").exit_code == 0
        for seed in range(6):
            result = invoke("tonight", "--no-input", "--time", "weekend", "--json",
                            "--seed", str(seed))
            assert result.exit_code == 0, result.output
            pick = json.loads(result.stdout)
            assert pick["id"] in {"anohana", "violet-evergarden"}
            assert f"tears {pick['tears']}/5" in pick["reasons"]
            assert not any("asked for" in reason for reason in pick["reasons"])

    def test_filters_apply(self, invoke, catalogue):
        """The usual filters narrow the offers."""
        result = invoke("tonight", "--theme", "war", "--film", "--time", "any", "--json")
        pick = catalogue.get(json.loads(result.stdout)["id"])
        assert pick.format == "film" and "war" in pick.themes

    def test_bad_time_flag(self, invoke):
        """A bad --time is a usage error that lists the accepted forms."""
        result = invoke("tonight", "--time", "soon")
        assert result.exit_code == 2 and "'soon' is not a time" in result.stderr


@pytest.mark.slow
def test_a_non_terminal_stdin_never_blocks():
    """With stdin an open pipe that never sends anything, tonight still answers at once."""
    script = Path(sys.executable).parent / "cryanime"
    if not script.exists():
        pytest.skip("cryanime is not installed here")
    process = subprocess.Popen([str(script), "tonight"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin and process.stdout and process.stderr
    try:
        process.wait(timeout=30)  # stdin is still open here: a prompt would block
    finally:
        process.stdin.close()
    with process.stdout, process.stderr:
        out, err = process.stdout.read(), process.stderr.read()
    assert process.returncode == 0, err
    assert out.count(b"\n") == 1 and b"How much time" not in err


def test_time_answers_complete(runner):
    """TAB after --time offers the menu words."""
    from cryanime.cli import cli

    env = {"_CRYANIME_COMPLETE": "bash_complete", "COMP_WORDS": "cryanime tonight --time e",
           "COMP_CWORD": "3"}
    result = runner.invoke(cli, [], env=env, prog_name="cryanime")
    assert result.stdout.splitlines() == ["plain,evening"]


def _run_in_a_pty(tmp_path, keys: bytes, wait_for: bytes, last: bytes = b"\x03",
                  then: bytes = b"Interrupted.") -> tuple[int, str]:
    """Run `cryanime tonight` on a real terminal (a pty that is its controlling terminal),
    type `keys`, wait for `wait_for`, then press `last` (Ctrl-C) and read until `then`;
    (exit code, screen text)."""
    import fcntl
    import select
    import signal
    import subprocess
    import sys
    import termios
    import time

    master, slave = os.openpty()

    def controlling_terminal() -> None:
        # a shell's background job ignores SIGINT, and a child inherits that: a user's
        # terminal does not, so neither does this one
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    env = {**os.environ, "CRYANIME_HOME": str(tmp_path / "home"), "TERM": "xterm",
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "cryanime", "tonight"], stdin=slave,
                               stdout=slave, stderr=slave, env=env,
                               preexec_fn=controlling_terminal)
    os.close(slave)
    screen = b""

    def read_until(token: bytes) -> None:
        nonlocal screen
        deadline = time.time() + 20
        while token not in screen and time.time() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    screen += os.read(master, 65536)
                except OSError:
                    return

    read_until(b"How much time")
    os.write(master, keys)
    read_until(wait_for)
    os.write(master, last)  # Ctrl-C (or Ctrl-D), as the terminal sends it
    code = process.wait(timeout=20)
    read_until(then)
    os.close(master)
    return code, screen.decode(errors="replace")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")
@pytest.mark.parametrize(("keys", "wait_for"), [(b"", b"How much time"),
                                               (b"\r\r\r", b"Watch this?")])
def test_ctrl_c_on_a_real_terminal_exits_130_and_writes_nothing(tmp_path, keys, wait_for):
    """At a question or at an offer: exit 130, "Interrupted.", no "Aborted!", nothing
    written (click turns Ctrl-C at a prompt into Abort; that must still mean 130)."""
    code, screen = _run_in_a_pty(tmp_path, keys, wait_for)
    assert code == 130, screen[-500:]
    assert "Interrupted." in screen and "Aborted" not in screen
    assert not (tmp_path / "home" / "watched.json").exists()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")
@pytest.mark.parametrize(("keys", "wait_for"), [(b"", b"How much time"),
                                               (b"\r", b"How hard"),
                                               (b"\r\r\r", b"Watch this?")])
def test_ctrl_d_on_a_real_terminal_leaves_as_quit_does(tmp_path, keys, wait_for):
    """Ctrl-D (end of input) at a question or an offer, on a real terminal: exit 0, no
    "Aborted", nothing written."""
    code, screen = _run_in_a_pty(tmp_path, keys, wait_for, last=b"\x04", then=b"$")
    assert code == 0, screen[-500:]
    assert "Abort" not in screen
    assert not (tmp_path / "home" / "watched.json").exists()


class TestBeforeAndDuringTheQuestions:
    def test_a_corrupt_list_is_said_before_any_question(self, invoke, terminal, state_file):
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text("{not json", encoding="utf-8")
        result = invoke("tonight", input="\n\n\n")
        assert result.exit_code != 0
        assert "watched.json" in result.stderr
        assert not any(question in result.stderr for question in QUESTIONS)

    def test_an_empty_plan_with_planned_is_said_before_any_question(self, invoke, terminal):
        result = invoke("tonight", "--planned", input="\n\n\n")
        assert result.exit_code == 1
        assert "plan-to-watch list is empty" in result.stderr
        assert not any(question in result.stderr for question in QUESTIONS)

    @pytest.mark.parametrize("fed", ["", "\n", "\n\n", "\n\n\n", "\n\n\nn\n"])
    def test_ctrl_d_at_any_question_leaves_as_quit_does(self, invoke, terminal, state_file,
                                                        fed):
        """End of input (Ctrl-D) at a question or an offer: the line is ended, nothing is
        written, exit 0, as [q]uit; never click's "Aborted!"."""
        result = invoke("tonight", "--seed", "1", input=fed)
        assert result.exit_code == 0, result.output
        assert "Abort" not in result.output and result.stderr.endswith("\n")
        assert not state_file.exists()

    def test_a_wrong_tears_answer_says_what_to_give_and_asks_again(self, invoke, terminal):
        result = invoke("tonight", "--seed", "1", input="\nx\n9\n4\n\nq\n")
        assert result.exit_code == 0, result.output
        assert "'x' is not an answer: give a number from 1" in result.stderr
        assert "'9' is not an answer" in result.stderr
        assert "not a valid integer" not in result.stderr
