"""`recommend --like`: fans' links, creators, genres, tone and intensity, never the liked
title's own story; the reasons say what is shared; the evidence behind `similar`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from conftest import title_yaml
from cryanime import Query, load_catalogue, recommend

DATA = Path(__file__).parent.parent / "data"

VOCABULARY = """\
survey_lists: 100
themes:
  - {id: grief, name: grief, description: Loss.}
  - {id: war, name: war, description: War.}
  - {id: bullying, name: bullying, description: Bullies.}
  - {id: family, name: family, description: Family.}
  - {id: music, name: music, description: Music.}
warnings:
  - {id: gore, name: gore, description: Blood., aliases: [blood], intense: true}
  - {id: nudity, name: nudity, description: Bare., intense: true}
  - {id: abuse, name: abuse, description: Abuse.}
"""


def ids(picks):
    return [p.title.id for p in picks]


@pytest.fixture
def small(write_catalogue):
    """A gentle school drama (quiet), what fans pair with it (friend), one by its director
    (same-hand), a gory horror that shares only its bullying (horror), a war drama that
    shares its rare theme only (war-story), and quiet's own film (quiet-film)."""
    def make(**extra: str) -> object:
        return load_catalogue(write_catalogue(
            title_yaml(id="quiet", title="Quiet", format="film", episodes=None,
                       runtime_minutes=120, themes="[bullying, grief, family]", tears=4,
                       genres="[Drama, School, Shounen]", creators="[Ann Director, Bo Writer]",
                       studio="Calm Studio", similar=extra.get("similar", "[friend]"),
                       lists=10)
            + title_yaml(id="friend", title="Friend", themes="[music, grief]", tears=4,
                         genres="[Music, School, Shounen]", studio="Other",
                         creators="[Cy Other]")
            + title_yaml(id="same-hand", title="Same Hand", themes="[family, music]", tears=3,
                         genres="[Drama, Slice of Life]", creators="[Ann Director]",
                         studio="Elsewhere")
            + title_yaml(id="horror", title="Horror", themes="[bullying, grief, war]", tears=4,
                         warnings="[gore, nudity]", genres="[Horror, Drama, Seinen]",
                         lists=60)
            + title_yaml(id="war-story", title="War Story", themes="[war, grief]", tears=4,
                         genres="[Military]", lists=50)
            + title_yaml(id="quiet-film", title='"Quiet: The Film"', themes="[bullying, grief]",
                         tears=4, genres="[Drama, School, Shounen]",
                         creators="[Ann Director]", studio="Calm Studio",
                         related="[quiet]", lists=30),
            vocabulary=VOCABULARY))
    return make


def test_fans_links_weigh_most(small):
    """A title fans recommend to who liked Quiet leads, ahead of one by the same director
    and far ahead of one that shares only themes; the reasons say why in a fan's words."""
    catalogue = small()
    picks = recommend(catalogue, Query(), like=[catalogue.get("quiet")], limit=4)
    assert ids(picks)[:2] == ["friend", "same-hand"]
    assert picks[0].reasons[0] == "fans of Quiet recommend it; also school"
    assert picks[1].reasons[0] == "also by Ann Director; also drama"


def test_without_fans_links_the_creator_leads(small):
    """With no fan link, the director's other work comes first."""
    catalogue = small(similar="[]")
    picks = recommend(catalogue, Query(), like=[catalogue.get("quiet")], limit=4)
    assert ids(picks)[0] == "same-hand"


def test_a_gentle_title_does_not_bring_gory_fan_service_horror(small):
    """Horror shares Quiet's bullying and grief, a genre and its tears, and is the most
    famous, but carries gore and nudity that Quiet does not: it comes last, below War
    Story, which shares only grief. The other way round nothing is held against a pick."""
    catalogue = small(similar="[]")
    picks = recommend(catalogue, Query(), like=[catalogue.get("quiet")], limit=10)
    assert ids(picks)[-2:] == ["war-story", "horror"]
    liked_horror = recommend(catalogue, Query(), like=[catalogue.get("horror")], limit=10)
    assert ids(liked_horror)[0] in ("quiet", "quiet-film")


def test_a_liked_titles_own_story_is_never_a_pick_retellings_included(small):
    """Quiet: The Film is Quiet's own story (`related`), however alike: never a pick."""
    catalogue = small()
    assert "quiet-film" not in ids(recommend(catalogue, Query(), like=[catalogue.get("quiet")],
                                             limit=10))
    assert "quiet" not in ids(recommend(catalogue, Query(),
                                        like=[catalogue.get("quiet-film")], limit=10))


def test_several_liked_titles_combine(small):
    """Liking Quiet and War Story: a title like both beats one like only one of them."""
    catalogue = small(similar="[]")
    picks = recommend(catalogue, Query(),
                      like=[catalogue.get("same-hand"), catalogue.get("war-story")], limit=10)
    # Quiet shares the director and family with Same Hand and grief with War Story
    assert ids(picks)[0] == "quiet"
    assert picks[0].reasons[0].startswith("also by Ann Director")


def test_deep_cuts_favour_titles_few_lists_name(small):
    """The same relevance, but titles few lists name that hit as hard come first."""
    catalogue = small(similar="[]")
    plain = recommend(catalogue, Query(themes=("grief",)), limit=10)
    deep = recommend(catalogue, Query(themes=("grief",)), limit=10, deep=True)
    assert ids(plain)[0] == "horror"  # the most famous
    assert ids(deep)[0] == "friend"  # tears 4 and on no list
    assert deep[0].reasons[-1] == ("tears 4/5, a deep cut: no saddest-anime list of the "
                                   "survey names it")


def test_recommend_deep_cuts_from_the_command_line_and_config(invoke, tmp_path):
    """--deep-cuts, and `deep_cuts: true` in config.yml (undone by --no-deep-cuts)."""
    plain = invoke("recommend", "-t", "war", "--plain").stdout.splitlines()
    deep = invoke("recommend", "-t", "war", "--deep-cuts", "--plain").stdout.splitlines()
    assert plain != deep
    config = tmp_path / "config.yml"
    config.write_text("deep_cuts: true\n")
    from_config = invoke("recommend", "-t", "war", "--plain",
                         env={"CRYANIME_CONFIG": str(config)}).stdout.splitlines()
    assert from_config == deep
    undone = invoke("recommend", "-t", "war", "--plain", "--no-deep-cuts",
                    env={"CRYANIME_CONFIG": str(config)}).stdout.splitlines()
    assert undone == plain


def test_tonight_offers_deep_cuts_first(invoke):
    """tonight --deep-cuts: within the tears wished for, titles fewer lists name first."""
    import json

    catalogue = load_catalogue()
    args = ["tonight", "--time", "any", "--tears", "5", "--ending", "any", "--no-input",
            "--json", "--seed", "3"]
    deep = json.loads(invoke(*args, "--deep-cuts").stdout)
    fewest = min(t.lists for t in catalogue.titles if t.tears == 5)
    assert deep["lists"] == fewest
    assert any(r.startswith("a deep cut") for r in deep["reasons"])


# ------------------------------------------------------------------ the bundled evidence


def _update_similar():
    spec = importlib.util.spec_from_file_location("update_similar",
                                                  DATA / "update_similar.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_catalogue_carries_the_evidences_links(catalogue):
    """Each title's `similar` is what data/similar.yaml backs with two independent pages
    (run `python data/update_similar.py` after editing the evidence)."""
    update = _update_similar()
    evidence = yaml.safe_load((DATA / "similar.yaml").read_text(encoding="utf-8"))
    titles = yaml.safe_load((DATA / "titles.yaml").read_text(encoding="utf-8"))["titles"]
    expected = update.similar_ids(evidence, update.franchises(titles))
    assert {t.id: list(t.similar) for t in catalogue.titles if t.similar} == expected


def test_every_link_has_two_independent_pages_and_every_row_an_address():
    """Every recommendation names catalogue titles and gives each page's address; a link
    rests on two pages that are not copies of one another."""
    update = _update_similar()
    evidence = yaml.safe_load((DATA / "similar.yaml").read_text(encoding="utf-8"))
    catalogue = load_catalogue()
    for entry in evidence["recommendations"]:
        assert catalogue.get(entry["like"]) and catalogue.get(entry["recommends"]), entry
        for source in entry["sources"]:
            assert source["url"].startswith(("https://", "http://")), entry
    pages = update.independent_sources(evidence)
    for title in catalogue.titles:
        for other in title.similar:
            assert len(pages[frozenset((title.id, other))]) >= 2, (title.id, other)


def test_no_title_is_similar_to_its_own_franchise(catalogue):
    """`similar` never names the rest of a title's own story."""
    for title in catalogue.titles:
        own = catalogue.franchise_of(title.id)
        assert all(catalogue.franchise_of(o) != own for o in title.similar), title.id


def test_a_retelling_is_the_same_franchise(catalogue):
    """Fullmetal Alchemist (2003) and Brotherhood tell one story: one franchise."""
    assert (catalogue.franchise_of("fullmetal-alchemist-2003")
            == catalogue.franchise_of("fullmetal-alchemist-brotherhood"))


def test_like_reasons_never_offer_gore_or_fan_service_as_a_reason(catalogue):
    """Content genres (Gore, Ecchi) are what warnings are for: never "also gore"."""
    for title in catalogue.titles:
        for pick in recommend(catalogue, Query(), like=[title], limit=5):
            assert not any(word in pick.reasons[0] for word in ("gore", "ecchi")), (
                title.id, pick.reasons)


@pytest.mark.parametrize("deep", [False, True])
def test_like_read_by_a_bound_gives_what_scoring_every_title_gives(catalogue, deep):
    """--like reads titles by an upper bound of their score (the facts they share with
    the liked titles) and stops once nothing unread can come before its picks: for every
    title liked, alone and with another, its picks are those that scoring every title
    gives (`among` every id takes that path), in the same order, with the same scores."""
    from cryanime import Query, recommend

    every = {t.id for t in catalogue.titles}
    titles = list(catalogue.titles)
    for i, liked in enumerate(titles):
        for like in ([liked], [liked, titles[(i * 7 + 3) % len(titles)]]):
            fast = recommend(catalogue, Query(), like=like, limit=5, deep=deep)
            full = recommend(catalogue, Query(), like=like, limit=5, deep=deep, among=every)
            assert [(r.title.id, r.score) for r in fast] == \
                [(r.title.id, r.score) for r in full], [t.id for t in like]


def test_a_loved_titles_continuation_is_read_by_the_bound_too(catalogue):
    """A loved title leads on to the next part of its story (worth more than a fans'
    link): the bound counts that, so for every title some other title follows, loved
    alone, the picks are those that scoring every title gives, the continuation first."""
    every = {t.id for t in catalogue.titles}
    followed = [t for t in catalogue.titles if catalogue.followers(t.id)]
    assert len(followed) >= 10
    for loved in followed:
        fast = recommend(catalogue, Query(), loved=[loved], watched=[loved.id],
                         exclude=[loved.id], limit=5)
        full = recommend(catalogue, Query(), loved=[loved], watched=[loved.id],
                         exclude=[loved.id], limit=5, among=every)
        assert [(r.title.id, r.score) for r in fast] == \
            [(r.title.id, r.score) for r in full], loved.id
        assert fast[0].title.after == loved.id, (loved.id, fast[0].title.id)
        assert fast[0].reasons[0] == f"continues {loved.title}, which you loved"
