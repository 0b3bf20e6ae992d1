"""Writers: CSV injection, strict JSON, atomic files, escaped Markdown."""

from __future__ import annotations

import csv
import io
import json
import os

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netmap
from netmap.errors import OutputError
from netmap.io import outputs as atomic
from netmap.io.runfolder import StagedOutputs, write_text
from netmap.metrics import compute
from netmap.render.markdown import markdown_report, md_escape
from netmap.render.tables import csv_text, json_text, neutralise

from ..conftest import OK


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx",
                                   '=HYPERLINK("http://x")'])
def test_formula_like_text_is_neutralised(value):
    assert neutralise(value) == "'" + value


def test_safe_text_and_numbers_are_left_alone():
    assert neutralise("ECAT") == "ECAT" and neutralise(-1.5) == -1.5 and neutralise("") == ""


def test_csv_text_parses_back_and_neutralises_every_cell():
    df = pd.DataFrame({"organisation": ["=cmd", "Hestia, London", 'Say "hi"'],
                       "=header": [1.0, 2.5, float("nan")]})
    rows = list(csv.reader(io.StringIO(csv_text(df))))
    assert rows == [["organisation", "'=header"], ["'=cmd", "1"], ["Hestia, London", "2.5"],
                    ['Say "hi"', ""]]
    raw = list(csv.reader(io.StringIO(csv_text(df, raw=True))))
    assert raw[1][0] == "=cmd"
    assert csv_text(df, bom=True).startswith("\ufeff")


def test_json_is_strict():
    text = json_text({"a": float("nan"), "b": float("inf"), "c": [1, 2.5], "d": "é"})
    assert json.loads(text, parse_constant=lambda c: pytest.fail(c)) == {
        "a": None, "b": None, "c": [1, 2.5], "d": "é"}
    assert "é" in text


def test_atomic_write_failure_keeps_the_previous_file_and_leaves_no_temporary(tmp_path,
                                                                             monkeypatch):
    target = tmp_path / "report.md"
    write_text(target, "old report")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        write_text(target, "new report that never lands")
    assert target.read_text() == "old report"
    assert os.listdir(tmp_path) == ["report.md"]


def test_staged_outputs_move_in_all_at_once_or_not_at_all(tmp_path):
    out = tmp_path / "outputs"
    with StagedOutputs(out) as stage:
        stage.write_text("a.csv", "first")
        stage.write_text("b.csv", "first")
    with pytest.raises(RuntimeError):
        with StagedOutputs(out) as stage:
            stage.write_text("a.csv", "second")
            raise RuntimeError("crash between two files")
    assert (out / "a.csv").read_text() == "first"
    assert sorted(os.listdir(out)) == [".netmap-run.json", "a.csv", "b.csv"]
    assert sorted(os.listdir(tmp_path)) == ["outputs"]  # no staging folder left beside it


def test_written_files_have_ordinary_permissions(tmp_path):
    path = write_text(tmp_path / "x.txt", "x")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_markdown_escapes_hostile_names():
    assert md_escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert md_escape("a|b") == "a\\|b"
    p = netmap.read(OK / "hostile_names.csv")
    text = markdown_report(p, compute(p), {"file": "hostile_names.csv", "sha256": "0",
                                           "layout": "wide"})
    assert "<img" not in text and "<script" not in text and "</script" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_a_run_that_fails_midway_leaves_the_previous_outputs_and_no_temporary(
        runner, tmp_path, monkeypatch):
    from netmap.cli import cli

    from ..conftest import SEED

    out = tmp_path / "out"
    assert runner.invoke(cli, ["report", str(SEED), "-o", str(out), "--runs", "5"]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = atomic.write_bytes
    calls = {"n": 0}

    def failing(path, data, mode=None):
        calls["n"] += 1
        if calls["n"] == 5:  # the disk fills up at the fifth file
            raise OutputError(f"{path}: could not be written (No space left on device)")
        return real(path, data, mode)

    monkeypatch.setattr(atomic, "write_bytes", failing)
    result = runner.invoke(cli, ["report", str(SEED), "-o", str(out), "--runs", "7"])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".netmap-run.json"]
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_raw_csv_opt_out(runner, tmp_path):
    from netmap.cli import cli

    from ..conftest import OK

    safe = runner.invoke(cli, ["metrics", str(OK / "hostile_names.csv"), "--format", "csv",
                               "--runs", "0"]).stdout
    raw = runner.invoke(cli, ["metrics", str(OK / "hostile_names.csv"), "--format", "csv",
                              "--runs", "0", "--raw-csv"]).stdout
    first = [r[0] for r in csv.reader(io.StringIO(safe))]
    assert '\'=HYPERLINK("http://x")' in first and '=HYPERLINK("http://x")' not in first
    assert '=HYPERLINK("http://x")' in [r[0] for r in csv.reader(io.StringIO(raw))]


def test_notebook_display_is_escaped_html():
    p = netmap.read(OK / "hostile_names.csv")
    for shown in (p._repr_html_(), compute(p, runs=0)._repr_html_()):
        assert "<table" in shown
        assert "<img src=x" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8) | \
    st.sampled_from(["", '"', "\\", "%s", "%", "\x00\x1f", "é😀", "</script>"])
_FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([-0.0, 1e-300, 0.1])
_CELLS = {
    "float": _FLOATS,
    "int": st.integers(-2**62, 2**62),
    "bool": st.booleans(),
    "text": _TEXT,
    "text_or_none": st.none() | _TEXT,
    "names": st.lists(_TEXT, max_size=3),
    "mixed": st.none() | _TEXT | _FLOATS | st.integers() | st.lists(_TEXT, max_size=2)
    | st.dictionaries(_TEXT, st.integers(), max_size=2),
}


@st.composite
def frames(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(_CELLS)), max_size=6))
    n = draw(st.integers(0, 6))
    names = draw(st.lists(_TEXT, min_size=len(kinds), max_size=len(kinds), unique=True))
    data = {name: draw(st.lists(_CELLS[k], min_size=n, max_size=n))
            for name, k in zip(names, kinds, strict=True)}
    df = pd.DataFrame(data, index=range(n))
    for name, k in zip(names, kinds, strict=True):
        if k in ("float", "int", "bool") and n:
            df[name] = df[name].astype({"float": float, "int": "int64", "bool": bool}[k])
    return df


@given(frames())
def test_fast_compact_json_is_byte_identical_to_json_dumps(df):
    from netmap.jsonsafe import records
    from netmap.render.tables import frame_json

    expected = json.dumps(records(df), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"))
    assert frame_json(df) == expected
    assert json_text({"t": df, "n": {"x": float("nan")}}, indent=None) == \
        '{"t":' + expected + ',"n":{"x":null}}\n'


def test_metrics_json_is_the_same_through_the_fast_path(runner, tmp_path):
    from netmap.cli import cli
    from netmap.synth import write_synth_csv

    src = tmp_path / "s.csv"
    write_synth_csv(src, 3000, 9, seed=4)
    for path in (src, OK / "hostile_names.csv"):
        p = netmap.read(path)
        m = compute(p, runs=3)
        slow = json_text(m.as_dict(), None)  # records first, then json.dumps
        out = runner.invoke(cli, ["metrics", str(path), "--format", "json", "--runs", "3"])
        assert out.exit_code == 0 and out.stdout == slow


def test_page_scripts_are_valid_javascript_and_inlined(tmp_path):
    """The map's and the report's scripts live in files of their own, checked by node."""
    import shutil
    import subprocess

    from netmap.render.assets import page_script

    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed to check the pages' scripts (scripts/install-browser)"
    from importlib import resources

    scripts = sorted(f.name for f in resources.files("netmap").joinpath("templates").iterdir()
                     if f.name.endswith(".js"))
    assert {"map.js", "report.js", "trend.js", "whatif.js"} <= set(scripts)
    for name in scripts:  # every page script, whoever adds one
        path = tmp_path / name
        path.write_text(page_script(name), encoding="utf-8")
        done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
    p = netmap.read(OK / "small.csv")
    from netmap.render.map import map_html

    page = map_html(p, compute(p, runs=0))
    assert page_script("map.js") in page and "var(--nm-gap)" in page


def test_every_page_extends_the_base_template_and_uses_the_palette():
    from importlib import resources

    from netmap.render import palette

    folder = resources.files("netmap").joinpath("templates")
    pages = [t for t in folder.iterdir() if t.name.endswith(".html.j2")
             and not t.name.startswith("_")]
    assert {t.name for t in pages} == {"map.html.j2", "report.html.j2", "compare.html.j2",
                                       "diff.html.j2", "scenario.html.j2", "trend.html.j2",
                                       "collection.html.j2"}
    for t in pages:
        text = t.read_text(encoding="utf-8")
        assert text.startswith('{% extends "_base.html.j2" %}'), t.name
    retyped = [c for c in (palette.GAP, palette.ACCENT, palette.GAP_TEXT, palette.GAIN_TEXT)
               for t in folder.iterdir() if t.name.endswith((".j2", ".js"))
               if c.lower() in t.read_text(encoding="utf-8").lower()]
    assert retyped == []


def test_negative_floats_stay_numbers_in_csv():
    """A z-score of -1.02 loads into pandas as a number (only text is neutralised)."""
    df = pd.DataFrame({"name": ["-Minus", "A"], "z": [-1.0222537522721797, 0.5],
                       "n": pd.array([-3, None], dtype="Int64")})
    text = csv_text(df)
    back = pd.read_csv(io.StringIO(text))
    assert back["z"].tolist() == [-1.0222537522721797, 0.5]
    assert back["name"].tolist() == ["'-Minus", "A"] and back["n"].iloc[0] == -3
