"""Finding the title a person means from what they typed: the one matcher behind `show`,
`--like`, `watched add/remove` and completion.

The rules, in order (README.md, "Finding a title"):

1. An id, or a whole name (title, romaji, Japanese title, alias) ignoring case, width,
   punctuation and spacing: ``steins gate`` is *Steins;Gate*, ``FMA:B`` is an alias.
2. A fragment made of words: each word of the query is a whole word, or the start of a
   word, of one of the title's names, in the same order (``your lie``, ``tokyo magn``).
   Letters inside a word never match: ``x`` is not in "six", ``love`` not in "clover".
3. A close spelling of a whole name (``grave of the fireflys``), when one title is
   clearly nearer than the others. A close spelling shares at least a third of its runs
   of three letters with the name (so that the index finds it without reading every
   title).

When nothing is found, the titles with a word near a word of the query (sharing a third
of its runs of three letters) are suggested.

Words that tell titles apart (numbers, ``II``, ``R2``, ``season``, ``movie``, ``film``,
``the end of``, a subtitle after a colon) must be found in the title in every rule:
``Clannad 2`` is not *Clannad*, and a sequel the catalogue lacks is "not found", never
its relative. Several titles that fit equally are listed, never guessed between.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from .errors import AmbiguousTitleError, TitleNotFoundError, TitleTooLongError
from .names import key, trigrams, words

if TYPE_CHECKING:
    from .catalogue import Candidate, Catalogue

__all__ = ["complete", "find_title", "matched_name", "words"]

# Words that set one entry of a franchise apart from another.
MARKERS = frozenset({
    "season", "movie", "film", "ova", "ona", "special", "specials", "part", "final",
    "end", "zero", "gaiden", "sequel", "prequel", "ii", "iii", "iv", "vi", "vii", "viii",
    "ix", "x", "2nd", "3rd", "4th", "5th",
})
# Words too common to set a subtitle apart.
_STOP = frozenset({"the", "a", "an", "of", "and", "in", "to", "no", "wa", "wo", "ga", "de"})
FUZZY_ENOUGH = 0.8  # how close a misspelt whole name must be
NEAR_ENOUGH = 0.85  # how close a word must be to make a title a suggestion


def _markers(query: str) -> list[str]:
    """The query's words that must be found in the title."""
    found = [w for w in words(query) if w in MARKERS or any(ch.isdigit() for ch in w)]
    if ":" in query:  # a subtitle sets a title apart too
        found += [w for w in words(query.split(":", 1)[1]) if w not in _STOP]
    return found


def _in_order(query: Sequence[str], name: Sequence[str]) -> bool:
    """Each query word starts a word of `name`, in order (words may be skipped)."""
    position = 0
    for word in query:
        while position < len(name) and not name[position].startswith(word):
            position += 1
        if position == len(name):
            return False
        position += 1
    return True


class _Names:
    """One title's names, folded for matching."""

    __slots__ = ("keys", "title", "word_lists", "words")

    def __init__(self, title: Candidate) -> None:
        self.title = title
        names = [*title.names, title.id.replace("-", " ")]
        self.keys = {key(n) for n in names} - {""}
        self.word_lists = [w for w in map(words, names) if w]
        self.words = {w for ws in self.word_lists for w in ws}

    def has_markers(self, markers: Iterable[str]) -> bool:
        """Every marker is a word of the title ('2' is found in '2nd' too)."""
        return all(m in self.words or (m.isdigit() and {f"{m}st", f"{m}nd", f"{m}rd",
                                                        f"{m}th"} & self.words)
                   for m in markers)

    def fits(self, query_words: Sequence[str], markers: Sequence[str]) -> bool:
        """The query as a fragment: its markers anywhere, its other words in order."""
        rest = [w for w in query_words if w not in markers]
        return self.has_markers(markers) and any(_in_order(rest, ws) for ws in self.word_lists)

    def similarity(self, query_key: str) -> float:
        import difflib

        return max(difflib.SequenceMatcher(None, query_key, k).ratio() for k in self.keys)

    def nearness(self, query_words: Sequence[str]) -> tuple[int, float]:
        """How many of the query's words are close to a word of this title, and how
        close they come on average (for suggestions)."""
        import difflib

        scores = [max((difflib.SequenceMatcher(None, q, w).ratio() for w in self.words),
                      default=0.0) for q in query_words]
        close = sum(score >= NEAR_ENOUGH for score in scores)
        return close, sum(scores) / len(scores) if scores else 0.0


AMBIGUOUS_SHOWN = 8  # titles an ambiguous query names (one more found says it is ambiguous)
LONGEST_QUERY = 300  # characters; the longest anime titles are about half that


def find_title(catalogue: Catalogue, query: str) -> Candidate:
    """The one title `query` means (see the module's rules).

    Raises AmbiguousTitleError naming the candidates when several fit about equally,
    TitleNotFoundError with the nearest names (possibly none) when none fits, and
    TitleTooLongError, before any looking, for a query longer than any title could be.
    """
    if len(query) > LONGEST_QUERY:
        raise TitleTooLongError(query, LONGEST_QUERY)
    by_id = catalogue.candidate(query.strip().casefold())
    if by_id is not None:  # an id is unique: "t-1-10" is never "t-11-0"
        return by_id
    query_key, query_words, markers = key(query), words(query), _markers(query)
    if not query_key:
        raise TitleNotFoundError(query, [])
    exact = catalogue.named(query_key)  # an index: no need to look at every title
    if exact:
        return _one(query, exact)
    # each rule looks only at the titles an index gives for it (every word of a fragment
    # is in the names; a close spelling or a near word shares three letters in a row)
    fragment = list(islice((t for t in catalogue.containing(query_words)
                            if _Names(t).fits(query_words, markers)), AMBIGUOUS_SHOWN + 1))
    if fragment:
        return _one(query, fragment)
    if len(query_key) >= 4:
        grams = trigrams(query_key)
        names = map(_Names, catalogue.sharing_trigrams(grams, keys=True,
                                                       at_least=_enough(grams)))
        scored = sorted(((n.similarity(query_key), n.title) for n in names
                         if n.has_markers(markers)), key=lambda st: (-st[0], st[1].title))
        if scored and scored[0][0] >= FUZZY_ENOUGH:
            best = scored[0][0]
            return _one(query, [t for s, t in scored if best - s < 0.05])
    plain = [w for w in query_words if w not in markers and w not in _STOP]
    near: dict[str, Candidate] = {}
    for grams in filter(None, map(trigrams, plain)):
        near.update((t.id, t) for t in catalogue.sharing_trigrams(grams,
                                                                  at_least=_enough(grams)))
    raise TitleNotFoundError(query, _nearest(list(map(_Names, near.values())), plain))


def _enough(grams: set[str]) -> int:
    """How many of a word's (or name's) runs of three letters a close spelling shares
    with it: a third (one typo in a seven-letter word leaves two of five)."""
    return -(-len(grams) // 3)


def _one(query: str, titles: list[Candidate]) -> Candidate:
    if len(titles) == 1:
        return titles[0]
    raise AmbiguousTitleError(query, [t.title for t in titles][:AMBIGUOUS_SHOWN])


def _nearest(names: list[_Names], query_words: Sequence[str], most: int = 3) -> list[str]:
    """Titles with a word near a word of the query, nearest first (none when nothing
    is near: a list of unrelated titles is noise)."""
    if not query_words or not names:
        return []
    ranked = sorted(((n.nearness(query_words), n.title.title) for n in names),
                    key=lambda st: (-st[0][0], -st[0][1], st[1]))
    enough = max(1, (ranked[0][0][0] + 1) // 2)  # at least half as many near words as the best
    return [title for (close, _), title in ranked[:most] if close >= enough]


def matched_name(title: Candidate, query: str) -> str | None:
    """The name other than its title inside which the words of `query` found `title` (an
    alias, the romaji ...), for saying so; None when the words are the title's, or the
    query is a whole name or the id (meant as typed)."""
    query_key, query_words, markers = key(query), words(query), _markers(query)
    names = [title.title, *title.names, title.id.replace("-", " ")]
    if query.strip().casefold() == title.id or any(key(n) == query_key for n in names):
        return None
    rest = [w for w in query_words if w not in markers]
    for name in names:
        name_words = words(name)
        if set(markers) <= set(name_words) and _in_order(rest, name_words):
            return None if name == title.title else name
    return None


def complete(titles: Iterable[Candidate], incomplete: str) -> list[Candidate]:
    """The titles an unfinished word or fragment can lead to, for shell completion (by
    id): ids that start with it, and titles it fits as a fragment (rule 2)."""
    prefix = incomplete.casefold()
    query_words, markers = words(incomplete), _markers(incomplete)
    found = [t for t in titles
             if t.id.startswith(prefix) or (query_words and _Names(t).fits(query_words, markers))]
    return sorted(found, key=lambda t: t.id)
