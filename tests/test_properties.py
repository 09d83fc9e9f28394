"""Properties checked with hypothesis over the bundled catalogue and arbitrary input."""

from __future__ import annotations

import contextlib

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cryanime import CatalogueError, Era, Query, filter_titles, load_catalogue, recommend
from cryanime.catalogue import ENDINGS
from cryanime.loading import check_catalogue

CATALOGUE = load_catalogue()
THEMES = sorted(CATALOGUE.themes)
WITHOUT = sorted([*CATALOGUE.themes, *CATALOGUE.warnings])

years = st.integers(1917, 2030)
eras = st.one_of(
    st.none(),
    st.tuples(st.one_of(st.none(), years), st.one_of(st.none(), years))
    .filter(lambda se: se[0] is None or se[1] is None or se[0] <= se[1])
    .map(lambda se: Era(se[0], se[1], "test")),
)
queries = st.builds(
    Query,
    themes=st.lists(st.sampled_from(THEMES), max_size=3, unique=True).map(tuple),
    without=st.lists(st.sampled_from(WITHOUT), max_size=3, unique=True).map(tuple),
    format=st.sampled_from([None, "film", "series"]),
    era=eras,
    max_episodes=st.one_of(st.none(), st.integers(1, 100)),
    min_tears=st.one_of(st.none(), st.integers(1, 5)),
    ending=st.one_of(st.none(), st.sampled_from(ENDINGS)),
)


def passes_non_theme_filters(t, q: Query) -> bool:
    return (
        not (set(q.without) & (set(t.themes) | set(t.warnings)))
        and (q.format is None or t.format == q.format)
        and (q.era is None or ((q.era.start or 0) <= t.year <= (q.era.end or 9999)))
        and (q.max_episodes is None or t.format == "film" or t.episodes <= q.max_episodes)
        and (q.min_tears is None or t.tears >= q.min_tears)
        and (q.ending is None or t.ending == q.ending)
    )


@given(queries)
def test_filters_return_exactly_the_titles_that_satisfy_every_filter(query):
    """list/random: a title is returned if and only if it passes every filter."""
    found = filter_titles(CATALOGUE.titles, query)
    for t in CATALOGUE.titles:
        expected = passes_non_theme_filters(t, query) and set(query.themes) <= set(t.themes)
        assert (t in found) == expected


@given(queries, st.integers(1, 30))
def test_recommendations_satisfy_filters_and_are_ranked(query, limit):
    """recommend: every pick passes the filters, carries a wished theme, best first."""
    picks = recommend(CATALOGUE, query, limit=limit)
    assert len(picks) <= limit
    for pick in picks:
        assert passes_non_theme_filters(pick.title, query)
        assert not query.themes or set(query.themes) & set(pick.title.themes)
        assert pick.reasons
    keys = [(-p.score, p.title.title.casefold()) for p in picks]
    assert keys == sorted(keys)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=20))
yaml_trees = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(
                                   ["themes", "warnings", "titles", "id", "title", "year",
                                    "format", "themes", "tears", "ending", "pitch", "name",
                                    "description", "aliases", "episodes", "x"]),
                                   children, max_size=6)),
    max_leaves=30,
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(yaml_trees)
def test_any_yaml_tree_loads_or_raises_catalogue_error_with_a_line(tree):
    """Whatever the shape of the file, loading either succeeds or reports CatalogueError."""
    text = yaml.safe_dump(tree, allow_unicode=True)
    try:
        _, problems = check_catalogue(text, "t.yaml")
    except CatalogueError as exc:
        problems = list(exc.problems)
    for problem in problems:
        assert problem.file == "t.yaml"
        assert problem.line is not None and problem.line >= 1


@given(st.text(max_size=200))
def test_any_text_loads_or_raises_catalogue_error(text):
    """Arbitrary text never raises anything but CatalogueError."""
    with contextlib.suppress(CatalogueError):
        check_catalogue(text, "t.yaml")
