"""Ranked findings and what-if, as a coordinator reads them."""

from __future__ import annotations

import json

import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError
from netmap.findings import RANK, findings
from netmap.metrics import compute
from netmap.whatif import describe, whatif

from .conftest import OK, SEED


@pytest.fixture(scope="module")
def seed_findings():
    p = netmap.read(SEED)
    return findings(p, compute(p))


def test_seed_findings_name_the_hub_the_broker_and_the_thin_function(seed_findings):
    messages = [f.message for f in seed_findings]
    # the hub is also the broker: one finding about ECAT, saying both
    assert messages[0].startswith("ECAT holds the partnership together")
    assert messages[0].endswith("it is active in 5 of 6 functions, and without it Resources "
                                "drops to 4 providers")
    assert sum(m.startswith("ECAT") for m in messages) == 1
    assert any(m.startswith("Resources has the fewest providers (5)") for m in messages)
    assert "Investigation and Prosecution has no voluntary organisation among its 9 providers" \
        in messages
    assert any(m.startswith("4 of 36 engaged organisations have no substitute") for m in messages)


def test_findings_are_ranked_by_severity():
    p = netmap.read(OK / "small.csv")
    ranked = findings(p, compute(p))
    ranks = [RANK[f.severity] for f in ranked]
    assert ranks == sorted(ranks)
    assert ranked[0].severity == "critical" and ranked[0].rule == "critical_organisation"
    assert ranked[0].message.startswith("Without Police: ")
    assert "Strategic has no provider" in ranked[0].message
    gap = next(f for f in ranked if f.rule == "single_provider")
    assert gap.evidence == {"providers": 1, "provider": "Police"}


def test_fragmented_and_idle_partnerships_are_flagged():
    p = netmap.Partnership.from_edges([("A", "F"), ("B", "G")], organisations=["Idle"])
    rules = {f.rule: f for f in findings(p, compute(p, runs=0))}
    assert rules["fragmented"].message == ("The partnership falls into 2 separate groups that "
                                           "share no function")
    assert rules["no_engagement"].message == "1 organisation engages in no function: Idle"


def test_whatif_library_and_plain_words():
    p = netmap.read(OK / "small.csv")
    result = whatif(p, ["Hestia"], runs=10)
    fn = {f["function"]: f for f in result["functions"]}
    assert fn["Victim Support"] == {"function": "Victim Support", "providers_before": 2,
                                    "providers_after": 1, "lost": ["Hestia"]}
    opened = {g["rule"] for g in result["gaps_opened"]}
    assert opened == {"single_provider", "sector_mix", "function_sector"}
    text = "\n".join(describe(result))
    assert "Victim Support: 2 -> 1 provider (loses Hestia)" in text
    assert "[high] Victim Support rests on a single provider: Church" in text


def test_whatif_unknown_name_suggests_the_closest():
    p = netmap.read(SEED)
    with pytest.raises(InputError) as e:
        whatif(p, ["Poppy project", "Salvation Armyy"])
    text = str(e.value)
    assert "did you mean 'Poppy Project'?" in text and "did you mean 'Salvation Army'?" in text


def test_whatif_cli(runner):
    result = runner.invoke(cli, ["whatif", str(SEED), "--remove", "ECAT", "--remove",
                                 "Poppy Project"])
    assert result.exit_code == 0
    assert "Victim Identification: 10 -> 8 providers (loses ECAT, Poppy Project)" in result.stdout
    as_json = runner.invoke(cli, ["whatif", str(SEED), "--remove", "ECAT", "--format", "json"])
    data = json.loads(as_json.stdout)
    assert data["removed"] == [{"organisation": "ECAT", "functions": 5}]
    bad = runner.invoke(cli, ["whatif", str(SEED), "--remove", "ecat"])
    assert bad.exit_code == 1 and "did you mean 'ECAT'?" in bad.stderr
    assert runner.invoke(cli, ["whatif", str(SEED)]).exit_code == 2


def test_report_md_and_terminal_carry_the_findings(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(SEED), "-o", str(out)])
    assert result.exit_code == 0
    assert "[info] ECAT holds the partnership together" in result.stdout
    md = (out / "report.md").read_text("utf-8")
    assert "## Findings" in md and "1. **info** - ECAT holds the partnership together" in md
    assert "## Methods" in md and "Borgatti & Everett 1997" in md
    overlap = (out / "overlap.csv").read_text("utf-8-sig").splitlines()
    assert len(overlap) == 37 and overlap[0].startswith("organisation,Faith groups,")
    curve = (out / "robustness.csv").read_text("utf-8-sig").splitlines()
    assert curve[0] == "removed,removed_fraction,targeted,random_mean,random_sd"
    assert len(curve) == 38


def test_a_module_hanging_on_one_organisation_is_a_silo():
    """Issue 16, "Modules": the silo the source document warns about is a group of
    organisations and functions linked to the rest only through one organisation; modules
    linked by two or more are not called silos (the bundled partnership)."""
    import netmap
    from netmap.model import Partnership

    from .conftest import SEED

    edges = [(f"Police{i}", f) for i in range(4)
             for f in ("Investigation and Prosecution", "Victim Identification")]
    edges += [(f"Charity{i}", f) for i in range(4)
              for f in ("Victim Support", "Prevention and Awareness Raising")]
    edges += [("Council", "Victim Identification"), ("Council", "Victim Support")]
    p = Partnership.from_edges(edges)
    found = netmap.findings(p, netmap.compute(p, runs=0))
    (silo,) = [f for f in found if f.rule == "silo"]
    assert silo.severity == "medium" and "only through Council" in silo.message
    assert silo.evidence["links"] == ["Council"] and silo.evidence["organisations"] == 9
    (modules,) = [f for f in found if f.rule == "modules"]
    assert "2 modules" in modules.message and "1 organisation bridges them: Council" in \
        modules.message
    seed = netmap.read(SEED)
    found = netmap.findings(seed, netmap.compute(seed, runs=0))
    assert not [f for f in found if f.rule == "silo"]
    (modules,) = [f for f in found if f.rule == "modules"]
    assert "no group of organisations reaches the rest" in modules.message
    # without Council the two groups fall apart: one finding says so, not two
    apart = p.without(["Council"])
    found = netmap.findings(apart, netmap.compute(apart, runs=0))
    assert [f.rule for f in found if f.rule in ("fragmented", "silo")] == ["fragmented"]
