"""Loading every layout and file format to the same partnership."""

from __future__ import annotations

import csv

import openpyxl
import pytest

import netmap
from netmap.errors import InputError
from netmap.io.cells import CellError, interpret

from ..conftest import OK, SEED, WEBS, edges

SMALL = {("Police", "Resources"), ("Police", "Strategic"), ("Hestia", "Victim Support"),
         ("Church", "Resources"), ("Church", "Victim Support")}
TWO = {("Police", "Resources"), ("Hestia", "Victim Support")}


@pytest.mark.parametrize("name,layout", [("small.csv", "wide"), ("long.csv", "long"),
                                         ("roster.csv", "roster")])
def test_each_layout_loads_the_same_partnership(name, layout):
    loaded = netmap.load(OK / name)
    assert loaded.layout == layout
    assert edges(loaded.partnership) == SMALL
    assert set(loaded.partnership.functions) == {"Resources", "Victim Support", "Strategic"}


def test_separator_files_read_exactly():
    for name in ["semicolon.csv", "tab.csv", "pipe.csv", "workbook.xlsx", "bom.csv"]:
        p = netmap.read(OK / name)
        assert edges(p) >= TWO and len(p.organisations) == 2, name
        assert p.sectors.to_dict() == {"Police": "statutory", "Hestia": "voluntary"}


def test_utf16_unicode_text_export():
    p = netmap.read(OK / "utf16.txt")
    assert edges(p) == {("Café Król", "Resources"), ("Police", "Victim Support")}


def test_bom_is_accepted_silently():
    loaded = netmap.load(OK / "bom.csv")
    assert loaded.warnings == []
    assert loaded.partnership.organisations[0] == "Police"


def test_cp1252_is_decoded_correctly_with_a_warning_naming_the_encoding():
    loaded = netmap.load(OK / "cp1252.csv")
    assert loaded.partnership.organisations == ("Barnardo\u2019s", "Caf\u00e9 \u00a3 Fund")
    assert any("Windows-1252" in str(w) and "cp1252" in str(w) for w in loaded.warnings)


def test_explicit_encoding_overrides_detection():
    p = netmap.read(OK / "cp1252.csv", encoding="cp1252")
    assert "Caf\u00e9 \u00a3 Fund" in p.organisations
    with pytest.raises(InputError, match="utf-8"):
        netmap.read(OK / "cp1252.csv", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        netmap.read(OK / "small.csv", encoding="klingon")


def test_xlsx_written_here_with_sheet_choice(tmp_path):
    path = tmp_path / "partnership.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws.append(["this sheet is not the matrix"])
    ws2 = wb.create_sheet("Matrix")
    ws2.append(["organisation", "sector", "Resources", "Victim Support", "Strategic"])
    ws2.append(["Police", "statutory", 1, None, True])
    ws2.append(["Hestia", "voluntary", None, "x", None])
    ws2.append(["Church", "faith", 1.0, "yes", 0])
    wb.save(path)
    for sheet in ("Matrix", "2"):
        p = netmap.read(path, sheet=sheet)
        assert edges(p) == SMALL
    with pytest.raises(InputError) as e:
        netmap.read(path, sheet="Missing")
    assert "'Matrix'" in str(e.value.problems[0])


def test_xlsx_errors_name_the_sheet_row_and_column(tmp_path):
    path = tmp_path / "bad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["organisation", "Resources"])
    ws.append(["Police", "#REF!"])
    wb.save(path)
    with pytest.raises(InputError) as e:
        netmap.read(path)
    (problem,) = e.value.errors
    assert problem.row == 2 and problem.column == 1 and "#REF!" in problem.message
    assert "[Data]" in problem.file


@pytest.mark.parametrize("web,shape", [("Safariland.csv", (9, 27)),
                                       ("barrett1987.csv", (12, 102))])
def test_reference_webs_load_weighted_with_r_row_names(web, shape):
    path = WEBS / web
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    total = sum(float(c) for r in rows[1:] for c in r[1:])
    nonzero = sum(1 for r in rows[1:] for c in r[1:] if float(c) != 0)
    p = netmap.read(path, weighted=True)
    assert (len(p.organisations), len(p.functions)) == shape
    assert p.engagements["weight"].sum() == pytest.approx(total)
    assert len(p.engagements) == nonzero
    assert p.organisations[0] == rows[1][0]
    with pytest.raises(InputError, match="weighted=True"):
        netmap.read(path)


def test_org_column_option(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("id,name,Resources,Strategic\n7,Police,1,\n8,Hestia,,1\n", encoding="utf-8")
    p = netmap.read(path, org_column="Name")
    assert edges(p) == {("Police", "Resources"), ("Hestia", "Strategic")}
    assert p.attributes.loc["Police", "id"] == "7"
    with pytest.raises(InputError) as e:
        netmap.read(path, org_column="agency")
    assert "'id', 'name', 'Resources', 'Strategic'" in str(e.value)


def test_attribute_column_option(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("organisation,borough,Resources\nPolice,Camden,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="'Camden' is not an engagement mark"):
        netmap.read(path)
    p = netmap.read(path, attribute_columns=["Borough"])
    assert p.functions == ("Resources",)
    assert p.attributes.loc["Police", "borough"] == "Camden"


def test_attributes_file_sets_and_overrides_with_warnings():
    loaded = netmap.load(OK / "small.csv", attributes=OK / "attributes.csv")
    p = loaded.partnership
    assert p.attributes.loc["Police", "region"] == "London"
    assert p.attributes.loc["Church", "region"] == ""
    assert p.sectors["Church"] == "faith"
    messages = " ".join(str(w) for w in loaded.warnings)
    assert "'Nobody' is not in the partnership" in messages


def test_aliases_merge_spellings_and_silence_the_near_duplicate_warning():
    loaded = netmap.load(OK / "near_duplicates.csv")
    assert len(loaded.partnership.organisations) == 4
    assert any("look like one organisation" in str(w) and "--aliases" in str(w)
               for w in loaded.warnings)
    merged = netmap.load(OK / "near_duplicates.csv", aliases=OK / "aliases.csv")
    p = merged.partnership
    assert p.organisations == ("Barnardo's", "Police")
    assert edges(p) == {("Barnardo's", "Resources"), ("Barnardo's", "Victim Support"),
                        ("Police", "Resources")}
    assert not any("look like one organisation" in str(w) for w in merged.warnings)


def test_aliases_file_errors(tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("alias,canonical\nA,B\nA,C\nB,D\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        netmap.read(OK / "small.csv", aliases=bad)
    text = str(e.value)
    assert "'A' is mapped to 'B' in row 2 and to 'C' in row 3" in text
    assert "is itself an alias (row 4)" in text
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("from,to\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match="'alias' and 'canonical'"):
        netmap.read(OK / "small.csv", aliases=wrong)


def test_long_weighted_with_attribute_columns():
    p = netmap.read(OK / "long_weighted.csv", weighted=True)
    assert p.weighted
    w = {(o, f): x for o, f, x in p.engagements.itertuples(index=False)}
    assert w == {("Police", "Resources"): 2.0, ("Police", "Strategic"): 0.5,
                 ("Hestia", "Victim Support"): 3.0}
    assert p.sectors.to_dict() == {"Police": "statutory", "Hestia": "voluntary"}


def test_layout_option_and_ambiguous_layout(tmp_path):
    with pytest.raises(InputError, match="needs a 'function' column"):
        netmap.read(OK / "small.csv", layout="long")
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("Resources,Strategic\nPolice,1\nHestia,1\n1,Church\n", encoding="utf-8")
    with pytest.raises(InputError, match="layout="):
        netmap.read(mixed)
    with pytest.raises(InputError, match="unknown layout"):
        netmap.read(OK / "small.csv", layout="diagonal")


def test_quoted_line_break_is_one_record_with_a_space():
    p = netmap.read(OK / "quoted_linebreak.csv")
    assert p.organisations == ("Helen Bamber Foundation", "Police")


def test_names_like_na_and_none_are_organisations():
    p = netmap.read(OK / "hostile_names.csv")
    assert {"NA", "None", "<img src=x onerror=alert(1)>",
            "</script><script>alert(2)</script>", '=HYPERLINK("http://x")'} == set(
        p.organisations)


def test_rownames_matrix():
    p = netmap.read(OK / "rownames.csv")
    assert edges(p) == {("Police", "Resources"), ("Hestia", "Victim Support")}


def test_functions_without_provider_and_idle_organisations_are_kept():
    p = netmap.read(OK / "function_no_provider.csv")
    assert p.functions == ("Resources", "Victim Support", "Strategic")
    loaded = netmap.load(OK / "org_no_engagement.csv")
    assert "Idle Trust" in loaded.partnership.organisations
    assert [str(w) for w in loaded.warnings] == [
        f"{OK / 'org_no_engagement.csv'}, row 3: 'Idle Trust' has no engagement; "
        "it is kept with degree 0"]


@pytest.mark.parametrize("value,weighted,expected", [
    ("1", False, 1.0), ("x", False, 1.0), ("X", False, 1.0), ("yes", False, 1.0),
    ("TRUE", False, 1.0), ("\u2713", False, 1.0), (" 1.0 ", False, 1.0), ("", False, 0.0),
    ("0", False, 0.0), ("no", False, 0.0), ("2", True, 2.0), ("0.5", True, 0.5),
    ("x", True, 1.0), ("0", True, 0.0)])
def test_documented_marks(value, weighted, expected):
    assert interpret(value, weighted) == expected


@pytest.mark.parametrize("value,weighted", [("maybe", False), ("2", False), ("-1", True),
                                            ("lots", True), ("nan", True), ("inf", True),
                                            ("#REF!", True), ("#N/A", False)])
def test_invalid_cells(value, weighted):
    with pytest.raises(CellError):
        interpret(value, weighted)


def test_partnership_matrix_round_trip():
    p = netmap.read(SEED)
    m = p.matrix()
    assert m.shape == (36, 6) and m.to_numpy().sum() == 51
    assert list(m.columns) == list(p.functions)


def test_utf16_without_bom_is_detected(tmp_path):
    path = tmp_path / "unicode.txt"
    text = "organisation\tResources\r\nCaf\u00e9\t1\r\n"
    path.write_bytes(text.encode("utf-16-le"))
    assert edges(netmap.read(path)) == {("Caf\u00e9", "Resources")}


def test_unterminated_quote_names_the_physical_line(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('organisation,Resources\n"Two\nlines",1\n"Open,1\nMore,1\n',
                    encoding="utf-8")
    with pytest.raises(InputError) as e:
        netmap.read(path)
    (problem,) = e.value.errors
    assert problem.row == 3 and "(line 4)" in problem.message


def test_leading_comment_lines_are_skipped_and_do_not_steer_the_separator(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("# ILLUSTRATIVE; not real; made up\n\n# second comment, with commas\n"
                    "organisation,Resources,Strategic\nPolice,1,\n", encoding="utf-8")
    loaded = netmap.load(path)
    assert edges(loaded.partnership) == {("Police", "Resources")}
    assert any("2 comment lines" in str(p) for p in loaded.problems)
    bad = tmp_path / "b.csv"
    bad.write_text("# note\norganisation,Resources\nPolice,weekly\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        netmap.read(bad)
    assert e.value.errors[0].row == 3  # row numbers count the comment line


def test_marks_typed_with_an_emoji_variation_selector_are_marks():
    from netmap.io.cells import interpret

    assert [interpret(m, False) for m in ("\u2714\ufe0f", "\u2611\ufe0f", "\u2705")] == [1.0] * 3


@pytest.mark.parametrize("text", ["1_000", "\u0663", "\uff11\uff12"])
def test_only_spreadsheet_numbers_are_weights(text):
    from netmap.io.cells import CellError, interpret

    with pytest.raises(CellError, match="not an engagement mark"):
        interpret(text, True)


def test_an_organisation_twice_in_the_attributes_file_with_two_values(tmp_path):
    attrs = tmp_path / "attrs.csv"
    attrs.write_text("organisation,region\nPolice,North\nPolice,South\nHestia,East\n",
                     encoding="utf-8")
    with pytest.raises(InputError) as e:
        netmap.load(OK / "small.csv", attributes=attrs)
    (problem,) = e.value.errors
    assert problem.message == "region of 'Police' is 'North' in row 2 and 'South' in row 3"
    assert problem.row == 3 and problem.column_name == "region"


def test_synth_writes_only_csv_names(runner, tmp_path):
    from netmap.cli import cli

    result = runner.invoke(cli, ["synth", "--organisations", "5", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1 and "name the file .csv" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
