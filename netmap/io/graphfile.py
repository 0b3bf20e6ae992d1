"""Read a bipartite GraphML or GEXF graph (e.g. saved by Gephi or netmap export).

Nodes need a ``bipartite`` attribute: 0 for organisations, 1 for functions
(as networkx and netmap export write). Names come from the ``label``
attribute when present, else from the node id (netmap's ``org:``/``fn:``
prefixes removed). Edges give engagements, with ``weight`` when present;
other organisation attributes made of text (e.g. ``sector``) are kept.
Anything else is an error naming the node or edge.
"""

from __future__ import annotations

from pathlib import Path

from netmap.errors import InputError, Problem
from netmap.io.builder import Builder
from netmap.model import Partnership

__all__ = ["GRAPH_EXTENSIONS", "read_graph_file"]

GRAPH_EXTENSIONS = (".graphml", ".gexf")
_SKIP = {"bipartite", "kind", "label", "most_similar"}  # structure and netmap metrics


def read_graph_file(path, weighted: bool = False) -> tuple:
    """``(partnership, problems)`` from a GraphML or GEXF file."""
    import networkx as nx

    file = str(path)
    p = Path(path)
    if not p.is_file():
        raise InputError([Problem("error", "no such file" if not p.exists() else
                                  "is a folder, not a file", file=file)])
    reader = nx.read_graphml if p.suffix.lower() == ".graphml" else nx.read_gexf
    try:
        G = reader(file)
    except Exception as e:  # noqa: BLE001 - any parser failure is the file's fault
        raise InputError([Problem("error", f"not a readable {p.suffix[1:]} graph ({e})",
                                  file=file)]) from None
    b = Builder(file)
    names = {}
    for node, data in G.nodes(data=True):
        side = str(data.get("bipartite", "")).strip()
        if side not in ("0", "1"):
            b.problem("error", f"node {node!r} has no bipartite attribute 0 (organisation) or 1 "
                      "(function)", hint="mark each node's side with bipartite=0 or 1")
            continue
        name = str(data.get("label") or node)
        for prefix in ("org:", "fn:"):
            if name == str(node) and name.startswith(prefix):
                name = name[len(prefix):]
        names[node] = (side, name)
        if side == "0":
            b.organisation(name, None)
            for key, value in data.items():
                if key not in _SKIP and isinstance(value, str):
                    b.attribute(name, key, value, None)
        else:
            b.function(name)
    for u, v, data in G.edges(data=True):
        if u not in names or v not in names:
            continue
        (su, nu), (sv, nv) = names[u], names[v]
        if su == sv:
            b.problem("error", f"edge {u!r} - {v!r} joins two nodes of the same side",
                      hint="a partnership graph links organisations to functions only")
            continue
        org, fn = (nu, nv) if su == "0" else (nv, nu)
        weight = float(data.get("weight", 1.0)) if weighted else 1.0
        if weight < 0:
            b.problem("error", f"edge {u!r} - {v!r} has a negative weight")
            continue
        b.engage(org, fn, weight, None)
    partnership: Partnership = b.finish(p.stem, weighted, file)
    if any(x.is_error for x in b.problems):
        raise InputError(b.problems)
    return partnership, b.problems
