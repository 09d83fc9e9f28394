"""Era parsing, filters, and the sentence that explains an empty result."""

from __future__ import annotations

import pytest

from cryanime import EraError, Query, filter_titles, parse_era
from cryanime.query import explain_empty


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1980s", 1980, 1989),
        ("80s", 1980, 1989),
        ("2000s", 2000, 2009),
        ("00s", 2000, 2009),
        ("2010s", 2010, 2019),
        ("10s", 2010, 2019),
        ("2011", 2011, 2011),
        ("2005-2012", 2005, 2012),
        ("2005 - 2012", 2005, 2012),
        ("2010-", 2010, None),
        ("-1999", None, 1999),
        (" 1990S ", 1990, 1999),
    ],
)
def test_era_forms(text, start, end):
    """Decades, years and open or closed ranges all parse."""
    era = parse_era(text)
    assert (era.start, era.end) == (start, end)


@pytest.mark.parametrize("text", ["20100s", "2012-2005", "abc", "", "-", "1985s", "85s",
                                  "19800", "2010--2012", "twenty-ten"])
def test_bad_eras_name_the_accepted_forms(text):
    """Anything else is refused with the accepted forms in the message."""
    with pytest.raises(EraError) as info:
        parse_era(text)
    assert "2005-2012" in str(info.value) and "1980s" in str(info.value)


def test_reversed_range_says_how_to_fix():
    """A backwards range suggests the right order."""
    with pytest.raises(EraError, match="write 2005-2012"):
        parse_era("2012-2005")


def test_era_bounds_are_inclusive():
    """Both ends of a range count."""
    era = parse_era("2005-2012")
    assert era.holds(2005) and era.holds(2012) and not era.holds(2004) and not era.holds(2013)


class TestFilters:
    def test_theme_filter_keeps_titles_with_every_theme(self, catalogue):
        """list/random semantics: all given themes must be carried."""
        found = filter_titles(catalogue.titles, Query(themes=("war", "siblings")))
        assert found
        assert all({"war", "siblings"} <= set(t.themes) for t in found)
        assert len(found) < len(filter_titles(catalogue.titles, Query(themes=("war",))))

    def test_without_drops_themes_and_warnings(self, catalogue):
        """--without removes titles carrying the theme or the warning."""
        found = filter_titles(catalogue.titles, Query(without=("gore", "war")))
        assert found
        assert not any("gore" in t.warnings or "war" in t.themes for t in found)
        assert catalogue.get("elfen-lied") not in found

    def test_format(self, catalogue):
        """--film keeps films only."""
        films = filter_titles(catalogue.titles, Query(format="film"))
        assert {t.id for t in films} == {t.id for t in catalogue.titles if t.format == "film"}
        assert {"grave-of-the-fireflies", "a-silent-voice"} <= {t.id for t in films}

    def test_max_episodes_limits_series_and_lets_films_through(self, catalogue):
        """A film has no episodes to count, so it passes."""
        found = filter_titles(catalogue.titles, Query(max_episodes=13))
        assert all(t.format == "film" or t.episodes <= 13 for t in found)
        assert catalogue.get("a-silent-voice") in found
        assert catalogue.get("fullmetal-alchemist-brotherhood") not in found

    def test_era_min_tears_and_ending(self, catalogue):
        """The remaining filters each hold on every result."""
        query = Query(era=parse_era("2000s"), min_tears=4, ending="devastating")
        found = filter_titles(catalogue.titles, query)
        assert catalogue.get("chrono-crusade") in found
        assert catalogue.get("grave-of-the-fireflies") not in found  # 1980s
        for t in found:
            assert 2000 <= t.year <= 2009 and t.tears >= 4 and t.ending == "devastating"


class TestExplainEmpty:
    def test_names_what_emptied_the_result(self, catalogue):
        """The sentence reads back the filters, in words."""
        query = Query(themes=("time-travel",), format="series", era=parse_era("1980s"))
        message = explain_empty(catalogue, query)
        assert message.startswith("No series from the 1980s carry 'time travel'.")

    def test_suggests_which_filter_to_drop(self, catalogue):
        """Each filter whose removal alone gives results is offered, with a count."""
        query = Query(themes=("time-travel",), format="series", era=parse_era("1980s"))
        message = explain_empty(catalogue, query)
        series = filter_titles(catalogue.titles, Query(themes=("time-travel",), format="series"))
        assert f"without --era ({len(series)} titles)" in message
        assert "--film/--series" not in message

    def test_other_filters_are_described(self, catalogue):
        """Tears, ending, episodes and without all appear in the sentence."""
        query = Query(max_episodes=2, min_tears=5, ending="hopeful", without=("gore",))
        message = explain_empty(catalogue, query)
        assert message.startswith(
            "No titles of at most 2 episodes with tears 5 or more with a hopeful ending "
            "without 'gore' are in the catalogue."
        )
