"""Figures drawn in a helper process (issue 17, "netmap report on the bundled data ≤ 2 s":
draw once, render in parallel, import only what is drawn).

- test_helper_draws_the_same_bytes: a Drawer's helper process draws the report's figures,
  byte for byte the figures drawn in the caller.
- test_report_aside_writes_the_same_folder: ``netmap report`` of a partnership of more than
  WORTH_IT organisations with the figures drawn aside (``--jobs 2``) writes the same files,
  byte for byte, as with ``--jobs 1``.
- test_a_small_report_draws_in_its_own_process: the bundled partnership (36) starts no helper.
- test_compare_aside_writes_the_same_folder: ``netmap compare`` of three partnerships with a
  null model: the network pictures drawn aside, the same files as with ``--jobs 1``.
- test_a_dead_helper_is_replaced_by_the_caller: the helper killed before it answers: the
  caller draws the figures itself, the same.
- test_jobs_that_do_not_pickle_are_drawn_here: a partnership that cannot be sent to the
  helper is drawn in the caller, without a wait or a traceback.
- test_no_helper_without_a_python_to_start: no executable to start (a frozen program): no
  helper, the caller draws.
- test_disabled_drawer_draws_in_the_caller: ``Drawer(enabled=False)`` (``--jobs 1``).
- test_the_helper_does_not_run_the_callers_script: a script without a ``__main__`` guard that
  uses a Drawer runs once, not again in the helper (as multiprocessing's spawn would).
- test_ctrl_c_stops_report_and_its_helper: Ctrl-C during a real ``netmap report``: exit 130,
  one line, no traceback, and no helper process left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import netmap
from netmap.cli import cli
from netmap.render import drawing
from netmap.render.drawing import Drawer
from netmap.render.figures import figures

from ..conftest import ROOT, SEED, alive, child_processes


@pytest.fixture
def spare(monkeypatch):
    """A helper is started whatever the machine's cores (so one-core machines test it too)."""
    monkeypatch.setattr(drawing, "spare_core", lambda: True)


@pytest.fixture(scope="module")
def seed():
    p = netmap.read(SEED)
    return p, netmap.compute(p, runs=10)


def test_helper_draws_the_same_bytes(spare, seed):
    p, m = seed
    with Drawer() as drawer:
        assert drawer.aside
        drawer.draw({"report": ("figures", (p, m))})
        aside = drawer.results()["report"]
        assert drawer.drawn_aside == {"report"}
    here = figures(p, m)
    assert sorted(aside) == ["coverage_heatmap", "network", "robustness_curve"]
    assert aside == here


def _files(folder):
    return {f.relative_to(folder).as_posix(): f.read_bytes()
            for f in sorted(folder.rglob("*")) if f.is_file() and f.name != ".netmap-run.json"}


def test_report_aside_writes_the_same_folder(spare, runner, tmp_path, monkeypatch):
    from netmap.synth import write_synth_csv

    source = tmp_path / "large.csv"
    write_synth_csv(source, drawing.WORTH_IT + 20, 12, seed=4)
    started = []
    real = Drawer._start
    monkeypatch.setattr(Drawer, "_start", lambda self: (started.append(1), real(self)))
    one, two = tmp_path / "one", tmp_path / "two"
    for out, jobs in ((one, "1"), (two, "2")):
        result = runner.invoke(cli, ["report", str(source), "-o", str(out), "--jobs", jobs,
                                     "--runs", "10", "-q"])
        assert result.exit_code == 0, result.output
    assert started == [1]  # the helper drew for --jobs 2 only
    assert _files(one) == _files(two)
    assert "figures/network.svg" in _files(two)


def test_a_small_report_draws_in_its_own_process(spare, runner, tmp_path, monkeypatch):
    """Below WORTH_IT organisations the helper's start costs more than it saves."""
    started = []
    monkeypatch.setattr(Drawer, "_start", lambda self: started.append(1))
    result = runner.invoke(cli, ["report", str(SEED), "-o", str(tmp_path / "o"), "--jobs", "2",
                                 "--runs", "0", "-q"])
    assert result.exit_code == 0, result.output
    assert started == []


def test_compare_aside_writes_the_same_folder(spare, runner, tmp_path):
    examples = ROOT / "data" / "examples"
    inputs = [str(examples / f"{name}.csv") for name in ("eastvale", "northshire", "westbridge")]
    one, two = tmp_path / "one", tmp_path / "two"
    for out, jobs in ((one, "1"), (two, "2")):
        result = runner.invoke(cli, ["compare", *inputs, "-o", str(out), "--jobs", jobs,
                                     "--null-draws", "50", "--runs", "5", "-q"])
        assert result.exit_code == 0, result.output
    files = _files(two)
    assert files == _files(one)
    assert {"figures/network_3_westbridge.png", "figures/null_models.svg"} <= set(files)


def test_a_dead_helper_is_replaced_by_the_caller(spare, seed):
    p, m = seed
    with Drawer() as drawer:
        assert drawer.aside
        drawer._process.kill()
        drawer._process.wait(timeout=30)
        drawer.draw({"report": ("figures", (p, m))})
        assert drawer.results()["report"] == figures(p, m)
        assert drawer.drawn_aside == set()


def test_jobs_that_do_not_pickle_are_drawn_here(spare, seed, capfd):
    import copy

    p, m = seed
    q = copy.copy(p)
    object.__setattr__(q, "_cache", {**p._cache, "unsendable": lambda: None})
    with Drawer() as drawer:
        assert drawer.aside
        drawer.draw({"n": ("network_picture", (q, m))})
        out = drawer.results()
        assert drawer.drawn_aside == set()
    assert out["n"] == figures(p, m)["network"]
    assert "Traceback" not in capfd.readouterr().err


def test_no_helper_without_a_python_to_start(spare, monkeypatch, seed):
    monkeypatch.setattr(sys, "executable", "")
    p, m = seed
    with Drawer() as drawer:
        assert not drawer.aside
        drawer.draw({"n": ("network_picture", (p, m))})
        assert drawer.results()["n"]["png"][:4] == b"\x89PNG"


def test_disabled_drawer_draws_in_the_caller(spare):
    with Drawer(enabled=False) as drawer:
        assert not drawer.aside


def test_the_helper_does_not_run_the_callers_script(tmp_path):
    script = tmp_path / "unguarded.py"
    marks = tmp_path / "marks.txt"
    script.write_text(
        "import netmap\n"
        "from netmap.render import drawing\n"
        "drawing.spare_core = lambda: True\n"
        f"open({str(marks)!r}, 'a').write('ran\\n')\n"
        f"p = netmap.read({str(SEED)!r}); m = netmap.compute(p, runs=2)\n"
        "with drawing.Drawer() as d:\n"
        "    assert d.aside\n"
        "    d.draw({'r': ('network_picture', (p, m))})\n"
        "    print(len(d.results()['r']['png']) > 1000)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
    assert marks.read_text() == "ran\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_report_and_its_helper(tmp_path):
    from netmap.synth import write_synth_csv

    source = tmp_path / "large.csv"
    write_synth_csv(source, 3000, 12, seed=5)
    env = {**os.environ, "NETMAP_JOBS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "netmap", "report", str(source), "-o",
                             str(tmp_path / "out")], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    helpers: list = []
    while not helpers and time.monotonic() < deadline and proc.poll() is None:
        helpers = child_processes(proc.pid)
        time.sleep(0.01)
    assert helpers, "no helper was started"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert "interrupted" in err
    assert not [pid for pid in helpers if alive(pid)]
