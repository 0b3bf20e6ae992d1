"""Counts per node: functions per organisation, providers per function.

In the bipartite graph these are node degrees: an organisation's
``functions`` is the number of functions it engages in; a function's
``providers`` is the number of organisations engaging in it. ``strength`` is
the weighted degree (the sum of engagement weights; equal to the degree when
the partnership is unweighted).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netmap.model import Partnership

__all__ = ["organisation_degree", "function_degree"]


def organisation_degree(p: Partnership) -> pd.DataFrame:
    """One row per organisation: its attributes, ``functions`` and ``strength``.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "F1"), ("A", "F2"), ("B", "F1")], organisations=["C"])
    >>> organisation_degree(p)[["organisation", "functions"]].to_dict("records")
    [{'organisation': 'C', 'functions': 0}, {'organisation': 'A', 'functions': 2}, \
{'organisation': 'B', 'functions': 1}]
    """
    orgs = pd.Index(list(p.organisations), name="organisation")
    out = p.attributes.reindex(orgs).fillna("").astype(object)
    degree, _ = p.degrees()
    out["functions"] = degree.astype(int)
    org, _ = p.codes()
    weights = p.engagements["weight"].to_numpy(dtype=float)[org >= 0]
    if np.all(weights == np.round(weights)) and np.abs(weights).sum() < 2.0 ** 53:
        # whole numbers: their sums are exact in any order (1.0 for every unweighted mark)
        out["strength"] = np.bincount(org[org >= 0], weights=weights, minlength=len(orgs))
    else:
        grouped = p.engagements.groupby("organisation", sort=False)["weight"]
        out["strength"] = grouped.sum().reindex(orgs, fill_value=0.0).astype(float)
    return out.reset_index()


def function_degree(p: Partnership) -> pd.DataFrame:
    """One row per function (input order): ``providers`` and ``strength``.

    >>> p = Partnership.from_edges([("A", "F1"), ("B", "F1")], functions=["F0", "F1"])
    >>> function_degree(p)[["function", "providers"]].to_dict("records")
    [{'function': 'F0', 'providers': 0}, {'function': 'F1', 'providers': 2}]
    """
    fns = pd.Index(list(p.functions), name="function")
    grouped = p.engagements.groupby("function", sort=False)["weight"]
    out = pd.DataFrame(index=fns)
    out["providers"] = grouped.size().reindex(fns, fill_value=0).astype(int)
    out["strength"] = grouped.sum().reindex(fns, fill_value=0.0).astype(float)
    return out.reset_index()
