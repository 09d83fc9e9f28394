"""The index's ranked questions (:class:`cryanime.indexed.IndexedCatalogue` asks them): a
title's weight summed in SQL exactly as :func:`cryanime.catalogue.weight` sums it (the
same terms in the same order, so the same floats), and Fagin's threshold algorithm over
one stream of titles a theme. (--like's question is :mod:`cryanime.index_alike`.)
Nothing here knows a policy: the weights are the caller's.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence, Sized
from typing import Any

from .catalogue import Candidate, Weights, hundredths, weight

# ask(sql, parameters) -> rows; decode(rows) -> their candidates, in that order
Ask = Callable[[str, Sequence[Any]], list[Any]]
Decode = Callable[[list[int]], list[Candidate]]


def marks(values: Sized) -> str:
    """As many SQL placeholders as `values`, comma-separated."""
    return ",".join("?" * len(values))


BATCH = 16  # rows decoded at a time while a question reads titles in order


def pages(ask: Ask, decode: Decode, sql: str, args: Sequence[Any], first: int
          ) -> Iterator[tuple[float, Candidate]]:
    """(weight, candidate) of the rows `sql` (row, weight, ...; ending in LIMIT ? OFFSET ?)
    gives, a page at a time: `first` rows, then four times as many."""
    offset, limit = 0, first
    while True:
        page = ask(sql, [*args, limit, offset])
        for start in range(0, len(page), BATCH):
            part = page[start:start + BATCH]
            yield from zip((w for _, w, *_ in part), decode([row for row, *_ in part]),
                           strict=True)
        offset += len(page)
        if len(page) < limit:
            return
        limit *= 4


def fame_sql(weight: float, survey: int) -> str:
    """`weight` x sqrt(lists / the survey's lists, at most 1), as SQL ("" with no
    survey)."""
    return (f"+ {weight!r} * sqrt(min(lists, {survey:d}) * 1.0 / {survey:d})"
            if survey else "")


def weight_sql(weights: Weights, relevance: str, survey: int) -> str:
    """A title's weight as SQL. `relevance`: "row" over one row of `themes`, "sum" over a
    title's rows of it, "" for none (over `titles`)."""
    appeal = (f"{fame_sql(weights.fame, survey)} + {weights.tears!r} * (tears - 1) / 4.0 "
              f"+ {weights.base!r}")
    if not relevance:
        return f"0.0 {appeal}"
    total = "sum" if relevance == "sum" else ""
    return (f"{weights.central!r} * {total}(position < {weights.main:d}) "
            f"+ {weights.side!r} * {total}(position >= {weights.main:d}) {appeal}")


def in_order_sql(theme_ids: Sequence[str], weights: Weights, survey: int) -> str:
    """weighed() as SQL sorts it (to the hundredth, then title and id), a page at a time
    (parameters: the theme ids, then LIMIT and OFFSET): SQLite keeps the first LIMIT rows
    as it goes (no full sort)."""
    order = "ORDER BY floor(w * 100 + 0.5) DESC, sort_title, id LIMIT ? OFFSET ?"
    if len(theme_ids) == 1:  # one row a title: no sum
        return (f"SELECT row, {weight_sql(weights, 'row', survey)} AS w, sort_title, id "
                f"FROM themes WHERE theme = ? {order}")
    if theme_ids:
        return (f"SELECT row, {weight_sql(weights, 'sum', survey)} AS w, min(sort_title) "
                f"AS sort_title, min(id) AS id FROM themes "
                f"WHERE theme IN ({marks(theme_ids)}) GROUP BY row {order}")
    return (f"SELECT rowid, {weight_sql(weights, '', survey)} AS w, sort_title, id "
            f"FROM titles INDEXED BY titles_appeal {order}")


def extent(ask: Ask, column: str) -> tuple[Any, Any]:
    """The least and the most of a column of titles (None and None with no titles): one
    query each, which SQLite answers off an index (titles_appeal, titles_tears)."""
    low, high = (ask(f"SELECT {end}({column}) FROM titles", ())[0][0] for end in ("min", "max"))
    return low, high


def rises_with_lists(weights: Weights, survey: int, ask: Ask) -> bool:
    """Whether a theme row's weight (weight_sql, "row") rises strictly with the title's
    survey count, for either place and every tears level, over the counts the catalogue
    holds: then one theme's rows of one position and tears level come heaviest first in
    the order of the themes_ranked index (lists down, then row), ties and all.
    Worked out in the very float arithmetic SQLite evaluates weight_sql in."""
    (low, high), levels = extent(ask, "lists"), extent(ask, "tears")
    if not survey or weights.fame <= 0 or low is None or high > survey:
        return False
    for central, side in ((1, 0), (0, 1)):
        for tears in range(levels[0], levels[1] + 1):
            before = -math.inf
            for lists in range(low, high + 1):
                heft = (weights.central * central + weights.side * side
                        + weights.fame * math.sqrt(min(lists, survey) * 1.0 / survey)
                        + weights.tears * (tears - 1) / 4.0 + weights.base)
                if not heft > before:
                    return False
                before = heft
    return True


def stream_sql(weights: Weights, survey: int, ask: Ask, theme_id: str | None,
               levels: tuple[Any, Any] = (None, None)) -> str:
    """One theme's rows (row, w) heaviest first, then by row; parameters: ?1 the theme,
    ?2 LIMIT + OFFSET, ?3 LIMIT, ?4 OFFSET. With `theme_id` (when rises_with_lists) and
    the catalogue's tears `levels` (extent), from the themes_ranked index: the first ?2
    rows of each position and tears level, merged, rather than every row of the theme
    weighed and sorted."""
    w = weight_sql(weights, "row", survey)
    ranked = "FROM themes INDEXED BY themes_ranked WHERE theme = ?1"
    places = None if theme_id is None else ask(f"SELECT max(position) {ranked}",
                                                [theme_id])[0][0]
    if places is None or levels[0] is None:
        return (f"SELECT row, {w} AS w FROM themes WHERE theme = ?1 "
                "ORDER BY w DESC, row LIMIT ?3 OFFSET ?4")
    arms = [f"SELECT * FROM (SELECT row, {w} AS w {ranked} AND position = {place:d} "
            f"AND tears = {tears:d} ORDER BY lists DESC, row LIMIT ?2)"
            for place in range(places + 1) for tears in range(levels[0], levels[1] + 1)]
    return " UNION ALL ".join(arms) + " ORDER BY w DESC, row LIMIT ?3 OFFSET ?4"


def threshold(theme_ids: Sequence[str], weights: Weights, survey: int, ask: Ask,
              decode: Decode, counts: Mapping[str, int], first_page: int,
              ranked: bool = False) -> Iterator[tuple[float, Candidate]]:
    """weighed() for several themes, from each theme's titles read heaviest first by their
    weight for that theme alone (Fagin's threshold algorithm): a title's whole weight is
    worked out once it is seen, and given once no title still unseen can come before it.
    An unseen title carrying themes C weighs at most the least of the last weights read
    for those themes, plus the most one more theme adds, for each of C but one. `counts`
    (titles a theme) breaks ties between streams to read next. `ranked`: the index has
    themes_ranked (see stream_sql)."""
    by_index = ranked and rises_with_lists(weights, survey, ask)
    levels = extent(ask, "tears") if by_index else (None, None)
    sql = {t: stream_sql(weights, survey, ask, t if by_index else None, levels)
           for t in theme_ids}
    most = max(weights.central, weights.side)
    last = dict.fromkeys(theme_ids, math.inf)
    offset = dict.fromkeys(theme_ids, 0)
    limit = dict.fromkeys(theme_ids, first_page)
    finished: set[str] = set()
    seen: set[int] = set()
    pending: list[tuple[int, str, str, float, Candidate]] = []

    def read(theme_id: str) -> None:
        page = ask(sql[theme_id], [theme_id, limit[theme_id] + offset[theme_id],
                                   limit[theme_id], offset[theme_id]])
        offset[theme_id] += len(page)
        if len(page) < limit[theme_id]:
            finished.add(theme_id)
        limit[theme_id] *= 4
        if page:
            last[theme_id] = page[-1][1]
        new = [row for row, _ in page if row not in seen]
        seen.update(new)
        for title in decode(new):
            heft = weight(title, theme_ids, weights, survey)
            heapq.heappush(pending, (-hundredths(heft), title.title.casefold(), title.id,
                                     heft, title))

    def bound() -> tuple[float, str] | None:
        """The most an unseen title can weigh, and the theme to read next to lower it: of
        the themes that bound it, the one whose last weight is least (the smaller theme on
        a tie). None when every title has been seen."""
        unread = [t for t in theme_ids if t not in finished]
        if not unread:
            return None
        return max((min(last[t] for t in group) + (size - 1) * most,
                    min(group, key=lambda t: (last[t], counts.get(t, 0))))
                   for size in range(1, len(unread) + 1)
                   for group in itertools.combinations(unread, size))

    for theme_id in theme_ids:
        read(theme_id)
    while True:
        unseen = bound()
        ceiling = None if unseen is None else hundredths(unseen[0] + 1e-9)
        while pending and (ceiling is None or -pending[0][0] > ceiling):
            *_, heft, title = heapq.heappop(pending)
            yield heft, title
        if unseen is None:
            return
        read(unseen[1])
