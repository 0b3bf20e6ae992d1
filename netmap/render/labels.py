"""The drawn size of a map's labels, estimated, and a pass that keeps them apart.

vis-network draws the map on a canvas, so the page, not Python, knows how
wide a label is. The estimates here are deliberately generous (an upper
bound for the sans-serif fonts browsers use: DejaVu Sans, Arial, Helvetica,
Liberation Sans), so that boxes placed apart by these estimates stay apart
when drawn:

- :func:`text_width`: per character, in ems: wide capitals and ``m``/``w``
  0.95, other capitals 0.75, lower case and digits 0.6, narrow letters and
  punctuation 0.4, a space 0.35, East Asian wide characters and emoji 1.15,
  combining marks 0. (DejaVu Sans, the widest of them, averages 0.49 for lower
  case and 0.68 for capitals.)
- :func:`wrap`: the lines vis-network draws when a label is limited to a
  width (``widthConstraint.maximum``): words are split at spaces and a word
  wider than the limit is cut.
- :func:`box_size`: a function's box: its lines, vis-network's margin of 5
  pixels on every side and the border.

:func:`spread` moves organisations (a dot with its label below, as
vis-network draws a dot's label) until no two of them, and none of them and
a function box, overlap, or a number of rounds has passed: each round pushes
every overlapping pair apart along the axis where they overlap least
(sideways unless that is half as far again).
"""

from __future__ import annotations

import unicodedata

__all__ = ["text_width", "wrap", "box_size", "label_box", "spread", "MARGIN"]

MARGIN = 5.0  # vis-network's default node margin, each side (pixels)
LINE = 1.2  # line height, in font sizes (vis-network uses the font size; kept generous)
_WIDE_LETTERS = set("mwMW@%&")
_NARROW = set("iljtfrI.,:;!|'\"()[]{}-/\\`")


def _em(ch: str) -> float:
    if unicodedata.combining(ch):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F") or ord(ch) >= 0x1F000:
        return 1.15
    if ch == " ":
        return 0.35
    if ch in _WIDE_LETTERS:
        return 0.95
    if ch in _NARROW:
        return 0.4
    if ch.isupper():
        return 0.75
    return 0.6


def text_width(text: str, size: float) -> float:
    """Estimated drawn width of ``text`` in a font of ``size`` pixels (an upper bound).

    >>> text_width("Victim Support", 20)
    156.0
    """
    return round(size * sum(_em(ch) for ch in text), 2)


def wrap(text: str, size: float, limit: float | None) -> list:
    """The lines of ``text`` drawn at most ``limit`` pixels wide (None: one line).

    >>> wrap("Investigation and Prosecution", 20, 200)
    ['Investigation and', 'Prosecution']
    """
    if limit is None or text_width(text, size) <= limit:
        return [text]
    lines: list = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if text_width(trial, size) <= limit:
            current = trial
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:  # a word wider than the limit is cut where it fills the line
            if current and text_width(current + ch, size) > limit:
                lines.append(current)
                current = ""
            current += ch
    if current or not lines:
        lines.append(current)
    return lines


def box_size(label: str, size: float, limit: float | None = None,
             border: float = 3.0) -> tuple:
    """``(width, height)`` of a box node's drawn rectangle (label, margins, border).

    ``limit`` is the node's ``widthConstraint.maximum`` (margins included, as
    vis-network counts it).

    >>> box_size("Strategic", 20)
    (111.0, 40.0)
    """
    inner = None if limit is None else limit - 2 * MARGIN
    lines = wrap(label, size, inner)
    width = max(text_width(line, size) for line in lines)
    if inner is not None:
        width = min(width, inner)
    return (round(width + 2 * (MARGIN + border), 2),
            round(len(lines) * size * LINE + 2 * (MARGIN + border), 2))


def label_box(x: float, y: float, radius: float, label: str, size: float) -> tuple:
    """``(left, top, right, bottom)`` of a dot of ``radius`` at (x, y) and its label below
    (the dot alone when ``label`` is empty).

    >>> label_box(0, 0, 10, "", 17)
    (-10, -10, 10, 10)
    """
    if not label:
        return (x - radius, y - radius, x + radius, y + radius)
    half = max(text_width(label, size) / 2, radius)
    return (x - half, y - radius, x + half, y + radius + size * LINE)


def spread(boxes: dict, fixed: list | tuple = (), rounds: int = 120,
           gap: float = 2.0) -> dict:
    """Name -> (dx, dy): how far to move each box so that fewer boxes overlap.

    ``boxes`` maps a name to ``(left, top, right, bottom)``; ``fixed`` boxes
    (function boxes) do not move and push the others away. Deterministic: the
    same boxes always give the same moves.

    >>> moves = spread({"a": (0, 0, 10, 10), "b": (5, 0, 15, 10)})
    >>> moves["a"][0] < 0 < moves["b"][0]
    True
    """
    import numpy as np

    names = sorted(boxes)
    n = len(names)
    if n == 0:
        return {}
    rect = np.array([boxes[k] for k in names], dtype=float)
    obstacles = np.array(list(fixed), dtype=float).reshape(-1, 4)
    cx = (rect[:, 0] + rect[:, 2]) / 2
    cy = (rect[:, 1] + rect[:, 3]) / 2
    hw = (rect[:, 2] - rect[:, 0]) / 2 + gap / 2
    hh = (rect[:, 3] - rect[:, 1]) / 2 + gap / 2
    ox = (obstacles[:, 0] + obstacles[:, 2]) / 2
    oy = (obstacles[:, 1] + obstacles[:, 3]) / 2
    ohw = (obstacles[:, 2] - obstacles[:, 0]) / 2 + gap / 2
    ohh = (obstacles[:, 3] - obstacles[:, 1]) / 2 + gap / 2
    x, y = cx.copy(), cy.copy()
    # a fixed tie-break direction per box, so that coincident boxes separate deterministically
    tie = np.arange(n, dtype=float) - (n - 1) / 2
    for _ in range(rounds):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        px = hw[:, None] + hw[None, :] - np.abs(dx)  # penetration along x
        py = hh[:, None] + hh[None, :] - np.abs(dy)
        hit = (px > 0) & (py > 0)
        np.fill_diagonal(hit, False)
        bx = x[:, None] - ox[None, :]
        by = y[:, None] - oy[None, :]
        qx = hw[:, None] + ohw[None, :] - np.abs(bx)
        qy = hh[:, None] + ohh[None, :] - np.abs(by)
        blocked = (qx > 0) & (qy > 0)
        if not hit.any() and not blocked.any():
            break
        sx = np.where(dx == 0, np.sign(tie[:, None] - tie[None, :]), np.sign(dx))
        sy = np.where(dy == 0, np.sign(tie[:, None] - tie[None, :]), np.sign(dy))
        along_x = px < 1.5 * py  # sideways preferred: labels are wide and short
        # each box of an overlapping pair moves half the overlap, on the cheaper axis
        mx = np.where(hit & along_x, sx * px / 2, 0.0).sum(axis=1)
        my = np.where(hit & ~along_x, sy * py / 2, 0.0).sum(axis=1)
        bsx = np.where(bx == 0, 1.0, np.sign(bx))
        bsy = np.where(by == 0, 1.0, np.sign(by))
        bx_axis = qx < qy
        mx += np.where(blocked & bx_axis, bsx * qx, 0.0).sum(axis=1)
        my += np.where(blocked & ~bx_axis, bsy * qy, 0.0).sum(axis=1)
        # damped: many pairs pushing one box the same way move it once, not many times;
        # a little beyond the overlap, so that a crowd settles instead of creeping
        count = np.maximum(hit.sum(axis=1) + blocked.sum(axis=1), 1)
        x += 1.2 * mx / np.sqrt(count)
        y += 1.2 * my / np.sqrt(count)
    return {k: (round(float(x[i] - cx[i]), 2), round(float(y[i] - cy[i]), 2))
            for i, k in enumerate(names)}
