"""``netmap form`` in the library (netmap/forms.py, write_form/write_forms): issue 18.

Cases of the issue, one test or more each:

- the first sheet is the one to fill, header Organisation, Sector and the functions (the
  canonical six by default, INPUT's, or those given): ``test_first_sheet_header_and_sheets``,
  ``test_blank_form_asks_the_canonical_six``;
- answers Yes / No / Not sure from a dropdown, sector from a dropdown of the sector classes:
  ``test_dropdowns_for_answers_and_sectors``;
- a second sheet defines each function in plain words with examples (own functions say so):
  ``test_functions_sheet_defines_each_function``;
- a third sheet gives the instructions and the deadline: ``test_instructions_give_the_deadline``;
- headers and the organisation column protected, answer cells open:
  ``test_header_and_listed_names_are_locked_answers_open``;
- readable by netmap itself, as it is and filled (``Not sure`` an uncertain mark):
  ``test_prefilled_form_reads_as_its_input``, ``test_filled_blank_form_reads_with_not_sure``;
- pre-filled with what INPUT says (uncertain marks as Not sure):
  ``test_prefilled_values_follow_the_input``;
- one form per organisation, holding only its own row (the hidden sheet too), file names
  safe on every OS and unique: ``test_per_organisation_forms_hold_one_row``,
  ``test_safe_filenames``;
- names that look like formulas stay text: ``test_formula_like_names_stay_text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import openpyxl
import pytest

import netmap
from netmap.forms import (
    ANSWERS,
    META_SHEET,
    SECTOR_CHOICES,
    blank_form,
    form_of,
    form_workbook,
    safe_filename,
)
from netmap.render.reportfiles import write_form, write_forms
from netmap.vocabulary import FUNCTIONS

from .conftest import SEED, edges
from .formfill import fill

SIX = tuple(FUNCTIONS)


@pytest.fixture(scope="module")
def seed():
    return netmap.read(SEED)


@pytest.fixture(scope="module")
def seed_form(seed, tmp_path_factory):
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    write_form(form_of(seed, due=dt.date(2026, 2, 1)), path)
    return path


def test_first_sheet_header_and_sheets(seed, seed_form):
    wb = openpyxl.load_workbook(seed_form)
    assert wb.sheetnames == ["Form", "Functions", "Instructions", META_SHEET]
    assert [wb[n].sheet_state for n in wb.sheetnames] == ["visible"] * 3 + ["hidden"]
    ws = wb["Form"]
    assert [c.value for c in ws[1]] == ["Organisation", "Sector", *seed.functions]
    assert [ws.cell(row=r, column=1).value for r in range(2, 38)] == list(seed.organisations)
    assert wb.security.lockStructure is True  # sheets cannot be renamed, added or unhidden


def test_blank_form_asks_the_canonical_six(tmp_path):
    path = write_form(blank_form(SIX), tmp_path / "blank.xlsx")
    ws = openpyxl.load_workbook(path)["Form"]
    assert [c.value for c in ws[1]] == ["Organisation", "Sector", *SIX]
    assert all(ws.cell(row=r, column=1).value is None for r in range(2, ws.max_row + 1))


def test_dropdowns_for_answers_and_sectors(seed_form):
    ws = openpyxl.load_workbook(seed_form)["Form"]
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    answers = '"' + ",".join(ANSWERS) + '"'
    assert ANSWERS == ("Yes", "No", "Not sure")
    assert lists[answers].startswith("C2:H")  # every answer cell of the six functions
    sectors = '"' + ",".join(SECTOR_CHOICES) + '"'
    assert lists[sectors].startswith("B2:B")
    assert "statutory" in SECTOR_CHOICES and "voluntary" in SECTOR_CHOICES
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list" and dv.showErrorMessage


def test_functions_sheet_defines_each_function(tmp_path):
    form = blank_form((*SIX, "Drop-in centre"))
    wb = openpyxl.load_workbook(write_form(form, tmp_path / "f.xlsx"))
    rows = [[c.value for c in row] for row in wb["Functions"].iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [*SIX, "Drop-in centre"]
    support = rows[SIX.index("Victim Support")]
    assert "survivors" in support[1] and "safe housing" in support[2]
    assert all(r[1] and r[2] for r in rows)
    assert "own function" in rows[-1][1]
    # the header of each function carries its definition as a note, too
    comment = wb["Form"]["F1"].comment
    assert comment is not None and "survivors" in comment.text


def test_instructions_give_the_deadline(seed_form, tmp_path):
    text = " ".join(str(c.value) for c in openpyxl.load_workbook(seed_form)["Instructions"]["A"]
                    if c.value)
    assert "Please return this form by Sunday 1 February 2026" in text
    assert "Yes" in text and "Not sure" in text
    undated = write_form(blank_form(SIX), tmp_path / "u.xlsx")
    text = " ".join(str(c.value) for c in openpyxl.load_workbook(undated)["Instructions"]["A"]
                    if c.value)
    assert "return this form by" not in text and "coordinator" in text


def test_header_and_listed_names_are_locked_answers_open(seed_form, tmp_path):
    ws = openpyxl.load_workbook(seed_form)["Form"]
    assert ws.protection.sheet is True
    assert all(c.protection.locked for c in ws[1])
    assert ws["A2"].protection.locked and ws["A37"].protection.locked  # listed names
    assert not ws["B2"].protection.locked and not ws["C2"].protection.locked
    assert not ws["H37"].protection.locked
    assert not ws["A38"].protection.locked  # a blank row for an organisation not listed
    blank = openpyxl.load_workbook(write_form(blank_form(SIX), tmp_path / "b.xlsx"))["Form"]
    assert blank["A1"].protection.locked and not blank["A2"].protection.locked


def test_prefilled_form_reads_as_its_input(seed, seed_form):
    read = netmap.read(seed_form)
    assert read.organisations == seed.organisations and read.functions == seed.functions
    assert edges(read) == edges(seed)
    assert list(read.sectors.str.lower()) == list(seed.sectors)


def test_prefilled_values_follow_the_input(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("organisation,sector,Resources,Victim Support\nPolice,Police,1,TBC\n"
                   "Hestia,charity,,2\n", encoding="utf-8")
    p = netmap.read(src, weighted=True)
    rows = form_of(p).rows
    assert [(r.organisation, r.sector, r.answers) for r in rows] == [
        ("Police", "statutory", ("Yes", "Not sure")), ("Hestia", "voluntary", ("No", "Yes"))]
    form = form_of(p, functions=("Victim Support", "Strategic"))
    assert [r.answers for r in form.rows] == [("Not sure", ""), ("Yes", "")]  # not known


def test_filled_blank_form_reads_with_not_sure(tmp_path):
    form = write_form(blank_form(SIX), tmp_path / "blank.xlsx")
    filled = fill(form, tmp_path / "filled.xlsx", {
        "Police": {"Sector": "statutory", "Investigation and Prosecution": "Yes",
                   "Victim Identification": "Not sure", "Resources": "No"},
        "Hestia": {"Sector": "voluntary", "Victim Support": "Yes"}})
    loaded = netmap.load(filled)
    p = loaded.partnership
    assert p.organisations == ("Police", "Hestia")
    assert edges(p) == {("Police", "Investigation and Prosecution"),
                        ("Hestia", "Victim Support")}
    assert p.uncertain[["organisation", "function", "mark"]].values.tolist() == [
        ["Police", "Victim Identification", "Not sure"]]
    assert list(p.sectors) == ["statutory", "voluntary"]


def test_per_organisation_forms_hold_one_row(seed, tmp_path):
    written = write_forms(form_of(seed), tmp_path / "forms")
    names = sorted(w.name for w in written)
    assert "forms.csv" in names and len(names) == len(seed.organisations) + 1
    index = (tmp_path / "forms" / "forms.csv").read_text(encoding="utf-8-sig").splitlines()
    assert index[0] == "organisation,file"
    assert index[1] == "Faith groups,form-Faith_groups.xlsx"
    wb = openpyxl.load_workbook(tmp_path / "forms" / "form-Hestia.xlsx")
    form_rows = [r for r in wb["Form"].iter_rows(min_row=2, values_only=True) if any(r)]
    assert [r[0] for r in form_rows] == ["Hestia"]
    hidden = [r for r in wb[META_SHEET].iter_rows(values_only=True) if r[0] == "row"]
    assert [r[1] for r in hidden] == ["Hestia"]  # no other organisation's answers inside
    assert wb["Form"].max_row == 2  # no blank rows in a form for one organisation
    assert netmap.read(tmp_path / "forms" / "form-Hestia.xlsx").organisations == ("Hestia",)


@pytest.mark.parametrize(("names", "expected"), [
    (["Barnardo's"], ["form-Barnardo's.xlsx"]),
    (['Police: "CID" / Unit 7?'], ["form-Police_CID_Unit_7.xlsx"]),
    (["a<b>c|d*e"], ["form-a_b_c_d_e.xlsx"]),
    (["...", "   ", "\u202e"], ["form-organisation.xlsx", "form-organisation_2.xlsx",
                               "form-organisation_3.xlsx"]),
    (["Hestia", "HESTIA", "Hestia?"], ["form-Hestia.xlsx", "form-HESTIA_2.xlsx",
                                       "form-Hestia_3.xlsx"]),
    (["x" * 300], ["form-" + "x" * 53 + "-" + hashlib.sha256(b"x" * 300).hexdigest()[:6]
                   + ".xlsx"]),
    (["Café Trust"], ["form-Café_Trust.xlsx"]),
    (["Trailing dot."], ["form-Trailing_dot.xlsx"]),
])
def test_safe_filenames(names, expected):
    taken: set = set()
    assert [safe_filename(n, taken) for n in names] == expected


def test_safe_filenames_without_prefix_avoid_device_names():
    taken: set = set()
    assert safe_filename("CON", taken, prefix="") == "_CON.xlsx"
    assert safe_filename("nul.txt", taken, prefix="") == "_nul.txt.xlsx"
    assert safe_filename("Console", taken, prefix="") == "Console.xlsx"


def test_formula_like_names_stay_text(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text('organisation,Resources\n"=HYPERLINK(""http://x.invalid"")",1\n'
                   "Plain,1\n", encoding="utf-8")
    p = netmap.read(src)
    data = form_workbook(form_of(p))
    path = tmp_path / "f.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    assert wb["Form"]["A2"].data_type == "s"
    assert netmap.read(path).organisations == p.organisations


def test_long_names_sharing_a_beginning_get_distinct_file_names():
    """p18 #15: two names cut to 60 characters stay told apart by their file names."""
    stem = "Gangmasters and Labour Abuse Authority (GLAA) Northshire Regional "
    taken: set = set()
    a = safe_filename(stem + "Enforcement Team", taken)
    b = safe_filename(stem + "Intelligence Team", taken)
    assert a != b and not a.endswith("_2.xlsx") and not b.endswith("_2.xlsx")
    assert len(a) == len("form-.xlsx") + 60 and a.startswith("form-Gangmasters_and_Labour")
