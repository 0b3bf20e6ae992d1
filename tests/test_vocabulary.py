"""The vocabulary layer (issue 14, "One vocabulary layer, used by every command").

Cases covered, each by the tests named:

- functions in the partnership's own words are read as the canonical functions
  through a documented synonym table, with case, spacing, punctuation, &/and,
  hyphens and plurals folded and nothing else guessed:
  test_synonyms_and_folding, test_nothing_else_is_guessed
- "Psycho-social support" and "Psychosocial support" are one function:
  test_spelling_twins_are_one_function
- a label neither canonical nor synonym is the partnership's own function,
  kept and analysed, an error only with --strict-vocabulary:
  test_own_functions_are_kept_and_analysed, test_strict_vocabulary_refuses_own_labels
- sectors: type values (Police, Council, NHS, Charity, Church) are read as
  classes under the common headers, the own value kept; unknown values are
  "other" with one warning; no false sector gaps:
  test_type_values_are_read_as_sector_classes, test_no_false_sector_gaps_from_type_values,
  test_unknown_type_values_are_other_with_one_warning, test_a_category_of_codes_is_not_a_type
- one place every command uses: the same gaps from report, gaps, whatif and map:
  test_every_command_gives_the_same_gaps
- rules are evaluated on the mapped vocabulary; unknown names in a rules file
  are errors; rules not checked are listed with reason and fix:
  test_rules_apply_to_the_partnerships_own_words, test_rules_naming_unknown_words_are_errors,
  test_rules_not_checked_are_listed_with_reason_and_fix; a rules file may name the
  partnership's own functions (any twin spelling) in every command, and a misspelt one is
  an error suggesting it: test_rules_may_name_the_partnerships_own_functions
- --taxonomy FILE (functions and sectors in one TOML format) on every reading command:
  test_taxonomy_file_maps_functions_and_sectors
- the report (report.md and report.html) says how every label was read and lists the
  rules not checked: test_report_says_how_labels_were_read
- compare: own vocabulary shared without a taxonomy, every input's own labels in one run
  (diff too, on the terminal and in diff.html), a function only some record is not
  recorded elsewhere:
  test_compare_shares_own_vocabulary_across_inputs
- --taxonomy is taken by every command that reads a partnership:
  test_every_reading_command_reads_the_taxonomy
- the map's tooltips show the own type value beside the class: test_tooltips_show_own_type
- compare --strict-vocabulary names every unknown label of every input in one run:
  test_strict_compare_reports_every_input_at_once
- the bundled data reads unchanged: test_bundled_data_reads_unchanged
- a partnership built in Python (Partnership.from_edges) with its own labels gets the same
  gaps as the same table read from a file: the rules read its function labels and sector
  values through the default vocabulary (and a partnership already read is not read
  twice): test_a_partnership_built_in_python_gets_the_gaps_of_its_file
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

import netmap
from netmap.cli import cli
from netmap.errors import InputError
from netmap.metrics.rules import load_rules
from netmap.vocabulary import Vocabulary, key, read_vocabulary

from .conftest import SEED

COORDINATOR = (
    "Organisation,Type,Funding,Awareness,First responders,Supporting survivors,"
    "Investigation & prosecution,Governance\n"
    "County Police,Police,,1,1,,1,1\n"
    "County Council,Council,1,1,1,,,1\n"
    "NHS Trust,NHS,,,1,1,,\n"
    "Hope Trust,Charity,,1,,1,,\n"
    "St Mary's,Church,1,,,1,,\n")

DIRECTORY = (
    "organisation,sector,Shelter,Health,Legal,Psycho-social support,Psychosocial Support\n"
    "Haven,Charity,1,,,1,\n"
    "Clinic,NHS,,1,,,1\n"
    "Law Centre,Charity,,,1,,\n")


@pytest.fixture
def coordinator(tmp_path):
    path = tmp_path / "coordinator.csv"
    path.write_text(COORDINATOR, encoding="utf-8")
    return path


@pytest.fixture
def directory(tmp_path):
    path = tmp_path / "directory.csv"
    path.write_text(DIRECTORY, encoding="utf-8")
    return path


@pytest.mark.parametrize("label,canonical", [
    ("Victim Care", "Victim Support"), ("Survivor Support", "Victim Support"),
    ("supporting  SURVIVORS", "Victim Support"), ("Protection", "Victim Support"),
    ("Prepare", "Victim Support"), ("Awareness", "Prevention and Awareness Raising"),
    ("Prevent", "Prevention and Awareness Raising"), ("Pursue", "Investigation and Prosecution"),
    ("Enforcement", "Investigation and Prosecution"),
    ("Investigation & prosecution", "Investigation and Prosecution"),
    ("Investigations and Prosecutions", "Investigation and Prosecution"),
    ("Investigation / prosecution", "Investigation and Prosecution"),
    ("Identification", "Victim Identification"), ("First Responders", "Victim Identification"),
    ("first-responder", "Victim Identification"), ("Funding", "Resources"),
    ("Governance", "Strategic"), ("Partnership", "Strategic"),
])
def test_synonyms_and_folding(label, canonical):
    assert Vocabulary().canonical_of(label) == canonical


@pytest.mark.parametrize("label", ["Shelter", "Health", "Legal", "Victim Suport", "Outreach",
                                   "Psychosocial support", "Supporter"])
def test_nothing_else_is_guessed(label):
    assert Vocabulary().canonical_of(label) is None


def test_spelling_twins_are_one_function(directory):
    assert key("Psycho-social support") == key("Psychosocial Support")
    loaded = netmap.load(directory)
    p = loaded.partnership
    assert p.functions == ("Shelter", "Health", "Legal", "Psycho-social support")
    assert sorted(p.functions_of()["Clinic"]) == ["Health", "Psycho-social support"]
    assert loaded.reading.functions["Psychosocial Support"] == ("Psycho-social support", "twin")


def test_own_functions_are_kept_and_analysed(directory, runner):
    m = netmap.compute(netmap.read(directory), runs=0)
    fn = m.functions.set_index("function")
    assert fn.loc["Shelter", "providers"] == 1 and fn.loc["Psycho-social support",
                                                          "providers"] == 2
    assert [g.function for g in m.gaps if g.rule == "single_provider"] == [
        "Shelter", "Health", "Legal"]
    result = runner.invoke(cli, ["validate", str(directory)])
    assert result.exit_code == 0, result.output


def test_strict_vocabulary_refuses_own_labels(directory, runner):
    with pytest.raises(InputError, match="function 'Shelter' is not in the vocabulary"):
        netmap.load(directory, strict=True)
    result = runner.invoke(cli, ["gaps", str(directory), "--strict-vocabulary"])
    assert result.exit_code == 1
    assert "function 'Legal' is not in the vocabulary" in result.stderr


def test_type_values_are_read_as_sector_classes(coordinator):
    loaded = netmap.load(coordinator)
    p = loaded.partnership
    assert p.sectors.to_dict() == {"County Police": "statutory", "County Council": "statutory",
                                   "NHS Trust": "statutory", "Hope Trust": "voluntary",
                                   "St Mary's": "faith"}
    assert p.attributes.loc["County Police", "type"] == "Police"  # own value kept
    assert p.functions == ("Resources", "Prevention and Awareness Raising",
                           "Victim Identification", "Victim Support",
                           "Investigation and Prosecution", "Strategic")
    assert loaded.warnings == []


@pytest.mark.parametrize("header", ["Sector", "Organisation type", "Organization Type", "category"])
def test_no_false_sector_gaps_from_type_values(tmp_path, header):
    path = tmp_path / "p.csv"
    path.write_text(COORDINATOR.replace("Organisation,Type,", f"Organisation,{header},", 1),
                    encoding="utf-8")
    p = netmap.read(path)
    gaps = netmap.compute(p, runs=0).gaps
    assert not [g for g in gaps if g.rule in ("sector_mix", "function_sector")], gaps
    own = [c for c in p.attributes.columns if c != "sector"]
    assert p.attributes.loc["Hope Trust", own[0]] == "Charity"


def test_unknown_type_values_are_other_with_one_warning(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(COORDINATOR.replace("Charity", "Hairdresser").replace("Church", "Knitters"),
                    encoding="utf-8")
    loaded = netmap.load(path)
    assert loaded.partnership.sectors["Hope Trust"] == "other"
    assert len(loaded.warnings) == 1
    assert "'Hairdresser', 'Knitters'" in loaded.warnings[0].message
    # now there really is no voluntary organisation: that gap is true, not false
    gaps = netmap.compute(loaded.partnership, runs=0).gaps
    assert ("sector_mix", "voluntary") in [(g.rule, g.sector) for g in gaps]


def test_a_category_of_codes_is_not_a_type(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("organisation,category,Victim Support\nA,X1,1\nB,X2,1\n", encoding="utf-8")
    p = netmap.read(path)
    assert p.sectors.tolist() == ["", ""] and p.attributes["category"].tolist() == ["X1", "X2"]


def _gap_keys(records) -> list:
    return sorted((g["rule"], g["function"] or "", g["sector"] or "") for g in records)


def test_every_command_gives_the_same_gaps(coordinator, runner, tmp_path):
    # Hope Trust is the only voluntary provider of Victim Support; County Police the only
    # statutory provider of Investigation and Prosecution
    expected = _gap_keys([g.as_dict() for g in netmap.compute(netmap.read(coordinator),
                                                              runs=0).gaps])
    assert ("single_provider", "Investigation and Prosecution", "") in expected
    gaps = runner.invoke(cli, ["gaps", str(coordinator), "--format", "json"])
    assert gaps.exit_code == 0, gaps.output
    assert _gap_keys(json.loads(gaps.stdout)["gaps"]) == expected
    report = runner.invoke(cli, ["report", str(coordinator), "-o", str(tmp_path / "r"),
                                 "--runs", "0"])
    assert report.exit_code == 0, report.output
    import csv

    with open(tmp_path / "r" / "gaps.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert _gap_keys(rows) == expected
    whatif = runner.invoke(cli, ["whatif", str(coordinator), "--remove", "Hope Trust",
                                 "--format", "json"])
    assert whatif.exit_code == 0, whatif.output
    before = json.loads(whatif.stdout)
    assert "function_sector" in json.dumps(before)  # losing Hope Trust opens the VS rule
    map_html = tmp_path / "m.html"
    result = runner.invoke(cli, ["map", str(coordinator), "-o", str(map_html)])
    assert result.exit_code == 0, result.output
    assert "Victim Support" in map_html.read_text(encoding="utf-8")


def test_rules_apply_to_the_partnerships_own_words(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("organisation,type,Supporting survivors,Pursue\n"
                    "Police,Police,1,1\nCouncil,Local Authority,1,\nHope,Charity,,1\n",
                    encoding="utf-8")
    gaps = netmap.compute(netmap.read(path), runs=0).gaps
    assert ("function_sector", "Victim Support", "voluntary") in [
        (g.rule, g.function, g.sector) for g in gaps]


def test_rules_naming_unknown_words_are_errors(tmp_path, runner):
    rules = tmp_path / "rules.toml"
    rules.write_text("[[function_sector]]\nfunction = 'Victim Suport'\nsector = 'Charity'\n"
                     "[[function_sector]]\nfunction = 'Survivor Support'\nsector = 'volunteers'\n",
                     encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_rules(rules)
    text = str(e.value)
    assert "nor the partnership knows the function 'Victim Suport'" in text
    assert "did you mean 'Victim Support'" in text
    assert "no vocabulary knows the sector 'volunteers'" in text
    result = runner.invoke(cli, ["gaps", str(SEED), "--rules", str(rules)])
    assert result.exit_code == 1 and "Victim Suport" in result.stderr


def test_rules_may_name_the_partnerships_own_functions(directory, tmp_path, runner):
    rules = tmp_path / "rules.toml"
    rules.write_text("[[function_sector]]\nfunction = 'shelters'\nsector = 'Charity'\n",
                     encoding="utf-8")
    p = netmap.read(directory)
    assert "Shelter" in p.functions
    loaded = load_rules(rules, own=p.functions)
    assert loaded["function_sector"][0]["function"] == "Shelter"
    rule = ("function_sector", "Shelter")
    assert rule not in {(g.rule, g.function) for g in netmap.compute(p, rules=loaded,
                                                                     runs=0).gaps}
    # Haven is the one voluntary shelter: without it the partnership's own rule breaks,
    # in the library and in the command line alike
    without = netmap.compute(p.without(["Haven"]), rules=loaded, runs=0).gaps
    assert rule in {(g.rule, g.function) for g in without}
    result = runner.invoke(cli, ["whatif", str(directory), "--remove", "Haven", "--rules",
                                 str(rules), "--format", "json"])
    assert result.exit_code == 0, result.output
    opened = json.loads(result.stdout)["gaps_opened"]
    assert rule in {(g["rule"], g["function"]) for g in opened}
    with pytest.raises(InputError):
        load_rules(rules)  # without the partnership, "shelters" is unknown
    rules.write_text("[[function_sector]]\nfunction = 'Sheltre'\nsector = 'Charity'\n",
                     encoding="utf-8")
    result = runner.invoke(cli, ["gaps", str(directory), "--rules", str(rules)])
    assert result.exit_code == 1 and "did you mean 'Shelter'" in result.stderr


def test_rules_not_checked_are_listed_with_reason_and_fix(tmp_path, runner):
    path = tmp_path / "p.csv"
    path.write_text("organisation,Shelter,Strategy\nA,1,1\nB,1,\n", encoding="utf-8")
    result = runner.invoke(cli, ["gaps", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    missing = json.loads(result.stdout)["not_checked"]
    assert [(r["rule"], r["function"]) for r in missing] == [
        ("sector_mix", None), ("function_sector", "Victim Support"),
        ("function_sector", "Investigation and Prosecution")]
    assert all(r["reason"] and r["fix"] for r in missing)
    assert "does not record the function 'Victim Support'" in missing[1]["reason"]


def test_taxonomy_file_maps_functions_and_sectors(directory, tmp_path, runner):
    taxonomy = tmp_path / "t.toml"
    taxonomy.write_text('[functions]\n"Victim Support" = ["Shelter"]\n'
                        '[sectors]\ncommunity = ["Law Centre"]\n', encoding="utf-8")
    directory.write_text(DIRECTORY.replace("Law Centre,Charity", "Law Centre,Law Centre"),
                         encoding="utf-8")
    from netmap.taxonomy import load_taxonomy

    p = netmap.read(directory, vocabulary=load_taxonomy(taxonomy))
    assert p.functions[0] == "Victim Support" and p.sectors["Law Centre"] == "community"
    result = runner.invoke(cli, ["metrics", str(directory), "--taxonomy", str(taxonomy),
                                 "--format", "json", "--runs", "0"])
    assert result.exit_code == 0, result.output
    functions = [r["function"] for r in json.loads(result.stdout)["functions"]]
    assert functions[0] == "Victim Support" and "Shelter" not in functions
    bad = tmp_path / "bad.toml"
    bad.write_text('[sectors]\nvoluntry = ["Refuge"]\n', encoding="utf-8")
    result = runner.invoke(cli, ["gaps", str(directory), "--taxonomy", str(bad)])
    assert result.exit_code == 1 and "unknown sector class 'voluntry'" in result.stderr


def test_sector_classes_in_any_case_are_kept_as_they_are(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("organisation,Sector,Victim Support\nA,Statutory,1\nB,VOLUNTARY,1\n",
                    encoding="utf-8")
    p = netmap.read(path)
    assert list(p.attributes.columns) == ["sector"]
    assert p.sectors.tolist() == ["Statutory", "VOLUNTARY"]
    assert not [g for g in netmap.compute(p, runs=0).gaps if g.rule == "sector_mix"]


def test_bundled_data_reads_unchanged():
    raw = netmap.io.read(SEED)  # the loader alone, without the vocabulary
    p, reading, problems = read_vocabulary(raw)
    assert problems == [] and p.labels_read and not raw.labels_read
    assert p.engagements is raw.engagements and p.attributes is raw.attributes
    assert p.functions == raw.functions
    assert all(how == "canonical" for _, how in reading.functions.values())


def test_report_says_how_labels_were_read(directory, tmp_path):
    from html.parser import HTMLParser

    out = tmp_path / "r"
    netmap.write_report(netmap.load(directory), out, runs=0)
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## How the labels were read" in md
    assert "- function 'Psychosocial Support' read as 'Psycho-social support'" in md
    assert "- type 'NHS' read as statutory" in md
    assert "## Rules not checked" in md and "does not record the function 'Victim Support'" in md

    class Sections(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.items, self._in = [], [], False

        def handle_starttag(self, tag, attrs):
            self.ids += [v for k, v in attrs if k == "id" and tag == "section"]
            self._in = tag == "li" and self.ids[-1:] == ["vocabulary"]

        def handle_data(self, data):
            if self._in:
                self.items.append(data)

    page = Sections()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    assert "vocabulary" in page.ids and "not-checked" in page.ids
    assert "function 'Shelter' kept as the partnership's own function" in page.items


def test_compare_shares_own_vocabulary_across_inputs(tmp_path, runner):
    a = tmp_path / "north.csv"
    a.write_text("organisation,type,Shelter,Psycho-social support,Victim Care\n"
                 "Haven,Charity,1,1,1\nClinic,NHS,,1,\n", encoding="utf-8")
    b = tmp_path / "south.csv"
    b.write_text("organisation,type,Shelters,Psychosocial Support,Legal\n"
                 "Refuge,Charity,1,,1\nGP,NHS,,1,\n", encoding="utf-8")
    c = netmap.compare([netmap.read(a), netmap.read(b)], runs=0, null_draws=0)
    providers = c.providers
    assert list(providers.index) == ["Victim Support", "Shelter", "Psycho-social support",
                                     "Legal"]
    assert providers.loc["Shelter"].tolist() == [1, 1]
    assert providers.loc["Psycho-social support"].tolist() == [2, 1]
    assert providers.loc["Legal", "north"] is pd.NA and providers.loc["Legal", "south"] == 1
    result = runner.invoke(cli, ["compare", str(a), str(b), "-o", str(tmp_path / "c"),
                                 "--null-draws", "0", "--runs", "0"])
    assert result.exit_code == 0, result.output
    # every input's own labels, in one run
    assert "north: its own functions (not in the taxonomy): 'Shelter', 'Psycho-social" \
        in result.stderr
    assert "south: its own functions (not in the taxonomy): 'Shelters'" in result.stderr
    # diff says the same of its two inputs, on the terminal and in diff.html
    result = runner.invoke(cli, ["diff", str(a), str(b), "-o", str(tmp_path / "d"),
                                 "--runs", "0"])
    assert result.exit_code == 0, result.output
    said = "south: 'Shelters' read as 'Shelter', 'Psychosocial Support' read as"
    assert said in result.stderr and "north: its own functions" in result.stderr
    page = (tmp_path / "d" / "diff.html").read_text(encoding="utf-8")
    assert "How the labels were read" in page and "Shelters&#39; read as" in page


@pytest.mark.parametrize("command", [
    ["validate"], ["metrics"], ["gaps"], ["whatif", "--remove", "Hope Trust"], ["map", "-o", "M"],
    ["report", "-o", "R"], ["export", "--to", "json", "-o", "E"], ["compare", "SELF", "-o", "C"],
    ["diff", "SELF"], ["vocabulary"]])
def test_every_reading_command_reads_the_taxonomy(coordinator, tmp_path, runner, command):
    taxonomy = tmp_path / "t.toml"
    taxonomy.write_text('[sectors]\nvoluntry = ["Refuge"]\n', encoding="utf-8")
    names = {"M": str(tmp_path / "m.html"), "R": str(tmp_path / "r"),
             "E": str(tmp_path / "e.json"), "C": str(tmp_path / "c"), "SELF": str(coordinator)}
    args = [command[0], str(coordinator)] + [names.get(a, a) for a in command[1:]]
    result = runner.invoke(cli, args + ["--taxonomy", str(taxonomy)])
    assert result.exit_code == 1, result.output
    assert "unknown sector class 'voluntry'" in result.output


def test_tooltips_show_own_type(coordinator, tmp_path):
    out = tmp_path / "map.html"
    netmap.write_map(netmap.load(coordinator), out)
    html = out.read_text(encoding="utf-8")
    assert "Sector: statutory (Police)" in html and "Sector: faith (Church)" in html


def test_strict_compare_reports_every_input_at_once(tmp_path, runner):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("organisation,Shelter,Victim Care\nX,1,1\n", encoding="utf-8")
    b.write_text("organisation,Legal,Pursue\nY,1,1\n", encoding="utf-8")
    result = runner.invoke(cli, ["compare", str(a), str(b), "-o", str(tmp_path / "c"),
                                 "--strict-vocabulary", "--null-draws", "0"])
    assert result.exit_code == 1
    assert "function 'Shelter' is not in the vocabulary" in result.stderr
    assert "function 'Legal' is not in the vocabulary" in result.stderr
    assert "2 errors in" in result.stderr and not (tmp_path / "c").exists()


def test_own_functions_spelt_with_a_hyphen_a_space_or_neither_are_one(runner, tmp_path):
    from netmap.cli import cli

    old, new = tmp_path / "w1.csv", tmp_path / "w2.csv"
    old.write_text("organisation,Outreach work,Drop-in centre\nA,1,\nB,,1\n", encoding="utf-8")
    new.write_text("organisation,Outreach-work,Drop in centres\nA,1,\nB,,1\nC,1,1\n",
                   encoding="utf-8")
    result = runner.invoke(cli, ["diff", str(old), str(new), "--runs", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    functions = {f["function"]: (f["providers_before"], f["providers_after"])
                 for f in json.loads(result.stdout)["functions"]}
    assert functions == {"Outreach work": (1, 2), "Drop-in centre": (1, 2)}


def test_a_refuge_is_a_voluntary_organisation():
    from netmap.vocabulary import Vocabulary

    assert Vocabulary().sector_of("Refuge") == "voluntary"


def test_the_readme_lists_every_synonym():
    from netmap.vocabulary import FUNCTIONS, SECTORS

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for canonical, synonyms in [*FUNCTIONS.items(), *SECTORS.items()]:
        assert f"| {canonical} | " + ", ".join(synonyms) + " |" in readme, canonical


def test_a_partnership_built_in_python_gets_the_gaps_of_its_file(tmp_path):
    import pandas as pd

    from netmap.model import Partnership

    path = tmp_path / "p.csv"
    path.write_text("organisation,sector,Supporting survivors,Investigation & prosecution\n"
                    "Met,Police,,1\nCouncil,Council,1,\nHope,Charity,,1\n", encoding="utf-8")
    attrs = pd.DataFrame({"sector": ["Police", "Council", "Charity"]},
                         index=["Met", "Council", "Hope"])
    built = Partnership.from_edges([("Met", "Investigation & prosecution"),
                                    ("Council", "Supporting survivors"),
                                    ("Hope", "Investigation & prosecution")], attributes=attrs)
    assert not built.labels_read and netmap.read(path).labels_read
    read_as = {"Supporting survivors": "Victim Support",
               "Investigation & prosecution": "Investigation and Prosecution"}

    def gaps(p, rename=None):
        return sorted((g.rule, (rename or {}).get(g.function, g.function), g.sector,
                       g.severity) for g in netmap.compute(p, runs=0).gaps)

    expected = gaps(netmap.read(path))
    # Victim Support has no voluntary provider: the rule about it is checked, not skipped
    assert ("function_sector", "Victim Support", "voluntary", "high") in expected
    assert not [g for g in expected if g[0] == "sector_mix"]
    assert gaps(built, read_as) == expected
    # a removal keeps how the labels are read
    assert gaps(built.without(["Hope"]), read_as) == gaps(netmap.read(path).without(["Hope"]))
