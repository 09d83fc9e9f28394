"""Scoring order, reasons, --like, ties, and the seeded random pick."""

from __future__ import annotations

import random

import pytest

from conftest import title_yaml
from cryanime import Query, load_catalogue, random_pick, recommend
from cryanime.ranking import theme_points


@pytest.fixture
def small(write_catalogue):
    """Four titles whose scores are easy to work out by hand."""
    return load_catalogue(write_catalogue(
        title_yaml(id="alpha", title="Alpha", themes="[grief, war]", tears=2)
        + title_yaml(id="bravo", title="Bravo", themes="[war, grief]", tears=5)
        + title_yaml(id="charlie", title="Charlie", themes="[family, first-love]", tears=4)
        + title_yaml(id="delta", title="Delta", themes="[grief, war, family]", tears=1)
    ))


def test_theme_points_reward_centrality():
    """First theme: 2 points; second: 1.5; third: 1.33; absent: 0."""
    cat = load_catalogue()
    t = cat.get("your-lie-in-april")  # music, grief, illness, ...
    assert theme_points(t, "music") == 2
    assert theme_points(t, "grief") == 1.5
    assert theme_points(t, "illness") == pytest.approx(4 / 3)
    assert theme_points(t, "war") == 0


def test_central_theme_ranks_first_and_ties_break_by_title(small):
    """Alpha and Delta carry grief first (tie, so by title), Bravo second; Charlie not at all."""
    picks = recommend(small, Query(themes=("grief",)))
    assert [(p.title.id, p.score) for p in picks] == [("alpha", 2), ("delta", 2), ("bravo", 1.5)]


def test_more_wished_themes_score_higher(small):
    """Carrying both wished themes beats carrying one."""
    picks = recommend(small, Query(themes=("grief", "family")))
    assert picks[0].title.id == "delta"
    assert picks[0].score == pytest.approx(2 + 1 + 1 / 3, abs=1e-3)  # scores keep 3 decimals


def test_reasons_name_the_matched_themes(small):
    """Every pick says which wished themes it carries, and if one is its main theme."""
    picks = recommend(small, Query(themes=("grief", "war")))
    by_id = {p.title.id: p for p in picks}
    assert by_id["alpha"].reasons == ("carries 'grief' (its main theme) and 'war'",)
    assert by_id["bravo"].reasons == ("carries 'war' (its main theme) and 'grief'",)


def test_like_ranks_by_shared_themes_and_excludes_the_liked(small):
    """--like Delta: Alpha and Bravo share two themes, Charlie one; Delta itself is left out."""
    delta = small.get("delta")
    picks = recommend(small, Query(), like=[delta])
    assert [(p.title.id, p.score) for p in picks] == [("alpha", 2), ("bravo", 2), ("charlie", 1)]
    assert picks[0].reasons == ("shares 'grief', 'war' with Delta",)
    assert picks[2].reasons == ("shares 'family' with Delta",)


def test_like_reason_names_the_liked_title(small):
    """The reason says which themes are shared with which liked title."""
    picks = recommend(small, Query(), like=[small.get("charlie")])
    assert [p.title.id for p in picks] == ["delta"]
    assert picks[0].reasons == ("shares 'family' with Charlie",)


def test_no_theme_no_like_ranks_by_tears(small):
    """With nothing wished, the hardest-hitting titles come first."""
    picks = recommend(small, Query(), limit=None)
    assert [p.title.id for p in picks] == ["bravo", "charlie", "alpha", "delta"]
    assert picks[0].reasons == ("tears 5/5, a hopeful ending",)


def test_limit_and_filters_apply(small):
    """-n caps the list; the other filters still hold."""
    assert len(recommend(small, Query(themes=("grief",)), limit=1)) == 1
    picks = recommend(small, Query(themes=("grief",), min_tears=2))
    assert [p.title.id for p in picks] == ["alpha", "bravo"]


def test_recommend_on_bundled_grief_is_deterministic(catalogue):
    """The same query gives the same list every time, best first."""
    first = recommend(catalogue, Query(themes=("grief",)))
    assert first == recommend(catalogue, Query(themes=("grief",)))
    scores = [p.score for p in first]
    assert scores == sorted(scores, reverse=True)
    assert all("grief" in p.title.themes for p in first)


def test_seeded_random_is_repeatable_and_uniform(catalogue):
    """The same seed gives the same pick; over many seeds every title turns up."""
    titles = list(catalogue.titles)
    assert random_pick(titles, random.Random(42)) == random_pick(titles, random.Random(42))
    seen = {random_pick(titles, random.Random(seed)).id for seed in range(2000)}
    assert seen == {t.id for t in titles}


def test_random_of_nothing_is_none():
    """An empty pool gives no pick rather than an error."""
    assert random_pick([], random.Random(1)) is None
