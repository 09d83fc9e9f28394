"""Copy fans' "if you liked X, watch Y" evidence into the catalogue: run after editing
data/similar.yaml.

    python data/update_similar.py

Two catalogue titles are linked when at least MIN_SOURCES independent pages recommend one
to those who liked the other (either way round: a page saying "if you liked A, watch B"
and another saying "anime like B: ... A" are two sources for the pair). A page marked
`copy_of` another counts as that page. Each title's `similar:` in data/titles.yaml lists its
linked titles, most sources first (then by id), at most MOST; titles of one franchise are
never linked (their story is joined by `after` or `related`). The file is edited line by
line, so its comments survive. tests/test_catalogue.py fails when the two files disagree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MIN_SOURCES = 2  # independent pages a link needs
MOST = 8  # links kept a title


def independent_sources(evidence: dict) -> dict[frozenset[str], set[str]]:
    """For each pair of titles: the independent pages that recommend one for the other."""
    pages: dict[frozenset[str], set[str]] = defaultdict(set)
    for entry in evidence["recommendations"]:
        pair = frozenset((entry["like"], entry["recommends"]))
        for source in entry["sources"]:
            pages[pair].add(source.get("copy_of") or source["url"])
    return pages


def similar_ids(evidence: dict, franchise: dict[str, str]) -> dict[str, list[str]]:
    """Each title's linked titles, most sources first."""
    links: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pair, sources in independent_sources(evidence).items():
        if len(pair) != 2 or len(sources) < MIN_SOURCES:
            continue
        one, other = sorted(pair)
        if franchise.get(one, one) == franchise.get(other, other):
            continue
        links[one].append((-len(sources), other))
        links[other].append((-len(sources), one))
    return {title: [other for _, other in sorted(found)[:MOST]]
            for title, found in links.items()}


def franchises(titles: list[dict]) -> dict[str, str]:
    """id -> the first id of its franchise (after and related links, either way)."""
    parent = {t["id"]: t["id"] for t in titles}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for t in titles:
        for other in [t.get("after"), *(t.get("related") or [])]:
            if other in parent:
                a, b = sorted((root(t["id"]), root(other)))
                parent[b] = a
    return {i: root(i) for i in parent}


def main() -> None:
    evidence = yaml.safe_load((HERE / "similar.yaml").read_text(encoding="utf-8"))
    path = HERE / "titles.yaml"
    text = path.read_text(encoding="utf-8")
    titles = yaml.safe_load(text)["titles"]
    similar = similar_ids(evidence, franchises(titles))
    out: list[str] = []
    title_id = None
    for line in text.splitlines():
        if line.startswith("    similar:"):
            continue
        if match := re.match(r"  - id: (\S+)$", line):
            title_id = match.group(1)
        if title_id and line.startswith("    pitch:") and similar.get(title_id):
            out.append(f"    similar: [{', '.join(similar[title_id])}]")
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{sum(map(len, similar.values())) // 2} links; {len(similar)} titles linked")


if __name__ == "__main__":
    main()
