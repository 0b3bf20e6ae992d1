"""How numbers and lists are shown to readers: one place for every page and table.

Each output keeps its own precision on purpose (pages fixed decimals, Markdown
four significant digits, tooltips whole numbers without decimals), but they
share what "missing" means, how a number is written and how a heatmap cell
is shaded.
"""

from __future__ import annotations

import math

__all__ = ["missing", "fixed", "compact", "joined", "heat_style", "shell_command", "HEAT_RGB",
           "LABEL_CHARS", "short_label"]

HEAT_RGB = "0, 114, 178"  # Okabe-Ito blue, the heatmaps' colour


def missing(value) -> bool:
    """True for None, NaN, infinities and pandas' missing value.

    >>> missing(None), missing(float("nan")), missing(0), missing("")
    (True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value) or math.isinf(value)
    return str(value) == "<NA>"


def fixed(value, digits: int = 2, dash: str = "-") -> str:
    """``value`` with ``digits`` decimals (whole numbers for ``digits=0``); ``dash`` if missing.

    >>> fixed(0.23611), fixed(3, 0), fixed(float("nan")), fixed(19.25, 1)
    ('0.24', '3', '-', '19.2')
    """
    if missing(value):
        return dash
    if digits == 0:
        return str(int(value))
    return f"{float(value):.{digits}f}"


def compact(value, digits: int = 2, dash: str = "-") -> str:
    """Whole numbers as they are, other numbers with ``digits`` decimals; ``dash`` if missing.

    >>> compact(2.0), compact(0.5), compact(7), compact(None)
    ('2', '0.50', '7', '-')
    """
    if missing(value):
        return dash
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.{digits}f}"
    return str(value)


def joined(values, sep: str = "; ") -> str:
    """A list shown as one cell.

    >>> joined(["Hestia", "Kalayaan"])
    'Hestia; Kalayaan'
    """
    return sep.join(map(str, values))


def heat_style(value: float, top: float) -> dict:
    """Shading of a heatmap cell: ``style`` (a CSS background) and ``dark`` (white text).

    >>> heat_style(0, 10)["style"]
    'background-color: rgba(0, 114, 178, 0)'
    >>> heat_style(10, 10)["style"], heat_style(10, 10)["dark"]
    ('background-color: rgba(0, 114, 178, 0.8)', True)
    """
    top = max(top, 1)
    alpha = round(0.08 + 0.72 * value / top, 3) if value else 0
    return {"style": f"background-color: rgba({HEAT_RGB}, {alpha})", "dark": value > top * 0.6}


def shell_command(*words) -> str:
    """A command line that works pasted into a shell: each word quoted as needed
    (:func:`shlex.quote`), so a file name with spaces or quotes stays one argument.

    >>> print(shell_command("netmap", "whatif", "my partners.csv", "--remove", "St Mary's"))
    netmap whatif 'my partners.csv' --remove 'St Mary'"'"'s'
    """
    import shlex

    return " ".join(shlex.quote(str(w)) for w in words)


LABEL_CHARS = 60  # longest name drawn in full: real names (up to ~50) stay whole


def short_label(name) -> str:
    """``name`` as drawn: at most :data:`LABEL_CHARS` characters, cut with an ellipsis.

    >>> short_label("Victim Support"), len(short_label("x" * 5000)), short_label("y" * 70)[-3:]
    ('Victim Support', 60, 'yy…')
    """
    name = str(name)
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"
