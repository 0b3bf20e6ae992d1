"""Spreadsheets as people keep them (issue 14, section "Spreadsheets as people keep them").

The catalogue of cases, one or more tests each:

- title and comment rows above the header (a merged title, a single-cell note, blank
  rows) are detected and skipped with a warning naming them:
  ``test_title_and_comment_rows_are_skipped_with_a_warning``,
  ``test_a_merged_title_in_a_workbook``; a table without a title reads as before:
  ``test_a_plain_table_is_unchanged``; ``--header-row N`` names the header:
  ``test_header_row_names_the_header``, ``test_header_row_that_is_not_a_row_is_an_error``;
- uncertain marks (``?``, ``TBC``, ``unknown``, ``maybe``, ``not sure``, ``partly``,
  ``partial``, ``pending``, any case) are a third state, not errors:
  ``test_uncertain_marks_are_kept_not_counted_by_default``,
  ``test_uncertain_engaged_and_error``; kept through ``without`` and pseudonymisation:
  ``test_uncertain_cells_survive_without_and_pseudonyms``;
- the report's "To confirm" section lists every uncertain cell and the gaps that would
  open or close: ``test_report_lists_every_uncertain_cell_to_confirm``,
  ``test_to_confirm_when_uncertain_marks_are_counted``,
  ``test_a_report_without_uncertain_marks_has_no_to_confirm_section``;
- a column of mostly free text is an attribute with one warning:
  ``test_a_column_of_free_text_is_an_attribute_with_one_warning``; a column of marks
  with stray words stays an error per cell:
  ``test_a_column_of_marks_with_a_stray_word_stays_an_error``; spreadsheet error values
  are always cell errors: ``test_spreadsheet_errors_are_cell_errors_never_free_text``;
- attributes in the report's organisation tables and the map's tooltips, contact
  details left out unless ``--keep-contacts``:
  ``test_attributes_in_the_organisation_tables_and_tooltips_contacts_left_out``,
  ``test_keep_contacts_keeps_them``, ``test_drop_contacts_in_the_library``;
- the coordinator workbook (tests/data/ok/coordinator.xlsx, written by
  ``coordinator_workbook`` in tests/data/make_fixtures.py) loads with no flags (title
  rows and the totals row of formulas excluded, the uncertain cells kept):
  ``test_a_csv_title_line_without_padding_or_with_a_comma`` (a CSV saved by a script:
  the title is one field, or two when it holds a comma, above a wider header);
  ``test_the_coordinator_workbook_loads_with_no_flags``; report, gaps, whatif and map
  agree on its gaps, with and without ``--uncertain engaged``:
  ``test_commands_agree_on_the_coordinator_gaps``; pseudonymised, the "To confirm"
  section shows codes only: ``test_to_confirm_under_pseudonymise_shows_codes_only``.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from netmap.cli import cli
from netmap.errors import InputError
from netmap.io import load
from tests.conftest import OK, edges

COORDINATOR = OK / "coordinator.xlsx"
ORGS = ("Anytown Police", "Anytown Council", "Anytown NHS Trust", "Hope Refuge",
        "St Mary's Church")
FUNCTIONS = ("Supporting survivors", "Police / prosecution", "Steering group",
             "Raising awareness")
# the uncertain cells as the loader (netmap.io.load) reads them, in the workbook's words
UNSURE_RAW = {("Anytown Council", "Supporting survivors", "partly", 6, "C"),
              ("Anytown NHS Trust", "Steering group", "TBC", 7, "E"),
              ("St Mary's Church", "Supporting survivors", "TBC", 9, "C")}
# and as every command reads them, through the vocabulary: "Supporting survivors" is
# Victim Support and "Steering group" is Strategic (netmap/vocabulary.py)
UNSURE = {("Anytown Council", "Victim Support", "partly", 6, "C"),
          ("Anytown NHS Trust", "Strategic", "TBC", 7, "E"),
          ("St Mary's Church", "Victim Support", "TBC", 9, "C")}
TITLED = ("Anytown partnership matrix,,,\n"
          "Updated March 2025,,,\n"
          ",,,\n"
          "organisation,Resources,Victim Support,Strategic\n"
          "Police,1,,1\nHestia,,1,\n")


def _unsure(p) -> set:
    return {(r.organisation, r.function, r.mark, r.row, r.column)
            for r in p.uncertain.itertuples(index=False)}


def _warnings(loaded) -> list:
    return [str(p) for p in loaded.problems if p.severity == "warning"]


# --- title rows and --header-row ------------------------------------------------------

def test_title_and_comment_rows_are_skipped_with_a_warning(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text(TITLED, encoding="utf-8")
    loaded = load(path)
    p = loaded.partnership
    assert p.organisations == ("Police", "Hestia")
    assert p.functions == ("Resources", "Victim Support", "Strategic")
    (said,) = [w for w in _warnings(loaded) if "above the header" in w]
    assert "rows 1, 2 above the header skipped" in said and "'Updated March 2025'" in said
    assert "header was read from row 4" in said and "--header-row" in said


@pytest.mark.parametrize("title", ["Anytown partnership matrix",
                                   "Anytown partnership, March 2025"])
def test_a_csv_title_line_without_padding_or_with_a_comma(tmp_path, title):
    path = tmp_path / "t.csv"
    path.write_text(f"{title}\n\norganisation,Resources,Victim Support,Strategic,Prevention\n"
                    "Police,1,,1,1\nHestia,,1,,1\n", encoding="utf-8")
    for header_row in (None, 3):
        loaded = load(path, header_row=header_row)
        assert edges(loaded.partnership) == {("Police", "Resources"),
                                             ("Police", "Strategic"), ("Police", "Prevention"),
                                             ("Hestia", "Victim Support"),
                                             ("Hestia", "Prevention")}
        (said,) = [w for w in _warnings(loaded) if "above the header skipped" in w]
        assert "Anytown partnership" in said


def test_a_plain_table_is_unchanged(tmp_path):
    loaded = load(OK / "small.csv")
    assert not [w for w in _warnings(loaded) if "above the header" in w]
    assert len(loaded.partnership.organisations) == 3


def test_a_merged_title_in_a_workbook(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Partnership 2025"])
    ws.append(["organisation", "Resources", "Strategic"])
    ws.append(["Police", 1, None])
    ws.append(["Hestia", None, 1])
    ws.merge_cells("A1:C1")  # the title fills every cell of row 1
    wb.save(tmp_path / "t.xlsx")
    loaded = load(tmp_path / "t.xlsx")
    assert loaded.partnership.organisations == ("Police", "Hestia")
    assert any("row 1 above the header skipped" in w for w in _warnings(loaded))


def test_header_row_names_the_header(tmp_path, runner):
    path = tmp_path / "two.csv"
    # a two-cell note above the header: not a title by shape, so name the header row
    path.write_text("Source:,survey 2025,,\n" + TITLED.split("\n", 3)[3], encoding="utf-8")
    with pytest.raises(InputError):
        load(path)  # read from row 1, "Source:" is no organisation column
    loaded = load(path, header_row=2)
    assert loaded.partnership.organisations == ("Police", "Hestia")
    assert any("row 1 above the header skipped" in w for w in _warnings(loaded))
    result = runner.invoke(cli, ["validate", str(path), "--header-row", "2"])
    assert result.exit_code == 0, result.output
    assert "2 organisations, 3 functions" in result.stdout


def test_header_row_that_is_not_a_row_is_an_error(tmp_path, runner):
    path = tmp_path / "titled.csv"
    path.write_text(TITLED, encoding="utf-8")
    with pytest.raises(InputError, match="row 3 cannot be the header"):
        load(path, header_row=3)  # a blank row
    result = runner.invoke(cli, ["validate", str(path), "--header-row", "40"])
    assert result.exit_code == 1 and "row 40 cannot be the header" in result.stdout
    result = runner.invoke(cli, ["validate", str(path), "--header-row", "0"])
    assert result.exit_code == 2


# --- uncertain marks ------------------------------------------------------------------

def test_uncertain_marks_are_kept_not_counted_by_default(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("organisation,Resources,Victim Support,Strategic\n"
                    "Police,1,?,Not sure\nHestia,TBC,1,PARTLY\nChurch,x,maybe,pending\n",
                    encoding="utf-8")
    loaded = load(path)
    p = loaded.partnership
    assert edges(p) == {("Police", "Resources"), ("Hestia", "Victim Support"),
                        ("Church", "Resources")}
    assert _unsure(p) == {("Police", "Victim Support", "?", 2, "C"),
                          ("Police", "Strategic", "Not sure", 2, "D"),
                          ("Hestia", "Resources", "TBC", 3, "B"),
                          ("Hestia", "Strategic", "PARTLY", 3, "D"),
                          ("Church", "Victim Support", "maybe", 4, "C"),
                          ("Church", "Strategic", "pending", 4, "D")}
    assert not p.uncertain["counted"].any()
    (said,) = [w for w in _warnings(loaded) if "uncertain" in w]
    assert "6 uncertain marks" in said and "not counted" in said and "To confirm" in said


def test_uncertain_engaged_and_error(tmp_path, runner):
    path = tmp_path / "u.csv"
    path.write_text("organisation,Resources,Victim Support\nPolice,1,TBC\nHestia,?,1\n",
                    encoding="utf-8")
    p = load(path, uncertain="engaged").partnership
    assert edges(p) == {("Police", "Resources"), ("Police", "Victim Support"),
                        ("Hestia", "Resources"), ("Hestia", "Victim Support")}
    assert p.uncertain["counted"].all() and len(p.uncertain) == 2
    with pytest.raises(InputError) as e:
        load(path, uncertain="error")
    assert [(q.row, q.column) for q in e.value.errors] == [(2, 2), (3, 1)]
    assert "'TBC' is an uncertain mark" in e.value.errors[0].message
    result = runner.invoke(cli, ["validate", str(path), "--uncertain", "error"])
    assert result.exit_code == 1 and "uncertain mark" in result.stdout
    result = runner.invoke(cli, ["validate", str(path), "--uncertain", "sometimes"])
    assert result.exit_code == 2


def test_uncertain_cells_survive_without_and_pseudonyms(tmp_path):
    from netmap.privacy import KeyFile, pseudonymise

    p = load(COORDINATOR).partnership
    fewer = p.without(["Anytown Council"])
    assert {u[0] for u in _unsure(fewer)} == {"Anytown NHS Trust", "St Mary's Church"}
    coded = pseudonymise(p, KeyFile(tmp_path / "key.json"))
    names = set(coded.uncertain["organisation"])
    assert len(names) == 3 and names <= set(coded.organisations)
    assert not names & set(ORGS)


# --- the coordinator workbook ---------------------------------------------------------

def test_the_coordinator_workbook_loads_with_no_flags():
    loaded = load(COORDINATOR)
    p = loaded.partnership
    assert p.organisations == ORGS and p.functions == FUNCTIONS
    warned = _warnings(loaded)
    assert any("rows 1, 2 above the header skipped" in w for w in warned)
    assert any("row 10" in w and "summary row 'Total' skipped" in w for w in warned)
    assert _unsure(p) == UNSURE_RAW
    assert ("Anytown Police", "Steering group") in edges(p)  # ✓
    assert ("Hope Refuge", "Steering group") in edges(p)  # y
    assert not [q for q in loaded.problems if q.is_error]


# --- the "To confirm" section -----------------------------------------------------------

class _Section(HTMLParser):
    """Text of the table rows and list items inside one <section id=...> of a page."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.inside, self.depth = wanted, False, 0
        self.rows: list = []
        self.items: list = []
        self._cell: list | None = None
        self._item: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "section" and dict(attrs).get("id") == self.wanted:
            self.inside = True
        if not self.inside:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li":
            self._item = []

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "section":
            self.inside = False
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "li" and self._item is not None:
            self.items.append("".join(self._item).strip())
            self._item = None

    def handle_data(self, data):
        for part in (self._cell, self._item):
            if part is not None:
                part.append(data)


CLOSES = "Victim Support rests on a single provider: Hope Refuge"
CLOSES_RAW = "Supporting survivors rests on a single provider: Hope Refuge"


def test_report_lists_every_uncertain_cell_to_confirm(runner, tmp_path):
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    section = _Section("to-confirm")
    section.feed((out / "report.html").read_text("utf-8"))
    # the uncertain cells' table (five columns; the figures both ways follow in another)
    cells = {(r[0], r[1], r[2], r[3]) for r in section.rows[1:] if len(r) == 5}
    assert cells == {(o, f, mark, f"{col}{row}") for o, f, mark, row, col in UNSURE}
    assert section.items == ["If all were confirmed: Victim Support would have 3 providers "
                             "instead of 1, Strategic would have 4 providers instead of 3; "
                             f"this gap would close: {CLOSES}."]
    md = (out / "report.md").read_text("utf-8")
    block = md.split("## To confirm", 1)[1].split("\n## ", 1)[0]
    assert "| Anytown Council | Victim Support | partly | C6 | no |" in block
    assert f"this gap would close: {CLOSES}." in block


def test_to_confirm_when_uncertain_marks_are_counted():
    from netmap.confirm import to_confirm

    p = load(COORDINATOR, uncertain="engaged").partnership
    result = to_confirm(p)
    assert result["if_confirmed"] == {"opened": [], "closed": []}
    assert [g["message"] for g in result["if_not_confirmed"]["opened"]] == [CLOSES_RAW]
    assert {c["organisation"] for c in result["cells"]} == {u[0] for u in UNSURE}
    plain = to_confirm(load(OK / "small.csv").partnership)
    assert plain["cells"] == [] and plain["if_confirmed"]["closed"] == []


def test_a_report_without_uncertain_marks_has_no_to_confirm_section(runner, tmp_path):
    out = tmp_path / "r"
    assert runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out),
                               "--runs", "0"]).exit_code == 0
    assert "to-confirm" not in (out / "report.html").read_text("utf-8")
    assert "## To confirm" not in (out / "report.md").read_text("utf-8")


def _gap_messages(runner, tmp_path, *flags) -> dict:
    """The coordinator workbook's gaps as report, gaps, map and whatif give them."""
    import csv
    import re

    def embedded_data(html: str) -> dict:
        found = re.search(r'<script type="application/json" id="nm-data">(.*?)</script>',
                          html, re.S)
        assert found is not None
        return json.loads(found.group(1))

    got = {}
    result = runner.invoke(cli, ["gaps", str(COORDINATOR), "--format", "json", *flags])
    assert result.exit_code == 0, result.output
    got["gaps"] = {g["message"] for g in json.loads(result.stdout)["gaps"]}
    out = tmp_path / "report"
    result = runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "0",
                                 *flags])
    assert result.exit_code == 0, result.output
    with open(out / "gaps.csv", encoding="utf-8-sig", newline="") as fh:
        got["report"] = {r["message"] for r in csv.DictReader(fh)}
    result = runner.invoke(cli, ["map", str(COORDINATOR), "-o", str(tmp_path / "m.html"),
                                 "--runs", "0", *flags])
    assert result.exit_code == 0, result.output
    legend = embedded_data((tmp_path / "m.html").read_text("utf-8"))["legend"]
    got["map"] = {g["message"] for g in legend["gaps"]} | set(legend["partnership_gaps"])
    result = runner.invoke(cli, ["whatif", str(COORDINATOR), "--remove", "Hope Refuge",
                                 "--format", "json", "--runs", "0", *flags])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    got["whatif closed"] = {g["message"] for g in data["gaps_closed"]}
    return got


@pytest.mark.parametrize("flags", [(), ("--uncertain", "engaged")])
def test_commands_agree_on_the_coordinator_gaps(runner, tmp_path, flags):
    got = _gap_messages(runner, tmp_path, *flags)
    assert got["gaps"] == got["report"] == got["map"]
    assert got["whatif closed"] <= got["gaps"]
    if flags:  # the uncertain marks counted: Supporting survivors has three providers
        assert CLOSES not in got["gaps"] and len(got["gaps"]) == 1
    else:  # not counted: it rests on Hope Refuge alone
        assert CLOSES in got["gaps"] and CLOSES in got["whatif closed"]
        assert len(got["gaps"]) == 2


# --- columns of free text -----------------------------------------------------------------

FREE = ("organisation,Resources,Lead officer,Victim Support,E-mail,Strategic,Phone line\n"
        "Police,1,Jane Smith,,a@b.example,1,01632960000\n"
        "Hestia,,Sam Jones,1,c@d.example,x,+44 20 7946 0000\n"
        "Church,x,Rev. Ann Lee,yes,,1,\n")


def test_a_column_of_free_text_is_an_attribute_with_one_warning(tmp_path):
    path = tmp_path / "free.csv"
    path.write_text(FREE, encoding="utf-8")
    loaded = load(path)
    p = loaded.partnership
    assert p.functions == ("Resources", "Victim Support", "Strategic")
    assert list(p.attributes.columns) == ["lead officer", "e-mail", "phone line"]
    assert p.attributes.loc["Church", "lead officer"] == "Rev. Ann Lee"
    said = [w for w in _warnings(loaded) if "free text" in w]
    assert len(said) == 2  # one per column; E-mail is a known contact header
    assert any("column C 'Lead officer'" in w and "3 of 3 cells" in w for w in said)
    assert any("column G 'Phone line'" in w for w in said)  # phone numbers are not weights


def test_a_column_of_marks_with_a_stray_word_stays_an_error(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_text("organisation,Resources,Strategic\nPolice,1,1\nHestia,lots,x\n"
                    "Church,x,\nAid,1,weekly\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load(path)
    assert [(q.row, q.column) for q in e.value.errors] == [(3, 1), (5, 2)]
    assert "'lots' is not an engagement mark" in e.value.errors[0].message


def test_spreadsheet_errors_are_cell_errors_never_free_text(tmp_path):
    path = tmp_path / "errors.csv"
    # a text column with an error value: still an attribute, the error still an error
    path.write_text("organisation,Resources,Lead officer,Strategic\n"
                    "Police,1,Jane Smith,#N/A\nHestia,,Sam Jones,1\nChurch,x,#REF!,\n"
                    "Aid,1,,#VALUE!\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load(path)
    errors = {(q.row, q.column): q.message for q in e.value.errors}
    assert set(errors) == {(2, 3), (4, 2), (5, 3)}
    assert "spreadsheet error #REF!" in errors[(4, 2)]
    assert "spreadsheet error #VALUE!" in errors[(5, 3)]


# --- attributes in the report and the map; contacts left out --------------------------------

def _tooltips(html: str) -> dict:
    import re

    found = re.search(r'<script type="application/json" id="nm-data">(.*?)</script>', html,
                      re.S)
    assert found is not None
    return {n["label"]: n.get("tooltip", "") for n in json.loads(found.group(1))["nodes"]}


def test_attributes_in_the_organisation_tables_and_tooltips_contacts_left_out(runner,
                                                                            tmp_path):
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    assert "contact details (column 'contact') left out of the outputs" in result.stderr
    section = _Section("organisations")
    section.feed((out / "report.html").read_text("utf-8"))
    header, *rows = section.rows
    assert header[:6] == ["Organisation", "Sector", "Type", "Area", "Notes", "Functions"]
    police = next(r for r in rows if r[0] == "Anytown Police")
    assert "Lead for Operation Aidant" in police and "Anytown" in police
    md = (out / "report.md").read_text("utf-8")
    assert "| Hope Refuge | voluntary | Charity | County | Runs the safe house |" in md
    assert "**Contact details left out**: the column 'contact' holds personal data" in md
    tips = _tooltips((out / "map.html").read_text("utf-8"))
    assert "Notes: Runs the safe house" in tips["Hope Refuge"]
    assert "Area: County" in tips["Hope Refuge"]
    contacts = ("jane.smith@", "safeguarding@nhs", "07700 900123", "01632 960001")
    for path in out.rglob("*"):
        if path.suffix in (".html", ".md", ".json", ".csv"):
            text = path.read_text("utf-8-sig")
            assert not [c for c in contacts if c in text], path.name
    result = runner.invoke(cli, ["metrics", str(COORDINATOR), "--format", "json", "--runs", "0"])
    assert result.exit_code == 0 and "safeguarding@nhs" not in result.stdout
    assert "contact" not in json.loads(result.stdout)["organisations"][0]


def test_keep_contacts_keeps_them(runner, tmp_path):
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "0",
                                 "--keep-contacts"])
    assert result.exit_code == 0, result.output
    assert "left out" not in result.stderr
    assert "safeguarding@nhs.example" in (out / "report.md").read_text("utf-8")
    tips = _tooltips((out / "map.html").read_text("utf-8"))
    assert "Contact: Sam Jones 07700 900123" in tips["Hope Refuge"]
    result = runner.invoke(cli, ["metrics", str(COORDINATOR), "--format", "json", "--runs", "0",
                                 "--keep-contacts"])
    assert json.loads(result.stdout)["organisations"][2]["contact"] == "safeguarding@nhs.example"


def test_drop_contacts_in_the_library():
    from netmap.privacy import drop_contacts

    p = load(COORDINATOR).partnership
    assert list(p.attributes.columns) == ["type", "area", "notes", "contact"]
    q, dropped = drop_contacts(p)
    assert dropped == ["contact"] and list(q.attributes.columns) == ["type", "area", "notes"]
    assert _unsure(q) == UNSURE_RAW


def test_to_confirm_under_pseudonymise_shows_codes_only(runner, tmp_path):
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "0",
                                 "--pseudonymise", str(tmp_path / "key.json")])
    assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text("utf-8")
    block = md.split("## To confirm", 1)[1].split("\n## ", 1)[0]
    assert block.count("| ORG-") == 3 and "| partly | C6 | no |" in block
    for name in ORGS:
        assert name not in md and name not in (out / "report.html").read_text("utf-8")
