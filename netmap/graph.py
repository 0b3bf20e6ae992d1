"""Partnership -> bipartite :class:`networkx.Graph`.

Node ids are namespaced (``org:NAME`` and ``fn:NAME``) so that an organisation
named like a function stays a separate node. Every node carries ``bipartite``
(0 organisation, 1 function), ``kind`` and ``label`` (the plain name);
organisations also carry their attributes (e.g. ``sector``). Edges carry
``weight``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netmap.model import Partnership

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ORG", "FN", "org_id", "fn_id", "to_graph", "organisations", "functions", "label"]

ORG = "org:"
FN = "fn:"


def org_id(name: str) -> str:
    """Node id of an organisation."""
    return ORG + name


def fn_id(name: str) -> str:
    """Node id of a function."""
    return FN + name


def to_graph(p: Partnership) -> nx.Graph:
    """Bipartite graph of a partnership.

    Parameters
    ----------
    p : Partnership

    Returns
    -------
    networkx.Graph
        Nodes ``org:NAME`` (``bipartite=0``, ``kind="organisation"``, the
        organisation's attributes) and ``fn:NAME`` (``bipartite=1``); one
        edge per engagement with its ``weight``. The prefixes keep an
        organisation called like a function a separate node.

    Examples
    --------
    >>> from netmap.model import Partnership
    >>> p = Partnership.from_edges([("Support", "Support")])
    >>> G = to_graph(p)
    >>> sorted(G.nodes), G.nodes["org:Support"]["bipartite"], G.nodes["fn:Support"]["bipartite"]
    (['fn:Support', 'org:Support'], 0, 1)
    """
    import networkx as nx

    G = nx.Graph(name=p.name)
    attrs = p.attributes
    for o in p.organisations:
        data = {"bipartite": 0, "kind": "organisation", "label": o}
        if o in attrs.index:
            data.update({str(k): v for k, v in attrs.loc[o].items()})
        G.add_node(org_id(o), **data)
    for f in p.functions:
        G.add_node(fn_id(f), bipartite=1, kind="function", label=f)
    G.add_edges_from(
        (org_id(o), fn_id(f), {"weight": float(w)})
        for o, f, w in p.engagements[["organisation", "function", "weight"]].itertuples(
            index=False, name=None)
    )
    return G


def organisations(G: nx.Graph) -> list:
    """Organisation nodes (``bipartite == 0``) in insertion order.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`to_graph`.

    Returns
    -------
    list of str
        Node ids (``org:NAME``).

    Examples
    --------
    >>> from netmap.model import Partnership
    >>> organisations(to_graph(Partnership.from_edges([("A", "F"), ("B", "F")])))
    ['org:A', 'org:B']
    """
    return [n for n, d in G.nodes(data="bipartite") if d == 0]


def functions(G: nx.Graph) -> list:
    """Function nodes (``bipartite == 1``) in insertion order.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`to_graph`.

    Returns
    -------
    list of str
        Node ids (``fn:NAME``).

    Examples
    --------
    >>> from netmap.model import Partnership
    >>> functions(to_graph(Partnership.from_edges([("A", "F"), ("A", "G")])))
    ['fn:F', 'fn:G']
    """
    return [n for n, d in G.nodes(data="bipartite") if d == 1]


def label(node: str) -> str:
    """Plain name of a node id."""
    for prefix in (ORG, FN):
        if node.startswith(prefix):
            return node[len(prefix):]
    return node
