"""Benchmark table: the whole `netmap metrics --format json` process against baselines.

Usage: python benchmarks/run.py [--sizes 1000 5000 20000 100000 1000000] [--functions 12]

For each size a synthetic partnership (`netmap synth`, seed 1) is written,
then each command runs as its own process; wall time and that process's peak
resident memory are measured. Baselines (benchmarks/baselines.py): the
straightforward networkx pipeline (at 5,000 organisations and below) and
python-igraph's betweenness and closeness (at 20,000 and below; needs the
`bench` extra). Prints a Markdown table to paste into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(f"{done.returncode} {wall} {peak}")
sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
"""


class TimedOut(float):
    """A run stopped after this many seconds: the time is a lower bound."""


def measure(command: list, timeout: float):
    """(seconds, peak bytes) of ``command`` run as its own process; None on failure,
    ``(TimedOut(timeout), None)`` when it did not finish in time."""
    # its own process group, so that a timeout stops the measured command too
    # (killing only the measuring parent would leave it running and skew later rows)
    proc = subprocess.Popen([sys.executable, "-c", MEASURE, *command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return TimedOut(timeout), None
    out = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    code, wall, peak = out.stdout.split()
    if code != "0":
        sys.stderr.write(out.stderr)
        return None
    return float(wall), int(peak)


def fmt(result) -> str:
    if result is None:
        return "-"
    wall, peak = result
    if isinstance(wall, TimedOut):
        return f"did not finish in {wall:,.0f} s"
    return f"{wall:.2f} s, {peak / 2**20:,.0f} MB"


def ratio(base, ours) -> str:
    """How many times faster netmap was (a lower bound when the baseline timed out)."""
    if not base or not ours or isinstance(ours[0], TimedOut):
        return "-"
    return f"{'> ' if isinstance(base[0], TimedOut) else ''}{base[0] / ours[0]:.1f}x"


NETMAP = [sys.executable, "-m", "netmap"]


def synthesise(n: int, functions: int, path) -> None:
    """Write the synthetic partnership of ``n`` organisations every benchmark uses (seed 1)."""
    subprocess.run(NETMAP + ["synth", "--organisations", str(n), "--functions", str(functions),
                             "--seed", "1", "-o", str(path)], check=True,
                   stdout=subprocess.DEVNULL)


def print_table(header: list, rows: list) -> None:
    """A Markdown table (first column: organisations, with thousands separators)."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print(f"| {row[0]:,} | " + " | ".join(row[1:]) + " |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int,
                        default=[1000, 5000, 20000, 100000, 1000000])
    parser.add_argument("--functions", type=int, default=12)
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds before a netmap or igraph run is stopped")
    parser.add_argument("--networkx-timeout", type=float, default=600,
                        help="seconds before the networkx baseline is stopped (the table "
                        "then gives a lower bound on the speed-up)")
    parser.add_argument("--networkx-max", type=int, default=5000,
                        help="largest size at which to run the networkx baseline")
    parser.add_argument("--igraph-max", type=int, default=20000,
                        help="largest size at which to run the igraph baseline")
    args = parser.parse_args()
    netmap = NETMAP
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = os.path.join(tmp, f"synth{n}.csv")
            synthesise(n, args.functions, path)
            ours = measure(netmap + ["metrics", path, "--format", "json", "--quiet"],
                           args.timeout)
            nx_run = measure([sys.executable, str(HERE / "baselines.py"), "networkx", path],
                             args.networkx_timeout) if n <= args.networkx_max else None
            ig_run = measure([sys.executable, str(HERE / "baselines.py"), "igraph", path],
                             args.timeout) if n <= args.igraph_max else None
            rows.append((n, fmt(ours), fmt(nx_run), ratio(nx_run, ours), fmt(ig_run),
                         ratio(ig_run, ours)))
            print(json.dumps({"organisations": n, "netmap": ours, "networkx": nx_run,
                              "igraph": ig_run}), file=sys.stderr, flush=True)
    print_table([f"organisations × {args.functions} functions",
                 "netmap metrics (time, peak RSS)", "networkx pipeline", "netmap faster by",
                 "igraph betweenness + closeness", "netmap faster by"], rows)


if __name__ == "__main__":
    main()
