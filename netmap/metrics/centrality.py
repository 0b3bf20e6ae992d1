"""Two-mode centralities (Borgatti & Everett 1997), keyed by node id.

Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data.
*Social Networks* 19(3), 243-269. Each mode is normalised against the maximum
possible in a bipartite graph with the same two node sets, exactly as
:mod:`networkx.algorithms.bipartite` does, with ``n`` organisations and ``m``
functions:

- ``degree_centrality``: degree / m for an organisation, degree / n for a
  function.
- ``closeness_centrality``: (m + 2(n - 1)) / (sum of distances) for an
  organisation, (n + 2(m - 1)) / (sum of distances) for a function; in a
  disconnected partnership the sum runs over the nodes the node can reach and
  the value is scaled by (reachable - 1) / (n + m - 1), so a node in a small
  fragment scores low (0 for an isolated node). The two-mode numerator
  assumes a connected graph, so in a fragment the value can exceed 1 (as in
  networkx); compare closeness only within a connected partnership.
- ``betweenness_centrality``: Freeman's betweenness (pairs counted once)
  divided by the two-mode maximum, for organisations
  (m²(s+1)² + m(s+1)(2t-s-1) - t(2s-t+3)) / 2 with s, t = divmod(n-1, m),
  and symmetrically for functions. Where that maximum is 0 (a mode that
  cannot broker, e.g. a single function) the value is 0.

The organisation node set is always passed explicitly; networkx never guesses
the sides. :func:`two_mode_centralities` computes the same values exactly on
the quotient of structurally equivalent organisations
(:mod:`netmap.metrics.quotient`), which is what :func:`netmap.metrics.compute`
uses; the graph functions below are the straightforward definitions it is
tested against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netmap.metrics.quotient import shortest_path_sums
from netmap.model import Partnership

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["degree_centrality", "closeness_centrality", "betweenness_centrality",
           "max_betweenness", "two_mode_centralities"]


def _sides(G: nx.Graph, organisations) -> tuple:
    top = set(organisations)
    return top, set(G) - top


def degree_centrality(G: nx.Graph, organisations) -> dict:
    """Two-mode degree centrality.

    >>> import networkx as nx
    >>> G = nx.path_graph(4)  # 0-1-2-3 with organisations {1, 3}
    >>> degree_centrality(G, [1, 3])
    {1: 1.0, 3: 0.5, 0: 0.5, 2: 1.0}
    """
    top, bottom = _sides(G, organisations)
    out = {}
    for side, other in ((top, bottom), (bottom, top)):
        k = len(other)
        for v in (u for u in G if u in side):
            out[v] = G.degree(v) / k if k else 0.0
    return out


def closeness_centrality(G: nx.Graph, organisations) -> dict:
    """Two-mode closeness centrality, as :func:`networkx.bipartite.closeness_centrality`.

    >>> import networkx as nx
    >>> closeness_centrality(nx.path_graph(4), [1, 3])
    {1: 1.0, 3: 0.6666666666666666, 0: 0.6666666666666666, 2: 1.0}
    """
    import networkx as nx

    top, bottom = _sides(G, organisations)
    n, m = len(top), len(bottom)
    total = len(G)
    out = {}
    for side, numerator in ((top, m + 2 * (n - 1)), (bottom, n + 2 * (m - 1))):
        for v in (u for u in G if u in side):
            lengths = nx.single_source_shortest_path_length(G, v)
            dist = sum(lengths.values())
            if dist > 0 and total > 1:
                out[v] = numerator / dist * (len(lengths) - 1) / (total - 1)
            else:
                out[v] = 0.0
    return out


def max_betweenness(n: int, m: int) -> float:
    """Largest possible betweenness of a node in the mode of size ``n`` (other mode ``m``)."""
    if m == 0:
        return 0.0
    s, t = divmod(n - 1, m)
    return ((m ** 2) * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


def betweenness_centrality(G: nx.Graph, organisations) -> dict:
    """Two-mode betweenness centrality, as :func:`networkx.bipartite.betweenness_centrality`.

    >>> import networkx as nx
    >>> betweenness_centrality(nx.path_graph(4), [1, 3])
    {1: 1.0, 3: 0.0, 0: 0.0, 2: 1.0}
    """
    import networkx as nx

    top, bottom = _sides(G, organisations)
    raw = nx.betweenness_centrality(G, normalized=False, weight=None)
    out = {}
    for side, most in ((top, max_betweenness(len(top), len(bottom))),
                       (bottom, max_betweenness(len(bottom), len(top)))):
        for v in (u for u in G if u in side):
            out[v] = raw[v] / most if most > 0 else 0.0
    return out


def two_mode_centralities(p: Partnership) -> tuple:
    """Degree, closeness and betweenness of every organisation and function, exactly.

    Returns ``(organisations, functions)``: DataFrames indexed by name with
    the columns ``degree_centrality``, ``closeness_centrality`` and
    ``betweenness_centrality``, equal to the graph functions above.
    """
    n, m = len(p.organisations), len(p.functions)
    sums = shortest_path_sums(p)
    org_deg, fn_deg = p.degrees()
    total = n + m

    def mode(key: str, degree, size: int, other: int, names, label: str) -> pd.DataFrame:
        """One mode's three centralities; ``other`` is the size of the other mode."""
        dist, reached = sums[f"{key}_distance"], sums[f"{key}_reached"]
        ok = (dist > 0) & (total > 1)
        closeness = np.where(ok, (other + 2 * (size - 1)) / np.where(ok, dist, 1.0) * reached
                             / max(total - 1, 1), 0.0)
        top = max_betweenness(size, other)
        return pd.DataFrame({
            "degree_centrality": degree / other if other else np.zeros(size),
            "closeness_centrality": closeness,
            "betweenness_centrality": sums[f"{key}_betweenness"] / top if top > 0
            else np.zeros(size),
        }, index=pd.Index(list(names), name=label))

    orgs = mode("org", org_deg, n, m, p.organisations, "organisation")
    fns = mode("fn", fn_deg, m, n, p.functions, "function")
    return orgs, fns
