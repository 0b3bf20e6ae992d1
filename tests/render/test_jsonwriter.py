"""JSON written in pieces (netmap/render/jsonwriter.py), issue 17's national scale.

Cases covered:
- the text written in blocks of rows is byte-identical to ``json.dumps`` of the
  records, for any table and any block size (property test), and ``json_text``
  is what ``write_json`` writes;
- values that compare equal but print differently stay apart when distinct
  values are written once: ``-0.0`` and ``0.0``, ``1``, ``1.0`` and ``True`` in
  one column, NaN and infinities (``null``);
- neighbouring columns with few combinations are joined once per combination
  and still give each row its own values;
- ``netmap metrics --format json`` writes to standard output in pieces, the same
  bytes as the text built whole, with a block size smaller than the table.
"""

from __future__ import annotations

import io
import json

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import netmap
from netmap.jsonsafe import records
from netmap.render import jsonwriter
from netmap.render.jsonwriter import frame_pieces, write_json
from netmap.render.tables import json_text
from tests.render.test_writers import frames


def _dumps(df: pd.DataFrame) -> str:
    return json.dumps(records(df), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


@settings(max_examples=150, deadline=None)
@given(frames(), st.integers(1, 4))
def test_blocks_of_rows_give_the_bytes_of_json_dumps(df, block):
    assert "".join(frame_pieces(df, block)) == _dumps(df)


@settings(max_examples=60, deadline=None)
@given(frames())
def test_json_text_is_what_write_json_writes(df):
    obj = {"t": df, "n": {"x": float("nan"), "y": [1, "é"]}}
    for indent in (None, 2):
        buf = io.StringIO()
        write_json(obj, buf, indent)
        assert buf.getvalue() == json_text(obj, indent)
    assert json_text(obj, None) == '{"t":' + _dumps(df) + ',"n":{"x":null,"y":[1,"é"]}}\n'


def test_equal_values_that_print_differently_stay_apart():
    df = pd.DataFrame({
        "zero": [0.0, -0.0, 0.0, -0.0] * 3,
        "special": [float("nan"), float("inf"), -float("inf"), 1e-300] * 3,
        "mixed": [1, 1.0, True, "1"] * 3,  # equal in Python, four texts in JSON
        "flag": [True, False, True, True] * 3,
    })
    text = "".join(frame_pieces(df, 5))
    assert text == _dumps(df)
    rows = json.loads(text)
    assert [json.dumps(r["zero"]) for r in rows[:2]] == ["0.0", "-0.0"]
    assert [r["mixed"] for r in rows[:4]] == [1, 1.0, True, "1"]
    assert [type(r["mixed"]) for r in rows[:4]] == [int, float, bool, str]
    assert [r["special"] for r in rows[:4]] == [None, None, None, 1e-300]


def test_few_combinations_are_joined_and_each_row_keeps_its_values():
    n = 400
    df = pd.DataFrame({
        "name": [f"org {i}" for i in range(n)],
        "a": [i % 3 for i in range(n)],
        "b": [(i % 3) / 7 for i in range(n)],
        "c": [["x"] if i % 2 else [] for i in range(n)],
        "d": [i % 5 == 0 for i in range(n)],
    })
    rows = jsonwriter._rows(df, [json.dumps(c) + ":" for c in df.columns])
    assert ",".join(rows) == _dumps(df)[1:-1]
    assert json.loads(rows[7]) == {"name": "org 7", "a": 1, "b": 1 / 7, "c": ["x"], "d": False}


def test_metrics_json_is_written_in_pieces_with_the_same_bytes(runner, tmp_path, monkeypatch):
    from netmap.cli import cli
    from netmap.metrics import compute
    from netmap.synth import write_synth_csv

    src = tmp_path / "s.csv"
    write_synth_csv(src, 700, 8, seed=3)
    whole = json_text(compute(netmap.read(src), runs=2).as_dict(), None)
    monkeypatch.setattr(jsonwriter, "BLOCK_ROWS", 64)
    pieces: list = []
    real = jsonwriter.frame_pieces

    def counted(df, block=None):
        for piece in real(df, block):
            pieces.append(len(piece))
            yield piece

    monkeypatch.setattr(jsonwriter, "frame_pieces", counted)
    out = runner.invoke(cli, ["metrics", str(src), "--format", "json", "--runs", "2"])
    assert out.exit_code == 0, out.output
    assert out.stdout == whole
    # the organisations in 11 blocks of at most 64 rows, the functions in one; each
    # table between "[" and "]": never the whole text as one string
    assert len(pieces) == (2 + 11) + (2 + 1)
    assert max(pieces) < len(whole) / 5
