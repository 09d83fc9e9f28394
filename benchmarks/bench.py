"""Start-up timing for cryanime: whole processes, median of N runs, against import floors.

    python benchmarks/bench.py [--runs N]

Never part of the test suite. Prints one table: median wall time in ms, the ratio to the
floor it is judged against, and peak RSS of the child in MiB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

PY = sys.executable
CRYANIME = shutil.which("cryanime") or os.path.join(os.path.dirname(PY), "cryanime")


def measure(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time (ms) and peak RSS of one child (MiB), over `runs` runs after a warm-up."""
    times = []
    peak = 0
    for i in range(runs + 1):
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)  # this child's own rusage (ru_maxrss in KiB)
        child.returncode = 0
        if i:  # run 0 is the warm-up
            times.append((time.perf_counter() - start) * 1000)
            peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    term = {**env, "FORCE_COLOR": "1", "COLUMNS": "120"}
    complete = {**env, "_CRYANIME_COMPLETE": "bash_complete",
                "COMP_WORDS": "cryanime recommend --theme ", "COMP_CWORD": "3"}

    floors = {
        "F0": ([PY, "-c", "pass"], env),
        "F1": ([PY, "-c", "import click"], env),
        "F2": ([PY, "-c", "import click, rich.console, rich.table"], env),
    }
    rows = [
        ("cryanime --help", [CRYANIME, "--help"], env, "F1"),
        ("cryanime random --json", [CRYANIME, "random", "--json"], env, "F1"),
        ("cryanime recommend --theme grief --json",
         [CRYANIME, "recommend", "--theme", "grief", "--json"], env, "F1"),
        ("completion: recommend --theme <TAB>", [CRYANIME], complete, "F1"),
        ("cryanime list (table, FORCE_COLOR=1)", [CRYANIME, "list"], term, "F2"),
        ("cryanime list (piped TSV)", [CRYANIME, "list"], env, "F1"),
    ]
    floor_ms = {}
    print(f"{'what':45} {'median ms':>10} {'ratio':>8} {'peak MiB':>9}")
    for name, (argv, e) in floors.items():
        ms, rss = measure(argv, e, runs)
        floor_ms[name] = ms
        print(f"{name + ' ' + ' '.join(argv[1:]):45.45} {ms:10.1f} {'':>8} {rss:9.1f}")
    for name, argv, e, floor in rows:
        ms, rss = measure(argv, e, runs)
        print(f"{name:45.45} {ms:10.1f} {ms / floor_ms[floor]:7.2f}x{floor} {rss:7.1f}")


if __name__ == "__main__":
    main()
