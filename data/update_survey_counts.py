"""Copy the survey's counts into the catalogue: run after editing data/survey.yaml.

    python data/update_survey_counts.py

Counts, for each title, the independent lists of data/survey.yaml that name it (lists
marked `borderline` are not counted) and writes it as the title's `lists:` in
data/titles.yaml (left out when 0), and the number of counted lists as the top-level
`survey_lists:`. The file is edited line by line, so its comments survive.
tests/test_catalogue.py fails when the two files disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def survey_counts(survey: dict) -> tuple[Counter, int]:
    """(lists naming each catalogue id, number of lists counted)."""
    ids = {name: entry["id"] for entry in survey["catalogue"] for name in entry["named"]}
    counted = [entry for entry in survey["lists"] if not entry.get("borderline")]
    counts: Counter = Counter()
    for entry in counted:
        counts.update({ids[name] for name in entry["titles"] if name in ids})
    return counts, len(counted)


def main() -> None:
    survey = yaml.safe_load((HERE / "survey.yaml").read_text(encoding="utf-8"))
    counts, total = survey_counts(survey)
    path = HERE / "titles.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    title_id = None
    for line in lines:
        if line.startswith("survey_lists:") or line.startswith("    lists:"):
            continue
        if line == "themes:":
            while out and not out[-1]:
                out.pop()
            out += ["", f"survey_lists: {total}  # independent lists counted in survey.yaml", ""]
        if match := re.match(r"  - id: (\S+)$", line):
            title_id = match.group(1)
        out.append(line)
        if title_id and line.startswith("    ending:") and counts[title_id]:
            out.append(f"    lists: {counts[title_id]}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{total} lists; {sum(1 for n in counts.values() if n)} titles named")


if __name__ == "__main__":
    main()
