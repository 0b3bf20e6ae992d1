"""The report's sections, listed once for ``report.md`` and ``report.html``, and the
rows of the tables both show.

:data:`SECTIONS` is the one list of section keys and titles: ``report.md``
writes its ``##`` headings from it and ``report.html.j2`` its ``<h2>``
headings (through :data:`TITLES`), so a section cannot be renamed or added
in one and not the other. Sections marked ``page`` exist only in the page
(the interactive map, the sortable function table). The row builders return
text already formatted, so both files show the same numbers.
"""

from __future__ import annotations

from netmap.metrics import Metrics
from netmap.model import Partnership
from netmap.render.display import fixed

__all__ = ["SECTIONS", "TITLES", "PAGE_ONLY", "BROKER_ROWS", "broker_intro", "broker_rows",
           "stand_ins", "breadth_rows"]

# (key, title, only in the page), in the order of report.md
SECTIONS = (
    ("headline", "Headline", False),
    ("findings", "Findings", False),
    ("to_confirm", "To confirm", False),
    ("vocabulary", "How the labels were read", False),
    ("not_checked", "Rules not checked", False),
    ("coverage", "Who covers what: providers per function, by sector", False),
    ("brokers", "Who holds the partnership together", False),
    ("stand_ins", "Who could stand in for whom", False),
    ("organisations", "Organisations", False),
    ("robustness", "What if partners leave", False),
    ("breadth", "Organisations per number of functions", False),
    ("map", "Map", True),
    ("functions", "Functions", True),
    ("methods", "Methods", False),
)
TITLES = {key: title for key, title, _ in SECTIONS}
PAGE_ONLY = frozenset(key for key, _, page in SECTIONS if page)

BROKER_ROWS = 10
BROKER_HEADERS = ["Organisation", "Sector", "Functions", "Degree", "Closeness", "Betweenness",
                  "Eigenvector", "Constraint", "Substitutes"]


def broker_intro(organisations: int) -> str:
    """The sentence above the table of :func:`broker_rows`.

    >>> print(broker_intro(36)[:50]); print(broker_intro(5)[:40])
    The 10 organisations with the highest two-mode bet
    All 5 organisations, by two-mode between
    """
    what = ("how often the shortest routes between organisations and functions pass through "
            "them")
    if organisations <= BROKER_ROWS:
        return (f"All {organisations} organisations, by two-mode betweenness ({what}), with "
                "their other centralities.")
    return (f"The {BROKER_ROWS} organisations with the highest two-mode betweenness ({what}), "
            "with their other centralities.")
BREADTH_HEADERS = ["Functions", "Organisations", "Which"]
BREADTH_NAMES = 20


def broker_rows(m: Metrics) -> list:
    """The :data:`BROKER_ROWS` organisations of highest two-mode betweenness, as text rows
    under :data:`BROKER_HEADERS`."""
    org = m.organisations
    top = org.sort_values(["betweenness_centrality", "organisation"],
                          ascending=[False, True], kind="stable").head(BROKER_ROWS)
    return [[str(r["organisation"]), str(r.get("sector", "") or ""), str(int(r["functions"])),
             fixed(r["degree_centrality"]), fixed(r["closeness_centrality"]),
             fixed(r["betweenness_centrality"]), fixed(r["eigenvector_centrality"]),
             fixed(r["constraint"]), str(int(r["substitute_count"]))]
            for _, r in top.iterrows()]


def stand_ins(p: Partnership, m: Metrics) -> dict:
    """``alone``: engaged organisations nobody else can stand in for (no substitute);
    ``groups``: ``[organisations, functions]`` text rows of organisations doing exactly the
    same functions (structurally equivalent)."""
    org = m.organisations
    alone = org[(org["functions"] > 0) & (org["substitute_count"] == 0)]
    groups = org[org["equivalents"].map(len) > 0].groupby("equivalence_group", sort=True)
    rows = []
    for _, g in groups:
        first = g["organisation"].iloc[0]
        mine = set(p.engagements.loc[p.engagements["organisation"] == first, "function"])
        rows.append([", ".join(g["organisation"]), "; ".join(f for f in p.functions
                                                             if f in mine)])
    return {"alone": alone["organisation"].tolist(), "groups": rows}


def breadth_rows(m: Metrics) -> list:
    """``[functions, organisations, which]`` text rows, broadest first, under
    :data:`BREADTH_HEADERS` (at most :data:`BREADTH_NAMES` names a row)."""
    org = m.organisations
    rows = []
    for k in sorted(org["functions"].unique(), reverse=True):
        names = [str(n) for n in org.loc[org["functions"] == k, "organisation"]]
        rows.append([str(int(k)), str(len(names)), ", ".join(names[:BREADTH_NAMES])
                     + (f" and {len(names) - BREADTH_NAMES} more"
                        if len(names) > BREADTH_NAMES else "")])
    return rows
