"""JSON read and written by json's own C accelerator, without importing the json package.

Importing `json` compiles seven regular expressions for its pure-Python fallbacks, about
1.2 ms of every warm run, while what a warm run reads (the index's JSON columns) and
writes (flat records) goes through json's C functions anyway: `_json`'s scanner, the one
json.loads uses, and its string encoders, the ones json.dumps uses. This module calls
those directly; anything else (an error to report, a Python without `_json`) is handed to
json itself, so every answer is json's (tests/test_jsoncodec.py checks that they agree;
see README, Performance).
"""

from collections.abc import Callable
from typing import Any

_c: Any  # CPython's accelerator: typeshed types its scanner as taking a JSONDecoder only
try:
    import _json as _c
except ImportError:  # not CPython: json's own (pure-Python) functions
    _c = None

__all__ = ["compact_encoder", "dumps", "dumps_strings", "encode_basestring",
           "encode_basestring_ascii", "loads"]


class _Decoder:
    """What json's scanner reads of the decoder it serves: json.JSONDecoder's defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"),
                      "NaN": float("nan")}.__getitem__


encode_basestring: Callable[[str], str]
encode_basestring_ascii: Callable[[str], str]
_scan: Callable[[str, int], tuple[Any, int]] | None
if _c is not None:
    encode_basestring, encode_basestring_ascii = _c.encode_basestring, _c.encode_basestring_ascii
    _scan = _c.make_scanner(_Decoder())
else:
    from json.encoder import encode_basestring, encode_basestring_ascii

    _scan = None


def loads(text: str) -> Any:
    """json.loads(text): the same value, or the same error (raised by json itself)."""
    if _scan is not None:
        try:
            value, end = _scan(text, 0)
        except (StopIteration, ValueError):
            pass  # not JSON, or not from its first character: json says why
        else:
            if end == len(text):
                return value
    import json  # what the scanner alone does not settle: whitespace around, an error

    return json.loads(text)


def dumps_strings(items: list[str]) -> str:
    """json.dumps(items) for a list of strings: the same text."""
    return "[" + ", ".join(map(encode_basestring_ascii, items)) + "]"


def compact_encoder() -> Callable[[Any], str]:
    """How the index stores a value: compact JSON with UTF-8 left as it is, json's own
    encoder (building or restamping the index, never on a warm run's way)."""
    import json

    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: Any) -> str:
    """One value as the index stores it (see compact_encoder)."""
    return compact_encoder()(value)
