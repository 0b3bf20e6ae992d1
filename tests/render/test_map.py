"""Map data and pages, checked without a browser: determinism, places, colours, views."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

import netmap
from netmap.cli import cli
from netmap.metrics import compute
from netmap.render import palette
from netmap.render.figures import figures
from netmap.render.map import map_data, map_html

from ..conftest import OK, SEED


@pytest.fixture(scope="module")
def seed():
    p = netmap.read(SEED)
    return p, compute(p, runs=10)


def nodes_by_id(data):
    return {n["id"]: n for n in data["nodes"]}


def embedded_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="nm-data">(.*?)</script>', html,
                      re.S)
    return json.loads(match.group(1))


def test_same_input_gives_byte_identical_pages(seed, tmp_path, runner):
    p, m = seed
    assert map_html(p, m) == map_html(p, compute(p, runs=10))
    outs = []
    for name in ("a", "b"):
        result = runner.invoke(cli, ["report", str(SEED), "-o", str(tmp_path / name)])
        assert result.exit_code == 0
        outs.append({f.relative_to(tmp_path / name): f.read_bytes()
                     for f in (tmp_path / name).rglob("*") if f.is_file()})
    assert outs[0] == outs[1]


def test_functions_keep_their_places_across_partnerships(seed):
    p, m = seed
    other = netmap.read(OK / "small.csv")
    a = nodes_by_id(map_data(p, m))
    b = nodes_by_id(map_data(other, compute(other, runs=0)))
    for f in ("Resources", "Victim Support", "Strategic"):
        assert (a[f"fn:{f}"]["x"], a[f"fn:{f}"]["y"]) == (b[f"fn:{f}"]["x"], b[f"fn:{f}"]["y"])
    assert (a["fn:Resources"]["x"], a["fn:Resources"]["y"]) == (0.0, -420.0)


def test_styles_carry_sector_shape_size_gap_and_critical(seed):
    p, m = seed
    data = map_data(p, m)
    n = nodes_by_id(data)
    assert n["org:Hestia"]["color"]["background"] == palette.FIXED["voluntary"]
    assert n["org:CPS"]["color"]["background"] == palette.FIXED["statutory"]
    assert n["org:Hestia"]["shape"] == "dot" and n["fn:Victim Support"]["shape"] == "box"
    sizes = {k: v["size"] for k, v in n.items() if k.startswith("org:")}
    assert max(sizes, key=sizes.get) == "org:ECAT"  # largest betweenness
    small = netmap.read(OK / "small.csv")
    sdata = map_data(small, compute(small, runs=0))
    s = nodes_by_id(sdata)
    assert s["fn:Strategic"]["color"]["background"] == palette.GAP
    assert s["fn:Resources"]["color"]["background"] == palette.FUNCTION
    assert {"function": "Strategic", "severity": "high",
            "message": "Strategic rests on a single provider: Police"} in sdata["legend"]["gaps"]
    assert s["org:Police"]["critical"]  # a thick outline, at most a quarter of the dot
    assert 2 <= s["org:Police"]["borderWidth"] <= max(2, s["org:Police"]["size"] / 4)
    assert all(n["borderWidth"] == 1 for n in sdata["nodes"]
               if n.get("kind") == "organisation" and not n["critical"])
    assert "CRITICAL: " in s["org:Police"]["tooltip"]


def test_size_by_changes_sizes(seed):
    p, m = seed
    by_functions = nodes_by_id(map_data(p, m, size_by="functions"))
    assert by_functions["org:ECAT"]["size"] == 40.0
    assert by_functions["org:Hestia"]["size"] == 10.0
    assert map_data(p, m, size_by="functions")["legend"]["size"] == "number of functions"


def test_projection_view(seed):
    p, m = seed
    data = map_data(p, m, view="projection")
    ids = [n["id"] for n in data["nodes"]]
    assert all(i.startswith("org:") for i in ids) and len(ids) == 36
    widths = {frozenset((e["from"], e["to"])): e["width"] for e in data["edges"]}
    # Kalayaan and RAHAB share two functions; Faith groups and Barka UK one
    assert widths[frozenset(("org:Kalayaan", "org:RAHAB"))] == 2.5
    assert widths[frozenset(("org:Barka UK", "org:Faith groups"))] == 1.0
    assert len(data["edges"]) == sum(m.organisations["partners"]) // 2


def test_physics_switch(seed):
    p, m = seed
    fixed = map_data(p, m)
    moving = map_data(p, m, physics=True)
    assert fixed["options"]["physics"]["enabled"] is False
    assert moving["options"]["physics"]["enabled"] is True
    assert nodes_by_id(moving)["fn:Strategic"]["fixed"] is True
    assert nodes_by_id(moving)["org:ECAT"]["physics"] is True


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith(("data:", "#")):
                self.urls.append(v)


def test_pages_link_nothing_outside_and_embed_data_escaped(tmp_path, runner):
    src = tmp_path / "h.csv"
    src.write_text('organisation,Resources\n"</script><script>alert(1)</script>",1\n'
                   '"<img src=x onerror=alert(2)>",1\n', encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(cli, ["report", str(src), "-o", str(out), "--runs", "0"]).exit_code == 0
    for page in ("map.html", "report.html"):
        html = (out / page).read_text("utf-8")
        parser = _Collect()
        parser.feed(html)
        assert parser.urls == []  # every src/href is data: or in-page
        if page == "map.html":
            assert "img" not in parser.tags
        assert "Content-Security-Policy" in html and "default-src 'none'" in unescape(html)
        assert "<script>alert" not in html and "<img src=x" not in html
        labels = {n["label"] for n in embedded_data(html)["nodes"]}
        assert "</script><script>alert(1)</script>" in labels
        assert "sourceMappingURL" not in html


def test_figures_are_png_and_valid_svg(seed):
    p, m = seed
    figs = figures(p, m)
    assert sorted(figs) == ["coverage_heatmap", "network", "robustness_curve"]
    for formats in figs.values():
        assert formats["png"].startswith(b"\x89PNG\r\n\x1a\n")
        root = ElementTree.fromstring(formats["svg"])
        assert root.tag.endswith("svg")
        assert b"<script" not in formats["svg"]


def test_map_command(runner, tmp_path):
    out = tmp_path / "m.html"
    result = runner.invoke(cli, ["map", str(SEED), "-o", str(out), "--view", "projection",
                                 "--size-by", "eigenvector"])
    assert result.exit_code == 0 and out.exists()
    data = embedded_data(out.read_text("utf-8"))
    assert data["legend"]["view"] == "projection"
    assert data["legend"]["size"] == "eigenvector centrality (projection)"
    assert runner.invoke(cli, ["map", str(SEED), "--size-by", "nonsense"]).exit_code == 2


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    from netmap.synth import write_synth_csv

    path = tmp_path_factory.mktemp("large") / "synth.csv"
    write_synth_csv(path, 2600, 8, seed=3)
    p = netmap.read(path)
    return p, compute(p, runs=2)


def test_large_maps_group_organisations_and_keep_every_name_findable(large):
    from netmap.mapview import TOP_ORGANISATIONS

    p, m = large
    data = map_data(p, m)
    kinds = [n["kind"] for n in data["nodes"]]
    assert kinds.count("organisation") == TOP_ORGANISATIONS
    groups = [n for n in data["nodes"] if n["kind"] == "group"]
    assert sum(g["members"] for g in groups) == len(p.organisations) - TOP_ORGANISATIONS
    from netmap.render.map import decode_names

    index = data["index"]
    index["names"] = decode_names(index["coded"])
    assert index["names"] == sorted(p.organisations)
    # front coding keeps the index small: far fewer characters than the names
    assert sum(len(x) for x in index["coded"][1::2]) < sum(map(len, p.organisations)) / 2
    ids = {n["id"] for n in data["nodes"]}
    assert all(index["targets"][k] in ids for k in index["node"])
    # an organisation drawn inside a group is found through that group's node
    hidden = next(o for o, k in zip(index["names"], index["node"], strict=True)
                  if index["targets"][k].startswith("group:"))
    group = next(g for g in groups if g["id"] == index["targets"][
        index["node"][index["names"].index(hidden)]])
    functions = set(p.engagements.loc[p.engagements["organisation"] == hidden, "function"])
    assert set(group["functions"]) == functions
    assert data["legend"]["aggregated"] is True


def test_large_report_lists_the_most_central_in_the_page(large, tmp_path):
    from netmap.findings import findings
    from netmap.render.html_report import TABLE_ROWS, report_html

    p, m = large
    html = report_html(p, m, {"file": "synth.csv", "sha256": "0", "layout": "wide",
                              "options": {}}, findings(p, m))
    body = html.split('id="org-table"')[1].split("</table>")[0]
    assert body.count("<tr>") == TABLE_ROWS + 1  # header row + TABLE_ROWS
    assert f"The {TABLE_ROWS} organisations with the highest two-mode betweenness" in html


def test_large_projection_view_draws_the_most_central_and_their_ties_only(large):
    from netmap.mapview import TOP_ORGANISATIONS
    from netmap.metrics.projection import projection

    p, m = large
    data = map_data(p, m, view="projection")
    drawn = {n["label"] for n in data["nodes"] if n["kind"] == "organisation"}
    assert len(drawn) == TOP_ORGANISATIONS
    assert data["legend"]["organisations"] == len(p.organisations)
    expected = projection(p.without([o for o in p.organisations if o not in drawn]))
    assert len(data["edges"]) == expected.number_of_edges()
    b = (p.matrix().to_numpy() > 0).astype(int)
    shared = b @ b.T  # the whole projection, which the page must not carry: far more ties
    ties = (int((shared > 0).sum()) - int((shared.diagonal() > 0).sum())) // 2
    assert ties > 10 * len(data["edges"])


def test_group_above_sets_the_grouping_threshold(large, runner, tmp_path):
    p, m = large
    whole = map_data(p, m, group_above=len(p.organisations))
    assert [n["kind"] for n in whole["nodes"]].count("organisation") == len(p.organisations)
    assert "index" not in whole and whole["legend"]["aggregated"] is False
    seed = netmap.read(SEED)
    small = map_data(seed, compute(seed, runs=2), group_above=20)
    kinds = [n["kind"] for n in small["nodes"]]
    assert kinds.count("organisation") == 20 and small["legend"]["aggregated"] is True
    assert sum(n["members"] for n in small["nodes"] if n["kind"] == "group") == 16
    result = runner.invoke(cli, ["map", str(SEED), "-o", str(tmp_path / "m.html"), "--runs", "2",
                                 "--group-above", "20"])
    assert result.exit_code == 0 and '"kind": "group"' in (tmp_path / "m.html").read_text("utf-8")


def test_map_colours_by_module():
    """Issue 16, "Modules": a map option colours organisations by module, the legend naming
    each module by its functions; organisations of one module share a colour."""
    p = netmap.read(SEED)
    m = compute(p, runs=0)
    data = map_data(p, m, colour_by="module")
    module_of = dict(zip(m.organisations["organisation"], m.organisations["module"],
                         strict=True))
    colour_of: dict = {}
    for n in data["nodes"]:
        if n.get("kind") == "organisation":
            colour = n["color"]["background"]
            assert colour_of.setdefault(module_of[n["label"]], colour) == colour
    assert len(set(colour_of.values())) == m.network["modules"]
    names = [s["name"] for s in data["legend"]["modules"]]
    assert names[0].startswith("Module 1: ") and len(names) == m.network["modules"]
    assert sum(s["count"] for s in data["legend"]["modules"]) == len(p.organisations)
    assert data["legend"]["colour_by"] == "module"
    by_sector = map_data(p, m)
    assert by_sector["legend"]["colour_by"] == "sector" and "modules" not in by_sector["legend"]
