"""``compare.html`` and ``diff.html``: self-contained pages for comparisons."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from netmap import __version__
from netmap.compare import NULL_STATISTICS, Comparison
from netmap.confirm import BOTH_WAYS
from netmap.metrics.rules import REGISTRY, RULE_WORDS
from netmap.render.assets import CSP, render_template
from netmap.render.display import fixed, heat_style, missing
from netmap.render.figures import network_caption, network_picture

if TYPE_CHECKING:
    from netmap.render.drawing import Drawer

__all__ = ["compare_html", "compare_figures", "diff_html"]

MEASURES = [("Organisations", "organisations", 0), ("Functions", "functions", 0),
            ("Engagements", "engagements", 0), ("Connectance", "connectance", 2),
            ("NODF", "nodf", 1), ("NODF z (null model)", "nodf_z", 2),
            ("NODF p (two-sided)", "nodf_p", 3),
            ("Degree centralisation", "centralisation", 2),
            ("Robustness (random)", "robustness", 2),
            ("Robustness 95% CI, low", "robustness_ci_low", 2),
            ("Robustness 95% CI, high", "robustness_ci_high", 2),
            ("Robustness (targeted)", "robustness_targeted", 2),
            ("Targeted robustness z", "robustness_targeted_z", 2),
            ("Targeted robustness p (two-sided)", "robustness_targeted_p", 3),
            ("Modularity", "modularity", 2), ("Modules", "modules", 0),
            ("Components", "components", 0), ("Gaps (all rules)", "gaps", 0),
            *((f"- {rule.label}", f"gaps_{rule.id}", 0) for rule in REGISTRY.values()),
            ("Critical organisations", "critical_organisations", 0)]


fmt = fixed


NULL_LABELS = {"nodf": "NODF (nestedness)", "robustness_targeted": "Targeted robustness",
               "modularity": "Modularity (0/1 matrix)"}


def picture_jobs(c: Comparison) -> dict:
    """``{file stem: ("network_picture", args)}``: each partnership's network picture, as
    jobs for a :class:`netmap.render.drawing.Drawer`; the stem is ``network_<n>_<name>``
    (n counts from 1; the name cut to safe characters)."""
    import re

    out = {}
    for i, (p, m) in enumerate(zip(c.partnerships, c.metrics, strict=True), start=1):
        slug = re.sub(r"[^A-Za-z0-9]+", "-", str(p.name)).strip("-")[:40] or "partnership"
        out[f"network_{i}_{slug}"] = ("network_picture", (p, m, c.functions))
    return out


def compare_figures(c: Comparison, drawer: Drawer | None = None) -> dict:
    """``{file stem: {"png": bytes, "svg": bytes}}``: each partnership's network picture
    (see :func:`picture_jobs`) and ``null_models``, each observed value against its null
    distribution (when drawn). With a ``drawer`` given the jobs of :func:`picture_jobs`
    (:meth:`~netmap.render.drawing.Drawer.draw`), the pictures are its results, drawn
    aside while the null figure is drawn here."""
    null = null_figure(c) if c.null else None
    if drawer is not None:
        out = drawer.results()
    else:
        out = {stem: network_picture(*args) for stem, (_, args) in picture_jobs(c).items()}
    if null is not None:
        out["null_models"] = null
    return out


def null_figure(c: Comparison) -> dict:
    """Each partnership's observed value (a vermillion diamond) against the values of its
    null draws (a grey bar over the middle half, a line over the middle 95%, the median
    marked, every draw as a dot), one panel per null-modelled measure."""
    import numpy as np

    from netmap.render import palette
    from netmap.render.figures import _figure, _save

    measures = [k for k in NULL_LABELS if any(k in v for v in c.null.values())]
    names = [p.name for p in c.partnerships]
    fig = _figure(3.4 * len(measures) + 0.8, 0.5 * len(names) + 1.4)
    axes = [fig.add_subplot(1, len(measures), i + 1) for i in range(len(measures))]
    observed = c.network.set_index("partnership")
    for ax, key in zip(axes, measures, strict=True):
        column = "modularity_null_observed" if key == "modularity" else key
        for y, name in enumerate(names):
            draws = np.asarray(c.null.get(name, {}).get(key, []), dtype=float)
            draws = draws[~np.isnan(draws)]
            if len(draws):
                low, q1, median, q3, high = np.percentile(draws, [2.5, 25, 50, 75, 97.5])
                ax.hlines(y, low, high, color="#555555", linewidth=1)  # 95% of the draws
                ax.hlines(y, q1, q3, color="#cccccc", linewidth=9)  # the middle half
                ax.vlines(median, y - 0.22, y + 0.22, color="#555555", linewidth=1.5)
                jitter = (np.arange(len(draws)) % 7 - 3) * 0.04
                ax.plot(draws, y + jitter, ".", color="#999999", markersize=2, alpha=0.5)
            value = observed.loc[name, column]
            if value is not None and value == value:
                ax.plot([value], [y], "D", color=palette.GAP, markersize=7,
                        markeredgecolor="black")
        ax.set_yticks(range(len(names)), names if ax is axes[0] else [""] * len(names))
        ax.set_title(NULL_LABELS[key], fontsize=9)
        ax.invert_yaxis()
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig)


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
    networks = [v for k, v in pictures.items() if k.startswith("network_")]
    for p, formats in zip(c.partnerships, networks, strict=True):
        maps.append({"name": p.name, "caption": network_caption(p),
                     "src": "data:image/svg+xml;base64,"
                     + base64.b64encode(formats["svg"]).decode()})
    return render_template(
        "compare.html.j2", title="netmap: " + " vs ".join(p.name for p in c.partnerships),
        csp=CSP, version=__version__, sources=sources, notes=c.notes, draws=draws, seed=seed,
        taxonomy_file=taxonomy_file, names=[p.name for p in c.partnerships], network=network,
        measures=measures, heat=heat, shared=c.shared.to_dict("records"),
        similarity=c.similarity.to_dict("records"), maps=maps, fmt=fmt,
        null=_null_view(c, pictures.get("null_models")))


def _null_view(c: Comparison, figure: dict | None) -> dict | None:
    """The null model's statistics per measure and partnership, and its figure, for the
    page's methods section (None when no null model was drawn)."""
    if not c.null or figure is None:
        return None
    rows = c.network.to_dict("records")
    measures = []
    for key, label in NULL_LABELS.items():
        if not any(key in v for v in c.null.values()):
            continue
        column = "modularity_null_observed" if key == "modularity" else key
        measures.append({"label": label, "rows": [
            {"name": r["partnership"], "observed": r[column],
             **{stat: r[f"{key}_{stat}"] for stat in NULL_STATISTICS}} for r in rows]})
    first = rows[0]
    return {"measures": measures, "burn_in": first["null_burn_in"],
            "thinning": first["null_thinning"],
            "src": "data:image/svg+xml;base64," + base64.b64encode(figure["svg"]).decode()}


def diff_html(d: dict, lines: list, sources: list) -> str:
    """The diff page: the plain-words lines, then the tables behind them."""
    return render_template("diff.html.j2", title=f"netmap: {d['old']} to {d['new']}", csp=CSP,
                           version=__version__, d=d, lines=lines, sources=sources)
