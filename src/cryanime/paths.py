"""Where things live: the bundled catalogue file, and the user's data, cache and config
directories.

Kept apart from loading.py, and written with os.path rather than pathlib, so that finding
the file (which every command does, to check the cache) imports nothing heavy. The user
directories are platformdirs' answers; on Linux, where they are the XDG base directories,
they are worked out here without importing platformdirs (which pulls in pathlib,
tempfile, shutil and more: see README, Performance); every other platform, and any doubt
(no absolute $HOME, Android), asks platformdirs. tests/test_paths.py checks the two agree.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def bundled_file() -> str:
    """The bundled catalogue: inside the installed package, or, for an editable install
    or a checkout, data/titles.yaml at the repository root."""
    beside = os.path.join(_PACKAGE, "data", "titles.yaml")
    if os.path.isfile(beside):
        # what importlib.resources finds in an installed, unzipped package (checked first:
        # see README, Performance)
        return beside
    root = os.path.dirname(os.path.dirname(_PACKAGE))
    in_checkout = os.path.join(root, "data", "titles.yaml")
    if os.path.basename(os.path.dirname(_PACKAGE)) == "src" and os.path.isfile(in_checkout):
        # a checkout (src/cryanime): found as cheaply as an install's, so that a run here
        # imports what an installed run imports (tests/test_guards.py)
        return in_checkout
    from importlib import resources  # a zipped install: pathlib, zipfile, tempfile along

    packaged = resources.files("cryanime").joinpath("data").joinpath("titles.yaml")
    if packaged.is_file():
        return str(packaged)
    return in_checkout


def bundled_path() -> Path:
    """:func:`bundled_file` as a Path."""
    from pathlib import Path

    return Path(bundled_file())


APP = "cryanime"
# kind -> (XDG variable, the default below $HOME, platformdirs' function)
_XDG = {
    "data": ("XDG_DATA_HOME", ".local/share", "user_data_dir"),
    "cache": ("XDG_CACHE_HOME", ".cache", "user_cache_dir"),
    "config": ("XDG_CONFIG_HOME", ".config", "user_config_dir"),
}


def user_dir(kind: str) -> str:
    """The user's `kind` ('data', 'cache' or 'config') directory for cryanime."""
    variable, below_home, function = _XDG[kind]
    if sys.platform == "linux" and not _android():
        xdg = os.environ.get(variable, "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, APP)
        home = os.environ.get("HOME", "")
        if os.path.isabs(home):
            return os.path.join(home.rstrip("/") or "/", below_home, APP)
    import platformdirs

    found: str = getattr(platformdirs, function)(APP, appauthor=False)
    return found


def _android() -> bool:
    """What platformdirs checks to choose its Android directories."""
    return hasattr(sys, "getandroidapilevel") or (
        os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system")


CONFIG_FILE = "config.yml"  # your defaults, in the user config directory


def config_file() -> str:
    """$CRYANIME_CONFIG, else config.yml in the user config directory."""
    named = os.environ.get("CRYANIME_CONFIG")
    if named:
        return named
    return os.path.join(user_dir("config"), CONFIG_FILE)


def no_config() -> bool:
    """Whether there is no config file at all (nothing at config.yml's place, and no
    $CRYANIME_CONFIG, whose file must exist): then nothing of the config machinery is
    needed. A folder, a dangling link or a loop there is a config to complain about."""
    return not os.environ.get("CRYANIME_CONFIG") and not os.path.lexists(config_file())


LISTS_FILE = "watched.json"  # your watched and plan-to-watch lists, in data_dir()


def data_dir() -> str:
    """$CRYANIME_HOME, else the platform's user data directory for cryanime."""
    home = os.environ.get("CRYANIME_HOME")
    if home:
        return home

    return user_dir("data")


def no_lists_yet() -> bool:
    """Whether there is nothing at all where your lists would be (a new user): then they
    are empty, and reading them needs none of the list machinery. Anything there, even
    a dangling link or a file where the folder should be, is for the lists' reader to
    judge."""
    folder = data_dir()
    if not os.path.lexists(folder):
        return True
    return os.path.isdir(folder) and not os.path.lexists(os.path.join(folder, LISTS_FILE))
