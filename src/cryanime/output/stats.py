"""`cryanime stats`: your watched list in numbers, as bar charts on a terminal, JSON, or
tab-separated lines (section, name, value).
"""

from __future__ import annotations

from typing import Any

from .data import data_modes
from .screen import View, count, on_screen, safe_text, utf_console

STATS_COLUMNS = ("section", "name", "value")
BAR = 24  # the longest bar, in cells


def stats_rows(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbers as (section, name, value) rows."""
    tears = stats["tears"]
    rows = [{"section": "summary", "name": key, "value": stats[key]}
            for key in ("titles", "loved", "films", "series", "hours")]
    rows += [{"section": "tears", "name": key, "value": tears[key]}
             for key in ("catalogue_mean", "rated", "yours_mean", "catalogue_mean_of_rated")]
    rows += [{"section": f"tears {whose}", "name": level, "value": n}
             for whose in ("catalogue", "yours") for level, n in tears[whose].items()]
    rows += [{"section": kind[:-1], "name": entry["name"], "value": entry["titles"]}
             for kind in ("themes", "warnings") for entry in stats[kind]]
    rows += [{"section": "decade", "name": d["decade"], "value": d["titles"]}
             for d in stats["decades"]]
    return rows


def _bars(console: Any, heading: str, counts: list[tuple[str, int]], style: str) -> None:
    """A heading, then one bar a line, the longest BAR cells."""
    from rich.table import Table

    if not counts:
        return
    block = "█" if utf_console(console) else "#"
    most = max(n for _, n in counts) or 1
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True, style=style)
    for name, n in counts:
        table.add_row(safe_text(name), str(n), block * max(1, round(n / most * BAR)) if n
                      else "")
    console.print(safe_text(heading, "bold"))
    console.print(table)
    console.print()


def print_stats(stats: dict[str, Any], view: View) -> None:
    if data_modes(view, stats, stats_rows(stats), STATS_COLUMNS):
        return
    tears = stats["tears"]
    with on_screen(view) as console:
        hours = stats["hours"]
        console.print(safe_text(
            f"{count(stats['titles'], 'title')} watched ({stats['loved']} loved): "
            f"{count(stats['films'], 'film')} and {stats['series']} series, "
            f"{hours:g} hour{'' if hours == 1 else 's'} in all.", "bold"))
        if tears["catalogue_mean"] is not None:
            line = f"The catalogue's tears for them: {tears['catalogue_mean']:g} on average."
            if tears["rated"]:
                line += (f" Yours, for the {tears['rated']} you rated: "
                         f"{tears['yours_mean']:g} (the catalogue says "
                         f"{tears['catalogue_mean_of_rated']:g} for those).")
            console.print(safe_text(line))
        console.print()
        _bars(console, "Tears, as the catalogue has them",
              [(f"{level}/5", n) for level, n in tears["catalogue"].items()], "cyan")
        if tears["rated"]:
            _bars(console, "Your tears", [(f"{level}/5", n)
                                         for level, n in tears["yours"].items()], "magenta")
        _bars(console, "Themes you met most",
              [(e["name"], e["titles"]) for e in stats["themes"]], "green")
        _bars(console, "Warnings you met most",
              [(e["name"], e["titles"]) for e in stats["warnings"]], "red")
        _bars(console, "By decade", [(d["decade"], d["titles"]) for d in stats["decades"]],
              "yellow")
