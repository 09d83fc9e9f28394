"""Loading and validating catalogues: the bundled one, and every kind of broken file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI_VOCABULARY, title_yaml
from cryanime import CatalogueError, load_catalogue
from cryanime.matching import find_title
from cryanime.paths import bundled_path

REQUIRED_THEMES = {
    "grief", "war", "first-love", "time-travel", "illness", "family", "friendship", "sacrifice",
    "trauma", "coming-of-age", "music", "afterlife", "disaster", "siblings", "bullying",
    "android-ai", "romance", "survival", "redemption", "loneliness",
}

# The fifteen titles of the 2023 article, with facts checked against MyAnimeList and
# Wikipedia: (id, year, format, episodes or runtime in minutes, studio, MyAnimeList id).
SEED_FACTS = [
    ("your-lie-in-april", 2014, "series", 22, "A-1 Pictures", 23273),
    ("fullmetal-alchemist-brotherhood", 2009, "series", 64, "Bones", 5114),
    ("plastic-memories", 2015, "series", 13, "Doga Kobo", 27775),
    ("anohana", 2011, "series", 11, "A-1 Pictures", 9989),
    ("violet-evergarden", 2018, "series", 13, "Kyoto Animation", 33352),
    ("a-silent-voice", 2016, "film", 130, "Kyoto Animation", 28851),
    ("5-centimeters-per-second", 2007, "film", 63, "CoMix Wave Films", 1689),
    ("chrono-crusade", 2003, "series", 24, "Gonzo", 60),
    ("tokyo-magnitude-8", 2009, "series", 11, "Bones, Kinema Citrus", 6211),
    ("true-tears", 2008, "series", 13, "P.A. Works", 2129),
    ("grave-of-the-fireflies", 1988, "film", 89, "Studio Ghibli", 578),
    ("elfen-lied", 2004, "series", 13, "Arms", 226),
    ("steins-gate", 2011, "series", 24, "White Fox", 9253),
    ("angel-beats", 2010, "series", 13, "P.A. Works", 6547),
    ("clannad", 2007, "series", 23, "Kyoto Animation", 2167),
]


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    return [str(p) for p in info.value.problems]


class TestBundled:
    def test_bundled_catalogue_loads(self, catalogue):
        """The shipped catalogue is valid and holds titles."""
        assert len(catalogue.titles) >= 15

    def test_vocabulary_has_the_required_themes(self, catalogue):
        """Every theme the product promises is in the vocabulary, with a name and description."""
        assert set(catalogue.themes) >= REQUIRED_THEMES
        for theme in catalogue.themes.values():
            assert theme.name and theme.description

    def test_warnings_vocabulary(self, catalogue):
        """Content warnings exist for the things people most want to avoid."""
        assert {"violence", "gore", "abuse", "suicide", "war-atrocity"} <= set(catalogue.warnings)

    @pytest.mark.parametrize(("title_id", "year", "fmt", "length", "studio", "mal_id"), SEED_FACTS)
    def test_seed_picks_present_with_checked_facts(
        self, catalogue, title_id, year, fmt, length, studio, mal_id
    ):
        """Each of the article's fifteen titles is present, flagged, and factually right."""
        title = catalogue.get(title_id)
        assert title is not None
        assert title.seed_pick
        assert (title.year, title.format, title.studio, title.mal_id) == (year, fmt, studio, mal_id)
        assert (title.runtime_minutes if fmt == "film" else title.episodes) == length

    def test_exactly_the_seed_picks_are_flagged(self, catalogue):
        """seed_pick marks the fifteen article titles and nothing else."""
        assert {t.id for t in catalogue.titles if t.seed_pick} == {f[0] for f in SEED_FACTS}

    def test_every_bundled_title_is_complete(self, catalogue):
        """Bundled titles carry every field, at least three themes and a short pitch."""
        for t in catalogue.titles:
            assert t.romaji and t.native and t.studio and t.mal_id, t.id
            assert len(t.themes) >= 3, t.id
            assert 20 <= len(t.pitch) <= 200, t.id

    def test_size_and_spread(self, catalogue):
        """150+ titles; 40+ films; at least 5 titles from each decade since the 1980s."""
        titles = catalogue.titles
        assert len(titles) >= 150
        assert sum(t.format == "film" for t in titles) >= 40
        assert sum(t.format == "series" for t in titles) >= 40
        per_decade = Counter(t.year // 10 * 10 for t in titles)
        assert {d: per_decade[d] for d in (1980, 1990, 2000, 2010, 2020) if per_decade[d] < 5} \
            == {}

    def test_every_theme_has_six_titles_and_every_warning_is_used(self, catalogue):
        """No theme is a dead end: each is carried by at least six titles."""
        counts = catalogue.theme_counts()
        thin = {theme: counts[theme] for theme in catalogue.themes if counts[theme] < 6}
        assert thin == {}
        assert all(counts[w] >= 1 for w in catalogue.warnings)

    def test_tears_are_spread(self, catalogue):
        """Not everything is a 5: at least three levels between 2 and 5 are used."""
        levels = {t.tears for t in catalogue.titles}
        assert len(levels & {2, 3, 4, 5}) >= 3

    def test_every_title_cites_its_myanimelist_page(self, catalogue):
        """Each title records the page its facts were checked against, matching mal_id,
        and no MyAnimeList entry stands for two titles."""
        for t in catalogue.titles:
            assert f"https://myanimelist.net/anime/{t.mal_id}" in t.sources, t.id
        twice = [i for i, n in Counter(t.mal_id for t in catalogue.titles).items() if n > 1]
        assert twice == []

    def test_sequels_name_what_comes_before_them(self, catalogue):
        """Franchise entries record the title to watch before them, and it exists."""
        assert catalogue.get("clannad-after-story").after == "clannad"
        assert catalogue.get("violet-evergarden-the-movie").after is not None
        for t in catalogue.titles:
            assert t.after is None or catalogue.get(t.after) is not None, t.id

    def test_the_fan_named_titles_are_in(self, catalogue):
        """Titles the survey finds on several lists, and that the issue names, are present."""
        for title_id in ("madoka-magica", "air", "natsumes-book-of-friends",
                         "one-week-friends", "assassination-classroom", "kanon",
                         "a-dog-of-flanders"):
            assert catalogue.get(title_id) is not None, title_id

    def test_spoiler_themes_are_among_the_themes(self, catalogue):
        """A spoiler theme is one of the title's themes; Your Name hides its twist."""
        for t in catalogue.titles:
            assert set(t.spoiler_themes) <= set(t.themes), t.id
        assert "time-travel" in catalogue.get("your-name").spoiler_themes

    def test_bundled_path_points_at_the_repository_file_in_a_checkout(self):
        """In an editable install the catalogue is the repository's data/titles.yaml."""
        assert bundled_path().name == "titles.yaml"
        assert bundled_path().is_file()


class TestLoadingErrors:
    def test_wrong_type_names_file_line_title_and_field(self, write_catalogue):
        """A bad value is reported as FILE:LINE: title 'ID': 'field' must be ..."""
        path = write_catalogue(title_yaml(id="clannad", year="two thousand"))
        line = path.read_text().splitlines().index("    year: two thousand") + 1
        assert problems_of(path) == [
            f"{path}:{line}: title 'clannad': 'year' must be a whole number, got 'two thousand'"
            " — give the year of its first release, in digits"
        ]

    def test_duplicate_key_is_an_error(self, write_catalogue):
        """A key given twice in one title is caught, with both lines."""
        path = write_catalogue(title_yaml() + "    year: 2011\n")
        lines = path.read_text().splitlines()
        first, second = (i + 1 for i, text in enumerate(lines) if text.startswith("    year:"))
        assert problems_of(path) == [
            f"{path}:{second}: duplicate key 'year' (first at line {first}) — keep only one of them"
        ]

    def test_unknown_theme_suggests_the_near_one(self, write_catalogue):
        """A misspelt theme id in a title names the title and suggests the right id."""
        path = write_catalogue(title_yaml(themes="[greif]"))
        [problem] = problems_of(path)
        assert "title 'sample': unknown theme 'greif' — did you mean 'grief'?" in problem

    def test_unknown_warning(self, write_catalogue):
        """Warnings are checked against their own vocabulary."""
        path = write_catalogue(title_yaml(warnings="[grief]"))
        [problem] = problems_of(path)
        assert "unknown warning 'grief'" in problem

    def test_duplicate_title_id(self, write_catalogue):
        """Two titles may not share an id."""
        path = write_catalogue(title_yaml() + title_yaml(title="Other"))
        [problem] = problems_of(path)
        lines = path.read_text().splitlines()
        first, second = (i + 1 for i, text in enumerate(lines) if text == "  - id: sample")
        assert problem == (f"{path}:{second}: title 'sample': duplicate id (first at "
                           f"{path}:{first}) — give each title its own id")

    def test_missing_required_field(self, write_catalogue):
        """A title without a pitch is reported at the title's line."""
        path = write_catalogue(title_yaml(pitch=None))
        line = path.read_text().splitlines().index("  - id: sample") + 1
        expected = (f"{path}:{line}: title 'sample': missing required field 'pitch'"
                    " — add 'pitch: ...'")
        assert problems_of(path) == [expected]

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"tears": 6}, "'tears' must be from 1 to 5, got 6"),
            ({"tears": "lots"}, "'tears' must be a whole number, got 'lots'"),
            ({"format": "ova"}, "'format' must be one of film, series, got 'ova'"),
            ({"ending": "happy"}, "'ending' must be one of hopeful, bittersweet, devastating"),
            ({"episodes": 0}, "'episodes' must be 1 or more, got 0"),
            ({"episodes": None}, "missing required field 'episodes'"),
            ({"format": "film", "episodes": 3, "runtime_minutes": 90},
             "a film takes 'runtime_minutes', not 'episodes'"),
            ({"themes": "[]"}, "'themes' needs at least 1 theme, got 0"),
            ({"themes": "grief"}, "'themes' must be a list, got text"),
            ({"themes": "[grief, grief]"}, "'themes' lists the same theme twice"),
            ({"year": 1800}, "'year' must be from 1917 to"),
            ({"year": True}, "'year' must be a whole number, got True"),
            ({"mal_id": -4}, "'mal_id' must be 1 or more, got -4"),
            ({"seed_pick": "yes please"}, "'seed_pick' must be true or false"),
            ({"id": "Not A Slug"}, "'id' must be lowercase letters, digits and hyphens"),
            ({"yaer": 2010}, "unknown field 'yaer' — did you mean 'year'?"),
            ({"title": "[1, 2]"}, "'title' must be text, got a list"),
            ({"sources": "[not-a-url]"}, "'sources' entry 'not-a-url' is not a web address"),
            ({"sources": "['https://myanimelist.net/anime/5']", "mal_id": 6},
             "'mal_id' is 6 but its MyAnimeList source is anime/5 — make them agree"),
            ({"related": "[sample]"}, "'related' names the title itself"),
            ({"related": "[sampel]"}, "'related' names 'sampel', which is not a title"),
        ],
    )
    def test_field_problems(self, write_catalogue, fields, message):
        """Each kind of bad field value gets a message that says what is allowed."""
        path = write_catalogue(title_yaml(**fields))
        found = problems_of(path)
        assert any(message in p for p in found), found
        assert all(p.startswith(f"{path}:") for p in found)

    def test_all_problems_are_reported_at_once(self, write_catalogue):
        """Loading lists every problem, not just the first."""
        path = write_catalogue(title_yaml(tears=9)
                               + title_yaml(id="second", title="Second", year="soon"))
        assert len(problems_of(path)) == 2

    def test_python_tags_are_refused(self, write_catalogue):
        """The loader is safe: python-specific tags are an error, never executed."""
        path = write_catalogue(title_yaml(pitch="!!python/object/apply:os.system ['echo hi']"))
        [problem] = problems_of(path)
        assert "not valid YAML" in problem and "python/object/apply" in problem

    def test_syntax_error_has_a_line(self, tmp_path):
        """Broken YAML is reported with the line where the parser stopped."""
        path = tmp_path / "broken.yaml"
        path.write_text("themes: [grief\ntitles: []\n", encoding="utf-8")
        [problem] = problems_of(path)
        assert problem.startswith(f"{path}:") and "not valid YAML" in problem

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            ("", "the catalogue is empty"),
            ("# only a comment\n", "the catalogue is empty"),
            ("- a\n- b\n", "the catalogue is a list"),
        ],
    )
    def test_wrong_top_level(self, tmp_path, content, message):
        """A file that is not a mapping says what it should be."""
        path = tmp_path / "c.yaml"
        path.write_text(content, encoding="utf-8")
        [problem] = problems_of(path)
        assert message in problem and "'themes', 'warnings' and 'titles'" in problem

    def test_missing_file(self, tmp_path):
        """A missing file is a CatalogueError naming it."""
        assert problems_of(tmp_path / "nope.yaml") == [
            f"{tmp_path / 'nope.yaml'}: file not found — check the path"
        ]

    def test_not_utf8(self, tmp_path):
        """Bytes that are not UTF-8 are reported with their line."""
        path = tmp_path / "latin1.yaml"
        path.write_bytes(MINI_VOCABULARY.encode() + b"titles:\n  - title: caf\xe9\n")
        [problem] = problems_of(path)
        assert problem == f"{path}:9: not UTF-8 text — save the file as UTF-8"

    def test_theme_and_warning_ids_may_not_clash(self, write_catalogue):
        """--without takes either vocabulary, so an id may live in only one."""
        vocabulary = MINI_VOCABULARY + "  - {id: war, name: war, description: x, aliases: []}\n"
        path = write_catalogue(title_yaml(), vocabulary=vocabulary)
        assert any("'war' is both a theme (" in p and "and a warning — rename one" in p
                   for p in problems_of(path))


class TestThemeResolution:
    @pytest.mark.parametrize("text", ["first-love", "First Love", "first_love", "FIRST-LOVE",
                                      "first crush", "  first   love "])
    def test_names_ids_and_aliases_resolve(self, catalogue, text):
        """Case, spaces, underscores and aliases all find the theme."""
        assert catalogue.resolve_theme(text) == "first-love"

    def test_typo_suggests(self, catalogue):
        """An unknown theme suggests the nearest ones."""
        from cryanime import UnknownThemeError

        with pytest.raises(UnknownThemeError) as info:
            catalogue.resolve_theme("greif")
        assert info.value.suggestions[0] == "grief"
        assert "Did you mean 'grief'?" in str(info.value)

    def test_warnings_only_when_asked(self, catalogue):
        """A warning is not a theme, but --without accepts it."""
        from cryanime import UnknownThemeError

        with pytest.raises(UnknownThemeError) as info:
            catalogue.resolve_theme("gore")
        assert "'gore' is a content warning, not a theme" in str(info.value)
        assert "--without gore" in str(info.value)
        assert catalogue.resolve_theme("Gore", warnings=True) == "gore"


def test_raw_control_character_is_reported_at_its_line(tmp_path):
    """A raw control character (after non-ASCII text) is reported at the right line."""
    path = tmp_path / "ctrl.yaml"
    path.write_text("themes: []\n# 四月は君の嘘\ntitles: [\x07]\n", encoding="utf-8")
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:3: not valid YAML: control character #x0007")


@pytest.fixture(scope="module")
def survey():
    import yaml

    return yaml.safe_load((Path(__file__).parent.parent / "data" / "survey.yaml")
                          .read_text(encoding="utf-8"))


class TestSurvey:
    """data/survey.yaml: the lists behind the catalogue, recorded so anyone can extend them."""

    def test_every_list_has_an_address_and_titles(self, survey):
        assert len(survey["lists"]) >= 40
        for entry in survey["lists"]:
            assert entry["url"].startswith(("https://", "http://")), entry["id"]
            assert entry["titles"], entry["id"]
        ids = [entry["id"] for entry in survey["lists"]]
        assert len(ids) == len(set(ids))

    def test_every_name_is_mapped_to_a_catalogue_title_or_not(self, survey, catalogue):
        mapped = [name for entry in survey["catalogue"] for name in entry["named"]]
        for entry in survey["catalogue"]:
            assert catalogue.get(entry["id"]) is not None, entry["id"]
        named = {name for entry in survey["lists"] for name in entry["titles"]}
        assert named == set(mapped) | set(survey["not_in_catalogue"])
        assert not set(mapped) & set(survey["not_in_catalogue"])

    def test_titles_several_lists_name_are_in_or_explained(self, survey):
        """Every title that 3+ counted lists name is in the catalogue or says why not."""
        counts = Counter(name for entry in survey["lists"] if not entry.get("borderline")
                         for name in set(entry["titles"]))
        missing = [name for name, n in counts.items() if n >= 3
                   and name in survey["not_in_catalogue"] and name not in survey["left_out"]]
        assert missing == []


def test_the_catalogue_carries_the_surveys_counts(catalogue):
    """Each title's `lists` and the top-level `survey_lists` are what data/survey.yaml
    counts (run `python data/update_survey_counts.py` after editing the survey)."""
    import importlib.util

    import yaml

    data = Path(__file__).parent.parent / "data"
    spec = importlib.util.spec_from_file_location("update", data / "update_survey_counts.py")
    assert spec is not None and spec.loader is not None
    update = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update)
    counts, total = update.survey_counts(yaml.safe_load(
        (data / "survey.yaml").read_text(encoding="utf-8")))
    assert catalogue.survey_lists == total
    assert {t.id: t.lists for t in catalogue.titles if t.lists} == +counts


@pytest.mark.parametrize(("top", "fields", "message"), [
    ("", {"lists": -1}, "'lists' must be 0 or more, got -1"),
    ("", {"lists": "many"}, "'lists' must be a whole number, got 'many'"),
    ("survey_lists: 0\n", {}, "'survey_lists' must be 1 or more, got 0"),
])
def test_survey_fields_are_checked(write_catalogue, top, fields, message):
    """`lists` is a count of lists; `survey_lists` a positive whole number."""
    from conftest import MINI_VOCABULARY

    path = write_catalogue(title_yaml(**fields), vocabulary=top + MINI_VOCABULARY)
    assert any(message in p for p in problems_of(path)), problems_of(path)


def _query_side_only(catalogue):
    """The bundled catalogue where reading every full title fails, and `load` records the
    ids it is asked for: what the query side reads is what a cached catalogue decodes."""
    from cryanime import Catalogue

    class Strict(Catalogue):
        def __init__(self) -> None:
            super().__init__(catalogue.themes, catalogue.warnings, catalogue.titles,
                             catalogue.source, catalogue.survey_lists)
            self.loads: list[list[str]] = []

        @property
        def titles(self):
            raise AssertionError("a query path read every full title")

        def load(self, title_ids):
            ids = list(title_ids)
            self.loads.append(ids)
            return super().load(ids)

    return Strict()


def test_the_query_side_reads_candidates_and_loads_only_what_is_shown(catalogue):
    """Filters, ranking, random, tonight and title lookup run on Candidate records, which
    carry only the fields they may read (reading another is an AttributeError); recommend
    loads the full titles of its picks, and only those, in one call."""
    import random

    from cryanime import Query, recommend
    from cryanime.catalogue import Candidate
    from cryanime.draw import draw
    from cryanime.matching import complete
    from cryanime.query import explain_empty, find
    from cryanime.tonight import Answers, offers, what_to_loosen

    strict = _query_side_only(catalogue)
    assert set(Candidate._fields) < {*catalogue.titles[0]._fields, "names"}
    clannad = strict.candidate("clannad")
    questions: list[dict[str, Any]] = [
        dict(query=Query(themes=("grief",))),
        dict(query=Query(themes=("grief",), format="film", min_tears=4), exclude={"anohana"}),
        dict(query=Query(themes=("war", "family"), era=None)),
        dict(query=Query(), like=[clannad]),
        dict(query=Query(), loved=[clannad, strict.candidate("anohana")], cried=["anohana"]),
        dict(query=Query()),
        dict(query=Query(themes=("music",)), planned={"your-lie-in-april"}, among=None),
        dict(query=Query(themes=("grief",)), limit=None, watched={"clannad"}),
    ]
    for question in questions:
        strict.loads.clear()
        picks = recommend(strict, **question)
        assert picks and strict.loads == [[p.title.id for p in picks]], question
    strict.loads.clear()
    for query in (Query(themes=("grief",), min_tears=3), Query(format="film"), Query()):
        for seed in range(5):
            assert type(draw(strict, query, random.Random(seed))) is Candidate
        assert all(type(t) is Candidate for t in find(strict, query))
    nothing = Query(themes=("android-ai",), format="film", era=None, min_tears=5)
    assert explain_empty(strict, nothing).startswith("No films")
    for answers in (Answers(120, 5, "hopeful"), Answers(None, 3, None)):
        given = offers(strict, answers, Query(), exclude={"clannad"}, rng=random.Random(1),
                       planned={"anohana"})
        assert given and all(type(offer.title) is Candidate for offer in given)
    assert what_to_loosen(strict, Answers(30, 5, "hopeful"), Query(), ())
    assert find_title(strict, "your lie").id == "your-lie-in-april"
    assert find_title(strict, "grave of the fireflys").id == "grave-of-the-fireflies"
    assert find_title(strict, "Shigatsu wa Kimi no Uso").id == "your-lie-in-april"
    assert [t.id for t in complete(strict.candidates, "clan")][:1] == ["clannad"]
    assert strict.loads == []  # none of these loaded a full title
