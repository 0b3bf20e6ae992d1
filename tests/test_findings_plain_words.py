"""Findings and report sentences a coordinator reads right (issue 15, "Findings" of
"The report says everything, and prints", and the sentences misread in an earlier test).

- test_a_tie_is_shared_not_won: two organisations of equal betweenness (not
  critical) share the lead; no sentence says one of them "holds the partnership
  together".
- test_a_lead_that_rounding_hides_is_shared[...]: betweenness 0.4449 against 0.4351
  shows as 0.44 twice: shared; 0.446 against 0.444 shows 0.45 and 0.44: one leads.
- test_tied_critical_organisations_get_one_finding_each: the coordinator's two
  critical organisations tie: their critical findings say they share the lead,
  and no separate finding repeats it.
- test_one_finding_per_organisation_and_function_family[seed|coordinator|small|tie]:
  no organisation is the subject of two findings; no function has two
  findings of one family (number of providers; sectors); no sector observation
  about a function with a single provider; no critical finding repeats what
  another part of it implies ("has no provider" and "has no statutory provider").
- test_counts_say_what_they_count: the terminal line, report.md and report.html
  say "gap rules broken now" and how many organisations the partnership cannot
  lose, beside the findings counted by severity.
- test_confirming_says_what_would_change: when confirming the uncertain marks
  would change no gap, the report says which functions would gain providers
  and that no gap rule would be broken or mended (not "would open or close no gap").
- test_sentences_agree_in_number: "1 of 5 organisations leaves", "1 of N engaged
  organisations has no substitute", "All 5 organisations" above a top-ten table
  of five, "(1 provider each)", and the terminal's "1 organisation, 1 function,
  1 engagement".
- test_type_column_sentence_is_in_plain_words: no "the class is the sector column".
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

import netmap
from netmap.cli import cli
from netmap.findings import findings, summary
from netmap.metrics import compute

from .conftest import OK, SEED

COORDINATOR = OK / "coordinator.xlsx"

# two brokers of equal betweenness, each function with three providers: nobody critical
TIE = [("Alpha", "F"), ("Alpha", "G"), ("Beta", "G"), ("Beta", "H"), ("C1", "F"), ("C2", "F"),
       ("D1", "H"), ("D2", "H"), ("G1", "G")]


def _messages(p, m=None) -> list:
    m = m if m is not None else compute(p, runs=5)
    return [f.message for f in findings(p, m)]


def test_a_tie_is_shared_not_won():
    p = netmap.Partnership.from_edges(TIE)
    m = compute(p, runs=5)
    assert not m.organisations["critical"].any()
    messages = _messages(p, m)
    assert not [t for t in messages if "holds the partnership together" in t]
    shared = [t for t in messages if "share the lead" in t]
    assert len(shared) == 1
    assert shared[0].startswith("Alpha and Beta share the lead in holding the partnership "
                                "together")
    assert "(0.67 each; next C1, 0.00)" in shared[0]


@pytest.mark.parametrize(("first", "second", "shared"), [(0.4449, 0.4351, True),
                                                          (0.446, 0.444, False)],
                         ids=["0.44-and-0.44", "0.45-and-0.44"])
def test_a_lead_that_rounding_hides_is_shared(first, second, shared):
    p = netmap.Partnership.from_edges(TIE)
    m = compute(p, runs=5)
    org = m.organisations.copy()
    org["betweenness_centrality"] = org["organisation"].map(
        {"Alpha": first, "Beta": second}).fillna(0.0)
    broker = [f for f in findings(p, dataclasses.replace(m, organisations=org))
              if f.rule == "broker"]
    assert len(broker) == 1
    if shared:
        assert broker[0].message.startswith("Alpha and Beta share the lead")
        assert broker[0].evidence["organisations"] == ["Alpha", "Beta"]
    else:
        assert broker[0].message.startswith("Alpha holds the partnership together")
        assert "(two-mode betweenness 0.45; next Beta, 0.44)" in broker[0].message


def test_tied_critical_organisations_get_one_finding_each():
    p = netmap.read(COORDINATOR)
    ranked = findings(p, compute(p, runs=5))
    police = [f for f in ranked
              if f.message.startswith(("Without Anytown Police", "Anytown Police"))]
    assert len(police) == 1 and police[0].rule == "critical_organisation"
    assert police[0].message.endswith("Anytown Police also shares the lead in holding the "
                                      "partnership together with Hope Refuge (two-mode "
                                      "betweenness 0.42 each)")
    assert not [f for f in ranked if f.rule == "broker"]


FAMILY = {"no_provider": "providers", "single_provider": "providers",
          "min_providers": "providers", "fewest_providers": "providers",
          "function_sector": "sectors", "sector_absent": "sectors",
          "sector_concentration": "sectors"}


def _subjects(f) -> list:
    ev = f.evidence
    if f.rule in ("critical_organisation", "broad_organisation"):
        return [ev["organisation"]]
    if f.rule == "broker":
        return list(ev["organisations"])
    return []


@pytest.mark.parametrize("source", [SEED, COORDINATOR, OK / "small.csv", "tie"],
                         ids=["seed", "coordinator", "small", "tie"])
def test_one_finding_per_organisation_and_function_family(source):
    p = netmap.Partnership.from_edges(TIE) if source == "tie" else netmap.read(source)
    m = compute(p, runs=5)
    ranked = findings(p, m)
    subjects = [o for f in ranked for o in _subjects(f)]
    assert len(subjects) == len(set(subjects)), subjects
    info = [(f.function, FAMILY[f.rule]) for f in ranked
            if f.rule in FAMILY and f.severity == "info"]
    assert len(info) == len(set(info)), info
    providers = m.functions.set_index("function")["providers"]
    for f in ranked:
        if f.rule in ("sector_absent", "sector_concentration"):
            assert providers[f.function] >= 2, f.message
        if f.rule == "critical_organisation":
            parts = f.message.split(": ", 1)[1].split("; ")
            for part in parts:
                empty = re.match(r"(.+) has no provider$", part)
                if empty:
                    assert not [q for q in parts if q.startswith(empty.group(1) + " has no ")
                                and q != part], f.message


def test_counts_say_what_they_count(runner, tmp_path):
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "5"])
    assert result.exit_code == 0, result.output
    said = ("2 gap rules broken now and 2 organisations the partnership cannot lose (losing "
            "any one of them alone would break a rule); 7 findings in all: 2 critical, 2 high, "
            "3 info (observations)")
    assert f"9 engagements; {said}" in result.stdout
    assert " 2 gaps" not in result.stdout
    md = (out / "report.md").read_text("utf-8")
    assert said[0].upper() + said[1:] + ". Each gap rule broken" in md
    assert "- Gap rules broken now: 2 (each is a finding below); organisations the partnership " \
           "cannot lose" in md
    html = (out / "report.html").read_text("utf-8")
    assert said in html
    assert "gap rules broken now</div>" in html
    p = netmap.read(SEED)
    m = compute(p, runs=5)
    assert summary(m, findings(p, m)).startswith("no gap rule broken now; 9 findings in all: "
                                                 "9 info")


def test_confirming_says_what_would_change(runner, tmp_path):
    src = tmp_path / "marks.csv"
    src.write_text("organisation,sector,Victim Support,Strategic\n"
                   "Hestia,voluntary,1,1\nKalayaan,voluntary,1,TBC\nPolice,statutory,1,1\n",
                   encoding="utf-8")
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(src), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text("utf-8")
    block = md.split("## To confirm", 1)[1].split("\n## ", 1)[0]
    assert ("- If all were confirmed: Strategic would have 3 providers instead of 2; no gap "
            "rule would be broken or mended.") in block
    assert "open or close no gap" not in md
    html = (out / "report.html").read_text("utf-8")
    assert "Strategic would have 3 providers instead of 2; no gap rule would be broken or " \
           "mended." in html


def test_sentences_agree_in_number(runner, tmp_path):
    p = netmap.read(COORDINATOR)
    messages = _messages(p)
    assert any("after 1 of 5 organisations leaves" in t for t in messages)
    lone = netmap.Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "F"), ("C", "F")])
    assert "1 of 3 engaged organisations has no substitute" in " ".join(_messages(lone))
    out = tmp_path / "r"
    assert runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "5",
                               "-q"]).exit_code == 0
    md = (out / "report.md").read_text("utf-8")
    assert "All 5 organisations, by two-mode betweenness" in md and "The ten" not in md
    assert "(1 provider each)" in md
    assert "after 1 of 5 leaves;" in md
    assert not re.search(r"\b1 (providers|organisations|functions|gaps)\b", md)
    assert not re.search(r"\bamong its 1 provider\b", md)
    one = tmp_path / "one.csv"
    one.write_text("organisation,sector,Victim Support\nHestia,voluntary,1\n", encoding="utf-8")
    result = runner.invoke(cli, ["report", str(one), "-o", str(tmp_path / "one"), "--runs", "0"])
    assert result.exit_code == 0, result.output
    assert "one: 1 organisation, 1 function, 1 engagement; 2 gap rules broken now" in \
        result.stdout


def test_type_column_sentence_is_in_plain_words(runner, tmp_path):
    out = tmp_path / "r"
    assert runner.invoke(cli, ["report", str(COORDINATOR), "-o", str(out), "--runs", "0",
                               "-q"]).exit_code == 0
    for name in ("report.md", "report.html"):
        text = (out / name).read_text("utf-8")
        assert "the class is" not in text
        assert "Each type is counted in one of the broad sectors" in text


def test_seed_has_one_finding_about_each_function_family():
    p = netmap.read(SEED)
    ranked = findings(p, compute(p, runs=5))
    keys = pd.Series([(f.function, FAMILY.get(f.rule)) for f in ranked if f.function])
    assert not keys.duplicated().any()
