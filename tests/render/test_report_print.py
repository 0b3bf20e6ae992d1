"""report.html printed to PDF by a real headless Chromium (issue 15, "The report says
everything, and prints"; Done means: "the printed PDF holds every section").

Uses the Chromium driver of tests/render/test_browser.py (Debian's chromium and
chromedriver; these tests fail, rather than skip, without them) and pypdf (test
extra) to read the PDF's text.

- test_printed_report_holds_every_section[seed|coordinator]: the page printed
  on A4 (595 x 842 pt) holds the text of every ``##`` heading of report.md
  and of the page's own sections; the interactive map's controls are not
  printed and the static network picture (its caption and labels) is.
- test_printed_tables_repeat_their_header_rows: the organisation table of a
  partnership of 120 organisations with notes long enough to wrap is longer
  than a page: it prints its header row on every page it spans, and no row is
  cut between pages (each row's first and last words of its notes on one page).
"""

from __future__ import annotations

import base64
import io
import re

import pytest

from netmap.cli import cli

from ..conftest import OK, SEED
from .test_browser import driver  # noqa: F401  (the shared Chromium fixture)

A4 = (595, 842)  # points, rounded


def _report(tmp_path_factory, source, name):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp(name) / "outputs"
    result = CliRunner().invoke(cli, ["report", str(source), "-o", str(out), "--runs", "10",
                                      "-q"])
    assert result.exit_code == 0, result.output
    return out


def _pdf_pages(driver, page) -> list:  # noqa: F811
    """The text of each page of ``page`` printed on A4, and the pages' sizes."""
    from pypdf import PdfReader
    from selenium.webdriver.common.print_page_options import PrintOptions

    driver.get(page.as_uri())
    driver.execute_script("return document.readyState")
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    options.background = True
    pdf = base64.b64decode(driver.print_page(options))
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    return [(page.extract_text() or "", (round(float(page.mediabox.width)),
                                         round(float(page.mediabox.height))))
            for page in reader.pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("source", [SEED, OK / "coordinator.xlsx"], ids=["seed", "coordinator"])
def test_printed_report_holds_every_section(driver, tmp_path_factory, source):  # noqa: F811
    out = _report(tmp_path_factory, source, "print")
    pages = _pdf_pages(driver, out / "report.html")
    assert len(pages) >= 3
    assert all(abs(w - A4[0]) <= 2 and abs(h - A4[1]) <= 2 for _, (w, h) in pages)
    text = _flat(" ".join(t for t, _ in pages))
    headings = re.findall(r"^## (.+)$", (out / "report.md").read_text(encoding="utf-8"), re.M)
    assert len(headings) >= 8
    missing = [h for h in headings + ["Map", "Functions"] if _flat(h) not in text]
    assert missing == []
    assert "Find an organisation" not in text  # the interactive map is not printed...
    assert "organisations (dots, coloured by sector" in text  # ...its static picture is


def test_printed_tables_repeat_their_header_rows(driver, tmp_path_factory):  # noqa: F811
    src = tmp_path_factory.mktemp("long") / "long table.csv"
    filler = " ".join(["notes that wrap over several lines of the printed table"] * 3)
    rows = ["organisation,sector,notes,Resources,Victim Support,Strategic"]
    rows += [f"Organisation {i:03d},{['voluntary', 'statutory'][i % 2]},"
             f"S{i:03d} {filler} E{i:03d},1,{i % 3 == 0:d},{i % 2}" for i in range(120)]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = _report(tmp_path_factory, src, "long")
    pages = [_flat(t) for t, _ in _pdf_pages(driver, out / "report.html")]
    # the organisation table's header row (the top-ten table has no "Notes" column; the
    # narrow numeric columns' headers may wrap inside a word, so they are not compared)
    header = "Organisation Sector Notes"
    with_rows = [p for p in pages if re.search(r"S\d{3} notes", p)]
    assert len(with_rows) >= 3  # the table is longer than a page...
    for page in with_rows:  # ...and each page of it repeats the header row
        assert header in page
    for i in range(120):  # no row cut: each row's first and last words on one page
        assert any(f"S{i:03d}" in p and f"E{i:03d}" in p for p in with_rows), i
