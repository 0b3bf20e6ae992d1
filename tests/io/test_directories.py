"""Directories and survey exports (issue 14, "Directories and survey exports").

Cases covered, one test each unless said:

- long layout, several functions in one cell (``;``, ``|``, line breaks), each an
  engagement, duplicates in a cell merged, the weight applied to each:
  ``test_long_cell_lists_several_functions``, ``test_long_directory_fixture_loads``;
"""

from __future__ import annotations

from netmap.io import load
from tests.conftest import OK, edges

DIRECTORY_EDGES = {
    ("Safe Haven", "Shelter"), ("Safe Haven", "Health"), ("Safe Haven", "Legal"),
    ("City Law Centre", "Legal"), ("Northern Police", "Identification"),
    ("Mind North", "Psycho-social support"), ("Mind North", "Health"),
    ("Harbour House", "Shelter"), ("Harbour House", "Psychosocial support"),
    ("South Council", "Identification"), ("South Council", "Shelter"),
    ("Coast Clinic", "Health"),
}


def test_long_cell_lists_several_functions(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text('organisation,function,weight\nHestia,"Shelter; Health | Legal",2\n'
                 'Hestia,"health\nShelter;",2\nPolice,Legal||,3\n', encoding="utf-8")
    loaded = load(f, weighted=True)
    p = loaded.partnership
    assert loaded.layout == "long"
    assert p.functions == ("Shelter", "Health", "Legal")
    got = {(o, fn): w for o, fn, w in p.engagements.itertuples(index=False)}
    assert got == {("Hestia", "Shelter"): 2.0, ("Hestia", "Health"): 2.0,
                   ("Hestia", "Legal"): 2.0, ("Police", "Legal"): 3.0}
    assert not [x for x in loaded.problems if x.is_error]


def test_long_cell_naming_a_function_twice_is_one_engagement(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text('organisation,function,weight\nHestia,"Shelter;shelter | Health",2\n',
                 encoding="utf-8")
    p = load(f, weighted=True).partnership
    assert len(p.engagements) == 2 and set(p.functions) == {"Shelter", "Health"}


def test_long_directory_fixture_loads():
    loaded = load(OK / "directory_long.csv")
    p = loaded.partnership
    assert loaded.layout == "long"
    assert edges(p) == DIRECTORY_EDGES
    assert set(p.attributes.columns) >= {"region", "sector"}
    assert p.attributes.loc["Harbour House", "region"] == "South"
    assert not [x for x in loaded.problems if x.is_error]
