"""The one place where what went wrong becomes a message and an exit code: 1 nothing found
(a title not found or ambiguous), 2 bad usage or a bad file. Library errors are turned
into these by the group (see :mod:`.group`); commands raise these directly.
"""

from __future__ import annotations

import click

from .. import output
from ..errors import (
    AmbiguousTitleError,
    CatalogueError,
    ConfigError,
    CryanimeError,
    ImportFileError,
    StateError,
    TitleNotFoundError,
    TitleTooLongError,
)

SHOWN_PROBLEMS = 10  # catalogue problems shown by ordinary commands (check shows all)


class NothingFound(click.ClickException):
    """Exit 1: the filters left nothing, or no such title."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(output.clean(message))  # it may quote catalogue text


class Unusable(NothingFound):
    """Exit 2: an input file cannot be used at all."""

    exit_code = 2


class BadCatalogue(click.ClickException):
    """Exit 2: a catalogue file is missing or invalid."""

    exit_code = 2

    def __init__(self, error: CatalogueError, head: str = "") -> None:
        count = len(error.problems)
        if not head:
            head = ("the catalogue is not valid" if count == 1
                    else f"the catalogue has {count} problems")
        shown = error.problems[:SHOWN_PROBLEMS]
        lines = "\n".join(f"  {output.clean(str(p))}" for p in shown)
        if count > SHOWN_PROBLEMS:
            lines += (f"\n  ... and {count - SHOWN_PROBLEMS} more; 'cryanime check' lists "
                      "them all")
        super().__init__(f"{head}:\n{lines}")


class BadFile(click.ClickException):
    """Exit 2: the watched list or an import file cannot be used (and nothing changed)."""

    exit_code = 2

    def __init__(self, error: Exception) -> None:
        super().__init__(output.clean(str(error)))


def translate(error: CryanimeError) -> click.ClickException:
    """What the person sees of a library error, and its exit code: the one place where
    library errors become messages (the group calls it for whatever a command raises)."""
    if isinstance(error, CatalogueError):
        return BadCatalogue(error)
    if isinstance(error, (StateError, ImportFileError)):
        return BadFile(error)
    if isinstance(error, ConfigError):
        return BadConfig(str(error))
    if isinstance(error, TitleTooLongError):
        text = str(error)
        return click.UsageError(text[0].upper() + text[1:])
    if isinstance(error, AmbiguousTitleError):
        return NothingFound(f"{error} Say more of the title, or use its id.")
    if isinstance(error, TitleNotFoundError):
        return NothingFound(f"{error} Run 'cryanime list' to see every title.")
    return Unusable(str(error))


def nothing_found(view: output.View, message: str) -> NothingFound:
    """Exit 1; in JSON mode stdout still gets a valid (empty) document."""
    if view.form is output.Form.JSON:
        output.print_json([])
    return NothingFound(message)


class BadConfig(click.ClickException):
    """Exit 2: the config file cannot be used, and nothing runs."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(output.clean(message))
