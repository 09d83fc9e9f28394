"""Your watched list in numbers (`cryanime stats`): how many titles and hours, films and
series, your tears beside the catalogue's, the themes and warnings you met most, and the
decades you watched. Given as JSON-ready data; :mod:`cryanime.output` draws it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .listfile import Watched
    from .records import Title

MOST = 8  # themes and warnings shown, most met first


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _ranked(counts: Counter[str], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """The most met first (ties by name), at most MOST."""
    top = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))[:MOST]
    return [{"id": key, "name": names.get(key, key), "titles": n} for key, n in top]


def watched_stats(entries: Sequence[tuple[Title, Watched]], names: Mapping[str, str],
                  spoilers: bool = False) -> dict[str, Any]:
    """The numbers of a watched list (each entry with its title). Themes that give a
    twist away are counted only with `spoilers`."""
    titles = [t for t, _ in entries]
    yours = [w.my_tears for _, w in entries if w.my_tears]
    rated = [t.tears for t, w in entries if w.my_tears]
    themes = Counter(theme for t in titles for theme in t.shown_themes(spoilers))
    warnings = Counter(warning for t in titles for warning in t.warnings)
    decades = Counter(f"{t.year // 10 * 10}s" for t in titles)
    return {
        "titles": len(titles),
        "loved": sum(w.loved for _, w in entries),
        "films": sum(t.format == "film" for t in titles),
        "series": sum(t.format == "series" for t in titles),
        "hours": round(sum(t.total_minutes for t in titles) / 60, 1),
        "tears": {
            "catalogue": {str(n): sum(t.tears == n for t in titles) for n in range(1, 6)},
            "yours": {str(n): yours.count(n) for n in range(1, 6)},
            "catalogue_mean": _mean([t.tears for t in titles]),
            # over the titles you gave your tears, yours and the catalogue's side by side
            "rated": len(yours),
            "yours_mean": _mean(yours),
            "catalogue_mean_of_rated": _mean(rated),
        },
        "themes": _ranked(themes, names),
        "warnings": _ranked(warnings, names),
        "decades": [{"decade": d, "titles": n} for d, n in sorted(decades.items())],
    }
