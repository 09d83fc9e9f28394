"""`cryanime tonight` as plain functions: three answers in, an ordered list of offers out.

The answers are how much time there is, how hard to cry (1-5) and how it should end.
Time is a hard limit on the whole title (a film's runtime, or every episode of a
series); the ending is a filter; tears is a wish: titles at exactly that level come
first, then those one level either side, and no further. Within each group titles on
your plan-to-watch list come first (then, with deep cuts, those fewer lists name), and the
order is shuffled with the given random generator, so a seed makes it repeatable. Offers
are drawn as they are asked for: the first reads a few titles of its tears level.
The prompting itself lives in the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from typing import Any

from .catalogue import DEFAULT_EPISODE_MINUTES, Candidate, Catalogue
from .draw import Draws, generator
from .errors import CryanimeError, shown
from .query import Query, matches

# The time menu: (answer key, minutes or None for no limit, how to say it)
TIMES = (
    ("2h", 120, "under 2 hours"),
    ("evening", 240, "an evening (~4 h)"),
    ("weekend", 960, "a weekend"),
    ("any", None, "no limit"),
)
TEARS = ("a lump in the throat", "misty eyes", "a good cry", "sobbing", "ruin me")
ENDING_ANSWERS = (("hopeful", "hopeful"), ("bittersweet", "bittersweet"),
                  ("devastating", "devastating"), ("any", "any"))
DEFAULT_TIME, DEFAULT_TEARS, DEFAULT_ENDING = "evening", 3, "any"


class TimeError(CryanimeError, ValueError):
    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(value)

    def __str__(self) -> str:
        return (f"{shown(self.value)} is not a time; use 2h, evening, weekend, any, a number of "
                "minutes (150) or hours and minutes (1h30)")


def parse_time(text: str) -> int | None:
    """Minutes available: '2h' -> 120, 'evening' -> 240, '150' -> 150, '1h30' -> 90;
    'any' -> None (no limit)."""
    value = text.strip().lower()
    for key, minutes, _ in TIMES:
        if value == key:
            return minutes
    if value in ("no limit", "unlimited"):
        return None
    m = re.fullmatch(r"(?:(\d{1,3})\s*h)?\s*(?:(\d{1,5})\s*(?:m|min|mins|minutes)?)?", value)
    if not value or not m or not (m.group(1) or m.group(2)):
        raise TimeError(text)
    if m.group(1) and m.group(2) and int(m.group(2)) >= 60:  # 1h99 is no time
        raise TimeError(text)
    minutes = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    if minutes <= 0:
        raise TimeError(text)
    return minutes


def say_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d} min" if rest else "")


def say_time(minutes: int | None) -> str:
    for _, limit, words in TIMES:
        if limit == minutes:
            return words.replace(" (~4 h)", "")
    return "no limit" if minutes is None else say_minutes(minutes)


@dataclass(frozen=True)
class Answers:
    minutes: int | None  # None: no limit
    tears: int | None  # None: no wish (not asked, not given): every level alike
    ending: str | None  # None: any ending


@dataclass(frozen=True)
class Offer:
    title: Candidate  # the CLI loads the Title it shows (Catalogue.load)
    reasons: tuple[str, ...]
    relaxed: bool  # the tears level is one off the one asked for


def _length_reason(title: Candidate, minutes: int | None) -> str:
    total = say_minutes(title.total_minutes)
    if title.format == "film":
        length = f"a {total} film"
    else:
        each = title.episode_minutes or DEFAULT_EPISODE_MINUTES
        length = f"{title.episodes} episodes of {each} min, {total} in all"
    if minutes is None:
        return f"{length}; you have all the time you need"
    return f"{length}, fits {say_time(minutes)}"


def _tears_reason(title: Candidate, answers: Answers, relaxed: bool, any_exact: bool) -> str:
    if answers.tears is None:
        return f"tears {title.tears}/5"
    if not relaxed:
        return f"tears {title.tears}/5, as hard as you asked for"
    if any_exact:
        return f"tears {title.tears}/5, one off the {answers.tears} you asked for"
    return f"nothing at {answers.tears} fits {say_time(answers.minutes)}; this is a {title.tears}"


def _ending_reason(title: Candidate, answers: Answers) -> str:
    if answers.ending is None:
        return f"any ending will do: this one is {title.ending}"
    return f"it ends {title.ending}, as you asked"


def fits(title: Candidate, answers: Answers) -> bool:
    """The hard limits: the whole title fits the time, and the ending matches."""
    return ((answers.minutes is None or title.total_minutes <= answers.minutes)
            and (answers.ending is None or title.ending == answers.ending))


PLANNED_REASON = "on your plan-to-watch list"


def offers(catalogue: Catalogue, answers: Answers, *args: Any, **kwargs: Any) -> list[Offer]:
    """Every title worth offering tonight, best first: :func:`offered` (same arguments),
    all of it."""
    return list(offered(catalogue, answers, *args, **kwargs))


def offered(
    catalogue: Catalogue,
    answers: Answers,
    query: Query | None = None,
    exclude: Collection[str] = (),
    rng: Draws | None = None,
    planned: Collection[str] = (),
    only_planned: bool = False,
    deep: bool = False,
) -> Iterator[Offer]:
    """The titles worth offering tonight, best first, drawn as they are asked for (see the
    module docstring): a first offer reads a few titles, not the catalogue.

    `exclude` is what you have watched (a continuation of one of those may be offered).
    Titles in `planned` come first within each tears group, and say so; with
    `only_planned`, nothing else is offered. With `deep` (deep cuts), titles that fewer
    saddest-anime lists name come first within each group, and say so. Within that, the
    order is a shuffle with `rng` (a seed makes it repeatable)."""
    if rng is None:
        rng = generator()
    query = query or Query()
    planned = set(planned)

    def offerable(title: Candidate) -> bool:
        return (title.id not in exclude and (title.after is None or title.after in exclude)
                and fits(title, answers) and matches(title, query))

    any_exact = False
    wish = answers.tears
    groups = (((False, [1, 2, 3, 4, 5]),) if wish is None
              else ((False, [wish]), (True, [wish - 1, wish + 1])))
    for relaxed, levels in groups:
        if wish is None and not deep:  # every title alike: drawn from the catalogue itself
            members: list[tuple[str, int]] = [(t.id, 0) for t in catalogue.with_ids(planned)]
            everything: list[Iterator[Candidate]] = [] if only_planned else [
                _shuffled(catalogue.size, lambda rows: [
                    t for t in catalogue.at(rows) if t.id not in planned], rng)]
        else:
            members = [found for level in levels if 1 <= level <= 5
                       for found in catalogue.with_tears(level)]  # (id, lists)
            everything = []
        segments = [[i for i, _ in members if i in planned]]
        if not only_planned and not everything:
            rest = [(i, lists) for i, lists in members if i not in planned]
            if deep:  # fewer lists first
                segments += [[i for i, n in rest if n == lists]
                             for lists in sorted({n for _, n in rest})]
            else:
                segments.append([i for i, _ in rest])
        draws = [*(_shuffled(len(ids), _by_ids(catalogue, ids), rng)
                   for ids in segments), *everything]
        for drawn in draws:
            for title in drawn:
                if offerable(title):
                    any_exact = any_exact or not relaxed
                    yield Offer(title, (_length_reason(title, answers.minutes),
                                        _tears_reason(title, answers, relaxed, any_exact),
                                        _ending_reason(title, answers))
                                + ((PLANNED_REASON,) if title.id in planned else ())
                                + ((_deep_reason(title),) if deep else ()), relaxed)


def _by_ids(catalogue: Catalogue, ids: list[str]) -> Callable[[list[int]], list[Candidate]]:
    """The titles at these places of `ids`, in that order."""
    def fetch(places: list[int]) -> list[Candidate]:
        found = {t.id: t for t in catalogue.with_ids(ids[p] for p in places)}
        return [found[ids[p]] for p in places if ids[p] in found]

    return fetch


def _shuffled(size: int,
              fetch: Callable[[list[int]], list[Candidate]], rng: Draws
              ) -> Iterator[Candidate]:
    """The titles at places 0 to `size` - 1 (as `fetch` finds them) in a random order,
    drawn as they are asked for (a lazy Fisher-Yates shuffle) and read a growing batch at
    a time: the same order whatever the batches."""
    moved: dict[int, int] = {}
    batch = 8
    start = 0
    while start < size:
        picked = []
        for i in range(start, min(start + batch, size)):
            j = rng.randrange(i, size)
            picked.append(moved.get(j, j))
            moved[j] = moved.get(i, i)
        yield from fetch(picked)
        start += batch
        batch = min(batch * 2, 512)


def _deep_reason(title: Candidate) -> str:
    if not title.lists:
        return "a deep cut: no saddest-anime list of the survey names it"
    return f"a deep cut: only {title.lists} saddest-anime list{'s' * (title.lists != 1)} name it"


def loosen_options(catalogue: Catalogue, answers: Answers, query: Query,
                   exclude: Collection[str]) -> list[str]:
    """Each single answer worth loosening, with how many titles loosening it would give."""

    def count(loosened: Answers, loosened_query: Query = query) -> int:
        return len(offers(catalogue, loosened, loosened_query, exclude))

    def say(label: str, n: int) -> str:
        return f"{label} ({n} title{'s' * (n != 1)})"

    options = []
    if answers.minutes is not None and (n := count(replace(answers, minutes=None))):
        options.append(say("more time", n))
    if answers.ending is not None and (n := count(replace(answers, ending=None))):
        options.append(say("any ending", n))
    wish = answers.tears
    if wish is not None:  # the nearest level further than one off that has titles
        for level in sorted(range(1, 6), key=lambda level: abs(level - wish)):
            if abs(level - wish) > 1 and (n := count(replace(answers, tears=level))):
                options.append(say(f"tears {level}", n))
                break
    if query != Query() and (n := count(answers, Query())):
        options.append(say("fewer filters", n))
    return options


def what_to_loosen(catalogue: Catalogue, answers: Answers, query: Query,
                   exclude: Collection[str]) -> str:
    """Why nothing fits, and which answer to loosen."""
    asked = (f"{say_time(answers.minutes)}, tears {answers.tears or 'any'}, "
             f"{answers.ending or 'any'} ending")
    options = loosen_options(catalogue, answers, query, exclude)
    if not options:
        return f"Nothing you have not watched fits tonight ({asked})."
    return f"Nothing fits {asked}. Try " + ", or ".join(options) + "."
