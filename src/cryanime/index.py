"""The body of a cache file: a validated catalogue laid out so that a query decodes only
the titles it looks at, and of those only the fields it reads.

The body is a run of sections whose byte ranges (and checksums) the cache header lists:

* ``meta``: the source description, the theme and warning vocabulary, the title count;
* ``heavy``: one line per title: the checksum of the rest of the line (8 hex digits),
  then a JSON array of the fields that are only shown (pitch, sources, ...; HEAVY);
* ``light``: one JSON array per line and title: the fields that filters, sorting and
  ranking read (LIGHT; themes and warnings as space-separated ids), then where the
  title's heavy line starts and how long it is;
  ``light_rows``: where each light line starts; ``ids``: every id, in order;
* ``postings``: per theme, the titles carrying it, by columns: a JSON array holding the
  list of their rows (catalogue positions), then one list per light field. Decoding a
  dozen long lists is about twice as fast as decoding thousands of short ones.

``recommend --theme grief`` over 50,000 titles then reads and checks one postings
section, makes titles from it, and decodes (and checks) the heavy lines of the five it
prints: a few MB of a 60 MB file. A section is checked the first time it is read; if
one turns out damaged, the catalogue is loaded from its YAML files instead (``reload``)
and answers from that, so damage never shows as an error.
"""

from __future__ import annotations

import json
from binascii import crc32
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from .catalogue import Catalogue, Theme, Title, follower_ids, name_keys

# What filters, sorting, ranking, tonight's time budget and the list table read.
LIGHT = ("id", "title", "format", "year", "themes", "tears", "ending", "episodes",
         "runtime_minutes", "episode_minutes", "warnings", "spoiler_themes", "after", "lists")
HEAVY = tuple(name for name in Title.__dataclass_fields__ if name not in LIGHT)
# The heavy fields that hold tuples (JSON gives lists back).
_HEAVY_TUPLES = tuple(name for name in HEAVY
                      if str(Title.__dataclass_fields__[name].type).startswith("tuple"))
# Stored as space-separated ids (ids are slugs: no spaces).
_IDS = ("themes", "warnings", "spoiler_themes")
_ID_COLUMNS = [LIGHT.index(name) for name in _IDS]

# name -> [start, end, crc32], and "postings" -> {theme id: [[start, end, crc32], ...]}
BLOCK = 256  # titles per postings block: a top-5 answer reads one or two
Sections = dict[str, Any]


class _Damaged(Exception):
    """A section or line of the body does not match its checksum."""


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode(catalogue: Catalogue) -> tuple[Sections, list[bytes]]:
    """The catalogue as a body, in pieces to write one after another (small pieces: no
    buffer the size of the body is ever built), and where each section of it lies."""
    pieces: list[bytes] = []
    size = 0

    def add(blobs: Iterable[bytes]) -> list[int]:
        """Append a section made of `blobs`: its [start, end, crc32]."""
        nonlocal size
        start, checksum = size, 0
        for blob in blobs:
            pieces.append(blob)
            size += len(blob)
            checksum = crc32(blob, checksum)
        return [start, size, checksum]

    def vocabulary(entries: Iterable[Theme]) -> list:
        return [[t.id, t.name, t.description, list(t.aliases)] for t in entries]

    titles = catalogue.titles
    sections: Sections = {}
    heavy = []
    for t in titles:
        data = _dumps([getattr(t, f) for f in HEAVY])
        heavy.append(b"%08x" % crc32(data) + data + b"\n")
    sections["heavy"] = add(heavy)
    light, starts, heavy_start = [], [0], 0
    for title, line in zip(titles, heavy, strict=True):
        values = [" ".join(getattr(title, f)) if f in _IDS else getattr(title, f)
                  for f in LIGHT]
        light.append([*values, heavy_start, len(line) - 1])  # the heavy line, without "\n"
        heavy_start += len(line)
    light_lines = [_dumps(values) + b"\n" for values in light]
    for line in light_lines:
        starts.append(starts[-1] + len(line))
    sections["light"] = add(light_lines)
    sections["light_rows"] = add([_dumps(starts)])
    sections["ids"] = add([_dumps([t.id for t in titles])])
    sections["names"] = add([b"%s\t%d\n" % (name.encode(), row)
                             for name, row in sorted(name_keys(titles))])
    from .ranking import wish_order  # only writing the cache needs the ranking here

    rows_by_theme: dict[str, list[int]] = {}
    for row, title in enumerate(titles):
        for theme_id in title.themes:
            rows_by_theme.setdefault(theme_id, []).append(row)
    postings = {}
    for theme_id, rows in rows_by_theme.items():
        # in the order recommend ranks a wish for this theme alone, in blocks
        order = wish_order(theme_id, catalogue.survey_lists)
        rows.sort(key=lambda row: order(titles[row]))  # used right here
        blocks = [rows[i:i + BLOCK] for i in range(0, len(rows), BLOCK)]
        postings[theme_id] = [
            add([_dumps([block, *map(list, zip(*(light[row] for row in block), strict=True))])])
            for block in blocks]
    sections["postings"] = postings
    sections["meta"] = add([_dumps({"source": catalogue.source, "count": len(titles),
                                    "followers": follower_ids(titles),
                                    "counts": catalogue.theme_counts(),
                                    "survey_lists": catalogue.survey_lists,
                                    "themes": vocabulary(catalogue.themes.values()),
                                    "warnings": vocabulary(catalogue.warnings.values())})])
    return sections, pieces


def _rows_named(lines: bytes, key: bytes) -> list[int]:
    """The rows of `key` in sorted "key\trow\n" lines, by binary search."""
    lo, hi = 0, len(lines)
    while lo < hi:  # lo: the start of the first line whose key is >= key
        mid = (lo + hi) // 2
        start = lines.rfind(b"\n", 0, mid) + 1
        if start < lo:
            start = lo
        end = lines.find(b"\n", start)
        if lines[start:lines.find(b"\t", start, end)] < key:
            lo = end + 1
        else:
            hi = start
    rows = []
    while lo < len(lines):
        end = lines.find(b"\n", lo)
        name, _, row = lines[lo:end].partition(b"\t")
        if name != key:
            break
        rows.append(int(row))
        lo = end + 1
    return sorted(set(rows))


def _by_title(columns: list[list]) -> list[tuple]:
    """Light values by title, from light values by field (ids split into tuples)."""
    for i in _ID_COLUMNS:
        columns[i] = [tuple(ids.split()) for ids in columns[i]]
    return list(zip(*columns, strict=True))


class IndexedCatalogue(Catalogue):
    """A catalogue read from a cache body, decoding titles as they are asked for.

    Every title is decoded at most once, so the same row is always the same object.
    Raises ValueError (or KeyError, TypeError) when the body's meta section is damaged;
    damage found later makes it answer from ``reload()`` instead.
    """

    def __init__(self, body: bytes | memoryview, sections: Sections,
                 reload: Callable[[], Catalogue]) -> None:
        self._body = body
        self._sections = sections
        self._reload = reload
        self._reloaded: Catalogue | None = None
        try:
            meta = json.loads(self._read(sections["meta"]))
        except _Damaged:
            raise ValueError("damaged cache") from None

        def vocabulary(rows: list) -> dict[str, Theme]:
            return {row[0]: Theme(row[0], row[1], row[2], tuple(row[3])) for row in rows}

        super().__init__(vocabulary(meta["themes"]), vocabulary(meta["warnings"]), (),
                         meta["source"], meta["survey_lists"])
        self._followers = meta["followers"]
        self._blocks: dict[tuple[str, int], list[Title]] = {}  # decoded postings blocks
        self._counts = meta["counts"]
        # Titles made here know their catalogue through their class, not one field each.
        self._title_class = type("CachedTitle", (_LazyTitle,), {"_catalogue": self})
        self._titles = None  # all of them, decoded on first use of .titles
        self._made: list[Title | None] = [None] * meta["count"]
        self._rows: dict[str, int] | None = None
        self._starts: list[int] | None = None
        self._light: bytes | None = None

    def _read(self, where: list[int]) -> bytes:
        """A section's bytes, checked against its checksum."""
        data = self._body[where[0]:where[1]]
        if crc32(data) != where[2]:
            raise _Damaged
        return bytes(data)

    def fresh(self) -> Catalogue:
        """The catalogue loaded from YAML again, for when part of the cache is damaged."""
        if self._reloaded is None:
            self._reloaded = self._reload()
        return self._reloaded

    def _light_lines(self) -> bytes:
        """The light section, checked (once)."""
        if self._light is None:
            self._light = self._read(self._sections["light"])
        return self._light

    @property
    def titles(self) -> tuple[Title, ...]:
        if self._titles is None:
            try:
                light = self._light_lines().rstrip(b"\n").replace(b"\n", b",")
                lines = json.loads(b"[" + light + b"]")
            except _Damaged:
                return self.fresh().titles
            width = len(LIGHT) + 2  # the light fields, then the heavy line's place
            lights = _by_title([[line[i] for line in lines] for i in range(width)])
            self._titles = tuple(self._make(range(len(lights)), lights))
        return self._titles

    @property
    def size(self) -> int:
        return len(self._made)

    def with_any_theme(self, theme_ids: Iterable[str]) -> list[Title]:
        postings = self._sections["postings"]
        theme_ids = set(theme_ids)  # read once: a fallback below needs them again
        found: dict[int, Sequence] = {}
        try:
            for theme_id in theme_ids & postings.keys():
                for where in postings[theme_id]:
                    rows, *columns = json.loads(self._read(where))
                    found.update(zip(rows, _by_title(columns), strict=True))
        except _Damaged:
            return self.fresh().with_any_theme(theme_ids)
        rows = sorted(found)
        return self._make(rows, [found[row] for row in rows])

    def nth(self, theme_id: str | None, index: int, order: Callable[[Title], Any]) -> Title:
        try:
            if theme_id is None:
                return self._at_rows([index])[0]
            block = self._blocks.get((theme_id, index // BLOCK))
            if block is None:
                rows, *columns = json.loads(
                    self._read(self._sections["postings"][theme_id][index // BLOCK]))
                block = self._blocks[theme_id, index // BLOCK] = self._make(
                    rows, _by_title(columns))
            return block[index % BLOCK]
        except _Damaged:
            return self.fresh().nth(theme_id, index, order)

    def ranked(self, theme_id: str, order: Callable[[Title], Any]) -> Iterator[Title]:
        """The titles carrying `theme_id` as the cache stored them: in the order of
        ranking.wish_order (which `order` is), a block at a time, so the first picks
        never need the rest decoded."""
        given: set[str] = set()
        for where in self._sections["postings"].get(theme_id, ()):
            try:
                rows, *columns = json.loads(self._read(where))
            except _Damaged:  # go on from YAML, skipping what was given already
                yield from (t for t in self.fresh().ranked(theme_id, order)
                            if t.id not in given)
                return
            for title in self._make(rows, _by_title(columns)):
                given.add(title.id)
                yield title

    def get(self, title_id: str) -> Title | None:
        found = self.with_ids([title_id])
        return found[0] if found else None

    def with_ids(self, title_ids: Iterable[str]) -> list[Title]:
        title_ids = set(title_ids)  # read once: a fallback below needs them again
        if not title_ids:
            return []
        try:
            if self._rows is None:
                ids = json.loads(self._read(self._sections["ids"]))
                self._rows = {title_id: row for row, title_id in enumerate(ids)}
            return self._at_rows(sorted({self._rows[i] for i in title_ids if i in self._rows}))
        except _Damaged:
            return self.fresh().with_ids(title_ids)

    def _at_rows(self, rows: Sequence[int]) -> list[Title]:
        """The titles at catalogue positions `rows`, each decoded from its own light line.
        Raises _Damaged."""
        for row in rows:
            if self._made[row] is None:
                if self._starts is None:
                    self._starts = json.loads(self._read(self._sections["light_rows"]))
                start, end = self._starts[row], self._starts[row + 1] - 1
                line = json.loads(self._light_lines()[start:end])
                self._make([row], _by_title([[value] for value in line]))
        return [self._made[row] for row in rows]  # type: ignore[misc]  # all made above

    def titles_named(self, name_key: str) -> list[Title]:
        """Binary search in the names section (sorted "key\trow" lines): no title is
        decoded but those that carry the name."""
        try:
            rows = _rows_named(self._read(self._sections["names"]), name_key.encode())
            return self._at_rows(rows)
        except _Damaged:
            return self.fresh().titles_named(name_key)

    def _make(self, rows: Sequence[int], lights: Sequence[tuple]) -> list[Title]:
        """The titles at `rows`, from their light values (see _by_title); each is made
        only once."""
        made = self._made
        # The values were validated before they were cached: fill each title's __dict__
        # directly, several times faster than the frozen dataclass's __init__.
        create = object.__new__
        cls = self._title_class
        for row, light in zip(rows, lights, strict=True):
            if made[row] is not None:
                continue
            title = create(cls)
            fields = title.__dict__
            # The light values end with the heavy line's place, which zip leaves out.
            fields.update(zip(LIGHT, light, strict=False))
            fields["_light"] = light  # for heavy_fields
            made[row] = title
        return [made[row] for row in rows]  # type: ignore[misc]  # all made above

    def heavy_fields(self, title: Title) -> dict[str, Any]:
        """The fields not in LIGHT of a title this catalogue made."""
        start, length = title.__dict__["_light"][-2:]
        start += self._sections["heavy"][0]
        line = bytes(self._body[start:start + length])
        if line[:8] != b"%08x" % crc32(line[8:]):
            fresh = self.fresh().get(title.id)
            if fresh is None:  # the file lost this title while we ran: show it bare
                fresh = Title(title.id, title.title, title.format, title.year, title.themes,
                              title.tears, title.ending, pitch="")
            return {name: getattr(fresh, name) for name in HEAVY}
        values = dict(zip(HEAVY, json.loads(line[8:]), strict=True))
        for name in _HEAVY_TUPLES:
            values[name] = tuple(values[name])
        return values


class _LazyTitle(Title):
    """A Title from the cache: the fields in LIGHT are set when it is made, the rest are
    decoded from its heavy row the first time any of them is read (see _Deferred).
    It equals a Title with the same field values, and hashes like one. Each
    IndexedCatalogue makes its titles from a subclass whose `_catalogue` is itself."""

    _catalogue: IndexedCatalogue

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Title):
            return NotImplemented
        names = Title.__dataclass_fields__
        return all(getattr(self, n) == getattr(other, n) for n in names)

    __hash__ = Title.__hash__


class _Deferred:
    """A heavy field of _LazyTitle until it is decoded. A non-data descriptor: once the
    value sits in the instance's __dict__, Python reads it from there without calling this."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, title: _LazyTitle | None, owner: type | None = None) -> Any:
        if title is None:
            return self
        fields = title.__dict__
        fields.update(title._catalogue.heavy_fields(title))
        return fields[self.name]


for _name in HEAVY:  # shadows Title's class-level defaults ("", None, ()) for these fields
    setattr(_LazyTitle, _name, _Deferred(_name))
