"""Coverage (sector diversity, redundancy) and the gap rules with their TOML overrides."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError
from netmap.metrics import compute
from netmap.metrics.coverage import function_coverage, sector_diversity
from netmap.metrics.rules import CoverageState, evaluate, load_rules
from netmap.model import Partnership

from ..conftest import OK, SEED


def partnership(edges, sectors, functions=()):
    attrs = pd.DataFrame({"sector": list(sectors.values())},
                         index=pd.Index(list(sectors), name="organisation"))
    return Partnership.from_edges(edges, functions=list(functions), organisations=list(sectors),
                                  attributes=attrs)


def keys(findings):
    return sorted((f.rule, f.function or "", f.sector or "") for f in findings)


def test_blau_index_by_hand():
    assert sector_diversity([2, 2]) == 0.5
    assert sector_diversity([1, 1, 1]) == pytest.approx(2 / 3)
    assert sector_diversity([4]) == 0.0
    assert math.isnan(sector_diversity([]))


def test_seed_coverage_by_hand():
    cov = function_coverage(netmap.read(SEED))
    # Victim Support: 9 voluntary, 1 partnership network, 1 statutory of 11
    assert cov.loc["Victim Support", "sector_diversity"] == pytest.approx(
        1 - (81 + 1 + 1) / 121)
    assert cov["redundancy"].tolist() == [4, 6, 9, 10, 8, 8]


def test_each_default_rule_fires():
    p = partnership(
        [("Police", "Investigation and Prosecution"), ("Charity", "Investigation and Prosecution"),
         ("Council", "Victim Support"), ("Council", "Strategic"), ("Police", "Strategic"),
         ("Police", "Awareness"), ("Charity", "Awareness")],
        {"Police": "voluntary", "Charity": "voluntary", "Council": "faith"},
        functions=["Resources"])
    findings, notes = evaluate(CoverageState.of(p), load_rules())
    assert notes == []
    assert keys(findings) == [
        ("function_sector", "Investigation and Prosecution", "statutory"),
        ("function_sector", "Victim Support", "voluntary"),
        ("no_provider", "Resources", ""),
        ("sector_mix", "", "statutory"),
        ("single_provider", "Victim Support", ""),
    ]
    by_rule = {f.rule: f for f in findings}
    assert by_rule["no_provider"].severity == "critical"
    assert by_rule["single_provider"].message == (
        "Victim Support rests on a single provider: Council")
    assert by_rule["single_provider"].evidence == {"providers": 1, "provider": "Council"}


def test_min_providers_only_for_functions_not_already_flagged(tmp_path):
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text("[min_providers]\nminimum = 3\nseverity = 'low'\n", encoding="utf-8")
    p = partnership([("A", "F"), ("B", "F"), ("A", "G")], {"A": "statutory", "B": "voluntary"})
    findings, _ = evaluate(CoverageState.of(p), load_rules(rules_file))
    assert keys(findings) == [("min_providers", "F", ""), ("single_provider", "G", "")]
    assert next(f for f in findings if f.rule == "min_providers").severity == "low"


def test_toml_overrides_disable_and_replace(tmp_path):
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(
        "[single_provider]\nenabled = false\n"
        "[sector_mix]\nsectors = ['statutory', 'voluntary', 'faith']\n"
        "[[function_sector]]\nfunction = 'victim support'\nsector = 'Voluntary'\nminimum = 2\n",
        encoding="utf-8")
    rules = load_rules(rules_file)
    assert rules["single_provider"]["enabled"] is False
    # names are read through the vocabulary: canonical function, sector class
    assert rules["function_sector"] == [{"minimum": 2, "severity": "high",
                                         "function": "Victim Support", "sector": "voluntary"}]
    p = partnership([("A", "Victim Support"), ("B", "Investigation and Prosecution")],
                    {"A": "voluntary", "B": "voluntary"})
    findings, _ = evaluate(CoverageState.of(p), rules)
    # with single_provider off, one provider falls under min_providers (minimum 2)
    assert keys(findings) == [("function_sector", "Victim Support", "voluntary"),
                              ("min_providers", "Investigation and Prosecution", ""),
                              ("min_providers", "Victim Support", ""),
                              ("sector_mix", "", "faith"), ("sector_mix", "", "statutory")]


@pytest.mark.parametrize("text,message", [
    ("[nonsense]\n", "unknown rule [nonsense]"),
    ("[min_providers]\nminimum = 'two'\n", "minimum must be a whole number"),
    ("[no_provider]\nseverity = 'dire'\n", "severity must be one of"),
    ("[no_provider]\ncolour = 'red'\n", "unknown key 'colour'"),
    ("[[function_sector]]\nfunction = 'X'\n", "needs both function and sector"),
    ("[min_providers\n", "not valid TOML"),
])
def test_bad_rules_files_are_named_errors(tmp_path, runner, text, message):
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_rules(rules_file)
    result = runner.invoke(cli, ["gaps", str(SEED), "--rules", str(rules_file)])
    assert result.exit_code == 1
    assert str(rules_file) in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


def test_rules_not_checked_are_said_not_passed():
    p = Partnership.from_edges([("A", "Support"), ("B", "Support")])
    findings, notes = evaluate(CoverageState.of(p), load_rules())
    assert findings == [] and notes == ["sector rules not checked: no organisation has a sector"]
    small = netmap.read(OK / "small.csv")
    _, notes = evaluate(CoverageState.of(small), load_rules())
    assert notes == ["the rule about statutory providers of 'Investigation and Prosecution' "
                     "(the partnership has no such function)"]


def test_gaps_command_and_fail_on_gaps(runner):
    clean = runner.invoke(cli, ["gaps", str(SEED), "--fail-on-gaps"])
    assert clean.exit_code == 0 and "no gaps found" in clean.stdout
    gappy = runner.invoke(cli, ["gaps", str(OK / "small.csv"), "--fail-on-gaps"])
    assert gappy.exit_code == 3
    assert "[high] Strategic rests on a single provider: Police" in gappy.stdout
    assert runner.invoke(cli, ["gaps", str(OK / "small.csv")]).exit_code == 0
    as_json = runner.invoke(cli, ["gaps", str(OK / "small.csv"), "--format", "json"])
    import json
    data = json.loads(as_json.stdout)
    assert data["gaps"][0]["rule"] == "single_provider" and data["notes"]


def test_function_table_lists_its_gaps():
    m = compute(netmap.read(OK / "small.csv"), runs=0)
    fn = m.functions.set_index("function")
    assert fn.loc["Strategic", "gaps"] == ["single_provider"]
    assert fn.loc["Resources", "gaps"] == []


def test_the_registry_drives_every_list_of_rules():
    from netmap.compare import RULES
    from netmap.metrics.rules import DEFAULT_RULES, EVALUATORS, REGISTRY, RULE_WORDS
    from netmap.render.compare_html import MEASURES

    assert tuple(REGISTRY) == RULES == tuple(DEFAULT_RULES) == tuple(RULE_WORDS)
    assert set(EVALUATORS) == set(REGISTRY)
    assert {key for _, key, _ in MEASURES if key.startswith("gaps_")} == {
        f"gaps_{rule}" for rule in REGISTRY}
    for rule in REGISTRY.values():
        assert rule.scope in ("function", "partnership") and rule.words and rule.label
        defaults = rule.defaults if rule.many else [rule.defaults]
        assert all(set(d) <= rule.keys | {"enabled"} for d in defaults)
