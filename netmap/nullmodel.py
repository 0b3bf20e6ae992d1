"""A null model for fair comparison: random partnerships with the same degrees.

Indices such as NODF depend on size and connectance, so raw values of a small
and a large partnership cannot be compared. netmap compares each with random
partnerships that keep every organisation's number of functions and every
function's number of providers exactly (the fixed-fixed null model), drawn by
the curveball algorithm (Strona, Nappo, Boccacci, Fattorini & San-Miguel-Ayanz
2014, *Nature Communications* 5: 4114), a Markov chain of "trades" between two
organisations that swaps functions only one of them has. The chain starts from
the observed matrix, runs a burn-in of 10 x organisations trades, and samples
one matrix every organisations trades; a seeded generator makes the draws
reproducible. z = (observed - mean of draws) / standard deviation of draws
(missing when the draws do not vary, e.g. when the degrees allow one matrix
only).

Indices z-scored: ``nodf`` and ``robustness_targeted`` (the targeted attack
order depends only on degrees, which the null model keeps, so the curve's
area is cheap to recompute for every draw). Connectance and centralisation
depend only on the degrees and are the same in every draw.
"""

from __future__ import annotations

import math

import numpy as np

from netmap.metrics.network import nodf_matrix
from netmap.metrics.robustness import area, curve_from_last, targeted_order
from netmap.model import Partnership

__all__ = ["curveball", "null_draws", "null_zscores", "INDICES"]

INDICES = ("nodf", "robustness_targeted")


def curveball(rows: list, rng: np.random.Generator, trades: int) -> None:
    """Apply ``trades`` curveball trades to ``rows`` (a list of sets of column indices), in place.

    >>> rng = np.random.default_rng(0)
    >>> rows = [{0, 1}, {1, 2}, {2}]
    >>> curveball(rows, rng, 50)
    >>> sorted(len(r) for r in rows), sorted(sum(c in r for r in rows) for c in range(3))
    ([1, 2, 2], [1, 2, 2])
    """
    n = len(rows)
    if n < 2:
        return
    for _ in range(trades):
        i, j = rng.choice(n, size=2, replace=False)
        a, b = rows[i], rows[j]
        only_a, only_b = a - b, b - a
        if not only_a or not only_b:
            continue
        pool = sorted(only_a | only_b)
        rng.shuffle(pool)
        both = a & b
        rows[i] = both | set(pool[: len(only_a)])
        rows[j] = both | set(pool[len(only_a):])


def _matrix(rows: list, n_cols: int) -> np.ndarray:
    m = np.zeros((len(rows), n_cols), dtype=bool)
    for i, r in enumerate(rows):
        m[i, list(r)] = True
    return m


def null_draws(m: np.ndarray, draws: int, seed: int = 0, progress=None):
    """Yield ``draws`` random boolean matrices with the row and column sums of ``m``."""
    rng = np.random.default_rng(seed)
    rows = [set(np.flatnonzero(r).tolist()) for r in np.asarray(m, dtype=bool)]
    n = len(rows)
    curveball(rows, rng, 10 * n)
    for k in range(draws):
        curveball(rows, rng, max(n, 1))
        if progress is not None:
            progress(k + 1)
        yield _matrix(rows, m.shape[1])


def _targeted_area(m: np.ndarray, position: np.ndarray) -> float:
    """Area of the targeted attack curve of matrix ``m`` (rows leave at ``position``)."""
    n, f = m.shape
    if f == 0:
        return 0.0
    last = np.where(m, position[:, None], 0).max(axis=0) if n else np.zeros(f, dtype=int)
    return area(curve_from_last(last, n))


def null_zscores(p: Partnership, draws: int = 1000, seed: int = 0, progress=None) -> dict:
    """Observed value, null mean, null SD and z-score of each index in :data:`INDICES`."""
    m = p.matrix().to_numpy() > 0
    order = targeted_order(p)
    index = {o: i for i, o in enumerate(p.organisations)}
    position = np.zeros(len(order), dtype=np.int64)
    for step, o in enumerate(order, start=1):
        position[index[o]] = step
    observed = {"nodf": nodf_matrix(m)["nodf"], "robustness_targeted": _targeted_area(m, position)}
    values: dict = {k: [] for k in INDICES}
    for sample in null_draws(m, draws, seed, progress):
        values["nodf"].append(nodf_matrix(sample)["nodf"])
        values["robustness_targeted"].append(_targeted_area(sample, position))
    out = {}
    for k in INDICES:
        v = np.array(values[k], dtype=float)
        v = v[~np.isnan(v)]
        mean = float(v.mean()) if len(v) else math.nan
        sd = float(v.std(ddof=1)) if len(v) > 1 else math.nan
        obs = observed[k]
        z = (obs - mean) / sd if sd and sd > 1e-12 and not math.isnan(obs) else math.nan
        out[k] = {"observed": obs, "null_mean": mean, "null_sd": sd, "z": z, "draws": draws,
                  "seed": seed}
    return out
