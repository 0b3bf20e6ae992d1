"""The columnar fast path for wide text tables (netmap/io/columnar.py), issue 17.

Every test loads a file twice, through the columnar path and through the row
reader alone, and checks that both give the same partnership (organisations,
functions, engagements, weights, attributes, uncertain cells, name, source)
and the same problems (messages, rows, columns, hints), or raise the same
errors. Cases covered:
- the bundled partnership, the three examples and the second wave, and every
  clean fixture (BOM, ``sep=`` line, separators ; tab |, marks, an organisation
  without engagement, a function nobody provides): columnar, the same;
- synthetic partnerships (``netmap synth``), unweighted and ``--weighted``:
  columnar, the same;
- comment lines above the header and Windows line ends (row numbers in the
  warnings): columnar, the same;
- a sector column (and the vocabulary reading it) and a notes column with
  spaces to trim: columnar, the same;
- weights (``2``, ``0.5``) with ``--weighted``: columnar, the same; without it:
  the same errors naming the cells;
- uncertain marks (``TBC``, ``?``) under each ``--uncertain``, blank rows, short
  rows, quoted names, near-duplicate and repeated names, a summary row, a
  title row, a free-text column: left to the row reader, the same result;
- a dirty file (a stray word, ``#REF!``, a row longer than the header, a row
  with no name): the very same problems, raised by the row reader;
- any small table drawn from marks, weights, uncertain marks, errors, free
  text, odd names (summary labels, near-duplicates, non-ASCII, blank), odd
  headers, comment lines, rows of another width and either line end, with and
  without weights and under each ``--uncertain`` (property test): both ways
  the same.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmap
import netmap.io
from netmap.errors import InputError
from netmap.io import columnar
from netmap.synth import write_synth_csv

from ..conftest import ROOT

DATA = ROOT / "data"
OK = ROOT / "tests" / "data" / "ok"
CLEAN = [DATA / "partners.csv", *sorted((DATA / "examples").glob("*.csv")),
         DATA / "examples" / "waves" / "partners_wave2.csv",
         *[OK / f for f in ("bom.csv", "excel_sep_line.csv", "function_no_provider.csv",
                            "marks.csv", "org_no_engagement.csv", "pipe.csv", "semicolon.csv",
                            "tab.csv", "small.csv", "thirteen_sectors.csv")]]
HEADER = "organisation,sector,Shelter,Health,Legal\n"


def _outcome(path, monkeypatch, columnar_on: bool, **options):
    """``(result, taken)``: the Loaded (or the problems of the InputError), and whether
    the columnar path read the file."""
    taken: list = []
    real = columnar.load_wide_columnar

    def spy(p, o):
        out = real(p, o) if columnar_on else None
        taken.append(out is not None)
        return out

    with monkeypatch.context() as m:
        m.setattr(columnar, "load_wide_columnar", spy)
        try:
            return netmap.io.load(path, **options), any(taken)
        except InputError as e:
            return e.problems, any(taken)


def _assert_same(fast, slow) -> None:
    assert type(fast) is type(slow)
    if isinstance(fast, list):
        assert fast == slow
        return
    assert fast.problems == slow.problems and fast.layout == slow.layout
    for f in dataclasses.fields(fast.partnership):
        a, b = getattr(fast.partnership, f.name), getattr(slow.partnership, f.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        else:
            assert a == b, f.name


def both(path, monkeypatch, **options) -> tuple:
    """Load ``path`` both ways, check they agree; return ``(result, columnar taken)``."""
    fast, taken = _outcome(path, monkeypatch, True, **options)
    slow, _ = _outcome(path, monkeypatch, False, **options)
    _assert_same(fast, slow)
    return fast, taken


def _write(tmp_path: Path, text: str, name: str = "p.csv", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_bundled_data_examples_and_clean_fixtures_read_columnar_the_same(path, monkeypatch):
    for weighted in (False, True):
        loaded, taken = both(path, monkeypatch, weighted=weighted)
        assert taken and not isinstance(loaded, list)


def test_synthetic_partnerships_read_columnar_the_same(tmp_path, monkeypatch):
    for n, seed in ((1, 0), (40, 2), (3000, 7)):
        path = tmp_path / f"s{n}.csv"
        write_synth_csv(path, n, 9, seed=seed)
        for weighted in (False, True):
            loaded, taken = both(path, monkeypatch, weighted=weighted)
            assert taken and len(loaded.partnership.organisations) == n


def test_comments_and_windows_line_ends_keep_row_numbers(tmp_path, monkeypatch):
    text = ("# made by hand\n# second note, with a comma\n" + HEADER
            + "Hope,voluntary,1,,\nIdle,statutory,,,\nPolice,statutory,,x,1\n")
    path = _write(tmp_path, text, newline="\r\n")
    loaded, taken = both(path, monkeypatch)
    assert taken
    idle = [p for p in loaded.problems if "Idle" in p.message]
    assert [(p.severity, p.row) for p in idle] == [("warning", 5)]


def test_sector_and_notes_columns_read_columnar_the_same(tmp_path, monkeypatch):
    path = _write(tmp_path, "organisation,sector,notes,Shelter,Health\n"
                  "Hope,Charity , beds for 10 ,1,\nPolice,police,,x,1\nChurch,faith,,,1\n")
    loaded, taken = both(path, monkeypatch)
    assert taken
    assert loaded.partnership.attributes["notes"].tolist() == ["beds for 10", "", ""]
    # the vocabulary reading the sector column after either path
    fast = netmap.load(path)
    with monkeypatch.context() as m:
        m.setattr(columnar, "load_wide_columnar", lambda p, o: None)
        slow = netmap.load(path)
    _assert_same(fast, slow)
    assert fast.partnership.attributes["sector"].tolist() == ["voluntary", "statutory", "faith"]


def test_weights_read_columnar_and_refused_the_same_without_weighted(tmp_path, monkeypatch):
    path = _write(tmp_path, HEADER + "Hope,voluntary,2,0.5,\nPolice,statutory,1,,3\n")
    loaded, taken = both(path, monkeypatch, weighted=True)
    assert taken
    assert loaded.partnership.engagements["weight"].tolist() == [2.0, 0.5, 1.0, 3.0]
    problems, taken = both(path, monkeypatch)
    assert not taken and [(p.row, p.column) for p in problems if p.is_error] == \
        [(2, 2), (2, 3), (3, 4)]


@pytest.mark.parametrize("uncertain", ["not-engaged", "engaged", "error"])
def test_uncertain_marks_are_left_to_the_row_reader(tmp_path, monkeypatch, uncertain):
    path = _write(tmp_path, HEADER + "Hope,voluntary,TBC,1,\nPolice,statutory,?,,1\n")
    loaded, taken = both(path, monkeypatch, uncertain=uncertain)
    assert not taken
    if uncertain != "error":
        assert len(loaded.partnership.uncertain) == 2


@pytest.mark.parametrize("body", [
    "Hope,voluntary,1,,\n,,,,\nPolice,statutory,,1,\n",  # a blank row
    "Hope,voluntary,1\nPolice,statutory,,1,\n",  # a short row
    '"Hope, Leeds",voluntary,1,,\nPolice,statutory,,1,\n',  # a quoted name
    "Barnardo's,voluntary,1,,\nBarnardos,voluntary,,1,\n",  # near-duplicate names
    "Hope,voluntary,1,,\nHope,voluntary,,1,\n",  # the same name twice
    "Hope,voluntary,1,,\nPolice,statutory,,1,\nTotal,,1,1,0\n",  # a summary row
    "Hope  Trust,voluntary,1,,\nPolice ,statutory,,1,\n",  # names to clean
    "Pоlice,statutory,1,,\nHope,voluntary,,1,\n",  # a Cyrillic look-alike letter
])
def test_rows_that_are_not_plain_are_left_to_the_row_reader(tmp_path, monkeypatch, body):
    loaded, taken = both(_write(tmp_path, HEADER + body), monkeypatch)
    assert not taken and not isinstance(loaded, list)


def test_title_row_and_free_text_column_are_left_to_the_row_reader(tmp_path, monkeypatch):
    titled = _write(tmp_path, "Anytown partnership 2025\n" + HEADER
                    + "Hope,voluntary,1,,\nPolice,statutory,,1,\n", "t.csv")
    texts = _write(tmp_path, "organisation,Shelter,Remarks,Health\n"
                   "Hope,1,new in 2024,\nPolice,,lead agency,1\nChurch,1,volunteers only,1\n",
                   "x.csv")
    for path in (titled, texts):
        loaded, taken = both(path, monkeypatch)
        assert not taken and any(p.severity == "warning" for p in loaded.problems)


def test_a_dirty_file_gives_the_very_same_problems(tmp_path, monkeypatch):
    path = _write(tmp_path, HEADER + "Hope,voluntary,1,maybe not,\nPolice,statutory,#REF!,,1\n"
                  "Church,faith,1,,,\n,voluntary,1,,\n")
    problems, taken = both(path, monkeypatch)
    assert not taken
    errors = [(p.row, p.column) for p in problems if p.is_error]
    assert errors == [(2, 3), (3, 2), (4, 5), (5, 0)]


_CLEAN = ["", "", "1", "1", "1", "x", "yes", "0", "no", " 1 ", "✓", "1.0"]
_ODD = ["2", "0.5", "-1", "TBC", "?", "#REF!", "maybe not", "1e3", "nan", "Ann Lee", " "]
# mostly clean cells (read columnar), now and then one the row reader must see
_CELLS = st.sampled_from(_CLEAN * 30 + _ODD)
_ODD_NAMES = st.sampled_from(["Total", "Barnardos", "Barnardo's", "NA", "Hope  Trust",
                              " Pad", "Café", "007", "=cmd", "org 1", ""])
_HEADERS = st.sampled_from(["Shelter", "Health", "Legal", "Outreach", "Advice", "Housing"] * 4
                           + ["sector", "notes", "Function", "shelter", "", "Contact"])


@st.composite
def _tables(draw) -> tuple:
    width = draw(st.integers(1, 4))
    header = ["organisation", *draw(st.lists(_HEADERS, min_size=width, max_size=width,
                                             unique=draw(st.integers(0, 3)) > 0))]
    rows = draw(st.lists(st.lists(_CELLS, min_size=width, max_size=width), min_size=1,
                         max_size=6))
    names = [f"Org {i + 1}" for i in range(len(rows))]
    if draw(st.integers(0, 3)) == 0:
        names[draw(st.integers(0, len(rows) - 1))] = draw(_ODD_NAMES)
    lines = [",".join(header)] + [",".join([name, *cells])
                                  for name, cells in zip(names, rows, strict=True)]
    if draw(st.booleans()):
        lines.insert(0, "# a comment")
    if draw(st.integers(0, 4)) == 0:  # a row of another width now and then
        k = draw(st.integers(1, len(lines) - 1))
        lines[k] += draw(st.sampled_from([",", ",1", ""]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_tables(), st.booleans(), st.sampled_from(["not-engaged", "engaged", "error"]))
def test_any_small_table_reads_the_same_both_ways(tmp_path, monkeypatch, text, weighted,
                                                  uncertain):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(text.encode("utf-8"))
    both(path, monkeypatch, weighted=weighted, uncertain=uncertain)
