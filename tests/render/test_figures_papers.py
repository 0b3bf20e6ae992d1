"""Figures for papers (issue 15, "Figures for papers").

- test_svg_text_stays_text: the SVG figures hold <text> elements with the
  organisation, function and sector names (svg.fonttype 'none'), not glyph paths.
- test_network_figure_has_no_title: no title is baked into the network picture
  (the partnership's name and the caption text are not in its SVG); the caption
  is network_caption, shown in the page.
- test_organisation_labels_do_not_overlap: after the placement pass, no two
  organisation labels of the bundled partnership, nor of a crowded one of 40
  organisations in one function, overlap each other or a function box (measured
  from the drawn text extents).
- test_names_stay_off_every_dot: no organisation label of the bundled partnership, nor of
  a crowded synthetic one (120 organisations, 40 functions, 40 named), overlaps any
  organisation's dot, named or not.
- test_place_labels_separates_stacked_boxes: the placement pass itself, on boxes
  stacked on one another and on a fixed box.
- test_robustness_band_is_clipped_to_0_1: the ± 1 SD band's vertices lie within
  [0, 1] for a partnership whose SD pushes past both ends.
- test_one_box_for_png_and_svg: the figures' box, measured once without drawing, is the
  box matplotlib's own ``bbox_inches="tight"`` finds (the PNG's pixel size is the same),
  and the SVG has that box too (its size in points is the PNG's at 300 dpi); the
  heatmap's cells are vector rectangles in the SVG, not an embedded image.
- test_names_the_font_cannot_draw_print_nothing: emoji and CJK names (no glyph in the
  figures' font) give figures and no matplotlib warning (the library never prints; the
  SVG keeps the text).
- test_compare_writes_its_figures: ``netmap compare`` lists PNG and SVG network
  pictures in its folder (and in its manifest), and compare.html shows the caption.
"""

from __future__ import annotations

import json
import re

import pytest

import netmap
from netmap.cli import cli
from netmap.metrics import compute
from netmap.render.figures import (
    figures,
    network_caption,
    network_figure,
    overlaps,
    place_labels,
    robustness_figure,
)

from ..conftest import ROOT, SEED


@pytest.fixture(scope="module")
def seed():
    p = netmap.read(SEED)
    return p, compute(p, runs=20)


def test_svg_text_stays_text(seed):
    p, m = seed
    figs = figures(p, m)
    network = figs["network"]["svg"].decode("utf-8")
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", network)
    assert {"ECAT", "Victim Support", "Resources", "statutory"} <= set(texts)
    heat = figs["coverage_heatmap"]["svg"].decode("utf-8")
    assert "Investigation and Prosecution" in re.findall(r"<text\b[^>]*>([^<]*)</text>", heat)
    assert "<defs>" not in network or 'id="DejaVuSans' not in network  # no glyph outlines


def test_network_figure_has_no_title(seed):
    p, m = seed
    svg = figures(p, m)["network"]["svg"].decode("utf-8")
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    assert p.name == "partners"
    assert not [t for t in texts if t.startswith("partners") and t != "partnership network"
                or "betweenness" in t or "boxes" in t]
    assert "two-mode betweenness" in network_caption(p)


def _label_overlaps(p, m) -> tuple:
    from matplotlib.text import Text

    fig, _ = network_figure(p, m)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_fontsize() == 5]
    boxes = [t for t in ax.texts if t.get_fontsize() == 7]
    ext = [tuple(Text.get_window_extent(t, renderer).extents) for t in labels]
    fixed = [tuple(b.get_bbox_patch().get_window_extent(renderer).extents) for b in boxes]
    pairs = sum(overlaps(a, b) for i, a in enumerate(ext) for b in ext[i + 1:])
    on_boxes = sum(overlaps(a, f) for a in ext for f in fixed)
    return len(labels), pairs, on_boxes


def test_organisation_labels_do_not_overlap(seed):
    assert _label_overlaps(*seed) == (36, 0, 0)
    crowd = netmap.Partnership.from_edges([(f"Organisation number {i}", "Victim Support")
                                           for i in range(40)] + [("Hub", "Strategic"),
                                                                   ("Hub", "Victim Support")])
    assert _label_overlaps(crowd, compute(crowd, runs=0)) == (40, 0, 0)


@pytest.mark.parametrize("size", [None, 120])
def test_names_stay_off_every_dot(seed, tmp_path, size):
    from matplotlib.text import Text

    from netmap.synth import write_synth_csv

    if size is None:
        p, m = seed
    else:
        write_synth_csv(tmp_path / "crowd.csv", size, 40, seed=3)
        p = netmap.read(tmp_path / "crowd.csv")
        m = compute(p, runs=0)
    fig, _ = network_figure(p, m)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [Text.get_window_extent(t, renderer).extents for t in ax.texts
              if t.get_fontsize() == 5]
    dots = ax.collections[1]
    centres = ax.transData.transform(dots.get_offsets())
    radii = dots.get_sizes() ** 0.5 / 2 * fig.dpi / 72
    assert len(centres) == len(p.organisations) and len(labels) == min(40, len(centres))
    hits = [(tuple(a), (x, y)) for a in labels for (x, y), r in zip(centres, radii, strict=True)
            if overlaps(tuple(a), (x - r, y - r, x + r, y + r))]
    assert hits == []


def test_place_labels_separates_stacked_boxes():
    boxes = [(0, 0, 30, 6)] * 5
    fixed = [(0, -8, 30, -2)]
    offsets = place_labels(boxes, fixed)
    moved = [(x0 + dx, y0 + dy, x1 + dx, y1 + dy)
             for (x0, y0, x1, y1), (dx, dy) in zip(boxes, offsets, strict=True)]
    assert offsets[0] == (0.0, 0.0)  # the first keeps its place
    assert not any(overlaps(a, b) for i, a in enumerate(moved) for b in moved[i + 1:])
    assert not any(overlaps(a, fixed[0]) for a in moved)


def test_robustness_band_is_clipped_to_0_1():
    # a star: one hub and many one-function organisations make a wide SD
    p = netmap.Partnership.from_edges([("Hub", f) for f in ("A", "B", "C", "D")]
                                      + [("Solo", "A"), ("Two", "B")])
    m = compute(p, runs=50)
    c = m.curves
    assert ((c["random_mean"] + c["random_sd"]) > 1).any() or \
        ((c["random_mean"] - c["random_sd"]) < 0).any()  # unclipped, it would spill over
    fig = robustness_figure(m)
    bands = [col for col in fig.axes[0].collections if col.get_label() == "± 1 SD"]
    assert len(bands) == 1
    ys = [y for path in bands[0].get_paths() for _, y in path.vertices]
    assert min(ys) >= 0.0 and max(ys) <= 1.0


def _png_size(data: bytes) -> tuple:
    import struct

    return struct.unpack(">II", data[16:24])


def test_one_box_for_png_and_svg(seed):
    import io

    p, m = seed
    figs = figures(p, m)
    for name, fig in (("network", network_figure(p, m)[0]),
                      ("robustness_curve", robustness_figure(m))):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=300, bbox_inches="tight")
        assert _png_size(figs[name]["png"]) == _png_size(buf.getvalue()), name
    for name, formats in figs.items():
        width, height = _png_size(formats["png"])
        svg = formats["svg"].decode("utf-8")
        points = re.search(r'<svg[^>]*width="([0-9.]+)pt" height="([0-9.]+)pt"', svg)
        assert points, name
        assert abs(float(points[1]) * 300 / 72 - width) <= 1.5, name
        assert abs(float(points[2]) * 300 / 72 - height) <= 1.5, name
    assert "<image" not in figs["coverage_heatmap"]["svg"].decode("utf-8")


def test_compare_writes_its_figures(runner, tmp_path):
    out = tmp_path / "cmp"
    examples = ROOT / "data" / "examples"
    result = runner.invoke(cli, ["compare", str(examples / "eastvale.csv"),
                                 str(examples / "westbridge.csv"), "-o", str(out),
                                 "--null-draws", "0", "--runs", "0", "-q"])
    assert result.exit_code == 0, result.output
    files = sorted(f.name for f in (out / "figures").iterdir())
    assert files == ["network_1_eastvale.png", "network_1_eastvale.svg",
                     "network_2_westbridge.png", "network_2_westbridge.svg"]
    assert (out / "figures" / "network_1_eastvale.png").read_bytes()[:4] == b"\x89PNG"
    manifest = json.loads((out / ".netmap-run.json").read_text(encoding="utf-8"))
    assert "figures/network_2_westbridge.svg" in manifest["files"]
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert "eastvale: organisations (dots, coloured by sector" in page


@pytest.mark.parametrize("name,functions", [("long_functions.csv", 12), ("forty", 40)])
def test_function_boxes_never_overlap_in_the_static_figure(name, functions):
    """Persona finding: with long function labels the static figure (the printed report's
    map, and a paper's) drew boxes over one another; wrapped as the map wraps them and drawn
    at the map's scale, no two boxes touch."""
    if name == "forty":
        label = "Function number {} with a really rather long descriptive label"
        p = netmap.Partnership.from_edges([(f"Org {i}", label.format(j)) for i in range(30)
                                           for j in range(40) if (i + j) % 7 == 0])
    else:
        p = netmap.read(ROOT / "tests" / "data" / "ok" / name)
    assert len(p.functions) == functions
    fig, _ = network_figure(p, compute(p, runs=0))
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_bbox_patch().get_window_extent(renderer).extents
             for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    assert len(boxes) == functions
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)
    sizes = [t.get_fontsize() for t in fig.axes[0].texts if t.get_bbox_patch() is not None]
    assert min(sizes) >= (5.0 if functions <= 12 else 2.5)


def test_compare_pictures_keep_every_function_in_one_place():
    """Persona finding: own functions moved between compare's pictures; every function now
    has one place on compare's axis in every partnership's picture."""
    from netmap.render.layout import function_positions

    a = netmap.Partnership.from_edges([("A", "Outreach"), ("B", "Legal aid"),
                                       ("C", "Victim Support")], name="a")
    b = netmap.Partnership.from_edges([("D", "Legal aid"), ("E", "Shelter"),
                                       ("F", "Outreach")], name="b")
    c = netmap.compare([a, b], runs=0, null_draws=0)
    axis = function_positions(c.functions)
    for p, m in zip(c.partnerships, c.metrics, strict=True):
        fig, _ = network_figure(p, m, c.functions)
        drawn = {t.get_text().replace("\n", " "): t.get_position()
                 for t in fig.axes[0].texts if t.get_bbox_patch() is not None}
        for f in p.functions:
            assert drawn[f] == (axis[f][0], -axis[f][1]), f


def test_names_the_font_cannot_draw_print_nothing():
    import warnings

    p = netmap.Partnership.from_edges([("Hope 🧠 Refuge", "Shelter 🙏"), ("株式会社 Tokyo", "支援"),
                                       ("Hope 🧠 Refuge", "支援")])
    m = compute(p, runs=5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figs = figures(p, m)
    assert [str(w.message) for w in caught] == []
    assert "株式会社 Tokyo" in figs["network"]["svg"].decode("utf-8")
