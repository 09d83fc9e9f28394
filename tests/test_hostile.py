"""Hostile input and hostile terminals: clear errors, no traceback, nothing lost.

Catalogue and flag cases run in-process with exceptions propagating (a traceback would fail
the test); pipes, signals and encodings run the installed entry point in a real process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import title_yaml
from cryanime.catalogue import Catalogue, Theme, Title
from cryanime.shown import card_of, theme_names_of, title_stream

SCRIPT = Path(sys.executable).parent / "cryanime"
ESC = "\x1b"


# ------------------------------------------------------------------ catalogue files


def _alias_bomb() -> str:
    """Nine levels of nine aliases: 9**9 "lol"s if anything ever expanded it."""
    lines = ["anchors:", '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\ntitles:\n" + title_yaml(id="bomb", year="*a8")


CATALOGUES = {
    # name: (file content (str, bytes or None for "make it specially"), message, line)
    "empty": ("", "the catalogue is empty", 1),
    "only-a-comment": ("# nothing here\n", "the catalogue is empty", 1),
    "list-not-mapping": ("- a\n- b\n", "the catalogue is a list", 1),
    "tabs": ("titles:\n\t- id: x\n", "a tab in the indentation", 2),
    "invalid-utf8": (b"titles:\n  - title: caf\xe9\n", "not UTF-8 text", 2),
    "binary": (bytes(range(256)) * 8, "not UTF-8 text", 2),  # byte 0x0a ends line 1
    "directory": (None, "is a directory", None),
    "missing": (None, "file not found", None),
    "unreadable": (None, "permission denied", None),
    "50-mb-line": ('titles: "' + "a" * 50_000_000 + '"\n', "'titles' must be a list", 1),
    "alias-bomb": (_alias_bomb(), "'year' must be a whole number, got [[[...], [...], [...], "
                                  "[...], ...], [[...], [...], [...], [...], ...],", 15),
    "python-tag": ("titles:\n  - !!python/object/apply:os.system [echo pwned]\n",
                   "could not determine a constructor for the tag", 2),
    "duplicate-keys": ("titles:\n" + title_yaml() + "    tears: 4\n", "duplicate key 'tears'", 11),
    "negative-number": ("titles:\n" + title_yaml(tears=-99999999999999999999),
                        "'tears' must be from 1 to 5, got -99999999999999999999", 8),
    "huge-number": ("titles:\n" + title_yaml(year="1" + "0" * 5000),
                    "a number far too long", 5),
    "ten-thousand-themes": ("titles:\n" + title_yaml(
        themes="[" + ", ".join(f"t{i}" for i in range(10_000)) + "]"),
        "and 9995 more unknown themes", 7),
    "deep-nesting": ("titles: " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML", 1),
}


@pytest.fixture
def saved_list(invoke) -> Path:
    """A watched list that must come through every failure byte for byte."""
    assert invoke("watched", "add", "clannad", "--loved").exit_code == 0
    return Path(os.environ["CRYANIME_HOME"]) / "watched.json"


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_bad_catalogue_files(invoke, tmp_path, monkeypatch, saved_list, name):
    """Each bad file: exit 2, stderr names file, line and a fix; no traceback; nothing written."""
    content, message, line = CATALOGUES[name]
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif name == "directory":
        path.mkdir()
    elif name == "unreadable":
        path.write_text("titles: []\n", encoding="utf-8")
        import builtins

        from cryanime import files

        def refusing_open(file, *args, **kwargs):  # root ignores chmod, so refuse here
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return builtins.open(file, *args, **kwargs)

        monkeypatch.setattr(files, "open", refusing_open, raising=False)
    before = saved_list.read_bytes()
    where = f"{path}:{line}:" if line else f"{path}:"
    for args in (["list"], ["recommend", "-t", "grief"], ["watched", "add", "anohana"]):
        result = invoke("--catalog", str(path), *args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert where in result.stderr and message in result.stderr, result.stderr
        assert " — " in result.stderr  # a fix follows every problem
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
    checked = invoke("check", str(path))  # check: 1 for problems, 2 for unreadable files
    assert checked.exit_code in (1, 2)
    assert where in checked.stdout + checked.stderr
    assert saved_list.read_bytes() == before


def test_wrong_types_in_every_field_are_all_reported(invoke):
    """The annotated fixture with a wrong value in every field fails as a whole, exit 2."""
    fixture = Path(__file__).parent / "fixtures" / "check" / "types.yaml"
    result = invoke("--catalog", str(fixture), "list")
    assert result.exit_code == 2
    assert "the catalogue has 21 problems" in result.stderr
    assert "and 11 more; 'cryanime check' lists them all" in result.stderr


# ------------------------------------------------------------------------- flags


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["list", "--theme", "greif"], 2, "Did you mean 'grief'?"),
        (["list", "--era", "20100s"], 2, "'20100s' is not an era"),
        (["list", "--era", "2012-2005"], 2, "write 2005-2012"),
        (["list", "--era", "abc"], 2, "'abc' is not an era"),
        (["recommend", "-n", "0"], 2, "0 is not in the range x>=1"),
        (["recommend", "-n", "-1"], 2, "-1 is not in the range x>=1"),
        (["random", "--seed", "abc"], 2, "'abc' is not a valid integer"),
        (["list", "--film", "--series"], 2, "--film and --series exclude each other"),
        (["list", "--min-tears", "6"], 2, "--min-tears"),
        (["list", "--max-episodes", "0"], 2, "--max-episodes"),
        (["list", "--ending", "happy"], 2, "'happy' is not an ending"),
        (["list", "--sort", "rating"], 2, "--sort"),
        (["list", "--json", "--plain"], 2, "--json and --plain exclude each other"),
        (["tonigth"], 2, "No such command 'tonigth'"),
    ],
)
def test_bad_flags(invoke, args, code, message):
    """Bad flags are usage errors naming the flag and the fix."""
    result = invoke(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_huge_limit_is_fine(invoke, catalogue):
    """-n 999999999 just means 'all of them' (that may be offered: one per franchise,
    nothing before its first part)."""
    result = invoke("recommend", "-n", "999999999", "--json")
    assert result.exit_code == 0
    franchises = {catalogue.franchise_of(t.id) for t in catalogue.titles if t.after is None}
    assert len(json.loads(result.stdout)) == len(franchises)


# ------------------------------------------------------------------------- state


def test_state_file_that_is_a_directory(invoke):
    """A directory in place of watched.json: exit 2 naming it, and it is left alone."""
    path = Path(os.environ["CRYANIME_HOME"]) / "watched.json"
    path.mkdir(parents=True)
    for args in (["watched", "list"], ["watched", "add", "clannad"], ["recommend"]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert f"{path}: is a directory" in result.stderr
    assert path.is_dir()


def test_unknown_version_is_left_alone(invoke, saved_list):
    """A list from a newer cryanime is not rewritten by an add."""
    saved_list.write_text('{"version": 7, "watched": {}}', encoding="utf-8")
    result = invoke("watched", "add", "anohana")
    assert result.exit_code == 2
    assert "has version 7" in result.stderr and "upgrade cryanime" in result.stderr
    assert saved_list.read_text(encoding="utf-8") == '{"version": 7, "watched": {}}'


def test_read_only_data_directory(invoke, saved_list, monkeypatch):
    """A write that the file system refuses: exit 2, a clear message, the list intact."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(saved_list.parent))

    before = saved_list.read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = invoke("watched", "add", "anohana")
    assert result.exit_code == 2
    assert f"{saved_list.parent}: cannot be written: permission denied" in result.stderr
    assert "CRYANIME_HOME" in result.stderr
    assert saved_list.read_bytes() == before


MAL = Path(__file__).parent / "fixtures" / "mal"


def _gzip_bomb(path: Path) -> None:
    import gzip

    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(65):
            handle.write(b" " * (1 << 20))


IMPORTS = {
    "billion-laughs": (lambda p: p.write_bytes((MAL / "billion-laughs.xml").read_bytes()),
                       "declares the XML entity 'lol'"),
    "external-entity": (lambda p: p.write_bytes((MAL / "external-entity.xml").read_bytes()),
                        "declares an external entity (file:///etc/passwd)"),
    "gzip-bomb": (_gzip_bomb, "decompresses to more than 64 MiB; refused"),
    "truncated-gzip": (lambda p: p.write_bytes(b"\x1f\x8b\x08\x00garbage"),
                       "cannot be read as gzip"),
    "not-xml": (lambda p: p.write_text("hello", encoding="utf-8"), "not valid XML"),
    "other-xml": (lambda p: p.write_text("<rss/>", encoding="utf-8"),
                  "not a MyAnimeList export"),
    "directory": (lambda p: p.mkdir(), "is a directory"),
    "missing": (lambda p: None, "file not found"),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_bad_import_files(invoke, tmp_path, saved_list, name):
    """Each bad export: exit 2 naming the file and the reason; the list is byte-identical."""
    make, message = IMPORTS[name]
    path = tmp_path / f"{name}.xml.gz"
    make(path)
    before = saved_list.read_bytes()
    for extra in ([], ["--dry-run"]):
        result = invoke("watched", "import", str(path), *extra)
        assert result.exit_code == 2
        assert f"{path}" in result.stderr and message in result.stderr
        assert "Traceback" not in result.stderr
    assert saved_list.read_bytes() == before


# ----------------------------------------------------------- output that stays safe


@pytest.fixture
def hostile(write_catalogue, use_catalogue) -> None:
    """Two titles whose text tries markup, escape sequences and bidi tricks."""
    use_catalogue(write_catalogue(
        title_yaml(id="one", title='"Evil \\e]0;owned\\a Title"',
                   pitch='"[bold red]x[/] \\e[31mred\\e[0m \\u202eright-to-left \\x9b2J"')
        + title_yaml(id="two", title='"Evil \\e[2J Twin"')
    ))


@pytest.mark.parametrize("args", [["list"], ["show", "one"], ["recommend"], ["random"],
                                  ["list", "--json"], ["show", "one", "--json"]])
@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1", "COLUMNS": "200"},
                                 {"FORCE_COLOR": "1", "TERM": "dumb"}])
def test_no_raw_control_characters_reach_stdout(invoke, hostile, args, env):
    """ESC sequences, BEL, C1 CSI and bidi overrides from the data never come out raw,
    whether the catalogue comes from YAML (first run) or from the cache (second)."""
    for _ in range(2):
        result = invoke(*args, env=env)
        assert result.exit_code == 0
        out = result.stdout
        for raw in ("\x1b]", "\x07", "\x1b[2J", "\x1b[31m", "\u202e", "\x9b"):
            assert raw not in out, (raw, out)
        if "--json" in args:
            json.loads(out)


def test_no_raw_control_characters_in_error_messages(invoke, hostile):
    """Candidate titles quoted in an error are escaped too."""
    result = invoke("show", "evil")
    assert result.exit_code == 1
    assert "could be any of" in result.stderr
    assert ESC not in result.stderr and "\\x1b" in result.stderr


# ---------------------------------------------------------------- real processes


def run(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run([str(SCRIPT), *args], capture_output=True, env={**base, **(env or {})},
                          timeout=60, **kwargs)


TERMINALS = {
    "no-color": {"NO_COLOR": "1"},
    "term-dumb": {"TERM": "dumb"},
    "columns-10": {"COLUMNS": "10"},
    "columns-400": {"COLUMNS": "400"},
    "c-locale": {"LANG": "C", "LC_ALL": "C"},
    "ascii-stdout": {"PYTHONIOENCODING": "ascii"},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TERMINALS))
@pytest.mark.parametrize("args", [["list"], ["show", "grave"], ["recommend", "-t", "grief"],
                                  ["random", "--seed", "1"], ["themes"]])
def test_strange_terminals(name, args):
    """Rendered as on a terminal (FORCE_COLOR) under each setting: readable, no traceback."""
    result = run(*args, env={"FORCE_COLOR": "1", **TERMINALS[name]})
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr and b"UnicodeEncodeError" not in result.stderr
    out = result.stdout
    if name == "term-dumb":
        assert b"\x1b" not in out
    if name == "no-color":
        assert not colour_codes(out.decode("utf-8"))  # bold and italic may stay
    if name == "ascii-stdout":
        out.decode("ascii")  # every byte is ASCII
    assert len(out) > 50


def colour_codes(text: str) -> list[str]:
    """The SGR parameters in `text` that set a colour (30-39, 40-49, 90-107)."""
    import re

    params = [p for seq in re.findall(r"\x1b\[([0-9;]*)m", text) for p in seq.split(";") if p]
    return [p for p in params if 30 <= int(p) <= 49 or 90 <= int(p) <= 107]


@pytest.mark.slow
def test_stdout_closed():
    """`cryanime list >&-`: a quiet exit."""
    result = subprocess.run(f"'{SCRIPT}' list >&-", shell=True, capture_output=True, timeout=60)
    assert b"Traceback" not in result.stderr
    assert result.returncode in (0, 1)


@pytest.mark.slow
def test_stdin_closed():
    """`cryanime list <&-` works as usual."""
    result = subprocess.run(f"'{SCRIPT}' list --film <&-", shell=True, capture_output=True,
                            timeout=60)
    assert result.returncode == 0 and b"Grave of the Fireflies" in result.stdout


@pytest.mark.slow
def test_ctrl_c_mid_output_exits_130(tmp_path):
    """SIGINT while output is blocked on a full pipe: exit 130, no traceback."""
    big = tmp_path / "big.yaml"
    big.write_text("titles:\n" + "".join(
        title_yaml(id=f"t-{i}", title=f"Title {i}", pitch="'" + "x" * 300 + "'")
        for i in range(3000)), encoding="utf-8")
    process = subprocess.Popen([str(SCRIPT), "--catalog", str(big), "list", "--plain"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               # a shell's background job ignores SIGINT; a user's does not
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert process.stdout is not None
    assert process.stdout.read(1)  # output has begun; nobody reads on, so the pipe fills
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert b"Traceback" not in err and b"Interrupted." in err


# ---------------------------------------------------------------- properties

texts = st.text(max_size=40)


@st.composite
def any_title(draw) -> Title:
    film = draw(st.booleans())
    return Title(
        id="t", title=draw(texts), format="film" if film else "series",
        year=draw(st.integers(1917, 2030)), themes=("grief",), tears=draw(st.integers(1, 5)),
        ending=draw(st.sampled_from(["hopeful", "bittersweet", "devastating"])),
        pitch=draw(texts), romaji=draw(texts), native=draw(texts),
        aliases=tuple(draw(st.lists(texts, max_size=2))),
        episodes=None if film else draw(st.integers(1, 10_000)),
        runtime_minutes=draw(st.integers(1, 500)) if film else None,
        studio=draw(texts), mal_id=draw(st.one_of(st.none(), st.integers(1, 10**9))),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(title=any_title(), mode=st.sampled_from(["rich", "plain", "json"]))
def test_rendering_any_title_never_raises_or_leaks_escapes(monkeypatch, capsys, title, mode):
    """Table, TSV, JSON and card render arbitrary text; with colour off, no ESC at all."""
    from cryanime import output

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("FORCE_COLOR", "1")
    catalogue = Catalogue({"grief": Theme("grief", "grief", "Loss.")}, {}, (title,))
    view = output.View(output.Form(mode))
    if view.form is output.Form.RICH:
        output.print_titles([title], theme_names_of(catalogue), view)
    else:
        output.print_title_data(title_stream(catalogue, [title.id]), view, {}, {})
    output.print_card(card_of(catalogue, title), view)
    out = capsys.readouterr().out
    assert ESC not in out
    if mode == "json":  # two documents: the list, then the card
        decoder, position, documents = json.JSONDecoder(), 0, []
        while position < len(out.rstrip()):
            document, position = decoder.raw_decode(out, position)
            documents.append(document)
            position += len(out[position:]) - len(out[position:].lstrip())
        assert documents[0][0]["title"] == title.title == documents[1]["title"]
