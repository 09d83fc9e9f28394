"""Reading MyAnimeList exports: real-format fixtures, hostile XML and gzip bombs."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cryanime.errors import ImportFileError
from cryanime.mal import parse_export, plan_import, read_bytes, read_export

FIXTURES = Path(__file__).parent / "fixtures" / "mal"


@pytest.mark.parametrize("name", ["animelist.xml", "animelist.xml.gz"])
def test_plain_and_gzipped_exports_read_the_same(name):
    """The export as MyAnimeList serves it (gzip) and unpacked give the same entries."""
    entries = read_export(FIXTURES / name)
    assert [e.title for e in entries] == [
        "Clannad", "Steins;Gate", "Shigatsu wa Kimi no Uso", "Hotaru no Haka",
        "Cowboy Bebop & <Friends>", "Violet Evergarden", "Angel Beats!",
    ]
    clannad = entries[0]
    assert (clannad.mal_id, clannad.score, clannad.status) == (2167, 9, "Completed")
    assert clannad.watched and clannad.loved


def test_plan_matches_by_id_then_title(catalogue):
    """Ids match first; an entry without a usable id matches by its romaji title."""
    plan = plan_import(read_export(FIXTURES / "animelist.xml"), catalogue)
    assert plan.matched == {
        "clannad": True,              # 9 -> loved
        "steins-gate": False,         # watching, unscored
        "your-lie-in-april": False,   # id 0, matched by title; on hold
        "violet-evergarden": True,    # 8 -> loved
    }
    assert plan.planned == ["grave-of-the-fireflies", "angel-beats"]  # Plan to Watch
    assert plan.not_watched == []
    assert [e.title for e in plan.unmatched] == ["Cowboy Bebop & <Friends>"]


def test_numeric_statuses(catalogue):
    """Older exports give statuses as numbers: 1-4 count as watched, 6 does not."""
    plan = plan_import(read_export(FIXTURES / "numeric-statuses.xml"), catalogue)
    assert plan.matched == {"anohana": True, "your-lie-in-april": False,
                            "plastic-memories": True, "elfen-lied": False}
    assert plan.planned == ["true-tears"]  # 6: Plan to Watch


@pytest.mark.parametrize(
    ("name", "message"),
    [("billion-laughs.xml", "declares the XML entity 'lol'"),
     ("external-entity.xml", "declares an external entity (file:///etc/passwd)")],
)
def test_entity_attacks_are_refused(name, message):
    """Entity expansion and external entities are refused with a clear error."""
    with pytest.raises(ImportFileError) as info:
        read_export(FIXTURES / name)
    assert message in str(info.value) and name in str(info.value)


def test_gzip_bomb_is_refused_without_inflating_it(tmp_path):
    """A small .gz that inflates past the cap is refused."""
    bomb = tmp_path / "animelist.xml.gz"
    with gzip.open(bomb, "wb") as handle:
        handle.write(b"<myanimelist>" + b" " * 2_000_000 + b"</myanimelist>")
    assert bomb.stat().st_size < 10_000
    with pytest.raises(ImportFileError, match="decompresses to more than 1 MiB; refused"):
        read_bytes(bomb, limit=2**20)


def test_oversized_plain_file_is_refused(tmp_path):
    """The same cap applies to an unpacked file."""
    big = tmp_path / "animelist.xml"
    big.write_bytes(b" " * (2**20 + 10))
    with pytest.raises(ImportFileError, match="is larger than 1 MiB; refused"):
        read_bytes(big, limit=2**20)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"<myanimelist><anime>", "not valid XML"),
     (b"<html><body/></html>", "not a MyAnimeList export (its root is <html>)")],
)
def test_not_an_export(data, message):
    """Broken XML and other XML documents are named as such."""
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_export(data, "x.xml")


def test_truncated_gzip(tmp_path):
    """A cut-off download is reported, not a traceback."""
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(gzip.compress(b"<myanimelist></myanimelist>")[:15])
    with pytest.raises(ImportFileError, match="cannot be read as gzip"):
        read_export(path)


def test_missing_file():
    """A wrong path says so."""
    with pytest.raises(ImportFileError, match="file not found"):
        read_export(FIXTURES / "nope.xml")


def _entry(mal_id, title, status="Completed"):
    from cryanime.mal import MalEntry

    return MalEntry(mal_id=mal_id, title=title, score=0, status=status)


def test_an_id_the_catalogue_lacks_is_not_matched_by_its_title(write_catalogue):
    """MyAnimeList's Code Geass R2 (2904), exported under the title "Code Geass", is not
    the first season (1575): it is not in the catalogue, and the summary says so."""
    from conftest import title_yaml
    from cryanime import load_catalogue

    catalogue = load_catalogue(write_catalogue(
        title_yaml(id="code-geass", title="Code Geass", mal_id=1575)
        + title_yaml(id="obscure", title="Obscure Short")))
    plan = plan_import([_entry(2904, "Code Geass"), _entry(1575, "Something else"),
                        _entry(4242, "Obscure Short"), _entry(None, "Code Geass")], catalogue)
    # by id; by title only for a catalogue title without an id; an entry without an id
    # has only its title
    assert plan.matched == {"code-geass": False, "obscure": False}
    assert [(e.mal_id, e.title) for e in plan.unmatched] == [(2904, "Code Geass")]
