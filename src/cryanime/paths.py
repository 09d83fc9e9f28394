"""Where things live: the bundled catalogue file.

Kept apart from loading.py, and written with os.path rather than pathlib, so that finding
the file (which every command does, to check the cache) imports nothing heavy.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def bundled_file() -> str:
    """The bundled catalogue: inside the installed package, or, for an editable install
    or a checkout, data/titles.yaml at the repository root."""
    beside = os.path.join(_PACKAGE, "data", "titles.yaml")
    if os.path.isfile(beside):
        # what importlib.resources finds in an installed, unzipped package; checking it
        # first saves importing importlib.resources (about 6 ms) on every start
        return beside
    from importlib import resources

    packaged = resources.files("cryanime").joinpath("data", "titles.yaml")
    if packaged.is_file():
        return str(packaged)
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), "data", "titles.yaml")


def bundled_path() -> Path:
    """:func:`bundled_file` as a Path."""
    from pathlib import Path

    return Path(bundled_file())
