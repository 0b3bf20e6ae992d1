"""The null model's share of `netmap compare`: the library's compare with and without draws.

Usage: python benchmarks/bench_null.py [--draws 1000] [--root DIR]

Runs, each in a process of its own (in ``--root``: default this checkout, or an
export of an earlier commit for "before" figures), ``netmap.compare`` of the
bundled partnership and the three examples with ``null_draws=0`` and with
``--draws``, and prints wall and CPU time (user + system, ``resource.getrusage``
of the process) of the compare call alone: the difference is the null model
(curveball draws, NODF and targeted robustness of every draw). The whole
command, figures and pages included, is timed with ``benchmarks/timed.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["data/partners.csv", "data/examples/eastvale.csv", "data/examples/northshire.csv",
         "data/examples/westbridge.csv"]

CALL = """
import json, resource, sys, time
import netmap
ps = [netmap.read(f) for f in {files!r}]
r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
netmap.compare(ps, null_draws={draws}, seed=0)
r1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print(json.dumps({{"wall": t1 - t0, "cpu": cpu}}))
"""


def run(draws: int, root: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CALL.format(files=FILES, draws=draws)],
                          cwd=root, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args()
    for _ in range(args.repeat):
        without, with_ = run(0, args.root), run(args.draws, args.root)
        print(f"compare without draws: wall {without['wall']:.2f} s, CPU {without['cpu']:.2f} s; "
              f"with {args.draws}: wall {with_['wall']:.2f} s, CPU {with_['cpu']:.2f} s; "
              f"null model: CPU {with_['cpu'] - without['cpu']:.2f} s", flush=True)


if __name__ == "__main__":
    main()
