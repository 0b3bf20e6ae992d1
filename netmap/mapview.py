"""What a map shows, computed from the metrics: the renderer only draws it.

:func:`map_view` decides which organisations are drawn one by one (all, or
above ``group_above`` organisations the most central by the size measure),
the ties among them in the projection view (shared functions), and the
groups that stand for the others (one per set of identical functions: a
structural-equivalence class). Places, colours, tooltips and the page are
:mod:`netmap.render.map`'s.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from netmap.metrics import Metrics
from netmap.model import Partnership

__all__ = ["MapView", "Group", "map_view", "TOP_ORGANISATIONS"]

TOP_ORGANISATIONS = 150  # drawn one by one in a grouped map


@dataclass(frozen=True)
class Group:
    """Organisations not drawn one by one that do the same functions."""

    functions: tuple
    members: tuple  # in input order
    most_central: tuple  # up to five, most central first
    sectors: dict  # sector (or "not recorded") -> members in it


@dataclass(frozen=True)
class MapView:
    """The organisations, ties and groups a map shows (see the module docstring)."""

    column: str  # the metric that sizes organisations
    shown: tuple  # organisations drawn one by one, in input order
    large: bool  # more organisations than the map draws one by one
    ties: tuple = ()  # (a, b, shared functions) among those shown, projection view
    groups: tuple = field(default=())  # Group, largest first, bipartite view


def _ranked(m: Metrics, column: str) -> list:
    org = m.organisations
    values = org[column].astype(float).fillna(float("-inf")).tolist()
    return [o for _, o in sorted(zip((-v for v in values), org["organisation"], strict=True))]


def map_view(p: Partnership, m: Metrics, column: str, view: str = "bipartite",
             group_above: int = 2000) -> MapView:
    """The map's view of ``p``: who is drawn, tied and grouped.

    Examples
    --------
    >>> from netmap.metrics import compute
    >>> p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "G")])
    >>> v = map_view(p, compute(p, runs=0), "betweenness_centrality", view="projection")
    >>> v.shown, v.ties
    (('A', 'B', 'C'), (('A', 'B', ('F',)), ('B', 'C', ('G',))))
    """
    large = len(p.organisations) > group_above
    if large:
        chosen = set(_ranked(m, column)[:min(TOP_ORGANISATIONS, group_above)])
        shown = tuple(o for o in p.organisations if o in chosen)
    else:
        shown = tuple(p.organisations)
    functions_of = p.functions_of()
    if view == "projection":
        # never the whole projection of a large partnership: ties among those shown
        providers: dict = {}
        for o in shown:
            for f in functions_of[o]:
                providers.setdefault(f, []).append(o)
        shared: dict = {}
        for f in p.functions:
            for a, b in itertools.combinations(providers.get(f, []), 2):
                shared.setdefault((a, b), []).append(f)  # a comes before b in the input
        ties = tuple((a, b, tuple(sorted(fs))) for (a, b), fs in sorted(shared.items()))
        return MapView(column, shown, large, ties=ties)
    if not large:
        return MapView(column, shown, large)
    drawn = set(shown)
    members: dict = {}
    for o in p.organisations:
        if o not in drawn:
            members.setdefault(tuple(functions_of[o]), []).append(o)
    rank = {o: i for i, o in enumerate(_ranked(m, column))}
    sector_of = (dict(zip(m.organisations["organisation"], m.organisations["sector"],
                          strict=True)) if "sector" in m.organisations else {})
    groups = []
    for fset, names in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        sectors: dict = {}
        for o in names:
            s = sector_of.get(o) or "not recorded"
            sectors[s] = sectors.get(s, 0) + 1
        groups.append(Group(fset, tuple(names), tuple(sorted(names, key=rank.__getitem__)[:5]),
                            sectors))
    return MapView(column, shown, large, groups=tuple(groups))
