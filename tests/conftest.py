from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

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
