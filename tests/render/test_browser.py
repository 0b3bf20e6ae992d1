"""The map and the report in a real browser: Debian's chromium via its chromedriver.

Each page is opened from file:// and must load with no console error and no
request other than file: or data: URLs; the vis network must hold the
expected nodes and edges; search, filters and sorting must work; hostile names
must execute nothing. A screenshot of each page is saved under outputs/ in the
test's temporary folder. These tests need chromium and chromedriver
(``sh scripts/install-browser``); they fail, rather than skip, without them.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from netmap.cli import cli

from ..conftest import SEED

HOSTILE = [
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=2</script>",
    '"><svg onload=window.__pwned=3>',
    "see href <b id=injected>bold</b>",
    '=HYPERLINK("http://example.invalid")',
]


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.fail("chromium and chromedriver are needed: run sh scripts/install-browser")
    os.environ["SE_OFFLINE"] = "true"  # selenium must not try to download a driver
    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    d = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    d.set_page_load_timeout(60)
    yield d
    d.quit()


def _report(tmp_path_factory, source, name):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp(name) / "outputs"
    result = CliRunner().invoke(cli, ["report", str(source), "-o", str(out), "--runs", "20"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def seed_outputs(tmp_path_factory):
    return _report(tmp_path_factory, SEED, "seed")


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory):
    src = tmp_path_factory.mktemp("hostile-input") / "hostile.csv"
    lines = ["organisation,sector,Resources,Victim Support,Strategic"]
    for i, name in enumerate(HOSTILE):
        quoted = '"' + name.replace('"', '""') + '"'
        lines.append(f"{quoted},{['voluntary', 'statutory'][i % 2]},1,{i % 2},{(i + 1) % 2}")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _report(tmp_path_factory, src, "hostile")


def open_page(driver, path):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(path.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return !!(window.netmap && window.netmap.ready)"))
    driver.save_screenshot(str(path.with_suffix(".png")))


def console_errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def requested_urls(driver) -> list:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def js(driver, script):
    return driver.execute_script("return " + script)


@pytest.mark.parametrize("page", ["map.html", "report.html"])
def test_page_loads_offline_without_errors(driver, seed_outputs, page):
    open_page(driver, seed_outputs / page)
    assert console_errors(driver) == []
    urls = requested_urls(driver)
    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
    assert js(driver, "netmap.network.body.data.nodes.length") == 36 + 6
    assert js(driver, "netmap.network.body.data.edges.length") == 51
    assert (seed_outputs / page).with_suffix(".png").stat().st_size > 10000


def test_map_is_under_the_size_limit(seed_outputs):
    assert (seed_outputs / "map.html").stat().st_size < 1.5 * 1024 * 1024


def test_search_focuses_the_organisation(driver, seed_outputs):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, seed_outputs / "map.html")
    box = driver.find_element(By.ID, "nm-search")
    box.send_keys("poppy")
    box.send_keys(Keys.ENTER)
    assert js(driver, "netmap.network.getSelectedNodes()") == ["org:Poppy Project"]
    assert driver.find_element(By.ID, "nm-search-status").text == "Found: Poppy Project"
    view = js(driver, "netmap.network.getViewPosition()")
    node = js(driver, "netmap.network.getPositions(['org:Poppy Project'])['org:Poppy Project']")
    assert abs(view["x"] - node["x"]) < 1 and abs(view["y"] - node["y"]) < 1
    assert js(driver, "netmap.network.getScale()") == pytest.approx(1.3)
    driver.save_screenshot(str(seed_outputs / "map-search.png"))


def test_filters_hide_what_they_should(driver, seed_outputs):
    from selenium.webdriver.common.by import By

    open_page(driver, seed_outputs / "map.html")
    hidden = "netmap.nodes.get({filter: function (n) { return n.hidden; }}).map(" \
             "function (n) { return n.id; }).sort()"
    driver.find_element(By.CSS_SELECTOR, "#nm-filter-sectors input[value='voluntary']").click()
    voluntary = js(driver, hidden)
    assert len(voluntary) == 15 and "org:Hestia" in voluntary and "org:CPS" not in voluntary
    driver.find_element(By.CSS_SELECTOR, "#nm-filter-sectors input[value='voluntary']").click()
    assert js(driver, hidden) == []
    driver.find_element(By.CSS_SELECTOR,
                        "#nm-filter-functions input[value='Victim Support']").click()
    only_support = ["fn:Victim Support"] + sorted(
        f"org:{o}" for o in ["Medaille Trust", "Salvation Army", "Helen Bamber Foundation",
                             "Hestia", "Social Services", "Migrant Helpline", "Women@the well"])
    assert js(driver, hidden) == sorted(only_support)
    driver.save_screenshot(str(seed_outputs / "map-filtered.png"))


def test_report_tables_sort_and_figures_show(driver, seed_outputs):
    from selenium.webdriver.common.by import By

    open_page(driver, seed_outputs / "report.html")
    header = driver.find_element(By.XPATH, "//table[@id='org-table']//th/button[.='Betweenness']")
    first = "document.querySelector('#org-table tbody tr').cells[0].textContent"
    header.click()
    assert js(driver, first) == "Faith groups"  # ascending: a zero-betweenness organisation
    header.click()
    assert js(driver, first) == "ECAT"
    assert js(driver, "Array.from(document.querySelectorAll('figure img')).every("
                      "function (i) { return i.complete && i.naturalWidth > 0; })")
    text = driver.find_element(By.ID, "findings").text
    assert "ECAT holds the partnership together" in text


@pytest.mark.parametrize("page", ["map.html", "report.html"])
def test_hostile_names_execute_nothing(driver, hostile_outputs, page):
    from selenium.common.exceptions import NoAlertPresentException

    open_page(driver, hostile_outputs / page)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading it raises when there is none
    assert js(driver, "window.__pwned") is None
    assert js(driver, "document.getElementById('injected')") is None
    assert js(driver, "document.querySelectorAll('svg[onload], img[onerror]').length") == 0
    labels = js(driver, "netmap.nodes.get().map(function (n) { return n.label; })")
    assert set(HOSTILE) <= set(labels)
    tips = js(driver, "netmap.nodes.get().map(function (n) { return n.title.textContent; })")
    assert any(t.startswith(HOSTILE[3]) for t in tips)
    assert console_errors(driver) == []
    assert all(u.startswith(("file:", "data:")) for u in requested_urls(driver))
    if page == "report.html":
        body = js(driver, "document.body.innerText")
        assert HOSTILE[0] in body and HOSTILE[1] in body


def test_the_checks_themselves_catch_errors_and_requests(driver, tmp_path):
    # a page that breaks both promises: the helpers above must see it
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><img src='http://127.0.0.1:9/x.png'>"
                    "<script>window.netmap = {ready: true}; throw new Error('boom');</script>"
                    "</body></html>", encoding="utf-8")
    open_page(driver, page)
    assert any("boom" in e["message"] for e in console_errors(driver))
    assert "http://127.0.0.1:9/x.png" in requested_urls(driver)


def test_large_map_search_finds_a_grouped_organisation(driver, tmp_path):
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from netmap.synth import write_synth_csv

    src = tmp_path / "synth.csv"
    write_synth_csv(src, 2500, 8, seed=2)
    out = tmp_path / "map.html"
    assert CliRunner().invoke(cli, ["map", str(src), "-o", str(out), "--runs", "2"]).exit_code == 0
    open_page(driver, out)
    assert console_errors(driver) == []
    name = js(driver, "netmap.data.index.names.filter(function (n, i) { return "
                      "netmap.data.index.targets[netmap.data.index.node[i]].indexOf('group:') "
                      "=== 0; })[0]")
    box = driver.find_element(By.ID, "nm-search")
    box.send_keys(name)
    box.send_keys(Keys.ENTER)
    selected = js(driver, "netmap.network.getSelectedNodes()")
    assert len(selected) == 1 and selected[0].startswith("group:")
    assert driver.find_element(By.ID, "nm-search-status").text.startswith(f"Found: {name} (in a")


def test_large_map_search_decodes_names_outside_the_basic_plane(driver, tmp_path):
    """The front-coded index counts UTF-16 units as JavaScript does: emoji and accents survive."""
    from netmap.metrics import compute
    from netmap.model import Partnership
    from netmap.render.map import LARGE_MAP, map_html

    functions = ["Resources", "Victim Support", "Strategic"]
    names = [f"Org {i:05d}" for i in range(LARGE_MAP)]
    names += ["Café 😀 Outreach", "Café 😀 Outreach 2", "Café 😁", "Ça va 𝔘nion"]
    edges = [(o, functions[i % 3]) for i, o in enumerate(names)]
    p = Partnership.from_edges(edges, name="astral")
    out = tmp_path / "astral.html"
    out.write_text(map_html(p, compute(p, runs=0)), encoding="utf-8")
    open_page(driver, out)
    assert console_errors(driver) == []
    decoded = js(driver, "netmap.data.index.names")
    assert decoded == sorted(names)
    grouped = 0
    for name in ("Café 😁", "Ça va 𝔘nion", "Café 😀 Outreach 2"):
        found = driver.execute_script(
            "document.getElementById('nm-search').value = arguments[0]; netmap.find(); "
            "return document.getElementById('nm-search-status').textContent;", name)
        assert found == f"Found: {name}" or found.startswith(f"Found: {name} (in a group"), found
        grouped += "(in a group" in found
    assert grouped >= 1


def test_many_functions_open_at_a_readable_size(driver, seed_outputs, tmp_path):
    """A map of 40 functions opens zoomed in so that the function names are at least
    READABLE pixels, and says so; Show all then fits the whole map. The bundled map, whose
    names are readable fitted, opens fitted and says nothing."""
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    from netmap.render.layout import FONT
    from netmap.render.map import READABLE
    from netmap.synth import write_synth_csv

    settled = ("var done = arguments[0]; netmap.ready.then(function () { "
               "done(netmap.network.getScale()); });")
    open_page(driver, seed_outputs / "map.html")
    assert driver.execute_async_script(settled) * FONT >= READABLE
    assert driver.find_element(By.ID, "nm-search-status").text == ""
    src = tmp_path / "forty.csv"
    write_synth_csv(src, 120, 40, seed=3)
    out = tmp_path / "map.html"
    assert CliRunner().invoke(cli, ["map", str(src), "-o", str(out), "--runs", "2"]).exit_code == 0
    open_page(driver, out)
    scale = driver.execute_async_script(settled)
    # (the toolbar's message may resize the canvas a little, and vis keeps the view's ratio)
    assert scale * FONT == pytest.approx(READABLE, rel=0.05)
    assert driver.find_element(By.ID, "nm-search-status").text.startswith("Zoomed in so that")
    driver.find_element(By.ID, "nm-fit").click()
    assert js(driver, "netmap.network.getScale()") * FONT < 0.8 * READABLE  # all: smaller
    assert console_errors(driver) == []


def test_collection_page_loads_offline_and_shows_hostile_names_as_text(driver, tmp_path):
    """collection.html (netmap collect, issue 18): loads from file:// with no console error
    and no request; names from returned forms are text, never markup."""
    import datetime as dt

    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.support.ui import WebDriverWait

    from netmap.collect import collect, expected_of
    from netmap.forms import blank_form
    from netmap.render.reportfiles import write_collection, write_form
    from netmap.vocabulary import FUNCTIONS

    from ..formfill import fill

    form = write_form(blank_form(tuple(FUNCTIONS)), tmp_path / "blank.xlsx")
    answers = {name: {"Victim Support": "Yes"} for name in HOSTILE[:3]}
    a = fill(form, tmp_path / "a.xlsx", {**answers, "Police": {"Resources": "Yes"}},
             when=dt.datetime(2026, 1, 10))
    b = fill(form, tmp_path / "b.xlsx", {"Police": {"Resources": "No"}},
             when=dt.datetime(2026, 1, 11))
    listed = tmp_path / "list.csv"
    listed.write_text("Organisation\nPolice\nHestia\n", encoding="utf-8")
    out = tmp_path / "out"
    write_collection(collect([a, b], expected_of(listed)), out)
    page = out / "collection.html"
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    driver.save_screenshot(str(page.with_suffix(".png")))
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading it raises when there is none
    assert console_errors(driver) == []
    urls = requested_urls(driver)
    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
    assert js(driver, "window.__pwned") is None
    assert js(driver, "document.querySelectorAll('svg[onload], img[onerror], script').length") \
        == 0
    assert js(driver, "document.getElementById('response').innerText") == \
        "1 of 2 organisations (50%) responded; 3 organisations not on the expected list also " \
        "answered."
    body = js(driver, "document.body.innerText")
    for name in HOSTILE[:3]:
        assert name in body
    conflict = js(driver, "Array.from(document.querySelectorAll('#conflicts td'))"
                          ".map(function (td) { return td.innerText; })")
    assert conflict == ["Police", "Resources", "No", "b.xlsx", "Yes", "a.xlsx"]
    assert "Hestia" in js(driver, "document.getElementById('not-yet-responded').innerText")
    assert page.with_suffix(".png").stat().st_size > 10000
