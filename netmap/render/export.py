"""Exports for the tools researchers use: Gephi, Cytoscape, UCINET, Pajek, R, notebooks.

- ``graphml`` and ``gexf``: the bipartite graph with node attributes
  ``label``, ``kind`` (organisation or function), ``bipartite`` (0 or 1), the
  organisation attributes (e.g. ``sector``) and the numeric metrics of each
  node (functions or providers, two-mode centralities, ...); edges carry
  ``weight``. Written with networkx's writers.
- ``json``: networkx node-link JSON of the same graph (strict JSON).
- ``pajek``: a two-mode Pajek ``.net`` file: ``*Vertices N N1`` with the N1
  organisations first, then the functions, then ``*Edges``. (networkx's
  ``read_pajek`` knows only the one-mode header ``*Vertices N``; drop N1 to
  read the file there.) Labels are in double quotes; a ``"`` in a name, and
  a ``\\`` before a ``"``, a ``\\`` or the closing quote, is escaped with a
  ``\\``, the POSIX shell quoting networkx's ``read_pajek`` reads (Pajek and
  igraph have no way to write a ``"`` inside a label; other names are
  written exactly as before, so those readers still read them).
- ``dl``: UCINET DL, ``FORMAT = EDGELIST2`` (two-mode) with row and column
  labels (one a line, in double quotes, a ``"`` inside doubled as in CSV)
  and 1-based ``row column weight`` lines.
- ``edgelist``: a long CSV, ``organisation,function,weight`` then the
  organisation attributes (``sector``, ...), one row per engagement and one
  with a blank function for an organisation with none, in the partnership's
  order. Written for programs (R, pandas, ``netmap`` itself): names are
  written exactly, with no leading ``'`` against spreadsheet formulas, so
  ``netmap`` reads the same partnership back (weights need ``--weighted``;
  a function nobody provides has no row). Open the report's CSVs, which are
  formula-safe, in a spreadsheet instead.

Names never hold a line break when netmap read them (the loader shows one as
a space); one in a partnership built in code is written as a space in Pajek
and DL, whose labels are one a line.

Node ids are netmap's namespaced ids (``org:NAME``, ``fn:NAME``) in GEXF and
JSON, so an organisation called like a function stays a separate node;
labels carry the plain names. GraphML allows only XML name tokens as node ids
and attribute names, so there nodes are ``o1``...``oN`` and ``f1``...``fM``
(input order; names in ``label``) and an attribute name such as
``providers_partnership network`` becomes ``providers_partnership_network``
(accents dropped, other characters ``_``). Characters XML cannot hold
(control characters) become U+FFFD in both XML formats; the files validate
against the GraphML 1.0 and GEXF 1.2 schemas (tested).
"""

from __future__ import annotations

import inspect
import io
import json
import math
import re
import unicodedata
from typing import TYPE_CHECKING

import pandas as pd

from netmap.graph import fn_id, org_id, to_graph
from netmap.jsonsafe import plain
from netmap.metrics import Metrics
from netmap.model import Partnership
from netmap.render.tables import csv_text

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FORMATS", "EXTENSIONS", "export_graph", "export_text", "xml_safe"]

FORMATS = ("graphml", "gexf", "json", "pajek", "dl", "edgelist")
EXTENSIONS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "pajek": ".net",
              "dl": ".dl", "edgelist": ".csv"}


def _scalar(value):
    """A value GraphML and GEXF can hold (str, int, float, bool), or None to leave out."""
    value = plain(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    return None


def export_graph(p: Partnership, m: Metrics) -> nx.Graph:
    """The bipartite graph with attributes and metrics on every node."""
    G = to_graph(p)
    for table, node in ((m.organisations.set_index("organisation"), org_id),
                        (m.functions.set_index("function"), fn_id)):
        for name, row in table.iterrows():
            data = G.nodes[node(name)]
            for key, value in row.items():
                v = _scalar(value)
                if v is not None and key not in data:
                    data[str(key)] = v
    for _, data in G.nodes(data=True):
        for key in [k for k, v in data.items() if _scalar(v) is None]:
            del data[key]
    return G


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._:-]+")


def xml_safe(value):
    """``value`` with characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _name_token(name: str) -> str:
    """An XML name token (NMTOKEN) for an attribute name: accents dropped, others ``_``.

    >>> _name_token("providers_partnership network"), _name_token("région")
    ('providers_partnership_network', 'region')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_TOKEN.sub("_", ascii_name) or "_"


def _xml_graph(p: Partnership, G: nx.Graph, graphml: bool) -> nx.Graph:
    """A copy of ``G`` fit for an XML format: safe text, and for GraphML token ids and names."""
    ids = {}
    if graphml:
        ids.update({org_id(o): f"o{i}" for i, o in enumerate(p.organisations, start=1)})
        ids.update({fn_id(f): f"f{j}" for j, f in enumerate(p.functions, start=1)})
    import networkx as nx

    H = nx.Graph(name=xml_safe(G.graph.get("name", "")))
    keys: dict = {}  # attribute name -> token, one token per name
    for node, data in G.nodes(data=True):
        attrs = {}
        for key, value in data.items():
            if graphml:
                token = keys.get(key)
                if token is None:
                    token = base = _name_token(str(key))
                    taken = set(keys.values())
                    n = 2
                    while token in taken:
                        token, n = f"{base}_{n}", n + 1
                    keys[key] = token
                key = token
            attrs[key] = xml_safe(value)
        H.add_node(ids.get(node, xml_safe(node)), **attrs)
    for u, v, data in G.edges(data=True):
        H.add_edge(ids.get(u, xml_safe(u)), ids.get(v, xml_safe(v)), **data)
    return H


_LINE_BREAK = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_PAJEK_ESCAPED = re.compile(r'\\(?=[\\"]|$)|"')


def _pajek_label(name: str) -> str:
    r"""A Pajek label as networkx's ``read_pajek`` (``shlex``, POSIX) reads it back.

    >>> print(_pajek_label('Hope "for" All'), _pajek_label("C:\\dir\\"), _pajek_label("it's"))
    "Hope \"for\" All" "C:\dir\\" "it's"
    """
    text = _LINE_BREAK.sub(" ", name)
    return '"' + _PAJEK_ESCAPED.sub(lambda m: "\\" + m.group(), text) + '"'


def _dl_label(name: str) -> str:
    """A UCINET DL label: in double quotes, a ``"`` inside doubled.

    >>> print(_dl_label('Hope "for" All'))
    "Hope ""for"" All"
    """
    return '"' + _LINE_BREAK.sub(" ", name).replace('"', '""') + '"'


def _edge_list(p: Partnership) -> str:
    """The long CSV: engagements, a blank-function row per idle organisation, attributes."""
    rows = p.engagements[["organisation", "function", "weight"]]
    engaged = set(rows["organisation"])
    idle = [o for o in p.organisations if o not in engaged]
    if idle:
        rows = pd.concat([rows, pd.DataFrame({"organisation": idle, "function": "",
                                              "weight": float("nan")})], ignore_index=True)
        order = {o: i for i, o in enumerate(p.organisations)}
        rows = rows.iloc[rows["organisation"].map(order).argsort(kind="stable")]
    attributes = p.attributes.drop(columns=[c for c in p.attributes.columns
                                            if str(c) in rows.columns])
    if len(attributes.columns):
        rows = rows.join(attributes, on="organisation")
    return csv_text(rows, raw=True)


def export_text(p: Partnership, m: Metrics, fmt: str) -> str:
    """The export in format ``fmt`` (one of :data:`FORMATS`) as text."""
    import networkx as nx

    if fmt == "edgelist":
        return _edge_list(p)
    if fmt == "pajek":
        n1, n = len(p.organisations), len(p.organisations) + len(p.functions)
        index = {org_id(o): i for i, o in enumerate(p.organisations, start=1)}
        index.update({fn_id(f): n1 + j for j, f in enumerate(p.functions, start=1)})
        lines = [f"*Vertices {n} {n1}"]
        lines += [f"{i} {_pajek_label(o)}" for i, o in enumerate(p.organisations, start=1)]
        lines += [f"{n1 + j} {_pajek_label(f)}" for j, f in enumerate(p.functions, start=1)]
        lines.append("*Edges")
        lines += [f"{index[org_id(o)]} {index[fn_id(f)]} {w:g}"
                  for o, f, w in p.engagements.itertuples(index=False)]
        return "\r\n".join(lines) + "\r\n"
    if fmt == "dl":
        rows = {o: i for i, o in enumerate(p.organisations, start=1)}
        cols = {f: j for j, f in enumerate(p.functions, start=1)}
        lines = [f"DL NR={len(rows)}, NC={len(cols)}", "FORMAT = EDGELIST2", "ROW LABELS:"]
        lines += [_dl_label(o) for o in p.organisations]
        lines.append("COLUMN LABELS:")
        lines += [_dl_label(f) for f in p.functions]
        lines.append("DATA:")
        lines += [f"{rows[o]} {cols[f]} {w:g}" for o, f, w in p.engagements.itertuples(
            index=False)]
        return "\n".join(lines) + "\n"
    G = export_graph(p, m)
    if fmt == "json":
        # name the edge list "links" on every networkx version (the default is changing)
        params = inspect.signature(nx.node_link_data).parameters
        data = nx.node_link_data(G, edges="links") if "edges" in params else \
            nx.node_link_data(G)
        return json.dumps(plain(data), ensure_ascii=False, allow_nan=False, indent=1) + "\n"
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(_xml_graph(p, G, graphml=True), buf, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(_xml_graph(p, G, graphml=False), buf, encoding="utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return buf.getvalue().decode("utf-8")

