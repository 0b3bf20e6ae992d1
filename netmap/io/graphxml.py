"""Parse a GraphML or GEXF document into nodes and edges whose values are all text.

netmap decides what values mean itself (a weight ``abc`` or ``NaN`` is an
error naming the edge), so the documents are not read through networkx's
readers, which convert declared types on the way in and stop at the first
value that does not convert. Parsing is from bytes already read (the caller
bounds their size), and a document with a document type declaration
(``<!DOCTYPE``) is refused before it is parsed further: a DTD can declare
entities, which the XML parser would expand (the "billion laughs" attack).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

__all__ = ["GraphDocument", "GraphDocumentError", "parse_graph"]


class GraphDocumentError(ValueError):
    """The document is not a readable graph; ``args[0]`` says why."""


@dataclass
class GraphDocument:
    """Nodes and edges of a graph document, values as text.

    ``nodes`` maps node id -> {attribute: text}, in document order;
    ``types`` maps a node attribute name to its declared type (``string``,
    ``double``, ...); ``edges`` lists ``(source, target, {attribute: text})``.
    The GraphML ``label`` / GEXF ``label`` of a node is its ``label``
    attribute; a GEXF edge's ``weight`` is its ``weight`` attribute.
    """

    nodes: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    edges: list = field(default_factory=list)


class _NoDoctype(ET.TreeBuilder):
    def doctype(self, name, pubid, system):  # called by the parser at <!DOCTYPE
        raise GraphDocumentError(
            "the document has a document type declaration (<!DOCTYPE ...>), which can declare "
            "entities; netmap does not read such documents")


def _local(tag) -> str:
    """Tag name without its namespace (``{http://...}node`` -> ``node``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [c for c in element if _local(c.tag) == name]


def _parse_xml(data: bytes):
    parser = ET.XMLParser(target=_NoDoctype())
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as e:
        raise GraphDocumentError(f"not well-formed XML ({e})") from None


def parse_graph(data: bytes, kind: str, max_items: int | None = None) -> GraphDocument:
    """Parse ``data``, a ``graphml`` or ``gexf`` document (``kind``).

    More than ``max_items`` nodes or edges is refused. Raises
    :class:`GraphDocumentError` when the document cannot be read.

    >>> doc = parse_graph(b'<gexf><graph><nodes><node id="a" label="A"/></nodes>'
    ...                   b'<edges><edge source="a" target="b" weight="2"/></edges>'
    ...                   b'</graph></gexf>', "gexf")
    >>> doc.nodes, doc.edges
    ({'a': {'label': 'A'}}, [('a', 'b', {'weight': '2'})])
    """
    root = _parse_xml(data)
    if _local(root.tag) != kind:
        raise GraphDocumentError(f"the document is not {kind.upper()} (its root element is "
                                 f"<{_local(root.tag)}>)")
    doc = _graphml(root) if kind == "graphml" else _gexf(root)
    if max_items is not None and max(len(doc.nodes), len(doc.edges)) > max_items:
        raise GraphDocumentError(f"the graph has {len(doc.nodes):,} nodes and "
                                 f"{len(doc.edges):,} edges, over the limit of {max_items:,}")
    return doc


def _graphml(root) -> GraphDocument:
    doc = GraphDocument()
    keys: dict = {}  # key id -> (name, for)
    defaults: dict = {"node": {}, "edge": {}}
    for key in _children(root, "key"):
        name = key.get("attr.name") or key.get("yfiles.type") or key.get("id") or ""
        where = key.get("for", "all")
        keys[key.get("id")] = (name, where)
        if where in ("node", "all"):
            doc.types[name] = key.get("attr.type", "string")
        for default in _children(key, "default"):
            for kind in (("node", "edge") if where == "all" else (where,)):
                if kind in defaults:
                    defaults[kind][name] = default.text or ""

    def values(element, kind: str) -> dict:
        out = dict(defaults[kind])
        for data in _children(element, "data"):
            name = keys.get(data.get("key"), (data.get("key") or "", ""))[0]
            if len(data):  # yEd's graphics: the node or edge label only
                labels = [e.text for e in data.iter() if _local(e.tag) in
                          ("NodeLabel", "EdgeLabel") and e.text]
                if labels:
                    out["label"] = labels[0]
            else:
                out[name] = data.text or ""
        return out

    for element in root.iter():
        tag = _local(element.tag)
        if tag == "node":
            doc.nodes[element.get("id", "")] = values(element, "node")
        elif tag == "edge":
            doc.edges.append((element.get("source", ""), element.get("target", ""),
                              values(element, "edge")))
        elif tag == "hyperedge":
            raise GraphDocumentError("the graph has hyperedges, which a partnership cannot have")
    return doc


def _gexf(root) -> GraphDocument:
    doc = GraphDocument()
    titles: dict = {"node": {}, "edge": {}}  # attribute id -> title
    defaults: dict = {"node": {}, "edge": {}}
    for graph in _children(root, "graph"):
        for attributes in _children(graph, "attributes"):
            kind = attributes.get("class", "node")
            if kind not in titles:
                continue
            for attribute in _children(attributes, "attribute"):
                title = attribute.get("title") or attribute.get("id") or ""
                titles[kind][attribute.get("id")] = title
                if kind == "node":
                    doc.types[title] = attribute.get("type", "string")
                for default in _children(attribute, "default"):
                    defaults[kind][title] = default.text or ""

    def values(element, kind: str) -> dict:
        out = dict(defaults[kind])
        for attvalues in _children(element, "attvalues"):
            for value in _children(attvalues, "attvalue"):
                key = value.get("for", value.get("id"))
                out[titles[kind].get(key, key or "")] = value.get("value", "")
        return out

    for element in root.iter():
        tag = _local(element.tag)
        if tag == "node":
            data = values(element, "node")
            if element.get("label") is not None:
                data["label"] = element.get("label")
            doc.nodes[element.get("id", "")] = data
        elif tag == "edge":
            data = values(element, "edge")
            if element.get("weight") is not None:
                data["weight"] = element.get("weight")
            doc.edges.append((element.get("source", ""), element.get("target", ""), data))
    return doc
