"""Filters: themes, without, format, era, episodes, tears, ending.

A :class:`Query` holds resolved theme ids (see ``Catalogue.resolve_theme``);
:func:`matches` says whether one title passes it and :func:`explain_empty`
says, in a sentence, why nothing did and which filter to relax.
"""

# No `from __future__ import annotations`: see the note in records.py.

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, NamedTuple, TypeVar

from .catalogue import AnyTitle, Candidate, Catalogue, Summary, Title
from .errors import EraError

T = TypeVar("T", Candidate, Title)

# Patterns are compiled by `re` on first use (and cached there), not at import.
_DECADE = r"^(\d{4}|\d{2})s$"
_YEAR = r"^\d{4}$"
_RANGE = r"^(\d{4})?\s*[-–]\s*(\d{4})?$"


class Era(NamedTuple):
    """An inclusive span of years; either end may be open."""

    start: int | None
    end: int | None
    label: str  # how to say it in a sentence: "the 1980s", "2011", "2005–2012"

    def holds(self, year: int) -> bool:
        """Whether `year` falls in the era."""
        return (self.start is None or year >= self.start) and (self.end is None or year <= self.end)


def parse_era(text: str) -> Era:
    """Parse '1980s', '80s', '2011', '2005-2012', '2010-' or '-1999'.

    Two-digit decades mean 2000–2029 for 00s–20s and the 1900s otherwise.
    Raises EraError naming the accepted forms.
    """
    value = text.strip().lower()
    if m := re.match(_DECADE, value):
        digits = m.group(1)
        if len(digits) == 4:
            if not digits.endswith("0"):
                raise EraError(text, "a decade ends in 0, like 1980s")
            start = int(digits)
        else:
            if not digits.endswith("0"):
                raise EraError(text, "a decade ends in 0, like 80s")
            short = int(digits)
            start = (2000 if short < 30 else 1900) + short
        return Era(start, start + 9, f"the {start}s")
    if re.match(_YEAR, value):
        return Era(int(value), int(value), value)
    if (m := re.match(_RANGE, value)) and (m.group(1) or m.group(2)):
        first = int(m.group(1)) if m.group(1) else None
        end = int(m.group(2)) if m.group(2) else None
        if first is not None and end is not None and first > end:
            raise EraError(text, f"{first} comes after {end}; write {end}-{first}")
        if first is None:
            label = f"up to {end}"
        elif end is None:
            label = f"{first} on"
        else:
            label = f"{first}–{end}"
        return Era(first, end, label)
    raise EraError(text)


class Query(NamedTuple):
    """What a person asked for. Theme and warning values are catalogue ids."""

    themes: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    format: str | None = None
    era: Era | None = None
    max_episodes: int | None = None
    min_tears: int | None = None
    ending: str | None = None

    def is_empty(self) -> bool:
        return self == Query()


def matches(title: AnyTitle, query: Query, *, all_themes: bool = True) -> bool:
    """Does `title` pass every filter of `query`?

    With ``all_themes`` the title must carry every wished theme (list, random);
    without it, themes are left to the ranking (recommend).
    """
    return (
        (not all_themes or all(t in title.themes for t in query.themes))
        and not any(w in title.themes or w in title.warnings for w in query.without)
        and (query.format is None or title.format == query.format)
        and (query.era is None or query.era.holds(title.year))
        and (
            query.max_episodes is None
            or title.format != "series"
            or (title.episodes or 0) <= query.max_episodes
        )
        and (query.min_tears is None or title.tears >= query.min_tears)
        and (query.ending is None or title.ending == query.ending)
    )


def filter_titles(
    titles: Iterable[T], query: Query, *, all_themes: bool = True
) -> list[T]:
    if not all_themes and query._replace(themes=()).is_empty():
        return list(titles)  # only wishes, which ranking weighs: nothing to test per title
    return [t for t in titles if matches(t, query, all_themes=all_themes)]


def watchable(titles: Iterable[Candidate], seen: Collection[str]) -> list[Candidate]:
    """The titles that may be offered: those that follow nothing, or follow a title in
    `seen` (a continuation is never offered before the title it continues)."""
    return [t for t in titles if t.after is None or t.after in seen]


def sort_key(order: str) -> Callable[[Candidate | Summary], tuple[Any, ...]]:
    """How `list` orders titles: by title; by year; the hardest first (tears); or films
    first (one sitting each), then series from the shortest to the longest (episodes).
    Ties go by title."""
    keys: dict[str, Callable[[Candidate | Summary], tuple[Any, ...]]] = {
        "title": lambda t: (t.title.casefold(), t.id),
        "year": lambda t: (t.year, t.title.casefold()),
        "tears": lambda t: (-t.tears, t.title.casefold()),
        "episodes": lambda t: ((t.episodes or 0) if t.format == "series" else 0,
                               t.title.casefold()),
    }
    return keys[order]


def find(catalogue: Catalogue, query: Query) -> list[Candidate]:
    """The titles of `catalogue` that pass `query`, in catalogue order. Only titles
    carrying a wished theme are looked at, which the index answers from its themes table."""
    pool = catalogue.with_any_theme(query.themes) if query.themes else catalogue.candidates
    return filter_titles(pool, query)


def find_ids(catalogue: Catalogue, query: Query, order: str) -> list[str]:
    """The ids of the titles that pass `query`, in `order` (see sort_key): what `list`
    prints in JSON or TSV. The catalogue is read a batch at a time and only ids and sort
    keys are kept, so that a long list is never held whole."""
    key = sort_key(order)
    if query.is_empty():  # nothing to filter: the summaries are enough to sort
        return [i for _, i in sorted((key(t), t.id) for t in catalogue.summaries())]
    pool = (catalogue.with_any_theme(query.themes) if query.themes
            else catalogue.each_candidate())
    return [i for _, i in sorted((key(t), t.id) for t in pool if matches(t, query))]


def describe(query: Query, catalogue: Catalogue, *, any_theme: bool = False) -> str:
    """The query as a sentence: 'No series from the 1980s carry 'time travel'.'"""
    noun = {"film": "films", "series": "series"}.get(query.format or "", "titles")
    parts = [noun]
    if query.era:
        parts.append(f"from {query.era.label}")
    if query.max_episodes is not None:
        parts.append(f"of at most {query.max_episodes} episodes")
    if query.min_tears is not None:
        parts.append(f"with tears {query.min_tears} or more")
    if query.ending:
        parts.append(f"with a {query.ending} ending")
    if query.without:
        parts.append("without " + _join([catalogue.theme_name(w) for w in query.without], "or"))
    if query.themes:
        names = [catalogue.theme_name(t) for t in query.themes]
        parts.append("carry " + _join(names, "or" if any_theme else "and"))
    else:
        parts.append("are in the catalogue")
    return "No " + " ".join(parts) + "."


def _join(names: list[str], word: str) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {word} " + quoted[-1]


_FLAGS = {
    "themes": "--theme",
    "without": "--without",
    "format": "--film/--series",
    "era": "--era",
    "max_episodes": "--max-episodes",
    "min_tears": "--min-tears",
    "ending": "--ending",
}


def explain_empty(
    catalogue: Catalogue, query: Query, candidates: Iterable[Candidate] | None = None,
    *, all_themes: bool = True, sources: Mapping[str, str] | None = None,
) -> str:
    """Why nothing matched, and which single filter to drop to get results. `sources`
    names how to drop a filter that was not a flag typed (config.yml's era, say), by the
    Query field's name."""
    pool = list(catalogue.candidates if candidates is None else candidates)
    message = describe(query, catalogue, any_theme=not all_themes)
    hints = []
    for name, default in Query._field_defaults.items():
        value = getattr(query, name)
        if value in (None, ()):
            continue
        relaxed = query._replace(**{name: default})
        found = filter_titles(pool, relaxed, all_themes=all_themes)
        if not all_themes and relaxed.themes:
            found = [t for t in found if set(t.themes) & set(relaxed.themes)]
        if found:
            count = len(found)
            how = (sources or {}).get(name, _FLAGS[name])
            hints.append(f"without {how} ({count} title{'s' * (count != 1)})")
    if hints:
        message += " Try " + "; or ".join(hints) + "."
    elif not query.is_empty():
        message += " Try fewer filters."
    return message
