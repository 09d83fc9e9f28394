"""The watched.json format: the records of your lists, and reading and writing them.

    {"version": 2,
     "watched": {"clannad": {"added": "2026-11-26T01:59:37+00:00", "loved": true,
                             "my_tears": 5}},
     "plan": {"anohana": {"added": "2026-11-27T20:10:00+00:00"}}}

Version 1 (``watched`` alone, without ``my_tears``) reads as it is; a ``plan`` added to it
by hand is kept. Keys cryanime does not know, at any level, are kept as they were when the
lists are written again. A key given twice, absurd nesting or a number thousands of digits
long is an error naming the file, never a guess.
"""

# No `from __future__ import annotations`: see the note in records.py.

import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from .errors import StateError

VERSION = 2
READS = (1, 2)  # the versions this cryanime reads; it writes VERSION
NOTHING: Mapping[str, Any] = MappingProxyType({})


class Watched(NamedTuple):
    """One title on your watched list."""

    title_id: str
    added: str  # ISO 8601 date-time, UTC
    loved: bool = False
    my_tears: int | None = None  # how hard it hit you, 1-5; None when not given
    extra: Mapping[str, Any] = NOTHING  # keys cryanime does not know, kept as they were


class Planned(NamedTuple):
    """One title on your plan-to-watch list."""

    title_id: str
    added: str  # ISO 8601 date-time, UTC
    extra: Mapping[str, Any] = NOTHING  # keys cryanime does not know, kept as they were


class Merged(NamedTuple):
    """What a merge changed."""

    added: list[str]  # new on the watched list
    present: list[str]  # already there
    planned: list[str]  # new on the plan
    loved: list[str]  # newly marked loved (added as loved, or loved now and not before)


class Lists(NamedTuple):
    """Both lists, as one read-modify-write changes them."""

    watched: dict[str, Watched]
    plan: dict[str, Planned]
    extra: Mapping[str, Any] = NOTHING  # top-level keys cryanime does not know, kept


def parse_lists(raw: bytes, file: str) -> Lists:
    """The lists in the bytes of a watched.json; StateError (naming `file`) when they are
    not a list this cryanime reads."""

    def error(message: str, fix: str) -> StateError:
        return StateError(file, message, fix)

    backup = f"move it aside (mv {file} {file}.bak) to start a new list"
    try:
        text = raw.decode("utf-8")
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise error(f"is not valid JSON{where}", f"repair it, or {backup}") from None
    except _DuplicateKey as exc:
        found = [m.start() for m in re.finditer(re.escape(json.dumps(exc.key)) + r"\s*:",
                                                text)]
        where = f" (line {text.count(chr(10), 0, found[1]) + 1})" if len(found) == 2 else ""
        raise error(f"has the key {exc.key!r} twice{where}; which one is meant is "
                          "not clear", "keep one of them") from None
    except RecursionError:
        raise error("is nested far too deeply to be a watched list",
                          f"repair it, or {backup}") from None
    except ValueError:  # an integer with more digits than Python converts
        raise error("holds a number far too long", f"repair it, or {backup}"
                          ) from None
    if not isinstance(data, dict) or "version" not in data:
        raise error("is not a cryanime watched list", backup)
    version = data["version"]
    if version not in READS or isinstance(version, bool):
        newer = isinstance(version, int) and version > VERSION
        raise error(
            f"has version {version!r}; this cryanime reads versions 1 and {VERSION}",
            "upgrade cryanime" if newer else backup)
    entries = data.get("watched")
    plan = data.get("plan", {})  # version 1 has none, unless added by hand: kept
    if not isinstance(entries, dict):
        raise error("has no 'watched' mapping", f"repair it, or {backup}")
    if not isinstance(plan, dict):
        raise error("has a 'plan' that is not a mapping", f"repair it, or {backup}")
    watched, planned = {}, {}
    for title_id, entry in entries.items():
        tears = entry.get("my_tears") if isinstance(entry, dict) else None
        if (not isinstance(entry, dict) or not isinstance(entry.get("added"), str)
                or not isinstance(entry.get("loved", False), bool)
                or not (tears is None or (type(tears) is int and 1 <= tears <= 5))):
            raise error(f"has a malformed entry for {title_id!r}",
                              f"repair it, or {backup}")
        watched[title_id] = Watched(title_id, entry["added"], entry.get("loved", False),
                                    tears, _extra(entry, WATCHED_KEYS))
    for title_id, entry in plan.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("added"), str):
            raise error(f"has a malformed plan entry for {title_id!r}",
                              f"repair it, or {backup}")
        planned[title_id] = Planned(title_id, entry["added"], _extra(entry, PLANNED_KEYS))
    return Lists(watched, planned, _extra(data, FILE_KEYS))


def dump_lists(lists: Lists) -> bytes:
    """The lists as the bytes of a watched.json, with every key cryanime does not know
    kept as it was."""
    data = {
        **lists.extra,
        "version": VERSION,
        "watched": {
            w.title_id: {**w.extra, "added": w.added, "loved": w.loved,
                         **({"my_tears": w.my_tears} if w.my_tears is not None else {})}
            for w in sorted(lists.watched.values(), key=lambda w: w.title_id)
        },
        "plan": {p.title_id: {**p.extra, "added": p.added}
                 for p in sorted(lists.plan.values(), key=lambda p: p.title_id)},
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


FILE_KEYS = frozenset(("version", "watched", "plan"))
WATCHED_KEYS = frozenset(("added", "loved", "my_tears"))
PLANNED_KEYS = frozenset(("added",))


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once (json keeps the last, silently)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def _extra(entry: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    unknown = {key: value for key, value in entry.items() if key not in known}
    return MappingProxyType(unknown) if unknown else NOTHING
