"""One set of load options, honoured everywhere: every option on every input kind has an
effect or an error, and every command that reads a file passes every option on."""

from __future__ import annotations

import dataclasses

import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError, NetmapError
from netmap.io import load, load_split
from netmap.io.options import FLAGS, LoadOptions

CSV = ("organisation,sector,Resources,Victim Support,Strategic\n"
       "Police,statutory,1,,1\nHestia,voluntary,,1,TBC\nCafé Trust,faith,1,1,\n")


def _graphml(path) -> None:
    nodes = [("o1", 0, "Police", "statutory"), ("o2", 0, "Hestia", "voluntary"),
             ("o3", 0, "Café Trust", "faith"), ("f1", 1, "Resources", ""),
             ("f2", 1, "Victim Support", "")]
    edges = [("o1", "f1"), ("o2", "f2"), ("o3", "f1"), ("o3", "f2")]
    body = "".join(
        f'<node id="{i}"><data key="b">{b}</data><data key="l">{label}</data>'
        + (f'<data key="s">{s}</data>' if s else "") + "</node>" for i, b, label, s in nodes)
    body += "".join(f'<edge source="{u}" target="{v}"/>' for u, v in edges)
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="b" for="node" attr.name="bipartite" attr.type="int"/>'
        '<key id="l" for="node" attr.name="label" attr.type="string"/>'
        '<key id="s" for="node" attr.name="sector" attr.type="string"/>'
        f'<graph edgedefault="undirected">{body}</graph></graphml>', encoding="utf-8")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict:
    """One partnership as every kind of input, and the side files."""
    import openpyxl

    d = tmp_path_factory.mktemp("kinds")
    (d / "p.csv").write_text(CSV, encoding="utf-8")
    wb = openpyxl.Workbook()
    for row in CSV.splitlines():
        wb.active.append([int(c) if c == "1" else (c or None) for c in row.split(",")])
    other = wb.create_sheet("other")
    other.append(["organisation", "Resources"])
    other.append(["Somebody", 1])
    wb.save(d / "p.xlsx")
    _graphml(d / "p.graphml")
    netmap_gexf = d / "p.gexf"
    from netmap.cli import cli as _cli  # noqa: F401 - the exporter writes a readable GEXF
    from netmap.metrics import compute
    from netmap.render.export import export_text

    p = netmap.read(d / "p.csv")
    netmap_gexf.write_text(export_text(p, compute(p, runs=0), "gexf"), encoding="utf-8")
    (d / "split.csv").write_text(
        "partnership,organisation,sector,Resources,Victim Support,Strategic\n"
        "North,Police,statutory,1,,1\nNorth,Hestia,voluntary,,1,\n"
        "South,Café Trust,faith,1,1,?\nSouth,Hestia,voluntary,,1,1\n", encoding="utf-8")
    (d / "p.json").write_text(
        '[{"organisation": "Police", "sector": "statutory", "functions": "Resources; Strategic"},'
        ' {"Organisation": "Hestia", "Sector": "voluntary", "services": ["Victim Support"]},'
        ' {"name": "Café Trust", "sector": "faith", "functions": "Resources | Victim Support"}]',
        encoding="utf-8")
    (d / "aliases.csv").write_text("alias,canonical\nHestia,Hestia Housing\n", encoding="utf-8")
    (d / "attributes.csv").write_text("organisation,area\nPolice,North\nHestia,South\n",
                                      encoding="utf-8")
    return {"text": d / "p.csv", "workbook": d / "p.xlsx", "graphml": d / "p.graphml",
            "gexf": netmap_gexf, "json": d / "p.json", "split": d / "split.csv",
            "aliases": d / "aliases.csv",
            "attributes": d / "attributes.csv"}


def given(inputs: dict) -> dict:
    """A non-default value of every field."""
    return {"layout": "wide", "org_column": "sector", "weighted": True, "sheet": "other",
            "attributes": inputs["attributes"], "aliases": inputs["aliases"],
            "encoding": "cp1252", "attribute_columns": ("Strategic",), "name": "Renamed",
            "max_bytes": 10, "max_rows": 1, "max_columns": 2, "header_row": 2,
            "uncertain": "engaged"}


def outcome(kind: str, inputs: dict, options: LoadOptions):
    """What loading gives: the partnerships and problems, or the error."""
    path = inputs["split" if kind == "split" else kind]
    try:
        loaded = load_split(path, options=options) if kind == "split" else [load(path, options)]
    except InputError as e:
        return ("error", tuple(str(p) for p in e.errors))
    return ("ok", tuple(
        (x.layout, x.partnership.name, x.partnership.organisations, x.partnership.functions,
         x.partnership.weighted, tuple(x.partnership.attributes.columns),
         tuple(str(q) for q in x.problems)) for x in loaded))


FIELDS = [f.name for f in dataclasses.fields(LoadOptions)]


def test_every_field_has_a_flag():
    assert set(FLAGS) == set(FIELDS)


@pytest.mark.parametrize("kind", ["text", "workbook", "graphml", "gexf", "json", "split"])
@pytest.mark.parametrize("field", FIELDS)
def test_every_option_has_an_effect_or_an_error_on_every_kind(inputs, kind, field):
    baseline = outcome(kind, inputs, LoadOptions())
    assert baseline[0] == "ok", baseline
    changed = outcome(kind, inputs, LoadOptions(**{field: given(inputs)[field]}))
    assert changed != baseline, f"{field} on {kind}: no effect and no error"


@pytest.mark.parametrize("kind,field,text", [
    ("text", "sheet", "--sheet does not apply here"),
    ("workbook", "encoding", "--encoding does not apply here"),
    ("graphml", "layout", "--layout does not apply here"),
    ("gexf", "org_column", "--org-column does not apply here"),
    ("graphml", "attribute_columns", "--attribute-column does not apply here"),
    ("split", "attributes", "--attributes does not apply here"),
    ("split", "name", "--name does not apply here"),
    ("json", "layout", "--layout does not apply here"),
    ("json", "sheet", "--sheet does not apply here"),
    ("json", "attribute_columns", "--attribute-column does not apply here"),
    ("graphml", "header_row", "--header-row does not apply here"),
    ("gexf", "uncertain", "--uncertain does not apply here"),
])
def test_refused_options_say_so(inputs, kind, field, text):
    result = outcome(kind, inputs, LoadOptions(**{field: given(inputs)[field]}))
    assert result[0] == "error" and any(text in e for e in result[1]), result


def test_graph_files_apply_aliases_attributes_and_name(inputs):
    o = LoadOptions(aliases=inputs["aliases"], attributes=inputs["attributes"], name="G")
    p = load(inputs["graphml"], o).partnership
    assert "Hestia Housing" in p.organisations and "Hestia" not in p.organisations
    assert p.name == "G" and p.attributes.loc["Police", "area"] == "North"


def test_options_by_name_and_as_a_value_agree(inputs):
    a = load(inputs["text"], weighted=True, name="x").partnership
    b = load(inputs["text"], LoadOptions(weighted=True, name="x")).partnership
    assert (a.name, a.weighted, a.organisations) == (b.name, b.weighted, b.organisations)
    with pytest.raises(TypeError, match="unknown load option"):
        load(inputs["text"], weigthed=True)


# --- every command passes every option on ---------------------------------------------

class Captured(NetmapError):
    """Raised by the stand-in loader once it has seen the options."""


READING = {  # command -> arguments around the input file
    "validate": [], "metrics": [], "gaps": [], "whatif": ["--remove", "Police"],
    "map": ["-o", "{tmp}/m.html"], "report": ["-o", "{tmp}/r"],
    "export": ["--to", "json", "-o", "{tmp}/e.json"],
    "compare": ["{file}", "-o", "{tmp}/c"], "diff": ["{file}"], "form": ["-o", "{tmp}/f.xlsx"],
}
CLI_VALUES = {"layout": ["--layout", "long"], "org_column": ["--org-column", "Agency"],
              "weighted": ["--weighted"], "sheet": ["--sheet", "2"],
              "attributes": ["--attributes", "{attributes}"],
              "aliases": ["--aliases", "{aliases}"], "encoding": ["--encoding", "cp1252"],
              "attribute_columns": ["--attribute-column", "notes"],
              "max_bytes": ["--max-bytes", "77"], "max_rows": ["--max-rows", "77"],
              "max_columns": ["--max-columns", "77"], "header_row": ["--header-row", "3"],
              "uncertain": ["--uncertain", "error"]}


@pytest.mark.parametrize("field", sorted(CLI_VALUES))
@pytest.mark.parametrize("command", sorted(READING))
def test_every_reading_command_passes_every_load_option(runner, inputs, tmp_path, monkeypatch,
                                                       command, field):
    import netmap.io

    seen = []

    def spy(path, options=None, **fields):
        seen.append(LoadOptions.of(options, **fields))
        raise Captured("captured")

    monkeypatch.setattr(netmap.io, "load", spy)
    names = {"tmp": tmp_path, "file": inputs["text"], "attributes": inputs["attributes"],
             "aliases": inputs["aliases"]}
    args = [command, str(inputs["text"])] + [a.format(**names) for a in READING[command]]
    args += [a.format(**names) for a in CLI_VALUES[field]]
    result = runner.invoke(cli, args)
    assert seen, result.output
    default = getattr(LoadOptions(), field)
    assert getattr(seen[0], field) != default, f"{command} dropped {field}"


def test_the_command_line_refuses_what_a_kind_cannot_honour(runner, inputs):
    result = runner.invoke(cli, ["validate", str(inputs["graphml"]), "--encoding", "utf-8"])
    assert result.exit_code == 1 and "--encoding does not apply here" in result.stdout
    result = runner.invoke(cli, ["metrics", str(inputs["workbook"]), "--encoding", "cp1252"])
    assert result.exit_code == 1 and "--encoding does not apply here" in result.stderr
