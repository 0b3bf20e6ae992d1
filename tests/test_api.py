"""The public API: every name exported, typed, documented with an example or a description."""

from __future__ import annotations

import inspect
from pathlib import Path

import netmap


def _callables():
    for name in netmap.__all__:
        obj = getattr(netmap, name)
        if inspect.isfunction(obj):
            yield name, obj
        elif inspect.isclass(obj) and obj.__module__.startswith("netmap"):
            for attr, member in vars(obj).items():
                func = member.__func__ if isinstance(member, (classmethod, staticmethod)) \
                    else member
                if inspect.isfunction(func) and not attr.startswith("_"):
                    yield f"{name}.{attr}", func


def test_every_public_callable_is_fully_annotated():
    missing = []
    for name, func in _callables():
        sig = inspect.signature(func)
        missing += [f"{name}({p})" for p, v in sig.parameters.items()
                    if v.annotation is inspect.Parameter.empty and p not in ("self", "cls")]
        if sig.return_annotation is inspect.Signature.empty:
            missing.append(f"{name} -> ?")
    assert not missing, missing


def test_every_public_name_is_documented():
    assert all((getattr(netmap, n).__doc__ or "").strip() for n in netmap.__all__
               if n != "__version__")
    assert all((func.__doc__ or "").strip() for _, func in _callables())


def test_package_is_marked_typed():
    assert (Path(netmap.__file__).parent / "py.typed").is_file()


def test_public_functions_have_numpydoc_sections_with_examples():
    """Parameters, Returns and Examples (the examples run as doctests in CI)."""
    lacking = []
    for name in netmap.__all__:
        func = getattr(netmap, name)
        if inspect.isfunction(func):
            doc = inspect.getdoc(func) or ""
            lacking += [f"{name}: {section}" for section in ("Parameters", "Returns", "Examples")
                        if f"{section}\n{'-' * len(section)}" not in doc]
    assert lacking == []


def test_write_report_writes_what_netmap_report_writes_byte_for_byte(runner, tmp_path):
    from netmap.cli import cli

    from .conftest import SEED

    cli_out, lib_out = tmp_path / "cli", tmp_path / "lib"
    result = runner.invoke(cli, ["report", str(SEED), "-o", str(cli_out)])
    assert result.exit_code == 0, result.output
    written = netmap.write_report(netmap.load(SEED), lib_out)

    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files(cli_out) == files(lib_out)
    assert sorted(p.relative_to(lib_out).as_posix() for p in written) == sorted(
        name for name in files(lib_out) if name != ".netmap-run.json")
    map_cli, map_lib = tmp_path / "cli.html", tmp_path / "lib.html"
    assert runner.invoke(cli, ["map", str(SEED), "-o", str(map_cli)]).exit_code == 0
    netmap.write_map(netmap.read(SEED), map_lib)
    assert map_cli.read_bytes() == map_lib.read_bytes()


def test_tests_mirror_the_package():
    from .conftest import ROOT

    for sub in ("io", "metrics", "render", "cli"):
        assert (ROOT / "netmap" / sub / "__init__.py").is_file()
        assert list((ROOT / "tests" / sub).glob("test_*.py")), f"no tests/{sub}/"
    assert not list((ROOT / "tests").glob("test_reliability_*.py"))


def test_write_compare_and_write_diff_write_what_the_commands_write(runner, tmp_path):
    from netmap.cli import cli

    from .conftest import ROOT, SEED

    ex = ROOT / "data" / "examples"
    files = [ex / "eastvale.csv", ex / "westbridge.csv"]
    result = runner.invoke(cli, ["compare", *map(str, files), "-o", str(tmp_path / "cli"),
                                 "--null-draws", "20", "--runs", "5", "-q"])
    assert result.exit_code == 0, result.output
    c = netmap.compare([netmap.read(f) for f in files], null_draws=20, runs=5)
    netmap.write_compare(c, tmp_path / "lib")

    def files_of(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert files_of(tmp_path / "cli") == files_of(tmp_path / "lib")
    wave2 = ex / "waves" / "partners_wave2.csv"
    result = runner.invoke(cli, ["diff", str(SEED), str(wave2), "-o", str(tmp_path / "dcli"),
                                 "--runs", "5", "-q"])
    assert result.exit_code == 0, result.output
    d = netmap.diff(netmap.read(SEED), netmap.read(wave2), runs=5)
    sources = [{"file": f.name, "sha256": netmap.io.files.file_sha256(f)} for f in (SEED, wave2)]
    netmap.write_diff(d, tmp_path / "dlib", sources=sources)
    assert files_of(tmp_path / "dcli") == files_of(tmp_path / "dlib")


def test_results_are_typed_and_show_rounded_numbers_in_a_notebook():
    """Issue 16, "The library": Comparison and the results of whatif, diff and trend are
    typed objects with _repr_html_ showing rounded numbers (and whatif/diff stay the dicts
    --format json prints)."""
    import dataclasses

    from netmap.diff import Diff
    from netmap.whatif import WhatIf

    p = netmap.read("data/partners.csv")
    wave2 = netmap.read("data/examples/waves/partners_wave2.csv")
    w = netmap.whatif(p, ["ECAT"], runs=10)
    d = netmap.diff(p, wave2, runs=10)
    c = netmap.compare([p, dataclasses.replace(wave2, name="wave2")], runs=5, null_draws=20)
    t = netmap.trend([p, dataclasses.replace(wave2, name="wave2")], runs=5)
    assert isinstance(w, WhatIf) and isinstance(w, dict) and w.functions is w["functions"]
    assert isinstance(d, Diff) and d.joined == d["joined"]
    assert set(w.tables()) == {"functions", "gaps", "centrality", "network"}
    robustness = round(w.network["robustness"]["before"], 3)
    assert f"{robustness}" in w._repr_html_()
    assert str(w.network["robustness"]["before"]) not in w._repr_html_()  # rounded
    for result in (d, c, t):
        page = result._repr_html_()
        assert page.startswith("<") and "0.2361111" not in page  # connectance, rounded
    assert "0.236" in c._repr_html_() and "0.236" in t._repr_html_()
    import json

    from netmap.jsonsafe import plain

    assert json.loads(json.dumps(plain(w)))["functions"][0]["providers_after"] == 4


def test_errors_raised_in_python_speak_of_keyword_arguments(tmp_path, runner):
    """Issue 16, "The library": an error raised in Python does not tell the user to pass a
    command-line flag; the command line still does."""
    import pytest

    from netmap.cli import cli

    path = tmp_path / "weights.csv"
    path.write_text("organisation,Resources,Strategic\nA,3,\nB,,2\n", encoding="utf-8")
    with pytest.raises(netmap.InputError) as e:
        netmap.read(path)
    assert "weighted=True" in str(e.value) and "--weighted" not in str(e.value)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "--weighted" in result.output
    p = netmap.read("data/partners.csv")
    for bad in ({"seed": -3}, {"runs": 1.5}):
        with pytest.raises(netmap.NetmapError, match=f"{next(iter(bad))} must be a whole"):
            netmap.compute(p, **bad)
