"""Reliability of reading (issue 12): each case through the library and the command line.

Catalogue (case of the issue -> tests):

1. A wide matrix with a notes-like column headed ``Function``/``functions``
   is read as wide (columns of marks decide), with a visible warning naming
   the layout chosen and ``--layout long``; ``--layout wide`` always wins:
   ``test_function_notes_column_is_read_as_wide``,
   ``test_functions_header_and_layout_wide_always_win``,
   ``test_ambiguous_layouts_warn_without_verbose``,
   ``test_unambiguous_files_get_no_layout_warning``,
   ``test_layout_cases_through_validate_and_report``.
2. GraphML/GEXF: NaN, infinite, non-numeric and overflowing weights are
   errors naming the edge; labels are cleaned and warned about as CSV names;
   one maximum engagement strength for every input kind; the path is checked
   and the size bounded before parsing; no DOCTYPE (entities) is read:
   ``test_graph_weights_are_refused_naming_the_edge``,
   ``test_graph_labels_are_cleaned_and_warned_about``,
   ``test_graph_label_control_character_and_duplicate_nodes``,
   ``test_maximum_strength_holds_for_every_input_kind``,
   ``test_weights_up_to_the_maximum_give_finite_sums_without_numpy_warnings``,
   ``test_graph_path_checks_before_parsing``,
   ``test_graph_fifo_is_refused_without_hanging``,
   ``test_graph_size_and_count_limits``,
   ``test_reading_is_bounded_whatever_size_the_file_claims``,
   ``test_graph_document_type_declarations_are_refused``.
3. A long-layout row with a weight but no function is an error naming the
   row: ``test_long_row_with_weight_but_no_function``.
4. Attribute columns named like metric columns, or twice: clear errors
   naming the columns (exit 1, never an internal error), from an attributes
   file and from matrix columns:
   ``test_attributes_file_named_like_metric_columns``,
   ``test_attributes_file_with_a_column_twice``,
   ``test_matrix_attribute_columns_named_twice_or_like_metrics``,
   ``test_graph_node_attributes_named_twice_or_like_metrics``,
   ``test_reserved_names_cover_every_metric_column``.
5. Bidirectional controls are stripped with a warning naming the cell;
   look-alike letters of another script are warned about next to the name
   they imitate, never merged:
   ``test_bidirectional_controls_are_stripped``,
   ``test_lookalike_names_are_flagged_next_to_their_twin``,
   ``test_lookalike_function_names``.
6. Summary rows (Total, Sum, Count, ...) are skipped with a warning naming
   the row, before their cells are read, in wide and roster layouts:
   ``test_summary_rows_are_skipped``, ``test_summary_labels``,
   ``test_summary_rows_through_validate_and_report``.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import warnings

import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError, column_letter
from netmap.io.builder import RESERVED_ATTRIBUTES
from netmap.io.cells import BIDI_CONTROLS, MAX_WEIGHT, clean_name
from netmap.io.files import read_bounded
from netmap.io.layouts import is_summary
from netmap.metrics import compute

from ..conftest import BAD, OK, ROOT, edges

SMALL = OK / "small.csv"


def messages(problems) -> list:
    return [str(p) for p in problems]


def errors_of(path, **options) -> list:
    with pytest.raises(InputError) as e:
        netmap.load(path, **options)
    return e.value.errors


def refused(runner, tmp_path, args: list, *texts: str) -> None:
    """``validate``, ``report`` (and ``metrics --format json``) exit 1 naming ``texts``."""
    out = tmp_path / "refused"
    for command in (["validate"], ["report", "-o", str(out), "--runs", "0"],
                    ["metrics", "--format", "json", "--runs", "0"]):
        result = runner.invoke(cli, command + args)
        assert result.exit_code == 1, (command, result.output)
        assert "unexpected internal error" not in result.output
        assert "Traceback" not in result.output
        for text in texts:
            assert text in result.output, (command, text, result.output)
    assert not out.exists()


# --- 1. layout detection ---------------------------------------------------------------

def test_function_notes_column_is_read_as_wide():
    loaded = netmap.load(OK / "function_notes_wide.csv")
    p = loaded.partnership
    assert loaded.layout == "wide"
    assert p.functions == ("Resources", "Victim Support", "Strategic")
    assert edges(p) == {("Police", "Resources"), ("Police", "Strategic"),
                        ("Hestia", "Victim Support"), ("Church", "Resources"),
                        ("Church", "Victim Support")}
    assert p.attributes["function"].to_dict() == {
        "Police": "Chief Constable", "Hestia": "Director", "Church": "Vicar"}
    chosen = [w for w in loaded.warnings if "read as a wide matrix" in w.message]
    assert len(chosen) == 1 and "--layout long" in chosen[0].hint
    assert "columns C, D, E hold only engagement marks" in chosen[0].message
    column = [w for w in loaded.warnings if w.column == 1]
    assert len(column) == 1 and "attribute 'function'" in column[0].message


def test_functions_header_and_layout_wide_always_win(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text((OK / "function_notes_wide.csv").read_text(encoding="utf-8")
                    .replace("Function", "functions", 1), encoding="utf-8")
    detected = netmap.load(path)
    assert detected.layout == "wide" and len(detected.partnership.functions) == 3
    forced = netmap.load(path, layout="wide")
    assert forced.layout == "wide" and edges(forced.partnership) == edges(detected.partnership)
    assert not [w for w in forced.warnings if "read as a wide matrix" in w.message]
    assert [w for w in forced.warnings if "attribute 'function'" in w.message]
    long = netmap.load(path, layout="long")  # the other reading, when asked for
    assert long.layout == "long"
    assert set(long.partnership.functions) == {"Chief Constable", "Director", "Vicar"}
    # a column headed "Function" holding only marks is a function called "Function"
    marks = tmp_path / "marks.csv"
    marks.write_text("organisation,Function,Resources\nPolice,1,\nHestia,,1\n",
                     encoding="utf-8")
    assert netmap.load(marks).partnership.functions == ("Function", "Resources")


def test_ambiguous_layouts_warn_without_verbose(runner, tmp_path):
    # long chosen, although other columns hold numbers
    long = tmp_path / "long.csv"
    long.write_text("organisation,function,staff\nPolice,Resources,120\nPolice,Strategic,120\n"
                    "Hestia,Resources,30\n", encoding="utf-8")
    loaded = netmap.load(long)
    assert loaded.layout == "long"
    [w] = [w for w in loaded.warnings if "read as a long list" in w.message]
    assert "column C holds marks or numbers" in w.message and "--layout wide" in w.hint
    # wide chosen, although one column holds text
    wide = tmp_path / "wide.csv"
    wide.write_text("Member,Resources,Victim Support,Strategic,Job title\n"
                    "Police,1,,1,Chief\nHestia,,1,,Director\n", encoding="utf-8")
    loaded = netmap.load(wide)  # the column of text is an attribute (issue 14), with a warning
    [w] = [w for w in loaded.warnings if "read as a wide" in w.message]
    assert "column E holds other text" in w.message and "--layout roster" in w.hint
    assert "--attribute-column" in w.hint
    assert any("column E 'Job title' holds free text" in w.message for w in loaded.warnings)
    assert loaded.partnership.attributes.loc["Hestia", "job title"] == "Director"
    # roster chosen, although one column holds marks
    roster = tmp_path / "roster.csv"
    roster.write_text("Resources,Victim Support,Strategic,Count\nPolice,Hestia,Police,1\n"
                      "Church,Church,Hestia,1\n", encoding="utf-8")
    loaded = netmap.load(roster)
    assert loaded.layout == "roster"
    [w] = [w for w in loaded.warnings if "read as a roster" in w.message]
    assert "--layout wide" in w.hint
    for path, text in ((long, "--layout wide"), (roster, "--layout wide")):
        result = runner.invoke(cli, ["validate", str(path)])
        assert result.exit_code == 0 and "warning:" in result.stdout and text in result.stdout
        assert "note:" not in result.stdout  # shown without -v


@pytest.mark.parametrize("name", ["small.csv", "long.csv", "long_weighted.csv", "roster.csv",
                                  "rownames.csv"])
def test_unambiguous_files_get_no_layout_warning(name):
    loaded = netmap.load(OK / name, weighted=name == "long_weighted.csv")
    assert not [w for w in loaded.warnings if "--layout" in (w.hint or "")]


def test_layout_cases_through_validate_and_report(runner, tmp_path):
    path = str(OK / "function_notes_wide.csv")
    result = runner.invoke(cli, ["validate", path])
    assert result.exit_code == 0
    assert "valid (wide layout): 3 organisations, 3 functions, 5 engagements" in result.stdout
    assert "read as a wide matrix" in result.stdout and "pass --layout long" in result.stdout
    forced = runner.invoke(cli, ["validate", path, "--layout", "wide"])
    assert forced.exit_code == 0 and "valid (wide layout)" in forced.stdout
    assert "read as a wide matrix" not in forced.stdout
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", path, "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    assert "read as a wide matrix" in result.stderr
    organisations = (out / "organisations.csv").read_text(encoding="utf-8-sig")
    assert "function" in organisations.splitlines()[0] and "Chief Constable" in organisations
    metrics = runner.invoke(cli, ["metrics", path, "--layout", "wide", "--format", "json",
                                  "--runs", "0"])
    assert metrics.exit_code == 0
    data = json.loads(metrics.stdout)
    assert [f["function"] for f in data["functions"]] == ["Resources", "Victim Support",
                                                           "Strategic"]


# --- 2. GraphML and GEXF ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["weights.graphml", "weights.gexf"])
def test_graph_weights_are_refused_naming_the_edge(runner, tmp_path, name):
    expected = [
        "edge 'Police' - 'Resources': the weight 'NaN' is not a finite number",
        "edge 'Police' - 'Victim Support': the weight 'INF' is not a finite number",
        "edge 'Hestia' - 'Resources': the weight 'abc' is not a number",
        "edge 'Hestia' - 'Victim Support': the weight 1e308 is larger than the largest "
        "engagement strength netmap accepts (1e12)",
    ]
    for weighted in (True, False):  # a broken weight is broken either way
        found = [p.message for p in errors_of(BAD / name, weighted=weighted)]
        assert found == expected
    refused(runner, tmp_path, [str(BAD / name), "--weighted"], *expected)


def test_graph_labels_are_cleaned_and_warned_about(runner):
    loaded = netmap.load(OK / "names.graphml", weighted=True)
    p = loaded.partnership
    assert p.organisations == ("Police", "P\u043elice", "Barnardo's", "BARNARDOS", "Hestia")
    assert p.sectors["Police"] == "statutory"
    assert ("Hestia", "Victim Support", 2.0) in set(
        map(tuple, p.engagements.to_numpy().tolist()))
    shown = messages(loaded.warnings)
    assert any("node 'o5'" in m and "U+202E" in m and "removed" in m for m in shown)
    assert any("\"Barnardo's\" (node 'o3'), 'BARNARDOS' (node 'o4')" in m for m in shown)
    assert any("'P\u043elice' (node 'o2') contains Cyrillic letters that look like Latin ones;"
               " it looks like 'Police' (node 'o1')" in m for m in shown)
    result = runner.invoke(cli, ["validate", str(OK / "names.graphml")])
    assert result.exit_code == 0 and "contains Cyrillic letters" in result.stdout


def _graphml(nodes: str, edges: str = "", keys: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            '<key id="b" for="node" attr.name="bipartite" attr.type="int"/>'
            '<key id="l" for="node" attr.name="label" attr.type="string"/>' + keys
            + f'<graph edgedefault="undirected">{nodes}{edges}</graph></graphml>')


def _node(i: str, side: int, label: str, extra: str = "") -> str:
    return f'<node id="{i}"><data key="b">{side}</data><data key="l">{label}</data>{extra}</node>'


def test_graph_label_control_character_and_duplicate_nodes(runner, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text(_graphml(_node("o1", 0, "Bad\u0085Name") + _node("o2", 0, "Police")
                             + _node("o3", 0, " Police") + _node("f1", 1, "Resources"),
                             '<edge source="o1" target="f1"/><edge source="o2" target="f1"/>'
                             '<edge source="o3" target="f1"/><edge source="o2" target="zz"/>'),
                    encoding="utf-8")
    found = messages(errors_of(path))
    assert found == [
        f"{path}: the label of node 'o1' contains the control character U+0085 "
        "(delete it; names must be plain text)",
        f"{path}: edge 'o2' - 'zz' names a node the file does not declare ('zz') "
        "(declare every node an edge joins)"]
    path.write_text(_graphml(_node("o2", 0, "Police") + _node("o3", 0, " Police")
                             + _node("f1", 1, "Resources"),
                             '<edge source="o2" target="f1"/><edge source="o3" target="f1"/>'),
                    encoding="utf-8")
    loaded = netmap.load(path)
    assert loaded.partnership.organisations == ("Police",)
    assert any("'Police' is the name of node 'o2', node 'o3'; their engagements were merged"
               in m for m in messages(loaded.warnings))


def test_maximum_strength_holds_for_every_input_kind(runner, tmp_path):
    cases = [
        (BAD / "weight_overflow.csv", [(2, "B"), (2, "C")], "1e308 is larger than"),
        (BAD / "weight_overflow_long.csv", [(3, "C")], "1e13 is larger than"),
        (BAD / "weight_overflow.xlsx", [(2, "B")], "1e308 is larger than"),
    ]
    for path, where, text in cases:
        found = errors_of(path, weighted=True)
        assert [(p.row, column_letter(p.column)) for p in found] == where
        assert all(text in p.message and "(1e12)" in p.message for p in found)
        refused(runner, tmp_path, [str(path), "--weighted"], text, f"row {where[0][0]}")
    # without --weighted, a big number is not a mark either
    assert "--weighted" in errors_of(BAD / "weight_overflow.csv")[0].hint
    assert MAX_WEIGHT == 1e12


def test_weights_up_to_the_maximum_give_finite_sums_without_numpy_warnings(runner, tmp_path):
    path = tmp_path / "max.csv"
    path.write_text("organisation,Resources,Strategic\nPolice,1e12,1e12\nHestia,1e12,1\n",
                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in numpy would raise here
        p = netmap.read(path, weighted=True)
        m = compute(p, runs=2)
    assert m.network["total_weight"] == 3e12 + 1
    assert all(math.isfinite(s) for s in m.organisations["strength"])
    result = runner.invoke(cli, ["metrics", str(path), "--weighted", "--format", "json",
                                 "--runs", "2"])
    assert result.exit_code == 0 and "RuntimeWarning" not in result.output
    assert json.loads(result.stdout)["network"]["total_weight"] == 3e12 + 1


def test_graph_path_checks_before_parsing(runner, tmp_path):
    folder = tmp_path / "folder.graphml"
    folder.mkdir()
    for path, text in ((tmp_path / "missing.gexf", "no such file"),
                       (folder, "is a folder, not a file")):
        assert text in errors_of(path)[0].message
        refused(runner, tmp_path, [str(path)], text, str(path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_graph_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.graphml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "netmap", "validate", str(fifo)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "is not a regular file (a FIFO, or named pipe)" in result.stdout


def test_graph_size_and_count_limits(runner, tmp_path):
    path = BAD / "weights.graphml"
    size = path.stat().st_size
    found = errors_of(path, max_bytes=size - 1)
    expected = f"the file is {size:,} bytes, over the limit of {size - 1:,} bytes"
    assert expected in found[0].message, found[0].message
    refused(runner, tmp_path, [str(path), "--max-bytes", str(size - 1)], "over the limit")
    assert netmap.load(OK / "names.graphml", max_bytes=(OK / "names.graphml").stat().st_size)
    found = errors_of(OK / "names.graphml", max_rows=6)
    assert "7 nodes and 5 edges, over the limit of 6" in found[0].message


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_reading_is_bounded_whatever_size_the_file_claims():
    assert os.stat("/proc/self/status").st_size == 0  # claims to be empty, is not
    with pytest.raises(InputError, match="is larger than the limit of 10 bytes"):
        read_bounded("/proc/self/status", 10)
    assert len(read_bounded("/proc/self/status", 1 << 20)) > 10


def test_graph_document_type_declarations_are_refused(runner, tmp_path):
    text = "document type declaration (<!DOCTYPE ...>)"
    assert text in errors_of(BAD / "doctype.graphml")[0].message
    refused(runner, tmp_path, [str(BAD / "doctype.graphml")], text)
    # an exponential entity (billion laughs) in GEXF: refused before anything is expanded
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    gexf = tmp_path / "laughs.gexf"
    gexf.write_text(f'<?xml version="1.0"?><!DOCTYPE gexf [<!ENTITY l0 "lol">{laughs}]>'
                    '<gexf><graph><nodes><node id="a" label="&l9;"/></nodes></graph></gexf>',
                    encoding="utf-8")
    assert text in errors_of(gexf)[0].message


# --- 3. long rows ------------------------------------------------------------------------

def test_long_row_with_weight_but_no_function(runner, tmp_path):
    [error] = errors_of(BAD / "long_weight_no_function.csv", weighted=True)
    assert (error.row, column_letter(error.column)) == (3, "B")
    assert error.message == "the row gives 'Hestia' a weight (3) but no function"
    refused(runner, tmp_path, [str(BAD / "long_weight_no_function.csv"), "--weighted"],
            "row 3", "column B", "a weight (3) but no function")
    # no weight (blank or 0): an organisation without engagement, as before
    path = tmp_path / "idle.csv"
    path.write_text("organisation,function,weight\nPolice,Resources,1\nIdle,,\nZero,,0\n",
                    encoding="utf-8")
    loaded = netmap.load(path)
    assert loaded.partnership.organisations == ("Police", "Idle", "Zero")
    assert any("'Idle' has no engagement" in m for m in messages(loaded.warnings))


# --- 4. attribute names ----------------------------------------------------------------

def test_attributes_file_named_like_metric_columns(runner, tmp_path):
    side = BAD / "attributes_reserved.csv"
    found = errors_of(SMALL, attributes=side)
    assert [(p.file, p.row, column_letter(p.column)) for p in found] == [
        (str(side), 1, "B"), (str(side), 1, "C"), (str(side), 1, "D")]
    assert "'betweenness_centrality'" in found[0].message and "'degree'" in found[1].message
    refused(runner, tmp_path, [str(SMALL), "--attributes", str(side)],
            "column B \"betweenness_centrality\"", "column D \"providers\"",
            "has the name of a column netmap writes itself")


def test_attributes_file_with_a_column_twice(runner, tmp_path):
    side = BAD / "attributes_twice.csv"
    [error] = errors_of(SMALL, attributes=side)
    assert error.message == ("the attribute columns B and C are both named 'region' once case "
                             "and spacing are ignored")
    refused(runner, tmp_path, [str(SMALL), "--attributes", str(side)],
            "the attribute columns B and C are both named 'region'")


def test_matrix_attribute_columns_named_twice_or_like_metrics(runner, tmp_path):
    [error] = errors_of(BAD / "sector_twice.csv")
    assert (error.row, column_letter(error.column)) == (1, "D")
    assert "columns B and D are both named 'sector'" in error.message
    refused(runner, tmp_path, [str(BAD / "sector_twice.csv")], "columns B and D")
    wide = tmp_path / "wide.csv"
    wide.write_text("organisation,betweenness_centrality,Resources\nPolice,high,1\n",
                    encoding="utf-8")
    [error] = errors_of(wide, attribute_columns=["betweenness_centrality"])
    assert column_letter(error.column) == "B" and "'betweenness_centrality'" in error.message
    refused(runner, tmp_path, [str(wide), "--attribute-column", "betweenness_centrality"],
            "column B \"betweenness_centrality\"")
    long = tmp_path / "long.csv"
    long.write_text("organisation,function,Critical,degree\nPolice,Resources,yes,3\n"
                    "Police,Strategic,yes,3\n", encoding="utf-8")
    found = errors_of(long)
    assert [column_letter(p.column) for p in found] == ["C", "D"]
    refused(runner, tmp_path, [str(long)], "column C \"Critical\"", "column D \"degree\"")


def test_graph_node_attributes_named_twice_or_like_metrics(runner, tmp_path):
    keys = ('<key id="s1" for="node" attr.name="Sector" attr.type="string"/>'
            '<key id="s2" for="node" attr.name="sector" attr.type="string"/>'
            '<key id="d" for="node" attr.name="degree" attr.type="string"/>')
    path = tmp_path / "g.graphml"
    path.write_text(_graphml(_node("o1", 0, "Police", '<data key="s1">statutory</data>'
                                   '<data key="d">high</data>') + _node("f1", 1, "Resources"),
                             '<edge source="o1" target="f1"/>', keys), encoding="utf-8")
    [error] = errors_of(path)
    assert error.message == ("the node attributes 'Sector' and 'sector' are both named "
                             "'sector' once case and spacing are ignored")
    refused(runner, tmp_path, [str(path)], "node attributes 'Sector' and 'sector'")
    path.write_text(path.read_text(encoding="utf-8").replace('attr.name="sector"',
                                                            'attr.name="region"'),
                    encoding="utf-8")
    loaded = netmap.load(path)  # netmap's own metric names are skipped, with a note
    assert list(loaded.partnership.attributes.columns) == ["sector", "region"]
    assert any("'degree' is named like netmap's own metrics" in p.message
               for p in loaded.problems if p.severity == "info")


def test_reserved_names_cover_every_metric_column():
    p = netmap.read(SMALL)
    m = compute(p, runs=2)
    written = (set(m.organisations.columns) | set(m.functions.columns)) - set(p.attributes)
    uncovered = {c for c in written - RESERVED_ATTRIBUTES if not c.startswith("providers_")}
    assert uncovered == {"function"}  # the key of the functions table, never beside attributes


# --- 5. bidirectional controls and look-alike letters --------------------------------------

@pytest.mark.parametrize("ch", sorted(BIDI_CONTROLS))
def test_bidirectional_controls_are_stripped(ch):
    notes: list = []
    assert clean_name(f"Poli{ch}ce", notes) == "Police"
    assert notes == [f"contained the bidirectional control character U+{ord(ch):04X}, which "
                     "can make a name display as another; it was removed"]


def test_lookalike_names_are_flagged_next_to_their_twin(runner):
    loaded = netmap.load(OK / "lookalike_names.csv")
    p = loaded.partnership
    assert len(p.organisations) == 7  # never merged
    assert "Hestia" in p.organisations
    by_row = {w.row: w for w in loaded.warnings}
    assert by_row[5].column == 0 and "U+202E" in by_row[5].message
    assert by_row[3].message == ("'P\u043elice' (row 3) contains Cyrillic letters that look "
                                 "like Latin ones; it looks like 'Police' (row 2)")
    assert "\u043e U+043E" in by_row[3].hint
    assert by_row[4].message == ("'\u03a1oppy Project' (row 4) contains Greek letters that "
                                 "look like Latin ones")
    assert by_row[6].message == ("'\u0420\u043e\u0440\u0440\u0443' (row 6) is written in "
                                 "Cyrillic letters that look like Latin ones; it looks like "
                                 "'Poppy' (row 7)")
    assert 8 not in by_row  # a Russian name like no other name here is fine
    result = runner.invoke(cli, ["validate", str(OK / "lookalike_names.csv")])
    assert result.exit_code == 0
    assert "it looks like 'Police' (row 2)" in result.stdout and "U+202E" in result.stdout


def test_lookalike_function_names(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("organisation,Resources,V\u0456ctim Support,Victim Support\n"
                    "Police,1,,1\nHestia,,1,\n", encoding="utf-8")
    loaded = netmap.load(path)
    assert len(loaded.partnership.functions) == 3
    [w] = loaded.warnings
    assert (w.row, column_letter(w.column)) == (1, "C")
    assert w.message == ("'V\u0456ctim Support' (row 1, column C) contains Cyrillic letters "
                         "that look like Latin ones; it looks like 'Victim Support' "
                         "(row 1, column D)")


# --- 6. summary rows -----------------------------------------------------------------------

def test_summary_rows_are_skipped():
    loaded = netmap.load(OK / "totals_wide.csv")
    assert loaded.partnership.organisations == ("Police", "Hestia", "Church")
    assert [(w.row, w.message) for w in loaded.warnings] == [
        (5, "summary row 'Total' skipped: it is not an organisation, and netmap computes "
            "totals itself"),
        (6, "summary row 'Number of organisations:' skipped: it is not an organisation, and "
            "netmap computes totals itself")]
    roster = netmap.load(OK / "totals_roster.csv")
    assert roster.layout == "roster"
    assert set(roster.partnership.organisations) == {"Police", "Hestia", "Church"}
    assert [w.row for w in roster.warnings] == [4]
    workbook = netmap.load(OK / "totals_formulas.xlsx")  # formulas without cached values
    assert workbook.partnership.organisations == ("Police", "Hestia")
    assert [w.row for w in workbook.warnings] == [4]


@pytest.mark.parametrize("label,expected", [
    ("Total", True), ("TOTALS", True), ("sum", True), ("Count:", True), ("Grand Total", True),
    ("grand  total :", True), ("Number of organisations", True),
    ("number of organizations:", True), ("Totally Fine Trust", False), ("Sumner", False),
    ("Count Me In", False), ("", False)])
def test_summary_labels(tmp_path, label, expected):
    assert is_summary(label) is expected
    path = tmp_path / "m.csv"
    path.write_text(f"organisation,Resources,Strategic\nPolice,1,\nHestia,,1\n{label},2,7\n",
                    encoding="utf-8")
    if expected:
        assert netmap.read(path).organisations == ("Police", "Hestia")
    elif label:
        assert "--weighted" in errors_of(path)[0].hint  # a real row: its counts are read


def test_summary_rows_through_validate_and_report(runner, tmp_path):
    for name, row in (("totals_wide.csv", 5), ("totals_roster.csv", 4),
                      ("totals_formulas.xlsx", 4)):
        result = runner.invoke(cli, ["validate", str(OK / name)])
        assert result.exit_code == 0 and f"row {row}" in result.stdout
        assert "summary row" in result.stdout
        out = tmp_path / name
        result = runner.invoke(cli, ["report", str(OK / name), "-o", str(out), "--runs", "0"])
        assert result.exit_code == 0 and "summary row" in result.stderr
        organisations = (out / "organisations.csv").read_text(encoding="utf-8-sig")
        assert "Total" not in organisations and "TOTAL" not in organisations
