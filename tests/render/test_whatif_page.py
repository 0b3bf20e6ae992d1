"""Issue 15, "Live what-if, offline, in the page", and ``netmap whatif -o scenario.html``.

Cases of the issue and the tests that cover them:

- the page evaluates the rules of the registry, from the parameters it exports
  after ``--rules`` and the vocabulary, never a hand-kept copy:
  ``test_every_rule_kind_of_the_registry_has_an_evaluator_in_the_page``,
  ``test_the_page_says_which_rule_it_cannot_check``,
  ``test_rules_reach_the_page_after_the_rules_file_and_the_vocabulary``;
- the same numbers as ``netmap whatif``: ``window.netmap.whatif(names)`` equals
  ``netmap whatif --format json`` (removed, functions, gaps_opened, gaps_closed) on
  seeded random removal sets, removing everyone who provides a function, and
  everyone, on the bundled data (map.html, report.html, and a grouped map), on
  partnerships in their own words (tests/data/ok/coordinator.xlsx; a long file of
  own function labels and type values) and with a custom ``--rules`` and ``--taxonomy``:
  ``test_live_whatif_equals_the_cli``; providers in engagement order (a partnership
  built in code): ``test_providers_keep_the_engagement_order``; 41 sectors and 45
  functions: ``test_many_sectors_and_functions``; the banner says what
  :func:`netmap.render.scenario.headline` says: same test;
- choose by clicking a node or ticking the searchable list; banner, providers,
  heatmap and rules update at once; Reset; the map shows who is removed and which
  function a rule newly fails:
  ``test_click_tick_and_reset``, ``test_the_heatmap_and_providers_are_recomputed``;
- the scenario is kept in the URL fragment, names encoded safely, and a link
  reopens it; data shown as text only: ``test_the_address_reopens_the_scenario``,
  ``test_names_that_need_escaping_survive_the_address_and_run_nothing``;
- ``netmap whatif INPUT --remove ... -o scenario.html``: one printable page in the
  house style, atomic, refused over an input, nothing written on a wrong name:
  ``test_scenario_page_says_the_scenario``, ``test_scenario_page_prints_on_one_page``,
  ``test_scenario_page_is_refused_over_an_input``,
  ``test_scenario_page_is_not_written_for_a_wrong_name``.
"""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmap.cli import cli
from netmap.metrics.rules import REGISTRY

from ..conftest import OK, ROOT, SEED
from .test_browser import console_errors, driver, js, open_page  # noqa: F401 - the fixture

WHATIF_JS = ROOT / "netmap" / "templates" / "whatif.js"
OWN = OK / "own_words_long.csv"
OWN_RULES = ["--rules", str(OK / "own_words_rules.toml"),
             "--taxonomy", str(OK / "own_words_taxonomy.toml")]
KEYS = ("removed", "functions", "gaps_opened", "gaps_closed")

# (name, input, options, map options): the partnerships the page is compared with the CLI on
CASES = [
    ("bundled", SEED, [], []),
    ("bundled-grouped", SEED, [], ["--group-above", "10"]),
    ("coordinator", OK / "coordinator.xlsx", [], []),
    ("own-words", OWN, [], []),
    ("own-words-rules", OWN, OWN_RULES, []),
    ("bundled-rules", SEED, OWN_RULES, []),
]


def invoke(args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def cli_whatif(source, names, options) -> dict:
    args = ["whatif", source, "--format", "json", "--runs", "0", *options]
    for n in names:
        args += ["--remove", n]
    return json.loads(invoke(args))


def load_case(source, options):
    """The partnership and rules as the CLI reads them (for the headline in Python)."""
    from netmap.metrics.rules import load_rules
    from netmap.taxonomy import load_taxonomy
    from netmap.vocabulary import load

    given = dict(zip(options[::2], options[1::2], strict=True))
    vocab = load_taxonomy(given.get("--taxonomy"))
    return load(source, vocabulary=vocab).partnership, load_rules(given.get("--rules"), vocab)


def removal_sets(p, seed: int = 15) -> list:
    """Seeded random sets, everyone who provides each of two functions, and everyone."""
    rng = random.Random(seed)
    orgs = list(p.organisations)
    sets = [rng.sample(orgs, rng.randint(1, max(1, len(orgs) // 2))) for _ in range(6)]
    sets.append([rng.choice(orgs)])
    degree = p.engagements.groupby("function")["organisation"].apply(list)
    thin = min(p.functions, key=lambda f: len(degree.get(f, [])))
    for f in dict.fromkeys([thin, rng.choice(list(p.functions))]):
        if degree.get(f):
            sets.append(list(dict.fromkeys(degree[f])))
    sets.append(orgs)
    return sets


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """map.html of every case, and the bundled data's report.html."""
    out = {}
    for name, source, options, map_options in CASES:
        folder = tmp_path_factory.mktemp(name)
        invoke(["map", source, "-o", folder / "map.html", "--runs", "0", *options, *map_options])
        out[name] = folder / "map.html"
    report = tmp_path_factory.mktemp("report") / "outputs"
    invoke(["report", SEED, "-o", report, "--runs", "5"])
    out["report"] = report / "report.html"
    return out


def test_every_rule_kind_of_the_registry_has_an_evaluator_in_the_page():
    text = WHATIF_JS.read_text(encoding="utf-8")
    kinds = json.loads(re.search(r"var KINDS = (\[[^\]]*\]);", text).group(1))
    assert set(REGISTRY) <= set(kinds), f"whatif.js cannot check {set(REGISTRY) - set(kinds)}"
    block = text[text.index("var EVALUATORS = {"):]
    for kind in kinds:
        assert re.search(rf"^\s+{kind}: function \(", block, re.M), kind


def test_the_page_says_which_rule_it_cannot_check(driver, tmp_path, monkeypatch):  # noqa: F811
    from netmap.metrics import compute
    from netmap.metrics.rules import Rule
    from netmap.model import Partnership
    from netmap.render import whatif_page
    from netmap.render.map import map_html

    p = Partnership.from_edges([("A", "Victim Support"), ("B", "Strategic")])
    m = compute(p, runs=0)
    m.rules = {**m.rules, "curfew": {"enabled": True, "severity": "low"}}
    monkeypatch.setattr(whatif_page, "REGISTRY", {**REGISTRY, "curfew": Rule(
        "curfew", "a new rule", "a new rule", {}, frozenset(), "function")})
    page = tmp_path / "map.html"
    page.write_text(map_html(p, m), encoding="utf-8")
    open_page(driver, page)
    assert console_errors(driver) == []
    text = driver.find_element("id", "nm-wi-rules").text
    assert "cannot check the rule curfew" in text
    assert js(driver, "netmap.whatifKinds").count("curfew") == 0


def test_rules_reach_the_page_after_the_rules_file_and_the_vocabulary(pages):
    data = json.loads(re.search(r'<script type="application/json" id="nm-data">(.*?)</script>',
                                pages["own-words-rules"].read_text(encoding="utf-8"),
                                re.S).group(1))
    rules = {r["id"]: r for r in data["whatif"]["rules"]}
    assert list(rules) == list(REGISTRY)
    assert rules["single_provider"]["params"]["enabled"] is False
    assert rules["min_providers"]["params"] == {"enabled": True, "severity": "high",
                                                "minimum": 3}
    assert rules["sector_mix"]["params"]["sectors"] == ["statutory", "voluntary", "faith"]
    assert [(e["function"], e["sector"], e["minimum"], e["severity"])
            for e in rules["function_sector"]["params"]] == [
        ("Victim Support", "voluntary", 2, "high"),
        ("Investigation and Prosecution", "statutory", 1, "critical"),
        ("Housing advocacy", "voluntary", 1, "high")]
    assert "Housing advocacy" in data["whatif"]["functions"]
    assert {"Law centre", "Housing association"}.isdisjoint(data["whatif"]["sectors"])


@pytest.mark.parametrize("case", [c[0] for c in CASES] + ["report"])
def test_live_whatif_equals_the_cli(driver, pages, case):  # noqa: F811
    from netmap.render.scenario import headline, still_broken

    name, source, options, _ = next(c for c in CASES if c[0] == (
        "bundled" if case == "report" else case))
    open_page(driver, pages[case])
    assert console_errors(driver) == []
    p, rules = load_case(source, options)
    sets = removal_sets(p)
    opened = 0
    for names in sets:
        expected = cli_whatif(source, names, options)
        got = driver.execute_script("return netmap.whatif(arguments[0])", names)
        for key in KEYS:
            assert got[key] == expected[key], (case, names, key)
        opened += len(expected["gaps_opened"]) + len(expected["gaps_closed"])
        words = headline(expected, len(still_broken(p, expected, rules)))
        assert driver.execute_script("return netmap.whatifHeadline(arguments[0])", names) == words
    assert opened > 0  # the sets broke (or mended) rules: the comparison compared findings
    everyone = cli_whatif(source, list(p.organisations), options)
    assert all(f["providers_after"] == 0 for f in everyone["functions"])


def test_providers_keep_the_engagement_order(driver, tmp_path):  # noqa: F811
    """A partnership built in code lists providers in engagement order, not the
    organisations' order: messages and the organisations lost keep it, as the library does."""
    import netmap
    from netmap.metrics import compute
    from netmap.model import Partnership
    from netmap.render.map import map_html

    edges = [("Zeta", "Strategic"), ("Alpha", "Victim Support"), ("Mu", "Strategic"),
             ("Zeta", "Victim Support"), ("Alpha", "Strategic"), ("Beta", "Resources"),
             ("Mu", "Victim Support"), ("Beta", "Strategic"), ("Zeta", "Resources")]
    p = Partnership.from_edges(edges, organisations=["Alpha", "Beta", "Mu", "Zeta"])
    page = tmp_path / "map.html"
    page.write_text(map_html(p, compute(p, runs=0)), encoding="utf-8")
    assert '"order": {' in page.read_text(encoding="utf-8")
    open_page(driver, page)
    for names in (["Zeta", "Alpha"], ["Mu", "Zeta", "Beta"], ["Alpha"], ["Beta", "Zeta"]):
        expected = json.loads(json.dumps(netmap.whatif(p, names, runs=0)))
        got = driver.execute_script("return netmap.whatif(arguments[0])", names)
        assert {k: got[k] for k in KEYS} == {k: expected[k] for k in KEYS}, names


def test_many_sectors_and_functions(driver, tmp_path):  # noqa: F811
    """More sectors than one base-36 digit holds (a list then) and 45 functions (12
    hexadecimal digits per organisation): the page still agrees with the library."""
    import pandas as pd

    import netmap
    from netmap.metrics import compute
    from netmap.model import Partnership
    from netmap.render.map import map_html

    functions = [f"Function {k:02d}" for k in range(45)]
    orgs = [f"Org {i:02d}" for i in range(50)]
    edges = [(o, functions[(i * 7 + k * 11) % 45]) for i, o in enumerate(orgs)
             for k in range(1 + i % 4)]
    attrs = pd.DataFrame({"sector": [f"sector {i % 41}" for i in range(50)]}, index=orgs)
    p = Partnership.from_edges(edges, functions=functions, attributes=attrs)
    page = tmp_path / "map.html"
    page.write_text(map_html(p, compute(p, runs=0)), encoding="utf-8")
    open_page(driver, page)
    assert js(driver, "Array.isArray(netmap.data.whatif.sector_of)")
    rng = random.Random(3)
    for names in [rng.sample(orgs, 5), rng.sample(orgs, 20), orgs[:1]]:
        expected = json.loads(json.dumps(netmap.whatif(p, names, runs=0)))
        got = driver.execute_script("return netmap.whatif(arguments[0])", names)
        assert {k: got[k] for k in KEYS} == {k: expected[k] for k in KEYS}, names


def _node_point(d, node_id):
    """Where the node is on the screen, as an offset from the network's centre."""
    return d.execute_script("""
        var n = netmap.network, id = arguments[0];
        var dom = n.canvasToDOM(n.getPositions([id])[id]);
        var box = document.getElementById('nm-network').getBoundingClientRect();
        return [dom.x - box.width / 2, dom.y - box.height / 2, n.getNodeAt(dom)];""", node_id)


def test_click_tick_and_reset(driver, pages):  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_page(driver, pages["bundled"])
    banner = driver.find_element(By.ID, "nm-wi-banner")
    assert banner.text.startswith("Nobody removed")
    dx, dy, under = _node_point(driver, "org:Hestia")
    assert under == "org:Hestia"
    ActionChains(driver).move_to_element_with_offset(
        driver.find_element(By.ID, "nm-network"), int(dx), int(dy)).click().perform()
    assert js(driver, "netmap.scenario.get()") == ["Hestia"]
    assert banner.text.startswith("Without Hestia, Victim Support rests on 10 providers")
    status = driver.find_element(By.ID, "nm-wi-status")  # in the map's toolbar
    assert status.text == "What if: 1 organisation removed, no new rule broken (details below)"
    assert js(driver, "netmap.nodes.get('org:Hestia').opacity") == 0.25
    assert js(driver, "netmap.edges.get({filter: function (e) { return e.dashes; }}).length") == 1
    search = driver.find_element(By.ID, "nm-wi-filter")
    search.send_keys("kala")
    boxes = driver.find_elements(By.CSS_SELECTOR, "#nm-wi-list input")
    assert [b.get_attribute("value") for b in boxes] == ["Kalayaan"]
    boxes[0].click()
    assert banner.text == ("Without Hestia and Kalayaan, Victim Support rests on 9 providers "
                           "(2 functions lose providers); no rule broken")
    assert js(driver, "location.hash") == "#remove=Hestia,Kalayaan"
    rows = driver.find_elements(By.CSS_SELECTOR, "#nm-wi-functions tbody tr")
    support = next(r for r in rows if r.text.startswith("Victim Support"))
    assert support.find_elements(By.TAG_NAME, "td")[1].text == "9"
    driver.save_screenshot(str(pages["bundled"].with_name("whatif-chosen.png")))
    driver.find_element(By.ID, "nm-wi-reset").click()
    assert js(driver, "netmap.scenario.get()") == [] and js(driver, "location.hash") == ""
    assert banner.text.startswith("Nobody removed") and not status.is_displayed()
    assert js(driver, "netmap.nodes.get('org:Hestia').opacity") == 1
    assert js(driver, "netmap.edges.get({filter: function (e) { return e.dashes; }}).length") == 0
    assert not driver.find_elements(By.CSS_SELECTOR, "#nm-wi-list input:checked")
    # nothing chosen: the panel is left out of a printed page (it says nothing then)
    assert "nm-wi-empty" in driver.find_element(By.ID, "nm-whatif").get_attribute("class")


def test_the_heatmap_and_providers_are_recomputed(driver, pages):  # noqa: F811
    from selenium.webdriver.common.by import By

    p, _ = load_case(SEED, [])
    voluntary = [o for o, s in p.sectors.items() if s == "voluntary"]
    open_page(driver, pages["report"])
    box = "netmap.nodes.get('fn:Victim Support')"
    own_width = js(driver, f"{box}.borderWidth")
    driver.execute_script("netmap.scenario.set(arguments[0])", voluntary)
    head = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#nm-wi-heat thead th")]
    col = head.index("voluntary")
    expected = cli_whatif(SEED, voluntary, [])
    for row, f in zip(driver.find_elements(By.CSS_SELECTOR, "#nm-wi-heat tbody tr"),
                      expected["functions"], strict=True):
        cells = row.find_elements(By.CSS_SELECTOR, "th, td")
        assert cells[0].text == f["function"]
        assert re.fullmatch(r"0( \(was \d+\))?", cells[col].text), cells[col].text
        assert cells[col].value_of_css_property("background-color") == "rgba(0, 114, 178, 0)"
        assert cells[-1].text == str(f["providers_after"])
    assert "Newly broken" in driver.find_element(By.ID, "nm-wi-rules").text
    assert "Victim Support has no voluntary provider" in driver.find_element(
        By.ID, "nm-wi-rules").text
    # on the map, the function a rule newly fails has a thick dashed border, until Reset
    width = js(driver, f"{box}.borderWidth")
    assert width == 5 != own_width and js(driver, f"{box}.shapeProperties.borderDashes") == [8, 5]
    assert js(driver, "netmap.nodes.get('fn:Resources').borderWidth") != 5
    driver.find_element(By.ID, "nm-wi-reset").click()
    assert js(driver, f"{box}.borderWidth") == own_width
    assert not js(driver, f"{box}.shapeProperties.borderDashes")


def test_the_address_reopens_the_scenario(driver, pages):  # noqa: F811
    from selenium.webdriver.common.by import By

    open_page(driver, pages["own-words-rules"])
    chosen = ["St Anne's Church", "Riverside Refuge", "Anytown Council"]
    driver.execute_script("netmap.scenario.set(arguments[0])", chosen)
    link = js(driver, "location.href")
    words = driver.find_element(By.ID, "nm-wi-banner").text
    driver.get("about:blank")
    driver.get(link)
    assert js(driver, "netmap.scenario.get()") == chosen
    assert driver.find_element(By.ID, "nm-wi-banner").text == words
    ticked = driver.find_elements(By.CSS_SELECTOR, "#nm-wi-list input:checked")
    assert sorted(b.get_attribute("value") for b in ticked) == sorted(chosen)
    # following a link to a section of the page keeps the scenario
    driver.execute_async_script("var done = arguments[0]; window.addEventListener("
                                "'hashchange', function () { setTimeout(done, 0); }); "
                                "location.hash = '#nm-whatif';")
    assert js(driver, "netmap.scenario.get()") == chosen
    # a stale link: a name not in the partnership is said, not silently dropped
    driver.get(link.split("#")[0] + "#remove=Nobody%20Here,Anytown%20Council")
    assert js(driver, "netmap.scenario.get()") == ["Anytown Council"]
    assert "left out: Nobody Here" in driver.find_element(By.ID, "nm-wi-banner").text


def test_names_that_need_escaping_survive_the_address_and_run_nothing(driver, tmp_path):  # noqa: F811,E501
    from selenium.webdriver.common.by import By

    names = ["A & B, Partners", "#1 Refuge = 100% safe", "<img src=x onerror=window.__pwned=1>",
             "Caf\u00e9 \U0001f642 Outreach", "Plain Trust"]
    src = tmp_path / "odd.csv"
    lines = ["organisation,sector,Resources,Victim Support"]
    for i, n in enumerate(names):
        lines.append('"' + n.replace('"', '""') + f'",{["voluntary", "statutory"][i % 2]},1,'
                     f"{i % 2}")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = tmp_path / "map.html"
    invoke(["map", src, "-o", page, "--runs", "0"])
    open_page(driver, page)
    chosen = names[:4]
    driver.execute_script("netmap.scenario.set(arguments[0])", chosen)
    link = js(driver, "location.href")
    assert link.count("#") == 1 and "&" not in link.split("#")[1]
    driver.get("about:blank")
    driver.get(link)
    assert js(driver, "netmap.scenario.get()") == chosen
    assert js(driver, "window.__pwned") is None
    assert js(driver, "document.querySelectorAll('#nm-whatif img').length") == 0
    assert names[2] in driver.find_element(By.ID, "nm-wi-removed").text
    assert driver.execute_script("return netmap.whatif(arguments[0])", chosen)["functions"] == \
        cli_whatif(src, chosen, [])["functions"]
    assert console_errors(driver) == []


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: dict = {}
        self._open: list = []
        self.text: list = []

    def handle_starttag(self, tag, attrs):
        self._open.append(dict(attrs).get("id"))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for i in self._open:
            if i:
                self.ids[i] = self.ids.get(i, "") + data


def test_scenario_page_says_the_scenario(tmp_path):
    from netmap.render.scenario import headline, still_broken

    out = tmp_path / "scenario.html"
    result = CliRunner().invoke(cli, ["whatif", str(OWN), "--remove", "St Anne's Church",
                                      "--remove", "Riverside Refuge", "-o", str(out),
                                      *OWN_RULES, "--runs", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # the answer still prints; "wrote" goes to stderr
    assert f"wrote {out.resolve()}" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html
    page = _Text()
    page.feed(html)
    p, rules = load_case(OWN, OWN_RULES)
    assert page.ids["headline"] == headline(data, len(still_broken(p, data, rules)))
    assert {"gaps", "functions", "brokerage", "network", "reproduce"} <= set(page.ids)
    for g in data["gaps_opened"]:
        assert g["message"] in page.ids["gaps"]
    assert "netmap whatif" in page.ids["reproduce"]
    assert "--remove 'St Anne'\"'\"'s Church' --remove 'Riverside Refuge'" in \
        page.ids["reproduce"]
    assert "own_words_rules.toml" in page.ids["reproduce"]
    assert not list(tmp_path.glob(".*.tmp"))  # atomic: no temporary file left


def test_scenario_page_prints_on_one_page(driver, tmp_path):  # noqa: F811
    import base64

    out = tmp_path / "scenario.html"
    invoke(["whatif", SEED, "--remove", "Hestia", "--remove", "Kalayaan", "--remove",
            "Salvation Army", "--runs", "5", "-o", out])
    driver.get(out.as_uri())
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
        "printBackground": True, "preferCSSPageSize": True})["data"])
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert console_errors(driver) == []


def test_scenario_page_is_refused_over_an_input(tmp_path):
    src = tmp_path / "partners.csv"
    src.write_bytes(SEED.read_bytes())
    result = CliRunner().invoke(cli, ["whatif", str(src), "--remove", "Hestia", "-o", str(src)])
    assert result.exit_code == 1
    assert "is an input of this command" in result.stderr
    assert src.read_bytes() == SEED.read_bytes()
    rules = tmp_path / "rules.toml"
    rules.write_text("[min_providers]\nminimum = 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["whatif", str(src), "--remove", "Hestia", "--rules",
                                      str(rules), "-o", str(rules)])
    assert result.exit_code == 1 and rules.read_text(encoding="utf-8").startswith("[min")


def test_scenario_page_is_not_written_for_a_wrong_name(tmp_path):
    out = tmp_path / "scenario.html"
    result = CliRunner().invoke(cli, ["whatif", str(SEED), "--remove", "Hestla", "-o", str(out)])
    assert result.exit_code == 1
    assert "no organisation 'Hestla'" in result.stderr and "did you mean 'Hestia'" in \
        result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_pages_carry_the_whatif_and_its_script(pages):
    for name in ("bundled", "report"):
        html = Path(pages[name]).read_text(encoding="utf-8")
        assert html.count('id="nm-whatif"') == 1 and "var KINDS = [" in html
        assert "innerHTML" not in WHATIF_JS.read_text(encoding="utf-8")
