"""Every row of RELIABILITY.md's reading, header and row tables: a fixture and a test.

Each case is checked twice: through the library (the Problem names row and
column) and through the command line (exit code 1, the message names file,
row and column, nothing is written, no traceback).
"""

from __future__ import annotations

import os

import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError, column_letter

from ..conftest import BAD, OK, edges

# (fixture, load options, row, column letter, text in the message)
ERRORS = [
    ("empty.csv", {}, None, None, "the file is empty"),
    ("header_only.csv", {}, 1, None, "no organisation rows"),
    ("workbook_renamed.csv", {}, None, None, "Excel workbook"),
    ("one_column.csv", {}, None, None, "single column"),
    ("unterminated_quote.csv", {}, 3, None, "never closed"),
    ("nul_in_name.csv", {}, 3, "A", "control character U+0000"),
    ("control_in_name.csv", {}, 2, "A", "control character U+0007"),
    ("blank_header_with_data.csv", {}, 1, "C", "no header but holds data"),
    ("duplicate_header.csv", {}, 1, "D", "duplicate header 'Resources' in columns B and D"),
    ("long_row.csv", {}, 3, "F", "the row has 6 cells but the header has 5"),
    ("marks_no_name.csv", {}, 3, "A", "no organisation name"),
    ("conflicting_weights.csv", {"weighted": True}, 4, "B", "row 2 says 2, row 4 says 3"),
    ("bad_mark.csv", {}, 2, "D", "'weekly' is not an engagement mark"),
    ("unweighted_number.csv", {}, 2, "C", "--weighted"),
    ("negative_weight.csv", {"weighted": True}, 2, "B", "negative value -1"),
    ("nonnumeric_weight.csv", {"weighted": True}, 2, "B", "'lots' is not an engagement mark"),
    ("excel_errors.csv", {}, 2, "C", "spreadsheet error #REF!"),
    ("no_engagement.csv", {}, None, None, "no engagement anywhere"),
    ("not_utf8.csv", {}, None, None, "neither UTF-8 nor Windows-1252 text: byte 0x81 on line 2"),
    ("long_no_function.csv", {"layout": "long"}, 1, None, "needs a 'function' column"),
]

WARNINGS = [
    ("short_row.csv", 3, None, "missing cells are read as not engaged"),
    ("blank_rows.csv", 3, None, "blank row skipped"),
    ("duplicate_org.csv", 4, None, "'Police' appears in rows 2, 4; their engagements were merged"),
    ("near_duplicates.csv", 3, None, "look like one organisation"),
    ("header_case_space.csv", 1, "C", "differ only in case or spacing"),
    ("trailing_empty_columns.csv", 1, "D", "empty column without a header dropped"),
    ("org_no_engagement.csv", 3, None, "'Idle Trust' has no engagement"),
    ("cp1252.csv", None, None, "Windows-1252"),
]


def _cli_args(options: dict) -> list:
    args = []
    if options.get("weighted"):
        args.append("--weighted")
    if options.get("layout"):
        args += ["--layout", options["layout"]]
    return args


def _matching(problems, row, letter, text):
    return [p for p in problems if text in p.message + (p.hint or "") and p.row == row and (
        letter is None or (p.column is not None and column_letter(p.column) == letter))]


@pytest.mark.parametrize("name,options,row,letter,text", ERRORS, ids=[e[0] for e in ERRORS])
def test_error_is_reported_where_it_is(name, options, row, letter, text):
    with pytest.raises(InputError) as e:
        netmap.load(BAD / name, **options)
    found = _matching(e.value.errors, row, letter, text)
    assert found, [str(p) for p in e.value.errors]
    assert all(p.file and p.file.startswith(str(BAD / name)) for p in e.value.errors)


@pytest.mark.parametrize("name,options,row,letter,text", ERRORS, ids=[e[0] for e in ERRORS])
def test_cli_refuses_bad_input_and_writes_nothing(runner, tmp_path, name, options, row, letter,
                                                  text):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(BAD / name), "-o", str(out)]
                           + _cli_args(options))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert text in result.stderr
    assert str(BAD / name) in result.stderr
    if row is not None:
        assert f"row {row}" in result.stderr
    if letter is not None:
        assert f"column {letter}" in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()
    validated = runner.invoke(cli, ["validate", str(BAD / name)] + _cli_args(options))
    assert validated.exit_code == 1 and text in validated.stdout


@pytest.mark.parametrize("name,row,letter,text", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_warning_is_reported_and_work_goes_on(runner, name, row, letter, text):
    loaded = netmap.load(OK / name)
    assert _matching(loaded.warnings, row, letter, text), [str(w) for w in loaded.warnings]
    result = runner.invoke(cli, ["validate", str(OK / name)])
    assert result.exit_code == 0 and "valid" in result.stdout and text in result.stdout


def test_every_problem_in_the_file_is_listed_not_just_the_first():
    with pytest.raises(InputError) as e:
        netmap.load(BAD / "many_problems.csv")
    where = {(p.row, column_letter(p.column) if p.column is not None else None)
             for p in e.value.errors}
    assert where == {(2, "C"), (3, "A"), (4, "F")}
    with pytest.raises(InputError) as e:
        netmap.load(BAD / "excel_errors.csv")
    assert {(p.row, column_letter(p.column)) for p in e.value.errors} == {
        (2, "C"), (2, "D"), (3, "C")}


def test_missing_path_folder_and_unreadable_file(runner, tmp_path, monkeypatch):
    for path, text in [(tmp_path / "nope.csv", "no such file"), (tmp_path, "is a folder")]:
        with pytest.raises(InputError, match=text):
            netmap.read(path)
        result = runner.invoke(cli, ["validate", str(path)])
        assert result.exit_code == 1 and text in result.stdout and str(path) in result.stdout
    locked = tmp_path / "locked.csv"
    locked.write_text("organisation,Resources\nA,1\n", encoding="utf-8")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as m, pytest.raises(InputError,
                                                   match="cannot be read .Permission denied"):
        m.setattr(os, "open", deny)  # netmap opens inputs with os.open (see read_bounded)
        netmap.read(locked)


def test_missing_organisation_column_lists_the_headers(runner):
    result = runner.invoke(cli, ["metrics", str(OK / "small.csv"), "--org-column", "Agency"])
    assert result.exit_code == 1
    assert "no column 'Agency'" in result.stderr
    assert "'organisation', 'sector', 'Resources', 'Victim Support', 'Strategic'" in result.stderr


def test_short_row_cells_read_as_not_engaged():
    p = netmap.read(OK / "short_row.csv")
    assert edges(p) == {("Police", "Resources"), ("Police", "Strategic"),
                        ("Hestia", "Victim Support")}


def test_duplicate_rows_merge_engagements():
    p = netmap.read(OK / "duplicate_org.csv")
    assert p.organisations == ("Police", "Hestia")
    assert edges(p) == {("Police", "Resources"), ("Police", "Strategic"),
                        ("Hestia", "Victim Support")}


def test_headers_collapsing_into_one_function_merge_their_marks():
    p = netmap.read(OK / "header_case_space.csv")
    assert p.functions == ("Victim Support", "Strategic")
    assert edges(p) == {("Hestia", "Victim Support"), ("Police", "Victim Support"),
                        ("Police", "Strategic")}


def test_trailing_empty_columns_are_dropped():
    p = netmap.read(OK / "trailing_empty_columns.csv")
    assert p.functions == ("Resources", "Strategic")


def test_conflicting_attribute_values_name_both_rows(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("organisation,sector,Resources\nPolice,statutory,1\nPolice,voluntary,\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="row 2 says 'statutory', row 3 says 'voluntary'"):
        netmap.read(path)


def test_inputs_over_the_limits_are_refused_early(runner, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("organisation,Resources\n" + "".join(f"O{i},1\n" for i in range(50)),
                    encoding="utf-8")
    with pytest.raises(InputError, match="more than 20 rows"):
        netmap.read(path, max_rows=20)
    assert len(netmap.read(path, max_rows=50).organisations) == 50
    result = runner.invoke(cli, ["validate", str(path), "--max-bytes", "100"])
    assert result.exit_code == 1 and "over the limit" in result.stdout
    assert "--max-bytes" in result.stdout
    result = runner.invoke(cli, ["validate", str(path), "--max-rows", "10"])
    assert result.exit_code == 1 and "--max-rows" in result.stdout


ACCEPTED = [("bom.csv", []), ("cp1252.csv", []), ("utf16.txt", []), ("semicolon.csv", []),
            ("tab.csv", []), ("pipe.csv", []), ("quoted_linebreak.csv", []),
            ("rownames.csv", []), ("header_case_space.csv", []),
            ("trailing_empty_columns.csv", []), ("short_row.csv", []), ("blank_rows.csv", []),
            ("duplicate_org.csv", []), ("near_duplicates.csv", []),
            ("org_named_like_function.csv", []), ("marks.csv", []),
            ("weights.csv", ["--weighted"]), ("function_no_provider.csv", []),
            ("org_no_engagement.csv", []), ("hostile_names.csv", []), ("workbook.xlsx", []),
            ("roster.csv", []), ("long.csv", []), ("long_weighted.csv", ["--weighted"])]


@pytest.mark.parametrize("name,args", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_cli_accepts_what_reliability_md_accepts(runner, tmp_path, name, args):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(OK / name), "-o", str(out), "--runs", "3",
                                 *args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (out / "report.html").exists() and (out / "organisations.csv").exists()


def test_relative_output_paths_are_resolved(runner, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", "../elsewhere",
                                 "--runs", "0"])
    assert result.exit_code == 0
    assert (tmp_path / "elsewhere" / "report.md").exists()
    assert str(tmp_path / "elsewhere") in result.stdout
