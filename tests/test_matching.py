"""How `show` and `--like` find a title from what a person typed."""

from __future__ import annotations

import pytest

from conftest import title_yaml
from cryanime import AmbiguousTitleError, TitleNotFoundError, load_catalogue


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Steins;Gate", "steins-gate"),
        ("steins gate", "steins-gate"),
        ("SteinsGate", "steins-gate"),
        ("FMA:B", "fullmetal-alchemist-brotherhood"),
        ("fmab", "fullmetal-alchemist-brotherhood"),
        ("AnoHana", "anohana"),
        ("Shigatsu wa Kimi no Uso", "your-lie-in-april"),
        ("hotaru no haka", "grave-of-the-fireflies"),
        ("angel beats", "angel-beats"),
        ("四月は君の嘘", "your-lie-in-april"),
        ("clannad", "clannad"),
        ("5cm", "5-centimeters-per-second"),
        ("your lie", "your-lie-in-april"),  # a unique fragment
        ("grave", "grave-of-the-fireflies"),
        ("clanad", "clannad"),  # a typo, clearly closest
        ("your lei in april", "your-lie-in-april"),
        ("plastic memory", "plastic-memories"),
    ],
)
def test_finds_the_title(catalogue, query, expected):
    """Exact names, romaji, native titles, aliases, fragments and near-typos all resolve."""
    assert catalogue.find_title(query).id == expected


def test_ambiguous_fragment_lists_candidates(catalogue):
    """A fragment in several titles is never guessed: every candidate is named."""
    with pytest.raises(AmbiguousTitleError) as info:
        catalogue.find_title("the")
    assert "Grave of the Fireflies" in info.value.candidates
    assert "Anohana: The Flower We Saw That Day" in info.value.candidates


def test_exact_match_beats_fragment(write_catalogue):
    """'Clannad' is exact for one title even though another title contains it."""
    cat = load_catalogue(write_catalogue(
        title_yaml(id="clannad", title="Clannad")
        + title_yaml(id="clannad-after-story", title="'Clannad: After Story'")
    ))
    assert cat.find_title("clannad").id == "clannad"
    assert cat.find_title("after story").id == "clannad-after-story"


def test_two_close_fuzzy_matches_are_ambiguous(write_catalogue):
    """When two titles are about equally close to a typo, both are offered."""
    cat = load_catalogue(write_catalogue(
        title_yaml(id="kanon", title="Kanon") + title_yaml(id="kanan", title="Kanan")
    ))
    with pytest.raises(AmbiguousTitleError) as info:
        cat.find_title("kanen")
    assert set(info.value.candidates) == {"Kanon", "Kanan"}


def test_nothing_close_says_so(catalogue):
    """Gibberish finds nothing and offers no misleading suggestions."""
    with pytest.raises(TitleNotFoundError) as info:
        catalogue.find_title("xyzzy")
    assert info.value.suggestions == ()


def test_somewhat_close_offers_the_nearest(catalogue):
    """A far-off guess names the nearest titles instead of picking one."""
    with pytest.raises(TitleNotFoundError) as info:
        catalogue.find_title("banana split")
    assert info.value.suggestions == ("Banana Fish",)


def test_empty_query_is_not_found(catalogue):
    """Punctuation alone matches nothing rather than everything."""
    with pytest.raises(TitleNotFoundError):
        catalogue.find_title(" ;: ")
