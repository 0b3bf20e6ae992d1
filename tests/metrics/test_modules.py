"""Modules (issue 16, "Modules: is the partnership siloed?").

Cases of the issue, and the test that covers each:

- Q against its definition, recomputed from the reported partition by an
  independent double sum: ``test_q_matches_a_direct_double_sum``,
  ``test_reported_partition_gives_the_reported_q``,
  ``test_compressed_q_equals_q_of_every_organisation``.
- Against networkx's (Newman's) modularity of the one-mode reading, only where
  they are equal: ``test_barber_and_newman_differ_by_the_module_imbalance``.
- Exhaustive search over every partition of small networks (up to 9 nodes),
  with and without netmap's enumeration shortcut:
  ``test_maximise_reaches_the_exhaustive_optimum``,
  ``test_twins_share_a_module_at_the_exhaustive_optimum``.
- Seeded and reproducible: ``test_same_seed_same_modules``.
- The webs of R's bipartite against published and R-computed DIRTLPAwb+
  values: ``test_webs_reach_published_dirtlpawb_values``,
  ``test_webs_reach_what_r_lpa_wb_plus_reaches``; at least the best of 20
  DIRTLPAwb+ restarts: ``test_at_least_the_best_of_20_dirtlpawb_restarts``.
- Weighted form by hand: ``test_weighted_q_by_hand``.
- Roles c and z by hand, and against a per-organisation implementation of
  ``bipartite::czvalues``: ``test_roles_by_hand``,
  ``test_roles_match_czvalues_per_organisation``.
- Scale: fewer restarts or none above the documented sizes, with a note, and
  ``force``: ``test_large_class_matrices_get_a_note_and_force_computes``; the fewer
  restarts still reach the best of 20:
  ``test_fewer_restarts_above_full_cells_still_reach_the_best_of_20``.
- Empty rows and columns, no engagement, one module:
  ``test_organisations_without_engagement_have_no_module``,
  ``test_complete_partnership_is_one_module``.
- Wired into the metrics, the JSON contract and findings:
  ``test_metrics_tables_carry_the_modules``, ``test_metrics_json_has_modularity``,
  ``test_finding_names_the_modules_and_the_bridges``,
  ``test_finding_says_when_there_are_no_silos``.
"""

from __future__ import annotations

import functools
import importlib
import json
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netmap.cli import cli
from netmap.findings import findings
from netmap.metrics import compute
from netmap.metrics.modularity import dirt_lpawb, maximise, modularity
from netmap.metrics.modules import modules
from netmap.model import Partnership
from netmap.synth import synth_matrix

from ..conftest import DATA

WEBS = DATA / "webs"
modules_module = importlib.import_module("netmap.metrics.modules")


def direct_q(A, rows, cols) -> float:
    """Q by its definition, one cell at a time (no shared code with netmap)."""
    A = [[float(x) for x in r] for r in np.asarray(A)]
    M = sum(map(sum, A))
    k = [sum(r) for r in A]
    d = [sum(A[i][j] for i in range(len(A))) for j in range(len(A[0]))]
    total = 0.0
    for i, row in enumerate(A):
        for j, a in enumerate(row):
            if rows[i] == cols[j]:
                total += a - k[i] * d[j] / M
    return total / M


def set_partitions(n: int) -> np.ndarray:
    """Every partition of n nodes, one row of block labels each (restricted growth strings)."""
    out = []

    def grow(prefix, top):
        if len(prefix) == n:
            out.append(prefix)
            return
        for b in range(top + 2):
            grow(prefix + [b], max(top, b))

    grow([0], 0)
    return np.array(out)


def exhaustive_best(A) -> float:
    """The largest Q over every partition of rows and columns together (vectorised)."""
    n, m = A.shape
    P = set_partitions(n + m)
    rows, cols = P[:, :n], P[:, n:]
    M = A.sum()
    same = rows[:, :, None] == cols[:, None, :]  # partition x row x column
    k, d = A.sum(axis=1), A.sum(axis=0)
    q = ((A - np.outer(k, d) / M)[None] * same).sum(axis=(1, 2)) / M
    return float(q.max())


def web(name: str) -> np.ndarray:
    W = pd.read_csv(WEBS / f"{name}.csv", index_col=0).to_numpy(float)
    return W[W.sum(axis=1) > 0][:, W.sum(axis=0) > 0]


@functools.cache
def web_q(name: str, form: str) -> float:
    """Q that netmap reaches on a web (default seed and restarts), computed once per run."""
    A = web(name) if form == "weighted" else (web(name) > 0).astype(float)
    return maximise(A, seed=0).q


def random_matrix(rng, n, m, weighted=False) -> np.ndarray:
    while True:
        A = (rng.random((n, m)) < 0.45).astype(float)
        if weighted:
            A *= rng.integers(1, 6, size=(n, m))
        if A.sum(axis=1).all() and A.sum(axis=0).all():
            return A


def test_q_matches_a_direct_double_sum():
    rng = np.random.default_rng(3)
    for _ in range(20):
        A = random_matrix(rng, 5, 7, weighted=bool(rng.integers(2)))
        rows, cols = rng.integers(0, 3, 5), rng.integers(0, 3, 7)
        assert modularity(A, rows, cols) == pytest.approx(direct_q(A, rows, cols), abs=1e-12)


def test_reported_partition_gives_the_reported_q():
    for name in ("Safariland", "vazquenc"):
        for A in (web(name), (web(name) > 0).astype(float)):
            part = maximise(A, seed=0)
            assert part.q == pytest.approx(direct_q(A, part.rows, part.cols), abs=1e-12)


def test_barber_and_newman_differ_by_the_module_imbalance():
    # Newman's Q of the same graph read as one-mode has the null model k_u k_v / 2M over
    # all pairs; Barber's only pairs a row with a column. Q_B - Q_N = sum_s (K_s - D_s)^2
    # / (4 M^2), so they agree exactly when every module has equal row and column totals.
    rng = np.random.default_rng(5)
    balanced_seen = 0
    for trial in range(30):
        A = random_matrix(rng, 4, 5, weighted=trial % 2 == 1)
        rows, cols = rng.integers(0, 2, 4), rng.integers(0, 2, 5)
        G = nx.Graph()
        G.add_nodes_from([("r", i) for i in range(4)] + [("c", j) for j in range(5)])
        G.add_weighted_edges_from((("r", i), ("c", j), A[i, j]) for i in range(4)
                                  for j in range(5) if A[i, j])
        blocks = [{("r", i) for i in range(4) if rows[i] == s} | {("c", j) for j in range(5)
                                                                  if cols[j] == s}
                  for s in (0, 1)]
        newman = nx.community.modularity(G, [b for b in blocks if b], weight="weight")
        M = A.sum()
        K = [A.sum(axis=1)[rows == s].sum() for s in (0, 1)]
        D = [A.sum(axis=0)[cols == s].sum() for s in (0, 1)]
        gap = sum((K[s] - D[s]) ** 2 for s in (0, 1)) / (4 * M * M)
        barber = modularity(A, rows, cols)
        assert barber - newman == pytest.approx(gap, abs=1e-12)
        if gap == 0:
            balanced_seen += 1
            assert barber == pytest.approx(newman, abs=1e-12)
    # a partition balanced by construction: the whole graph as one module
    assert modularity(A, [0] * 4, [0] * 5) == pytest.approx(
        nx.community.modularity(G, [set(G)], weight="weight"), abs=1e-12)


@pytest.mark.parametrize("shape, weighted, seed", [
    ((4, 5), False, 1), ((3, 6), False, 2), ((4, 5), True, 3), ((5, 4), True, 4),
    ((2, 7), False, 5), ((4, 6), False, 6)])
def test_maximise_reaches_the_exhaustive_optimum(shape, weighted, seed):
    A = random_matrix(np.random.default_rng(seed), *shape, weighted=weighted)
    best = exhaustive_best(A)
    assert maximise(A, seed=0).q == pytest.approx(best, abs=1e-9)  # enumeration shortcut
    assert maximise(A, seed=0, exact=False).q == pytest.approx(best, abs=1e-9)  # DIRTLPAwb+


def test_twins_share_a_module_at_the_exhaustive_optimum():
    # Given the columns, each row's best module depends on its own row only, so
    # identical rows can share a module at an optimum: the optimum of the matrix with
    # twins summed into one row is the optimum of the full matrix.
    rng = np.random.default_rng(11)
    for _ in range(3):
        base = random_matrix(rng, 3, 4)
        full = np.vstack([base, base[:2]])  # rows 3 and 4 twin rows 0 and 1
        compressed = base.copy()
        compressed[:2] *= 2
        assert exhaustive_best(full) == pytest.approx(exhaustive_best(compressed), abs=1e-12)


def test_compressed_q_equals_q_of_every_organisation():
    matrix, _ = synth_matrix(400, 7, seed=2)
    edges = [(f"o{i}", f"f{j}") for i, j in zip(*np.nonzero(matrix), strict=True)]
    p = Partnership.from_edges(edges)
    m = modules(p)
    full = p.matrix().to_numpy()
    assert m.modularity == pytest.approx(
        direct_q(full, m.organisation_module, m.function_module), abs=1e-12)
    # twins share their module
    codes = {}
    for row, module in zip(map(tuple, full), m.organisation_module, strict=True):
        assert codes.setdefault(row, module) == module


def test_same_seed_same_modules():
    A = (web("vazquenc") > 0).astype(float)
    one = maximise(A, seed=7, exact=False, restarts=3)
    two = maximise(A, seed=7, exact=False, restarts=3)
    assert one.rows.tolist() == two.rows.tolist() and one.cols.tolist() == two.cols.tolist()
    assert one.q == two.q
    p = Partnership.from_edges([(f"o{i}", f"f{j}") for i, j in
                                zip(*np.nonzero(synth_matrix(300, 8, seed=4)[0]), strict=True)])
    a, b = modules(p, seed=3), modules(p, seed=3)
    assert a.organisation_module.tolist() == b.organisation_module.tolist()
    assert a.modularity == b.modularity


# Highest Q over 100 DIRTLPAwb+ runs per web reported by Beckett (2016): the paper's
# code and results, github.com/sjbeckett/weighted-modularity-LPAwbPLUS (commit
# 2130e28), paper/papercode/output/summary/Qua_Modscore_EXLPA_wb_plus.csv (weighted)
# and Bin_Modscore_EXLPA_wb_plus.csv (binary), max of each row.
PUBLISHED = {
    "Safariland": (0.430410, 0.557528),
    "barrett1987": (0.568813, 0.485604),
    "motten1982": (0.381878, 0.312534),
    "vazarr": (0.442406, 0.541915),
    "vazllao": (0.561322, 0.575964),
    "vazquenc": (0.450469, 0.549428),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_webs_reach_published_dirtlpawb_values(name):
    weighted, binary = PUBLISHED[name]
    assert web_q(name, "weighted") >= weighted - 1e-6
    assert web_q(name, "binary") >= binary - 1e-6


# Best of 20 runs of DIRT_LPA_wb_plus from R bipartite's own code (bipartite/R/modulesLPA.R,
# github.com/biometry/bipartite, the LPA_wb_plus.R that computeModules(method = "Beckett")
# calls), R 4.2.2 (Debian's r-base-core; bipartite itself is not packaged), produced by
# `Rscript ref.R` with ref.R:
#   source("modulesLPA.R"); set.seed(1)
#   for (name in webs) { web <- as.matrix(read.csv(paste0(name, ".csv"), row.names = 1))
#     web <- web[rowSums(web) > 0, colSums(web) > 0, drop = FALSE]
#     for (W in list(web, (web > 0) * 1)) { best <- -Inf
#       for (r in 1:20) { res <- DIRT_LPA_wb_plus(W)
#         best <- max(best, WEIGHTEDMODULARITY(BarbersMatrix(W), sum(W), res$Row_labels,
#                                              res$Col_labels)) }
#       cat(name, best, "\n") } }
# (Q recomputed from the labels with its WEIGHTEDMODULARITY, equal here to what it reports.)
R_BEST_OF_20 = {
    ("Safariland", "weighted"): 0.430410, ("Safariland", "binary"): 0.557528,
    ("barrett1987", "weighted"): 0.568549, ("barrett1987", "binary"): 0.484707,
    ("motten1982", "weighted"): 0.381878, ("motten1982", "binary"): 0.307105,
    ("vazarr", "weighted"): 0.442406, ("vazarr", "binary"): 0.541915,
    ("vazllao", "weighted"): 0.561322, ("vazllao", "binary"): 0.575964,
    ("vazquenc", "weighted"): 0.450469, ("vazquenc", "binary"): 0.549428,
}


@pytest.mark.parametrize("name, form", sorted(R_BEST_OF_20))
def test_webs_reach_what_r_lpa_wb_plus_reaches(name, form):
    # the issue asks for the best of 20 restarts within 0.001; netmap reaches it exactly
    assert web_q(name, form) >= R_BEST_OF_20[name, form] - 1e-6


def test_at_least_the_best_of_20_dirtlpawb_restarts():
    A = (web("barrett1987") > 0).astype(float)
    best = max(dirt_lpawb(A, seed=s).q for s in range(20))
    assert maximise(A, seed=123).q >= best - 0.001


def test_weighted_q_by_hand():
    # A = [[2, 1], [0, 3]]: M = 6, row sums 3, 3, column sums 2, 4. Modules {r0, c0} and
    # {r1, c1}: inside 2 + 3 = 5, null 3*2/6 + 3*4/6 = 3, so Q = (5 - 3) / 6 = 1/3.
    A = np.array([[2.0, 1.0], [0.0, 3.0]])
    assert modularity(A, [0, 1], [0, 1]) == pytest.approx(1 / 3)
    assert maximise(A, seed=0).q == pytest.approx(1 / 3)
    p = Partnership.from_edges([("r0", "c0", 2), ("r0", "c1", 1), ("r1", "c1", 3)],
                               weighted=True)
    m = modules(p)
    assert m.modularity == pytest.approx(1 / 3)
    assert m.organisation_module.tolist() == [1, 2] and m.function_module.tolist() == [1, 2]
    # unweighted, the same engagements: Barber's Q of 0/1 cells
    # M = 3, rows 2, 1, columns 1, 2: best {r0, c0, c1} {r1}? no: Q = 0 for one module;
    # {r0, c0} {r1, c1}: inside 2, null (2*1 + 1*2) / 3 = 4/3, Q = (2 - 4/3) / 3 = 2/9
    binary = modules(Partnership.from_edges([("r0", "c0"), ("r0", "c1"), ("r1", "c1")]))
    assert binary.modularity == pytest.approx(2 / 9)


ROLES_EDGES = [("A", "F1"), ("A", "F2"), ("B", "F1"), ("B", "F2"), ("C", "F1"),
               ("D", "F3"), ("D", "F4"), ("E", "F3"), ("E", "F4"), ("G", "F4"),
               ("X", "F2"), ("X", "F3")]


def test_roles_by_hand():
    # M = 12. Modules {A, B, C, X, F1, F2} and {D, E, G, F3, F4}: inside 6 + 5 = 11,
    # row totals 7 and 5, column totals 6 and 6, Q = (11 - (42 + 30) / 12) / 12 = 5/12.
    # z in module 1: functions in it A 2, B 2, C 1, X 1: mean 1.5, sample sd sqrt(1/3),
    # so z_A = 0.5 / sqrt(1/3) = sqrt(3)/2; module 2: D 2, E 2, G 1: mean 5/3, sd
    # sqrt(1/3), z_D = 1/sqrt(3), z_G = -2/sqrt(3). c_X = 1 - (1/2)^2 - (1/2)^2 = 1/2.
    p = Partnership.from_edges(ROLES_EDGES)
    m = modules(p)
    assert m.modularity == pytest.approx(5 / 12)
    assert m.organisation_module.tolist() == [1, 1, 1, 2, 2, 2, 1]
    assert m.function_module.tolist() == [1, 1, 2, 2]
    z = dict(zip(p.organisations, m.module_z, strict=True))
    c = dict(zip(p.organisations, m.module_participation, strict=True))
    assert z["A"] == pytest.approx(math.sqrt(3) / 2) and z["C"] == pytest.approx(-math.sqrt(3) / 2)
    assert z["D"] == pytest.approx(1 / math.sqrt(3)) and z["G"] == pytest.approx(-2 / math.sqrt(3))
    assert c["X"] == pytest.approx(0.5) and c["A"] == 0.0 and c["G"] == 0.0


def czvalues(B, org_module, fn_module) -> tuple:
    """bipartite::czvalues(mod, level = "lower") one organisation at a time."""
    n = len(B)
    z, c = [math.nan] * n, [math.nan] * n
    modules_ = sorted(set(fn_module) - {0})
    for i in range(n):
        k = sum(B[i])
        if k == 0:
            continue
        c[i] = 1 - sum((sum(B[i][j] for j in range(len(B[i])) if fn_module[j] == t) / k) ** 2
                       for t in modules_)
        s = org_module[i]
        mates = [o for o in range(n) if org_module[o] == s and sum(B[o]) > 0]
        own = [sum(B[o][j] for j in range(len(B[o])) if fn_module[j] == s) for o in mates]
        if len(mates) < 2:
            continue  # R's sd of one value is NA
        mean = sum(own) / len(own)
        sd = math.sqrt(sum((x - mean) ** 2 for x in own) / (len(own) - 1))
        mine = sum(B[i][j] for j in range(len(B[i])) if fn_module[j] == s)
        z[i] = 0.0 if sd == 0 else (mine - mean) / sd
    return z, c


def test_roles_match_czvalues_per_organisation():
    matrix, _ = synth_matrix(120, 6, seed=9)  # many twins: classes weight the mean and sd
    p = Partnership.from_edges([(f"o{i}", f"f{j}") for i, j in
                                zip(*np.nonzero(matrix), strict=True)])
    m = modules(p)
    B = p.matrix().to_numpy().tolist()
    z, c = czvalues(B, m.organisation_module.tolist(), m.function_module.tolist())
    np.testing.assert_allclose(m.module_z, z, atol=1e-9)
    np.testing.assert_allclose(m.module_participation, c, atol=1e-9)


def test_large_class_matrices_get_a_note_and_force_computes(monkeypatch):
    p = Partnership.from_edges(ROLES_EDGES)
    monkeypatch.setattr(modules_module, "FULL_CELLS", 10)
    few = modules(p)
    assert few.restarts == modules_module.FEW_RESTARTS
    assert any("restarts (not 20)" in n and "--force-modules" in n for n in few.notes)
    monkeypatch.setattr(modules_module, "MAX_CELLS", 19)  # the class matrix is 5 x 4
    none = modules(p)
    assert none.modularity is None and not none.organisation_module.any()
    assert any("modules not computed" in n for n in none.notes)
    m = compute(p, runs=0)
    assert m.network["modularity"] is None and m.organisations["module"].isna().all()
    assert any("modules not computed" in n for n in m.notes)
    forced = modules(p, force=True)
    assert forced.restarts == 20 and forced.modularity == pytest.approx(5 / 12)
    assert forced.notes == []


def test_organisations_without_engagement_have_no_module():
    idle = Partnership.from_edges(ROLES_EDGES, functions=["F0"], organisations=["Idle"])
    m = compute(idle, runs=0)
    org = m.organisations.set_index("organisation")
    assert org.loc["Idle", "module"] is None or pd.isna(org.loc["Idle", "module"])
    assert pd.isna(org.loc["Idle", "module_z"]) and pd.isna(org.loc["Idle", "module_participation"])
    fn = m.functions.set_index("function")
    assert pd.isna(fn.loc["F0", "module"]) and fn.loc["F1", "module"] == 1
    assert m.network["modularity"] == pytest.approx(5 / 12)
    nothing = modules(Partnership.from_edges([], functions=["F"]))
    assert nothing.modularity is None and nothing.count == 0


def test_complete_partnership_is_one_module():
    p = Partnership.from_edges([(o, f) for o in "ABC" for f in ("F", "G")])
    m = modules(p)
    assert m.modularity == pytest.approx(0.0) and m.count == 1
    assert m.organisation_module.tolist() == [1, 1, 1]


def test_metrics_tables_carry_the_modules():
    m = compute(Partnership.from_edges(ROLES_EDGES), runs=0)
    assert m.network["modularity"] == pytest.approx(5 / 12) and m.network["modules"] == 2
    assert m.organisations["module"].tolist() == [1, 1, 1, 2, 2, 2, 1]
    assert m.functions["module"].tolist() == [1, 1, 2, 2]
    assert {"module_z", "module_participation"} <= set(m.organisations.columns)


def test_metrics_json_has_modularity(runner, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("organisation,function\n" + "\n".join(f"{o},{f}" for o, f in ROLES_EDGES)
                    + "\n", encoding="utf-8")
    for extra in ([], ["--force-modules"]):
        result = runner.invoke(cli, ["metrics", str(path), "--format", "json", "--runs", "0",
                                     *extra])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["network"]["modularity"] == pytest.approx(5 / 12)
        assert [r["module"] for r in data["functions"]] == [1, 1, 2, 2]
        x = next(r for r in data["organisations"] if r["organisation"] == "X")
        assert x["module_participation"] == pytest.approx(0.5)


def test_finding_names_the_modules_and_the_bridges():
    p = Partnership.from_edges(ROLES_EDGES)
    found = [f for f in findings(p, compute(p, runs=0)) if f.rule == "modules"]
    assert len(found) == 1
    assert found[0].message.startswith("The partnership falls into 2 modules, ")
    assert "(modularity 0.42): F1 / F2 (4 organisations); F3 / F4 (3 organisations). " \
        "1 organisation bridges them: X." in found[0].message
    assert found[0].evidence["bridges"] == ["X"]


def test_finding_says_when_there_are_no_silos():
    p = Partnership.from_edges([(o, f) for o in "ABC" for f in ("F", "G")] + [("D", "F")])
    found = [f for f in findings(p, compute(p, runs=0)) if f.rule == "modules"]
    assert len(found) == 1 and "does not fall into separate modules" in found[0].message


def test_fewer_restarts_above_full_cells_still_reach_the_best_of_20():
    # above FULL_CELLS compute runs FEW_RESTARTS restarts and refines them; on the
    # benchmark's kind of partnership that still reaches 20 DIRTLPAwb+ restarts
    matrix, _ = synth_matrix(1000, 12, seed=1)
    p = Partnership.from_edges([(f"o{i}", f"f{j}") for i, j in
                                zip(*np.nonzero(matrix), strict=True)])
    m = modules(p)
    assert m.restarts == modules_module.FEW_RESTARTS
    B, w, _ = modules_module.classes(p)
    A = (B * w[:, None])[B.sum(axis=1) > 0]
    assert A.size > modules_module.FULL_CELLS
    best = max(dirt_lpawb(A, seed=s).q for s in range(20))
    assert m.modularity >= best - 0.001
