"""Lag-1 autocorrelation of the null model's draws for several thinnings.

The figures behind ``netmap.nullmodel.THINNING`` (see that module's docstring).
Run from the repository root: ``python benchmarks/null_mixing.py``.
"""

from __future__ import annotations

import numpy as np

import netmap
from netmap.nullmodel import null_values

INPUTS = {"tests/data/webs/Safariland.csv": {"layout": "wide", "weighted": True},
          "tests/data/webs/barrett1987.csv": {"layout": "wide", "weighted": True},
          "data/partners.csv": {}}


def lag1(values) -> float:
    d = np.asarray(values, dtype=float)
    d = d - d.mean()
    return float((d[:-1] * d[1:]).sum() / (d * d).sum())


def main() -> None:
    for path, options in INPUTS.items():
        p = netmap.read(path, **options)
        print(f"{path}: {len(p.organisations)} x {len(p.functions)}")
        for thinning in (1, 2, 3, 5, 10):
            found = []
            for seed in (1, 2):
                _, values = null_values(p, draws=400, seed=seed, thinning=thinning)
                found += [round(lag1(values[k]), 2) for k in ("nodf", "robustness_targeted")]
            print(f"  thinning {thinning:2d} x organisations: lag-1 autocorrelation {found}")


if __name__ == "__main__":
    main()
