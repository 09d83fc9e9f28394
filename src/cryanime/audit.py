"""The warnings audit record: what was checked, title by title and warning by warning.

The bundled catalogue's record is ``warnings-audit.yaml`` beside it (data/ in a
checkout, inside the package when installed). For every title and every warning of the
policy it says either where the warning applies (``found``: the episode or scene and the
page that says so) or that it was checked and does not apply (``none``), so that the
next audit sees what was looked at::

    policy: 2
    titles:
      - id: code-geass
        sources: [https://...]           # the pages consulted for this title
        found:
          suicide: {scene: "episode 1: soldiers ordered to shoot themselves",
                    source: "https://..."}
        none: [self-harm, torture, ...]

:func:`audit_problems` is what ``cryanime check`` reports: a title without a record, a
warning the record finds that the title does not carry (or the other way round), a
warning neither found nor checked, unknown ids.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .catalogue import Title
from .errors import CatalogueError, Problem
from .yamlfile import display_path, key_line_of, line_of, parse_yaml, read_source

FILE_NAME = "warnings-audit.yaml"
POLICY = 2  # the README's "Warning policy" version the record follows
FIX_RECORD = "audit the title against the warning policy (README.md) and record it"


def audit_file(catalogue_file: str) -> str:
    """Where the audit record of a catalogue file lies: beside it."""
    return os.path.join(os.path.dirname(catalogue_file), FILE_NAME)


def read_audit(file: str) -> tuple[dict[str, Any], list[Problem]]:
    """The records by title id, and the problems of the file's shape. Raises
    CatalogueError when the file cannot be read or is not YAML."""
    shown = display_path(file)
    data, problems = parse_yaml(read_source(Path(file)), shown)
    if not isinstance(data, dict) or not isinstance(data.get("titles"), list):
        return {}, [*problems, Problem(shown, line_of(data) or 1, "the audit record must be "
                                       "a mapping with a 'titles' list", "", "see "
                                       "src/cryanime/audit.py for the layout")]
    if data.get("policy") != POLICY:
        problems.append(Problem(shown, key_line_of(data, "policy") or 1,
                                f"the record follows policy {data.get('policy')!r}, not "
                                f"{POLICY}", "", "re-audit against the current policy"))
    records: dict[str, Any] = {}
    for item in data["titles"]:
        title_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(title_id, str):
            problems.append(Problem(shown, line_of(item) or key_line_of(data, "titles"),
                                    "each record needs the 'id' of its title", ""))
        elif title_id in records:
            problems.append(Problem(shown, line_of(item), "a second record",
                                    f"title {title_id!r}", "keep one record a title"))
        else:
            records[title_id] = item
    return records, problems


def audit_problems(titles: Iterable[Title], warnings: Iterable[str], file: str
                   ) -> list[Problem]:
    """Every way the audit record in `file` fails to cover `titles` against the
    `warnings` of the policy (see the module docstring)."""
    shown = display_path(file)
    try:
        records, problems = read_audit(file)
    except CatalogueError as exc:
        return [Problem(p.file, p.line, p.message, "", "add the audit record of the bundled "
                        "catalogue" if p.message == "file not found" else p.fix)
                for p in exc.problems]
    policy = list(warnings)
    known_titles = set()
    for title in titles:
        known_titles.add(title.id)
        subject = f"title {title.id!r}"
        record = records.get(title.id)
        if record is None:
            problems.append(Problem(shown, None, "has no warnings audit record", subject,
                                    FIX_RECORD))
            continue
        found = record.get("found") or {}
        none = record.get("none") or []
        if not isinstance(found, dict) or not isinstance(none, list):
            problems.append(Problem(shown, line_of(record), "'found' must be a mapping and "
                                    "'none' a list", subject, FIX_RECORD))
            continue
        where = line_of(record)
        for warning in sorted(set(found) | set(none)):
            if warning not in policy:
                problems.append(Problem(shown, where, f"unknown warning {warning!r}",
                                        subject, "use the ids of the catalogue's warnings"))
        for warning in policy:
            if warning in found and warning in none:
                problems.append(Problem(shown, where, f"{warning!r} is both found and "
                                        "checked as none", subject, "keep one"))
            elif warning in found:
                scene = found[warning]
                if not (isinstance(scene, dict) and scene.get("scene")
                        and scene.get("source")):
                    problems.append(Problem(shown, where, f"{warning!r} is found without "
                                            "its scene and source", subject,
                                            "say where it happens and which page says so"))
                if warning not in title.warnings:
                    problems.append(Problem(shown, where, f"the record finds {warning!r} but "
                                            "the title does not carry it", subject,
                                            f"add {warning!r} to its warnings"))
            elif warning in none:
                if warning in title.warnings:
                    problems.append(Problem(shown, where, f"the title carries {warning!r} but "
                                            "the record checked it as none", subject,
                                            "record where it happens, or drop the warning"))
            else:
                problems.append(Problem(shown, where, f"the record does not say whether "
                                        f"{warning!r} applies", subject, FIX_RECORD))
    for title_id, record in records.items():
        if title_id not in known_titles:
            problems.append(Problem(shown, line_of(record), "a record for no title of the "
                                    "catalogue", f"title {title_id!r}",
                                    "remove it, or fix its id"))
    return problems
