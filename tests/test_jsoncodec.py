"""cryanime.jsoncodec reads and writes JSON through json's C accelerator without importing
json (see its docstring): every answer must be json's own."""

from __future__ import annotations

import importlib
import io
import json
import sqlite3
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cryanime import jsoncodec

SCALARS = (st.none() | st.booleans() | st.integers()
           | st.floats(allow_nan=False) | st.text())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5)
                      | st.dictionaries(st.text(), inner, max_size=5), max_leaves=20)


@pytest.fixture(params=["accelerated", "json itself"])
def codec(request, monkeypatch):
    """The module as CPython imports it, and as a Python without _json does."""
    if request.param == "accelerated":
        yield jsoncodec
        return
    monkeypatch.setitem(sys.modules, "_json", None)  # import _json now fails
    fallback = importlib.reload(jsoncodec)
    assert fallback._scan is None
    yield fallback
    monkeypatch.undo()
    importlib.reload(jsoncodec)


@given(value=VALUES, compact=st.booleans(), ascii_only=st.booleans())
def test_loads_gives_what_json_loads_gives(value, compact, ascii_only):
    text = json.dumps(value, ensure_ascii=ascii_only,
                      separators=(",", ":") if compact else None)
    assert jsoncodec.loads(text) == json.loads(text)
    assert jsoncodec.loads(f" \n{text}\t") == json.loads(f" \n{text}\t")  # json's own way


def test_loads_without_the_accelerator_too(codec):
    for text in ('[1,"a\\u00e9",null,true,2.5,{"k":[1,2]}]', ' {"a": []} ', "NaN", "-1e3"):
        assert json.dumps(codec.loads(text)) == json.dumps(json.loads(text))


@pytest.mark.parametrize("text", ["", "[1,", "[1] x", '{"a" 1}', "tru", "\x00", "[1,]"])
def test_bad_json_gets_jsons_own_error(text, codec):
    with pytest.raises(json.JSONDecodeError) as ours:
        codec.loads(text)
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    assert str(ours.value) == str(theirs.value)


def test_every_json_column_of_the_index_reads_as_json_reads_it(invoke, tmp_path):
    """The real thing: each JSON value the bundled catalogue's index stores."""
    from cryanime.index import index_file
    from cryanime.paths import bundled_file

    invoke("list", "--json")  # builds the index
    connection = sqlite3.connect(index_file([bundled_file()]))
    texts = [text for query in ("SELECT candidate FROM titles", "SELECT rest FROM titles",
                                "SELECT aliases FROM vocabulary", "SELECT value FROM meta")
             for (text,) in connection.execute(query)]
    connection.close()
    assert len(texts) > 300
    for text in texts:
        assert jsoncodec.loads(text) == json.loads(text)


@given(st.lists(st.text()))
def test_a_list_of_names_is_written_as_json_dumps_writes_it(names):
    assert jsoncodec.dumps_strings(names) == json.dumps(names)


def test_paths_with_undecodable_bytes_are_written_as_json_writes_them(codec):
    names = ["/home/x/caf\udce9/titles.yaml", "/tmp/雨.yaml", 'a"b\\c\n']  # surrogateescape
    assert codec.dumps_strings(names) == json.dumps(names)


@given(record=st.dictionaries(st.text(), SCALARS | st.lists(SCALARS, max_size=4),
                              max_size=6),
       encoding=st.sampled_from(["utf-8", "ascii"]))
def test_one_record_prints_as_json_dumps_writes_it(record, encoding):
    """print_json of one flat record (a card, a pick) takes the flat-record writer: the
    text json.dumps(indent=2) gives, with the same escapes after it."""
    from cryanime.output import jsontext

    texts = []
    for write in (jsontext.print_json, None):
        buffer = io.BytesIO()
        wrapper = io.TextIOWrapper(buffer, encoding=encoding)
        stdout, sys.stdout = sys.stdout, wrapper
        try:
            if write is None:  # the reference: json.dumps(indent=2), then the escapes
                sys.stdout.write(jsontext._json_text(record) + "\n")
            else:
                write(record)
            sys.stdout.flush()
        finally:
            sys.stdout = stdout
        texts.append(buffer.getvalue())
    assert texts[0] == texts[1]
