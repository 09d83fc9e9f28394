"""cryanime: find an anime that will make you cry tonight.

The library can be used without the command line::

    from cryanime import load_catalogue, Query, recommend
    catalogue = load_catalogue()
    query = Query(themes=(catalogue.resolve_theme("grief"),), format="film")
    for pick in recommend(catalogue, query, limit=3):
        print(pick.title.title, pick.reasons)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"  # the one place the version is set (pyproject.toml reads it)

# Where each public name lives. They are imported on first use (PEP 562), so that
# `cryanime --help` and shell completion do not pay for the whole library at start-up.
_PUBLIC = {
    "Candidate": "catalogue", "Catalogue": "catalogue", "Theme": "catalogue",
    "Title": "catalogue",
    "AmbiguousTitleError": "errors", "CatalogueError": "errors", "CryanimeError": "errors",
    "EraError": "errors", "Problem": "errors", "StateError": "errors",
    "TitleNotFoundError": "errors", "UnknownThemeError": "errors",
    "bundled_path": "paths", "load_catalogue": "loading", "load_catalogues": "loading",
    "Era": "query", "Query": "query", "explain_empty": "query", "filter_titles": "query",
    "matches": "query", "parse_era": "query",
    "Recommendation": "ranking", "random_pick": "draw", "recommend": "ranking",
    "WatchedStore": "state",
}
__all__ = [
    "AmbiguousTitleError",
    "Candidate",
    "Catalogue",
    "CatalogueError",
    "CryanimeError",
    "Era",
    "EraError",
    "Problem",
    "Query",
    "Recommendation",
    "StateError",
    "Theme",
    "Title",
    "TitleNotFoundError",
    "UnknownThemeError",
    "WatchedStore",
    "bundled_path",
    "explain_empty",
    "filter_titles",
    "load_catalogue",
    "load_catalogues",
    "matches",
    "parse_era",
    "random_pick",
    "recommend",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module 'cryanime' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .catalogue import Candidate, Catalogue, Theme, Title
    from .draw import random_pick
    from .errors import (
        AmbiguousTitleError,
        CatalogueError,
        CryanimeError,
        EraError,
        Problem,
        StateError,
        TitleNotFoundError,
        UnknownThemeError,
    )
    from .loading import load_catalogue, load_catalogues
    from .paths import bundled_path
    from .query import Era, Query, explain_empty, filter_titles, matches, parse_era
    from .ranking import Recommendation, recommend
    from .state import WatchedStore
