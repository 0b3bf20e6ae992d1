"""Exact shortest-path centralities on the quotient of structurally equivalent organisations.

Organisations with identical function sets are false twins: they have the
same distances to everything and the same share of every shortest path, so
their closeness and betweenness are equal. With F functions there are at most
2^F classes, and in real data far fewer, so netmap runs Brandes' (2001)
algorithm on the quotient graph — one node per class, carrying the class's
multiplicity w, plus the function nodes — instead of on every organisation
(the idea of Sariyüce et al. 2013, "Shattering and compressing networks for
betweenness centrality", and of Puzis et al. on structural equivalence).

From a source s (one member of class k, or a function), a breadth-first
search runs layer by layer with matrix products on the class x function
incidence matrix B. The number of shortest paths to a *specific* member of a
class c, sigma(c), sums sigma over its predecessors, each multiplied by the
number of members it could be (w for a class other than the source's, 1 for
the source and for functions). Brandes' dependency accumulation then sums,
for each class, over all its members at once: a function g one layer further
passes back (sigma(c) / sigma(g)) (1 + D(g)), and a class (w_c + D(c)) for its
w_c targets. The twins of s (other members of its own class) are reached in
two steps through each of the |S_k| functions of the class, each with share
1 / |S_k|. Every member of a class gives the same dependencies, so a class
source counts w_k times. The result equals Freeman betweenness (pairs counted
once, as :func:`networkx.betweenness_centrality` with ``normalized=False``)
and the sums of distances that closeness needs, exactly.
"""

from __future__ import annotations

import numpy as np

from netmap.model import Partnership

__all__ = ["classes", "shortest_path_sums"]


def classes(p: Partnership) -> tuple:
    """Structural-equivalence classes: ``(B, w, class_of)``.

    ``B`` is the class x function 0/1 matrix (float), ``w`` the class sizes,
    ``class_of`` each organisation's class index (input order). An
    organisation engages a function when the partnership lists the pair
    (whatever its weight), as in the graph of :func:`netmap.graph.to_graph`.
    """
    # remembered for the other metric families of the same computation
    return p.cached("classes", lambda: _classes(p))


def _classes(p: Partnership) -> tuple:
    n, F = len(p.organisations), len(p.functions)
    org, fn = p.codes()
    keep = (org >= 0) & (fn >= 0)
    org, fn = org[keep].astype(np.int64), fn[keep].astype(np.int64)
    if n == 0:
        result = (np.zeros((0, F)), np.zeros(0), np.zeros(0, dtype=np.int64))
    elif F <= 62:
        # one integer per function set: a 1-D unique is far faster than rows
        codes = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(codes, org, np.int64(1) << fn)
        keys, class_of, w = np.unique(codes, return_inverse=True, return_counts=True)
        B = ((keys[:, None] >> np.arange(F, dtype=np.int64)) & 1).astype(np.float64)
        result = (B, w.astype(np.float64), np.asarray(class_of).ravel())
    else:
        m = np.zeros((n, F), dtype=bool)
        m[org, fn] = True
        rows, class_of, w = np.unique(m, axis=0, return_inverse=True, return_counts=True)
        result = (rows.astype(np.float64), w.astype(np.float64), np.asarray(class_of).ravel())
    return result


def _brandes(B: np.ndarray, w: np.ndarray, source_class: int | None,
             source_function: int | None) -> tuple:
    """One source's (D_classes, D_functions, distance sum, reached) on the quotient."""
    C, F = B.shape
    dist_c = np.full(C, -1, dtype=np.int64)
    dist_f = np.full(F, -1, dtype=np.int64)
    sig_c = np.zeros(C)
    sig_f = np.zeros(F)
    mult = w.copy()
    if source_class is not None:
        dist_c[source_class], sig_c[source_class] = 0, 1.0
        mult[source_class] = 1.0
        frontier_c, frontier_f = dist_c == 0, np.zeros(F, dtype=bool)
    else:
        dist_f[source_function], sig_f[source_function] = 0, 1.0
        frontier_c, frontier_f = np.zeros(C, dtype=bool), dist_f == 0
    d = 0
    while frontier_c.any() or frontier_f.any():
        d += 1
        if frontier_c.any():  # classes -> functions
            reach = B.T @ np.where(frontier_c, sig_c * mult, 0.0)
            new = (reach > 0) & (dist_f < 0)
            dist_f[new], sig_f[new] = d, reach[new]
            frontier_c, frontier_f = np.zeros(C, dtype=bool), new
        else:  # functions -> classes
            reach = B @ np.where(frontier_f, sig_f, 0.0)
            new = (reach > 0) & (dist_c < 0)
            dist_c[new], sig_c[new] = d, reach[new]
            frontier_c, frontier_f = new, np.zeros(F, dtype=bool)
    D_c, D_f = np.zeros(C), np.zeros(F)
    top = max(dist_c.max(initial=0), dist_f.max(initial=0))
    for level in range(top - 1, -1, -1):
        at_c, at_f = dist_c == level, dist_f == level
        nxt_c, nxt_f = dist_c == level + 1, dist_f == level + 1
        if at_f.any() and nxt_c.any():
            back = B.T @ np.where(nxt_c, (w + D_c) / np.where(nxt_c, sig_c, 1.0), 0.0)
            D_f = np.where(at_f, sig_f * back, D_f)
        if at_c.any() and nxt_f.any():
            back = B @ np.where(nxt_f, (1.0 + D_f) / np.where(nxt_f, sig_f, 1.0), 0.0)
            D_c = np.where(at_c, mult * sig_c * back, D_c)
    reached_c, reached_f = dist_c > 0, dist_f >= 0
    total = float((np.where(reached_c, dist_c, 0) * w).sum() + np.where(reached_f, dist_f, 0).sum())
    reached = float(w[reached_c].sum() + reached_f.sum())
    if source_class is not None:
        D_c[source_class] = 0.0
        own = B[source_class] > 0
        twins = w[source_class] - 1
        if twins > 0 and own.any():
            D_f[own] += twins / own.sum()
            total += 2 * twins
            reached += twins
    else:
        D_f[source_function] = 0.0
        reached -= 1  # the source itself
    return D_c, D_f, total, reached


def shortest_path_sums(p: Partnership) -> dict:
    """Exact betweenness and distance sums for every node, computed on classes.

    Returns ``{"org_betweenness", "fn_betweenness", "org_distance", "org_reached",
    "fn_distance", "fn_reached"}``: arrays in input order (organisations,
    functions). Betweenness is Freeman's (unordered pairs, not normalised);
    ``distance`` sums the distances to the nodes a node reaches, ``reached``
    counts them (itself excluded).
    """
    B, w, class_of = classes(p)
    C, F = B.shape
    bet_c, bet_f = np.zeros(C), np.zeros(F)
    dist_c, reach_c = np.zeros(C), np.zeros(C)
    dist_f, reach_f = np.zeros(F), np.zeros(F)
    for k in range(C):
        D_c, D_f, total, reached = _brandes(B, w, k, None)
        bet_c += w[k] * D_c
        bet_f += w[k] * D_f
        dist_c[k], reach_c[k] = total, reached
    for j in range(F):
        D_c, D_f, total, reached = _brandes(B, w, None, j)
        bet_c += D_c
        bet_f += D_f
        dist_f[j], reach_f[j] = total, reached
    per_member = np.divide(bet_c, w, out=np.zeros(C), where=w > 0) / 2.0
    return {"org_betweenness": per_member[class_of], "fn_betweenness": bet_f / 2.0,
            "org_distance": dist_c[class_of], "org_reached": reach_c[class_of],
            "fn_distance": dist_f, "fn_reached": reach_f}
