"""The one adapter to pyvis: builds a vis-network's nodes, edges and options, and its assets.

netmap keeps pyvis as its map library but uses only the parts that are
sound, and works around the rest here, next to where each workaround is
needed (pyvis 0.3.2):

- pyvis's page templates link Bootstrap and other files from a CDN even in
  its "in line" mode, insert the heading and the select menu unescaped, and
  switch every tooltip to ``innerHTML`` as soon as one title contains "href".
  So netmap never uses pyvis's pages: it takes the nodes, edges and options
  pyvis builds and writes the page from its own template, data as escaped
  JSON, tooltips as text (:func:`network`, :mod:`netmap.render.assets`).
- ``Network.add_edge`` scans every existing edge for a duplicate, which is
  quadratic (about 9 s at 2,600 organisations in the projection view);
  netmap's edges are distinct by construction, so :meth:`Builder.edge`
  appends them directly.
- pyvis writes ``title`` for tooltips, which vis-network would render as HTML
  text; netmap keeps its own ``tooltip`` field and drops ``title``, and the
  page makes each tooltip a text node.
- vis-network's own script and stylesheet are read from the copy pyvis ships
  (:func:`vis_assets`): its source-map comment is removed (so nothing is
  fetched, not even by developer tools) and the icons of editing buttons
  netmap never shows are left out.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from netmap.errors import NetmapError

__all__ = ["Builder", "vis_assets", "VIS_VERSION", "NODE_FONT"]

VIS_VERSION = "9.1.2"
NODE_FONT = 17  # organisations' label size (pixels); functions set their own
_SOURCE_MAP = re.compile(r"//[#@] sourceMappingURL=\S*")
# the icons of vis-network's editing and navigation buttons, which netmap's pages never
# show (manipulation and navigation buttons are off): 205 of the stylesheet's 220 kB
_BUTTON_ICONS = re.compile(r'background-image:\s*url\("?data:[^)]*\)\s*;?')


class Builder:
    """A vis-network under construction: nodes, edges, then plain data for the page."""

    def __init__(self) -> None:
        from pyvis.network import Network  # heavy: only when a map is drawn

        self._net = Network(directed=False)

    def node(self, node_id: str, **options) -> dict:
        """Add a node; returns its options (the caller may still change them)."""
        self._net.add_node(node_id, **options)
        return self._net.nodes[-1]

    def edge(self, source: str, to: str, **options) -> None:
        """Append an edge as pyvis's ``add_edge`` does, without its quadratic duplicate scan."""
        self._net.edges.append({**options, "from": source, "to": to})

    def data(self, physics: bool, edge_colour: str) -> tuple:
        """``(nodes, edges, options)`` as plain data for the page's JSON.

        Options start from pyvis's defaults for an undirected network, with
        physics on or off and straight edges; editing, navigation buttons and
        keyboard moves off; tooltips on hover. Edges in ``edge_colour`` leave
        the colour to the options (smaller pages).
        """
        net = self._net
        net.toggle_physics(physics)
        net.set_edge_smooth("discrete")
        options = json.loads(net.options.to_json())
        options["manipulation"] = {"enabled": False}
        options["interaction"].update({"hover": True, "tooltipDelay": 120,
                                       "multiselect": False, "navigationButtons": False,
                                       "keyboard": False})
        options["edges"]["smooth"] = False
        options["edges"]["color"] = {"color": edge_colour, "inherit": False}
        options["nodes"] = {"font": {"size": NODE_FONT, "face": "sans-serif"}}
        if physics:
            options["physics"] = {"enabled": True, "solver": "barnesHut",
                                  "stabilization": {"enabled": True, "iterations": 300}}
        nodes = [{k: v for k, v in n.items() if k != "title" and v is not None}
                 for n in net.nodes]
        edges = [{k: v for k, v in e.items() if not (k == "color" and v == edge_colour)}
                 for e in net.edges]
        return nodes, edges, options


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple:
    """(javascript, css) of vis-network, from pyvis's bundled copy."""
    try:
        import pyvis
    except ImportError as e:  # pragma: no cover - pyvis is a declared dependency
        raise NetmapError("pyvis is not installed; reinstall netmap") from e
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as e:
        raise NetmapError(f"vis-network {VIS_VERSION} not found in pyvis ({lib}); reinstall "
                          "pyvis 0.3.2") from e
    js = _SOURCE_MAP.sub("", js)
    css = _BUTTON_ICONS.sub("", css)
    if "</script" in js.lower() or "</style" in css.lower():
        raise NetmapError("the bundled vis-network cannot be inlined safely")
    return js, css
