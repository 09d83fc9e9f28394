"""JSON for programs: valid, and nothing else on stdout; a long list streamed a batch at a
time with the very text json.dumps(indent=2) gives.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from ..jsoncodec import encode_basestring, encode_basestring_ascii
from .screen import _JSON_RAW


def _ascii_only() -> bool:
    """Whether stdout cannot take UTF-8, so JSON escapes every non-ASCII character."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return not encoding.startswith("utf")


def _json_text(data: Any) -> str:
    import json  # for what the flat-record writer does not write (see cryanime.jsoncodec)

    return _escaped(json.dumps(data, ensure_ascii=_ascii_only(), indent=2))


def _escaped(text: str) -> str:
    """JSON text with what json leaves raw escaped too: json escapes C0 controls itself;
    C1 controls, bidi overrides and line separators it leaves raw (only strings can hold
    them, and \\uXXXX is valid there). Every such character is unprintable: most text is
    not looked at twice."""
    if (not text.isascii() or "\x7f" in text) and not text.replace("\n", "").isprintable():
        return text.translate(_JSON_RAW)
    return text


def print_json(data: Any) -> None:
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        stream_json(data)  # a list of records: written by the faster flat-record writer
        return
    flat = _flat_json(data, _ascii_only(), 0) if isinstance(data, dict) else None
    sys.stdout.write((_json_text(data) if flat is None else _escaped(flat)) + "\n")


_LITERALS: dict[Any, str] = {None: "null", True: "true", False: "false"}
# (ascii only, level) -> {name: '"name": '}, and the whitespace of that level
_NAMES: dict[tuple[bool, int], dict[str, str]] = {}
_LAYOUT: dict[int, tuple[str, str, str, str, str]] = {}


def _layout(level: int) -> tuple[str, str, str, str, str]:
    """An object `level` levels deep: what opens it, separates its members, opens a list
    member, separates a list's items, and closes a list then the object."""
    found = _LAYOUT.get(level)
    if found is None:
        inner = "\n" + "  " * (level + 1)
        found = _LAYOUT[level] = ("{" + inner, "," + inner, "[" + inner + "  ",
                                  "," + inner + "  ", inner + "]")
    return found


def _scalar(value: Any, string: Any) -> str:
    """A string, number, boolean or None as json writes it; TypeError for anything else."""
    if value.__class__ is str:
        return string(value)  # type: ignore[no-any-return]
    if value is None or value is True or value is False:
        return _LITERALS[value]
    if value.__class__ is int:
        return int.__repr__(value)
    if value.__class__ is float and value - value == 0.0:  # finite: as json writes it
        return float.__repr__(value)
    raise TypeError(value)


def _flat_json(item: dict[str, Any], ascii_only: bool, level: int) -> str | None:
    """json.dumps(item, indent=2) as it reads `level` levels deep, when item's values are
    all strings, numbers, booleans, None or lists of those (a title's fields, a pick's
    score): the same text, written with json's C string encoder rather than its
    pure-Python indented one (several times faster). None for anything else."""
    string = encode_basestring_ascii if ascii_only else encode_basestring
    start, between, opened, listed, closed = _layout(level)
    names = _NAMES.get((ascii_only, level))
    if names is None:
        names = _NAMES[ascii_only, level] = {}
    lines: list[str] = []
    add = lines.append
    try:
        for name, value in item.items():
            prefix = names.get(name)
            if prefix is None:
                prefix = names[name] = string(name) + ": "
            kind = value.__class__
            if kind is str:
                add(prefix + string(value))
            elif kind is list or kind is tuple:
                if not value:
                    add(prefix + "[]")
                    continue
                try:  # strings, as a rule (the C encoder refuses anything else)
                    body = listed.join(map(string, value))
                except TypeError:
                    body = listed.join([_scalar(v, string) for v in value])
                add(prefix + opened + body + closed)
            elif kind is int:
                add(prefix + int.__repr__(value))
            else:
                add(prefix + _scalar(value, string))
    except TypeError:
        return None
    if not lines:
        return "{}"
    return start + between.join(lines) + "\n" + "  " * level + "}"


def stream_json(items: Iterable[dict[str, Any]]) -> None:
    """A JSON array of `items`, written a few hundred at a time (a long list is never held
    whole): the very text print_json gives for the list."""
    ascii_only = _ascii_only()
    parts: list[str] = []
    started = False
    for item in items:
        flat = _flat_json(item, ascii_only, 1)
        text = (_json_text(item).replace("\n", "\n  ") if flat is None
                else _escaped(flat))
        parts.append((",\n  " if started else "[\n  ") + text)
        started = True
        if len(parts) == 256:
            sys.stdout.write("".join(parts))
            parts.clear()
    sys.stdout.write("".join(parts) + ("\n]\n" if started else "[]\n"))
