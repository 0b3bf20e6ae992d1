"""Exports round-trip: read back with networkx or a parser of the format, compared."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree

import networkx as nx
import pytest

import netmap
from netmap.cli import cli
from netmap.metrics import compute
from netmap.render.export import export_text

from ..conftest import OK, ROOT, SEED, edges

SCHEMAS = ROOT / "tests" / "schemas"


def validate_xml(text: str, fmt: str) -> None:
    """Validate against the format's XML schema (tests/schemas; raises when invalid)."""
    import xmlschema

    schema = xmlschema.XMLSchema10(str(SCHEMAS / ("graphml.xsd" if fmt == "graphml" else
                                                  "gexf.xsd")))
    schema.validate(text)


@pytest.fixture(scope="module")
def seed():
    p = netmap.read(SEED)
    return p, compute(p, runs=5)


def test_graphml_and_gexf_round_trip_with_attributes(seed):
    p, m = seed
    org = m.organisations.set_index("organisation")
    for fmt, reader, ns in (("graphml", nx.read_graphml, "graphml.graphdrawing.org"),
                            ("gexf", nx.read_gexf, "gexf.net")):
        text = export_text(p, m, fmt)
        root = ElementTree.fromstring(text.encode("utf-8"))
        assert ns in root.tag
        validate_xml(text, fmt)
        G = reader(io.BytesIO(text.encode("utf-8")))
        assert G.number_of_nodes() == 42 and G.number_of_edges() == 51
        assert {(G.nodes[a]["label"], G.nodes[b]["label"]) if G.nodes[a]["kind"] ==
                "organisation" else (G.nodes[b]["label"], G.nodes[a]["label"])
                for a, b in G.edges} == edges(p)
        by_label = {(d["kind"], d["label"]): d for _, d in G.nodes(data=True)}
        ecat = by_label["organisation", "ECAT"]
        assert ecat["kind"] == "organisation" and int(ecat["bipartite"]) == 0
        assert ecat["sector"] == "partnership network"
        assert float(ecat["betweenness_centrality"]) == pytest.approx(
            org.loc["ECAT", "betweenness_centrality"])
        assert int(by_label["function", "Victim Support"]["providers"]) == 11
        # GraphML names attributes with XML name tokens; GEXF keeps them as they are
        key = "providers_partnership_network" if fmt == "graphml" else \
            "providers_partnership network"
        assert int(by_label["function", "Strategic"][key]) == \
            int(m.functions.set_index("function").loc["Strategic",
                                                      "providers_partnership network"])


def test_node_link_json_round_trip(seed):
    p, m = seed
    data = json.loads(export_text(p, m, "json"),
                      parse_constant=lambda c: pytest.fail(f"not strict: {c}"))
    # networkx 3.4+ names the key with edges=; older versions read "links" by default
    import inspect

    takes_edges = "edges" in inspect.signature(nx.node_link_graph).parameters
    G = nx.node_link_graph(data, **({"edges": "links"} if takes_edges else {}))
    assert G.number_of_nodes() == 42 and G.number_of_edges() == 51
    assert G.nodes["fn:Strategic"]["kind"] == "function"


def test_pajek_two_mode(seed):
    p, m = seed
    text = export_text(p, m, "pajek")
    lines = text.splitlines()
    head = re.fullmatch(r"\*Vertices (\d+) (\d+)", lines[0])
    n, n1 = int(head.group(1)), int(head.group(2))
    assert (n, n1) == (42, 36)
    labels = {int(i): name for i, name in (re.fullmatch(r'(\d+) "(.*)"', line).groups()
                                            for line in lines[1:n + 1])}
    assert lines[n + 1] == "*Edges"
    pairs = set()
    for line in lines[n + 2:]:
        a, b, w = line.split()
        assert int(a) <= n1 < int(b) and float(w) == 1.0
        pairs.add((labels[int(a)], labels[int(b)]))
    assert pairs == edges(p)
    # networkx's Pajek reader knows only one-mode headers ("*Vertices N"); with the
    # two-mode count taken off it reads the same nodes and edges
    G = nx.parse_pajek([re.sub(r"^(\*Vertices \d+) \d+$", r"\1", line) for line in lines])
    assert G.number_of_nodes() == 42
    assert {(a, b) if a in set(p.organisations) else (b, a) for a, b, _ in G.edges} == edges(p)


def _dl_label(line: str) -> str:
    """A DL label: quoted (a doubled ``"`` inside is one ``"``) or bare."""
    if len(line) >= 2 and line[0] == line[-1] == '"':
        return line[1:-1].replace('""', '"')
    return line


def parse_dl(text: str) -> tuple:
    """``(row labels, column labels, [(row label, column label, weight)])`` of a DL
    EDGELIST2 file as netmap writes it: labels one a line, 1-based data lines."""
    lines = text.split("\n")
    head = re.fullmatch(r"DL NR=(\d+), NC=(\d+)", lines[0])
    assert head, lines[0]
    nr, nc = int(head.group(1)), int(head.group(2))
    assert lines[1] == "FORMAT = EDGELIST2" and lines[2] == "ROW LABELS:"
    rows = [_dl_label(line) for line in lines[3:3 + nr]]
    assert lines[3 + nr] == "COLUMN LABELS:"
    cols = [_dl_label(line) for line in lines[4 + nr:4 + nr + nc]]
    assert lines[4 + nr + nc] == "DATA:"
    data = [(rows[int(r) - 1], cols[int(c) - 1], float(w))
            for r, c, w in (line.split() for line in lines[5 + nr + nc:] if line)]
    return rows, cols, data


def test_ucinet_dl_edgelist2(seed):
    p, m = seed
    text = export_text(p, m, "dl")
    lines = text.splitlines()
    assert lines[0] == "DL NR=36, NC=6" and lines[1] == "FORMAT = EDGELIST2"
    rows, cols, data = parse_dl(text)
    assert rows == list(p.organisations) and cols == list(p.functions)
    assert {(r, c) for r, c, _ in data} == edges(p)


def test_edgelist_reads_back_into_the_same_partnership(seed, tmp_path):
    p, m = seed
    path = tmp_path / "e.csv"
    path.write_text(export_text(p, m, "edgelist"), encoding="utf-8")
    back = netmap.read(path)
    assert edges(back) == edges(p)


def test_export_command_and_hostile_names(runner, tmp_path):
    for fmt in ("graphml", "gexf", "json", "pajek", "dl", "edgelist"):
        out = tmp_path / f"h.{fmt}"
        result = runner.invoke(cli, ["export", str(OK / "hostile_names.csv"), "--to", fmt,
                                     "-o", str(out), "--runs", "0"])
        assert result.exit_code == 0, result.output
        text = out.read_text("utf-8")
        if fmt in ("graphml", "gexf"):
            G = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(str(out))
            labels = {d["label"] for _, d in G.nodes(data=True)}
            assert "</script><script>alert(2)</script>" in labels
            validate_xml(text, fmt)
        if fmt == "edgelist":  # written for programs: names exactly as they are
            first = [r[0] for r in csv.reader(io.StringIO(text))]
            assert '=HYPERLINK("http://x")' in first
        if fmt == "pajek":
            assert '"=HYPERLINK(\\"http://x\\")"' in text
    assert runner.invoke(cli, ["export", str(SEED), "--to", "svg", "-o",
                               str(tmp_path / "x")]).exit_code == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exported_graphs_load_back_as_the_same_partnership(seed, tmp_path, fmt):
    p, m = seed
    path = tmp_path / f"partners.{fmt}"
    path.write_text(export_text(p, m, fmt), encoding="utf-8")
    loaded = netmap.load(path)
    assert loaded.layout == "graph"
    back = loaded.partnership
    assert edges(back) == edges(p) and set(back.functions) == set(p.functions)
    assert back.sectors.to_dict() == p.sectors.to_dict()
    assert list(back.attributes.columns) == ["sector"]


def test_graph_files_that_are_not_partnerships_are_refused(tmp_path, runner):
    G = nx.Graph()
    G.add_node("a", bipartite=0)
    G.add_node("b")
    G.add_node("c", bipartite=0)
    G.add_edge("a", "c")
    path = tmp_path / "bad.graphml"
    nx.write_graphml(G, str(path))
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "node 'b' has no bipartite attribute" in result.stdout
    assert "edge 'a' - 'c' joins two nodes of the same side" in result.stdout
    junk = tmp_path / "junk.gexf"
    junk.write_text("<not a graph", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(junk)])
    assert result.exit_code == 1 and "not a readable gexf graph" in result.stdout


def test_report_xlsx_has_a_sheet_per_table_and_runs_no_formula(runner, tmp_path):
    import openpyxl

    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(OK / "hostile_names.csv"), "-o", str(out),
                                 "--xlsx", "--runs", "0"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out / "report.xlsx")
    assert wb.sheetnames == ["organisations", "functions", "gaps", "findings", "overlap"]
    ws = wb["organisations"]
    assert [c.value for c in ws[1]][:3] == ["organisation", "sector", "functions"]
    names = {row[0].value: row[0].data_type for row in ws.iter_rows(min_row=2)}
    assert names['=HYPERLINK("http://x")'] == "s"  # text, shown as it is, not a formula
    assert all(t == "s" for t in names.values())
    assert "<img src=x onerror=alert(1)>" in names and ws.max_row == 6


def test_the_schemas_reject_what_the_formats_forbid(seed):
    """Validation is not vacuous: each schema refuses a document its format forbids."""
    import xmlschema

    p, m = seed
    graphml, gexf = export_text(p, m, "graphml"), export_text(p, m, "gexf")
    validate_xml(graphml, "graphml")
    validate_xml(gexf, "gexf")
    broken = {
        "graphml": [graphml.replace('id="o1"', 'id="org 1"', 1),  # ids are name tokens
                    graphml.replace('attr.type="double"', 'attr.type="real"', 1),
                    graphml.replace('edgedefault="undirected"', "", 1),
                    re.sub(r'source="o1"', 'source="o999"', graphml, count=1)],
        "gexf": [gexf.replace('type="double"', 'type="real"', 1),
                 re.sub(r'source="[^"]*"', 'source="nobody"', gexf, count=1),
                 gexf.replace('version="1.2"', 'version="9"', 1)],
    }
    for fmt, texts in broken.items():
        for text in texts:
            with pytest.raises(xmlschema.XMLSchemaValidationError):
                validate_xml(text, fmt)


@pytest.mark.parametrize("name", ["weights.csv", "hostile_names.csv", "near_duplicates.csv",
                                  "org_named_like_function.csv"])
def test_exports_of_awkward_inputs_are_valid(name):
    loaded = netmap.load(OK / name, weighted=name == "weights.csv")
    p = loaded.partnership
    m = compute(p, runs=2)
    for fmt in ("graphml", "gexf"):
        validate_xml(export_text(p, m, fmt), fmt)


def test_text_xml_cannot_hold_is_replaced():
    p = netmap.Partnership.from_edges([("Bad\x01name", "F"), ("Fine", "F\x0bG")])
    m = compute(p, runs=0)
    for fmt in ("graphml", "gexf"):
        text = export_text(p, m, fmt)
        validate_xml(text, fmt)
        assert "\x01" not in text and "Bad\ufffdname" in text
