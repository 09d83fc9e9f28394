"""Validating parsed catalogue files into one Catalogue, collecting every problem.

Each problem is a :class:`Problem` (file, line, what is wrong, how to fix it); checking
goes on after one, so ``cryanime check`` can list them all in one run. Several files
validate together: they share one vocabulary, and ids (and MyAnimeList ids) must be
unique across all of them. Loading and ``cryanime check`` use this same code.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .catalogue import ENDINGS, FORMATS, Catalogue, Theme, Title, franchise_ids, theme_key
from .errors import Problem
from .fields import Fields, closest, kind_of, short_repr
from .yamlfile import Progress, key_line_of, line_of

# difflib and reprlib are imported where used: a valid catalogue never needs them.

MIN_YEAR = 1917  # the oldest surviving Japanese animation
TOP_LEVEL = ("themes", "warnings", "titles", "survey_lists")
VOCABULARY_FIELDS = frozenset(("id", "name", "description", "aliases", "intense"))
TITLE_FIELDS = frozenset(Title._fields)
_MAL_URL = re.compile(r"^https?://(?:www\.)?myanimelist\.net/anime/(\d+)(?:/|$)")


@dataclass
class _Entry:
    """A validated vocabulary entry or title, with where it was defined."""

    value: Any
    file: str
    line: int | None
    item: Any = None  # the parsed mapping, for the lines of its keys

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def key_line(self, key: str) -> int | None:
        return key_line_of(self.item, key) or self.line


class _Checker:
    """Validates parsed files into one catalogue, collecting every problem."""

    def __init__(self, *, min_themes: int = 1, progress: Progress | None = None) -> None:
        self.min_themes = min_themes
        self.progress = progress
        self.max_year = datetime.date.today().year + 1
        self.problems: list[Problem] = []
        self.order: dict[str, int] = {}
        self.origins: dict[str, tuple[str, int | None]] = {}  # title id -> file, line

    def add(self, file: str, line: int | None, message: str, fix: str = "",
            subject: str = "") -> None:
        self.problems.append(Problem(file, line, message, subject, fix))

    def run(self, sources: Sequence[tuple[str, Any]]) -> Catalogue:
        files = [(file, data) for file, data in sources if self.top_level(file, data)]
        self.order = {file: i for i, (file, _) in enumerate(sources)}
        themes = self.vocabulary(files, "themes")
        warnings = self.vocabulary(files, "warnings")
        for clash in sorted(themes.keys() & warnings.keys()):
            theme, warning = themes[clash], warnings[clash]
            if self.order[theme.file] > self.order[warning.file]:  # report the later one
                self.add(theme.file, theme.line, f"{clash!r} is both a theme and a warning "
                         f"({warning.where})", "rename one of them", f"theme {clash!r}")
            else:
                self.add(warning.file, warning.line, f"{clash!r} is both a theme "
                         f"({theme.where}) and a warning", "rename one of them")
        self.aliases(themes, warnings)
        if files and not themes:
            self.add(files[0][0], 1, "no themes are defined",
                     "add a 'themes' list (see README.md, 'The catalogue format')")
        titles = self.titles(files, themes, warnings)
        self.origins = {title_id: (e.file, e.line) for title_id, e in titles.items()}
        self.similar_outside_franchise(titles)
        survey = [Fields(self.add, file, data, "").integer(
            "survey_lists", 1, None, "how many lists the survey counts", required=False)
            for file, data in files]
        return Catalogue(
            {k: e.value for k, e in themes.items()},
            {k: e.value for k, e in warnings.items()},
            tuple(e.value for e in titles.values()),
            ", ".join(file for file, _ in sources),
            survey_lists=max((n for n in survey if n), default=0),
        )

    def top_level(self, file: str, data: Any) -> bool:
        layout = "start from the layout in README.md: 'themes', 'warnings' and 'titles'"
        if not isinstance(data, dict) or not data:
            kind = "empty" if not data else kind_of(data)
            self.add(file, line_of(data) or 1, f"the catalogue is {kind}; it must be a mapping",
                     layout)
            return False
        for key in data:
            if key not in TOP_LEVEL:
                close = closest(str(key), TOP_LEVEL)
                self.add(file, key_line_of(data, key), f"unknown top-level key {short_repr(key)}",
                         f"did you mean {close!r}?" if close else layout)
        return True

    def entries(self, file: str, data: dict[str, Any], key: str, singular: str,
                report: bool = True) -> list[dict[str, Any]]:
        """The mappings listed under `key` (empty when absent or malformed; reported as a
        problem unless not `report`)."""
        items = data.get(key)
        if items is None:
            return []
        if not report:
            return items if isinstance(items, list) else []
        if not isinstance(items, list):
            self.add(file, key_line_of(data, key), f"{key!r} must be a list, got {kind_of(items)}",
                     f"list one {singular} per '- ' item")
            return []
        good = [item for item in items if isinstance(item, dict)]
        if len(good) != len(items):
            bad = next(item for item in items if not isinstance(item, dict))
            self.add(file, key_line_of(data, key),
                     f"each of {key!r} must be a mapping, got {kind_of(bad)}",
                     f"give each {singular} its fields as 'key: value' lines")
        return good

    def vocabulary(self, files: list[tuple[str, dict[str, Any]]], key: str
                   ) -> dict[str, _Entry]:
        singular = key[:-1]
        result: dict[str, _Entry] = {}
        for file, data in files:
            for item in self.entries(file, data, key, singular):
                f = Fields(self.add, file, item, f"{singular} {item.get('id', '?')!r}")
                f.unknown(VOCABULARY_FIELDS)
                values = (f.slug("id"), f.text("name"), f.text("description"),
                          f.text_list("aliases", required=False), f.boolean("intense"))
                if values[4] and key != "warnings":
                    f.problem("intense", "'intense' marks warnings, not themes",
                              "remove it, or move the entry under 'warnings'")
                theme_id, name, description, aliases, intense = values
                if (f.failed or theme_id is None or name is None or description is None
                        or aliases is None):
                    continue
                if theme_id in result:
                    f.problem("id", f"{singular} {theme_id!r} is defined twice (first at "
                                    f"{result[theme_id].where})", "keep one definition")
                    continue
                result[theme_id] = _Entry(Theme(theme_id, name, description, tuple(aliases),
                                                intense),
                                          file, line_of(item))
        return result

    def aliases(self, themes: dict[str, _Entry], warnings: dict[str, _Entry]) -> None:
        """Every id, name and alias must name one entry only, or lookups would guess."""
        seen: dict[str, tuple[str, _Entry]] = {}
        entries = [("theme", e) for e in themes.values()]
        entries += [("warning", e) for e in warnings.values()]
        entries.sort(key=lambda ke: self.order[ke[1].file])  # report a clash where it is added
        for kind, entry in entries:
            theme = entry.value
            for name in dict.fromkeys(theme_key(n)
                                      for n in (theme.id, theme.name, *theme.aliases)):
                owner_name, owner = seen.setdefault(name, (f"{kind} {theme.id!r}", entry))
                if owner is not entry and not (name == theme.id == owner.value.id):
                    # (an id used by both a theme and a warning is reported by run())
                    self.add(entry.file, entry.line, f"{name!r} also names {owner_name} "
                             f"({owner.where})", "remove it from one of them",
                             f"{kind} {theme.id!r}")

    def titles(self, files: list[tuple[str, dict[str, Any]]], themes: dict[str, Any],
               warnings: dict[str, Any]
               ) -> dict[str, _Entry]:
        """The valid titles by id. Every title, valid or not, takes part in the rules
        between titles (unique ids, references), so one problem never hides another."""
        result: dict[str, _Entry] = {}
        seen: list[_Entry] = []  # entry.value: the checked fields, None where invalid
        by_id: dict[str, _Entry] = {}
        total = sum(len(self.entries(file, data, "titles", "title", report=False))
                    for file, data in files) if self.progress else 0
        done = 0
        for file, data in files:
            for item in self.entries(file, data, "titles", "title"):
                done += 1
                if self.progress and done % 500 == 0:
                    self.progress("checking titles", done, total)
                values, ok = self.title(file, item, themes, warnings)
                entry = _Entry(values, file, line_of(item), item)
                title_id = values["id"]
                if title_id is None:
                    continue
                if title_id in by_id:
                    self.add(file, entry.line, f"duplicate id (first at "
                             f"{by_id[title_id].where})", "give each title its own id",
                             f"title {title_id!r}")
                    continue
                by_id[title_id] = entry
                seen.append(entry)
                if ok:
                    result[title_id] = _Entry(Title(**values), file, entry.line)
        self.cross_check(seen, by_id)
        return result

    def title(self, file: str, item: dict[str, Any], themes: dict[str, Any],
              warnings: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The title's fields as checked (None where a field is invalid), and whether
        all of them are valid."""
        f = Fields(self.add, file, item, f"title {item.get('id', '?')!r}")
        f.unknown(TITLE_FIELDS)
        values: dict[str, Any] = {
            "id": f.slug("id"),
            "title": f.text("title"),
            "romaji": f.text("romaji", required=False) or "",
            "native": f.text("native", required=False) or "",
            "aliases": tuple(f.text_list("aliases", required=False) or ()),
            "format": f.choice("format", FORMATS),
            "year": f.integer("year", MIN_YEAR, self.max_year,
                              "the year of its first release, in digits"),
            "studio": f.text("studio", required=False) or "",
            "mal_id": f.integer("mal_id", 1, None, "the number in its MyAnimeList address",
                                required=False),
            "themes": tuple(f.ids("themes", themes, "theme", minimum=self.min_themes) or ()),
            "spoiler_themes": tuple(f.ids("spoiler_themes", themes, "theme", minimum=0,
                                          required=False) or ()),
            "warnings": tuple(f.ids("warnings", warnings, "warning", minimum=0,
                                    required=False) or ()),
            "tears": f.integer("tears", 1, 5, "how hard it hits, from 1 to 5"),
            "ending": f.choice("ending", ENDINGS),
            "pitch": f.text("pitch"),
            "seed_pick": f.boolean("seed_pick"),
            "lists": f.integer("lists", 0, None, "how many lists of the survey name it",
                               required=False) or 0,
            "sources": tuple(f.urls("sources")),
            "related": tuple(f.text_list("related", required=False) or ()),
            "after": f.slug("after", required=False),
            "genres": tuple(f.text_list("genres", required=False) or ()),
            "creators": tuple(f.text_list("creators", required=False) or ()),
            "similar": tuple(f.text_list("similar", required=False) or ()),
        }
        fmt = values["format"]
        if fmt is not None:
            wanted, unwanted = (("runtime_minutes", "episodes") if fmt == "film"
                                else ("episodes", "runtime_minutes"))
            values[wanted] = f.integer(wanted, 1, None, "a whole number")
            if unwanted in item:
                f.problem(unwanted, f"a {fmt} takes {wanted!r}, not {unwanted!r}",
                          f"remove {unwanted!r}")
            if fmt == "series":
                values["episode_minutes"] = f.integer(
                    "episode_minutes", 1, 600, "the length of one episode in minutes",
                    required=False)
                values["seasons"] = f.integer(
                    "seasons", 1, 100, "how many seasons the entry's episodes span",
                    required=False)
            for field in ("episode_minutes", "seasons"):
                if fmt == "film" and field in item:
                    f.problem(field, f"a film takes 'runtime_minutes', not {field!r}",
                              f"remove {field!r}")
        hidden = [t for t in values["spoiler_themes"] if t not in values["themes"]]
        if hidden and values["themes"]:
            f.problem("spoiler_themes", f"'spoiler_themes' lists {hidden[0]!r}, which is not "
                      "among its 'themes'", f"add {hidden[0]!r} to 'themes', or remove it here")
        mal = next((m for m in map(_MAL_URL.match, values["sources"]) if m), None)
        if mal and values["mal_id"] and int(mal.group(1)) != values["mal_id"]:
            f.problem("mal_id", f"'mal_id' is {values['mal_id']} but its MyAnimeList source "
                                f"is anime/{mal.group(1)}", "make them agree")
        return values, not f.failed

    def cross_check(self, entries: list[_Entry], by_id: dict[str, _Entry]) -> None:
        """Rules between titles, over every title with an id (valid or not): `related`
        and `after` name titles, watch order has no loops, English titles and
        MyAnimeList ids are unique."""
        by_name: dict[str, _Entry] = {}
        by_mal: dict[int, _Entry] = {}
        for entry in entries:
            values = entry.value
            title_id = values["id"]
            subject = f"title {title_id!r}"
            after = [values["after"]] if values["after"] else []
            for field, others in (("related", values["related"]), ("after", after),
                                  ("similar", values["similar"])):
                for other in others:
                    if other == title_id:
                        self.add(entry.file, entry.key_line(field),
                                 f"{field!r} names the title itself", "remove it", subject)
                    elif other not in by_id:
                        close = closest(other, by_id)
                        fix = f"did you mean {close!r}?" if close else "use the id of a title"
                        self.add(entry.file, entry.key_line(field), f"{field!r} names "
                                 f"{other!r}, which is not a title", fix, subject)
            if values["title"]:
                # case and punctuation are ignored, word breaks are not ("Title 1 11" is
                # not "Title 11 1")
                key = re.sub(r"\W+", " ", values["title"].casefold()).strip()
                first = by_name.setdefault(key, entry)
                if first is not entry:
                    self.add(entry.file, entry.line, f"the title {values['title']!r} is also "
                             f"used by {first.value['id']!r} ({first.where})",
                             "merge the two, or tell them apart in the title", subject)
            if values["mal_id"]:
                first = by_mal.setdefault(values["mal_id"], entry)
                if first is not entry:
                    self.add(entry.file, entry.key_line("mal_id"),
                             f"'mal_id' {values['mal_id']} is also "
                             f"used by {first.value['id']!r} ({first.where})",
                             "each MyAnimeList entry belongs to one title: check both ids",
                             subject)
        self.watch_order_loops(entries, by_id)

    def similar_outside_franchise(self, titles: dict[str, _Entry]) -> None:
        """'similar' is what fans recommend beyond a title's own story: a title of its own
        franchise (watch order or `related`) there is reported."""
        franchise = franchise_ids(e.value for e in titles.values())
        for title_id, entry in titles.items():
            own = franchise.get(title_id)
            for other in entry.value.similar:
                if own is not None and franchise.get(other) == own:
                    self.add(entry.file, entry.key_line("similar"),
                             f"'similar' names {other!r}, of its own franchise",
                             "remove it: the rest of its story is linked by 'after' or "
                             "'related'", f"title {title_id!r}")

    def watch_order_loops(self, entries: list[_Entry], by_id: dict[str, _Entry]) -> None:
        """Each loop of `after` links is reported once, at the member listed first."""
        done: set[str] = set()
        for entry in entries:
            path: list[str] = []
            title_id = entry.value["id"]
            while title_id in by_id and title_id not in done and title_id not in path:
                path.append(title_id)
                title_id = by_id[title_id].value["after"]
            if title_id in path:
                loop = path[path.index(title_id):]
                first = min((by_id[i] for i in loop), key=lambda e: (self.order[e.file],
                                                                    e.line or 0))
                chain = " -> ".join([*loop, title_id])
                self.add(first.file, first.line, f"the watch order loops: {chain} (each "
                         "'after' names the title before it)", "remove one 'after' of the loop",
                         f"title {first.value['id']!r}")
            done.update(path)


def validate(parsed: Sequence[tuple[str, Any]], *, min_themes: int = 1,
             progress: Progress | None = None
             ) -> tuple[Catalogue, list[Problem], dict[str, tuple[str, int | None]]]:
    """(file, parsed data) pairs, checked together: the catalogue of their valid parts,
    every problem found, in file order, then line order, and the file and line each
    valid title comes from."""
    checker = _Checker(min_themes=min_themes, progress=progress)
    catalogue = checker.run(parsed)
    return catalogue, checker.problems, checker.origins
