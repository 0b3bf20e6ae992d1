"""Colours: the Okabe-Ito palette, safe for the common colour-vision deficiencies.

Okabe, M. & Ito, K. (2008). *Color Universal Design*. Sectors of the netmap
taxonomy have fixed colours; other sectors take the remaining colours in
order of appearance. Nothing relies on colour alone: shapes, outlines, text
labels and the legend carry the same information.
"""

from __future__ import annotations

from netmap.names import fold

__all__ = ["sector_colours", "GAP", "FUNCTION", "CRITICAL_BORDER", "EDGE", "UNKNOWN"]

FIXED = {
    "statutory": "#0072B2",  # blue
    "voluntary": "#E69F00",  # orange
    "faith": "#CC79A7",  # reddish purple
    "community": "#009E73",  # bluish green
    "international": "#56B4E9",  # sky blue
    "partnership network": "#F0E442",  # yellow
}
SPARE = ["#882255", "#44AA99", "#999933", "#AA4499", "#117733", "#332288", "#DDCC77"]
UNKNOWN = "#BBBBBB"
GAP = "#D55E00"  # vermillion
FUNCTION = "#FFFFFF"
CRITICAL_BORDER = "#000000"
EDGE = "#9A9A9A"


def sector_colours(sectors) -> dict:
    """Sector -> colour for the sectors given (in order), unknown/blank grey.

    >>> sector_colours(["voluntary", "", "police"])
    {'voluntary': '#E69F00', '': '#BBBBBB', 'police': '#882255'}
    """
    out = {}
    spare = iter(SPARE * 10)
    for s in sectors:
        if s in out:
            continue
        if not s or fold(s) == "unknown":
            out[s] = UNKNOWN
        else:
            out[s] = FIXED.get(fold(s)) or next(spare)
    return out
