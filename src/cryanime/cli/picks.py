"""Picks: recommend (ranked, each with its reasons) and random (one title drawn)."""

from __future__ import annotations

from typing import Any

import click

from .. import output
from .base import find_title, get_catalogue, planned_entries, require_config, watched_entries
from .errors import NothingFound, nothing_found
from .group import cli
from .options import (
    CONFIG_NOTE,
    build_query,
    deep,
    deep_cuts_option,
    filter_options,
    filter_sources,
    output_options,
    output_view,
    planned_option,
)
from .params import complete_title

EMPTY_PLAN = ("Your plan-to-watch list is empty: add titles with 'cryanime plan add TITLE', "
              "or leave out --planned.")
PLAN_MISS = ("Nothing on your plan-to-watch list fits; relax a filter, or leave out "
             "--planned.")
ALL_WATCHED = ("Everything that fits is already on your watched list. Add --include-watched "
               "to see those titles again, or relax a filter.")


def include_watched_option(command: Any) -> Any:
    return click.option("--include-watched", is_flag=True,
                        help="Keep titles on your watched list.")(command)


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


def _nothing_drawn(view: output.View, message: str) -> NothingFound:
    """Exit 1; in JSON mode stdout still gets a valid document: null, for the one title
    there is none of."""
    if view.form is output.Form.JSON:
        output.print_json(None)
    return NothingFound(message)


@cli.command("random", epilog=CONFIG_NOTE)
@filter_options
@click.option("--seed", type=int, help="Make the pick repeatable: the same seed, the same title.")
@include_watched_option
@planned_option
@output_options
def random_command(seed: int | None, include_watched: bool, planned: bool, as_json: bool,
                   plain: bool, **filters: Any) -> None:
    """One title, drawn at random from those that pass the filters.

    Titles on your watched list are left out unless --include-watched is given.

    \b
    Examples:
      cryanime random
      cryanime random --film --min-tears 4
      cryanime random --theme family --seed 7
    """
    from ..draw import draw, generator, why_nothing_drawn
    from ..query import explain_empty
    from ..shown import card_of

    query = build_query(**filters)
    view = output_view(as_json, plain)
    catalogue = get_catalogue()
    plan = planned_entries() if planned else None
    if planned and not plan:
        raise _nothing_drawn(view, EMPTY_PLAN)
    watched = watched_entries()
    skip = () if include_watched else watched
    pick = draw(catalogue, query, generator(seed), skip, watched, plan)
    if pick is None:
        why = why_nothing_drawn(catalogue, query, watched, plan)
        if not why.fits:
            message = (PLAN_MISS if planned
                       else explain_empty(catalogue, query, sources=filter_sources()))
        elif why.all_watched:
            message = ALL_WATCHED
        else:
            names = ", ".join(t.title for t in why.watch_first)
            message = (f"Everything that fits continues a title you have not watched: "
                       f"{names}. Watch that first, or relax a filter.")
        raise _nothing_drawn(view, message)
    [shown] = catalogue.load([pick.id])
    output.print_card(card_of(catalogue, shown), view,
                      watched.get(pick.id) if include_watched else None)
