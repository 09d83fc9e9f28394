"""The catalogue index: the validated catalogue as an SQLite database in the user cache
directory, so that a warm start neither parses YAML nor validates, and each question
reads only the rows it needs (:class:`cryanime.indexed.IndexedCatalogue` asks them).

The contract:

* One database per set of catalogue files, named after their paths. It is keyed by each
  file's identity (real path, size, modification time, and a SHA-256 of its content that
  settles it when size or time disagree), cryanime's version and :data:`SCHEMA`. A
  database whose key does not match, or that is not a database of this schema at all
  (missing, truncated, damaged, foreign), is never used: the catalogue is rebuilt.
* It is built into a temporary file beside it and renamed into place, so it is whole or
  absent: a build killed midway leaves at most a temporary file (removed by a later
  build), and runs that build at once each rename a whole database. It is opened
  read-only and never changed in place.
* It stores facts, never an order or a policy: ranking, lookup rules and filters work
  at query time over what it gives. Look inside with ``sqlite3 FILE .schema``.
* A warm run only opens and reads it (this module); :mod:`cryanime.index_build` builds it.

The tables (see SCHEMA_SQL): ``meta`` (name, value): the key and what the catalogue knows of
itself; ``vocabulary``: every theme and warning; ``titles``: one row per title, its
``row`` its place in catalogue order, with the columns questions filter on and the record
as JSON (``candidate``: the Candidate fields; ``rest``: the Title fields a Candidate
lacks); ``themes`` (theme, nth, row, position, lists, tears, sort_title, id): which
titles carry each theme, the ``nth`` counting them in catalogue order, ``position`` the
theme's place among the title's own, and beside it what a ranked question weighs and
orders the title by (read without the titles table); ``warnings``, ``genres``,
``creators``, ``similar`` (the titles a title's fans are pointed to): who carries what;
``names``: every name key; ``franchises``: each title of a franchise and its franchise's
first title; ``counts``: titles per theme and warning (kind "vocabulary") and per genre
(kind "genre"); ``fact_bits`` (kind, value, bits): the titles that carry a theme, genre,
studio or creator as a bitmap (bit r of byte r // 8: the title at row r), for the facts
that at least one title in 64 carries; ``arrays`` (name, data): every title's ``tears``
(unsigned bytes) and ``lists`` (unsigned 32-bit integers, little-endian), in row order;
the index ``themes_ranked`` (in catalogues of RANKED_FROM titles or more: meta "ranked");
``search``: each title's names folded and their keys, one a line, in an
FTS5 table with the trigram tokenizer where SQLite has it (else a plain table, searched
with instr()).
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import __version__
from .jsoncodec import dumps, dumps_strings, loads
from .paths import user_dir

if TYPE_CHECKING:
    from os import PathLike

SCHEMA = 5  # bump whenever a table changes (4: fact_bits and arrays; 5: themes_ranked)

SCHEMA_SQL = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE vocabulary(
    kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
    aliases TEXT NOT NULL, intense INTEGER NOT NULL, place INTEGER NOT NULL,
    PRIMARY KEY (kind, id));
CREATE TABLE titles(
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    sort_title TEXT NOT NULL, format TEXT NOT NULL, year INTEGER NOT NULL,
    tears INTEGER NOT NULL, episodes INTEGER, ending TEXT NOT NULL, lists INTEGER NOT NULL,
    after TEXT, studio TEXT NOT NULL, candidate TEXT NOT NULL, rest TEXT NOT NULL);
CREATE TABLE themes(theme TEXT NOT NULL, nth INTEGER NOT NULL, row INTEGER NOT NULL,
    position INTEGER NOT NULL, lists INTEGER NOT NULL, tears INTEGER NOT NULL,
    sort_title TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (theme, nth)) WITHOUT ROWID;
CREATE TABLE warnings(warning TEXT NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY (warning, row)) WITHOUT ROWID;
CREATE TABLE genres(genre TEXT NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY (genre, row)) WITHOUT ROWID;
CREATE TABLE names(key TEXT NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY (key, row)) WITHOUT ROWID;
CREATE TABLE creators(creator TEXT NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY (creator, row)) WITHOUT ROWID;
CREATE TABLE similar(other TEXT NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY (other, row)) WITHOUT ROWID;
CREATE TABLE franchises(id TEXT PRIMARY KEY, first TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE counts(kind TEXT NOT NULL, id TEXT NOT NULL, titles INTEGER NOT NULL,
    PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE TABLE fact_bits(kind TEXT NOT NULL, value TEXT NOT NULL, bits BLOB NOT NULL,
    PRIMARY KEY (kind, value)) WITHOUT ROWID;
CREATE TABLE arrays(name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""
INDEXES_SQL = """
CREATE INDEX titles_after ON titles(after) WHERE after IS NOT NULL;
CREATE INDEX titles_appeal ON titles(lists, tears, sort_title, id);
CREATE INDEX titles_tears ON titles(tears, id, lists);
CREATE INDEX titles_studio ON titles(studio);
"""
# each theme's rows by position and tears level, the most surveyed first: several themes'
# streams read from it (index_queries.stream_sql); built for large catalogues only
RANKED_SQL = "CREATE INDEX themes_ranked ON themes(theme, position, tears, lists DESC, row)"
SEARCH_FTS = "CREATE VIRTUAL TABLE search USING fts5(names, keys, tokenize='trigram')"
SEARCH_PLAIN = "CREATE TABLE search(rowid INTEGER PRIMARY KEY, names TEXT, keys TEXT)"


def cache_dir() -> str:
    """$CRYANIME_CACHE_DIR, else the platform's user cache directory for cryanime."""
    override = os.environ.get("CRYANIME_CACHE_DIR")
    if override:
        return override

    return user_dir("cache")


def index_file(paths: Sequence[str | PathLike[str]]) -> str:
    """The database for this set of catalogue files (one per set of real paths)."""
    names = dumps_strings([os.path.realpath(p) for p in paths]).encode()
    return os.path.join(cache_dir(), f"catalogue-{_fnv1a(names):08x}.sqlite3")


def _fnv1a(data: bytes) -> int:
    """A 32-bit FNV-1a hash: enough to tell sets of paths apart in a file name, without
    importing a checksum module on every run."""
    value = 0x811C9DC5
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def identity(paths: Sequence[str | PathLike[str]]) -> list[list[Any]]:
    """[real path, size, mtime_ns] of each file. Raises OSError for a missing one."""
    found = []
    for path in paths:
        stat = os.stat(path)
        found.append([os.path.realpath(path), stat.st_size, stat.st_mtime_ns])
    return found


def digest(path: str) -> str:
    """The SHA-256 of a file's content (asked only when its size or time disagree)."""
    import hashlib  # not on the warm path

    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def connect(file: str) -> sqlite3.Connection:
    """The database, read-only; it is never changed in place, so no locks are taken."""
    uri = file.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return sqlite3.connect(f"file:{uri}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)


def with_math(connection: sqlite3.Connection) -> sqlite3.Connection:
    """`connection`, with sqrt() and floor() (added from Python where SQLite lacks them);
    asked only by the questions that use them."""
    if not has_math(connection):
        add_math(connection)
    return connection


def has_math(connection: sqlite3.Connection) -> bool:
    """Whether SQLite has its math functions (3.35 and later, built with them, as a
    rule); else with_math adds Python's (the same C functions: the same answers)."""
    try:
        connection.execute("SELECT sqrt(4.0), floor(1.5)")
    except sqlite3.OperationalError:
        return False
    return True


def add_math(connection: sqlite3.Connection) -> None:
    connection.create_function("sqrt", 1, math.sqrt, deterministic=True)
    connection.create_function("floor", 1, math.floor, deterministic=True)


def open_fresh(file: str, paths: Sequence[str | PathLike[str]]
               ) -> tuple[sqlite3.Connection, dict[str, Any]] | None:
    """The database and its meta, when it is whole, of this schema and version, and built
    from these very files; else None (build it again). Never raises."""
    try:
        current = identity(paths)
    except OSError:  # let loading report the file properly
        return None
    connection = None
    try:
        if not os.path.isfile(file):
            return None
        connection = connect(file)
        size, = connection.execute(
            "SELECT page_size * page_count FROM pragma_page_size(), pragma_page_count()"
        ).fetchone()
        if size != os.path.getsize(file):  # truncated or grown
            raise sqlite3.DatabaseError("not whole")
        meta = {name: loads(value)
                for name, value in connection.execute("SELECT name, value FROM meta")}
        if meta.get("schema") != SCHEMA or meta.get("version") != __version__:
            raise sqlite3.DatabaseError("another schema or version")
        stored = meta["sources"]
        if len(stored) != len(current):
            raise sqlite3.DatabaseError("other files")
        touched = False
        for (path, size, mtime, sha), now in zip(stored, current, strict=True):
            if [path, size, mtime] != now:
                if path != now[0] or size != now[1] or sha != digest(path):
                    raise sqlite3.DatabaseError("changed")
                touched = True  # the same content with a new time (touch, a reinstall)
        if touched:
            _restamp(file, [[*now, entry[3]] for now, entry in zip(current, stored,
                                                                   strict=True)])
        return connection, meta
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError):
        if connection is not None:
            connection.close()
        return None


def new_temporary(folder: str) -> str:
    """A new, empty file of our own in `folder` (as tempfile.mkstemp makes one: created
    exclusively, readable only by us), named as index_build's clean-up knows. Not tempfile
    itself: importing it (shutil, random) is about 3 ms of every cold start."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = os.path.join(folder, f".catalogue-{os.urandom(8).hex()}.tmp")
        try:
            os.close(os.open(name, flags, 0o600))
        except FileExistsError:
            continue
        return name
    raise FileExistsError(f"no free temporary file name in {folder}")


def _restamp(file: str, sources: list[list[Any]]) -> None:
    """Give the index the files' new times, so that the next run need not hash them again:
    a copy with its meta updated, renamed into place (never a change in place). Best
    effort: should it fail, the next run hashes again."""
    import shutil

    try:
        temporary = new_temporary(os.path.dirname(file))
    except OSError:
        return
    try:
        shutil.copyfile(file, temporary)
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                connection.execute("UPDATE meta SET value = ? WHERE name = 'sources'",
                                   (dumps(sources),))
        finally:
            connection.close()
        os.replace(temporary, file)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def load_vocabulary(paths: Sequence[str | PathLike[str]]) -> list[list[str]] | None:
    """[kind, id, name, description] of every theme and warning, from a fresh index
    (nothing else is read): what shell completion of --theme needs, fast. None when there
    is no fresh index."""
    opened = open_fresh(index_file(paths), paths)
    if opened is None:
        return None
    connection, _ = opened
    try:
        return [list(row) for row in connection.execute(
            "SELECT kind, id, name, description FROM vocabulary ORDER BY place")]
    except sqlite3.Error:
        return None
    finally:
        connection.close()
