"""What if organisations leave: the partnership before and after, in plain words.

:func:`whatif` removes the named organisations (and their engagements) and
compares: functions losing providers, gap rules broken or mended
(:mod:`netmap.metrics.rules`), the organisations whose two-mode betweenness
changes most, and network-level figures.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import pandas as pd

from netmap.changes import Result, change_tables
from netmap.errors import InputError, Problem
from netmap.metrics import compute
from netmap.model import Partnership
from netmap.names import counted

__all__ = ["whatif", "describe", "whatif_tables", "WhatIf"]


def _check_names(p: Partnership, remove) -> list:
    problems = []
    known = set(p.organisations)
    for name in remove:
        if name not in known:
            close = difflib.get_close_matches(name, p.organisations, n=3, cutoff=0.6)
            folded = [o for o in p.organisations if o.casefold() == name.casefold()]
            suggestions = list(dict.fromkeys(folded + close))
            problems.append(Problem(
                "error", f"no organisation {name!r} in the partnership", file=p.source,
                hint=("did you mean " + " or ".join(repr(s) for s in suggestions) + "?")
                if suggestions else "names must match the input exactly"))
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(remove))


def whatif(p: Partnership, remove: Iterable[str], rules: dict | None = None, runs: int = 100,
           seed: int = 0) -> WhatIf:
    """Compare ``p`` with ``p`` minus the organisations in ``remove``.

    Parameters
    ----------
    p : Partnership
    remove : iterable of str
        Names of organisations that leave.
    rules : dict, optional
        Gap rules; the defaults if None.
    runs, seed : int
        Random attack orders for robustness, before and after.

    Returns
    -------
    WhatIf
        A dict (the keys of ``netmap whatif --format json``): ``removed``,
        ``functions`` (per function: providers before and after, providers
        lost), ``gaps_opened``, ``gaps_closed``, ``centrality_changes`` (the
        five largest changes in two-mode betweenness) and ``network``
        (before/after figures); its ``tables()`` (:func:`whatif_tables`) are
        DataFrames.

    Raises
    ------
    InputError
        For a name not in the partnership, suggesting the closest names.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> r = whatif(p, ["A"], runs=5)
    >>> [(f["function"], f["providers_after"]) for f in r["functions"]]
    [('F', 0), ('G', 1)]
    >>> [g["rule"] for g in r["gaps_opened"]]
    ['no_provider', 'single_provider']
    """
    remove = _check_names(p, remove)
    after_p = p.without(remove)
    before, after = compute(p, rules, runs, seed), compute(after_p, rules, runs, seed)
    eng = p.engagements
    functions = []
    b_fn = before.functions.set_index("function")["providers"]
    a_fn = after.functions.set_index("function")["providers"]
    for f in p.functions:
        lost = eng.loc[(eng["function"] == f) & eng["organisation"].isin(remove),
                       "organisation"].tolist()
        functions.append({"function": f, "providers_before": int(b_fn[f]),
                          "providers_after": int(a_fn[f]), "lost": lost})
    b_keys = {g.key: g for g in before.gaps}
    a_keys = {g.key: g for g in after.gaps}
    b_bet = before.organisations.set_index("organisation")["betweenness_centrality"]
    a_bet = after.organisations.set_index("organisation")["betweenness_centrality"]
    changes = sorted(((o, float(b_bet[o]), float(a_bet[o])) for o in after_p.organisations),
                     key=lambda t: (-abs(t[2] - t[1]), t[0]))
    keys = ("organisations", "engagements", "connectance", "components", "nodf", "robustness")
    return WhatIf({
        "removed": [{"organisation": o, "functions": int(eng["organisation"].eq(o).sum())}
                    for o in remove],
        "functions": functions,
        "gaps_opened": [g.as_dict() for k, g in a_keys.items() if k not in b_keys],
        "gaps_closed": [g.as_dict() for k, g in b_keys.items() if k not in a_keys],
        "centrality_changes": [{"organisation": o, "betweenness_before": b, "betweenness_after": a}
                               for o, b, a in changes[:5] if a != b],
        "network": {k: {"before": before.network[k], "after": after.network[k]} for k in keys},
    })


class WhatIf(Result):
    """What changes if organisations leave (:func:`whatif`): a dict whose keys also read as
    attributes, shown rounded in a notebook."""

    def tables(self) -> dict:
        return whatif_tables(self)


def whatif_tables(result: dict) -> dict:
    """The what-if result as DataFrames: ``functions`` (providers before and after,
    who is lost), ``gaps`` (opened or closed), ``centrality`` and ``network``."""
    functions = pd.DataFrame(result["functions"],
                             columns=["function", "providers_before", "providers_after", "lost"])
    return {"functions": functions, **change_tables(result)}


def describe(result: dict) -> list:
    """The what-if result as lines of plain text."""
    removed = result["removed"]
    lines = ["Removing " + ", ".join(
        f"{r['organisation']} ({r['functions']} function{'s' if r['functions'] != 1 else ''})"
        for r in removed) + ":"]
    changed = [f for f in result["functions"] if f["lost"]]
    if changed:
        lines.append("Functions losing providers:")
        for f in changed:
            note = " - NO PROVIDER LEFT" if f["providers_after"] == 0 else ""
            lines.append(f"  {f['function']}: {f['providers_before']} -> "
                         f"{counted(f['providers_after'], 'provider')} "
                         f"(loses {', '.join(f['lost'])}){note}")
    else:
        lines.append("No function loses a provider (the organisations removed had no engagement).")
    lines.append("Gaps opened:" if result["gaps_opened"] else "Gaps opened: none")
    lines += [f"  [{g['severity']}] {g['message']}" for g in result["gaps_opened"]]
    if result["gaps_closed"]:
        lines.append("Gaps closed:")
        lines += [f"  [{g['severity']}] {g['message']}" for g in result["gaps_closed"]]
    if result["centrality_changes"]:
        lines.append("Biggest changes in two-mode betweenness (brokerage):")
        for c in result["centrality_changes"]:
            delta = c["betweenness_after"] - c["betweenness_before"]
            lines.append(f"  {c['organisation']}: {c['betweenness_before']:.3f} -> "
                         f"{c['betweenness_after']:.3f} ({delta:+.3f})")
    net = result["network"]
    comp = net["components"]
    if comp["after"] != comp["before"]:
        lines.append(f"The partnership goes from {comp['before']} to {comp['after']} connected "
                     "parts.")
    rob = net["robustness"]
    if rob["before"] is not None and rob["after"] is not None:
        lines.append(f"Robustness (random attack): {rob['before']:.2f} -> {rob['after']:.2f}.")
    return lines
