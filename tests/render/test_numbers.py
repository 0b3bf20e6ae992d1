"""Numbers stay numbers (issue 16, "Numbers stay numbers").

CSV neutralisation applies to text cells only: a number, negative included, is written as
a number in every CSV and XLSX output. Each test reads outputs back and checks that every
column the library holds as numbers (or that the JSON twin of a CSV holds as numbers) is
read as numbers:

- every CSV of ``report`` (and ``report.xlsx``) on the bundled data and on a partnership
  whose names start with ``-``, ``=`` and ``+`` (text that must still be neutralised):
  ``test_report_csv_and_xlsx_numbers_read_back_numeric``;
- every CSV of ``compare``, checked against its JSON twin, z-scores negative and positive:
  ``test_compare_csv_numbers_read_back_numeric``;
- ``metrics``/``gaps`` ``--format csv`` on the terminal:
  ``test_terminal_csv_numbers_read_back_numeric``.
"""

from __future__ import annotations

import io
import json

import pandas as pd

import netmap
from netmap.cli import cli

from ..conftest import ROOT, SEED

EXAMPLES = ROOT / "data" / "examples"
HOSTILE = ("organisation,sector,Resources,Victim Support,Strategic\n"
           "-Minus Trust,voluntary,1,1,\n=Equals Ltd,business,1,,1\n+Plus CIC,community,,1,1\n"
           "Police,statutory,1,1,1\n")


def _numeric_columns(df: pd.DataFrame) -> set:
    return {c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_bool_dtype(df[c])}


def _check(path, expected: set) -> None:
    back = pd.read_csv(path, encoding="utf-8-sig")
    for column in expected:
        assert column in back.columns, (path.name, column)
        assert pd.api.types.is_numeric_dtype(back[column]) or back[column].isna().all(), (
            path.name, column, back[column].head().tolist())


def test_report_csv_and_xlsx_numbers_read_back_numeric(runner, tmp_path):
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(HOSTILE, encoding="utf-8")
    for source in (SEED, hostile):
        out = tmp_path / source.stem
        result = runner.invoke(cli, ["report", str(source), "-o", str(out), "--runs", "10",
                                     "--xlsx"])
        assert result.exit_code == 0, result.output
        m = netmap.compute(netmap.read(source), runs=10)
        library = {"organisations": m.organisations, "functions": m.functions,
                   "robustness": m.curves}
        for name, table in library.items():
            _check(out / f"{name}.csv", _numeric_columns(table))
            if name == "robustness":  # not a sheet of the workbook
                continue
            sheet = pd.read_excel(out / "report.xlsx", sheet_name=name)
            for column in _numeric_columns(table) & set(sheet.columns):
                assert pd.api.types.is_numeric_dtype(sheet[column]) or \
                    sheet[column].isna().all(), (name, column)
        back = pd.read_csv(out / "organisations.csv", encoding="utf-8-sig")
        if source == hostile:  # text that looks like a formula is still neutralised
            assert set(back["organisation"]) >= {"'-Minus Trust", "'=Equals Ltd",
                                                 "'+Plus CIC"}


def test_compare_csv_numbers_read_back_numeric(runner, tmp_path):
    out = tmp_path / "c"
    files = [SEED, *sorted(EXAMPLES.glob("*.csv"))]
    result = runner.invoke(cli, ["compare", *map(str, files), "-o", str(out), "--runs", "5",
                                 "--null-draws", "40"])
    assert result.exit_code == 0, result.output
    checked = 0
    for path in sorted(out.glob("*.csv")):
        rows = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        twin = pd.DataFrame(rows)
        numeric = {c for c in twin.columns
                   if twin[c].map(lambda v: isinstance(v, (int, float))
                                  and not isinstance(v, bool) or v is None).all()
                   and twin[c].map(lambda v: isinstance(v, (int, float))).any()}
        _check(path, numeric)
        checked += len(numeric)
    network = pd.read_csv(out / "network.csv")
    assert (network["nodf_z"] < 0).any() or (network["robustness_targeted_z"] < 0).any()
    assert checked > 20


def test_terminal_csv_numbers_read_back_numeric(runner):
    m = netmap.compute(netmap.read(SEED), runs=10)
    for table, frame in (("organisations", m.organisations), ("functions", m.functions)):
        result = runner.invoke(cli, ["metrics", str(SEED), "--format", "csv", "--table", table,
                                     "--runs", "10"])
        assert result.exit_code == 0, result.output
        back = pd.read_csv(io.StringIO(result.stdout))
        for column in _numeric_columns(frame):
            assert pd.api.types.is_numeric_dtype(back[column]), (table, column)
