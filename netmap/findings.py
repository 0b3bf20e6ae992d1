"""Ranked findings in plain language, each with the numbers behind it.

Findings answer a coordinator's questions: which functions are thin or
missing (the gap rules), who the partnership cannot lose (critical
organisations), who holds it together (broad organisations and the main
broker), how it fares when partners leave (attack curves), and who could
stand in for whom (substitutes). They are ranked by severity — critical,
high, medium, low, then observations (``info``) — and, within a severity, in
the order of the list above.
"""

from __future__ import annotations

import math

from netmap.metrics import Metrics
from netmap.metrics.rules import SEVERITIES, Finding
from netmap.model import Partnership

__all__ = ["findings", "RANK"]

RANK = {s: i for i, s in enumerate(SEVERITIES + ("info",))}


def _names(names, limit: int = 5) -> str:
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] \
            if names else ""
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _critical(m: Metrics) -> list:
    out = []
    for org, broken in m.critical.items():
        if not broken:
            continue
        severity = min((f.severity for f in broken), key=RANK.__getitem__)
        what = "; ".join("t" + f.message[1:] if f.message.startswith("The ") else f.message
                         for f in broken)
        out.append(Finding("critical_organisation", severity, f"Without {org}: {what}",
                           evidence={"organisation": org,
                                     "breaks": [f.as_dict() for f in broken]}))
    return out


def _broad(p: Partnership, m: Metrics) -> list:
    n_fn = len(p.functions)
    if n_fn < 2:
        return []
    org = m.organisations.set_index("organisation")
    fn = m.functions.set_index("function")
    threshold = max(2, math.ceil(n_fn / 2))
    broad = org[org["functions"] >= threshold].sort_values("functions", ascending=False,
                                                            kind="stable")
    broad = sorted(broad.index, key=lambda o: (-int(org.loc[o, "functions"]), o))[:3]
    out = []
    engaged = p.engagements.groupby("organisation")["function"].apply(list)
    for o in broad:
        mine = engaged.get(o, [])
        thinnest = min(mine, key=lambda f: (int(fn.loc[f, "providers"]), p.functions.index(f)))
        after = int(fn.loc[thinnest, "providers"]) - 1
        k = int(org.loc[o, "functions"])
        out.append(Finding(
            "broad_organisation", "info",
            f"{o} is active in {k} of {n_fn} functions; without it {thinnest} drops to "
            f"{after} provider{'s' if after != 1 else ''}",
            evidence={"organisation": o, "functions": k, "of": n_fn, "function": thinnest,
                      "providers_after": after}))
    return out


def _broker(m: Metrics) -> list:
    org = m.organisations.sort_values(["betweenness_centrality", "organisation"],
                                      ascending=[False, True], kind="stable")
    if len(org) == 0 or not org["betweenness_centrality"].iloc[0] > 0:
        return []
    top = org.iloc[0]
    text = (f"{top['organisation']} holds the partnership together: more of the shortest "
            f"routes between organisations and functions run through it than through any other "
            f"organisation (two-mode betweenness {top['betweenness_centrality']:.2f}")
    if len(org) > 1:
        nxt = org.iloc[1]
        text += f"; next {nxt['organisation']}, {nxt['betweenness_centrality']:.2f}"
    return [Finding("broker", "info", text + ")",
                    evidence={"organisation": top["organisation"],
                              "betweenness_centrality": float(top["betweenness_centrality"])})]


def _attack(p: Partnership, m: Metrics) -> list:
    net = m.network
    k, n = net.get("first_loss_targeted"), len(p.organisations)
    if k is None:
        return []
    rand = net.get("first_loss_random")
    text = (f"Removing organisations most-connected first, a function loses its last provider "
            f"after {k} of {n} organisations leave")
    if rand is not None:
        text += f" (at random, after {rand:.1f} on average)"
    text += f"; robustness {net['robustness']:.2f} at random, {net['robustness_targeted']:.2f} " \
            "targeted (1 = every function survives to the end)" if net.get("robustness") \
            is not None else ""
    return [Finding("attack", "info", text,
                    evidence={"first_loss_targeted": k, "first_loss_random": rand,
                              "robustness": net.get("robustness"),
                              "robustness_targeted": net.get("robustness_targeted")})]


def _thin_and_concentrated(p: Partnership, m: Metrics) -> list:
    fn = m.functions
    gapped = {g.function for g in m.gaps if g.function}
    out = []
    provided = fn[fn["providers"] > 0]
    if len(provided):
        least = int(provided["providers"].min())
        thin = [f for f in provided.loc[provided["providers"] == least, "function"]
                if f not in gapped]
        if thin and len(provided) > 1:
            providers = p.engagements.loc[p.engagements["function"] == thin[0], "organisation"]
            out.append(Finding(
                "fewest_providers", "info",
                f"{_names(thin)} ha{'s' if len(thin) == 1 else 've'} the fewest providers "
                f"({least})" + (f": {_names(providers.tolist())}" if len(thin) == 1 else ""),
                thin[0], evidence={"providers": least, "functions": thin}))
    sectors = [c for c in m.coverage.columns if c != "unknown"]
    required = m.rules.get("sector_mix", {}).get("sectors", []) if m.rules else []
    sector_gaps = {(g.function, g.sector) for g in m.gaps}
    if sectors:
        for f, row in m.coverage.iterrows():
            total = int(row.sum())
            for sector in required:
                if total and sector in sectors and row.get(sector, 0) == 0 and (
                        f, sector) not in sector_gaps:
                    out.append(Finding(
                        "sector_absent", "info",
                        f"{f} has no {sector} organisation among its {total} "
                        f"provider{'s' if total != 1 else ''}", f, sector,
                        evidence={"providers": total, "in_sector": 0}))
    if sectors:
        for f, row in m.coverage.iterrows():
            total = int(row.sum())
            if total < 2:
                continue
            top = row.idxmax()
            share = row.max() / total
            if share >= 0.75 and top != "unknown":
                out.append(Finding(
                    "sector_concentration", "info",
                    f"{f} relies on the {top} sector: {int(row.max())} of its {total} providers",
                    f, top, evidence={"providers": total, "in_sector": int(row.max())}))
    return out


def _substitutes(m: Metrics) -> list:
    org = m.organisations
    engaged = org[org["functions"] > 0]
    alone = engaged[engaged["substitute_count"] == 0]
    if len(engaged) == 0:
        return []
    ranked = alone.sort_values(["functions", "organisation"], ascending=[False, True])
    text = (f"{len(alone)} of {len(engaged)} engaged organisations have no substitute (nobody "
            "else covers all of their functions)")
    if len(alone):
        text += f", e.g. {_names(ranked['organisation'].tolist())}"
    return [Finding("substitutes", "info", text,
                    evidence={"without_substitute": ranked["organisation"].tolist(),
                              "engaged": len(engaged)})]


def _structure(p: Partnership, m: Metrics) -> list:
    out = []
    parts = m.network["components"]
    idle = m.network["organisations_without_engagement"]
    unprovided = m.network["functions_without_provider"]
    real_parts = parts - len(idle) - len(unprovided)
    if real_parts > 1:
        out.append(Finding("fragmented", "medium",
                           f"The partnership falls into {real_parts} separate groups that share "
                           "no function", evidence={"components": parts}))
    if idle:
        out.append(Finding("no_engagement", "low",
                           f"{len(idle)} organisation{'s' if len(idle) != 1 else ''} "
                           f"engage{'s' if len(idle) == 1 else ''} in no function: {_names(idle)}",
                           evidence={"organisations": idle}))
    return out


def findings(p: Partnership, m: Metrics) -> list:
    """All findings for ``p``, ranked (see the module docstring).

    Parameters
    ----------
    p : Partnership
    m : Metrics
        ``compute(p)``.

    Returns
    -------
    list of Finding
        Most important first; each has ``severity``, ``message`` (plain
        words) and ``evidence`` (the numbers behind it).

    Examples
    --------
    >>> from netmap.metrics import compute
    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> for f in findings(p, compute(p, runs=5))[:2]:
    ...     print(f.message)
    Without A: F has no provider; G rests on a single provider: B
    F rests on a single provider: A
    """
    groups = [list(m.gaps), _critical(m), _structure(p, m), _broad(p, m), _broker(m),
              _attack(p, m), _thin_and_concentrated(p, m), _substitutes(m), _modules(p, m)]
    ordered = [(RANK[f.severity], g, i, f) for g, group in enumerate(groups)
               for i, f in enumerate(group)]
    return [f for *_, f in sorted(ordered, key=lambda t: t[:3])]


# Modularity from which modules count as groups that work apart: the rule of
# thumb of Newman & Girvan (2004, Phys. Rev. E 69: 026113), "above about 0.3".
# A null model (compare) is the proper test; this only decides the wording.
SILO_MODULARITY = 0.3


def _modules(p: Partnership, m: Metrics) -> list:
    """Is the partnership siloed? Its modules named by their functions, who bridges them,
    and any module linked to the others through one organisation or none (a silo)."""
    q, k = m.network.get("modularity"), m.network.get("modules")
    if q is None or not k:
        return []
    org, fn = m.organisations, m.functions
    if k < 2 or q < SILO_MODULARITY:
        why = "one module holds everything" if k < 2 else \
            f"modularity {q:.2f}, below {SILO_MODULARITY}"
        return [Finding("modules", "info",
                        f"The partnership does not fall into separate modules ({why}): its "
                        "organisations do not work in silos of functions",
                        evidence={"modularity": q, "modules": k,
                                  "threshold": SILO_MODULARITY})]
    module_of = dict(zip(fn["function"], fn["module"], strict=True))
    # the modules each organisation works in (a function nobody provides has no module)
    reaches = {o: {module_of[f] for f in fs if not _missing(module_of.get(f))}
               for o, fs in p.functions_of().items()}
    groups = []
    for s in range(1, k + 1):
        functions = fn.loc[fn["module"] == s, "function"].tolist()
        members = int((org["module"] == s).sum())
        links = sorted(o for o, ms in reaches.items() if s in ms and len(ms) > 1)
        groups.append({"module": s, "functions": functions, "organisations": members,
                       "links": links})

    def named(g: dict) -> str:
        fs = g["functions"]
        return f"{' / '.join(fs[:3])}{' / ...' if len(fs) > 3 else ''}"

    shown = [f"{named(g)} ({_count(g['organisations'], 'organisation')})" for g in groups[:4]]
    listed = "; ".join(shown) + (f"; and {k - 4} more" if k > 4 else "")
    bridges = org.loc[org["module_participation"] > 0, "organisation"].tolist()
    silos = [g for g in groups if len(g["links"]) <= 1]
    text = (f"The partnership falls into {k} modules, groups of organisations and functions "
            f"that work more with one another than with the rest (modularity {q:.2f}): "
            f"{listed}. {_count(len(bridges), 'organisation')} "
            f"bridge{'s' if len(bridges) == 1 else ''} them"
            + (f": {_names(bridges)}" if bridges else "")
            + ("." if silos else "; every module is linked to the others by at least two "
               "organisations, so no group works alone."))
    evidence = {"modularity": q, "modules": groups, "bridges": bridges,
                "threshold": SILO_MODULARITY}
    out = [Finding("modules", "info", text, evidence=evidence)]
    by_link: dict = {}  # silos that hang on the same organisation (or none) are one finding
    for g in silos:
        by_link.setdefault(tuple(g["links"]), []).append(g)
    for links, gs in by_link.items():
        named_all = " and ".join(f"{named(g)} ({_count(g['organisations'], 'organisation')})"
                                 for g in gs)
        if links and len(gs) > 1:
            alone = (f"are each linked to the rest of the partnership only through "
                     f"{links[0]}: if it leaves, they work apart")
        elif links:
            alone = (f"is linked to the rest of the partnership only through {links[0]}: "
                     "if it leaves, this group works alone")
        else:
            alone = ("share" if len(gs) > 1 else "has") + " no organisation working in " \
                "another module: " + ("they work" if len(gs) > 1 else "it works") + " alone"
        out.append(Finding(
            "silo", "medium", f"{named_all} {alone}, the silo a partnership should avoid",
            gs[0]["functions"][0] if gs[0]["functions"] else None,
            evidence={"modules": [g["module"] for g in gs],
                      "functions": [f for g in gs for f in g["functions"]],
                      "organisations": sum(g["organisations"] for g in gs),
                      "links": list(links)}))
    return out


def _missing(value) -> bool:
    return value is None or value != value  # None or NaN


def _count(n: int, noun: str) -> str:
    """``1 organisation``, ``2 organisations``."""
    return f"{n} {noun}{'s' if n != 1 else ''}"
