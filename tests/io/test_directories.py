"""Directories and survey exports (issue 14, "Directories and survey exports").

Cases covered, one test each unless said:

- long layout, several functions in one cell (``;``, ``|``, line breaks), each an
  engagement, duplicates in a cell merged, the weight applied to each (a singular
  ``function`` column, as netmap's edge list writes it, splits at line breaks only,
  with a warning): ``test_long_cell_lists_several_functions``,
  ``test_a_singular_function_column_names_one_function_per_cell``,
  ``test_long_cell_naming_a_function_twice_is_one_engagement``,
  ``test_long_directory_fixture_loads``;
- JSON arrays of records and GeoJSON FeatureCollections as inputs: organisation and
  functions properties in any case, list-valued or delimited functions, other
  properties as text attributes, Point geometry as longitude/latitude:
  ``test_geojson_directory_loads_like_the_long_csv``, ``test_json_records_any_case``;
  messages name the file and the record (number and name):
  ``test_json_record_errors_are_all_collected``; netmap's own node-link export is
  refused saying what it is: ``test_netmap_node_link_export_is_refused``;
- every command gives the same gaps for each directory (report, gaps, whatif, map,
  through the CLI): ``test_every_command_gives_the_same_gaps``;
- hostile JSON (not an array, deeply nested, 1e400, over --max-bytes, a FIFO, too
  many records, NaN, truncated, a property given twice): clear errors, never a traceback:
  ``test_hostile_json_gets_clear_errors``, ``test_json_limits``,
  ``test_json_fifo_is_refused_without_hanging``;
- ``compare --split-by COLUMN``: one input split into partnerships by an attribute
  (region), for tables and JSON/GeoJSON: ``test_split_by_region_in_the_library``,
  ``test_compare_split_by_region``, ``test_split_by_a_missing_column_says_so``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from netmap.cli import cli
from netmap.errors import InputError
from netmap.io import load
from tests.conftest import OK, ROOT, edges

DIRECTORY_EDGES = {
    ("Safe Haven", "Shelter"), ("Safe Haven", "Health"), ("Safe Haven", "Legal"),
    ("City Law Centre", "Legal"), ("Northern Police", "Identification"),
    ("Mind North", "Psycho-social support"), ("Mind North", "Health"),
    ("Harbour House", "Shelter"), ("Harbour House", "Psychosocial support"),
    ("South Council", "Identification"), ("South Council", "Shelter"),
    ("Coast Clinic", "Health"),
}


def test_long_cell_lists_several_functions(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text('organisation,Functions,weight\nHestia,"Shelter; Health | Legal",2\n'
                 'Hestia,"health\nShelter;",2\nPolice,Legal||,3\n', encoding="utf-8")
    loaded = load(f, weighted=True)
    p = loaded.partnership
    assert loaded.layout == "long"
    assert p.functions == ("Shelter", "Health", "Legal")
    got = {(o, fn): w for o, fn, w in p.engagements.itertuples(index=False)}
    assert got == {("Hestia", "Shelter"): 2.0, ("Hestia", "Health"): 2.0,
                   ("Hestia", "Legal"): 2.0, ("Police", "Legal"): 3.0}
    assert not [x for x in loaded.problems if x.is_error]


def test_long_cell_naming_a_function_twice_is_one_engagement(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text('organisation,functions,weight\nHestia,"Shelter;shelter | Health",2\n',
                 encoding="utf-8")
    p = load(f, weighted=True).partnership
    assert len(p.engagements) == 2 and set(p.functions) == {"Shelter", "Health"}


def test_a_singular_function_column_names_one_function_per_cell(tmp_path):
    """netmap's edge list (header ``function``) reads back a function named with a ``;``."""
    f = tmp_path / "edges.csv"
    f.write_text('organisation,function\nHestia,"Outreach; aftercare"\nPolice,"Legal\nHealth"\n'
                 'Crisis,"Outreach; aftercare"\n', encoding="utf-8")
    loaded = load(f)
    assert loaded.partnership.functions == ("Outreach; aftercare", "Legal", "Health")
    said = [str(x) for x in loaded.warnings if "read as one function" in str(x)]
    assert len(said) == 1 and "row 2" in said[0] and "head the column 'functions'" in said[0]


def test_long_directory_fixture_loads():
    loaded = load(OK / "directory_long.csv")
    p = loaded.partnership
    assert loaded.layout == "long"
    assert edges(p) == DIRECTORY_EDGES
    assert set(p.attributes.columns) >= {"region", "sector"}
    assert p.attributes.loc["Harbour House", "region"] == "South"
    assert not [x for x in loaded.problems if x.is_error]


def test_geojson_directory_loads_like_the_long_csv():
    loaded = load(OK / "directory.geojson")
    p, q = loaded.partnership, load(OK / "directory_long.csv").partnership
    assert loaded.layout == "records"
    assert edges(p) == DIRECTORY_EDGES == edges(q)
    assert p.functions == q.functions and p.organisations == q.organisations
    a = p.attributes
    assert (a.loc["Safe Haven", "longitude"], a.loc["Safe Haven", "latitude"]) == ("-1.55", "53.8")
    assert a.loc["Harbour House", "region"] == "South" and a.loc["Coast Clinic", "sector"] \
        == "voluntary"
    assert a.loc["Safe Haven", "beds"] == "12" and a.loc["Coast Clinic", "beds"] == ""
    assert not [x for x in loaded.problems if x.severity != "info"], loaded.problems


def test_json_records_any_case(tmp_path):
    f = tmp_path / "survey.json"
    f.write_text(json.dumps([
        {"ORGANISATION ": "Hestia", "Activities": "Shelter\nLegal", "Open": True, "Staff": 4},
        {"Organization": "Police", "activity": ["Identification", "identification"],
         "tags": ["a", 2]},
        {"org": "Hestia", "SERVICES": ["Health"], "Open": True},
    ]), encoding="utf-8")
    loaded = load(f)
    p = loaded.partnership
    assert edges(p) == {("Hestia", "Shelter"), ("Hestia", "Legal"), ("Hestia", "Health"),
                        ("Police", "Identification")}
    assert p.attributes.loc["Hestia", "open"] == "true"
    assert p.attributes.loc["Hestia", "staff"] == "4"
    assert p.attributes.loc["Police", "tags"] == "a; 2"
    merged = [str(x) for x in loaded.warnings if "merged" in str(x)]
    assert merged and "record 1" in merged[0] and "record 3" in merged[0]


def test_json_record_errors_are_all_collected(tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('[{"name": "Hestia", "services": "Shelter", "address": {"town": "Leeds"}},'
                 ' {"services": "Legal"}, 7, {"name": "Police", "beds": 1e400,'
                 ' "services": "Legal"}, {"name": "Crisis", "about": "x"}]', encoding="utf-8")
    with pytest.raises(InputError) as e:
        load(f)
    text = [str(x) for x in e.value.errors]
    assert len(text) == 5, text
    assert all(t.startswith(str(f)) for t in text)
    assert "record 1 ('Hestia'): property 'address' holds an object" in text[0]
    assert "record 2: no organisation property" in text[1]
    assert "record 3: is a number, not an object" in text[2]
    assert "record 4 ('Police'): property 'beds' holds the number 1e400" in text[3]
    assert "record 5: no functions property" in text[4] and "'about'" in text[4]


def test_netmap_node_link_export_is_refused(runner, tmp_path):
    out = tmp_path / "e.json"
    assert runner.invoke(cli, ["export", str(OK / "small.csv"), "--to", "json", "-o",
                               str(out)]).exit_code == 0
    result = runner.invoke(cli, ["validate", str(out)])
    assert result.exit_code == 1
    assert "is a network graph in node-link JSON (as netmap export --to json writes)" \
        in result.output and "--to graphml" in result.output


def _gaps(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result


def _key(gap: dict) -> tuple:
    return gap["function"], gap["severity"], gap["message"]


@pytest.mark.parametrize("name", ["directory_long.csv", "directory.geojson"])
def test_every_command_gives_the_same_gaps(runner, tmp_path, name):
    """report, gaps, map and whatif agree. The directory's two spellings of one service are
    one function, so no function rests on one provider: a rule asking for three gives gaps."""
    import csv

    from netmap.metrics import compute
    from netmap.metrics.rules import load_rules
    from netmap.vocabulary import read

    path = str(OK / name)
    rules = tmp_path / "rules.toml"
    rules.write_text("[min_providers]\nminimum = 3\n", encoding="utf-8")
    r = ["--rules", str(rules)]
    out = json.loads(_gaps(runner, ["gaps", path, "--format", "json", *r]).stdout)
    gaps = {_key(g) for g in out["gaps"]}
    assert gaps  # functions with two providers
    _gaps(runner, ["report", path, "-o", str(tmp_path / "r"), "--runs", "0", *r])
    with open(tmp_path / "r" / "gaps.csv", encoding="utf-8-sig", newline="") as fh:
        assert {_key(g) for g in csv.DictReader(fh)} == gaps
    _gaps(runner, ["map", path, "-o", str(tmp_path / "m.html"), *r])
    page = (tmp_path / "m.html").read_text("utf-8")
    start = page.index('"gaps": ') + len('"gaps": ')
    shown = json.JSONDecoder().raw_decode(page[start:])[0]
    assert {_key(g) for g in shown} == gaps
    p = read(path)
    for org in p.organisations[:3]:  # whatif: the gaps after = the gaps of the rest
        what = json.loads(_gaps(runner, ["whatif", path, "--remove", org, "--runs", "0",
                                         "--format", "json", *r]).stdout)
        after = (gaps - {_key(g) for g in what["gaps_closed"]}) | {
            _key(g) for g in what["gaps_opened"]}
        rest = compute(p.without([org]), rules=load_rules(rules), runs=0)
        assert after == {(g.function, g.severity, g.message) for g in rest.gaps}


@pytest.mark.parametrize("content,says", [
    ('{"organisations": []}', "is a JSON object (keys: 'organisations'), not an array"),
    ('"Hestia"', "holds a string, not an array of records"),
    ("[]", "the file holds no records"),
    ("[" * 100_000 + "]" * 100_000, "is nested too deeply"),
    ('[{"name": "A", "services": "X", "n": 1e400}]', "holds the number 1e400, too large"),
    ('[{"name": "A", "services": "X", "n": ' + "9" * 5000 + "}]", "too large to read"),
    ('[{"name": "A", "services": "X", "n": NaN}]', "is NaN, which is not a number JSON"),
    ('[{"name": "A", "services": "X"', "is not valid JSON: Expecting"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
     '{"name": "A", "services": "X"}, "geometry": {"type": "Point", "coordinates": '
     '[1e400, 0]}}]}', "are not a longitude (-180 to 180) and a latitude"),
    ("", "the file is empty"),
    ('[{"name": "A", "services": "X", "name": "B"}]', "property 'name' appears twice"),
    ('[{"name": "A", "Name": "B", "services": "X"}]', "have one name once case and spacing"),
])
def test_hostile_json_gets_clear_errors(runner, tmp_path, content, says):
    f = tmp_path / "hostile.geojson"
    f.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(f)])
    assert result.exit_code == 1, result.output
    assert says in result.output and "Traceback" not in result.output
    assert "internal error" not in result.output


def test_json_limits(runner):
    path = str(OK / "directory.geojson")
    for flag, says in [("--max-bytes", "over the limit of 100 bytes"),
                       ("--max-rows", "more than the limit of 100"),
                       ("--max-columns", "more than the limit of 3")]:
        value = "3" if flag == "--max-columns" else "100"
        if flag == "--max-rows":
            value, says = "2", "holds 7 records, more than the limit of 2"
        result = runner.invoke(cli, ["validate", path, flag, value])
        assert result.exit_code == 1 and says in result.output, (flag, result.output)


def test_json_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "netmap", "validate", str(fifo)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "is not a regular file (a FIFO, or named pipe)" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["directory_long.csv", "directory.geojson"])
def test_split_by_region_in_the_library(name):
    from netmap.io import load_split

    north, south = load_split(OK / name, "Region")
    assert (north.partnership.name, south.partnership.name) == ("North", "South")
    assert set(north.partnership.organisations) == {
        "Safe Haven", "City Law Centre", "Northern Police", "Mind North"}
    assert set(south.partnership.organisations) == {
        "Harbour House", "South Council", "Coast Clinic"}
    assert edges(north.partnership) | edges(south.partnership) == DIRECTORY_EDGES
    assert "region" not in north.partnership.attributes.columns
    assert north.partnership.attributes.loc["Safe Haven", "sector"] == "voluntary"


CANONICAL = [("Police", ["Victim Identification", "Investigation and Prosecution"], "North"),
             ("Hestia", ["Victim Support"], "North"),
             ("Council", ["Resources", "Strategic"], "North"),
             ("Salvation Army", ["Victim Support", "Resources"], "South"),
             ("Border Force", ["Victim Identification"], "South")]


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_compare_split_by_region(runner, tmp_path, kind):
    f = tmp_path / f"directory.{kind}"
    if kind == "csv":
        f.write_text("organisation,functions,area\n" + "".join(
            f'{o},"{"; ".join(fs)}",{r}\n' for o, fs, r in CANONICAL), encoding="utf-8")
    else:
        f.write_text(json.dumps([{"Name": o, "Services": fs, "Area": r}
                                 for o, fs, r in CANONICAL]), encoding="utf-8")
    result = runner.invoke(cli, ["compare", str(f), "--split-by", "area", "-o",
                                 str(tmp_path / "c"), "--null-draws", "0", "--runs", "0",
                                 "--format", "json", "--table", "network"])
    assert result.exit_code == 0, result.output
    rows = {r["partnership"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"North", "South"}
    assert (rows["North"]["organisations"], rows["South"]["organisations"]) == (3, 2)
    assert (rows["North"]["engagements"], rows["South"]["engagements"]) == (5, 3)


def test_split_by_a_missing_column_says_so(runner, tmp_path):
    for name, says in [("directory_long.csv", "no 'state' column to split partnerships by"),
                       ("directory.geojson", "no record has a 'state' property")]:
        result = runner.invoke(cli, ["compare", str(OK / name), "--split-by", "state", "-o",
                                     str(tmp_path / "c")])
        assert result.exit_code == 1 and says in result.output, result.output
        assert "'Region'" in result.output or "'region'" in result.output  # what there is
    result = runner.invoke(cli, ["compare", str(OK / "directory.geojson"),
                                 str(OK / "directory_long.csv"), "--split-by", "region"])
    assert result.exit_code == 2 and "--split-by splits one input" in result.output


def test_a_services_column_in_a_table_is_a_function_column(tmp_path):
    path = tmp_path / "directory.csv"
    path.write_text("organisation,services\nSafe Haven,Shelter; Health\nLaw Centre,Legal\n",
                    encoding="utf-8")
    loaded = load(path)
    assert loaded.layout == "long"
    assert loaded.partnership.functions == ("Shelter", "Health", "Legal")
