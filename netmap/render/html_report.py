"""``report.html``: one self-contained page a coordinator can e-mail.

Headline figures, ranked findings with their evidence, the function x sector
coverage heatmap (numbers in every cell, so it reads without colour), the
robustness curve, the interactive map, sortable organisation and function
tables, a methods section, and what is needed to reproduce the result
(netmap version, the input's name and SHA-256, the options used). Every
script, style and figure is inlined; the page fetches nothing.
"""

from __future__ import annotations

import base64

from netmap import __version__
from netmap.findings import RANK, summary
from netmap.metrics import Metrics
from netmap.metrics.rules import RULE_WORDS
from netmap.model import Partnership
from netmap.render.assets import CSP, render_template, safe_json
from netmap.render.display import fixed, heat_style, missing, shell_command
from netmap.render.figures import network_caption
from netmap.render.map import LARGE_MAP, map_data
from netmap.render.markdown import FINDINGS_KEY, type_column_sentence
from netmap.render.methods import METHODS
from netmap.render.sections import (
    BREADTH_HEADERS,
    BROKER_HEADERS,
    TITLES,
    breadth_rows,
    broker_intro,
    broker_rows,
    stand_ins,
)
from netmap.render.visnet import vis_assets

__all__ = ["report_html", "to_confirm_view", "commands", "TABLE_ROWS"]

TABLE_ROWS = 500  # organisations listed in the page; organisations.csv has them all

ORG_COLUMNS = [("organisation", "Organisation"), ("sector", "Sector"),
               ("functions", "Functions"), ("degree_centrality", "Degree"),
               ("closeness_centrality", "Closeness"),
               ("betweenness_centrality", "Betweenness"),
               ("eigenvector_centrality", "Eigenvector"), ("partners", "Partners"),
               ("constraint", "Constraint"), ("substitute_count", "Substitutes"),
               ("most_similar", "Most similar"), ("critical", "Critical")]
FN_COLUMNS = [("function", "Function"), ("providers", "Providers"),
              ("sector_diversity", "Sector diversity"), ("redundancy", "Redundancy"),
              ("degree_centrality", "Degree"), ("closeness_centrality", "Closeness"),
              ("betweenness_centrality", "Betweenness"), ("gaps", "Gaps")]


def org_columns(p: Partnership) -> list:
    """The organisation table's columns: the attributes (notes, area, region...) after
    the sector, then the metrics."""
    extra = [(c, str(c).capitalize()) for c in p.attributes.columns
             if c not in {k for k, _ in ORG_COLUMNS}]
    return ORG_COLUMNS[:2] + extra + ORG_COLUMNS[2:]


def _cell(value):
    """(text shown, sort key) of a table cell."""
    if isinstance(value, bool):
        return ("yes" if value else "no"), int(value)
    if isinstance(value, list):
        return "; ".join(map(str, value)), len(value)
    if missing(value):
        return "-", ""
    if isinstance(value, float):
        return (f"{value:.3f}" if not value.is_integer() else str(int(value))), value
    if isinstance(value, int):
        return str(value), value
    return str(value), str(value).casefold()


def _table(df, columns) -> dict:
    if "gaps" in df.columns:  # rule ids in plain words for readers
        df = df.assign(gaps=df["gaps"].map(lambda rules: [RULE_WORDS.get(r, r) for r in rules]))
    cols = [(c, h) for c, h in columns if c in df.columns]
    rows = [[_cell(row[c]) for c, _ in cols] for _, row in df.iterrows()]
    numeric = [all(isinstance(r[i][1], (int, float)) or r[i][1] == "" for r in rows)
               for i in range(len(cols))]
    return {"headers": [h for _, h in cols], "rows": rows, "numeric": numeric}


def _heatmap(m: Metrics) -> dict:
    table = m.coverage
    top = max(int(table.to_numpy().max()) if table.size else 0, 1)
    fn = m.functions.set_index("function")
    rows = []
    for f in table.index:
        cells = []
        for s in table.columns:
            v = int(table.loc[f, s])
            cells.append({"value": v, **heat_style(v, top)})
        rows.append({"function": f, "cells": cells, "providers": int(fn.loc[f, "providers"]),
                     "diversity": _cell(fn.loc[f, "sector_diversity"])[0],
                     "gap": bool(fn.loc[f, "gaps"])})
    return {"sectors": list(table.columns), "rows": rows}


def _plain(v) -> str:
    """A piece of evidence in plain words: numbers rounded, lists joined, records as
    ``key value`` pairs (never a Python dict)."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".") if v == v else "-"
    if isinstance(v, dict):
        if "message" in v:
            return str(v["message"])
        return ", ".join(f"{k.replace('_', ' ')} {_plain(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        parts = [_plain(x) for x in v]
        return "; ".join(parts) if any(isinstance(x, dict) for x in v) else ", ".join(parts)
    return str(v)


def _evidence(evidence: dict) -> list:
    """The numbers behind a finding, each as ``(name, plain words)``."""
    return [(k.replace("_", " "), _plain(v)) for k, v in evidence.items()]


def to_confirm_view(p: Partnership, m: Metrics) -> dict | None:
    """The "To confirm" block's data (:func:`netmap.confirm.to_confirm`), None when no mark
    is uncertain."""
    from netmap.confirm import confirm_report, describe_confirm

    result, rows = confirm_report(p, m)
    if not result["cells"]:
        return None
    return {"cells": result["cells"], "counted": all(c["counted"] for c in result["cells"]),
            "changes": describe_confirm(result), "both_ways": rows}


def vocabulary_view(reading, not_checked: list) -> dict:
    """The page's "How the labels were read" and "Rules not checked" data."""
    lines = reading.lines() if reading is not None else []
    return {"lines": lines, "type_column": type_column_sentence(reading.type_column)
            if lines and reading.type_column else None,
            "not_checked": [{k: r[k] or "" for k in ("rule", "function", "sector", "reason",
                                                      "fix")} for r in not_checked]}


def commands(p: Partnership, m: Metrics, provenance: dict) -> dict:
    """The commands the page suggests, shell-quoted so they work pasted: ``report`` (to
    reproduce) and ``whatif`` (removing the organisation of highest betweenness)."""
    file = provenance.get("file") or "INPUT"
    org = m.organisations.sort_values(["betweenness_centrality", "organisation"],
                                      ascending=[False, True], kind="stable")
    name = org["organisation"].iloc[0] if len(org) else "NAME"
    return {"report": shell_command("netmap", "report", file),
            "whatif": shell_command("netmap", "whatif", file, "--remove", name)}


def report_html(p: Partnership, m: Metrics, provenance: dict, findings: list,
                figures: dict | None = None, group_above: int = LARGE_MAP,
                reading=None) -> str:
    """The whole report page (see the module docstring)."""
    js, css = vis_assets()
    data = map_data(p, m, group_above=group_above)
    net = m.network
    svg = {}
    for name, formats in (figures or {}).items():
        svg[name] = "data:image/svg+xml;base64," + base64.b64encode(formats["svg"]).decode()
    counts = {s: sum(1 for f in findings if f.severity == s) for s in RANK}
    org = m.organisations
    top = org if len(org) <= TABLE_ROWS else org.sort_values(
        ["betweenness_centrality", "organisation"], ascending=[False, True],
        kind="stable").head(TABLE_ROWS)
    return render_template(
        "report.html.j2", title=f"Partnership report: {p.name}", csp=CSP, vis_js=js,
        vis_css=css, data_json=safe_json(data), version=__version__, view="bipartite",
        p=p, net=net, provenance=provenance,
        findings=[{"severity": f.severity, "message": f.message, "rule": f.rule,
                   "evidence": _evidence(f.evidence)} for f in findings],
        counts=counts, notes=m.notes, gaps=m.gaps, summary=summary(m, findings),
        findings_key=FINDINGS_KEY,
        vocabulary=vocabulary_view(reading, m.not_checked), heatmap=_heatmap(m), figures=svg,
        org_table=_table(top, org_columns(p)), org_shown=len(top),
        fn_table=_table(m.functions, FN_COLUMNS), methods=METHODS,
        fmt=fixed, confirm=to_confirm_view(p, m), titles=TITLES,
        brokers={"intro": broker_intro(len(org)), "headers": BROKER_HEADERS,
                 "rows": broker_rows(m)},
        stand_ins=stand_ins(p, m), breadth={"headers": BREADTH_HEADERS,
                                            "rows": breadth_rows(m)},
        commands=commands(p, m, provenance), network_caption=network_caption(p))
