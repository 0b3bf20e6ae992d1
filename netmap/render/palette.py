"""Colours: the Okabe-Ito palette, safe for the common colour-vision deficiencies.

Okabe, M. & Ito, K. (2008). *Color Universal Design*. Sectors of the netmap
taxonomy have fixed colours; other sectors take the remaining colours in
order of appearance. Nothing relies on colour alone: shapes, outlines, text
labels and the legend carry the same information.
"""

from __future__ import annotations

from netmap.names import fold

__all__ = ["sector_colours", "css_variables", "page_colours", "GAP", "FUNCTION",
           "CRITICAL_BORDER", "EDGE", "UNKNOWN"]

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
EDGE_LIGHT = "#B0B0B0"  # ties in the static network picture
ACCENT = FIXED["statutory"]  # headings' rule, the random-order curve
GAP_TEXT = "#8A2C00"  # vermillion darkened for text (contrast above 7:1 on white)
GAIN_TEXT = "#005A8C"  # blue darkened for text: what a new wave gained
NEUTRAL = "#DDDDDD"  # legend swatch of an organisation, group nodes
NODE_BORDER = "#333333"
TEXT = "#000000"
GROUP_BORDER = "#555555"
SEVERITY = {"critical": GAP, "high": FIXED["voluntary"], "medium": FIXED["partnership network"]}


def css_variables() -> str:
    """The palette as CSS custom properties, for every page's stylesheet.

    >>> css_variables().startswith(":root {") and "--nm-gap: #D55E00;" in css_variables()
    True
    """
    values = {"accent": ACCENT, "gap": GAP, "gap-text": GAP_TEXT, "gain-text": GAIN_TEXT,
              "function": FUNCTION, "edge": EDGE, "neutral": NEUTRAL,
              **{f"severity-{k}": v for k, v in SEVERITY.items()}}
    return ":root { " + " ".join(f"--nm-{k}: {v};" for k, v in values.items()) + " }"


def page_colours() -> dict:
    """The colours the map's script draws its legend with."""
    return {"neutral": NEUTRAL, "function": FUNCTION, "gap": GAP, "edge": EDGE,
            "group": NEUTRAL}


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
