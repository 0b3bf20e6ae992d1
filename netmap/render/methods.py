"""The methods section shared by the Markdown and HTML reports: each metric in a sentence.

The full definitions, with references, live in the docstrings of the functions
that compute them (``netmap/metrics/``); these are their one-line summaries.
"""

from __future__ import annotations

__all__ = ["METHODS"]

METHODS = [
    ("Degree, closeness, betweenness centrality",
     "Two-mode centralities of the organisation x function graph, each mode normalised by "
     "its maximum in a bipartite graph (Borgatti & Everett 1997, Social Networks 19: 243-269; "
     "as networkx.algorithms.bipartite)."),
    ("Partners, shared functions",
     "Organisations sharing at least one function with this one, and the number of shared "
     "(partner, function) pairs, in the organisation projection."),
    ("Eigenvector centrality",
     "Leading eigenvector of the weighted organisation projection (Bonacich 1972), unit norm."),
    ("Effective size, constraint",
     "Burt's structural holes on the unweighted projection (Burt 1992, Structural Holes): "
     "partners minus their redundancy; low constraint = access to otherwise unconnected "
     "partners."),
    ("Sector diversity", "Blau index 1 - sum of squared sector shares of a function's providers "
     "(Blau 1977)."),
    ("Redundancy", "Providers minus one: how many providers a function can lose and still "
     "have one."),
    ("Substitutes, most similar, equivalents",
     "Organisations whose functions include all of this one's; the highest Jaccard overlap of "
     "function sets (Jaccard 1901); identical function sets (structural equivalence, Lorrain & "
     "White 1971)."),
    ("Critical organisation", "Removing it alone breaks a gap rule that holds with it."),
    ("Robustness",
     "Area under the curve of functions still provided as organisations are removed (random "
     "order, mean of seeded runs; and most-connected first), after Memmott et al. 2004 and "
     "Burgos et al. 2007."),
    ("Connectance", "Engagements / (organisations x functions)."),
    ("NODF", "Nestedness (0-100): how far the organisations doing few functions do a subset "
     "of what those doing many do, by overlap and decreasing fill, rows and columns sorted by "
     "decreasing degree (Almeida-Neto et al. 2008, Oikos 117: 1227-1239). High: specialists "
     "lean on generalists; low: organisations work on separate things."),
    ("Modules, modularity",
     "Groups of organisations and functions that work more with one another than with the "
     "rest (modules), found by maximising two-mode modularity Q (Barber 2007, Phys. Rev. E 76: "
     "066102; weighted: Dormann & Strauss 2014) with DIRTLPAwb+ (Beckett 2016, R. Soc. open "
     "sci. 3: 140536), 20 seeded restarts refined. Q is 0 when the modules are no more "
     "separate than chance would make them, and is high when most organisations work in one "
     "function each; a module reaching the rest through one organisation is a silo. Each "
     "organisation's within-module degree (z) and participation across modules (c) follow "
     "Guimera & Amaral 2005."),
    ("Centralisation", "Freeman centralisation of the two-mode normalised degrees of the "
     "organisations: 1 when one organisation does everything, 0 when all do the same."),
]
