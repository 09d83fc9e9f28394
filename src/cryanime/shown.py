"""What output is handed: the facts a card, a table or the theme list shows, gathered from
the catalogue here, so that :mod:`cryanime.output` never reads the catalogue itself
(tests/test_layering.py holds it to that).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .catalogue import Candidate, Catalogue, Title

# theme and warning ids -> the names shown for them
Names = Mapping[str, str]


def theme_names_of(catalogue: Catalogue) -> dict[str, str]:
    """Every theme's and warning's shown name, by id (a theme wins a clash of ids)."""
    return {i: t.name for vocabulary in (catalogue.warnings, catalogue.themes)
            for i, t in vocabulary.items()}


# Plain classes, not NamedTuples: one costs about 0.15 ms to define at import, and these
# are defined on every run that shows a title.


class Card:
    """One title as a card shows it: the title, where it stands in its story (the title
    to watch first, those that follow, others of the story) and the names of its themes."""

    __slots__ = ("before", "followers", "names", "related", "title")

    def __init__(self, title: Title, before: Candidate | None, followers: list[Candidate],
                 related: list[Candidate], names: Names) -> None:
        self.title, self.before, self.followers = title, before, followers
        self.related, self.names = related, names


def card_of(catalogue: Catalogue, title: Title) -> Card:
    """The card of `title` (a Title of `catalogue`)."""
    followers = catalogue.followers(title.id)
    linked = {t.id: t for t in catalogue.with_ids([i for i in (title.after, *title.related)
                                                   if i])}
    before = linked.get(title.after) if title.after else None
    shown = {t.id for t in followers} | ({before.id} if before else set())
    related = [linked[i] for i in title.related if i in linked and i not in shown]
    return Card(title, before, followers, related, theme_names_of(catalogue))


class TitleStream:
    """Titles a long listing writes a batch at a time, in order: as JSON-ready records or
    as Titles, whichever the output form reads (both lazy: nothing is read until one is
    iterated, and only one is)."""

    __slots__ = ("names", "records", "titles")

    def __init__(self, records: Iterator[dict[str, Any]], titles: Iterator[Title],
                 names: Names) -> None:
        self.records, self.titles, self.names = records, titles, names


def title_stream(catalogue: Catalogue, title_ids: Iterable[str]) -> TitleStream:
    return TitleStream(catalogue.each_record(title_ids), catalogue.each_title(title_ids),
                       theme_names_of(catalogue))


class ThemeEntry:
    """One line of the theme list: a theme or a warning (`kind`), and how many titles
    carry it."""

    __slots__ = ("aliases", "description", "id", "kind", "name", "titles")

    def __init__(self, kind: str, id: str, name: str, description: str,
                 aliases: tuple[str, ...], titles: int) -> None:
        self.kind, self.id, self.name, self.description = kind, id, name, description
        self.aliases, self.titles = aliases, titles

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name,
                "description": self.description, "aliases": list(self.aliases),
                "titles": self.titles}


def theme_entries(catalogue: Catalogue) -> list[ThemeEntry]:
    """The vocabulary, themes first, each in the catalogue's order, with its count."""
    counts = catalogue.theme_counts()
    return [ThemeEntry(kind, t.id, t.name, t.description, t.aliases, counts.get(t.id, 0))
            for kind, vocabulary in (("theme", catalogue.themes),
                                     ("warning", catalogue.warnings))
            for t in vocabulary.values()]
