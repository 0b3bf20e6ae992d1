"""Benchmark: load a synthetic wide matrix and compute the metrics of this stage.

Usage: python benchmarks/bench_load.py [N_ORGANISATIONS ...] [--functions F]

Writes a seeded random partnership (each organisation engages in each function
with probability 0.2, at least one) to a temporary CSV, then times
``netmap.load`` and ``netmap.metrics.compute`` separately and reports the
peak resident memory of the process. Figures are recorded in
BENCHMARKS.md with the machine that produced them.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import netmap  # noqa: E402
from netmap.metrics import compute  # noqa: E402


def write_matrix(path: Path, n: int, f: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    sectors = ["statutory", "voluntary", "faith", "community", "international"]
    engagements = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("organisation,sector," + ",".join(f"Function {j}" for j in range(f)) + "\n")
        for i in range(n):
            marks = ["1" if rng.random() < 0.2 else "" for _ in range(f)]
            if not any(marks):
                marks[rng.randrange(f)] = "1"
            engagements += marks.count("1")
            fh.write(f"Organisation {i},{rng.choice(sectors)}," + ",".join(marks) + "\n")
    return engagements


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--functions", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"m{n}.csv"
            expected = write_matrix(path, n, args.functions)
            t0 = time.perf_counter()
            p = netmap.read(path)
            t1 = time.perf_counter()
            m = compute(p)
            t2 = time.perf_counter()
            assert m.network["engagements"] == expected
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:>9} organisations x {args.functions} functions: load {t1 - t0:6.2f} s, "
                  f"metrics {t2 - t1:6.2f} s, peak RSS so far {peak:7.0f} MB")


if __name__ == "__main__":
    main()
