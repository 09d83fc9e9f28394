"""The library's exceptions.

Each one carries what a person needs to fix the problem (file, line, candidates);
the CLI turns them into messages and exit codes.
"""

# No `from __future__ import annotations`: see the note in records.py.

from collections.abc import Sequence
from typing import NamedTuple


class CryanimeError(Exception):
    """Base class for everything cryanime raises on purpose."""


def shown(value: str, most: int = 60) -> str:
    """`value` quoted for a message, cut to `most` characters: an absurdly long argument
    is named, not echoed whole."""
    return repr(value) if len(value) <= most else f"{value[:most]!r}... ({len(value):,} characters)"


class Problem(NamedTuple):
    """One thing wrong with a catalogue file, at a line."""

    file: str
    line: int | None
    message: str
    subject: str = ""  # e.g. "title 'clannad'" or "theme 'grief'"
    fix: str = ""  # how to mend it, e.g. "did you mean 'grief'?"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = f"{self.subject}: " if self.subject else ""
        fix = f" — {self.fix}" if self.fix else ""
        return f"{where}: {subject}{self.message}{fix}"


class CatalogueError(CryanimeError):
    """A catalogue file is missing, unreadable, not YAML or not valid."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownThemeError(CryanimeError, KeyError):
    """A theme (or warning) name that is not in the vocabulary."""

    def __init__(
        self, value: str, suggestions: Sequence[str], kind: str = "theme", hint: str = ""
    ) -> None:
        self.value = value
        self.suggestions = tuple(suggestions)
        self.kind = kind
        self.hint = hint
        super().__init__(value)

    def __str__(self) -> str:
        message = f"unknown {self.kind} {shown(self.value)}."
        if self.hint:
            message += f" {self.hint}"
        elif self.suggestions:
            quoted = " or ".join(repr(s) for s in self.suggestions)
            message += f" Did you mean {quoted}?"
        return message


class TitleNotFoundError(CryanimeError, LookupError):
    """No title is close to what was asked for."""

    def __init__(self, query: str, suggestions: Sequence[str]) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        super().__init__(query)

    def __str__(self) -> str:
        message = f"no title matches {shown(self.query)}."
        if self.suggestions:
            message += " Nearest: " + ", ".join(self.suggestions) + "."
        else:
            message += " No title is close in name."
        return message


class TitleTooLongError(CryanimeError, ValueError):
    """A title asked for is longer than any title could be: refused before looking."""

    def __init__(self, query: str, longest: int) -> None:
        self.query = query
        self.longest = longest
        super().__init__(query[:40])

    def __str__(self) -> str:
        return (f"a title of {len(self.query):,} characters ({self.query[:30]!r}...) is longer "
                f"than any title could be; give at most {self.longest} characters.")


class AmbiguousTitleError(CryanimeError, LookupError):
    """Several titles fit what was asked for about equally well."""

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        super().__init__(query)

    def __str__(self) -> str:
        return f"{shown(self.query)} could be any of: " + ", ".join(self.candidates) + "."


class EraError(CryanimeError, ValueError):
    """An --era value that is not one of the accepted forms."""

    FORMS = "a decade (1980s, 80s), a year (2011) or a range (2005-2012, 2010-, -1999)"

    def __init__(self, value: str, reason: str = "") -> None:
        self.value = value
        self.reason = reason
        super().__init__(value)

    def __str__(self) -> str:
        reason = f" ({self.reason})" if self.reason else ""
        return f"{shown(self.value)} is not an era{reason}; use {self.FORMS}."


class StateError(CryanimeError):
    """The watched list cannot be read or written; the file is left as it was."""

    def __init__(self, file: str, message: str, fix: str = "") -> None:
        self.file = file
        self.message = message
        self.fix = fix
        super().__init__(f"{file}: {message}" + (f" — {fix}" if fix else ""))


class ImportFileError(CryanimeError):
    """A MyAnimeList export that cannot be read safely."""

    def __init__(self, file: str, message: str, fix: str = "", line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}" + (f" — {fix}" if fix else ""))


class ConfigError(CryanimeError):
    """The config file cannot be used; nothing runs."""

    def __init__(self, file: str, line: int | None, message: str, fix: str) -> None:
        self.file, self.line, self.message, self.fix = file, line, message, fix
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message} — {fix}")
