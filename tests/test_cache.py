"""The parsed-catalogue cache: used when fresh, rebuilt when stale or damaged, never an error."""

from __future__ import annotations

import json
import os
import random
import zlib
from pathlib import Path

import pytest

from conftest import title_of, title_yaml
from cryanime import CatalogueError, load_catalogue
from cryanime.cache import cache_dir, load_cached


@pytest.fixture(autouse=True)
def own_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("CRYANIME_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def catalogue_file(write_catalogue) -> Path:
    return write_catalogue(title_yaml(id="one", title="One") + title_yaml(id="two", title="Two"))


def cache_files() -> list[Path]:
    return sorted(Path(cache_dir()).glob("catalogue-*.json"))


def test_second_load_comes_from_the_cache(catalogue_file, monkeypatch):
    """The first load writes the cache; the second does not parse YAML at all."""
    first = load_cached([catalogue_file])
    assert len(cache_files()) == 1
    monkeypatch.setattr("cryanime.loading.load_catalogues",
                        lambda paths: pytest.fail("parsed again"))
    second = load_cached([catalogue_file])
    assert [t.to_dict() for t in second.titles] == [t.to_dict() for t in first.titles]
    assert second.themes == first.themes and second.warnings == first.warnings
    assert title_of(second, "two").title == "Two" and second.find_title("one").id == "one"


def test_the_cache_is_json_with_a_checked_header_and_body(catalogue_file):
    """Never pickle: a header line (its own checksum, then JSON: the key, the body's length
    and checksum, where each part lies) and a body of JSON lines and lists."""
    load_cached([catalogue_file])
    line, body = cache_files()[0].read_bytes().split(b"\n", 1)
    assert int(line[:8], 16) == zlib.crc32(line[8:])
    header = json.loads(line[8:])
    assert header["body"] == [len(body), zlib.crc32(body)]
    assert set(header) == {"key", "body", "vocabulary", "meta", "sections", "postings"}
    sections = header["sections"]

    def part(start: int, end: int) -> bytes:
        return body[start:end]

    candidates = part(*sections["candidates"]).splitlines()
    assert [json.loads(c)[0] for c in candidates] == ["one", "two"]
    heavy = [json.loads(h) for h in part(*sections["heavy"]).splitlines()]
    assert all(h[0] == "A sample title." for h in heavy)  # the pitch, first of HEAVY
    places = [sections["candidates"][0], sections["candidates"][0] + len(candidates[0]) + 1]
    assert part(*sections["ids"]) == b"one\t%d\ntwo\t%d\n" % tuple(places)
    for theme in ("", "grief"):  # per theme, blocks of places in ranking order
        [block] = header["postings"][theme]
        assert json.loads(part(*block)) == places


def test_bundled_catalogue_round_trips_exactly(catalogue):
    """Every field of every bundled title survives the cache unchanged."""
    from cryanime.paths import bundled_path

    load_cached([bundled_path()])
    cached = load_cached([bundled_path()])
    assert cached.titles == catalogue.titles
    assert dict(cached.themes) == dict(catalogue.themes)
    assert all(isinstance(t.themes, tuple) and isinstance(t.sources, tuple)
               for t in cached.titles)


def test_a_changed_file_is_loaded_again(catalogue_file):
    """Editing the file (new size or time) rebuilds the cache with the new content."""
    load_cached([catalogue_file])
    catalogue_file.write_text(catalogue_file.read_text().replace("title: Two", "title: Deux"))
    assert title_of(load_cached([catalogue_file]), "two").title == "Deux"
    assert len(cache_files()) == 1  # rewritten in place, not piled up


@pytest.mark.parametrize("damage", [
    lambda data: b"",
    lambda data: data[: len(data) // 2],
    lambda data: data[:-1],
    lambda data: b"not json\n" + data,
    lambda data: data.replace(b'"One"', b'"Uno"'),  # body edited: its checksum fails
    lambda data: data.split(b"\n", 1)[0] + b"\n[1, 2, 3]",
    lambda data: _edit_header(data, lambda h: h["sections"]["heavy"].reverse(), checksum=False),
    lambda data: _edit_header(data, lambda h: h["postings"].clear(), checksum=False),
    lambda data: _edit_header(data, lambda h: h["key"].append("x")),
    # one part of the body changed in place (still valid JSON, same size):
    *(lambda data, name=name: _edit_section(data, name)
      for name in ("heavy", "candidates", "ids", "names", "postings/grief", "postings/")),
])
def test_a_damaged_cache_is_found_when_opened_and_rebuilt(catalogue_file, damage):
    """Whatever happened to the cache file, it is found out when the file is opened and
    the catalogue is loaded from YAML (and the cache rewritten): every lookup is right."""
    from cryanime.cached import CachedCatalogue

    fresh = load_catalogue(catalogue_file)
    load_cached([catalogue_file])
    [file] = cache_files()
    clean = file.read_bytes()
    file.write_bytes(damage(clean))
    rebuilt = load_cached([catalogue_file])
    assert not isinstance(rebuilt, CachedCatalogue)  # checked once, at open
    assert file.read_bytes() == clean
    cached = load_cached([catalogue_file])
    assert isinstance(cached, CachedCatalogue)
    for catalogue in (rebuilt, cached):
        assert catalogue.get("one") == fresh.get("one")
        assert catalogue.with_any_theme(["grief"]) == fresh.with_any_theme(["grief"])
        assert catalogue.titles == fresh.titles


def _edit_section(data: bytes, name: str) -> bytes:
    """The cache file with the last letter of part `name` ("postings/THEME" for a
    postings block) changed to 'x', or if it has none its last digit to 9: the same
    length, still JSON, different data."""
    line, body = data.split(b"\n", 1)
    header = json.loads(line[8:])
    kind, slash, theme = name.partition("/")
    start, end = header["postings"][theme][0] if slash else header["sections"][kind]
    section = bytearray(body[start:end])
    letters = [i for i, byte in enumerate(section) if chr(byte).isalpha() and byte != ord("x")]
    digits = [i for i, byte in enumerate(section) if chr(byte).isdigit() and byte != ord("9")]
    at = (letters or digits)[-1]
    section[at] = ord("x") if letters else ord("9")
    return line + b"\n" + body[:start] + bytes(section) + body[end:]


def _edit_header(data: bytes, edit, checksum: bool = True) -> bytes:
    """The cache file with its header changed by `edit` (still valid JSON), and its
    checksum made to fit (`checksum`) or left as it was."""
    line, body = data.split(b"\n", 1)
    header = json.loads(line[8:])
    edit(header)
    text = json.dumps(header).encode()
    return (b"%08x" % zlib.crc32(text) if checksum else line[:8]) + text + b"\n" + body


def test_after_opening_nothing_is_read_from_disk(catalogue):
    """A cached catalogue answers every call from what it read when it was opened: with
    the file gone and files unopenable, every lookup still gives the fresh load's answer,
    as plain Titles and Candidates."""
    import builtins

    from cryanime.cached import CachedCatalogue
    from cryanime.catalogue import Candidate, Title
    from cryanime.paths import bundled_path

    load_cached([bundled_path()])
    cached = load_cached([bundled_path()])
    assert isinstance(cached, CachedCatalogue)
    for file in cache_files():
        file.unlink()

    def no_io(*args, **kwargs):
        raise AssertionError("file I/O after the cache was opened")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "open", no_io)
        patch.setattr(os, "open", no_io)
        for title in catalogue.titles[::5]:
            [loaded] = cached.load([title.id])
            assert type(loaded) is Title and loaded == title
            assert type(cached.candidate(title.id)) is Candidate
        assert cached.load(["clannad", "anohana", "nope"]) == catalogue.load(
            ["clannad", "anohana", "nope"])
        assert list(cached.ranked("grief")) == list(catalogue.ranked("grief"))
        assert cached.nth("war", 2) == catalogue.nth("war", 2)
        assert cached.titles == catalogue.titles


def test_an_unwritable_cache_directory_is_not_an_error(catalogue_file, monkeypatch, tmp_path):
    """If the cache cannot be written the catalogue still loads, every time."""
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("CRYANIME_CACHE_DIR", str(blocker / "cache"))
    assert load_cached([catalogue_file]).get("one") is not None
    assert load_cached([catalogue_file]).get("one") is not None


def test_catalogues_with_problems_are_never_cached(write_catalogue):
    """A broken file raises CatalogueError on every load and leaves no cache behind."""
    broken = write_catalogue(title_yaml(tears=9))
    for _ in range(2):
        with pytest.raises(CatalogueError, match="'tears' must be from 1 to 5"):
            load_cached([broken])
    assert cache_files() == []


def test_missing_file_is_reported_by_loading(tmp_path):
    """A missing file gives the usual error, not a cache error."""
    with pytest.raises(CatalogueError, match="file not found"):
        load_cached([tmp_path / "nope.yaml"])


def test_the_cli_uses_the_cache(invoke, catalogue_file, monkeypatch):
    """After one run, list works without parsing YAML."""
    assert invoke("--no-bundled", "--catalog", str(catalogue_file), "list").exit_code == 0
    monkeypatch.setattr("cryanime.loading.load_catalogues",
                        lambda paths: pytest.fail("parsed again"))
    result = invoke("--no-bundled", "--catalog", str(catalogue_file), "list", "--json")
    assert [t["id"] for t in json.loads(result.stdout)] == ["one", "two"]


def test_same_result_with_and_without_cache(catalogue_file):
    """The cached catalogue behaves exactly like a freshly loaded one."""
    fresh = load_catalogue(catalogue_file)
    load_cached([catalogue_file])
    cached = load_cached([catalogue_file])
    assert cached.titles == fresh.titles


def test_theme_completion_reads_only_the_header(invoke, runner, catalogue_file, monkeypatch):
    """With a fresh cache, TAB after --theme needs no titles and no YAML."""
    from cryanime.cli import cli

    assert invoke("--no-bundled", "--catalog", str(catalogue_file), "themes").exit_code == 0
    monkeypatch.setattr("cryanime.cached.CachedCatalogue.__init__",
                        lambda *args: pytest.fail("decoded"))
    env = {"_CRYANIME_COMPLETE": "bash_complete",
           "COMP_WORDS": f"cryanime --no-bundled --catalog {catalogue_file} list --theme fi",
           "COMP_CWORD": "6"}
    result = runner.invoke(cli, [], env=env, prog_name="cryanime")
    assert result.stdout.splitlines() == ["plain,first-love"]


def test_vocabulary_is_none_without_a_fresh_cache(catalogue_file):
    """No cache yet, or a changed file: the caller falls back to a full load."""
    from cryanime.cache import load_vocabulary

    assert load_vocabulary([catalogue_file]) is None
    load_cached([catalogue_file])
    rows = load_vocabulary([catalogue_file])
    assert rows is not None
    assert ["theme", "grief", "grief", "Loss."] in rows and ["warning", "gore", "gore",
                                                              "Blood."] in rows
    catalogue_file.write_text(catalogue_file.read_text() + "\n")
    assert load_vocabulary([catalogue_file]) is None


def test_indexed_lookups_agree_with_a_fresh_load(catalogue):
    """From the cache, every theme lookup, id lookup and ranking gives what a fresh load
    gives: the same titles, in the same order, with every field."""
    from cryanime import Query, recommend
    from cryanime.paths import bundled_path

    load_cached([bundled_path()])
    cached = load_cached([bundled_path()])
    themes = sorted(catalogue.themes)
    for wished in [[t] for t in themes] + [themes[i:i + 3] for i in range(0, 20, 3)]:
        assert cached.with_any_theme(wished) == catalogue.with_any_theme(wished), wished
        query = Query(themes=tuple(wished))
        assert ([r.to_dict() for r in recommend(cached, query, limit=None)]
                == [r.to_dict() for r in recommend(catalogue, query, limit=None)])
    for title in catalogue.titles:
        assert cached.get(title.id) == title
        assert title_of(cached, title.id).to_dict() == title.to_dict()
        assert cached.candidate(title.id) == catalogue.candidate(title.id)
        assert cached.candidate(title.id) is cached.candidate(title.id)  # decoded once
    assert cached.get("no-such-title") is None and cached.candidate("no-such-title") is None
    assert cached.with_any_theme(["no-such-theme"]) == []
    for theme in themes:
        assert list(cached.ranked(theme)) == list(catalogue.ranked(theme)), theme
    assert [cached.nth(None, i) for i in range(cached.size)] == list(catalogue.candidates)
    some = [t.id for t in catalogue.titles[::7]]
    in_order = [t for t in catalogue.candidates if t.id in some]  # catalogue order, always
    for ids in (some, reversed(some), iter([*some, "no-such-title"])):
        assert cached.with_ids(ids) == catalogue.with_ids(some) == in_order
    assert cached.with_ids([]) == []
    liked = [title_of(cached, "clannad-after-story")]
    assert ([r.to_dict() for r in recommend(cached, Query(), like=liked)]
            == [r.to_dict() for r in recommend(catalogue, Query(), like=liked)])
    # the name index: every name of every title, and names that are prefixes of others
    from cryanime.matching import key

    for title in catalogue.titles:
        for name in (*title.names, title.id.replace("-", " ")):
            assert cached.named(key(name)) == catalogue.named(key(name)), name
            assert cached.candidate(title.id) in cached.named(key(name))
    for missing in ("", "a", "clannadx", "zzzz", "0", "clann"):
        assert cached.named(missing) == catalogue.named(missing) == [], missing


def test_the_name_index_is_a_binary_search_that_finds_every_row():
    """Sorted "key\tplace" lines, within a larger body: the first, the last, duplicates
    and prefixes."""
    from cryanime.cached import _bisect

    keys = sorted([("a", 3), ("ab", 1), ("ab", 7), ("abc", 2), ("b", 0), ("zz", 9)])
    lines = b"".join(b"%s\t%d\n" % (k.encode(), r) for k, r in keys)
    before, after = b"a\t5\nzz\t1\n", b"a\t8\n"  # other sections around it
    data = before + lines + after

    def search(key: bytes) -> list[int]:
        return _bisect(data, len(before), len(before) + len(lines), key)

    assert search(b"a") == [3]
    assert search(b"ab") == [1, 7]
    assert search(b"abc") == [2]
    assert search(b"zz") == [9]
    for missing in (b"", b"aa", b"abcd", b"c", b"zzz", b"0"):
        assert search(missing) == []
    assert _bisect(data, 4, 4, b"a") == []


@pytest.mark.parametrize("args", [
    ["recommend", "--theme", "grief", "--json"],
    ["recommend", "--theme", "war", "--theme", "first love", "--series", "--plain"],
    ["recommend", "--like", "clannad", "--json"],
    ["list", "--theme", "family", "--theme", "siblings", "--json"],
    ["list", "--film", "--era", "2010s", "--plain"],
    ["random", "--theme", "music", "--seed", "3", "--json"],
    ["show", "anohana", "--json"],
    ["themes", "--json"],
])
def test_the_cli_prints_the_same_from_the_cache(invoke, args):
    """The first run loads YAML and writes the cache; the second reads the cache: a user
    sees the same output either way."""
    cold = invoke(*args)
    assert cold.exit_code == 0, cold.output
    assert cache_files()
    warm = invoke(*args)
    assert (warm.exit_code, warm.stdout) == (0, cold.stdout)


UNUSUAL = {  # valid catalogues at the edges of what the cache must carry
    "no titles": "titles: []\n",
    "one title": "titles:\n" + title_yaml(id="one", title="One"),
    "all of unicode": "titles:\n" + title_yaml(
        id="wide", title='"Ｗｉｄｅ 🌧 雨の物語 \\U0001F62D"', pitch='"Tears 😭 and\\ttabs"',
        aliases='["≠", "ℌ", "𝔘𝔫𝔦"]') + title_yaml(id="plain", title="Plain", format="film",
                                                   runtime_minutes=90, episodes=None),
    "escape sequences": "titles:\n" + title_yaml(
        id="esc", title='"Evil \\e]0;owned\\a Title"', pitch='"\\e[31mred\\u202e \\x9b2J"'),
}


@pytest.mark.parametrize("name", sorted(UNUSUAL))
def test_unusual_catalogues_print_the_same_from_the_cache(invoke, tmp_path, name):
    """Cold (YAML) and warm (cache) runs of every command agree, byte for byte."""
    from conftest import MINI_VOCABULARY

    path = tmp_path / "unusual.yaml"
    path.write_text(MINI_VOCABULARY + UNUSUAL[name], encoding="utf-8")
    first = load_catalogue(path).titles[:1]
    some = first[0].id if first else "nothing"
    commands = [["list"], ["list", "--json"], ["list", "--plain", "--sort", "tears"],
                ["recommend", "--json"], ["recommend", "-t", "grief", "--plain"],
                ["random", "--seed", "1", "--json"], ["show", some, "--json"], ["show", some],
                ["themes", "--json"], ["tonight", "--no-input", "--json"]]
    for args in commands:
        for cache in cache_files():
            cache.unlink()
        cold = invoke("--no-bundled", "--catalog", str(path), *args)
        warm = invoke("--no-bundled", "--catalog", str(path), *args)
        assert cache_files(), args
        assert (warm.exit_code, warm.stdout, warm.stderr) == (
            cold.exit_code, cold.stdout, cold.stderr), args
        assert cold.exit_code in (0, 1) and "Traceback" not in cold.stderr, (args, cold.stderr)


def test_a_catalogue_broken_while_its_damaged_cache_is_in_use(invoke, catalogue_file):
    """The cache is found damaged when it is opened, and the YAML, read again, has become
    invalid (with the same size and time): exit 2 with the catalogue's problem, no
    traceback."""
    assert invoke("--no-bundled", "--catalog", str(catalogue_file), "list").exit_code == 0
    [file] = cache_files()
    file.write_bytes(_edit_section(file.read_bytes(), "postings/grief"))
    stat = catalogue_file.stat()
    broken = catalogue_file.read_text().replace("tears: 3", "tears: 9", 1)
    catalogue_file.write_text(broken[: stat.st_size].ljust(stat.st_size))
    os.utime(catalogue_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the key still fits
    result = invoke("--no-bundled", "--catalog", str(catalogue_file), "list", "-t", "grief")
    assert result.exit_code == 2, result.output
    assert "'tears' must be from 1 to 5" in result.stderr and "Traceback" not in result.stderr


def test_one_wish_reads_blocks_in_ranking_order_and_agrees_with_the_full_ranking(
        write_catalogue):
    """With 600 titles carrying grief (three postings blocks), the first picks of a
    one-theme question come from the blocks in order, and equal the head of the full
    ranking, with filters, exclusions and a damaged block alike. A top 5 decodes one
    block of candidates, not the 600."""
    from cryanime import Query, recommend

    titles = "".join(
        title_yaml(id=f"t{i:03d}", title=f"Title {i:03d}", tears=1 + i % 5,
                   themes="[grief, war]" if i % 3 else "[war, grief]", lists=i % 7,
                   year=1990 + i % 30)
        for i in range(600))
    from conftest import MINI_VOCABULARY

    path = write_catalogue(titles, vocabulary="survey_lists: 50\n" + MINI_VOCABULARY)
    fresh = load_catalogue(path)
    load_cached([path])
    cached = load_cached([path])
    recommend(cached, Query(themes=("grief",)), limit=5)
    assert len(cached._made) <= 20  # type: ignore[attr-defined]  # the first titles of one block, and what reasons name
    for query, exclude in [(Query(themes=("grief",)), ()),
                           (Query(themes=("grief",), min_tears=2, era=None), ("t004", "t009")),
                           (Query(themes=("war",), format="series"), ())]:
        for limit in (1, 5, 300):
            fast = recommend(cached, query, limit=limit, exclude=exclude)
            full = recommend(fresh, query, limit=None, exclude=exclude)[:limit]
            assert [(r.title.id, r.score, r.reasons) for r in fast] == \
                [(r.title.id, r.score, r.reasons) for r in full]
    from cryanime.draw import draw

    for seed in range(20):  # a draw from the cache is the draw from a fresh load
        for query in (Query(themes=("grief",), min_tears=3), Query(), Query(themes=("war",))):
            assert draw(cached, query, random.Random(seed), skip={"t001"}) == \
                draw(fresh, query, random.Random(seed), skip={"t001"})
    # a block damaged: the answer is still the full ranking's head
    file = cache_files()[0]
    file.write_bytes(_edit_section(file.read_bytes(), "postings/grief"))
    cached = load_cached([path])
    fast = recommend(cached, Query(themes=("grief",)), limit=300)
    full = recommend(fresh, Query(themes=("grief",)), limit=None)[:300]
    assert [r.title.id for r in fast] == [r.title.id for r in full]


def test_a_build_reports_its_progress_and_gives_the_same_catalogue(catalogue_file):
    """load_cached(progress=...) is told how the reading, the checking and the writing go
    (how far of how much), and builds exactly what it builds without."""
    calls = []
    built = load_cached([catalogue_file], lambda what, done, total: calls.append(
        (what, done, total)))
    assert built == load_catalogue(catalogue_file)
    reading = [(done, total) for what, done, total in calls if what.startswith("reading ")]
    assert reading and reading[-1][0] == reading[-1][1]  # read to the end
    assert [done for done, _ in reading] == sorted(done for done, _ in reading)
    assert calls[-1][0] == "writing the cache"


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
    assert "Building the catalogue cache" not in capsys.readouterr().err
    report = ProgressReport(after=1.0, clock=lambda: now[0])
    now[0] += 1.5
    report("checking titles", 50, 100)
    report.close()
    assert "Building the catalogue cache: checking titles" in capsys.readouterr().err


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
    seen = b""
    try:
        while chunk := os.read(master, 65536):
            seen += chunk
    except OSError:
        pass
    os.close(master)
    assert process.returncode == 0
    assert b"Building the catalogue cache" in seen
    assert len(json.loads(out)) == 5  # stdout: the JSON and nothing else
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache-b")
    quiet = subprocess.run(args, capture_output=True, env=env, timeout=300)
    assert quiet.returncode == 0 and quiet.stderr == b""
