"""Everything that touches the terminal, one module per form: how this invocation shows
things (:mod:`.screen`: the View chosen once, the console, the pager), JSON
(:mod:`.jsontext`) and tab-separated lines (:mod:`.tsv`), which :mod:`.data` picks
between, the tables of titles (:mod:`.table`, with the list table drawn by :mod:`.grid`),
and cards (:mod:`.card`). Each is handed prepared data (:mod:`cryanime.shown`), never the
catalogue.

The CLI chooses how to show things once per invocation, as a :class:`View`: its
:class:`Form` and the choices that go with it (spoiler themes, the pager). Every
``print_*`` function takes the view.

* ``Form.JSON``  -- ``--json``: JSON and nothing else on stdout, never coloured.
* ``Form.PLAIN`` -- stdout is not a terminal (by rich's rules, so FORCE_COLOR forces
  a terminal) or ``--plain``: tab-separated lines, one record a line.
* ``Form.RICH``  -- a terminal: tables and panels, through a pager when taller than
  the screen (only when stdout really is a terminal), in a compact layout when the
  terminal is too narrow for a table.

rich is imported only by the functions that draw with it, so ``--json`` and
shell completion never pay for it. Catalogue text never reaches rich as markup
(it goes in as ``Text``), and control characters are made visible first.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Each name is imported from its module when first used (PEP 562), so a command imports
# only the forms it prints: `random --json` never loads the tables (tests/test_guards.py).
_WHERE = {
    "print_card": "card", "print_offer": "card",
    "LIST_COLUMNS": "tsv", "OFFER_COLUMNS": "tsv", "PLAN_COLUMNS": "tsv",
    "RECOMMEND_COLUMNS": "tsv", "THEME_COLUMNS": "tsv", "TITLE_COLUMNS": "tsv",
    "WATCHED_COLUMNS": "tsv", "print_json": "jsontext",
    "NARROW": "screen", "Form": "screen", "ProgressReport": "screen", "View": "screen",
    "choose_view": "screen", "clean": "screen", "count": "screen", "make_console": "screen",
    "print_plan": "table", "print_recommendations": "table", "print_themes": "table",
    "print_titles": "table", "print_title_data": "table", "print_watched": "table",
    "STATS_COLUMNS": "stats", "print_stats": "stats",
}

__all__ = [
    "LIST_COLUMNS",
    "NARROW",
    "OFFER_COLUMNS",
    "PLAN_COLUMNS",
    "RECOMMEND_COLUMNS",
    "STATS_COLUMNS",
    "THEME_COLUMNS",
    "TITLE_COLUMNS",
    "WATCHED_COLUMNS",
    "Form",
    "ProgressReport",
    "View",
    "choose_view",
    "clean",
    "count",
    "make_console",
    "print_card",
    "print_json",
    "print_offer",
    "print_plan",
    "print_recommendations",
    "print_stats",
    "print_themes",
    "print_title_data",
    "print_titles",
    "print_watched",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found once
    return value


if TYPE_CHECKING:
    from .card import print_card, print_offer
    from .jsontext import print_json
    from .screen import (
        NARROW,
        Form,
        ProgressReport,
        View,
        choose_view,
        clean,
        count,
        make_console,
    )
    from .stats import STATS_COLUMNS, print_stats
    from .table import (
        print_plan,
        print_recommendations,
        print_themes,
        print_title_data,
        print_titles,
        print_watched,
    )
    from .tsv import (
        LIST_COLUMNS,
        OFFER_COLUMNS,
        PLAN_COLUMNS,
        RECOMMEND_COLUMNS,
        THEME_COLUMNS,
        TITLE_COLUMNS,
        WATCHED_COLUMNS,
    )
