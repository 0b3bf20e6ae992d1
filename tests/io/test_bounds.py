"""Issue 12 (reliability): bounded memory, hostile workbooks, encodings, paths.

The catalogue of the cases, by the issue's bullets:

1. Bounded reading, every file kind netmap reads:
   - ``test_fifo_and_devices_are_refused_before_opening``: a FIFO with no writer and
     ``/dev/zero`` as the partnership file, the rules and the taxonomy TOML (real
     processes with a timeout, so a regression cannot hang the suite).
   - ``test_socket_is_refused_for_every_file_read``: a socket as the partnership file,
     the aliases and attributes files, the rules and the taxonomy (the same check).
   - ``test_size_claimed_by_stat_is_not_trusted``: a regular file whose stat size is 0
     but whose content is larger than --max-bytes (a /proc file) is refused.
   - ``test_max_bytes_and_max_rows_hold_for_workbooks``: --max-bytes (unpacked size)
     and --max-rows for .xlsx.
2. Zip bombs: ``test_workbook_unpacking_past_max_bytes_is_refused``,
   ``test_zip_bomb_compression_ratio_is_refused``,
   ``test_part_larger_than_it_declares_is_refused``.
3. Wide files: ``test_max_columns_text``, ``test_max_columns_workbook``,
   ``test_max_columns_default_is_excels``.
4. Formulas without a saved value: ``test_formula_without_saved_value_names_the_cell``,
   ``test_formula_with_saved_value_reads_the_value``,
   ``test_placeholder_zero_of_a_workbook_to_recalculate_is_no_result`` (XlsxWriter),
   ``test_no_saved_value_sentinel_is_an_error_in_interpret``.
5. Hidden sheets, merged cells, hidden rows:
   ``test_hidden_sheet_skipped_merged_cells_filled_hidden_row_noted``,
   ``test_hidden_columns_are_read_with_a_note``,
   ``test_sheet_option_may_name_a_hidden_sheet``, ``test_no_visible_worksheet_is_an_error``,
   ``test_sheet_option_naming_a_chartsheet``.
6. Malformed workbooks: ``test_malformed_workbook_is_a_clear_input_error`` (broken XML,
   entity declarations, chartsheet only, missing sheet part),
   ``test_damaged_workbooks_never_crash`` (each part dropped, emptied, cut short),
   ``test_corrupted_workbook_bytes_never_crash`` (a byte flipped anywhere).
7. ``test_encoding_that_is_not_a_text_encoding`` (rot13, base64, zlib, hex).
8. ``test_bom_file_reports_the_right_byte_and_line`` (detected, --encoding utf-8 and
   utf-8-sig), ``test_utf16_reports_the_right_line``.
9. ``test_symlink_loop_and_dangling_link_told_from_missing_file``;
   also ``test_other_path_errors_are_input_errors`` (NUL in a path, a file used as a
   folder) and ``test_encrypted_workbook_is_named``.
10. ``test_excel_sep_line_sets_the_separator_and_is_no_row``,
    ``test_excel_sep_line_quoting_error_names_the_physical_line``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError, column_letter
from netmap.io.cells import NO_SAVED_VALUE, CellError, interpret
from netmap.io.files import MAX_COLUMNS, read_bounded

from ..conftest import BAD, OK, ROOT, SEED, edges

INTERNAL = "unexpected internal error"


def _refused(result, *texts) -> None:
    """Exit code 1, every text in the output, no traceback, nothing 'internal'."""
    out = result.output
    assert result.exit_code == 1, out
    for text in texts:
        assert text in out, out
    assert INTERNAL not in out and "Traceback" not in out


# --- 1. bounded reading ---------------------------------------------------------

@pytest.fixture
def fifo(tmp_path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.fail("this test needs os.mkfifo (POSIX)")
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)  # no writer ever: opening it for reading would block for ever
    return path


def _special_args(where: str, special: str) -> list:
    seed = str(SEED)
    return {"input": ["validate", special],
            "aliases": ["validate", seed, "--aliases", special],
            "attributes": ["validate", seed, "--attributes", special],
            "rules": ["metrics", seed, "--rules", special, "--runs", "0"],
            "taxonomy": ["diff", seed, seed, "--taxonomy", special, "--runs", "0"]}[where]


@pytest.mark.parametrize("kind,where", [("fifo", "input"), ("/dev/zero", "input"),
                                        ("fifo", "rules"), ("/dev/zero", "taxonomy")])
def test_fifo_and_devices_are_refused_before_opening(fifo, kind, where):
    """Real processes with a timeout: a regression would block or read for ever."""
    special = str(fifo) if kind == "fifo" else "/dev/zero"
    done = subprocess.run([sys.executable, "-m", "netmap", *_special_args(where, special)],
                          cwd=ROOT, timeout=60, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    kind_text = "a FIFO" if kind == "fifo" else "a character device"
    assert f"{special}: is not a regular file ({kind_text}" in out
    assert INTERNAL not in out and "Traceback" not in out


@pytest.mark.parametrize("where", ["input", "aliases", "attributes", "rules", "taxonomy"])
def test_socket_is_refused_for_every_file_read(tmp_path, runner, where):
    """A socket cannot block an open() (it fails at once), so this runs in-process."""
    path = tmp_path / "s.csv"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        _refused(runner.invoke(cli, _special_args(where, str(path))),
                 f"{path}: is not a regular file (a socket")


def test_size_claimed_by_stat_is_not_trusted():
    proc = Path("/proc/self/status")  # a regular file whose stat size is 0
    assert proc.is_file() and proc.stat().st_size == 0
    with pytest.raises(InputError, match="larger than the limit of 100 bytes"):
        read_bounded(proc, max_bytes=100)
    assert len(read_bounded(proc, max_bytes=1 << 20)) > 100


def test_max_bytes_and_max_rows_hold_for_workbooks(runner, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["organisation", "Resources"])
    for i in range(30):
        wb.active.append([f"Org {i}", 1])
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    assert len(netmap.read(path, max_rows=30).organisations) == 30
    _refused(runner.invoke(cli, ["validate", str(path), "--max-rows", "10"]),
             "more than 10 rows", "--max-rows")
    _refused(runner.invoke(cli, ["validate", str(path), "--max-bytes", "1000"]),
             "over the limit of 1,000 bytes", "--max-bytes")


# --- 2. zip bombs ---------------------------------------------------------------

def test_workbook_unpacking_past_max_bytes_is_refused(runner):
    path = BAD / "unpacks_large.xlsx"
    assert path.stat().st_size < 50_000  # the file itself is small ...
    _refused(runner.invoke(cli, ["validate", str(path), "--max-bytes", "50000"]),
             "the workbook unpacks to", "over the limit of 50 KB", "--max-bytes")
    # within the default limit it is read: 20,000 blank rows after the matrix
    assert netmap.read(path).organisations == ("Police", "Hestia")


def test_zip_bomb_compression_ratio_is_refused(runner):
    _refused(runner.invoke(cli, ["validate", str(BAD / "zip_bomb.xlsx")]),
             "xl/worksheets/sheet1.xml is compressed", "refused as a zip bomb")


def test_part_larger_than_it_declares_is_refused(runner):
    # the sheet declares 1,000 bytes but its data unpacks to 120 KB: reading stops at the
    # declared size and the zip's checksum fails
    _refused(runner.invoke(cli, ["validate", str(BAD / "size_understated.xlsx")]),
             "xl/worksheets/sheet1.xml cannot be unpacked")


# --- 3. wide files --------------------------------------------------------------

def test_max_columns_text(runner, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("organisation," + ",".join(f"F{j}" for j in range(30)) + "\n"
                    "Police," + ",".join("1" for _ in range(30)) + "\n", encoding="utf-8")
    assert len(netmap.read(path, max_columns=31).functions) == 30
    with pytest.raises(InputError) as e:
        netmap.read(path, max_columns=20)
    (problem,) = e.value.errors
    assert problem.row == 1 and "31 columns (up to column AE)" in problem.message
    _refused(runner.invoke(cli, ["validate", str(path), "--max-columns", "20"]),
             "more than the limit of 20", "--max-columns")


def test_max_columns_workbook(runner):
    path = BAD / "wide.xlsx"  # row 3 has a cell in column XFD
    _refused(runner.invoke(cli, ["validate", str(path), "--max-columns", "100"]),
             "row 3: the row has 16,384 columns (up to column XFD)", "--max-columns")


def test_max_columns_default_is_excels(runner):
    assert MAX_COLUMNS == 16_384
    result = runner.invoke(cli, ["validate", "--help"])
    assert "--max-columns" in result.output and "16384" in result.output
    # within the default, the wide row is read (and is an error of the layout, not a limit)
    result = runner.invoke(cli, ["validate", str(BAD / "wide.xlsx")])
    assert result.exit_code == 1 and "--max-columns" not in result.output
    assert "the row has 16384 cells but the header has 3" in result.output


# --- 4. formulas without a saved value ----------------------------------------------

def test_formula_without_saved_value_names_the_cell(runner, tmp_path):
    path = BAD / "formula_no_value.xlsx"
    with pytest.raises(InputError) as e:
        netmap.read(path)
    where = {(p.row, column_letter(p.column)): p for p in e.value.errors}
    assert set(where) == {(4, "B"), (5, "C")}
    assert "the formula =B2 but no saved result" in where[4, "B"].message
    assert "open the workbook in a spreadsheet program" in where[4, "B"].hint
    assert "=IF(B2=1,1,0)" in where[5, "C"].message
    result = runner.invoke(cli, ["report", str(path), "-o", str(tmp_path / "out")])
    _refused(result, "row 4, column B \"Resources\": the cell holds the formula =B2",
             "save it")
    assert not (tmp_path / "out").exists()


def test_formula_with_saved_value_reads_the_value():
    p = netmap.read(OK / "formula_cached.xlsx")
    assert ("Church", "Resources") in edges(p)
    assert len(edges(p)) == 4


def test_placeholder_zero_of_a_workbook_to_recalculate_is_no_result(runner, tmp_path):
    import io
    import zipfile

    path = BAD / "formula_placeholder_zero.xlsx"  # <v>0</v> and fullCalcOnLoad="1"
    _refused(runner.invoke(cli, ["validate", str(path)]),
             'row 4, column B "Resources": the cell holds the formula =B2 but no saved result')
    # the same sheet saved by a program that computed it (no fullCalcOnLoad): 0 is a result
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/workbook.xml":
                assert b'fullCalcOnLoad="1"' in data
                data = data.replace(b'fullCalcOnLoad="1"', b"")
            zout.writestr(name, data)
    computed = tmp_path / "computed.xlsx"
    computed.write_bytes(buf.getvalue())
    p = netmap.read(computed)
    assert "Church" in p.organisations and ("Church", "Resources") not in edges(p)


def test_no_saved_value_sentinel_is_an_error_in_interpret():
    with pytest.raises(CellError, match="=SUM.B2:B4. but no saved result"):
        interpret(NO_SAVED_VALUE + "=SUM(B2:B4)", weighted=True)
    assert interpret("1", weighted=False) == 1.0


# --- 5. hidden sheets, merged cells, hidden rows -------------------------------------

def test_hidden_sheet_skipped_merged_cells_filled_hidden_row_noted(runner):
    path = OK / "hidden_sheet_rows_merged.xlsx"
    loaded = netmap.load(path)
    p = loaded.partnership
    assert "Ghost" not in p.organisations  # the hidden first sheet is not read
    # Church spans rows 4-5 (merged), so row 5's mark is Church's
    assert ("Church", "Strategic") in edges(p)
    # B6:D6 is one merged cell holding 1: every function engaged
    assert {f for o, f in edges(p) if o == "Merged Trust"} == set(p.functions)
    assert ("Hestia", "Victim Support") in edges(p)  # the hidden row is read
    hidden = [x for x in loaded.problems if "hidden in the workbook" in x.message]
    assert [(x.severity, x.row) for x in hidden] == [("warning", 3)]
    assert any("skipped 'Old' (hidden)" in x.message for x in loaded.problems)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "row 3 is hidden in the workbook and is read like any other" in result.output


def test_hidden_columns_are_read_with_a_note(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["organisation", "Resources", "Victim Support", "Strategic"])
    wb.active.append(["Police", 1, 1, 1])
    wb.active.column_dimensions["C"].hidden = True
    path = tmp_path / "cols.xlsx"
    wb.save(path)
    loaded = netmap.load(path)
    assert ("Police", "Victim Support") in edges(loaded.partnership)
    assert [x.message for x in loaded.problems if "hidden" in x.message] == [
        "column C is hidden in the workbook and read like any other"]


def test_sheet_option_may_name_a_hidden_sheet():
    for sheet in ("Old", "1"):
        assert netmap.read(OK / "hidden_sheet_rows_merged.xlsx", sheet=sheet).organisations \
            == ("Ghost",)


def test_no_visible_worksheet_is_an_error(runner):
    _refused(runner.invoke(cli, ["validate", str(BAD / "all_sheets_hidden.xlsx")]),
             "the workbook has no visible worksheet", "'Matrix' (hidden)", "--sheet")


def test_sheet_option_naming_a_chartsheet(runner):
    path = BAD / "chartsheet_and_hidden.xlsx"
    _refused(runner.invoke(cli, ["validate", str(path)]), "no visible worksheet",
             "'Matrix' (hidden), 'Chart' (chartsheet)")
    _refused(runner.invoke(cli, ["validate", str(path), "--sheet", "Chart"]),
             "sheet 'Chart' is a chartsheet (a chart), not a table of cells")
    p = netmap.read(path, sheet="Matrix")  # the hidden data sheet
    assert p.organisations == ("Police", "Hestia")


# --- 6. malformed workbooks -------------------------------------------------------

MALFORMED = [
    ("broken_xml.xlsx", "the sheet's XML is broken (ParseError"),
    ("entities.xlsx", "declares a document type or entities"),
    ("chartsheet_only.xlsx", "holds no worksheet, only charts (chartsheets: 'Chart')"),
    ("missing_sheet_part.xlsx", "its part xl/worksheets/sheet1.xml is missing"),
]


@pytest.mark.parametrize("name,text", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_workbook_is_a_clear_input_error(runner, tmp_path, name, text):
    with pytest.raises(InputError, match=re.escape(text)):
        netmap.read(BAD / name)
    out = tmp_path / "out"
    _refused(runner.invoke(cli, ["report", str(BAD / name), "-o", str(out)]), text,
             "nothing was written")
    assert not out.exists()


def test_damaged_workbooks_never_crash(runner, tmp_path):
    """Every part of a workbook dropped, emptied or cut short in turn: an InputError each."""
    import io
    import zipfile

    good = (OK / "hidden_sheet_rows_merged.xlsx").read_bytes()
    names = zipfile.ZipFile(io.BytesIO(good)).namelist()
    for victim in names:
        for damage in ("drop", "empty", "cut"):
            buf = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(buf, "w") as zout:
                for n in names:
                    data = zin.read(n)
                    if n == victim:
                        if damage == "drop":
                            continue
                        data = b"" if damage == "empty" else data[: len(data) // 2]
                    zout.writestr(n, data)
            path = tmp_path / "damaged.xlsx"
            path.write_bytes(buf.getvalue())
            try:
                netmap.load(path)
            except InputError:
                pass


def test_corrupted_workbook_bytes_never_crash(tmp_path):
    """A byte flipped anywhere in a workbook: it loads or is an InputError, nothing else."""
    good = (OK / "hidden_sheet_rows_merged.xlsx").read_bytes()
    path = tmp_path / "flipped.xlsx"
    refused = 0
    for at in range(4, len(good), max(1, len(good) // 80)):
        damaged = bytearray(good)
        damaged[at] ^= 0x5A
        path.write_bytes(bytes(damaged))
        try:
            netmap.load(path)
        except InputError:
            refused += 1
    assert refused > 0


# --- 7. codecs that are not text encodings ------------------------------------------

@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex"])
def test_encoding_that_is_not_a_text_encoding(runner, codec):
    with pytest.raises(InputError, match="is not a text encoding"):
        netmap.read(OK / "small.csv", encoding=codec)
    _refused(runner.invoke(cli, ["validate", str(OK / "small.csv"), "--encoding", codec]),
             f"'{codec}' is not a text encoding")


# --- 8. the right byte and line ----------------------------------------------------

@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-8-sig"])
def test_bom_file_reports_the_right_byte_and_line(runner, encoding):
    # BOM (3 bytes) + "organisation,Resources\n" + "Police,1\n" + "Caf" then 0xE9 (byte 39)
    path = BAD / "bom_bad_byte.csv"
    raw = path.read_bytes()
    assert raw[38] == 0xE9 and raw[:38].count(b"\n") == 2
    args = ["validate", str(path)] + (["--encoding", encoding] if encoding else [])
    _refused(runner.invoke(cli, args), "byte 0xe9 on line 3 (byte 39 of the file)")


def test_utf16_reports_the_right_line(tmp_path):
    # U+010A's UTF-16-LE bytes hold 0x0A: a byte count would see a line break there
    head = b"\xff\xfe" + "organisation\tResources\r\n\u010aPolice\t1\r\n".encode("utf-16-le")
    assert head.count(b"\n") == 3  # two line breaks, and U+010A
    path = tmp_path / "u16.txt"
    path.write_bytes(head + b"\x00\xdc" + "x\t1\r\n".encode("utf-16-le"))  # a lone surrogate
    with pytest.raises(InputError, match=rf"on line 3 \(byte {len(head) + 1} of the file\)"):
        netmap.read(path)


# --- 9. symbolic links --------------------------------------------------------------

def test_symlink_loop_and_dangling_link_told_from_missing_file(runner, tmp_path):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "gone.csv")
    _refused(runner.invoke(cli, ["validate", str(tmp_path / "a.csv")]),
             "is a symbolic link that loops")
    _refused(runner.invoke(cli, ["validate", str(tmp_path / "dangling.csv")]),
             "is a symbolic link to", "gone.csv', which does not exist")
    result = runner.invoke(cli, ["validate", str(tmp_path / "missing.csv")])
    _refused(result, "missing.csv: no such file")
    assert "symbolic link" not in result.output
    _refused(runner.invoke(cli, ["metrics", str(SEED), "--rules", str(tmp_path / "a.csv")]),
             "is a symbolic link that loops")


def test_other_path_errors_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="contains a NUL character"):
        netmap.read(str(tmp_path / "a\x00b.csv"))
    (tmp_path / "file.csv").write_text("organisation,R\nA,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="a part of the path is a file, not a folder"):
        netmap.read(tmp_path / "file.csv" / "x.csv")


def test_encrypted_workbook_is_named(runner, tmp_path):
    path = tmp_path / "locked.xlsx"  # Excel saves a password-protected .xlsx as an OLE file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    _refused(runner.invoke(cli, ["validate", str(path)]),
             "is named .xlsx but is an encrypted (password-protected) workbook")


# --- 10. Excel's sep= line ---------------------------------------------------------

def test_excel_sep_line_sets_the_separator_and_is_no_row(runner):
    loaded = netmap.load(OK / "excel_sep_line.csv")
    p = loaded.partnership
    assert p.functions == ("Resources", "Victim Support")  # not a title or a header
    assert p.organisations == ("Police", "Hestia, Refuge")  # ';' separates, ',' does not
    assert edges(p) == {("Police", "Resources"), ("Hestia, Refuge", "Victim Support")}
    assert any("declared by the first line 'sep=;'" in x.message for x in loaded.problems)
    assert not loaded.warnings


def test_excel_sep_line_quoting_error_names_the_physical_line(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('sep=,\norganisation,Resources\nPolice,1\n"Hestia,1\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        netmap.read(path)
    (problem,) = e.value.errors
    # row 3 as Excel shows it (the sep line is hidden); line 4 of the text
    assert problem.row == 3 and "(line 4)" in problem.message


def test_a_formula_without_saved_value_in_a_name_cell_is_an_error(runner, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    for row in (["organisation", "Resources", "Strategic"], ["Police", 1, None],
                ['=CONCAT("He","stia")', None, 1]):
        wb.active.append(row)
    path = tmp_path / "name_formula.xlsx"
    wb.save(path)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert 'row 3, column A "organisation"' in result.stdout
    assert 'holds the formula =CONCAT("He","stia") but no saved result' in result.stdout
