"""One contract, two implementations: every question asked of the catalogue held in memory
(straight from YAML) and of the SQLite index (cryanime.indexed) gets the same answer:
recommend (themes, likes, filters), random with a seed, show (exact, fragment, fuzzy,
miss), list with every filter and order, tonight, completion, and every call of the
Catalogue interface beneath them. The index runs in four builds: as it is here, with a
plain search table where SQLite lacks FTS5's trigram tokenizer, with Python's sqrt and
floor where SQLite lacks its math functions, and with the themes_ranked index a large
catalogue gets."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import MINI_VOCABULARY, title_yaml
from cryanime import index, index_alike, index_build, index_queries
from cryanime import indexed as indexed_module
from cryanime.catalogue import Appeal, Candidate, Catalogue, Weights, facts_of
from cryanime.draw import draw, why_nothing_drawn
from cryanime.errors import CryanimeError
from cryanime.indexed import IndexedCatalogue
from cryanime.loading import load_catalogues
from cryanime.matching import complete, find_title
from cryanime.names import key, trigrams
from cryanime.paths import bundled_path
from cryanime.query import Era, Query, find, find_ids, sort_key
from cryanime.ranking import recommend
from cryanime.tonight import Answers, loosen_options, offers

BUILDS = ["sqlite", "sqlite, plain search", "sqlite, Python's math", "sqlite, ranked themes"]


def synthetic(path: Path) -> Path:
    """Three hundred titles with many ties (few survey counts and tears), franchises
    (after and related), films and series of every length, over fifty years."""
    rng = random.Random(7)
    themes = ["grief", "war", "first-love", "family"]
    words = ["rain", "letter", "summer", "train", "river", "lantern", "snow", "piano"]
    entries = []
    for i in range(300):
        name = " ".join(rng.choice(words) for _ in range(2)).title()
        film = i % 4 == 0
        fields: dict[str, object] = dict(
            id=f"t{i:03d}", title=f'"{name} {i}"', year=1975 + i % 50,
            themes="[" + ", ".join(rng.sample(themes, rng.randint(1, 4))) + "]",
            tears=1 + rng.randrange(5), lists=rng.choice([0, 0, 1, 3, 12]),
            ending=rng.choice(["hopeful", "bittersweet", "devastating"]),
            warnings="[gore]" if i % 5 == 0 else "[]",
            aliases=f'["{name.split()[0]} {i}"]')
        if film:
            fields.update(format="film", runtime_minutes=60 + i % 90, episodes=None)
        else:
            fields.update(episodes=1 + i % 30)
        if i % 10 == 1:
            fields["after"] = f"t{i - 1:03d}"
        if i % 17 == 3:
            fields["related"] = f"[t{i - 3:03d}]"
        entries.append(title_yaml(**fields))
    path.write_text("survey_lists: 20\n" + MINI_VOCABULARY + "titles:\n" + "".join(entries),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def source(request, tmp_path_factory) -> list[Path]:
    if request.param == "bundled":
        return [Path(bundled_path())]
    return [synthetic(tmp_path_factory.mktemp("contract") / "synthetic.yaml")]


@pytest.fixture(scope="module")
def memory(source) -> Catalogue:
    return load_catalogues(source)


@pytest.fixture(scope="module", params=BUILDS)
def indexed(request, source, memory, tmp_path_factory) -> Iterator[IndexedCatalogue]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRYANIME_CACHE_DIR", str(tmp_path_factory.mktemp("index")))
        fts = (lambda connection: False) if request.param.endswith("plain search") else None
        if request.param.endswith("ranked themes"):  # as a large catalogue's index has it
            patch.setattr(index_build, "RANKED_FROM", 0)
        index_build.write(source, memory, fts=fts)
        opened = index.open_fresh(index.index_file(source), source)
        assert opened is not None
        connection, meta = opened
        if request.param.endswith("math"):  # Python's functions take the place of SQLite's
            index.add_math(connection)
    assert meta["search"] == ("instr" if fts else "fts5-trigram")
    assert meta["ranked"] == request.param.endswith("ranked themes")
    with pytest.MonkeyPatch.context() as patch:
        if meta["ranked"]:  # pages of two: each position and tears level's rows are cut
            patch.setattr(indexed_module, "FIRST_PAGE", 2)
        yield IndexedCatalogue(connection, meta, lambda: pytest.fail("the index failed"))


def same(memory: Catalogue, indexed: Catalogue, ask: Callable[..., object], *args: object,
         **kwargs: object) -> None:
    """`ask(catalogue, *args, **kwargs)` of both gives the same answer, or the same error."""
    answers = []
    for catalogue in (memory, indexed):
        try:
            answers.append(("answer", ask(catalogue, *args, **kwargs)))
        except CryanimeError as exc:
            answers.append(("error", (type(exc), str(exc))))
    assert answers[1] == answers[0], (args, kwargs)


def picks(catalogue: Catalogue, query: Query, **kwargs: object) -> list[dict[str, object]]:
    """recommend's picks as JSON data (liked and loved given as ids)."""
    for name in ("like", "loved"):
        if name in kwargs:
            kwargs[name] = catalogue.with_ids(kwargs[name])  # type: ignore[arg-type]
    return [r.to_dict() for r in recommend(catalogue, query, **kwargs)]  # type: ignore[arg-type]


def title_id(catalogue: Catalogue, query: str) -> str:
    return find_title(catalogue, query).id


def sorted_find(catalogue: Catalogue, query: Query, order: str) -> list[Candidate]:
    return sorted(find(catalogue, query), key=sort_key(order))


def seeded_draw(catalogue: Catalogue, query: Query, seed: int, watched: set[str]) -> object:
    return draw(catalogue, query, random.Random(seed), skip=watched, seen=watched)


def seeded_offers(catalogue: Catalogue, answers: Answers, query: Query, watched: list[str],
                  deep: bool) -> object:
    return offers(catalogue, answers, query, watched, random.Random(3), planned=watched[:2],
                  deep=deep)


def completed(catalogue: Catalogue, typed: str) -> object:
    return complete(catalogue.candidates, typed)


def test_every_call_of_the_interface(memory, indexed):
    assert indexed.size == memory.size
    assert indexed.titles == memory.titles and indexed.candidates == memory.candidates
    assert list(indexed.each_candidate()) == list(memory.candidates)
    assert list(indexed.summaries()) == list(memory.summaries())
    places = list(range(memory.size))[::-3]
    assert indexed.at(places) == memory.at(places)
    assert dict(indexed.themes) == dict(memory.themes)
    assert dict(indexed.warnings) == dict(memory.warnings)
    assert (indexed.source, indexed.survey_lists) == (memory.source, memory.survey_lists)
    assert indexed.vocabulary_rows() == memory.vocabulary_rows()
    assert indexed.theme_counts() == memory.theme_counts()
    assert indexed.genre_counts() == memory.genre_counts()
    assert indexed.follower_ids() == memory.follower_ids()
    assert indexed.franchise_ids() == memory.franchise_ids()
    ids = [t.id for t in memory.titles]
    some = [*ids[::-7], "no-such-title", ids[0]]
    assert indexed.load(some) == memory.load(some)
    assert list(indexed.each_title(ids[::-1])) == list(memory.each_title(ids[::-1]))
    assert list(indexed.each_record(some)) == list(memory.each_record(some))
    assert indexed.with_ids(some) == memory.with_ids(some)
    for title_id in [*ids, "no-such-title"]:
        assert indexed.candidate(title_id) == memory.candidate(title_id)
        assert indexed.followers(title_id) == memory.followers(title_id)
        assert indexed.franchise_of(title_id) == memory.franchise_of(title_id)
    themes = sorted(memory.themes)
    for wished in [[], *([t] for t in themes), *map(list, itertools.combinations(themes, 2)),
                   themes[:3], themes, ["no-such-theme"]]:
        assert indexed.with_any_theme(wished) == memory.with_any_theme(wished), wished
        for weights in (Weights(3, 1.2, 0.15, 0.6, 0.4), Weights(3, 1.2, 0.15, -0.5, 0.5, 0.5),
                        Weights(1, 2.0, 0.0, 1.0, 0.1), Weights(3, 0.0, 0.0, 0.0, 0.0)):
            assert list(indexed.weighed(wished, weights)) == list(
                memory.weighed(wished, weights)), (wished, weights)
    for theme in [None, *themes]:
        count = memory.size if theme is None else memory.theme_counts()[theme]
        for n in range(0, count, max(1, count // 20)):
            assert indexed.nth(theme, n) == memory.nth(theme, n)
    for title in memory.titles:
        for name in (*title.names, title.id.replace("-", " ")):
            assert indexed.named(key(name)) == memory.named(key(name)), name
    for missing in ("", "a", "zzzz", "0"):
        assert indexed.named(missing) == memory.named(missing) == []
    for texts in (["rain"], ["the", "of"], ["x"], ["a", "b"], ["lie", "april"], ["雨"], [],
                  ['"', "'"], ["and", "or"]):
        assert list(indexed.containing(texts)) == list(memory.containing(texts)), texts
    for text in ("grave of the fireflys", "clanad", "lettre", "zzq", "ab", "the"):
        for keys, at_least in itertools.product((False, True), (0, 1, 2, 5)):
            grams = trigrams(key(text) if keys else text)
            assert indexed.sharing_trigrams(grams, keys=keys, at_least=at_least) == \
                memory.sharing_trigrams(grams, keys=keys, at_least=at_least), (text, keys)


def by_facts(catalogue: Catalogue, weights: dict[tuple[str, str], float],
             appeal: Appeal) -> list[tuple[float, str]]:
    """--like's stream: (bound to 1e-9, id), checked to come heaviest first, and put in
    (bound, catalogue order): bounds equal but for the last bit of a float may come in
    either order (the memory sums a title's facts in the order of a set)."""
    given = [(bound, title.id) for bound, title in catalogue.by_facts(weights, appeal)]
    assert all(a[0] > b[0] - 1e-9 for a, b in itertools.pairwise(given))
    row = {t.id: r for r, t in enumerate(catalogue.candidates)}
    return sorted(((round(b, 9), i) for b, i in given), key=lambda bi: (-bi[0], row[bi[1]]))


@pytest.mark.parametrize("few", [0, index_alike.FEW, 10**9])
def test_likes_stream_of_titles_sharing_facts(memory, indexed, few, monkeypatch):
    """Every title sharing a weighed fact, with its facts' weights summed plus its
    appeal, heaviest first: from the index's bitmaps (stored for common facts, made for
    rare ones), split fact by fact or settled title by title, as from the memory."""
    monkeypatch.setattr(index_alike, "FEW", few)
    rng = random.Random(11)
    facts = sorted({f for t in memory.titles for f in facts_of(t)})
    appeals = [Appeal(0.4, 4.0, 0.6), Appeal(0.5, 2.0, -0.3, 0.3), Appeal(0.0, 1.0, 0.0)]
    for size in (1, 2, 5, 12, 40):
        for appeal in appeals:
            weights = {f: rng.choice([0.0, 0.1, 0.25, 0.3, 2.0, rng.random()])
                       for f in rng.sample(facts, min(size, len(facts)))}
            weights[("studio", "")] = 1.0  # no title carries an empty value
            assert by_facts(indexed, weights, appeal) == by_facts(memory, weights, appeal)
    assert list(indexed.by_facts({}, appeals[0])) == []


@pytest.mark.parametrize("weights, survey, most, rises", [
    (Weights(3, 1.2, 0.15, 0.6, 0.4), 138, 45, True),
    (Weights(3, 1.2, 0.15, 0.0, 0.4), 138, 45, False),     # no fame: every count the same
    (Weights(3, 1.2, 0.15, -0.5, 0.4), 138, 45, False),    # fame counted against: it falls
    (Weights(3, 1.2, 0.15, 0.6, 0.4), 20, 45, False),      # counts over the survey's tie
    (Weights(3, 1.2, 0.15, 1e-300, 0.4), 138, 45, False),  # too little to tell apart
    (Weights(3, 1.2, 0.15, 0.6, 0.4), 0, 45, False),       # no survey: no fame at all
])
def test_streams_come_from_the_ranked_index_only_where_its_order_is_the_weights(
        weights, survey, most, rises):
    """A theme's rows of one position and tears level come from themes_ranked most
    surveyed first: that is their weight's order only when weight rises strictly with the
    survey count, in floats as SQLite adds them; otherwise the rows are weighed and sorted."""
    def ask(sql, parameters):
        low, high = (0, most) if "lists" in sql else (1, 5)
        return [(low if "min(" in sql else high,)]

    assert index_queries.rises_with_lists(weights, survey, ask) is rises


def queries(catalogue: Catalogue) -> list[Query]:
    themes = sorted(catalogue.themes)
    return [Query(), *(Query(themes=(t,)) for t in themes),
            Query(themes=tuple(themes[:2])), Query(themes=tuple(themes[-3:])),
            Query(themes=tuple(themes)),  # more themes than are read one by one
            Query(themes=(themes[0],), without=("gore",)),
            Query(themes=(themes[0],), era=Era(1990, 2009, "1990-2009")),
            Query(format="film"), Query(format="series", max_episodes=13),
            Query(min_tears=4, ending="devastating"), Query(era=Era(None, 1995, "up to 1995"))]


def test_recommend(memory, indexed):
    ids = [t.id for t in memory.titles]
    for query in queries(memory):
        for limit, deep in ((5, False), (1, False), (None, False), (5, True), (40, True)):
            same(memory, indexed, picks, query, limit=limit, deep=deep, exclude=ids[:3],
                 watched=ids[3:5])
    for liked in ([ids[0]], [ids[len(ids) // 2], ids[-1]]):
        for query in queries(memory)[:4]:
            same(memory, indexed, picks, query, like=liked, limit=5)
    loved = ids[5:8]
    same(memory, indexed, picks, Query(), loved=loved, cried=loved[:1], planned=ids[-5:],
         limit=8)
    same(memory, indexed, picks, Query(), among=ids[::3], limit=5)


def test_random_with_a_seed(memory, indexed):
    watched = {t.id for t in memory.titles[::4]}
    for query in queries(memory):
        for seed in range(8):
            same(memory, indexed, seeded_draw, query, seed, watched)
        same(memory, indexed, why_nothing_drawn, query, watched)


def test_show_exact_fragment_fuzzy_and_miss(memory, indexed):
    asked = ["anohana", "steins gate", "FMA:B", "your lie", "tokyo magn", "clannad 2",
             "grave of the fireflys", "clanad", "plastic memory", "violet", "xyzzy",
             "banana split", "nothing like this", "x", "love", "the", "雨", "Rain Letter",
             "rain letter 12", "train 7", "lantern snow", "sumer", "t010", "piano rivr"]
    asked += [t.title for t in memory.titles[::11]]
    for query in asked:
        same(memory, indexed, title_id, query)


def test_list_with_every_filter_and_order(memory, indexed):
    for query in queries(memory):
        for order in ("title", "year", "tears", "episodes"):
            same(memory, indexed, sorted_find, query, order)
            same(memory, indexed, find_ids, query, order)


def test_tonight(memory, indexed):
    watched = [t.id for t in memory.titles[::5]]
    for level in range(0, 7):
        assert indexed.with_tears(level) == memory.with_tears(level)
    for answers in (Answers(None, None, None), Answers(240, None, "hopeful"),
                    Answers(None, 5, None), Answers(120, 4, "hopeful"), Answers(30, 1, None),
                    Answers(600, 3, "devastating")):
        for query in queries(memory)[:3]:
            for deep in (False, True):
                same(memory, indexed, seeded_offers, answers, query, watched, deep)
            same(memory, indexed, loosen_options, answers, query, watched)


def test_completion(memory, indexed):
    for typed in ("", "a", "an", "clan", "your l", "t01", "rain", "zz", "2"):
        same(memory, indexed, completed, typed)
