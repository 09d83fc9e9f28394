"""The random pick: one title drawn uniformly from those that pass the filters, may be
offered (watch order) and are not skipped, decoding as few titles as it can; and, only
when nothing was drawn, why not.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from typing import NamedTuple, Protocol

from .catalogue import Candidate, Catalogue, Title
from .query import Query, filter_titles, find, watchable


class Draws(Protocol):
    """What a draw needs of a random generator (random.Random has it)."""

    def randrange(self, start: int, stop: int) -> int: ...


class SystemDraws:
    """Draws from the operating system's randomness, for a pick no seed has to repeat:
    uniform as random.Random's are (the same rejection of too-large values), without
    importing `random`, which brings _sha512 and bisect and seeds itself (about 1 ms of
    `cryanime random`; see README, Performance). A seed uses random.Random."""

    def __init__(self, source: Callable[[int], bytes] = os.urandom) -> None:
        self.source = source

    def randrange(self, start: int, stop: int) -> int:
        """An int from start (included) to stop (left out), each as likely."""
        size = stop - start
        if size <= 0:
            raise ValueError(f"empty range for randrange({start}, {stop})")
        bits = size.bit_length()
        length = (bits + 7) // 8
        while True:
            value = int.from_bytes(self.source(length), "big") >> (8 * length - bits)
            if value < size:
                return start + value


def generator(seed: int | None = None) -> Draws:
    """What a draw draws with: random.Random(seed) when a seed asks for the same title on
    every machine, else the operating system's randomness (no `random` imported)."""
    if seed is None:
        return SystemDraws()
    import random  # a seed's own need (pinned off warm paths in test_guards)

    return random.Random(seed)


def draw(catalogue: Catalogue, query: Query, rng: Draws, skip: Collection[str] = (),
         seen: Collection[str] = (), among: Collection[str] | None = None) -> Candidate | None:
    """One title drawn uniformly from those that pass `query` (every theme), are not in
    `skip`, may be offered (watch order, `seen`) and are `among` the given ids; None when
    none is. Titles are drawn one at a time in a random order until one passes (a lazy
    shuffle), so the index reads a title or two, not every title."""
    counts = catalogue.theme_counts()
    if query.themes:  # the rarest wished theme has the fewest titles to go through
        rarest = min(query.themes, key=lambda t: counts.get(t, 0))
        theme: str | None = rarest
        size = counts.get(rarest, 0)
    else:
        theme, size = None, catalogue.size
    moved: dict[int, int] = {}
    for i in range(size):
        j = rng.randrange(i, size)
        index = moved.get(j, j)
        moved[j] = moved.get(i, i)
        title = catalogue.nth(theme, index)
        if (title.id not in skip and (title.after is None or title.after in seen)
                and (among is None or title.id in among) and filter_titles([title], query)):
            return title
    return None


class NothingDrawn(NamedTuple):
    """Why :func:`draw` found nothing: no title fits at all (`fits` is False); or every
    title that fits and may be offered is one you have watched (`all_watched`); or every
    title that fits continues one you have not watched, named in `watch_first`."""

    fits: bool
    all_watched: bool
    watch_first: list[Title]


def why_nothing_drawn(catalogue: Catalogue, query: Query, watched: Collection[str],
                      among: Collection[str] | None = None) -> NothingDrawn:
    """Why a draw for `query` (among the ids in `among`, when given) found nothing, worked
    out from every title that fits: only when it is asked, never on the way to a pick."""
    fitting = [t for t in find(catalogue, query) if among is None or t.id in among]
    if not fitting:
        return NothingDrawn(False, False, [])
    if watchable(fitting, watched):
        return NothingDrawn(True, True, [])
    firsts = {t.after for t in fitting if t.after is not None}
    return NothingDrawn(True, False, sorted(catalogue.load(firsts),
                                            key=lambda t: t.title.casefold()))


def random_pick(titles: Sequence[Title], rng: Draws | None = None) -> Title | None:
    """One title drawn uniformly from `titles` (None when empty); the same as
    `rng.choice(titles)` for a random.Random."""
    if not titles:
        return None
    return titles[(rng or generator()).randrange(0, len(titles))]
