"""Your files are never lost, forked or ignored, and no input crashes cryanime: every case
asserts the exit code, the message, that no traceback appears, and that your files are
byte for byte (and mode and link) as they were."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "cryanime"


def snapshot(path: Path) -> tuple:
    """What must not change: the bytes, the mode, whether it is a link and to where."""
    if path.is_symlink():
        target = os.readlink(path)
        real = path.resolve()
        data = (real.read_bytes(), stat.S_IMODE(real.stat().st_mode)) if real.exists() else None
        return ("link", target, data)
    if not path.exists():
        return ("absent",)
    return ("file", path.read_bytes(), stat.S_IMODE(path.stat().st_mode))


@pytest.fixture
def home() -> Path:
    path = Path(os.environ["CRYANIME_HOME"])
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def saved(invoke, home) -> Path:
    assert invoke("watched", "add", "clannad", "--loved").exit_code == 0
    return home / "watched.json"


def refused(result, code: int, *messages: str) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    for message in messages:
        assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == "" or result.stdout == "[]\n"


# ----------------------------------------------------------------- writes


def test_a_read_only_list_is_refused_and_left_exactly_as_it_was(invoke, saved):
    """chmod 444 watched.json: an add is exit 2 naming the file, nothing written, the mode
    kept, and that holds for root as well (judged by the mode, not only access())."""
    saved.chmod(0o444)
    before = snapshot(saved)
    result = invoke("watched", "add", "anohana")
    refused(result, 2, f"{saved}: is read-only; it was left as it is",
            f"make it writable (chmod u+w {saved}) to change it")
    assert snapshot(saved) == before
    assert invoke("watched", "list", "--json").exit_code == 0  # reading it is fine


def test_a_write_keeps_the_files_mode(invoke, saved):
    """chmod 644 survives the next write (the atomic rename does not reset it to 0600)."""
    saved.chmod(0o644)
    assert invoke("watched", "add", "anohana").exit_code == 0
    assert stat.S_IMODE(saved.stat().st_mode) == 0o644
    assert "anohana" in json.loads(saved.read_text())["watched"]


def test_a_symlinked_list_is_written_through_the_link(invoke, home, tmp_path):
    """watched.json as a link into a dotfiles folder: writes update the target, the link
    stays a link, and the target keeps its mode."""
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "watched.json"
    link = home / "watched.json"
    target.write_text('{"version": 2, "watched": {}, "plan": {}}\n')
    target.chmod(0o640)
    link.symlink_to(target)
    assert invoke("watched", "add", "clannad").exit_code == 0
    assert invoke("watched", "add", "anohana", "--loved").exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert set(json.loads(target.read_text())["watched"]) == {"clannad", "anohana"}
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not list(dotfiles.glob(".watched.*.tmp")) and not list(home.glob(".watched.*"))


def test_a_dangling_link_is_reported_never_read_as_empty(invoke, home, tmp_path):
    """The sync folder is not mounted: every command that reads or writes the list says
    where the link points, exit 2, and the link is left alone."""
    gone = tmp_path / "not-mounted" / "watched.json"
    link = home / "watched.json"
    link.symlink_to(gone)
    before = snapshot(link)
    for args in (["watched", "list"], ["watched", "add", "anohana"], ["recommend"]):
        refused(invoke(*args), 2, f"{link}: is a symbolic link to {gone}, which does not exist",
                "restore or mount what it points to, or remove the link")
    assert snapshot(link) == before


def test_a_symbolic_link_loop_says_so(invoke, home):
    link = home / "watched.json"
    link.symlink_to(home / "other.json")
    (home / "other.json").symlink_to(link)
    refused(invoke("watched", "add", "anohana"), 2, f"{link}: is a symbolic link loop",
            "point the link at a real file, or remove it")
    assert link.is_symlink()


def test_cryanime_home_pointing_at_a_file_says_so(invoke, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("mine")
    for args in (["watched", "list"], ["watched", "add", "anohana"]):
        refused(invoke(*args, env={"CRYANIME_HOME": str(not_a_folder)}), 2,
                f"{not_a_folder}: is a file, not a folder",
                "point CRYANIME_HOME at a folder")
    assert not_a_folder.read_text() == "mine"


def test_a_folder_that_refuses_writes_is_named_not_a_temporary_file(invoke, saved,
                                                                     monkeypatch):
    """mkstemp fails in a read-only folder: the message names the folder."""
    import tempfile

    def refuse(*args, dir=None, **kwargs):
        raise PermissionError(13, "Permission denied", os.path.join(dir, ".watched.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    before = snapshot(saved)
    refused(invoke("watched", "add", "anohana"), 2,
            f"{saved.parent}: cannot be written: permission denied")
    assert ".tmp" not in invoke("watched", "add", "anohana").stderr
    assert snapshot(saved) == before


def test_a_held_lock_is_announced_while_waiting(invoke, saved, monkeypatch):
    """Another cryanime holds the lock: after LOCK_NOTICE seconds stderr says so, and the
    wait ends with exit 2 and the lock file named (thresholds injected, no timing)."""
    from filelock import FileLock

    from cryanime import state

    monkeypatch.setattr(state, "LOCK_NOTICE", 0.05)
    monkeypatch.setattr(state, "LOCK_TIMEOUT", 0.3)
    before = snapshot(saved)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with FileLock(str(saved) + ".lock"):
            held.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        result = invoke("watched", "add", "anohana")
    finally:
        done.set()
        holder.join()
    refused(result, 2, f"Waiting for another cryanime to finish writing {saved} ...",
            f"{saved}: is locked by another cryanime")
    assert snapshot(saved) == before


# ----------------------------------------------------------------- lossless


def test_keys_cryanime_does_not_know_are_kept(invoke, home):
    """A version 1 list with a hand-added plan and notes of its own: the first write keeps
    the plan, the notes at every level, and upgrades the version."""
    path = home / "watched.json"
    path.write_text(json.dumps({
        "version": 1, "synced_by": "my-script",
        "watched": {"clannad": {"added": "2026-01-01T00:00:00+00:00", "loved": True,
                                "note": "cried at ep 18"}},
        "plan": {"anohana": {"added": "2026-01-02T00:00:00+00:00", "why": "a friend"}},
    }))
    assert invoke("watched", "add", "your-lie-in-april").exit_code == 0
    data = json.loads(path.read_text())
    assert data["version"] == 2 and data["synced_by"] == "my-script"
    assert data["watched"]["clannad"]["note"] == "cried at ep 18"
    assert data["plan"]["anohana"] == {"why": "a friend", "added": "2026-01-02T00:00:00+00:00"}
    assert "your-lie-in-april" in data["watched"]


def test_duplicate_keys_are_an_error_naming_the_line(invoke, home):
    path = home / "watched.json"
    path.write_text('{"version": 2,\n "watched": {\n  "clannad": {"added": "x"},\n'
                    '  "clannad": {"added": "y"}\n }\n}\n')
    before = snapshot(path)
    refused(invoke("watched", "add", "anohana"), 2,
            f"{path}: has the key 'clannad' twice (line 4)", "keep one of them")
    assert snapshot(path) == before


# ----------------------------------------------------------------- hostile readers


def test_a_deeply_nested_list_is_an_error_not_a_recursion(invoke, home):
    path = home / "watched.json"
    path.write_text('{"version": 2, "watched": ' + "[" * 100_000 + "]" * 100_000 + "}")
    before = snapshot(path)
    for args in (["watched", "list"], ["recommend"], ["watched", "add", "anohana"]):
        refused(invoke(*args), 2, f"{path}: is nested far too deeply to be a watched list")
    assert snapshot(path) == before


def test_a_number_too_long_in_the_list_is_an_error(invoke, home):
    path = home / "watched.json"
    path.write_text('{"version": 2, "watched": {"clannad": {"added": "x", "my_tears": '
                    + "9" * 5000 + "}}}")
    refused(invoke("watched", "list"), 2, f"{path}: holds a number far too long")


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_are_refused_never_waited_on(invoke, home, tmp_path, saved):
    """A named pipe as catalogue, config, watched.json or import file: exit 2 at once,
    naming it (reading one would wait forever for a writer)."""
    pipe = _fifo(tmp_path / "pipe")
    refused(invoke("--catalog", str(pipe), "list"), 2, f"{pipe}: is a named pipe (FIFO), not "
            "a regular file — give the path of a catalogue .yaml file")
    refused(invoke("list", env={"CRYANIME_CONFIG": str(pipe)}), 2,
            f"{pipe}: is a named pipe (FIFO), not a regular file")
    refused(invoke("watched", "import", str(pipe)), 2, f"{pipe}: is a named pipe (FIFO)")
    before = snapshot(saved)
    saved.unlink()
    _fifo(saved)
    refused(invoke("watched", "list"), 2, f"{saved}: is a named pipe (FIFO)")
    refused(invoke("watched", "add", "anohana"), 2, f"{saved}: is a named pipe (FIFO)")
    assert stat.S_ISFIFO(saved.stat().st_mode) and before[0] == "file"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_catalogue_never_hangs_a_real_process(tmp_path):
    pipe = _fifo(tmp_path / "pipe.yaml")
    result = subprocess.run([str(SCRIPT), "--catalog", str(pipe), "list"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "is a named pipe (FIFO)" in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_are_refused_never_read_until_memory_runs_out(invoke):
    checked = invoke("check", "/dev/zero")  # check reports problems on stdout
    assert checked.exit_code == 2 and "Traceback" not in checked.stderr
    assert "/dev/zero: is a device, not a regular file" in checked.stdout
    refused(invoke("--catalog", "/dev/zero", "list"), 2, "/dev/zero: is a device")
    refused(invoke("list", env={"CRYANIME_CONFIG": "/dev/zero"}), 2, "/dev/zero: is a device")
    refused(invoke("watched", "import", "/dev/zero"), 2, "/dev/zero: is a device")


def test_a_catalogue_link_loop_is_named(invoke, tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(loop)
    result = invoke("check", str(loop))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{loop}: is a symbolic link loop — point the link at a real file" in result.stdout
    refused(invoke("--catalog", str(loop), "list"), 2, "is a symbolic link loop")


def test_an_oversized_config_is_refused_before_parsing(invoke, tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("# " + "x" * (2**20 + 10) + "\n")
    refused(invoke("list", env={"CRYANIME_CONFIG": str(config)}), 2,
            f"{config}: is larger than 1 MiB; refused")


def _export(tmp_path: Path, body: bytes, encoding: str = "UTF-8") -> Path:
    path = tmp_path / "animelist.xml.gz"
    xml = (f'<?xml version="1.0" encoding="{encoding}"?>\n<myanimelist>\n'.encode()
           + body + b"\n</myanimelist>\n")
    path.write_bytes(gzip.compress(xml))
    return path


ENTRY = (b"<anime><series_animedb_id>{id}</series_animedb_id><series_title>Clannad"
         b"</series_title><my_status>Completed</my_status><my_score>9</my_score></anime>")


@pytest.mark.parametrize(("encoding", "message"), [
    ("Shift_JIS", "declares the encoding 'Shift_JIS', which cannot be read"),
    ("EUC-KR", "declares the encoding 'EUC-KR', which cannot be read"),
    ("no-such-encoding", "declares the encoding 'no-such-encoding', which cannot be read"),
])
def test_exports_in_encodings_that_cannot_be_read_are_refused(invoke, tmp_path, saved,
                                                              encoding, message):
    path = _export(tmp_path, ENTRY.replace(b"{id}", b"2167"), encoding)
    before = snapshot(saved)
    refused(invoke("watched", "import", str(path)), 2, f"{path}: {message}",
            "MyAnimeList exports are UTF-8")
    assert snapshot(saved) == before


@pytest.mark.parametrize("bad_id", ["²".encode(), b"9" * 5000])
def test_an_export_id_that_is_no_number_is_refused(invoke, tmp_path, saved, bad_id):
    path = _export(tmp_path, ENTRY.replace(b"{id}", bad_id))
    before = snapshot(saved)
    refused(invoke("watched", "import", str(path)), 2,
            "has a series_animedb_id that is not a number of a few digits")
    assert snapshot(saved) == before


def test_an_unwritable_cache_warns_once_and_still_answers(invoke, tmp_path):
    """The cache folder cannot be made: the answer comes all the same, with one warning
    on stderr saying how to fix it."""
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    result = invoke("recommend", "-t", "grief", "--plain",
                    env={"CRYANIME_CACHE_DIR": str(blocker / "cryanime")})
    assert result.exit_code == 0 and result.stdout.count("\n") == 5
    assert result.stderr.count("Warning: cannot save the catalogue index in") == 1
    assert "XDG_CACHE_HOME" in result.stderr


@pytest.mark.parametrize("args", [["show"], ["recommend", "--like"], ["watched", "add"],
                                  ["plan", "add"]])
def test_absurdly_long_titles_are_refused_before_any_lookup(invoke, args, saved):
    before = snapshot(saved)
    result = invoke(*args, "x" * 8000)
    assert result.exit_code == 2
    assert "A title of 8,000 characters ('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'...) is longer than " \
           "any title could be; give at most 300 characters." in result.stderr
    assert snapshot(saved) == before


@pytest.mark.parametrize("flag", ["--theme", "--without", "--era"])
def test_long_arguments_are_never_echoed_whole(invoke, flag):
    result = invoke("list", flag, "y" * 100_000)
    assert result.exit_code == 2
    assert "(100,000 characters)" in result.stderr and len(result.stderr) < 1000


def test_a_read_only_list_that_needs_no_change_is_not_an_error(invoke, saved):
    """Adding what is already there changes nothing, so a read-only list is no obstacle."""
    saved.chmod(0o444)
    before = snapshot(saved)
    result = invoke("watched", "add", "clannad")
    assert result.exit_code == 0 and "Already on your list: Clannad." in result.stdout
    assert snapshot(saved) == before
