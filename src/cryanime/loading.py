"""Reading catalogue files: YAML parsing, validation and merging.

Files are parsed with PyYAML's C SafeLoader when it is available (the pure-Python
SafeLoader otherwise; never the unsafe loader); the data is built from the composed
nodes by a direct walk (_Builder) that records the line of every mapping and key and
refuses duplicate keys. Validation then builds the records of
:mod:`cryanime.catalogue`, collecting every problem as a
:class:`Problem` (file, line, what is wrong, how to fix it) instead of stopping at
the first. Several files validate together: they share one vocabulary, and ids must
be unique across all of them. ``cryanime check`` and loading use this same code.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .catalogue import ENDINGS, FORMATS, Catalogue, Theme, Title
from .errors import CatalogueError, Problem

# difflib, urllib.parse and importlib.resources are imported where used: they cost
# start-up time that --help, completion and a valid catalogue never need.

MIN_YEAR = 1917  # the oldest surviving Japanese animation
TOP_LEVEL = ("themes", "warnings", "titles")
SHOWN_PER_FIELD = 5  # unknown ids reported one by one in a field, before a summary
VOCABULARY_FIELDS = frozenset(("id", "name", "description", "aliases"))
TITLE_FIELDS = frozenset(Title.__dataclass_fields__)
# A web address as `sources` needs it: http(s), a dotted host, no spaces (faster than
# urllib.parse, which showed up as a quarter of validation time on large catalogues).
_URL = re.compile(r"https?://[^\s/?#]*\.[^\s/?#]*(?:[/?#]\S*)?")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAL_URL = re.compile(r"^https?://(?:www\.)?myanimelist\.net/anime/(\d+)(?:/|$)")


def display_path(path: str | Path) -> str:
    """`path` relative to the working directory when it lies below it."""
    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive, on Windows
        return text
    return text if relative.startswith("..") else relative


# --------------------------------------------------------------------------- YAML


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key.

    ``key_lines[i]`` is the line of the i-th key. A list and slots, not a dict per
    mapping: a 1,000-title file then parses in about 1 MB less memory.
    """

    __slots__ = ("key_lines", "line")

    def __init__(self) -> None:
        self.line = 0
        self.key_lines: list[int] = []

    def key_line(self, key: Any) -> int:
        return self.key_lines[list(self).index(key)] if key in self else self.line


_MAP, _SEQ, _STR = (f"tag:yaml.org,2002:{kind}" for kind in ("map", "seq", "str"))


@functools.cache
def _loader_class() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        problems: list[tuple[int, str, str]]

    def construct_mapping(loader: Any, node: Any) -> Any:
        data = _Mapping()
        yield data
        _fill_mapping(loader, node, data, lambda child: loader.construct_object(child, deep=True))

    # For mappings under tags that only PyYAML's own constructors handle (!!omap, ...).
    Loader.add_constructor(_MAP, construct_mapping)
    return Loader


def _fill_mapping(loader: Any, node: Any, data: _Mapping, build: Callable[[Any], Any]) -> None:
    """Fill `data` from a mapping node, noting lines, duplicate and unhashable keys."""
    data.line = node.start_mark.line + 1
    own = sum(k.tag != "tag:yaml.org,2002:merge" for k, _ in node.value)
    loader.flatten_mapping(node)  # merge keys (<<): their pairs now come first
    merged = len(node.value) - own
    from_merge = set()  # keys a later pair may override, as in PyYAML
    for index, (key_node, value_node) in enumerate(node.value):
        key = build(key_node)
        line = key_node.start_mark.line + 1
        try:
            duplicate = key in data
        except TypeError:  # an unhashable key, e.g. a list
            loader.problems.append((line, "a mapping key must be a plain value",
                                    "write the key as plain text"))
            continue
        if duplicate and key in from_merge:
            data[key] = build(value_node)
            data.key_lines[list(data).index(key)] = line
            from_merge.discard(key)
            continue
        if duplicate:
            loader.problems.append((line, f"duplicate key {key!r} (first at line "
                                          f"{data.key_line(key)})", "keep only one of them"))
            continue
        data[key] = build(value_node)
        data.key_lines.append(line)
        if index < merged:
            from_merge.add(key)


class _Builder:
    """The data of a composed node tree, as PyYAML's safe constructor would build it with
    deep=True, but walking plain mappings, sequences and strings directly: that takes
    half the time of PyYAML's general machinery, the bulk of a cold start. Every other
    tag goes to the loader's own constructor. (A class, not a recursive closure: that
    would be a reference cycle keeping the whole node tree alive while GC is off.)"""

    def __init__(self, loader: Any) -> None:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.loader = loader
        self.kinds = MappingNode, ScalarNode, SequenceNode
        self.built: dict[int, Any] = {}  # id(node) -> data, for nodes reached again by alias
        self.building: set[int] = set()

    def build(self, node: Any) -> Any:
        mapping, scalar, sequence = self.kinds
        kind, tag = type(node), node.tag
        if tag == _STR and kind is scalar:
            return node.value
        if not ((tag == _MAP and kind is mapping) or (tag == _SEQ and kind is sequence)):
            return self.loader.construct_object(node, deep=True)
        key = id(node)
        if key in self.built:
            return self.built[key]
        if key in self.building:  # what PyYAML says of an alias to an enclosing node
            from yaml.constructor import ConstructorError

            raise ConstructorError(None, None, "found unconstructable recursive node",
                                   node.start_mark)
        self.building.add(key)
        if kind is mapping:
            data: Any = _Mapping()
            _fill_mapping(self.loader, node, data, self.build)
        else:
            data = [self.build(child) for child in node.value]
        self.building.discard(key)
        self.built[key] = data
        return data


def parse_yaml(source: str | bytes, file: str) -> tuple[Any, list[Problem]]:
    """Parse `source` (text, or UTF-8 bytes): the data and the duplicate-key problems found.

    Raises CatalogueError when the text is not YAML at all.
    """
    import yaml

    loader = _loader_class()(source)
    loader.problems = []
    fix = "check the indentation and quoting on and just before this line"
    try:
        root = loader.get_single_node()
        data = None if root is None else _Builder(loader).build(root)
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters
        in_bytes = isinstance(loader, getattr(yaml, "CSafeLoader", ()))
        text = source.decode() if isinstance(source, bytes) else source
        before = text.encode()[: exc.position].decode(errors="ignore") if in_bytes else text
        line = before[: len(before) if in_bytes else exc.position].count("\n") + 1
        raise CatalogueError([Problem(
            file, line, f"not valid YAML: control character #x{exc.character:04x} is not allowed",
            fix="remove it, or write it as an escape inside double quotes",
        )]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        text = source.decode() if isinstance(source, bytes) else source
        lines = text.splitlines()
        text_line = lines[line - 1] if line and line <= len(lines) else ""
        if "\t" in text_line[: len(text_line) - len(text_line.lstrip())]:
            reason, fix = "a tab in the indentation", "indent with spaces; YAML does not allow tabs"
        elif isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem):
            fix = "remove the '!!' tag: a catalogue holds only text, numbers, lists and mappings"
        raise CatalogueError([Problem(file, line, f"not valid YAML: {reason}", fix=fix)]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([Problem(file, None, f"not valid YAML: {exc}", fix=fix)]) from None
    except RecursionError:
        raise CatalogueError([Problem(file, None, "not usable: nested too deeply",
                                      fix="a catalogue needs only a few levels")]) from None
    except ValueError:  # an integer with more digits than Python will convert
        text = source.decode() if isinstance(source, bytes) else source
        long_number = re.search(r"\d{4000,}", text)
        line = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise CatalogueError([Problem(file, line, "not usable: a number far too long",
                                      fix="give a number of a few digits")]) from None
    finally:
        loader.dispose()
    return data, [Problem(file, line, message, fix=fix) for line, message, fix in loader.problems]


def read_source(path: Path) -> bytes:
    """The file's bytes, checked to be UTF-8 text (the YAML parser reads the bytes: that
    saves holding a decoded copy). Raises CatalogueError when it cannot be read as UTF-8."""
    file = display_path(path)

    def fail(message: str, fix: str, line: int | None = None) -> CatalogueError:
        return CatalogueError([Problem(file, line, message, fix=fix)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found", "check the path") from None
    except IsADirectoryError:
        raise fail("is a directory, not a file", "give the path of a .yaml file") from None
    except PermissionError:
        raise fail("cannot be read: permission denied", "check the file's permissions") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror}", "check the path") from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail("not UTF-8 text", "save the file as UTF-8", line) from None
    return raw


# --------------------------------------------------------------------- validation


def _line(mapping: Any) -> int | None:
    return getattr(mapping, "line", None)


def _key_line(mapping: Any, key: Any) -> int | None:
    return mapping.key_line(key) if isinstance(mapping, _Mapping) else None


def _short(value: Any) -> str:
    """A repr cut to a readable length; safe on huge strings and alias bombs (it never
    walks more than a few items of a nested structure)."""
    import reprlib

    short = reprlib.Repr()
    short.maxstring = short.maxother = 60
    short.maxlevel, short.maxlist, short.maxdict = 2, 4, 4
    return short.repr(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    for types, name in (((bool,), "true/false"), ((dict,), "a mapping"), ((list,), "a list"),
                        ((str,), "text"), ((int, float), "a number")):
        if isinstance(value, types):
            return name
    return type(value).__name__


def _close(word: str, choices: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


@dataclass
class _Entry:
    """A validated vocabulary entry or title, with where it was defined."""

    value: Any
    file: str
    line: int | None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class _Checker:
    """Validates parsed files into one catalogue, collecting every problem."""

    def __init__(self, *, min_themes: int = 1) -> None:
        self.min_themes = min_themes
        self.max_year = datetime.date.today().year + 1
        self.problems: list[Problem] = []
        self.order: dict[str, int] = {}

    def add(self, file: str, line: int | None, message: str, fix: str = "",
            subject: str = "") -> None:
        self.problems.append(Problem(file, line, message, subject, fix))

    def run(self, sources: Sequence[tuple[str, Any]]) -> Catalogue:
        files = [(file, data) for file, data in sources if self.top_level(file, data)]
        self.order = {file: i for i, (file, _) in enumerate(sources)}
        themes = self.vocabulary(files, "themes")
        warnings = self.vocabulary(files, "warnings")
        for clash in sorted(themes.keys() & warnings.keys()):
            theme, warning = themes[clash], warnings[clash]
            if self.order[theme.file] > self.order[warning.file]:  # report the later one
                self.add(theme.file, theme.line, f"{clash!r} is both a theme and a warning "
                         f"({warning.where})", "rename one of them", f"theme {clash!r}")
            else:
                self.add(warning.file, warning.line, f"{clash!r} is both a theme "
                         f"({theme.where}) and a warning", "rename one of them")
        self.aliases(themes, warnings)
        if files and not themes:
            self.add(files[0][0], 1, "no themes are defined",
                     "add a 'themes' list (see README.md, 'The catalogue format')")
        titles = self.titles(files, themes, warnings)
        self.cross_check(titles)
        return Catalogue(
            {k: e.value for k, e in themes.items()},
            {k: e.value for k, e in warnings.items()},
            tuple(e.value for e in titles.values()),
            ", ".join(file for file, _ in sources),
        )

    def top_level(self, file: str, data: Any) -> bool:
        layout = "start from the layout in README.md: 'themes', 'warnings' and 'titles'"
        if not isinstance(data, dict) or not data:
            kind = "empty" if not data else _kind(data)
            self.add(file, _line(data) or 1, f"the catalogue is {kind}; it must be a mapping",
                     layout)
            return False
        for key in data:
            if key not in TOP_LEVEL:
                close = _close(str(key), TOP_LEVEL)
                self.add(file, _key_line(data, key), f"unknown top-level key {_short(key)}",
                         f"did you mean {close!r}?" if close else layout)
        return True

    def entries(self, file: str, data: dict, key: str, singular: str) -> list[dict]:
        """The mappings listed under `key` (empty when absent or malformed)."""
        items = data.get(key)
        if items is None:
            return []
        if not isinstance(items, list):
            self.add(file, _key_line(data, key), f"{key!r} must be a list, got {_kind(items)}",
                     f"list one {singular} per '- ' item")
            return []
        good = [item for item in items if isinstance(item, dict)]
        if len(good) != len(items):
            bad = next(item for item in items if not isinstance(item, dict))
            self.add(file, _key_line(data, key),
                     f"each of {key!r} must be a mapping, got {_kind(bad)}",
                     f"give each {singular} its fields as 'key: value' lines")
        return good

    def vocabulary(self, files: list[tuple[str, dict]], key: str) -> dict[str, _Entry]:
        singular = key[:-1]
        result: dict[str, _Entry] = {}
        for file, data in files:
            for item in self.entries(file, data, key, singular):
                f = _Fields(self, file, item, f"{singular} {item.get('id', '?')!r}")
                f.unknown(VOCABULARY_FIELDS)
                values = (f.slug("id"), f.text("name"), f.text("description"),
                          f.text_list("aliases", required=False))
                if f.failed:
                    continue
                theme_id, name, description, aliases = values
                if theme_id in result:
                    f.problem("id", f"{singular} {theme_id!r} is defined twice (first at "
                                    f"{result[theme_id].where})", "keep one definition")
                    continue
                result[theme_id] = _Entry(Theme(theme_id, name, description, tuple(aliases)),
                                          file, _line(item))
        return result

    def aliases(self, themes: dict[str, _Entry], warnings: dict[str, _Entry]) -> None:
        """Every id, name and alias must name one entry only, or lookups would guess."""
        seen: dict[str, tuple[str, _Entry]] = {}
        entries = [("theme", e) for e in themes.values()]
        entries += [("warning", e) for e in warnings.values()]
        entries.sort(key=lambda ke: self.order[ke[1].file])  # report a clash where it is added
        for kind, entry in entries:
            theme = entry.value
            for name in dict.fromkeys(re.sub(r"[\s_\-]+", "-", n.strip().casefold())
                                      for n in (theme.id, theme.name, *theme.aliases)):
                owner_name, owner = seen.setdefault(name, (f"{kind} {theme.id!r}", entry))
                if owner is not entry and not (name == theme.id == owner.value.id):
                    # (an id used by both a theme and a warning is reported by run())
                    self.add(entry.file, entry.line, f"{name!r} also names {owner_name} "
                             f"({owner.where})", "remove it from one of them",
                             f"{kind} {theme.id!r}")

    def titles(self, files: list[tuple[str, dict]], themes: dict, warnings: dict
               ) -> dict[str, _Entry]:
        result: dict[str, _Entry] = {}
        for file, data in files:
            for item in self.entries(file, data, "titles", "title"):
                title = self.title(file, item, themes, warnings)
                if title is None:
                    continue
                if title.id in result:
                    self.add(file, _line(item), f"duplicate id (first at "
                             f"{result[title.id].where})", "give each title its own id",
                             f"title {title.id!r}")
                    continue
                result[title.id] = _Entry(title, file, _line(item))
        return result

    def title(self, file: str, item: dict, themes: dict, warnings: dict) -> Title | None:
        f = _Fields(self, file, item, f"title {item.get('id', '?')!r}")
        f.unknown(TITLE_FIELDS)
        values: dict[str, Any] = {
            "id": f.slug("id"),
            "title": f.text("title"),
            "romaji": f.text("romaji", required=False) or "",
            "native": f.text("native", required=False) or "",
            "aliases": tuple(f.text_list("aliases", required=False) or ()),
            "format": f.choice("format", FORMATS),
            "year": f.integer("year", MIN_YEAR, self.max_year,
                              "the year of its first release, in digits"),
            "studio": f.text("studio", required=False) or "",
            "mal_id": f.integer("mal_id", 1, None, "the number in its MyAnimeList address",
                                required=False),
            "themes": tuple(f.ids("themes", themes, "theme", minimum=self.min_themes) or ()),
            "warnings": tuple(f.ids("warnings", warnings, "warning", minimum=0,
                                    required=False) or ()),
            "tears": f.integer("tears", 1, 5, "how hard it hits, from 1 to 5"),
            "ending": f.choice("ending", ENDINGS),
            "pitch": f.text("pitch"),
            "seed_pick": f.boolean("seed_pick"),
            "sources": tuple(f.urls("sources")),
            "related": tuple(f.text_list("related", required=False) or ()),
        }
        fmt = values["format"]
        if fmt is not None:
            wanted, unwanted = (("runtime_minutes", "episodes") if fmt == "film"
                                else ("episodes", "runtime_minutes"))
            values[wanted] = f.integer(wanted, 1, None, "a whole number")
            if unwanted in item:
                f.problem(unwanted, f"a {fmt} takes {wanted!r}, not {unwanted!r}",
                          f"remove {unwanted!r}")
            if fmt == "series":
                values["episode_minutes"] = f.integer(
                    "episode_minutes", 1, 600, "the length of one episode in minutes",
                    required=False)
            elif "episode_minutes" in item:
                f.problem("episode_minutes", "a film takes 'runtime_minutes', not "
                          "'episode_minutes'", "remove 'episode_minutes'")
        mal = next((m for m in map(_MAL_URL.match, values["sources"]) if m), None)
        if mal and values["mal_id"] and int(mal.group(1)) != values["mal_id"]:
            f.problem("mal_id", f"'mal_id' is {values['mal_id']} but its MyAnimeList source "
                                f"is anime/{mal.group(1)}", "make them agree")
        return None if f.failed else Title(**values)

    def cross_check(self, titles: dict[str, _Entry]) -> None:
        """Rules that need every title: related ids exist, English titles are unique."""
        by_name: dict[str, _Entry] = {}
        for entry in titles.values():
            title = entry.value
            subject = f"title {title.id!r}"
            for other in title.related:
                if other == title.id:
                    self.add(entry.file, entry.line, "'related' lists the title itself",
                             "remove it", subject)
                elif other not in titles:
                    close = _close(other, titles)
                    fix = f"did you mean {close!r}?" if close else "use the id of a title"
                    self.add(entry.file, entry.line, f"'related' names {other!r}, which is "
                             "not a title", fix, subject)
            # case and punctuation are ignored, word breaks are not ("Title 1 11" is not
            # "Title 11 1")
            key = re.sub(r"\W+", " ", title.title.casefold()).strip()
            first = by_name.setdefault(key, entry)
            if first is not entry:
                self.add(entry.file, entry.line, f"the title {title.title!r} is also used by "
                         f"{first.value.id!r} ({first.where})",
                         "merge the two, or tell them apart in the title", subject)


_MISSING = object()


class _Fields:
    """Typed access to one mapping's fields; problems go to the checker."""

    def __init__(self, checker: _Checker, file: str, entry: dict, subject: str) -> None:
        self.checker = checker
        self.file = file
        self.entry = entry
        self.subject = subject
        self.failed = False

    def problem(self, key: str | None, message: str, fix: str = "") -> None:
        line = _key_line(self.entry, key) if key else _line(self.entry)
        self.checker.add(self.file, line, message, fix, self.subject)
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
                close = _close(str(key), names)
                self.problem(key, f"unknown field {_short(key)}",
                             f"did you mean {close!r}?" if close else "known: " + ", ".join(names))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(key, f"{key!r} must be text, got {_kind(value)}",
                         "write plain text, in quotes if it holds ': ' or ' #'")
            return None
        value = str(value).strip()
        if not value:
            self.problem(key, f"{key!r} must not be empty", "fill it in, or leave the field out")
            return None
        return value

    def slug(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _SLUG.match(value):
            example = re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-") or "first-love"
            self.problem(key, f"{key!r} must be lowercase letters, digits and hyphens, "
                              f"got {_short(value)}", f"for example {example!r}")
            return None
        return value

    def text_list(self, key: str, required: bool = True) -> list[str] | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None if required else []
        fix = "write it as [a, b] or as one '- item' line each"
        if not isinstance(value, list):
            self.problem(key, f"{key!r} must be a list, got {_kind(value)}", fix)
            return None
        bad = [v for v in value if isinstance(v, bool) or not isinstance(v, (str, int, float))]
        if bad:
            self.problem(key, f"{key!r} must be a list of text, got {_kind(bad[0])} in it", fix)
            return None
        return [str(v) for v in value]

    def integer(self, key: str, low: int, high: int | None, what: str,
                required: bool = True) -> int | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{key!r} must be a whole number, got {_short(value)}",
                         f"give {what}")
            return None
        if value < low or (high is not None and value > high):
            allowed = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.problem(key, f"{key!r} must be {allowed}, got {_short(value)}", f"give {what}")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = self.get(key, required=False)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"{key!r} must be true or false, got {_short(value)}",
                         "write true or false")
            return False
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.get(key, required=True)
        if value is _MISSING:
            return None
        if value not in choices:
            close = _close(str(value), choices)
            allowed = ", ".join(choices)
            self.problem(key, f"{key!r} must be one of {allowed}, got {_short(value)}",
                         f"did you mean {close!r}?" if close else f"use one of {allowed}")
            return None
        return value

    def ids(self, key: str, vocabulary: dict, kind: str, minimum: int,
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
            close = _close(value, vocabulary)
            self.problem(key, f"unknown {kind} {_short(value)}",
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
                self.problem(key, f"{key!r} entry {_short(value)} is not a web address",
                             "give the full https:// address of the page you checked")
        return values


# ------------------------------------------------------------------------ loading


def check_sources(
    sources: Sequence[tuple[str, str | bytes]], *, min_themes: int = 1
) -> tuple[Catalogue, list[Problem]]:
    """Validate (file, text) pairs together; the text may be UTF-8 bytes.

    Returns the catalogue built from the valid parts and every problem found.
    Raises CatalogueError, naming each of them, when any text is not YAML at all.
    """
    parsed = []
    problems: list[Problem] = []
    unparsable: list[Problem] = []
    for file, text in sources:
        try:
            data, duplicates = parse_yaml(text, file)
        except CatalogueError as exc:
            unparsable += exc.problems
            continue
        parsed.append((file, data))
        problems += duplicates
    if unparsable:
        raise CatalogueError(unparsable)
    checker = _Checker(min_themes=min_themes)
    catalogue = checker.run(parsed)
    problems += checker.problems
    order = {file: i for i, (file, _) in enumerate(sources)}
    return catalogue, sorted(problems, key=lambda p: (order.get(p.file, 0), p.line or 0))


def check_catalogue(text: str, file: str) -> tuple[Catalogue, list[Problem]]:
    """Validate one file's text (see check_sources)."""
    return check_sources([(file, text)])


def read_sources(paths: Iterable[str | Path]) -> list[tuple[str, bytes]]:
    """(display name, UTF-8 bytes) for each path. Raises CatalogueError naming every
    file that cannot be read."""
    sources, problems = [], []
    for path in paths:
        try:
            sources.append((display_path(path), read_source(Path(path))))
        except CatalogueError as exc:
            problems += exc.problems
    if problems:
        raise CatalogueError(problems)
    return sources


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate one catalogue file (the bundled one by default).

    Raises CatalogueError listing every problem, each with file and line.
    """
    return load_catalogues([path if path is not None else paths.bundled_path()])


def load_catalogues(paths: Sequence[str | Path]) -> Catalogue:
    """Load several catalogue files as one: shared vocabulary, unique ids."""
    catalogue, problems = check_sources(read_sources(paths))
    if problems:
        raise CatalogueError(problems)
    return catalogue
