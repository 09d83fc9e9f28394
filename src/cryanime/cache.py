"""The parsed-catalogue cache: validated catalogues saved as JSON, so that a warm start
skips YAML parsing and validation.

A cache file is keyed by the path, size and modification time of every catalogue file it
was built from (and by the cryanime version), so editing a file rebuilds it. The file is
two lines: a JSON header (the key, a checksum of the payload, and the theme and warning
list with its own checksum, which shell completion reads without touching the rest), then
the payload (themes, warnings and titles as plain lists). Anything unexpected (a missing,
truncated, corrupt or stale file, a digest that does not match) is never an error: the
catalogue is simply loaded from YAML again and the cache rewritten. Catalogues with
problems are never cached, so their errors are always reported. JSON only, never pickle.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import __version__
from .files import write_atomically

if TYPE_CHECKING:
    from os import PathLike

    from .catalogue import Catalogue

# Paths here are plain strings (os.path): pathlib costs ~4 ms to import, on every start.

FORMAT = 2


def _title_fields() -> tuple[tuple[str, ...], frozenset[str]]:
    """Title's field names in order, and those that hold tuples."""
    from .catalogue import Title

    fields = Title.__dataclass_fields__
    return tuple(fields), frozenset(n for n, f in fields.items() if str(f.type).startswith("tuple"))


def cache_dir() -> str:
    """$CRYANIME_CACHE_DIR, else the platform's user cache directory for cryanime."""
    override = os.environ.get("CRYANIME_CACHE_DIR")
    if override:
        return override
    import platformdirs  # only the cache path needs it

    return platformdirs.user_cache_dir("cryanime", appauthor=False)


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


def _encode(catalogue: Catalogue) -> bytes:
    def vocabulary(entries: dict) -> list:
        return [[t.id, t.name, t.description, list(t.aliases)] for t in entries.values()]

    names, _ = _title_fields()
    titles = [[getattr(t, name) for name in names] for t in catalogue.titles]
    payload = {"source": catalogue.source, "themes": vocabulary(dict(catalogue.themes)),
               "warnings": vocabulary(dict(catalogue.warnings)), "titles": titles}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode(payload: bytes) -> Catalogue:
    from .catalogue import Catalogue, Theme, Title

    data = json.loads(payload)
    names, tuple_fields = _title_fields()

    def vocabulary(rows: list) -> dict:
        return {row[0]: Theme(row[0], row[1], row[2], tuple(row[3])) for row in rows}

    # The rows were validated before they were cached (and the digest proves they are
    # unchanged), so skip the dataclass __init__: filling __dict__ directly is several
    # times faster for large catalogues.
    tuple_positions = [i for i, name in enumerate(names) if name in tuple_fields]
    new = object.__new__
    titles = []
    for row in data["titles"]:
        for i in tuple_positions:
            row[i] = tuple(row[i])
        title = new(Title)
        title.__dict__.update(zip(names, row, strict=True))
        titles.append(title)
    return Catalogue(vocabulary(data["themes"]), vocabulary(data["warnings"]), tuple(titles),
                     data["source"])


def _read(file: str, key: list) -> Catalogue | None:
    try:
        with open(file, "rb") as handle:
            header = json.loads(handle.readline())
            payload = handle.read()
        if header.get("key") != key or header.get("version") != __version__:
            return None
        if header.get("digest") != _digest(payload):
            return None
        return _decode(payload)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # missing, unreadable or damaged: rebuild


def _write(file: str, key: list, catalogue: Catalogue) -> None:
    """Save atomically; a cache that cannot be written is simply not used."""
    payload = _encode(catalogue)
    vocabulary = catalogue.vocabulary_rows()
    header = json.dumps({"key": key, "version": __version__, "digest": _digest(payload),
                         "vocabulary": vocabulary,
                         "vocabulary_digest": _digest(json.dumps(vocabulary).encode())})
    try:
        os.makedirs(os.path.dirname(file), exist_ok=True)
        write_atomically(file, header.encode() + b"\n" + payload, prefix=".catalogue.",
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


def load_cached(paths: Sequence[str | PathLike[str]]) -> Catalogue:
    """The catalogue built from `paths`, from the cache when it is fresh.

    Raises CatalogueError exactly as :func:`cryanime.loading.load_catalogues` does.
    """
    try:
        key = _key(paths)
    except OSError:  # a file is missing or unreadable: let loading report it properly
        key = None
    if key is not None:
        cached = _read(_file_for(key), key)
        if cached is not None:
            return cached
    from .loading import load_catalogues  # only a cold start parses YAML

    catalogue = load_catalogues(paths)
    if key is None:
        return catalogue
    _write(_file_for(key), key, catalogue)
    return catalogue
