"""What ``cryanime check`` adds to validation for catalogue authors: advice that does not
stop a catalogue from loading.

* :func:`franchise_hints`: titles whose names suggest one story ("Clannad" and "Clannad:
  After Story") but that no `after` or `related` link joins.
* :func:`bundled_audit_problems`: the bundled catalogue's warnings audit record covers
  every title (see :mod:`cryanime.audit`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from .audit import audit_file, audit_problems
from .catalogue import Catalogue, Title
from .errors import Problem

_WORD = re.compile(r"[^\W_]+")
_SUBTITLE = re.compile(r"\s*(?::|–|—| - )\s*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _stem(title: Title) -> list[str]:
    """The words of a title before its subtitle ("Made in Abyss: Dawn of the Deep Soul"
    -> made, in, abyss)."""
    return _words(_SUBTITLE.split(title.title, maxsplit=1)[0])


def franchise_hints(catalogue: Catalogue, origins: Mapping[str, tuple[str, int | None]]
                    ) -> list[Problem]:
    """Pairs of titles where the whole name before the subtitle of one begins the other's
    name, and no `after` or `related` link joins them: each reported once, at the later
    title (its file and line from `origins`), with the fix. Titles are found through an
    index of their names' beginnings, so a catalogue of 50,000 titles is checked in about
    the time it takes to read their names (no title is compared with every other)."""
    titles = catalogue.titles
    by_stem: dict[tuple[str, ...], list[int]] = {}
    names = [tuple(_words(t.title)) for t in titles]
    for row, title in enumerate(titles):
        stem = tuple(_stem(title))
        if stem:
            by_stem.setdefault(stem, []).append(row)
    pairs: set[tuple[int, int]] = set()
    for row, words in enumerate(names):
        for end in range(1, len(words) + 1):  # another title's stem begins this name
            for match in by_stem.get(words[:end], ()):
                if match != row:
                    pairs.add((min(row, match), max(row, match)))
    hints = []
    for first, later in sorted(pairs, key=lambda pair: (pair[1], pair[0])):
        title, other = titles[later], titles[first]
        if catalogue.franchise_of(title.id) == catalogue.franchise_of(other.id):
            continue
        file, line = origins.get(title.id, (catalogue.source, None))
        hints.append(Problem(
            file, line, f"its name suggests the story of {other.title!r} ({other.id}), "
            "but no link joins them", f"title {title.id!r}",
            f"add 'after: {other.id}' for a continuation or 'related: [{other.id}]' for "
            "the same story told again; if they are unrelated, tell the names apart"))
    return hints


def bundled_audit_problems(bundled: Catalogue, bundled_file: str,
                           files: Sequence[Path]) -> list[Problem]:
    """The audit record's problems when the bundled catalogue file is among `files`."""
    if os.path.realpath(bundled_file) not in {os.path.realpath(f) for f in files}:
        return []
    return audit_problems(bundled.titles, bundled.warnings, audit_file(bundled_file))
