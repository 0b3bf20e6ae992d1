"""Issue 12 (reliability): outputs that keep names, keep their size and their bytes,
and options that never end in an internal error.

Catalogue of the cases (test -> case):

1. Export round trips keep names and attributes (fixture ok/hostile_roundtrip.csv:
   quotes, apostrophes leading and trailing, commas, semicolons, leading = - + @,
   backslashes, non-ASCII, emoji, in organisations, functions and attributes).
   - test_graph_formats_round_trip_hostile_names: GraphML, GEXF and node-link JSON read
     back by networkx, and GraphML/GEXF by netmap: names, sector and region equal.
   - test_pajek_round_trips_hostile_names_through_networkx: Pajek escapes " and \\ the way
     networkx's read_pajek (shlex) reads them; names and engagements equal.
   - test_pajek_label_reads_back_as_written: any text, through shlex (property test).
   - test_dl_round_trips_hostile_names: UCINET DL (a " inside a label doubled) read by the
     parser of tests/render/test_export.py; names and engagements equal.
   - test_dl_label_reads_back_as_written: any text (property test).
   - test_edge_list_reads_back_into_the_same_partnership: `netmap export --to edgelist`
     then netmap reads it: organisations (in order, idle ones too), functions, engagements,
     sector and region equal; the edge list is written raw (no leading ').
   - test_csv_tables_stay_formula_safe: the CSV tables (report, metrics), meant for
     spreadsheets, still neutralise formulas (only the machine edge list is raw).
2. Figures keep a sane size with a 5,000-character name.
   - test_figures_keep_their_size_with_a_5000_character_name: PNG pixels and SVG viewBox
     within those of names of LABEL_CHARS characters; full names in SVG <title>.
3. report.xlsx is byte-identical across runs.
   - test_report_xlsx_is_byte_identical_across_runs: two `netmap report --xlsx` runs.
   - test_workbook_bytes_do_not_depend_on_the_clock: the clock moved (openpyxl's document
     times and zip entry times) gives the same bytes; no time in docProps/core.xml.
4. Ordinary bad options are usage errors or work, never an internal error.
   - test_odd_numeric_options: --seed -1 / huge, --runs extremes, synth --seed,
     compare --null-draws, --group-above 0: exit 2 naming the option, or exit 0.
   - test_no_command_ends_in_an_internal_error: every command with a battery of odd but
     plausible options and every input of tests/data/ok and tests/data/bad.
"""

from __future__ import annotations

import datetime
import inspect
import io
import json
import re
import shlex
import struct
import types
import zipfile

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netmap
from netmap.cli import cli
from netmap.metrics import compute
from netmap.render.export import _dl_label, _pajek_label, export_text
from netmap.render.figures import LABEL_CHARS, coverage_heatmap, network_picture
from netmap.render.workbook import workbook_bytes

from ..conftest import BAD, OK, edges
from .test_export import parse_dl

HOSTILE = OK / "hostile_roundtrip.csv"


@pytest.fixture(scope="module")
def hostile():
    p = netmap.read(HOSTILE)
    return p, compute(p, runs=0)


def attributes(p) -> dict:
    """``{organisation: {attribute: value}}`` with blanks as ""."""
    return p.attributes.reindex(list(p.organisations)).fillna("").to_dict("index")


def test_the_fixture_is_hostile(hostile):
    """The round trips below are not vacuous: the names hold what broke them."""
    p, _ = hostile
    names = list(p.organisations) + list(p.functions)
    assert any('"' in n for n in names) and any(n.startswith("'") for n in names)
    assert any(n.endswith("'") for n in names) and any(n.endswith("\\") for n in names)
    assert {n[0] for n in names} >= {"=", "-", "+", "@"}
    assert any("," in n and ";" in n for n in names) and any("\U0001f642" in n for n in names)
    assert "Idle Org" in names and p.attributes["region"].str.contains('"').any()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_formats_round_trip_hostile_names(hostile, tmp_path, fmt):
    p, m = hostile
    text = export_text(p, m, fmt)
    if fmt == "json":
        takes_edges = "edges" in inspect.signature(nx.node_link_graph).parameters
        G = nx.node_link_graph(json.loads(text), **({"edges": "links"} if takes_edges else {}))
    else:
        G = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(text.encode()))
    by_kind: dict = {"organisation": {}, "function": {}}
    for _, data in G.nodes(data=True):
        by_kind[data["kind"]][data["label"]] = data
    assert list(by_kind["organisation"]) == list(p.organisations)
    assert list(by_kind["function"]) == list(p.functions)
    back = {o: {"sector": d.get("sector", ""), "region": d.get("region", "")}
            for o, d in by_kind["organisation"].items()}
    assert back == attributes(p)
    label = {n: d["label"] for n, d in G.nodes(data=True)}
    assert {(label[a], label[b]) if label[a] in by_kind["organisation"] else
            (label[b], label[a]) for a, b in G.edges} == edges(p)
    if fmt != "json":  # and netmap itself reads the graph back as the same partnership
        path = tmp_path / f"hostile.{fmt}"
        path.write_text(text, encoding="utf-8")
        q = netmap.read(path)
        assert list(q.organisations) == list(p.organisations)
        assert list(q.functions) == list(p.functions)
        assert edges(q) == edges(p) and attributes(q) == attributes(p)


def read_pajek_two_mode(text: str) -> nx.Graph:
    """networkx's reader, after taking off the two-mode count it does not know."""
    lines = text.split("\n")
    lines[0] = re.sub(r"^(\*Vertices \d+) \d+$", r"\1", lines[0].rstrip("\r"))
    return nx.parse_pajek(lines)


def test_pajek_round_trips_hostile_names_through_networkx(hostile):
    p, m = hostile
    text = export_text(p, m, "pajek")
    assert '\\"' in text  # the " in names are escaped, not replaced
    G = read_pajek_two_mode(text)
    ids = {name: int(data["id"]) for name, data in G.nodes(data=True)}
    n1 = len(p.organisations)
    assert sorted(ids, key=ids.get) == list(p.organisations) + list(p.functions)
    assert {(a, b) if ids[a] <= n1 else (b, a) for a, b, _ in G.edges} == edges(p)


NO_BREAKS = st.text(st.characters(blacklist_categories=("Cs",),
                                  blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85"
                                                       "\u2028\u2029\x00"), min_size=1)


@given(NO_BREAKS)
def test_pajek_label_reads_back_as_written(name):
    assert shlex.split(f"1 {_pajek_label(name)}") == ["1", name]


@given(NO_BREAKS)
def test_dl_label_reads_back_as_written(name):
    rows, _, _ = parse_dl(f"DL NR=1, NC=0\nFORMAT = EDGELIST2\nROW LABELS:\n"
                          f"{_dl_label(name)}\nCOLUMN LABELS:\nDATA:\n")
    assert rows == [name]


def test_dl_round_trips_hostile_names(hostile):
    p, m = hostile
    text = export_text(p, m, "dl")
    assert '""for""' in text
    rows, cols, data = parse_dl(text)
    assert rows == list(p.organisations) and cols == list(p.functions)
    assert {(r, c) for r, c, _ in data} == edges(p)


def test_edge_list_reads_back_into_the_same_partnership(runner, hostile, tmp_path):
    p, _ = hostile
    out = tmp_path / "edges.csv"
    result = runner.invoke(cli, ["export", str(HOSTILE), "--to", "edgelist", "-o", str(out),
                                 "--runs", "0"])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.startswith("organisation,function,weight,sector,region\n")
    assert '\n"=HYPERLINK(""http://x"",""y"")",=SUM(A1:A2),1,faith,\'edge\'\n' in text
    q = netmap.read(out)
    assert list(q.organisations) == list(p.organisations)  # Idle Org too, in order
    assert set(q.functions) == set(p.functions) and edges(q) == edges(p)
    assert attributes(q) == attributes(p)
    assert (q.engagements["weight"] == 1.0).all()


def test_csv_tables_stay_formula_safe(runner):
    result = runner.invoke(cli, ["metrics", str(HOSTILE), "--format", "csv", "--table",
                                 "organisations", "--runs", "0"])
    assert result.exit_code == 0, result.output
    assert "\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"," in result.stdout
    assert "\n'@Rescue," in result.stdout and "\n'=quoted already," in result.stdout


# --- 2. figures with a 5,000-character name ------------------------------------------------

def _named(length: int) -> netmap.Partnership:
    """A partnership whose organisation, function, sector and own name are ``length`` long."""
    def long(c: str) -> str:
        return (c * length)[:length]

    attrs = pd.DataFrame({"sector": [long("s"), "statutory", "voluntary"]},
                         index=[long("O"), "Police", long("Q")])
    return netmap.Partnership.from_edges(
        [(long("O"), long("F")), ("Police", long("F")), ("Police", "Strategic"),
         (long("Q"), "Strategic")], attributes=attrs, name=long("N"))


def _sizes(pictures: dict) -> tuple:
    png, svg = pictures["png"], pictures["svg"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    box = [float(v) for v in re.search(rb'viewBox="([^"]+)"', svg).group(1).split()]
    return width, height, box[2], box[3]


def test_figures_keep_their_size_with_a_5000_character_name():
    normal, huge = _named(LABEL_CHARS), _named(5000)
    mn, mh = compute(normal, runs=0), compute(huge, runs=0)
    for draw in (lambda p, m: coverage_heatmap(m), network_picture):
        before, after = draw(normal, mn), draw(huge, mh)
        if draw is network_picture:
            # the functions' places hang on their names (a hash), so the two layouts differ:
            # the picture stays within a journal page's width (7 in, 300 dpi; 504 pt) plus
            # its margins, where a 5,000-character label drawn whole would be ~100 in wide
            for a, limit in zip(_sizes(after), (7 * 300 * 1.3, 7 * 300 * 1.3, 7 * 72 * 1.3,
                                                 7 * 72 * 1.3), strict=True):
                assert a <= limit
        else:
            for a, b in zip(_sizes(after), _sizes(before), strict=True):
                assert a <= b * 1.02  # the ellipsis is a little wider than the letter it cuts
        titles = set(re.findall(r"<title>([^<]*)</title>", after["svg"].decode("utf-8")))
        assert {"F" * 5000, "s" * 5000} <= titles  # the full names, kept in the SVG
        assert b"<title>" not in before["svg"]  # names drawn in full need none
    assert {"O" * 5000, "Q" * 5000} <= titles  # the network names them too
    assert "N" * 5000 not in titles  # and carries no title: its caption is in the page


# --- 3. report.xlsx byte-identical ----------------------------------------------------------

def test_report_xlsx_is_byte_identical_across_runs(runner, tmp_path):
    for folder in ("one", "two"):
        result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o",
                                     str(tmp_path / folder), "--xlsx", "--runs", "0", "-q"])
        assert result.exit_code == 0, result.output
    first = (tmp_path / "one" / "report.xlsx").read_bytes()
    assert first == (tmp_path / "two" / "report.xlsx").read_bytes()
    assert b"organisations" in zipfile.ZipFile(io.BytesIO(first)).read("xl/workbook.xml")


def test_workbook_bytes_do_not_depend_on_the_clock(monkeypatch):
    tables = {"organisations": pd.DataFrame({"organisation": ["=A", "B"], "n": [1, 2.5]})}
    now = workbook_bytes(tables)

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

        @classmethod
        def utcnow(cls):
            return datetime.datetime(2031, 5, 6, 7, 8, 9)

    import time

    import openpyxl.packaging.core
    import openpyxl.writer.excel

    later = types.SimpleNamespace(**{**vars(datetime), "datetime": Later})  # the module, moved on
    for module in (openpyxl.packaging.core, openpyxl.writer.excel):
        if hasattr(module, "datetime"):  # openpyxl 3.1.0's writer has no clock of its own
            monkeypatch.setattr(module, "datetime", later)
    monkeypatch.setattr(zipfile, "time", types.SimpleNamespace(**{**vars(time),
                                                                  "time": lambda: 1.9e9}))
    assert workbook_bytes(tables) == now
    archive = zipfile.ZipFile(io.BytesIO(now))
    assert b"dcterms:created" not in archive.read("docProps/core.xml")
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- 4. options ------------------------------------------------------------------------------

def test_odd_numeric_options(runner, tmp_path):
    small, long = str(OK / "small.csv"), str(OK / "long.csv")
    refused = [(["metrics", small, "--seed", "-1"], "--seed"),
               (["report", small, "--seed", "-1", "-o", str(tmp_path / "r")], "--seed"),
               (["synth", "--organisations", "3", "--seed", "-1", "-o", str(tmp_path / "s")],
                "--seed"),
               (["metrics", small, "--runs", "-1"], "--runs"),
               (["metrics", small, "--runs", "100001"], "--runs"),
               (["compare", small, long, "--null-draws", "-1"], "--null-draws"),
               (["map", small, "--group-above", "0", "-o", str(tmp_path / "m.html")],
                "--group-above")]
    for args, option in refused:
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert f"Invalid value for '{option}'" in result.output
    huge = str(2 ** 70)
    result = runner.invoke(cli, ["metrics", small, "--seed", huge, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["network"]["robustness_seed"] == 2 ** 70
    out = tmp_path / "synth.csv"
    result = runner.invoke(cli, ["synth", "--organisations", "3", "--seed", huge, "-o", str(out)])
    assert result.exit_code == 0 and f"(seed {huge})" in out.read_text("utf-8")
    for args in (["metrics", small, "--runs", "0"],
                 ["compare", small, long, "--null-draws", "0", "-o", str(tmp_path / "c0")],
                 ["compare", small, long, "--null-draws", "1", "-o", str(tmp_path / "c1")],
                 ["map", small, "--group-above", "1", "-o", str(tmp_path / "m.html")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)


def _odd_inputs(tmp_path) -> dict:
    """Options a hurried user might type, that are not what netmap expects."""
    bad_rules = tmp_path / "rules.toml"
    bad_rules.write_text("[[rule]]\nkind = 'nonsense'\n=\n", encoding="utf-8")
    bad_taxonomy = tmp_path / "taxonomy.toml"
    bad_taxonomy.write_text("[functions\n", encoding="utf-8")
    missing, folder = tmp_path / "missing.csv", tmp_path
    loading = [["--max-rows", "1"], ["--max-bytes", "1"], ["--max-rows", "0"],
               ["--sheet", "9"], ["--sheet", ""], ["--org-column", "nope"],
               ["--encoding", "bogus"], ["--encoding", "utf-16"], ["--layout", "roster"],
               ["--weighted"], ["--attributes", str(missing)], ["--attributes", str(BAD /
                                                                                    "empty.csv")],
               ["--aliases", str(OK / "small.csv")], ["--attribute-column", "Resources"],
               ["--drop-attributes", "nope"], ["--pseudonymise", str(folder / "no" / "key")],
               ["--pseudonymise", str(folder)]]
    analysis = [["--seed", "-1"], ["--seed", str(2 ** 70)], ["--seed", "1.5"],
                ["--runs", "100001"], ["--rules", str(bad_rules)], ["--rules", str(missing)],
                ["--rules", str(folder)], ["--raw-csv"]]
    return {"loading": loading, "analysis": analysis, "taxonomy": [
        ["--taxonomy", str(bad_taxonomy)], ["--taxonomy", str(missing)]]}


def _never_internal(runner, args) -> int:
    result = runner.invoke(cli, [str(a) for a in args])
    shown = result.output
    assert "unexpected internal error" not in shown and "Traceback" not in shown, (args, shown)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, repr(result.exception))
    assert result.exit_code in (0, 1, 2, 3), (args, result.exit_code, shown)
    return result.exit_code


def test_no_command_ends_in_an_internal_error(runner, tmp_path):
    odd = _odd_inputs(tmp_path)
    inputs = sorted(OK.iterdir()) + sorted(BAD.iterdir()) + [tmp_path, tmp_path / "none.csv"]
    small, long = tmp_path / "small.csv", tmp_path / "long.csv"  # copies: -o may name them
    for copy in (small, long):
        copy.write_bytes((OK / copy.name).read_bytes())
    commands = {  # every command of `netmap --help`, with what it needs to run
        "validate": lambda f: ["validate", f],
        "vocabulary": lambda f: ["vocabulary", f],
        "metrics": lambda f: ["metrics", f, "--runs", "0"],
        "gaps": lambda f: ["gaps", f, "--runs", "0", "--fail-on-gaps"],
        "whatif": lambda f: ["whatif", f, "--remove", "Police", "--runs", "0"],
        "export": lambda f: ["export", f, "--to", "pajek", "-o", tmp_path / "x.net",
                             "--runs", "0"],
        "map": lambda f: ["map", f, "-o", tmp_path / "map.html", "--runs", "0"],
        "report": lambda f: ["report", f, "-o", tmp_path / "report", "--runs", "0"],
        "diff": lambda f: ["diff", small, f, "--runs", "0"],
        "compare": lambda f: ["compare", small, f, "--null-draws", "1", "--runs", "0",
                              "-o", tmp_path / "compare"],
        "trend": lambda f: ["trend", small, f, "--runs", "0", "-o", tmp_path / "trend"],
        "form": lambda f: ["form", f, "-o", tmp_path / "form.xlsx"],
        "collect": lambda f: ["collect", f, "--expected", small, "-o", tmp_path / "collect"],
    }
    assert set(commands) | {"synth", "reveal"} == set(cli.commands)
    exits = set()
    # every input through the loader (validate, metrics), a few through the slower commands
    for f in inputs:
        for name in ("validate", "metrics", "vocabulary"):
            exits.add(_never_internal(runner, commands[name](f)))
    for name in ("gaps", "whatif", "export", "diff", "compare", "trend", "map", "report",
                 "form", "collect"):
        for f in (BAD / "many_problems.csv", BAD / "workbook_renamed.csv", tmp_path,
                  OK / "hostile_names.csv"):
            if name in ("map", "report") and f.name == "hostile_names.csv":
                continue  # drawn in full by the tests of their own
            exits.add(_never_internal(runner, commands[name](f)))
    # the odd options: loading ones through validate and metrics, analysis ones everywhere
    for option in odd["loading"]:
        for name in ("validate", "metrics"):
            exits.add(_never_internal(runner, commands[name](small) + option))
    for option in odd["analysis"]:
        for name in ("metrics", "gaps", "whatif", "export", "diff"):
            exits.add(_never_internal(runner, commands[name](small) + option))
    for option in [["--seed", "-1"], ["--seed", "1.5"], ["--group-above", "0"],
                   ["--group-above", "-5"], ["--size-by", "nope"], ["-o", small]]:
        for name in ("map", "report"):  # a full report takes a second: usage errors only here
            exits.add(_never_internal(runner, commands[name](small) + option))
    for option in odd["taxonomy"] + [["--null-draws", "0"], ["--null-draws", "-1"],
                                     ["--name", "a"], ["--name", "a", "--name", "a"],
                                     ["--table", "nope"], ["--seed", "-1"]]:
        exits.add(_never_internal(runner, commands["compare"](long) + option))
    for option in odd["taxonomy"]:
        exits.add(_never_internal(runner, commands["vocabulary"](small) + option))
    exits.add(_never_internal(runner, ["compare", small, "-o", tmp_path / "c1"]))
    for option in (["--organisations", "0"], ["--functions", "65"], ["--seed", "-1"],
                   ["--organisations", "2", "--functions", "64"], ["--organisations", "1",
                                                                   "--seed", str(2 ** 70)]):
        exits.add(_never_internal(runner, ["synth", "-o", tmp_path / "s.csv"] + option))
    exits.add(_never_internal(runner, ["synth", "--organisations", "2", "-o", tmp_path]))
    key = tmp_path / "key.txt"
    key.write_text("not a key file\n", encoding="utf-8")
    for args in ([key, "X"], [tmp_path / "none", "X"], [tmp_path, "X"], [small, "X"],
                 [BAD / "empty.csv", "X"], [key]):
        exits.add(_never_internal(runner, ["reveal"] + args))
    assert exits == {0, 1, 2, 3}  # the battery reached success, data errors and usage errors
