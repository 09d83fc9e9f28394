"""Speed measures that change how the code reads are pinned here, not only by comments:
what the common paths must not import, and the collector handed back."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest

PROBE = """
import sys, runpy
sys.argv = ["cryanime", *{args!r}]
try:
    from cryanime.cli import main
    main()
except SystemExit:
    pass
import json
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported(args: list[str], tmp_path, **env_vars: str) -> set[str]:
    """The modules a run of `cryanime ARGS` imported (on the path users take: only the
    XDG base directories set, to scratch space)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRYANIME_")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), **env_vars)
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], env=env,
                            capture_output=True, text=True, timeout=120)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.slow
def test_help_imports_neither_yaml_nor_rich_nor_platformdirs_nor_shutil(tmp_path):
    for args in (["--help"], ["recommend", "--help"]):
        modules = imported(args, tmp_path)
        assert not {"yaml", "rich", "platformdirs", "cryanime.loading", "shutil",
                    "lzma", "bz2"} & modules


@pytest.mark.parametrize("columns", [None, "40", "72", "99", "100", "120", "0", "-5", "wide"])
def test_the_help_width_is_the_one_click_would_find_with_shutil(monkeypatch, columns):
    """help_width() finds the terminal's columns as shutil.get_terminal_size() does, and
    sizes help as click's HelpFormatter would: the help reads the same."""
    import shutil

    import click

    from cryanime.cli.group import MAX_HELP_WIDTH, help_width

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    limit = MAX_HELP_WIDTH
    assert help_width(limit) == click.formatting.HelpFormatter(max_width=limit).width
    assert help_width(limit) == max(min(shutil.get_terminal_size().columns, limit) - 2, 50)


@pytest.mark.slow
def test_help_is_sized_to_the_terminal(tmp_path):
    """Narrow and wide terminals get help wrapped to their width (COLUMNS here), in a
    real run (click's test runner fixes the width at 80)."""
    def help_lines(columns: str) -> list[str]:
        env = {**os.environ, "COLUMNS": columns}
        result = subprocess.run([sys.executable, "-m", "cryanime", "recommend", "--help"],
                                env=env, capture_output=True, text=True, timeout=60)
        return result.stdout.splitlines()

    assert max(map(len, help_lines("60"))) <= 58
    assert 80 < max(map(len, help_lines("200"))) <= 98


@pytest.mark.slow
def test_completion_imports_neither_yaml_nor_rich_nor_the_data_model(tmp_path):
    """Once the index exists (any earlier run made it), TAB reads only its vocabulary
    table: no YAML, no rich, not even the data model."""
    imported(["themes", "--json"], tmp_path)
    modules = imported([], tmp_path, _CRYANIME_COMPLETE="bash_complete",
                       COMP_WORDS="cryanime recommend --theme ", COMP_CWORD="3")
    assert "cryanime.index" in modules and "cryanime.indexed" not in modules
    unwanted = {"yaml", "rich", "platformdirs", "cryanime.catalogue", "cryanime.records",
                "hashlib"}
    assert not unwanted & modules, unwanted & modules


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs is skipped on Linux only")
def test_a_warm_recommend_json_reads_no_yaml_draws_nothing_and_skips_platformdirs(tmp_path):
    imported(["recommend", "--json"], tmp_path)  # cold: builds the index
    modules = imported(["recommend", "--theme", "grief", "--json"], tmp_path)
    assert not {"yaml", "rich", "platformdirs", "cryanime.loading",
                "cryanime.validation"} & modules
    # a new user has no lists: reading them as empty needs none of the list machinery
    assert not {"cryanime.state", "cryanime.listfile"} & modules
    (tmp_path / "data" / "cryanime").mkdir(parents=True)
    (tmp_path / "data" / "cryanime" / "watched.json").write_text('{"version": 1}')
    assert "cryanime.state" in imported(["recommend", "--theme", "grief", "--json"], tmp_path)


def test_main_hands_the_collector_back(monkeypatch):
    """The CLI runs without the cyclic collector, and re-enables it when it is done."""
    from cryanime.cli import main

    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["themes", "--json"])
    assert gc.isenabled()


# What the common warm paths never import: each of these is imported inside the function
# that needs it (an unknown name's suggestions, the pager, a write's lock, an import file,
# completion, drawing, a cold build, config.yml), and this test is what pins those imports
# there rather than at the top of their modules.
NOT_ON_WARM_PATHS = {"difflib", "subprocess", "filelock", "defusedxml", "click.shell_completion",
                     "rich", "yaml", "platformdirs", "cryanime.yamlfile", "cryanime.loading",
                     "cryanime.validation", "cryanime.fields", "cryanime.lint", "cryanime.audit",
                     "cryanime.mal", "cryanime.tonight", "cryanime.draw", "glob",
                     "hashlib"}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs is skipped on Linux only")
def test_warm_lists_picks_and_cards_import_only_what_they_use(tmp_path):
    imported(["list", "--plain"], tmp_path)  # cold: builds the index
    for args in (["list", "--plain"], ["recommend", "--theme", "grief", "--plain"],
                 ["show", "clannad", "--plain"], ["recommend", "--like", "clannad", "--json"]):
        assert not NOT_ON_WARM_PATHS & imported(args, tmp_path), args
    theme_pick = imported(["recommend", "--theme", "grief", "--json"], tmp_path)
    assert not {"cryanime.likeness", "cryanime.output.grid"} & theme_pick


@pytest.mark.slow
def test_help_imports_no_part_of_the_library(tmp_path):
    """--help needs click, the commands and the words of their help: nothing of the
    library but its constants and errors."""
    modules = imported(["--help"], tmp_path)
    library = {m for m in modules if m.startswith("cryanime.")
               and not m.startswith(("cryanime.cli", "cryanime.output"))}
    assert library <= {"cryanime.constants", "cryanime.errors", "cryanime.paths"}, library


def test_every_name_output_offers_is_there():
    """output/ finds each public name in its module when first used: each one resolves."""
    from cryanime import output

    for name in output.__all__:
        assert getattr(output, name) is not None, name
