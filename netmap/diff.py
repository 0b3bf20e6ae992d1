"""Two waves of one partnership: what changed, in plain words.

Both waves are put on the same function axis (:mod:`netmap.taxonomy`) and
compared: organisations that joined or left (overall and per function),
engagements gained and lost, gap rules broken or mended, and the
organisations present in both waves whose two-mode betweenness changed most.
"""

from __future__ import annotations

import pandas as pd

from netmap.changes import Result, change_tables
from netmap.metrics import Metrics, compute
from netmap.metrics.rules import load_rules
from netmap.model import Partnership
from netmap.names import counted, name_list
from netmap.taxonomy import Taxonomy, common_axis, load_taxonomy

__all__ = ["diff", "changes", "describe_diff", "diff_tables", "NETWORK_KEYS", "Diff"]


def _pairs(p: Partnership) -> set:
    return set(map(tuple, p.engagements[["organisation", "function"]].to_numpy().tolist()))


def diff(old: Partnership, new: Partnership, taxonomy: Taxonomy | None = None,
         rules: dict | None = None, runs: int = 100, seed: int = 0) -> Diff:
    """What changed from ``old`` to ``new`` (see the module docstring), as plain data.

    Parameters
    ----------
    old, new : Partnership
        Two waves of one partnership.
    taxonomy : Taxonomy, optional
        Puts both on the same function axis (the default taxonomy if None).
    rules : dict, optional
        Gap rules; the defaults if None.
    runs, seed : int
        Random attack orders for robustness.

    Returns
    -------
    Diff
        A dict (the keys of ``netmap diff --format json``): ``joined``,
        ``left``, ``functions`` (per function: providers before and after,
        who joined or left), ``engagements_gained`` and
        ``engagements_lost``, ``gaps_opened``, ``gaps_closed``,
        ``centrality_changes``, ``network`` and ``notes``;
        :func:`diff_tables` turns it into DataFrames.

    Examples
    --------
    >>> old = Partnership.from_edges([("A", "Victim Support"), ("B", "Strategic")], name="w1")
    >>> new = Partnership.from_edges([("A", "Victim Support"), ("C", "Strategic")], name="w2")
    >>> d = diff(old, new, runs=5)
    >>> d["joined"], d["left"], d["engagements_gained"]
    (['C'], ['B'], [('C', 'Strategic')])
    """
    taxonomy = taxonomy or load_taxonomy()
    rules = rules if rules is not None else load_rules()
    (old, new), notes = common_axis([old, new], taxonomy)
    mo, mn = compute(old, rules, runs, seed), compute(new, rules, runs, seed)
    return Diff({**changes(old, new, mo, mn, taxonomy.canonical), "notes": notes})


class Diff(Result):
    """What changed between two waves (:func:`diff`): a dict whose keys also read as
    attributes, shown rounded in a notebook."""

    def tables(self) -> dict:
        return diff_tables(self)


#: The network figures a diff sets side by side.
NETWORK_KEYS = ("organisations", "engagements", "connectance", "nodf", "gaps", "robustness")


def changes(old: Partnership, new: Partnership, mo: Metrics, mn: Metrics,
            canonical=()) -> dict:
    """What changed from ``old`` to ``new``, two partnerships on one function axis with
    their metrics: :func:`diff`'s result without notes (:func:`netmap.trend.trend` uses it
    for each pair of successive waves). ``canonical``: functions listed first, in order."""
    eo, en = _pairs(old), _pairs(new)
    functions = [f for f in canonical if f in old.functions or f in new.functions]
    functions += list(dict.fromkeys(f for f in (*old.functions, *new.functions)
                                    if f not in functions))
    per_function = []
    for f in functions:
        before = sorted(o for o, g in eo if g == f)
        after = sorted(o for o, g in en if g == f)
        per_function.append({
            "function": f, "providers_before": len(before), "providers_after": len(after),
            "joined": [o for o in after if o not in before],
            "left": [o for o in before if o not in after],
            "recorded_before": f in old.functions, "recorded_after": f in new.functions})
    gaps_o = {g.key: g for g in mo.gaps}
    gaps_n = {g.key: g for g in mn.gaps}
    bo = mo.organisations.set_index("organisation")["betweenness_centrality"]
    bn = mn.organisations.set_index("organisation")["betweenness_centrality"]
    both = [o for o in new.organisations if o in set(old.organisations)]
    moved = sorted(((o, float(bo[o]), float(bn[o])) for o in both),
                   key=lambda t: (-abs(t[2] - t[1]), t[0]))
    return {
        "old": old.name, "new": new.name,
        "joined": [o for o in new.organisations if o not in set(old.organisations)],
        "left": [o for o in old.organisations if o not in set(new.organisations)],
        "functions": per_function,
        "engagements_gained": sorted(en - eo), "engagements_lost": sorted(eo - en),
        "gaps_opened": [g.as_dict() for k, g in gaps_n.items() if k not in gaps_o],
        "gaps_closed": [g.as_dict() for k, g in gaps_o.items() if k not in gaps_n],
        "centrality_changes": [{"organisation": o, "betweenness_before": a,
                                "betweenness_after": b} for o, a, b in moved[:5] if a != b],
        "network": {k: {"before": mo.network[k], "after": mn.network[k]}
                    for k in NETWORK_KEYS},
    }


def diff_tables(d: dict) -> dict:
    """The diff as DataFrames: ``functions``, ``organisations`` (joined or left),
    ``engagements`` (gained or lost), ``gaps``, ``centrality`` and ``network``."""
    functions = pd.DataFrame(d["functions"], columns=[
        "function", "providers_before", "providers_after", "joined", "left",
        "recorded_before", "recorded_after"])
    organisations = pd.DataFrame(
        [(o, change) for change in ("joined", "left") for o in d[change]],
        columns=["organisation", "change"])
    engagements = pd.DataFrame(
        [(o, f, change) for change in ("gained", "lost") for o, f in d[f"engagements_{change}"]],
        columns=["organisation", "function", "change"])
    return {"functions": functions, "organisations": organisations,
            "engagements": engagements, **change_tables(d)}


def describe_diff(d: dict) -> list:
    """The diff as lines of plain text."""
    net = d["network"]
    lines = [f"From {d['old']} to {d['new']}: {net['organisations']['before']} -> "
             f"{net['organisations']['after']} organisations, {net['engagements']['before']} -> "
             f"{net['engagements']['after']} engagements, gaps {net['gaps']['before']} -> "
             f"{net['gaps']['after']}."]
    lines.append(f"Joined ({len(d['joined'])}): {name_list(d['joined'], 8) or 'none'}")
    lines.append(f"Left ({len(d['left'])}): {name_list(d['left'], 8) or 'none'}")
    changed = [f for f in d["functions"] if f["joined"] or f["left"]]
    if changed:
        lines.append("By function:")
        for f in changed:
            parts = []
            if f["joined"]:
                parts.append("+ " + name_list(f["joined"], 8))
            if f["left"]:
                parts.append("- " + name_list(f["left"], 8))
            lines.append(f"  {f['function']}: {f['providers_before']} -> "
                         f"{counted(f['providers_after'], 'provider')} "
                         f"({'; '.join(parts)})")
    lines.append(f"Engagements gained: {len(d['engagements_gained'])}; lost: "
                 f"{len(d['engagements_lost'])}.")
    lines.append("Gaps opened:" if d["gaps_opened"] else "Gaps opened: none")
    lines += [f"  [{g['severity']}] {g['message']}" for g in d["gaps_opened"]]
    lines.append("Gaps closed:" if d["gaps_closed"] else "Gaps closed: none")
    lines += [f"  [{g['severity']}] {g['message']}" for g in d["gaps_closed"]]
    if d["centrality_changes"]:
        lines.append("Biggest changes in two-mode betweenness:")
        lines += [f"  {c['organisation']}: {c['betweenness_before']:.3f} -> "
                  f"{c['betweenness_after']:.3f} "
                  f"({c['betweenness_after'] - c['betweenness_before']:+.3f})"
                  for c in d["centrality_changes"]]
    return lines
