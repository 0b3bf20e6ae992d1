"""trend.html in a real browser (issue 16, "Trends over several waves": the map with fixed
positions and a wave slider).

- the page loads offline with no console error and requests only file: and data: URLs:
  ``test_trend_page_loads_offline``;
- the slider shows each wave's organisations and engagements, and nothing else, with every
  organisation in the same place in every wave: ``test_wave_slider_shows_each_wave``.
"""

from __future__ import annotations

import dataclasses

import pytest

import netmap

from ..conftest import ROOT, SEED
from .test_browser import console_errors, driver, js, open_page, requested_urls  # noqa: F401

WAVE2 = ROOT / "data" / "examples" / "waves" / "partners_wave2.csv"


@pytest.fixture(scope="module")
def trend_page(tmp_path_factory):
    waves = [dataclasses.replace(netmap.read(f), name=n)
             for f, n in ((SEED, "2016"), (WAVE2, "2018"))]
    t = netmap.trend(waves, runs=5)
    out = tmp_path_factory.mktemp("trend") / "t"
    netmap.write_trend(t, out)
    return out / "trend.html", t


def test_trend_page_loads_offline(driver, trend_page):  # noqa: F811
    page, _ = trend_page
    open_page(driver, page)
    assert console_errors(driver) == []
    urls = requested_urls(driver)
    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls


def test_wave_slider_shows_each_wave(driver, trend_page):  # noqa: F811
    page, t = trend_page
    open_page(driver, page)
    places: dict = {}
    for p in t.partnerships:
        assert js(driver, f"netmap.showWave({p.name!r})") is True
        shown = js(driver, "netmap.nodes.get({filter: n => n.kind === 'organisation' && "
                           "!n.hidden}).map(n => n.label)")
        assert sorted(shown) == sorted(p.organisations)
        edges = js(driver, "netmap.edges.get({filter: e => !e.hidden}).length")
        assert edges == len(p.engagements)
        assert js(driver, "document.getElementById('nm-wave-name').textContent") == p.name
        now = js(driver, "netmap.network.getPositions(netmap.nodes.get({filter: n => "
                         "n.kind === 'organisation' && !n.hidden}).map(n => n.id))")
        for node, xy in now.items():  # nobody moves between waves
            assert places.setdefault(node, xy) == xy, node
    assert len(places) > len(t.partnerships[0].organisations)
    assert console_errors(driver) == []
