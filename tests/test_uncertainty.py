"""Uncertain marks read both ways (issue 16, "Uncertainty").

- the key figures with every uncertain mark read as an engagement and as none, checked
  against the partnership rebuilt by hand each way:
  ``test_both_ways_equals_the_partnership_rebuilt_each_way``;
- compare's network table and compare.html show them for a partnership with uncertain
  marks; a partnership without any has its own figures both ways and the page adds no
  rows: ``test_compare_shows_the_key_figures_both_ways``;
- the report's "To confirm" section (report.md and report.html) shows them too:
  ``test_the_report_shows_the_key_figures_both_ways``.
"""

from __future__ import annotations

import pandas as pd

import netmap
from netmap.cli import cli
from netmap.confirm import BOTH_WAYS, both_ways
from netmap.model import Partnership

from .conftest import OK, SEED

COORDINATOR = OK / "coordinator.xlsx"


def test_both_ways_equals_the_partnership_rebuilt_each_way():
    p = netmap.read(COORDINATOR)
    assert len(p.uncertain) == 3
    ways = both_ways(p, runs=10, seed=1)
    pairs = set(p.pairs())
    unsure = set(zip(p.uncertain["organisation"], p.uncertain["function"], strict=True))
    for way, edges in (("engaged", pairs | unsure), ("not_engaged", pairs - unsure)):
        q = Partnership.from_edges(sorted(edges), functions=p.functions,
                                   organisations=p.organisations, attributes=p.attributes)
        q = netmap.vocabulary.read_vocabulary(q)[0]
        net = netmap.compute(q, runs=10, seed=1).network
        for key in BOTH_WAYS:
            assert ways[way][key] == net[key], (way, key)
    assert ways["engaged"]["engagements"] == len(pairs) + 3
    assert both_ways(netmap.read(SEED)) == {}


def test_compare_shows_the_key_figures_both_ways(runner, tmp_path):
    out = tmp_path / "c"
    result = runner.invoke(cli, ["compare", str(COORDINATOR), str(SEED), "-o", str(out),
                                 "--runs", "10", "--null-draws", "0"])
    assert result.exit_code == 0, result.output
    network = pd.read_csv(out / "network.csv").set_index("partnership")
    ways = both_ways(netmap.read(COORDINATOR), runs=10)
    row = network.loc["coordinator"]
    assert row["uncertain_cells"] == 3
    for key in BOTH_WAYS:
        assert row[f"{key}_uncertain_engaged"] == ways["engaged"][key]
        assert row[f"{key}_uncertain_not_engaged"] == ways["not_engaged"][key]
    seed = network.loc["partners"]
    assert seed["uncertain_cells"] == 0
    assert seed["gaps_uncertain_engaged"] == seed["gaps_uncertain_not_engaged"] == seed["gaps"]
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "Gaps (all rules), uncertain read as engaged" in page
    assert "Robustness (random), uncertain read as not engaged" in page


def test_the_report_shows_the_key_figures_both_ways(runner, tmp_path):
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "10"])
    assert result.exit_code == 0, result.output
    ways = both_ways(netmap.read(COORDINATOR), runs=10)
    md = (out / "report.md").read_text(encoding="utf-8")
    section = md.split("## To confirm", 1)[1].split("\n## ", 1)[0]
    assert (f"| Gap rules broken | {ways['engaged']['gaps']} | "
            f"{ways['not_engaged']['gaps']} |") in section
    assert f"| Engagements | {ways['engaged']['engagements']} | " in section
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Read as not engaged" in page
    plain = tmp_path / "s"
    assert runner.invoke(cli, ["report", str(SEED), "-o", str(plain), "--runs", "0"]
                         ).exit_code == 0
    assert "Read as not engaged" not in (plain / "report.md").read_text(encoding="utf-8")
