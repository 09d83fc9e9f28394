"""Shared fixtures: every test runs with a clean environment and its own user dirs."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cryanime import load_catalogue
from cryanime.cli import cli

ENV_TO_CLEAR = ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
                "CRYANIME_CATALOG", "CRYANIME_CONFIG", "CRYANIME_PAGER", "PAGER",
                "CRYANIME_PROGRESS_AFTER")

MINI_VOCABULARY = """\
themes:
  - {id: grief, name: grief, description: Loss., aliases: [loss]}
  - {id: war, name: war, description: War., aliases: []}
  - {id: first-love, name: first love, description: First love., aliases: [first crush]}
  - {id: family, name: family, description: Family., aliases: []}
warnings:
  - {id: gore, name: gore, description: Blood., aliases: [blood]}
"""


def plain(text: str) -> str:
    """Terminal output without its styles (colour, bold): what a person reads."""
    return click.unstyle(text)


def title_of(catalogue, title_id: str):
    """The title with this id, which the test knows is there."""
    title = catalogue.get(title_id)
    assert title is not None, title_id
    return title


def title_yaml(**fields: object) -> str:
    """One title entry (as YAML list item) with sensible defaults, overridable."""
    values: dict[str, object] = {
        "id": "sample", "title": "Sample", "format": "series", "year": 2010, "episodes": 12,
        "themes": "[grief]", "tears": 3, "ending": "hopeful", "pitch": "A sample title.",
    }
    values.update(fields)
    lines = []
    for i, (key, value) in enumerate(values.items()):
        if value is None:
            continue
        lines.append(("  - " if i == 0 else "    ") + f"{key}: {value}")
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour, width or pager settings leak in; the user's lists, cache and config live
    in tmp_path (through the project's own variables, and the XDG ones for the rest)."""
    for name in ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("CRYANIME_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CRYANIME_CACHE_DIR", str(tmp_path / "cache" / "cryanime"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def state_file() -> Path:
    """Where this test's watched.json (and plan) would be written."""
    return Path(os.environ["CRYANIME_HOME"]) / "watched.json"


@pytest.fixture(scope="session")
def catalogue():
    """The bundled catalogue."""
    return load_catalogue()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run the CLI in-process: invoke("list", "--film", env={...})."""

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
        return runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False,
                             prog_name="cryanime")

    return run


@pytest.fixture
def write_catalogue(tmp_path: Path):
    """Write a catalogue file: the mini vocabulary plus the given titles YAML."""

    def write(titles: str, vocabulary: str = MINI_VOCABULARY, name: str = "titles.yaml") -> Path:
        path = tmp_path / name
        path.write_text(vocabulary + "titles:\n" + titles, encoding="utf-8")
        return path

    return write


@pytest.fixture
def use_catalogue(monkeypatch: pytest.MonkeyPatch):
    """Make the CLI load the given file in place of the bundled catalogue."""

    def use(path: Path) -> Path:
        monkeypatch.setattr("cryanime.paths.bundled_file", lambda: str(path))
        return path

    return use


def read_pty(master: int) -> bytes:
    """Everything a pty's other side wrote until it closed (then the master is closed)."""
    seen = b""
    try:
        while chunk := os.read(master, 65536):
            seen += chunk
    except OSError:  # EIO: the other side has closed
        pass
    os.close(master)
    return seen
