"""The installed entry point in a real process: pipes, terminals, `python -m`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / ("cryanime.exe" if os.name == "nt" else "cryanime")
pytestmark = [pytest.mark.slow,  # every test here starts a process
              pytest.mark.skipif(not SCRIPT.exists(), reason="cryanime is not installed here")]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    env.update(kwargs.pop("env", {}))
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True,
                          env=env, timeout=60, **kwargs)


def test_piped_stdout_gets_tab_separated_lines(tmp_path):
    """Run from outside the checkout with stdout piped: TSV, no colour, no table."""
    result = run("list", "--film", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) >= 3
    assert all(line.count("\t") >= 10 for line in lines)
    assert "\x1b" not in result.stdout and "┃" not in result.stdout


def test_head_closes_the_pipe_quietly():
    """`cryanime list | head -1` prints one line and no traceback."""
    result = subprocess.run(f"'{SCRIPT}' list | head -1", shell=True, capture_output=True,
                            text=True, timeout=60)
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert "Error" not in result.stderr


def test_closed_stdout_pipe_is_not_a_traceback():
    """Writing into a pipe whose reader is gone exits quietly (the EPIPE case)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([str(SCRIPT), "list"], stdout=write_end, stderr=subprocess.PIPE,
                                text=True, timeout=60)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)


def test_python_dash_m():
    """`python -m cryanime` is the same program."""
    result = subprocess.run([sys.executable, "-m", "cryanime", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("cryanime, version")


def test_error_exit_codes_from_a_real_process():
    """Usage errors exit 2 and not-found exits 1, with messages on stderr."""
    bad = run("list", "--theme", "greif")
    assert bad.returncode == 2 and "Did you mean 'grief'?" in bad.stderr and not bad.stdout
    missing = run("show", "xyzzy")
    assert missing.returncode == 1 and "no title matches" in missing.stderr


def test_commands_load_as_needed_yet_all_are_offered():
    """The entry point imports one command module per run; help still lists every
    command, a mistyped command still gets a suggestion, and each command runs."""
    from cryanime.cli import cli
    from cryanime.cli.group import COMMAND_MODULES

    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        assert cli.commands[name].callback.__module__ == f"cryanime.cli.{module}"
    listed = run("--help").stdout
    assert all(f"  {name} " in listed for name in COMMAND_MODULES)
    typo = run("recomend")
    assert typo.returncode == 2 and "Did you mean 'recommend'?" in typo.stderr
    for name in COMMAND_MODULES:
        assert run(name, "--help").returncode == 0, name


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a real tty")
def test_real_terminal_gets_a_rich_table():
    """On a real terminal (a pty made by script(1)) the output is a drawn table."""
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}
    env.pop("FORCE_COLOR", None)
    env.pop("NO_COLOR", None)
    result = subprocess.run(["script", "-qec", f"'{SCRIPT}' --no-pager list --film",
                             "/dev/null"],
                            capture_output=True, text=True, env=env, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0
    assert "┃" in result.stdout or "|" in result.stdout
    assert "\x1b[" in result.stdout
    assert "Grave of the Fireflies" in result.stdout


def _in_a_terminal(args: str, tmp_path, **env_vars: str) -> subprocess.CompletedProcess:
    """Run cryanime on a real terminal 24 lines tall, with a pager that only records what
    it was given (so nothing waits for keys)."""
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat > '{tmp_path}/paged.txt'\n", encoding="utf-8")
    pager.chmod(0o755)
    env = {**os.environ, "COLUMNS": "120", "LINES": "24", "TERM": "xterm-256color",
           "CRYANIME_PAGER": str(pager), **env_vars}
    env.pop("FORCE_COLOR", None)
    for name in [name for name, value in env.items() if value == "__unset__"]:
        del env[name]
    return subprocess.run(["script", "-qec", f"'{SCRIPT}' {args}", "/dev/null"],
                          capture_output=True, text=True, env=env, timeout=60,
                          stdin=subprocess.DEVNULL)


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a real tty")
def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path):
    """Taller than the screen: to $CRYANIME_PAGER; short output is printed as it is."""
    result = _in_a_terminal("list --film", tmp_path)
    assert result.returncode == 0
    paged = (tmp_path / "paged.txt").read_text(encoding="utf-8")
    assert "Grave of the Fireflies" in paged and "Grave of the Fireflies" not in result.stdout
    (tmp_path / "paged.txt").unlink()
    short = _in_a_terminal("show clannad", tmp_path, LINES="60")
    assert "Clannad" in short.stdout and not (tmp_path / "paged.txt").exists()


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a real tty")
def test_no_pager_and_a_redirected_stdout_never_page(tmp_path):
    """--no-pager prints it all; so does any run whose stdout is not a terminal."""
    result = _in_a_terminal("--no-pager list --film", tmp_path)
    assert "Grave of the Fireflies" in result.stdout
    assert not (tmp_path / "paged.txt").exists()
    env = {**os.environ, "CRYANIME_PAGER": str(tmp_path / "pager.sh"), "FORCE_COLOR": "1",
           "LINES": "24"}
    piped = subprocess.run([str(SCRIPT), "list", "--film"], capture_output=True, text=True,
                           env=env, timeout=60)
    assert re.search(r"\d+ titles", piped.stdout)  # the whole table, printed
    assert not (tmp_path / "paged.txt").exists()


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a real tty")
def test_pager_falls_back_to_PAGER_and_an_empty_one_means_none(tmp_path):
    """Without $CRYANIME_PAGER, $PAGER is used; one set and empty means no pager (the
    first set counts, as git reads GIT_PAGER and PAGER): the text is printed."""
    _in_a_terminal("list --film", tmp_path)  # writes the pager script
    (tmp_path / "paged.txt").unlink()
    env = {"CRYANIME_PAGER": "", "PAGER": str(tmp_path / "pager.sh")}
    _in_a_terminal("list --film", tmp_path, CRYANIME_PAGER="__unset__", PAGER=env["PAGER"])
    assert "Grave of the Fireflies" in (tmp_path / "paged.txt").read_text(encoding="utf-8")
    (tmp_path / "paged.txt").unlink()
    for empty in ({"CRYANIME_PAGER": "", "PAGER": env["PAGER"]},
                  {"CRYANIME_PAGER": "__unset__", "PAGER": ""}):
        result = _in_a_terminal("list --film", tmp_path, **empty)
        assert result.returncode == 0
        assert not (tmp_path / "paged.txt").exists()
        assert "Grave of the Fireflies" in result.stdout



def test_twenty_cli_processes_adding_twenty_titles_each(tmp_path):
    """`cryanime watched add` x 20 processes at once, 20 titles each: all 400 land."""
    catalogue = tmp_path / "many.yaml"
    lines = ["themes:", "  - {id: grief, name: grief, description: Loss.}", "titles:"]
    for w in range(20):
        for i in range(20):
            lines += [f"  - id: t-{w}-{i}", f"    title: Title {w} {i}", "    format: film",
                      "    year: 2000", "    runtime_minutes: 90", "    themes: [grief]",
                      "    tears: 3", "    ending: hopeful", "    pitch: A test title."]
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "CRYANIME_HOME": str(tmp_path / "home")}
    base = [str(SCRIPT), "--no-bundled", "--catalog", str(catalogue), "watched", "add"]
    workers = [subprocess.Popen([*base, *(f"t-{w}-{i}" for i in range(20))], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for w in range(20)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    data = json.loads((tmp_path / "home" / "watched.json").read_text(encoding="utf-8"))
    assert len(data["watched"]) == 400
