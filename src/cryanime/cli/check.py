"""`cryanime check`: validate catalogue files for their authors."""

from __future__ import annotations

from collections import Counter

import click

from .. import render
from .base import NothingFound, Unusable, catalogue_paths, cli


@cli.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path())
def check(paths: tuple[str, ...]) -> None:
    """Check catalogue files for every problem at once.

    The files are checked together with the catalogues in use (the bundled one, and any
    given with --catalog), so they may use their themes and warnings; with no PATH, the
    catalogues in use are checked. Each
    problem is printed as FILE:LINE: title 'ID': problem — how to fix. Exit 0 when
    clean, 1 when problems were found, 2 when a file cannot be read or is not YAML.

    \b
    Examples:
      cryanime check
      cryanime check my-titles.yaml
      cryanime check data/titles.yaml extra.yaml
    """
    from pathlib import Path

    from ..loading import check_files, display_path, read_files

    files = {Path(path).resolve(): Path(path) for path in catalogue_paths()}
    for path in map(Path, paths):
        files.setdefault(path.resolve(), path)
    report = check_files(read_files(files.values()))
    for problem in report.problems:
        click.echo(render.clean(str(problem)))
    if report.problems:
        per_file = Counter(p.file for p in report.problems)
        count = len(report.problems)
        where = (next(iter(per_file)) if len(per_file) == 1 else f"{len(per_file)} files: "
                 + ", ".join(f"{file} ({n})" for file, n in per_file.items()))
        message = f"{count} problem{'s' * (count != 1)} in {where}."
        raise (Unusable if report.unusable else NothingFound)(message)
    names = ", ".join(display_path(path) for path in files.values())
    catalogue = report.catalogue
    click.echo(f"No problems in {names}: {catalogue.size} titles, "
               f"{len(catalogue.themes)} themes, {len(catalogue.warnings)} warnings.")
