"""Browsing the catalogue: list, show, themes."""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import output
from ..constants import MAL_PAGE, SORT_ORDERS
from .base import find_title, get_catalogue, planned_entries, watched_entries
from .errors import NothingFound, nothing_found
from .group import cli
from .options import (
    CONFIG_NOTE,
    build_query,
    filter_options,
    filter_sources,
    output_options,
    output_view,
)
from .params import complete_title


@cli.command("list", epilog=CONFIG_NOTE)
@filter_options
@click.option("--sort", type=click.Choice(SORT_ORDERS), default="title", show_default=True,
              help="Order of the rows (tears: hardest first; episodes: films first).")
@output_options
def list_command(sort: str, as_json: bool, plain: bool, **filters: Any) -> None:
    """List the titles that pass every filter, as a table.

    \b
    Examples:
      cryanime list --film
      cryanime list --theme war --theme siblings --sort year
      cryanime list --series --max-episodes 13 --without gore
    """
    from ..query import explain_empty, find, find_ids, sort_key
    from ..shown import theme_names_of, title_stream

    query = build_query(**filters)
    view = output_view(as_json, plain)
    catalogue = get_catalogue()
    if view.form is not output.Form.RICH:  # streamed: ids only, the titles a batch at a time
        ids = find_ids(catalogue, query, sort)
        if not ids:
            raise nothing_found(view, explain_empty(catalogue, query,
                                                    sources=filter_sources()))
        output.print_title_data(title_stream(catalogue, ids), view, watched_entries(),
                                planned_entries())
        return
    titles = sorted(find(catalogue, query), key=sort_key(sort))
    if not titles:
        raise nothing_found(view, explain_empty(catalogue, query, sources=filter_sources()))
    output.print_titles(titles, theme_names_of(catalogue), view, watched_entries(),
                        planned_entries())


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def open_in_browser(url: str) -> bool:
    """Open `url` in the browser, when there is a terminal and a browser to open it in."""
    if not stdout_is_terminal():
        return False
    import webbrowser  # only --open needs it

    try:
        webbrowser.get()
    except webbrowser.Error:  # no browser known here (a server, a container)
        return False
    return click.launch(url) == 0


@cli.command()
@click.argument("title", nargs=-1, shell_complete=complete_title)
@click.option("--open", "open_page", is_flag=True,
              help="Open its MyAnimeList page in your browser (where there is no browser or "
                   "no terminal, print the address).")
@output_options
def show(title: tuple[str, ...], open_page: bool, as_json: bool, plain: bool) -> None:
    """Everything about one title.

    TITLE may be the English or Japanese title, the romaji, an alias, the id or
    whole words of the title ("your lie"), in quotes or not: case, punctuation
    and spacing are ignored. A number or a word such as "movie" must be in the
    title: "Clannad 2" is not Clannad.

    \b
    Examples:
      cryanime show your lie in april
      cryanime show "steins gate"
      cryanime show FMA:B --json
    """
    name = " ".join(title).strip()
    if not name:
        raise click.UsageError("give a title, for example: cryanime show your lie in april")
    from ..matching import matched_name
    from ..shown import card_of

    view = output_view(as_json, plain)
    catalogue = get_catalogue()
    pick = find_title(catalogue, name)
    other = matched_name(pick, name)
    if other is not None:  # words found inside another name: say so, as it may surprise
        click.echo(f"Note: {output.clean(repr(name))} found {output.clean(pick.title)} by "
                   f"its name {output.clean(repr(other))}.", err=True)
    [found] = catalogue.load([pick.id])
    if open_page:
        if not found.mal_id:
            raise NothingFound(f"{found.title} has no MyAnimeList id, so no page to open; "
                               "'cryanime show' gives its card.")
        url = MAL_PAGE.format(found.mal_id)
        if open_in_browser(url):
            click.echo(f"Opened {url}", err=True)
        else:
            click.echo(url)
        return
    output.print_card(card_of(catalogue, found), view, watched_entries().get(found.id),
                      planned=planned_entries().get(found.id), personal=True)


@cli.command()
@output_options
def themes(as_json: bool, plain: bool) -> None:
    """The theme and warning vocabulary, with how many titles carry each.

    \b
    Examples:
      cryanime themes
      cryanime themes --json
    """
    from ..shown import theme_entries

    view = output_view(as_json, plain)
    output.print_themes(theme_entries(get_catalogue()), view)


