"""Batch reports (issue 17, "Batch"): ``netmap report INPUT... -o OUTDIR`` writes one
subfolder per input on a process pool (``--jobs N``).

- each subfolder holds what ``netmap report INPUT -o OUTDIR/NAME`` writes, byte for byte
  (report.md, the tables); two files of one name get ``name`` and ``name-2``; one input
  behaves as before: ``test_one_subfolder_per_input_as_a_single_report_writes_it``;
- a failing input is named, the others are written, the exit code is 1; with
  ``--fail-on-gaps`` and no failure it is 3: ``test_failures_and_gaps_set_the_exit_code``;
- subfolder names are safe on every system: ``folder_names`` (doctest) and
  ``test_folder_names_are_safe_and_distinct``.
"""

from __future__ import annotations

import shutil

from netmap.cli import cli
from netmap.cli.batch import folder_names

from ..conftest import BAD, ROOT, SEED

EXAMPLES = ROOT / "data" / "examples"


def test_one_subfolder_per_input_as_a_single_report_writes_it(runner, tmp_path):
    twin = tmp_path / "other" / "partners.csv"
    twin.parent.mkdir()
    shutil.copy(EXAMPLES / "eastvale.csv", twin)
    out = tmp_path / "batch"
    inputs = [str(SEED), str(EXAMPLES / "westbridge.csv"), str(twin)]
    result = runner.invoke(cli, ["report", *inputs, "-o", str(out), "--runs", "5",
                                 "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["partners", "partners-2", "westbridge"]
    assert "3 of 3 reports written" in result.output
    for source, name in ((SEED, "partners"), (EXAMPLES / "westbridge.csv", "westbridge"),
                         (twin, "partners-2")):
        alone = tmp_path / f"alone-{name}"
        single = runner.invoke(cli, ["report", str(source), "-o", str(alone), "--runs", "5"])
        assert single.exit_code == 0, single.output
        for stem in ("report.md", "organisations.csv", "functions.csv", "gaps.csv"):
            assert (out / name / stem).read_bytes() == (alone / stem).read_bytes(), (name,
                                                                                     stem)
        assert (out / name / "report.html").is_file()


def test_failures_and_gaps_set_the_exit_code(runner, tmp_path):
    out = tmp_path / "b"
    result = runner.invoke(cli, ["report", str(EXAMPLES / "westbridge.csv"),
                                 str(BAD / "many_problems.csv"), "-o", str(out), "--runs", "0",
                                 "--jobs", "1"])
    assert result.exit_code == 1
    assert "1 of 2 reports written" in result.output and "many_problems.csv" in result.output
    assert (out / "westbridge" / "report.html").is_file()
    assert not (out / "many_problems").exists()
    gaps = runner.invoke(cli, ["report", str(EXAMPLES / "westbridge.csv"),
                               str(EXAMPLES / "eastvale.csv"), "-o", str(tmp_path / "g"),
                               "--runs", "0", "--fail-on-gaps"])
    assert gaps.exit_code == 3, gaps.output


def test_folder_names_are_safe_and_distinct():
    names = folder_names(["../../etc/passwd.csv", "CON.csv", "a b/ü?.csv", "x/ü?.csv", ".csv"])
    assert len(set(n.casefold() for n in names)) == len(names)
    for n in names:
        assert n and "/" not in n and "\\\\" not in n and not n.startswith(".") and ".." not in n
    assert names[1] == "CON-partnership"  # a device name on Windows
