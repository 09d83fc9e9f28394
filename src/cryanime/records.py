"""The catalogue's records: Theme (and warning), Title (what is shown) and Candidate (what
the query side reads), and the small functions over many titles (name keys, watch order,
franchises). :mod:`cryanime.catalogue` gives them with the Catalogue interface.
"""

# No `from __future__ import annotations` here: NamedTuple turns string annotations into
# ForwardRefs, compiling each (see README, Performance); the few forward references are
# quoted instead.
import re
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from .constants import DEFAULT_EPISODE_MINUTES
from .names import key
from .title_records import CandidateFields, TitleFields


class Theme(NamedTuple):
    """One entry of the theme (or warning) vocabulary."""

    id: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    # a warning whose content a fan of a gentler title would not want "like" it (gore,
    # sexual violence ...): `recommend --like` holds it against a pick
    intense: bool = False


class Title(TitleFields):
    """One anime in the catalogue, in full: what a card and JSON show. (The query side
    reads :class:`Candidate` records instead.) Its fields are declared once, in
    :mod:`cryanime.title_fields`."""

    __slots__ = ()

    @property
    def total_minutes(self) -> int:
        return _total_minutes(self)

    def shown_themes(self, spoilers: bool = False) -> tuple[str, ...]:
        return _shown_themes(self, spoilers)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a person might type for this title."""
        return tuple(n for n in (self.title, self.romaji, self.native, *self.aliases, self.id) if n)

    def to_dict(self) -> dict[str, Any]:
        """The title as JSON-ready data, with the catalogue's own field names."""
        return title_record(self, _TITLE_AT)


def title_record(values: Sequence[Any], at: Mapping[str, int]) -> dict[str, Any]:
    """A title's JSON-ready data from its field values (`at` gives each field's place
    among them; lists or tuples alike): what Title.to_dict gives, and what the index gives
    straight from its JSON columns, without building a Title or a mapping first."""
    def get(name: str) -> Any:
        return values[at[name]]

    film = get("format") == "film"
    data: dict[str, Any] = {
        "id": get("id"),
        "title": get("title"),
        "romaji": get("romaji"),
        "native": get("native"),
        "aliases": list(get("aliases")),
        "format": get("format"),
        "year": get("year"),
    }
    if film:
        data["runtime_minutes"] = get("runtime_minutes")
    else:
        data["episodes"] = get("episodes")
        if get("episode_minutes") is not None:
            data["episode_minutes"] = get("episode_minutes")
    data.update(
        studio=get("studio"),
        mal_id=get("mal_id"),
        themes=list(get("themes")),
        warnings=list(get("warnings")),
        tears=get("tears"),
        ending=get("ending"),
        pitch=get("pitch"),
        seed_pick=get("seed_pick"),
        lists=get("lists"),
        related=list(get("related")),
        after=get("after"),
        spoiler_themes=list(get("spoiler_themes")),
        genres=list(get("genres")),
        creators=list(get("creators")),
        similar=list(get("similar")),
        sources=list(get("sources")),
    )
    if not film:
        data["seasons"] = get("seasons") or 1
    return data


def name_in(title: "Title | Candidate", language: str) -> str:
    """The title's name in `language` (constants.TITLE_LANGUAGES): its romaji or native title,
    or its English one where it has none."""
    if language == "romaji":
        return title.romaji or title.title
    if language == "native":
        return title.native or title.title
    return title.title


def _total_minutes(title: "Title | Candidate") -> int:
    """How long the whole title takes: a film's runtime, or episodes x episode length."""
    if title.format == "film":
        return title.runtime_minutes or 0
    return (title.episodes or 0) * (title.episode_minutes or DEFAULT_EPISODE_MINUTES)


def _shown_themes(title: "Title | Candidate", spoilers: bool) -> tuple[str, ...]:
    """The themes to show: all with `spoilers`, else those that give no twist away."""
    if spoilers or not title.spoiler_themes:
        return title.themes
    return tuple(t for t in title.themes if t not in title.spoiler_themes)


class Candidate(CandidateFields):
    """What filtering, ranking, tonight, the list table and title lookup read of a title,
    and nothing more: the query side of the catalogue hands out these; what is shown in
    full (a card, JSON) is loaded as :class:`Title` by id (:meth:`Catalogue.load`).

    Its fields are the Title fields marked `query` in :mod:`cryanime.title_fields`, then
    `names` (:attr:`Title.names`). tests/test_catalogue.py runs every query path on
    Candidates.
    """

    __slots__ = ()

    @classmethod
    def of(cls, title: Title) -> "Candidate":
        return cls._make([getattr(title, name) for name in cls._fields])

    @property
    def total_minutes(self) -> int:
        return _total_minutes(self)

    def shown_themes(self, spoilers: bool = False) -> tuple[str, ...]:
        return _shown_themes(self, spoilers)


class Summary(NamedTuple):
    """What `list` orders titles by (see query.sort_key), read without the whole record:
    a long unfiltered list sorts these."""

    id: str
    title: str
    format: str
    year: int
    tears: int
    episodes: int | None


class Weights(NamedTuple):
    """How :meth:`Catalogue.weighed` weighs a title that carries some of the themes asked
    about: `central` for each among its first `main` themes and `side` for each further
    down; plus `fame` times sqrt(its lists / the survey's lists, at most 1), `tears`
    times (its tears - 1) / 4, and `base`. The caller (ranking) says what each is worth."""

    main: int
    central: float
    side: float
    fame: float
    tears: float
    base: float = 0.0


class Appeal(NamedTuple):
    """What :meth:`Catalogue.by_facts` adds to a title's facts: `hit` times how close its
    tears come to `target` (1 - a quarter a level softer - an eighth a level harder, at
    least 0), `fame` times sqrt(its lists / the survey's lists, at most 1), and `base`."""

    hit: float
    target: float
    fame: float
    base: float = 0.0


_TITLE_AT = {name: place for place, name in enumerate(Title._fields)}

# a title as the query side or the shown side has it: the library takes either
AnyTitle = Candidate | Title

# The codec of the index's JSON columns (cryanime.index): a Candidate as a JSON array of
# its fields, and the Title fields a Candidate lacks as another; these fields are tuples,
# which JSON gives back as lists.
REST_FIELDS = tuple(name for name in Title._fields if name not in Candidate._fields)
TUPLE_FIELDS = frozenset({"themes", "aliases", "warnings", "sources", "related",
                          "spoiler_themes", "genres", "creators", "similar", "names"})
_CANDIDATE_TUPLES = [i for i, name in enumerate(Candidate._fields) if name in TUPLE_FIELDS]
_REST_TUPLES = [i for i, name in enumerate(REST_FIELDS) if name in TUPLE_FIELDS]
# where each Title field lies in [*candidate, *rest] (`names` is derived, never read)
_TITLE_FROM = itemgetter(*(Candidate._fields.index(name) if name in Candidate._fields
                           else len(Candidate._fields) + REST_FIELDS.index(name)
                           for name in Title._fields))


def candidate_from(values: list[Any]) -> Candidate:
    """A Candidate from the JSON array of its fields (the list is changed)."""
    for i in _CANDIDATE_TUPLES:
        values[i] = tuple(values[i])
    return Candidate._make(values)


def title_from(candidate: Candidate, rest: list[Any]) -> Title:
    """The Title of `candidate` and the JSON array of its REST_FIELDS (the list is
    changed)."""
    for i in _REST_TUPLES:
        rest[i] = tuple(rest[i])
    return Title._make(_TITLE_FROM([*candidate, *rest]))


def name_keys(titles: Iterable[Title | Candidate]) -> set[tuple[str, int]]:
    """(name key, position) for every name of every title: what `named` looks up."""
    return {(k, row) for row, title in enumerate(titles)
            for k in map(key, (*title.names, title.id.replace("-", " "))) if k}


def follower_ids(titles: Iterable[Title | Candidate]) -> dict[str, list[str]]:
    """For each title that others follow in watch order: the ids of those others."""
    followers: dict[str, list[str]] = {}
    for title in titles:
        if title.after:
            followers.setdefault(title.after, []).append(title.id)
    return followers


def franchise_ids(titles: Iterable[Title | Candidate]) -> dict[str, str]:
    """For each title of a franchise of two or more (titles joined by `after` or
    `related`, either way round): the id of the franchise's first title in catalogue
    order. Titles of a franchise of their own are left out."""
    order: dict[str, int] = {}
    parent: dict[str, str] = {}

    def root(title_id: str) -> str:
        while (up := parent.get(title_id, title_id)) != title_id:
            title_id = up
        return title_id

    links = []
    for title in titles:
        order[title.id] = len(order)
        links += [(title.id, other) for other in (title.after, *title.related) if other]
    members: set[str] = set()
    for one, other in links:
        if other in order and one != other:
            members.update((one, other))
            a, b = root(one), root(other)
            if a != b:
                first, second = sorted((a, b), key=order.__getitem__)
                parent[second] = first
    return {title_id: root(title_id) for title_id in members}


def normalise(text: str) -> str:
    """Fold case, width and punctuation: 'Steins;Gate' and 'steins gate' are equal."""
    return key(text)


def theme_key(text: str) -> str:
    """How a theme is looked up: 'First_Love', 'first love' and 'first-love' are equal."""
    return re.sub(r"[\s_\-]+", "-", text.strip().casefold())
