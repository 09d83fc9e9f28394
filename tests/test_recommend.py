"""Scoring order, reasons, --like, franchises, ties, and the seeded random pick."""

from __future__ import annotations

import json
import random

import pytest

from conftest import MINI_VOCABULARY, title_of, title_yaml
from cryanime import Query, load_catalogue, random_pick, recommend
from cryanime.ranking import theme_points

SURVEY = "survey_lists: 100\n"


@pytest.fixture
def small(write_catalogue):
    """Titles whose order is easy to work out by hand (a survey of 100 lists)."""
    return load_catalogue(write_catalogue(
        title_yaml(id="alpha", title="Alpha", themes="[grief, war]", tears=2)
        + title_yaml(id="bravo", title="Bravo", themes="[war, family, grief]", tears=5,
                     lists=36)
        + title_yaml(id="charlie", title="Charlie", themes="[family, first-love]", tears=4)
        + title_yaml(id="delta", title="Delta", themes="[grief, war, family]", tears=1)
        + title_yaml(id="echo", title="Echo", themes="[grief, first-love]", tears=5, lists=4),
        vocabulary=SURVEY + MINI_VOCABULARY,
    ))


def ids(picks):
    return [p.title.id for p in picks]


def test_theme_points_count_central_themes_fully():
    """One of a title's first three themes: 1.2 points; further down (incidental): 0.15;
    absent: 0."""
    t = title_of(load_catalogue(), "your-lie-in-april")  # music, grief, illness, ...
    assert theme_points(t, "music") == theme_points(t, "grief") == 1.2
    assert theme_points(t, "illness") == 1.2
    assert theme_points(t, "first-love") == 0.15
    assert theme_points(t, "war") == 0


def test_among_equally_relevant_titles_harder_and_fan_named_lead(small):
    """All four carry grief among their first three themes; Bravo (tears 5 and on 36
    lists) and Echo (tears 5, 4 lists) come before Alpha and Delta, which hit softer."""
    picks = recommend(small, Query(themes=("grief",)))
    assert ids(picks) == ["bravo", "echo", "alpha", "delta"]
    bravo = 1.2 + 0.4 * 1 + 0.6 * (36 / 100) ** 0.5
    assert picks[0].score == pytest.approx(round(bravo, 2))


def test_a_central_theme_outranks_an_incidental_one_however_famous(write_catalogue):
    """Grief fourth of five themes (incidental), tears 5 and on every list, still ranks
    below a title where grief is central, with tears 1 and on no list; the reason says
    which is on the side."""
    catalogue = load_catalogue(write_catalogue(
        title_yaml(id="famous", title="Famous", themes="[war, family, first-love, grief]",
                   tears=5, lists=100)
        + title_yaml(id="quiet", title="Quiet", themes="[family, war, grief]", tears=1),
        vocabulary=SURVEY + MINI_VOCABULARY))
    picks = recommend(catalogue, Query(themes=("grief",)))
    assert ids(picks) == ["quiet", "famous"]
    assert picks[1].reasons[0] == "carries 'grief' (on the side)"
    assert picks[0].reasons[0] == "carries 'grief'"


def test_relevance_stays_first(small):
    """Carrying both wished themes beats carrying one, however hard the other hits."""
    picks = recommend(small, Query(themes=("grief", "first-love")))
    assert ids(picks)[0] == "echo"
    picks = recommend(small, Query(themes=("grief", "family")))
    assert ids(picks)[:2] == ["bravo", "delta"]  # both carry both; Bravo hits harder


def test_ties_break_by_title(write_catalogue):
    """Identical scores keep a fixed order: by title."""
    cat = load_catalogue(write_catalogue(
        title_yaml(id="zulu", title="Zulu") + title_yaml(id="yankee", title="Yankee")))
    assert ids(recommend(cat, Query(themes=("grief",)))) == ["yankee", "zulu"]


def test_reasons_are_short_and_name_the_evidence(small):
    """What it answers, then tears and the lists that name it: one line each."""
    by_id = {p.title.id: p for p in recommend(small, Query(themes=("grief", "war")))}
    assert by_id["alpha"].reasons == ("carries 'grief' (its main theme) and 'war'",
                                      "tears 2/5")
    assert by_id["bravo"].reasons == ("carries 'war' (its main theme) and 'grief'",
                                      "tears 5/5, on 36 of 100 saddest-anime lists")


def test_asking_nothing_puts_the_titles_fans_name_most_first(small):
    """No theme, no --like, nothing loved: most lists first, tears only between equals."""
    picks = recommend(small, Query(), limit=None)
    assert ids(picks) == ["bravo", "echo", "charlie", "alpha", "delta"]
    assert picks[2].reasons == ("tears 4/5, a hopeful ending",)


def test_a_rare_shared_theme_says_more_than_a_common_one(write_catalogue):
    """Liking a title about grief and first love: the title sharing rare first love beats
    the one sharing grief, which every title carries."""
    cat = load_catalogue(write_catalogue(
        title_yaml(id="liked", title="Liked", themes="[grief, first-love]", tears=4)
        + title_yaml(id="common", title="Common", themes="[grief, war]", tears=4)
        + title_yaml(id="rare", title="Rare", themes="[first-love, grief]", tears=4)
        + "".join(title_yaml(id=f"f{i}", title=f"Filler {i}", themes="[grief, war]", tears=4)
                  for i in range(6))))
    picks = recommend(cat, Query(), like=[title_of(cat, "liked")])
    assert ids(picks)[0] == "rare"


def test_picks_hit_about_as_hard_as_the_liked_title(write_catalogue):
    """Two titles share the same themes with a tears-5 favourite: the tears-5 one leads."""
    cat = load_catalogue(write_catalogue(
        title_yaml(id="liked", title="Liked", themes="[grief, family]", tears=5)
        + title_yaml(id="soft", title="Aaa Soft", themes="[grief, family]", tears=2)
        + title_yaml(id="hard", title="Zzz Hard", themes="[grief, family]", tears=5)))
    assert ids(recommend(cat, Query(), like=[title_of(cat, "liked")])) == ["hard", "soft"]


def test_a_title_liked_twice_counts_once(catalogue):
    """--like X --like X gives the same picks and scores as --like X."""
    clannad = catalogue.get("clannad")
    assert recommend(catalogue, Query(), like=[clannad, clannad]) == \
        recommend(catalogue, Query(), like=[clannad])


def test_six_loved_titles_make_one_short_reason(catalogue):
    """Loved titles stand in for --like: one reason line naming two and how many more."""
    loved = [catalogue.get(i) for i in ("clannad", "anohana", "your-lie-in-april", "air",
                                        "kanon", "angel-beats")]
    picks = recommend(catalogue, Query(), loved=loved, watched=[t.id for t in loved],
                      exclude=[t.id for t in loved])
    assert picks
    for pick in picks:
        assert len(pick.reasons) <= 3
        assert pick.reasons[0].startswith(("because you loved ", "continues "))
        assert len(pick.reasons[0]) < 120


def test_recommend_on_bundled_grief_is_deterministic_and_fan_named(catalogue):
    """The same query gives the same list every time, best first, led by titles fans cry
    at: every pick of the grief top five is named on 5 or more lists."""
    first = recommend(catalogue, Query(themes=("grief",)))
    assert first == recommend(catalogue, Query(themes=("grief",)))
    scores = [p.score for p in first]
    assert scores == sorted(scores, reverse=True)
    assert all("grief" in p.title.themes and p.title.lists >= 5 for p in first)


class TestFranchises:
    def test_a_continuation_waits_for_its_first_part(self, catalogue):
        """Clannad: After Story is never offered while Clannad is unwatched."""
        picks = recommend(catalogue, Query(themes=("family",)), limit=None)
        assert "clannad-after-story" not in ids(picks)
        assert "clannad" in ids(picks)

    def test_once_the_first_part_is_watched_the_continuation_says_so(self, catalogue):
        picks = recommend(catalogue, Query(themes=("family",)), limit=None,
                          watched=["clannad"], exclude=["clannad"])
        after = next(p for p in picks if p.title.id == "clannad-after-story")
        assert "continues Clannad, which you watched" in after.reasons

    def test_a_first_part_names_what_follows(self, catalogue):
        pick = next(p for p in recommend(catalogue, Query(themes=("family",)), limit=None)
                    if p.title.id == "clannad")
        assert "then: Clannad: After Story" in pick.reasons

    def test_one_title_per_franchise(self, catalogue):
        """With the series watched, Violet Evergarden's side story and film wait their
        turn: at most one title of a franchise in any top N."""
        from cryanime.ranking import franchise

        for query in (Query(themes=("grief",)), Query(themes=("war",)), Query()):
            picks = recommend(catalogue, query, limit=None, watched=["violet-evergarden"])
            roots = [franchise(catalogue, p.title) for p in picks]
            assert len(roots) == len(set(roots))

    def test_a_liked_titles_own_franchise_is_never_like_it(self, catalogue):
        """--like X never offers the rest of X's story (sequels, films, retellings) as
        "like" it, however alike, in either direction."""
        for liked in ("clannad", "clannad-after-story", "anohana", "code-geass",
                      "neon-genesis-evangelion"):
            title = catalogue.get(liked)
            picks = recommend(catalogue, Query(), like=[title], limit=10)
            own = catalogue.franchise_of(liked)
            assert picks and all(catalogue.franchise_of(p.title.id) != own for p in picks)

    def test_random_and_tonight_follow_the_rule(self, invoke):
        """Neither offers a continuation whose first part is unwatched."""
        seen = {invoke("random", "--seed", str(seed), "--plain", "--theme", "family")
                .stdout.split("\t")[0] for seed in range(300)}
        assert "clannad-after-story" not in seen and "clannad" in seen
        result = invoke("tonight", "--time", "any", "--tears", "5", "--ending", "bittersweet",
                        "--json", "--seed", "1")
        assert result.exit_code == 0
        from cryanime.tonight import Answers, offers

        cat = load_catalogue()
        offered = offers(cat, Answers(None, 5, None), rng=random.Random(1))
        assert all(o.title.after is None for o in offered)
        offered = offers(cat, Answers(None, 5, None), exclude={"clannad"}, rng=random.Random(1))
        assert "clannad-after-story" in {o.title.id for o in offered}

    def test_random_says_when_only_continuations_fit(self, invoke):
        """Everything that fits continues an unwatched title: say which to watch first."""
        result = invoke("random", "--era", "2017", "--series", "--theme", "bullying")
        assert result.exit_code == 1
        assert ("Everything that fits continues a title you have not watched: March Comes "
                "In Like a Lion. Watch that first") in result.stderr


def test_like_reasons_never_name_a_spoiler_theme(catalogue):
    """Your Name hides time travel and disaster; a pick's reason never says them."""
    picks = recommend(catalogue, Query(), like=[catalogue.get("the-girl-who-leapt-through-time")],
                      limit=None)
    your_name = next(p for p in picks if p.title.id == "your-name")
    assert not any("time travel" in r or "disaster" in r for r in your_name.reasons)


def test_seeded_random_is_repeatable_and_uniform(catalogue):
    """The same seed gives the same pick; over many seeds every title turns up."""
    titles = list(catalogue.titles)
    assert random_pick(titles, random.Random(42)) == random_pick(titles, random.Random(42))
    seen = {getattr(random_pick(titles, random.Random(seed)), "id", None)
            for seed in range(3000)}
    assert seen == {t.id for t in titles}


def test_a_seeded_pick_is_the_one_random_choice_makes(catalogue):
    """random_pick draws by randrange: a seed picks what random.Random.choice always did."""
    titles = list(catalogue.titles)
    for seed in range(50):
        assert random_pick(titles, random.Random(seed)) == random.Random(seed).choice(titles)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 200, 256, 257, 1000])
def test_unseeded_draws_are_uniform_and_in_range(size):
    """SystemDraws (os.urandom, for a pick with no seed) turns every equally likely input
    into every value of the range equally often: fed each possible input once, in order,
    each value in [start, stop) comes out the same number of times, and nothing else."""
    from collections import Counter

    from cryanime.draw import SystemDraws

    length = (size.bit_length() + 7) // 8
    inputs = iter(range(256 ** length))
    draws = SystemDraws(lambda n: next(inputs).to_bytes(n, "big"))
    counts: Counter[int] = Counter()
    while True:
        try:
            counts[draws.randrange(10, 10 + size)] += 1
        except StopIteration:
            break
    assert set(counts) == set(range(10, 10 + size))
    assert len(set(counts.values())) == 1  # each value equally often
    with pytest.raises(ValueError):
        draws.randrange(5, 5)


def test_an_unseeded_pick_draws_every_title(catalogue):
    """With no seed (the operating system's randomness) every title turns up."""
    titles = list(catalogue.titles)
    seen = {getattr(random_pick(titles), "id", None) for _ in range(3000)}
    assert seen == {t.id for t in titles}


def test_draw_is_uniform_over_what_fits_and_never_anything_else(small):
    """Over many seeds every title that passes turns up, about equally often, and
    nothing that fails the filters, the skip list or the plan ever does."""
    from collections import Counter

    from cryanime.draw import draw

    query = Query(themes=("grief",))
    counts = Counter(getattr(draw(small, query, random.Random(seed), skip={"delta"}), "id", None)
                     for seed in range(3000))
    assert set(counts) == {"alpha", "bravo", "echo"}
    assert max(counts.values()) - min(counts.values()) < 300  # ~1000 each
    assert getattr(draw(small, Query(themes=("grief",), min_tears=5), random.Random(1),
                        among={"bravo", "charlie"}), "id", None) == "bravo"
    assert draw(small, Query(themes=("first-love",)), random.Random(1),
                skip={"charlie", "echo"}) is None
    assert getattr(draw(small, Query(), random.Random(2)), "id", None) in {
        t.id for t in small.titles}


def test_a_wished_theme_that_is_a_spoiler_is_not_named_in_the_reasons(invoke, catalogue):
    """recommend --theme "time travel": the Why of a title whose time travel is a spoiler
    (its Themes column hides it) does not name it either, unless --spoilers; the titles
    where it is no secret still say so."""
    spoiled = {t.id for t in catalogue.titles if "time-travel" in t.spoiler_themes}
    assert spoiled  # the bundled catalogue hides it for some
    result = invoke("recommend", "--theme", "time travel", "-n", "40", "--json")
    picks = json.loads(result.stdout)
    hidden = [p for p in picks if p["id"] in spoiled]
    open_ = [p for p in picks if p["id"] not in spoiled]
    assert hidden and open_
    for pick in hidden:
        assert not any("time travel" in reason for reason in pick["reasons"]), pick["id"]
        assert "carries what you asked for (a spoiler: --spoilers names it)" in pick["reasons"]
    for pick in open_:
        assert any("carries 'time travel'" in reason for reason in pick["reasons"])
    shown = json.loads(invoke("--spoilers", "recommend", "--theme", "time travel", "-n", "40",
                              "--json").stdout)
    for pick in shown:
        assert any("carries 'time travel'" in reason for reason in pick["reasons"]), pick["id"]
    table = invoke("recommend", "--theme", "time travel", "-n", "40", "--plain")
    assert all("time travel" not in line.split("\t")[-1] for line in table.stdout.splitlines()
               if line.split("\t")[1] in spoiled)
