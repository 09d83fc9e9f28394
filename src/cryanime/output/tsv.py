"""Tab-separated lines for programs: one record a line, with the columns each command
prints.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .screen import clean

if TYPE_CHECKING:
    from ..ranking import Recommendation
    from ..records import Title


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


def tsv_row(title: Title, spoilers: bool, **extra: Any) -> dict[str, Any]:
    """A title's fields for a tab-separated line: spoiler themes only with `spoilers`
    (JSON keeps every theme and names the spoilers)."""
    row = title.to_dict()
    row["themes"] = list(title.shown_themes(spoilers))
    row.update(extra)
    return row


def recommend_row(rec: Recommendation, spoilers: bool) -> dict[str, Any]:
    return tsv_row(rec.title, spoilers, score=rec.score, reasons="; ".join(rec.reasons))
