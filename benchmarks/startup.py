"""Start-up benchmark: `netmap --help`, `--version` and usage errors against a bare Python.

Usage: python benchmarks/startup.py [--repeat 15] [--root DIR]

Each command runs as its own process, ``--repeat`` times, interleaved (one of
each in turn, so that load from other users of the machine falls on all of
them alike); for each the median wall time and the median CPU time (user +
system, from ``resource.getrusage`` of the finished child) are printed, with
the excess over ``python -c pass``. ``--root`` runs the ``netmap`` package found
in another folder (e.g. an export of an earlier commit), for before/after
figures. Prints a Markdown table to paste into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "netmap --help": ["-m", "netmap", "--help"],
    "netmap --version": ["-m", "netmap", "--version"],
    "netmap --no-such-option (usage error)": ["-m", "netmap", "--no-such-option"],
    "netmap metrics --format nope FILE (usage error)":
        ["-m", "netmap", "metrics", "--format", "nope", "data/partners.csv"],
}


def run_once(args: list, root: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one ``python ARGS`` run in ``root``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=root, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):
        raise SystemExit(f"{args} exited {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="folder whose netmap package runs (default: this checkout)")
    args = ap.parse_args()
    times: dict = {name: ([], []) for name in COMMANDS}
    for command in COMMANDS.values():  # one warm-up run each (file system cache)
        run_once(command, args.root)
    for _ in range(args.repeat):
        for name, command in COMMANDS.items():
            wall, cpu = run_once(command, args.root)
            times[name][0].append(wall)
            times[name][1].append(cpu)
    base_wall = statistics.median(times["python -c pass"][0])
    base_cpu = statistics.median(times["python -c pass"][1])
    print(f"root: {args.root}; {args.repeat} runs each; median wall / median CPU (user+sys)\n")
    print("| command | wall | CPU | wall over bare Python | CPU over bare Python |")
    print("|---|---|---|---|---|")
    for name in COMMANDS:
        wall = statistics.median(times[name][0])
        cpu = statistics.median(times[name][1])
        print(f"| `{name}` | {wall:.3f} s | {cpu:.3f} s | {wall - base_wall:+.3f} s "
              f"| {cpu - base_cpu:+.3f} s |")


if __name__ == "__main__":
    main()
