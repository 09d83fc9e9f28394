"""Scoring, reasons, "more like" and franchises for `recommend` (the random pick is in
:mod:`cryanime.draw`).

How a title scores (also in the README, "How recommend scores", with a worked example):

    score = relevance + appeal

* Relevance is what was asked.
  - Each wished theme (``--theme``) the title carries is worth 1.2 points when it is
    among the title's first three themes (the catalogue lists themes most central
    first), and 0.15 further down, where it is incidental: more apart than appeal (at
    most 1) can make up, so a title where the theme is central always ranks above one
    where it is not.
  - Liked titles (``--like``, or the titles you loved when nothing else is asked) add
    twice the average, over the liked titles, of how alike the pick is to each
    (:func:`likeness`): fans' own "if you liked X" links weigh most, then a shared
    creator and studio, genres and demographic (each weighted by how rare it is in the
    catalogue), tone (tears and ending), then shared themes; content the liked title
    does not have and that a fan of it would not want (an ``intense`` warning: gore,
    sexual violence ...) counts against. A liked title's own franchise is never picked.
* Appeal ranks titles that are about equally relevant, and is never worth a whole wished
  theme: 0.4 x hit + 0.6 x fame (at most 1). Hit is (tears - 1) / 4, or, with liked titles, how
  close the tears come to theirs (a softer title loses a quarter point a level, a
  harder one an eighth). Fame is sqrt(lists / survey lists): how many of the survey's
  independent "saddest anime" lists name it. With nothing asked, fame + 0.1 x hit.
  Deep cuts (``deep=True``) keep the relevance but turn fame around: 0.5 x hit + 0.5 x
  (1 - fame), so that titles few lists name and that hit as hard come first.
* Scores are shown, and compared, to two places (rounded half up); equal scores go by
  title, so the same question always gets the same answer.

With nothing liked, only the titles that can make the top are read: the score is a
weight the catalogue computes from stored facts at query time (relevance, fame, tears)
and gives titles in, heaviest first (see _best_first).

Franchises: a title whose ``after`` is not watched is never offered, and a top N holds
one title of a franchise at most (the best scored of those that may be offered).
"""

# No `from __future__ import annotations`: see the note in records.py (Recommendation).
import heapq
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .catalogue import AnyTitle, Appeal, Candidate, Catalogue, Title, Weights, hundredths
from .query import Query, filter_titles, matches

if TYPE_CHECKING:
    from .likeness import Likeness, Likes
    from .listfile import Watched

CONTENT_GENRES = frozenset(("Gore", "Ecchi", "Erotica", "Hentai"))  # never said as a reason
MAIN_THEMES = 3  # a wished theme among a title's first three is central to it
# points for a wished theme, central or incidental: apart by more than appeal can make up
WISH, SIDE_WISH = 1.2, 0.15
LIKE_WEIGHT = 2.0  # what a title as alike as can be to the liked ones is worth
HIT_WEIGHT, FAME_WEIGHT = 0.4, 0.6  # appeal; together less than one wished theme
DEEP_HIT, DEEP_OBSCURITY = 0.5, 0.5  # appeal with deep cuts
ASKED_NOTHING_HIT = 0.1  # with no question, fame leads and tears only break near-ties


class Recommendation(NamedTuple):
    title: Title  # loaded in full: what is shown
    score: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.title.to_dict(), "score": self.score, "reasons": list(self.reasons)}


def theme_points(title: AnyTitle, theme_id: str) -> float:
    """What carrying a wished theme is worth: 1.2 among the title's first three themes,
    0.15 further down, 0 when it does not carry it."""
    if theme_id not in title.themes:
        return 0.0
    return WISH if title.themes.index(theme_id) < MAIN_THEMES else SIDE_WISH


def fame(lists: int, survey_lists: int) -> float:
    """sqrt(lists naming it / lists in the survey): 0 to 1, and about 0.57 for the title
    most lists name."""
    return math.sqrt(min(lists, survey_lists) / survey_lists) if survey_lists else 0.0


class _Scorer:
    """Scores titles for one question; writes reasons only for the picks shown."""

    likes: "Likes | None"

    def __init__(self, catalogue: Catalogue, wished: Sequence[str], liked: Sequence[AnyTitle],
                 loved: bool, cried: Collection[str] = (), planned: Collection[str] = (),
                 deep: bool = False, spoilers: bool = False) -> None:
        self.catalogue = catalogue
        self.wished = wished
        self.liked = liked
        self.loved = loved
        self.cried = cried
        self.planned = planned
        self.deep = deep
        self.spoilers = spoilers  # reasons may name a title's spoiler themes
        self.likes = None
        if liked:
            from .likeness import Likes  # only --like needs it (pinned in test_guards)

            self.likes = Likes(catalogue)
        self.target = sum(t.tears for t in liked) / len(liked) if liked else None
        self.alike: dict[str, list[Likeness]] = {}

    def score(self, title: Candidate) -> float | None:
        """The title's score, or None when it answers neither wish nor like."""
        relevance = 0.0
        if self.wished:
            points = [theme_points(title, t) for t in self.wished]
            if not any(points):
                return None
            relevance += sum(points)
        if self.liked and self.likes is not None:
            alike = self.alike[title.id] = [self.likes.likeness(o, title) for o in self.liked]
            if not any(a.score > 0 for a in alike) and not self.wished:
                return None
            relevance += LIKE_WEIGHT * sum(max(0.0, a.score) for a in alike) / len(alike)
        if self.deep:
            return relevance + DEEP_HIT * self.hit(title) + DEEP_OBSCURITY * (
                1 - self.fame(title))
        if not self.wished and not self.liked:
            return self.fame(title) + ASKED_NOTHING_HIT * self.hit(title)
        return relevance + HIT_WEIGHT * self.hit(title) + FAME_WEIGHT * self.fame(title)

    def weights(self) -> Weights:
        """With nothing liked, a score is the catalogue's weight of the title with these
        weights (see Catalogue.weighed): the same sum as score()."""
        if self.deep:
            return Weights(MAIN_THEMES, WISH, SIDE_WISH, -DEEP_OBSCURITY, DEEP_HIT,
                           DEEP_OBSCURITY)
        if not self.wished:
            return Weights(MAIN_THEMES, WISH, SIDE_WISH, 1.0, ASKED_NOTHING_HIT)
        return Weights(MAIN_THEMES, WISH, SIDE_WISH, FAME_WEIGHT, HIT_WEIGHT)

    def hit(self, title: Candidate) -> float:
        if self.target is None:
            return (title.tears - 1) / 4
        softer = max(0.0, self.target - title.tears)
        harder = max(0.0, title.tears - self.target)
        return max(0.0, 1 - softer / 4 - harder / 8)

    def fame(self, title: Candidate) -> float:
        return fame(title.lists, self.catalogue.survey_lists)

    def reasons(self, title: Candidate, seen: Collection[str]) -> tuple[str, ...]:
        """A line or two: what it answers, how hard it hits and how widely fans cry at
        it, and where it stands in its franchise."""
        catalogue = self.catalogue
        reasons = []
        if self.wished:
            carried = [t for t in title.themes if t in self.wished]  # the title's own order
            named = [t for t in carried if self.spoilers or t not in title.spoiler_themes]
            hidden = len(carried) - len(named)
            if named:
                main = (" (its main theme)" if named[0] == title.themes[0]
                        else "" if theme_points(title, named[0]) == WISH else " (on the side)")
                reasons.append(f"carries {_quoted(catalogue, named[:1])}{main}"
                               + (f" and {_quoted(catalogue, named[1:])}" if named[1:] else "")
                               + (" and a theme hidden as a spoiler" if hidden else ""))
            else:  # what it carries would give a twist away: said only with --spoilers
                reasons.append("carries what you asked for (a spoiler: --spoilers names it)")
        if self.liked:
            reasons += self.like_reasons(title)
        evidence = f"tears {title.tears}/5"
        if title.lists and catalogue.survey_lists:
            evidence += (f", on {title.lists} of {catalogue.survey_lists} saddest-anime "
                         "lists")
        elif self.deep:
            evidence += ", a deep cut: no saddest-anime list of the survey names it"
        elif not self.wished and not self.liked:
            evidence += f", a {title.ending} ending"
        reasons.append(evidence)
        if title.id in self.planned:
            reasons.append("on your plan-to-watch list")
        before = catalogue.candidate(title.after) if title.after else None
        if before is not None and before.id in seen and not any(
                r.startswith(f"continues {before.title},") for r in reasons):
            reasons.append(f"continues {before.title}, which you watched")
        then = [t for t in catalogue.followers(title.id) if t.id not in seen]
        if then:
            reasons.append("then: " + ", ".join(t.title for t in then))
        return tuple(reasons)

    def like_reasons(self, title: Candidate) -> list[str]:
        """What the pick shares with the liked titles, in a fan's words, strongest first:
        "fans of A Silent Voice recommend it", "also by Makoto Shinkai", "also a drama and
        slice of life", "shares 'grief' with ..."."""
        alike = list(zip(self.liked, self.alike.get(title.id, ()), strict=False))

        def names(others: list[AnyTitle]) -> str:
            if len(others) > 2:
                return f"{others[0].title}, {others[1].title} and {len(others) - 2} more"
            return " and ".join(o.title for o in others)

        if self.loved:  # speak of the loved title most alike: one short, true line
            alike = sorted(alike, key=lambda oa: -oa[1].score)[:1]
            best = alike[0][0] if alike else self.liked[0]
            cried = best.id in self.cried
            story = bool(alike) and alike[0][1].continues
            if story:  # the rest of that very story: its creators go without saying
                lead = (f"continues {best.title}, which made you cry" if cried
                        else f"continues {best.title}, which you loved")
            else:
                lead = (f"because {best.title} made you cry" if cried
                        else f"because you loved {best.title}")
        else:
            lead, story = "", False
        if story:
            return [lead]
        reasons = []
        fans = [o for o, a in alike if a.fans]
        if fans:
            reasons.append("its fans recommend it" if lead
                           else f"fans of {names(fans)} recommend it")
        creators = list(dict.fromkeys(c for _, a in alike for c in a.creators))
        if creators:
            reasons.append("also by " + " and ".join(creators[:2]))
        elif studios := [a.studio for _, a in alike if a.studio]:
            reasons.append(f"also from {studios[0]}")
        # content genres are the warnings' business, not a reason to watch ("also gore")
        genres = list(dict.fromkeys(g for _, a in alike for g in a.genres
                                    if g not in CONTENT_GENRES))
        if genres:
            reasons.append("also " + " and ".join(g.casefold() for g in genres[:2]))
        themes = list(dict.fromkeys(t for _, a in alike for t in a.themes
                                    if t not in title.spoiler_themes))
        if themes and len(reasons) < 2:
            with_whom = [o for o, a in alike if set(a.themes) & set(themes[:2])]
            reasons.append(f"shares {_quoted(self.catalogue, themes[:2])}"
                           + ("" if lead else f" with {names(with_whom)}"))
        if lead:  # one short line: why, and the strongest thing shared
            return [lead + (": " + reasons[0] if reasons else "")]
        return ["; ".join(reasons)] if reasons else [f"like {names([o for o, _ in alike])}"]


CRIED_TEARS = 4  # your tears at which a watched title steers picks as a loved one does


def steering(catalogue: Catalogue, watched: Mapping[str, "Watched"]
             ) -> tuple[list[Candidate], list[str]]:
    """The watched titles that stand in for --like when nothing is asked: those you loved,
    and those that made you cry hardest (your tears CRIED_TEARS or more), with the ids of
    the second kind ("because X made you cry")."""
    cried = [i for i, w in watched.items() if (w.my_tears or 0) >= CRIED_TEARS and not w.loved]
    loved = catalogue.with_ids([*(i for i, w in watched.items() if w.loved), *cried])
    return loved, cried


def _quoted(catalogue: Catalogue, ids: Iterable[str]) -> str:
    return ", ".join(f"'{catalogue.theme_name(i)}'" for i in ids)


def franchise(catalogue: Catalogue, title: AnyTitle) -> str:
    """The id that stands for `title`'s franchise: sequels, films and retellings of one
    story (`after` and `related`) share it; a title of no franchise is its own."""
    return catalogue.franchise_of(title.id)


def recommend(
    catalogue: Catalogue,
    query: Query,
    like: Sequence[AnyTitle] = (),
    limit: int | None = 5,
    exclude: Iterable[str] = (),
    loved: Sequence[AnyTitle] = (),
    watched: Collection[str] = (),
    planned: Collection[str] = (),
    among: Collection[str] | None = None,
    cried: Collection[str] = (),
    deep: bool = False,
    spoilers: bool = False,
) -> list[Recommendation]:
    """The best `limit` titles for `query` (themes are wishes) and `like`, best first.

    `exclude` holds ids never to recommend (titles already watched, unless they are to
    be seen again); `watched` the titles you have seen, for watch order. With no wished
    theme and no `like`, `loved` titles stand in for likes ("because you loved ...";
    those whose ids are in `cried` made you cry: "because X made you cry"). Picks in
    `planned` say they are on your plan; with `among`, only those ids are picked.
    Liked titles count as seen, and no title of a liked title's franchise is picked
    (loved titles may lead on to their continuations).
    With `deep`, titles few lists name come first among equally relevant ones (deep
    cuts). A reason names a wished theme that is one of the title's spoiler themes only
    with `spoilers`. Repeated themes and titles count once.
    """
    like = list({t.id: t for t in like}.values())
    from_loved = not query.themes and not like and bool(loved)
    if from_loved:
        like = list({t.id: t for t in loved}.values())
    wished = tuple(dict.fromkeys(query.themes))
    seen = {*watched, *(t.id for t in like)}
    skip = {t.id for t in like} | set(exclude)
    # --like X asks for other stories: never X's own (titles loved earlier may lead on
    # to their continuations, which say so)
    own = set() if from_loved else {catalogue.franchise_of(t.id) for t in like}

    def offered(title: Candidate) -> bool:
        return (title.id not in skip and (among is None or title.id in among)
                and (title.after is None or title.after in seen)
                and (not own or catalogue.franchise_of(title.id) not in own))

    scorer = _Scorer(catalogue, wished, like, from_loved, set(cried), set(planned), deep,
                     spoilers)
    if like and not wished and among is None:  # read by a bound of likeness
        picks = _best(catalogue, _most_alike_first(catalogue, scorer, query, offered), limit)
    elif like:  # likeness is worked out title by title: every title that may be offered
        candidates = catalogue.with_any_theme(wished) if wished else catalogue.candidates
        scored = []
        for title in filter_titles(filter(offered, candidates), query, all_themes=False):
            score = scorer.score(title)
            if score is not None:
                scored.append((_shown_score(score), title))
        picks = _best(catalogue, sorted(scored, key=_order), limit)
    else:
        picks = _best(catalogue, _best_first(catalogue, scorer, query, offered), limit)
    return _shown(catalogue, [(c, score, scorer.reasons(c, seen)) for score, c in picks])


def _order(scored: tuple[float, Candidate]) -> tuple[float, str, str]:
    """How picks are ordered: score down, then title, then id (ids are unique)."""
    return -scored[0], scored[1].title.casefold(), scored[1].id


def _shown_score(score: float) -> float:
    """A score as shown and ordered: to two places, rounded half up."""
    return hundredths(score) / 100


def _best_first(catalogue: Catalogue, scorer: _Scorer, query: Query,
                offered: Callable[[Candidate], bool]) -> Iterator[tuple[float, Candidate]]:
    """Every title that is offered and passes `query`, with its score, best first (see
    :func:`_order`): with nothing liked a score is the weight the catalogue computes from
    stored facts (Catalogue.weighed) and gives titles in, in this very order, so the
    titles after the top are never read."""
    for weight, title in catalogue.weighed(scorer.wished, scorer.weights()):
        if offered(title) and matches(title, query, all_themes=False):
            yield _shown_score(weight), title


def _most_alike_first(catalogue: Catalogue, scorer: _Scorer, query: Query,
                      offered: Callable[[Candidate], bool]
                      ) -> Iterator[tuple[float, Candidate]]:
    """Every title that is offered, passes `query` and is like a liked title, with its
    score, best first (see :func:`_order`), reading as few titles as it can: the
    catalogue gives them by an upper bound of their score (the facts they share with the
    liked titles, weighed by Likes.fact_weights, plus their appeal); a title's score is
    worked out when it is read, and it is placed once no title still unread can come
    before it."""
    assert scorer.likes is not None and scorer.target is not None
    weights, most_else = scorer.likes.fact_weights(list(scorer.liked), LIKE_WEIGHT)
    if scorer.deep:
        appeal = Appeal(DEEP_HIT, scorer.target, -DEEP_OBSCURITY, DEEP_OBSCURITY)
    else:
        appeal = Appeal(HIT_WEIGHT, scorer.target, FAME_WEIGHT)
    pending: list[tuple[float, str, str, Candidate]] = []
    for bound, title in catalogue.by_facts(weights, appeal):
        ceiling = hundredths(bound + most_else + 1e-9) / 100
        while pending and -pending[0][0] > ceiling:
            negated, _, _, best = heapq.heappop(pending)
            yield -negated, best
        if offered(title) and matches(title, query, all_themes=False):
            score = scorer.score(title)
            if score is not None:
                heapq.heappush(pending, (-_shown_score(score), title.title.casefold(),
                                         title.id, title))
    while pending:
        negated, _, _, best = heapq.heappop(pending)
        yield -negated, best


def _shown(catalogue: Catalogue, picks: list[tuple[Candidate, float, tuple[str, ...]]]
           ) -> list[Recommendation]:
    """The picks as Recommendations of full titles, loaded in one call."""
    titles = catalogue.load([c.id for c, _, _ in picks])
    return [Recommendation(title, score, reasons)
            for title, (_, score, reasons) in zip(titles, picks, strict=True)]


def _best(catalogue: Catalogue, ranked: Iterable[tuple[float, Candidate]], limit: int | None
          ) -> list[tuple[float, Candidate]]:
    """The first `limit` of `ranked` (best first), one per franchise."""
    picks, franchises = [], set()
    for score, title in ranked:
        root = franchise(catalogue, title)
        if root not in franchises:
            franchises.add(root)
            picks.append((score, title))
            if limit is not None and len(picks) == limit:
                break
    return picks
