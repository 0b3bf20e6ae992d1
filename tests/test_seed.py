"""The bundled seed dataset is exactly the source table."""

from __future__ import annotations

import re

import netmap
from netmap.metrics import compute

from .conftest import ROOT, SEED, SEED_ROSTER, edges

SEED_FUNCTIONS = ("Resources", "Prevention and Awareness Raising", "Victim Identification",
                  "Victim Support", "Investigation and Prosecution", "Strategic")
# Counted by hand from the source table's columns.
SEED_PROVIDERS = {"Resources": 5, "Prevention and Awareness Raising": 7,
                  "Victim Identification": 10, "Victim Support": 11,
                  "Investigation and Prosecution": 9, "Strategic": 9}
TAXONOMY = {"statutory", "voluntary", "faith", "community", "international",
            "partnership network"}


def test_seed_counts_and_order():
    p = netmap.read(SEED)
    assert (len(p.organisations), len(p.functions), len(p.engagements)) == (36, 6, 51)
    assert p.functions == SEED_FUNCTIONS
    assert "SOCA/NCA" in p.organisations and "SOCA" in p.organisations


def test_seed_providers_per_function_match_the_source_table():
    m = compute(netmap.read(SEED))
    providers = dict(zip(m.functions["function"], m.functions["providers"], strict=True))
    assert providers == SEED_PROVIDERS


def test_seed_roster_layout_loads_to_the_same_engagements():
    loaded = netmap.load(SEED_ROSTER)
    assert loaded.layout == "roster"
    assert len(loaded.partnership.engagements) == 51
    assert edges(loaded.partnership) == edges(netmap.read(SEED))
    assert set(loaded.partnership.organisations) == set(netmap.read(SEED).organisations)


def test_seed_loads_without_warnings():
    loaded = netmap.load(SEED)
    assert loaded.warnings == []


def test_every_sector_is_in_the_documented_taxonomy_and_documented_per_organisation():
    p = netmap.read(SEED)
    sectors = p.sectors.to_dict()
    assert set(sectors.values()) <= TAXONOMY
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    documented = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1] in TAXONOMY:
            documented[cells[0]] = cells[1]
    assert documented == sectors
    for sector in TAXONOMY:
        assert re.search(rf"\| `{sector}` \|", readme), sector
