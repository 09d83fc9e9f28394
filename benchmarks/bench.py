"""Start-up and scale timing for cryanime, against import floors measured in the same run.

    python benchmarks/bench.py [--runs N] [--no-scale] [--project-variables]

Never part of the test suite. Every figure is a whole process (subprocess, wall clock),
median of N runs after a warm-up, so machine noise cancels in the ratios. Run it with the
Python of an environment where cryanime is installed (a wheel install is what users get;
an editable install also works). Takes about three minutes with the scale part.

It measures the path users take: no CRYANIME_* variable set, only the XDG base
directories (XDG_CACHE_HOME, XDG_DATA_HOME, XDG_CONFIG_HOME) pointed at scratch space, so
it never touches your files. `--project-variables` measures with CRYANIME_HOME and
CRYANIME_CACHE_DIR set instead (a second table; the targets hold on the first).

Start-up rows are compared with F1 (`python -c "import click"`) or F2 (click plus
rich.console and rich.table). Scale rows use synthetic catalogues of 1,000, 10,000 and
50,000 titles made `--dense` (half the titles carry 'grief'): cold `recommend --theme grief
--json` (just after the file's content changed: a line appended) against a bare
`yaml.load(f, Loader=CSafeLoader)` of the same file; the warm questions of
warm_questions() (index fresh) against F1 runs taken in alternation with them, each with
its target at 50,000 and its growth from 10,000; and, at 50,000, `list --json` against the
time json.dumps (indent 2, as printed) takes for the same titles, with its peak RSS. Peak
RSS is each child's own maximum.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PY = sys.executable
CRYANIME = (shutil.which("cryanime", path=os.path.dirname(PY)) or shutil.which("cryanime")
            or "cryanime")
HERE = Path(__file__).resolve().parent
SCALE = ((1_000, 10), (10_000, 3), (50_000, 3))  # (titles, cold runs): keeps it ~6 min


def measure(argv: list[str], env: dict[str, str], runs: int,
            before: Callable[[int], None] | None = None) -> tuple[float, float]:
    """Median wall time (ms) and the largest peak RSS of one child (MiB), over `runs` runs
    after a warm-up; `before(i)` runs ahead of each timed run (not timed)."""
    times, peak = [], 0
    for i in range(runs + 1):
        if before is not None:
            before(i)
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage (KiB on Linux)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"failed ({child.returncode}): {' '.join(argv)}")
        if i:  # run 0 is the warm-up
            times.append((time.perf_counter() - start) * 1000)
            peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak / 1024


def measure_rounds(commands: list[tuple[list[str], dict[str, str]]], runs: int,
                   allowed: dict[int, tuple[int, ...]] | None = None
                   ) -> list[tuple[float, float]]:
    """Like measure(), for several commands at once, interleaved run by run. A command
    must exit 0, or with one of allowed[its index] (a lookup that finds nothing exits 1)."""
    times: list[list[float]] = [[] for _ in commands]
    peaks = [0] * len(commands)
    for round_ in range(runs + 1):  # round 0 is the warm-up
        for i, (argv, env) in enumerate(commands):
            start = time.perf_counter()
            child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode not in (allowed or {}).get(i, (0,)):
                sys.exit(f"failed ({child.returncode}): {' '.join(argv)}")
            if round_:
                times[i].append((time.perf_counter() - start) * 1000)
                peaks[i] = max(peaks[i], usage.ru_maxrss)
    return [(statistics.median(t), peak / 1024) for t, peak in zip(times, peaks, strict=True)]


def row(name: str, ms: float, rss: float, ratio: str = "", target: str = "",
        ok: bool | None = None) -> None:
    mark = "" if ok is None else ("ok" if ok else "MISS")
    print(f"{name:46.46} {ms:10.1f} {ratio:>9} {target:>9} {rss:9.1f} {mark:>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-scale", action="store_true", help="start-up rows only")
    parser.add_argument("--project-variables", action="store_true",
                        help="set CRYANIME_HOME and CRYANIME_CACHE_DIR (not the user path)")
    options = parser.parse_args()
    runs = options.runs
    if CRYANIME is None:
        sys.exit("cryanime is not installed next to this Python")

    # As a user runs it: bytecode caches allowed (the warm-up run writes them), no colour
    # overrides, buffered output.
    unset = ("FORCE_COLOR", "NO_COLOR", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED",
             "PAGER")
    env = {k: v for k, v in os.environ.items()
           if k not in unset and not k.startswith("CRYANIME_")}
    # The user's path: the XDG base directories point at a scratch directory, so the run
    # never touches your watched list, cache or config.
    scratch = Path(tempfile.mkdtemp(prefix="cryanime-bench-"))
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(scratch / name.lower())
    if options.project_variables:
        env["CRYANIME_HOME"] = str(scratch / "home")
        env["CRYANIME_CACHE_DIR"] = str(scratch / "cache")
    term = {**env, "FORCE_COLOR": "1", "COLUMNS": "120"}
    complete = {**env, "_CRYANIME_COMPLETE": "bash_complete",
                "COMP_WORDS": "cryanime recommend --theme ", "COMP_CWORD": "3"}

    path = "CRYANIME_HOME and CRYANIME_CACHE_DIR set" if options.project_variables else (
        "the user path: no CRYANIME_* variable, XDG directories to scratch space")
    print(f"cryanime benchmark, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}"
          f", {platform.machine()}, {os.cpu_count()} cores, median of {runs} runs; {path}")
    print(f"{'what':46} {'median ms':>10} {'ratio':>9} {'target':>9} {'peak MiB':>9} {'':>5}")
    floors = {
        "F0": ("F0  python -c 'pass'", [PY, "-c", "pass"], env),
        "F1": ("F1  python -c 'import click'", [PY, "-c", "import click"], env),
        "F2": ("F2  python -c 'import click, rich.console, rich.table'",
               [PY, "-c", "import click, rich.console, rich.table"], env),
    }
    startup = [
        ("cryanime --help", [CRYANIME, "--help"], env, "F1", 1.3),
        ("cryanime random --json", [CRYANIME, "random", "--json"], env, "F1", 1.4),
        ("cryanime recommend --theme grief --json",
         [CRYANIME, "recommend", "--theme", "grief", "--json"], env, "F1", 1.4),
        ("completion: recommend --theme <TAB>", [CRYANIME], complete, "F1", 1.3),
        ("cryanime list (table, FORCE_COLOR=1)", [CRYANIME, "list"], term, "F2", 1.5),
    ]
    # Round-robin: one run of every command per round, so a slow spell on the machine
    # lands on all of them alike instead of skewing one ratio.
    commands = [(argv, child_env) for _, argv, child_env in floors.values()]
    commands += [(argv, child_env) for _, argv, child_env, _, _ in startup]
    results = measure_rounds(commands, runs)
    floor_ms = {}
    for (key, (name, _, _)), (ms, rss) in zip(floors.items(), results, strict=False):
        floor_ms[key] = ms
        row(name, ms, rss)
    for (name, _, _, floor, target), (ms, rss) in zip(startup, results[len(floors):],
                                                      strict=True):
        ratio = ms / floor_ms[floor]
        row(name, ms, rss, f"{ratio:.2f}x{floor}", f"<={target}x", ratio <= target)

    if not options.no_scale:
        scale(env, runs, scratch)
    shutil.rmtree(scratch, ignore_errors=True)


def title_of(path: Path, row: int) -> str:
    """The exact English title of synthetic title number `row` in a made catalogue (read a
    line at a time: the benchmark's own process stays small, as its children inherit its
    peak RSS on Linux)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line == f"- id: synthetic-{row:06d}\n":
                break
        for line in handle:
            if line.lstrip().startswith("title: "):
                return line.strip().removeprefix("title: ").strip("'\"")
    raise SystemExit(f"no title {row} in {path}")


# The warm questions at scale, each with its target (times F1) at 50,000 titles.
def warm_questions(base: list[str], exact: str) -> dict[str, tuple[list[str], float]]:
    words = exact.split()
    return {
        "recommend --theme grief": ([*base, "recommend", "--theme", "grief", "--json"], 2),
        "recommend --theme grief --theme war": (
            [*base, "recommend", "--theme", "grief", "--theme", "war", "--json"], 2),
        "recommend --theme grief --era 1990s": (
            [*base, "recommend", "--theme", "grief", "--era", "1990s", "--json"], 2),
        "recommend --theme grief --without gore": (
            [*base, "recommend", "--theme", "grief", "--without", "gore", "--json"], 2),
        "random --theme grief": ([*base, "random", "--theme", "grief", "--json"], 2),
        "show <an exact title>": ([*base, "show", exact, "--json"], 2),
        "show <a fragment>": ([*base, "show", " ".join(words[1:]), "--json"], 2),
        "show nothing-like-this (a miss)": ([*base, "show", "nothing-like-this"], 2),
        "tonight --no-input": ([*base, "tonight", "--no-input", "--json"], 2),
        "themes": ([*base, "themes", "--json"], 2),
        "recommend (no argument)": ([*base, "recommend", "--json"], 3),
        "recommend --like <a title>": ([*base, "recommend", "--like", exact, "--json"], 3),
    }


MISSES = ("show nothing-like-this (a miss)",)  # exit 1: nothing found, as asked


def dumps_ms(path: Path, runs: int) -> float:
    """Median time (ms) json.dumps takes for the titles `list --json` printed (the same
    data, the same indent), in a process of its own."""
    script = ("import json, sys, time, statistics\n"
              "data = json.load(open(sys.argv[1], encoding='utf-8'))\n"
              "times = []\n"
              "for _ in range(int(sys.argv[2])):\n"
              "    start = time.perf_counter()\n"
              "    json.dumps(data, indent=2, ensure_ascii=False)\n"
              "    times.append(time.perf_counter() - start)\n"
              "print(statistics.median(times) * 1000)\n")
    out = subprocess.run([PY, "-c", script, str(path), str(runs)], capture_output=True,
                         text=True, check=True).stdout
    return float(out)


def scale(env: dict[str, str], runs: int, scratch: Path) -> None:
    print(f"{'scale (dense: half the titles carry grief)':46} {'median ms':>10} {'ratio':>9} "
          f"{'target':>9} {'peak MiB':>9}")
    f1_argv = [PY, "-c", "import click"]
    warm_at: dict[str, list[float]] = {}
    for count, cold_runs in SCALE:
        path = scratch / f"catalogue-{count}.yaml"
        subprocess.run([PY, str(HERE / "make_catalogue.py"), "--dense", str(count), str(path)],
                       check=True, stdout=subprocess.DEVNULL)
        base = [CRYANIME, "--no-bundled", "--catalog", str(path)]
        argv = [*base, "recommend", "--theme", "grief", "--json"]
        bare_argv = [PY, "-c", "import yaml, sys; yaml.load(open(sys.argv[1], encoding='utf-8'),"
                     " Loader=yaml.CSafeLoader)", str(path)]

        def change(i: int, path: Path = path) -> None:  # new content: the index is stale
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"# changed for cold run {i}\n")

        bare_ms, bare_rss = measure(bare_argv, env, cold_runs)
        cold_ms, cold_rss = measure(argv, env, cold_runs, before=change)
        label = f"{count:,} titles"
        row(f"{label}: bare yaml.load (CSafeLoader)", bare_ms, bare_rss)
        ratio = cold_ms / bare_ms
        row(f"{label}: cold recommend", cold_ms, cold_rss, f"{ratio:.2f}xbare", "<=1.3x",
            ratio <= 1.3)
        rss_ratio = cold_rss / bare_rss
        row(f"{label}: cold peak RSS", cold_ms, cold_rss, f"{rss_ratio:.2f}xbare", "<=1.2x",
            rss_ratio <= 1.2)
        # Warm runs alternate with F1 runs, so the ratio compares like with like even
        # when the machine's speed drifts between the start-up rows and these.
        questions = warm_questions(base, title_of(path, count // 2))
        names = list(questions)
        allowed: dict[int, tuple[int, ...]] = {names.index(name): (1,) for name in MISSES}
        results = measure_rounds([*((a, env) for a, _ in questions.values()), (f1_argv, env)],
                                 runs, allowed)
        f1 = results[-1][0]
        for (name, (_, target)), (ms, rss) in zip(questions.items(), results, strict=False):
            ratio = ms / f1
            warm_at.setdefault(name, []).append(ratio)
            at_target = count == 50_000
            row(f"{label}: warm {name}", ms, rss, f"{ratio:.2f}xF1",
                f"<={target:g}xF1" if at_target else "",
                ratio <= target if at_target else None)
        print(f"{'':4}(F1 alongside: {f1:.1f} ms); per title, cold: "
              f"{cold_ms * 1000 / count:.1f} us")
        if count == 50_000:
            listed = scratch / "list.json"
            with listed.open("w", encoding="utf-8") as out:
                subprocess.run([*base, "list", "--json"], env=env, stdout=out, check=True)
            list_ms, list_rss = measure([*base, "list", "--json"], env, 3)
            dumps = dumps_ms(listed, 3)
            row(f"{label}: json.dumps of the same titles", dumps, 0.0)
            ratio = list_ms / dumps
            row(f"{label}: warm list --json", list_ms, list_rss, f"{ratio:.2f}xdumps",
                "<=1.5x", ratio <= 1.5)
            row(f"{label}: warm list --json peak RSS", list_ms, list_rss, "",
                "<=200MiB", list_rss <= 200)
    for name, ratios in warm_at.items():
        growth = ratios[-1] / ratios[-2]
        print(f"{'':4}warm {name}: {growth:.2f}x from 10k to 50k (about flat: <= 1.3x)"
              f" {'ok' if growth <= 1.3 else 'MISS'}")


if __name__ == "__main__":
    main()
