"""The vectorised null model and the paused collector (issue 17, speed targets): what each
test covers.

- ``test_draws_keep_margins_and_are_reproducible``: every draw of the chains side by
  side keeps each row's and each column's sum; the same seed gives the same draws, in
  the same order, and another seed other draws.
- ``test_batch_nodf_equals_nodf_of_each_draw``: ``nodf_same_degrees`` of a batch of
  draws equals ``nodf_matrix`` of each (the NODF the null model z-scores against).
- ``test_null_values_counts_and_order``: ``null_values`` gives exactly ``draws``
  values of each index, all finite, for any number of draws (fewer than, equal
  to, not a multiple of the chains), and the observed NODF is the metrics' own.
- ``test_collector_state_restored_after_an_error``: ``collector_paused`` re-enables
  the cycle collector after an exception, and leaves it off when it was off.
"""

from __future__ import annotations

import gc

import numpy as np
import pytest

import netmap
from netmap.io.bulk import collector_paused
from netmap.metrics.network import nodf_matrix, nodf_same_degrees
from netmap.nullmodel import CHAINS, null_draws, null_values
from tests.conftest import SEED


def _matrix(seed: int = 5) -> np.ndarray:
    return np.random.default_rng(seed).random((12, 5)) < 0.45


def test_draws_keep_margins_and_are_reproducible():
    m = _matrix()
    first = list(null_draws(m, draws=70, seed=3))
    assert len(first) == 70
    for d in first:
        assert (d.sum(axis=1) == m.sum(axis=1)).all()
        assert (d.sum(axis=0) == m.sum(axis=0)).all()
    again = list(null_draws(m, draws=70, seed=3))
    assert all((a == b).all() for a, b in zip(first, again, strict=True))
    other = list(null_draws(m, draws=70, seed=4))
    assert any((a != b).any() for a, b in zip(first, other, strict=True))
    assert len({d.tobytes() for d in first}) > 10  # the chain moves


def test_batch_nodf_equals_nodf_of_each_draw():
    m = _matrix(7)
    draws = np.stack(list(null_draws(m, draws=40, seed=1)))
    batch = nodf_same_degrees(draws)
    each = [nodf_matrix(d)["nodf"] for d in draws]
    assert batch == pytest.approx(each, rel=1e-12, abs=1e-12)
    assert len(set(np.round(each, 9))) > 1  # the draws differ, so the check can fail


@pytest.mark.parametrize("draws", [1, 7, CHAINS, CHAINS + 3, 3 * CHAINS])
def test_null_values_counts_and_order(draws):
    p = netmap.read(SEED)
    observed, values = null_values(p, draws=draws, seed=2)
    assert set(values) == {"nodf", "robustness_targeted"}
    assert all(len(v) == draws for v in values.values())
    assert all(np.isfinite(v).all() for v in values.values())
    assert observed["nodf"] == pytest.approx(netmap.compute(p, runs=1).network["nodf"])


def test_collector_state_restored_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
