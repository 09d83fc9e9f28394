"""A title's fields are declared once (cryanime.title_fields); both record types are
generated from that declaration, and the index's codec follows it."""

from __future__ import annotations

import json

from cryanime.records import (
    REST_FIELDS,
    TUPLE_FIELDS,
    Candidate,
    Title,
    candidate_from,
    title_from,
)
from cryanime.title_fields import FIELDS, GENERATED, NAMES, source


def test_the_generated_records_are_what_the_declaration_gives():
    """title_records.py is written by `python -m cryanime.title_fields`: edited by hand,
    or left behind after FIELDS changed, it fails here."""
    assert GENERATED.read_text(encoding="utf-8") == source(), (
        "src/cryanime/title_records.py is out of date: run python -m cryanime.title_fields")


def test_title_has_every_declared_field_and_candidate_the_query_ones_then_names():
    assert Title._fields == tuple(f.name for f in FIELDS)
    assert Candidate._fields == (*(f.name for f in FIELDS if f.query), NAMES.name)
    required = [f.name for f in FIELDS if f.default is None]
    assert [name for name in Title._fields if name not in Title._field_defaults] == required
    assert Candidate._field_defaults == {}  # the query side is always read whole


def test_a_declared_tuple_field_is_a_tuple_after_the_index_codec():
    """The index stores a Candidate and the rest of a Title as JSON arrays; the codec
    gives tuples back for exactly the fields declared as tuples."""
    assert {f.name for f in (*FIELDS, NAMES) if f.type.startswith("tuple")} == TUPLE_FIELDS
    title = Title(id="x", title="X", format="series", year=2001, themes=("grief",), tears=4,
                  ending="hopeful", pitch="p", aliases=("Ex",), episodes=12,
                  warnings=("gore",), related=("y",), genres=("Drama",), similar=("z",))
    candidate = Candidate.of(title)
    rest = [getattr(title, name) for name in REST_FIELDS]
    back = title_from(candidate_from(json.loads(json.dumps(candidate))),
                      json.loads(json.dumps(rest)))
    assert back == title and type(back) is Title
    assert candidate_from(json.loads(json.dumps(candidate))) == candidate
    assert candidate.names == ("X", "Ex", "x")


def test_records_keep_their_methods_and_stay_tuples():
    title = Title(id="x", title="X", format="film", year=2001, themes=("grief", "war"),
                  tears=4, ending="hopeful", pitch="p", runtime_minutes=90,
                  spoiler_themes=("war",))
    assert title.total_minutes == 90 and title.shown_themes() == ("grief",)
    assert isinstance(title, tuple) and title._replace(year=2002).year == 2002
    assert type(title._replace(year=2002)) is Title
    assert not hasattr(title, "__dict__")  # slots: as light as a plain NamedTuple
