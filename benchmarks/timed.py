"""Time one whole command as its own process: wall, user and system CPU, peak memory.

Usage: python benchmarks/timed.py [--repeat 3] [--root DIR] -- COMMAND [ARGS...]

``COMMAND`` ``netmap`` stands for ``python -m netmap`` run in ``--root`` (default:
this checkout; pass an export of an earlier commit for "before" figures).
Each run's figures come from ``resource.getrusage(RUSAGE_CHILDREN)`` taken in a
small parent process of its own, so that they are the command's alone. On a
machine shared with other work, the CPU times (user + system) say more than
the wall time: they do not grow when the process waits for a core. Prints one
line per run and the median of each figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": done.returncode, "wall": wall, "user": r.ru_utime,
                  "sys": r.ru_stime, "peak_mb": r.ru_maxrss / 1024}))
sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
"""


def measure(command: list, root: Path) -> dict:
    """Figures of one run of ``command`` (a list) in folder ``root``."""
    if command and command[0] == "netmap":
        command = [sys.executable, "-m", "netmap", *command[1:]]
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], cwd=root,
                          capture_output=True, text=True)
    figures = json.loads(done.stdout)
    if figures["code"] != 0:
        sys.stderr.write(done.stderr)
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the command to time after --")
    runs = []
    for _ in range(args.repeat):
        f = measure(command, args.root.resolve())
        runs.append(f)
        print(f"exit {f['code']}: wall {f['wall']:.2f} s, user {f['user']:.2f} s, "
              f"sys {f['sys']:.2f} s, peak {f['peak_mb']:,.0f} MB", flush=True)
    med = {k: statistics.median(r[k] for r in runs) for k in ("wall", "user", "sys", "peak_mb")}
    print(f"median of {len(runs)}: wall {med['wall']:.2f} s, user {med['user']:.2f} s, "
          f"sys {med['sys']:.2f} s, user+sys {med['user'] + med['sys']:.2f} s, "
          f"peak {med['peak_mb']:,.0f} MB")


if __name__ == "__main__":
    main()
