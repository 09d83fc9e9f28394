"""`cryanime watched`: your own list of watched and loved titles."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from .. import output

if TYPE_CHECKING:
    from ..catalogue import Catalogue

from .base import find_title, get_catalogue, get_store, planned_entries, watched_entries
from .errors import BadFile
from .group import cli
from .options import output_options, output_view, spoilers_option
from .params import FilePath, complete_title, complete_watched, title_arguments

SHOWN = 20  # unmatched import entries named before "and N more"


def newest_with_titles(catalogue: Catalogue, entries: Any) -> tuple[list[tuple[Any, Any]],
                                                                    list[str]]:
    """The entries of a list (watched or plan), newest first, each with its title (all
    loaded in one call); then the ids of those the catalogues in use lack."""
    ordered = sorted(entries, key=lambda entry: entry.added, reverse=True)
    titles = {t.id: t for t in catalogue.load([entry.title_id for entry in ordered])}
    return ([(titles[e.title_id], e) for e in ordered if e.title_id in titles],
            [e.title_id for e in ordered if e.title_id not in titles])


def names_of(catalogue: Catalogue, ids: list[str]) -> str:
    return ", ".join(output.clean(t.title if (t := catalogue.candidate(i)) else i) for i in ids)


@cli.group()
def watched() -> None:
    """Your list of watched titles, and the ones you loved.

    recommend and random leave watched titles out; list marks them. Loved titles
    steer `cryanime recommend` when it is given no theme. The list lives in the
    user data directory (or $CRYANIME_HOME) and is safe to change from several
    terminals at once.

    \b
    Examples:
      cryanime watched add clannad "your lie" --loved
      cryanime watched import animelist_1700000000_-_12345.xml.gz
      cryanime watched list
    """


@watched.command("add")
@title_arguments(complete_title)
@click.option("--loved", is_flag=True, help="Mark them as loved, too.")
@click.option("--tears", "my_tears", type=click.IntRange(1, 5), metavar="N",
              help="How hard it hit you, 1-5 (4 and 5 steer recommend like loved titles).")
def add(titles: tuple[str, ...], loved: bool, my_tears: int | None) -> None:
    """Add titles to your watched list (and take them off your plan).

    Each TITLE is found the way `show` finds it. If any is unknown or ambiguous,
    nothing is added.

    \b
    Examples:
      cryanime watched add clannad
      cryanime watched add "a silent voice" anohana --loved
      cryanime watched add "your lie in april" --tears 5
    """
    catalogue = get_catalogue()
    found = [find_title(catalogue, name) for name in titles]  # all resolve before any write
    added, present = get_store().add([t.id for t in found], loved=loved, my_tears=my_tears)
    mark = ", ".join([*(["loved"] if loved else []),
                      *([f"your tears {my_tears}/5"] if my_tears else [])])
    mark = f" ({mark})" if mark else ""
    if added:
        click.echo(f"Added{mark}: {names_of(catalogue, added)}.")
    if present:
        note = f", now{mark}" if mark else ""
        click.echo(f"Already on your list{note}: {names_of(catalogue, present)}.")


@watched.command("remove")
@title_arguments(complete_watched)
def remove(titles: tuple[str, ...]) -> None:
    """Take titles off your watched list.

    \b
    Examples:
      cryanime watched remove clannad
      cryanime watched remove "your lie" anohana
    """
    remove_titles(titles, watched_entries(), lambda ids: get_store().remove(ids),
                  "Removed", "Not on your list")


def remove_titles(titles: tuple[str, ...], entries: Any, remove: Any, done: str,
                  absent_note: str) -> None:
    """Take TITLEs (ids on the list, or names found the way `show` finds them) off a
    list with `remove(ids)`, and say what happened."""
    catalogue = get_catalogue()
    ids = [name if name in entries else find_title(catalogue, name).id for name in titles]
    removed, absent = remove(ids)
    if removed:
        click.echo(f"{done}: {names_of(catalogue, removed)}.")
    if absent:
        click.echo(f"{absent_note}: {names_of(catalogue, absent)}.")


@watched.command("list")
@output_options
def list_watched(as_json: bool, plain: bool) -> None:
    """Show your watched list, most recently added first.

    \b
    Examples:
      cryanime watched list
      cryanime watched list --json
    """
    show_list(output_view(as_json, plain), watched_entries().values(), "watched",
              "Your watched list is empty. Add titles with 'cryanime watched add TITLE' or "
              "'cryanime watched import FILE'.", output.print_watched)


def show_list(view: output.View, entries: Any, kind: str, empty: str, printer: Any) -> None:
    """A list (watched or plan), newest first: the titles the catalogues in use lack are
    named in a note on stderr; a list of only those says so rather than "empty"; an empty
    list is not an error (`set -e` scripts go on)."""
    catalogue = get_catalogue()
    known, unknown = newest_with_titles(catalogue, entries)
    if unknown:
        are = "is" if len(unknown) == 1 else "are"
        click.echo(f"Note: {output.count(len(unknown), f'{kind} title')} {are} not in the "
                   f"catalogues in use (added with another --catalog?): "
                   f"{output.clean(', '.join(unknown))}.", err=True)
    if known:
        from ..shown import theme_names_of

        printer(known, theme_names_of(catalogue), view)
    elif view.form is output.Form.JSON:
        output.print_json([])
    elif not unknown:
        click.echo(empty, err=True)


@watched.command("clear")
@click.option("--yes", is_flag=True, help="Do it without asking.")
def clear(yes: bool) -> None:
    """Empty your watched list.

    Asks first on a terminal; in a script, --yes is required.

    \b
    Examples:
      cryanime watched clear
      cryanime watched clear --yes
    """
    count = len(watched_entries())
    if not count:
        click.echo("Your watched list is already empty.")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise click.UsageError(f"this would remove {output.count(count, 'title')} from "
                                   "your list; add --yes to confirm.")
        click.confirm(f"Remove {output.count(count, 'title')} from your watched list?",
                      abort=True, err=True)
    removed = get_store().clear()
    click.echo(f"Cleared your watched list ({output.count(removed, 'title')}).")


@watched.command("import")
@click.argument("file", type=FilePath())
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def import_(file: str, dry_run: bool) -> None:
    """Import a MyAnimeList export into your watched list.

    FILE is the animelist_*.xml.gz (or unpacked .xml) from MyAnimeList's export
    page. Completed, Watching, On-Hold and Dropped count as watched; Plan to Watch
    goes onto your plan-to-watch list. A score of 8 or more marks a title as loved,
    and a tag tears-N gives your tears (as 'cryanime watched export' writes them).
    Entries match by MyAnimeList id (by title only for titles without one).

    \b
    Examples:
      cryanime watched import animelist_1700000000_-_12345.xml.gz
      cryanime watched import export.xml --dry-run
    """
    from ..mal import plan_import, read_export

    catalogue = get_catalogue()
    plan = plan_import(read_export(file), catalogue)
    # the import's own merge rules, applied without writing for --dry-run
    merged = get_store().merge(plan.matched, plan.tears, plan=plan.planned, dry_run=dry_run)
    added = merged.added
    verb = "Would add" if dry_run else "Added"
    mark = "would mark" if dry_run else "marked"
    click.echo(f"{verb} {output.count(len(added), 'title')}, {mark} {len(merged.loved)} as "
               f"loved, {len(merged.present)} already on your list, {len(merged.planned)} to "
               f"your plan-to-watch list, {len(plan.not_watched)} skipped (neither watched "
               f"nor planned), {len(plan.unmatched)} not in the catalogue.")
    if added:
        click.echo(f"{verb}: {names_of(catalogue, added)}.")
    if plan.unmatched:
        names = [output.clean(e.title or f"MyAnimeList #{e.mal_id}") for e in plan.unmatched]
        more = f", and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
        click.echo(f"Not in the catalogue: {', '.join(names[:SHOWN])}{more}.")


@watched.command("export")
@click.argument("file", required=False, type=FilePath())
@click.option("--gzip", "gzipped", is_flag=True,
              help="Gzip it, as MyAnimeList sends its own (a FILE ending in .gz is gzipped "
                   "anyway).")
def export(file: str | None, gzipped: bool) -> None:
    """Export your watched list and plan as MyAnimeList XML.

    MyAnimeList (Import: "MyAnimeList Import"), AniList and Kitsu import it.
    Watched titles are Completed and your plan is Plan to Watch; a loved title
    scores 10 and your tears are the tag tears-N, so that 'cryanime watched
    import' gives the same lists back. Without FILE, or with -, it goes to stdout.

    \b
    Examples:
      cryanime watched export animelist.xml
      cryanime watched export animelist.xml.gz
      cryanime watched export --gzip > animelist.xml.gz
    """
    from ..files import FileProblem, writable_target, write_atomically
    from ..malexport import export_lists

    to_stdout = file in (None, "-")
    gzipped = gzipped or (not to_stdout and str(file).casefold().endswith(".gz"))
    if to_stdout and gzipped and sys.stdout.isatty():
        raise click.UsageError("gzipped data would garble the terminal: give a FILE, or "
                               "redirect stdout, as in 'cryanime watched export --gzip > "
                               "animelist.xml.gz'.")
    catalogue = get_catalogue()
    done, unknown = newest_with_titles(catalogue, watched_entries().values())
    plan, unknown_plan = newest_with_titles(catalogue, planned_entries().values())
    result = export_lists(done[::-1], plan[::-1])  # oldest first, as they were added
    data = result.gzipped() if gzipped else result.xml
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            write_atomically(writable_target(str(file)), data, prefix=".cryanime-export-",
                             durable=False)
        except FileProblem as exc:
            raise BadFile(exc) from None
        except OSError as exc:
            raise BadFile(FileProblem(str(file), f"cannot be written ({exc.strerror or exc})",
                                      "choose another place")) from None
    left_out = [*unknown, *unknown_plan]
    if left_out:
        click.echo(f"Note: {output.count(len(left_out), 'title')} not in the catalogues in "
                   f"use left out: {output.clean(', '.join(left_out))}.", err=True)
    if result.left_out:
        click.echo("Note: no MyAnimeList id, so left out: "
                   f"{output.clean(', '.join(t.title for t in result.left_out))}.", err=True)
    where = "stdout" if to_stdout else output.clean(str(file))
    click.echo(f"Exported {output.count(len(done), 'watched title')} and "
               f"{output.count(len(plan), 'planned title')} to {where}.", err=to_stdout)


@cli.command()
@click.option("--json", "as_json", is_flag=True,
              help="JSON on stdout (keys documented in the README).")
@click.option("--plain", is_flag=True,
              help="Tab-separated lines (section, name, value) even on a terminal.")
@spoilers_option
def stats(as_json: bool, plain: bool) -> None:
    """Your watched list in numbers: titles, hours, your tears, themes, decades.

    On a terminal, bar charts: the catalogue's tears for what you watched beside
    your own, the themes and warnings you met most, and the decades. Themes that
    give a twist away are counted only with --spoilers.

    \b
    Examples:
      cryanime stats
      cryanime stats --json | jq .hours
    """
    from ..shown import theme_names_of
    from ..stats import watched_stats

    view = output_view(as_json, plain)
    catalogue = get_catalogue()
    known, unknown = newest_with_titles(catalogue, watched_entries().values())
    if unknown:
        click.echo(f"Note: {output.count(len(unknown), 'watched title')} not in the "
                   f"catalogues in use left out: {output.clean(', '.join(unknown))}.",
                   err=True)
    if not known and view.form is output.Form.RICH:
        click.echo("Your watched list is empty: nothing to count yet. Add titles with "
                   "'cryanime watched add TITLE' or 'cryanime watched import FILE'.", err=True)
        return
    output.print_stats(watched_stats(known, theme_names_of(catalogue), view.spoilers), view)
