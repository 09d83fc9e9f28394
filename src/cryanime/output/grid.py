"""The list table as a rich renderable, drawn from rich's boxes, styles and cell widths rather
than by rich's Table (which lays out every cell of a long table for about a fifth of a
second: see README, Performance); tests/test_output.py checks it reads as rich's Table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions


class Column(NamedTuple):
    heading: str
    width: int | None  # None: as wide as its cells, narrowed (widest first) to fit
    justify: str = "left"
    style: str = ""


class Grid:
    """A table of plain cells, boxed as rich boxes a Table (heavy head), each cell padded
    by a space either side; flexible columns wrap at spaces and fold longer words. A rich
    renderable: it takes the width the console offers it."""

    def __init__(self, columns: Sequence[Column], rows: list[list[str]]) -> None:
        self.columns, self.rows = columns, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions
                         ) -> Iterator[Segment]:
        yield from draw_grid(console, self.columns, self.rows, options.max_width)


def draw_grid(console: Console, columns: Sequence[Column], rows: list[list[str]],
              width: int | None = None) -> list[Any]:
    """The segments of a :class:`Grid` `width` columns wide (the console's by default)."""
    total = width or console.width
    widest = total - len(columns) - 3  # a column, padded, fits inside the borders
    widths = [c.width or min(widest, max(map(cell_len, [c.heading, *(r[i] for r in rows)])))
              for i, c in enumerate(columns)]
    flexible = [i for i, c in enumerate(columns) if c.width is None]
    room = total - 3 * len(columns) - 1 - sum(w for i, w in enumerate(widths)
                                              if i not in flexible)
    for i, narrow in zip(flexible, narrowed([widths[i] for i in flexible], room), strict=True):
        widths[i] = narrow

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
    return out


def narrowed(widths: list[int], room: int) -> list[int]:
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
