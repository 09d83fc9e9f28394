"""`cryanime check`: validate catalogue files for their authors."""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import Any

import click

from .. import output
from .. import paths as package_paths
from .base import App, catalogue_paths, pass_app
from .errors import NothingFound, Unusable
from .group import cli
from .params import FilePath

STDIN = "<stdin>"  # how a catalogue piped in (PATH "-") is named in problems


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=FilePath())
@pass_app
def check(app: App, paths: tuple[str, ...]) -> None:
    """Check catalogue files for every problem at once.

    The files are checked together with the catalogues in use (the bundled one, and any
    given with --catalog), so they may use their themes and warnings; with no PATH, the
    catalogues in use are checked. Each
    problem is printed as FILE:LINE: title 'ID': problem — how to fix. Exit 0 when
    clean, 1 when problems were found, 2 when a file cannot be read or is not YAML.
    A catalogue that loads is also checked for titles whose names suggest one story
    but that no 'after' or 'related' link joins, and the bundled catalogue for a
    warnings audit record of every title (data/warnings-audit.yaml).

    A PATH of - reads a catalogue from stdin.

    \b
    Examples:
      cryanime check
      cryanime check my-titles.yaml
      cryanime check data/titles.yaml extra.yaml
      cat my-titles.yaml | cryanime check -
    """
    from pathlib import Path

    from ..lint import bundled_audit_problems, franchise_hints
    from ..loading import check_files, display_path, load_catalogue, read_files

    # os.path.realpath, not Path.resolve: a symbolic link loop is reported, not raised
    in_use = catalogue_paths(app.root, may_be_none=bool(paths))  # the PATHs may be all
    files = {os.path.realpath(path): Path(path) for path in in_use}
    for path in map(Path, (p for p in paths if p != "-")):
        files.setdefault(os.path.realpath(path), path)
    sources: list[tuple[str, bytes | Any]] = list(read_files(files.values()))
    if "-" in paths:  # a catalogue piped in, as `cat my.yaml | cryanime check -`
        sources.append((STDIN, sys.stdin.buffer.read()))
    report = check_files(sources)
    problems = list(report.problems)
    if not problems:  # advice on a catalogue that loads: links, the warnings audit
        bundled_file = package_paths.bundled_file()
        problems += franchise_hints(report.catalogue, report.origins)
        problems += bundled_audit_problems(load_catalogue(bundled_file), bundled_file,
                                           list(files.values()))
    for problem in problems:
        click.echo(output.clean(str(problem)))
    if problems:
        per_file = Counter(p.file for p in problems)
        count = len(problems)
        where = (next(iter(per_file)) if len(per_file) == 1 else f"{len(per_file)} files: "
                 + ", ".join(f"{file} ({n})" for file, n in per_file.items()))
        message = f"{count} problem{'s' * (count != 1)} in {where}."
        raise (Unusable if report.unusable else NothingFound)(message)
    names = ", ".join([*(display_path(path) for path in files.values()),
                       *([STDIN] if "-" in paths else [])])
    catalogue = report.catalogue
    click.echo(f"No problems in {names}: {output.count(catalogue.size, 'title')}, "
               f"{output.count(len(catalogue.themes), 'theme')}, "
               f"{output.count(len(catalogue.warnings), 'warning')}.")
