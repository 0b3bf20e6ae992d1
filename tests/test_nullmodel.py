"""Null models reported in full, and results that do not depend on the file's order
(issue 16, "Null models reported in full" and "Invariance").

The catalogue of cases:

- the empirical two-sided p-value, the null mean and SD, z and its Monte Carlo standard
  error against hand computation: ``test_summary_statistics_by_hand``;
  Benjamini-Hochberg adjustment by hand: ``test_benjamini_hochberg_by_hand``;
- compare's ``network`` table has ``{measure}_null_mean``, ``_null_sd``, ``_z``, ``_p``,
  ``_z_mcse``, ``_p_bh`` for NODF, targeted robustness and modularity (empty without its
  null model), ``null_draws``, ``null_burn_in`` and ``null_thinning``, and the CSV reads
  back numeric: ``test_network_table_has_the_null_columns_and_reads_back_numeric``;
- every p of the table recomputed from the draws written by ``--save-null``:
  ``test_p_values_recomputed_from_the_saved_draws``; ``--save-null`` refuses a path
  outside OUTDIR and a name compare writes itself: ``test_save_null_is_checked_first``;
- the curveball chain's burn-in and thinning: draws uniform over every matrix with the
  margins of small matrices (chi-square): ``test_draws_are_uniform_over_same_margin_matrices``;
  on a pollination web, low lag-1 autocorrelation and the same null mean and SD from a
  chain ten times longer: ``test_chain_mixes_on_a_pollination_web``;
- robustness from random orders carries a 95% confidence interval:
  ``test_robustness_has_a_confidence_interval``; the t quantiles against the table:
  ``test_t_quantiles``;
- re-sorting a file's rows and columns changes no number (robustness, the null model,
  every compare table): ``test_results_do_not_depend_on_row_or_column_order``;
- ``--null-modularity``: modularity's z and p against draws each optimised afresh, the
  observed Q found by the same procedure, every draw saved; compare.html explains the
  statistics (methods paragraph, table) and shows each observed value against its null
  distribution, also written as figures/null_models.png and .svg (text as text):
  ``test_null_modularity_and_the_methods_section``.
"""

from __future__ import annotations

import io
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmap
from netmap.cli import cli
from netmap.compare import NULL_MEASURES, NULL_STATISTICS
from netmap.metrics.robustness import _T975, t975
from netmap.model import Partnership
from netmap.nullmodel import benjamini_hochberg, null_draws, null_values, summarise

from .conftest import ROOT, SEED

EXAMPLES = ROOT / "data" / "examples"
WEB = ROOT / "tests" / "data" / "webs" / "Safariland.csv"


def test_summary_statistics_by_hand():
    draws = [4.0, 6.0, 5.0, 5.0, 7.0, 3.0, 5.0, 5.0, 6.0, 4.0]
    s = summarise(8.0, draws)
    mean = sum(draws) / 10
    sd = math.sqrt(sum((x - mean) ** 2 for x in draws) / 9)
    assert s["null_mean"] == pytest.approx(mean) and s["null_sd"] == pytest.approx(sd)
    assert s["z"] == pytest.approx((8.0 - mean) / sd)
    # no draw is 3 or more from the mean (5): b = 0, p = 1/11
    assert s["p"] == pytest.approx(1 / 11)
    # two-sided: 7.0 and 3.0 are both 2 from the mean, as far as an observed 7.0
    assert summarise(7.0, draws)["p"] == pytest.approx((2 + 1) / 11)
    assert summarise(5.0, draws)["p"] == pytest.approx(1.0)
    # Monte Carlo SE of z by the delta method with n_eff from the lag-1 autocorrelation
    v = np.array(draws) - mean
    r = max(float((v[:-1] * v[1:]).sum() / (v * v).sum()), 0.0)
    n_eff = 10 * (1 - r) / (1 + r)
    z = s["z"]
    assert s["z_mcse"] == pytest.approx(math.sqrt(1 / n_eff + z * z / (2 * (n_eff - 1))))
    constant = summarise(1.0, [1.0] * 5)
    assert math.isnan(constant["z"]) and constant["p"] == 1.0


def test_benjamini_hochberg_by_hand():
    p = [0.01, 0.02, 0.03, 0.04, 0.05, float("nan"), 0.5]
    # m = 6 values: p_(k) * 6 / k, then the running minimum from the top
    raw = [0.01 * 6, 0.02 * 3, 0.03 * 2, 0.04 * 1.5, 0.05 * 1.2, 0.5]
    expected = [min(raw[k:]) for k in range(6)]
    got = benjamini_hochberg(p)
    assert np.isnan(got[5])
    assert got[[0, 1, 2, 3, 4, 6]] == pytest.approx(expected)
    assert np.all(got[~np.isnan(got)] >= np.array(p)[~np.isnan(got)])


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("c") / "out"
    files = [SEED, EXAMPLES / "westbridge.csv", EXAMPLES / "eastvale.csv"]
    result = CliRunner().invoke(cli, ["compare", *map(str, files), "-o", str(out),
                                      "--null-draws", "60", "--runs", "10",
                                      "--save-null", "null_draws.csv"])
    assert result.exit_code == 0, result.output
    return out


def test_network_table_has_the_null_columns_and_reads_back_numeric(compared):
    network = pd.read_csv(compared / "network.csv")
    for measure in NULL_MEASURES:
        for stat in NULL_STATISTICS:
            assert f"{measure}_{stat}" in network.columns
    for column in ("null_draws", "null_burn_in", "null_thinning"):
        assert column in network.columns
    numeric = [c for c in network.columns if c != "partnership"]
    for column in numeric:  # every column but the name reads back as numbers (or empty)
        assert network[column].dtype.kind in "fib", column
    assert network["modularity_z"].isna().all()  # no modularity null model asked for
    assert (network["nodf_p"] > 0).all() and (network["nodf_p"] <= 1).all()
    assert (network["null_draws"] == 60).all()
    assert network["null_burn_in"].tolist() == [20 * n for n in network["organisations"]]
    import json

    rows = json.loads((compared / "network.json").read_text(encoding="utf-8"))
    assert isinstance(rows[0]["nodf_p"], float)


def test_p_values_recomputed_from_the_saved_draws(compared):
    network = pd.read_csv(compared / "network.csv").set_index("partnership")
    draws = pd.read_csv(compared / "null_draws.csv", encoding="utf-8-sig")
    assert list(draws.columns) == ["partnership", "draw", "nodf", "robustness_targeted"]
    all_p = []
    for name, rows in draws.groupby("partnership", sort=False):
        assert rows["draw"].tolist() == list(range(1, 61))
        for measure in ("nodf", "robustness_targeted"):
            values = rows[measure].to_numpy()
            observed = network.loc[name, measure]
            mean = values.mean()
            b = sum(abs(x - mean) >= abs(observed - mean) - 1e-9 for x in values)
            assert network.loc[name, f"{measure}_p"] == pytest.approx((b + 1) / 61)
            assert network.loc[name, f"{measure}_null_mean"] == pytest.approx(mean)
            sd = values.std(ddof=1)
            if sd > 0:
                assert network.loc[name, f"{measure}_z"] == pytest.approx(
                    (observed - mean) / sd)
            all_p.append((name, measure, network.loc[name, f"{measure}_p"]))
    adjusted = benjamini_hochberg([p for *_, p in all_p])
    for (name, measure, _), q in zip(all_p, adjusted, strict=True):
        assert network.loc[name, f"{measure}_p_bh"] == pytest.approx(q)


def test_save_null_is_checked_first(runner, tmp_path):
    out = tmp_path / "out"
    for bad, said in ((str(tmp_path / "elsewhere" / "x.csv"), "give a file name"),
                      ("network.csv", "compare writes network.csv itself"),
                      ("draws.txt", "give a .csv file name")):
        result = runner.invoke(cli, ["compare", str(SEED), str(EXAMPLES / "westbridge.csv"),
                                     "-o", str(out), "--save-null", bad])
        assert result.exit_code == 2 and said in result.output, result.output
        assert not out.exists()
    result = runner.invoke(cli, ["compare", str(SEED), str(EXAMPLES / "westbridge.csv"),
                                 "-o", str(out), "--null-draws", "0", "--save-null", "n.csv"])
    assert result.exit_code == 2 and "needs null draws" in result.output


def _margin_matrices(m: np.ndarray) -> list:
    """Every boolean matrix with the row and column sums of ``m`` (small ``m`` only)."""
    rows, cols = m.shape
    options = [list(itertools.combinations(range(cols), int(k))) for k in m.sum(axis=1)]
    target = tuple(m.sum(axis=0))
    out = []
    for choice in itertools.product(*options):
        x = np.zeros((rows, cols), dtype=bool)
        for i, c in enumerate(choice):
            x[i, list(c)] = True
        if tuple(x.sum(axis=0)) == target:
            out.append(x.tobytes())
    return out


def _chi2_critical(df: int, z: float = 3.090) -> float:
    """Upper 0.999 point of chi-square (Wilson-Hilferty)."""
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


@pytest.mark.parametrize("matrix", [
    [[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 1], [1, 0, 0, 1]],
    [[1, 1, 1], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]],
])
def test_draws_are_uniform_over_same_margin_matrices(matrix):
    m = np.array(matrix, dtype=bool)
    states = _margin_matrices(m)
    assert len(states) > 5
    counts = dict.fromkeys(states, 0)
    n = 400 * len(states)
    for sample in null_draws(m, draws=n, seed=11):
        counts[sample.tobytes()] += 1
    expected = n / len(states)
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert chi2 < _chi2_critical(len(states) - 1), (chi2, len(states))


def test_chain_mixes_on_a_pollination_web():
    p = netmap.read(WEB, layout="wide", weighted=True)
    observed, values = null_values(p, draws=300, seed=3)
    v = np.array(values["nodf"])
    d = v - v.mean()
    lag1 = float((d[:-1] * d[1:]).sum() / (d * d).sum())
    assert lag1 < 0.25, lag1
    _, longer = null_values(p, draws=300, seed=4, burn_in=100, thinning=10)
    w = np.array(longer["nodf"])
    se = math.sqrt(v.var(ddof=1) / 300 * 2 + w.var(ddof=1) / 300)
    assert abs(v.mean() - w.mean()) < 4 * se, (v.mean(), w.mean(), se)
    assert 0.7 < v.std(ddof=1) / w.std(ddof=1) < 1.4


def test_robustness_has_a_confidence_interval():
    m = netmap.compute(netmap.read(SEED), runs=50, seed=2)
    net = m.network
    assert 0 <= net["robustness_ci_low"] < net["robustness"] < net["robustness_ci_high"] <= 1
    half = (net["robustness_ci_high"] - net["robustness_ci_low"]) / 2
    assert half == pytest.approx(t975(49) * net["robustness_sd"] * math.sqrt(50 / 49)
                                 / math.sqrt(50), rel=1e-9)
    one = netmap.compute(netmap.read(SEED), runs=1).network
    assert one["robustness_ci_low"] is None and one["robustness_ci_high"] is None


def test_t_quantiles():
    assert t975(1) == 12.706 and t975(30) == 2.042
    assert t975(31) == pytest.approx(2.0395, abs=5e-4)  # the expansion joins the table
    assert abs(t975(31) - _T975[-1]) < 0.005
    assert t975(120) == pytest.approx(1.980, abs=5e-4)
    assert t975(10 ** 9) == pytest.approx(1.959964, abs=1e-5)


def _shuffled(p: Partnership, rng: np.random.Generator) -> str:
    """The partnership's wide CSV with rows and columns in a random order."""
    table = p.matrix().astype(int)
    table = table.iloc[rng.permutation(len(table)), rng.permutation(table.shape[1])]
    buf = io.StringIO()
    table.to_csv(buf, index_label="organisation")
    return buf.getvalue()


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10 ** 6))
def test_results_do_not_depend_on_row_or_column_order(tmp_path_factory, seed):
    rng = np.random.default_rng(seed)
    base = netmap.read(EXAMPLES / "northshire.csv")
    folder = tmp_path_factory.mktemp("order")
    a, b = folder / "a.csv", folder / "b.csv"
    a.write_text(_shuffled(base, rng), encoding="utf-8")
    b.write_text(_shuffled(base, rng), encoding="utf-8")
    pa, pb = netmap.read(a), netmap.read(b)
    ma, mb = netmap.compute(pa, runs=20, seed=5), netmap.compute(pb, runs=20, seed=5)
    for key in ("robustness", "robustness_sd", "robustness_ci_low", "robustness_targeted",
                "nodf", "first_loss_random"):
        assert ma.network[key] == pytest.approx(mb.network[key]), key
    for table in ("organisations", "functions"):
        left = getattr(ma, table).sort_values(getattr(ma, table).columns[0]).reset_index(
            drop=True)
        right = getattr(mb, table).sort_values(getattr(mb, table).columns[0]).reset_index(
            drop=True)
        pd.testing.assert_frame_equal(left, right, check_like=True)
    other = netmap.read(EXAMPLES / "westbridge.csv")
    ca = netmap.compare([pa, other], runs=10, null_draws=30, seed=1)
    cb = netmap.compare([_renamed(pb, "a"), other], runs=10, null_draws=30, seed=1)
    pd.testing.assert_frame_equal(ca.network, cb.network)


def _renamed(p: Partnership, name: str) -> Partnership:
    import dataclasses

    return dataclasses.replace(p, name=name)


def test_null_modularity_and_the_methods_section(runner, tmp_path):
    from netmap.nullmodel import binary_modularity

    out = tmp_path / "c"
    files = [SEED, EXAMPLES / "westbridge.csv", EXAMPLES / "eastvale.csv"]
    result = runner.invoke(cli, ["compare", *map(str, files), "-o", str(out), "--runs", "5",
                                 "--null-draws", "30", "--null-modularity",
                                 "--save-null", "null_draws.csv"])
    assert result.exit_code == 0, result.output
    network = pd.read_csv(out / "network.csv").set_index("partnership")
    draws = pd.read_csv(out / "null_draws.csv", encoding="utf-8-sig")
    assert "modularity" in draws.columns
    p = netmap.read(EXAMPLES / "westbridge.csv")
    m, _ = __import__("netmap.nullmodel", fromlist=["_canonical"])._canonical(p)
    assert network.loc["westbridge", "modularity_null_observed"] == pytest.approx(
        binary_modularity(m, 0))
    for name, rows in draws.groupby("partnership"):
        values = rows["modularity"].to_numpy()
        observed = network.loc[name, "modularity_null_observed"]
        mean = values.mean()
        b = sum(abs(x - mean) >= abs(observed - mean) - 1e-9 for x in values)
        assert network.loc[name, "modularity_p"] == pytest.approx((b + 1) / 31)
        assert network.loc[name, "modularity_null_mean"] == pytest.approx(mean)
    page = (out / "compare.html").read_text(encoding="utf-8")
    for words in ("Against chance: the null model", "curveball", "Benjamini",
                  "Monte Carlo standard error", "Modularity (0/1 matrix)"):
        assert words in page, words
    svg = (out / "figures" / "null_models.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "westbridge" in svg and "NODF (nestedness)" in svg
    assert (out / "figures" / "null_models.png").read_bytes()[:4] == b"\x89PNG"
    plain = tmp_path / "d"
    result = runner.invoke(cli, ["compare", *map(str, files), "-o", str(plain), "--runs", "0",
                                 "--null-draws", "0"])
    assert result.exit_code == 0
    assert "Against chance" not in (plain / "compare.html").read_text(encoding="utf-8")
    assert not (plain / "figures" / "null_models.svg").exists()
