"""One title as a card: show, random and tonight's offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..records import name_in
from .cells import ENDING_STYLE, card_length, tears_cell, theme_names
from .data import data_modes
from .screen import Form, View, as_printed, on_screen, safe_text
from .tsv import OFFER_COLUMNS, TITLE_COLUMNS, tsv_row

if TYPE_CHECKING:
    from ..shown import Card
    from ..state import Planned, Watched
    from ..tonight import Offer


def print_offer(offer: Offer, card: Card, view: View) -> None:
    """One tonight offer (`card` is its title's): the card with a line on why it fits each
    answer."""
    title = card.title
    reasons = list(offer.reasons)
    if view.form is Form.MARKDOWN:
        from . import markdown

        return markdown.print_card(card, view, reasons=reasons)
    row = tsv_row(title, view.spoilers, reasons="; ".join(reasons))
    if not data_modes(view, {**title.to_dict(), "reasons": reasons}, [row], OFFER_COLUMNS):
        print_card(card, view, reasons=offer.reasons)


def print_card(card: Card, view: View, watched: Watched | None = None,
               reasons: Sequence[str] = (), planned: Planned | None = None,
               personal: bool = False) -> None:
    """One title: its facts, themes (spoilers only if asked), watch order and pitch; with
    `personal` (show), JSON also says how hard it hit you (`my_tears`, null if not given)."""
    if view.form is Form.MARKDOWN:
        from . import markdown

        return markdown.print_card(card, view, watched, reasons, planned)
    title, before, followers, related, names = (card.title, card.before, card.followers,
                                                 card.related, card.names)
    document = {**title.to_dict(), "followed_by": [t.id for t in followers]}
    if personal:
        document["my_tears"] = watched.my_tears if watched else None
    if data_modes(view, document, [tsv_row(title, view.spoilers)], TITLE_COLUMNS):
        return
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    with on_screen(view) as console:

        def text(value: str, style: str = "") -> Any:  # as the terminal will print it
            return safe_text(as_printed(value, console), style)

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        shown = title.shown_themes(view.spoilers)
        themes = theme_names(names, shown)
        if len(shown) < len(title.themes):
            hidden = len(title.themes) - len(shown)
            themes += ("  (+1 theme hidden: a spoiler; --spoilers shows it)" if hidden == 1
                       else f"  (+{hidden} themes hidden: spoilers; --spoilers shows them)")
        rows = [
            ("Native", title.native),
            ("Romaji", title.romaji),
            ("Year", str(title.year)),
            ("Format", f"{title.format}, {card_length(title)}"),
            ("By", ", ".join(title.creators)),
            ("Studio", title.studio),
            ("Themes", themes),
            ("Warnings", theme_names(names, title.warnings) or "none listed"),
            ("Tears", f"{tears_cell(title, console)}  {title.tears}/5"),
        ]
        for label, value in rows:
            if value:
                grid.add_row(label, text(value))
        grid.add_row("Ending", text(title.ending, ENDING_STYLE.get(title.ending, "")))
        if before is not None:
            grid.add_row("Watch first", text(name_in(before, view.titles), "bold"))
        if followers:
            grid.add_row("Then", text(", ".join(name_in(t, view.titles) for t in followers)))
        if related:
            grid.add_row("Related", text(", ".join(name_in(t, view.titles) for t in related)))
        if watched is not None:
            mine = f", your tears {watched.my_tears}/5" if watched.my_tears else ""
            grid.add_row("Watched", text(f"{'loved, ' if watched.loved else ''}added "
                                          f"{watched.added[:10]}{mine}", "green"))
        elif planned is not None:
            grid.add_row("Planned", text("on your plan-to-watch list since "
                                          f"{planned.added[:10]}", "green"))
        parts = [grid, text(""), text(title.pitch, "italic")]
        if reasons:
            parts += [text(""), text("Why tonight", "bold")]
            parts += [text(f"• {reason}") for reason in reasons]
        console.print(Panel(Group(*parts), title=text(name_in(title, view.titles), "bold"),
                            title_align="left", width=min(console.width, 88), padding=(1, 2)))
