"""The tables of titles: list, watched, plan, recommend and themes, and the compact lines a
narrow terminal gets instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..records import name_in
from .cells import length_cell, seen_mark, tears_cell, theme_names, title_with_warnings
from .data import data_modes
from .jsontext import stream_json
from .screen import NARROW, Form, View, clean, count, on_screen, safe_text, utf_console
from .tsv import (
    LIST_COLUMNS,
    PLAN_COLUMNS,
    RECOMMEND_COLUMNS,
    THEME_COLUMNS,
    WATCHED_COLUMNS,
    recommend_row,
    tsv_row,
    write_tsv,
)

if TYPE_CHECKING:
    from rich.console import Console

    from ..ranking import Recommendation
    from ..records import Candidate, Title
    from ..shown import Names, ThemeEntry, TitleStream
    from ..state import Planned, Watched


def titles_table(titles: Sequence[Candidate], names: Names, console: Console,
                  view: View, watched: Mapping[str, Watched],
                  planned: Mapping[str, Planned]) -> Any:
    """The list table. Drawn here from rich's boxes, styles and cell widths rather than
    by rich's Table, which lays out every cell of a 161-row table for about a fifth of a
    second (see README, Performance); it looks the same as the Table recommend draws."""
    from .grid import Column, Grid  # only the list table needs it (pinned in test_guards)

    marked = bool(watched or planned)
    columns = [Column("Title", None, style="bold"), Column("Year", 4, "right"),
               Column("Format", 6), Column("Length", 7, "right"), Column("Themes", None),
               Column("Tears", 5, style="cyan")]
    rows = [[clean(name_in(t, view.titles)), str(t.year), t.format, length_cell(t),
             clean(theme_names(names, t.shown_themes(view.spoilers))), tears_cell(t, console)]
            for t in titles]
    if marked:
        columns.insert(0, Column("Seen", 5, "center", "green"))
        for t, row in zip(titles, rows, strict=True):
            row.insert(0, seen_mark(watched.get(t.id), console, t.id in planned))
    return Grid(columns, rows)


def compact_lines(titles: Sequence[Candidate], console: Console, watched: Mapping[str, Watched],
                   planned: Mapping[str, Planned], language: str = "english") -> Iterator[Any]:
    """One title a line (wrapped at word boundaries, never cut inside a word): for
    terminals too narrow for the table."""
    for t in titles:
        mark = seen_mark(watched.get(t.id), console)  # planned is said in words, at the end
        yield compact_line(t, console, (f"{mark} " if mark else "", "green"),
                           " · planned" if t.id in planned else "", language)


def compact_line(title: Title | Candidate, console: Console, lead: tuple[str, str] = ("", ""),
                 tail: str = "", language: str = "english") -> Any:
    """A title on one line for a narrow terminal: `lead` (text, style), the title (by its
    name in `language`), its year, length and tears, then `tail`."""
    line = safe_text("")
    line.append(lead[0], style=lead[1])
    line.append(clean(name_in(title, language)), style="bold")
    line.append(f"  {title.year} · {length_cell(title)} · ")
    line.append(tears_cell(title, console), style="cyan")
    line.append(clean(tail))
    return line


def print_titles(titles: Sequence[Candidate], names: Names, view: View,
                 watched: Mapping[str, Watched] | None = None,
                 planned: Mapping[str, Planned] | None = None) -> None:
    """The list command's table: every title, with a mark on those you have watched or plan
    to (JSON and TSV stream the titles in full: print_title_data)."""
    watched = watched or {}
    planned = planned or {}
    with on_screen(view) as console:
        if console.width < NARROW:
            for line in compact_lines(titles, console, watched, planned):
                console.print(line)
        else:
            console.print(titles_table(titles, names, console, view, watched, planned))
        seen = sum(t.id in watched for t in titles)
        plan = sum(t.id in planned for t in titles)
        note = (f", {seen} watched" if seen else "") + (f", {plan} planned" if plan else "")
        console.print(safe_text(f"{count(len(titles), 'title')}{note}", "dim"))


def print_title_data(stream: TitleStream, view: View, watched: Mapping[str, Watched],
                     planned: Mapping[str, Planned]) -> None:
    """The list command's JSON or TSV: the titles of `stream`, in full and in its order,
    written a batch at a time as they are read (a long list is never held whole)."""
    if view.form is Form.JSON:
        stream_json(_marked(t, watched, planned) for t in stream.records)
    elif view.form is Form.MARKDOWN:
        from . import markdown  # pinned off the other forms' paths (test_guards)

        markdown.print_titles(stream.titles, stream.names, view, watched, planned)
    else:
        write_tsv((tsv_row(t, view.spoilers, watched=t.id in watched, planned=t.id in planned)
                   for t in stream.titles), LIST_COLUMNS)


def _marked(record: dict[str, Any], watched: Mapping[str, Watched],
            planned: Mapping[str, Planned]) -> dict[str, Any]:
    """A fresh title record (a stream's own), with whether it is watched and planned."""
    record["watched"] = record["id"] in watched
    record["planned"] = record["id"] in planned
    return record


def print_watched(entries: Sequence[tuple[Title, Watched]], names: Names,
                  view: View) -> None:
    """The watched list: each title with when it was added, whether it is loved and how
    hard it hit you."""
    if view.form is Form.MARKDOWN:
        from . import markdown

        return markdown.print_watched(entries, names, view)
    document = [{**t.to_dict(), "added": w.added, "loved": w.loved, "my_tears": w.my_tears}
                for t, w in entries]
    rows = (tsv_row(t, view.spoilers, added=w.added, loved=w.loved, my_tears=w.my_tears)
            for t, w in entries)
    if data_modes(view, document, rows, WATCHED_COLUMNS):
        return
    from rich.table import Table

    with on_screen(view) as console:
        loved = sum(w.loved for _, w in entries)
        if console.width < NARROW:  # one title a line, as `list` does
            for t, w in entries:
                line = compact_line(t, console,
                                    (f"{seen_mark(w, console)} " if w.loved else "", "red"),
                                    f" · added {w.added[:10]}", view.titles)
                if w.my_tears:
                    line.append(" · yours ")
                    line.append(tears_cell(t, console, w.my_tears), style="magenta")
                console.print(line)
            console.print(safe_text(f"{len(entries)} watched, {loved} loved", "dim"))
            return
        table = Table(header_style="bold")
        table.add_column("Title", style="bold", ratio=3, overflow="fold")
        table.add_column("Year", justify="right", no_wrap=True)
        table.add_column("Length", justify="right", no_wrap=True)
        table.add_column("Added", no_wrap=True)
        table.add_column("Loved", justify="center", no_wrap=True, style="red")
        table.add_column("Tears", no_wrap=True, style="cyan")
        table.add_column("Yours", no_wrap=True, style="magenta")
        for t, w in entries:
            mine = tears_cell(t, console, w.my_tears) if w.my_tears else ""
            table.add_row(safe_text(name_in(t, view.titles)), str(t.year), length_cell(t),
                          safe_text(w.added[:10]),
                          seen_mark(w, console) if w.loved else "", tears_cell(t, console), mine)
        console.print(table)
        console.print(safe_text(f"{len(entries)} watched, {loved} loved", "dim"))


def print_plan(entries: Sequence[tuple[Title, Planned]], names: Names,
               view: View) -> None:
    """The plan-to-watch list: each title with when it was planned."""
    if view.form is Form.MARKDOWN:
        from . import markdown

        return markdown.print_plan(entries, names, view)
    document = [{**t.to_dict(), "added": p.added} for t, p in entries]
    rows = (tsv_row(t, view.spoilers, added=p.added) for t, p in entries)
    if data_modes(view, document, rows, PLAN_COLUMNS):
        return
    from rich.table import Table

    with on_screen(view) as console:
        if console.width < NARROW:  # one title a line, as `list` does
            for t, p in entries:
                console.print(compact_line(t, console, tail=f" · planned {p.added[:10]}",
                                           language=view.titles))
                _warnings_line(t, names, console)
            console.print(safe_text(f"{len(entries)} planned", "dim"))
            return
        table = Table(header_style="bold")
        table.add_column("Title", style="bold", ratio=3, overflow="fold")
        table.add_column("Year", justify="right", no_wrap=True)
        table.add_column("Length", justify="right", no_wrap=True)
        table.add_column("Tears", no_wrap=True, style="cyan")
        table.add_column("Planned", no_wrap=True)
        for t, p in entries:
            table.add_row(title_with_warnings(t, names, console, view.titles), str(t.year),
                          length_cell(t), tears_cell(t, console), safe_text(p.added[:10]))
        console.print(table)
        console.print(safe_text(f"{len(entries)} planned", "dim"))


def _warnings_line(title: Title, names: Names, console: Console) -> None:
    """Under a compact line: the title's content warnings, where one chooses."""
    if title.warnings:
        mark = "⚠ " if utf_console(console) else "warnings: "
        _indented(console, safe_text(f"{mark}{theme_names(names, title.warnings)}", "red"))


def _indented(console: Console, text: Any) -> None:
    """`text` under a compact line, every wrapped line of it indented."""
    from rich.padding import Padding

    console.print(Padding(text, (0, 0, 0, 3)))


def print_recommendations(recs: Sequence[Recommendation], names: Names, view: View,
                          watched: Mapping[str, Watched] | None = None) -> None:
    """The picks, best first; titles on `watched` (shown with --include-watched) are
    marked as list marks them."""
    watched = watched or {}
    if view.form is Form.MARKDOWN:
        from . import markdown

        return markdown.print_recommendations(recs, names, view)
    if data_modes(view, [r.to_dict() for r in recs],
                   (recommend_row(r, view.spoilers) for r in recs), RECOMMEND_COLUMNS):
        return
    from rich.table import Table

    with on_screen(view) as console:
        if console.width < NARROW:  # each pick on a line, and why on the next
            for rank, rec in enumerate(recs, 1):
                t = rec.title
                mark = seen_mark(watched.get(t.id), console)
                console.print(compact_line(t, console, (f"{rank}. " + (f"{mark} " if mark
                                                                       else ""), "dim"),
                                           f" · {rec.score:g}", view.titles))
                _warnings_line(t, names, console)
                _indented(console, safe_text("; ".join(rec.reasons)))
            return
        marked = any(r.title.id in watched for r in recs)
        table = Table(header_style="bold")
        table.add_column("#", justify="right", no_wrap=True, style="dim")
        if marked:
            table.add_column("Seen", justify="center", no_wrap=True, style="green", width=5)
        table.add_column("Title", style="bold", ratio=2, overflow="fold")
        table.add_column("Year", justify="right", no_wrap=True, width=4)
        table.add_column("Length", justify="right", no_wrap=True, width=7)
        table.add_column("Tears", no_wrap=True, style="cyan", width=5)
        table.add_column("Score", justify="right", no_wrap=True)
        table.add_column("Why", ratio=3, overflow="fold")
        for rank, rec in enumerate(recs, 1):
            t = rec.title
            cells = [str(rank), title_with_warnings(t, names, console, view.titles), str(t.year),
                     length_cell(t), tears_cell(t, console), f"{rec.score:g}",
                     safe_text("; ".join(rec.reasons))]
            if marked:
                cells.insert(1, safe_text(seen_mark(watched.get(t.id), console)))
            table.add_row(*cells)
        console.print(table)


def print_themes(entries: Sequence[ThemeEntry], view: View) -> None:
    """The theme and warning vocabulary, each with how many titles carry it."""
    if view.form is Form.MARKDOWN:
        from . import markdown

        return markdown.print_themes(entries)
    rows = [entry.to_dict() for entry in entries]
    if data_modes(view, rows, rows, THEME_COLUMNS):
        return
    from rich.table import Table

    with on_screen(view) as console:
        for kind, heading in (("theme", "Themes (--theme, --without)"),
                              ("warning", "Content warnings (--without)")):
            if console.width < NARROW:  # each on a line: id, name, titles, description
                console.print(safe_text(heading, "italic"))
                for entry in entries:
                    if entry.kind == kind:
                        line = safe_text("")
                        line.append(clean(entry.id), style="bold")
                        line.append(f"  {clean(entry.name)} · {count(entry.titles, 'title')} · "
                                    f"{clean(entry.description)}")
                        console.print(line)
                continue
            table = Table(title=heading, title_justify="left", header_style="bold")
            table.add_column("Id", style="bold", no_wrap=True)
            table.add_column("Name", no_wrap=True)
            table.add_column("Titles", justify="right", no_wrap=True)
            table.add_column("Description", overflow="fold")
            for entry in entries:
                if entry.kind == kind:
                    table.add_row(safe_text(entry.id), safe_text(entry.name), str(entry.titles),
                                  safe_text(entry.description))
            console.print(table)
