"""The forms for programs: JSON (valid and nothing else on stdout) and tab-separated lines,
one record a line, with the columns each command prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .screen import _JSON_RAW, Form, View, clean

if TYPE_CHECKING:

    from ..catalogue import Title
    from ..ranking import Recommendation


TITLE_COLUMNS = (
    "id", "title", "year", "format", "episodes", "runtime_minutes", "tears", "ending",
    "themes", "warnings", "studio", "pitch",
)


LIST_COLUMNS = (*TITLE_COLUMNS, "watched", "planned")


RECOMMEND_COLUMNS = ("score", *TITLE_COLUMNS, "reasons")


WATCHED_COLUMNS = (*TITLE_COLUMNS, "added", "loved", "my_tears")


PLAN_COLUMNS = (*TITLE_COLUMNS, "added")


OFFER_COLUMNS = (*TITLE_COLUMNS, "reasons")


THEME_COLUMNS = ("kind", "id", "name", "titles", "description")


def print_json(data: Any) -> None:

    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    text = json.dumps(data, ensure_ascii=not encoding.startswith("utf"), indent=2)
    # json escapes C0 controls itself; C1 controls, bidi overrides and line separators it
    # leaves raw, so escape them too (only strings can hold them, and \uXXXX is valid there)
    if not text.isascii() or "\x7f" in text:
        text = text.translate(_JSON_RAW)
    sys.stdout.write(text + "\n")


def tsv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ",".join(clean(str(v)) for v in value)
    return clean(str(value))


def write_tsv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    write = sys.stdout.write
    for row in rows:
        write("\t".join(tsv_cell(row.get(c)) for c in columns) + "\n")


def data_modes(view: View, document: Any, rows: Iterable[dict[str, Any]], columns: Sequence[str]
                ) -> bool:
    """Print `document` as JSON or `rows` as TSV when the view asks for it; False for rich."""
    if view.form is Form.JSON:
        print_json(document)
    elif view.form is Form.PLAIN:
        write_tsv(rows, columns)
    else:
        return False
    return True


def tsv_row(title: Title, spoilers: bool, **extra: Any) -> dict[str, Any]:
    """A title's fields for a tab-separated line: spoiler themes only with `spoilers`
    (JSON keeps every theme and names the spoilers)."""
    row = title.to_dict()
    row["themes"] = list(title.shown_themes(spoilers))
    row.update(extra)
    return row


def recommend_row(rec: Recommendation, spoilers: bool) -> dict[str, Any]:
    return tsv_row(rec.title, spoilers, score=rec.score, reasons="; ".join(rec.reasons))
