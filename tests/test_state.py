"""The watched-list store: contents, versions, corruption, atomic writes and locking."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cryanime.errors import StateError
from cryanime.state import VERSION, WatchedStore, data_dir


@pytest.fixture
def store(tmp_path: Path) -> WatchedStore:
    return WatchedStore(tmp_path / "home")


def test_empty_when_no_file(store):
    """A new user has an empty list and no file is created by reading."""
    assert store.load() == {}
    assert not store.path.exists()


def test_add_remove_clear_round_trip(store):
    """Adding, re-adding, loving, removing and clearing all land on disk."""
    assert store.add(["clannad", "anohana"]) == (["clannad", "anohana"], [])
    assert store.add(["clannad"], loved=True) == ([], ["clannad"])
    entries = store.load()
    assert set(entries) == {"clannad", "anohana"}
    assert entries["clannad"].loved and not entries["anohana"].loved
    assert store.remove(["anohana", "missing"]) == (["anohana"], ["missing"])
    assert set(store.load()) == {"clannad"}
    assert store.clear() == 1
    assert store.load() == {}


def test_file_format_is_versioned_json(store):
    """The file is plain JSON with a version and ISO date-times."""
    store.add(["clannad"], loved=True)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["version"] == VERSION
    entry = data["watched"]["clannad"]
    assert entry["loved"] is True
    assert entry["added"].endswith("+00:00") and "T" in entry["added"]


def test_loved_is_never_taken_away_by_a_plain_add(store):
    """Adding a loved title again without --loved keeps the heart."""
    store.add(["clannad"], loved=True)
    store.add(["clannad"])
    assert store.load()["clannad"].loved


def test_data_dir_prefers_cryanime_home(monkeypatch, tmp_path):
    """CRYANIME_HOME wins; without it, platformdirs' user data dir for cryanime."""
    monkeypatch.setenv("CRYANIME_HOME", str(tmp_path))
    assert Path(data_dir()) == tmp_path
    monkeypatch.delenv("CRYANIME_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Path(data_dir()) == tmp_path / "xdg" / "cryanime"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not valid JSON at line 1"),
        (b"\xff\xfe", "is not valid JSON"),
        (b"[]", "is not a cryanime watched list"),
        (b'{"version": 99, "watched": {}}', "has version 99; this cryanime reads versions 1 and 2"),
        (b'{"version": 1, "watched": []}', "has no 'watched' mapping"),
        (b'{"version": 1, "watched": {"x": {"loved": true}}}', "malformed entry for 'x'"),
        (b'{"version": 2, "watched": {"x": {"added": "t", "my_tears": 9}}}',
         "malformed entry for 'x'"),
        (b'{"version": 2, "watched": {}, "plan": {"y": {}}}', "malformed plan entry for 'y'"),
        (b'{"version": 2, "watched": {}, "plan": []}', "'plan' that is not a mapping"),
    ],
)
def test_bad_file_is_an_error_and_is_never_touched(store, content, message):
    """A corrupt or unknown file raises StateError naming the file; writes refuse too."""
    store.directory.mkdir(parents=True)
    store.path.write_bytes(content)
    with pytest.raises(StateError) as info:
        store.load()
    assert message in str(info.value) and str(store.path) in str(info.value)
    with pytest.raises(StateError):
        store.add(["clannad"])
    assert store.path.read_bytes() == content


def test_newer_version_says_upgrade(store):
    """A list written by a newer cryanime asks for an upgrade, not a reset."""
    store.directory.mkdir(parents=True)
    store.path.write_text('{"version": 3, "watched": {}}')
    with pytest.raises(StateError, match="upgrade cryanime"):
        store.load()


def test_state_file_that_is_a_directory(store):
    """A directory where the file should be is reported, not replaced."""
    store.path.mkdir(parents=True)
    with pytest.raises(StateError, match="is a directory"):
        store.load()
    assert store.path.is_dir()


def test_write_failure_leaves_the_old_list(store, monkeypatch):
    """If the replace step fails, the old file is intact and no temporary is left."""
    store.add(["clannad"])
    before = store.path.read_bytes()

    def fail(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(store.path))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(StateError, match="cannot be written: permission denied"):
        store.add(["anohana"])
    assert store.path.read_bytes() == before
    assert list(store.directory.glob(".watched.*")) == []


def test_failed_change_writes_nothing(store):
    """An exception inside an update leaves the file as it was."""
    store.add(["clannad"])
    before = store.path.read_bytes()

    def change(lists):
        lists.watched.clear()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.update(change)
    assert store.path.read_bytes() == before


def test_stale_temporary_files_are_cleaned(store):
    """A temporary file left by a killed writer is removed by the next write."""
    store.add(["clannad"])
    leftover = store.directory / ".watched.abc123.tmp"
    leftover.write_text("half")
    store.add(["anohana"])
    assert not leftover.exists()


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from cryanime.state import WatchedStore
    home, worker, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    what = sys.argv[4] if len(sys.argv) > 4 else "watched"
    while time.time() < start:
        time.sleep(0.001)
    store = WatchedStore(home)
    for i in range(20):
        if what == "plan":
            store.plan_add([f"plan-{worker}-{i}"])
        else:
            store.add([f"title-{worker}-{i}"])
""")


@pytest.mark.slow
def test_twenty_processes_adding_twenty_titles_each_lose_nothing(tmp_path):
    """20 processes x 20 separate adds at the same moment: all 400 are on the list."""
    home = tmp_path / "home"
    start = str(time.time() + 1.5)  # every worker starts writing at once
    workers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(w), start])
        for w in range(20)
    ]
    assert all(p.wait(timeout=120) == 0 for p in workers)
    entries = WatchedStore(home).load()
    assert len(entries) == 400
    assert {f"title-{w}-{i}" for w in range(20) for i in range(20)} == set(entries)


LOOPER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from cryanime.state import WatchedStore
    store = WatchedStore(Path(sys.argv[1]))
    i = 0
    while True:
        store.add([f"title-{i:06d}-" + "x" * 200], my_tears=1 + i % 5)
        store.plan_add([f"plan-{i:06d}-" + "x" * 200])
        if i == 0:
            print("wrote", flush=True)  # the test kills it only after this, however slow
        i += 1
""")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_a_writer_at_any_moment_leaves_a_valid_list(tmp_path):
    """SIGKILL at arbitrary points: the file is always the old or the new list, whole."""
    home = tmp_path / "home"
    store = WatchedStore(home)
    store.add([f"seed-{i}" for i in range(2000)])  # big enough that a write takes a while
    seen, planned = len(store.load()), 0
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31, 0.37, 0.43, 0.53, 0.61, 0.71):
        writer = subprocess.Popen([sys.executable, "-c", LOOPER, str(home)],
                                  stdout=subprocess.PIPE)
        assert writer.stdout is not None and writer.stdout.readline() == b"wrote\n"
        time.sleep(delay)  # then a moment into later writes
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()  # type: ignore[union-attr]  # checked above
        lists = store.load_lists()  # raises if the file were torn
        assert len(lists.watched) >= seen and len(lists.plan) >= planned
        seen, planned = len(lists.watched), len(lists.plan)
    assert seen > 2000 and planned > 0  # the writers did get some writes in


@pytest.mark.slow
def test_ten_plan_and_ten_watched_writers_at_once_lose_nothing(tmp_path):
    """10 processes adding to the plan and 10 to the watched list, all at once."""
    home = tmp_path / "home"
    start = str(time.time() + 1.5)
    workers = [subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(w), start,
                                 "plan" if w % 2 else "watched"]) for w in range(20)]
    assert all(p.wait(timeout=120) == 0 for p in workers)
    lists = WatchedStore(home).load_lists()
    assert set(lists.plan) == {f"plan-{w}-{i}" for w in range(1, 20, 2) for i in range(20)}
    assert set(lists.watched) == {f"title-{w}-{i}" for w in range(0, 20, 2) for i in range(20)}


V1_FILE = """{
  "version": 1,
  "watched": {
    "anohana": {
      "added": "2026-11-20T19:02:11+00:00",
      "loved": false
    },
    "clannad": {
      "added": "2026-11-26T01:59:37+00:00",
      "loved": true
    }
  }
}
"""


def test_a_version_1_file_is_read_as_it_is_and_upgraded_losslessly(store):
    """A real version 1 file (as cryanime 0.1 wrote it) reads unchanged; the first write
    makes it version 2 with every id, `added` time and `loved` flag kept."""
    store.directory.mkdir(parents=True)
    store.path.write_text(V1_FILE, encoding="utf-8")
    assert store.load_plan() == {}
    assert store.path.read_text(encoding="utf-8") == V1_FILE  # reading writes nothing
    store.plan_add(["grave-of-the-fireflies"])
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["version"] == 2
    assert data["watched"] == {
        "anohana": {"added": "2026-11-20T19:02:11+00:00", "loved": False},
        "clannad": {"added": "2026-11-26T01:59:37+00:00", "loved": True},
    }
    assert list(data["plan"]) == ["grave-of-the-fireflies"]


def test_plan_and_watched_lists_work_together(store):
    """Planning, unplanning; a watched title leaves the plan and cannot be planned."""
    assert store.plan_add(["a", "b"]) == (["a", "b"], [], [])
    assert store.plan_add(["a"]) == ([], ["a"], [])
    store.add(["a"], my_tears=5)
    assert set(store.load_plan()) == {"b"}
    assert store.load()["a"].my_tears == 5
    assert store.plan_add(["a"]) == ([], [], ["a"])
    assert store.plan_remove(["b", "zzz"]) == (["b"], ["zzz"])
    assert store.load_plan() == {}


def test_your_tears_are_kept_and_updated_never_dropped(store):
    """A later add without --tears keeps them; with --tears it updates them."""
    store.add(["a"], my_tears=3)
    store.add(["a"])
    assert store.load()["a"].my_tears == 3
    store.add(["a"], my_tears=5)
    assert store.load()["a"].my_tears == 5
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["watched"]["a"]["my_tears"] == 5


def test_a_new_users_lists_are_empty_without_the_list_machinery(invoke, tmp_path, monkeypatch):
    """With nothing where the lists would be, commands read them as empty without the
    lists' reader; anything there (a file, a folder that is a file, a dangling link) is
    the reader's to judge, with its own errors."""
    from cryanime import paths

    home = tmp_path / "home"
    monkeypatch.setenv("CRYANIME_HOME", str(home))
    assert paths.no_lists_yet()  # no folder
    home.mkdir()
    assert paths.no_lists_yet()  # an empty folder
    (home / "watched.json").symlink_to(tmp_path / "nowhere.json")
    assert not paths.no_lists_yet()  # a dangling link: the reader says what is wrong
    result = invoke("recommend", "--json")
    assert result.exit_code != 0 and "watched.json" in result.stderr
    (home / "watched.json").unlink()
    home.rmdir()
    home.write_text("a file where the folder should be")
    assert not paths.no_lists_yet()
    result = invoke("random", "--json")
    assert result.exit_code != 0 and "is a file, not a folder" in result.stderr
