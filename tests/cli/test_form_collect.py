"""``netmap form`` and ``netmap collect`` on the command line (issue 18).

Cases, one test or more each:

- ``netmap form [INPUT] -o PATH``: a blank form asks the canonical six, INPUT's functions,
  ``--functions`` (read through the vocabulary) or ``--taxonomy``'s; ``--due`` validated
  (ISO date) and shown; ``netmap report`` reads a filled form as it is:
  ``test_form_blank_and_from_input``, ``test_form_functions_and_taxonomy``,
  ``test_form_usage_errors``, ``test_report_reads_a_filled_form``;
- ``--per-organisation``: one form per organisation into the folder, all at once; never over
  an input: ``test_form_per_organisation``, ``test_form_never_replaces_an_input``;
- ``netmap collect RETURNS... --expected INPUT -o OUTDIR``: the response line,
  non-respondents, duplicates and conflicts printed; partners.csv, provenance.csv,
  collection.md and collection.html written; ``netmap report OUTDIR/partners.csv`` shows
  ``Not sure`` as to confirm: ``test_collect_end_to_end``;
- a changed form: exit 1, the file and the change named, nothing written:
  ``test_collect_refuses_a_changed_form``;
- a folder of returns, ``--prefer first``, ``--due``: ``test_collect_folder_prefer_and_due``.

Defects a persona test found (p18, numbered as in its report):

- #2 collect -o on a folder of forms is refused: ``test_collect_never_replaces_a_folder_of_forms``;
- #3 text returns in a folder read, other files named:
  ``test_collect_folder_reads_text_returns_and_names_what_it_skips``;
- #6 ``--saved FILE=WHEN``: ``test_collect_saved_gives_a_fixed_returns_time``;
- #7 form again never replaces a filled return: ``test_form_again_never_replaces_a_filled_return``;
- #9 the partnership's own words: ``test_form_asks_in_the_partnerships_own_words``;
- #10 the title row, never the file name: ``test_form_title_is_the_workbooks_never_its_file_name``;
- #15 form --help: ``test_form_help_lists_only_options_that_apply``.
"""

from __future__ import annotations

import datetime as dt
import os

import openpyxl

from netmap.cli import cli
from netmap.vocabulary import FUNCTIONS

from ..conftest import SEED
from ..formfill import fill, save_csv


def _header(path) -> list:
    return [c.value for c in openpyxl.load_workbook(path)["Form"][1]]


def test_form_blank_and_from_input(runner, tmp_path):
    result = runner.invoke(cli, ["form", "-o", str(tmp_path / "blank.xlsx")])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and "6 functions, blank" in result.stdout
    assert _header(tmp_path / "blank.xlsx") == ["Organisation", "Sector", *FUNCTIONS]
    result = runner.invoke(cli, ["form", str(SEED), "-o", str(tmp_path / "f.xlsx"),
                                 "--due", "2030-01-31"])
    assert result.exit_code == 0, result.output
    assert "36 organisations listed, due 2030-01-31" in result.stdout
    text = " ".join(str(c.value) for c in openpyxl.load_workbook(tmp_path / "f.xlsx")
                    ["Instructions"]["A"] if c.value)
    assert "Thursday 31 January 2030" in text


def test_form_functions_and_taxonomy(runner, tmp_path):
    result = runner.invoke(cli, ["form", "-o", str(tmp_path / "f.xlsx"), "--functions",
                                 "victim support, Outreach", "--functions", "strategy"])
    assert result.exit_code == 0, result.output
    # the partnership's own words (p18 #9); a canonical name but for case written as such
    assert _header(tmp_path / "f.xlsx") == ["Organisation", "Sector", "Victim Support",
                                            "Outreach", "strategy"]
    assert "'Outreach' is not a canonical function" in result.stderr
    strict = runner.invoke(cli, ["form", "-o", str(tmp_path / "s.xlsx"), "--functions",
                                 "Outreach", "--strict-vocabulary"])
    assert strict.exit_code == 2 and "not a function of the vocabulary" in strict.stderr
    assert not (tmp_path / "s.xlsx").exists()
    taxonomy = tmp_path / "t.toml"
    taxonomy.write_text('replace = true\n[functions]\n"Training" = ["Staff training"]\n'
                        '"Outreach" = []\n', encoding="utf-8")
    result = runner.invoke(cli, ["form", "-o", str(tmp_path / "t.xlsx"), "--taxonomy",
                                 str(taxonomy)])
    assert result.exit_code == 0, result.output
    assert _header(tmp_path / "t.xlsx") == ["Organisation", "Sector", "Training", "Outreach"]
    defs = openpyxl.load_workbook(tmp_path / "t.xlsx")["Functions"]
    assert "Also called: Staff training" in defs["B2"].value


def test_form_usage_errors(runner, tmp_path):
    cases = [(["form", "-o", str(tmp_path / "f.csv")], "give a name ending .xlsx"),
             (["form", "-o", str(tmp_path / "d"), "--per-organisation"],
              "--per-organisation needs INPUT"),
             (["form", "-o", str(tmp_path / "f.xlsx"), "--due", "31/01/2030"],
              "'31/01/2030' is not a date: write it as YYYY-MM-DD")]
    cases.append((["form", str(SEED), "-o", str(tmp_path / "p.xlsx"), "--pseudonymise",
                   str(tmp_path.parent / "key")], "--pseudonymise does not apply to form"))
    for args, said in cases:
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and said in result.stderr, result.output
    assert list(tmp_path.iterdir()) == []


def test_form_never_replaces_an_input(runner, tmp_path):
    src = tmp_path / "p.xlsx"
    src.write_bytes(b"")
    result = runner.invoke(cli, ["form", str(src), "-o", str(src)])
    assert result.exit_code == 1 and "is an input of this command" in result.stderr
    assert src.read_bytes() == b""


def test_form_per_organisation(runner, tmp_path):
    out = tmp_path / "forms"
    result = runner.invoke(cli, ["form", str(SEED), "-o", str(out), "--per-organisation"])
    assert result.exit_code == 0, result.output
    assert "wrote 36 forms and forms.csv" in result.stdout
    files = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert len(files) == 37 and "form-Women_the_well.xlsx" in files
    assert "form-SOCA_NCA.xlsx" in files  # "SOCA/NCA": no folder separator in a name


def test_report_reads_a_filled_form(runner, tmp_path):
    runner.invoke(cli, ["form", "-o", str(tmp_path / "blank.xlsx")])
    filled = fill(tmp_path / "blank.xlsx", tmp_path / "filled.xlsx", {
        "Police": {"Sector": "statutory", "Investigation and Prosecution": "Yes",
                   "Strategic": "Yes"},
        "Hestia": {"Sector": "voluntary", "Victim Support": "Yes", "Strategic": "Not sure"}})
    result = runner.invoke(cli, ["report", str(filled), "-o", str(tmp_path / "r"),
                                 "--runs", "0"])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "To confirm" in md and "Hestia" in md


def _returns(runner, tmp_path):
    forms = tmp_path / "forms"
    runner.invoke(cli, ["form", str(SEED), "-o", str(forms), "--per-organisation",
                        "--due", "2026-01-15"])
    back = tmp_path / "returns"
    back.mkdir()
    day = dt.datetime(2026, 1, 10, 9)
    fill(forms / "form-Hestia.xlsx", back / "hestia.xlsx", {"C2": "Yes"}, when=day)
    fill(forms / "form-Hestia.xlsx", back / "hestia-again.xlsx", {"C2": "No", "F2": "Not sure"},
         when=day + dt.timedelta(days=1))
    fill(forms / "form-ECAT.xlsx", back / "ecat.xlsx", {}, when=dt.datetime(2026, 1, 20))
    sheet = save_csv(forms / "form-Poppy_Project.xlsx", back / "poppy.csv", {"D2": "Yes"})
    stamp = dt.datetime(2026, 1, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(sheet, (stamp, stamp))  # a CSV's time is its file's: before the deadline
    return back


def test_collect_end_to_end(runner, tmp_path):
    back = _returns(runner, tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["collect", *sorted(str(p) for p in back.iterdir()),
                                 "--expected", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "3 of 36 organisations (8%) responded"
    assert lines[1].startswith("  not yet responded: Faith groups; Community groups;")
    assert "and 23 more (collection.md)" in lines[1]
    # a change in a return set aside is a conflict, not a change kept (p18 #13)
    for said in ("  1 late return", "  1 organisation in more than one return",
                 "  2 conflicting cells", "  2 cells changed from the pre-filled values"):
        assert said in lines, lines
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "collection.html", "collection.md", "partners.csv", "provenance.csv"]
    partners = (out / "partners.csv").read_text(encoding="utf-8-sig").splitlines()
    assert partners[0] == ("Organisation,Sector,Resources,Prevention and Awareness Raising,"
                           "Victim Identification,Victim Support,Investigation and "
                           "Prosecution,Strategic")
    hestia = next(line for line in partners if line.startswith("Hestia,"))
    assert hestia == "Hestia,voluntary,No,No,No,Not sure,No,No"  # the newer return's
    report = runner.invoke(cli, ["report", str(out / "partners.csv"), "-o",
                                 str(tmp_path / "r"), "--runs", "0"])
    assert report.exit_code == 0, report.output
    assert "'Not sure'" in report.stderr  # the uncertain mark is listed to confirm
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "## To confirm" in md


def test_collect_refuses_a_changed_form(runner, tmp_path):
    back = _returns(runner, tmp_path)
    forms = tmp_path / "forms"
    fill(forms / "form-Kalayaan.xlsx", back / "kalayaan.xlsx", header={"F1": "Support"})
    out = tmp_path / "out"
    result = runner.invoke(cli, ["collect", str(back), "-o", str(out)])
    assert result.exit_code == 1
    assert ("kalayaan.xlsx [Form], row 1, column F: the form was changed: column "
            "'Victim Support' was renamed 'Support'") in result.stderr
    assert "nothing was written" in result.stderr and not out.exists()


def test_collect_folder_prefer_and_due(runner, tmp_path):
    back = _returns(runner, tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["collect", str(back), "-o", str(out), "--prefer", "first",
                                 "--due", "2030-01-31", "-q"])
    assert result.exit_code == 0 and result.stdout == "", result.output
    md = (out / "collection.md").read_text(encoding="utf-8")
    assert "| Hestia | Resources | Yes | hestia.xlsx | No | hestia-again.xlsx |" in md
    assert "## Late returns" not in md
    assert "3 organisations responded (no expected list was given" in md
    bad = runner.invoke(cli, ["collect", str(back), "-o", str(out), "--prefer", "last"])
    assert bad.exit_code == 2


def _files(folder) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_collect_never_replaces_a_folder_of_forms(runner, tmp_path):
    """p18 #2: collect -o on the folder form --per-organisation wrote is refused, naming
    the command, and every form stays."""
    forms = tmp_path / "forms"
    assert runner.invoke(cli, ["form", str(SEED), "--per-organisation", "-o",
                               str(forms)]).exit_code == 0
    a = fill(next(forms.glob("form-*.xlsx")), tmp_path / "a.xlsx", {})
    before = _files(forms)
    result = runner.invoke(cli, ["collect", str(a), "-o", str(forms)])
    assert result.exit_code == 1
    assert "holds the outputs of netmap form" in result.stderr
    assert "this run (netmap collect) would replace" in result.stderr
    assert _files(forms) == before
    out = tmp_path / "report"  # the other way round: forms into a collection's folder
    assert runner.invoke(cli, ["collect", str(a), "-o", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["form", str(SEED), "--per-organisation", "-o", str(out)])
    assert result.exit_code == 1 and "holds the outputs of netmap collect" in result.stderr


def test_form_again_never_replaces_a_filled_return(runner, tmp_path):
    """p18 #7: a partner's return saved under its form's name is not replaced by running
    form --per-organisation again: refused, naming the file; untouched forms are."""
    forms = tmp_path / "forms"
    args = ["form", str(SEED), "--per-organisation", "-o", str(forms)]
    assert runner.invoke(cli, args).exit_code == 0
    assert runner.invoke(cli, args).exit_code == 0  # forms nobody touched: made again
    mine = sorted(forms.glob("form-*.xlsx"))[0]
    fill(mine, mine, {"C2": "Yes"})
    before = _files(forms)
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert f"{mine.name}: was changed since netmap form wrote it" in result.stderr
    assert _files(forms) == before


def test_collect_folder_reads_text_returns_and_names_what_it_skips(runner, tmp_path):
    """p18 #3: in a folder of returns, a form saved as Excel's "Unicode text" (UTF-16, tab
    separated .txt) is read; an .xls is refused saying how to save it; any other file is
    named as skipped, never dropped silently."""
    forms = tmp_path / "forms"
    assert runner.invoke(cli, ["form", str(SEED), "--per-organisation", "-o",
                               str(forms)]).exit_code == 0
    first = sorted(forms.glob("form-*.xlsx"))[0]
    back = tmp_path / "back"
    back.mkdir()
    text = save_csv(first, tmp_path / "one.csv", {"C2": "Yes"}).read_text(encoding="utf-8-sig")
    (back / "unicode text.txt").write_bytes(text.replace(",", "\t").encode("utf-16"))
    (back / "notes.docx").write_bytes(b"PK\x03\x04 not a form")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["collect", str(back), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 organisation responded" in result.stdout
    assert "notes.docx: skipped, not a form netmap reads" in result.stderr
    (back / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    result = runner.invoke(cli, ["collect", str(back), "-o", str(out)])
    assert result.exit_code == 1 and "old.xls" in result.stderr and ".xlsx" in result.stderr


def test_form_asks_in_the_partnerships_own_words(runner, tmp_path):
    """p18 #9: the form's columns are the partnership's function names (INPUT's header, or
    --functions as given), pre-filled through the vocabulary, defined in plain words, and
    the returns are read back by netmap as the canonical functions."""
    src = tmp_path / "own.csv"
    src.write_text("Organisation,Type,Supporting survivors,Police / prosecution,Steering group\n"
                   "Police,Police,,1,1\nHestia,Charity,1,,\n", encoding="utf-8")
    form = tmp_path / "f.xlsx"
    result = runner.invoke(cli, ["form", str(src), "-o", str(form)])
    assert result.exit_code == 0, result.output
    assert _header(form) == ["Organisation", "Sector", "Supporting survivors",
                             "Police / prosecution", "Steering group"]
    wb = openpyxl.load_workbook(form)
    assert [c.value for c in wb["Form"][2]] == ["Police", "statutory", "No", "Yes", "Yes"]
    assert wb["Functions"]["B2"].value == "Helping survivors recover and rebuild their lives."
    given = tmp_path / "g.xlsx"
    assert runner.invoke(cli, ["form", "-o", str(given), "--functions",
                               "Supporting survivors,Police / prosecution"]).exit_code == 0
    assert _header(given)[2:] == ["Supporting survivors", "Police / prosecution"]
    back = fill(form, tmp_path / "back.xlsx", {"Hestia": {"Steering group": "Yes"}})
    out = tmp_path / "out"
    result = runner.invoke(cli, ["collect", str(back), "--expected", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 cell changed from the pre-filled values" in result.stdout
    report = runner.invoke(cli, ["report", str(out / "partners.csv"), "-o",
                                 str(tmp_path / "rep"), "--runs", "0"])
    assert report.exit_code == 0, report.output
    functions = (tmp_path / "rep" / "functions.csv").read_text(encoding="utf-8-sig")
    assert "Victim Support" in functions and "Strategic" in functions


def test_collect_saved_gives_a_fixed_returns_time(runner, tmp_path):
    """p18 #6: --saved FILE=WHEN (a return's name or path) replaces the time a fixed and
    saved-again return records; a malformed value or an unknown file is a usage error."""
    back = _returns(runner, tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["collect", str(back), "-o", str(out), "--saved",
                                 "ecat.xlsx=2026-01-14T09:30"])
    assert result.exit_code == 0, result.output
    assert "late return" not in result.stdout  # 20 January was the fixer's save
    md = (out / "collection.md").read_text(encoding="utf-8")
    assert "| ecat.xlsx | 2026-01-14 09:30 (given, --saved) |" in md
    for bad, said in (("ecat.xlsx", "write FILE=WHEN"), ("ecat.xlsx=soon", "is not a time"),
                      ("nobody.xlsx=2026-01-14", "is not one of the returns read")):
        result = runner.invoke(cli, ["collect", str(back), "-o", str(out), "--saved", bad])
        assert result.exit_code == 2 and said in result.stderr, (bad, result.output)


def test_form_title_is_the_workbooks_never_its_file_name(runner, tmp_path):
    """p18 #10: the form's title is the title row above INPUT's header; the coordinator's
    file name ('... FINAL - DO NOT SHARE') is never shown to partners, hidden sheet
    included."""
    wb = openpyxl.Workbook()
    wb.active.append(["Anytown Partnership - mapping 2026"])
    wb.active.append(["Organisation", "Victim Support", "Strategic"])
    wb.active.append(["Police", "", "Yes"])
    wb.active.append(["Hestia", "Yes", ""])
    src = tmp_path / "MSP v3 FINAL - DO NOT SHARE.xlsx"
    wb.save(src)
    plain = tmp_path / "secret plans.csv"
    plain.write_text("Organisation,Strategic\nPolice,1\n", encoding="utf-8")
    for given, title in ((src, "Partnership mapping form: Anytown Partnership - mapping 2026"),
                         (plain, "Partnership mapping form")):
        out = tmp_path / f"{given.stem}-form.xlsx"
        assert runner.invoke(cli, ["form", str(given), "-o", str(out)]).exit_code == 0
        made = openpyxl.load_workbook(out)
        assert made["Instructions"]["A1"].value == title
        text = " ".join(str(c) for ws in made for row in ws.iter_rows(values_only=True)
                        for c in row if c)
        assert "SHARE" not in text and "secret" not in text


def test_form_help_lists_only_options_that_apply(runner):
    """p18 #15: form --help does not offer --pseudonymise (refused) or --weighted (a weight
    is a Yes either way)."""
    text = runner.invoke(cli, ["form", "--help"]).output
    assert "--pseudonymise" not in text and "--weighted" not in text
    assert "--sheet" in text and "--uncertain" in text
