"""Tables of what changed, shared by :mod:`netmap.whatif` and :mod:`netmap.diff`.

Both results carry gaps opened and closed, the largest changes in two-mode
betweenness and network figures before and after; these are turned into
DataFrames here (for CSV, Markdown and aligned-text output).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["change_tables", "Result"]

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


class Result(dict):
    """A result of :func:`netmap.whatif` or :func:`netmap.diff`: a dict (its keys are
    those of ``--format json``) whose keys also read as attributes, with its tables
    (:meth:`tables`) and a rounded view in a notebook.

    >>> r = Result({"gaps_opened": [], "gaps_closed": [], "centrality_changes": [],
    ...             "network": {"nodf": {"before": 10.123456, "after": 12.0}}})
    >>> r.network["nodf"]["after"], "10.123" in r._repr_html_()
    (12.0, True)
    """

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def tables(self) -> dict:
        """The result as DataFrames, keyed by the ``--table`` name."""
        return change_tables(self)

    def _repr_html_(self) -> str:
        """A notebook shows every table, numbers rounded to three decimals."""
        import html

        parts = []
        for name, table in self.tables().items():
            if len(table):
                parts.append(f"<h4>{html.escape(name)}</h4>"
                             + table.round(3).to_html(index=False, escape=True))
        return "".join(parts) or "<p>no change</p>"
