"""Static figures for papers and print: coverage heatmap, robustness curve, network.

Drawn with matplotlib's object API on the Agg canvas (no display, no global
pyplot state), as PNG (300 dpi) and SVG, sized for a journal page (7 inches
wide at most). Output is deterministic: SVG ids are salted with a fixed
string and no creation date is written. Colour is never the only carrier:
the heatmap prints its numbers, the curves differ in line style.

For papers: SVG text stays text (``svg.fonttype = "none"``), so labels can be
edited, searched and restyled in a drawing program; the network picture has
no title baked in (its caption, :func:`network_caption`, lives in the page
and the paper); organisation labels are moved apart by a placement pass
(:func:`place_labels`) so they do not overlap each other or the function
boxes; the robustness band (mean ± 1 SD) is clipped to [0, 1], the range of a
share.

Names (functions, sectors, organisations, the partnership's) longer than
:data:`LABEL_CHARS` characters are cut with an ellipsis, so a figure keeps its
size whatever the data holds; the SVG keeps the full name in a ``<title>``
of the cut label (shown as a tooltip, read by screen readers and search).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape

from netmap.metrics import Metrics
from netmap.model import Partnership
from netmap.render import palette
from netmap.render.display import LABEL_CHARS, short_label
from netmap.render.export import xml_safe
from netmap.render.labels import wrap
from netmap.render.layout import (
    FONT,
    GAP,
    WRAP,
    function_boxes,
    function_positions,
    organisation_positions,
)

__all__ = ["figures", "FIGURES", "LABEL_CHARS", "short_label", "network_caption",
           "place_labels", "overlaps"]

FIGURES = ("coverage_heatmap", "robustness_curve", "network")
DPI = 300  # of the PNGs

class _Titles:
    """Full names of the labels that were cut, written into the SVG as ``<title>``."""

    def __init__(self) -> None:
        self.full: dict = {}

    def mark(self, text, name) -> None:
        """Remember ``name`` for the drawn ``text`` artist if its label was cut."""
        name = str(name)
        if len(name) > LABEL_CHARS:
            gid = f"netmap-cut-label-{len(self.full) + 1}"
            text.set_gid(gid)
            self.full[gid] = name

    def insert(self, svg: bytes) -> bytes:
        for gid, name in self.full.items():
            opening = f'<g id="{gid}">'.encode()
            title = f"<title>{escape(xml_safe(name))}</title>".encode()
            svg = svg.replace(opening, opening + title, 1)
        return svg


def _tight_box(fig):
    """The figure's tight bounding box in inches, padded as ``bbox_inches="tight"`` pads it.

    Measured once, without drawing (every artist here lays itself out when asked its
    extent), and shared by the PNG and the SVG: ``savefig(bbox_inches="tight")`` draws
    the whole figure once more for each format to find it."""
    import matplotlib

    dpi = fig.dpi
    fig.set_dpi(DPI)  # text measured at the resolution it is saved at
    try:
        box = fig.get_tightbbox(fig.canvas.get_renderer())
    finally:
        fig.set_dpi(dpi)
    return box.padded(matplotlib.rcParams["savefig.pad_inches"])


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Without matplotlib's warnings about characters its font has no glyph for (emoji,
    CJK): the library never prints (such a character shows as a box in the PNG; the SVG
    keeps the text, drawn with the reader's fonts)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        warnings.filterwarnings("ignore", message=r"Matplotlib currently does not support")
        yield


def _save(fig, titles: _Titles | None = None) -> dict:
    import matplotlib

    out = {}
    with _quiet(), matplotlib.rc_context({"svg.hashsalt": "netmap", "svg.fonttype": "none"}):
        box = _tight_box(fig)
        for fmt, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=DPI, bbox_inches=box, metadata=meta)
            out[fmt] = buf.getvalue()
    if titles is not None:
        out["svg"] = titles.insert(out["svg"])
    return out


def _canvas():
    """The Agg canvas class of netmap's figures: a PNG with no transparent pixel (every
    figure here has a white ground) is written as RGB, at zlib level 3: the same pixels,
    a tenth smaller and written twice as fast as matplotlib's RGBA at level 6."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    class Canvas(FigureCanvasAgg):
        def print_png(self, filename_or_obj, *, metadata=None, pil_kwargs=None, **_print):
            # _print: what savefig passes every canvas (facecolor, dpi...), already applied
            import numpy as np
            from PIL import Image

            FigureCanvasAgg.draw(self)
            rgba = np.asarray(self.buffer_rgba())
            if pil_kwargs is not None or metadata not in (None, {"Software": None}) \
                    or (rgba[..., 3] != 255).any():
                return super().print_png(filename_or_obj, metadata=metadata,
                                         pil_kwargs=pil_kwargs)
            image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB")
            image.save(filename_or_obj, format="png", compress_level=3,
                       dpi=(self.figure.dpi, self.figure.dpi))
            return None

    return Canvas


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    _canvas()(fig)
    return fig


def coverage_heatmap(m: Metrics) -> dict:
    """Function x sector provider counts, numbers printed in every cell."""
    import numpy as np

    table = m.coverage
    rows, cols = list(table.index), list(table.columns)
    fig = _figure(7.0, max(2.2, 0.45 * len(rows) + 1.6))
    ax = fig.add_subplot()
    values = table.to_numpy()
    top = max(int(values.max()) if values.size else 0, 1)
    # cells as vector rectangles (crisp in the SVG, no image resampled at 300 dpi), row 0 on top
    ax.pcolormesh(np.arange(len(cols) + 1) - 0.5, np.arange(len(rows) + 1) - 0.5, values,
                  cmap="Blues", vmin=0, vmax=top)
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    for i in range(len(rows)):
        for j in range(len(cols)):
            v = int(values[i, j])
            ax.text(j, i, str(v), ha="center", va="center", fontsize=9,
                    color="white" if v > top * 0.6 else "black")
    ax.set_xticks(range(len(cols)), labels=[short_label(c) for c in cols], rotation=30,
                  ha="right", fontsize=9)
    ax.set_yticks(range(len(rows)), labels=[short_label(r) for r in rows], fontsize=9)
    titles = _Titles()
    for names, texts in ((cols, ax.get_xticklabels()), (rows, ax.get_yticklabels())):
        for name, text in zip(names, texts, strict=True):
            titles.mark(text, name)
    ax.set_title("Providers per function, by sector", fontsize=11)
    return _save(fig, titles)


def robustness_curve(m: Metrics) -> dict:
    """Share of functions still provided as organisations are removed."""
    return _save(robustness_figure(m))


def robustness_figure(m: Metrics):
    """The matplotlib Figure of :func:`robustness_curve`."""
    import numpy as np

    c = m.curves
    if c is None:
        raise ValueError("no attack curves in these metrics")
    fig = _figure(5.0, 3.4)
    ax = fig.add_subplot()
    x = c["removed_fraction"].to_numpy()
    ax.plot(x, c["targeted"], color=palette.GAP, linestyle="--", label="most-connected first")
    if c["random_mean"].notna().all():
        mean, sd = c["random_mean"].to_numpy(), c["random_sd"].to_numpy()
        ax.plot(x, mean, color=palette.ACCENT, label=f"random order (mean of "
                f"{m.network['robustness_runs']})")
        # a share lies in [0, 1]: the band is clipped there, not drawn past it
        ax.fill_between(x, np.clip(mean - sd, 0.0, 1.0), np.clip(mean + sd, 0.0, 1.0),
                        color=palette.ACCENT, alpha=0.2, label="± 1 SD")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("Share of organisations removed")
    ax.set_ylabel("Share of functions still provided")
    ax.set_title("Robustness: random "
                 + (f"{m.network['robustness']:.2f}" if m.network.get("robustness") is not None
                    else "-") + f", targeted {m.network['robustness_targeted']:.2f}",
                 fontsize=11)
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)
    return fig


LABELLED = 40  # organisations named in the picture: all if this few, else the most central


def network_caption(p: Partnership) -> str:
    """The network picture's caption (the figure itself carries no title)."""
    named = "" if len(p.organisations) <= LABELLED else f"; the {LABELLED} most central named"
    return (f"{p.name}: organisations (dots, coloured by sector, size = two-mode betweenness"
            f"{named}; thick outline = critical) and functions (boxes; shaded = a gap rule "
            "broken).")


def overlaps(a, b) -> bool:
    """True when two boxes ``(x0, y0, x1, y1)`` overlap (touching is not overlapping)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(boxes: Sequence, fixed: Sequence = (), reach: int = 6) -> list:
    """Offsets ``(dx, dy)`` that put each of ``boxes`` where it overlaps no other box.

    ``boxes`` and ``fixed`` are ``(x0, y0, x1, y1)`` in display units, ``boxes``
    in the order they are placed (most important first; each keeps its place if it
    can). A box tries offsets on a grid of half its width by its height, nearest
    first, up to ``reach`` steps away, and takes the first that overlaps neither a
    ``fixed`` box nor a box placed before it; when none is free, the one
    overlapping least. Deterministic.

    >>> place_labels([(0, 0, 10, 4), (0, 0, 10, 4)])  # the second moves one height down
    [(0.0, 0.0), (0.0, -4.0)]
    """
    import numpy as np

    steps = np.arange(-reach, reach + 1)
    i, j = (a.ravel() for a in np.meshgrid(steps, steps, indexing="ij"))
    placed = np.empty((len(fixed) + len(boxes), 4))
    placed[:len(fixed)] = np.asarray(fixed, dtype=float).reshape(-1, 4)
    count = len(fixed)
    out = []
    for x0, y0, x1, y1 in boxes:
        w, h = (x1 - x0) / 2, (y1 - y0)
        dx, dy = i * w, j * h
        # nearest first; among equals, the smaller vertical step, then the lower j and i
        order = np.lexsort((i, j, np.abs(j), dx ** 2 + dy ** 2))
        dx, dy = dx[order], dy[order]
        other = placed[:count]
        width = (np.minimum(x1 + dx[:, None], other[:, 2])
                 - np.maximum(x0 + dx[:, None], other[:, 0]))
        height = (np.minimum(y1 + dy[:, None], other[:, 3])
                  - np.maximum(y0 + dy[:, None], other[:, 1]))
        hit = (np.maximum(width, 0.0) * np.maximum(height, 0.0)).sum(axis=1)
        free = np.flatnonzero(hit == 0)
        k = int(free[0]) if len(free) else int(np.argmin(hit))
        best = (float(dx[k]), float(dy[k]))
        placed[count] = (x0 + best[0], y0 + best[1], x1 + best[0], y1 + best[1])
        count += 1
        out.append(best)
    return out


# the function boxes of the printed picture: laid out for a font larger than the map's, at
# the same line breaks, so that on a 7-inch page their names stay legible and apart
FIGURE_FONT = 36.0
FIGURE_WRAP = WRAP * FIGURE_FONT / FONT


def network_picture(p: Partnership, m: Metrics, functions=None) -> dict:
    """The bipartite map as a static picture (same places as the interactive map);
    ``functions``, a wider list (compare's axis), gives every function the same place in
    every partnership's picture."""
    fig, titles = network_figure(p, m, functions)
    return _save(fig, titles)


def network_figure(p: Partnership, m: Metrics, functions=None) -> tuple:
    """``(Figure, titles)`` of :func:`network_picture`.

    Drawn in one collection per layer, so it takes seconds at any size; above
    :data:`LABELLED` organisations only the most central are named, their labels
    moved apart by :func:`place_labels` (a thin line ties a moved label to its dot).
    """
    from matplotlib.collections import LineCollection

    axis = list(p.functions) if functions is None else list(dict.fromkeys(
        [*functions, *p.functions]))
    fn_pos = function_positions(axis, FIGURE_FONT, FIGURE_WRAP, 2 * GAP * FIGURE_FONT / FONT)
    fn_pos = {f: fn_pos[f] for f in p.functions}
    org_pos = organisation_positions(p, fn_pos)
    org = m.organisations.set_index("organisation")
    sectors = org["sector"].tolist() if "sector" in org else [""] * len(org)
    colours = palette.sector_colours(sectors)
    gapped = {g.function for g in m.gaps if g.function}
    # a page's width (7 in); a partnership of many functions gets more room, up to 14 in
    side = 7.0 if len(fn_pos) <= 12 else min(14.0, 7.0 * (len(fn_pos) / 12) ** 0.5)
    fig = _figure(side, side)
    ax = fig.add_subplot()
    segments = [((org_pos[o][0], -org_pos[o][1]), (fn_pos[f][0], -fn_pos[f][1]))
                for o, f in p.engagements[["organisation", "function"]].itertuples(index=False)]
    ax.add_collection(LineCollection(segments, colors=palette.EDGE_LIGHT,
                                     linewidths=0.6 if len(segments) < 2000 else 0.15,
                                     alpha=1.0 if len(segments) < 2000 else 0.3, zorder=1))
    names = list(p.organisations)
    bet = org["betweenness_centrality"].astype(float).fillna(0.0).reindex(names)
    top = bet.max() if len(bet) and bet.max() > 0 else 1.0
    xs = [org_pos[o][0] for o in names]
    ys = [-org_pos[o][1] for o in names]
    small = len(names) <= 2000
    area = (25 + 300 * bet / top) if small else bet * 0 + 4  # marker areas, points squared
    ax.scatter(xs, ys, s=area,
               c=[colours.get(sec, palette.UNKNOWN) for sec in sectors],
               edgecolors="black", linewidths=[2.0 if c else 0.5 for c in org["critical"]]
               if small else 0, zorder=2)
    titles = _Titles()
    ranked = sorted(names, key=lambda o: (-bet[o], o))[:LABELLED]
    labels, dots = [], []
    for o in ranked:
        x, y = org_pos[o]
        radius = float(area[o]) ** 0.5 / 2  # points
        labels.append(ax.annotate(short_label(o), (x, -y), fontsize=5, ha="center", va="top",
                                  xytext=(0, -radius - 1.5), textcoords="offset points",
                                  zorder=3))
        dots.append(((x, -y), radius))
        titles.mark(labels[-1], o)
    if len(names) <= 500:  # every dot, named or not, is kept clear of the names
        dots = [((org_pos[o][0], -org_pos[o][1]), float(area[o]) ** 0.5 / 2) for o in names]
    boxes = []
    for f, (x, y) in fn_pos.items():
        # wrapped as the interactive map wraps it, so that the places made for the map's
        # boxes keep them apart here too
        text = "\n".join(wrap(short_label(f), FIGURE_FONT, FIGURE_WRAP))
        boxes.append(ax.text(x, -y, text, fontsize=7, ha="center", va="center",
                             multialignment="center",
                             zorder=4, bbox={"boxstyle": "square,pad=0.3",
                                             "facecolor": palette.GAP if f in gapped else "white",
                                             "edgecolor": "black",
                                             "linewidth": 1.5 if f in gapped else 0.8}))
        titles.mark(boxes[-1], f)
    handles = [ax.scatter([], [], color=c, edgecolors="black", linewidths=0.5,
                          label=short_label(s) if s else "not recorded")
               for s, c in colours.items()]
    # under the picture, where no label or box can sit beneath it
    longest = max((len(h.get_label()) for h in handles), default=1)
    legend = ax.legend(handles=handles, fontsize=6, loc="upper center", frameon=False,
                       bbox_to_anchor=(0.5, 0.0), ncol=max(1, min(4, 70 // longest)),
                       title="Sector", title_fontsize=7)
    for s, text in zip(colours, legend.get_texts(), strict=True):
        titles.mark(text, s)
    ax.autoscale()
    sizes = function_boxes(fn_pos, FIGURE_FONT, FIGURE_WRAP)
    if fn_pos:  # room for every box, then the boxes' text at the layout's scale
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        pad = FIGURE_FONT
        ax.set_xlim(min([x0] + [x - sizes[f][0] / 2 - pad for f, (x, _) in fn_pos.items()]),
                    max([x1] + [x + sizes[f][0] / 2 + pad for f, (x, _) in fn_pos.items()]))
        ax.set_ylim(min([y0] + [-y - sizes[f][1] / 2 - pad for f, (_, y) in fn_pos.items()]),
                    max([y1] + [-y + sizes[f][1] / 2 + pad for f, (_, y) in fn_pos.items()]))
    ax.set_aspect("equal")
    ax.axis("off")
    if fn_pos:
        ax.apply_aspect()  # the axes' place on the page, as drawing would settle it
        units = ax.transData.transform([(0, 0), (1, 0)])
        points = (units[1][0] - units[0][0]) * 72.0 / fig.dpi  # points per map unit
        for box in boxes:  # never larger than the layout's scale: the boxes stay apart
            box.set_fontsize(min(8.0, FIGURE_FONT * points * 0.9))
    _place(fig, labels, boxes, dots)
    return fig, titles


def _place(fig, labels: list, boxes: list, dots: list) -> None:
    """Move the organisation ``labels`` apart and off the function ``boxes`` and the
    named organisations' ``dots`` (``((x, y), radius in points)``), by
    :func:`place_labels` on their drawn extents."""
    if not labels:
        return
    with _quiet():
        _place_apart(fig, labels, boxes, dots)


def _place_apart(fig, labels: list, boxes: list, dots: list) -> None:
    renderer = fig.canvas.get_renderer()
    ax = labels[0].axes
    ax.apply_aspect()
    for box in boxes:  # lays out the boxes around the function names, as drawing would
        box.update_bbox_position_size(renderer)
    extent = [tuple(t.get_window_extent(renderer).extents) for t in labels]
    fixed = [tuple(b.get_bbox_patch().get_window_extent(renderer).extents) for b in boxes]
    points = 72.0 / fig.dpi
    transform = labels[0].axes.transData
    for (x, y), radius in dots:
        cx, cy = transform.transform((x, y))
        r = radius / points
        fixed.append((cx - r, cy - r, cx + r, cy + r))
    for text, (dx, dy) in zip(labels, place_labels(extent, fixed), strict=True):
        if not (dx or dy):
            continue
        x, y = text.xyann
        x, y = x + dx * points, y + dy * points
        if abs(dx * points) + abs(dy * points) <= 6:
            text.xyann = (x, y)
            continue
        # moved far from its dot: drawn again with a thin line tying the two
        tied = text.axes.annotate(text.get_text(), text.xy, xytext=(x, y), fontsize=5,
                                  ha="center", va="top", textcoords="offset points", zorder=3,
                                  arrowprops={"arrowstyle": "-", "linewidth": 0.3,
                                              "color": "0.45", "shrinkA": 0, "shrinkB": 2,
                                              # from the label's edge nearest the dot: no
                                              # clipping of the line by the text's box,
                                              # which cost a tenth of the drawing
                                              "patchA": None,
                                              "relpos": (0.5, 1.0 if y < 0 else 0.0)})
        tied.set_gid(text.get_gid())
        text.remove()


def figures(p: Partnership, m: Metrics) -> dict:
    """``{name: {"png": bytes, "svg": bytes}}`` for every figure in :data:`FIGURES`."""
    return {"coverage_heatmap": coverage_heatmap(m), "robustness_curve": robustness_curve(m),
            "network": network_picture(p, m)}
