"""The catalogue: dataclasses, loading from YAML and validation.

Loading parses with PyYAML's C SafeLoader when it is available (the pure-Python
SafeLoader otherwise; never the unsafe loader), records the line of every key,
refuses duplicate keys, and validates into frozen dataclasses. Every problem
found becomes a :class:`Problem` with file and line; any problem at all makes
:func:`load_catalogue` raise :class:`CatalogueError` listing them.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# difflib and importlib.resources are imported where used: they cost start-up time
# (about 8 and 12 ms) that --help, completion and most commands never need.
from .errors import (
    AmbiguousTitleError,
    CatalogueError,
    Problem,
    TitleNotFoundError,
    UnknownThemeError,
)

FORMATS = ("film", "series")
ENDINGS = ("hopeful", "bittersweet", "devastating")
MIN_YEAR = 1917  # the oldest surviving Japanese animation
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Theme:
    """One entry of the theme (or warning) vocabulary."""

    id: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Title:
    """One anime in the catalogue."""

    id: str
    title: str
    format: str
    year: int
    themes: tuple[str, ...]
    tears: int
    ending: str
    pitch: str
    romaji: str = ""
    native: str = ""
    aliases: tuple[str, ...] = ()
    episodes: int | None = None
    runtime_minutes: int | None = None
    studio: str = ""
    mal_id: int | None = None
    warnings: tuple[str, ...] = ()
    seed_pick: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a person might type for this title."""
        return tuple(n for n in (self.title, self.romaji, self.native, *self.aliases, self.id) if n)

    def to_dict(self) -> dict[str, Any]:
        """The title as JSON-ready data, with the catalogue's own field names."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "romaji": self.romaji,
            "native": self.native,
            "aliases": list(self.aliases),
            "format": self.format,
            "year": self.year,
        }
        if self.format == "film":
            data["runtime_minutes"] = self.runtime_minutes
        else:
            data["episodes"] = self.episodes
        data.update(
            studio=self.studio,
            mal_id=self.mal_id,
            themes=list(self.themes),
            warnings=list(self.warnings),
            tears=self.tears,
            ending=self.ending,
            pitch=self.pitch,
            seed_pick=self.seed_pick,
        )
        return data


def normalise(text: str) -> str:
    """Fold case, width and punctuation: 'Steins;Gate' and 'steins gate' are equal."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _theme_key(text: str) -> str:
    """How a theme is looked up: 'First_Love', 'first love' and 'first-love' are equal."""
    return re.sub(r"[\s_\-]+", "-", text.strip().casefold())


@dataclass(frozen=True)
class Catalogue:
    """The themes, warnings and titles, validated."""

    themes: Mapping[str, Theme]
    warnings: Mapping[str, Theme]
    titles: tuple[Title, ...]
    source: str = ""
    _lookup: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for vocabulary in (self.warnings, self.themes):  # themes win a clash
            for theme in vocabulary.values():
                for name in (theme.id, theme.name, *theme.aliases):
                    self._lookup[_theme_key(name)] = theme.id

    def theme_name(self, theme_id: str) -> str:
        entry = self.themes.get(theme_id) or self.warnings.get(theme_id)
        return entry.name if entry else theme_id

    def resolve_theme(self, text: str, *, warnings: bool = False) -> str:
        """The id of the theme `text` names (by id, name or alias, any case).

        With ``warnings=True`` content warnings are accepted too. Raises
        UnknownThemeError with close matches as suggestions.
        """
        import difflib

        key = _theme_key(text)
        theme_id = self._lookup.get(key)
        allowed = self.themes.keys() | (self.warnings.keys() if warnings else set())
        if theme_id in allowed:
            return theme_id
        if theme_id in self.warnings:
            hint = (f"{theme_id!r} is a content warning, not a theme; "
                    f"to leave such titles out, use --without {theme_id}.")
            raise UnknownThemeError(text, [], "theme", hint)
        candidates = {
            name: entry.id
            for vocabulary in ((self.themes, self.warnings) if warnings else (self.themes,))
            for entry in vocabulary.values()
            for name in (entry.id, _theme_key(entry.name), *map(_theme_key, entry.aliases))
        }
        close = difflib.get_close_matches(key, list(candidates), n=5, cutoff=0.6)
        suggestions = list(dict.fromkeys(candidates[c] for c in close))[:3]
        raise UnknownThemeError(text, suggestions, "theme or warning" if warnings else "theme")

    def theme_counts(self) -> dict[str, int]:
        """How many titles carry each theme (and each warning)."""
        counts = dict.fromkeys([*self.themes, *self.warnings], 0)
        for title in self.titles:
            for theme_id in {*title.themes, *title.warnings}:
                counts[theme_id] = counts.get(theme_id, 0) + 1
        return counts

    def get(self, title_id: str) -> Title | None:
        return next((t for t in self.titles if t.id == title_id), None)

    def find_title(self, query: str) -> Title:
        """The one title `query` means.

        An exact match on title, romaji, native title, alias or id (ignoring case,
        punctuation and spacing) wins; then a unique substring match; then a fuzzy
        match that is clearly better than the next. Raises AmbiguousTitleError when
        several titles fit about equally, TitleNotFoundError when none is close.
        """
        key = normalise(query)
        if not key:
            raise TitleNotFoundError(query, [])
        exact = [t for t in self.titles if key in {normalise(n) for n in t.names}]
        if len(exact) == 1:
            return exact[0]
        if exact:
            raise AmbiguousTitleError(query, [t.title for t in exact])

        partial = [t for t in self.titles if any(key in normalise(n) for n in t.names)]
        if len(partial) == 1:
            return partial[0]
        if partial:
            raise AmbiguousTitleError(query, [t.title for t in partial][:8])

        scored = sorted(
            ((_similarity(key, t), t) for t in self.titles), key=lambda st: (-st[0], st[1].title)
        )
        if not scored or scored[0][0] < 0.7:
            floor = max(0.4, scored[0][0] - 0.1) if scored else 1.0
            near = [t.title for score, t in scored[:3] if score >= floor]
            raise TitleNotFoundError(query, near)
        best_score, best = scored[0]
        close = [t for s, t in scored if best_score - s < 0.08]
        if len(close) > 1:
            raise AmbiguousTitleError(query, [t.title for t in close][:8])
        return best


def _similarity(key: str, title: Title) -> float:
    import difflib

    return max(difflib.SequenceMatcher(None, key, normalise(n)).ratio() for n in title.names)


# --------------------------------------------------------------------------- YAML


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


@functools.cache
def _loader_class() -> type:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        problems: list[tuple[int, str]]

    def construct_mapping(loader: Any, node: Any) -> Any:
        data = _Mapping()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        yield data
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                duplicate = key in data
            except TypeError:  # an unhashable key, e.g. a list
                loader.problems.append((line, "a mapping key must be a plain value"))
                continue
            if duplicate:
                loader.problems.append(
                    (line, f"duplicate key {key!r} (first at line {data.key_lines[key]})")
                )
                continue
            data[key] = loader.construct_object(value_node, deep=True)
            data.key_lines[key] = line

    Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    return Loader


def parse_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse `text`; returns the data and the duplicate-key problems found."""
    import yaml

    loader = _loader_class()(text)
    loader.problems = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise CatalogueError([Problem(file, line, f"not valid YAML: {reason}")]) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters
        in_bytes = isinstance(loader, getattr(yaml, "CSafeLoader", ()))
        before = text.encode()[: exc.position].decode(errors="ignore") if in_bytes else text
        line = before[: len(before) if in_bytes else exc.position].count("\n") + 1
        message = (f"not valid YAML: control character #x{exc.character:04x} is not allowed; "
                   "remove it, or write it as an escape inside double quotes")
        raise CatalogueError([Problem(file, line, message)]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([Problem(file, None, f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return data, [Problem(file, line, message) for line, message in loader.problems]


# --------------------------------------------------------------------- validation


class _Checker:
    """Validates the parsed YAML of one file, collecting every problem."""

    def __init__(self, file: str, *, min_themes: int = 1) -> None:
        self.file = file
        self.min_themes = min_themes
        self.problems: list[Problem] = []

    def add(self, line: int | None, message: str, subject: str = "") -> None:
        self.problems.append(Problem(self.file, line, message, subject))

    def catalogue(self, data: Any) -> Catalogue:
        if not isinstance(data, dict):
            kind = "empty" if data is None else f"a {_kind(data)}"
            self.add(1, f"the catalogue is {kind}; it must be a mapping with "
                        "'themes', 'warnings' and 'titles'")
            return Catalogue({}, {}, (), self.file)
        line = _line(data) or 1
        for key in data:
            if key not in ("themes", "warnings", "titles"):
                self.add(_key_line(data, key), f"unknown top-level key {key!r}; "
                                                 "expected 'themes', 'warnings' and 'titles'")
        themes = self.vocabulary(data, "themes", line)
        warnings = self.vocabulary(data, "warnings", line, required=False)
        for clash in themes.keys() & warnings.keys():
            self.add(None, f"{clash!r} is both a theme and a warning; rename one")
        titles = self.titles(data, themes, warnings, line)
        return Catalogue(themes, warnings, tuple(titles), self.file)

    def vocabulary(self, data: dict, key: str, line: int, required: bool = True) -> dict:
        singular = key[:-1]
        entries = data.get(key)
        if entries is None:
            if required:
                self.add(line, f"missing {key!r}: add a list of {key}")
            return {}
        if not isinstance(entries, list):
            self.add(_key_line(data, key), f"{key!r} must be a list, got {_kind(entries)}")
            return {}
        result: dict[str, Theme] = {}
        for entry in entries:
            if not isinstance(entry, dict):
                self.add(_key_line(data, key), f"each of {key!r} must be a mapping, "
                                                f"got {_kind(entry)}")
                continue
            fields = _Fields(self, entry, f"{singular} {entry.get('id', '?')!r}")
            fields.unknown({"id", "name", "description", "aliases"})
            theme_id = fields.slug("id")
            name = fields.text("name")
            description = fields.text("description")
            aliases = fields.text_list("aliases", required=False)
            if theme_id is None or name is None or description is None or aliases is None:
                continue
            if theme_id in result:
                self.add(_line(entry), f"duplicate {singular} id {theme_id!r}",
                         f"{singular} {theme_id!r}")
                continue
            result[theme_id] = Theme(theme_id, name, description, tuple(aliases))
        return result

    def titles(self, data: dict, themes: dict, warnings: dict, line: int) -> list[Title]:
        entries = data.get("titles")
        if entries is None:
            self.add(line, "missing 'titles': add a list of titles")
            return []
        if not isinstance(entries, list):
            self.add(_key_line(data, "titles"), f"'titles' must be a list, got {_kind(entries)}")
            return []
        seen: dict[str, int] = {}
        result = []
        for entry in entries:
            if not isinstance(entry, dict):
                self.add(_key_line(data, "titles"),
                         f"each title must be a mapping, got {_kind(entry)}")
                continue
            title = self.title(entry, themes, warnings)
            if title is None:
                continue
            if title.id in seen:
                self.add(_line(entry), f"duplicate id (first at line {seen[title.id]}); "
                                     "give each title its own id", f"title {title.id!r}")
                continue
            seen[title.id] = _line(entry) or 0
            result.append(title)
        return result

    def title(self, entry: dict, themes: dict, warnings: dict) -> Title | None:
        f = _Fields(self, entry, f"title {entry.get('id', '?')!r}")
        f.unknown(set(Title.__dataclass_fields__))
        values = {
            "id": f.slug("id"),
            "title": f.text("title"),
            "romaji": f.text("romaji", required=False),
            "native": f.text("native", required=False),
            "aliases": f.text_list("aliases", required=False),
            "format": f.choice("format", FORMATS),
            "year": f.integer("year", MIN_YEAR, datetime.date.today().year + 1),
            "studio": f.text("studio", required=False),
            "mal_id": f.integer("mal_id", 1, None, required=False),
            "themes": f.ids("themes", themes, "theme", minimum=self.min_themes),
            "warnings": f.ids("warnings", warnings, "warning", minimum=0, required=False),
            "tears": f.integer("tears", 1, 5),
            "ending": f.choice("ending", ENDINGS),
            "pitch": f.text("pitch"),
            "seed_pick": f.boolean("seed_pick"),
        }
        fmt = values["format"]
        wanted, unwanted = (
            ("runtime_minutes", "episodes") if fmt == "film" else ("episodes", "runtime_minutes")
        )
        if fmt is not None:
            values[wanted] = f.integer(wanted, 1, None)
            if unwanted in entry:
                f.problem(unwanted, f"a {fmt} takes {wanted!r}, not {unwanted!r}")
        if f.failed:
            return None
        for key in ("romaji", "native", "studio"):
            values[key] = values[key] or ""
        values["aliases"] = tuple(values["aliases"] or ())
        values["warnings"] = tuple(values["warnings"] or ())
        values["themes"] = tuple(values["themes"])
        return Title(**values)


_MISSING = object()


class _Fields:
    """Typed access to one mapping's fields; problems go to the checker."""

    def __init__(self, checker: _Checker, entry: dict, subject: str) -> None:
        self.checker = checker
        self.entry = entry
        self.subject = subject
        self.failed = False

    def problem(self, key: str | None, message: str) -> None:
        line = _key_line(self.entry, key) if key else _line(self.entry)
        self.checker.add(line, message, self.subject)
        self.failed = True

    def get(self, key: str, required: bool) -> Any:
        value = self.entry.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.problem(None, f"missing required field {key!r}")
            return _MISSING
        return value

    def unknown(self, known: Iterable[str]) -> None:
        import difflib

        known = sorted(k for k in known if not k.startswith("_"))
        for key in self.entry:
            if key not in known:
                hint = difflib.get_close_matches(str(key), known, n=1)
                fix = f"; did you mean {hint[0]!r}?" if hint else "; known: " + ", ".join(known)
                self.problem(key, f"unknown field {key!r}{fix}")

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(key, f"{key!r} must be text, got {_kind(value)}")
            return None
        value = str(value).strip()
        if not value:
            self.problem(key, f"{key!r} must not be empty")
            return None
        return value

    def slug(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not _SLUG.match(value):
            self.problem(key, f"{key!r} must be lowercase letters, digits and hyphens "
                              f"(like 'first-love'), got {value!r}")
            return None
        return value

    def text_list(self, key: str, required: bool = True) -> list[str] | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None if required else []
        if not isinstance(value, list):
            self.problem(key, f"{key!r} must be a list, got {_kind(value)}")
            return None
        bad = [v for v in value if isinstance(v, bool) or not isinstance(v, (str, int, float))]
        if bad:
            self.problem(key, f"{key!r} must be a list of text, got {_kind(bad[0])} in it")
            return None
        return [str(v) for v in value]

    def integer(self, key: str, low: int, high: int | None, required: bool = True) -> int | None:
        value = self.get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{key!r} must be a whole number, got {value!r}")
            return None
        if value < low or (high is not None and value > high):
            allowed = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.problem(key, f"{key!r} must be {allowed}, got {value}")
            return None
        return value

    def boolean(self, key: str) -> bool:
        value = self.get(key, required=False)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"{key!r} must be true or false, got {value!r}")
            return False
        return value

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.get(key, required=True)
        if value is _MISSING:
            return None
        if value not in choices:
            self.problem(key, f"{key!r} must be one of {', '.join(choices)}, got {value!r}")
            return None
        return value

    def ids(self, key: str, vocabulary: dict, kind: str, minimum: int,
            required: bool = True) -> list[str] | None:
        values = self.text_list(key, required)
        if values is None:
            return None
        if len(values) < minimum:
            self.problem(key, f"{key!r} needs at least {minimum} {kind}"
                              f"{'s' if minimum > 1 else ''}, got {len(values)}")
            return None
        import difflib

        ok = True
        for value in values:
            if value not in vocabulary:
                close = difflib.get_close_matches(value, list(vocabulary), n=1)
                fix = f"; did you mean {close[0]!r}?" if close else f"; add it to {kind}s first"
                self.problem(key, f"unknown {kind} {value!r}{fix}")
                ok = False
        if len(set(values)) != len(values):
            self.problem(key, f"{key!r} lists the same {kind} twice")
            ok = False
        return values if ok else None


def _key_line(mapping: Any, key: Any) -> int | None:
    lines = getattr(mapping, "key_lines", {})
    return lines.get(key, _line(mapping))


def _line(mapping: Any) -> int | None:
    return getattr(mapping, "line", None)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "mapping", _Mapping: "mapping", list: "list", str: "text", bool: "true/false",
        int: "number", float: "number",
    }.get(type(value), type(value).__name__)


# ------------------------------------------------------------------------ loading


def bundled_path() -> Path:
    """Where the bundled catalogue is: inside the installed package, or (for an
    editable install or a checkout) at the repository root."""
    from importlib import resources

    packaged = resources.files("cryanime").joinpath("data", "titles.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / "titles.yaml"


def read_catalogue_text(path: Path) -> str:
    display = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueError([Problem(display, None, "file not found")]) from None
    except IsADirectoryError:
        raise CatalogueError([Problem(display, None, "is a directory, not a file")]) from None
    except PermissionError:
        raise CatalogueError(
            [Problem(display, None, "cannot be read: permission denied; check its permissions")]
        ) from None
    except OSError as exc:
        raise CatalogueError([Problem(display, None, f"cannot be read: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueError(
            [Problem(display, line, "not UTF-8 text; save the file as UTF-8")]
        ) from None


def check_catalogue(
    text: str, file: str, *, min_themes: int = 1
) -> tuple[Catalogue, list[Problem]]:
    """Parse and validate; returns the catalogue built from the valid parts and
    every problem found (duplicate keys included)."""
    data, problems = parse_yaml(text, file)
    checker = _Checker(file, min_themes=min_themes)
    catalogue = checker.catalogue(data)
    return catalogue, sorted(problems + checker.problems, key=lambda p: p.line or 0)


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue file (the bundled one by default).

    Raises CatalogueError listing every problem, each with file and line.
    """
    path = Path(path) if path is not None else bundled_path()
    catalogue, problems = check_catalogue(read_catalogue_text(path), str(path))
    if problems:
        raise CatalogueError(problems)
    return catalogue
