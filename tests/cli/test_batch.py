"""Batch reports (issue 17, "Batch"): ``netmap report INPUT... -o OUTDIR`` writes one
subfolder per input on a process pool (``--jobs N``).

- each subfolder holds what ``netmap report INPUT -o OUTDIR/NAME`` writes, byte for byte
  (report.md, the tables); two files of one name get ``name`` and ``name-2``; one input
  behaves as before: ``test_one_subfolder_per_input_as_a_single_report_writes_it``;
- a failing input is named, the others are written, the exit code is 1; with
  ``--fail-on-gaps`` and no failure it is 3: ``test_failures_and_gaps_set_the_exit_code``;
- subfolder names are safe on every system: ``folder_names`` (doctest) and
  ``test_folder_names_are_safe_and_distinct``; never the name another input's file gives
  (``north``, ``north``, ``north-2``), letters of any alphabet kept:
  ``test_folder_names_never_collide_with_another_inputs_name``;
- a batch stopped by SIGTERM (``--jobs 2``) or Ctrl-C (``--jobs 1``) stops at once: no
  report is started after the signal, the running ones leave their folders as they were,
  it says which reports were written and exits 143 or 130, no worker is left running:
  ``test_a_stopped_batch_stops_and_says_what_it_wrote``.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time

import pytest

from netmap.cli import cli
from netmap.cli.batch import folder_names

from ..conftest import BAD, ROOT, SEED, alive, child_processes

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


def test_folder_names_never_collide_with_another_inputs_name():
    names = folder_names(["a/north.csv", "b/North.csv", "north-2.csv", "Café Ünïté.csv"])
    assert names == ["north", "North-3", "north-2", "Café-Ünïté"]
    assert len({n.casefold() for n in names}) == len(names)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("jobs, sig, code", [("2", signal.SIGTERM, 143),
                                             ("1", signal.SIGINT, 130)])
def test_a_stopped_batch_stops_and_says_what_it_wrote(tmp_path, jobs, sig, code):
    from netmap.synth import write_synth_csv

    inputs = []
    for k in range(4):
        path = tmp_path / f"big_{k}.csv"
        write_synth_csv(path, 3000, 12, seed=k)
        inputs.append(str(path))
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "netmap", "report", *inputs, "-o", str(out),
                             "--jobs", jobs, "--runs", "5"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # stopped while the first reports run: their staging folders are being written
    while time.monotonic() < deadline and proc.poll() is None and not (
            out.exists() and any("netmap-stage" in p.name for p in out.iterdir())):
        time.sleep(0.05)
    time.sleep(0.5)
    workers = child_processes(proc.pid)
    proc.send_signal(sig)
    stopped = time.monotonic()
    _, err = proc.communicate(timeout=60)
    assert time.monotonic() - stopped < 30
    assert proc.returncode == code, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("netmap: interrupted:" if code == 130 else
                           "netmap: stopped by a signal:"), err
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert len(written) < 4  # the batch did not carry on
    for name in written:
        assert name in last and (out / name / "report.html").is_file()
    if not written:
        assert "no report was written" in last
    assert not [p for p in tmp_path.rglob("*") if "netmap-stage" in p.name
                or "netmap-old" in p.name], "a staging folder was left"
    time.sleep(0.5)
    assert not [pid for pid in workers if alive(pid)]
