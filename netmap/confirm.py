"""To confirm: the uncertain marks of a partnership and what hangs on them.

An uncertain mark (``TBC``, ``?``, ``partly``...; see
:data:`netmap.io.cells.UNCERTAIN`) is kept on the partnership
(:attr:`netmap.model.Partnership.uncertain`), counted as an engagement or not
as ``--uncertain`` said. :func:`to_confirm` lists every such cell and checks
the gap rules (:func:`netmap.metrics.rules.evaluate`) twice more: with every
uncertain mark confirmed (counted as an engagement), and with none confirmed;
the gaps that would open or close against the gaps reported are what the
coordinator should confirm first.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from netmap.metrics.rules import CoverageState, evaluate, load_rules
from netmap.model import Partnership

__all__ = ["to_confirm", "describe_confirm", "both_ways", "both_ways_rows", "confirm_report",
           "BOTH_WAYS"]

#: The key network figures :func:`both_ways` gives with the uncertain marks read as
#: engagements and as none.
BOTH_WAYS = ("engagements", "connectance", "nodf", "robustness", "robustness_targeted", "gaps")


def _gaps(p: Partnership, rules: dict) -> dict:
    findings, _ = evaluate(CoverageState.of(p), rules)
    return {f.key: f for f in findings}


def _change(now: dict, then: dict) -> dict:
    return {"opened": [f.as_dict() for k, f in then.items() if k not in now],
            "closed": [f.as_dict() for k, f in now.items() if k not in then]}


def _providers(before: Partnership, after: Partnership) -> list:
    """``{function, before, after}`` of each function whose number of providers differs."""
    def count(p):
        return p.engagements.groupby("function")["organisation"].nunique().to_dict()

    b, a = count(before), count(after)
    return [{"function": f, "before": int(b.get(f, 0)), "after": int(a.get(f, 0))}
            for f in before.functions if b.get(f, 0) != a.get(f, 0)]


def _with(p: Partnership, cells: pd.DataFrame, engaged: bool) -> Partnership:
    """``p`` with the uncertain ``cells`` counted as engagements (or not)."""
    eng = p.engagements
    pairs = set(zip(cells["organisation"], cells["function"], strict=True))
    if engaged:
        have = set(zip(eng["organisation"], eng["function"], strict=True))
        extra = pd.DataFrame([(o, f, 1.0) for o, f in sorted(pairs - have)],
                             columns=["organisation", "function", "weight"])
        eng = pd.concat([eng, extra], ignore_index=True) if len(extra) else eng
    else:
        keep = [(o, f) not in pairs for o, f in zip(eng["organisation"], eng["function"],
                                                     strict=True)]
        eng = eng[keep].reset_index(drop=True)
    return dataclasses.replace(p, engagements=eng)


def to_confirm(p: Partnership, rules: dict | None = None) -> dict:
    """Every uncertain cell of ``p``, and the gaps that would open or close.

    Returns
    -------
    dict
        ``cells``: one record per uncertain mark (``organisation``,
        ``function``, ``mark``, ``row``, ``column``, ``counted``);
        ``if_confirmed`` and ``if_not_confirmed``: the gaps (finding records)
        that would be ``opened`` and ``closed``, against the gaps of ``p`` as
        loaded, were every uncertain mark confirmed as an engagement, or
        none; ``providers``: for each of ``if_confirmed`` and
        ``if_not_confirmed``, the functions whose number of providers would
        change (``function``, ``before``, ``after``). Empty lists when ``p``
        has no uncertain mark.

    Examples
    --------
    >>> cells = pd.DataFrame([("B", "F", "TBC", 3, "B", False)],
    ...     columns=["organisation", "function", "mark", "row", "column", "counted"])
    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> r = to_confirm(dataclasses.replace(p, uncertain=cells))
    >>> [g["message"] for g in r["if_confirmed"]["closed"]], r["if_not_confirmed"]
    (['F rests on a single provider: A'], {'opened': [], 'closed': []})
    """
    rules = rules if rules is not None else load_rules()
    cells = p.uncertain
    none: dict = {"opened": [], "closed": []}
    if not len(cells):
        return {"cells": [], "if_confirmed": none, "if_not_confirmed": dict(none),
                "providers": {"if_confirmed": [], "if_not_confirmed": []}}
    records = [{"organisation": r.organisation, "function": r.function, "mark": r.mark,
                "row": int(r.row), "column": r.column, "counted": bool(r.counted)}
               for r in cells.itertuples(index=False)]
    now = _gaps(p, rules)
    counted = cells[cells["counted"].astype(bool)]
    waiting = cells[~cells["counted"].astype(bool)]
    confirmed = _with(p, waiting, True) if len(waiting) else p
    refused = _with(p, counted, False) if len(counted) else p
    yes = _gaps(confirmed, rules) if len(waiting) else now
    no = _gaps(refused, rules) if len(counted) else now
    return {"cells": records, "if_confirmed": _change(now, yes),
            "if_not_confirmed": _change(now, no),
            "providers": {"if_confirmed": _providers(p, confirmed),
                          "if_not_confirmed": _providers(p, refused)}}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def describe_confirm(result: dict) -> list:
    """What would change, in plain words, were the uncertain marks confirmed or not:
    one sentence per case that changes something (the providers of each function
    touched, then the gap rules broken or mended, or that none would be).

    >>> cells = pd.DataFrame([("B", "F", "TBC", 3, "B", False)],
    ...     columns=["organisation", "function", "mark", "row", "column", "counted"])
    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> for line in describe_confirm(to_confirm(dataclasses.replace(p, uncertain=cells))):
    ...     print(line)  # doctest: +NORMALIZE_WHITESPACE
    If all were confirmed: F would have 2 providers instead of 1; this gap would close:
    F rests on a single provider: A.
    """
    out = []
    for key, case in (("if_confirmed", "If all were confirmed"),
                      ("if_not_confirmed", "If none were confirmed")):
        providers = result["providers"][key]
        change = result[key]
        if not providers and not change["opened"] and not change["closed"]:
            continue
        parts = [", ".join(f"{c['function']} would have {_plural(c['after'], 'provider')} "
                           f"instead of {c['before']}" for c in providers)] if providers else []
        for verb, gaps in (("close", change["closed"]), ("open", change["opened"])):
            if gaps:
                parts.append(f"{'this gap' if len(gaps) == 1 else 'these gaps'} would {verb}: "
                             + "; ".join(g["message"] for g in gaps))
        if not change["opened"] and not change["closed"]:
            parts.append("no gap rule would be broken or mended")
        out.append(f"{case}: " + "; ".join(parts) + ".")
    return out


def both_ways(p: Partnership, rules: dict | None = None, runs: int = 100,
              seed: int = 0) -> dict:
    """The key network figures (:data:`BOTH_WAYS`, plus ``critical_organisations``
    counted) with every uncertain mark read as an engagement (``engaged``) and as none
    (``not_engaged``), whatever ``--uncertain`` said; ``{}`` when ``p`` has no uncertain
    mark.

    >>> cells = pd.DataFrame([("B", "F", "TBC", 3, "B", False)],
    ...     columns=["organisation", "function", "mark", "row", "column", "counted"])
    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> r = both_ways(dataclasses.replace(p, uncertain=cells), runs=0)
    >>> r["engaged"]["engagements"], r["not_engaged"]["engagements"]
    (4, 3)
    >>> r["engaged"]["gaps"], r["not_engaged"]["gaps"]
    (0, 1)
    """
    from netmap.metrics import compute

    cells = p.uncertain
    if not len(cells):
        return {}
    rules = rules if rules is not None else load_rules()
    out = {}
    for way, engaged in (("engaged", True), ("not_engaged", False)):
        q = _with(p, cells, engaged)
        net = compute(q, rules=rules, runs=runs, seed=seed).network
        out[way] = {**{k: net[k] for k in BOTH_WAYS},
                    "critical_organisations": len(net["critical_organisations"])}
    return out


_BOTH_LABELS = {"engagements": ("Engagements", 0), "connectance": ("Connectance", 2),
                "nodf": ("NODF", 1), "robustness": ("Robustness (random)", 2),
                "robustness_targeted": ("Robustness (targeted)", 2),
                "gaps": ("Gap rules broken", 0),
                "critical_organisations": ("Organisations the partnership cannot lose", 0)}


def both_ways_rows(ways: dict) -> list:
    """:func:`both_ways` as table rows ``[figure, read as engaged, read as not engaged]``,
    numbers as text (no rows when there is no uncertain mark).

    >>> both_ways_rows({"engaged": {"gaps": 0, "nodf": 50.0},
    ...                 "not_engaged": {"gaps": 1, "nodf": 41.25}})
    [['NODF', '50.0', '41.2'], ['Gap rules broken', '0', '1']]
    """
    if not ways:
        return []
    rows = []
    for key, (label, digits) in _BOTH_LABELS.items():
        if key in ways["engaged"]:
            rows.append([label] + [
                "-" if ways[w][key] is None else f"{ways[w][key]:.{digits}f}"
                for w in ("engaged", "not_engaged")])
    return rows


def confirm_report(p: Partnership, m) -> tuple:
    """``(to_confirm result, both_ways rows)`` for a report of ``p`` with metrics ``m``
    (its rules, runs and seed), computed once per partnership and rules: report.md and
    report.html both show them, and both ways means computing the metrics twice more."""
    import json

    rules = m.rules or None
    runs = m.network.get("robustness_runs") or 0
    seed = m.network.get("robustness_seed") or 0
    key = "confirm_report:" + json.dumps([rules, runs, seed], sort_keys=True, default=str)

    def work() -> tuple:
        result = to_confirm(p, rules)
        ways = both_ways(p, rules, runs, seed) if result["cells"] else {}
        return result, both_ways_rows(ways)

    return p.cached(key, work)
