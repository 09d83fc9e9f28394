"""How good are the picks? An evaluation of `recommend` on the bundled catalogue.

    python benchmarks/eval_recommend.py [--details]

Never part of the test suite. For the main themes, for no question at all, and for
`--like` each of the fifteen seed picks, it takes the top five (nothing watched) and
reports, per question and overall:

* fan-named: the share of picks that 3 or more independent lists of the survey
  (data/survey.yaml) name;
* lists: the mean number of survey lists naming a pick;
* tears: the mean tears of the picks (for --like, also how far below the liked title);
* franchise faults: a franchise twice in a top five, or a continuation offered
  while the title before it is unwatched.

The survey is read from data/survey.yaml directly, so the figures do not depend on the
catalogue's own copy of the counts.
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from pathlib import Path

import yaml

from cryanime import Query, load_catalogue, recommend

ROOT = Path(__file__).resolve().parent.parent
THEMES = ("grief", "war", "first-love", "time-travel", "illness", "family", "music",
          "sacrifice", "android-ai", "afterlife")


def survey_counts() -> Counter:
    survey = yaml.safe_load((ROOT / "data" / "survey.yaml").read_text(encoding="utf-8"))
    names = {name: entry["id"] for entry in survey["catalogue"] for name in entry["named"]}
    counts: Counter = Counter()
    for entry in survey["lists"]:
        if not entry.get("borderline"):
            counts.update({names[n] for n in entry["titles"] if n in names})
    return counts


def root_of(catalogue, title) -> str:
    seen = set()
    while getattr(title, "after", None) and title.id not in seen:
        seen.add(title.id)
        title = catalogue.get(title.after) or title
    return title.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every top five")
    args = parser.parse_args()
    catalogue = load_catalogue()
    counts = survey_counts()
    questions = [(f"--theme {t}", Query(themes=(t,)), []) for t in THEMES]
    questions.append(("(no question)", Query(), []))
    seeds = [t for t in catalogue.titles if t.seed_pick]
    questions += [(f"--like {t.id}", Query(), [t]) for t in seeds]

    rows, all_picks, faults, gaps = [], [], 0, []
    for label, query, like in questions:
        picks = [r.title for r in recommend(catalogue, query, like=like, limit=5)]
        all_picks += picks
        roots = Counter(root_of(catalogue, t) for t in picks)
        fault = sum(n - 1 for n in roots.values())
        fault += sum(1 for t in picks if getattr(t, "after", None)
                     and t.after not in {x.id for x in like})
        faults += fault
        if like:
            gaps += [like[0].tears - t.tears for t in picks]
        rows.append((label, picks, fault))
        if args.details:
            print(label)
            for t in picks:
                print(f"    {t.title[:44]:44} tears {t.tears}  lists {counts[t.id]:2}")

    print(f"{'question':42} {'fan-named':>9} {'lists':>6} {'tears':>6} {'faults':>6}")
    for label, picks, fault in rows:
        named = sum(counts[t.id] >= 3 for t in picks) / len(picks) if picks else 0
        lists = statistics.mean(counts[t.id] for t in picks) if picks else 0
        tears = statistics.mean(t.tears for t in picks) if picks else 0
        print(f"{label:42} {named:9.0%} {lists:6.1f} {tears:6.2f} {fault:6}")
    named = sum(counts[t.id] >= 3 for t in all_picks) / len(all_picks)
    print(f"{'ALL':42} {named:9.0%} "
          f"{statistics.mean(counts[t.id] for t in all_picks):6.1f} "
          f"{statistics.mean(t.tears for t in all_picks):6.2f} {faults:6}")
    print(f"--like: picks are on average {statistics.mean(gaps):.2f} tears softer than "
          "the liked title")


if __name__ == "__main__":
    main()
