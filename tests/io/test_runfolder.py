"""Outputs: nothing overwritten, one complete run per folder, under concurrency and kills.

The catalogue of issue 12's output cases, each a test here:

- an output that is an input: ``map in.csv -o in.csv``, ``export ... -o in.csv``,
  ``report DIR/functions.csv -o DIR``, a side file (aliases, attributes, rules,
  taxonomy, key file), a symlink or a hard link to an input: refused, exit 1,
  the input unchanged (:func:`test_an_output_that_is_an_input_is_refused`, ...);
- the key file inside the output folder: refused;
- a folder holds one run: earlier netmap outputs this run does not write are
  removed, the user's files carried over untouched;
- an obstacle (a folder named ``map.html``): refused, the folder exactly as it was;
- a run into a folder that does not exist and fails creates nothing;
- ``-o .`` (the working folder): refused;
- two concurrent runs into one folder (real processes): the folder holds
  exactly one complete run;
- ``kill -9`` at any moment (real processes), and a crash injected at each step
  of the swap: the folder holds one complete run, and the next run removes
  what the killed one left beside it;
- SIGTERM during a run: exit 143, the folder as it was, no staging folder left.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netmap.cli import cli
from netmap.errors import OutputError
from netmap.io import runfolder
from netmap.io.runfolder import MANIFEST, StagedOutputs

from ..conftest import OK, ROOT, SEED

EXAMPLES = ROOT / "data" / "examples"
# real-process trials: a few in CI, one in a quick local run
TRIALS = 3 if os.environ.get("CI") == "true" else 1


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder``: relative path -> bytes (files), 'dir' or 'link:target'."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = p.read_bytes()
    return out


def siblings(folder: Path) -> list:
    """What netmap left beside ``folder`` (staging or old folders)."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture
def partnership(tmp_path) -> Path:
    path = tmp_path / "in.csv"
    shutil.copy(OK / "small.csv", path)
    return path


# --- no output replaces an input ---------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["map", "{in}", "-o", "{in}"],
    ["export", "{in}", "--to", "edgelist", "-o", "{in}"],
    ["export", "{in}", "--to", "graphml", "-o", "{link}"],
    ["map", "{in}", "-o", "{hard}"],
    ["map", "{in}", "--aliases", "{side}", "-o", "{side}"],
    ["map", "{in}", "--attributes", "{side}", "-o", "{side}"],
    ["export", "{in}", "--rules", "{side}", "--to", "json", "-o", "{side}"],
    ["map", "{in}", "--pseudonymise", "{key}", "-o", "{key}"],
], ids=["map", "export", "symlink", "hardlink", "aliases", "attributes", "rules", "keyfile"])
def test_an_output_that_is_an_input_is_refused(runner, tmp_path, partnership, args):
    side = tmp_path / "side.csv"
    side.write_text("alias,canonical\n", encoding="utf-8")
    key = tmp_path / "key.json"
    (tmp_path / "link.csv").symlink_to(partnership)
    os.link(partnership, tmp_path / "hard.csv")
    names = {"in": partnership, "link": tmp_path / "link.csv", "hard": tmp_path / "hard.csv",
             "side": side, "key": key}
    before = snapshot(tmp_path)
    result = runner.invoke(cli, [a.format(**names) for a in args])
    assert result.exit_code == 1, result.output
    assert "is an input of this command" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before  # nothing read into being, nothing written


def test_report_into_the_folder_holding_its_input_is_refused(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out),
                               "--runs", "2"]).exit_code == 0
    functions = out / "functions.csv"
    before = snapshot(tmp_path)
    result = runner.invoke(cli, ["report", str(functions), "-o", str(out), "--layout", "long"])
    assert result.exit_code == 1
    assert f"holds {functions}, an input of this command" in result.stderr
    assert snapshot(tmp_path) == before
    # any input inside the folder: the folder is replaced as a whole, so it is refused
    mine = out / "data" / "partners.csv"
    mine.parent.mkdir()
    shutil.copy(OK / "small.csv", mine)
    before = snapshot(tmp_path)
    result = runner.invoke(cli, ["report", str(mine), "-o", str(out), "--runs", "2"])
    assert result.exit_code == 1 and "give the outputs a folder of their own" in \
        result.stderr.replace("Give", "give")
    assert snapshot(tmp_path) == before


def test_side_file_and_key_file_inside_the_output_folder(runner, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    rules = out / "gaps.csv"  # named like an output: the run would replace it
    rules.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out),
                                 "--rules", str(rules)])
    assert result.exit_code == 1 and "an input of this command" in result.stderr
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out),
                                 "--pseudonymise", str(out / "key.json")])
    assert result.exit_code == 1 and "key file is inside the output folder" in result.stderr
    assert sorted(os.listdir(out)) == ["gaps.csv"] and siblings(out) == []
    key = tmp_path / "key.json"  # a hard link to the key inside the folder: refused too
    assert runner.invoke(cli, ["validate", str(OK / "small.csv"), "--pseudonymise",
                               str(key)]).exit_code == 0
    (out / "deep").mkdir()
    os.link(key, out / "deep" / "copy.json")
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out),
                                 "--pseudonymise", str(key)])
    assert result.exit_code == 1 and "key file is inside the output folder" in result.stderr


def test_the_working_folder_is_not_an_output_folder(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    for target in (".", str(tmp_path.parent)):
        result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", target])
        assert result.exit_code == 1 and "needs a folder of its own" in result.stderr
    assert os.listdir(tmp_path) == ["notes.txt"]


# --- one folder, one run -----------------------------------------------------------------

def test_a_run_removes_its_earlier_outputs_and_keeps_the_users_files(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out), "--xlsx",
                               "--runs", "2"]).exit_code == 0
    (out / ".gitkeep").write_bytes(b"")
    (out / "notes.txt").write_text("board meeting in May", encoding="utf-8")
    (out / "drafts").mkdir()
    (out / "drafts" / "old.md").write_text("draft", encoding="utf-8")
    (out / "empty").mkdir()
    (out / "link").symlink_to("notes.txt")
    inode = (out / "notes.txt").stat().st_ino
    assert (out / "report.xlsx").exists()
    result = runner.invoke(cli, ["compare", str(EXAMPLES / "eastvale.csv"),
                                 str(EXAMPLES / "westbridge.csv"), "-o", str(out),
                                 "--null-draws", "0", "--runs", "2"])
    assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert names == [".gitkeep", MANIFEST, "compare.html", "drafts", "drafts/old.md", "empty",
                     "figures", *(f"figures/network_{n}.{ext}" for n in ("1_eastvale",
                                                                         "2_westbridge")
                                  for ext in ("png", "svg")),
                     "gaps.csv", "gaps.json", "link", "network.csv", "network.json",
                     "notes.txt", "providers.csv", "providers.json",
                     "shared_organisations.csv", "shared_organisations.json", "similarity.csv",
                     "similarity.json"]
    assert (out / "notes.txt").stat().st_ino == inode  # carried over, not copied
    assert os.readlink(out / "link") == "notes.txt"
    assert siblings(out) == []


def test_a_folder_netmap_never_wrote_keeps_files_of_an_outputs_name(runner, tmp_path):
    """A folder without netmap's manifest that holds a file named like one of the run's
    outputs (the user's own organisations.csv, say) is refused, nothing changed; without
    such a file the run goes in and every other file stays."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("overlap.csv", "mine.csv", "diff.html"):
        (out / name).write_text("old", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(OutputError, match=r"holds overlap.csv, which netmap did not write"):
        with StagedOutputs(out, owned=("report.xlsx", "overlap.csv", "report.md")) as stage:
            stage.write_text("report.md", "new")
    assert snapshot(out) == before and siblings(out) == []
    result = runner.invoke(cli, ["report", str(SEED), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 1 and "which netmap did not write" in result.output
    (out / "overlap.csv").unlink()
    with StagedOutputs(out, owned=("report.xlsx", "overlap.csv", "report.md")) as stage:
        stage.write_text("report.md", "new")
        stage.write_text("overlap.csv", "new")
    assert sorted(os.listdir(out)) == [MANIFEST, "diff.html", "mine.csv", "overlap.csv",
                                       "report.md"]
    assert stage.removed == []


def test_a_hand_edited_manifest_never_removes_the_users_files(tmp_path):
    out = tmp_path / "out"
    with StagedOutputs(out, command="report") as stage:
        stage.write_text("report.md", "first")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "mine").mkdir()
    (out / "mine" / "x.csv").write_text("mine", encoding="utf-8")
    (out / MANIFEST).write_text('{"files": ["notes.txt", "mine", "mine/x.csv", "report.md", '
                                '"../outside.txt"]}', encoding="utf-8")
    with StagedOutputs(out, command="report") as stage:
        stage.write_text("gaps.csv", "second")
    assert stage.removed == ["report.md"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        MANIFEST, "gaps.csv", "mine", "mine/x.csv", "notes.txt"]


def test_the_earlier_runs_files_removed_are_named(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out), "--xlsx",
                               "--runs", "2"]).exit_code == 0
    result = runner.invoke(cli, ["diff", str(OK / "small.csv"), str(OK / "small.csv"), "-o",
                                 str(out), "--runs", "2"])
    assert result.exit_code == 0, result.output
    assert "removed the earlier run's" in result.output and "report.xlsx" in result.output
    assert sorted(os.listdir(out)) == [MANIFEST, "diff.html", "diff.json"]
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out), "--runs",
                                 "2"])
    assert "removed the earlier run's diff.html, diff.json" in result.output


def test_an_obstacle_leaves_the_folder_exactly_as_it_was(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out),
                               "--runs", "2"]).exit_code == 0
    (out / "map.html").unlink()
    (out / "map.html").mkdir()
    (out / "map.html" / "mine.txt").write_text("x", encoding="utf-8")
    before = snapshot(out)
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out)])
    assert result.exit_code == 1
    assert "map.html: is a folder where netmap writes map.html" in result.stderr
    assert snapshot(out) == before and siblings(out) == []


def test_a_failed_run_into_a_new_folder_creates_nothing(runner, tmp_path):
    out = tmp_path / "new" / "deeper" / "out"
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out),
                                 "--rules", str(tmp_path / "missing.toml")])
    assert result.exit_code == 1
    assert os.listdir(tmp_path) == []


def test_a_crash_at_each_step_of_the_swap_leaves_one_complete_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    with StagedOutputs(out) as stage:
        stage.write_text("a.csv", "old")
        stage.write_text("b.csv", "old")
    old = snapshot(out)

    def new_run():
        with StagedOutputs(out) as stage:
            stage.write_text("a.csv", "new")
            stage.write_text("b.csv", "new")

    class Crash(BaseException):
        pass

    new = None
    for step in ("exchange", "rename", "rmtree"):
        with monkeypatch.context() as m:
            if step == "exchange":  # the system call itself fails
                m.setattr(runfolder, "_exchange", lambda a, b: (_ for _ in ()).throw(Crash()))
            elif step == "rename":  # no RENAME_EXCHANGE: killed between the two renames
                m.setattr(runfolder, "_exchange", lambda a, b: False)
                real, calls = os.rename, []

                def rename(a, b, real=real, calls=calls):
                    calls.append(a)
                    if len(calls) == 2:
                        raise Crash()
                    real(a, b)

                m.setattr(runfolder.os, "rename", rename)
            else:  # swapped; killed while removing the earlier run
                m.setattr(runfolder.shutil, "rmtree", lambda *a, **k: (_ for _ in ()).throw(
                    Crash()))
            with pytest.raises(Crash):
                new_run()
        state = snapshot(out) if out.exists() else None
        assert state in (old, new) or (step == "rename" and state is None), step
        new_run()  # the next run cleans up and lands
        new = snapshot(out)
        assert new["a.csv"] == b"new" and siblings(out) == [], step
        with StagedOutputs(out) as stage:  # back to the old run for the next step
            stage.write_text("a.csv", "old")
            stage.write_text("b.csv", "old")
        assert snapshot(out) == old


# --- real processes: concurrency, kill -9, SIGTERM -----------------------------------------

def reference(tmp_path: Path, name: str, *args) -> dict:
    ref = tmp_path / f"ref-{name}"
    done = run(*args, "-o", ref)
    assert done.returncode == 0, done.stderr
    return snapshot(ref)


COMPARE_A = ["compare", EXAMPLES / "eastvale.csv", EXAMPLES / "westbridge.csv",
             "--null-draws", "0", "--runs", "2", "-q"]
COMPARE_B = ["compare", EXAMPLES / "northshire.csv", EXAMPLES / "westbridge.csv",
             "--null-draws", "0", "--runs", "2", "-q"]


@pytest.mark.parametrize("command", ["report", "compare"])
def test_concurrent_runs_into_one_folder_leave_one_complete_run(tmp_path, command):
    if command == "report":
        a = ["report", SEED, "--runs", "2", "-q"]
        b = ["report", EXAMPLES / "eastvale.csv", "--runs", "2", "-q"]
    else:
        a, b = COMPARE_A, COMPARE_B
    refs = [reference(tmp_path, "a", *a), reference(tmp_path, "b", *b)]
    assert refs[0] != refs[1]
    out = tmp_path / "out"
    for trial in range(TRIALS):
        procs = [subprocess.Popen([sys.executable, "-m", "netmap", *map(str, args), "-o",
                                   str(out)], cwd=ROOT, stderr=subprocess.PIPE)
                 for args in (a, b)]
        for proc in procs:
            assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
            if proc.stderr:
                proc.stderr.close()
        assert snapshot(out) in refs, f"trial {trial}: a mix of two runs"
        assert siblings(out) == []


def test_a_run_waits_for_the_lock_before_swapping_its_folder_in(tmp_path):
    import fcntl

    out = tmp_path / "out"
    assert run(*COMPARE_B, "-o", out).returncode == 0
    before = snapshot(out)
    fd = os.open(tmp_path, os.O_RDONLY)  # what another run holds while it swaps
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        proc = subprocess.Popen([sys.executable, "-m", "netmap", *map(str, COMPARE_A), "-o",
                                 str(out)], cwd=ROOT)
        deadline = time.monotonic() + 60
        while not siblings(out) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert siblings(out), "the run never staged its outputs"
        time.sleep(1.0)  # staged and waiting: it must not touch the folder meanwhile
        assert proc.poll() is None and snapshot(out) == before
    finally:
        os.close(fd)
    assert proc.wait(timeout=60) == 0
    assert snapshot(out) != before and siblings(out) == []


def test_kill_9_at_any_moment_leaves_one_complete_run(tmp_path):
    runs = {"a": COMPARE_A, "b": COMPARE_B}
    refs = {name: reference(tmp_path, name, *args) for name, args in runs.items()}
    out = tmp_path / "out"
    start = time.monotonic()
    assert run(*COMPARE_B, "-o", out).returncode == 0
    duration = time.monotonic() - start
    # kills late in the run, where the outputs are written and swapped in; each killed run
    # writes the other partnership's comparison, so a mix of two runs would show
    fractions = [0.7, 0.9, 1.0, 0.8, 0.95, 1.05][: 2 + TRIALS]
    current = "b"
    for fraction in fractions:
        name = "a" if current == "b" else "b"
        proc = subprocess.Popen([sys.executable, "-m", "netmap", *map(str, runs[name]), "-o",
                                 str(out)], cwd=ROOT)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        state = snapshot(out)
        assert state in (refs["a"], refs["b"]), f"killed at {fraction:.2f} of a run: a mix"
        current = "a" if state == refs["a"] else "b"
    name = "a" if current == "b" else "b"
    assert run(*runs[name], "-o", out).returncode == 0  # the next run cleans up after kills
    assert snapshot(out) == refs[name] and siblings(out) == []


def test_sigterm_leaves_the_folder_as_it_was_and_no_staging_folder(tmp_path):
    out = tmp_path / "out"
    assert run("report", OK / "small.csv", "--runs", "2", "-q", "-o", out).returncode == 0
    before = snapshot(out)
    proc = subprocess.Popen([sys.executable, "-m", "netmap", "report", str(SEED), "-o",
                             str(out)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    # wait until the run has staged its first outputs beside the folder, then stop it
    deadline = time.monotonic() + 60
    while not siblings(out) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert siblings(out), "the run never started staging"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert "stopped by a signal; nothing was written" in err and "Traceback" not in err
    assert snapshot(out) == before and siblings(out) == []


def test_a_refused_folder_is_never_half_replaced(tmp_path):
    out = tmp_path / "out"
    with StagedOutputs(out, owned=("a.csv", "b.csv")) as stage:
        stage.write_text("a.csv", "old")
    (out / "b.csv").mkdir()
    before = snapshot(out)
    with pytest.raises(OutputError, match="is a folder where netmap writes b.csv"):
        with StagedOutputs(out, owned=("a.csv", "b.csv")) as stage:
            stage.write_text("a.csv", "new")
    assert snapshot(out) == before and siblings(out) == []


def test_a_signal_held_during_the_swap_says_the_outputs_were_written(runner, tmp_path,
                                                                    monkeypatch):
    """SIGTERM arriving while the folder is swapped is delivered once the swap is done: the
    run has landed, and the message says so instead of "nothing was written"."""
    out = tmp_path / "out"
    real = runfolder._fsync_dir

    def fsync_then_signal(path):
        real(path)
        if path == out.parent:  # inside the swap, with signals held
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(runfolder, "_fsync_dir", fsync_then_signal)
    result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out), "--runs",
                                 "0"])
    assert result.exit_code == 128 + signal.SIGTERM
    assert "stopped by a signal after the outputs were written" in result.stderr
    assert (out / "report.html").exists() and siblings(out) == []


def test_a_mount_point_or_a_file_on_the_path_is_refused_clearly(tmp_path, monkeypatch):
    """A mount point (a Docker volume's root) cannot be swapped as a whole: refused before
    anything is written, with the folder inside it to use; a file where a folder of the
    path should be is named as such."""
    volume = tmp_path / "volume"
    volume.mkdir()
    monkeypatch.setattr(runfolder.os.path, "ismount", lambda p: Path(p) == volume)
    with pytest.raises(OutputError, match=r"is a mount point .* such as -o .*volume/outputs"):
        with StagedOutputs(volume, owned=("report.md",)) as stage:
            stage.write_text("report.md", "x")
    assert list(volume.iterdir()) == [] and siblings(volume) == []
    blocker = tmp_path / "afile"
    blocker.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match=r"afile: is a file, not a folder, so the outputs "
                                          r"cannot go in .*afile/sub"):
        with StagedOutputs(blocker / "sub", owned=("report.md",)) as stage:
            stage.write_text("report.md", "x")
    assert blocker.read_text(encoding="utf-8") == "mine"
