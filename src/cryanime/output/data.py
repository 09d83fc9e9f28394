"""The forms for programs, chosen by the view: JSON (:mod:`.jsontext`) or tab-separated
lines (:mod:`.tsv`); False for the rich forms, which each printer draws itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .jsontext import print_json
from .screen import Form, View
from .tsv import write_tsv


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
