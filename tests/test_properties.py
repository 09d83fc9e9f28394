"""Properties checked with hypothesis over the bundled catalogue and arbitrary input."""

from __future__ import annotations

import contextlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import title_of
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


@given(queries, st.integers(1, 12), st.lists(st.sampled_from([t.id for t in CATALOGUE.titles]),
                                             max_size=3))
def test_the_first_picks_are_the_head_of_the_full_ranking(query, limit, liked_ids):
    """Asking for `limit` picks gives exactly the first `limit` of the whole ranking,
    ties (broken by title) included."""
    like = [title_of(CATALOGUE, i) for i in dict.fromkeys(liked_ids)]
    full = recommend(CATALOGUE, query, like=like, limit=None)
    assert recommend(CATALOGUE, query, like=like, limit=limit) == full[:limit]


@given(st.lists(st.sampled_from(THEMES), max_size=3, unique=True), st.booleans())
def test_a_score_is_the_catalogues_weight_of_the_title(wished, deep):
    """With nothing liked, recommend takes a title's score from the weight the catalogue
    computes (Catalogue.weighed, in SQL for the index); the scorer's own sum, which --like
    questions use, must be that very number (to far below the two places shown)."""
    from cryanime.catalogue import weight
    from cryanime.ranking import _Scorer

    scorer = _Scorer(CATALOGUE, tuple(wished), (), False, deep=deep)
    weights = scorer.weights()
    for title in CATALOGUE.with_any_theme(wished) if wished else CATALOGUE.candidates:
        score = scorer.score(title)
        assert score is not None
        assert abs(score - weight(title, wished, weights, CATALOGUE.survey_lists)) < 1e-9


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


def _plain(data):
    """Data as plain dicts and lists, for comparing with what PyYAML builds."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    return data


def _pyyaml(text):
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


shared_trees = yaml_trees.flatmap(  # the same object twice: dumped as an anchor and an alias
    lambda tree: st.sampled_from([[tree, tree], {"a": tree, "b": [tree]}, tree]))


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(shared_trees)
def test_the_loader_builds_what_pyyaml_builds(tree):
    """Our node walker (lines, duplicate keys) gives the same data as PyYAML's own safe
    loader, anchors and aliases included."""
    from cryanime.loading import parse_yaml

    text = yaml.safe_dump(tree, allow_unicode=True)
    assert _plain(parse_yaml(text, "t.yaml")[0]) == _pyyaml(text)


@pytest.mark.parametrize("text", [
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",          # merge key
    "list: &l [1, 2]\nagain: *l\nmore: [*l, *l]\n",                 # aliases
    "o: !!omap [{a: 1}, {b: {c: 2}}]\np: !!pairs [{a: 1}]\n",      # PyYAML's own tags
    "s: !!set {a, b}\nbin: !!binary aGk=\nwhen: 2024-01-02\n",
    "n: ~\nt: yes\nf: 1.5e3\ni: 0x1f\nq: '007'\nstr: !!str 12\n",
    "- !!map {a: [!!seq [1], !!str x]}\n",
])
def test_the_loader_agrees_with_pyyaml_on_every_tag(text):
    """Same data as PyYAML, and no problem reported (a key given after a merge key
    overrides the merged one; it is not a duplicate)."""
    from cryanime.loading import parse_yaml

    data, problems = parse_yaml(text, "t.yaml")
    assert _plain(data) == _pyyaml(text) and problems == []


@pytest.mark.parametrize("text", ["a: &a [1, *a]\n", "a: &a {b: *a}\n", "!!str {a: 1}\n"])
def test_recursive_or_mistagged_nodes_are_yaml_errors(text):
    """A node that contains itself, or a mapping tagged as text, is not valid YAML here,
    with a line (a catalogue never needs either)."""
    from cryanime.loading import parse_yaml

    with pytest.raises(CatalogueError, match="not valid YAML") as info:
        parse_yaml(text, "t.yaml")
    assert info.value.problems[0].line == 1


@given(st.text())
def test_folding_skips_normalising_only_where_nfkc_changes_nothing(text):
    """names.fold leaves ASCII text to casefold alone (it is its own NFKC form): every text
    folds as NFKC, then casefold, then no apostrophes would fold it."""
    import unicodedata

    from cryanime.names import fold

    expected = unicodedata.normalize("NFKC", text).casefold()
    assert fold(text) == expected.replace("'", "").replace("\u2019", "")


@given(st.one_of(st.text(), st.text(st.characters(max_codepoint=127))))
def test_a_key_drops_exactly_what_the_pattern_drops(text):
    """key_of_folded drops ASCII text's punctuation by bytes.translate: the very
    characters [\\W_] matches, as every other text still loses by the pattern."""
    import re

    from cryanime.names import _NOT_KEY, key_of_folded

    assert key_of_folded(text) == re.sub(_NOT_KEY, "", text)
