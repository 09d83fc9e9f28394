"""Parameter types (a theme, an ending, an era), each refusing a bad value with a
suggestion, and shell completion of titles.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..constants import ENDING_ALIASES, ENDINGS
from ..errors import EraError, UnknownThemeError
from .base import catalogue_paths, get_catalogue, planned_entries, watched_entries

if TYPE_CHECKING:
    from ..query import Era


class ThemeType(click.ParamType):
    """A theme by id, name or alias, any case; with ``warnings``, a warning too."""

    name = "theme"

    def __init__(self, *, warnings: bool = False) -> None:
        self.warnings = warnings

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:

        try:
            return get_catalogue(ctx).resolve_theme(str(value), warnings=self.warnings)
        except UnknownThemeError as exc:
            self.fail(f"{exc} Run 'cryanime themes' to see them all.", param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        from ..index import load_vocabulary

        try:
            rows = load_vocabulary(catalogue_paths(ctx))  # TAB should be instant
            if rows is None:
                rows = get_catalogue(ctx).vocabulary_rows()
        except click.ClickException:
            return []
        prefix = incomplete.casefold()
        return [
            CompletionItem(theme_id, help=description)
            for kind, theme_id, name, description in rows
            if (kind == "theme" or self.warnings)
            and (theme_id.startswith(prefix) or name.casefold().startswith(prefix))
        ]


class EndingType(click.ParamType):
    """hopeful, bittersweet or devastating (devastated too), any case; with `any`, that
    word means no filter (None)."""

    name = "ending"

    def __init__(self, *, allow_any: bool = False) -> None:
        self.words = [*ENDINGS, *(["any"] if allow_any else [])]

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.words) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> str | None:
        text = str(value).strip().lower()
        text = ENDING_ALIASES.get(text, text)
        if text in self.words:
            return None if text == "any" else text
        self.fail(f"{value!r} is not an ending; use one of {', '.join(self.words)}.",
                  param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        return [CompletionItem(w) for w in self.words if w.startswith(incomplete.lower())]


class EraType(click.ParamType):
    """An era (2000s, 2011, 2005-2012, -1999), or `any`: no era filter."""

    name = "era"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        decades = [f"{decade}s" for decade in range(1960, 2030, 10)]
        return [CompletionItem(d) for d in decades if d.startswith(incomplete)]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Era | None:
        from ..query import Era, parse_era

        if isinstance(value, Era):
            return value
        if str(value).strip().casefold() == "any":  # no era: undoes config.yml's for a run
            return None
        try:
            return parse_era(str(value))
        except EraError as exc:
            self.fail(str(exc), param, ctx)


class FilePath(click.ParamType):
    """A file's path, taken as given (the catalogue loader says what is wrong with it) and
    completed as a file by the shell. Not click.Path, whose name is looked up in the
    locale's message catalogues on every run (see README, Performance)."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> str:
        return os.fsdecode(value)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


def complete_title(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    """Every title that fits what was typed, by id, in id order."""
    return _complete_among(ctx, incomplete, None)


def _complete_on(entries: Callable[[], Any]) -> Callable[..., list]:
    """Completion of the titles on one of your lists only (for `watched remove`, `plan
    remove`)."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        try:
            ids = entries().keys()
        except click.ClickException:
            return []
        return _complete_among(ctx, incomplete, ids)

    return complete


complete_watched = _complete_on(lambda: watched_entries())


complete_planned = _complete_on(lambda: planned_entries())


def _complete_among(ctx: click.Context, incomplete: str, ids: Any) -> list:
    from click.shell_completion import CompletionItem

    try:
        catalogue = get_catalogue(ctx)
    except click.ClickException:
        return []
    from ..matching import complete

    titles = catalogue.candidates if ids is None else catalogue.with_ids(ids)
    return [CompletionItem(t.id, help=t.title) for t in complete(titles, incomplete)]


def _no_empty_titles(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
                     ) -> tuple[str, ...]:
    if any(not title.strip() for title in value):
        raise click.BadParameter("a title cannot be empty; give one, for example "
                                 "'your lie in april'.", ctx=ctx, param=param)
    return value


def title_arguments(complete: Callable[..., list]) -> Callable[[Any], Any]:
    """TITLE... of `watched` and `plan`: one or more, none empty (a usage error, exit 2,
    as `show ''` is), completed by `complete`."""
    return click.argument("titles", nargs=-1, required=True, metavar="TITLE...",
                          shell_complete=complete, callback=_no_empty_titles)
