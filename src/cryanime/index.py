"""The body of a cache file: a validated catalogue laid out so that a query decodes only
the titles it looks at, and of those only the fields it reads.

The body is a run of JSON sections whose byte ranges the cache header lists:

* ``meta``: the source description, the theme and warning vocabulary, the title count;
* ``ids``: every title id, in catalogue order (for :meth:`IndexedCatalogue.get`);
* ``light``: one JSON array per line and title: the fields that filters, sorting and
  ranking read (:data:`LIGHT`), then where the title's heavy line lies;
  ``light_rows``: where each light line starts;
* ``heavy``: one JSON array per line and title, the other fields (pitch, sources, ...);
* ``postings``: per theme, the row (catalogue position) of each title carrying it and
  where its light line lies.

``recommend --theme grief`` over 50,000 titles then decodes the light rows of the
titles carrying 'grief' only, and the heavy rows of the five it prints. The cache
checks the whole body against its checksum before this module reads any of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from .catalogue import Catalogue, Theme, Title

LIGHT = ("id", "title", "format", "year", "themes", "tears", "ending", "episodes", "warnings")
HEAVY = tuple(name for name in Title.__dataclass_fields__ if name not in LIGHT)
_TUPLES = frozenset(name for name, f in Title.__dataclass_fields__.items()
                    if str(f.type).startswith("tuple"))

Sections = dict[str, Any]  # name -> [start, end], and "postings" -> {theme id: [start, end]}


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _lines(blobs: list[bytes]) -> tuple[bytes, list[int]]:
    """The blobs one per line, and where each line starts (then where the last one ends)."""
    starts = [0]
    for blob in blobs:
        starts.append(starts[-1] + len(blob) + 1)
    return b"".join(blob + b"\n" for blob in blobs), starts


def encode(catalogue: Catalogue) -> tuple[Sections, bytes]:
    """The catalogue as a body, and where each section of it lies."""
    parts: list[bytes] = []
    size = 0

    def add(blob: bytes) -> list[int]:
        nonlocal size
        parts.append(blob)
        size += len(blob)
        return [size - len(blob), size]

    def vocabulary(entries: Iterable[Theme]) -> list:
        return [[t.id, t.name, t.description, list(t.aliases)] for t in entries]

    titles = catalogue.titles
    sections: Sections = {}
    heavy, heavy_starts = _lines([_dumps([getattr(t, f) for f in HEAVY]) for t in titles])
    sections["heavy"] = add(heavy)
    # Each light line ends with where the title's heavy line lies: [..., start, end].
    light, starts = _lines([
        _dumps([*(getattr(t, f) for f in LIGHT), heavy_starts[row], heavy_starts[row + 1] - 1])
        for row, t in enumerate(titles)])
    sections["light"] = add(light)
    sections["light_rows"] = add(_dumps(starts))
    # A posting is (row, start, end) per title, flat: the light lines can be sliced out
    # without reading light_rows first.
    postings: dict[str, list[int]] = {}
    for row, title in enumerate(titles):
        for theme_id in title.themes:
            postings.setdefault(theme_id, []).extend((row, starts[row], starts[row + 1] - 1))
    sections["postings"] = {theme_id: add(_dumps(flat)) for theme_id, flat in postings.items()}
    sections["ids"] = add(_dumps([t.id for t in titles]))
    sections["meta"] = add(_dumps({"source": catalogue.source, "count": len(titles),
                                   "themes": vocabulary(catalogue.themes.values()),
                                   "warnings": vocabulary(catalogue.warnings.values())}))
    return sections, b"".join(parts)


class IndexedCatalogue(Catalogue):
    """A catalogue read from a cache body, decoding titles as they are asked for.

    Every title is decoded at most once, so the same row is always the same object.
    """

    def __init__(self, body: bytes | memoryview, sections: Sections) -> None:
        self._body = body
        self._sections = sections
        meta = self._json(sections["meta"])

        def vocabulary(rows: list) -> dict[str, Theme]:
            return {row[0]: Theme(row[0], row[1], row[2], tuple(row[3])) for row in rows}

        super().__init__(vocabulary(meta["themes"]), vocabulary(meta["warnings"]), (),
                         meta["source"])
        self._titles = None  # all of them, decoded on first use of .titles
        self._made: list[Title | None] = [None] * meta["count"]
        self._rows: dict[str, int] | None = None
        self._starts: list[int] | None = None

    def _json(self, where: Sequence[int]) -> Any:
        return json.loads(bytes(self._body[where[0]:where[1]]))

    def _span(self, row: int) -> tuple[int, int]:
        """Where the light line of the title at `row` lies in the light section."""
        if self._starts is None:
            self._starts = self._json(self._sections["light_rows"])
        return self._starts[row], self._starts[row + 1] - 1  # without its newline

    @property
    def titles(self) -> tuple[Title, ...]:
        if self._titles is None:
            rows = range(len(self._made))
            self._titles = tuple(self._at(rows, [self._span(row) for row in rows]))
        return self._titles

    def with_any_theme(self, theme_ids: Iterable[str]) -> list[Title]:
        postings = self._sections["postings"]
        spans: dict[int, tuple[int, int]] = {}
        for theme_id in set(theme_ids):
            if theme_id in postings:
                flat = self._json(postings[theme_id])
                spans.update(zip(flat[0::3], zip(flat[1::3], flat[2::3], strict=True),
                                 strict=True))
        rows = sorted(spans)
        return self._at(rows, [spans[row] for row in rows])

    def get(self, title_id: str) -> Title | None:
        if self._rows is None:
            ids = self._json(self._sections["ids"])
            self._rows = {title_id: row for row, title_id in enumerate(ids)}
        row = self._rows.get(title_id)
        return None if row is None else self._at([row], [self._span(row)])[0]

    def _at(self, rows: Sequence[int], spans: Sequence[tuple[int, int]]) -> list[Title]:
        """The titles at `rows`, whose light rows lie at `spans`; each is decoded once."""
        made = self._made
        new = [(row, span) for row, span in zip(rows, spans, strict=True) if made[row] is None]
        if new:
            lines = self._body[self._sections["light"][0]:]
            # One json.loads over all the lines is much faster than one per line.
            values = json.loads(b"[" + b",".join([lines[a:b] for _, (a, b) in new]) + b"]")
            create = object.__new__
            heavy = self._sections["heavy"][0]
            for (row, _), light in zip(new, values, strict=True):
                title = create(_LazyTitle)
                fields = title.__dict__
                # The light line ends with the heavy line's span, which zip leaves out.
                fields.update(zip(LIGHT, light, strict=False))
                fields["themes"] = tuple(fields["themes"])
                fields["warnings"] = tuple(fields["warnings"])
                fields["_catalogue"] = self
                fields["_heavy"] = (heavy + light[-2], heavy + light[-1])
                made[row] = title
        return [made[row] for row in rows]  # type: ignore[misc]  # all made above

    def heavy_fields(self, span: tuple[int, int]) -> dict[str, Any]:
        """The fields not in LIGHT of the title whose heavy line lies at `span`."""
        values = dict(zip(HEAVY, self._json(span), strict=True))
        for name in _TUPLES.intersection(HEAVY):
            values[name] = tuple(values[name])
        return values


class _LazyTitle(Title):
    """A Title from the cache: the fields in LIGHT are set when it is made, the rest are
    decoded from its heavy row the first time any of them is read (see _Deferred).
    It equals a Title with the same field values, and hashes like one."""

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
        fields.update(fields["_catalogue"].heavy_fields(fields["_heavy"]))
        return fields[self.name]


for _name in HEAVY:  # shadows Title's class-level defaults ("", None, ()) for these fields
    setattr(_LazyTitle, _name, _Deferred(_name))
