"""The options commands share: filters, output form, spoilers, the plan and deep cuts,
and the query and view built from them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from .. import output
from ..constants import TITLE_LANGUAGES
from .base import config_setting, config_without, current_app, get_catalogue, require_config
from .params import EndingType, EraType, ThemeType

if TYPE_CHECKING:
    from ..query import Era, Query


def planned_option(command: Callable) -> Callable:
    return click.option("--planned", is_flag=True,
                        help="Pick only from your plan-to-watch list.")(command)


def deep_cuts_option(command: Callable) -> Callable:
    return click.option("--deep-cuts/--no-deep-cuts", "deep_cuts", default=None,
                        help="Favour titles few saddest-anime lists name that hit as hard "
                             "(deep_cuts: true in config.yml makes it the default).")(command)


def deep(given: bool | None) -> bool:
    """--deep-cuts or --no-deep-cuts as given, else config.yml's `deep_cuts`."""
    return bool(config_setting("deep_cuts")) if given is None else given


FILTERS = {
    "theme": click.option("--theme", "-t", "themes", multiple=True, type=ThemeType(),
                          help="Only titles with this theme (repeatable: every one of them). "
                               "Id, name or alias."),
    "without": click.option("--without", multiple=True, type=ThemeType(warnings=True),
                            metavar="THEME_OR_WARNING",
                            help="Leave out titles carrying this theme or warning (repeatable)."),
    "film": click.option("--film", is_flag=True, help="Films only."),
    "series": click.option("--series", is_flag=True, help="Series only."),
    "era": click.option("--era", type=EraType(),
                        help="1980s, 80s, 2011, 2005-2012, 2010- or -1999; any: no era "
                             "(undoes config.yml's)."),
    "max-episodes": click.option("--max-episodes", type=click.IntRange(min=1), metavar="N",
                                 help="Series of at most N episodes (films pass)."),
    "min-tears": click.option("--min-tears", type=click.IntRange(1, 5), metavar="N",
                              help="Titles that hit at least this hard (1-5)."),
    "ending": click.option("--ending", type=EndingType(allow_any=True),
                           help="How it leaves you (devastated means devastating; any: "
                                "every ending, undoing config.yml's)."),
}


WISHED_THEME = click.option(
    "--theme", "-t", "themes", multiple=True, type=ThemeType(),
    help="A theme you wish for (repeatable): a pick carries at least one, and ranks higher "
         "for carrying more. Id, name or alias.")


def filter_options(command: Callable | None = None, *, only: tuple[str, ...] = (),
                   wishes: bool = False) -> Callable:
    """The filters shared by list, recommend and random (or `only` some of them); with
    `wishes`, --theme is a wish (recommend) rather than a filter."""

    def apply(command: Callable) -> Callable:
        for name in reversed(only or tuple(FILTERS)):
            command = (WISHED_THEME if wishes and name == "theme" else FILTERS[name])(command)
        return command

    return apply(command) if command is not None else apply


def _note_spoilers(ctx: click.Context, param: click.Parameter, value: bool | None) -> None:
    if value is not None:  # the last given wins: --spoilers, or --no-spoilers
        current_app(ctx).spoilers = value


def spoilers_option(command: Callable) -> Callable:
    """--spoilers and --no-spoilers, taken before the command or after it (`cryanime
    --spoilers show X` or `cryanime show X --spoilers`); the last given wins."""
    command = click.option("--no-spoilers", "no_spoilers", is_flag=True, flag_value=False,
                           default=None, expose_value=False, callback=_note_spoilers,
                           help="Hide them (undoes config.yml's spoilers: true).")(command)
    return click.option("--spoilers", is_flag=True, flag_value=True, default=None,
                        expose_value=False, callback=_note_spoilers,
                        help="Show the themes that would give a twist away (hidden by "
                             "default; --json always has them).")(command)


def show_spoilers(ctx: click.Context | None = None) -> bool:
    """--spoilers or --no-spoilers as given, else config.yml's `spoilers`."""
    given = current_app(ctx).spoilers
    return bool(config_setting("spoilers", ctx)) if given is None else given


def _note_markdown(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        current_app(ctx).markdown = True


def _note_titles(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        current_app(ctx).titles = value


def output_options(command: Callable) -> Callable:
    """--json, --plain and --markdown; --spoilers and --titles go with them, as they too
    change what is shown."""
    command = spoilers_option(command)
    command = click.option("--titles", type=click.Choice(TITLE_LANGUAGES), default=None,
                           expose_value=False, callback=_note_titles,
                           help="The name titles go by in tables, cards and Markdown: "
                                "english (the default), romaji or native (titles: in "
                                "config.yml). JSON keeps every name.")(command)
    command = click.option("--markdown", is_flag=True, expose_value=False,
                           callback=_note_markdown,
                           help="Markdown to paste on GitHub, Reddit or Discord: a list, "
                                "each title linked to its MyAnimeList page.")(command)
    command = click.option("--plain", is_flag=True,
                           help="Tab-separated lines even on a terminal.")(command)
    return click.option("--json", "as_json", is_flag=True,
                        help="JSON on stdout (keys documented in the README).")(command)


def build_query(themes: tuple[str, ...] = (), without: tuple[str, ...] = (), film: bool = False,
                series: bool = False, era: Era | None = None, max_episodes: int | None = None,
                min_tears: int | None = None, ending: str | None = None) -> Query:
    if film and series:
        raise click.UsageError("--film and --series exclude each other; give one, or neither "
                               "for both.")
    require_config("era", "min_tears", "ending")  # the defaults these filters took
    from ..query import Query

    if config_setting("without"):  # config.yml's `without` adds to the command line's
        without = (*config_without(get_catalogue()), *without)
    return Query(
        themes=tuple(dict.fromkeys(themes)),
        without=tuple(dict.fromkeys(without)),
        format="film" if film else "series" if series else None,
        era=era,
        max_episodes=max_episodes,
        min_tears=min_tears,
        ending=ending.lower() if ending else None,
    )


def output_view(as_json: bool, plain: bool) -> output.View:
    """How this command shows its output, chosen once: the form (--json, --plain or a
    terminal), spoiler themes (--spoilers) and the pager (--no-pager)."""
    if as_json and plain:
        raise click.UsageError("--json and --plain exclude each other; pick one.")
    app = current_app()
    if app.markdown and (as_json or plain):
        raise click.UsageError(f"--markdown and {'--json' if as_json else '--plain'} exclude "
                               "each other; pick one.")
    view = output.choose_view(as_json, plain, spoilers=show_spoilers(), pager=not app.no_pager,
                              markdown=app.markdown, titles=app.titles or "english")
    if app.titles is None and view.form in (output.Form.RICH, output.Form.MARKDOWN):
        require_config("titles")  # JSON and TSV keep every name: config.yml's is not read
        view = view._replace(titles=config_setting("titles") or "english")
    return view


# Which settings of config.yml are defaults for which commands' options: command ->
# {setting: option name}. `without` adds to --without (build_query); `catalog` and
# `spoilers` are global (catalogue_paths, show_spoilers).
CONFIG_DEFAULTS = {
    "list": {"era": "era", "min_tears": "min_tears", "ending": "ending"},
    "recommend": {"era": "era", "min_tears": "min_tears", "ending": "ending", "limit": "limit"},
    "random": {"era": "era", "min_tears": "min_tears", "ending": "ending"},
    "tonight": {"era": "era", "ending": "ending_answer"},
}


CONFIG_NOTE = ("Defaults for --without, --era, --min-tears, --ending, -n, --catalog and "
               "--spoilers can come from config.yml in your config directory, or the file "
               "$CRYANIME_CONFIG names (see the README); a flag given here wins, and "
               "--without adds to the file's.")


# config.yml's setting behind each Query field a default can fill, and the flag undoing it
_UNDO = {"era": ("era", "--era any"), "min_tears": ("min_tears", "--min-tears 1"),
         "ending": ("ending", "--ending any")}


def filter_sources(ctx: click.Context | None = None) -> dict[str, str]:
    """For an empty result's hint: the filters config.yml set rather than a flag typed, each
    named with how to undo it for one run ("config.yml's era: 1980s (--era any)")."""
    ctx = ctx or click.get_current_context()
    sources = {}
    for field, (key, undo) in _UNDO.items():
        option = "ending_answer" if field == "ending" and "ending_answer" in ctx.params else field
        if ctx.get_parameter_source(option) == ParameterSource.DEFAULT_MAP:
            sources[field] = f"config.yml's {key}: {config_setting(key, ctx)} ({undo})"
    if config_setting("without", ctx) and not ctx.params.get("without"):
        sources["without"] = "config.yml's without (it adds to every --without)"
    return sources


# What a pick says when the plan or the watched list leaves nothing (recommend, random).
EMPTY_PLAN = ("Your plan-to-watch list is empty: add titles with 'cryanime plan add TITLE', "
              "or leave out --planned.")
PLAN_MISS = ("Nothing on your plan-to-watch list fits; relax a filter, or leave out "
             "--planned.")
ALL_WATCHED = ("Everything that fits is already on your watched list. Add --include-watched "
               "to see those titles again, or relax a filter.")


def include_watched_option(command: Callable) -> Callable:
    return click.option("--include-watched", is_flag=True,
                        help="Keep titles on your watched list.")(command)
