"""The same numbers on every machine (issue 17 persona test: Burt's constraint differed in
its last digits between a one-core and a two-core machine, as OpenBLAS split its sums over
the cores).

- test_commands_use_one_blas_thread: ``netmap.cli`` sets OPENBLAS_NUM_THREADS (and MKL's,
  OpenMP's) to 1 before numpy loads, unless the user set it.
- test_metrics_do_not_depend_on_the_threads_available: ``netmap metrics --format json`` of a
  5,000-organisation partnership, the variable unset, equals the run with it set to 1.
"""

from __future__ import annotations

import os
import subprocess
import sys

from ..conftest import ROOT


def _env(**set_) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")}
    env.update(set_)
    return env


def test_commands_use_one_blas_thread():
    probe = ("import netmap.cli, os, sys; "
             "print(os.environ['OPENBLAS_NUM_THREADS'], 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["1", "False"], done.stderr
    mine = subprocess.run([sys.executable, "-c", probe], cwd=ROOT,
                          env=_env(OPENBLAS_NUM_THREADS="3"), capture_output=True, text=True,
                          timeout=60)
    assert mine.stdout.split()[0] == "3"


def test_metrics_do_not_depend_on_the_threads_available(tmp_path):
    from netmap.synth import write_synth_csv

    path = tmp_path / "national.csv"
    write_synth_csv(path, 5000, 12, seed=1)
    outputs = []
    for env in (_env(), _env(OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
                             OMP_NUM_THREADS="1")):
        done = subprocess.run([sys.executable, "-m", "netmap", "metrics", str(path), "--format",
                               "json", "-q", "--runs", "5"], cwd=ROOT, env=env,
                              capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert b"constraint" in outputs[0]
