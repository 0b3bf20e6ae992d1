"""Network-level counts of a partnership.

- ``organisations``, ``functions``, ``engagements``: the sizes of the two node
  sets and the number of edges.
- ``connectance``: engagements / (organisations x functions), the share of
  possible engagements that exist (Dunne et al. 2002; ``bipartite::networklevel``).
- ``components``: connected components of the bipartite graph, counting an
  organisation with no engagement and a function with no provider as a
  component each (as :func:`networkx.number_connected_components` does).
"""

from __future__ import annotations

from netmap.model import Partnership

__all__ = ["network_summary", "components"]


def components(p: Partnership) -> int:
    """Number of connected components of the bipartite graph.

    Functions are joined through the organisations that share them (union-find
    over functions, linear in the number of engagements); every organisation
    without an engagement is a component of its own.

    >>> components(Partnership.from_edges([("A", "F"), ("B", "G")], functions=["H"]))
    3
    """
    parent = {f: f for f in p.functions}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    eng = p.engagements
    first = eng.groupby("organisation", sort=False)["function"].transform("first")
    pairs = eng.assign(first=first)[["first", "function"]].drop_duplicates()
    for a, b in pairs.itertuples(index=False, name=None):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    function_groups = len({root(f) for f in p.functions})
    isolated = len(p.organisations) - eng["organisation"].nunique()
    return function_groups + isolated


def network_summary(p: Partnership) -> dict:
    """Network-level counts (see the module docstring for definitions)."""
    n_org, n_fn, n_eng = len(p.organisations), len(p.functions), len(p.engagements)
    possible = n_org * n_fn
    provided = set(p.engagements["function"].unique())
    engaged = set(p.engagements["organisation"].unique())
    sectors = p.sectors.replace("", "unknown").value_counts(sort=False)
    return {
        "name": p.name,
        "organisations": n_org,
        "functions": n_fn,
        "engagements": n_eng,
        "weighted": bool(p.weighted),
        "total_weight": float(p.engagements["weight"].sum()),
        "connectance": n_eng / possible if possible else None,
        "components": components(p),
        "functions_without_provider": [f for f in p.functions if f not in provided],
        "organisations_without_engagement": [o for o in p.organisations if o not in engaged],
        "sectors": {str(k): int(v) for k, v in sectors.items()},
    }
