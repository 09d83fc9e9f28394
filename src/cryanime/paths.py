"""Where things live: the bundled catalogue file.

Kept apart from loading.py so that finding the file (needed by every command, to check
the cache) does not import the YAML and validation code.
"""

from __future__ import annotations

from pathlib import Path


def bundled_path() -> Path:
    """The bundled catalogue: inside the installed package (read through
    importlib.resources), or, for an editable install or a checkout, at the repository
    root."""
    beside = Path(__file__).with_name("data") / "titles.yaml"
    if beside.is_file():
        # what importlib.resources finds in an installed, unzipped package; checking it
        # first saves importing importlib.resources (about 6 ms) on every start
        return beside
    from importlib import resources

    packaged = resources.files("cryanime").joinpath("data", "titles.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / "titles.yaml"
