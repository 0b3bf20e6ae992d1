"""The metrics schema documents every column netmap computes, and docs/metrics.md is its copy."""

from __future__ import annotations

import importlib
import math

import pytest

import netmap
from netmap.metrics import compute
from netmap.metrics.schema import COLUMNS, TABLES, columns, entry_for, markdown
from netmap.model import Partnership

from ..conftest import OK, ROOT, SEED


def partnerships() -> list:
    return [
        netmap.read(SEED),
        netmap.read(OK / "weights.csv", weighted=True),
        netmap.read(OK / "function_no_provider.csv"),
        netmap.read(OK / "org_no_engagement.csv"),
        netmap.read(ROOT / "data" / "examples" / "eastvale.csv"),
        Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G")], functions=["H"]),
    ]


def produced(p: Partnership) -> dict:
    m = compute(p, runs=3)
    return {"network": m.network, "organisations": m.organisations,
            "functions": m.functions, "curves": m.curves}


@pytest.fixture(scope="module")
def computed() -> list:
    return [(p, produced(p)) for p in partnerships()]


def test_every_column_computed_has_an_entry_and_every_entry_is_computed(computed):
    used = set()
    for p, tables in computed:
        attributes = list(p.attributes.columns)
        for table, data in tables.items():
            names = list(data) if isinstance(data, dict) else list(data.columns)
            for name in names:
                entry = entry_for(table, name, attributes)
                assert entry is not None, f"{table}.{name} is not in netmap/metrics/schema.py"
                used.add((table, entry.name))
    missing = {(c.table, c.name) for c in COLUMNS} - used
    assert not missing, f"documented but never computed: {sorted(missing)}"


def _numbers(values) -> list:
    out = []
    for v in values:
        if isinstance(v, bool) or v is None or not isinstance(v, (int, float)):
            continue
        if isinstance(v, float) and math.isnan(v):
            continue
        out.append(float(v))
    return out


def test_values_lie_in_the_stated_ranges(computed):
    bounds = {"0-1": (0.0, 1.0), "0-100": (0.0, 100.0)}
    checked = 0
    for p, tables in computed:
        for table, data in tables.items():
            for name in (list(data) if isinstance(data, dict) else list(data.columns)):
                entry = entry_for(table, name, list(p.attributes.columns))
                assert entry is not None
                low_high = bounds.get(entry.range.split(",")[0].split(" when ")[0])
                if "when connected" in entry.range and tables["network"]["components"] > 1:
                    low_high = None  # as networkx, closeness may exceed 1 when disconnected
                values = [data[name]] if isinstance(data, dict) else data[name].tolist()
                numbers = _numbers(values)
                if low_high:
                    assert all(low_high[0] - 1e-9 <= v <= low_high[1] + 1e-9 for v in numbers), \
                        (table, name, numbers)
                    checked += len(numbers)
                elif entry.range.startswith(">= 0") or entry.range.startswith("integer >= 0"):
                    assert all(v >= 0 for v in numbers), (table, name)
    assert checked > 100


def test_every_entry_names_a_real_source_and_a_known_table():
    for c in COLUMNS:
        assert c.table in TABLES and c.definition and c.range
        if c.source:
            module, _, attr = c.source.rpartition(".")
            try:
                target = importlib.import_module(c.source)
            except ImportError:
                target = getattr(importlib.import_module(module), attr)
            assert target is not None, c.source
    names = [(c.table, c.name) for c in COLUMNS]
    assert len(names) == len(set(names))


def test_docs_metrics_md_is_generated_from_the_schema():
    page = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert page == markdown(), "regenerate: python -m netmap.metrics.schema > docs/metrics.md"
    for c in COLUMNS:
        assert f"`{c.name}`" in page
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/metrics.md" in readme


def test_unknown_table_is_a_clear_error():
    with pytest.raises(KeyError, match="no metrics table 'nodes'"):
        columns("nodes")


def test_closeness_exceeds_one_only_where_networkx_does():
    import networkx as nx
    from networkx.algorithms import bipartite

    p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G")], functions=["H"])
    m = compute(p, runs=0)
    G = nx.Graph()
    G.add_nodes_from(["A", "B"], bipartite=0)
    G.add_nodes_from(["F", "G", "H"], bipartite=1)
    G.add_edges_from([("A", "F"), ("B", "F"), ("B", "G")])
    expected = bipartite.closeness_centrality(G, ["A", "B"])
    got = dict(zip(m.functions["function"], m.functions["closeness_centrality"], strict=True))
    assert got["F"] == pytest.approx(expected["F"]) == pytest.approx(1.125)


def test_the_json_contract_columns_are_documented():
    for key in ("degree_centrality", "closeness_centrality", "betweenness_centrality"):
        assert entry_for("organisations", key) and entry_for("functions", key)
    for key in ("organisations", "functions", "engagements", "connectance", "nodf",
                "components"):
        assert entry_for("network", key)
