"""``report.xlsx``: one sheet per table, for coordinators who live in Excel.

Sheets: organisations, functions, gaps, findings and (up to 2,000
organisations) overlap. Every text is stored as a text cell, so a name such
as ``=HYPERLINK(...)`` is shown as it is and never runs as a formula (no
``'`` added, unlike the CSV files, where a spreadsheet decides the type);
with ``raw`` the cells are written as they come. Lists are joined with "; ".
Written with openpyxl, imported only here.

The same tables give the same bytes on every run: openpyxl stamps the time
of writing into ``docProps/core.xml`` (``dcterms:created``,
``dcterms:modified``) and into every zip entry; the workbook is repacked with
those times left out of the document properties (they are optional there)
and every entry dated 1980-01-01 00:00, the earliest time a zip can hold.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd

__all__ = ["workbook_bytes", "report_tables"]


def _cell(value):
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value != value:
        return None
    return value


def _append(ws, values: list, raw: bool) -> None:
    """Append a row; unless ``raw``, every text cell is typed text (never a formula)."""
    ws.append(values)
    if not raw:
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.data_type != "s":
                cell.data_type = "s"


def workbook_bytes(tables: dict, raw: bool = False) -> bytes:
    """An .xlsx workbook with one sheet per ``{name: DataFrame}``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in tables.items():
        ws = wb.create_sheet(title=name[:31])
        _append(ws, [_cell(str(c)) for c in df.columns], raw)
        for row in df.itertuples(index=False, name=None):
            _append(ws, [_cell(v.item() if hasattr(v, "item") else v) for v in row], raw)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return _reproducible(buf.getvalue())


_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _reproducible(xlsx: bytes) -> bytes:
    """``xlsx`` repacked without the time of writing (see the module docstring)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename == "docProps/core.xml":
                data = _TIMES.sub(b"", data)
            info = zipfile.ZipInfo(entry.filename, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    return out.getvalue()


def report_tables(m, ranked, overlap: pd.DataFrame | None) -> dict:
    """The tables of a report, as sheets."""
    cols = ["severity", "rule", "function", "sector", "message", "evidence"]
    tables = {"organisations": m.organisations, "functions": m.functions,
              "gaps": pd.DataFrame([g.as_dict() for g in m.gaps], columns=cols),
              "findings": pd.DataFrame([f.as_dict() for f in ranked], columns=cols)}
    if overlap is not None:
        tables["overlap"] = overlap
    return tables
