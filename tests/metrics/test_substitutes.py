"""Substitutes, most similar partner, equivalence and the overlap matrix."""

from __future__ import annotations

import pytest
from hypothesis import given

import netmap
from netmap.metrics.substitutes import function_sets, overlap_matrix, substitutes_table
from netmap.model import Partnership

from ..conftest import SEED
from ..strategies import partnerships


def jaccard(a, b):
    return len(a & b) / len(a | b) if a | b else 0.0


def test_by_hand():
    p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "F"), ("D", "H")],
                               organisations=["Idle"])
    t, _ = substitutes_table(p)
    assert t.loc["A", "substitutes"] == ["B", "C"] and t.loc["C", "substitutes"] == ["A", "B"]
    assert t.loc["B", "substitutes"] == [] and t.loc["Idle", "substitutes"] == []
    assert t.loc["A", "equivalents"] == ["C"] and t.loc["A", "most_similar"] == "C"
    assert t.loc["B", "most_similar"] == "A" and t.loc["B", "most_similar_jaccard"] == 0.5
    assert t.loc["D", "most_similar"] == "" and t.loc["D", "most_similar_jaccard"] == 0.0
    assert t.loc["A", "equivalence_group"] == t.loc["C", "equivalence_group"]
    assert t.loc["A", "equivalence_group"] != t.loc["B", "equivalence_group"]


@given(partnerships(max_orgs=9, max_functions=4, sectors=False))
def test_agrees_with_brute_force(p):
    t, _ = substitutes_table(p)
    sets = function_sets(p)
    orgs = list(p.organisations)
    for o in orgs:
        subs = [q for q in orgs if q != o and sets[o] and sets[o] <= sets[q]]
        assert t.loc[o, "substitutes"] == subs
        assert t.loc[o, "substitute_count"] == len(subs)
        scored = [(jaccard(sets[o], sets[q]), q) for q in orgs if q != o]
        best = max((s for s, _ in scored), default=0.0)
        if best > 0:
            assert t.loc[o, "most_similar_jaccard"] == pytest.approx(best)
            assert t.loc[o, "most_similar"] == min(q for s, q in scored if s == best)
        else:
            assert t.loc[o, "most_similar"] == "" and t.loc[o, "most_similar_jaccard"] == 0.0
        twins = [q for q in orgs if q != o and sets[q] == sets[o]]
        assert t.loc[o, "equivalents"] == twins
    m = overlap_matrix(p)
    for a in orgs:
        for b in orgs:
            expected = 1.0 if a == b else jaccard(sets[a], sets[b])
            assert m.loc[a, b] == pytest.approx(expected)


def test_seed_substitutes_answer_the_funding_question():
    t, _ = substitutes_table(netmap.read(SEED))
    alone = [o for o in t.index if t.loc[o, "substitute_count"] == 0]
    # each of these combines functions no other single partner combines
    assert alone == ["Joint Investigative Teams", "ECAT", "L.A. and Safer Neighbourhood Teams",
                     "UKHTC"]
    assert t.loc["Kalayaan", "equivalents"] == ["RAHAB"]
    assert t.loc["Kalayaan", "substitutes"] == ["ECAT", "Poppy Project", "RAHAB"]


def test_long_lists_are_cut_with_a_note_and_exact_counts():
    p = Partnership.from_edges([(f"O{i:02d}", "F") for i in range(12)] + [("Big", "F"),
                                                                          ("Big", "G")])
    t, notes = substitutes_table(p, list_limit=5)
    assert t.loc["O00", "substitute_count"] == 12  # eleven twins and Big
    assert t.loc["O00", "substitutes"] == ["Big", "O01", "O02", "O03", "O04"]  # name order
    assert len(t.loc["O03", "equivalents"]) == 5 and "O03" not in t.loc["O03", "equivalents"]
    assert t.loc["O00", "most_similar"] == "O01" and t.loc["O01", "most_similar"] == "O00"
    assert notes == ["substitutes and equivalents lists name at most 5 organisations; "
                     "substitute_count is exact"]
    full, notes = substitutes_table(p, list_limit=100)
    assert notes == [] and len(full.loc["O00", "substitutes"]) == 12
    none, notes = substitutes_table(p, list_limit=0)
    assert none.loc["O00", "substitutes"] == [] and none.loc["O00", "substitute_count"] == 12
    assert "not listed above" in notes[0]
