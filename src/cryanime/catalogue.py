"""The catalogue's data model: Theme, Title and Candidate (defined in
:mod:`cryanime.records`) and the Catalogue interface, answered here from titles held in
memory. :class:`cryanime.indexed.IndexedCatalogue` answers the same calls from the SQLite
index (tests/test_contract.py demands the same answers from both).

Loading and validating YAML files into these lives in :mod:`cryanime.loading`. Nothing
here knows the lookup rules (:mod:`cryanime.matching`), the ranking
(:mod:`cryanime.ranking`) or the filters (:mod:`cryanime.query`): it answers questions
about stored facts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

from .constants import ACCOLADES, DEFAULT_EPISODE_MINUTES, DEMOGRAPHICS, ENDINGS, FORMATS
from .errors import UnknownThemeError
from .names import fold, key_of_folded
from .records import (
    AnyTitle,
    Appeal,
    Candidate,
    Summary,
    Theme,
    Title,
    Weights,
    follower_ids,
    franchise_ids,
    name_keys,
    normalise,
    theme_key,
)

__all__ = [
    "DEFAULT_EPISODE_MINUTES",
    "ENDINGS",
    "FORMATS",
    "AnyTitle",
    "Appeal",
    "Candidate",
    "Catalogue",
    "Summary",
    "Theme",
    "Title",
    "Weights",
    "follower_ids",
    "franchise_ids",
    "hundredths",
    "name_keys",
    "normalise",
    "plain_genres",
    "search_text",
    "theme_key",
]

LOAD_BATCH = 500  # titles loaded at a time by each_title


def plain_genres(title: AnyTitle) -> list[str]:
    """A title's MyAnimeList genres, its demographic and accolades left out."""
    return [g for g in title.genres if g not in DEMOGRAPHICS and g not in ACCOLADES]


def search_text(title: AnyTitle) -> tuple[str, str]:
    """What a title's names are searched in: its names (and its id as words) folded, one a
    line; and its names' keys, one a line. Both implementations search these texts."""
    folded = [fold(n) for n in (*title.names, title.id.replace("-", " "))]
    return "\n".join(folded), "\n".join(k for k in map(key_of_folded, folded) if k)


# Facts by kind, as Catalogue.by_facts weighs them: a title carries a theme, a genre (as
# MyAnimeList gives it), its studio, a creator, a "similar" link to an id (fans recommend
# that one to its fans) and its own id.
FACT_KINDS = ("theme", "genre", "studio", "creator", "similar", "id", "after")


def facts_of(title: AnyTitle) -> set[tuple[str, str]]:
    """The (kind, value) facts a title carries (see FACT_KINDS)."""
    return {*(("theme", t) for t in title.themes), *(("genre", g) for g in title.genres),
            *((("studio", title.studio),) if title.studio else ()),
            *(("creator", c) for c in title.creators),
            *(("similar", s) for s in title.similar), ("id", title.id),
            *((("after", title.after),) if title.after else ())}


def appeal_of(title: AnyTitle, appeal: Appeal, survey_lists: int) -> float:
    """See :class:`Appeal`."""
    return appeal_value(title.tears, title.lists, appeal, survey_lists)


def appeal_value(tears: int, lists: int, appeal: Appeal, survey_lists: int) -> float:
    """The appeal of a title with these tears and survey count (see :class:`Appeal`)."""
    softer = max(0.0, appeal.target - tears)
    harder = max(0.0, tears - appeal.target)
    value = appeal.hit * max(0.0, 1 - softer / 4.0 - harder / 8.0)
    if survey_lists:
        value += appeal.fame * math.sqrt(min(lists, survey_lists) * 1.0 / survey_lists)
    return value + appeal.base


def hundredths(value: float) -> int:
    """`value` in hundredths, rounded half up: floor(value x 100 + 0.5), which SQL
    computes to the same integer from the same float."""
    return math.floor(value * 100 + 0.5)


def weight(title: AnyTitle, theme_ids: Collection[str], weights: Weights,
           survey_lists: int) -> float:
    """See :class:`Weights` (summed in the order the index's SQL sums, so that both give
    the same float)."""
    carried = [title.themes.index(t) for t in theme_ids if t in title.themes]
    near = sum(p < weights.main for p in carried)
    value = weights.central * near + weights.side * (len(carried) - near)
    if survey_lists:
        value += weights.fame * math.sqrt(min(title.lists, survey_lists) * 1.0 / survey_lists)
    return value + weights.tears * (title.tears - 1) / 4.0 + weights.base


class Catalogue:
    """The themes, warnings and titles, validated, held in memory. Treat it as read-only.

    Two sides. The query side (filters, ranking, tonight, the list table, title lookup)
    reads :class:`Candidate` records: :attr:`candidates`, :meth:`with_any_theme`,
    :meth:`weighed`, :meth:`nth`, :meth:`with_ids`, :meth:`candidate`, :meth:`named`,
    :meth:`containing`, :meth:`sharing_trigrams`, :meth:`followers`. What is shown in full
    is loaded as :class:`Title`, by id: :meth:`load` (or :meth:`get` for one, or
    :meth:`each_title` a batch at a time). The SQLite index answers each of these from its
    tables, reading only the titles asked for.
    """

    def __init__(self, themes: Mapping[str, Theme], warnings: Mapping[str, Theme],
                 titles: Iterable[Title], source: str = "", survey_lists: int = 0) -> None:
        self.themes = themes
        self.survey_lists = survey_lists  # how many lists the survey counts (0: no survey)
        self.warnings = warnings
        self.source = source
        self._titles = tuple(titles)
        self._candidates: tuple[Candidate, ...] | None = None
        self._rows: dict[str, int] | None = None  # id -> position
        self._followers: dict[str, list[str]] | None = None  # after id -> ids
        self._franchises: dict[str, str] | None = None  # id -> its franchise's first id
        self._counts: dict[str, int] | None = None  # theme or warning id -> titles
        self._named: dict[str, list[int]] | None = None  # name key -> positions
        self._by_theme: dict[str, list[int]] = {}  # theme id -> positions
        self._texts: list[tuple[str, str]] | None = None  # search_text of each title
        self._lookup: dict[str, str] | None = None  # theme_key of a name -> id

    @property
    def titles(self) -> tuple[Title, ...]:
        """Every title in full, in catalogue order."""
        return self._titles

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """Every title's candidate record, in catalogue order."""
        if self._candidates is None:
            self._candidates = tuple(map(Candidate.of, self._titles))
        return self._candidates

    @property
    def size(self) -> int:
        """How many titles it holds."""
        return len(self._titles)

    def summaries(self) -> Iterator[Summary]:
        """Every title's :class:`Summary`, in catalogue order."""
        return (Summary(t.id, t.title, t.format, t.year, t.tears, t.episodes)
                for t in self.candidates)

    def each_candidate(self) -> Iterator[Candidate]:
        """Every title's candidate record, in catalogue order, a batch at a time: a long
        pass over the catalogue that keeps none of them."""
        return iter(self.candidates)

    def load(self, title_ids: Iterable[str]) -> list[Title]:
        """The titles with these ids, in full and in the order given (unknown ids are
        left out): what is shown."""
        rows = self._row_of()
        return [self._titles[rows[i]] for i in title_ids if i in rows]

    def each_title(self, title_ids: Iterable[str]) -> Iterator[Title]:
        """:meth:`load`, a batch at a time: what a long listing streams."""
        batch: list[str] = []
        for title_id in title_ids:
            batch.append(title_id)
            if len(batch) == LOAD_BATCH:
                yield from self.load(batch)
                batch = []
        yield from self.load(batch)

    def each_record(self, title_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Title.to_dict() of the titles with these ids, in this order, a batch at a time
        (what a long JSON listing writes; the index builds them without the Titles)."""
        return (t.to_dict() for t in self.each_title(title_ids))

    def get(self, title_id: str) -> Title | None:
        """The title with this id, in full (None when there is none)."""
        found = self.load([title_id])
        return found[0] if found else None

    def _row_of(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {t.id: row for row, t in enumerate(self._titles)}
        return self._rows

    def _theme_rows(self, theme_id: str) -> list[int]:
        if theme_id not in self._by_theme:
            self._by_theme[theme_id] = [row for row, t in enumerate(self.candidates)
                                        if theme_id in t.themes]
        return self._by_theme[theme_id]

    def with_any_theme(self, theme_ids: Iterable[str]) -> list[Candidate]:
        """The titles carrying at least one of `theme_ids`, in catalogue order."""
        wanted = set(theme_ids)
        return [t for t in self.candidates if not wanted.isdisjoint(t.themes)]

    def weighed(self, theme_ids: Sequence[str], weights: Weights
                ) -> Iterator[tuple[float, Candidate]]:
        """The titles carrying any of `theme_ids` (every title when there are none), each
        with its weight (see :class:`Weights`), heaviest first: weights compared in
        :func:`hundredths`, equal ones by title (casefolded), then id. What ranking reads,
        best first; the index gives them a few at a time."""
        pool = self.with_any_theme(theme_ids) if theme_ids else self.candidates
        weighed = [(weight(t, theme_ids, weights, self.survey_lists), t) for t in pool]
        weighed.sort(key=lambda wt: (-hundredths(wt[0]), wt[1].title.casefold(), wt[1].id))
        yield from weighed

    def by_facts(self, weights: Mapping[tuple[str, str], float], appeal: Appeal
                 ) -> Iterator[tuple[float, Candidate]]:
        """The titles carrying at least one of the weighed (kind, value) facts (see
        FACT_KINDS), each with the sum of its facts' weights plus its appeal, heaviest
        first (equal sums in catalogue order): what --like reads, best bound first. The
        index sums them in SQL, a page at a time."""
        found = []
        for row, title in enumerate(self.candidates):
            shared = [weights[f] for f in facts_of(title) if f in weights]
            if shared:
                found.append((sum(shared) + appeal_of(title, appeal, self.survey_lists),
                              row, title))
        found.sort(key=lambda wrt: (-wrt[0], wrt[1]))
        yield from ((weight, title) for weight, _, title in found)

    def at(self, places: Sequence[int]) -> list[Candidate]:
        """The titles at these places of the catalogue order, in the order given."""
        return [self.candidates[place] for place in places]

    def nth(self, theme_id: str | None, index: int) -> Candidate:
        """The `index`-th title carrying `theme_id` (with None, of the catalogue), in
        catalogue order: a draw reads one title, not all."""
        if theme_id is None:
            return self.candidates[index]
        return self.candidates[self._theme_rows(theme_id)[index]]

    def with_tears(self, level: int) -> list[tuple[str, int]]:
        """(id, lists) of the titles whose tears are `level`, in catalogue order: a
        stored fact to draw from, without reading the titles."""
        return [(t.id, t.lists) for t in self.candidates if t.tears == level]

    def with_ids(self, title_ids: Iterable[str]) -> list[Candidate]:
        """The titles whose id is in `title_ids`, in catalogue order."""
        rows = self._row_of()
        return [self.candidates[row] for row in sorted({rows[i] for i in title_ids if i in rows})]

    def candidate(self, title_id: str) -> Candidate | None:
        found = self.with_ids([title_id])
        return found[0] if found else None

    def named(self, name_key: str) -> list[Candidate]:
        """The titles one of whose names folds to `name_key` (see names.key)."""
        if self._named is None:
            self._named = {}
            for k, row in name_keys(self.candidates):
                self._named.setdefault(k, []).append(row)
        return [self.candidates[row] for row in sorted(self._named.get(name_key, ()))]

    def _search_texts(self) -> list[tuple[str, str]]:
        if self._texts is None:
            self._texts = [search_text(t) for t in self.candidates]
        return self._texts

    def containing(self, texts: Collection[str]) -> Iterator[Candidate]:
        """The titles whose names, folded (names.fold), with the id as words, hold every
        one of `texts` (folded) somewhere, in catalogue order (given as they are read:
        a caller that needs the first few stops there)."""
        wanted = [fold(t) for t in texts]
        return (t for t, (names, _) in zip(self.candidates, self._search_texts(), strict=True)
                if all(w in names for w in wanted))

    def sharing_trigrams(self, grams: Collection[str], *, keys: bool = False,
                         at_least: int = 1) -> list[Candidate]:
        """The titles whose names (folded, or with `keys` their keys) hold at least
        `at_least` of `grams` (three characters each), in catalogue order."""
        column = 1 if keys else 0
        wanted = set(grams)
        return [t for t, text in zip(self.candidates, self._search_texts(), strict=True)
                if sum(g in text[column] for g in wanted) >= max(1, at_least)]

    def follower_ids(self) -> dict[str, list[str]]:
        """For each title that others follow in watch order: the ids of those others."""
        if self._followers is None:
            self._followers = follower_ids(self.candidates)
        return self._followers

    def franchise_ids(self) -> dict[str, str]:
        """See :func:`franchise_ids`: the first id of each title's franchise, for the
        titles of franchises of two or more."""
        if self._franchises is None:
            self._franchises = franchise_ids(self.candidates)
        return self._franchises

    def franchise_of(self, title_id: str) -> str:
        """The id that stands for `title_id`'s franchise (its own id when it has none):
        sequels, films and retellings of one story share it."""
        return self.franchise_ids().get(title_id, title_id)

    def followers(self, title_id: str) -> list[Candidate]:
        """The titles to watch right after `title_id` (those whose `after` names it)."""
        return self.with_ids(self.follower_ids().get(title_id, ()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalogue):
            return NotImplemented
        return ((dict(self.themes), dict(self.warnings), self.titles, self.source,
                 self.survey_lists)
                == (dict(other.themes), dict(other.warnings), other.titles, other.source,
                    other.survey_lists))

    __hash__ = None  # type: ignore[assignment]  # mutable-looking: compare, never hash

    def __repr__(self) -> str:
        return (f"{type(self).__name__}({len(self.themes)} themes, {len(self.warnings)} "
                f"warnings, {self.size} titles, source={self.source!r})")

    def theme_name(self, theme_id: str) -> str:
        entry = self.themes.get(theme_id) or self.warnings.get(theme_id)
        return entry.name if entry else theme_id

    def resolve_theme(self, text: str, *, warnings: bool = False) -> str:
        """The id of the theme `text` names (by id, name or alias, any case).

        With ``warnings=True`` content warnings are accepted too. Raises
        UnknownThemeError with close matches as suggestions.
        """
        if text in self.themes or (warnings and text in self.warnings):
            return text  # an id as it is (every id, name and alias names one entry only)
        if self._lookup is None:
            self._lookup = {}
            for vocabulary in (self.warnings, self.themes):  # themes win a clash
                for theme in vocabulary.values():
                    for name in (theme.id, theme.name, *theme.aliases):
                        self._lookup[theme_key(name)] = theme.id
        key = theme_key(text)
        theme_id = self._lookup.get(key)
        allowed = self.themes.keys() | (self.warnings.keys() if warnings else set())
        if theme_id in allowed:
            return theme_id
        if theme_id in self.warnings:
            hint = (f"{theme_id!r} is a content warning, not a theme; "
                    f"to leave such titles out, use --without {theme_id}.")
            raise UnknownThemeError(text, [], "theme", hint)
        import difflib  # only an unknown theme needs suggestions

        candidates = {
            name: entry.id
            for vocabulary in ((self.themes, self.warnings) if warnings else (self.themes,))
            for entry in vocabulary.values()
            for name in (entry.id, theme_key(entry.name), *map(theme_key, entry.aliases))
        }
        close = difflib.get_close_matches(key, list(candidates), n=5, cutoff=0.6)
        suggestions = list(dict.fromkeys(candidates[c] for c in close))[:3]
        raise UnknownThemeError(text, suggestions, "theme or warning" if warnings else "theme")

    def vocabulary_rows(self) -> list[list[str]]:
        """[kind, id, name, description] for every theme, then every warning."""
        return [[kind, t.id, t.name, t.description]
                for kind, entries in (("theme", self.themes), ("warning", self.warnings))
                for t in entries.values()]

    def theme_counts(self) -> dict[str, int]:
        """How many titles carry each theme (and each warning); counted once."""
        if self._counts is None:
            counts = dict.fromkeys([*self.themes, *self.warnings], 0)
            for title in self.candidates:
                for theme_id in {*title.themes, *title.warnings}:
                    counts[theme_id] = counts.get(theme_id, 0) + 1
            self._counts = counts
        return self._counts

    def genre_counts(self) -> dict[str, int]:
        """How many titles carry each genre (demographics and accolades left out)."""
        return dict(Counter(g for t in self.candidates for g in plain_genres(t)))
