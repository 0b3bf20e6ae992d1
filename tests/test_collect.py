"""``netmap collect`` in the library (netmap/collect.py, write_collection): issue 18.

Cases of the issue, one test or more each (forms written by netmap, filled with openpyxl
the way partners fill them, tests/formfill.py):

- returned forms merged into one matrix every command reads, ``Not sure`` an uncertain
  mark: ``test_returns_merge_into_one_matrix``, ``test_partners_csv_is_read_by_netmap``;
- a CSV saved from a form is read: ``test_csv_saved_from_a_form_is_merged``;
- a form whose structure was changed is refused, naming the file and what changed
  (renamed, added, removed, moved column; missing sheet; deleted row; not a form), with
  every problem of every return listed before stopping:
  ``test_changed_header_is_refused_naming_file_and_change``,
  ``test_every_broken_return_is_listed``, ``test_changed_csv_header_is_refused``,
  ``test_missing_sheets_and_rows_are_refused``, ``test_answers_netmap_cannot_read`` (spreadsheet
  errors, formulas saved without results, answers without a name);
- the response rate and every non-respondent by name against ``--expected`` (a partner list
  or the matrix): ``test_response_rate_and_non_respondents``,
  ``test_expected_partner_list``;
- duplicate returns and conflicts, each cell named with both files; newest wins unless
  ``prefer="first"``: ``test_duplicates_and_conflicts_newest_wins``,
  ``test_prefer_first``;
- late returns (after the form's deadline, or ``due``): ``test_late_returns``;
- cells changed from the pre-filled values (the form's hidden sheet; the expected matrix
  for a CSV): ``test_changes_from_prefilled_values``;
- provenance (each merged cell's file): ``test_provenance_names_each_cells_file``;
- personal data in extra cells never reaches an output: ``test_contact_details_never_echoed``;
- new organisations on a blank form, a near-duplicate of an expected name warned, never
  merged, a bidirectional control character removed with a warning:
  ``test_blank_form_new_organisations``;
- a shared form passed round, each partner filling its own row (rows left as pre-filled
  neither answer nor conflict): ``test_shared_form_passed_round``;
- collection.md and collection.html say the same: ``test_pages``.

Defects a persona test found (p18, numbered as in its report):

- #1 the coordinator's workbook as ``expected`` (title and Total rows are not
  organisations): ``test_expected_workbook_with_title_and_total_rows``;
- #4 forms returned unchanged are not responses: ``test_forms_nobody_filled_in_are_not_responses``;
- #5, #8 a CSV from a shared form is compared with the workbooks' pre-filled values, or
  a warning and the page say it was not: ``test_csv_from_a_shared_form_without_expected``,
  ``test_page_says_which_csv_returns_were_not_compared``;
- #6 a fixed, re-saved return keeps its partner's time (``saved``):
  ``test_a_fixed_return_keeps_the_partners_time``;
- #11 a headerless partner list: ``test_headerless_partner_list_keeps_its_first_organisation``;
- #12 Unicode forms of one name: ``test_names_differing_only_in_unicode_form_are_one``;
- #13 kept changes only, once; every cell in provenance:
  ``test_changes_and_provenance_of_kept_values_only``;
- #14 hints that fit the change; a column added last is a warning:
  ``test_hints_say_what_to_fix``;
- #15 contact details as a name refused, case twins among new names warned, whole words
  wrapped on the page: ``test_contact_details_as_a_name_and_case_twins``,
  ``test_page_wraps_whole_words`` (long file names: tests/test_forms.py).
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import netmap
from netmap.collect import collect, expected_of, read_return
from netmap.errors import InputError
from netmap.forms import META_SHEET, blank_form, form_of
from netmap.render.collection import collection_markdown
from netmap.render.reportfiles import write_collection, write_form, write_forms
from netmap.vocabulary import FUNCTIONS

from .formfill import fill, save_csv

CSV = ("organisation,sector,Resources,Victim Support,Strategic\n"
       "Police,statutory,1,,1\nHestia,voluntary,,1,TBC\nCafé Trust,faith,1,1,\n"
       "Council,statutory,,,1\nShelter North,voluntary,,1,\n")
DAY = dt.datetime(2026, 1, 10, 12, 0)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The partnership, its per-organisation forms (due 2026-01-15) and the shared form."""
    d = tmp_path_factory.mktemp("collect")
    (d / "partners.csv").write_text(CSV, encoding="utf-8")
    p = netmap.read(d / "partners.csv")
    form = form_of(p, due=dt.date(2026, 1, 15))
    write_forms(form, d / "forms")
    write_form(form, d / "shared.xlsx")
    return d


def _form(made, org: str):
    return made / "forms" / f"form-{org.replace(' ', '_')}.xlsx"


def _errors(e: InputError) -> list:
    return [str(p) for p in e.value.errors]  # type: ignore[attr-defined]


def test_returns_merge_into_one_matrix(made, tmp_path):
    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {"D2": "Yes"})
    b = fill(_form(made, "Hestia"), tmp_path / "hestia.xlsx", {"E2": "Not sure"})
    c = collect([a, b], expected_of(made / "partners.csv"))
    table = c.partners_table()
    assert list(table.columns) == ["Organisation", "Sector", "Resources", "Victim Support",
                                   "Strategic"]
    assert table.values.tolist() == [["Police", "statutory", "Yes", "Yes", "Yes"],
                                     ["Hestia", "voluntary", "No", "Yes", "Not sure"]]


def test_partners_csv_is_read_by_netmap(made, tmp_path):
    a = fill(_form(made, "Hestia"), tmp_path / "hestia.xlsx", {"C2": "Not sure"})
    out = tmp_path / "out"
    write_collection(collect([a]), out)
    p = netmap.read(out / "partners.csv")
    assert p.organisations == ("Hestia",)
    unsure = p.uncertain[["organisation", "function", "mark"]].values.tolist()
    assert unsure == [["Hestia", "Resources", "Not sure"], ["Hestia", "Strategic", "Not sure"]]
    assert sorted(p.pairs()) == [("Hestia", "Victim Support")]


def test_csv_saved_from_a_form_is_merged(made, tmp_path):
    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {})
    b = save_csv(_form(made, "Council"), tmp_path / "council.csv", {"C2": "Yes"})
    c = collect([b, a], expected_of(made / "partners.csv"))
    assert c.respondents == ["Police", "Council"]
    assert c.merged["Council"]["Resources"][0] == "Yes"
    assert [r.kind for r in c.returns] == ["csv", "xlsx"]
    # a CSV has no hidden sheet: its changes are against the expected matrix
    assert [(k.organisation, k.column, k.before, k.after) for k in c.changes] == [
        ("Council", "Resources", "No", "Yes")]


def test_changed_header_is_refused_naming_file_and_change(made, tmp_path):
    cases = {"renamed": ({"D1": "Care"}, "column 'Victim Support' was renamed 'Care'"),
             "added": ({"E1": "Training", "F1": "Strategic"}, "a column 'Training' was added"),
             "moved": ({"C1": "Victim Support", "D1": "Resources"},
                       "column 'Victim Support' was moved here"),
             "removed": ({"E1": None}, "column 'Strategic' (column E of the form) was removed")}
    for name, (header, said) in cases.items():
        path = fill(_form(made, "Police"), tmp_path / f"{name}.xlsx", header=header)
        with pytest.raises(InputError) as e:
            collect([path])
        text = "\n".join(_errors(e))
        assert f"{name}.xlsx" in text and "the form was changed" in text, text
        assert said in text, text


def test_every_broken_return_is_listed(made, tmp_path):
    good = fill(_form(made, "Police"), tmp_path / "good.xlsx", {})
    one = fill(_form(made, "Hestia"), tmp_path / "one.xlsx", header={"D1": "Care"})
    two = fill(_form(made, "Council"), tmp_path / "two.xlsx", {"C2": "perhaps"})
    with pytest.raises(InputError) as e:
        collect([good, one, two])
    errors = _errors(e)
    assert len(errors) == 2
    assert "one.xlsx [Form], row 1, column D" in errors[0]
    assert "two.xlsx [Form], row 2, column C \"Resources\"" in errors[1]
    assert "'perhaps' is not an engagement mark" in errors[1]


def test_changed_csv_header_is_refused(made, tmp_path):
    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {})
    b = save_csv(_form(made, "Council"), tmp_path / "council.csv")
    text = b.read_text(encoding="utf-8-sig").replace("Strategic", "Strategy board")
    b.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        collect([a, b])
    assert "council.csv, row 1, column E: the form was changed: column 'Strategic' was " \
           "renamed 'Strategy board'" in "\n".join(_errors(e))


def test_missing_sheets_and_rows_are_refused(made, tmp_path):
    wb = openpyxl.load_workbook(made / "shared.xlsx")
    del wb[META_SHEET]
    wb.save(tmp_path / "nometa.xlsx")
    wb = openpyxl.load_workbook(made / "shared.xlsx")
    wb["Form"].title = "Answers"
    wb.save(tmp_path / "renamed.xlsx")
    wb = openpyxl.load_workbook(made / "shared.xlsx")
    wb["Form"].delete_rows(3)  # Hestia's row
    wb.save(tmp_path / "deleted.xlsx")
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["organisation", "Resources"])
    wb.active.append(["Police", 1])
    wb.save(plain)
    with pytest.raises(InputError) as e:
        collect([tmp_path / "nometa.xlsx", tmp_path / "renamed.xlsx", tmp_path / "deleted.xlsx",
                 plain])
    text = "\n".join(_errors(e))
    assert "nometa.xlsx: is not a netmap form, or its hidden sheet 'netmap' was removed" in text
    assert "renamed.xlsx: the form was changed: its sheet 'Form' was renamed or removed" in text
    assert "deleted.xlsx [Form], row 3, column A \"Organisation\": the form was changed: the " \
           "row of 'Hestia' is missing" in text
    assert "plain.xlsx: is not a netmap form" in text


def test_answers_netmap_cannot_read(made, tmp_path):
    path = fill(made / "shared.xlsx", tmp_path / "r.xlsx",
                {"C2": "#REF!", "D3": "maybe", "E4": "x", "A9": None,
                 "B9": "voluntary", "C9": "Yes", "B5": "=A5", "E6": "=1"})
    ret, problems = read_return(path)
    assert ret is None
    text = [str(p) for p in problems if p.is_error]
    assert any("row 2, column C" in t and "#REF!" in t for t in text)
    assert any("row 9, column A" in t and "answers but no organisation name" in t
               for t in text)
    # formulas saved without their results (openpyxl does not compute them)
    assert any("row 5, column B \"Sector\": the sector holds the formula =A5 but no saved "
               "result" in t for t in text), text
    assert any("row 6, column E" in t and "holds the formula =1" in t for t in text)
    assert len(text) == 4  # maybe (uncertain) and x (engaged) are marks netmap reads


def test_response_rate_and_non_respondents(made, tmp_path):
    rets = [fill(_form(made, o), tmp_path / f"{k}.xlsx", {})
            for k, o in enumerate(["Police", "Hestia", "Council"])]
    c = collect(rets, expected_of(made / "partners.csv"))
    assert c.response_line() == "3 of 5 organisations (60%) responded"
    assert c.non_respondents == ["Café Trust", "Shelter North"]
    alone = collect(rets)
    assert alone.response_line().startswith("3 organisations responded (no expected list")
    assert alone.non_respondents == []


def test_expected_partner_list(made, tmp_path):
    listed = tmp_path / "list.csv"
    listed.write_text("Organisation,Sector\nPolice,statutory\nHestia,voluntary\n"
                      "Refuge North,voluntary\n", encoding="utf-8")
    asked = expected_of(listed)
    assert asked.organisations == ("Police", "Hestia", "Refuge North")
    assert asked.partnership is None
    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {})
    b = fill(_form(made, "Council"), tmp_path / "council.xlsx", {})
    c = collect([a, b], asked)
    assert c.response_line() == ("1 of 3 organisations (33%) responded; 1 organisation not on "
                                 "the expected list also answered")
    assert c.non_respondents == ["Hestia", "Refuge North"]
    assert c.new_organisations == ["Council"] and c.respondents == ["Police", "Council"]
    contacts = tmp_path / "contacts.csv"  # a list with contact columns
    contacts.write_text("Sector,Organisation,Contact e-mail,Lead officer\n"
                        "statutory,Police,jo@police.example,DS Tom Brown\n", encoding="utf-8")
    assert expected_of(contacts).organisations == ("Police",)


def test_duplicates_and_conflicts_newest_wins(made, tmp_path):
    old = fill(_form(made, "Hestia"), tmp_path / "hestia-monday.xlsx", {"C2": "Yes"},
               when=DAY)
    new = fill(_form(made, "Hestia"), tmp_path / "hestia-friday.xlsx", {"C2": "No"},
               when=DAY + dt.timedelta(days=4))
    c = collect([new, old])  # the order given does not matter: the time saved does
    assert c.merged["Hestia"]["Resources"] == ("No", c.returns[0], True)
    assert [(o, [r.name for r in rets], kept.name) for o, rets, kept in c.duplicates] == [
        ("Hestia", ["hestia-monday.xlsx", "hestia-friday.xlsx"], "hestia-friday.xlsx")]
    assert [(k.organisation, k.column, k.kept, k.kept_file, k.other, k.other_file)
            for k in c.conflicts] == [("Hestia", "Resources", "No", "hestia-friday.xlsx", "Yes",
                                       "hestia-monday.xlsx")]


def test_prefer_first(made, tmp_path):
    old = fill(_form(made, "Hestia"), tmp_path / "a.xlsx", {"C2": "Yes"}, when=DAY)
    new = fill(_form(made, "Hestia"), tmp_path / "b.xlsx", {"C2": "No"},
               when=DAY + dt.timedelta(hours=1))
    c = collect([old, new], prefer="first")
    assert c.merged["Hestia"]["Resources"][0] == "Yes"
    assert c.conflicts[0].kept_file == "a.xlsx" and c.conflicts[0].other_file == "b.xlsx"
    with pytest.raises(ValueError):
        collect([old], prefer="last")


def test_late_returns(made, tmp_path):
    on_time = fill(_form(made, "Police"), tmp_path / "on-time.xlsx", {},
                   when=dt.datetime(2026, 1, 15, 23, 0))
    late = fill(_form(made, "Hestia"), tmp_path / "late.xlsx", {},
                when=dt.datetime(2026, 1, 16, 8, 0))
    c = collect([on_time, late])
    assert [(r.name, due.isoformat()) for r, due in c.late] == [("late.xlsx", "2026-01-15")]
    c = collect([on_time, late], due=dt.date(2026, 1, 20))
    assert c.late == []
    c = collect([on_time, late], due=dt.date(2026, 1, 14))
    assert [r.name for r, _ in c.late] == ["on-time.xlsx", "late.xlsx"]
    # a CSV has the deadline of the workbooks returned with it (its time: the file's)
    import os

    sheet = save_csv(_form(made, "Council"), tmp_path / "council.csv")
    stamp = dt.datetime(2026, 1, 17, tzinfo=dt.timezone.utc).timestamp()
    os.utime(sheet, (stamp, stamp))
    c = collect([on_time, sheet])
    assert [(r.name, r.saved_from) for r, _ in c.late] == [("council.csv", "file")]


def test_changes_from_prefilled_values(made, tmp_path):
    path = fill(made / "shared.xlsx", tmp_path / "shared.xlsx",
                {"Hestia": {"Strategic": "No", "Resources": "Yes"},
                 "Police": {"Sector": "voluntary"}})
    c = collect([path])
    assert [(k.organisation, k.column, k.before, k.after) for k in c.changes] == [
        ("Police", "Sector", "statutory", "voluntary"), ("Hestia", "Resources", "No", "Yes"),
        ("Hestia", "Strategic", "Not sure", "No")]
    # a row left as pre-filled in a form listing several organisations is no answer, but its
    # values stay in the matrix
    assert c.respondents == ["Police", "Hestia"]
    assert len(c.organisations) == len(c.partners_table()) == 5


def test_shared_form_passed_round(made, tmp_path):
    """Two partners fill their own rows of one shared form: the later return's untouched
    copy of the other's row neither wins nor conflicts."""
    asked = expected_of(made / "partners.csv")
    a = fill(made / "shared.xlsx", tmp_path / "police.xlsx",
             {"Police": {"Victim Support": "Yes"}}, when=DAY)
    b = fill(made / "shared.xlsx", tmp_path / "hestia.xlsx",
             {"Hestia": {"Resources": "Yes"}}, when=DAY + dt.timedelta(days=1))
    c = collect([a, b], asked)
    assert c.respondents == ["Police", "Hestia"] and c.conflicts == [] and c.duplicates == []
    assert c.merged["Police"]["Victim Support"][:2] == ("Yes", c.returns[0])
    assert c.merged["Hestia"]["Resources"][:2] == ("Yes", c.returns[1])
    assert c.non_respondents == ["Café Trust", "Council", "Shelter North"]
    table = c.provenance_table()
    council = table[table["organisation"] == "Council"]
    assert set(council["how"]) == {"as pre-filled"} and set(council["file"]) == {"hestia.xlsx"}
    police = table[(table["organisation"] == "Police") & (table["function"] == "Resources")]
    assert police["how"].tolist() == ["answered"]  # its own row, answered in a changed row


def test_provenance_names_each_cells_file(made, tmp_path):
    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {}, when=DAY)
    b = fill(_form(made, "Police"), tmp_path / "police-2.xlsx", {"D2": "Yes"},
             when=DAY + dt.timedelta(days=1))
    table = collect([a, b]).provenance_table()
    assert list(table.columns) == ["organisation", "function", "value", "file", "saved",
                                   "how"]
    rows = {(r.function, r.value, r.file) for r in table.itertuples()}
    assert ("Victim Support", "Yes", "police-2.xlsx") in rows
    assert ("Resources", "Yes", "police-2.xlsx") in rows
    assert table["saved"].iloc[0] == "2026-01-11T12:00:00+00:00"


def test_contact_details_never_echoed(made, tmp_path):
    path = fill(_form(made, "Police"), tmp_path / "police.xlsx",
                {"H2": "jane.roe@police.example", "H5": "+44 7700 900123"})
    out = tmp_path / "out"
    c = collect([path])
    assert [p.row for p in c.problems] == [2, 5]
    assert all("outside the form's columns" in str(p) for p in c.problems)
    write_collection(c, out)
    for f in out.iterdir():
        text = f.read_text(encoding="utf-8-sig")
        assert "jane.roe" not in text and "7700" not in text, f.name
    header = fill(_form(made, "Police"), tmp_path / "header.xlsx",
                  header={"F1": "jane.roe@police.example"})
    text = "\n".join(str(p) for p in collect([header]).problems)  # added last: not read
    assert "was added after the form's columns" in text and "jane.roe" not in text


def test_blank_form_new_organisations(made, tmp_path):
    form = write_form(blank_form(tuple(FUNCTIONS)), tmp_path / "blank.xlsx")
    path = fill(form, tmp_path / "filled.xlsx", {
        "Police": {"Sector": "statutory", "Investigation and Prosecution": "Yes"},
        "Cafe Trust": {"Victim Support": "Yes"},
        "Brand New Org": {"Strategic": "Not sure"}, "Shelter\u202e": {"Resources": "Yes"}})
    listed = tmp_path / "list.csv"
    listed.write_text("Organisation\nPolice\nCafé Trust\n", encoding="utf-8")
    c = collect([path], expected_of(listed))
    assert c.non_respondents == ["Café Trust"]
    assert c.new_organisations == ["Cafe Trust", "Brand New Org", "Shelter"]
    warned = [str(p) for p in c.problems]
    assert any("row 5, column A \"Organisation\": the organisation name contained the "
               "bidirectional control character U+202E" in w for w in warned), warned
    assert any("'Cafe Trust' (filled.xlsx) is not on the expected list but 'Café Trust' is"
               in w for w in warned), warned
    assert c.changes == []  # a blank form has no pre-filled values


def test_pages(made, tmp_path):
    a = fill(_form(made, "Hestia"), tmp_path / "a.xlsx", {"C2": "Yes"}, when=DAY)
    b = fill(_form(made, "Hestia"), tmp_path / "b.xlsx", {"C2": "No"},
             when=dt.datetime(2026, 1, 20))
    c = collect([a, b], expected_of(made / "partners.csv"))
    md = collection_markdown(c)
    for text in ("**1 of 5 organisations (20%) responded.**", "## Not yet responded",
                 "| Police |", "## Late returns", "| b.xlsx | 2026-01-20 00:00 | 2026-01-15 |",
                 "## Duplicate returns", "## Conflicts",
                 "| Hestia | Resources | No | b.xlsx | Yes | a.xlsx |",
                 "## Changed from the pre-filled values", "the newest return wins"):
        assert text in md, text
    out = tmp_path / "out"
    written = write_collection(c, out)
    assert sorted(w.name for w in written) == ["collection.html", "collection.md",
                                              "partners.csv", "provenance.csv"]
    html = (out / "collection.html").read_text(encoding="utf-8")
    assert "1 of 5 organisations (20%) responded" in html and "<script" not in html
    assert "Shelter North" in html and "b.xlsx" in html


# --- defects a persona test found (p18) ---------------------------------------------------

def test_expected_workbook_with_title_and_total_rows(made, tmp_path):
    """p18 #1: the coordinator's own workbook (a title row, a Total row) is the matrix the
    forms were made from: neither 'Organisation' nor 'Total' is an organisation asked."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Anytown Modern Slavery Partnership - mapping 2026"])
    ws.append(["Organisation", "Sector", "Resources", "Victim Support", "Strategic"])
    for row in (["Police", "statutory", "1", "", "1"], ["Hestia", "voluntary", "", "1", ""],
                ["Council", "statutory", "", "", "1"], ["Total", "", "1", "1", "2"]):
        ws.append(row)
    wb.save(tmp_path / "coordinator.xlsx")
    asked = expected_of(tmp_path / "coordinator.xlsx")
    assert asked.organisations == ("Police", "Hestia", "Council")
    assert asked.partnership is not None  # the pre-filled matrix a CSV return is compared with
    listed = tmp_path / "titled.csv"  # a partner list under a title, with a Total row
    listed.write_text("Partners 2026\nOrganisation,Sector\nPolice,statutory\nHestia,voluntary\n"
                      "Total,\n", encoding="utf-8")
    assert expected_of(listed).organisations == ("Police", "Hestia")
    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {})
    c = collect([a], asked)
    assert c.response_line() == "1 of 3 organisations (33%) responded"
    assert c.non_respondents == ["Hestia", "Council"]


def test_headerless_partner_list_keeps_its_first_organisation(made, tmp_path):
    """p18 #11: one name per line and no header: the first line is an organisation (with a
    warning), not a header."""
    listed = tmp_path / "e.txt"
    listed.write_text("Police\nHestia\nCouncil\n", encoding="utf-8")
    asked = expected_of(listed)
    assert asked.organisations == ("Police", "Hestia", "Council")
    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {})
    c = collect([a], asked)
    assert c.response_line() == "1 of 3 organisations (33%) responded"
    assert any("first line 'Police' is read as an organisation" in p.message
               for p in c.problems)
    headed = tmp_path / "h.txt"
    headed.write_text("Organisation\nPolice\nHestia\n", encoding="utf-8")
    assert expected_of(headed).organisations == ("Police", "Hestia") and not \
        expected_of(headed).notes


def test_forms_nobody_filled_in_are_not_responses(made, tmp_path):
    """p18 #4: a form returned exactly as netmap form wrote it (never saved after it was
    made, every answer as pre-filled) is listed as returned unchanged, not counted as a
    response; the same form opened and saved later, unchanged, is a confirmation."""
    asked = expected_of(made / "partners.csv")
    untouched = [_form(made, "Police"), _form(made, "Hestia")]
    confirmed = fill(_form(made, "Council"), tmp_path / "council.xlsx", {}, when=DAY)
    c = collect([*untouched, confirmed], asked)
    assert [r.name for r in c.unchanged] == ["form-Police.xlsx", "form-Hestia.xlsx"]
    assert c.respondents == ["Council"]
    assert "Police" in c.non_respondents and "Hestia" in c.non_respondents
    assert c.response_line() == ("1 of 5 organisations (20%) responded; 2 forms returned "
                                 "unchanged (never saved after they were made) not counted")
    table = c.provenance_table()  # their values kept, said to be as pre-filled
    assert set(table[table["organisation"] == "Police"]["how"]) == {"as pre-filled"}
    md = collection_markdown(c)
    assert "## Returned unchanged" in md and "| form-Police.xlsx | Police |" in md


def test_csv_from_a_shared_form_without_expected(made, tmp_path):
    """p18 #5, #8: a CSV saved from the shared form is compared with the values the
    returned workbooks of that form were pre-filled with: only the rows a partner changed
    are responses, values only pre-filled make no conflict, and its changes are listed;
    with nothing to compare with, a warning says every row counts as answered."""
    a = fill(made / "shared.xlsx", tmp_path / "police.xlsx",
             {"Police": {"Victim Support": "Yes"}}, when=DAY)
    b = save_csv(made / "shared.xlsx", tmp_path / "hestia.csv", {"Hestia": {"Resources": "Yes"}})
    c = collect([a, b])
    assert sorted(c.respondents) == ["Hestia", "Police"]
    assert c.conflicts == [] and c.duplicates == []
    assert ("Hestia", "Resources", "No", "Yes", "hestia.csv") in {
        (k.organisation, k.column, k.before, k.after, k.file) for k in c.changes}
    alone = collect([b])
    assert len(alone.respondents) == 5
    assert any("lists 5 organisations but a CSV keeps no record" in p.message
               for p in alone.problems)


def test_page_says_which_csv_returns_were_not_compared(made, tmp_path):
    """p18 #8: a CSV return with no pre-filled values to compare with is named under
    Changed from the pre-filled values."""
    b = save_csv(_form(made, "Council"), tmp_path / "council.csv", {"C2": "Yes"})
    md = collection_markdown(collect([b]))
    assert "Not compared: council.csv" in md
    assert "Not compared" not in collection_markdown(collect([b], expected_of(
        made / "partners.csv")))


def test_hints_say_what_to_fix(made, tmp_path):
    """p18 #14: a renamed organisation row names its row and what it now reads, and says to
    put the name back; a renamed sheet says to name it Form again (neither speaks of the
    header); a column added after the form's is read as a warning, not refused."""
    wb = openpyxl.load_workbook(_form(made, "Hestia"))
    wb["Form"].protection.sheet = False
    wb["Form"]["A2"] = "Hestia (contact: Mark)"
    wb.save(tmp_path / "renamed-row.xlsx")
    wb = openpyxl.load_workbook(_form(made, "Police"))
    wb["Form"].title = "Answers"
    wb.save(tmp_path / "renamed-sheet.xlsx")
    with pytest.raises(InputError) as e:
        collect([tmp_path / "renamed-row.xlsx", tmp_path / "renamed-sheet.xlsx"])
    row, sheet = e.value.errors  # type: ignore[attr-defined]
    assert row.row == 2 and "row 2, where the form listed it, now reads" in row.message
    assert row.hint.startswith("put the name back as the form had it ('Hestia') in row 2")
    assert sheet.hint.startswith("name the filled-in sheet 'Form' again")
    assert "header" not in row.hint + sheet.hint
    added = fill(_form(made, "Council"), tmp_path / "comments.xlsx", {"F2": "see e-mail"},
                 header={"F1": "Comments"})
    c = collect([added])
    assert c.respondents == ["Council"]
    assert any("a column 'Comments' was added after the form's columns: it is not read"
               in p.message for p in c.problems)


def test_a_fixed_return_keeps_the_partners_time(made, tmp_path):
    """p18 #6: a return fixed by the coordinator (header put back) and saved again records
    the fixer's time, and the refusal's hint says so; saved= (--saved) gives the partner's
    time back, so the fix neither wins the conflict nor turns late."""
    broken = fill(_form(made, "Hestia"), tmp_path / "hestia.xlsx", {"C2": "Yes"},
                  header={"D1": "Care"}, when=DAY)
    with pytest.raises(InputError) as e:
        collect([broken])
    assert "--saved" in e.value.errors[0].hint  # type: ignore[attr-defined]
    fixed = fill(broken, tmp_path / "hestia.xlsx", header={"D1": "Victim Support"},
                 when=DAY + dt.timedelta(days=10))
    other = fill(_form(made, "Hestia"), tmp_path / "hestia-2.xlsx", {"C2": "No"},
                 when=DAY + dt.timedelta(days=2))
    c = collect([fixed, other])
    assert c.merged["Hestia"]["Resources"][0] == "Yes" and len(c.late) == 1  # the fixer's
    c = collect([fixed, other], saved={str(fixed): DAY})
    assert c.merged["Hestia"]["Resources"][0] == "No" and c.late == []
    assert "(given, --saved)" in collection_markdown(c)


def test_names_differing_only_in_unicode_form_are_one(made, tmp_path):
    """p18 #12: 'Café Trust' with a combining accent (as macOS writes it) on the expected
    list and with a composed one in the return is one organisation, which responded."""
    listed = tmp_path / "list.csv"
    listed.write_text("Organisation\nCafe\u0301 Trust\nPolice\n", encoding="utf-8")
    a = fill(_form(made, "Café Trust"), tmp_path / "cafe.xlsx", {"C2": "Yes"})
    c = collect([a], expected_of(listed))
    assert c.respondents == ["Caf\u00e9 Trust"] and c.non_respondents == ["Police"]
    assert c.new_organisations == [] and not c.problems


def test_changes_and_provenance_of_kept_values_only(made, tmp_path):
    """p18 #13: a change in a return set aside is a conflict, not a change kept; an
    identical copy of a return lists each change once; a blank merged cell has its
    provenance row ('not answered', naming the return holding the organisation)."""
    old = fill(_form(made, "Hestia"), tmp_path / "hestia-old.xlsx", {"C2": "Yes"}, when=DAY)
    new = fill(_form(made, "Hestia"), tmp_path / "hestia-new.xlsx", {"E2": "Yes"},
               when=DAY + dt.timedelta(days=1))
    copy = tmp_path / "hestia-new (copy).xlsx"
    copy.write_bytes(new.read_bytes())
    c = collect([old, new, copy])
    assert [(k.organisation, k.column, k.before, k.after) for k in c.changes] == [
        ("Hestia", "Strategic", "Not sure", "Yes")]
    assert sorted((k.column, k.kept, k.other) for k in c.conflicts) == [
        ("Resources", "No", "Yes"), ("Strategic", "Yes", "Not sure")]
    blank = fill(_form(made, "Police"), tmp_path / "police.xlsx", {"D2": None}, when=DAY)
    table = collect([blank]).provenance_table()
    row = table[(table["organisation"] == "Police") & (table["function"] == "Victim Support")]
    assert row[["value", "file", "how"]].values.tolist() == [["", "police.xlsx",
                                                               "not answered"]]
    assert len(table) == 4  # Sector and three functions: every cell has its row


def test_contact_details_as_a_name_and_case_twins(made, tmp_path):
    """p18 #15: an e-mail address typed as an organisation name is refused without being
    repeated; two new names differing only in case (Helpline, helpline) are warned about,
    with or without an expected list."""
    form = write_form(blank_form(("Resources",)), tmp_path / "blank.xlsx")
    bad = fill(form, tmp_path / "bad.xlsx", {"Jane Doe jane.doe@mail.example": {
        "Resources": "Yes"}})
    with pytest.raises(InputError) as e:
        collect([bad])
    text = "\n".join(_errors(e))
    assert "bad.xlsx [Form], row 2, column A" in text and "holds contact details" in text
    assert "jane" not in text.lower()
    twins = fill(form, tmp_path / "twins.xlsx", {"Helpline": {"Resources": "Yes"},
                                                 "helpline": {"Resources": "No"}})
    for asked in (None, expected_of(made / "partners.csv")):
        c = collect([twins], asked)
        assert any("'helpline' and 'Helpline' (twins.xlsx) differ only in case" in p.message
                   for p in c.problems), c.problems


def test_page_wraps_whole_words(made, tmp_path):
    """p18 #15: collection.html wraps table cells between words ('community' never splits
    mid-word, as overflow-wrap: anywhere did)."""
    from netmap.render.collection import collection_html

    a = fill(_form(made, "Police"), tmp_path / "police.xlsx", {})
    html = collection_html(collect([a]))
    assert "td { overflow-wrap: break-word; word-break: normal; }" in html
