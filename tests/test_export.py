"""`cryanime watched export`: your lists as the XML MyAnimeList exports (and MyAnimeList,
AniList and Kitsu import), read back by the importer into the same lists."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from conftest import title_yaml
from cryanime.malexport import ANIME_ELEMENTS, MYINFO_ELEMENTS

# The elements of MyAnimeList's own anime export, as list managers that read it name them
# (Taiga's MyAnimeList reader, and exporters that AniList accepts)
MAL_ANIME = {"series_animedb_id", "series_title", "series_type", "series_episodes", "my_id",
             "my_watched_episodes", "my_start_date", "my_finish_date", "my_rated",
             "my_score", "my_storage", "my_storage_value", "my_status", "my_comments",
             "my_times_watched", "my_rewatch_value", "my_priority", "my_tags",
             "my_rewatching", "my_rewatching_ep", "my_discuss", "my_sns",
             "update_on_import"}
MAL_MYINFO = {"user_id", "user_name", "user_export_type", "user_total_anime",
              "user_total_watching", "user_total_completed", "user_total_onhold",
              "user_total_dropped", "user_total_plantowatch"}


def _text(element: ElementTree.Element | None, name: str) -> str:
    assert element is not None
    value = element.findtext(name)
    assert value is not None, name
    return value


def _fill_lists(invoke) -> None:
    assert invoke("watched", "add", "clannad", "--loved", "--tears", "5").exit_code == 0
    assert invoke("watched", "add", "your name", "--tears", "3").exit_code == 0
    assert invoke("watched", "add", "grave of the fireflies").exit_code == 0
    assert invoke("plan", "add", "a silent voice", "anohana").exit_code == 0


def _lists(invoke) -> tuple[dict, set]:
    watched = {e["id"]: (e["loved"], e["my_tears"])
               for e in json.loads(invoke("watched", "list", "--json").stdout)}
    planned = {e["id"] for e in json.loads(invoke("plan", "list", "--json").stdout)}
    return watched, planned


@pytest.mark.parametrize("name", ["animelist.xml", "animelist.xml.gz"])
def test_an_export_imported_into_empty_lists_gives_the_same_lists(invoke, tmp_path,
                                                                   monkeypatch, name):
    _fill_lists(invoke)
    before = _lists(invoke)
    file = tmp_path / name
    result = invoke("watched", "export", str(file))
    assert result.exit_code == 0, result.output
    assert "Exported 3 watched titles and 2 planned titles to" in result.stdout
    assert (file.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")
    monkeypatch.setenv("CRYANIME_HOME", str(tmp_path / "someone-else"))
    assert _lists(invoke) == ({}, set())
    imported = invoke("watched", "import", str(file))
    assert imported.exit_code == 0, imported.output
    assert _lists(invoke) == before
    assert before[0]["clannad"] == (True, 5) and before[0]["your-name"] == (False, 3)


def test_the_export_uses_myanimelists_element_names_ids_and_statuses(invoke, tmp_path,
                                                                      catalogue):
    _fill_lists(invoke)
    result = invoke("watched", "export")  # to stdout
    assert result.exit_code == 0
    root = ElementTree.fromstring(result.stdout_bytes)
    assert root.tag == "myanimelist"
    info = root.find("myinfo")
    assert info is not None
    assert [child.tag for child in info] == list(MYINFO_ELEMENTS)
    assert set(MYINFO_ELEMENTS) == MAL_MYINFO
    assert info.findtext("user_export_type") == "1"  # an anime list
    assert info.findtext("user_total_completed") == "3"
    assert info.findtext("user_total_plantowatch") == "2"
    entries = root.findall("anime")
    assert len(entries) == 5
    by_id = {t.mal_id: t for t in catalogue.titles}
    for anime in entries:
        assert [child.tag for child in anime] == list(ANIME_ELEMENTS)
        assert set(ANIME_ELEMENTS) == MAL_ANIME
        title = by_id[int(_text(anime, "series_animedb_id"))]
        assert anime.findtext("my_status") in ("Completed", "Plan to Watch")
        assert anime.findtext("series_type") == ("Movie" if title.format == "film" else "TV")
        if anime.findtext("my_status") == "Completed" and title.format == "series":
            assert anime.findtext("my_watched_episodes") == str(title.episodes)
    statuses = {by_id[int(_text(a, "series_animedb_id"))].id: a.findtext("my_status")
                for a in entries}
    assert statuses == {"clannad": "Completed", "your-name": "Completed",
                        "grave-of-the-fireflies": "Completed",
                        "a-silent-voice": "Plan to Watch", "anohana": "Plan to Watch"}
    scores = {by_id[int(_text(a, "series_animedb_id"))].id: a.findtext("my_score")
              for a in entries}
    assert scores["clannad"] == "10" and scores["your-name"] == "0"
    assert "Exported 3 watched titles" in result.stderr  # stdout holds only the XML


@pytest.mark.slow
def test_gzip_goes_to_a_pipe_but_not_to_a_terminal(invoke, tmp_path):
    _fill_lists(invoke)
    piped = invoke("watched", "export", "--gzip")
    assert piped.exit_code == 0
    assert gzip.decompress(piped.stdout_bytes).startswith(b"<?xml")
    script = os.path.join(os.path.dirname(sys.executable), "cryanime")
    env = {**os.environ, "TERM": "xterm-256color"}
    shown = subprocess.run(["script", "-qec", f"'{script}' watched export --gzip",
                            "/dev/null"], capture_output=True, env=env, timeout=60,
                           stdin=subprocess.DEVNULL)
    assert shown.returncode == 2
    assert b"would garble the terminal" in shown.stdout
    assert b"\x1f\x8b" not in shown.stdout


def test_an_unwritable_place_is_said_and_nothing_is_left(invoke, tmp_path):
    _fill_lists(invoke)
    folder = tmp_path / "out"
    folder.mkdir()
    result = invoke("watched", "export", str(folder / "missing" / "animelist.xml"))
    assert result.exit_code == 2
    assert "animelist.xml: cannot be written" in result.stderr
    assert "Traceback" not in result.output
    result = invoke("watched", "export", str(folder))  # a folder, not a file
    assert result.exit_code == 2 and str(folder) in result.stderr
    assert list(folder.iterdir()) == []


def test_titles_without_a_myanimelist_id_are_left_out_and_named(invoke, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("titles:\n" + title_yaml(id="homemade", title="Homemade Tears"),
                    encoding="utf-8")
    assert invoke("--catalog", str(mine), "watched", "add", "homemade").exit_code == 0
    assert invoke("watched", "add", "clannad").exit_code == 0
    result = invoke("--catalog", str(mine), "watched", "export")
    assert result.exit_code == 0
    assert "no MyAnimeList id, so left out: Homemade Tears" in result.stderr
    assert len(ElementTree.fromstring(result.stdout_bytes).findall("anime")) == 1


def test_an_empty_list_exports_an_empty_valid_list(invoke):
    result = invoke("watched", "export")
    assert result.exit_code == 0
    root = ElementTree.fromstring(result.stdout_bytes)
    assert root.findall("anime") == [] and root.findtext("myinfo/user_total_anime") == "0"
    assert "Exported 0 watched titles and 0 planned titles" in result.stderr
