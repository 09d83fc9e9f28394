"""Scoring, reasons, "more like" and the random pick.

How a title scores (also in the README, in plain words):

* Each wished theme (``--theme``) the title carries is worth 1 point, plus a
  bonus for how central it is to the title: +1 when it is the title's first
  theme, +1/2 when second, +1/3 when third, and so on. A title must carry at
  least one wished theme to be recommended.
* Each theme a title shares with a liked title (``--like``) is worth 1 point,
  counted once per liked title. The liked titles themselves are never
  recommended; with --like alone a title must share at least one theme.
* With neither, titles you loved stand in for --like ("because you loved ..."); with
  no loved titles either, titles are ranked by how hard they hit (tears, 1-5).
* Equal scores are ordered by title, so the output never changes between runs.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .catalogue import Catalogue, Title
from .query import Query, filter_titles

if TYPE_CHECKING:
    import random


# A NamedTuple, not a dataclass: ~0.6 ms less to import, on every start.
class Recommendation(NamedTuple):
    title: Title
    score: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {**self.title.to_dict(), "score": self.score, "reasons": list(self.reasons)}


def theme_points(title: Title, theme_id: str) -> float:
    """1 for carrying the theme, plus 1/(position) for how central it is; 0 if absent."""
    if theme_id not in title.themes:
        return 0.0
    return 1.0 + 1.0 / (title.themes.index(theme_id) + 1)


def _quoted(catalogue: Catalogue, ids: Iterable[str]) -> str:
    return ", ".join(f"'{catalogue.theme_name(i)}'" for i in ids)


LIKE_REASON = "shares {themes} with {title}"
LOVED_REASON = "because you loved {title}: shares {themes}"


def _score(
    catalogue: Catalogue, title: Title, wished: Sequence[str], liked: Sequence[Title],
    reason: str = LIKE_REASON, *, explain: bool = True,
) -> tuple[float, list[str]] | None:
    """The title's score and reasons, or None when it fits neither wish nor like.
    Without `explain` the reasons are left empty (ranking thousands of titles needs
    only the scores; the words are written for the few that are shown)."""
    score = 0.0
    reasons = []
    if wished:
        points = [theme_points(title, t) for t in title.themes if t in wished]
        if not points:
            return None
        score += sum(points)
        if explain:
            carried = [t for t in title.themes if t in wished]  # in the title's own order
            main = " (its main theme)" if carried[0] == title.themes[0] else ""
            reasons.append(f"carries {_quoted(catalogue, carried[:1])}{main}"
                           + (f" and {_quoted(catalogue, carried[1:])}" if carried[1:] else ""))
    if liked:
        shared_any = False
        for other in liked:
            shared = [t for t in title.themes if t in other.themes]
            if shared:
                shared_any = True
                score += len(shared)
                if explain:
                    reasons.append(reason.format(themes=_quoted(catalogue, shared),
                                                 title=other.title))
        if not shared_any and not wished:
            return None
    if not wished and not liked:
        score = float(title.tears)
        if explain:
            reasons.append(f"tears {title.tears}/5, a {title.ending} ending")
    return score, reasons


def recommend(
    catalogue: Catalogue,
    query: Query,
    like: Sequence[Title] = (),
    limit: int | None = 5,
    exclude: Iterable[str] = (),
    loved: Sequence[Title] = (),
) -> list[Recommendation]:
    """The best `limit` titles for `query` (themes are wishes) and `like`, best first.

    `exclude` holds ids never to recommend (titles already watched). With no wished
    theme and no `like`, `loved` titles stand in for likes ("because you loved ...").
    """
    reason = LIKE_REASON
    if not query.themes and not like and loved:
        like, reason = loved, LOVED_REASON
    skip = {t.id for t in like} | set(exclude)
    # A pick must carry a wished theme, or else share one with a liked title (see _score):
    # only those are looked at, which a cached catalogue answers from its index.
    if query.themes or like:
        wanted = query.themes or {theme for other in like for theme in other.themes}
        candidates = catalogue.with_any_theme(wanted)
    else:
        candidates = catalogue.titles
    pool = [t for t in candidates if t.id not in skip] if skip else candidates
    scored = []
    for title in filter_titles(pool, query, all_themes=False):
        result = _score(catalogue, title, query.themes, like, reason, explain=False)
        if result is not None:
            scored.append((round(result[0], 3), title))
    if limit is not None and len(scored) > limit:
        # Only titles scoring at least the limit-th best score can be picked; ordering
        # just those by title spares casefolding thousands of titles that cannot be.
        floor = heapq.nlargest(limit, [score for score, _ in scored])[-1]
        scored = [(score, title) for score, title in scored if score >= floor]
    # Ids are unique, so these tuples never compare as far as the title itself.
    ranked = sorted((-score, title.title.casefold(), title.id, title) for score, title in scored)
    picks = []
    for negated, _, _, title in ranked[:limit]:
        explained = _score(catalogue, title, query.themes, like, reason)
        assert explained is not None  # it scored above
        picks.append(Recommendation(title, -negated, tuple(explained[1])))
    return picks


def random_pick(titles: Sequence[Title], rng: random.Random | None = None) -> Title | None:
    """One title drawn uniformly from `titles` (None when empty)."""
    if not titles:
        return None
    if rng is None:
        import random  # only the random command needs it

        rng = random.Random()
    return rng.choice(list(titles))

