"""The parsed-catalogue cache: validated catalogues saved as JSON, so that a warm start
skips YAML parsing and validation.

A cache file is keyed by the path, size and modification time of every catalogue file it
was built from (and by the cryanime version), so editing a file rebuilds it. The file is
a line of JSON header (the key; where each section of the payload lies, with its
checksum, and a checksum of that list; the theme and warning list with its own checksum,
which shell completion reads without touching the rest), then the payload: sections laid
out by :mod:`cryanime.index` so that a query reads and decodes only what it needs. Each
section is checked against its checksum when it is first read. Anything unexpected (a
missing, truncated, corrupt or stale file, a checksum that does not match) is never an
error: the catalogue is simply loaded from YAML again and the cache rewritten. Catalogues
with problems are never cached, so their errors are always reported. JSON only, never
pickle.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from . import __version__
from .files import write_atomically

if TYPE_CHECKING:
    from os import PathLike

    from .catalogue import Catalogue

# Paths here are plain strings (os.path): pathlib costs ~4 ms to import, on every start.

FORMAT = 13  # bump whenever the layout in cryanime.index changes


def cache_dir() -> str:
    """$CRYANIME_CACHE_DIR, else the platform's user cache directory for cryanime."""
    override = os.environ.get("CRYANIME_CACHE_DIR")
    if override:
        return override
    from .paths import user_dir

    return user_dir("cache")


def _key(paths: Sequence[str | PathLike[str]]) -> list:
    key: list = [FORMAT]
    for path in paths:
        stat = os.stat(path)
        key.append([os.path.realpath(path), stat.st_size, stat.st_mtime_ns])
    return key


def _digest(payload: bytes) -> str:
    """A checksum against damage (not against an attacker, who could edit the YAML)."""
    import binascii

    return f"{binascii.crc32(payload):08x}-{len(payload)}"


def _file_for(key: list) -> str:
    """One cache file per set of catalogue paths; a change of size or time rewrites it."""
    import binascii

    paths = json.dumps([entry[0] for entry in key[1:]]).encode()
    return os.path.join(cache_dir(), f"catalogue-{binascii.crc32(paths):08x}.json")


def _read(file: str, key: list, reload: Callable[[], Catalogue]) -> Catalogue | None:
    import mmap  # mapping, not reading, a 50 MB file: only the sections used are touched

    try:
        with open(file, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        end = mapped.find(b"\n")
        header = json.loads(mapped[:end])
        if header.get("key") != key or header.get("version") != __version__:
            return None
        sections = header["sections"]
        if header.get("digest") != _digest(json.dumps(sections).encode()):
            return None  # each section has its own checksum, checked when it is read
        from .index import IndexedCatalogue

        return IndexedCatalogue(memoryview(mapped)[end + 1:], sections, reload)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing, unreadable or damaged: rebuild


def _write(file: str, key: list, catalogue: Catalogue) -> None:
    """Save atomically; a cache that cannot be written is simply not used."""
    from .index import encode

    sections, pieces = encode(catalogue)
    vocabulary = catalogue.vocabulary_rows()
    digest = _digest(json.dumps(sections).encode())
    header = json.dumps({"key": key, "version": __version__, "digest": digest,
                         "sections": sections,
                         "vocabulary": vocabulary,
                         "vocabulary_digest": _digest(json.dumps(vocabulary).encode())})
    try:
        os.makedirs(os.path.dirname(file), exist_ok=True)
        write_atomically(file, [header.encode(), b"\n", *pieces], prefix=".catalogue.",
                         durable=False)
    except OSError:
        pass


def load_vocabulary(paths: Sequence[str | PathLike[str]]) -> list[list[str]] | None:
    """[kind, id, name, description] of every theme and warning, read from the first line
    of a fresh cache only (no titles are decoded, the library is not imported): what shell
    completion of --theme needs, fast. None when there is no fresh cache."""
    try:
        key = _key(paths)
        with open(_file_for(key), "rb") as handle:
            header = json.loads(handle.readline())
        vocabulary = header["vocabulary"]
        if (header.get("key") != key or header.get("version") != __version__
                or header.get("vocabulary_digest") != _digest(json.dumps(vocabulary).encode())):
            return None
        return vocabulary
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_cached(paths: Sequence[str | PathLike[str]],
                progress: Callable[[str, int, int], None] | None = None) -> Catalogue:
    """The catalogue built from `paths`, from the cache when it is fresh. When it has to
    be built, `progress(what, done, total)`, if given, is told how it goes.

    Raises CatalogueError exactly as :func:`cryanime.loading.load_catalogues` does.
    """
    try:
        key = _key(paths)
    except OSError:  # a file is missing or unreadable: let loading report it properly
        key = None
    if key is not None:
        cached = _read(_file_for(key), key, lambda: _rebuild(paths, key))
        if cached is not None:
            return cached
    return _rebuild(paths, key, progress)


def _rebuild(paths: Sequence[str | PathLike[str]], key: list | None,
             progress: Callable[[str, int, int], None] | None = None) -> Catalogue:
    """Load the catalogue from YAML and, when it can be keyed, write its cache."""
    from .loading import load_catalogues  # only a cold start parses YAML

    catalogue = load_catalogues(paths, progress)
    if key is not None:
        if progress is not None:
            progress("writing the cache", 0, 1)
        _write(_file_for(key), key, catalogue)
    return catalogue
