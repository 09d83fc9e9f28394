"""--like's question to the index (:meth:`cryanime.indexed.IndexedCatalogue.by_facts`):
the titles that carry any of the weighed facts, each with its facts' weights summed plus
its appeal (:func:`cryanime.catalogue.appeal_value`), heaviest first, equal ones in
catalogue order: what :meth:`cryanime.catalogue.Catalogue.by_facts` gives, read a few at
a time, without summing every title that shares a fact.

Each fact's titles are a bitmap (bit r: the title at row r); the index keeps those of
facts that many titles carry (``fact_bits``), and the rest are made from their few rows.
A best-first search splits the titles by the facts they carry, heaviest fact first: a
part holding the titles that carry exactly the facts decided so far weighs at most their
weights plus every weight still undecided. Parts are split heaviest first; a part with
every fact decided (or with few titles, whose facts are then looked up one by one) gives
its titles' sums, to which their appeal is added (from the ``arrays`` of every title's
tears and lists). A title is given once no part still unsplit can hold a heavier one: the
heaviest such part's weight plus the most appeal any title has.
"""

from __future__ import annotations

import heapq
import math
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence

from .catalogue import Appeal, Candidate, appeal_value
from .index_queries import BATCH, Ask, extent, marks

Decode = Callable[[list[int]], list[Candidate]]

DENSE = 64  # a fact carried by a title in this many (or more) has its bitmap stored
FEW = 32  # a part of at most this many titles is settled title by title
_ROWS = 500  # parameters a query is given at once (the oldest SQLite allows 999)

# Where each kind of fact lies: (table, its row column, the fact's column)
FACT_TABLES = {"theme": ("themes", "row", "theme"), "genre": ("genres", "row", "genre"),
               "studio": ("titles", "rowid", "studio"),
               "creator": ("creators", "row", "creator"),
               "similar": ("similar", "row", "other"), "id": ("titles", "rowid", "id"),
               "after": ("titles", "rowid", "after")}
STORED_KINDS = ("theme", "genre", "studio", "creator")  # those fact_bits may hold


def bitmap(rows: Sequence[int], size: int) -> bytes:
    """`rows` as a bitmap of `size` titles: bit r (byte r // 8, bit r % 8) set for row r."""
    bits = bytearray((size + 7) // 8)
    for row in rows:
        bits[row >> 3] |= 1 << (row & 7)
    return bytes(bits)


def to_array(kind: str, values: Sequence[int]) -> bytes:
    """Values as the bytes of an `array` of typecode `kind`, little-endian."""
    made = array(kind, values)
    if sys.byteorder == "big":
        made.byteswap()
    return made.tobytes()


def from_array(kind: str, data: bytes) -> array[int]:
    made = array(kind)
    made.frombytes(data)
    if sys.byteorder == "big":
        made.byteswap()
    return made


def _fact_bitmaps(weights: Mapping[tuple[str, str], float], ask: Ask, size: int
                  ) -> list[tuple[float, bytes]]:
    """(weight, bitmap) of every weighed fact, heaviest first (the same weight: by kind
    and value, so that every run sums in one order)."""
    found: dict[tuple[str, str], bytes] = {}
    weights = {fact: heft for fact, heft in weights.items() if fact[1]}  # as facts_of: no
    # title carries an empty value (a title without a studio has an empty one stored)
    for kind in STORED_KINDS:
        values = sorted(v for k, v in weights if k == kind)
        for start in range(0, len(values), _ROWS):
            part = values[start:start + _ROWS]
            for value, bits in ask(f"SELECT value, bits FROM fact_bits WHERE kind = ? "
                                   f"AND value IN ({marks(part)})", [kind, *part]):
                found[kind, value] = bits
    for kind, (table, row, column) in FACT_TABLES.items():
        values = sorted(v for k, v in weights if k == kind and (k, v) not in found)
        rows: dict[str, list[int]] = {v: [] for v in values}
        for start in range(0, len(values), _ROWS):
            part = values[start:start + _ROWS]
            for value, at in ask(f"SELECT {column}, {row} FROM {table} "
                                 f"WHERE {column} IN ({marks(part)})", part):
                rows[value].append(at)
        found.update(((kind, v), bitmap(r, size)) for v, r in rows.items())
    return sorted(((weights[fact], bits) for fact, bits in sorted(found.items())),
                  key=lambda wb: -wb[0])


def most_appeal(appeal: Appeal, survey: int, ask: Ask) -> float:
    """No title's appeal is more than this: its fame at the fewest or the most lists
    (summed as appeal_value sums)."""
    fame = 0.0
    ends = extent(ask, "lists")
    if survey and ends[0] is not None:
        fame = max(appeal.fame * math.sqrt(min(n, survey) * 1.0 / survey) for n in ends)
    return max(0.0, appeal.hit) + fame + appeal.base


def _rows_in(mask: int) -> Iterator[int]:
    text = format(mask, "b")[::-1]  # bit r is character r
    at = text.find("1")
    while at >= 0:
        yield at
        at = text.find("1", at + 1)


def alike_first(weights: Mapping[tuple[str, str], float], appeal: Appeal, survey: int,
                ask: Ask, decode: Decode, size: int) -> Iterator[tuple[float, Candidate]]:
    """See the module docstring."""
    facts = _fact_bitmaps(weights, ask, size)
    if not facts:
        return
    hefts = [heft for heft, _ in facts]
    bits = [b for _, b in facts]
    masks = [int.from_bytes(b, "little") for b in bits]
    undecided = [0.0] * (len(facts) + 1)  # undecided[i]: the weights from the i-th on
    for i in range(len(facts) - 1, -1, -1):
        undecided[i] = hefts[i] + undecided[i + 1]
    stored = dict(ask("SELECT name, data FROM arrays", ()))
    tears_at, lists_at = from_array("B", stored["tears"]), from_array("I", stored["lists"])
    appeals: dict[tuple[int, int], float] = {}
    top = most_appeal(appeal, survey, ask)
    anything = 0
    for mask in masks:
        anything |= mask
    # parts: (-(the most a title in it weighs, appeal aside), order made, facts decided,
    # their weights summed, the part's titles)
    parts: list[tuple[float, int, int, float, int]] = [(-undecided[0], 0, 0, 0.0, anything)]
    made = 1
    settled: list[tuple[float, int]] = []  # (-weight, row)

    def settle(first: int, summed: float, part: int) -> None:
        for row in _rows_in(part):
            total = summed
            for i in range(first, len(facts)):
                if bits[i][row >> 3] >> (row & 7) & 1:
                    total += hefts[i]
            pair = tears_at[row], lists_at[row]
            more = appeals.get(pair)
            if more is None:
                more = appeals[pair] = appeal_value(pair[0], pair[1], appeal, survey)
            heapq.heappush(settled, (-(total + more), row))

    while True:
        ceiling = -parts[0][0] + top if parts else -math.inf
        ready = []
        while settled and -settled[0][0] > ceiling:
            ready.append(heapq.heappop(settled))
        for start in range(0, len(ready), BATCH):
            part = ready[start:start + BATCH]
            yield from zip((-w for w, _ in part), decode([row for _, row in part]),
                           strict=True)
        if not parts:
            return
        _, _, i, summed, titles = heapq.heappop(parts)
        if i == len(facts) or titles.bit_count() <= FEW:
            settle(i, summed, titles)
            continue
        carrying = titles & masks[i]
        for kept, weight in ((carrying, summed + hefts[i]), (titles ^ carrying, summed)):
            if kept:
                heapq.heappush(parts, (-(weight + undecided[i + 1]), made, i + 1, weight,
                                       kept))
                made += 1


def arrays_of(tears: Sequence[int], lists: Sequence[int]) -> list[tuple[str, bytes]]:
    """The ``arrays`` rows: every title's tears and survey count, in catalogue order."""
    return [("tears", to_array("B", tears)), ("lists", to_array("I", lists))]


def stored_bitmaps(rows_of: Mapping[tuple[str, str], Sequence[int]], size: int
                   ) -> list[tuple[str, str, bytes]]:
    """The ``fact_bits`` rows: (kind, value, bitmap) of each fact that at least one title
    in DENSE carries."""
    return [(kind, value, bitmap(rows, size))
            for (kind, value), rows in sorted(rows_of.items())
            if kind in STORED_KINDS and len(rows) * DENSE >= size]
