"""``trend.html``: a partnership over waves on one self-contained page.

The network figures over the waves (a figure, also returned as PNG and SVG
for papers), providers per function over the waves, who joined and left at
each step, and the map of every organisation that was ever a member, in
fixed places, with a slider that shows one wave at a time.
"""

from __future__ import annotations

import base64
import dataclasses

from netmap import __version__
from netmap.model import Partnership
from netmap.render.assets import CSP, render_template, safe_json
from netmap.render.display import fixed, heat_style, missing
from netmap.trend import Trend, describe_trend

__all__ = ["trend_html", "trend_figure", "union_of"]

# (label, column, digits) of the page's table; the figure draws the first four panels
MEASURES = [("Organisations", "organisations", 0), ("Engagements", "engagements", 0),
            ("Gaps (all rules)", "gaps", 0), ("Robustness (random)", "robustness", 2),
            ("Robustness 95% CI, low", "robustness_ci_low", 2),
            ("Robustness 95% CI, high", "robustness_ci_high", 2),
            ("Robustness (targeted)", "robustness_targeted", 2),
            ("Connectance", "connectance", 2), ("NODF", "nodf", 1),
            ("Modularity", "modularity", 2), ("Degree centralisation", "centralisation", 2),
            ("Components", "components", 0),
            ("Critical organisations", "critical_organisations", 0)]


def trend_figure(t: Trend) -> dict:
    """The network figures over the waves: ``{"png": bytes, "svg": bytes}`` (SVG text
    stays text; the same bytes for the same trend)."""
    from matplotlib.ticker import MaxNLocator

    from netmap.render.figures import _figure, _save
    from netmap.render.palette import ACCENT, GAP

    net = t.network
    x = list(range(len(net)))
    fig = _figure(11, 2.8)
    panels = [("Organisations", ["organisations", "engagements"]), ("Gaps", ["gaps"]),
              ("Robustness", ["robustness", "robustness_targeted"]), ("NODF", ["nodf"])]
    for k, (title, keys) in enumerate(panels):
        ax = fig.add_subplot(1, len(panels), k + 1)
        for key, colour, style in zip(keys, (ACCENT, GAP), ("-o", "--s"), strict=False):
            ax.plot(x, net[key].astype(float), style, color=colour, label=key.replace("_", " "),
                    markersize=4)
        if title == "NODF":  # from zero, so that a small change looks small
            ax.set_ylim(0, max(float(net["nodf"].astype(float).max()) * 1.1, 1))
        if title in ("Organisations", "Gaps"):  # counts: from zero, whole numbers
            top = float(net[keys].astype(float).max().max())
            ax.set_ylim(0, max(top * 1.08, 1))
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if title == "Robustness":
            low = net["robustness_ci_low"].astype(float).clip(0, 1)
            high = net["robustness_ci_high"].astype(float).clip(0, 1)
            ax.fill_between(x, low, high, color=ACCENT, alpha=0.2, linewidth=0, label="95% CI")
            ax.set_ylim(0, 1.02)
        ax.set_title(title, fontsize=9)
        ax.set_xticks(x, [str(w) for w in net["wave"]], rotation=30, ha="right", fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
        if len(keys) > 1 or title == "Robustness":
            ax.legend(fontsize=7, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig)


def union_of(t: Trend) -> Partnership:
    """Every organisation and engagement of every wave (attributes from the latest wave
    that has the organisation): what the map draws before the slider picks a wave."""
    import pandas as pd

    edges = pd.concat([p.engagements for p in t.partnerships], ignore_index=True)
    edges = edges.groupby(["organisation", "function"], sort=False, as_index=False)["weight"].max()
    attrs = pd.concat([p.attributes for p in reversed(t.partnerships)])
    attrs = attrs[~attrs.index.duplicated(keep="first")]
    orgs = list(dict.fromkeys(o for p in t.partnerships for o in p.organisations))
    union = Partnership.from_edges(edges.itertuples(index=False, name=None),
                                   functions=t.functions, organisations=orgs,
                                   attributes=attrs.reindex(orgs).fillna(""), name=t.waves[-1],
                                   weighted=any(p.weighted for p in t.partnerships))
    return dataclasses.replace(union, labels_read=all(p.labels_read for p in t.partnerships))


def trend_html(t: Trend, sources: list, figure: dict | None = None) -> str:
    """The trend page. ``sources``: dicts with ``name``, ``file``, ``sha256``."""
    from netmap.graph import fn_id, org_id
    from netmap.metrics import compute
    from netmap.render.map import map_data
    from netmap.render.visnet import vis_assets

    figure = figure or trend_figure(t)
    union = union_of(t)
    data = map_data(union, compute(union, runs=0))
    waves = [{"name": p.name, "organisations": [org_id(o) for o in p.organisations],
              "edges": [f"{org_id(o)}\t{fn_id(f)}" for o, f in p.pairs()]}
             for p in t.partnerships]
    top = max([float(v) for v in t.providers.to_numpy().ravel() if not missing(v)] or [1.0])
    heat = []
    for f in t.functions:
        cells = []
        for w in t.waves:
            v = t.providers.loc[f, w]
            absent = missing(v)
            cells.append({"text": "-" if absent else str(int(v)), "missing": absent,
                          **({"style": "", "dark": False} if absent else heat_style(int(v), top))})
        heat.append({"function": f, "cells": cells})
    js, css = vis_assets()
    measures = [m for m in MEASURES if m[1] in t.network.columns]
    return render_template(
        "trend.html.j2", title=f"netmap: {t.waves[0]} to {t.waves[-1]}", csp=CSP,
        version=__version__, sources=sources, notes=t.notes, lines=describe_trend(t),
        waves=t.waves, network=t.network.to_dict("records"), measures=measures, fmt=fixed,
        heat=heat, pairs=t.pairs,
        figure="data:image/svg+xml;base64," + base64.b64encode(figure["svg"]).decode(),
        vis_js=js, vis_css=css, data_json=safe_json(data), view="bipartite", live_whatif=False,
        trend_json=safe_json({"waves": waves}))
