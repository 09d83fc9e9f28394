"""The YAML reader builds a file's data straight from the parser's events; the walk over
PyYAML's composed nodes is the reference it must agree with: the same data, the same line
of every mapping and key, the same duplicate-key problems, the same errors."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cryanime import CatalogueError, yamlfile
from cryanime.paths import bundled_path


@pytest.fixture(autouse=True, params=["libyaml", "pure Python"])
def parser(request, monkeypatch):
    """Every test with PyYAML's C parser and with its pure-Python one (what a PyYAML
    without libyaml has)."""
    if request.param == "pure Python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    yamlfile._loader_class.cache_clear()
    yield request.param
    yamlfile._loader_class.cache_clear()


def _shape(data):
    """Data with every line the reader records, scalars by type and repr (NaN included)."""
    if isinstance(data, dict):
        return ("map", yamlfile.line_of(data),
                [(_shape(k), yamlfile.key_line_of(data, k), _shape(v)) for k, v in data.items()])
    if isinstance(data, list):
        return ("seq", [_shape(item) for item in data])
    return (type(data).__name__, repr(data))


def outcome(text, *, events=True):
    try:
        if events:
            data, problems = yamlfile.parse_yaml(text, "t.yaml")
        else:
            data, problems = yamlfile._parse(text, "t.yaml", None, events=False)
    except CatalogueError as exc:
        return ("error", exc.problems)
    return ("data", _shape(data), problems)


# scalars of every kind the resolver tells apart (some PyYAML cannot construct, some too
# long), keys repeated; then what only the node walk builds
PLAIN = ["a", "b", "Clannad", "yes", "No", "on", "1", "-2", "0x1f", "0o17", "1_000", "1.5",
         ".nan", "-.inf", "~", "null", "", "'q'", '"x y"', "'yes'", "2024-01-02",
         "2024-01-02 10:00:00", "2024-13-45", "9" * 5000, "|\n  block", "'it''s'"]
PLAIN_KEYS = ["a", "b", "a", "yes", "1", "~", "''", "1.0", "true", ".nan", "1_0", "10"]
UNUSUAL = ["<<", "=", "!!str 1", "!x y", "&a x", "*a", "! z"]
UNUSUAL_KEYS = ["<<", "=", "[1]", "{c: 1}", "? x", "&k a", "*a"]


def flow(scalars, keys):
    return st.recursive(
        st.sampled_from(scalars),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(st.tuples(st.sampled_from(keys), inner), max_size=4).map(
                lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"),
        ),
        max_leaves=12,
    )


@st.composite
def block(draw, scalars, keys, depth=0):
    """A block mapping or sequence, as a catalogue file is written, with flow values."""
    lines = []
    pad = "  " * depth
    sequence = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        lead = f"{pad}- " if sequence else f"{pad}{draw(st.sampled_from(keys))}: "
        if depth < 3 and draw(st.booleans()):
            lines.append(lead.rstrip())
            lines.append(draw(block(scalars, keys, depth + 1)))
        else:
            lines.append(lead + draw(flow(scalars, keys)))
    return "\n".join(lines)


def documents(scalars, keys, after=("", "\n", "\n...\n")):
    return st.tuples(st.sampled_from(["", "---\n", "%YAML 1.1\n---\n"]),
                     block(scalars, keys), st.sampled_from(after)).map("".join)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          max_examples=100)
@given(documents(PLAIN, PLAIN_KEYS))
def test_the_event_walk_agrees_with_the_node_walk(text):
    assert outcome(text) == outcome(text, events=False)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          max_examples=100)
@given(documents(PLAIN + UNUSUAL, PLAIN_KEYS + UNUSUAL_KEYS,
                 after=("", "\n---\nmore: 1\n", "\n- x\n", "\n: y\n")))
def test_what_only_nodes_build_reads_the_same_too(text):
    assert outcome(text) == outcome(text, events=False)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          max_examples=100)
@given(st.one_of(flow(PLAIN + UNUSUAL, PLAIN_KEYS + UNUSUAL_KEYS), st.text(max_size=80)))
def test_any_text_reads_the_same_either_way(text):
    assert outcome(text) == outcome(text, events=False)


@pytest.mark.parametrize("text", ["a: b\x1f\n", "\x1f", "x: 1\ny: [\x07]\n"])
def test_a_control_character_is_a_problem_with_its_line(text):
    """Either parser: a control character is a CatalogueError naming its line, never
    PyYAML's own exception (the pure-Python reader raises it as it is made)."""
    with pytest.raises(CatalogueError, match="control character") as info:
        yamlfile.parse_yaml(text, "t.yaml")
    assert info.value.problems[0].line == text.count("\n", 0, text.index(
        next(c for c in text if c < " " and c != "\n"))) + 1


@pytest.mark.parametrize("text, line", [
    ("a: 1\nb: 2\na: 3\n", 3),
    ("x:\n  y: 1\n  y: {z: 1, z: 2}\n", 3),   # the dropped value's own duplicate goes too
    ("- {q: 1, q: 2}\n- {q: 1}\n", 1),
])
def test_a_duplicate_key_is_told_once_with_its_line(text, line):
    _, problems = yamlfile.parse_yaml(text, "t.yaml")
    assert [p.line for p in problems] == [line]
    assert outcome(text) == outcome(text, events=False)


def test_a_plain_catalogue_is_read_without_composing_nodes(monkeypatch):
    """The bundled catalogue (anchors and tags aside, as every catalogue) is built from
    events alone: no node tree is composed, so the memory it would take is never taken."""
    def composed(*args, **kwargs):
        raise AssertionError("composed the node tree")

    monkeypatch.setattr(yamlfile._Builder, "build", composed)
    raw = bundled_path().read_bytes()
    data, problems = yamlfile.parse_yaml(raw, "titles.yaml")
    assert problems == [] and len(data["titles"]) > 100


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                         # anchors and aliases
    "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",  # a merge key
    "s: !!set {a, b}\n",                        # a tag
    "? [1, 2]\n: pair\n",                        # a key that is not a scalar
    "a: " + "[" * (yamlfile.DEEPEST + 2) + "]" * (yamlfile.DEEPEST + 2) + "\n",
])
def test_what_events_cannot_build_goes_to_the_node_walk(text):
    assert outcome(text) == outcome(text, events=False)
