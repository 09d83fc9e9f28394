"""The parsed-catalogue cache: a validated catalogue saved as JSON, so that a warm start
neither parses YAML nor validates, and a query decodes only the titles it looks at.

The contract:

* :func:`load_cached` gives the catalogue of some YAML files: from their cache file when
  it is fresh, else from :func:`cryanime.loading.load_catalogues` (which reports every
  problem), and then writes the cache. A catalogue with problems is never cached.
* A cache file is read and checked once, when it is opened: its header's checksum, its
  key (this format, the cryanime version, and the path, size and modification time of
  every catalogue file) and its body's checksum must all match, or it is ignored and
  rebuilt (missing, stale, truncated, damaged: never an error). After that nothing is
  checked or read from disk again: a :class:`CachedCatalogue` decodes the bytes it holds,
  in the calls of :class:`~cryanime.catalogue.Catalogue` (candidates for the query side,
  plain Titles from ``load(ids)``), never on attribute access.
* A cache that cannot be written is not used, and the caller is told (the CLI says so
  once, on stderr, with how to fix it). JSON only, never pickle.

The file. Line 1 is the header: 8 hex digits (the crc32 of the rest of the line), then a
JSON object: ``key``; ``body``, the body's length and crc32; ``vocabulary``, every theme
and warning as [kind, id, name, description] (all that completion of --theme reads);
``meta``, what the catalogue knows of itself (source, survey size, themes, warnings,
counts, watch order, size); ``sections`` and ``postings``, where the parts of the body
lie, as [start, end]. The body, its offsets counted from its first byte:

* ``heavy``: one line per title, a JSON array of the Title fields a Candidate lacks;
* ``candidates``: one line per title, a JSON array of its Candidate fields, then where its
  heavy line starts. A title is known by where its candidate line starts (its "place");
* ``ids`` and ``names``: sorted "key<TAB>place" lines, searched by bisection: each id, and
  each name key (:func:`cryanime.matching.key`) of each title;
* ``postings``: per theme, the places of the titles carrying it, in
  :func:`cryanime.ranking.wish_order`, as JSON lists of BLOCK places, so that a top 5
  decodes one block; theme "" lists every title in catalogue order (for random).
"""

from __future__ import annotations

import json
import mmap  # mapped, not read: a 50,000-title file costs half as much to check
import os
from binascii import crc32
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from . import __version__
from .files import write_atomically
from .paths import user_dir

if TYPE_CHECKING:
    from os import PathLike

    from .cached import CachedCatalogue
    from .catalogue import Catalogue, Theme

FORMAT = 15  # bump whenever the layout changes
BLOCK = 256  # places per postings block (cached.py reads them)


def cache_dir() -> str:
    """$CRYANIME_CACHE_DIR, else the platform's user cache directory for cryanime."""
    override = os.environ.get("CRYANIME_CACHE_DIR")
    if override:
        return override

    return user_dir("cache")


def load_cached(paths: Sequence[str | PathLike[str]],
                progress: Callable[[str, int, int], None] | None = None,
                unsaved: Callable[[str, str], None] | None = None) -> Catalogue:
    """The catalogue built from `paths`, from the cache when it is fresh. When it has to
    be built, `progress(what, done, total)`, if given, is told how it goes, and
    `unsaved(directory, reason)` when the cache cannot be written (the catalogue is
    still given; the next run reads the YAML again).

    Raises CatalogueError exactly as :func:`cryanime.loading.load_catalogues` does.
    """
    try:
        key = _key(paths)
    except OSError:  # a file is missing or unreadable: let loading report it properly
        key = None
    if key is not None and (cached := _open(_file_for(key), key)) is not None:
        return cached
    from .loading import load_catalogues  # only a cold start parses YAML

    catalogue = load_catalogues(paths, progress)
    if key is not None:
        if progress is not None:
            progress("writing the cache", 0, 1)
        try:
            _write(_file_for(key), key, catalogue)
        except OSError as exc:
            if unsaved is not None:
                unsaved(cache_dir(), exc.strerror or str(exc))
    return catalogue


def load_vocabulary(paths: Sequence[str | PathLike[str]]) -> list[list[str]] | None:
    """[kind, id, name, description] of every theme and warning, from the header of a
    fresh cache (nothing else is read): what shell completion of --theme needs, fast.
    None when there is no fresh cache."""
    try:
        key = _key(paths)
        with open(_file_for(key), "rb") as handle:
            header = _header(handle.readline(), key)
        return None if header is None else header["vocabulary"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _key(paths: Sequence[str | PathLike[str]]) -> list[Any]:
    key: list[Any] = [FORMAT, __version__]
    for path in paths:
        stat = os.stat(path)
        key.append([os.path.realpath(path), stat.st_size, stat.st_mtime_ns])
    return key


def _file_for(key: list[Any]) -> str:
    """One cache file per set of catalogue paths; a change of size or time rewrites it."""
    paths = json.dumps([entry[0] for entry in key[2:]]).encode()
    return os.path.join(cache_dir(), f"catalogue-{crc32(paths):08x}.json")


def _header(line: bytes, key: list[Any]) -> dict[str, Any] | None:
    """The header's JSON when the line's checksum and the key match, else None."""
    line = line.rstrip(b"\n")
    if line[:8] != b"%08x" % crc32(line[8:]):
        return None
    header = json.loads(line[8:])
    return header if header["key"] == key else None


def _open(file: str, key: list[Any]) -> CachedCatalogue | None:
    """The cache file's catalogue, when every check passes; else None (rebuild)."""

    try:
        with open(file, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        base = data.find(b"\n") + 1
        if not base:
            return None
        header = _header(data[:base], key)
        if header is None or header["body"] != [len(data) - base, crc32(memoryview(data)[base:])]:
            return None
        from .cached import CachedCatalogue  # the reader (completion needs none of it)

        return CachedCatalogue(data, base, header)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write(file: str, key: list[Any], catalogue: Catalogue) -> None:
    """Save atomically, in small pieces (no buffer the size of the file is ever built)."""
    from .cached import HEAVY
    from .catalogue import name_keys
    from .ranking import wish_order
    pieces: list[bytes] = []
    size = checksum = 0

    def add(blobs: Iterable[bytes]) -> list[int]:
        """Append blobs to the body: where they lie, [start, end]."""
        nonlocal size, checksum
        start = size
        for blob in blobs:
            pieces.append(blob)
            size += len(blob)
            checksum = crc32(blob, checksum)
        return [start, size]

    candidates = catalogue.candidates
    heavy = [_dumps([getattr(t, name) for name in HEAVY]) + b"\n" for t in catalogue.titles]
    sections = {"heavy": add(heavy)}
    lines = [_dumps([*c, at]) + b"\n" for c, at in zip(candidates, accumulate(
        map(len, heavy), initial=0), strict=False)]  # accumulate gives one more
    places = list(accumulate(map(len, lines), initial=size))
    sections["candidates"] = add(lines)
    sections["ids"] = add(b"%s\t%d\n" % (name.encode(), places[row]) for name, row in
                          sorted((c.id, row) for row, c in enumerate(candidates)))
    sections["names"] = add(b"%s\t%d\n" % (name.encode(), places[row])
                            for name, row in sorted(name_keys(candidates)))
    by_theme: dict[str, list[int]] = {"": list(range(len(candidates)))}
    for row, c in enumerate(candidates):
        for theme_id in c.themes:
            by_theme.setdefault(theme_id, []).append(row)
    postings = {}
    for theme_id, rows in by_theme.items():
        if theme_id:
            order = wish_order(theme_id, catalogue.survey_lists)
            rows.sort(key=lambda row: order(candidates[row]))
        postings[theme_id] = [add([_dumps([places[row] for row in rows[i:i + BLOCK]])])
                              for i in range(0, len(rows), BLOCK)]

    def vocabulary(entries: Iterable[Theme]) -> list[Any]:
        return [[t.id, t.name, t.description, list(t.aliases), t.intense] for t in entries]

    meta = {"source": catalogue.source, "survey_lists": catalogue.survey_lists,
            "size": len(candidates), "counts": catalogue.theme_counts(),
            "followers": catalogue.follower_ids(),
            "franchises": catalogue.franchise_ids(),
            "themes": vocabulary(catalogue.themes.values()),
            "warnings": vocabulary(catalogue.warnings.values())}
    header = _dumps({"key": key, "body": [size, checksum],
                     "vocabulary": catalogue.vocabulary_rows(), "meta": meta,
                     "sections": sections, "postings": postings})
    os.makedirs(os.path.dirname(file), exist_ok=True)
    write_atomically(file, [b"%08x" % crc32(header), header, b"\n", *pieces],
                     prefix=".catalogue.", durable=False)
