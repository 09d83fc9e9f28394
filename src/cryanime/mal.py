"""Importing a MyAnimeList export (``animelist_*.xml`` or the gzipped ``.xml.gz``).

The XML is parsed with defusedxml, which refuses entity declarations (the "billion
laughs" expansion bomb) and external entities. A gzipped file is decompressed in a
bounded read, so a small file that inflates to gigabytes is refused, not swallowed.
Entries match catalogue titles by MyAnimeList id; by normalised title only those
catalogue titles that have no MyAnimeList id.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml
from defusedxml import ElementTree

from .catalogue import Catalogue, Title, normalise
from .errors import ImportFileError
from .files import FileProblem, read_regular

MAX_BYTES = 64 * 1024 * 1024  # an export of every anime ever made is far smaller
_NUMBER = re.compile(r"[0-9]{1,12}")  # ASCII digits only: '²' passes str.isdigit()
_TEARS_TAG = re.compile(r"tears-([1-5])")  # the tag cryanime's export gives your tears
LOVED_SCORE = 8
# MyAnimeList statuses, as text or as the numbers older exports use.
WATCHED = {"completed", "watching", "on-hold", "on hold", "dropped", "1", "2", "3", "4"}
NOT_WATCHED = {"plan to watch", "6"}


@dataclass(frozen=True)
class MalEntry:
    mal_id: int | None
    title: str
    status: str
    score: int
    tears: int | None = None  # your tears, from a tag `tears-N` (what cryanime exports)

    @property
    def watched(self) -> bool:
        return self.status.strip().casefold() in WATCHED

    @property
    def loved(self) -> bool:
        return self.score >= LOVED_SCORE

    @property
    def planned(self) -> bool:
        return self.status.strip().casefold() in NOT_WATCHED


@dataclass
class ImportPlan:
    """What an import would do: {title id: loved} to add to the watched list, ids to put on
    the plan-to-watch list, and what it leaves out."""

    matched: dict[str, bool] = field(default_factory=dict)
    tears: dict[str, int] = field(default_factory=dict)  # your tears, where the tags give them
    planned: list[str] = field(default_factory=list)  # Plan to Watch, in the catalogue
    not_watched: list[MalEntry] = field(default_factory=list)  # neither watched nor planned
    unmatched: list[MalEntry] = field(default_factory=list)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's XML bytes, gunzipped when needed, refusing more than `limit` bytes (and
    anything that is not a regular file: a FIFO or a device is never read)."""


    file = str(path)
    try:
        raw = read_regular(file, limit=limit, what="the animelist_*.xml(.gz) file MyAnimeList "
                                                   "sent")
    except FileNotFoundError:
        raise ImportFileError(file, "file not found", "check the path") from None
    except FileProblem as exc:
        raise ImportFileError(file, exc.message, exc.fix) from None
    gzipped = raw[:2] == b"\x1f\x8b"
    try:
        if gzipped:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as inflated:
                data = inflated.read(limit + 1)
        else:
            data = raw
    except (OSError, EOFError, zlib.error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise ImportFileError(file, f"cannot be read as gzip: {reason}",
                              "download the export again") from None
    if len(data) > limit:
        what = "decompresses to" if gzipped else "is"
        raise ImportFileError(file, f"{what} more than {limit // 2**20} MiB; refused",
                              "a real MyAnimeList export is far smaller: check the file")
    return data


def parse_export(data: bytes, file: str) -> list[MalEntry]:
    """The <anime> entries of a MyAnimeList export."""
    try:
        root = ElementTree.fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        name, system_id = getattr(exc, "name", "?"), getattr(exc, "sysid", None)
        what = (f"an external entity ({system_id})" if system_id
                else f"the XML entity {name!r}, which can expand without limit")
        raise ImportFileError(file, f"refused: it declares {what}",
                              "MyAnimeList exports never do; download the export again"
                              ) from None
    except ElementTree.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ImportFileError(file, f"not valid XML ({exc})", "download the export again",
                              line) from None
    except (ValueError, LookupError):  # a multi-byte or unknown encoding expat cannot read
        declared = re.search(rb"encoding\s*=\s*[\"']([^\"']{1,40})", data[:200])
        name = declared.group(1).decode("ascii", "replace") if declared else "?"
        raise ImportFileError(file, f"declares the encoding {name!r}, which cannot be read",
                              "MyAnimeList exports are UTF-8: download the export again"
                              ) from None
    except RecursionError:
        raise ImportFileError(file, "is nested far too deeply to be an export",
                              "download the export again") from None
    if root.tag != "myanimelist":
        raise ImportFileError(file, f"not a MyAnimeList export (its root is <{root.tag}>)",
                              "use the animelist_*.xml.gz file from MyAnimeList's export page")
    if root.find("manga") is not None or root.findtext("myinfo/user_export_type") == "2":
        raise ImportFileError(file, "is a MyAnimeList manga export, not an anime one",
                              "export your anime list (the animelist_*.xml.gz file)")
    if root.find("anime") is None:
        raise ImportFileError(file, "holds no anime entries", "export your anime list again "
                              "from MyAnimeList (an empty list has nothing to import)")
    entries = []
    for anime in root.iter("anime"):
        text = {child.tag: (child.text or "").strip() for child in anime}
        raw_id = text.get("series_animedb_id", "")
        raw_score = text.get("my_score", "")
        for name, value in (("series_animedb_id", raw_id), ("my_score", raw_score)):
            if value and not _NUMBER.fullmatch(value):
                shown = value if len(value) <= 20 else value[:20] + "..."
                raise ImportFileError(file, f"has a {name} that is not a number of a few "
                                      f"digits: {shown!r}", "download the export again")
        entries.append(MalEntry(
            mal_id=int(raw_id) if raw_id else None,
            title=text.get("series_title", ""),
            status=text.get("my_status", ""),
            score=int(raw_score) if raw_score else 0,
            tears=_tears(text.get("my_tags", "")),
        ))
    return entries


def _tears(tags: str) -> int | None:
    """Your tears from an entry's tags: the last `tears-N` (N from 1 to 5) among them."""
    found = [m.group(1) for tag in tags.split(",")
             if (m := _TEARS_TAG.fullmatch(tag.strip().casefold()))]
    return int(found[-1]) if found else None


def read_export(path: str | Path) -> list[MalEntry]:
    path = Path(path)
    return parse_export(read_bytes(path), str(path))


def plan_import(entries: Iterable[MalEntry], catalogue: Catalogue) -> ImportPlan:
    """Match entries to titles by MyAnimeList id. An entry's title is used only to reach
    a catalogue title that has no MyAnimeList id: an entry whose id belongs to no title is
    not in the catalogue, whatever its title says (MyAnimeList titles sequels and films
    much like their first season)."""
    by_id = {t.mal_id: t for t in catalogue.titles if t.mal_id}
    by_name: dict[str, Title | None] = {}  # every title's names
    by_name_no_id: dict[str, Title | None] = {}  # those of titles without a MyAnimeList id
    for title in catalogue.titles:
        for name in {normalise(n) for n in title.names}:
            for names in (by_name, by_name_no_id) if not title.mal_id else (by_name,):
                # a name two titles share matches neither (None), rather than a guess
                names[name] = title if names.get(name, title) is title else None
    plan = ImportPlan()
    for entry in entries:
        if not entry.watched and not entry.planned:
            plan.not_watched.append(entry)
            continue
        if entry.mal_id:  # a real id: that title, or one the catalogue gives no id
            match = by_id.get(entry.mal_id) or by_name_no_id.get(normalise(entry.title))
        else:  # no usable id (missing, or 0): the title is all there is
            match = by_name.get(normalise(entry.title))
        if match is None:
            plan.unmatched.append(entry)
        elif entry.watched:
            plan.matched[match.id] = plan.matched.get(match.id, False) or entry.loved
            if entry.tears is not None:
                plan.tears[match.id] = entry.tears
        elif match.id not in plan.planned:
            plan.planned.append(match.id)
    plan.planned = [i for i in plan.planned if i not in plan.matched]  # watched wins
    return plan
