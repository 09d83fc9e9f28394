"""Typed access to the fields of one parsed mapping (a title, a theme): each accessor
checks the value's kind and range and reports a problem, with its line and fix, to the
validator that asked (:mod:`cryanime.validation`)."""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable, Iterable
from typing import Any

from .yamlfile import key_line_of, line_of

SHOWN_PER_FIELD = 5  # unknown ids reported one by one in a field, before a summary
# A web address as `sources` needs it: http(s), a dotted host, no spaces (faster than
# urllib.parse, which showed up as a quarter of validation time on large catalogues).
_URL = re.compile(r"https?://[^\s/?#]*\.[^\s/?#]*(?:[/?#]\S*)?")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# report(file, line, message, fix, subject)
Report = Callable[[str, "int | None", str, str, str], None]


def short_repr(value: Any) -> str:
    """A repr cut to a readable length; safe on huge strings and alias bombs (it never
    walks more than a few items of a nested structure)."""
    short = reprlib.Repr()
    short.maxstring = short.maxother = 60
    short.maxlevel, short.maxlist, short.maxdict = 2, 4, 4
    return short.repr(value)


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    for types, name in (((bool,), "true/false"), ((dict,), "a mapping"), ((list,), "a list"),
                        ((str,), "text"), ((int, float), "a number")):
        if isinstance(value, types):
            return name
    return type(value).__name__


def closest(word: str, choices: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


_MISSING = object()


class Fields:
    """Typed access to one mapping's fields; problems go to the checker."""

    def __init__(self, report: Report, file: str, entry: dict[str, Any], subject: str) -> None:
        self.report = report
        self.file = file
        self.entry = entry
        self.subject = subject
        self.failed = False

    def problem(self, key: str | None, message: str, fix: str = "") -> None:
        line = key_line_of(self.entry, key) if key else line_of(self.entry)
        self.report(self.file, line, message, fix, self.subject)
        self.failed = True

    def get(self, key: str, required: bool) -> Any:
        value = self.entry.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(None, f"missing required field {key!r}", f"add '{key}: ...'")
            return _MISSING
        return value

    def unknown(self, known: frozenset[str]) -> None:
        for key in self.entry:
            if key not in known:
                names = sorted(known)
                close = closest(str(key), names)
                self.problem(key, f"unknown field {short_repr(key)}",
                             f"did you mean {close!r}?" if close else "known: " + ", ".join(names))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(key, f"{key!r} must be text, got {kind_of(value)}",
                         "write plain text, in quotes if it holds ': ' or ' #'")
            return None
        value = str(value).strip()
        if not value:
            self.problem(key, f"{key!r} must not be empty", "fill it in, or leave the field out")
            return None
        return value

    def slug(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not _SLUG.match(value):
            example = re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-") or "first-love"
            self.problem(key, f"{key!r} must be lowercase letters, digits and hyphens, "
                              f"got {short_repr(value)}", f"for example {example!r}")
            return None
        return value

    def text_list(self, key: str, required: bool = True) -> list[str] | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None if required else []
        fix = "write it as [a, b] or as one '- item' line each"
        if not isinstance(value, list):
            self.problem(key, f"{key!r} must be a list, got {kind_of(value)}", fix)
            return None
        bad = [v for v in value if isinstance(v, bool) or not isinstance(v, (str, int, float))]
        if bad:
            self.problem(key, f"{key!r} must be a list of text, got {kind_of(bad[0])} in it", fix)
            return None
        return [str(v) for v in value]

    def integer(self, key: str, low: int, high: int | None, what: str,
                required: bool = True) -> int | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{key!r} must be a whole number, got {short_repr(value)}",
                         f"give {what}")
            return None
        if value < low or (high is not None and value > high):
            allowed = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.problem(key, f"{key!r} must be {allowed}, got {short_repr(value)}", f"give {what}")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = self.get(key, required=False)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"{key!r} must be true or false, got {short_repr(value)}",
                         "write true or false")
            return False
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.get(key, required=True)
        if value is _MISSING:
            return None
        if value not in choices:
            close = closest(str(value), choices)
            allowed = ", ".join(choices)
            self.problem(key, f"{key!r} must be one of {allowed}, got {short_repr(value)}",
                         f"did you mean {close!r}?" if close else f"use one of {allowed}")
            return None
        return str(value)

    def ids(self, key: str, vocabulary: dict[str, Any], kind: str, minimum: int,
            required: bool = True) -> list[str] | None:
        values = self.text_list(key, required)
        if values is None:
            return None
        if len(values) < minimum:
            self.problem(key, f"{key!r} needs at least {minimum} {kind}"
                              f"{'s' if minimum > 1 else ''}, got {len(values)}",
                         f"list its {kind}s, most central first")
            return None
        unknown = [value for value in values if value not in vocabulary]
        for value in unknown[:SHOWN_PER_FIELD]:
            close = closest(value, vocabulary)
            self.problem(key, f"unknown {kind} {short_repr(value)}",
                         f"did you mean {close!r}?" if close
                         else f"add it to '{kind}s' first, or see 'cryanime themes'")
        if len(unknown) > SHOWN_PER_FIELD:
            self.problem(key, f"... and {len(unknown) - SHOWN_PER_FIELD} more unknown {kind}s",
                         f"list only {kind}s from the vocabulary")
        ok = not unknown
        if len(set(values)) != len(values):
            self.problem(key, f"{key!r} lists the same {kind} twice", "list each once")
            ok = False
        return values if ok else None

    def urls(self, key: str) -> list[str]:
        values = self.text_list(key, required=False) or []
        for value in values:
            if not _URL.fullmatch(value):
                self.problem(key, f"{key!r} entry {short_repr(value)} is not a web address",
                             "give the full https:// address of the page you checked")
        return values
