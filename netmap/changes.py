"""Tables of what changed, shared by :mod:`netmap.whatif` and :mod:`netmap.diff`.

Both results carry gaps opened and closed, the largest changes in two-mode
betweenness and network figures before and after; these are turned into
DataFrames here (for CSV, Markdown and aligned-text output).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["change_tables"]

GAP_COLUMNS = ["change", "severity", "rule", "function", "sector", "message"]


def change_tables(result: dict) -> dict:
    """``gaps``, ``centrality`` and ``network`` tables of a what-if or diff result.

    >>> t = change_tables({"gaps_opened": [], "gaps_closed": [], "centrality_changes": [
    ...     {"organisation": "A", "betweenness_before": 0.5, "betweenness_after": 0.25}],
    ...     "network": {"nodf": {"before": 10.0, "after": 12.0}}})
    >>> float(t["centrality"].loc[0, "change"]), float(t["network"].loc[0, "change"])
    (-0.25, 2.0)
    """
    gaps = [{"change": change, **{k: g.get(k) for k in GAP_COLUMNS[1:]}}
            for change in ("opened", "closed") for g in result[f"gaps_{change}"]]
    centrality = pd.DataFrame(result["centrality_changes"],
                              columns=["organisation", "betweenness_before", "betweenness_after"])
    centrality["change"] = centrality["betweenness_after"] - centrality["betweenness_before"]
    network = pd.DataFrame(
        [{"measure": k, "before": v["before"], "after": v["after"],
          "change": _delta(v["before"], v["after"])} for k, v in result["network"].items()],
        columns=["measure", "before", "after", "change"])
    return {"gaps": pd.DataFrame(gaps, columns=GAP_COLUMNS), "centrality": centrality,
            "network": network}


def _delta(before, after):
    if isinstance(before, (int, float)) and isinstance(after, (int, float)) \
            and not isinstance(before, bool) and not isinstance(after, bool):
        return after - before
    return None
