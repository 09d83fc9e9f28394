"""`cryanime check`: validate catalogue files for their authors."""

from __future__ import annotations

import click

from .. import render
from .base import BadCatalogue, NothingFound, catalogue_paths, cli


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

    from ..errors import CatalogueError
    from ..loading import check_sources, display_path, read_sources

    files = {Path(path).resolve(): Path(path) for path in catalogue_paths()}
    for path in map(Path, paths):
        files.setdefault(path.resolve(), path)
    try:
        catalogue, problems = check_sources(read_sources(files.values()))
    except CatalogueError as exc:
        raise BadCatalogue(exc, "cannot check") from None
    names = ", ".join(display_path(path) for path in files.values())
    for problem in problems:
        click.echo(render.clean(str(problem)))
    if problems:
        count = len(problems)
        raise NothingFound(f"{count} problem{'s' * (count != 1)} in {names}.")
    click.echo(f"No problems in {names}: {len(catalogue.titles)} titles, "
               f"{len(catalogue.themes)} themes, {len(catalogue.warnings)} warnings.")


