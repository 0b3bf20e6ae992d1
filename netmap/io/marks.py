"""What the headers and cells of a table say: which header names the organisation,
the functions or the weight, which labels mark a summary row, which cells are
engagement marks. Shared by layout detection (:mod:`netmap.io.detect`), the
column checks (:mod:`netmap.io.columns`) and the readers (:mod:`netmap.io.layouts`).
"""

from __future__ import annotations

from netmap.io.cells import EXCEL_ERRORS, CellError, interpret, is_uncertain
from netmap.names import fold

__all__ = ["ORG_HEADERS", "FUNCTION_HEADERS", "SINGULAR_FUNCTION_HEADERS", "WEIGHT_HEADERS",
           "KNOWN_ATTRIBUTES", "SUMMARY_LABELS", "SUMMARY_START", "is_summary", "is_mark"]

ORG_HEADERS = frozenset({"organisation", "organization", "organisations", "organizations",
                         "org", "name", "partner", "agency"})
FUNCTION_HEADERS = frozenset({"function", "functions", "service", "services", "activity",
                              "activities"})
SINGULAR_FUNCTION_HEADERS = frozenset({"function", "service", "activity"})
WEIGHT_HEADERS = frozenset({"weight", "strength", "count", "value"})
KNOWN_ATTRIBUTES = frozenset({"sector", "type", "category", "kind", "organisation type",
                              "organization type", "region", "area", "notes", "note",
                              "comments", "comment", "description", "website", "contact",
                              "id", "code"})
SUMMARY_LABELS = frozenset({"total", "totals", "sum", "count", "grand total",
                            "number of organisations", "number of organizations"})
# first characters of a summary label (a quick test before the full one)
SUMMARY_START = frozenset(" \t" + "".join(w[0] + w[0].upper() for w in SUMMARY_LABELS))


def is_summary(name: str) -> bool:
    """True for the label of a summary row (``Total``, ``Grand total:``, ...).

    >>> is_summary("TOTAL:"), is_summary(" Number of organisations "), is_summary("Totally")
    (True, True, False)
    """
    return len(name) <= 30 and fold(name).rstrip(":").rstrip() in SUMMARY_LABELS


def is_mark(value: str, weighted: bool = True) -> bool:
    """True for an engagement mark or number, an uncertain mark, or a spreadsheet error."""
    if is_uncertain(value):
        return True
    try:
        interpret(value, weighted=weighted)
    except CellError:
        return value.strip().casefold() in EXCEL_ERRORS
    return True
