"""Two-mode modularity of a weighted bipartite matrix, and its maximisation by DIRTLPAwb+.

The definition, stated once here. For a non-negative ``rows x cols`` matrix
A (engagement strengths; 0/1 when unweighted) with total M, row sums k_i and
column sums d_j, and a module label g_i for every row and h_j for every
column,

    Q = (1 / M) sum_ij (A_ij - k_i d_j / M) [g_i = h_j].

With 0/1 entries this is Barber's bipartite modularity (Barber 2007,
*Phys. Rev. E* 76: 066102); with weights it is the weighted form of
Dormann & Strauss (2014, *Methods Ecol. Evol.* 5: 90-98), the value R's
``bipartite::computeModules`` reports. Unlike Newman's modularity of the
same graph read as one-mode, the null model k_i d_j / M only pairs a row
with a column; the two agree exactly when every module has equal row and
column totals (Q_Barber - Q_Newman = sum_s (K_s - D_s)^2 / (4 M^2), K_s and
D_s the module's row and column totals).

Given the column labels, each row's contribution depends on its own row of A
only (rows never meet in the null model), and likewise for columns. So the
best labels of all rows given the columns are found at once, independently —
one matrix product — and two identical rows can always share a module at an
optimum (the fact :mod:`netmap.metrics.modules` uses to compress
organisations with identical function sets).

:func:`maximise` runs DIRTLPAwb+ (Beckett 2016, "Improved community detection
in weighted bipartite networks", *R. Soc. open sci.* 3: 140536; the code of
``bipartite::computeModules(method = "Beckett")``, ``LPA_wb_plus.R``):

1. LPAwb+ stage one: label propagation. Every row starts with its own label
   (the side with fewer nodes is the "red" side); columns take the label
   among the rows' labels that maximises sum_i A_ij [g_i = s] - d_j K_s / M,
   then rows likewise from the columns, ties broken at random, until a sweep
   no longer raises Q.
2. Stage two: for each pair of modules holding both rows and columns, merge
   them when that raises Q and no other merge with either of them raises it
   more; then stage one again; repeat until no pair merges.
3. DIRT: LPAwb+ from the one-label-per-red-node start, then ``reps`` (10)
   times from a random start (labels drawn from a + 1 values) for every a
   from ``mini`` (4) to the number of modules first found among the
   matrix's rows; keep the best.

netmap runs ``restarts`` (20) seeded DIRT runs, keeps the best, then refines
it — alternating best responses (all rows, then all columns, each moved only
when that strictly raises Q), the best merge, and single moves of a red node
to another or a new module with the blue nodes at their exact best response
— until none raises Q, so the result is never below the best of the
restarts. Where the red side's partitions are few enough
(:data:`EXACT_LIMIT`), :func:`maximise` enumerates them instead and returns
the exact optimum. Deliberate differences from ``LPA_wb_plus.R``: Q is
always recomputed from the labels (the R code can report the Q of a rejected
sweep, a little below that of the labels it returns); a merge is compared
against the current Q, not the Q before the merge pass started; and a
merge's Q comes from module totals (R's ``WEIGHTEDMODULARITY2`` pairs the
i-th distinct row label with the i-th distinct column label, which
misjudges partitions whose two sides hold different label sets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Partition", "modularity", "maximise", "lpawb", "dirt_lpawb", "EXACT_LIMIT"]

# partitions of the smaller side x its nodes x the larger side's: up to this
# many score cells the optimum is found by enumeration (6 x 36: yes; 9 x 27: no)
EXACT_LIMIT = 2_000_000

_TIE = 1e-12  # scores within this (relative to M) count as a tie


@dataclass(frozen=True)
class Partition:
    """Module labels of the rows and columns of a matrix, and their Q.

    Labels are 0, 1, ... numbered by first appearance over the columns, then
    the rows (so equal partitions have equal labels). From :func:`maximise`
    every module holds at least one row and one column.
    """

    rows: np.ndarray
    cols: np.ndarray
    q: float

    @property
    def count(self) -> int:
        """Number of modules."""
        return int(len(np.union1d(self.rows, self.cols)))


def modularity(A, rows, cols) -> float:
    """Q of the partition given by ``rows`` and ``cols`` labels (see the module docstring).

    >>> A = np.array([[1, 1, 0], [0, 0, 1]])
    >>> round(modularity(A, [0, 1], [0, 0, 1]), 4)
    0.4444
    """
    A = np.asarray(A, dtype=float)
    M = A.sum()
    if M <= 0:
        return float("nan")
    labels, inv = np.unique(np.concatenate([np.asarray(rows), np.asarray(cols)]),
                            return_inverse=True)
    g, h = inv[:A.shape[0]], inv[A.shape[0]:]
    R = np.eye(len(labels))[g]
    H = np.eye(len(labels))[h]
    E = R.T @ A @ H
    return float((np.trace(E) - (A.sum(axis=1) @ R) @ (A.sum(axis=0) @ H) / M) / M)


class _Web:
    """A matrix with its margins, oriented so the rows are the smaller side."""

    def __init__(self, A: np.ndarray):
        self.flipped = A.shape[0] > A.shape[1]
        self.A = A.T.copy() if self.flipped else A
        self.k = self.A.sum(axis=1)
        self.d = self.A.sum(axis=0)
        self.M = float(self.A.sum())

    def q(self, red: np.ndarray, blue: np.ndarray) -> float:
        L = int(max(red.max(), blue.max())) + 1
        within = float(self.A[red[:, None] == blue[None, :]].sum())
        K = np.bincount(red, self.k, L)
        D = np.bincount(blue, self.d, L)
        return (within - float(K @ D) / self.M) / self.M


def _pick(S: np.ndarray, rng: np.random.Generator, tol: float) -> np.ndarray:
    """Per row of scores ``S``, the index of a maximum, ties broken at random."""
    ties = S >= S.max(axis=1, keepdims=True) - tol
    if ties.sum() == len(S):  # no ties: no random draw needed
        return S.argmax(axis=1)
    return np.where(ties, rng.random(S.shape), -1.0).argmax(axis=1)


def _onehot(labels: np.ndarray, choices: np.ndarray) -> np.ndarray:
    return (labels[:, None] == choices[None, :]).astype(float)


def _stage_one(w: _Web, red: np.ndarray, blue: np.ndarray | None,
               rng: np.random.Generator) -> tuple:
    """Label propagation until a sweep no longer raises Q: ``(red, blue, Q)``.

    Labels live in 0 .. rows (every start uses at most rows + 1 labels); a node
    may only take a label the other side holds. After the red sweep, Q is the
    sum of the red nodes' scores under their new labels.
    """
    tol = _TIE * w.M
    eye = np.eye(w.A.shape[0] + 1)
    rows = np.arange(w.A.shape[0])
    q_after = w.q(red, blue) if blue is not None else -np.inf
    while True:
        q_before, old = q_after, (red, blue)
        R = eye[red]
        S = w.A.T @ R - w.d[:, None] * (w.k @ R)[None, :] / w.M
        S[:, ~R.any(axis=0)] = -np.inf
        blue = _pick(S, rng, tol)
        H = eye[blue]
        S = w.A @ H - w.k[:, None] * (w.d @ H)[None, :] / w.M
        S[:, ~H.any(axis=0)] = -np.inf
        red = _pick(S, rng, tol)
        q_after = float(S[rows, red].sum()) / w.M
        if q_after <= q_before:
            red, blue = old
            return red, blue, q_before


def _module_stats(w: _Web, red: np.ndarray, blue: np.ndarray, L: int) -> tuple:
    labels = np.arange(L)
    E = _onehot(red, labels).T @ w.A @ _onehot(blue, labels)
    return E, np.bincount(red, w.k, L), np.bincount(blue, w.d, L)


def _merge_gains(E: np.ndarray, K: np.ndarray, D: np.ndarray, M: float) -> np.ndarray:
    """Gain in Q of merging modules a and b, for every pair (0 on the diagonal)."""
    gain = (E + E.T - (np.outer(K, D) + np.outer(D, K)) / M) / M
    np.fill_diagonal(gain, 0.0)
    return gain


def _stage_two(w: _Web, red: np.ndarray, blue: np.ndarray, q_now: float,
               rng: np.random.Generator) -> tuple:
    """Merge modules while a merge raises Q and none involving either does more."""
    tol = _TIE
    L = int(max(red.max(), blue.max())) + 1
    while True:
        divisions = np.intersect1d(red, blue)
        joined = 0
        if len(divisions) > 1:
            E, K, D = _module_stats(w, red, blue, L)
            gain = _merge_gains(E, K, D, w.M)
            for i in range(len(divisions) - 1):
                a = divisions[i]
                for b in divisions[i + 1:]:
                    g = gain[a, b]
                    if g <= tol:
                        continue
                    rival = max(gain[divisions, a].max(), gain[divisions, b].max())
                    if rival > g + tol:
                        continue
                    red = np.where(red == a, b, red)
                    blue = np.where(blue == a, b, blue)
                    E[b, :] += E[a, :]
                    E[:, b] += E[:, a]
                    E[a, :] = 0.0
                    E[:, a] = 0.0
                    K[b] += K[a]
                    D[b] += D[a]
                    K[a] = D[a] = 0.0
                    gain = _merge_gains(E, K, D, w.M)
                    joined += 1
        red, blue, q_now = _stage_one(w, red, blue, rng)
        if joined == 0:
            return red, blue, q_now


def _lpawb(w: _Web, rng: np.random.Generator, start: int | None) -> tuple:
    """One LPAwb+ run on the oriented web: ``(red, blue, Q)``."""
    n = w.A.shape[0]
    red = np.arange(n) if start is None else np.asarray(rng.integers(0, start + 1, size=n))
    red, blue, q = _stage_one(w, red, None, rng)
    return _stage_two(w, red, blue, q, rng)


def _dirt(w: _Web, rng: np.random.Generator, mini: int = 4, reps: int = 10) -> tuple:
    best = _lpawb(w, rng, None)
    mods = len(np.unique(best[1] if w.flipped else best[0]))  # as R: the matrix's rows
    for a in range(mini, mods + 1) if mods > mini else ():
        for _ in range(reps):
            other = _lpawb(w, rng, a)
            if other[2] > best[2]:
                best = other
    return best


def _refine(w: _Web, red: np.ndarray, blue: np.ndarray) -> tuple:
    """Best responses and best merges, each strictly raising Q, until none does."""
    tol = _TIE * w.M
    while True:
        moved = False
        for side in ("blue", "red"):
            choices = np.unique(red if side == "blue" else blue)
            if side == "blue":
                R = _onehot(red, choices)
                S = w.A.T @ R - np.outer(w.d, w.k @ R) / w.M
                own = blue
            else:
                H = _onehot(blue, choices)
                S = w.A @ H - np.outer(w.k, w.d @ H) / w.M
                own = red
            pos = np.searchsorted(choices, own)
            present = (pos < len(choices)) & (choices[np.minimum(pos, len(choices) - 1)] == own)
            current = np.where(present, S[np.arange(len(own)), np.minimum(pos, len(choices) - 1)],
                               0.0)
            better = S.max(axis=1) > current + tol
            if better.any():
                new = own.copy()
                new[better] = choices[S[better].argmax(axis=1)]
                if side == "blue":
                    blue = new
                else:
                    red = new
                moved = True
        L = int(max(red.max(), blue.max())) + 1
        E, K, D = _module_stats(w, red, blue, L)
        gain = _merge_gains(E, K, D, w.M)
        a, b = np.unravel_index(gain.argmax(), gain.shape)
        if gain[a, b] > _TIE:
            red = np.where(red == a, b, red)
            blue = np.where(blue == a, b, blue)
            moved = True
        red, blue, shifted = _red_moves(w, red, blue)
        if not (moved or shifted):
            return red, blue


_MOVES_LIMIT = 30_000_000  # cells of the move tensor; above it the single moves are left out


def _red_moves(w: _Web, red: np.ndarray, blue: np.ndarray) -> tuple:
    """Single moves of red nodes, the blue ones at their best response each time.

    Given the red labels, the best blue labels and so Q follow exactly (blue
    nodes do not interact); moving red node i from module a to b adds
    v_i = A_i - k_i d / M to b's column of the blue score matrix and takes it
    from a's, so every move (to an existing module or a new one) is scored
    at once. The best move is made while it strictly raises Q.
    """
    tol = _TIE * w.M
    v = w.A - np.outer(w.k, w.d) / w.M
    nr, nb = w.A.shape
    moved = False
    C = int(max(red.max(), blue.max())) + 1
    if nr * (C + 1) * nb * (C + 1) > _MOVES_LIMIT:
        return red, blue, moved
    _, red = np.unique(red, return_inverse=True)
    S = np.zeros(0)
    while True:
        C = int(red.max()) + 2  # the modules, and one new empty module
        R = _onehot(red, np.arange(C))
        S = w.A.T @ R - np.outer(w.d, w.k @ R) / w.M
        now = float(np.maximum(S.max(axis=1), 0.0).sum())
        T = np.broadcast_to(S, (nr, C, nb, C)).copy()
        rows, cols = np.arange(nr), np.arange(C)
        T[rows[:, None], cols[None, :], :, cols[None, :]] += v[:, None, :]
        T[rows, :, :, red] -= v[:, None, :]
        after = T.max(axis=3).sum(axis=2)
        i, b = np.unravel_index(after.argmax(), after.shape)
        if after[i, b] <= now + tol:
            # the blue nodes at their best response: Q*(red) >= Q(red, blue)
            return red, S.argmax(axis=1), moved
        red = red.copy()
        red[i] = b
        _, red = np.unique(red, return_inverse=True)
        moved = True


def _canonical(rows: np.ndarray, cols: np.ndarray) -> tuple:
    """Labels renumbered 0, 1, ... by first appearance over the columns, then the rows."""
    both = np.concatenate([cols, rows])
    _, first = np.unique(both, return_index=True)
    order = np.argsort(np.argsort(first))
    _, inv = np.unique(both, return_inverse=True)
    new = order[inv]
    return new[len(cols):], new[:len(cols)]


def lpawb(A, seed=None) -> Partition:
    """One LPAwb+ run (stages one and two) on ``A``; see the module docstring."""
    rng = np.random.default_rng(seed)
    w = _Web(np.asarray(A, dtype=float))
    red, blue, _q = _lpawb(w, rng, None)
    return _result(w, red, blue, tidy=False)


def dirt_lpawb(A, seed=None) -> Partition:
    """One DIRTLPAwb+ run on ``A`` (Beckett 2016), without netmap's refinement."""
    rng = np.random.default_rng(seed)
    w = _Web(np.asarray(A, dtype=float))
    red, blue, _q = _dirt(w, rng)
    return _result(w, red, blue, tidy=False)


def _two_sided(w: _Web, red: np.ndarray, blue: np.ndarray) -> tuple:
    """Nodes of modules without the other side moved to their best two-sided module.

    Such a node adds 0 to Q, and its best module among those holding the
    other side adds at least 0 (its scores over them sum to 0), so Q never
    drops; red nodes move first, then blue ones.
    """
    lonely = ~np.isin(red, blue)
    if lonely.any():
        choices = np.unique(blue)
        H = _onehot(blue, choices)
        S = w.A[lonely] @ H - np.outer(w.k[lonely], w.d @ H) / w.M
        red = red.copy()
        red[lonely] = choices[S.argmax(axis=1)]
    lonely = ~np.isin(blue, red)
    if lonely.any():
        choices = np.unique(red)
        R = _onehot(red, choices)
        S = w.A.T[lonely] @ R - np.outer(w.d[lonely], w.k @ R) / w.M
        blue = blue.copy()
        blue[lonely] = choices[S.argmax(axis=1)]
    return red, blue


def _result(w: _Web, red: np.ndarray, blue: np.ndarray, tidy: bool = True) -> Partition:
    if tidy:
        red, blue = _two_sided(w, red, blue)
    rows, cols = (blue, red) if w.flipped else (red, blue)
    rows, cols = _canonical(rows, cols)
    return Partition(rows, cols, modularity(w.A.T if w.flipped else w.A, rows, cols))


def maximise(A, seed=None, restarts: int = 20, exact: bool = True) -> Partition:
    """The modules of ``A`` that maximise Q: the best of ``restarts`` DIRTLPAwb+ runs, refined.

    Parameters
    ----------
    A : array_like, shape (rows, cols)
        Non-negative strengths (0/1 for Barber's Q). Every row and column
        must have a positive sum (drop empty ones first, as
        ``bipartite::empty`` does).
    seed : int, numpy.random.Generator or None
        The same seed gives the same partition.
    restarts : int
        DIRTLPAwb+ runs; the best is kept, then refined (never lowering Q).
    exact : bool
        When the smaller side is small enough (:data:`EXACT_LIMIT`), find the
        optimum by enumerating its partitions instead (see :func:`_exhaustive`).

    Returns
    -------
    Partition

    Examples
    --------
    >>> A = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 1, 1, 1]])
    >>> part = maximise(A, seed=1)
    >>> part.rows.tolist(), part.cols.tolist(), round(part.q, 4)
    ([0, 0, 1, 1], [0, 0, 1, 1], 0.3951)
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or (A < 0).any() or not np.isfinite(A).all():
        raise ValueError("modularity needs a finite, non-negative two-dimensional matrix")
    if (A.sum(axis=1) <= 0).any() or (A.sum(axis=0) <= 0).any():
        raise ValueError("every row and column needs a positive sum: drop the empty ones")
    w = _Web(A)
    if exact and _bell(w.A.shape[0]) * w.A.shape[0] * w.A.shape[1] <= EXACT_LIMIT:
        return _result(w, *_exhaustive(w))
    rng = np.random.default_rng(seed)
    best = None
    for _ in range(max(1, restarts)):
        red, blue, _q = _dirt(w, rng)
        q = w.q(red, blue)
        if best is None or q > best[2]:
            best = (red, blue, q)
    assert best is not None
    red, blue = _refine(w, best[0], best[1])
    if w.q(red, blue) < 0:  # one module for everything scores 0
        red, blue = np.zeros_like(red), np.zeros_like(blue)
    return _result(w, red, blue)


def _bell(n: int) -> int:
    """Number of partitions of n things (Bell number)."""
    row = [1]
    for _ in range(n):
        nxt = [row[-1]]
        for x in row:
            nxt.append(nxt[-1] + x)
        row = nxt
    return row[0]


def _set_partitions(n: int) -> np.ndarray:
    """Every partition of n nodes as restricted growth strings, one per row."""
    P = np.zeros((1, 1), dtype=np.int8)
    top = np.zeros(1, dtype=np.int8)
    for _ in range(1, n):
        counts = top.astype(np.int64) + 2
        P = np.repeat(P, counts, axis=0)
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        new = (np.arange(len(P)) - starts).astype(np.int8)
        P = np.column_stack([P, new])
        top = np.maximum(np.repeat(top, counts), new)
    return P


def _exhaustive(w: _Web) -> tuple:
    """The optimum: every partition of the red nodes, the blue ones at their best response.

    Given the red labels, each blue node's best module is found on its own
    (blue nodes never meet in the null model), and joining a module without
    red nodes scores 0, never more than the best; so the maximum over the red
    partitions of the blue nodes' best scores is the maximum of Q.
    """
    nr, nb = w.A.shape
    P = _set_partitions(nr)
    best_q, best = -np.inf, 0
    chunk = max(1, 4_000_000 // (nr * nb))
    eye = np.eye(nr)
    for lo in range(0, len(P), chunk):
        R = eye[P[lo:lo + chunk]]  # partition x red x module
        K = np.einsum("i,pil->pl", w.k, R)
        S = np.einsum("ij,pil->pjl", w.A, R) - w.d[None, :, None] * K[:, None, :] / w.M
        S = np.where(R.any(axis=1)[:, None, :], S, -np.inf)
        q = np.maximum(S.max(axis=2), 0.0).sum(axis=1)
        i = int(q.argmax())
        if q[i] > best_q + _TIE * w.M:
            best_q, best = q[i], lo + i
    red = P[best].astype(np.int64)
    R = eye[red]
    S = w.A.T @ R - np.outer(w.d, w.k @ R) / w.M
    S[:, ~R.any(axis=0)] = -np.inf
    return red, S.argmax(axis=1)
