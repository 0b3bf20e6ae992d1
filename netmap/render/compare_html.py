"""``compare.html`` and ``diff.html``: self-contained pages for comparisons."""

from __future__ import annotations

import base64

from netmap import __version__
from netmap.compare import Comparison
from netmap.confirm import BOTH_WAYS
from netmap.metrics.rules import REGISTRY, RULE_WORDS
from netmap.render.assets import CSP, render_template
from netmap.render.display import fixed, heat_style, missing
from netmap.render.figures import network_caption, network_picture

__all__ = ["compare_html", "compare_figures", "diff_html"]

MEASURES = [("Organisations", "organisations", 0), ("Functions", "functions", 0),
            ("Engagements", "engagements", 0), ("Connectance", "connectance", 2),
            ("NODF", "nodf", 1), ("NODF z (null model)", "nodf_z", 2),
            ("Degree centralisation", "centralisation", 2),
            ("Robustness (random)", "robustness", 2),
            ("Robustness (targeted)", "robustness_targeted", 2),
            ("Targeted robustness z", "robustness_targeted_z", 2),
            ("Components", "components", 0), ("Gaps (all rules)", "gaps", 0),
            *((f"- {rule.label}", f"gaps_{rule.id}", 0) for rule in REGISTRY.values()),
            ("Critical organisations", "critical_organisations", 0)]


fmt = fixed


def compare_figures(c: Comparison) -> dict:
    """``{file stem: {"png": bytes, "svg": bytes}}``: each partnership's network picture,
    named ``network_<n>_<name>`` (n counts from 1; the name cut to safe characters)."""
    import re

    out = {}
    for i, (p, m) in enumerate(zip(c.partnerships, c.metrics, strict=True), start=1):
        slug = re.sub(r"[^A-Za-z0-9]+", "-", str(p.name)).strip("-")[:40] or "partnership"
        out[f"network_{i}_{slug}"] = network_picture(p, m)
    return out


def compare_html(c: Comparison, sources: list, draws: int, seed: int,
                 taxonomy_file: str | None = None, pictures: dict | None = None) -> str:
    """The comparison page. ``sources``: dicts with ``name``, ``file``, ``sha256``;
    ``pictures``: :func:`compare_figures` (drawn when None)."""
    network = c.network.to_dict("records")
    measures = list(MEASURES) + [(f"Share {k[len('share_'):]}", k, 2)
                                 for k in c.network.columns if k.startswith("share_")]
    if (c.network["uncertain_cells"] > 0).any():  # the key figures both ways
        labels = {key: (label, digits) for label, key, digits in MEASURES}
        measures.append(("Uncertain marks (TBC, partly...)", "uncertain_cells", 0))
        for key in BOTH_WAYS:
            label, digits = labels[key]
            measures += [(f"{label}, uncertain read as engaged", f"{key}_uncertain_engaged",
                          digits),
                         (f"{label}, uncertain read as not engaged",
                          f"{key}_uncertain_not_engaged", digits)]
    top = max([float(v) for v in c.providers.to_numpy().ravel() if not missing(v)] or [1.0])
    heat = []
    for f in c.functions:
        cells = []
        for p in c.partnerships:
            v = c.providers.loc[f, p.name]
            absent = missing(v)
            n = 0 if absent else int(v)
            shade = {"style": "", "dark": False} if absent else heat_style(n, top)
            cells.append({"text": "-" if absent else str(n), "missing": absent, **shade,
                          "gaps": "" if absent else "; ".join(
                              RULE_WORDS.get(r, r) for r in c.gaps.loc[f, p.name] or [])})
        heat.append({"function": f, "cells": cells})
    pictures = compare_figures(c) if pictures is None else pictures
    maps = []
    for p, formats in zip(c.partnerships, pictures.values(), strict=True):
        maps.append({"name": p.name, "caption": network_caption(p),
                     "src": "data:image/svg+xml;base64,"
                     + base64.b64encode(formats["svg"]).decode()})
    return render_template(
        "compare.html.j2", title="netmap: " + " vs ".join(p.name for p in c.partnerships),
        csp=CSP, version=__version__, sources=sources, notes=c.notes, draws=draws, seed=seed,
        taxonomy_file=taxonomy_file, names=[p.name for p in c.partnerships], network=network,
        measures=measures, heat=heat, shared=c.shared.to_dict("records"),
        similarity=c.similarity.to_dict("records"), maps=maps, fmt=fmt)


def diff_html(d: dict, lines: list, sources: list) -> str:
    """The diff page: the plain-words lines, then the tables behind them."""
    return render_template("diff.html.j2", title=f"netmap: {d['old']} to {d['new']}", csp=CSP,
                           version=__version__, d=d, lines=lines, sources=sources)
