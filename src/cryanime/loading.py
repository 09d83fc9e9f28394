"""Loading catalogue files: read each (:mod:`cryanime.yamlfile`), validate them together
(:mod:`cryanime.validation`), and merge them into one Catalogue.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import paths
from .catalogue import Catalogue
from .errors import CatalogueError, Problem
from .validation import validate
from .yamlfile import Progress, display_path, parse_yaml, read_source

__all__ = ["CheckReport", "check_catalogue", "check_files", "check_sources", "display_path",
           "load_catalogue", "load_catalogues", "parse_yaml", "read_files", "read_sources"]


class CheckReport(NamedTuple):
    """What checking some catalogue files found."""

    catalogue: Catalogue  # built from the valid parts
    problems: list[Problem]  # every problem, in file order, then line order
    unusable: bool  # some file could not be read, or is not YAML at all
    origins: dict[str, tuple[str, int | None]]  # title id -> the file and line it is at


def check_files(sources: Sequence[tuple[str, str | bytes | CatalogueError]], *,
                min_themes: int = 1, progress: Progress | None = None) -> CheckReport:
    """Check (file, text) pairs together; the text may be UTF-8 bytes, or the error met
    reading the file. A file that cannot be read or parsed never hides the problems
    of the others: those are validated all the same."""
    order = {file: i for i, (file, _) in enumerate(sources)}
    parsed = []
    problems: list[Problem] = []
    unusable = False
    for file, text in sources:
        try:
            if isinstance(text, CatalogueError):
                raise text
            data, duplicates = parse_yaml(text, file, progress)
        except CatalogueError as exc:
            problems += exc.problems
            unusable = True
            continue
        parsed.append((file, data))
        problems += duplicates
    catalogue, found, origins = validate(parsed, min_themes=min_themes, progress=progress)
    problems = sorted([*problems, *found], key=lambda p: (order.get(p.file, 0), p.line or 0))
    return CheckReport(catalogue, problems, unusable, origins)


def check_sources(
    sources: Sequence[tuple[str, str | bytes]], *, min_themes: int = 1,
    progress: Progress | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Validate (file, text) pairs together; the text may be UTF-8 bytes.

    Returns the catalogue built from the valid parts and every problem found.
    Raises CatalogueError, naming every problem, when any text is not YAML at all.
    """
    report = check_files(sources, min_themes=min_themes, progress=progress)
    if report.unusable:
        raise CatalogueError(report.problems)
    return report.catalogue, report.problems


def check_catalogue(text: str, file: str) -> tuple[Catalogue, list[Problem]]:
    """Validate one file's text (see check_sources)."""
    return check_sources([(file, text)])


def read_files(paths: Iterable[str | os.PathLike[str]]
               ) -> list[tuple[str, bytes | CatalogueError]]:
    """(display name, UTF-8 bytes) for each path, or the error that reading it met."""
    sources: list[tuple[str, bytes | CatalogueError]] = []
    for path in paths:
        try:
            sources.append((display_path(path), read_source(path)))
        except CatalogueError as exc:
            sources.append((display_path(path), exc))
    return sources


def read_sources(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, bytes]]:
    """(display name, UTF-8 bytes) for each path. Raises CatalogueError naming every
    file that cannot be read."""
    sources = read_files(paths)
    problems = [p for _, text in sources if isinstance(text, CatalogueError)
                for p in text.problems]
    if problems:
        raise CatalogueError(problems)
    return sources  # type: ignore[return-value]  # no errors among them


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Load and validate one catalogue file (the bundled one by default).

    Raises CatalogueError listing every problem, each with file and line.
    """
    return load_catalogues([path if path is not None else paths.bundled_file()])


def load_catalogues(paths: Sequence[str | os.PathLike[str]], progress: Progress | None = None
                    ) -> Catalogue:
    """Load several catalogue files as one: shared vocabulary, unique ids. `progress`, if
    given, is told how the reading and checking go."""
    catalogue, problems = check_sources(read_sources(paths), progress=progress)
    if problems:
        raise CatalogueError(problems)
    return catalogue
