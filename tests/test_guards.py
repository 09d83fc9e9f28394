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
modules = sorted(sys.modules)  # before json is imported to print them
import json
print(json.dumps(modules), file=sys.stderr)
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


# What --help never imports (besides the library: test_help_imports_no_part_of_the_library)
NOT_FOR_HELP = {"yaml", "rich", "platformdirs", "cryanime.loading", "shutil", "lzma", "bz2",
                "pathlib"}


@pytest.mark.slow
def test_help_imports_neither_yaml_nor_rich_nor_platformdirs_nor_shutil(tmp_path):
    for args in (["--help"], ["recommend", "--help"]):
        modules = imported(args, tmp_path)
        assert not NOT_FOR_HELP & modules, NOT_FOR_HELP & modules


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
    assert not NOT_FOR_COMPLETION & modules, NOT_FOR_COMPLETION & modules


NOT_FOR_COMPLETION = {"yaml", "rich", "platformdirs", "cryanime.catalogue", "cryanime.records",
                      "hashlib"}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs is skipped on Linux only")
def test_a_warm_recommend_json_reads_no_yaml_draws_nothing_and_skips_platformdirs(tmp_path):
    cold = imported(["recommend", "--json"], tmp_path)  # cold: builds the index
    assert not NOT_FOR_A_COLD_BUILD & cold  # a good catalogue needs no suggestions
    modules = imported(["recommend", "--theme", "grief", "--json"], tmp_path)
    assert not {"yaml", "rich", "platformdirs", "cryanime.loading",
                "cryanime.validation", "json"} & modules  # JSON: cryanime.jsoncodec
    # a new user has no lists: reading them as empty needs none of the list machinery
    assert not NO_LISTS_NEED & modules
    (tmp_path / "data" / "cryanime").mkdir(parents=True)
    (tmp_path / "data" / "cryanime" / "watched.json").write_text('{"version": 1}')
    with_a_list = imported(["recommend", "--theme", "grief", "--json"], tmp_path)
    assert "cryanime.state" in with_a_list
    # reading a list needs none of what writing one does (a lock, temporary files)
    assert not NOT_FOR_READING_A_LIST & with_a_list, NOT_FOR_READING_A_LIST & with_a_list


@pytest.mark.slow
def test_a_warm_run_looks_nothing_up_in_message_catalogues(tmp_path):
    """click builds its --help and --version options and click.Path's name with gettext,
    which imports locale and probes for .mo files on every run; cryanime's own options
    say the same words without it (a warm run: no gettext look-up at all)."""
    imported(["random", "--json"], tmp_path)  # cold: builds the index
    for args in (["random", "--json"], ["recommend", "--theme", "grief", "--json"],
                 ["show", "clannad", "--json"],
                 ["watched", "list", "--json"], ["--version"]):
        assert "locale" not in imported(args, tmp_path, LANGUAGE="de:fr"), args


@pytest.mark.slow
def test_only_a_seeded_random_pick_imports_random(tmp_path):
    """A pick with no seed draws from os.urandom; a seed needs random.Random."""
    imported(["random", "--json"], tmp_path)  # cold: builds the index
    assert not {"random", "json"} & imported(["random", "--json"], tmp_path)
    assert "random" in imported(["random", "--seed", "3", "--json"], tmp_path)


@pytest.mark.slow
def test_a_piped_run_imports_no_rich_to_learn_it_is_piped(tmp_path):
    """Output to a pipe is tab-separated lines: telling so needs no rich (FORCE_COLOR makes
    the pipe a terminal, by rich's rules, and then rich draws)."""
    imported(["recommend", "--theme", "grief"], tmp_path)  # cold: builds the index
    for args in (["recommend", "--theme", "grief"], ["show", "nothing-like-this"],
                 ["list"]):
        assert "rich" not in imported(args, tmp_path), args
    assert "rich" in imported(["recommend", "--theme", "grief"], tmp_path, FORCE_COLOR="1")


NO_LISTS_NEED = {"cryanime.state", "cryanime.listfile"}
NOT_FOR_READING_A_LIST = {"filelock", "glob", "pathlib", "tempfile"}
NOT_FOR_A_COLD_BUILD = {"difflib", "pathlib", "glob", "tempfile"}  # paths are strings (README)


def test_main_hands_the_collector_back(monkeypatch):
    """The CLI runs without the cyclic collector, and re-enables it when it is done."""
    from cryanime.cli import main

    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["themes", "--json"])
    assert gc.isenabled()


def test_the_exit_walks_nothing_that_is_alive():
    """Once the CLI is done, the interpreter's exit does not walk every live object again
    in a last collection: what is alive is frozen, however often main ran."""
    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr))\n"
             "import cryanime.cli as cli\n"
             "for argv in (['themes', '--json'], ['--version']):\n"
             "    try:\n"
             "        cli.main(argv)\n"
             "    except SystemExit:\n"
             "        pass\n"
             "print('alive', gc.get_freeze_count(), gc.isenabled(), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    alive, frozen = done.stderr.split("\n")[:2]
    assert alive == "alive 0 True"  # while the process goes on, its collector works
    assert frozen.startswith("frozen ") and int(frozen.split()[1]) > 1000


# What the common warm paths never import: each of these is imported inside the function
# that needs it (an unknown name's suggestions, the pager, a write's lock, an import file,
# completion, drawing, a cold build, config.yml), and this test is what pins those imports
# there rather than at the top of their modules.
NOT_ON_WARM_PATHS = {"difflib", "subprocess", "filelock", "defusedxml", "click.shell_completion",
                     "rich", "yaml", "platformdirs", "cryanime.yamlfile", "cryanime.loading",
                     "cryanime.validation", "cryanime.fields", "cryanime.lint", "cryanime.audit",
                     "cryanime.mal", "cryanime.tonight", "cryanime.draw", "glob",
                     "hashlib", "random", "pathlib", "tempfile", "shutil", "signal",
                     "importlib.resources", "zipfile", "cryanime.config",
                     "cryanime.output.markdown", "webbrowser", "json", "cryanime.index_build"}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs is skipped on Linux only")
def test_warm_lists_picks_and_cards_import_only_what_they_use(tmp_path):
    imported(["list", "--plain"], tmp_path)  # cold: builds the index
    for args in (["list", "--plain"], ["recommend", "--theme", "grief", "--plain"],
                 ["show", "clannad", "--plain"], ["recommend", "--like", "clannad", "--json"]):
        assert not NOT_ON_WARM_PATHS & imported(args, tmp_path), args
    theme_pick = imported(["recommend", "--theme", "grief", "--json"], tmp_path)
    assert not NOT_FOR_A_THEME_PICK & theme_pick, NOT_FOR_A_THEME_PICK & theme_pick


# a theme pick needs neither likeness nor the list grid, nor any other command's module
OTHER_COMMANDS = {"cryanime.cli.watched", "cryanime.cli.plan", "cryanime.cli.tonight",
                  "cryanime.cli.check", "cryanime.cli.completion", "cryanime.cli.browse",
                  "cryanime.cli.pick"}
# (unicodedata: names.fold needs it for text that is not ASCII only)
NOT_FOR_A_THEME_PICK = {"cryanime.likeness", "cryanime.output.grid", "unicodedata",
                        *OTHER_COMMANDS}


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


# What importing the entry point's module never brings: it stays tiny so that Ctrl-C and
# closed streams are caught before anything heavy is imported.
NOT_FOR_THE_ENTRY_POINT = {"click", "cryanime.cli.group", "cryanime.cli.recommend",
                           *OTHER_COMMANDS}


def test_the_entry_point_module_imports_no_click():
    code = "import sys, cryanime.cli, json; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert not NOT_FOR_THE_ENTRY_POINT & set(json.loads(result.stdout))


# Every module some test above keeps off some path. A function-level import must bring one
# of these (or, in cli/, a part of the library, which --help never imports): anything else
# belongs at the top of its module.
GUARDED = (NOT_FOR_HELP | NOT_FOR_COMPLETION | NO_LISTS_NEED | NOT_FOR_READING_A_LIST
           | NOT_FOR_A_COLD_BUILD | NOT_ON_WARM_PATHS | NOT_FOR_A_THEME_PICK)
LIBRARY_FOR_HELP = {"cryanime.constants", "cryanime.errors", "cryanime.paths"}


def function_level_imports() -> list[tuple[str, int, str]]:
    """(module, line, imported module) for each import inside a function of the package
    (those under `if TYPE_CHECKING:` never run and are left out)."""
    import ast
    from pathlib import Path

    import cryanime

    root = Path(cryanime.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = ["cryanime", *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                    raise AssertionError(f"{path}:{node.lineno}: TYPE_CHECKING in a function")
                if isinstance(node, ast.Import):
                    found += [(name, node.lineno, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = package.split(".")[: len(package.split(".")) - node.level + 1] \
                        if node.level else []
                    module = ".".join([*base, *([node.module] if node.module else [])])
                    found += [(name, node.lineno, _submodule(module, alias.name))
                              for alias in node.names]
    return found


def _submodule(module: str, name: str) -> str:
    """`module.name` when that is a module of its own (from importlib import resources),
    else `module`."""
    import importlib.util

    try:
        found = importlib.util.find_spec(f"{module}.{name}") is not None
    except ImportError:  # `module` is not a package
        found = False
    return f"{module}.{name}" if found else module


def _guarded(importer: str, module: str) -> bool:
    parents = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 2)}
    if parents & GUARDED:
        return True
    if importer == "cryanime.cli" and module in NOT_FOR_THE_ENTRY_POINT:
        return True
    library = module.startswith("cryanime.") and not module.startswith(
        ("cryanime.cli", "cryanime.output"))
    return importer.startswith("cryanime.cli") and library and module not in LIBRARY_FOR_HELP


def test_function_level_imports_are_only_those_a_guard_pins():
    """An import moved into a function for speed is pinned by a test above that fails if
    it moves back to the top; one no test pins belongs at the top of its module."""
    found = function_level_imports()
    assert any(module == "difflib" for _, _, module in found)  # the walk sees them
    loose = [f"{importer}:{line} imports {module}" for importer, line, module in found
             if not _guarded(importer, module)]
    assert loose == []
