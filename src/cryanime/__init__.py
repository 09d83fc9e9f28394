"""cryanime: find an anime that will make you cry tonight.

The library can be used without the command line::

    from cryanime import load_catalogue, Query, recommend
    catalogue = load_catalogue()
    query = Query(themes=(catalogue.resolve_theme("grief"),), format="film")
    for pick in recommend(catalogue, query, limit=3):
        print(pick.title.title, pick.reasons)
"""

from __future__ import annotations

from .catalogue import Catalogue, Theme, Title
from .errors import (
    AmbiguousTitleError,
    CatalogueError,
    CryanimeError,
    EraError,
    Problem,
    TitleNotFoundError,
    UnknownThemeError,
)
from .loading import bundled_path, load_catalogue, load_catalogues
from .query import Era, Query, explain_empty, filter_titles, matches, parse_era
from .recommend import Recommendation, random_pick, recommend

__all__ = [
    "AmbiguousTitleError",
    "Catalogue",
    "CatalogueError",
    "CryanimeError",
    "Era",
    "EraError",
    "Problem",
    "Query",
    "Recommendation",
    "Theme",
    "Title",
    "TitleNotFoundError",
    "UnknownThemeError",
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
