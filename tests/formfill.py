"""Filling netmap forms the way partners do, for the tests of ``netmap form`` and
``netmap collect``: open the workbook, type into the Form sheet, save (with the time the
partner's program records as the last save), or save the sheet as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path


def save_at(wb, path, when: dt.datetime) -> Path:
    """Save ``wb`` to ``path`` recording ``when`` (UTC) as its last save, as Excel does
    (openpyxl's own save stamps the present moment)."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.modified = when.replace(tzinfo=None)
    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return Path(path)


def fill(form, out, answers: dict | None = None, when: dt.datetime | None = None,
         header: dict | None = None) -> Path:
    """A return: ``form`` with ``answers`` typed in (``{"C2": "Yes"}``; a key that is an
    organisation name takes ``{function: answer}``), ``header`` cells overwritten
    (``{"D1": "Prevention"}``), saved as ``out`` at ``when`` (default: 2026-01-10 12:00)."""
    import openpyxl

    wb = openpyxl.load_workbook(form)
    ws = wb["Form"]
    head = [c.value for c in ws[1]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    for key, value in (answers or {}).items():
        if isinstance(value, dict):
            if key not in rows:  # a new organisation, in the first empty row
                r = next(r for r in range(2, ws.max_row + 2)
                         if ws.cell(row=r, column=1).value in (None, ""))
                ws.cell(row=r, column=1).value = key
                rows[key] = r
            for column, answer in value.items():
                ws.cell(row=rows[key], column=head.index(column) + 1).value = answer
        else:
            ws[key] = value
    for key, value in (header or {}).items():
        ws[key] = value
    return save_at(wb, out, when or dt.datetime(2026, 1, 10, 12, 0))


def save_csv(form, out, answers: dict | None = None) -> Path:
    """The Form sheet of ``form`` (after ``answers``, as :func:`fill` takes them) saved as
    CSV, the way Excel's "Save as CSV" writes the active sheet."""
    import openpyxl

    tmp = Path(out).with_suffix(".tmp.xlsx")
    fill(form, tmp, answers)
    ws = openpyxl.load_workbook(tmp)["Form"]
    tmp.unlink()
    with open(out, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        for row in ws.iter_rows(values_only=True):
            if any(v not in (None, "") for v in row):
                w.writerow(["" if v is None else v for v in row])
    return Path(out)
