"""Interactive offline maps of a partnership (pyvis network, netmap's own page).

pyvis builds the network (nodes, edges, options); netmap writes the page
from its own template (``netmap/templates/map.html.j2``), because pyvis 0.3.2
links Bootstrap from a CDN even "in line", inserts its heading and select
menu unescaped, and switches tooltips to HTML when a title contains "href".
Here every script and style is inlined, data enter the page only as escaped
JSON, tooltips are plain text, and the page's Content-Security-Policy forbids
fetching anything.

- ``view="bipartite"``: organisations (dots, coloured by sector class,
  sized by ``size_by``; classes beyond the eighth also have their own shape,
  :mod:`netmap.render.palette`) and functions (boxes, long labels wrapped) in
  fixed places that never overlap (:mod:`netmap.render.layout`); functions
  that break a gap rule are drawn in vermillion and listed in the legend
  with the rule; critical organisations have a thick black outline. The
  legend lists each sector class with, under it, the partnership's own type
  values read as that class.
- Organisation labels: up to :data:`LABEL_LIMIT` organisations drawn one by
  one are moved apart until their labels clear each other and the function
  boxes (:func:`netmap.render.labels.spread`); above it the page hides
  organisation labels at the first view and shows them when zoomed in (and
  the hovered organisation's name always), and up to :data:`PLACE_LIMIT`
  the dots alone are moved apart.
- ``view="projection"``: organisations only, tied when they share a function;
  the tie's width is the number of functions shared.
- Above :data:`LARGE_MAP` organisations the bipartite map draws the
  :data:`netmap.mapview.TOP_ORGANISATIONS` most central one by one and the rest as group
  nodes, one per set of identical functions (hexagons sized by count, the
  tooltip naming the most central members); the search box still finds any
  organisation, focusing the node that shows it.
"""

from __future__ import annotations

import math
import os

from netmap import __version__
from netmap.graph import fn_id, org_id
from netmap.mapview import MapView, map_view
from netmap.metrics import Metrics
from netmap.model import Partnership
from netmap.render import palette
from netmap.render.assets import CSP, render_template, safe_json
from netmap.render.display import compact, short_label
from netmap.render.labels import label_box, spread
from netmap.render.layout import (
    FONT,
    WRAP,
    function_boxes,
    function_positions,
    organisation_positions,
)
from netmap.render.visnet import NODE_FONT, Builder, vis_assets
from netmap.render.whatif_page import whatif_data

__all__ = ["SIZE_BY", "map_data", "map_html"]

SIZE_BY = {
    "betweenness": "betweenness_centrality", "degree": "degree_centrality",
    "closeness": "closeness_centrality", "eigenvector": "eigenvector_centrality",
    "functions": "functions", "partners": "partners", "shared_functions": "shared_functions",
    "effective_size": "effective_size", "constraint": "constraint",
}
LARGE_MAP = 2000  # above this many organisations, the map groups them
GROUP_LABELS = 30  # the largest groups are labelled with their size; the rest by tooltip
LABEL_LIMIT = 60  # above this many organisations, their labels show on zoom and hover
PLACE_LIMIT = 200  # up to this many organisations, labels are moved apart (labels.spread)

_LABEL = {"betweenness_centrality": "two-mode betweenness", "degree_centrality": "two-mode degree",
          "closeness_centrality": "two-mode closeness",
          "eigenvector_centrality": "eigenvector centrality (projection)",
          "functions": "number of functions", "partners": "number of partners",
          "shared_functions": "shared functions", "effective_size": "effective size (Burt)",
          "constraint": "constraint (Burt)"}


_fmt = compact


def _sizes(values: list) -> list:
    finite = [v for v in values if v is not None and not math.isnan(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 0.0)
    out = []
    for v in values:
        if v is None or math.isnan(v) or hi == lo:
            out.append(16.0)
        else:
            out.append(round(10.0 + 30.0 * (v - lo) / (hi - lo), 2))
    return out


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _org_tooltip(row, functions: list, size_label: str, size_value,
                 attributes: tuple = ()) -> str:
    from netmap.vocabulary import own_type

    own = own_type(row)  # the organisation's own type value beside its class
    lines = [row["organisation"], f"Sector: {row.get('sector') or 'not recorded'}"
             + (f" ({own})" if own else "")]
    # the organisation's attributes (notes, area, region...), each on a line of its own
    lines += [f"{str(a).capitalize()}: {_short(row[a])}" for a in attributes
              if isinstance(row.get(a), str) and row[a]]
    lines += [f"Functions ({len(functions)}): " + ("; ".join(functions) or "none"),
              f"Betweenness {_fmt(row['betweenness_centrality'])} - degree "
              f"{_fmt(row['degree_centrality'])} - closeness "
              f"{_fmt(row['closeness_centrality'])}",
              f"Partners {_fmt(row['partners'])} - substitutes {row['substitute_count']}"]
    if size_label not in ("two-mode betweenness", "two-mode degree", "two-mode closeness"):
        lines.append(f"{size_label.capitalize()}: {_fmt(size_value)}")
    if row["critical"]:
        lines.append("CRITICAL: " + "; ".join(row["critical_because"]))
    return "\n".join(lines)


def _fn_tooltip(row, by_sector: dict, gaps: list) -> str:
    sectors = ", ".join(f"{s} {n}" for s, n in by_sector.items() if n)
    lines = [f"{row['function']} (function)",
             f"Providers: {row['providers']}" + (f" ({sectors})" if sectors else ""),
             f"Sector diversity {_fmt(row['sector_diversity'])} - redundancy {row['redundancy']}"]
    lines += [f"GAP: {g.message}" for g in gaps] or ["No gap"]
    return "\n".join(lines)


READABLE = 9.0  # pixels: the smallest function names the first view of a map shows


def map_data(p: Partnership, m: Metrics, size_by: str = "betweenness",
             view: str = "bipartite", physics: bool = False,
             group_above: int = LARGE_MAP, colour_by: str = "sector") -> dict:
    """Nodes, edges, options and legend of the map, as plain data.

    Above ``group_above`` organisations only the most central (150, or
    ``group_above`` if fewer) are drawn one by one (see the module docstring).
    ``colour_by="module"`` colours organisations by their module
    (:mod:`netmap.metrics.modules`) instead of their sector; the legend then
    names each module by its functions.
    """
    column = SIZE_BY.get(size_by, size_by)
    org = m.organisations.set_index("organisation", drop=False)
    fn = m.functions.set_index("function", drop=False)
    sectors = [s for s in org.get("sector", [""] * len(org))] if "sector" in org else \
        [""] * len(org)
    styles = palette.sector_styles(sectors)
    group_of, colours = _colour_groups(org, m, colour_by, styles)
    fn_pos = function_positions(p.functions)
    org_pos = organisation_positions(p, fn_pos)
    functions_of = {o: list(fs) for o, fs in p.functions_of().items()}
    gaps_of: dict = {}
    for g in m.gaps:
        if g.function:
            gaps_of.setdefault(g.function, []).append(g)

    net = Builder()
    sizes = dict(zip(org.index, _sizes([float(v) for v in org[column]]), strict=True))
    mv = map_view(p, m, column, view=view, group_above=group_above)
    large = mv.large
    aggregate = view == "bipartite" and large
    shown = set(mv.shown)
    if not aggregate and len(shown) <= PLACE_LIMIT:
        org_pos = _apart(org_pos, mv.shown, sizes, fn_pos if view == "bipartite" else {})
    attributes = tuple(c for c in p.attributes.columns if c != "sector" and c in org.columns)
    index = None
    for o, row in (org[org.index.isin(shown)] if len(shown) < len(org) else org).iterrows():
        size = sizes[o]
        sector = row.get("sector", "") if "sector" in org else ""
        colour, shape = colours.get(group_of(o, sector), (palette.UNKNOWN, "dot"))
        border = palette.CRITICAL_BORDER if row["critical"] else palette.NODE_BORDER
        x, y = org_pos[o]
        net.node(org_id(o), label=short_label(o), name=o, shape=shape, size=size, x=x, y=y,
                     color={"background": colour, "border": border,
                            "highlight": {"background": colour,
                                          "border": palette.CRITICAL_BORDER}},
                     # a thick outline, but never so thick that a small dot's colour is lost
                     borderWidth=max(2.0, min(4.0, size / 4)) if row["critical"] else 1,
                     physics=physics,
                     kind="organisation", sector=sector or "not recorded",
                     functions=functions_of[o], critical=bool(row["critical"]),
                     tooltip=_org_tooltip(row, functions_of[o], _LABEL.get(column, column),
                                          row[column], attributes))
    if view == "bipartite":
        for f, row in fn.iterrows():
            gaps = gaps_of.get(f, [])
            x, y = fn_pos[f]
            fill = palette.GAP if gaps else palette.FUNCTION
            net.node(fn_id(f), label=f, shape="box", x=x, y=y, physics=False, fixed=True,
                         widthConstraint={"maximum": WRAP},
                         scaling={"label": {"drawThreshold": 1}},  # always drawn
                         color={"background": fill, "border": palette.CRITICAL_BORDER,
                                "highlight": {"background": fill,
                                              "border": palette.CRITICAL_BORDER}},
                         borderWidth=3 if gaps else 2,
                         font={"size": FONT, "color": palette.TEXT},
                         kind="function", functions=[f], gap=bool(gaps),
                         tooltip=_fn_tooltip(row, m.coverage.loc[f].to_dict(), gaps))
        if aggregate:
            index = _add_groups(net, p, mv, org_pos)
        top = max(p.engagements["weight"].max(), 1.0) if len(p.engagements) else 1.0
        for o, f, w in p.engagements[["organisation", "function", "weight"]].itertuples(
                index=False):
            if o not in shown:
                continue
            width = round(1 + 4 * w / top, 2) if p.weighted else 1
            net.edge(org_id(o), fn_id(f), width=width, color=palette.EDGE,
                         tooltip=f"{o} - {f}" + (f" (weight {_fmt(w)})" if p.weighted else ""))
    else:
        for a, b, shared in mv.ties:
            w = len(shared)
            net.edge(org_id(a), org_id(b), width=min(1 + 1.5 * (w - 1), 10),
                         color=palette.EDGE,
                         tooltip=f"{a} - {b}: {w} shared function{'s' if w != 1 else ''} "
                                 f"({'; '.join(shared)})")
    nodes, edges, options = net.data(physics, palette.EDGE)
    legend = {
        "sectors": _sector_legend(org, styles),
        "colour_by": colour_by,
        "size": _LABEL.get(column, column),
        "gaps": [{"function": g.function, "message": g.message, "severity": g.severity}
                 for g in m.gaps if g.function],
        "partnership_gaps": [g.message for g in m.gaps if not g.function],
        "critical": [o for o, c in zip(org.index, org["critical"], strict=True) if c][:50],
        "view": view,
        "aggregated": aggregate,
        "shown": len(shown),
        "organisations": len(p.organisations),
        # organisation labels hidden at the first view, shown on zoom and hover
        "labels_on_zoom": not aggregate and len(shown) > LABEL_LIMIT,
        # the first view never shrinks the function names below READABLE pixels: a map of
        # many functions opens zoomed in on its centre (Show all fits the whole of it)
        "readable_scale": READABLE / FONT if view == "bipartite" else None,
    }
    options["groups"] = {"nmgroup": {"color": {"background": palette.NEUTRAL,
                                               "border": palette.GROUP_BORDER},
                                     "borderWidth": 1, "shape": "hexagon"}}
    out = {"nodes": nodes, "edges": edges, "options": options, "legend": legend,
           "functions": list(p.functions), "name": p.name, "palette": palette.page_colours()}
    if colour_by == "module":
        legend["modules"] = _module_legend(org, m, colours)
    out["whatif"] = whatif_data(p, m)  # the live what-if's data (netmap/templates/whatif.js)
    if index is not None:
        out["index"] = index
    return out


def _apart(org_pos: dict, shown, sizes: dict, fn_pos: dict) -> dict:
    """Organisation places moved so that their labels (dots alone above
    :data:`LABEL_LIMIT`, where labels show on zoom) clear each other and the function boxes."""
    labelled = len(shown) <= LABEL_LIMIT
    boxes = {o: label_box(org_pos[o][0], org_pos[o][1], sizes[o], o if labelled else "",
                          NODE_FONT) for o in shown}
    fixed = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
             for f, (w, h) in function_boxes(fn_pos).items() for x, y in [fn_pos[f]]]
    moves = spread(boxes, fixed)
    return {**org_pos, **{o: (round(org_pos[o][0] + dx, 2), round(org_pos[o][1] + dy, 2))
                          for o, (dx, dy) in moves.items()}}


COLOUR_BY = ("sector", "module")


def _module_name(m: Metrics, k) -> str:
    """``Module 2: Victim Support / Strategic`` (its functions), or ``no module``."""
    if k is None or k != k:
        return "no module"
    fs = m.functions.loc[m.functions["module"] == k, "function"].tolist()
    return f"Module {int(k)}: " + (" / ".join(fs[:3]) + (" / ..." if len(fs) > 3 else ""))


def _colour_groups(org, m: Metrics, colour_by: str, styles: dict) -> tuple:
    """``(group_of, colours)``: the key each organisation is coloured by, and the
    ``(colour, shape)`` of each key: its sector, or its module."""
    if colour_by == "sector":
        return (lambda o, sector: sector), styles
    if colour_by != "module":
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}")
    names = {o: _module_name(m, k) for o, k in zip(org.index, org.get(
        "module", [None] * len(org)), strict=True)}
    keys = sorted(set(names.values()), key=lambda n: (n == "no module", len(n.split(":")[0]),
                                                     n))
    styles_by_module = palette.sector_styles(["" if k == "no module" else k for k in keys])
    colours = {k: styles_by_module["" if k == "no module" else k] for k in keys}
    return (lambda o, sector: names[o]), colours


def _module_legend(org, m: Metrics, colours: dict) -> list:
    """Each module's colour, shape and number of organisations, for the legend."""
    count: dict = {}
    for k in org.get("module", [None] * len(org)):
        name = _module_name(m, k)
        count[name] = count.get(name, 0) + 1
    return [{"name": name, "colour": colour, "shape": shape, "count": count.get(name, 0)}
            for name, (colour, shape) in colours.items()]


def _sector_legend(org, styles: dict) -> list:
    """Each sector class with its colour, shape, count and the organisations' own type values.

    ``types`` lists the own values read as the class (:func:`netmap.vocabulary.own_type`),
    most frequent first, each with how many organisations gave it.
    """
    from netmap.vocabulary import OWN_TYPE, TYPE_HEADERS, own_type

    count: dict = {}
    own: dict = {}
    if "sector" in org:
        columns = [c for c in dict.fromkeys(("sector", OWN_TYPE, *TYPE_HEADERS)) if c in org]
        for row in org[columns].to_dict("records"):
            s = row.get("sector") or ""
            count[s] = count.get(s, 0) + 1
            value = own_type(row)
            if value:
                own.setdefault(s, {}).setdefault(value, 0)
                own[s][value] += 1
    out = []
    for s, (colour, shape) in styles.items():
        types = sorted(own.get(s, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        out.append({"name": s or "not recorded", "colour": colour, "shape": shape,
                    "count": count.get(s, len(org)),
                    "types": [{"name": t, "count": n} for t, n in types]})
    return out


def _add_groups(net, p: Partnership, mv: MapView, org_pos: dict) -> dict:
    """Group nodes for the organisations not drawn one by one; returns the search index.

    One node per group of the view (a set of identical functions), sized by
    how many organisations it stands for, its tooltip naming the most central
    (only the largest groups carry a label); every organisation stays
    findable through the index (name -> the node that shows it).
    """
    node_of = {o: org_id(o) for o in mv.shown}
    for k, group in enumerate(mv.groups):
        gid = f"group:{k}"
        count = len(group.members)
        mix = ", ".join(f"{s} {n / count:.0%}" for s, n in sorted(
            group.sectors.items(), key=lambda kv: (-kv[1], kv[0])))
        tooltip = "\n".join([
            f"{count} organisation{'s' if count != 1 else ''} doing "
            + ("; ".join(group.functions) if group.functions else "no function"),
            f"Sectors: {mix}",
            "Most central: " + "; ".join(group.most_central) + (" ..." if count > 5 else "")])
        x, y = org_pos[group.members[0]]
        # style comes from options.groups.nmgroup: group nodes stay small in the page
        node = net.node(gid, label=f"{count:,} organisations", shape="hexagon", group="nmgroup",
                        size=round(12 + 5 * math.log2(count), 1), x=round(x), y=round(y),
                        kind="group", sectors=sorted(group.sectors),
                        functions=list(group.functions), members=count, tooltip=tooltip,
                        color=None)
        if k >= GROUP_LABELS:  # small groups unlabelled: hundreds of labels hide the map
            del node["label"]
        for f in group.functions:
            net.edge(gid, fn_id(f), width=round(1 + math.log2(count), 1))
        for o in group.members:
            node_of[o] = gid
    names = sorted(p.organisations)
    targets = sorted(set(node_of.values()))
    where = {t: i for i, t in enumerate(targets)}
    return {"coded": encode_names(names), "node": [where[node_of[o]] for o in names],
            "targets": targets}


def encode_names(names: list) -> list:
    """Sorted names front-coded for the page: a flat list ``[keep, rest, keep, rest, ...]``.

    Each name is the first ``keep`` UTF-16 code units of the previous name
    (JavaScript's string units) followed by ``rest``; sorted names share long
    prefixes, so the search index of a large map stays small.

    >>> encode_names(["Leeds City Council", "Leeds Women's Aid", "Leeds \U0001F600"])
    [0, 'Leeds City Council', 6, "Women's Aid", 6, '😀']
    >>> decode_names(encode_names(["a😀b", "a😀c"]))
    ['a😀b', 'a😀c']
    """
    out: list = []
    previous = ""
    for name in names:
        k = len(os.path.commonprefix([previous, name]))
        out += [len(name[:k].encode("utf-16-le")) // 2, name[k:]]
        previous = name
    return out


def decode_names(coded: list) -> list:
    """The names of :func:`encode_names` (what the page's script does, in Python)."""
    names, previous = [], b""
    for keep, rest in zip(coded[::2], coded[1::2], strict=True):
        previous = previous[: 2 * keep] + rest.encode("utf-16-le")
        names.append(previous.decode("utf-16-le"))
    return names


def map_html(p: Partnership, m: Metrics, size_by: str = "betweenness", view: str = "bipartite",
             physics: bool = False, title: str | None = None,
             group_above: int = LARGE_MAP, colour_by: str = "sector") -> str:
    """The whole map page, one self-contained HTML file."""
    js, css = vis_assets()
    data = map_data(p, m, size_by=size_by, view=view, physics=physics, group_above=group_above,
                    colour_by=colour_by)
    return render_template("map.html.j2", title=title or f"netmap: {p.name}", csp=CSP,
                           vis_js=js, vis_css=css, data_json=safe_json(data),
                           version=__version__, view=view)
