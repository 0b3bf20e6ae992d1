"""Comparing partnerships: taxonomy, null model, side-by-side tables, diff."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import given

import netmap
from netmap.cli import cli
from netmap.compare import compare
from netmap.diff import describe_diff, diff
from netmap.errors import InputError
from netmap.io import load_split
from netmap.metrics import compute
from netmap.model import Partnership
from netmap.nullmodel import null_draws, null_zscores
from netmap.taxonomy import canonical_partnership, load_taxonomy

from .conftest import ROOT, SEED
from .strategies import partnerships

EXAMPLES = ROOT / "data" / "examples"
REGIONS = [EXAMPLES / f"{n}.csv" for n in ("eastvale", "northshire", "westbridge")]
WAVE2 = EXAMPLES / "waves" / "partners_wave2.csv"


def test_default_taxonomy_maps_local_labels():
    p = netmap.read(EXAMPLES / "eastvale.csv")
    c, notes = canonical_partnership(p, load_taxonomy())
    assert c.functions == ("Resources", "Prevention and Awareness Raising",
                           "Victim Identification", "Victim Support",
                           "Investigation and Prosecution", "Strategic")
    assert len(c.engagements) == len(p.engagements) and notes == []


def test_unknown_labels_are_the_partnerships_own_functions():
    # issue 14: a label neither canonical nor a synonym is kept, never an error
    p = Partnership.from_edges([("A", "Victim Suport"), ("B", "Knitting"), ("C", "Care")])
    c, notes = canonical_partnership(p, load_taxonomy())
    assert c.functions == ("Victim Support", "Victim Suport", "Knitting")
    assert any("its own functions (not in the taxonomy): 'Victim Suport', 'Knitting'" in n
               for n in notes)


def test_taxonomy_file_extends_and_replaces(tmp_path):
    extend = tmp_path / "extend.toml"
    extend.write_text('[functions]\n"Victim Support" = ["Knitting circle"]\n'
                      '"Training" = ["Staff training"]\n', encoding="utf-8")
    t = load_taxonomy(extend)
    assert t.canonical_of("knitting  CIRCLE") == "Victim Support"
    assert t.canonical_of("Staff training") == "Training" and t.canonical_of("Care")
    replace = tmp_path / "replace.toml"
    replace.write_text('replace = true\n[functions]\n"Help" = ["Support"]\n', encoding="utf-8")
    t = load_taxonomy(replace)
    assert t.canonical == ["Help"] and t.canonical_of("Victim Support") is None
    clash = tmp_path / "clash.toml"
    clash.write_text('[functions]\n"Training" = ["Care"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="'Care' stands for both 'Victim Support' and"):
        load_taxonomy(clash)


def test_own_labels_compare_without_a_taxonomy(runner, tmp_path):
    # issue 14: own functions are kept and shown as not recorded where a partnership lacks them
    odd = tmp_path / "odd.csv"
    odd.write_text("organisation,Outreach,Victim Care\nA,1,\nB,,1\n", encoding="utf-8")
    result = runner.invoke(cli, ["compare", str(SEED), str(odd), "-o", str(tmp_path / "out"),
                                 "--null-draws", "0", "--format", "json", "--table",
                                 "providers"])
    assert result.exit_code == 0, result.output
    rows = {r["function"]: r for r in json.loads(result.stdout)}
    assert rows["Outreach"]["odd"] == 1 and rows["Outreach"]["partners"] is None
    assert rows["Victim Support"]["odd"] == 1


@given(partnerships(max_orgs=8, max_functions=5, sectors=False))
def test_null_model_keeps_every_degree_exactly(p):
    m = p.matrix().to_numpy() > 0
    for sample in null_draws(m, draws=20, seed=1):
        assert (sample.sum(axis=1) == m.sum(axis=1)).all()
        assert (sample.sum(axis=0) == m.sum(axis=0)).all()


def test_null_model_moves_and_same_seed_same_z():
    p = netmap.read(SEED)
    m = p.matrix().to_numpy() > 0
    samples = list(null_draws(m, draws=5, seed=3))
    assert any((s != m).any() for s in samples)
    a, b = null_zscores(p, draws=200, seed=5), null_zscores(p, draws=200, seed=5)
    assert a == b
    assert null_zscores(p, draws=200, seed=6)["nodf"]["z"] != a["nodf"]["z"]
    assert a["nodf"]["observed"] == pytest.approx(compute(p, runs=0).network["nodf"])


def test_null_model_of_a_fully_determined_matrix_has_no_z():
    # a perfectly nested matrix is the only one with its degrees: nothing to compare
    p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "F")])
    z = null_zscores(p, draws=50)
    assert np.isnan(z["nodf"]["z"]) and z["nodf"]["null_sd"] == 0.0


@pytest.fixture(scope="module")
def comparison():
    ps = [netmap.read(SEED)] + [netmap.read(f) for f in REGIONS]
    return compare(ps, null_draws=50, runs=20)


def test_tables_agree_with_each_partnerships_own_metrics(comparison):
    net = comparison.network.set_index("partnership")
    for path in [SEED] + REGIONS:
        p, _ = canonical_partnership(netmap.read(path), load_taxonomy())
        own = compute(p, runs=20).network
        row = net.loc[p.name]
        for key in ("organisations", "engagements", "connectance", "nodf", "centralisation",
                    "robustness", "robustness_targeted", "components", "gaps"):
            assert row[key] == pytest.approx(own[key]), (p.name, key)
        fn = compute(p, runs=0).functions.set_index("function")["providers"]
        for f in p.functions:
            assert comparison.providers.loc[f, p.name] == fn[f]


def test_comparison_reveals_what_the_examples_are_for(comparison):
    net = comparison.network.set_index("partnership")
    assert net.loc["eastvale", "gaps_function_sector"] == 1  # no voluntary victim support
    assert "function_sector" in comparison.gaps.loc["Victim Support", "eastvale"]
    assert net.loc["westbridge", "critical_organisations"] >= 1  # hub-dependent
    assert net.loc["northshire", "gaps"] == 0  # broad
    shared = comparison.shared.set_index("organisation")
    assert shared.loc["CPS", "partnerships"] == ["partners", "northshire", "westbridge"]
    assert shared.loc["CPS", "functions"]["northshire"] == ["Investigation and Prosecution"]
    sim = comparison.similarity.set_index(["a", "b"])
    # partners and northshire share CPS, Hestia, Salvation Army of 36 + 14 - 3 organisations
    assert sim.loc[("partners", "northshire"), "jaccard_organisations"] == pytest.approx(3 / 47)


def test_aliases_join_spellings_across_partnerships():
    plain = compare([netmap.read(f) for f in REGIONS], null_draws=0, runs=0)
    aliased = compare([netmap.read(f, aliases=EXAMPLES / "aliases.txt") for f in REGIONS],
                      null_draws=0, runs=0)
    assert plain.shared.set_index("organisation").loc["CPS", "count"] == 2
    assert aliased.shared.set_index("organisation").loc["CPS", "count"] == 3


def test_one_long_file_with_a_partnership_column(tmp_path, runner):
    path = tmp_path / "all.csv"
    path.write_text("partnership,organisation,function\nNorth,Police,Resources\n"
                    "North,Hestia,Victim Support\nSouth,Police,Victim Care\n"
                    "South,Church,Awareness\n", encoding="utf-8")
    loaded = load_split(path)
    assert [x.partnership.name for x in loaded] == ["North", "South"]
    assert loaded[1].partnership.organisations == ("Police", "Church")
    result = runner.invoke(cli, ["compare", str(path), "-o", str(tmp_path / "out"),
                                 "--null-draws", "10"])
    assert result.exit_code == 0, result.output
    shared = json.loads((tmp_path / "out" / "shared_organisations.json").read_text("utf-8"))
    assert shared[0]["organisation"] == "Police" and shared[0]["partnerships"] == ["North",
                                                                                    "South"]
    assert runner.invoke(cli, ["compare", str(SEED)]).exit_code == 2


def test_compare_command_writes_every_table(runner, tmp_path):
    out = tmp_path / "cmp"
    args = ["compare", str(SEED), *map(str, REGIONS), "-o", str(out), "--null-draws", "30",
            "--name", "Met HTU", "--name", "E", "--name", "N", "--name", "W"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    for table in ("network", "providers", "gaps", "shared_organisations", "similarity"):
        assert f"{table}.csv" in names and f"{table}.json" in names
    network = json.loads((out / "network.json").read_text("utf-8"))
    assert [r["partnership"] for r in network] == ["Met HTU", "E", "N", "W"]
    html = (out / "compare.html").read_text("utf-8")
    assert "Met HTU" in html and len(re.findall(r'<img alt="Map of', html)) == 4
    again = runner.invoke(cli, args[:-8] + ["-o", str(tmp_path / "cmp2"), "--name", "Met HTU",
                                            "--name", "E", "--name", "N", "--name", "W"])
    assert again.exit_code == 0
    assert (tmp_path / "cmp2" / "network.json").read_bytes() == (out / "network.json").read_bytes()


def test_diff_of_the_two_waves():
    d = diff(netmap.read(SEED), netmap.read(WAVE2), runs=10)
    assert d["joined"] == ["Border Force", "Immigration Enforcement", "UK Visas and Immigration",
                           "NCA"]
    assert d["left"] == ["Human Trafficking and London 2012 Network", "UKBA", "SOCA/NCA", "SOCA"]
    fn = {f["function"]: f for f in d["functions"]}
    assert fn["Strategic"]["joined"] == ["NCA"]
    assert fn["Strategic"]["left"] == ["Human Trafficking and London 2012 Network", "SOCA"]
    assert ("UKBA", "Victim Identification") in d["engagements_lost"]
    assert len(d["engagements_gained"]) == 5 and len(d["engagements_lost"]) == 6
    text = "\n".join(describe_diff(d))
    assert "Victim Identification: 10 -> 11 providers (+ Border Force, UK Visas and " \
           "Immigration; - UKBA)" in text


def test_diff_opens_and_closes_gaps_and_cli(runner, tmp_path):
    old = tmp_path / "old.csv"
    new = tmp_path / "new.csv"
    old.write_text("organisation,sector,Victim Support,Strategic\nHestia,voluntary,1,\n"
                   "Council,statutory,1,1\n", encoding="utf-8")
    new.write_text("organisation,sector,Victim Support,Strategic\nCouncil,statutory,1,1\n"
                   "Police,statutory,,1\n", encoding="utf-8")
    result = runner.invoke(cli, ["diff", str(old), str(new), "-o", str(tmp_path / "d")])
    assert result.exit_code == 0
    assert "Left (1): Hestia" in result.stdout and "Joined (1): Police" in result.stdout
    assert "[high] Victim Support has no voluntary provider" in result.stdout
    assert "Gaps closed:\n  [high] Strategic rests on a single provider: Council" \
        in result.stdout
    data = json.loads((tmp_path / "d" / "diff.json").read_text("utf-8"))
    assert data["old"] == "old" and data["new"] == "new"
    html = (tmp_path / "d" / "diff.html").read_text("utf-8")
    assert "Hestia" in html and "default-src" in html


def test_one_file_split_by_a_first_partnership_column(tmp_path):
    from netmap.io import load_split

    path = tmp_path / "regions.csv"
    path.write_text("partnership,organisation,Resources,Strategic\nNorth,Hestia,1,\n"
                    "North,Police,1,1\nSouth,Church,,1\n", encoding="utf-8")
    loaded = load_split(path)
    assert [x.partnership.name for x in loaded] == ["North", "South"]
    assert loaded[0].partnership.organisations == ("Hestia", "Police")
    assert loaded[1].partnership.functions == ("Resources", "Strategic")
