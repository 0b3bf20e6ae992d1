"""A partnership over several waves (issue 16, "Trends over several waves").

The catalogue of cases:

- two waves give exactly the numbers ``diff`` gives (network figures, providers per
  function, who joined and left, gaps opened and closed):
  ``test_two_waves_give_the_numbers_of_diff``;
- three waves: one row per wave, membership with first and last wave, one step per pair
  of successive waves: ``test_three_waves_membership_and_steps``;
- waves must have different names, and there must be two: ``test_waves_are_checked``;
- the command: files in wave order with ``--name``, writing every table (CSV and JSON),
  trend.html and the figure (PNG and SVG, text as text), and saying the trend in plain
  words: ``test_trend_command_writes_every_file``;
- one file with a ``wave`` column, waves named by years given out of order, read in
  numeric order; ``--wave-column`` names another column; a file with neither is a usage
  error: ``test_one_file_split_into_waves``;
- two runs write the same bytes (the figure's SVG ids included), and the page carries no
  live what-if of all waves together: ``test_trend_outputs_are_the_same_bytes_each_run``.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError

from .conftest import ROOT, SEED

WAVE2 = ROOT / "data" / "examples" / "waves" / "partners_wave2.csv"


def _waves(*names):
    files = [SEED, WAVE2, SEED]
    return [dataclasses.replace(netmap.read(f), name=n) for f, n in zip(files, names,
                                                                           strict=False)]


def test_two_waves_give_the_numbers_of_diff():
    a, b = _waves("2016", "2018")
    t = netmap.trend([a, b], runs=20, seed=3)
    d = netmap.diff(a, b, runs=20, seed=3)
    for key, values in d["network"].items():
        assert t.network[key].tolist() == [values["before"], values["after"]], key
    for row in d["functions"]:
        assert t.providers.loc[row["function"]].tolist() == [row["providers_before"],
                                                              row["providers_after"]]
    step = t.steps.iloc[0]
    assert step["joined"] == d["joined"] and step["left"] == d["left"]
    assert step["gaps_opened"] == len(d["gaps_opened"])
    assert step["engagements_gained"] == len(d["engagements_gained"])
    assert t.pairs[0] == {k: v for k, v in d.items() if k != "notes"}


def test_three_waves_membership_and_steps():
    t = netmap.trend(_waves("2016", "2018", "2020"), runs=5)
    assert t.network["wave"].tolist() == ["2016", "2018", "2020"]
    assert len(t.steps) == 2
    m = t.membership.set_index("organisation")
    left = t.steps.iloc[0]["left"][0]  # gone in 2018, back in 2020 (the seed again)
    assert m.loc[left, ["2016", "2018", "2020"]].tolist() == [1, 0, 1]
    assert m.loc[left, "first_wave"] == "2016" and m.loc[left, "last_wave"] == "2020"
    assert m.loc[left, "waves"] == 2
    joined = t.steps.iloc[0]["joined"][0]
    assert m.loc[joined, "first_wave"] == "2018" and m.loc[joined, "last_wave"] == "2018"
    assert t.steps.iloc[1]["joined"] == t.steps.iloc[0]["left"]


def test_waves_are_checked():
    a, b = _waves("same", "same")
    with pytest.raises(InputError, match="two waves are named 'same'"):
        netmap.trend([a, b])
    with pytest.raises(InputError, match="two or more waves"):
        netmap.trend([a])


def test_trend_command_writes_every_file(runner, tmp_path):
    out = tmp_path / "t"
    result = runner.invoke(cli, ["trend", str(SEED), str(WAVE2), "--name", "2016", "--name",
                                 "2018", "-o", str(out), "--runs", "10"])
    assert result.exit_code == 0, result.output
    assert "From 2016 to 2018 (2 waves)" in result.stdout
    for stem in ("trend", "providers", "membership", "steps"):
        assert (out / f"{stem}.csv").is_file() and (out / f"{stem}.json").is_file()
    network = pd.read_csv(out / "trend.csv", encoding="utf-8-sig")
    assert network["wave"].tolist() == [2016, 2018]
    assert all(network[c].dtype.kind in "fi" for c in network.columns if c != "wave")
    svg = (out / "figures" / "trend.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "Robustness" in svg
    assert (out / "figures" / "trend.png").read_bytes()[:4] == b"\x89PNG"
    page = (out / "trend.html").read_text(encoding="utf-8")
    for heading in ("In plain words", "Over the waves", "Providers per function",
                    "Who joined and who left", "The map, wave by wave"):
        assert heading in page
    steps = json.loads((out / "steps.json").read_text(encoding="utf-8"))
    assert steps[0]["from_wave"] == "2016" and steps[0]["joined_count"] == 4


def test_one_file_split_into_waves(runner, tmp_path):
    path = tmp_path / "waves.csv"
    path.write_text("wave,organisation,Resources,Victim Support\n"
                    "2021,Police,1,\n2021,Hope,,1\n2021,Council,1,1\n"
                    "2019,Police,1,\n2019,Hope,,1\n", encoding="utf-8")
    out = tmp_path / "t"
    result = runner.invoke(cli, ["trend", str(path), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    network = pd.read_csv(out / "trend.csv", encoding="utf-8-sig")
    assert network["wave"].tolist() == [2019, 2021]  # numeric order, not file order
    assert network["organisations"].tolist() == [2, 3]
    other = tmp_path / "other.csv"
    other.write_text(path.read_text(encoding="utf-8").replace("wave,", "year,"),
                     encoding="utf-8")
    result = runner.invoke(cli, ["trend", str(other), "-o", str(tmp_path / "u"), "--runs",
                                 "0", "--wave-column", "year"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["trend", str(other), "-o", str(tmp_path / "v")])
    assert result.exit_code == 2 and "'wave' column" in result.output


def test_trend_outputs_are_the_same_bytes_each_run(runner, tmp_path):
    outs = []
    for k in (1, 2):
        out = tmp_path / f"t{k}"
        result = runner.invoke(cli, ["trend", str(SEED), str(WAVE2), "--name", "2016",
                                     "--name", "2018", "-o", str(out), "--runs", "5"])
        assert result.exit_code == 0, result.output
        outs.append(out)
    for name in ("trend.html", "figures/trend.svg", "figures/trend.png", "trend.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    page = (outs[0] / "trend.html").read_text(encoding="utf-8")
    assert 'id="nm-whatif"' not in page and "describe every wave together" in page
