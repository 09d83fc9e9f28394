"""Building the catalogue index (see :mod:`cryanime.index`): a cold run's own work, so a
warm run imports none of it (nor json, which its encoder needs).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import __version__
from .index import (
    INDEXES_SQL,
    RANKED_SQL,
    SCHEMA,
    SCHEMA_SQL,
    SEARCH_FTS,
    SEARCH_PLAIN,
    digest,
    identity,
    index_file,
    new_temporary,
)
from .index_alike import arrays_of, stored_bitmaps
from .jsoncodec import compact_encoder, dumps

if TYPE_CHECKING:
    from os import PathLike

    from .catalogue import Catalogue, Theme

# Titles from which the index gets themes_ranked: below, reading a theme's rows whole
# takes less than a millisecond, and a cold start need not build it (a few ms at 1,000)
RANKED_FROM = 5000
STALE_TEMPORARY = 3600  # seconds after which a build's leftover temporary file is removed
# A new file that is renamed into place whole needs no journal and no syncs; pages are
# kept in memory up to 8 MiB (a 1,000-title index whole), not spilled and written twice.
BUILD_PRAGMAS = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-8192;"


def ranked(size: int) -> bool:
    """Whether an index of `size` titles gets themes_ranked."""
    return size >= RANKED_FROM


def _has_trigram(connection: sqlite3.Connection) -> bool:
    """Whether this SQLite has FTS5's trigram tokenizer (3.34 and later builds with FTS5)."""
    try:
        connection.execute(SEARCH_FTS)
    except sqlite3.OperationalError:
        return False
    return True


def write(paths: Sequence[str | PathLike[str]], catalogue: Catalogue,
          fts: Callable[[sqlite3.Connection], bool] | None = None) -> None:
    """Build the index of `catalogue`, read from `paths`, into a temporary file and rename
    it into place. Raises OSError when it cannot be written (sqlite3's errors too)."""
    file = index_file(paths)
    sources = [[*entry, digest(entry[0])] for entry in identity(paths)]
    folder = os.path.dirname(file)
    os.makedirs(folder, exist_ok=True)
    _remove_leftovers(folder)
    temporary = new_temporary(folder)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.executescript(BUILD_PRAGMAS)
            connection.executescript(SCHEMA_SQL)
            trigram = (fts or _has_trigram)(connection)
            if not trigram:
                connection.execute(SEARCH_PLAIN)
            _fill(connection, catalogue, sources, trigram)
            connection.executescript(INDEXES_SQL)
            if ranked(len(catalogue.titles)):
                connection.execute(RANKED_SQL)
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, file)
    except sqlite3.Error as exc:  # a full disk, say: as an OSError, whose reason is said
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OSError(str(exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _remove_leftovers(folder: str) -> None:
    """Temporary files of builds that were killed (an hour old: not one under way)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(".catalogue-") and name.endswith(".tmp"):
            leftover = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                if time.time() - os.path.getmtime(leftover) > STALE_TEMPORARY:
                    os.unlink(leftover)


def _fill(connection: sqlite3.Connection, catalogue: Catalogue, sources: list[list[Any]],
          trigram: bool) -> None:
    # the data model is the build's own need: a warm run, or completion, never builds
    from .catalogue import search_text
    from .records import REST_FIELDS

    encode = compact_encoder()  # one, for every row
    titles = catalogue.titles
    themes: list[tuple[Any, ...]] = []
    warnings, genres, creators, similar = [], [], [], []  # (value, row) each
    names: set[tuple[str, int]] = set()
    for row, title in enumerate(titles):  # the small rows first, to sort by their keys
        sort_title = title.title.casefold()
        themes += [(theme, row, position, title.lists, title.tears, sort_title, title.id)
                   for position, theme in enumerate(title.themes)]
        warnings += [(warning, row) for warning in dict.fromkeys(title.warnings)]
        genres += [(genre, row) for genre in dict.fromkeys(title.genres)]
        creators += [(creator, row) for creator in dict.fromkeys(title.creators)]
        similar += [(other, row) for other in dict.fromkeys(title.similar)]
    numbered: list[tuple[Any, ...]] = []
    nth: dict[str, int] = {}
    for theme, row, *rest in themes:
        nth[theme] = nth.get(theme, -1) + 1
        numbered.append((theme, nth[theme], row, *rest))
    del themes
    carried: dict[tuple[str, str], list[int]] = {}  # each fact's rows, for fact_bits
    for fact, row in [*((("theme", t), r) for t, _, r, *_ in numbered),
                      *((("genre", g), r) for g, r in genres),
                      *((("creator", c), r) for c, r in creators),
                      *((("studio", t.studio), r) for r, t in enumerate(titles) if t.studio)]:
        carried.setdefault(fact, []).append(row)

    candidates = catalogue.candidates  # the answer a cold run gives reads them too

    def title_rows() -> Iterator[tuple[Any, ...]]:  # made as SQLite takes them: never all
        for row, (title, candidate) in enumerate(zip(titles, candidates, strict=True)):
            yield (row, title.id, title.title, title.title.casefold(), title.format,
                   title.year, title.tears, title.episodes, title.ending, title.lists,
                   title.after, title.studio, encode(candidate),
                   encode([getattr(title, f) for f in REST_FIELDS]))

    def search_rows() -> Iterator[tuple[int, str, str]]:
        for row, candidate in enumerate(candidates):
            text, keys = search_text(candidate)
            names.update((k, row) for k in keys.split("\n") if k)  # as records.name_keys
            yield row, text, keys

    execute = connection.executemany
    # each table's rows in its key's order: SQLite appends rather than splits pages
    execute("INSERT INTO titles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", title_rows())
    execute("INSERT INTO themes VALUES (?,?,?,?,?,?,?,?)", sorted(numbered))
    del numbered
    execute("INSERT INTO warnings VALUES (?,?)", sorted(warnings))
    execute("INSERT INTO genres VALUES (?,?)", sorted(genres))
    execute("INSERT INTO creators VALUES (?,?)", sorted(creators))
    execute("INSERT INTO similar VALUES (?,?)", sorted(similar))
    execute("INSERT INTO search(rowid, names, keys) VALUES (?,?,?)", search_rows())
    execute("INSERT INTO names VALUES (?,?)", sorted(names))
    execute("INSERT INTO franchises VALUES (?,?)", sorted(catalogue.franchise_ids().items()))
    execute("INSERT INTO fact_bits VALUES (?,?,?)", stored_bitmaps(carried, len(titles)))
    del carried
    execute("INSERT INTO arrays VALUES (?,?)",
            arrays_of([t.tears for t in titles], [t.lists for t in titles]))
    counts = [("vocabulary", k, v) for k, v in catalogue.theme_counts().items()]
    counts += [("genre", k, v) for k, v in catalogue.genre_counts().items()]
    execute("INSERT INTO counts VALUES (?,?,?)", sorted(counts))

    def vocabulary(kind: str, entries: Iterable[Theme], start: int) -> list[tuple[Any, ...]]:
        return [(kind, t.id, t.name, t.description, dumps(list(t.aliases)), t.intense,
                 start + i) for i, t in enumerate(entries)]

    execute("INSERT INTO vocabulary VALUES (?,?,?,?,?,?,?)",
            vocabulary("theme", catalogue.themes.values(), 0)
            + vocabulary("warning", catalogue.warnings.values(), len(catalogue.themes)))
    meta = {"schema": SCHEMA, "version": __version__, "sources": sources,
            "source": catalogue.source, "survey_lists": catalogue.survey_lists,
            "size": len(titles), "search": "fts5-trigram" if trigram else "instr",
            "ranked": ranked(len(titles))}
    execute("INSERT INTO meta VALUES (?,?)", [(k, dumps(v)) for k, v in meta.items()])
