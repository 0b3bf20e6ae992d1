"""Modules: does the partnership fall apart into groups of organisations and functions?

A module is a set of organisations and functions more engaged with one
another than chance would have them (two-mode modularity Q, Barber 2007;
weighted with ``--weighted``, Dormann & Strauss 2014; the definition and the
maximiser, DIRTLPAwb+ of Beckett 2016, are in :mod:`netmap.metrics.modularity`).
Organisations without engagement and functions without provider belong to no
module (as R's ``bipartite::computeModules`` drops empty rows and columns).

**Computed on classes.** Given the functions' modules, an organisation's
share of Q depends on its own row only, so organisations with identical rows
(the same function set; with weights, the same strengths) have the same best
module: at any optimum each could join the other's without changing Q, so
an optimum exists with every class in one module. Summing each class into
one row leaves Q of such partitions unchanged (the null model only uses row
totals), so the optimum of the class matrix is the optimum of the
partnership, exactly. That keeps a million organisations in 12 functions a
problem of at most 4,096 rows.

**Cost.** The exact optimum when the smaller side's partitions are few
enough to enumerate (:data:`netmap.metrics.modularity.EXACT_LIMIT`); otherwise
:data:`RESTARTS` (20) seeded DIRTLPAwb+ runs, then netmap's
refinement, when the class matrix has at most :data:`FULL_CELLS` cells (rows x
functions; every partnership of a few hundred organisations); above that,
:data:`FEW_RESTARTS` runs, refined, and a note says so; above
:data:`MAX_CELLS` cells modules are not computed and a note says so. ``force``
(``--force-modules``) runs all 20 at any size.

**Roles** (Guimerà & Amaral 2005, *Nature* 433: 895-900, as
``bipartite::czvalues`` computes them for one level of a two-mode network,
after Olesen et al. 2007, *PNAS* 104: 19891-19896; on presence/absence, its
default). For organisation i in module s, with k_i its functions and k_it
those of its functions in module t:

- ``module_participation`` c_i = 1 - sum_t (k_it / k_i)^2: 0 when all its
  functions are in one module, towards 1 when spread evenly over many;
  null without engagement.
- ``module_z`` z_i = (k_is - mean_s) / sd_s, mean and sample standard
  deviation of k_js over the organisations j of module s: how much more of
  its own module's functions it covers than its module's other members. 0
  when they all cover the same number (sd 0, as ``czvalues``); null when it
  is its module's only organisation (``czvalues`` gives NA) or has no
  engagement.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from netmap.metrics.modularity import maximise
from netmap.metrics.quotient import classes
from netmap.model import Partnership
from netmap.names import name_rank

__all__ = ["Modules", "modules", "RESTARTS", "FEW_RESTARTS", "FULL_CELLS", "MAX_CELLS"]

RESTARTS = 20
FEW_RESTARTS = 2
FULL_CELLS = 2_000
MAX_CELLS = 1_000_000


@dataclass(frozen=True)
class Modules:
    """Modules of a partnership (see the module docstring).

    ``organisation_module`` and ``function_module`` number modules from 1 in
    the order of their first function (input order); 0 means no module (no
    engagement, or modules not computed). ``modularity`` is None when not
    computed or undefined (no engagement).
    """

    modularity: float | None
    count: int
    organisation_module: np.ndarray
    function_module: np.ndarray
    module_z: np.ndarray
    module_participation: np.ndarray
    restarts: int = 0
    notes: list = field(default_factory=list)


def _rows(p: Partnership) -> tuple:
    """(class matrix, class sizes, class of each organisation) for Q."""
    if not p.weighted:
        B, w, class_of = classes(p)
        return B * w[:, None], w, class_of
    m = p.matrix().to_numpy()
    if len(m) == 0:
        return np.zeros((0, m.shape[1])), np.zeros(0), np.zeros(0, dtype=np.int64)
    rows, class_of, w = np.unique(m, axis=0, return_inverse=True, return_counts=True)
    return rows * w[:, None], w.astype(float), np.asarray(class_of).ravel()


def _empty(p: Partnership, notes: list) -> Modules:
    n, F = len(p.organisations), len(p.functions)
    nan = np.full(n, np.nan)
    return Modules(None, 0, np.zeros(n, dtype=np.int64), np.zeros(F, dtype=np.int64),
                   nan, nan.copy(), 0, notes)


def modules(p: Partnership, seed=0, force: bool = False) -> Modules:
    """The modules of ``p``, their modularity and each organisation's roles.

    Parameters
    ----------
    p : Partnership
    seed : int or numpy.random.Generator
        The same seed gives the same modules.
    force : bool
        Run all :data:`RESTARTS` restarts whatever the size.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "H"),
    ...                             ("D", "H"), ("D", "G")])
    >>> m = modules(p)
    >>> round(m.modularity, 4), m.organisation_module.tolist(), m.function_module.tolist()
    (0.3333, [1, 1, 2, 2], [1, 1, 2])
    """
    X, w, class_of = _rows(p)
    if p.weighted and ((X < 0).any() or not np.isfinite(X).all()):
        return _empty(p, ["modules not computed: modularity needs engagement strengths of 0 "
                          "or more"])
    live_r = X.sum(axis=1) > 0
    live_c = X.sum(axis=0) > 0
    A = X[live_r][:, live_c]
    if A.size == 0:
        return _empty(p, [])
    cells = A.shape[0] * A.shape[1]
    notes = []
    restarts = RESTARTS
    if not force and cells > MAX_CELLS:
        return _empty(p, [f"modules not computed: {A.shape[0]:,} distinct function sets x "
                          f"{A.shape[1]:,} functions is above {MAX_CELLS:,} cells; "
                          "--force-modules (force_modules=True) computes them"])
    if not force and cells > FULL_CELLS:
        restarts = FEW_RESTARTS
        notes.append(f"modules from {FEW_RESTARTS} DIRTLPAwb+ restarts (not {RESTARTS}), "
                     f"refined: {A.shape[0]:,} distinct function sets x {A.shape[1]:,} "
                     f"functions is above {FULL_CELLS:,} cells; --force-modules "
                     f"(force_modules=True) runs all {RESTARTS}")
    # rows and columns in a canonical order (functions by name, function sets by content),
    # so a re-sorted file gives the same modules
    names = np.array(p.functions, dtype=object)[live_c]
    col_order = np.argsort(name_rank(names), kind="stable")
    canon = A[:, col_order]
    row_order = np.lexsort(canon.T[::-1]) if len(canon) else np.zeros(0, dtype=np.int64)
    part = maximise(canon[row_order], seed=seed, restarts=restarts)
    row_labels = np.empty(len(A), dtype=np.int64)
    row_labels[row_order] = part.rows
    col_labels = np.empty(A.shape[1], dtype=np.int64)
    col_labels[col_order] = part.cols
    # number modules from 1 by their first function in name order
    first: dict = {}
    for rank, j in enumerate(col_order):
        first.setdefault(int(col_labels[j]), rank)
    for label in row_labels:
        first.setdefault(int(label), A.shape[1])
    order = sorted(first, key=lambda lab: (first[lab], lab))
    number = {lab: i + 1 for i, lab in enumerate(order)}
    part = dataclasses.replace(part, rows=row_labels, cols=col_labels)
    class_module = np.zeros(len(X), dtype=np.int64)
    class_module[live_r] = [number[int(lab)] for lab in part.rows]
    fn_module = np.zeros(len(p.functions), dtype=np.int64)
    fn_module[live_c] = [number[int(lab)] for lab in part.cols]
    z, c = _roles((X > 0).astype(float) if p.weighted else X / np.where(w > 0, w, 1)[:, None],
                  w, class_module, fn_module)
    return Modules(part.q, len(number), class_module[class_of], fn_module, z[class_of],
                   c[class_of], restarts, notes)


def _roles(B: np.ndarray, w: np.ndarray, class_module: np.ndarray,
           fn_module: np.ndarray) -> tuple:
    """Within-module degree z and participation c of each class (0/1 rows ``B``, sizes ``w``).

    Each class stands for ``w`` organisations with the same row, so the mean
    and sample standard deviation over a module's organisations weight each
    class by its size.
    """
    C = len(B)
    K = int(fn_module.max(initial=0))
    z, c = np.full(C, np.nan), np.full(C, np.nan)
    if K == 0 or C == 0:
        return z, c
    member = np.eye(K + 1)[fn_module][:, 1:]  # function x module (module 0: none)
    k_t = B @ member  # class x module: its functions in each module
    k = B.sum(axis=1)
    engaged = k > 0
    c[engaged] = 1.0 - ((k_t[engaged] / k[engaged, None]) ** 2).sum(axis=1)
    for s in range(1, K + 1):
        here = engaged & (class_module == s)
        n = w[here].sum()
        if n < 2:
            continue
        own = k_t[here, s - 1]
        mean = (w[here] * own).sum() / n
        sd = np.sqrt((w[here] * (own - mean) ** 2).sum() / (n - 1))
        z[here] = (own - mean) / sd if sd > 1e-12 else 0.0
    return z, c
