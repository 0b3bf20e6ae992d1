"""Spreadsheets as people keep them (issue 14, "Spreadsheets as people keep them").

The catalogue of cases, one or more tests each:

- title and comment rows above the header (a merged title, a single-cell note)
  are detected and skipped with a warning naming them:
  ``test_title_and_comment_rows_are_skipped_with_a_warning``,
  ``test_a_merged_title_in_a_workbook``, ``test_the_coordinator_workbook_loads_with_no_flags``;
  ``--header-row N`` names the header: ``test_header_row_names_the_header``,
  ``test_header_row_that_is_not_a_row_is_an_error``; a table without a title is
  read as before: ``test_a_plain_table_is_unchanged``;
- uncertain marks (``?``, ``TBC``, ``partly``...) are a third state, not errors:
  ``test_uncertain_marks_are_kept_not_counted_by_default``,
  ``test_uncertain_engaged_and_error``, ``test_uncertain_cells_survive_without_and_pseudonyms``;
- the coordinator workbook (tests/data/ok/coordinator.xlsx) loads with no flags, and
  report, gaps, whatif and map agree on its gaps: ``test_commands_agree_on_the_coordinator_gaps``.
"""

from __future__ import annotations

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
UNSURE = {("Anytown Council", "Supporting survivors", "partly", 6, "C"),
          ("Anytown NHS Trust", "Steering group", "TBC", 7, "E"),
          ("St Mary's Church", "Supporting survivors", "TBC", 9, "C")}
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
    assert _unsure(p) == UNSURE
    assert ("Anytown Police", "Steering group") in edges(p)  # ✓
    assert ("Hope Refuge", "Steering group") in edges(p)  # y
    assert not [q for q in loaded.problems if q.is_error]
