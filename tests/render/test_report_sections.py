"""report.html says everything report.md says, and the commands it shows work pasted.

Issue 15, "The report says everything, and prints" (the printed PDF is checked in
tests/render/test_report_print.py, with a real browser):

- test_every_markdown_section_is_a_page_section[seed|coordinator]: every ``##``
  heading of report.md is an ``<h2>`` of report.html (bundled data and
  tests/data/ok/coordinator.xlsx), the four sections once left out included.
- test_both_files_take_their_headings_from_one_list: the headings come from
  netmap.render.sections.SECTIONS, and the page-only ones are the map and the
  function table.
- test_the_new_sections_show_the_same_rows_as_markdown: "Who holds the partnership
  together", "Who could stand in for whom" and "Organisations per number of
  functions" hold the same names and numbers in both files.
- test_attributes_reach_the_organisation_table_but_contacts_do_not: notes, area
  and type are columns of the page's organisation table; the contact column is
  not, unless --keep-contacts.
- test_commands_in_the_page_are_shell_quoted_and_work_pasted: with a file name
  holding spaces, brackets and a quote, every ``netmap ...`` command the page
  shows splits (shlex) back into the file name, and the what-if command runs.
- test_static_network_figure_is_in_the_page_for_print: the interactive map has a
  static picture beside it, shown only in print, with its caption.
"""

from __future__ import annotations

import re
import shlex
import shutil
from html.parser import HTMLParser

import pytest

from netmap.cli import cli
from netmap.render.sections import PAGE_ONLY, SECTIONS, TITLES

from ..conftest import OK, SEED


class _Page(HTMLParser):
    """The text of every h2, every <code>, and the organisation table's header."""

    def __init__(self):
        super().__init__()
        self.h2: list = []
        self.code: list = []
        self.org_headers: list = []
        self.print_figures = 0
        self._in: str | None = None
        self._table: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "code") or (tag == "th" and self._table == "org-table"):
            self._in = tag
            getattr(self, {"h2": "h2", "code": "code", "th": "org_headers"}[tag]).append("")
        if tag == "table":
            self._table = attrs.get("id")
        if tag == "figure" and "print-only" in (attrs.get("class") or ""):
            self.print_figures += 1

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._in:
            target = {"h2": self.h2, "code": self.code, "th": self.org_headers}[self._in]
            target[-1] += data


def _page(folder) -> _Page:
    page = _Page()
    page.feed((folder / "report.html").read_text(encoding="utf-8"))
    return page


def _md_headings(folder) -> list:
    return re.findall(r"^## (.+)$", (folder / "report.md").read_text(encoding="utf-8"), re.M)


def _report(runner, tmp_path, source, *extra):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(source), "-o", str(out), "--runs", "5", "-q",
                                 *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("source", [SEED, OK / "coordinator.xlsx"], ids=["seed", "coordinator"])
def test_every_markdown_section_is_a_page_section(runner, tmp_path, source):
    out = _report(runner, tmp_path, source)
    md, page = _md_headings(out), _page(out)
    assert len(md) >= 8
    missing = [h for h in md if h not in page.h2]
    assert missing == []
    for key in ("brokers", "stand_ins", "breadth", "coverage"):  # the four once left out
        assert TITLES[key] in md and TITLES[key] in page.h2


def test_both_files_take_their_headings_from_one_list(runner, tmp_path):
    out = _report(runner, tmp_path, OK / "coordinator.xlsx")
    md, page = _md_headings(out), _page(out)
    titles = [title for _, title, _ in SECTIONS]
    assert set(md) <= set(titles)
    assert [t for t in titles if t in md] == md  # in the list's order
    assert {TITLES[k] for k in PAGE_ONLY} == {"Map", "Functions"}
    assert {TITLES[k] for k in PAGE_ONLY} <= set(page.h2) and not set(md) & {"Map", "Functions"}


def test_the_new_sections_show_the_same_rows_as_markdown(runner, tmp_path):
    out = _report(runner, tmp_path, OK / "coordinator.xlsx")
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")

    def section(text, start, end):
        return text[text.index(start):text.index(end, text.index(start))]

    brokers = section(html, 'id="brokers"', "</section>")
    assert "<td>Anytown Police</td><td>statutory</td>" in brokers
    assert "| Anytown Police | statutory | 3 | 0.75 | 0.86 | 0.42 |" in md
    assert re.search(r"<td[^>]*>0\.42</td>", brokers)
    stand = section(html, 'id="stand-ins"', "</section>")
    assert "Anytown NHS Trust, St Mary&#39;s Church" in stand
    assert "Anytown NHS Trust, St Mary's Church" in section(md, "## Who could stand in",
                                                          "## Organisations")
    breadth = section(html, 'id="breadth"', "</section>")
    assert re.search(r'<td class="num">1</td><td class="num">3</td><td>Anytown Council, '
                     r"Anytown NHS Trust, St Mary&#39;s Church</td>", breadth)
    assert "| 1 | 3 | Anytown Council, Anytown NHS Trust, St Mary's Church |" in md


def test_attributes_reach_the_organisation_table_but_contacts_do_not(runner, tmp_path):
    out = _report(runner, tmp_path, OK / "coordinator.xlsx")
    page = _page(out)
    assert {"Notes", "Area", "Type", "Sector"} <= set(page.org_headers)
    assert "Contact" not in page.org_headers
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Runs the safe house" in html and "@" not in re.sub(r"@media", "", html.split(
        'id="org-table"')[1].split("</table>")[0])
    kept = _report(runner, tmp_path / "kept", OK / "coordinator.xlsx", "--keep-contacts")
    assert "Contact" in _page(kept).org_headers


def test_commands_in_the_page_are_shell_quoted_and_work_pasted(runner, tmp_path, monkeypatch):
    name = "my partners (2025) - Bob's copy.csv"
    shutil.copy(SEED, tmp_path / name)
    out = _report(runner, tmp_path, tmp_path / name)
    # the commands the page suggests running (a bare "netmap whatif" names the command only)
    commands = [c for c in _page(out).code if c.startswith("netmap ") and len(c.split()) > 2]
    assert {c.split()[1] for c in commands} >= {"report", "whatif"}
    for command in commands:
        argv = shlex.split(command)
        assert argv[2] == name, command
    whatif = shlex.split(next(c for c in commands if c.startswith("netmap whatif")))
    assert whatif[3:] == ["--remove", "ECAT"]
    monkeypatch.chdir(tmp_path)  # the page names the file as it sits beside it
    result = runner.invoke(cli, whatif[1:])
    assert result.exit_code == 0, result.output
    assert "ECAT" in result.output


def test_static_network_figure_is_in_the_page_for_print(runner, tmp_path):
    out = _report(runner, tmp_path, SEED)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert _page(out).print_figures == 1
    assert re.search(r"@media print \{[^@]*\.nm-map, \.screen-only \{ display: none; \}", html)
    assert re.search(r"\.print-only \{ display: none; \}", html)
    assert "organisations (dots, coloured by sector" in html


def test_the_numbers_behind_findings_are_plain_words(runner, tmp_path):
    """Persona finding: "the numbers" under each finding showed Python dicts; now plain
    words and rounded numbers, on the bundled data and on a partnership with modules."""
    for source in (SEED, OK / "coordinator.xlsx"):
        out = tmp_path / source.stem
        result = runner.invoke(cli, ["report", str(source), "-o", str(out), "--runs", "5"])
        assert result.exit_code == 0, result.output
        page = (out / "report.html").read_text(encoding="utf-8")
        assert "[&#39;" not in page and "{&#39;" not in page  # no Python list or dict
        numbers = re.findall(r'<p class="evidence">(.*?)</p>', page, re.S)
        assert numbers
        for text in numbers:
            assert "{" not in text and "&#39;" not in text and "[" not in text, text
            for value in re.findall(r"\d+\.\d+", text):
                assert len(value.split(".")[1]) <= 3, text
