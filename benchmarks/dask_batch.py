"""Many partnerships' reports on a Dask cluster: a measured estimate for a cluster engine.

Run from the repository root, with dask[distributed] installed (it is not a netmap
dependency): ``python benchmarks/dask_batch.py [--files 50] [--workers 2]
[--scheduler ADDRESS]``. Without ``--scheduler`` it starts a local cluster of
``--workers`` single-threaded worker processes (the same machine the other
benchmarks ran on); with it, the workers of that cluster (their netmap, and a
folder every worker and this script can reach: ``--outdir``).

Each task is :func:`netmap.write_report` of one partnership (the library, not the
command line: a worker keeps its imports and matplotlib's fonts from one task to
the next). The script writes the partnerships (``netmap synth``, 40 organisations),
runs the reports, checks each folder holds a complete report, and prints the wall
time, the tasks' CPU seconds (median and total, measured in the workers) and the
throughput, from which the time for any number of partnerships and workers follows
(see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def report(path: str, outdir: str) -> tuple:
    """One report, in a worker: ``(CPU seconds, files written)``."""
    import time as clock

    import netmap

    start = clock.process_time()
    written = netmap.write_report(netmap.load(path), outdir)
    return clock.process_time() - start, len(written)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--outdir", default=None)
    args = parser.parse_args()
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        sys.exit("this benchmark needs dask[distributed]: pip install 'dask[distributed]'")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.outdir or tmp)
        files = []
        for k in range(args.files):
            path = folder / f"partnership_{k:03d}.csv"
            subprocess.run([sys.executable, "-m", "netmap", "synth", "--organisations", "40",
                            "--seed", str(k), "-o", str(path), "-q"], cwd=ROOT, check=True)
            files.append(str(path))
        if args.scheduler:
            client = Client(args.scheduler)
        else:
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                   processes=True, dashboard_address=None)
            client = Client(cluster)
        client.run(lambda: __import__("netmap").read(str(ROOT / "data" / "partners.csv")))
        start = time.perf_counter()
        futures = client.map(report, files, [str(folder / "out" / Path(f).stem) for f in files],
                             pure=False)
        results = client.gather(futures)
        wall = time.perf_counter() - start
        workers = len(client.scheduler_info().get("workers", {}))
        client.close()
        cpu = [seconds for seconds, _ in results]
        assert all(n == results[0][1] for _, n in results), "a report is incomplete"
        print(f"{args.files} reports on {workers} Dask workers: {wall:.1f} s wall; "
              f"per report {statistics.median(cpu):.2f} s CPU (median), "
              f"{sum(cpu):.1f} s CPU in all; {args.files / wall * 60:.0f} reports a minute")


if __name__ == "__main__":
    main()
