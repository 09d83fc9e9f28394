"""Markdown to paste where people talk (GitHub, Reddit, Discord): a list, not a table
(Discord draws no tables), each title linked to its MyAnimeList page, with its year,
length, tears, warnings and, for picks, why. Spoiler themes stay hidden unless asked for;
every character Markdown would read as markup is escaped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..constants import MAL_PAGE
from ..records import name_in
from .cells import card_length, length_cell, theme_names
from .screen import View, clean

if TYPE_CHECKING:
    from ..ranking import Recommendation
    from ..records import Candidate, Title
    from ..shown import Card, Names, ThemeEntry
    from ..state import Planned, Watched

# what CommonMark, Reddit and Discord read as markup inside a line (text here never starts
# one, so list and heading marks need nothing): a backslash makes each plain
_SPECIAL = {ord(c): "\\" + c for c in "\\`*_~|[]<>"}


def escape(text: str) -> str:
    """`text` as Markdown shows it literally: control characters made visible, line
    breaks joined, and each markup character escaped."""
    return " ".join(clean(text).split()).translate(_SPECIAL)


def linked(title: Title | Candidate, view: View, bold: bool = True) -> str:
    """The title's name (in bold), linked to its MyAnimeList page when it has one."""
    name = escape(name_in(title, view.titles))
    mal_id = getattr(title, "mal_id", None)
    text = f"[{name}]({MAL_PAGE.format(mal_id)})" if mal_id else name
    return f"**{text}**" if bold else text


def facts(title: Title | Candidate, names: Names) -> list[str]:
    """Year and length, tears, and the warnings."""
    parts = [str(title.year), f"{title.format}, {length_cell(title)}",
             f"tears {title.tears}/5"]
    if title.warnings:
        parts.append("warnings: " + escape(theme_names(names, title.warnings)))
    return parts


def _line(head: str, parts: Iterable[str]) -> str:
    return " · ".join([head, *parts])


def _write(lines: Iterable[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


def print_titles(titles: Iterable[Title], names: Names, view: View,
                 watched: Mapping[str, Watched], planned: Mapping[str, Planned]) -> None:
    """The list command: one title a line, with its themes."""
    def line(t: Title) -> str:
        parts = facts(t, names)
        shown = t.shown_themes(view.spoilers)
        if shown:
            parts.append("themes: " + escape(theme_names(names, shown)))
        entry = watched.get(t.id)
        if entry is not None:
            parts.append("loved" if entry.loved else "watched")
        elif t.id in planned:
            parts.append("planned")
        return _line(f"- {linked(t, view)}", parts)

    _write(map(line, titles))


def print_recommendations(recs: Sequence[Recommendation], names: Names, view: View) -> None:
    """The picks, numbered, each with why."""
    _write(_line(f"{rank}. {linked(rec.title, view)}",
                 [*facts(rec.title, names), "why: " + escape("; ".join(rec.reasons))])
           for rank, rec in enumerate(recs, 1))


def print_card(card: Card, view: View, watched: Watched | None = None,
               reasons: Sequence[str] = (), planned: Planned | None = None) -> None:
    """One title: a heading, its pitch, and its facts as a list."""
    title, names = card.title, card.names
    shown = title.shown_themes(view.spoilers)
    hidden = len(title.themes) - len(shown)
    rows = [("Year", str(title.year)),
            ("Length", f"{title.format}, {card_length(title)}"),
            ("By", ", ".join(title.creators)), ("Studio", title.studio),
            ("Themes", theme_names(names, shown)
             + (f" (+{hidden} hidden: spoilers)" if hidden else "")),
            ("Warnings", theme_names(names, title.warnings) or "none listed"),
            ("Tears", f"{title.tears}/5"), ("Ending", title.ending)]
    if card.before is not None:
        rows.append(("Watch first", name_in(card.before, view.titles)))
    if card.followers:
        rows.append(("Then", ", ".join(name_in(t, view.titles) for t in card.followers)))
    if watched is not None:
        mine = f", your tears {watched.my_tears}/5" if watched.my_tears else ""
        rows.append(("Watched", f"{'loved, ' if watched.loved else ''}added "
                                f"{watched.added[:10]}{mine}"))
    elif planned is not None:
        rows.append(("Planned", f"since {planned.added[:10]}"))
    lines = [f"### {linked(title, view, bold=False)}", "", f"*{escape(title.pitch)}*", ""]
    lines += [f"- **{label}:** {escape(value)}" for label, value in rows if value]
    if reasons:
        lines += ["", "Why tonight:", *(f"- {escape(reason)}" for reason in reasons)]
    _write(lines)


def print_watched(entries: Sequence[tuple[Title, Watched]], names: Names, view: View) -> None:
    def line(t: Title, w: Watched) -> str:
        parts = facts(t, names)
        if w.my_tears:
            parts.append(f"yours {w.my_tears}/5")
        if w.loved:
            parts.append("loved")
        return _line(f"- {linked(t, view)}", [*parts, f"added {escape(w.added[:10])}"])

    _write(line(t, w) for t, w in entries)


def print_plan(entries: Sequence[tuple[Title, Planned]], names: Names, view: View) -> None:
    _write(_line(f"- {linked(t, view)}", [*facts(t, names),
                                          f"planned {escape(p.added[:10])}"])
           for t, p in entries)


def print_themes(entries: Sequence[ThemeEntry]) -> None:
    for kind, heading in (("theme", "Themes"), ("warning", "Content warnings")):
        _write([f"### {heading}", "",
                *(f"- **{escape(e.name)}** (`{e.id}`): {escape(e.description)} · "
                  f"{e.titles} title{'s' * (e.titles != 1)}"
                  for e in entries if e.kind == kind), ""])
