"""50 small partnerships: 50 separate ``netmap report`` processes against one batch call.

Run from the repository root: ``python benchmarks/batch.py [--files 50] [--jobs N]
[--separate-root DIR]``. Writes the partnerships (``netmap synth``, 40 organisations
each) into a temporary folder, then times both ways, each as whole processes, and
prints the figures. ``--separate-root`` runs the separate processes in another
checkout (an export of an earlier commit: the "50 separate calls" of that time).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def netmap(*args: str, root: Path = ROOT) -> None:
    subprocess.run([sys.executable, "-m", "netmap", *args], cwd=root, check=True,
                   capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--separate-root", type=Path, default=ROOT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for k in range(args.files):
            path = folder / f"partnership_{k:03d}.csv"
            netmap("synth", "--organisations", "40", "--seed", str(k), "-o", str(path), "-q")
            files.append(str(path))
        start = time.perf_counter()
        for k, f in enumerate(files):
            netmap("report", f, "-o", str(folder / "separate" / str(k)), "-q",
                   root=args.separate_root)
        separate = time.perf_counter() - start
        start = time.perf_counter()
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        netmap("report", *files, "-o", str(folder / "batch"), "-q", *jobs)
        batch = time.perf_counter() - start
    print(f"{args.files} reports: {separate:.1f} s as separate processes, {batch:.1f} s in "
          f"one batch ({separate / batch:.1f}x)")


if __name__ == "__main__":
    main()
