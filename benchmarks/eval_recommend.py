"""How good are the picks? An evaluation of `recommend` on the bundled catalogue.

    python benchmarks/eval_recommend.py [--details]

Never part of the test suite. It reports:

* **--like against held-out fan recommendations.** benchmarks/heldout_like.yaml holds
  "if you liked X, watch Y" recommendations gathered apart from the evidence the product
  ships (data/similar.yaml): other people, other pages, never an address of the evidence
  (the script checks). For every X with at least MIN_FANS held-out catalogue titles (and,
  as the held-out set is small, for every X with at least one), the top five of
  `recommend --like X` (nothing watched) is compared with them: mean precision@5, and how
  many questions get no fan-recommended pick at all.
* **Own franchise.** Over --like every catalogue title: picks from X's own story (after or
  related, either way).
* **Theme centrality.** Over twelve themes: the share of top-5 picks carrying the wished
  theme among their first three themes.
* **Fan favourites.** The no-argument top ten and ten theme top-5s: the share of picks that
  several (3+) independent lists of the survey (data/survey.yaml) name.

The survey and the franchise links are read from data/ directly, so the figures do not
depend on the catalogue's own copy of them; the script runs unchanged on older versions.
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
          "sacrifice", "android-ai", "afterlife", "bullying", "loneliness")
FAN_THEMES = THEMES[:10]
MIN_FANS = 3  # held-out recommendations an X needs for the main figure
SEVERAL = 3  # lists that make a title a fan favourite


def survey_counts() -> Counter:
    survey = yaml.safe_load((ROOT / "data" / "survey.yaml").read_text(encoding="utf-8"))
    names = {name: entry["id"] for entry in survey["catalogue"] for name in entry["named"]}
    counts: Counter = Counter()
    for entry in survey["lists"]:
        if not entry.get("borderline"):
            counts.update({names[n] for n in entry["titles"] if n in names})
    return counts


def franchises() -> dict[str, str]:
    titles = yaml.safe_load((ROOT / "data" / "titles.yaml").read_text(encoding="utf-8"))
    parent = {t["id"]: t["id"] for t in titles["titles"]}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for t in titles["titles"]:
        for other in [t.get("after"), *(t.get("related") or [])]:
            if other in parent:
                a, b = sorted((root(t["id"]), root(other)))
                parent[b] = a
    return {i: root(i) for i in parent}


def held_out() -> dict[str, set[str]]:
    """X -> the catalogue titles held-out pages recommend for X (either way round)."""
    data = yaml.safe_load((ROOT / "benchmarks" / "heldout_like.yaml").read_text("utf-8"))
    evidence_file = ROOT / "data" / "similar.yaml"
    shipped = set()
    if evidence_file.exists():
        evidence = yaml.safe_load(evidence_file.read_text(encoding="utf-8"))
        shipped = {s["url"] for e in evidence["recommendations"] for s in e["sources"]}
    fans: dict[str, set[str]] = {}
    for row in data["recommendations"]:
        assert row["source"] not in shipped, f"{row['source']} is also evidence"
        fans.setdefault(row["like"], set()).add(row["recommends"])
        fans.setdefault(row["recommends"], set()).add(row["like"])
    return fans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every top five")
    args = parser.parse_args()
    catalogue = load_catalogue()
    counts = survey_counts()
    family = franchises()
    fans = held_out()

    def top(query: Query, like=(), n: int = 5):
        return [r.title for r in recommend(catalogue, query, like=list(like), limit=n)]

    print("--like against held-out fan recommendations (benchmarks/heldout_like.yaml)")
    for least in (MIN_FANS, 1):
        scores, empty = [], 0
        for x, wanted in sorted(fans.items()):
            title = catalogue.get(x)
            wanted = {w for w in wanted if family.get(w, w) != family.get(x, x)}
            if title is None or len(wanted) < least:
                continue
            picks = [t.id for t in top(Query(), [title])]
            hits = sum(p in wanted for p in picks)
            scores.append(hits / 5)
            empty += hits == 0
            if args.details and least == 1:
                print(f"    {x:34} {hits}/5  fans: {', '.join(sorted(wanted))}")
                print(f"    {'':34} picks: {', '.join(picks)}")
        if scores:
            print(f"  X with >= {least} held-out titles: {len(scores):3} questions, "
                  f"mean precision@5 {statistics.mean(scores):.2f}, "
                  f"{empty} with no fan-recommended pick")
        else:
            print(f"  X with >= {least} held-out titles: none")

    own = 0
    for title in catalogue.titles:
        root = family.get(title.id, title.id)
        own += sum(family.get(t.id, t.id) == root for t in top(Query(), [title]))
    print(f"own-franchise picks over --like every title: {own}")

    central = total = 0
    for theme in THEMES:
        picks = top(Query(themes=(theme,)))
        central += sum(t.themes.index(theme) < 3 for t in picks)
        total += len(picks)
        if args.details:
            print(f"    --theme {theme}: " + ", ".join(
                f"{t.id}({t.themes.index(theme) + 1})" for t in picks))
    print(f"theme centrality: {central}/{total} top-5 picks carry the theme among their "
          f"first three ({central / total:.0%})")

    nothing = top(Query(), n=10)
    named = sum(counts[t.id] >= SEVERAL for t in nothing)
    print(f"no-argument top 10: {named}/10 named by {SEVERAL}+ lists")
    picks = [t for theme in FAN_THEMES for t in top(Query(themes=(theme,)))]
    named = sum(counts[t.id] >= SEVERAL for t in picks)
    print(f"ten theme top-5s: {named}/{len(picks)} named by {SEVERAL}+ lists "
          f"({named / len(picks):.0%})")


if __name__ == "__main__":
    main()
