"""Write a valid synthetic catalogue of N titles for scale benchmarks.

    python benchmarks/make_catalogue.py [--dense] N OUT.yaml

With --dense, every other title carries 'grief' (as its first theme): the case where a
theme matches half the catalogue. Titles also carry survey counts (`lists`), as the
bundled ones do.

The titles use the bundled theme and warning vocabulary (copied into the file, so it
loads with --no-bundled), realistic field sizes (a romaji and a native title, two
aliases, four themes, two sources, a pitch of about 140 characters) and a fixed
random seed, so the same N always gives the same file.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

from cryanime import load_catalogue

WORDS = [
    "quiet", "rain", "letter", "summer", "train", "promise", "river", "lantern", "winter",
    "piano", "memory", "sky", "station", "garden", "festival", "mountain", "village", "sea",
    "ribbon", "snow",
]


def main() -> None:
    args = sys.argv[1:]
    dense = "--dense" in args
    args = [a for a in args if a != "--dense"]
    if len(args) != 2 or not args[0].isdigit():
        sys.exit("usage: make_catalogue.py [--dense] N OUT.yaml")
    count, out = int(args[0]), Path(args[1])
    rng = random.Random(count)
    bundled = load_catalogue()
    themes = sorted(bundled.themes)
    warnings = sorted(bundled.warnings)

    def vocabulary(entries):
        return [{"id": t.id, "name": t.name, "description": t.description,
                 "aliases": list(t.aliases)} for t in entries.values()]

    titles = []
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(3)).title()
        film = rng.random() < 0.3
        title = {
            "id": f"synthetic-{i:06d}",
            "title": f"{words} {i}",
            "romaji": f"{words} no Monogatari {i}",
            "native": "静かな雨の物語" + str(i),
            "aliases": [f"SYN{i}", f"{words.split()[0]} {i}"],
            "format": "film" if film else "series",
            "year": rng.randint(1980, 2025),
            ("runtime_minutes" if film else "episodes"): (rng.randint(45, 150) if film
                                                            else rng.choice([11, 12, 13, 24, 26])),
            "studio": rng.choice(["Studio A", "Studio B", "Kyoto Animation", "Madhouse"]),
            "mal_id": 100000 + i,
            "themes": (["grief", *rng.sample([t for t in themes if t != "grief"], 3)]
                       if dense and i % 2 == 0 else
                       rng.sample([t for t in themes if t != "grief"] if dense else themes, 4)),
            "warnings": rng.sample(warnings, rng.randint(0, 2)),
            "tears": rng.randint(1, 5),
            "ending": rng.choice(["hopeful", "bittersweet", "devastating"]),
            "lists": rng.choice([0, 0, 0, 1, 2, 5, 12]),
            "pitch": " ".join(rng.choice(WORDS) for _ in range(22)).capitalize() + ".",
            "sources": [f"https://myanimelist.net/anime/{100000 + i}",
                        f"https://example.org/anime/{i}"],
        }
        titles.append(title)
    data = {"survey_lists": 138, "themes": vocabulary(bundled.themes),
            "warnings": vocabulary(bundled.warnings), "titles": titles}
    with out.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                  allow_unicode=True, sort_keys=False, width=100)
    print(f"wrote {count} titles to {out}")


if __name__ == "__main__":
    main()
