"""The catalogue answered from its SQLite index (:mod:`cryanime.index` builds and opens
it, and gives the tables), and :func:`load_indexed`, which gives the catalogue of some
YAML files from their index when it is fresh and builds it when it is not.

Every call of the :class:`~cryanime.catalogue.Catalogue` interface is one or two SQL
queries that return just the rows asked for; a record is decoded from JSON when it is
first given, and at most once. Should the database turn out damaged while it is read
(SQLite reads pages as they are needed), the catalogue is read again from the YAML files,
the index rebuilt, and the call answered from that: never a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from . import index
from .catalogue import (
    Appeal,
    Candidate,
    Catalogue,
    Summary,
    Theme,
    Title,
    Weights,
)
from .index_alike import alike_first
from .index_queries import BATCH, in_order_sql, marks, pages, threshold
from .jsoncodec import loads
from .names import fold
from .records import REST_FIELDS, candidate_from, title_from, title_record

if TYPE_CHECKING:
    from os import PathLike

    from .yamlfile import Progress

T = TypeVar("T")
FIRST_PAGE = 64  # rows a ranked question asks for first (then four times as many)
MOST_STREAMS = 6  # themes a ranked question reads one by one (more: summed in SQL)
_MANY = 500  # ids asked at once (SQLite allows 999 variables in the oldest builds)

# progress(what, done, total); unsaved(directory, reason): see load_indexed
Unsaved = Callable[[str, str], None]


def load_indexed(paths: Sequence[str | PathLike[str]], progress: Progress | None = None,
                 unsaved: Unsaved | None = None,
                 damaged: Callable[[str], None] | None = None) -> Catalogue:
    """The catalogue built from `paths`, from its index when that is fresh. When it has to
    be built, `progress(what, done, total)`, if given, is told how it goes, and
    `unsaved(directory, reason)` when the index cannot be written (the catalogue is still
    given, from memory; the next run reads the YAML again). `damaged(file)` is told when
    the index turns out damaged while it is read (the catalogue is read again and the
    index rebuilt).

    Raises CatalogueError exactly as :func:`cryanime.loading.load_catalogues` does.
    """
    file = index.index_file(paths)
    opened = index.open_fresh(file, paths)
    if opened is None:
        return _build(paths, progress, unsaved)

    def rebuilt() -> Catalogue:
        if damaged is not None:
            damaged(file)
        return _build(paths, None, unsaved)

    connection, meta = opened
    try:
        return IndexedCatalogue(connection, meta, rebuilt)
    except sqlite3.DatabaseError:  # damaged where the vocabulary lies
        connection.close()
        return rebuilt()


def _build(paths: Sequence[str | PathLike[str]], progress: Progress | None,
           unsaved: Unsaved | None) -> Catalogue:
    """Read and check the YAML files (a cold start), then write the index."""
    from .index_build import write  # only a cold start builds
    from .loading import load_catalogues  # only a cold start parses YAML

    catalogue = load_catalogues(paths, progress)
    if progress is not None:
        progress("writing the index", 0, 1)
    try:
        write(paths, catalogue)
    except OSError as exc:
        if unsaved is not None:
            unsaved(index.cache_dir(), exc.strerror or str(exc))
    return catalogue


def _phrase(text: str) -> str:
    """`text` as an FTS5 string (a substring, with the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'


class IndexedCatalogue(Catalogue):
    """A catalogue answered from its SQLite index (see the module docstring). `rebuilt`
    gives the catalogue afresh from the YAML files, should the database be damaged."""

    def __init__(self, connection: sqlite3.Connection, meta: dict[str, Any],
                 rebuilt: Callable[[], Catalogue]) -> None:
        self._db = connection
        self._rebuilt = rebuilt
        self._memory: Catalogue | None = None  # once the database failed
        self._math = False  # sqrt() and floor() are known to be there
        self._made: dict[int, Candidate] = {}  # row -> candidate
        self._fts = meta["search"] == "fts5-trigram"
        self._size = int(meta["size"])
        self._ranked = bool(meta["ranked"])
        themes: dict[str, Theme] = {}
        warnings: dict[str, Theme] = {}
        for kind, theme_id, name, description, aliases, intense in self._ask(
                "SELECT kind, id, name, description, aliases, intense FROM vocabulary "
                "ORDER BY place"):
            entry = Theme(theme_id, name, description, tuple(loads(aliases)),
                          bool(intense))
            (themes if kind == "theme" else warnings)[theme_id] = entry
        super().__init__(themes, warnings, (), meta["source"], meta["survey_lists"])

    # -- reading, and what happens when the database fails ------------------------------

    def _ask(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        """Every row the query gives. Raises sqlite3.DatabaseError (see _or_rebuilt)."""
        return self._db.execute(sql, parameters).fetchall()

    def _or_rebuilt(self, asked: Callable[[], T], answer: Callable[[Catalogue], T]) -> T:
        """`asked()`, or, should the database fail (damaged while read), `answer` of the
        catalogue read again from its YAML files (the index is rebuilt on the way)."""
        if self._memory is None:
            try:
                return asked()
            except sqlite3.DatabaseError:
                self._memory = self._rebuilt()
        return answer(self._memory)

    def _decode(self, rows: Iterable[int], keep: bool = True) -> list[Candidate]:
        """The candidates of these rows, in the order given, each decoded once (with
        `keep`; else those not decoded yet are decoded for this call only)."""
        rows = list(rows)
        found = {r: self._made[r] for r in rows if r in self._made}
        missing = sorted(set(rows) - found.keys())
        for start in range(0, len(missing), _MANY):
            part = missing[start:start + _MANY]
            for row, values in self._ask(
                    f"SELECT row, candidate FROM titles WHERE row IN ({marks(part)})", part):
                found[row] = candidate_from(loads(values))
        if keep:
            self._made.update(found)
        return [found[r] for r in rows]

    def _where(self, sql: str, parameters: Sequence[Any] = ()) -> list[Candidate]:
        """The candidates of the rows `sql` selects (one column: row), in catalogue order."""
        return self._decode(sorted({row for row, in self._ask(sql, parameters)}))

    # -- the Catalogue interface ---------------------------------------------------------

    @property
    def size(self) -> int:
        return self._size

    @property
    def titles(self) -> tuple[Title, ...]:
        return self._or_rebuilt(lambda: tuple(self.each_title(c.id for c in self.candidates)),
                                lambda memory: memory.titles)

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        if self._candidates is None:
            self._candidates = self._or_rebuilt(
                lambda: tuple(self._decode(range(self._size))), lambda memory: memory.candidates)
        return self._candidates

    def summaries(self) -> Iterator[Summary]:
        rows = self._or_rebuilt(lambda: self._ask(
            "SELECT id, title, format, year, tears, episodes FROM titles ORDER BY row"),
            lambda memory: None)
        if rows is None:
            assert self._memory is not None
            return self._memory.summaries()
        return map(Summary._make, rows)

    def each_candidate(self) -> Iterator[Candidate]:
        if self._candidates is not None or self._memory is not None:
            yield from self.candidates
            return
        for start in range(0, self._size, _MANY):
            yield from self._batch(list(range(start, min(start + _MANY, self._size))),
                                   keep=False)

    def load(self, title_ids: Iterable[str]) -> list[Title]:
        ids = list(title_ids)

        def asked() -> list[Title]:
            found: dict[str, Title] = {}
            for start in range(0, len(ids), _MANY):
                part = ids[start:start + _MANY]
                for row, title_id, values, rest in self._ask(
                        f"SELECT row, id, candidate, rest FROM titles WHERE id IN ({marks(part)})",
                        part):
                    candidate = self._made.get(row) or candidate_from(loads(values))
                    found[title_id] = title_from(candidate, loads(rest))
            return [found[i] for i in ids if i in found]

        return self._or_rebuilt(asked, lambda memory: memory.load(ids))

    def each_record(self, title_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        if self._memory is not None:
            yield from self._memory.each_record(title_ids)
            return
        ids = list(title_ids)
        for start in range(0, len(ids), _MANY):
            part = ids[start:start + _MANY]
            try:
                rows = self._ask(
                    f"SELECT id, candidate, rest FROM titles WHERE id IN ({marks(part)})", part)
            except sqlite3.DatabaseError:  # the catalogue read again answers
                self._memory = self._rebuilt()
                yield from self._memory.each_record(ids[start:])
                return
            found = {title_id: _record(*loads(f"[{values},{rest}]"))
                     for title_id, values, rest in rows}
            yield from (found[i] for i in part if i in found)

    def with_any_theme(self, theme_ids: Iterable[str]) -> list[Candidate]:
        wanted = sorted(set(theme_ids))
        return self._or_rebuilt(lambda: self._where(
            f"SELECT row FROM themes WHERE theme IN ({marks(wanted)})", wanted),
            lambda memory: memory.with_any_theme(wanted))

    def weighed(self, theme_ids: Sequence[str], weights: Weights
                ) -> Iterator[tuple[float, Candidate]]:
        survey = self.survey_lists
        if 1 < len(theme_ids) <= MOST_STREAMS:
            def stream() -> Iterator[tuple[float, Candidate]]:
                return threshold(theme_ids, weights, survey, self._ask, self._batch,
                                 self.theme_counts(), FIRST_PAGE, self._ranked)
        else:
            def stream() -> Iterator[tuple[float, Candidate]]:
                return pages(self._ask, self._batch, in_order_sql(theme_ids, weights, survey),
                             theme_ids, FIRST_PAGE)
        return self._resilient(stream, lambda memory: memory.weighed(theme_ids, weights))

    def _resilient(self, stream: Callable[[], Iterator[T]],
                   again: Callable[[Catalogue], Iterator[T]]) -> Iterator[T]:
        """`stream()` (SQL with sqrt() and floor()), or, should the database fail while it
        is read, the rest of `again` of the catalogue read again from its YAML files."""
        given = 0
        if self._memory is None:
            try:
                if not self._math:
                    index.with_math(self._db)
                    self._math = True
                for found in stream():
                    yield found
                    given += 1
                return
            except sqlite3.DatabaseError:
                self._memory = self._memory or self._rebuilt()
        assert self._memory is not None  # the database failed: the catalogue read again
        for at, found in enumerate(again(self._memory)):
            if at >= given:  # what was not given already
                yield found

    def _batch(self, rows: list[int], keep: bool = True) -> list[Candidate]:
        """The candidates of these rows, from the catalogue read again should the database
        fail (its rows are the same: catalogue order)."""
        return self._or_rebuilt(lambda: self._decode(rows, keep),
                                lambda memory: [memory.candidates[r] for r in rows])

    def by_facts(self, weights: Mapping[tuple[str, str], float], appeal: Appeal
                 ) -> Iterator[tuple[float, Candidate]]:
        return self._resilient(lambda: alike_first(weights, appeal, self.survey_lists,
                                                   self._ask, self._batch, self._size),
                               lambda memory: memory.by_facts(weights, appeal))

    def at(self, places: Sequence[int]) -> list[Candidate]:
        return self._batch(list(places))

    def nth(self, theme_id: str | None, index: int) -> Candidate:
        def asked() -> Candidate:
            if theme_id is None:
                return self._decode([index])[0]
            found = self._ask("SELECT row FROM themes WHERE theme = ? AND nth = ?",
                              (theme_id, index))
            if not found:
                raise IndexError(index)
            return self._decode([found[0][0]])[0]

        return self._or_rebuilt(asked, lambda memory: memory.nth(theme_id, index))

    def with_tears(self, level: int) -> list[tuple[str, int]]:
        return self._or_rebuilt(lambda: self._ask(
            "SELECT id, lists FROM titles INDEXED BY titles_tears WHERE tears = ? ORDER BY row",
            (level,)), lambda memory: memory.with_tears(level))

    def with_ids(self, title_ids: Iterable[str]) -> list[Candidate]:
        ids = sorted(set(title_ids))

        def asked() -> list[Candidate]:
            rows: list[int] = []
            for start in range(0, len(ids), _MANY):
                part = ids[start:start + _MANY]
                rows += [r for r, in self._ask(
                    f"SELECT row FROM titles WHERE id IN ({marks(part)})", part)]
            return self._decode(sorted(rows))

        return self._or_rebuilt(asked, lambda memory: memory.with_ids(ids))

    def named(self, name_key: str) -> list[Candidate]:
        return self._or_rebuilt(
            lambda: self._where("SELECT row FROM names WHERE key = ?", (name_key,)),
            lambda memory: memory.named(name_key))

    def containing(self, texts: Collection[str]) -> Iterator[Candidate]:
        wanted = list(dict.fromkeys(fold(t) for t in texts))
        if not wanted:
            yield from self.candidates
            return
        long = [w for w in wanted if len(w) >= 3]  # what the trigram index can look up
        checks = " AND ".join(["instr(names, ?) > 0"] * len(wanted))
        if self._fts and long:
            sql = (f"SELECT rowid FROM search WHERE search MATCH ? AND {checks}")
            args: list[Any] = ["names : (" + " AND ".join(map(_phrase, long)) + ")", *wanted]
        else:
            sql, args = f"SELECT rowid FROM search WHERE {checks}", wanted
        rows = self._or_rebuilt(lambda: sorted(r for r, in self._ask(sql, args)),
                                lambda memory: None)
        if rows is None:  # the database failed: the catalogue read again answers
            assert self._memory is not None
            yield from self._memory.containing(wanted)
            return
        for start in range(0, len(rows), BATCH):
            yield from self._batch(rows[start:start + BATCH])

    def sharing_trigrams(self, grams: Collection[str], *, keys: bool = False,
                         at_least: int = 1) -> list[Candidate]:
        wanted = sorted(g for g in set(grams) if len(g) == 3)
        enough = max(1, at_least)
        if len(wanted) < enough:
            return []
        column = "keys" if keys else "names"
        found = " + ".join([f"(instr({column}, ?) > 0)"] * len(wanted))
        checks = f"({found}) >= {enough:d}"
        if self._fts:  # the index finds them; instr() counts exactly
            sql = f"SELECT rowid FROM search WHERE search MATCH ? AND {checks}"
            args: list[Any] = [f"{column} : (" + " OR ".join(map(_phrase, wanted)) + ")",
                               *wanted]
        else:
            sql, args = f"SELECT rowid FROM search WHERE {checks}", wanted
        return self._or_rebuilt(lambda: self._where(sql, args),
                                lambda memory: memory.sharing_trigrams(
                                    wanted, keys=keys, at_least=enough))

    def follower_ids(self) -> dict[str, list[str]]:
        if self._followers is None:
            def asked() -> dict[str, list[str]]:
                followers: dict[str, list[str]] = {}
                for _, after, title_id in sorted(self._ask(
                        "SELECT row, after, id FROM titles INDEXED BY titles_after "
                        "WHERE after IS NOT NULL")):
                    followers.setdefault(after, []).append(title_id)
                return followers

            self._followers = self._or_rebuilt(asked, lambda memory: memory.follower_ids())
        return self._followers

    def franchise_ids(self) -> dict[str, str]:
        if self._franchises is None:
            self._franchises = self._or_rebuilt(
                lambda: dict(self._ask("SELECT id, first FROM franchises")),
                lambda memory: memory.franchise_ids())
        return self._franchises

    def theme_counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = self._or_rebuilt(lambda: dict(self._ask(
                "SELECT id, titles FROM counts WHERE kind = 'vocabulary'")),
                lambda memory: memory.theme_counts())
        return self._counts

    def genre_counts(self) -> dict[str, int]:
        return self._or_rebuilt(lambda: dict(self._ask(
            "SELECT id, titles FROM counts WHERE kind = 'genre'")),
            lambda memory: memory.genre_counts())


_STORED_AT = {name: place for place, name in enumerate((*Candidate._fields, *REST_FIELDS))}


def _record(candidate: list[Any], rest: list[Any]) -> dict[str, Any]:
    """A title's JSON-ready record from its two JSON columns (read in one loads)."""
    candidate += rest
    return title_record(candidate, _STORED_AT)
