"""Reading catalogue files: bytes checked as UTF-8, then YAML with lines.

Files are parsed with PyYAML's C SafeLoader when it is available (the pure-Python
SafeLoader otherwise; never the unsafe loader). The data is built straight from the
parser's events (_from_events), recording the line of every mapping and key and refusing
duplicate keys; what only PyYAML's composed nodes build (anchors, aliases, tags, merge
keys) is built by a walk over those nodes (_Builder), which is the reference the event
walk is tested against. Nothing here knows what a catalogue holds: that is
:mod:`cryanime.validation`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import CatalogueError, Problem
from .files import FileProblem, read_regular

__all__ = ["display_path", "key_line_of", "line_of", "parse_yaml", "read_source"]


def display_path(path: str | os.PathLike[str]) -> str:
    """`path` relative to the working directory when it lies below it."""
    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive, on Windows
        return text
    return text if relative.startswith("..") else relative


def line_of(node: Any) -> int | None:
    """The line a parsed mapping starts on (None for anything else)."""
    return getattr(node, "line", None)


def key_line_of(mapping: Any, key: Any) -> int | None:
    """The line of `key` in a parsed mapping (its own line when the key is absent)."""
    return mapping.key_line(key) if isinstance(mapping, _Mapping) else None


class _Mapping(dict[Any, Any]):
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


_MAP, _SEQ, _STR, _MERGE, _VALUE = (f"tag:yaml.org,2002:{kind}"
                                    for kind in ("map", "seq", "str", "merge", "value"))


@functools.cache
def _loader_class() -> type:
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
    own = sum(k.tag != _MERGE for k, _ in node.value)
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


class _Unusual(Exception):
    """What only the composed nodes build (see _from_events)."""


DEEPEST = 64  # levels the event walk builds; deeper goes to the node walk (and its error)
_NOT_YET = object()  # a mapping waiting for its next key


def _from_events(loader: Any) -> Any:
    """The data of the single document, built straight from the parser's events, with the
    lines and duplicate-key problems the node walk (_Builder) records, and the same data
    and problems. It never holds a node tree: the composed nodes of a 1,000-title file take
    more memory than its data, and composing them a third more time than the events.

    Raises _Unusual at anything the node walk does differently: an anchor, an alias, a
    tag, a merge key, a key that is not a scalar, a scalar PyYAML cannot construct, deep
    nesting, a second document. Callers then parse again with the node walk.
    """
    resolvers = loader.yaml_implicit_resolvers
    if None in resolvers:  # a wildcard resolver: every plain scalar needs resolving
        raise _Unusual
    special = frozenset(resolvers)  # first letters that a non-text plain scalar starts with
    get, resolve, construct = loader.get_event, loader.resolve, loader.construct_object
    problems = loader.problems
    resolved: dict[str, str] = {}  # a plain scalar's text -> its tag
    made: dict[str, Any] = {}  # and -> its value, when that is not text
    get()  # the stream's start
    if type(get()) is StreamEndEvent:  # no document: what get_single_node gives
        return None
    root: list[Any] = []
    data: Any = root  # the collection being built, and what it waits for:
    in_mapping, key, key_line, dropped = False, _NOT_YET, 0, -1  # dropped: a duplicate's
    stack: list[tuple[Any, bool, Any, int, int]] = []
    push, pop = stack.append, stack.pop
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value = event.value
            if value[:1] in special and event.implicit[0]:
                # a plain scalar's tag depends on its text alone, and so does the
                # (immutable) value made of it: each is worked out once a file
                tag = resolved.get(value)
                if tag is None:
                    tag = resolved[value] = resolve(ScalarNode, value, event.implicit)
                if tag != _STR:
                    if tag in (_MERGE, _VALUE):
                        raise _Unusual
                    known = made.get(value, made)
                    if known is made:
                        try:
                            known = made[value] = construct(
                                ScalarNode(tag, value, event.start_mark, event.end_mark))
                        except Exception:  # let the node walk meet it, where it would
                            raise _Unusual from None
                    value = known
            if in_mapping and key is _NOT_YET:
                key, key_line = value, event.start_mark.line + 1
                if key in data:  # told now; its value is built but dropped, as unread
                    problems.append((key_line, f"duplicate key {key!r} (first at line "
                                               f"{data.key_line(key)})", "keep only one of them"))
                    dropped = len(problems)
                continue
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if (event.anchor is not None or event.tag is not None
                    or (in_mapping and key is _NOT_YET) or len(stack) >= DEEPEST):
                raise _Unusual
            push((data, in_mapping, key, key_line, dropped))
            dropped = -1
            if kind is MappingStartEvent:
                data, in_mapping, key = _Mapping(), True, _NOT_YET
                data.line = event.start_mark.line + 1
            else:
                data, in_mapping = [], False
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = data
            data, in_mapping, key, key_line, dropped = pop()
        else:  # an alias
            raise _Unusual
        if not in_mapping:
            data.append(value)
            if data is root:
                break
        elif dropped >= 0:  # a duplicate's value: what was found inside it goes too
            del problems[dropped:]
            key, dropped = _NOT_YET, -1
        else:
            data[key] = value
            data.key_lines.append(key_line)
            key = _NOT_YET
    get()  # the document's end
    if type(get()) is not StreamEndEvent:  # a second document: the node walk says so
        raise _Unusual
    return root[0]


# progress(what, done, total): called now and then during long work (see indexed.load_indexed)
Progress = Callable[[str, int, int], None]


class _Reading:
    """UTF-8 bytes handed to the parser a piece at a time, saying how far it has read."""

    def __init__(self, data: bytes, what: str, progress: Progress) -> None:
        self.data, self.what, self.progress, self.at = data, what, progress, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.at + size
        piece = self.data[self.at:end]
        self.at += len(piece)
        self.progress(self.what, self.at, len(self.data))
        return piece


def parse_yaml(source: str | bytes, file: str, progress: Progress | None = None
               ) -> tuple[Any, list[Problem]]:
    """Parse `source` (text, or UTF-8 bytes): the data and the duplicate-key problems found.
    With `progress`, it is told how much of the bytes the parser has read.

    Raises CatalogueError when the text is not YAML at all.
    """
    try:
        return _parse(source, file, progress, events=True)
    except _Unusual:  # anchors, tags, merge keys...: PyYAML's own nodes build those
        return _parse(source, file, progress, events=False)


def _parse(source: str | bytes, file: str, progress: Progress | None, *, events: bool
           ) -> tuple[Any, list[Problem]]:
    """parse_yaml, building the data from the parser's events (which raises _Unusual
    where only the composed nodes will do) or from the composed nodes (the reference)."""
    stream: Any = source
    if progress is not None and isinstance(source, bytes):
        stream = _Reading(source, f"reading {os.path.basename(file)}", progress)
    loader = None
    fix = "check the indentation and quoting on and just before this line"
    try:
        # (the pure-Python reader checks a text's characters as it is made)
        loader = _loader_class()(stream)
        loader.problems = []
        if events:
            data = _from_events(loader)
        else:
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
        at: int | None = mark.line + 1 if mark else None
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        text = source.decode() if isinstance(source, bytes) else source
        lines = text.splitlines()
        text_line = lines[at - 1] if at and at <= len(lines) else ""
        if "\t" in text_line[: len(text_line) - len(text_line.lstrip())]:
            reason, fix = "a tab in the indentation", "indent with spaces; YAML does not allow tabs"
        elif isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(exc.problem):
            fix = "remove the '!!' tag: a catalogue holds only text, numbers, lists and mappings"
        raise CatalogueError([Problem(file, at, f"not valid YAML: {reason}", fix=fix)]) from None
    except yaml.YAMLError as exc:
        raise CatalogueError([Problem(file, None, f"not valid YAML: {exc}", fix=fix)]) from None
    except RecursionError:
        raise CatalogueError([Problem(file, None, "not usable: nested too deeply",
                                      fix="a catalogue needs only a few levels")]) from None
    except ValueError:  # an integer with more digits than Python will convert
        text = source.decode() if isinstance(source, bytes) else source
        long_number = re.search(r"\d{4000,}", text)
        where = text.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise CatalogueError([Problem(file, where, "not usable: a number far too long",
                                      fix="give a number of a few digits")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, [Problem(file, line, message, fix=fix) for line, message, fix in loader.problems]


CATALOGUE_LIMIT = 256 * 2**20  # far beyond the 50,000-title benchmark catalogue


def read_source(path: str | os.PathLike[str], limit: int = CATALOGUE_LIMIT,
                what: str = "a catalogue .yaml file") -> bytes:
    """The file's bytes, checked to be UTF-8 text (the YAML parser reads the bytes: that
    saves holding a decoded copy). Only a regular file of at most `limit` bytes is read
    (never a FIFO or a device). Raises CatalogueError when it cannot be read as UTF-8."""

    file = display_path(path)

    def fail(message: str, fix: str, line: int | None = None) -> CatalogueError:
        return CatalogueError([Problem(file, line, message, fix=fix)])

    try:
        raw = read_regular(os.fspath(path), limit=limit, what=what)
    except FileNotFoundError:
        raise fail("file not found", "check the path") from None
    except FileProblem as exc:
        raise fail(exc.message, exc.fix) from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail("not UTF-8 text", "save the file as UTF-8", line) from None
    return raw
