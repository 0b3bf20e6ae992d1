from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

# Property tests run with fixed seeds (derandomize). The default profile keeps the
# suite fast; CI (CI=true) and thorough runs (HYPOTHESIS_PROFILE=ci) draw ten times more.
settings.register_profile("default", max_examples=60, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=600, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# HYPOTHESIS_PROFILE=explore: fresh random examples each run, to hunt for new failures
settings.register_profile("explore", max_examples=1500, derandomize=False, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE",
                                     "ci" if os.environ.get("CI") == "true" else "default"))

# A single report draws its figures in a helper process (netmap.render.drawing), which
# costs a second interpreter's start; the suite runs hundreds of reports, so it draws in
# the reporting process (--jobs 1) unless a test asks otherwise (tests/render/test_drawing.py
# checks the helper gives the very same outputs).
os.environ.setdefault("NETMAP_JOBS", "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OK = DATA / "ok"
BAD = DATA / "bad"
SEED = ROOT / "data" / "partners.csv"
SEED_ROSTER = ROOT / "data" / "partners_roster.tsv"
WEBS = DATA / "webs"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seed_workdir(tmp_path, monkeypatch) -> Path:
    """A working folder holding data/partners.csv, as a fresh clone has it."""
    (tmp_path / "data").mkdir()
    shutil.copy(SEED, tmp_path / "data" / "partners.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edges(p) -> set:
    """(organisation, function) pairs of a Partnership."""
    return set(map(tuple, p.engagements[["organisation", "function"]].to_numpy().tolist()))


def child_processes(parent: int) -> list:
    """The live processes whose parent is ``parent`` (Linux /proc; zombies left out)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent and fields[0] != "Z":
                out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    """True while ``pid`` is a live process (not a zombie; Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
