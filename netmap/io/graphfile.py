"""Read a bipartite GraphML or GEXF graph (e.g. saved by Gephi or netmap export).

Nodes need a ``bipartite`` attribute: 0 for organisations, 1 for functions
(as networkx and netmap export write). Names come from the ``label``
attribute when present, else from the node id (netmap's ``org:``/``fn:``
prefixes removed), and are cleaned as names in a CSV are
(:func:`~netmap.io.cells.clean_name`), with the same duplicate, near-duplicate
and look-alike warnings. Edges give engagements, with ``weight`` when present:
a weight is read as a CSV cell is (:func:`~netmap.io.cells.interpret`), so
NaN, infinity, text, negative numbers and strengths over
:data:`~netmap.io.cells.MAX_WEIGHT` are errors naming the edge. Other
organisation attributes made of text (e.g. ``sector``) are kept, except those
named like netmap's own metrics and graph fields. Anything else is an error
naming the node or edge.

The file is checked before it is parsed: it must be a regular file (not a
folder, pipe or device) of at most ``max_bytes`` bytes, and it is read into
memory (at most ``max_bytes + 1`` bytes) and parsed from there; a document
type declaration is refused (see :mod:`netmap.io.graphxml`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from netmap.errors import InputError, Problem
from netmap.io.builder import RESERVED_ATTRIBUTES, Builder, attribute_name_problems
from netmap.io.cells import MAX_WEIGHT_TEXT, CellError, clean_name, interpret
from netmap.io.extras import apply_attributes, read_aliases
from netmap.io.files import read_bounded
from netmap.io.graphxml import GraphDocumentError, parse_graph
from netmap.io.options import LoadOptions
from netmap.names import fold

if TYPE_CHECKING:
    from netmap.model import Partnership

__all__ = ["GRAPH_EXTENSIONS", "read_graph_file"]

GRAPH_EXTENSIONS = (".graphml", ".gexf")
_STRUCTURE = {"bipartite", "kind", "label", "id"}  # node fields that are not attributes
_TEXT_TYPES = {"string", "str"}


def _fail(file: str, message: str, hint: str | None = None) -> NoReturn:
    raise InputError([Problem("error", message, file=file, hint=hint)])


def _attribute_keys(doc, b: Builder) -> list:
    """Text attributes of organisation nodes to keep: (key, folded name) pairs."""
    keys = [k for k, t in doc.types.items()
            if t in _TEXT_TYPES and fold(k) not in _STRUCTURE]
    own = [k for k in keys if fold(k) in RESERVED_ATTRIBUTES or fold(k).startswith("providers_")]
    if own:
        many = len(own) > 1
        b.problem("info", f"node attribute{'s' if many else ''} {', '.join(map(repr, own))} "
                  f"{'are' if many else 'is'} named like netmap's own metrics and not read as "
                  "organisation attributes")
    keys = [k for k in keys if k not in own]
    problems = attribute_name_problems([(None, k) for k in keys], b.file, None,
                                       noun="node attribute")
    b.problems += problems
    bad = {p.column_name for p in problems}
    return [(k, fold(k)) for k in keys if k not in bad]


def _clean(b: Builder, raw: str, what: str) -> str | None:
    """A cleaned name or value, or None after an error naming ``what``."""
    notes: list = []
    try:
        text = clean_name(raw, notes)
    except CellError as e:
        b.problem("error", f"{what} {e}", hint=e.hint)
        return None
    for note in notes:
        b.problem("warning", f"{what} ({text!r}) {note}")
    return text


def _node_name(node: str, data: dict) -> str:
    name = data.get("label") or node
    for prefix in ("org:", "fn:"):
        if name == node and name.startswith(prefix):
            name = name[len(prefix):]
    return name


def _side(text: str) -> str | None:
    """'0' or '1' from a bipartite value (``0``, ``1``, ``0.0``, ``true``...), else None."""
    text = text.strip().casefold()
    if text in ("0", "0.0", "false"):
        return "0"
    if text in ("1", "1.0", "true"):
        return "1"
    return None


def _nodes(doc, b: Builder) -> dict:
    """node id -> (side, name), registering organisations, functions and attributes."""
    keys = _attribute_keys(doc, b)
    names: dict = {}
    function_nodes: dict = {}
    for node, data in doc.nodes.items():
        side = _side(data.get("bipartite", ""))
        if side is None:
            b.problem("error", f"node {node!r} has no bipartite attribute 0 (organisation) or 1 "
                      "(function)", hint="mark each node's side with bipartite=0 or 1")
            continue
        name = _clean(b, _node_name(node, data), f"the label of node {node!r}")
        if name is None:
            continue
        if not name:
            b.problem("error", f"node {node!r} has no name", hint="give the node a label")
            continue
        if side == "0":
            name = b.organisation(name, f"node {node!r}")
            for key, attribute in keys:
                value = _clean(b, data.get(key, ""), f"the {key} of node {node!r}")
                if value is not None:
                    b.attribute(name, attribute, value, f"node {node!r}")
        else:
            name = b.function(name)
            if name in function_nodes:
                b.problem("warning", f"function nodes {function_nodes[name]!r} and {node!r} are "
                          f"both named {name!r}; read as one function")
            function_nodes.setdefault(name, node)
        names[node] = (side, name)
    return names


def _weight(b: Builder, text: str | None, edge: str) -> float | None:
    """The edge's weight read as a weighted cell is (1 when absent); None after an error."""
    if text is None:
        return 1.0
    try:
        return interpret(text, weighted=True)
    except CellError as e:
        try:
            float(text)
            reason = (f"the weight {text.strip()} is negative"
                      if str(e).startswith("negative value") else f"the weight {e}")
        except ValueError:
            shown = text.strip() if len(text.strip()) <= 40 else text.strip()[:37] + "..."
            reason = f"the weight {shown!r} is not a number"
        b.problem("error", f"{edge}: {reason}",
                  hint=f"a weight must be a number from 0 to {MAX_WEIGHT_TEXT}")
        return None


def _edges(doc, b: Builder, names: dict, weighted: bool) -> None:
    seen: dict = {}
    ignored = False
    for u, v, data in doc.edges:
        missing = [n for n in (u, v) if n not in doc.nodes]
        if missing:
            b.problem("error", f"edge {u!r} - {v!r} names a node the file does not declare "
                      f"({missing[0]!r})", hint="declare every node an edge joins")
            continue
        if u not in names or v not in names:
            continue  # the node's own error is reported
        (su, nu), (sv, nv) = names[u], names[v]
        if su == sv:
            b.problem("error", f"edge {nu!r} - {nv!r} joins two nodes of the same side",
                      hint="a partnership graph links organisations to functions only")
            continue
        org, fn = (nu, nv) if su == "0" else (nv, nu)
        edge = f"edge {org!r} - {fn!r}"
        value = _weight(b, data.get("weight"), edge)
        if value is None:
            b.failed.add(org)
            continue
        if value == 0:
            b.problem("warning", f"{edge} has weight 0; read as not engaged")
            continue
        ignored = ignored or (not weighted and value != 1)
        weight = value if weighted else 1.0
        if (org, fn) in seen:
            if seen[(org, fn)] != weight:
                b.problem("error", f"{edge} appears twice, with weights {seen[(org, fn)]:g} and "
                          f"{weight:g}", hint="keep one of the two edges")
                b.failed.add(org)
            continue
        seen[(org, fn)] = weight
        b.engage(org, fn, weight, None)
    if ignored:
        b.problem("info", "edge weights other than 1 are ignored; pass --weighted to read them "
                  "as engagement strengths")


def read_graph_file(path, options: LoadOptions | None = None) -> tuple:
    """``(partnership, problems)`` from a GraphML or GEXF file.

    Of the :class:`~netmap.io.options.LoadOptions`, ``max_bytes`` bounds the
    file's size, ``max_rows`` its number of nodes and of edges, and
    ``max_columns`` its number of node attributes; ``weighted``, ``aliases``
    (applied to node labels), ``attributes`` and ``name`` apply as for a
    table; the options about tables (layout, columns, sheet, encoding) are
    refused.
    """
    o = options or LoadOptions()
    file = str(path)
    p = Path(path)
    o.refuse("graph", file)
    alias_map, problems = read_aliases(o.aliases, o) if o.aliases is not None else ({}, [])
    if any(x.is_error for x in problems):
        raise InputError(problems)
    data = read_bounded(path, o.max_bytes)
    kind = p.suffix.lower()[1:]
    try:
        doc = parse_graph(data, kind, o.max_rows)
    except GraphDocumentError as e:
        shown = "GraphML" if kind == "graphml" else "GEXF"
        _fail(file, f"not a readable {kind} graph: {e}",
              f"export the graph again as {shown}, e.g. from Gephi or netmap export")
    if len(doc.types) > o.max_columns:
        _fail(file, f"the graph declares {len(doc.types):,} node attributes, more than the "
              f"limit of {o.max_columns:,}", "raise the limit with --max-columns")
    b = Builder(file, alias_map)
    names = _nodes(doc, b)
    _edges(doc, b, names, o.weighted)
    if o.attributes is not None and not any(x.is_error for x in b.problems):
        problems += apply_attributes(b, o.attributes, o)
    partnership: Partnership = b.finish(o.name or p.stem, o.weighted, file)
    problems += b.problems
    if any(x.is_error for x in problems):
        raise InputError(problems, names=[*b.org_rows, *alias_map, *alias_map.values()])
    return partnership, problems
