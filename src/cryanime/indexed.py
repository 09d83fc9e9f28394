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

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence, Sized
from typing import TYPE_CHECKING, Any, TypeVar

from . import index
from .catalogue import Candidate, Catalogue, Theme, Title
from .names import fold
from .records import candidate_from, title_from

if TYPE_CHECKING:
    from os import PathLike

    from .yamlfile import Progress

T = TypeVar("T")
BATCH = 256  # rows decoded at a time while a question reads titles in order
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
    from .loading import load_catalogues  # only a cold start parses YAML

    catalogue = load_catalogues(paths, progress)
    if progress is not None:
        progress("writing the index", 0, 1)
    try:
        index.write(paths, catalogue)
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
        self._made: dict[int, Candidate] = {}  # row -> candidate
        self._fts = meta["search"] == "fts5-trigram"
        self._size = int(meta["size"])
        themes: dict[str, Theme] = {}
        warnings: dict[str, Theme] = {}
        for kind, theme_id, name, description, aliases, intense in self._ask(
                "SELECT kind, id, name, description, aliases, intense FROM vocabulary "
                "ORDER BY place"):
            entry = Theme(theme_id, name, description, tuple(json.loads(aliases)),
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

    def _decode(self, rows: Iterable[int]) -> list[Candidate]:
        """The candidates of these rows, in the order given (each decoded once)."""
        rows = list(rows)
        missing = sorted({r for r in rows if r not in self._made})
        for start in range(0, len(missing), _MANY):
            part = missing[start:start + _MANY]
            for row, values in self._ask(
                    f"SELECT row, candidate FROM titles WHERE row IN ({_marks(part)})", part):
                self._made[row] = candidate_from(json.loads(values))
        return [self._made[r] for r in rows]

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

    def load(self, title_ids: Iterable[str]) -> list[Title]:
        ids = list(title_ids)

        def asked() -> list[Title]:
            found: dict[str, Title] = {}
            for start in range(0, len(ids), _MANY):
                part = ids[start:start + _MANY]
                rows = self._ask(f"SELECT row, id, rest FROM titles WHERE id IN ({_marks(part)})",
                                 part)
                made = self._decode(row for row, _, _ in rows)
                for (_, title_id, rest), candidate in zip(rows, made, strict=True):
                    found[title_id] = title_from(candidate, json.loads(rest))
            return [found[i] for i in ids if i in found]

        return self._or_rebuilt(asked, lambda memory: memory.load(ids))

    def with_any_theme(self, theme_ids: Iterable[str]) -> list[Candidate]:
        wanted = sorted(set(theme_ids))
        return self._or_rebuilt(lambda: self._where(
            f"SELECT row FROM themes WHERE theme IN ({_marks(wanted)})", wanted),
            lambda memory: memory.with_any_theme(wanted))

    def weighed(self, theme_ids: Sequence[str], main: int, central: float, side: float,
                fame: float) -> Iterator[tuple[float, Candidate]]:
        # The same sum as catalogue.weight, in the same order: the same floats.
        survey = self.survey_lists
        fame_sql = "+ ? * sqrt(min(t.lists, ?) * 1.0 / ?)" if survey else ""
        fame_args = [fame, survey, survey] if survey else []
        if theme_ids:
            sql = (f"SELECT t.row, ? * sum(h.position < ?) + ? * sum(h.position >= ?) "
                   f"{fame_sql} AS w FROM themes h JOIN titles t ON t.row = h.row "
                   f"WHERE h.theme IN ({_marks(theme_ids)}) GROUP BY t.row "
                   "ORDER BY w DESC, t.row")
            args: list[Any] = [central, main, side, main, *fame_args, *theme_ids]
        else:
            sql = f"SELECT t.row, 0.0 {fame_sql} AS w FROM titles t ORDER BY w DESC, t.row"
            args = fame_args
        weights: list[tuple[int, float]] = []
        if self._memory is None:
            try:
                weights = self._ask(sql, args)
            except sqlite3.DatabaseError:
                self._memory = self._rebuilt()
        if self._memory is not None:  # the catalogue read again answers
            yield from self._memory.weighed(theme_ids, main, central, side, fame)
            return
        for start in range(0, len(weights), BATCH):
            rows = [row for row, _ in weights[start:start + BATCH]]
            yield from zip((w for _, w in weights[start:start + BATCH]),
                           self._batch(rows), strict=True)

    def _batch(self, rows: list[int]) -> list[Candidate]:
        """The candidates of these rows, from the catalogue read again should the database
        fail (its rows are the same: catalogue order)."""
        return self._or_rebuilt(lambda: self._decode(rows),
                                lambda memory: [memory.candidates[r] for r in rows])

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

    def with_ids(self, title_ids: Iterable[str]) -> list[Candidate]:
        ids = sorted(set(title_ids))

        def asked() -> list[Candidate]:
            rows: list[int] = []
            for start in range(0, len(ids), _MANY):
                part = ids[start:start + _MANY]
                rows += [r for r, in self._ask(
                    f"SELECT row FROM titles WHERE id IN ({_marks(part)})", part)]
            return self._decode(sorted(rows))

        return self._or_rebuilt(asked, lambda memory: memory.with_ids(ids))

    def named(self, name_key: str) -> list[Candidate]:
        return self._or_rebuilt(
            lambda: self._where("SELECT row FROM names WHERE key = ?", (name_key,)),
            lambda memory: memory.named(name_key))

    def containing(self, texts: Collection[str]) -> list[Candidate]:
        wanted = list(dict.fromkeys(fold(t) for t in texts))
        if not wanted:
            return list(self.candidates)
        long = [w for w in wanted if len(w) >= 3]  # what the trigram index can look up
        checks = " AND ".join(["instr(names, ?) > 0"] * len(wanted))
        if self._fts and long:
            sql = (f"SELECT rowid FROM search WHERE search MATCH ? AND {checks}")
            args: list[Any] = ["names : (" + " AND ".join(map(_phrase, long)) + ")", *wanted]
        else:
            sql, args = f"SELECT rowid FROM search WHERE {checks}", wanted
        return self._or_rebuilt(lambda: self._where(sql, args),
                                lambda memory: memory.containing(wanted))

    def sharing_trigrams(self, grams: Collection[str], *, keys: bool = False
                         ) -> list[Candidate]:
        wanted = sorted(g for g in set(grams) if len(g) == 3)
        if not wanted:
            return []
        column = "keys" if keys else "names"
        checks = "(" + " OR ".join([f"instr({column}, ?) > 0"] * len(wanted)) + ")"
        if self._fts:  # the index finds them; instr() keeps the match exact
            sql = f"SELECT rowid FROM search WHERE search MATCH ? AND {checks}"
            args: list[Any] = [f"{column} : (" + " OR ".join(map(_phrase, wanted)) + ")",
                               *wanted]
        else:
            sql, args = f"SELECT rowid FROM search WHERE {checks}", wanted
        return self._or_rebuilt(lambda: self._where(sql, args),
                                lambda memory: memory.sharing_trigrams(wanted, keys=keys))

    def follower_ids(self) -> dict[str, list[str]]:
        if self._followers is None:
            def asked() -> dict[str, list[str]]:
                followers: dict[str, list[str]] = {}
                for after, title_id in self._ask("SELECT after, id FROM titles "
                                                 "WHERE after IS NOT NULL ORDER BY row"):
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


def _marks(values: Sized) -> str:
    return ",".join("?" * len(values))
