"""The catalogue index (SQLite): used when fresh, rebuilt when stale or damaged, never an
error; whole or absent; a file anyone can open with sqlite3."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from conftest import read_pty, title_of, title_yaml
from cryanime import CatalogueError, Query, load_catalogue, recommend
from cryanime.index import SCHEMA, cache_dir, index_file, load_vocabulary
from cryanime.indexed import IndexedCatalogue, load_indexed
from cryanime.matching import find_title


@pytest.fixture(autouse=True)
def own_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("CRYANIME_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def catalogue_file(write_catalogue) -> Path:
    return write_catalogue(title_yaml(id="one", title="One") + title_yaml(id="two", title="Two"))


def index_files() -> list[Path]:
    return sorted(Path(cache_dir()).glob("catalogue-*.sqlite3"))


def leftovers() -> list[Path]:
    return sorted(Path(cache_dir()).glob(".catalogue-*"))


def test_second_load_comes_from_the_index(catalogue_file, monkeypatch):
    """The first load writes the index; the second does not parse YAML at all."""
    first = load_indexed([catalogue_file])
    assert len(index_files()) == 1
    monkeypatch.setattr("cryanime.loading.load_catalogues",
                        lambda paths: pytest.fail("parsed again"))
    second = load_indexed([catalogue_file])
    assert isinstance(second, IndexedCatalogue)
    assert [t.to_dict() for t in second.titles] == [t.to_dict() for t in first.titles]
    assert second.themes == first.themes and second.warnings == first.warnings
    assert title_of(second, "two").title == "Two" and find_title(second, "one").id == "one"


def test_the_index_is_an_sqlite_database_of_facts_anyone_can_open(catalogue_file):
    """Tables of facts, the key in meta, JSON records, no order stored: what the README's
    Performance section says you will find with sqlite3."""
    load_indexed([catalogue_file])
    [file] = index_files()
    assert file == Path(index_file([catalogue_file]))
    with sqlite3.connect(file) as db:
        tables = {name for name, in db.execute("SELECT name FROM sqlite_master "
                                               "WHERE type IN ('table', 'view')")}
        assert {"meta", "vocabulary", "titles", "themes", "warnings", "genres", "names",
                "franchises", "counts", "search"} <= tables
        meta = {k: json.loads(v) for k, v in db.execute("SELECT name, value FROM meta")}
        assert meta["schema"] == SCHEMA and meta["size"] == 2
        [[path, size, mtime, sha]] = meta["sources"]
        stat = catalogue_file.stat()
        assert (path, size, mtime) == (os.path.realpath(catalogue_file), stat.st_size,
                                       stat.st_mtime_ns)
        assert len(sha) == 64
        rows = db.execute("SELECT row, id, candidate FROM titles ORDER BY row").fetchall()
        assert [(r, i) for r, i, _ in rows] == [(0, "one"), (1, "two")]
        assert json.loads(rows[0][2])[:2] == ["one", "One"]
        assert db.execute("SELECT theme, nth, row, position FROM themes WHERE theme = 'grief'"
                          " ORDER BY nth").fetchall() == [("grief", 0, 0, 0), ("grief", 1, 1, 0)]
        columns = {c for table in tables - {"search"} for _, c, *_ in
                   db.execute(f"PRAGMA table_info({table})")}
        assert not {"score", "rank", "order", "weight"} & columns  # facts, not an order
    assert leftovers() == []


def test_bundled_catalogue_round_trips_exactly(catalogue):
    """Every field of every bundled title survives the index unchanged, tuples as tuples."""
    from cryanime.paths import bundled_path

    load_indexed([bundled_path()])
    indexed = load_indexed([bundled_path()])
    assert isinstance(indexed, IndexedCatalogue)
    assert indexed.titles == catalogue.titles
    assert indexed.candidates == catalogue.candidates
    assert dict(indexed.themes) == dict(catalogue.themes)
    assert dict(indexed.warnings) == dict(catalogue.warnings)
    assert all(isinstance(t.themes, tuple) and isinstance(t.sources, tuple)
               for t in indexed.titles)


def test_common_facts_are_stored_as_bitmaps_beside_every_titles_tears_and_lists(catalogue):
    """fact_bits holds the titles of each theme, genre, studio and creator that at least
    one title in DENSE carries (bit r: the title at row r), and no other fact; arrays
    holds every title's tears and survey count in row order: what --like reads."""
    from cryanime.catalogue import facts_of
    from cryanime.index_alike import DENSE, STORED_KINDS, from_array
    from cryanime.paths import bundled_path

    load_indexed([bundled_path()])
    carried: dict[tuple[str, str], set[int]] = {}
    for row, title in enumerate(catalogue.titles):
        for fact in facts_of(title):
            carried.setdefault(fact, set()).add(row)
    common = {f for f, rows in carried.items()
              if f[0] in STORED_KINDS and len(rows) * DENSE >= catalogue.size}
    assert {f[0] for f in common} == set(STORED_KINDS)  # every kind has common facts
    assert len(common) < sum(f[0] in STORED_KINDS for f in carried)  # and rare ones
    with sqlite3.connect(index_file([bundled_path()])) as db:
        stored = {(kind, value): bits for kind, value, bits in
                  db.execute("SELECT kind, value, bits FROM fact_bits")}
        arrays = dict(db.execute("SELECT name, data FROM arrays"))
    db.close()
    assert set(stored) == common
    for fact, bits in stored.items():
        assert len(bits) == (catalogue.size + 7) // 8
        mask = int.from_bytes(bits, "little")
        assert {r for r in range(catalogue.size) if mask >> r & 1} == carried[fact], fact
    assert list(from_array("B", arrays["tears"])) == [t.tears for t in catalogue.titles]
    assert list(from_array("I", arrays["lists"])) == [t.lists for t in catalogue.titles]


def test_a_changed_file_is_loaded_again(catalogue_file):
    """Editing the file rebuilds the index with the new content, in place."""
    load_indexed([catalogue_file])
    catalogue_file.write_text(catalogue_file.read_text().replace("title: Two", "title: Deux"))
    assert title_of(load_indexed([catalogue_file]), "two").title == "Deux"
    assert len(index_files()) == 1  # rewritten in place, not piled up


def test_a_touched_file_keeps_its_index_and_a_same_size_edit_does_not(catalogue_file,
                                                                      monkeypatch):
    """A new modification time with the same content is settled by the content hash: no
    rebuild. The same size and time with other content (an edit within the clock's
    resolution) is not trusted either way: the hash is asked only when size or time
    disagree, so a changed hash with a new time rebuilds."""
    load_indexed([catalogue_file])
    stamp = catalogue_file.stat().st_mtime_ns + 5_000_000_000
    os.utime(catalogue_file, ns=(stamp, stamp))
    with monkeypatch.context() as patch:
        patch.setattr("cryanime.loading.load_catalogues",
                      lambda paths: pytest.fail("parsed again"))
        assert isinstance(load_indexed([catalogue_file]), IndexedCatalogue)
        # the index now has the new time: the next run does not hash the file again
        patch.setattr("cryanime.index.digest", lambda path: pytest.fail("hashed again"))
        assert isinstance(load_indexed([catalogue_file]), IndexedCatalogue)
    assert leftovers() == []
    text = catalogue_file.read_text()
    catalogue_file.write_text(text.replace("title: Two", "title: Tw0"))  # same size
    os.utime(catalogue_file, ns=(stamp + 1, stamp + 1))
    assert title_of(load_indexed([catalogue_file]), "two").title == "Tw0"


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _scribble(data: bytes) -> bytes:
    """Every page after the first overwritten: the header says a database, nothing else
    is one."""
    return data[:4096] + bytes(range(256)) * ((len(data) - 4096) // 256)


def _foreign(data: bytes) -> bytes:
    """Another program's database at that name."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        other = Path(folder) / "other.db"
        with sqlite3.connect(other) as db:
            db.execute("CREATE TABLE notes(text TEXT)")
            db.execute("INSERT INTO notes VALUES ('hello')")
        db.close()
        return other.read_bytes()


def _old_schema(data: bytes) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.db"
        copy.write_bytes(data)
        with sqlite3.connect(copy) as db:
            db.execute("UPDATE meta SET value = '0' WHERE name = 'schema'")
        db.close()
        return copy.read_bytes()


@pytest.mark.parametrize("damage", [
    lambda data: b"",
    _truncate,
    lambda data: data[:-1],
    lambda data: b"not a database\n" * 100,
    _scribble,
    _foreign,
    _old_schema,
], ids=["empty", "half", "one byte short", "text", "scribbled", "foreign", "old schema"])
def test_a_damaged_index_is_rebuilt(catalogue_file, damage):
    """Whatever happened to the database, the catalogue comes out right and the index is
    rebuilt; the next load reads it."""
    fresh = load_catalogue(catalogue_file)
    load_indexed([catalogue_file])
    [file] = index_files()
    file.write_bytes(damage(file.read_bytes()))
    messages: list[str] = []
    rebuilt = load_indexed([catalogue_file], damaged=messages.append)
    assert rebuilt.titles == fresh.titles
    assert rebuilt.with_any_theme(["grief"]) == fresh.with_any_theme(["grief"])
    indexed = load_indexed([catalogue_file])
    assert isinstance(indexed, IndexedCatalogue)
    assert indexed.titles == fresh.titles and indexed.get("one") == fresh.get("one")
    assert leftovers() == []


def _scribble_on_the_titles(file: Path) -> None:
    """The titles table's first page overwritten; the header and the meta table whole."""
    with sqlite3.connect(file) as db:
        root, = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'titles'").fetchone()
        page_size, = db.execute("PRAGMA page_size").fetchone()
    db.close()
    data = bytearray(file.read_bytes())
    data[(root - 1) * page_size:root * page_size] = b"\xff" * page_size
    file.write_bytes(bytes(data))


def test_an_index_damaged_where_it_is_read_is_rebuilt_mid_question(catalogue_file):
    """Damage SQLite only meets when it reads a page (the titles' pages scribbled, the
    header and the meta table whole): the question is answered from the catalogue read
    again, the damage said once, and the index rebuilt."""
    fresh = load_catalogue(catalogue_file)
    load_indexed([catalogue_file])
    [file] = index_files()
    _scribble_on_the_titles(file)
    messages: list[str] = []
    indexed = load_indexed([catalogue_file], damaged=messages.append)
    assert isinstance(indexed, IndexedCatalogue)  # opened fine: the damage is further in
    assert indexed.load(["two", "one"]) == fresh.load(["two", "one"])
    assert indexed.candidates == fresh.candidates
    assert messages == [str(file)]
    assert isinstance(load_indexed([catalogue_file]), IndexedCatalogue)
    assert load_indexed([catalogue_file]).titles == fresh.titles


def test_the_cli_says_once_that_a_damaged_index_was_rebuilt(invoke, catalogue_file):
    assert invoke("--no-bundled", "--catalog", str(catalogue_file), "list").exit_code == 0
    [file] = index_files()
    _scribble_on_the_titles(file)
    result = invoke("--no-bundled", "--catalog", str(catalogue_file), "list", "--json")
    assert result.exit_code == 0, result.output
    assert [t["id"] for t in json.loads(result.stdout)] == ["one", "two"]
    assert result.stderr.count("was damaged; it is built again") == 1
    assert "Traceback" not in result.stderr
    again = invoke("--no-bundled", "--catalog", str(catalogue_file), "list", "--json")
    assert (again.exit_code, again.stdout, again.stderr) == (0, result.stdout, "")


def test_a_locked_index_is_still_read(catalogue_file):
    """Another program holding a write lock on the database (sqlite3's BEGIN EXCLUSIVE)
    does not stop a read: the index is opened immutable, as it is never changed in place."""
    fresh = load_catalogue(catalogue_file)
    load_indexed([catalogue_file])
    [file] = index_files()
    holder = sqlite3.connect(file)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        indexed = load_indexed([catalogue_file])
        assert isinstance(indexed, IndexedCatalogue) and indexed.titles == fresh.titles
    finally:
        holder.rollback()
        holder.close()


def test_a_read_only_index_is_read_and_a_stale_one_bypassed_with_a_warning(catalogue_file,
                                                                            tmp_path):
    """A fresh index in a folder that cannot be written is read as it is; a stale one is
    bypassed (the YAML read) with the reason given, every time, and nothing changes."""
    load_indexed([catalogue_file])
    folder = Path(cache_dir())
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user can write anywhere (root)")
        assert isinstance(load_indexed([catalogue_file]), IndexedCatalogue)
        catalogue_file.write_text(catalogue_file.read_text().replace("title: Two", "title: 2"))
        said: list[tuple[str, str]] = []
        for _ in range(2):
            catalogue = load_indexed([catalogue_file], unsaved=lambda d, r: said.append((d, r)))
            assert title_of(catalogue, "two").title == "2"
        assert [d for d, _ in said] == [str(folder)] * 2
    finally:
        folder.chmod(0o755)


def test_an_unwritable_cache_directory_is_not_an_error(catalogue_file, monkeypatch, tmp_path):
    """If the index cannot be written the catalogue still loads, every time, and says why."""
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("CRYANIME_CACHE_DIR", str(blocker / "cache"))
    said: list[tuple[str, str]] = []
    for _ in range(2):
        loaded = load_indexed([catalogue_file], unsaved=lambda d, r: said.append((d, r)))
        assert loaded.get("one") is not None
    assert len(said) == 2 and said[0][0] == str(blocker / "cache")


def test_a_build_that_fails_midway_leaves_nothing_behind(catalogue_file, monkeypatch):
    """The database is written to a temporary file and renamed: a build that fails (a full
    disk, a kill) leaves no index and no temporary file; the catalogue is still given."""
    import cryanime.index_build

    def full(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cryanime.index_build, "_fill", full)
    said: list[str] = []
    loaded = load_indexed([catalogue_file], unsaved=lambda d, r: said.append(r))
    assert loaded.get("one") is not None and said == ["database or disk is full"]
    assert index_files() == [] and leftovers() == []


def test_a_killed_builds_temporary_file_is_removed_by_a_later_build(catalogue_file):
    """A build killed midway leaves only its temporary file, never a half-written index;
    one older than an hour is removed by the next build (a newer one may be under way)."""
    folder = Path(cache_dir())
    folder.mkdir(parents=True)
    old, new = folder / ".catalogue-old.tmp", folder / ".catalogue-new.tmp"
    old.write_bytes(b"half a database")
    new.write_bytes(b"a build under way")
    hour_ago = os.stat(old).st_mtime - 3700
    os.utime(old, (hour_ago, hour_ago))
    load_indexed([catalogue_file])
    assert leftovers() == [new]
    assert len(index_files()) == 1


def test_catalogues_with_problems_are_never_indexed(write_catalogue):
    """A broken file raises CatalogueError on every load and leaves no index behind."""
    broken = write_catalogue(title_yaml(tears=9))
    for _ in range(2):
        with pytest.raises(CatalogueError, match="'tears' must be from 1 to 5"):
            load_indexed([broken])
    assert index_files() == []


def test_missing_file_is_reported_by_loading(tmp_path):
    """A missing file gives the usual error, not an index error."""
    with pytest.raises(CatalogueError, match="file not found"):
        load_indexed([tmp_path / "nope.yaml"])


def test_the_cli_uses_the_index(invoke, catalogue_file, monkeypatch):
    """After one run, list works without parsing YAML."""
    assert invoke("--no-bundled", "--catalog", str(catalogue_file), "list").exit_code == 0
    monkeypatch.setattr("cryanime.loading.load_catalogues",
                        lambda paths: pytest.fail("parsed again"))
    result = invoke("--no-bundled", "--catalog", str(catalogue_file), "list", "--json")
    assert [t["id"] for t in json.loads(result.stdout)] == ["one", "two"]


def test_theme_completion_reads_only_the_vocabulary(invoke, runner, catalogue_file, monkeypatch):
    """With a fresh index, TAB after --theme needs no titles and no YAML."""
    from cryanime.cli import cli

    assert invoke("--no-bundled", "--catalog", str(catalogue_file), "themes").exit_code == 0
    monkeypatch.setattr("cryanime.indexed.IndexedCatalogue.__init__",
                        lambda *args: pytest.fail("opened the catalogue"))
    env = {"_CRYANIME_COMPLETE": "bash_complete",
           "COMP_WORDS": f"cryanime --no-bundled --catalog {catalogue_file} list --theme fi",
           "COMP_CWORD": "6"}
    result = runner.invoke(cli, [], env=env, prog_name="cryanime")
    assert result.stdout.splitlines() == ["plain,first-love"]


def test_vocabulary_is_none_without_a_fresh_index(catalogue_file):
    """No index yet, or a changed file: the caller falls back to a full load."""
    assert load_vocabulary([catalogue_file]) is None
    load_indexed([catalogue_file])
    rows = load_vocabulary([catalogue_file])
    assert rows is not None
    assert ["theme", "grief", "grief", "Loss."] in rows and ["warning", "gore", "gore",
                                                              "Blood."] in rows
    catalogue_file.write_text(catalogue_file.read_text() + "\n")
    assert load_vocabulary([catalogue_file]) is None


@pytest.mark.parametrize("args", [
    ["recommend", "--theme", "grief", "--json"],
    ["recommend", "--theme", "war", "--theme", "first love", "--series", "--plain"],
    ["recommend", "--like", "clannad", "--json"],
    ["list", "--theme", "family", "--theme", "siblings", "--json"],
    ["list", "--film", "--era", "2010s", "--plain"],
    ["random", "--theme", "music", "--seed", "3", "--json"],
    ["show", "anohana", "--json"],
    ["show", "grave of the fireflys", "--plain"],
    ["show", "nothing like this"],
    ["themes", "--json"],
])
def test_the_cli_prints_the_same_from_the_index(invoke, args):
    """The first run loads YAML and writes the index; the second reads the index: a user
    sees the same output either way."""
    cold = invoke(*args)
    assert cold.exit_code in (0, 1), cold.output
    assert index_files()
    warm = invoke(*args)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout,
                                                          cold.stderr)


UNUSUAL = {  # valid catalogues at the edges of what the index must carry
    "no titles": "titles: []\n",
    "one title": "titles:\n" + title_yaml(id="one", title="One"),
    "all of unicode": "titles:\n" + title_yaml(
        id="wide", title='"Ｗｉｄｅ 🌧 雨の物語 \\U0001F62D"', pitch='"Tears 😭 and\\ttabs"',
        aliases='["≠", "ℌ", "𝔘𝔫𝔦"]') + title_yaml(id="plain", title="Plain", format="film",
                                                   runtime_minutes=90, episodes=None),
    "escape sequences": "titles:\n" + title_yaml(
        id="esc", title='"Evil \\e]0;owned\\a Title"', pitch='"\\e[31mred\\u202e \\x9b2J"'),
    "quotes in names": "titles:\n" + title_yaml(
        id="quoted", title="'Say \"Goodbye\" AND OR NOT'", aliases='["a*b", "x:y", "NEAR(z)"]'),
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_unusual_catalogues_print_the_same_from_the_index(invoke, tmp_path, name):
    """Cold (YAML) and warm (index) runs of every command agree, byte for byte."""
    from conftest import MINI_VOCABULARY

    path = tmp_path / "unusual.yaml"
    path.write_text(MINI_VOCABULARY + UNUSUAL[name], encoding="utf-8")
    first = load_catalogue(path).titles[:1]
    some = first[0].id if first else "nothing"
    commands = [["list"], ["list", "--json"], ["list", "--plain", "--sort", "tears"],
                ["recommend", "--json"], ["recommend", "-t", "grief", "--plain"],
                ["random", "--seed", "1", "--json"], ["show", some, "--json"], ["show", some],
                ["show", "goodbye and or"], ["show", "NEAR"], ["show", "a*b"],
                ["themes", "--json"], ["tonight", "--no-input", "--json"]]
    for args in commands:
        for file in index_files():
            file.unlink()
        cold = invoke("--no-bundled", "--catalog", str(path), *args)
        warm = invoke("--no-bundled", "--catalog", str(path), *args)
        assert index_files(), args
        assert (warm.exit_code, warm.stdout, warm.stderr) == (
            cold.exit_code, cold.stdout, cold.stderr), args
        assert cold.exit_code in (0, 1) and "Traceback" not in cold.stderr, (args, cold.stderr)


def test_a_catalogue_broken_while_its_damaged_index_is_in_use(invoke, catalogue_file):
    """The index is found damaged while it is read, and the YAML, read again, has become
    invalid (with the same size and time): exit 2 with the catalogue's problem, no
    traceback."""
    assert invoke("--no-bundled", "--catalog", str(catalogue_file), "list").exit_code == 0
    [file] = index_files()
    file.write_bytes(_scribble(file.read_bytes()))
    stat = catalogue_file.stat()
    broken = catalogue_file.read_text().replace("tears: 3", "tears: 9", 1)
    catalogue_file.write_text(broken[: stat.st_size].ljust(stat.st_size))
    os.utime(catalogue_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the key still fits
    result = invoke("--no-bundled", "--catalog", str(catalogue_file), "list", "-t", "grief")
    assert result.exit_code == 2, result.output
    assert "'tears' must be from 1 to 5" in result.stderr and "Traceback" not in result.stderr


def test_a_top_five_reads_few_titles_and_agrees_with_the_full_ranking(write_catalogue):
    """With 600 titles carrying grief, the first picks of a theme question read a few
    batches of titles, not the 600, and equal the head of the full ranking, with filters,
    exclusions, two themes, deep cuts and nothing asked alike; a seeded draw is the same
    draw as from a fresh load."""
    from conftest import MINI_VOCABULARY
    from cryanime.draw import draw

    titles = "".join(
        title_yaml(id=f"t{i:03d}", title=f"Title {i:03d}", tears=1 + i % 5,
                   themes="[grief, war]" if i % 3 else "[war, family, first-love, grief]",
                   lists=i % 7, year=1990 + i % 30)
        for i in range(600))
    path = write_catalogue(titles, vocabulary="survey_lists: 50\n" + MINI_VOCABULARY)
    fresh = load_catalogue(path)
    load_indexed([path])
    indexed = load_indexed([path])
    recommend(indexed, Query(themes=("grief",)), limit=5)
    assert len(indexed._made) <= 300  # type: ignore[attr-defined]
    for query, exclude in [(Query(themes=("grief",)), ()),
                           (Query(themes=("grief",), min_tears=2), ("t004", "t009")),
                           (Query(themes=("war",), format="series"), ()),
                           (Query(themes=("grief", "family")), ()),
                           (Query(themes=("grief", "war", "family")), ("t002",)),
                           (Query(), ("t000",))]:
        for limit in (1, 5, 300):
            for deep in (False, True):
                fast = recommend(indexed, query, limit=limit, exclude=exclude, deep=deep)
                full = recommend(fresh, query, limit=None, exclude=exclude, deep=deep)[:limit]
                assert [(r.title.id, r.score, r.reasons) for r in fast] == \
                    [(r.title.id, r.score, r.reasons) for r in full], (query, limit, deep)
    for seed in range(20):
        for query in (Query(themes=("grief",), min_tears=3), Query(), Query(themes=("war",))):
            assert draw(indexed, query, random.Random(seed), skip={"t001"}) == \
                draw(fresh, query, random.Random(seed), skip={"t001"})


def test_a_build_reports_its_progress_and_gives_the_same_catalogue(catalogue_file):
    """load_indexed(progress=...) is told how the reading, the checking and the writing go
    (how far of how much), and builds exactly what it builds without."""
    calls = []
    built = load_indexed([catalogue_file], lambda what, done, total: calls.append(
        (what, done, total)))
    assert built == load_catalogue(catalogue_file)
    reading = [(done, total) for what, done, total in calls if what.startswith("reading ")]
    assert reading and reading[-1][0] == reading[-1][1]  # read to the end
    assert [done for done, _ in reading] == sorted(done for done, _ in reading)
    assert calls[-1][0] == "writing the index"


def _big_catalogue(path: Path, count: int) -> Path:
    lines = ["themes:", "  - {id: grief, name: grief, description: Loss.}", "titles:"]
    for i in range(count):
        lines += [f"  - id: t{i}", f"    title: Title number {i}", "    format: film",
                  "    year: 2000", "    runtime_minutes: 90", "    themes: [grief]",
                  "    tears: 3", "    ending: hopeful", "    pitch: A title for a test."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_is_drawn_only_once_the_work_has_taken_its_threshold(monkeypatch, capsys):
    """The progress display stays away while the build is quicker than `after` seconds and
    appears on stderr once it has taken longer (an injected clock: no machine is too fast)."""
    from cryanime.output import ProgressReport

    monkeypatch.setenv("FORCE_COLOR", "1")  # stderr is captured: let rich draw as on a terminal
    now = [100.0]
    report = ProgressReport(after=1.0, clock=lambda: now[0])
    now[0] = 100.9
    report("checking titles", 10, 100)
    report.close()
    assert "Building the catalogue index" not in capsys.readouterr().err
    report = ProgressReport(after=1.0, clock=lambda: now[0])
    now[0] += 1.5
    report("checking titles", 50, 100)
    report.close()
    assert "Building the catalogue index: checking titles" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_a_progress_threshold_that_is_not_seconds_is_refused(value, invoke):
    """CRYANIME_PROGRESS_AFTER must be a number of seconds; anything else is named, exit 2."""
    result = invoke("list", env={"CRYANIME_PROGRESS_AFTER": value})
    assert result.exit_code == 2
    assert f"CRYANIME_PROGRESS_AFTER='{value}' is not a number of seconds" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pty")
def test_a_long_build_shows_progress_on_a_terminals_stderr_and_stdout_stays_clean(tmp_path):
    """A first run whose cache build outlasts the threshold (0 here, so that the speed of
    the machine does not matter) shows rich's progress on stderr when that is a terminal,
    even with stdout going to a pipe; stdout gets only the JSON. With stderr not a
    terminal, nothing is shown."""
    import subprocess
    import sys

    big = _big_catalogue(tmp_path / "big.yaml", 2_000)
    args = [sys.executable, "-m", "cryanime", "--no-bundled", "--catalog", str(big),
            "recommend", "--theme", "grief", "--json"]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache-a"), "TERM": "xterm",
           "CRYANIME_PROGRESS_AFTER": "0"}
    env.pop("CRYANIME_CACHE_DIR", None)
    master, slave = os.openpty()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    out, _ = process.communicate(timeout=300)
    seen = read_pty(master)
    assert process.returncode == 0
    assert b"Building the catalogue index" in seen
    assert len(json.loads(out)) == 5  # stdout: the JSON and nothing else
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache-b")
    quiet = subprocess.run(args, capture_output=True, env=env, timeout=300)
    assert quiet.returncode == 0 and quiet.stderr == b""


@pytest.mark.slow
def test_ten_first_runs_at_once_all_answer_and_leave_one_whole_index(tmp_path):
    """Ten processes start together with no index: each builds one and renames it into
    place; every one answers correctly, one index is left, and no temporary file."""
    import subprocess
    import sys

    from conftest import MINI_VOCABULARY

    path = tmp_path / "many.yaml"
    path.write_text(MINI_VOCABULARY + "titles:\n" + "".join(
        title_yaml(id=f"t{i:03d}", title=f"Title {i:03d}", tears=1 + i % 5, lists=i % 4)
        for i in range(400)), encoding="utf-8")
    env = {**os.environ, "CRYANIME_CACHE_DIR": str(tmp_path / "cache")}
    args = [sys.executable, "-m", "cryanime", "--no-bundled", "--catalog", str(path),
            "recommend", "--theme", "grief", "--json"]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for _ in range(10)]
    outputs = [run.communicate(timeout=300) for run in runs]
    expected = [r.title.id for r in recommend(load_catalogue(path), Query(themes=("grief",)))]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert [t["id"] for t in json.loads(out)] == expected
        assert b"Traceback" not in err
    folder = tmp_path / "cache"
    assert len(list(folder.glob("catalogue-*.sqlite3"))) == 1
    assert list(folder.glob(".catalogue-*")) == []


@pytest.mark.slow
def test_a_build_killed_midway_leaves_no_index_and_the_next_run_builds_one(tmp_path):
    """SIGKILL while the index is being written (once its temporary file exists): no
    index is left under its name, half-written or not; the next run builds a whole one."""
    import signal
    import subprocess
    import sys
    import time

    big = _big_catalogue(tmp_path / "big.yaml", 20_000)
    folder = tmp_path / "cache"
    env = {**os.environ, "CRYANIME_CACHE_DIR": str(folder)}
    args = [sys.executable, "-m", "cryanime", "--no-bundled", "--catalog", str(big),
            "recommend", "--theme", "grief", "--json"]
    build = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=env)
    try:
        while not list(folder.glob(".catalogue-*.tmp")) and build.poll() is None:
            time.sleep(0.005)  # waits for the build to reach the write, whatever its speed
        if build.poll() is not None:
            pytest.skip("the build ended before it could be killed")
        build.send_signal(signal.SIGKILL)
    finally:
        build.wait(timeout=300)
    assert list(folder.glob("catalogue-*.sqlite3")) == []
    result = subprocess.run(args, capture_output=True, env=env, timeout=300)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 5
    [file] = folder.glob("catalogue-*.sqlite3")
    with sqlite3.connect(file) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM titles").fetchone() == (20_000,)
    db.close()


def test_an_sqlite_without_math_functions_gets_pythons(catalogue_file, monkeypatch):
    """Where SQLite was built without sqrt() and floor(), a ranked question adds Python's
    (the contract suite checks they give the same answers)."""
    import cryanime.index

    added: list[None] = []
    monkeypatch.setattr(cryanime.index, "has_math", lambda connection: False)
    real = cryanime.index.add_math
    monkeypatch.setattr(cryanime.index, "add_math",
                        lambda connection: added.append(real(connection)))
    load_indexed([catalogue_file])
    indexed = load_indexed([catalogue_file])
    assert recommend(indexed, Query(themes=("grief",)))
    assert len(added) == 1
