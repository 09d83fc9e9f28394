"""How alike two titles are, for `recommend --like` (see :mod:`cryanime.ranking` and the
README's "How recommend scores"): fans' own links weigh most, then shared creators and
studio, genres and demographic (by rarity), tone, then themes (by rarity); intense content
the liked title lacks counts against."""

from __future__ import annotations

import math
from collections import Counter
from typing import NamedTuple

from .catalogue import AnyTitle, Candidate, Catalogue, plain_genres
from .constants import DEMOGRAPHICS

# how alike two titles are (see likeness): the weight of each kind of evidence
FAN_LINK = 1.0  # fans recommend one to those who liked the other
CONTINUES = 2.0  # the next part of the liked title's own story (a loved title leads on)
CREATOR = 0.6  # a shared director or original creator
STUDIO = 0.15  # the same animation studio
GENRES = 0.5  # the share of the liked title's genres the pick has, by rarity
DEMOGRAPHIC = 0.1  # the same audience (shounen, seinen, shoujo, josei)
TONE = 0.2  # tears as close as the liked title's (0.15) and the same ending (0.05)
THEMES = 0.4  # the share of the liked title's themes the pick carries, by rarity
INTENSE = 0.2  # against, for each intense warning the liked title does not carry
MOST_INTENSE = 3  # counted at most


def rarity(counts: Counter[str] | dict[str, int], size: int) -> dict[str, float]:
    """Each theme's (or genre's) weight: log(1 + N / n) when n of the N titles carry it,
    so one that a title in ten carries weighs about twice one that half of them carry."""
    return {name: math.log(1 + size / n) for name, n in counts.items() if n}


def genres_of(title: AnyTitle) -> tuple[list[str], list[str]]:
    """A title's MyAnimeList genres (accolades left out) and its demographic, apart."""
    return plain_genres(title), [g for g in title.genres if g in DEMOGRAPHICS]


class Likeness(NamedTuple):
    """How alike a pick is to one liked title, and what they share."""

    score: float
    fans: bool  # fans link them
    continues: bool  # the pick comes right after the liked title in its story
    creators: tuple[str, ...]
    studio: str
    genres: tuple[str, ...]  # shared genres, rarest first
    themes: tuple[str, ...]  # shared themes, rarest first


class Likes:
    """What --like compares: the catalogue's rarity weights, computed once a question."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.theme_weights = rarity(catalogue.theme_counts(), catalogue.size)
        self.genre_weights = rarity(catalogue.genre_counts(), catalogue.size)
        self.intense = {w.id for w in catalogue.warnings.values() if w.intense}

    def likeness(self, liked: AnyTitle, title: Candidate) -> Likeness:
        """How alike `title` is to `liked` (see the module docstring); 0 and nothing
        shared when they have nothing in common but tone."""
        fans = title.id in liked.similar or liked.id in title.similar
        continues = title.after == liked.id
        creators = tuple(c for c in title.creators if c in liked.creators)
        studio = title.studio if title.studio and title.studio == liked.studio else ""
        mine, demographic = genres_of(liked)
        theirs, audience = genres_of(title)
        genres = sorted(set(mine) & set(theirs), key=lambda g: (-self.genre_weights[g], g))
        themes = sorted(set(liked.themes) & set(title.themes),
                        key=lambda t: (-self.theme_weights.get(t, 0.0), t))
        if not (fans or continues or creators or studio or genres or themes):
            return Likeness(0.0, False, False, (), "", (), ())
        score = (FAN_LINK * fans + CONTINUES * continues + CREATOR * min(1, len(creators))
                 + STUDIO * bool(studio))
        if mine:
            score += GENRES * (sum(self.genre_weights[g] for g in genres)
                               / sum(self.genre_weights[g] for g in mine))
        score += DEMOGRAPHIC * bool(demographic and set(demographic) & set(audience))
        score += TONE * (0.75 * (1 - abs(title.tears - liked.tears) / 4)
                         + 0.25 * (title.ending == liked.ending))
        total = sum(self.theme_weights.get(t, 0.0) for t in liked.themes) or 1.0
        score += THEMES * sum(self.theme_weights.get(t, 0.0) for t in themes) / total
        harsher = len((set(title.warnings) - set(liked.warnings)) & self.intense)
        score -= INTENSE * min(harsher, MOST_INTENSE)
        return Likeness(score, fans, continues, creators, studio, tuple(genres), tuple(themes))


    def fact_weights(self, liked: list[AnyTitle], scale: float
                     ) -> tuple[dict[tuple[str, str], float], float]:
        """An upper bound of `scale` x the mean likeness to the liked titles, as weights
        of the facts a title carries (Catalogue.by_facts) plus a number: what each liked
        title shares could be worth at most (a shared creator, studio, fans' link,
        genre and theme, each by its weight here), and the most demographic and tone can
        add; intense content, which only counts against, is left out. A title sharing
        no fact with any liked title is not like them at all."""
        weights: dict[tuple[str, str], float] = {}
        share = scale / len(liked)

        def add(fact: tuple[str, str], weight: float) -> None:
            weights[fact] = weights.get(fact, 0.0) + share * weight

        for title in liked:
            genres, _ = genres_of(title)
            total_genres = sum(self.genre_weights.get(g, 0.0) for g in genres)
            for genre in genres:
                if total_genres:
                    add(("genre", genre), GENRES * self.genre_weights.get(genre, 0.0)
                        / total_genres)
            total_themes = sum(self.theme_weights.get(t, 0.0) for t in title.themes) or 1.0
            for theme in title.themes:
                add(("theme", theme), THEMES * self.theme_weights.get(theme, 0.0)
                    / total_themes)
            if title.studio:
                add(("studio", title.studio), STUDIO)
            for creator in title.creators:
                add(("creator", creator), CREATOR)
            for other in title.similar:  # fans link them, either way round
                add(("id", other), FAN_LINK)
            add(("similar", title.id), FAN_LINK)
            add(("after", title.id), CONTINUES)  # what follows it (only a loved title's
            # own story may be picked: --like leaves the liked title's franchise out)
        return weights, scale * (DEMOGRAPHIC + TONE)
