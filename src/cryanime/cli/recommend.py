"""`recommend`: ranked picks, each with the reason it was picked."""

from __future__ import annotations

from typing import Any

import click

from .. import output
from .base import find_title, get_catalogue, planned_entries, require_config, watched_entries
from .errors import nothing_found
from .group import cli
from .options import (
    ALL_WATCHED,
    CONFIG_NOTE,
    EMPTY_PLAN,
    PLAN_MISS,
    build_query,
    deep,
    deep_cuts_option,
    filter_options,
    filter_sources,
    include_watched_option,
    output_options,
    output_view,
    planned_option,
)
from .params import complete_title


@cli.command("recommend", epilog=CONFIG_NOTE)
@filter_options(wishes=True)
@click.option("--like", "likes", multiple=True, metavar="TITLE", shell_complete=complete_title,
              help="Rank by how alike titles are to this one: what fans recommend, creators, "
                   "genres, tone, themes (repeatable).")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many picks.")
@include_watched_option
@planned_option
@deep_cuts_option
@output_options
def recommend_command(likes: tuple[str, ...], limit: int, include_watched: bool, planned: bool,
                      deep_cuts: bool | None, as_json: bool, plain: bool, **filters: Any
                      ) -> None:
    """Ranked picks, each with the reason it was picked.

    Themes are wishes here: a title needs at least one of them and ranks higher
    for carrying more. Among equally fitting titles, those that hit harder and
    that more "saddest anime" lists name come first. With no theme and no
    --like, titles like the ones you loved come first ("because you loved
    ..."), or, before you have loved any, the titles fans name most. Titles on
    your watched list are left out, and so is a sequel until you have watched
    what comes before it; one title per franchise.

    \b
    Examples:
      cryanime recommend --theme grief
      cryanime recommend -t "first love" -t music --film
      cryanime recommend --like clannad -n 3
      cryanime recommend --theme war --deep-cuts
    """
    require_config("limit")  # -n's default, when config.yml gives it
    from ..query import explain_empty
    from ..ranking import recommend, steering
    from ..shown import theme_names_of

    query = build_query(**filters)
    view = output_view(as_json, plain)
    catalogue = get_catalogue()
    liked = [find_title(catalogue, name) for name in likes]
    watched = watched_entries()
    plan = planned_entries()
    loved, cried = steering(catalogue, watched)
    exclude = () if include_watched else watched.keys()
    among = plan.keys() if planned else None
    picks = recommend(catalogue, query, like=liked, limit=limit, exclude=exclude, loved=loved,
                      watched=watched.keys(), planned=plan.keys(), among=among, cried=cried,
                      deep=deep(deep_cuts), spoilers=view.spoilers)
    if not picks:
        if planned and not plan:
            raise nothing_found(view, EMPTY_PLAN)
        if exclude and recommend(catalogue, query, like=liked, limit=1, loved=loved,
                                 among=among):
            raise nothing_found(view, ALL_WATCHED)
        message = explain_empty(catalogue, query, all_themes=False, sources=filter_sources())
        if liked:
            names = ", ".join(t.title for t in liked)
            message = f"Nothing that passes the filters is like {names}. " + message
        raise nothing_found(view, PLAN_MISS if planned else message)
    output.print_recommendations(picks, theme_names_of(catalogue), view,
                                 watched if include_watched else None)
