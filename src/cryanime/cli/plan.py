"""`cryanime plan`: your plan-to-watch list."""

from __future__ import annotations

import click

from .. import output
from .base import find_title, get_catalogue, get_store, planned_entries
from .group import cli
from .options import output_options, output_view
from .params import complete_planned, complete_title, title_arguments
from .watched import names_of, remove_titles, show_list


@cli.group()
def plan() -> None:
    """Your plan-to-watch list.

    Planned titles are still recommended, marked as planned; --planned makes
    recommend, random and tonight pick only from the plan, and tonight offers
    planned titles first. Marking a title watched takes it off the plan.

    \b
    Examples:
      cryanime plan add "grave of the fireflies" anohana
      cryanime plan list
      cryanime recommend --planned
    """


@plan.command("add")
@title_arguments(complete_title)
def add(titles: tuple[str, ...]) -> None:
    """Put titles on your plan-to-watch list.

    Each TITLE is found the way `show` finds it. If any is unknown or ambiguous,
    nothing is added. Titles you have watched are not planned.

    \b
    Examples:
      cryanime plan add clannad
      cryanime plan add "a silent voice" anohana
    """
    catalogue = get_catalogue()
    found = [find_title(catalogue, name) for name in titles]  # all resolve before any write
    added, present, seen = get_store().plan_add([t.id for t in found])
    if added:
        click.echo(f"Planned: {names_of(catalogue, added)}.")
    if present:
        click.echo(f"Already on your plan: {names_of(catalogue, present)}.")
    if seen:
        click.echo(f"Already watched, so not planned: {names_of(catalogue, seen)}.")


@plan.command("remove")
@title_arguments(complete_planned)
def remove(titles: tuple[str, ...]) -> None:
    """Take titles off your plan-to-watch list.

    \b
    Examples:
      cryanime plan remove clannad
      cryanime plan remove "your lie" anohana
    """
    remove_titles(titles, planned_entries(), lambda ids: get_store().plan_remove(ids),
                  "Removed from your plan", "Not on your plan")


@plan.command("list")
@output_options
def list_plan(as_json: bool, plain: bool) -> None:
    """Show your plan-to-watch list, most recently added first.

    \b
    Examples:
      cryanime plan list
      cryanime plan list --json
    """
    show_list(output_view(as_json, plain), planned_entries().values(), "planned",
              "Your plan-to-watch list is empty. Add titles with 'cryanime plan add TITLE'.",
              output.print_plan)
