"""Coverage of functions: providers, by sector, sector diversity and redundancy.

- ``providers_by_sector``: for each function, the providers of each sector
  (organisations with no sector are counted under ``unknown``). It is the
  evidence behind the seed's recommendation that a partnership include the
  voluntary sector as well as statutory agencies.
- ``sector_diversity``: Blau's (1977) index of heterogeneity of the
  providers' sectors, 1 - sum of p_s² where p_s is the share of the
  function's providers in sector s (``unknown`` counts as a sector). 0 when
  every provider is of one sector; approaches 1 - 1/S with S sectors evenly
  represented; missing (NaN) for a function with no provider, and for every
  function when no organisation has a sector (there is nothing to measure).
  Blau, P. M. (1977). *Inequality and Heterogeneity*. Free Press.
- ``redundancy``: providers - 1, the number of providers the function can
  lose before it has none (-1 for a function nobody provides).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from netmap.model import Partnership

__all__ = ["providers_by_sector", "sector_diversity", "function_coverage", "UNKNOWN_SECTOR"]

UNKNOWN_SECTOR = "unknown"


def providers_by_sector(p: Partnership) -> pd.DataFrame:
    """Function x sector table of provider counts (functions in input order).

    Sectors are columns in order of first appearance among organisations.

    Examples
    --------
    >>> attrs = pd.DataFrame({"sector": ["statutory", "voluntary"]}, index=["A", "B"])
    >>> p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G")], attributes=attrs)
    >>> providers_by_sector(p).loc["F"].to_dict()
    {'statutory': 1, 'voluntary': 1}
    """
    sectors = p.sectors.replace("", UNKNOWN_SECTOR)
    sector_of, order = pd.factorize(sectors)  # sectors in order of first appearance
    org, fn = p.codes()
    known = (org >= 0) & (fn >= 0)
    k, m = len(order), len(p.functions)
    # engagements counted by (function, sector of its organisation)
    counts = np.bincount(fn[known] * k + sector_of[org[known]], minlength=m * k)
    return pd.DataFrame(counts.reshape(m, k).astype(int),
                        index=pd.Index(list(p.functions), name="function"),
                        columns=pd.Index(order.tolist(), name="sector"))


def sector_diversity(counts) -> float:
    """Blau index of a collection of per-sector counts.

    >>> sector_diversity([1, 1]), sector_diversity([3, 0]), sector_diversity([0, 0])
    (0.5, 0.0, nan)
    """
    counts = [c for c in counts if c]
    total = sum(counts)
    if total == 0:
        return math.nan
    return 1.0 - sum((c / total) ** 2 for c in counts)


def function_coverage(p: Partnership, by_sector: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per function: ``sector_diversity`` and ``redundancy`` (indexed by function)."""
    if by_sector is None:
        by_sector = providers_by_sector(p)
    providers = by_sector.sum(axis=1)
    recorded = any(c != UNKNOWN_SECTOR for c in by_sector.columns)
    return pd.DataFrame({
        "sector_diversity": [sector_diversity(row) if recorded else math.nan
                             for row in by_sector.to_numpy().tolist()],
        "redundancy": (providers - 1).astype(int).tolist(),
    }, index=by_sector.index)
