"""Coverage of functions by sector.

``providers_by_sector`` counts, for each function, the providers of each
sector (organisations with no sector are counted under ``unknown``). It is
the evidence behind the seed's recommendation that a partnership include the
voluntary sector as well as statutory agencies.
"""

from __future__ import annotations

import pandas as pd

from netmap.model import Partnership

__all__ = ["providers_by_sector", "UNKNOWN_SECTOR"]

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
    order = list(dict.fromkeys(sectors.tolist()))
    eng = p.engagements.assign(sector=p.engagements["organisation"].map(sectors))
    table = pd.crosstab(eng["function"], eng["sector"]) if len(eng) else pd.DataFrame()
    table = table.reindex(index=list(p.functions), columns=order, fill_value=0)
    table.index.name = "function"
    table.columns.name = "sector"
    return table.fillna(0).astype(int)
