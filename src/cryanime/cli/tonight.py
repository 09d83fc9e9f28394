"""`cryanime tonight`: a guided pick for the evening, in three questions."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable
from typing import Any

import click
from click.core import ParameterSource

from .. import output
from ..constants import ENDING_ALIASES
from .base import get_catalogue, get_store, planned_entries, watched_entries
from .errors import NothingFound
from .group import cli
from .options import (
    CONFIG_NOTE,
    EMPTY_PLAN,
    build_query,
    deep,
    deep_cuts_option,
    filter_options,
    output_options,
    output_view,
    planned_option,
)
from .params import EndingType


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


class TimeType(click.ParamType):
    name = "time"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..tonight import TimeError, parse_time

        try:
            return parse_time(str(value))
        except TimeError as exc:
            self.fail(str(exc), param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        from ..tonight import TIMES

        return [CompletionItem(key, help=words) for key, _, words in TIMES
                if key.startswith(incomplete.lower())]


class MenuType(click.ParamType):
    """A numbered menu answered by number or by word, any case: '2', 'evening', 'Yes'.
    `aliases` maps more words to a key ('yes' -> 'y')."""

    name = "choice"

    def __init__(self, keys: list[str], aliases: dict[str, str] | None = None) -> None:
        self.keys = keys
        self.aliases = aliases or {}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip().lower()
        if text.isdigit() and 1 <= int(text) <= len(self.keys):
            return self.keys[int(text) - 1]
        text = self.aliases.get(text, text)
        if text in self.keys:
            return text
        self.fail(f"answer 1-{len(self.keys)} or one of: {', '.join(self.keys)}", param, ctx)


class TimeAnswer(MenuType):
    """The time question: a menu number, or anything --time takes (2h, 90, 1h30, any)."""

    def __init__(self) -> None:
        from ..tonight import TIMES

        super().__init__([key for key, _, _ in TIMES])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ..tonight import TimeError, parse_time

        text = str(value).strip().lower()
        if text.isdigit() and 1 <= int(text) <= len(self.keys):
            text = self.keys[int(text) - 1]
        try:
            return parse_time(text)
        except TimeError as exc:
            self.fail(f"{exc}, or a number from the menu", param, ctx)


class TearsAnswer(click.ParamType):
    """The tears question: 1 to 5, said so when the answer is anything else."""

    name = "tears"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from ..tonight import TEARS

        text = str(value).strip()
        if text.isdigit() and 1 <= int(text) <= 5:
            return int(text)
        self.fail(f"{text!r} is not an answer: give a number from 1 ({TEARS[0]}) to 5 "
                  f"({TEARS[-1]}).", param, ctx)


OFFER_ANSWERS = MenuType(["y", "n", "q"], {"yes": "y", "no": "n", "next": "n", "quit": "q"})


def _tears_or_skip(text: str) -> int | None:
    """An answer to "how hard did it hit you": Enter skips, else 1-5."""
    text = text.strip()
    if not text:
        return None
    tears: int = click.IntRange(1, 5).convert(text, None, None)  # type: ignore[arg-type]
    return tears


def _menu(options: list[str]) -> str:
    return "  ".join(f"[{i}] {words}" for i, words in enumerate(options, 1))


def _ask(question: str, kind: click.ParamType, default: str, err: bool) -> Any:
    return click.prompt(question, type=kind, default=default, err=err)


@cli.command(epilog=CONFIG_NOTE)
@click.option("--time", "time_", type=TimeType(), metavar="TIME",
              help="2h, evening (4 h), weekend (16 h), any, or minutes like 150 or 1h30.")
@click.option("--tears", type=click.IntRange(1, 5), help="How hard to cry, 1-5 (a wish).")
@click.option("--ending", "ending_answer", type=EndingType(allow_any=True),
              help="How it should leave you (devastated means devastating; any: no filter).")
@filter_options(only=("theme", "without", "film", "series", "era"))
@click.option("--seed", type=int, help="Make the order of offers repeatable.")
@click.option("--no-input", is_flag=True, help="Never ask: use the flags and the defaults.")
@planned_option
@deep_cuts_option
@output_options
def tonight(time_: int | None, tears: int | None, ending_answer: str | None, seed: int | None,
            no_input: bool, planned: bool, deep_cuts: bool | None, as_json: bool, plain: bool,
            **filters: Any) -> None:
    """A pick for tonight, from three questions: time, tears and ending.

    Asks how much time you have, how hard you want to cry and how it should leave
    you (an answer given as a flag is not asked again), then offers one title at a
    time: [y]es, [n]ext or [q]uit. The whole title must fit your time (series:
    every episode). Tears is a wish: exact matches first, then one level either
    side. Titles on your plan-to-watch list come first (--planned: only those).
    Without a terminal, with --no-input or --json, it never asks and prints
    one pick. Titles on your watched list are never offered.

    \b
    Examples:
      cryanime tonight
      cryanime tonight --time 2h --tears 5 --ending devastating
      cryanime tonight --time 150 --no-input --json
    """
    from ..draw import generator
    from ..tonight import loosen_options, offered, what_to_loosen

    query = build_query(**filters)
    view = output_view(as_json, plain)._replace(pager=False)  # a card at a time: no pager
    interactive = not (no_input or as_json) and stdin_is_terminal()
    to_stderr = not stdout_is_terminal()  # keep questions out of redirected output
    ctx = click.get_current_context()

    def given(name: str, value: Any) -> Any:  # --time any and --ending any are None, too
        return NOT_GIVEN if ctx.get_parameter_source(name) == ParameterSource.DEFAULT else value

    # what can stop the evening is said before any question is asked
    catalogue = get_catalogue()
    watched = watched_entries()
    plan = planned_entries()
    if planned and not plan:
        raise NothingFound(EMPTY_PLAN)
    try:
        answers = _answers(given("time_", time_), tears, given("ending_answer", ending_answer),
                           ask=interactive, to_stderr=to_stderr)
        offers = offered(catalogue, answers, query, exclude=watched.keys(),
                         rng=generator(seed), planned=plan.keys(), only_planned=planned,
                         deep=deep(deep_cuts))
        first = next(offers, None)  # drawn as they are asked for: the first reads a few
        if first is None and planned:
            raise NothingFound("Nothing on your plan-to-watch list fits tonight; leave out "
                               "--planned, or loosen an answer.")
        if first is None:
            raise NothingFound(what_to_loosen(catalogue, answers, query, watched.keys()))
        if not interactive:
            output.print_offer(first, _card(catalogue, first), view)
        elif not _offer_one_by_one(itertools.chain([first], offers), catalogue, view,
                                   to_stderr):
            options = loosen_options(catalogue, answers, query, watched.keys())
            advice = (" For more, try " + ", or ".join(options) + "." if options
                      else " Nothing else you have not watched fits.")
            raise NothingFound("That was the last title that fits tonight." + advice)
    except click.Abort as exc:
        if not isinstance(exc.__cause__ or exc.__context__, EOFError):
            raise  # Ctrl-C: an interrupt (exit 130)
        click.echo(err=to_stderr)  # Ctrl-D: leave as [q]uit does, off the question's line


NOT_GIVEN = object()


def _answers(minutes: Any, tears: int | None, ending: Any, *,
             ask: bool, to_stderr: bool) -> Any:
    """The three answers: flags as given, the rest asked (on a terminal) or defaulted."""
    from ..tonight import (
        DEFAULT_ENDING,
        DEFAULT_TEARS,
        DEFAULT_TIME,
        ENDING_ANSWERS,
        TEARS,
        TIMES,
        Answers,
        parse_time,
    )

    if minutes is NOT_GIVEN:
        keys = [key for key, _, _ in TIMES]
        minutes = (_ask("How much time do you have?   " + _menu([w for _, _, w in TIMES]),
                        TimeAnswer(), str(keys.index(DEFAULT_TIME) + 1), to_stderr)
                   if ask else parse_time(DEFAULT_TIME))
    if tears is None and ask:  # not asked and not given: no wish at all
        tears = _ask(f"How hard do you want to cry? [1] {TEARS[0]} … [5] {TEARS[-1]}",
                     TearsAnswer(), str(DEFAULT_TEARS), to_stderr)
    if ending is NOT_GIVEN:
        keys = [key for key, _ in ENDING_ANSWERS]
        ending = (_ask("How should it leave you?     " + _menu([w for _, w in ENDING_ANSWERS]),
                       MenuType(keys, dict(ENDING_ALIASES)), str(keys.index(DEFAULT_ENDING) + 1),
                       to_stderr)
                  if ask else DEFAULT_ENDING)
        ending = None if ending == "any" else ending
    return Answers(minutes, tears, ending)


def _card(catalogue: Any, offer: Any) -> Any:
    """The card of an offer's title, loaded in full."""
    from ..shown import card_of

    [title] = catalogue.load([offer.title.id])
    return card_of(catalogue, title)


def _offer_one_by_one(offered: Iterable[Any], catalogue: Any, view: output.View,
                      to_stderr: bool) -> bool:
    """Show offers until [y]es or [q]uit (True); False when they run out. When stdout is
    not a terminal the offers are shown on stderr, where the questions are, and only the
    accepted pick goes to stdout."""
    # the card for the eyes: on stderr, where the questions are, when stdout is redirected
    shown = view._replace(form=output.Form.RICH, err=True, pager=False) if to_stderr else view
    for offer in offered:
        card = _card(catalogue, offer)
        output.print_offer(offer, card, shown)
        choice = _ask("Watch this? [y]es / [n]ext / [q]uit", OFFER_ANSWERS, "y", to_stderr)
        if choice == "q":
            return True
        if choice == "y":
            if to_stderr:
                output.print_offer(offer, card, view)
            from ..records import name_in

            name = output.clean(name_in(offer.title, view.titles))
            click.echo(f"Tonight: {name}. Keep the tissues close.", err=to_stderr)
            if click.confirm("Add it to your watched list?", default=True, err=to_stderr):
                mine = click.prompt("How hard did it hit you? 1-5, Enter to skip",
                                    type=click.IntRange(1, 5), default="",
                                    show_default=False, err=to_stderr,
                                    # Enter gives None, which click's stub does not foresee
                                    value_proc=_tears_or_skip)  # type: ignore[arg-type]
                get_store().add([offer.title.id], my_tears=mine)
                click.echo(f"Added {name} to your watched list.", err=to_stderr)
            return True
    return False
