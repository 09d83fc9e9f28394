"""`random`: one title drawn from those that pass the filters."""

from __future__ import annotations

from typing import Any

import click

from .. import output
from .base import get_catalogue, planned_entries, watched_entries
from .errors import NothingFound
from .group import cli
from .options import (
    ALL_WATCHED,
    CONFIG_NOTE,
    EMPTY_PLAN,
    PLAN_MISS,
    build_query,
    filter_options,
    filter_sources,
    include_watched_option,
    output_options,
    output_view,
    planned_option,
)


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
