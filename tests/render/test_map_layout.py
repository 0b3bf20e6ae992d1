"""Maps readable with any labels and any number of functions (issue 15, maps).

Cases, in a real headless Chromium (as tests/render/test_browser.py), on the
bundled data, a partnership with twelve long function labels
(tests/data/ok/long_functions.csv) and one with thirteen organisation type
values (tests/data/ok/thirteen_sectors.csv):

- no two function boxes intersect, measured from the drawn network
  (``network.getBoundingBox`` of each function node):
  test_drawn_function_boxes_never_intersect;
- the view fits the page at load (every node inside the canvas) and
  ``window.netmap.ready`` is a Promise resolved once stabilised, fitted and
  drawn: test_ready_resolves_with_the_map_fitted_to_the_page, and in
  report.html: test_ready_resolves_in_the_report_page_too;
- organisation labels of the 36-organisation bundled map: at most two pairs
  of drawn labels overlap at the first view (label boxes as vis-network
  drew them; four did before), none covers a function box and at most two
  cover another organisation's dot (eleven did):
  test_organisation_labels_rarely_overlap_at_first_view; the placement
  pass itself leaves no two estimated boxes overlapping when there is room:
  test_spread_leaves_no_overlap;
- above 60 organisations, organisation labels appear on zoom (and the hovered
  name always), function labels stay: test_many_organisations_show_labels_on_zoom;
- the sector legend lists each class and, under it, the partnership's own type
  values: test_sector_legend_lists_classes_with_their_own_labels.

Without a browser:

- placement of 1 to 40 functions with labels of random lengths: the
  estimated boxes never overlap (hypothesis):
  test_estimated_function_boxes_never_overlap;
- canonical functions keep their slot angles in every map, also when a label
  is read as one through the vocabulary ("Supporting survivors" takes Victim
  Support's place): test_canonical_functions_keep_their_slots;
- own functions' places do not depend on the order of the input:
  test_own_functions_places_ignore_input_order, and long labels are wrapped
  in the page (vis ``widthConstraint``): test_long_labels_wrap;
- sectors: up to twelve classes have distinct colour-blind-safe styles, shape
  the second channel beyond eight, vocabulary classes fixed:
  test_twelve_sector_classes_have_distinct_styles;
- grouped large maps keep their places (no label pass):
  test_grouped_maps_are_unchanged.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netmap
from netmap.metrics import compute
from netmap.model import Partnership
from netmap.render import palette
from netmap.render.labels import spread
from netmap.render.layout import (
    CANONICAL_FUNCTIONS,
    FONT,
    GAP,
    WRAP,
    function_angles,
    function_boxes,
    function_positions,
    organisation_positions,
)
from netmap.render.map import map_data, map_html

from ..conftest import OK, SEED
from .test_browser import console_errors, driver, js  # noqa: F401 - driver is a fixture

MAPS = {"seed": SEED, "long_functions": OK / "long_functions.csv",
        "thirteen_sectors": OK / "thirteen_sectors.csv"}


def _write_map(tmp_path, p: Partnership, name: str):
    out = tmp_path / f"{name}.html"
    out.write_text(map_html(p, compute(p, runs=0)), encoding="utf-8")
    return out


def open_ready(driver, path) -> None:  # noqa: F811 - driver is the fixture
    """Open a map and wait for ``window.netmap.ready`` to resolve (it must)."""
    driver.set_script_timeout(30)
    driver.get(path.as_uri())
    resolved = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "window.netmap.ready.then(function (n) { done(n === window.netmap); },"
        "                         function () { done(false); });")
    assert resolved is True


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("maps")
    return {name: _write_map(folder, netmap.read(src), name) for name, src in MAPS.items()}


def _overlaps(boxes: list, tolerance: float = 0.5) -> list:
    """Pairs (i, j) of boxes {left, top, right, bottom} that intersect by more than tolerance."""
    out = []
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        if (min(a["right"], b["right"]) - max(a["left"], b["left"]) > tolerance
                and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > tolerance):
            out.append((i, j))
    return out


FUNCTION_BOXES = ("netmap.nodes.getIds({filter: function (n) { return n.kind === 'function'; }})"
                  ".map(function (id) { return netmap.network.getBoundingBox(id); })")


@pytest.mark.parametrize("name", list(MAPS))
def test_drawn_function_boxes_never_intersect(driver, pages, name):  # noqa: F811
    open_ready(driver, pages[name])
    assert console_errors(driver) == []
    boxes = js(driver, FUNCTION_BOXES)
    expected = len(netmap.read(MAPS[name]).functions)
    assert len(boxes) == expected and expected in (6, 4, 12)
    assert _overlaps(boxes) == []
    if name == "long_functions":  # long labels are drawn on several lines, no wider than WRAP
        widths = [b["right"] - b["left"] for b in boxes]
        heights = [b["bottom"] - b["top"] for b in boxes]
        assert max(widths) <= WRAP + 8 and max(heights) > 2 * FONT
        driver.save_screenshot(str(pages[name].with_suffix(".png")))


@pytest.mark.parametrize("name", list(MAPS))
def test_ready_resolves_with_the_map_fitted_to_the_page(driver, pages, name):  # noqa: F811
    open_ready(driver, pages[name])
    corners = js(driver, """(function () {
        var n = netmap.network, c = n.body.container.getBoundingClientRect();
        var ids = netmap.nodes.getIds(), out = [];
        ids.forEach(function (id) {
          var b = n.getBoundingBox(id);
          var tl = n.canvasToDOM({x: b.left, y: b.top});
          var br = n.canvasToDOM({x: b.right, y: b.bottom});
          out.push([tl.x, tl.y, br.x, br.y]);
        });
        return {boxes: out, width: c.width, height: c.height};
    })()""")
    w, h = corners["width"], corners["height"]
    assert w > 300 and h > 300
    for left, top, right, bottom in corners["boxes"]:
        assert -2 <= left and right <= w + 2 and -2 <= top and bottom <= h + 2
    # fitted, not merely inside: the drawing fills one of the two directions
    span_x = max(b[2] for b in corners["boxes"]) - min(b[0] for b in corners["boxes"])
    span_y = max(b[3] for b in corners["boxes"]) - min(b[1] for b in corners["boxes"])
    assert span_x > 0.8 * w or span_y > 0.8 * h


def test_ready_resolves_in_the_report_page_too(driver, tmp_path):  # noqa: F811
    from click.testing import CliRunner

    from netmap.cli import cli

    out = tmp_path / "outputs"
    result = CliRunner().invoke(cli, ["report", str(MAPS["long_functions"]), "-o", str(out),
                                      "--runs", "0"])
    assert result.exit_code == 0, result.output
    open_ready(driver, out / "report.html")
    assert console_errors(driver) == []
    assert _overlaps(js(driver, FUNCTION_BOXES)) == []


LABEL_BOXES = """return netmap.nodes.getIds({filter: function (n) {
    return n.kind === 'organisation'; }}).map(function (id) {
    var s = netmap.network.body.nodes[id].labelModule.size;
    return {id: id, left: s.left, top: s.top, right: s.left + s.width,
            bottom: s.top + s.height, width: s.width};
  });"""


DOT_BOXES = """return netmap.nodes.getIds({filter: function (n) {
    return n.kind === 'organisation'; }}).map(function (id) {
    var n = netmap.network.body.nodes[id], r = n.options.size;
    return {id: id, left: n.x - r, top: n.y - r, right: n.x + r, bottom: n.y + r};
  });"""


def test_organisation_labels_rarely_overlap_at_first_view(driver, pages):  # noqa: F811
    open_ready(driver, pages["seed"])
    labels = driver.execute_script(LABEL_BOXES)
    assert len(labels) == 36 and all(b["width"] > 10 for b in labels)  # drawn, measured
    pairs = _overlaps(labels)
    assert len(pairs) <= 2, [(labels[i]["id"], labels[j]["id"]) for i, j in pairs]
    assert js(driver, "netmap.data.legend.labels_on_zoom") is False
    # nor function boxes, nor other organisations' dots
    functions = js(driver, FUNCTION_BOXES)
    assert len(_overlaps(labels + functions)) == len(pairs)
    dots = driver.execute_script(DOT_BOXES)
    covered = [(i, j) for i, j in _overlaps(labels + dots) if i < len(labels) <= j
               and labels[i]["id"] != dots[j - len(labels)]["id"]]
    assert len(covered) <= 2, covered


def test_many_organisations_show_labels_on_zoom(driver, tmp_path):  # noqa: F811
    functions = list(CANONICAL_FUNCTIONS)
    edges = [(f"Organisation number {i}", functions[(i * 7) % 6]) for i in range(80)]
    edges += [(f"Organisation number {i}", functions[(i * 5 + 1) % 6]) for i in range(0, 80, 3)]
    p = Partnership.from_edges(edges, name="eighty")
    open_ready(driver, _write_map(tmp_path, p, "eighty"))
    assert console_errors(driver) == []
    assert js(driver, "netmap.data.legend.labels_on_zoom") is True
    shown = ("(function () { var s = netmap.network.getScale(); var r = {}; "
             "['org:Organisation number 1', 'fn:Victim Support'].forEach(function (id) {"
             " var l = netmap.network.body.nodes[id].labelModule;"
             " r[id] = l.fontOptions.size * s >= l.elementOptions.scaling.label.drawThreshold - 1;"
             "}); return r; })()")
    assert js(driver, shown) == {"org:Organisation number 1": False, "fn:Victim Support": True}
    driver.execute_script("netmap.network.moveTo({scale: 2 * netmap.network.getScale()});")
    assert js(driver, shown) == {"org:Organisation number 1": True, "fn:Victim Support": True}


def test_sector_legend_lists_classes_with_their_own_labels(driver, pages):  # noqa: F811
    open_ready(driver, pages["thirteen_sectors"])
    rows = js(driver, "Array.from(document.querySelectorAll('#nm-legend .nm-sector')).map("
                      "function (r) { var next = r.nextElementSibling; return [r.textContent, "
                      "next && next.className === 'nm-types' ? next.textContent : '']; })")
    classes = [text.rsplit(" (", 1)[0] for text, _ in rows]
    assert classes == ["statutory", "voluntary", "faith", "community", "academic", "business",
                       "international", "partnership network", "other"]
    under = {text.rsplit(" (", 1)[0]: types for text, types in rows}
    assert under["statutory"] == "Council (2), NHS (2), Police (2)"
    assert under["faith"] == "Church (2), Mosque (2)"
    assert under["other"] == "Social enterprise (2)"
    own = {t for line in under.values() for t in line.split(", ")}
    assert len(own) == 13  # every own type value is in the legend, under its class
    colours = js(driver, "netmap.data.legend.sectors.map(function (s) { return s.colour; })")
    assert len(set(colours)) == 9
    other = js(driver, "(function (o) { return [o.shape, o.color.background]; })("
                       "netmap.network.body.nodes['org:Social enterprise 13'].options)")
    assert other == ["diamond", palette.FIXED["other"]]


# --- without a browser ----------------------------------------------------------------------

labels = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzWM ,-"), min_size=1,
                 max_size=90).map(str.strip).filter(bool)


@given(st.lists(labels, min_size=1, max_size=40,
                unique_by=lambda s: " ".join(s.split()).casefold()))
def test_estimated_function_boxes_never_overlap(names):
    pos = function_positions(names)
    size = function_boxes(names)
    assert set(pos) == set(names)
    for a, b in itertools.combinations(names, 2):
        apart_x = abs(pos[a][0] - pos[b][0]) - (size[a][0] + size[b][0]) / 2
        apart_y = abs(pos[a][1] - pos[b][1]) - (size[a][1] + size[b][1]) / 2
        assert max(apart_x, apart_y) >= GAP - 0.02, (a, b)


@given(st.lists(labels, max_size=30))
def test_canonical_functions_keep_their_slots(others):
    names = ["Resources", "Supporting survivors", "Investigation & prosecution", *others]
    names = list(dict.fromkeys(names))
    angles = function_angles(names)
    assert math.degrees(angles["Resources"]) == pytest.approx(-90)
    assert math.degrees(angles["Supporting survivors"]) == pytest.approx(90)
    assert math.degrees(angles["Investigation & prosecution"]) == pytest.approx(150)
    for k, f in enumerate(CANONICAL_FUNCTIONS):
        assert math.degrees(function_angles([f, *others])[f]) == pytest.approx(-90 + 60 * k)


@given(st.lists(labels, min_size=2, max_size=12, unique=True), st.randoms())
def test_own_functions_places_ignore_input_order(names, rnd):
    shuffled = names[:]
    rnd.shuffle(shuffled)
    assert function_positions(names) == function_positions(shuffled)
    edges = [(f"Org {i}", f) for i, f in enumerate(names)]
    a = Partnership.from_edges(edges)
    b = Partnership.from_edges(edges[::-1], functions=shuffled)
    assert organisation_positions(a, function_positions(a.functions)) == \
        organisation_positions(b, function_positions(b.functions))


boxes = st.tuples(st.integers(-150, 150), st.integers(-150, 150), st.integers(4, 120),
                  st.integers(4, 40)).map(lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3]))


@given(st.lists(boxes, min_size=1, max_size=30), st.lists(boxes, max_size=3))
def test_spread_leaves_no_overlap(given_boxes, fixed):
    named = {f"o{i}": b for i, b in enumerate(given_boxes)}
    moves = spread(named, fixed)
    moved = [{"left": b[0] + moves[k][0], "top": b[1] + moves[k][1],
              "right": b[2] + moves[k][0], "bottom": b[3] + moves[k][1]}
             for k, b in named.items()]
    walls = [dict(zip(("left", "top", "right", "bottom"), b, strict=True)) for b in fixed]
    # fixed boxes may overlap one another; a moved box overlaps nothing
    assert [(i, j) for i, j in _overlaps(moved + walls) if i < len(moved)] == []
    assert spread(named, fixed) == moves  # deterministic


def test_long_labels_wrap():
    p = netmap.read(OK / "long_functions.csv")
    data = map_data(p, compute(p, runs=0))
    boxes = [n for n in data["nodes"] if n["kind"] == "function"]
    assert len(boxes) == 12
    assert all(n["widthConstraint"] == {"maximum": WRAP} for n in boxes)
    # the canonical functions read through the vocabulary keep their slots
    pos = {n["label"]: (n["x"], n["y"]) for n in boxes}
    q = netmap.read(SEED)
    seed = {n["label"]: (n["x"], n["y"]) for n in map_data(q, compute(q, runs=0))["nodes"]
            if n["kind"] == "function"}
    for f in ("Victim Support", "Investigation and Prosecution",
              "Prevention and Awareness Raising"):
        assert math.atan2(pos[f][1], pos[f][0] / 1.5) == pytest.approx(
            math.atan2(seed[f][1], seed[f][0] / 1.5))


def test_twelve_sector_classes_have_distinct_styles():
    classes = ["statutory", "voluntary", "faith", "community", "international",
               "partnership network", "business", "academic", "other", "police", "health",
               "housing"]
    styles = palette.sector_styles(classes)
    assert len(set(styles.values())) == 12
    assert [shape for _, shape in styles.values()].count("dot") == 8
    assert all(styles[c][1] == "dot" for c in classes[:8])
    assert {styles[c][1] for c in classes[8:]} == {"diamond", "triangle", "square", "star"}
    assert styles["statutory"] == palette.sector_styles(["police", "statutory"])["statutory"]
    more = palette.sector_styles([*classes, "a", "b", "c", "d"])
    assert len(set(more.values())) == 16  # beyond twelve, new colour and shape pairings
    orgs = [f"O{i}" for i in range(12)]
    attrs = pd.DataFrame({"sector": classes}, index=pd.Index(orgs, name="organisation"))
    p = Partnership.from_edges([(o, "Resources") for o in orgs], attributes=attrs)
    data = map_data(p, compute(p, runs=0))
    drawn = {(n["color"]["background"], n["shape"]) for n in data["nodes"]
             if n["kind"] == "organisation"}
    assert drawn == set(styles.values())
    assert [s["shape"] for s in data["legend"]["sectors"]] == [s for _, s in styles.values()]


def test_grouped_maps_are_unchanged(tmp_path):
    from netmap.synth import write_synth_csv

    write_synth_csv(tmp_path / "synth.csv", 300, 6, seed=1)
    p = netmap.read(tmp_path / "synth.csv")
    m = compute(p, runs=0)
    data = map_data(p, m, group_above=100)
    assert data["legend"]["aggregated"] is True and data["legend"]["labels_on_zoom"] is False
    places = organisation_positions(p, function_positions(p.functions))
    for n in data["nodes"]:
        if n["kind"] == "organisation":
            assert (n["x"], n["y"]) == places[n["id"][4:]]
