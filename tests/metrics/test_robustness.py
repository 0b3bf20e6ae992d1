"""Attack curves, robustness and critical organisations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

import netmap
from netmap.metrics import compute
from netmap.metrics.robustness import (
    area,
    attack_curves,
    coverage_curve,
    critical_organisations,
    targeted_order,
)
from netmap.metrics.rules import CoverageState, evaluate, load_rules
from netmap.model import Partnership

from ..conftest import OK, SEED
from ..strategies import partnerships


def curve_by_removal(p: Partnership, order) -> list:
    """Coverage after each removal, by actually removing organisations one by one."""
    out = []
    for k in range(len(order) + 1):
        rest = p.without(order[:k])
        out.append(rest.engagements["function"].nunique() / len(p.functions))
    return out


def test_curve_and_area_by_hand():
    p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")], functions=["H"])
    # H is never provided; removing A loses F; removing B loses G
    assert coverage_curve(p, ["A", "B"]).tolist() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert coverage_curve(p, ["B", "A"]).tolist() == pytest.approx([2 / 3, 2 / 3, 0.0])
    assert area(np.array([2 / 3, 1 / 3, 0.0])) == pytest.approx((1 + 1 / 3) / 4)
    assert targeted_order(p) == ["A", "B"]


def test_targeted_order_breaks_ties_by_name():
    p = Partnership.from_edges([("Zed", "F"), ("Amy", "G"), ("Bob", "F"), ("Bob", "G")])
    assert targeted_order(p) == ["Bob", "Amy", "Zed"]


@given(partnerships(sectors=False))
def test_curves_equal_actual_removal(p):
    order = list(p.organisations)[::-1]
    assert coverage_curve(p, order).tolist() == pytest.approx(curve_by_removal(p, order))
    table, summary = attack_curves(p, runs=5, seed=3)
    assert table["targeted"].tolist() == pytest.approx(curve_by_removal(p, targeted_order(p)))
    assert summary["robustness_targeted"] == pytest.approx(area(table["targeted"].to_numpy()))
    assert table["random_mean"].iloc[-1] == 0.0


def test_same_seed_same_numbers_and_seed_matters():
    p = netmap.read(SEED)
    a = attack_curves(p, runs=50, seed=1)[1]
    b = attack_curves(p, runs=50, seed=1)[1]
    c = attack_curves(p, runs=50, seed=2)[1]
    assert a == b and a["robustness"] != c["robustness"]
    assert 0 < a["robustness"] < 1 and a["robustness_runs"] == 50


@given(partnerships())
def test_critical_equals_brute_force_removal(p):
    rules = load_rules()
    state = CoverageState.of(p)
    before = {f.key for f in evaluate(state, rules)[0]}
    crit = critical_organisations(p, rules)
    for o in p.organisations:
        after = evaluate(CoverageState.of(p.without([o])), rules)[0]
        assert [f.key for f in crit[o]] == [f.key for f in after if f.key not in before]


def test_critical_by_hand():
    m = compute(netmap.read(OK / "small.csv"), runs=0)
    org = m.organisations.set_index("organisation")
    assert org["critical"].to_dict() == {"Police": True, "Hestia": True, "Church": True}
    assert "Strategic has no provider" in org.loc["Police", "critical_because"]
    assert m.network["critical_organisations"] == ["Police", "Hestia", "Church"]
    seed = compute(netmap.read(SEED), runs=0)
    assert seed.network["critical_organisations"] == []


@given(partnerships(sectors=False))
def test_targeted_order_is_degree_then_name(p):
    degree = p.engagements.groupby("organisation").size()
    assert targeted_order(p) == sorted(p.organisations,
                                       key=lambda o: (-int(degree.get(o, 0)), o))
