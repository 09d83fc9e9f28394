"""The cells the tables and cards share: length, tears as dots, theme names, the seen mark,
a title with its warnings under it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..constants import DEFAULT_EPISODE_MINUTES
from ..records import name_in
from .screen import clean, safe_text, utf_console

if TYPE_CHECKING:
    from rich.console import Console

    from ..records import Candidate, Title
    from ..shown import Names
    from ..state import Watched


def length_cell(title: Title | Candidate) -> str:
    if title.format == "film":
        return f"{title.runtime_minutes} min"
    return f"{title.episodes} ep"


def card_length(title: Title) -> str:
    """A card's length: "89 min", or "25 ep of 24 min", and the seasons an entry spans
    when more than one (its warnings cover them all)."""
    if title.format == "film":
        return length_cell(title)
    length = f"{title.episodes} ep of {title.episode_minutes or DEFAULT_EPISODE_MINUTES} min"
    if title.seasons and title.seasons > 1:
        length += f", over {title.seasons} seasons (its warnings cover them all)"
    return length


def tears_cell(title: Title | Candidate, console: Console, tears: int | None = None) -> str:
    """Tears as dots (the title's, or `tears` when given, such as your own)."""
    tears = title.tears if tears is None else tears
    if utf_console(console):
        return "●" * tears + "○" * (5 - tears)
    return f"{tears}/5"


def theme_names(names: Names, ids: Iterable[str]) -> str:
    """The shown names of these themes (or warnings), in this order."""
    return ", ".join(names.get(i, i) for i in ids)


ENDING_STYLE = {"hopeful": "green", "bittersweet": "yellow", "devastating": "red"}


def seen_mark(entry: Watched | None, console: Console, planned: bool = False) -> str:
    if entry is None:
        return "plan" if planned else ""
    if not utf_console(console):
        return "loved" if entry.loved else "yes"
    return "♥" if entry.loved else "✓"


def title_with_warnings(title: Title, names: Names, console: Console,
                        language: str = "english") -> Any:
    """The title (by its name in `language`), and under it the content warnings, so they
    are seen where one chooses."""
    cell = safe_text(name_in(title, language), "bold")
    if title.warnings:
        mark = "⚠ " if utf_console(console) else "warnings: "
        cell.append("\n" + mark + clean(theme_names(names, title.warnings)), style="red")
    return cell
