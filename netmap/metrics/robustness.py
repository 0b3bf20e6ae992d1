"""Robustness: what breaks when organisations leave.

- :func:`critical_organisations`: an organisation is *critical* when removing
  it alone breaks a gap rule that holds with it (:mod:`netmap.metrics.rules`):
  a function left without a provider, resting on a single provider, short of
  a required sector, and so on. The broken rules are listed.
- Attack curves: organisations are removed one at a time and, after each
  removal, the fraction of all functions that still have at least one
  provider is recorded (a function nobody provides counts as uncovered from
  the start). *Targeted*: most-connected first (highest number of functions,
  ties by name). *Random*: a seeded number of random orders (default 100),
  summarised by the mean and standard deviation at each step.
- ``robustness``: the area under the curve of covered fraction (y) against
  fraction of organisations removed (x = k / n, k = 0..n), by the trapezoid
  rule on the n + 1 points; 1 would mean every function survives until the
  last organisation leaves. ``robustness`` is the mean over the random
  orders, with a 95% confidence interval of that mean (``robustness_ci_low``,
  ``robustness_ci_high``: mean +/- t(0.975, runs - 1) x sd / sqrt(runs),
  clipped to [0, 1]); ``robustness_targeted`` is that of the targeted order.
  Random orders are drawn over the organisations in name order, so a
  re-sorted file gives the same orders and the same numbers.
  This follows the attack tolerance curve of Memmott, Waser & Price (2004)
  and the area of Burgos et al. (2007). R's ``bipartite::robustness``
  differs in three ways: it divides by the number of higher-level nodes that
  have any link (so a function nobody provides is ignored rather than counted
  as a loss), it records only the steps of ``second.extinct``, and it
  integrates a spline through the points rather than the exact trapezoid.
"""

from __future__ import annotations

import functools
from collections import Counter

import numpy as np
import pandas as pd

from netmap.metrics.rules import CoverageState, evaluate
from netmap.model import Partnership
from netmap.names import fold

__all__ = ["targeted_order", "coverage_curve", "attack_curves", "area", "critical_organisations"]


def targeted_order(p: Partnership) -> list:
    """Organisations by decreasing number of functions, ties by name."""
    return np.array(p.organisations, dtype=object)[_targeted(p)].tolist()


def _targeted(p: Partnership) -> np.ndarray:
    """The organisations' indexes in targeted order (:func:`targeted_order`)."""
    degree, _ = p.degrees()
    return np.lexsort((p.organisation_rank(), -degree))


def _codes(p: Partnership) -> tuple[np.ndarray, np.ndarray]:
    """Engagements as integer arrays (organisation index, function index)."""
    org, fn = p.codes()
    return org.astype(np.int64), fn.astype(np.int64)


def curve_from_last(last: np.ndarray, n: int) -> np.ndarray:
    """The coverage curve from the step (1-based) at which each function loses its last
    provider (0 for a function nobody provides), for ``n`` organisations removed in turn.

    The one place the curve is computed: attack curves and the null model use it.

    >>> curve_from_last(np.array([2, 1, 0]), 2).tolist()  # F lasts 2 steps, G 1, H none
    [0.6666666666666666, 0.3333333333333333, 0.0]
    """
    m = len(last)
    if m == 0:
        return np.zeros(n + 1)
    # covered(k) = P - #{0 < last <= k}: P for k below the smallest last step, one less
    # from each last step on; each value written out over its run of steps
    ends = np.sort(last[last > 0])
    covered = np.arange(len(ends), -1, -1)
    return np.repeat(covered / m, np.diff(ends, prepend=0, append=n + 1))


def _curve(org_code: np.ndarray, fn_code: np.ndarray, position: np.ndarray, n: int,
           m: int) -> np.ndarray:
    """Coverage curve given each organisation's removal step (1-based) in ``position``."""
    last = np.zeros(m, dtype=np.int64)  # 0 = function nobody provides
    np.maximum.at(last, fn_code, position[org_code])
    return curve_from_last(last, n)


def coverage_curve(p: Partnership, order) -> np.ndarray:
    """Covered fraction of functions after removing 0, 1, ..., n organisations in ``order``.

    A function stays covered until its last provider is removed, so the
    curve follows from the step at which each function's last provider leaves.

    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> coverage_curve(p, ["A", "B"]).tolist()
    [1.0, 0.5, 0.0]
    """
    n, m = len(p.organisations), len(p.functions)
    position = np.zeros(n, dtype=np.int64)
    position[pd.Index(p.organisations).get_indexer(list(order))] = np.arange(1, len(order) + 1)
    return _curve(*_codes(p), position, n, m)


def area(curve: np.ndarray) -> float:
    """Area under a coverage curve sampled at x = 0, 1/n, ..., 1 (trapezoid rule).

    >>> area(np.array([1.0, 0.5, 0.0]))
    0.5
    """
    n = len(curve) - 1
    if n <= 0:
        return float(curve[0]) if len(curve) else 0.0
    return float((curve[:-1] + curve[1:]).sum() / (2 * n))


def _first_loss(curve: np.ndarray) -> int | None:
    """Removals after which a function first loses its last provider (None if never)."""
    drops = np.flatnonzero(curve < curve[0])
    return int(drops[0]) if len(drops) else None


# Student's t 0.975 quantiles for 1..30 degrees of freedom (any statistics table)
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t975(df: int) -> float:
    """Student's t 0.975 quantile: the table up to 30 degrees of freedom, beyond it the
    Cornish-Fisher expansion about the normal quantile (Abramowitz & Stegun 26.7.5; error
    below 1e-4 there).

    >>> t975(4), round(t975(100), 3), round(t975(10 ** 6), 3)
    (2.776, 1.984, 1.96)
    """
    if df <= len(_T975):
        return _T975[df - 1]
    z, v = 1.959963984540054, float(df)
    return (z + (z ** 3 + z) / (4 * v) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * v ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * v ** 3))


def _mean_ci(values: np.ndarray) -> tuple:
    """95% confidence interval of the mean of ``values`` (Student's t), clipped to [0, 1];
    ``(None, None)`` with fewer than two values.

    >>> [round(x, 4) for x in _mean_ci(np.array([0.5, 0.6, 0.7]))]
    [0.3516, 0.8484]
    """
    k = len(values)
    if k < 2:
        return None, None
    half = float(t975(k - 1) * values.std(ddof=1) / np.sqrt(k))
    mean = float(values.mean())
    return max(0.0, mean - half), min(1.0, mean + half)


def attack_curves(p: Partnership, runs: int = 100, seed: int = 0) -> tuple:
    """Targeted and random attack curves.

    Returns ``(table, summary)``: a DataFrame with one row per step
    (``removed``, ``removed_fraction``, ``targeted``, ``random_mean``,
    ``random_sd``) and a summary dict (``robustness``, ``robustness_sd``,
    ``robustness_ci_low``, ``robustness_ci_high``, ``robustness_targeted``,
    ``first_loss_targeted``, ``first_loss_random``, ``robustness_runs``,
    ``robustness_seed``).
    """
    n, m = len(p.organisations), len(p.functions)
    position = np.zeros(n, dtype=np.int64)  # coverage_curve of the targeted order
    position[_targeted(p)] = np.arange(1, n + 1)
    targeted = _curve(*_codes(p), position, n, m)
    lasts = _random_lasts(p, max(runs, 0), seed)
    # A curve follows from its functions' last steps (curve_from_last), so only those
    # are kept (runs x functions, not runs x organisations): each curve is rebuilt when
    # needed, and the mean and the standard deviation at each step are summed over the
    # runs one after the other, as numpy sums the rows of a (runs, steps) array: the
    # same numbers, without holding every curve at once.
    total = np.zeros(n + 1)
    areas = np.empty(len(lasts))
    for k, last in enumerate(lasts):
        curve = curve_from_last(last, n)
        areas[k] = area(curve)
        total += curve
    mean = total / len(lasts) if lasts else np.full(n + 1, np.nan)
    squares = np.zeros(n + 1)
    for last in lasts:
        deviation = curve_from_last(last, n) - mean
        deviation *= deviation
        squares += deviation
    # the first step at which a function loses its last provider: the smallest last
    # step of a provided function (a curve that starts at 0 never loses anything)
    first_losses = [int(last[last > 0].min()) for last in lasts if (last > 0).any()]
    table = pd.DataFrame({
        "removed": np.arange(n + 1),
        "removed_fraction": np.arange(n + 1) / n if n else np.zeros(1),
        "targeted": targeted,
        "random_mean": mean,
        "random_sd": np.sqrt(squares / len(lasts)) if lasts else np.full(n + 1, np.nan),
    })
    low, high = _mean_ci(areas)
    summary = {
        "robustness": float(areas.mean()) if runs else None,
        "robustness_sd": float(areas.std()) if runs else None,
        "robustness_ci_low": low,
        "robustness_ci_high": high,
        "robustness_targeted": area(targeted),
        "first_loss_targeted": _first_loss(targeted),
        "first_loss_random": float(np.mean(first_losses)) if first_losses else None,
        "robustness_runs": runs,
        "robustness_seed": seed,
    }
    return table, summary


def _random_lasts(p: Partnership, runs: int, seed: int) -> list:
    """For each of ``runs`` random orders (seeded), the step at which each function loses
    its last provider (0 for a function nobody provides): see :func:`curve_from_last`.

    The orders are drawn over the organisations in name order (the file's order does
    not matter): the organisation of name rank r leaves at step ``perm[r] + 1``.
    """
    n, m = len(p.organisations), len(p.functions)
    rng = np.random.default_rng(seed)
    org_code, fn_code = _codes(p)
    rank = p.organisation_rank()
    by_function = np.argsort(fn_code, kind="stable")
    ranks = rank[org_code[by_function]]  # each engagement's organisation rank, by function
    functions, starts = np.unique(fn_code[by_function], return_index=True)
    lasts = []
    for _ in range(runs):
        last = np.zeros(m, dtype=np.int64)
        perm = rng.permutation(n)
        if len(ranks):
            last[functions] = np.maximum.reduceat(perm[ranks], starts) + 1
        lasts.append(last)
    return lasts


def critical_organisations(p: Partnership, rules: dict, state: CoverageState | None = None,
                           baseline: list | None = None) -> dict:
    """Organisation -> list of findings its removal alone would add.

    ``state`` and ``baseline`` (the findings with everyone present) can be
    passed in when already computed.

    >>> from netmap.metrics.rules import load_rules
    >>> p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "G")])
    >>> crit = critical_organisations(p, load_rules())
    >>> {o: [f.message for f in fs] for o, fs in crit.items()}["A"]
    ['F rests on a single provider: B']
    """
    state = state or CoverageState.of(p)
    if baseline is None:
        baseline = evaluate(state, rules)[0]
    before = {f.key for f in baseline}
    out: dict[str, list] = {o: [] for o in p.organisations}
    for o in _candidates(state, rules):
        after, _ = evaluate(state.without([o]), rules)
        out[o] = [f for f in after if f.key not in before]
    return out


def _candidates(state: CoverageState, rules: dict) -> set:
    """Organisations whose removal could break a rule; nobody else needs checking.

    Removing one organisation lowers each of its functions' provider counts
    by one and its sector's counts by one, so only providers of functions at
    or just above a rule's threshold, and sole members of a required sector,
    can change any finding.
    """
    limit = max(1 if rules["no_provider"]["enabled"] else 0,
                2 if rules["single_provider"]["enabled"] else 0,
                rules["min_providers"]["minimum"] if rules["min_providers"]["enabled"] else 0)
    out = set()
    for providers in state.providers.values():
        if len(providers) <= limit:
            out.update(providers)
    by_fold = {fold(f): f for f in state.functions}
    folded = functools.lru_cache(maxsize=None)(fold)  # sectors repeat: each folded once
    for rule in rules["function_sector"]:
        f = by_fold.get(fold(rule["function"]))
        if f is not None:
            sector = fold(rule["sector"])
            in_sector = [o for o in state.providers[f] if folded(state.sector_of[o]) == sector]
            if len(in_sector) <= rule["minimum"]:
                out.update(in_sector)
    if rules["sector_mix"]["enabled"]:
        wanted = {fold(s) for s in rules["sector_mix"]["sectors"]}
        # members per folded sector, counted a distinct sector at a time
        counts: Counter = Counter()
        for sector, k in Counter(map(state.sector_of.__getitem__, state.members)).items():
            counts[folded(sector)] += k
        for sector in wanted:
            if counts[sector] == 1:  # the sole member of a required sector
                out.add(next(o for o in state.members
                             if folded(state.sector_of[o]) == sector))
    return out
