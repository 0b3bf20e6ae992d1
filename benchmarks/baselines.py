"""Baseline pipelines netmap is measured against (run as separate processes by run.py).

- ``networkx``: the straightforward pipeline: the bipartite graph, networkx's
  bipartite degree, closeness and betweenness centralities, the weighted
  organisation projection and its eigenvector centrality, effective size and
  constraint.
- ``igraph``: python-igraph (C core) loading the same file and computing
  betweenness and closeness only.

Usage: python benchmarks/baselines.py networkx|igraph FILE
"""

from __future__ import annotations

import csv
import sys


def read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    header, body = rows[0], rows[1:]
    functions = header[2:]
    edges = [(r[0], f) for r in body for f, v in zip(functions, r[2:], strict=False) if v == "1"]
    return [r[0] for r in body], functions, edges


def run_networkx(path):
    import networkx as nx
    from networkx.algorithms import bipartite

    orgs, functions, edges = read(path)
    G = nx.Graph()
    G.add_nodes_from(("o", o) for o in orgs)
    G.add_nodes_from(("f", f) for f in functions)
    G.add_edges_from((("o", o), ("f", f)) for o, f in edges)
    top = [("o", o) for o in orgs]
    bipartite.degree_centrality(G, top)
    bipartite.closeness_centrality(G, top)
    bipartite.betweenness_centrality(G, top)
    P = bipartite.weighted_projected_graph(G, top)
    nx.eigenvector_centrality(P, weight="weight", max_iter=1000)
    nx.effective_size(P, nodes=list(P), weight=None)
    nx.constraint(P, nodes=list(P), weight=None)


def run_igraph(path):
    import igraph

    orgs, functions, edges = read(path)
    index = {("o", o): i for i, o in enumerate(orgs)}
    index.update({("f", f): len(orgs) + j for j, f in enumerate(functions)})
    g = igraph.Graph(n=len(index), edges=[(index["o", o], index["f", f]) for o, f in edges])
    g.betweenness()
    g.closeness()


if __name__ == "__main__":
    {"networkx": run_networkx, "igraph": run_igraph}[sys.argv[1]](sys.argv[2])
