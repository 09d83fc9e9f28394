"""Your lists as a MyAnimeList export: the XML MyAnimeList's own export page gives, which
MyAnimeList, AniList and Kitsu import. Watched titles are Completed, the plan is Plan to
Watch; a loved title scores 10 (an import reads 8 or more as loved); your tears are the
tag ``tears-N``. :mod:`cryanime.mal` reads the file back.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.etree import ElementTree

if TYPE_CHECKING:
    from .catalogue import Title
    from .listfile import Planned, Watched

# An <anime> entry's elements, in the order MyAnimeList's own export writes them
ANIME_ELEMENTS = (
    "series_animedb_id", "series_title", "series_type", "series_episodes", "my_id",
    "my_watched_episodes", "my_start_date", "my_finish_date", "my_rated", "my_score",
    "my_storage", "my_storage_value", "my_status", "my_comments", "my_times_watched",
    "my_rewatch_value", "my_priority", "my_tags", "my_rewatching", "my_rewatching_ep",
    "my_discuss", "my_sns", "update_on_import",
)
MYINFO_ELEMENTS = (
    "user_id", "user_name", "user_export_type", "user_total_anime", "user_total_watching",
    "user_total_completed", "user_total_onhold", "user_total_dropped",
    "user_total_plantowatch",
)
COMPLETED, PLAN_TO_WATCH = "Completed", "Plan to Watch"
LOVED_SCORE = 10
NO_DATE = "0000-00-00"  # what MyAnimeList writes for a date not given
TEARS_TAG = "tears-"


class Export:
    """The export of your lists: its XML, and the titles left out (no MyAnimeList id)."""

    __slots__ = ("left_out", "xml")

    def __init__(self, xml: bytes, left_out: list[Title]) -> None:
        self.xml, self.left_out = xml, left_out

    def gzipped(self) -> bytes:
        """The XML gzipped, as MyAnimeList sends it (animelist_*.xml.gz); no timestamp in
        the header, so one list always gives the same bytes."""
        return gzip.compress(self.xml, mtime=0)


def _anime(title: Title, status: str, score: int, tags: str) -> ElementTree.Element:
    episodes = title.episodes if title.format == "series" else 1
    values = {
        "series_animedb_id": str(title.mal_id), "series_title": title.romaji or title.title,
        "series_type": "Movie" if title.format == "film" else "TV",
        "series_episodes": str(episodes or 0), "my_id": "0",
        "my_watched_episodes": str(episodes or 0) if status == COMPLETED else "0",
        "my_start_date": NO_DATE, "my_finish_date": NO_DATE, "my_rated": "",
        "my_score": str(score), "my_storage": "", "my_storage_value": "0.00",
        "my_status": status, "my_comments": "", "my_times_watched": "0",
        "my_rewatch_value": "", "my_priority": "LOW", "my_tags": tags, "my_rewatching": "0",
        "my_rewatching_ep": "0", "my_discuss": "1", "my_sns": "default",
        "update_on_import": "1",
    }
    anime = ElementTree.Element("anime")
    for name in ANIME_ELEMENTS:
        ElementTree.SubElement(anime, name).text = values[name]
    return anime


def export_lists(watched: Sequence[tuple[Title, Watched]],
                 planned: Sequence[tuple[Title, Planned]]) -> Export:
    """The export of these entries (each with its title), in the order given. A title
    without a MyAnimeList id cannot be imported by one and is left out (and named)."""
    root = ElementTree.Element("myanimelist")
    left_out = [t for t, _ in (*watched, *planned) if not t.mal_id]
    done = [(t, w) for t, w in watched if t.mal_id]
    plan = [(t, p) for t, p in planned if t.mal_id]
    info = ElementTree.SubElement(root, "myinfo")
    totals = {"user_id": "0", "user_name": "", "user_export_type": "1",
              "user_total_anime": str(len(done) + len(plan)), "user_total_watching": "0",
              "user_total_completed": str(len(done)), "user_total_onhold": "0",
              "user_total_dropped": "0", "user_total_plantowatch": str(len(plan))}
    for name in MYINFO_ELEMENTS:
        ElementTree.SubElement(info, name).text = totals[name]
    for title, entry in done:
        tags = f"{TEARS_TAG}{entry.my_tears}" if entry.my_tears else ""
        root.append(_anime(title, COMPLETED, LOVED_SCORE if entry.loved else 0, tags))
    for title, _ in plan:
        root.append(_anime(title, PLAN_TO_WATCH, 0, ""))
    ElementTree.indent(root, space="\t")
    xml = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    return Export(xml, left_out)
