"""The catalogue a cache file holds, answered from its bytes: the reader half of
:mod:`cryanime.cache`, whose docstring gives the contract and the layout. Kept apart so
that shell completion, which reads only the cache's header, imports none of the data
model."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from .cache import BLOCK
from .catalogue import Candidate, Catalogue, Theme, Title

if TYPE_CHECKING:
    from mmap import mmap

HEAVY = tuple(name for name in Title._fields if name not in Candidate._fields)
_SHARED = Candidate._fields[:-1]  # all but `names`, which a Title derives
# the fields JSON gives back as lists
_HEAVY_TUPLES = [name for name in HEAVY if "tuple[" in str(Title.__annotations__[name])]
_CANDIDATE_TUPLES = [i for i, name in enumerate(Candidate._fields)
                     if "tuple[" in str(Candidate.__annotations__[name])]


def _bisect(data: bytes | mmap, lo: int, hi: int, key: bytes) -> list[int]:
    """The places given for `key` by the sorted "key<TAB>place" lines in data[lo:hi]."""
    start, end = lo, hi
    while lo < hi:  # lo: the start of the first line whose key is >= key
        mid = (lo + hi) // 2
        line = max(data.rfind(b"\n", start, mid) + 1, lo)
        line_end = data.find(b"\n", line)
        if data[line:data.find(b"\t", line, line_end)] < key:
            lo = line_end + 1
        else:
            hi = line
    places = []
    while lo < end:
        line_end = data.find(b"\n", lo)
        name, _, place = data[lo:line_end].partition(b"\t")
        if name != key:
            break
        places.append(int(place))
        lo = line_end + 1
    return places


class CachedCatalogue(Catalogue):
    """A catalogue answered from a cache file checked when it was opened (see the module
    docstring). Each call decodes the candidate lines it needs, each at most once."""

    def __init__(self, data: bytes | mmap, base: int, header: dict[str, Any]) -> None:
        meta = header["meta"]

        def vocabulary(rows: list[Any]) -> dict[str, Theme]:
            return {row[0]: Theme(row[0], row[1], row[2], tuple(row[3]), row[4]) for row in rows}

        super().__init__(vocabulary(meta["themes"]), vocabulary(meta["warnings"]), (),
                         meta["source"], meta["survey_lists"])
        self._data, self._base = data, base
        self._sections, self._postings = header["sections"], header["postings"]
        self._size, self._counts = meta["size"], meta["counts"]
        self._followers = meta["followers"]
        self._franchises = meta["franchises"]
        self._made: dict[int, Candidate] = {}  # place -> candidate
        self._heavy_at: dict[str, int] = {}  # id -> where its heavy line starts
        self._blocks: dict[tuple[str, int], list[int]] = {}

    @property
    def size(self) -> int:
        return int(self._size)

    @property
    def titles(self) -> tuple[Title, ...]:
        return tuple(map(self._title, self.candidates))

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        if self._candidates is None:
            start, end = self._sections["candidates"]
            lines = self._data[self._base + start:self._base + end].split(b"\n")[:-1]
            rows = json.loads(b"[" + b",".join(lines) + b"]")
            places = accumulate((len(line) + 1 for line in lines), initial=start)
            self._candidates = tuple(self._made.get(at) or self._make(at, row)
                                     for at, row in zip(places, rows, strict=False))
        return self._candidates

    def load(self, title_ids: Iterable[str]) -> list[Title]:
        return [self._title(c) for c in map(self.candidate, title_ids) if c is not None]

    def candidate(self, title_id: str) -> Candidate | None:
        places = self._places("ids", title_id)
        return self._at(places[0]) if places else None

    def with_ids(self, title_ids: Iterable[str]) -> list[Candidate]:
        places = {at for i in set(title_ids) for at in self._places("ids", i)}
        return [self._at(at) for at in sorted(places)]

    def named(self, name_key: str) -> list[Candidate]:
        return [self._at(at) for at in sorted(set(self._places("names", name_key)))]

    def with_any_theme(self, theme_ids: Iterable[str]) -> list[Candidate]:
        places = {at for theme_id in set(theme_ids) if theme_id
                  for where in self._postings.get(theme_id, ()) for at in self._json(where)}
        return [self._at(at) for at in sorted(places)]

    def ranked(self, theme_id: str) -> Iterator[Candidate]:
        for index in range(len(self._postings.get(theme_id, ()))):
            yield from map(self._at, self._block(theme_id, index))

    def nth(self, theme_id: str | None, index: int) -> Candidate:
        return self._at(self._block(theme_id or "", index // BLOCK)[index % BLOCK])

    def _block(self, theme_id: str, index: int) -> list[int]:
        """The places in a postings block (the candidates are decoded as they are used)."""
        block = self._blocks.get((theme_id, index))
        if block is None:
            block = self._blocks[theme_id, index] = self._json(self._postings[theme_id][index])
        return block

    def _json(self, where: list[int]) -> Any:
        return json.loads(self._data[self._base + where[0]:self._base + where[1]])

    def _places(self, section: str, name: str) -> list[int]:
        start, end = self._sections[section]
        return _bisect(self._data, self._base + start, self._base + end, name.encode())

    def _at(self, at: int) -> Candidate:
        """The candidate whose line starts at `at`."""
        made = self._made.get(at)
        if made is None:
            start = self._base + at
            made = self._make(at, json.loads(self._data[start:self._data.find(b"\n", start)]))
        return made

    def _make(self, at: int, values: list[Any]) -> Candidate:
        self._heavy_at[values[0]] = values.pop()
        for i in _CANDIDATE_TUPLES:
            values[i] = tuple(values[i])
        made = self._made[at] = Candidate._make(values)
        return made

    def _title(self, candidate: Candidate) -> Title:
        start = self._base + self._sections["heavy"][0] + self._heavy_at[candidate.id]
        heavy: dict[str, Any] = dict(zip(
            HEAVY, json.loads(self._data[start:self._data.find(b"\n", start)]), strict=True))
        for name in _HEAVY_TUPLES:
            heavy[name] = tuple(heavy[name])
        shared: dict[str, Any] = dict(zip(_SHARED, candidate[:-1], strict=True))
        return Title(**shared, **heavy)
