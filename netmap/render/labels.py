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

:func:`spread` moves organisations (a dot with its label below, where
vis-network draws it: half a line and :data:`BELOW` pixels under the dot)
as little as it can so that no two of them, and none of them and a function
box, overlap: one at a time, largest first, each to the nearest free point
of a spiral around its own place.
"""

from __future__ import annotations

import math
import unicodedata

__all__ = ["text_width", "wrap", "box_size", "label_box", "spread", "MARGIN"]

MARGIN = 5.0  # vis-network's default node margin, each side (pixels)
STEP = 4.0  # distance between the points of the spiral :func:`spread` tries (pixels)
_GOLDEN = math.pi * (3 - math.sqrt(5))
_CHUNKS = ((0, 64), (64, 512), (512, 2048), (2048, 8192))
BELOW = 4.0  # vis-network draws a dot's label half a line and 4 pixels below the dot
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
    return (x - half, y - radius, x + half, y + radius + BELOW + size * (0.5 + LINE))


def spread(boxes: dict, fixed: list | tuple = (), tries: int = 5000,
           gap: float = 3.0) -> dict:
    """Name -> (dx, dy): how far to move each box so that no two boxes overlap.

    ``boxes`` maps a name to ``(left, top, right, bottom)``; ``fixed`` boxes
    (function boxes) do not move. Boxes are placed one at a time, the
    largest first (then by name), each at the first point of a spiral
    around its own place (:data:`STEP` pixels apart, nearest first) where it
    clears, by ``gap``, every box placed before it and every fixed box;
    after ``tries`` points it stays where it overlaps least. Deterministic:
    the same boxes always give the same moves.

    >>> moves = spread({"a": (0, 0, 10, 10), "b": (5, 0, 15, 10)})
    >>> moves["a"], moves["b"]  # the same size: "a" first, in its place; "b" beside it
    ((0.0, 0.0), (10.63, 3.88))
    """
    import numpy as np

    if not boxes:
        return {}

    def size(k):
        left, top, right, bottom = boxes[k]
        return (right - left) * (bottom - top)

    order = sorted(boxes, key=lambda k: (-size(k), str(k)))
    k = np.arange(tries, dtype=float)
    ring = STEP * np.sqrt(k)
    sx, sy = ring * np.cos(k * _GOLDEN), ring * np.sin(k * _GOLDEN)
    placed = np.array(list(fixed), dtype=float).reshape(-1, 4).copy()
    placed[:, :2] -= gap
    placed[:, 2:] += gap
    out = {}
    reach = float(ring[-1])
    for name in order:
        left, top, right, bottom = boxes[name]
        near = placed[(placed[:, 0] < right + reach) & (placed[:, 2] > left - reach)
                      & (placed[:, 1] < bottom + reach) & (placed[:, 3] > top - reach)]
        best, best_area = 0, math.inf
        for lo, hi in _CHUNKS:  # nearest points first: most boxes find room within a few
            if not len(near) or lo >= tries:
                break
            cx, cy = sx[lo:hi, None], sy[lo:hi, None]
            # overlap area of the box at each point with every box placed near it
            w = np.minimum(right + cx, near[None, :, 2]) - np.maximum(left + cx, near[None, :, 0])
            h = np.minimum(bottom + cy, near[None, :, 3]) - np.maximum(top + cy, near[None, :, 1])
            area = (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)
            j = int(np.argmin(area))
            if area[j] < best_area:
                best, best_area = lo + j, float(area[j])
            free = np.flatnonzero(area <= 0)
            if len(free):
                best = lo + int(free[0])
                break
        i = best
        dx, dy = float(sx[i]), float(sy[i])
        out[name] = (round(dx, 2), round(dy, 2))
        placed = np.vstack([placed, [left + dx - gap, top + dy - gap, right + dx + gap,
                                     bottom + dy + gap]])
    return {name: out[name] for name in sorted(out, key=str)}
