"""Ranked findings in plain language, each with the numbers behind it.

Findings answer a coordinator's questions: which functions are thin or
missing (the gap rules), who the partnership cannot lose (critical
organisations), who holds it together (broad organisations and the main
broker), how it fares when partners leave (attack curves), and who could
stand in for whom (substitutes). They are ranked by severity — critical,
high, medium, low, then observations (``info``) — and, within a severity, in
the order of the list above.

No near-duplicates: one finding per organisation, and per function one
about its number of providers and one about its sectors. An organisation the
partnership cannot lose gets one finding (what breaks without it), which
also says when it holds the partnership together; the organisation that
holds it together gets one finding, which also says how broad it is. A
function's sector observations ("no statutory organisation", "relies on the
voluntary sector") make one sentence, and none is made of a function resting
on one provider (its gap says so). "X holds the partnership together" is said
only when X's lead is clear as shown, to two decimals; otherwise the
organisations sharing the lead are named together.
"""

from __future__ import annotations

import dataclasses
import math

from netmap.metrics import Metrics
from netmap.metrics.rules import SEVERITIES, Finding
from netmap.model import Partnership
from netmap.names import counted

__all__ = ["findings", "summary", "RANK"]

RANK = {s: i for i, s in enumerate(SEVERITIES + ("info",))}


def _names(names, limit: int = 5) -> str:
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] \
            if names else ""
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _implied_dropped(broken: list) -> list:
    """``broken`` without the findings another of them implies: a function with no
    provider has none of a sector either, and a partnership with no organisation of a
    sector has no provider of it in any function."""
    empty = {f.function for f in broken if f.rule == "no_provider"}
    missing = {f.sector for f in broken if f.rule == "sector_mix"}
    return [f for f in broken if not (f.rule in ("function_sector", "min_providers")
                                      and (f.function in empty or f.sector in missing))]


def _critical(m: Metrics) -> list:
    out = []
    for org, broken in m.critical.items():
        if not broken:
            continue
        severity = min((f.severity for f in broken), key=RANK.__getitem__)
        what = "; ".join("t" + f.message[1:] if f.message.startswith("The ") else f.message
                         for f in _implied_dropped(broken))
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


def _shown(value) -> str:
    """A betweenness as the findings show it (two decimals)."""
    return f"{float(value):.2f}"


def _broker(m: Metrics) -> list:
    """Who holds the partnership together: the organisation of highest two-mode
    betweenness when its lead shows to two decimals, else the organisations sharing
    the lead (same value shown). Evidence: ``organisations`` (the leaders),
    ``betweenness_centrality``, ``next`` and ``next_betweenness`` (the runner-up)."""
    org = m.organisations.sort_values(["betweenness_centrality", "organisation"],
                                      ascending=[False, True], kind="stable")
    if len(org) == 0 or not org["betweenness_centrality"].iloc[0] > 0 \
            or _shown(float(org["betweenness_centrality"].iloc[0])) == _shown(0.0):
        return []  # nobody (to two decimals) lies on the routes between the others
    values = org["betweenness_centrality"].astype(float).tolist()
    names = org["organisation"].tolist()
    lead = [n for n, v in zip(names, values, strict=True) if _shown(v) == _shown(values[0])]
    rest = len(lead)
    nxt = (f"; next {names[rest]}, {_shown(values[rest])}" if rest < len(names) else "")
    if len(lead) == 1:
        text = (f"{lead[0]} holds the partnership together: more of the shortest routes "
                f"between organisations and functions run through it than through any other "
                f"organisation (two-mode betweenness {_shown(values[0])}{nxt})")
    else:
        text = (f"{_names(lead)} share the lead in holding the partnership together: more of "
                f"the shortest routes between organisations and functions run through them than "
                f"through any other organisation, and their two-mode betweenness is the same to "
                f"two decimals ({_shown(values[0])} each{nxt})")
    return [Finding("broker", "info", text, evidence={
        "organisations": lead, "betweenness_centrality": float(values[0]),
        "next": names[rest] if rest < len(names) else None,
        "next_betweenness": float(values[rest]) if rest < len(names) else None})]


def _lead_clause(broker: Finding, org: str) -> str:
    """What the broker finding says of ``org``, as a clause of another finding."""
    lead, value = broker.evidence["organisations"], _shown(broker.evidence[
        "betweenness_centrality"])
    if len(lead) == 1:
        nxt = broker.evidence["next"]
        return (f"{org} also holds the partnership together (two-mode betweenness {value}"
                + (f"; next {nxt}, {_shown(broker.evidence['next_betweenness'])}" if nxt
                   else "") + ")")
    others = [o for o in lead if o != org]
    return (f"{org} also shares the lead in holding the partnership together with "
            f"{_names(others)} (two-mode betweenness {value} each)")


def _one_per_organisation(critical: list, broad: list, broker: list) -> tuple:
    """The organisation findings with no two about the same organisation.

    A broad organisation's finding is dropped when the organisation is critical
    (its critical finding says what breaks), or merged into the broker finding
    when it leads (alone or not); the broker finding is merged into the critical
    findings when every organisation it names is critical.
    """
    crit = {f.evidence["organisation"]: i for i, f in enumerate(critical)}
    critical, kept_broad = list(critical), []
    lead = broker[0].evidence["organisations"] if broker else []
    for f in broad:
        o = f.evidence["organisation"]
        if o in crit:
            continue
        if o in lead:
            k, n = f.evidence["functions"], f.evidence["of"]
            after = f.evidence["providers_after"]
            broker = [dataclasses.replace(broker[0], message=(
                f"{broker[0].message}; {'it' if len(lead) == 1 else o} is active in {k} of {n} "
                f"functions, and without it {f.evidence['function']} drops to {after} "
                f"provider{'s' if after != 1 else ''}"),
                evidence={**broker[0].evidence, "active_in": [
                    *broker[0].evidence.get("active_in", []), f"{o}: {k} of {n} functions"]})]
            continue
        kept_broad.append(f)
    if broker and all(o in crit for o in lead):
        for o in lead:
            f = critical[crit[o]]
            critical[crit[o]] = dataclasses.replace(
                f, message=f"{f.message}; {_lead_clause(broker[0], o)}",
                evidence={**f.evidence, "holds_together": broker[0].evidence})
        broker = []
    return critical, kept_broad, broker


def _attack(p: Partnership, m: Metrics) -> list:
    net = m.network
    k, n = net.get("first_loss_targeted"), len(p.organisations)
    if k is None:
        return []
    rand = net.get("first_loss_random")
    text = (f"Removing organisations most-connected first, a function loses its last provider "
            f"after {k} of {n} organisations {'leaves' if k == 1 else 'leave'}")
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
    return out + _sectors(m)


def _sectors(m: Metrics) -> list:
    """One observation per function about its sectors: the required sectors it has no
    provider of (unless a gap rule says so already), and the sector it relies on (75% of
    its providers or more). None for a function of fewer than two providers: resting on
    one provider, it lacks every other sector, and its gap says so."""
    sectors = [c for c in m.coverage.columns if c != "unknown"]
    required = m.rules.get("sector_mix", {}).get("sectors", []) if m.rules else []
    sector_gaps = {(g.function, g.sector) for g in m.gaps}
    out = []
    for f, row in (m.coverage.iterrows() if sectors else ()):
        total = int(row.sum())
        if total < 2:
            continue
        absent = [s for s in required if s in sectors and row.get(s, 0) == 0
                  and (f, s) not in sector_gaps]
        top = row.idxmax()
        relies = row.max() / total >= 0.75 and top != "unknown"
        parts = []
        if relies:
            parts.append(f"relies on the {top} sector: {int(row.max())} of its {total} "
                         "providers")
        if absent:
            what = " or ".join(absent)
            parts.append(f"has no {what} organisation" + ("" if relies else
                                                          f" among its {total} providers"))
        if not parts:
            continue
        rule = "sector_concentration" if relies else "sector_absent"
        out.append(Finding(rule, "info", f"{f} " + ", and ".join(parts), f,
                           top if relies else absent[0],
                           evidence={"providers": total, "in_sector": int(row.max()) if relies
                                     else 0, **({"absent": absent} if absent else {})}))
    return out


def _substitutes(m: Metrics) -> list:
    org = m.organisations
    engaged = org[org["functions"] > 0]
    alone = engaged[engaged["substitute_count"] == 0]
    if len(engaged) == 0 or len(alone) == 0:
        return []  # everyone has a substitute: nothing to say
    ranked = alone.sort_values(["functions", "organisation"], ascending=[False, True])
    text = (f"{len(alone)} of {len(engaged)} engaged organisations "
            f"{'has' if len(alone) == 1 else 'have'} no substitute (nobody else covers all of "
            "their functions)")
    if len(alone):
        names = ranked["organisation"].tolist()
        text += ": " + _names(names)
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
    ...     print(f.message)  # doctest: +NORMALIZE_WHITESPACE
    Without A: F has no provider; G rests on a single provider: B; A also holds the
    partnership together (two-mode betweenness 1.00; next B, 0.00)
    F rests on a single provider: A
    """
    critical, broad, broker = _one_per_organisation(_critical(m), _broad(p, m), _broker(m))
    groups = [list(m.gaps), critical, _structure(p, m), broker, broad,
              _attack(p, m), _thin_and_concentrated(p, m), _substitutes(m), _modules(p, m)]
    ordered = [(RANK[f.severity], g, i, f) for g, group in enumerate(groups)
               for i, f in enumerate(group)]
    return [f for *_, f in sorted(ordered, key=lambda t: t[:3])]


# Modularity from which modules count as groups that work apart: the rule of
# thumb of Newman & Girvan (2004, Phys. Rev. E 69: 026113), "above about 0.3".
# A null model (compare) is the proper test; this only decides the wording.
SILO_MODULARITY = 0.3
SILO_MEMBERS = 2  # organisations working only in a module, for it to be a group that can be cut off


def _modules(p: Partnership, m: Metrics) -> list:
    """Is the partnership siloed? Its modules named by their functions, who bridges them,
    and any module whose own organisations (at least :data:`SILO_MEMBERS` working only in
    it) are linked to the others through one organisation or none (a silo)."""
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
        inner = sum(1 for ms in reaches.values() if ms == {s})  # who works only here
        groups.append({"module": s, "functions": functions, "organisations": members,
                       "links": links, "inner": inner})

    def named(g: dict) -> str:
        fs = g["functions"]
        return f"{' / '.join(fs[:3])}{' / ...' if len(fs) > 3 else ''}"

    shown = [f"{named(g)} ({counted(g['organisations'], 'organisation')})" for g in groups[:4]]
    listed = "; ".join(shown) + (f"; and {k - 4} more" if k > 4 else "")
    bridges = org.loc[org["module_participation"] > 0, "organisation"].tolist()
    # a silo: a group (two or more organisations working only there) that reaches the rest
    # of the partnership through one organisation, or none
    silos = [g for g in groups if len(g["links"]) <= 1 and g["inner"] >= SILO_MEMBERS]
    text = (f"The partnership falls into {k} modules, groups of organisations and functions "
            f"that work more with one another than with the rest (modularity {q:.2f}): "
            f"{listed}. {counted(len(bridges), 'organisation')} "
            f"bridge{'s' if len(bridges) == 1 else ''} them"
            + (f": {_names(bridges)}" if bridges else "")
            + ("." if silos else "; no group of organisations reaches the rest of the "
               "partnership through one organisation only."))
    evidence = {"modularity": q, "modules": groups, "bridges": bridges,
                "threshold": SILO_MODULARITY}
    out = [Finding("modules", "info", text, evidence=evidence)]
    by_link: dict = {}  # silos that hang on the same organisation (or none) are one finding
    if m.network.get("components", 1) > 1:  # "falls into separate groups" says the rest
        silos = [g for g in silos if g["links"]]
    for g in silos:
        by_link.setdefault(tuple(g["links"]), []).append(g)
    for links, gs in by_link.items():
        named_all = " and ".join(f"{named(g)} ({counted(g['organisations'], 'organisation')})"
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


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(m: Metrics, ranked: list) -> str:
    """What the findings count, in one sentence: gap rules broken now, organisations the
    partnership cannot lose, and the findings by severity (these are different counts:
    one gap rule broken is one finding; each critical organisation is one more).

    >>> from netmap.metrics import compute
    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> m = compute(p, runs=5)
    >>> print(summary(m, findings(p, m)))  # doctest: +NORMALIZE_WHITESPACE
    1 gap rule broken now and 2 organisations the partnership cannot lose (losing any one
    of them alone would break a rule); 6 findings in all: 1 critical, 2 high, 3 info
    (observations)
    """
    gaps, critical = m.network["gaps"], len(m.network["critical_organisations"])
    what = (("no gap rule broken now" if not gaps else _count(gaps, "gap rule", "gap rules")
             + " broken now")
            + (" and " + _count(critical, "organisation", "organisations")
               + " the partnership cannot lose (losing "
               + ("it" if critical == 1 else "any one of them")
               + " alone would break a rule)" if critical else ""))
    counts = [(s, sum(1 for f in ranked if f.severity == s)) for s in RANK]
    shown = ", ".join(f"{n} {s}" + (" (observations)" if s == "info" else "")
                      for s, n in counts if n)
    return f"{what}; " + (_count(len(ranked), "finding", "findings") + " in all: " + shown
                          if ranked else "no findings")
