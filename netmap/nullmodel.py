"""A null model for fair comparison: random partnerships with the same degrees.

Indices such as NODF depend on size and connectance, so raw values of a small
and a large partnership cannot be compared. netmap compares each with random
partnerships that keep every organisation's number of functions and every
function's number of providers exactly (the fixed-fixed null model), drawn by
the curveball algorithm (Strona, Nappo, Boccacci, Fattorini & San-Miguel-Ayanz
2014, *Nature Communications* 5: 4114), a Markov chain of "trades" between two
organisations that swaps functions only one of them has. The trades are made
as global trades (Carstens, Berger & Strona 2018, "Parallel and I/O-efficient
randomisation of massive networks using global curveball trades", ESA 2018):
the organisations are paired at random and every pair trades at once, a chain
whose stationary distribution is uniform too; :data:`CHAINS` chains (fewer for
a large matrix) start from the observed matrix and run side by side as numpy
arrays. Each runs a burn-in of :data:`BURN_IN` x organisations trades and then
gives one matrix every :data:`THINNING` x organisations trades; the draws are
listed chain after chain (so the lag-1 autocorrelation of the list is that of
a chain). A seeded generator makes the draws reproducible. Rows and columns
enter the chain in a canonical order (organisations and functions by name), so
a re-sorted file gives the same draws.

The draws for a seed changed in netmap's "Unreleased" version: the trades
were made one at a time on Python sets in one chain, and are now made as
global trades in chains side by side, about twenty times faster (1,000 draws
for the bundled partnership and the three examples: 4.0 s of CPU before,
0.2 s after; BENCHMARKS.md). The null means and standard deviations agree
within Monte Carlo error; the z-scores and p-values of a seed are new numbers.

Why these lengths: one trade touches two organisations, so the burn-in gives
every organisation about 40 trades and each thinning step about 10. Measured
lag-1 autocorrelations of NODF and targeted robustness between successive
draws (400 draws, two seeds; ``benchmarks/null_mixing.py``) were 0.4-0.7 with
one trade per organisation between draws on the pollination webs Safariland
(9 x 27) and barrett1987 (12 x 102), and at most 0.19 with five; on the
bundled partnership (36 x 6) at most 0.12 from two on (global trades, 50
chains; one chain of single trades gave about the same). The tests check, on
small matrices whose every same-degree matrix can be listed, that the draws
are uniform over them (a chi-square test), and, on a pollination web, that
the lag-1 autocorrelation is below 0.25 and that a chain with five times the
burn-in and twice the thinning gives the same null mean and standard
deviation within Monte Carlo error.

For each index: the null mean and standard deviation (ddof = 1) of the draws;
z = (observed - mean) / sd (missing when the draws do not vary, e.g. when the
degrees allow one matrix only); the empirical two-sided p-value
(b + 1) / (n + 1), b being the number of draws at least as far from the null
mean as the observed value (Davison & Hinkley 1997; North, Curtis & Sham
2002); and the Monte Carlo standard error of z by the delta method,
sqrt(1 / n_eff + z^2 / (2 (n_eff - 1))), with n_eff = n (1 - r) / (1 + r)
for the draws' lag-1 autocorrelation r (clipped to [0, 1)).
:func:`benjamini_hochberg` adjusts a table's p-values for multiple testing.

Indices z-scored: ``nodf`` and ``robustness_targeted`` (the targeted attack
order depends only on degrees, which the null model keeps, so the curve's
area is cheap to recompute for every draw), and, when asked
(``modularity=True``, ``compare --null-modularity``), ``modularity``: Barber's
Q of the 0/1 matrix maximised afresh for the observed matrix and for every
draw by the same procedure (:func:`netmap.metrics.modularity.maximise` with
:data:`NULL_RESTARTS` restarts, seeded from the draw), identical rows summed
first (which leaves Q unchanged); each draw needs its own optimisation, hence
opt-in. Connectance and centralisation
depend only on the degrees and are the same in every draw.
"""

from __future__ import annotations

import math

import numpy as np

from netmap.metrics.network import nodf_matrix, nodf_same_degrees
from netmap.metrics.robustness import area, curve_from_last, targeted_order
from netmap.model import Partnership

__all__ = ["curveball", "CHAINS", "null_draws", "null_zscores", "null_values", "summarise",
           "benjamini_hochberg", "binary_modularity", "INDICES", "BURN_IN", "THINNING",
           "NULL_RESTARTS"]

INDICES = ("nodf", "robustness_targeted")
NULL_RESTARTS = 5  # DIRTLPAwb+ restarts per modularity optimisation in the null model
BURN_IN = 20  # trades per organisation before the first draw
THINNING = 5  # trades per organisation between two draws


def curveball(m: np.ndarray, rng: np.random.Generator, trades: int) -> None:
    """Apply at least ``trades`` curveball trades to each chain of ``m``, in place.

    ``m`` is a boolean array chains x rows x columns: independent chains, each
    a matrix. The trades come as global trades (Carstens, Berger & Strona 2018):
    the rows are paired at random and every pair trades at once, which keeps
    the chain's uniform stationary distribution; ``ceil(trades / (rows // 2))``
    such rounds are made. In a trade the columns only one of the two rows has
    are pooled and dealt out again at random, each row keeping its count.

    >>> rng = np.random.default_rng(0)
    >>> m = np.array([[[1, 1, 0], [0, 1, 1], [0, 0, 1]]] * 2, dtype=bool)
    >>> curveball(m, rng, 50)
    >>> m.sum(axis=2).tolist(), m.sum(axis=1).tolist()  # every chain keeps its sums
    ([[2, 2, 1], [2, 2, 1]], [[1, 2, 2], [1, 2, 2]])
    """
    chains, n, cols = m.shape
    half = n // 2
    if half == 0 or cols == 0 or trades <= 0:
        return
    chain = np.arange(chains)[:, None]
    slot = np.arange(cols)
    for _ in range(-(-trades // half)):
        pairs = np.argsort(rng.random((chains, n)), axis=1)
        i, j = pairs[:, :half], pairs[:, half: 2 * half]
        a, b = m[chain, i], m[chain, j]
        both, pool = a & b, a ^ b
        keep = (a & ~b).sum(axis=2, keepdims=True)  # how many pooled columns row i gets
        keys = np.where(pool, rng.random(pool.shape), 2.0)
        rank = np.empty(pool.shape, dtype=np.int64)
        np.put_along_axis(rank, np.argsort(keys, axis=2), slot, axis=2)
        to_a = rank < keep
        m[chain, i] = both | (pool & to_a)
        m[chain, j] = both | (pool & ~to_a)


# chains run side by side (at most this many; fewer when the matrix is large), so that
# the numpy work of a round is shared; independent chains also make the draws less
# correlated than one chain with the same thinning
CHAINS = 50
_CELLS = 2_000_000  # at most chains x rows x columns cells held at once


def _chains(draws: int, shape: tuple) -> tuple[int, int]:
    """``(chains, draws per chain)`` for ``draws`` draws of a matrix of ``shape``."""
    if draws <= 0:
        return 1, 0
    cells = max(1, shape[0] * shape[1])
    most = max(1, min(CHAINS, _CELLS // cells, draws))
    per_chain = -(-draws // most)
    return -(-draws // per_chain), per_chain


def _batches(m: np.ndarray, draws: int, seed: int, burn_in: int, thinning: int):
    """Yield ``(step, batch)``: after the burn-in and each thinning, every chain's matrix
    (batch: chains x rows x columns, one array reused: copy what you keep)."""
    rng = np.random.default_rng(seed)
    m = np.asarray(m, dtype=bool)
    chains, per_chain = _chains(draws, m.shape)
    batch = np.repeat(m[None, :, :], chains, axis=0)
    n = m.shape[0]
    curveball(batch, rng, burn_in * n)
    for step in range(per_chain):
        curveball(batch, rng, max(thinning * n, 1))
        yield step, batch


def _chain_order(values: np.ndarray, draws: int) -> np.ndarray:
    """Per-step values (steps x chains) as one series, chain after chain, cut to ``draws``
    (successive draws come from one chain, so their lag-1 autocorrelation is the chain's)."""
    return values.T.reshape(-1)[:draws]


def null_draws(m: np.ndarray, draws: int, seed: int = 0, progress=None,
               burn_in: int = BURN_IN, thinning: int = THINNING):
    """Yield ``draws`` random boolean matrices with the row and column sums of ``m``
    (``burn_in`` and ``thinning``: trades per row before the first and between draws,
    in each chain; see :func:`null_values` for the order)."""
    kept = []
    total = 0
    for _, batch in _batches(m, draws, seed, burn_in, thinning):
        kept.append(batch.copy())
        total = min(total + len(batch), draws)
        if progress is not None:
            progress(total)
    if not kept:
        return
    stacked = np.stack(kept)  # steps x chains x rows x columns
    for k in _chain_order(np.arange(stacked.shape[0] * stacked.shape[1])
                          .reshape(stacked.shape[:2]), draws):
        step, chain = divmod(int(k), stacked.shape[1])
        yield stacked[step, chain]


def _targeted_area(m: np.ndarray, position: np.ndarray) -> float:
    """Area of the targeted attack curve of matrix ``m`` (rows leave at ``position``)."""
    n, f = m.shape
    if f == 0:
        return 0.0
    last = np.where(m, position[:, None], 0).max(axis=0) if n else np.zeros(f, dtype=int)
    return area(curve_from_last(last, n))


def _canonical(p: Partnership) -> tuple:
    """The engagement matrix with rows and columns in name order, and each organisation's
    step in the targeted attack order (in that row order)."""
    from netmap.names import name_rank

    m = p.matrix().to_numpy() > 0
    rows = np.argsort(name_rank(np.array(p.organisations, dtype=object)), kind="stable")
    cols = np.argsort(name_rank(np.array(p.functions, dtype=object)), kind="stable")
    m = m[np.ix_(rows, cols)]
    order = targeted_order(p)
    index = {o: i for i, o in enumerate(np.array(p.organisations, dtype=object)[rows])}
    position = np.zeros(len(order), dtype=np.int64)
    for step, o in enumerate(order, start=1):
        position[index[o]] = step
    return m, position


def binary_modularity(m: np.ndarray, seed: int = 0, restarts: int = NULL_RESTARTS) -> float:
    """Barber's Q of the 0/1 matrix ``m``, maximised (NaN without engagements).

    Empty rows and columns are dropped and identical rows summed into one
    weighted row, which leaves Q unchanged.

    >>> m = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 1, 1, 1]], dtype=bool)
    >>> round(binary_modularity(m), 4)
    0.3951
    """
    from netmap.metrics.modularity import maximise

    m = np.asarray(m, dtype=bool)
    m = m[m.any(axis=1)][:, m.any(axis=0)]
    if not m.any():
        return math.nan
    rows, counts = np.unique(m, axis=0, return_counts=True)
    return float(maximise(rows * counts[:, None].astype(float), seed=seed,
                          restarts=restarts).q)


def null_values(p: Partnership, draws: int = 1000, seed: int = 0, progress=None,
                burn_in: int = BURN_IN, thinning: int = THINNING,
                modularity: bool = False) -> tuple:
    """``(observed, values)``: each index's observed value, and its value in every draw
    (a dict of lists; the draws of one chain, then of the next: see the module docstring);
    ``modularity`` adds Q (see the module docstring)."""
    m, position = _canonical(p)
    observed = {"nodf": nodf_matrix(m)["nodf"], "robustness_targeted": _targeted_area(m, position)}
    chains, per_chain = _chains(draws, m.shape)
    nodf = np.zeros((per_chain, chains))
    robustness = np.zeros((per_chain, chains))
    mod = np.full((per_chain, chains), np.nan)
    if modularity:
        observed["modularity"] = binary_modularity(m, seed)
    n, f = m.shape
    for step, batch in _batches(m, draws, seed, burn_in, thinning):
        nodf[step] = nodf_same_degrees(batch)
        last = (np.where(batch, position[None, :, None], 0).max(axis=1) if n
                else np.zeros((len(batch), f), dtype=np.int64))
        robustness[step] = [area(curve_from_last(x, n)) if f else 0.0 for x in last]
        if modularity:  # each draw's modules found afresh, seeded from the draw
            mod[step] = [binary_modularity(batch[c], seed + 1 + step * chains + c)
                         for c in range(len(batch))]
        if progress is not None:
            progress(min((step + 1) * chains, draws))
    values = {"nodf": _chain_order(nodf, draws).tolist(),
              "robustness_targeted": _chain_order(robustness, draws).tolist()}
    if modularity:
        values["modularity"] = _chain_order(mod, draws).tolist()
    return observed, values


def _lag1(v: np.ndarray) -> float:
    """Lag-1 autocorrelation of a series (0 when it cannot be estimated)."""
    if len(v) < 3:
        return 0.0
    d = v - v.mean()
    denom = float((d * d).sum())
    return float((d[:-1] * d[1:]).sum() / denom) if denom > 0 else 0.0


def summarise(observed: float, values) -> dict:
    """Null mean, SD, z, empirical two-sided p and the Monte Carlo SE of z of one index.

    >>> s = summarise(3.0, [0.0, 1.0, 2.0, 1.0, 0.0, 2.0, 1.0, 1.0])
    >>> round(s["null_mean"], 3), round(s["z"], 3), s["p"]  # no draw as far out: 1/9
    (1.0, 2.646, 0.1111111111111111)
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    n = len(v)
    mean = float(v.mean()) if n else math.nan
    sd = float(v.std(ddof=1)) if n > 1 else math.nan
    obs = float(observed) if observed is not None else math.nan
    ok = not math.isnan(obs) and n > 0
    z = (obs - mean) / sd if ok and sd and sd > 1e-12 else math.nan
    p = math.nan
    if ok:
        far = np.abs(v - mean) >= abs(obs - mean) - 1e-12 * max(1.0, abs(obs))
        p = (int(far.sum()) + 1) / (n + 1)
    se = math.nan
    if not math.isnan(z) and n > 2:
        r = min(max(_lag1(v), 0.0), 0.99)
        n_eff = max(n * (1 - r) / (1 + r), 2.0)
        se = math.sqrt(1 / n_eff + z * z / (2 * (n_eff - 1)))
    return {"observed": obs, "null_mean": mean, "null_sd": sd, "z": z, "p": p, "z_mcse": se}


def null_zscores(p: Partnership, draws: int = 1000, seed: int = 0, progress=None) -> dict:
    """Observed value, null mean, null SD, z, p and the Monte Carlo SE of z of each index in
    :data:`INDICES` (with ``draws``, ``seed``, ``burn_in`` and ``thinning`` in trades)."""
    observed, values = null_values(p, draws, seed, progress)
    n = len(p.organisations)
    return {k: {**summarise(observed[k], values[k]), "draws": draws, "seed": seed,
                "burn_in": BURN_IN * n, "thinning": max(THINNING * n, 1)} for k in INDICES}


def benjamini_hochberg(pvalues) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (NaN stays NaN and is not counted).

    >>> benjamini_hochberg([0.01, 0.04, float("nan"), 0.03]).round(3).tolist()
    [0.03, 0.04, nan, 0.04]
    """
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if len(ok) == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    adjusted = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(adjusted[::-1])[::-1]
    out[order] = np.minimum(adjusted, 1.0)
    return out
