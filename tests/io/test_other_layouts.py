"""Uncertain marks and contact details in long files and rosters (issue 14, "Spreadsheets
as people keep them", in every layout and not only in the wide matrix).

The catalogue of cases:

- a roster notes an engagement still to confirm after the name ("Hope Refuge (TBC)",
  "Hestia?"): an uncertain mark of that organisation in that function, the organisation
  itself read under its plain name; a bracket that is not an uncertain mark stays part
  of the name: ``test_a_roster_name_with_an_uncertain_mark``;
- a long file's weight column reading "TBC", and a function written "Shelter (TBC)",
  are uncertain marks: ``test_long_file_uncertain_weight_and_function``;
- ``--uncertain engaged`` counts them and ``--uncertain error`` refuses them, naming the
  cell, in both layouts: ``test_uncertain_modes_in_long_files_and_rosters``;
- a roster column of contact details (under a contact header, or mostly e-mail
  addresses and phone numbers under any header) is left out with one warning, and no
  address becomes an organisation: ``test_a_roster_column_of_contacts_is_left_out``;
- the report's "To confirm" section lists a roster's uncertain cells:
  ``test_to_confirm_lists_a_rosters_uncertain_cells``;
- a column or property headed "Kind" is the organisation type in a wide matrix, a long
  file and JSON records (so no false sector gap), unless the table also has a "type"
  column, when "kind" stays refused as netmap's own graph field:
  ``test_a_kind_column_is_the_organisation_type``.
"""

from __future__ import annotations

import json

import pytest

from netmap.cli import cli
from netmap.errors import InputError
from netmap.io import load
from netmap.vocabulary import load as read
from tests.conftest import edges
from tests.io.test_spreadsheets import _unsure

ROSTER = ("Resources,Victim Support,Investigation and Prosecution\n"
          "Home Office,Hope Refuge (TBC),Met Police\n"
          "Council,Hestia?,CPS [partly]\n"
          ",Salvation Army (Leeds),\n")
LONG = ("organisation,services,weight\n"
        "Hope Refuge,Shelter; Legal (TBC),1\n"
        "Hestia,Shelter | Health,TBC\n"
        "Clinic,Health?,1\n")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_name_with_an_uncertain_mark(tmp_path):
    loaded = load(_write(tmp_path, "roster.csv", ROSTER), layout="roster")
    p = loaded.partnership
    assert set(p.organisations) == {"Home Office", "Council", "Hope Refuge", "Hestia",
                                    "Salvation Army (Leeds)", "Met Police", "CPS"}
    assert edges(p) == {("Home Office", "Resources"), ("Council", "Resources"),
                        ("Salvation Army (Leeds)", "Victim Support"),
                        ("Met Police", "Investigation and Prosecution")}
    assert _unsure(p) == {("Hope Refuge", "Victim Support", "TBC", 2, "B"),
                          ("Hestia", "Victim Support", "?", 3, "B"),
                          ("CPS", "Investigation and Prosecution", "partly", 3, "C")}
    said = [str(q) for q in loaded.problems if "uncertain" in q.message]
    assert len(said) == 1 and "3 uncertain marks" in said[0]


def test_long_file_uncertain_weight_and_function(tmp_path):
    p = load(_write(tmp_path, "long.csv", LONG)).partnership
    assert edges(p) == {("Hope Refuge", "Shelter")}
    assert _unsure(p) == {("Hope Refuge", "Legal", "TBC", 2, "B"),
                          ("Hestia", "Shelter", "TBC", 3, "C"),
                          ("Hestia", "Health", "TBC", 3, "C"),
                          ("Clinic", "Health", "?", 4, "B")}
    assert set(p.functions) == {"Shelter", "Legal", "Health"}


@pytest.mark.parametrize("name,text,layout", [("long.csv", LONG, None),
                                              ("roster.csv", ROSTER, "roster")])
def test_uncertain_modes_in_long_files_and_rosters(tmp_path, runner, name, text, layout):
    path = _write(tmp_path, name, text)
    counted = load(path, layout=layout, uncertain="engaged").partnership
    plain = load(path, layout=layout).partnership
    assert edges(counted) == edges(plain) | {(u[0], u[1]) for u in _unsure(plain)}
    assert counted.uncertain["counted"].all()
    with pytest.raises(InputError) as e:
        load(path, layout=layout, uncertain="error")
    assert {(q.row, q.column) for q in e.value.errors} == {
        (u[3], ord(u[4]) - ord("A")) for u in _unsure(plain)}
    assert all("uncertain mark" in q.message for q in e.value.errors)
    args = ["validate", str(path), "--uncertain", "error"] + (
        ["--layout", layout] if layout else [])
    result = runner.invoke(cli, args)
    assert result.exit_code == 1 and "uncertain mark" in result.stdout


@pytest.mark.parametrize("header", ["Contact", "Lead officer"])
def test_a_roster_column_of_contacts_is_left_out(tmp_path, header):
    path = _write(tmp_path, "roster.csv",
                  f"Resources,Victim Support,{header}\n"
                  "Home Office,Hope Refuge,jane.doe@police.uk\n"
                  "Council,Hestia,+44 7700 900123\n"
                  ",Salvation Army,\n")
    loaded = load(path, layout="roster")
    p = loaded.partnership
    assert set(p.functions) == {"Resources", "Victim Support"}
    assert set(p.organisations) == {"Home Office", "Council", "Hope Refuge", "Hestia",
                                    "Salvation Army"}
    (said,) = [q for q in loaded.problems if "contact details" in q.message]
    assert said.severity == "warning" and said.column == 2 and header in said.message


def test_to_confirm_lists_a_rosters_uncertain_cells(runner, tmp_path):
    path = _write(tmp_path, "roster.csv", ROSTER)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(path), "--layout", "roster", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "report.md").read_text(encoding="utf-8")
    section = text.split("## To confirm", 1)[1].split("\n## ", 1)[0]
    for org, mark in (("Hope Refuge", "TBC"), ("Hestia", "?"), ("CPS", "partly")):
        assert org in section and mark in section


@pytest.mark.parametrize("name,text", [
    ("wide.csv", "Organisation,Kind,Victim Support,Investigation\n"
                 "Met Police,Police,,1\nHope Refuge,Charity,1,\n"),
    ("long.csv", "organisation,function,KIND\nMet Police,Investigation,Police\n"
                 "Hope Refuge,Victim Support,Charity\n"),
    ("records.json", '[{"name": "Met Police", "Kind": "Police", "services": "Investigation"},'
                     ' {"name": "Hope Refuge", "kind": "Charity", "services": ["Victim care"]}]'),
])
def test_a_kind_column_is_the_organisation_type(tmp_path, runner, name, text):
    path = _write(tmp_path, name, text)
    p = read(path).partnership
    assert p.attributes.loc["Met Police", "type"] == "Police"
    assert dict(p.attributes["sector"]) == {"Met Police": "statutory",
                                            "Hope Refuge": "voluntary"}
    result = runner.invoke(cli, ["gaps", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert not [g for g in json.loads(result.stdout)["gaps"] if g["rule"] == "sector_mix"]


def test_kind_beside_a_type_column_stays_refused(tmp_path):
    path = _write(tmp_path, "both.csv", "Organisation,Type,Kind,Victim Support\n"
                                        "Hope Refuge,Charity,Refuge,1\n")
    with pytest.raises(InputError) as e:
        load(path)
    (err,) = e.value.errors
    assert err.column == 2 and "'Kind'" in err.message
