"""Everything that touches the terminal: rich tables and cards, TSV, JSON.

The CLI chooses how to show things once per invocation, as a :class:`View`: its
:class:`Form` and the choices that go with it (spoiler themes, the pager). Every
``print_*`` function takes the view; adding a form touches ``_data_modes`` and
``_screen`` only.

* ``Form.JSON``  -- ``--json``: JSON and nothing else on stdout, never coloured.
* ``Form.PLAIN`` -- stdout is not a terminal (by rich's rules, so FORCE_COLOR forces
  a terminal) or ``--plain``: tab-separated lines, one record a line.
* ``Form.RICH``  -- a terminal: tables and panels, through a pager when taller than
  the screen (only when stdout really is a terminal), in a compact layout when the
  terminal is too narrow for a table.

rich is imported only by the functions that draw with it, so ``--json`` and
shell completion never pay for it. Catalogue text never reaches rich as markup
(it goes in as ``Text``), and control characters are made visible first.
"""

from __future__ import annotations

import contextlib
import enum
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .constants import DEFAULT_EPISODE_MINUTES

if TYPE_CHECKING:
    from rich.console import Console

    from .catalogue import Candidate, Catalogue, Title
    from .ranking import Recommendation
    from .state import Planned, Watched
    from .tonight import Offer

TITLE_COLUMNS = (
    "id", "title", "year", "format", "episodes", "runtime_minutes", "tears", "ending",
    "themes", "warnings", "studio", "pitch",
)
LIST_COLUMNS = (*TITLE_COLUMNS, "watched", "planned")
RECOMMEND_COLUMNS = ("score", *TITLE_COLUMNS, "reasons")
WATCHED_COLUMNS = (*TITLE_COLUMNS, "added", "loved", "my_tears")
PLAN_COLUMNS = (*TITLE_COLUMNS, "added")
OFFER_COLUMNS = (*TITLE_COLUMNS, "reasons")
THEME_COLUMNS = ("kind", "id", "name", "titles", "description")

# Bidirectional overrides and isolates can reorder what a terminal shows.
_BIDI = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C}


_JSON_RAW = {code: f"\\u{code:04x}" for code in (  # for str.translate: no regex to compile
    *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2066, 0x206A))}


def clean(text: str) -> str:
    """Make control characters visible: no raw ESC, BEL, CR or bidi override gets out."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\t\n":
            out.append(" ")
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def count(n: int, noun: str) -> str:
    """'1 title', '9 titles', '0 titles'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def make_console(*, stderr: bool = False) -> Console:
    """A rich console for this invocation, honouring NO_COLOR, TERM=dumb, FORCE_COLOR."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False)


class ProgressReport:
    """Long work shown on stderr: `report(what, done, total)` calls draw rich's progress
    display (what, how far, how long left) once the work has taken `after` seconds, and
    nothing before; the CLI makes one only when stderr is a terminal. `close()` at the end
    takes the display away (it is transient). `clock` is injectable so that tests never
    depend on how fast the machine is."""

    def __init__(self, after: float = 1.0, clock: Callable[[], float] | None = None) -> None:
        import time

        self.clock = clock or time.monotonic
        self.start = self.clock()
        self.after = after
        self.display: Any = None
        self.task: Any = None

    def __call__(self, what: str, done: int, total: int) -> None:
        if self.display is None:
            if self.clock() - self.start < self.after:
                return
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self.display = Progress(TextColumn("{task.description}"), BarColumn(),
                                    TaskProgressColumn(), TimeRemainingColumn(),
                                    console=make_console(stderr=True), transient=True)
            self.display.start()
            self.task = self.display.add_task(what, total=total)
        self.display.update(self.task, description=f"Building the catalogue cache: {what}",
                            completed=done, total=total)

    def close(self) -> None:
        if self.display is not None:
            self.display.stop()
            self.display = None


class Form(enum.Enum):
    JSON = "json"
    PLAIN = "plain"
    RICH = "rich"


class View(NamedTuple):
    """How this invocation shows what it prints; chosen once, by the CLI."""

    form: Form
    spoilers: bool = False  # show the themes that would give a twist away
    pager: bool = True  # page rich output taller than the terminal
    err: bool = False  # draw on stderr (tonight's offers while stdout is redirected)


NARROW = 70  # columns below which a list table would squeeze its titles: compact lines
DEFAULT_PAGER = "less -FRX"


def choose_view(as_json: bool, plain: bool, *, spoilers: bool = False,
                pager: bool = True) -> View:
    if as_json:
        form = Form.JSON
    elif plain or not make_console().is_terminal:
        form = Form.PLAIN
    else:
        form = Form.RICH
    return View(form, spoilers, pager)


# ----------------------------------------------------------------- JSON and TSV


def print_json(data: Any) -> None:
    import json

    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    text = json.dumps(data, ensure_ascii=not encoding.startswith("utf"), indent=2)
    # json escapes C0 controls itself; C1 controls, bidi overrides and line separators it
    # leaves raw, so escape them too (only strings can hold them, and \uXXXX is valid there)
    if not text.isascii() or "\x7f" in text:
        text = text.translate(_JSON_RAW)
    sys.stdout.write(text + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ",".join(clean(str(v)) for v in value)
    return clean(str(value))


def _tsv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    write = sys.stdout.write
    for row in rows:
        write("\t".join(_cell(row.get(c)) for c in columns) + "\n")


def _data_modes(view: View, document: Any, rows: Iterable[dict[str, Any]], columns: Sequence[str]
                ) -> bool:
    """Print `document` as JSON or `rows` as TSV when the view asks for it; False for rich."""
    if view.form is Form.JSON:
        print_json(document)
    elif view.form is Form.PLAIN:
        _tsv(rows, columns)
    else:
        return False
    return True


@contextlib.contextmanager
def _screen(view: View) -> Iterator[Console]:
    """A console to draw on. On a real terminal, output taller than the screen goes to
    the pager ($CRYANIME_PAGER, else $PAGER, else `less -FRX`), the way git does it."""
    console = make_console(stderr=view.err)
    paging = (view.pager and not view.err and console.is_terminal
              and sys.stdout is not None and sys.stdout.isatty())
    if not paging:
        yield console
        return
    with console.capture() as captured:
        yield console
    text = captured.get()
    if text.count("\n") < console.height or not _page(text):
        sys.stdout.write(text)


def _page(text: str) -> bool:
    """Show `text` through the pager; False when there is none to run (print it then)."""
    command = (os.environ.get("CRYANIME_PAGER") or os.environ.get("PAGER")
               or DEFAULT_PAGER).strip()
    if not command or command == "cat":
        return False
    import subprocess

    data = text.encode(sys.stdout.encoding or "utf-8", errors="backslashreplace")
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
        with contextlib.suppress(BrokenPipeError):  # the reader quit early: fine
            process.communicate(data)
    except OSError:
        return False
    return process.returncode != 127  # "command not found": print it instead


def _tsv_row(title: Title, spoilers: bool, **extra: Any) -> dict[str, Any]:
    """A title's fields for a tab-separated line: spoiler themes only with `spoilers`
    (JSON keeps every theme and names the spoilers)."""
    row = title.to_dict()
    row["themes"] = list(title.shown_themes(spoilers))
    row.update(extra)
    return row


def _recommend_row(rec: Recommendation, spoilers: bool) -> dict[str, Any]:
    return _tsv_row(rec.title, spoilers, score=rec.score, reasons="; ".join(rec.reasons))


# ------------------------------------------------------------------------- rich


def _text(value: str, style: str = "") -> Any:
    from rich.text import Text

    return Text(clean(value), style=style)


def _length(title: Title | Candidate) -> str:
    if title.format == "film":
        return f"{title.runtime_minutes} min"
    return f"{title.episodes} ep"


def _card_length(title: Title) -> str:
    """A card's length: "89 min", or "25 ep of 24 min", and the seasons an entry spans
    when more than one (its warnings cover them all)."""
    if title.format == "film":
        return _length(title)
    length = f"{title.episodes} ep of {title.episode_minutes or DEFAULT_EPISODE_MINUTES} min"
    if title.seasons and title.seasons > 1:
        length += f", over {title.seasons} seasons (its warnings cover them all)"
    return length


def _tears(title: Title | Candidate, console: Console, tears: int | None = None) -> str:
    """Tears as dots (the title's, or `tears` when given, such as your own)."""
    tears = title.tears if tears is None else tears
    if _utf(console):
        return "●" * tears + "○" * (5 - tears)
    return f"{tears}/5"


def _themes(catalogue: Catalogue, ids: Iterable[str]) -> str:
    return ", ".join(catalogue.theme_name(i) for i in ids)


_ENDING_STYLE = {"hopeful": "green", "bittersweet": "yellow", "devastating": "red"}


def _utf(console: Console) -> bool:
    return console.encoding.lower().startswith("utf")


def _mark(entry: Watched | None, console: Console, planned: bool = False) -> str:
    if entry is None:
        return "plan" if planned else ""
    if not _utf(console):
        return "loved" if entry.loved else "yes"
    return "♥" if entry.loved else "✓"


def _title_with_warnings(title: Title, catalogue: Catalogue, console: Console) -> Any:
    """The title, and under it the content warnings, so they are seen where one chooses."""
    cell = _text(title.title, "bold")
    if title.warnings:
        mark = "⚠ " if _utf(console) else "warnings: "
        cell.append("\n" + mark + clean(_themes(catalogue, title.warnings)), style="red")
    return cell


class _Column(NamedTuple):
    heading: str
    width: int | None  # None: as wide as its cells, narrowed (widest first) to fit
    justify: str = "left"
    style: str = ""


def _titles_table(titles: Sequence[Candidate], catalogue: Catalogue, console: Console,
                  view: View, watched: Mapping[str, Watched],
                  planned: Mapping[str, Planned]) -> Any:
    """The list table. Drawn here from rich's boxes, styles and cell widths rather than
    by rich's Table, which lays out every cell of a 161-row table for about a fifth of a
    second (see README, Performance); it looks the same as the Table recommend draws."""
    marked = bool(watched or planned)
    columns = [_Column("Title", None, style="bold"), _Column("Year", 4, "right"),
               _Column("Format", 6), _Column("Length", 7, "right"), _Column("Themes", None),
               _Column("Tears", 5, style="cyan")]
    rows = [[clean(t.title), str(t.year), t.format, _length(t),
             clean(_themes(catalogue, t.shown_themes(view.spoilers))), _tears(t, console)]
            for t in titles]
    if marked:
        columns.insert(0, _Column("Seen", 5, "center", "green"))
        for t, row in zip(titles, rows, strict=True):
            row.insert(0, _mark(watched.get(t.id), console, t.id in planned))
    return _grid(console, columns, rows)


def _grid(console: Console, columns: Sequence[_Column], rows: list[list[str]]) -> Any:
    """A table of plain cells, boxed as rich boxes a Table (heavy head), each cell padded
    by a space either side; flexible columns wrap at spaces and fold longer words."""
    from rich import box
    from rich.cells import cell_len, chop_cells
    from rich.segment import Segment, Segments
    from rich.style import Style

    widest = console.width - len(columns) - 3  # a column, padded, fits inside the borders
    widths = [c.width or min(widest, max(map(cell_len, [c.heading, *(r[i] for r in rows)])))
              for i, c in enumerate(columns)]
    flexible = [i for i, c in enumerate(columns) if c.width is None]
    room = console.width - 3 * len(columns) - 1 - sum(w for i, w in enumerate(widths)
                                                     if i not in flexible)
    for i, width in zip(flexible, _narrowed([widths[i] for i in flexible], room),
                        strict=True):
        widths[i] = width

    def wrap(text: str, width: int) -> list[str]:
        lines = [""]
        for word in text.split(" "):
            joined = f"{lines[-1]} {word}" if lines[-1] else word
            if cell_len(joined) <= width:
                lines[-1] = joined
            elif cell_len(word) <= width:
                lines.append(word)
            else:
                lines[-1:] = [*([lines[-1]] if lines[-1] else []), *chop_cells(word, width)]
        return lines

    def fit(text: str, width: int, justify: str) -> str:
        gap = width - cell_len(text)
        left = {"left": 0, "right": gap, "center": gap // 2}[justify]
        return " " * left + text + " " * (gap - left)

    frame = box.HEAVY_HEAD.substitute(console.options)
    padded = [w + 2 for w in widths]
    styles = [Style.parse(c.style) if c.style else None for c in columns]
    bold, newline = Style(bold=True), Segment.line()
    out = [Segment(frame.get_top(padded)), newline, Segment(frame.head_left)]
    for i, column in enumerate(columns):
        out += [Segment(f" {fit(column.heading, widths[i], column.justify)} ", bold),
                Segment(frame.head_vertical if i < len(columns) - 1 else frame.head_right)]
    out += [newline, Segment(frame.get_row(padded, "head")), newline]
    for row in rows:
        cells = [wrap(text, widths[i]) if i in flexible else [text]
                 for i, text in enumerate(row)]
        for line in range(max(map(len, cells))):
            out.append(Segment(frame.mid_left))
            for i, lines in enumerate(cells):
                text = lines[line] if line < len(lines) else ""
                out += [Segment(f" {fit(text, widths[i], columns[i].justify)} ", styles[i]),
                        Segment(frame.mid_vertical if i < len(cells) - 1 else frame.mid_right)]
            out.append(newline)
    out += [Segment(frame.get_bottom(padded)), newline]
    return Segments(out)


def _narrowed(widths: list[int], room: int) -> list[int]:
    """Column widths narrowed to fit `room` together, the widest first, as rich narrows a
    Table's wrapping columns; never below 1."""
    widths = list(widths)
    while sum(widths) > room and max(widths) > 1:
        excess, top = sum(widths) - room, max(widths)
        second = max([w for w in widths if w != top], default=1)
        widest = [i for i, w in enumerate(widths) if w == top]
        for n, i in enumerate(widest):
            cut = min(top - second, round(excess / (len(widest) - n)))  # as rich rounds
            widths[i] -= cut
            excess -= cut
    return widths


def _compact_lines(titles: Sequence[Candidate], console: Console, watched: Mapping[str, Watched],
                   planned: Mapping[str, Planned]) -> Iterator[Any]:
    """One title a line (wrapped at word boundaries, never cut inside a word): for
    terminals too narrow for the table."""
    for t in titles:
        mark = _mark(watched.get(t.id), console, t.id in planned)
        line = _text(f"{mark} " if mark else "", "green")
        line.append(clean(t.title), style="bold")
        line.append(f"  {t.year} · {_length(t)} · ")
        line.append(_tears(t, console), style="cyan")
        yield line


# ------------------------------------------------------------------- commands


def print_titles(titles: Sequence[Candidate], catalogue: Catalogue, view: View,
                 watched: Mapping[str, Watched] | None = None,
                 planned: Mapping[str, Planned] | None = None) -> None:
    """The list command: every title, with a mark on those you have watched or plan to.
    The table shows candidates; JSON and TSV load the titles in full."""
    watched = watched or {}
    planned = planned or {}
    if view.form is Form.JSON:
        print_json([{**t.to_dict(), "watched": t.id in watched, "planned": t.id in planned}
                    for t in catalogue.load([t.id for t in titles])])
    elif view.form is Form.PLAIN:
        _tsv((_tsv_row(t, view.spoilers, watched=t.id in watched, planned=t.id in planned)
              for t in catalogue.load([t.id for t in titles])), LIST_COLUMNS)
    else:
        with _screen(view) as console:
            if console.width < NARROW:
                for line in _compact_lines(titles, console, watched, planned):
                    console.print(line)
            else:
                console.print(_titles_table(titles, catalogue, console, view, watched,
                                            planned))
            seen = sum(t.id in watched for t in titles)
            plan = sum(t.id in planned for t in titles)
            note = (f", {seen} watched" if seen else "") + (f", {plan} planned" if plan else "")
            console.print(_text(f"{count(len(titles), 'title')}{note}", "dim"))


def print_watched(entries: Sequence[tuple[Title, Watched]], catalogue: Catalogue,
                  view: View) -> None:
    """The watched list: each title with when it was added, whether it is loved and how
    hard it hit you."""
    document = [{**t.to_dict(), "added": w.added, "loved": w.loved, "my_tears": w.my_tears}
                for t, w in entries]
    rows = (_tsv_row(t, view.spoilers, added=w.added, loved=w.loved, my_tears=w.my_tears)
            for t, w in entries)
    if _data_modes(view, document, rows, WATCHED_COLUMNS):
        return
    from rich.table import Table

    with _screen(view) as console:
        table = Table(header_style="bold")
        table.add_column("Title", style="bold", ratio=3, overflow="fold")
        table.add_column("Year", justify="right", no_wrap=True)
        table.add_column("Length", justify="right", no_wrap=True)
        table.add_column("Added", no_wrap=True)
        table.add_column("Loved", justify="center", no_wrap=True, style="red")
        table.add_column("Tears", no_wrap=True, style="cyan")
        table.add_column("Yours", no_wrap=True, style="magenta")
        for t, w in entries:
            mine = _tears(t, console, w.my_tears) if w.my_tears else ""
            table.add_row(_text(t.title), str(t.year), _length(t), _text(w.added[:10]),
                          _mark(w, console) if w.loved else "", _tears(t, console), mine)
        console.print(table)
        loved = sum(w.loved for _, w in entries)
        console.print(_text(f"{len(entries)} watched, {loved} loved", "dim"))


def print_plan(entries: Sequence[tuple[Title, Planned]], catalogue: Catalogue,
               view: View) -> None:
    """The plan-to-watch list: each title with when it was planned."""
    document = [{**t.to_dict(), "added": p.added} for t, p in entries]
    rows = (_tsv_row(t, view.spoilers, added=p.added) for t, p in entries)
    if _data_modes(view, document, rows, PLAN_COLUMNS):
        return
    from rich.table import Table

    with _screen(view) as console:
        table = Table(header_style="bold")
        table.add_column("Title", style="bold", ratio=3, overflow="fold")
        table.add_column("Year", justify="right", no_wrap=True)
        table.add_column("Length", justify="right", no_wrap=True)
        table.add_column("Tears", no_wrap=True, style="cyan")
        table.add_column("Planned", no_wrap=True)
        for t, p in entries:
            table.add_row(_title_with_warnings(t, catalogue, console), str(t.year), _length(t),
                          _tears(t, console), _text(p.added[:10]))
        console.print(table)
        console.print(_text(f"{len(entries)} planned", "dim"))


def print_recommendations(recs: Sequence[Recommendation], catalogue: Catalogue, view: View,
                          watched: Mapping[str, Watched] | None = None) -> None:
    """The picks, best first; titles on `watched` (shown with --include-watched) are
    marked as list marks them."""
    watched = watched or {}
    if _data_modes(view, [r.to_dict() for r in recs],
                   (_recommend_row(r, view.spoilers) for r in recs), RECOMMEND_COLUMNS):
        return
    from rich.table import Table

    with _screen(view) as console:
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
            cells = [str(rank), _title_with_warnings(t, catalogue, console), str(t.year),
                     _length(t), _tears(t, console), f"{rec.score:g}",
                     _text("; ".join(rec.reasons))]
            if marked:
                cells.insert(1, _text(_mark(watched.get(t.id), console)))
            table.add_row(*cells)
        console.print(table)


def print_offer(offer: Offer, catalogue: Catalogue, view: View) -> None:
    """One tonight offer: the card with a line on why it fits each answer."""
    [title] = catalogue.load([offer.title.id])
    reasons = list(offer.reasons)
    row = _tsv_row(title, view.spoilers, reasons="; ".join(reasons))
    if not _data_modes(view, {**title.to_dict(), "reasons": reasons}, [row], OFFER_COLUMNS):
        print_card(title, catalogue, view, reasons=offer.reasons)


def print_card(title: Title, catalogue: Catalogue, view: View,
               watched: Watched | None = None, reasons: Sequence[str] = (),
               planned: Planned | None = None, personal: bool = False) -> None:
    """One title: its facts, themes (spoilers only if asked), watch order and pitch; with
    `personal` (show), JSON also says how hard it hit you (`my_tears`, null if not given)."""
    followers = catalogue.followers(title.id)
    document = {**title.to_dict(), "followed_by": [t.id for t in followers]}
    if personal:
        document["my_tears"] = watched.my_tears if watched else None
    if _data_modes(view, document, [_tsv_row(title, view.spoilers)], TITLE_COLUMNS):
        return
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    with _screen(view) as console:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        shown = title.shown_themes(view.spoilers)
        themes = _themes(catalogue, shown)
        if len(shown) < len(title.themes):
            hidden = len(title.themes) - len(shown)
            themes += (f"  (+{hidden} theme{'s' * (hidden > 1)} hidden: spoiler; "
                       "--spoilers shows it)")
        before = catalogue.candidate(title.after) if title.after else None
        rows = [
            ("Native", title.native),
            ("Romaji", title.romaji),
            ("Year", str(title.year)),
            ("Format", f"{title.format}, {_card_length(title)}"),
            ("By", ", ".join(title.creators)),
            ("Studio", title.studio),
            ("Themes", themes),
            ("Warnings", _themes(catalogue, title.warnings) or "none listed"),
            ("Tears", f"{_tears(title, console)}  {title.tears}/5"),
        ]
        for label, value in rows:
            if value:
                grid.add_row(label, _text(value))
        grid.add_row("Ending", _text(title.ending, _ENDING_STYLE.get(title.ending, "")))
        if before is not None:
            grid.add_row("Watch first", _text(before.title, "bold"))
        if followers:
            grid.add_row("Then", _text(", ".join(t.title for t in followers)))
        related = [t for t in map(catalogue.candidate, title.related)
                   if t is not None and t is not before and t not in followers]
        if related:
            grid.add_row("Related", _text(", ".join(t.title for t in related)))
        if watched is not None:
            mine = f", your tears {watched.my_tears}/5" if watched.my_tears else ""
            grid.add_row("Watched", _text(f"{'loved, ' if watched.loved else ''}added "
                                          f"{watched.added[:10]}{mine}", "green"))
        elif planned is not None:
            grid.add_row("Planned", _text("on your plan-to-watch list since "
                                          f"{planned.added[:10]}", "green"))
        parts = [grid, _text(""), _text(title.pitch, "italic")]
        if reasons:
            parts += [_text(""), _text("Why tonight", "bold")]
            parts += [_text(f"• {reason}") for reason in reasons]
        console.print(Panel(Group(*parts), title=_text(title.title, "bold"),
                            title_align="left", width=min(console.width, 88), padding=(1, 2)))


def print_themes(catalogue: Catalogue, view: View) -> None:
    counts = catalogue.theme_counts()
    rows = [
        {"kind": kind, "id": t.id, "name": t.name, "description": t.description,
         "aliases": list(t.aliases), "titles": counts.get(t.id, 0)}
        for kind, vocabulary in (("theme", catalogue.themes), ("warning", catalogue.warnings))
        for t in vocabulary.values()
    ]
    if _data_modes(view, rows, rows, THEME_COLUMNS):
        return
    from rich.table import Table

    with _screen(view) as console:
        for kind, heading in (("theme", "Themes (--theme, --without)"),
                              ("warning", "Content warnings (--without)")):
            table = Table(title=heading, title_justify="left", header_style="bold")
            table.add_column("Id", style="bold", no_wrap=True)
            table.add_column("Name", no_wrap=True)
            table.add_column("Titles", justify="right", no_wrap=True)
            table.add_column("Description", overflow="fold")
            for row in rows:
                if row["kind"] == kind:
                    table.add_row(_text(str(row["id"])), _text(str(row["name"])),
                                  str(row["titles"]), _text(str(row["description"])))
            console.print(table)
