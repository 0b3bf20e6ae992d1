"""Colours: the Okabe-Ito palette and Paul Tol's, safe for the common colour-vision deficiencies.

Sources: Okabe, M. & Ito, K. (2008). *Color Universal Design (CUD): how to
make figures and presentations that are friendly to colorblind people*
(https://jfly.uni-koeln.de/color/); Tol, P. (2021). *Colour Schemes*, SRON
technical note SRON/EPS/TN/09-002, its "muted" qualitative scheme
(https://personal.sron.nl/~pault/).

Sector classes take :data:`SECTOR_STYLES` in order: the first eight are
dots in six Okabe-Ito colours (black and vermillion are kept for outlines
and gaps) and two of Tol's (indigo, wine); classes nine to twelve add a
second channel, shape (diamond, triangle, square, star), in four more of
Tol's colours; beyond twelve, colours and shapes are reused in new
pairings. The sector classes of the vocabulary
(:data:`netmap.vocabulary.SECTOR_CLASSES`) have fixed styles, so a class
looks the same in every map; other sectors (a partnership built without the
vocabulary) take the styles no class of the map holds, in order of
appearance. Nothing relies on colour alone: shapes, outlines, text
labels and the legend carry the same information.
"""

from __future__ import annotations

from netmap.names import fold

__all__ = ["sector_colours", "sector_styles", "css_variables", "page_colours", "GAP",
           "FUNCTION", "CRITICAL_BORDER", "EDGE", "UNKNOWN", "SECTOR_STYLES"]

# (colour, vis-network shape) for up to twelve sector classes
SECTOR_STYLES = (
    ("#0072B2", "dot"),  # Okabe-Ito blue
    ("#E69F00", "dot"),  # Okabe-Ito orange
    ("#CC79A7", "dot"),  # Okabe-Ito reddish purple
    ("#009E73", "dot"),  # Okabe-Ito bluish green
    ("#56B4E9", "dot"),  # Okabe-Ito sky blue
    ("#F0E442", "dot"),  # Okabe-Ito yellow
    ("#332288", "dot"),  # Tol muted indigo
    ("#882255", "dot"),  # Tol muted wine
    ("#999933", "diamond"),  # Tol muted olive
    ("#44AA99", "triangle"),  # Tol muted teal
    ("#CC6677", "square"),  # Tol muted rose
    ("#DDCC77", "star"),  # Tol muted sand
)
_MORE_SHAPES = ("triangleDown", "diamond", "triangle", "square", "star")
FIXED_STYLE = {"statutory": 0, "voluntary": 1, "faith": 2, "community": 3, "international": 4,
               "partnership network": 5, "business": 6, "academic": 7, "other": 8}
FIXED = {k: SECTOR_STYLES[i][0] for k, i in FIXED_STYLE.items()}
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


def _style(k: int) -> tuple:
    """The ``k``-th style: :data:`SECTOR_STYLES`, then new (colour, shape) pairings."""
    if k < len(SECTOR_STYLES):
        return SECTOR_STYLES[k]
    k -= len(SECTOR_STYLES)
    colour = SECTOR_STYLES[k % len(SECTOR_STYLES)][0]
    return colour, _MORE_SHAPES[(k // len(SECTOR_STYLES)) % len(_MORE_SHAPES)]


def sector_styles(sectors) -> dict:
    """Sector -> ``(colour, shape)`` for the sectors given (in order); unknown/blank grey dots.

    >>> styles = sector_styles(["voluntary", "", "other", "police"])
    >>> styles["voluntary"], styles[""], styles["other"], styles["police"]
    (('#E69F00', 'dot'), ('#BBBBBB', 'dot'), ('#999933', 'diamond'), ('#0072B2', 'dot'))
    """
    out: dict = {}
    taken = set()
    for s in sectors:
        if s in out:
            continue
        if not s or fold(s) == "unknown":
            out[s] = (UNKNOWN, "dot")
        elif fold(s) in FIXED_STYLE and FIXED_STYLE[fold(s)] not in taken:
            taken.add(FIXED_STYLE[fold(s)])
            out[s] = SECTOR_STYLES[FIXED_STYLE[fold(s)]]
    k = 0
    for s in sectors:
        if s in out:
            continue
        while k in taken:
            k += 1
        out[s] = _style(k)
        taken.add(k)
    return {s: out[s] for s in dict.fromkeys(sectors)}


def sector_colours(sectors) -> dict:
    """Sector -> colour for the sectors given (in order), unknown/blank grey.

    >>> sector_colours(["voluntary", "", "police"])
    {'voluntary': '#E69F00', '': '#BBBBBB', 'police': '#0072B2'}
    """
    return {s: c for s, (c, _) in sector_styles(sectors).items()}
