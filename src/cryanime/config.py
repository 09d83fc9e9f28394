"""Your defaults: ``config.yml`` in the user config directory, or the file $CRYANIME_CONFIG
names.

    without: [sexual-violence, gore]   # added to every --without
    limit: 10                          # recommend -n
    era: 2000s
    min_tears: 3
    ending: bittersweet
    catalog: [~/anime/mine.yaml]       # instead of --catalog
    spoilers: false
    deep_cuts: true                    # recommend and tonight favour deep cuts
    titles: romaji                     # the name tables, cards and Markdown show

Only the shape is checked here (known keys, the right kinds of value), each problem with
its line; the command line checks the values themselves, naming this file and line when
one is wrong. A file that cannot be read at all (not YAML, a folder, a dangling link,
unknown keys) stops every command that reads a setting; a value of the wrong kind stops
only the commands that use it. YAML is read only when the file exists.
"""

# No `from __future__ import annotations`: see the note in records.py.

import os
from typing import Any, NamedTuple

from .errors import CatalogueError, ConfigError
from .paths import config_file, no_config

CONFIG_LIMIT = 2**20  # a config file of a few settings; anything bigger is a wrong path
# key -> (what it must be, how to say it)
KEYS: dict[str, tuple[type, str]] = {
    "without": (list, "a list of themes or warnings, e.g. [gore, suicide]"),
    "limit": (int, "a whole number of picks, e.g. 10"),
    "era": (str, "an era such as 2000s, 2010-2015 or -1999"),
    "min_tears": (int, "a whole number from 1 to 5"),
    "ending": (str, "hopeful, bittersweet or devastating"),
    "catalog": (list, "a list of catalogue file paths"),
    "spoilers": (bool, "true or false"),
    "deep_cuts": (bool, "true or false"),
    "titles": (str, "english, romaji or native"),
}


class Config(NamedTuple):
    """The settings of a config file, the line each was given on, and the settings whose
    value is of the wrong kind (each stops only the commands that use it)."""

    file: str
    values: dict[str, Any]
    lines: dict[str, int | None]
    problems: dict[str, ConfigError]

    def where(self, key: str) -> str:
        line = self.lines.get(key)
        return f"{self.file}:{line}" if line else self.file


def load_config() -> Config | None:
    """The config, or None when there is no file (a file $CRYANIME_CONFIG names must
    exist). Raises ConfigError for a file that is unreadable, not YAML, or has unknown
    keys or values of the wrong kind."""
    if no_config():
        return None  # nothing there at all; a folder, a dangling link or a loop is said
    file = config_file()
    # only a config file that exists is parsed (a guard test pins it: no YAML module
    # on a run without one)
    from .yamlfile import key_line_of, parse_yaml, read_source

    try:
        data, duplicates = parse_yaml(read_source(_path(file), CONFIG_LIMIT, "a config.yml"),
                                      file)
    except CatalogueError as exc:
        problem = exc.problems[0]
        fix = ("check the path in $CRYANIME_CONFIG" if problem.message == "file not found"
               else problem.fix)
        raise ConfigError(file, problem.line, problem.message, fix) from None
    if duplicates:
        raise ConfigError(file, duplicates[0].line, duplicates[0].message, duplicates[0].fix)
    if data is None:
        return Config(file, {}, {}, {})
    if not isinstance(data, dict):
        raise ConfigError(file, 1, "must be a mapping of settings",
                          "write one 'key: value' a line, e.g. 'limit: 10'")
    values, lines, problems = {}, {}, {}
    for key, value in data.items():
        line = key_line_of(data, key)
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), list(KEYS), n=1)
            raise ConfigError(file, line, f"unknown setting {key!r}",
                              f"did you mean {close[0]!r}?" if close
                              else "known: " + ", ".join(KEYS))
        kind, say = KEYS[key]
        if kind is list and isinstance(value, str):
            value = [value]  # one item may be written without brackets
        if kind is str and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # YAML reads `era: 2011` and `era: -1999` as numbers
        good = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is list and good:
            good = all(isinstance(v, str) and v.strip() for v in value)
        lines[key] = line
        if good:
            values[key] = value
        else:
            problems[key] = ConfigError(file, line, f"{key!r} must be {say}",
                                        f"fix the value of {key!r}")
    return Config(file, values, lines, problems)


def _path(file: str) -> Any:
    from pathlib import Path

    return Path(os.path.expanduser(file))
