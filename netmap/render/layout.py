"""Deterministic positions for maps: functions in fixed places, organisations near theirs.

Function nodes sit on an ellipse (half as wide again as it is tall, the
shape of a page) so that two maps can be compared by eye:

- the six functions of the source document have fixed slots, clockwise
  from the top in the document's order; a label is matched to its slot
  through the vocabulary (:class:`netmap.vocabulary.Vocabulary`), so
  "Supporting survivors", read as Victim Support, keeps Victim Support's
  place (when two labels of one map read as the same function, the first in
  alphabetical order takes the slot);
- every other function (the partnership's own) takes a place in the arcs
  between them: own functions in the order of a hash of their name, shared
  among the arcs in proportion to their length and evenly spaced within
  each arc. The places depend on the set of names only, never on the order
  of rows or columns.

Boxes never overlap: each box's drawn size is estimated from its label
(:func:`netmap.render.labels.box_size`, labels longer than :data:`WRAP`
pixels wrapped on several lines), and the ellipse grows from
:data:`RADIUS` until every pair of boxes is :data:`GAP` pixels apart.

Organisations are placed at the centre of gravity of their functions, drawn
in towards the middle (organisations working in one function only sit just
outside the ellipse, beyond their function), and organisations with
identical function sets fan out around that point on a Vogel spiral.
Organisations with no engagement sit in a row below the ellipse. No
randomness is involved: the same input always gives the same picture.
"""

from __future__ import annotations

import functools
import hashlib
import math

from netmap.model import Partnership
from netmap.names import fold
from netmap.render.labels import box_size

__all__ = ["CANONICAL_FUNCTIONS", "function_positions", "function_angles", "function_boxes",
           "organisation_positions", "RADIUS", "WRAP", "FONT", "ASPECT", "GAP"]

CANONICAL_FUNCTIONS = ("Resources", "Prevention and Awareness Raising", "Victim Identification",
                       "Victim Support", "Investigation and Prosecution", "Strategic")
RADIUS = 420.0  # the smallest half-height of the ellipse
ASPECT = 1.5  # the ellipse's width over its height
FONT = 21.0  # function labels' font size in the map (pixels)
WRAP = 260.0  # function boxes are at most this wide (vis widthConstraint.maximum)
GAP = 16.0  # the least space between two function boxes
_SLOT = {f: i for i, f in enumerate(CANONICAL_FUNCTIONS)}
_GOLDEN = math.pi * (3 - math.sqrt(5))
_TOP = -math.pi / 2


def _slot_angle(i: int) -> float:
    return _TOP + 2 * math.pi * i / len(CANONICAL_FUNCTIONS)


def _hash(name: str) -> float:
    digest = hashlib.sha256(fold(name).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


@functools.lru_cache(maxsize=1)
def _vocabulary():
    from netmap.vocabulary import Vocabulary

    return Vocabulary()  # the default tables: synonyms of the six canonical functions


def _canonical(functions) -> dict:
    """Function -> its canonical slot, for the labels the vocabulary reads as one of the six."""
    vocab = _vocabulary()
    out: dict = {}
    taken: set = set()
    for f in sorted(functions, key=lambda f: (fold(f), f)):
        c = vocab.canonical_of(f)
        if c in _SLOT and c not in taken:
            out[f] = _SLOT[c]
            taken.add(c)
    return out


def function_angles(functions) -> dict:
    """Function name -> angle (radians, clockwise from the right; the top is -pi/2).

    >>> a = function_angles(["Resources", "Supporting survivors", "Outreach", "Legal aid"])
    >>> round(math.degrees(a["Resources"])), round(math.degrees(a["Supporting survivors"]))
    (-90, 90)
    >>> a == function_angles(["Legal aid", "Outreach", "Supporting survivors", "Resources"])
    True
    """
    functions = list(dict.fromkeys(functions))
    slots = _canonical(functions)
    out = {f: _slot_angle(i) for f, i in slots.items()}
    own = sorted((f for f in functions if f not in slots), key=lambda f: (_hash(f), fold(f), f))
    if not own:
        return out
    fixed = sorted(out.values())
    if not fixed:
        step = 2 * math.pi / len(own)
        out.update({f: _TOP + k * step for k, f in enumerate(own)})
        return out
    # arcs between consecutive fixed slots, clockwise from the first after the top
    arcs = [(a, (fixed[(k + 1) % len(fixed)] - a) % (2 * math.pi) or 2 * math.pi)
            for k, a in enumerate(fixed)]
    share = [len(own) * width / (2 * math.pi) for _, width in arcs]
    counts = [int(s) for s in share]
    for k in sorted(range(len(arcs)), key=lambda k: (-(share[k] - counts[k]), k))[
            :len(own) - sum(counts)]:
        counts[k] += 1
    it = iter(own)
    for (start, width), count in zip(arcs, counts, strict=True):
        for j in range(count):
            out[next(it)] = start + width * (j + 1) / (count + 1)
    return out


def function_boxes(functions, font: float = FONT, wrap: float | None = WRAP) -> dict:
    """Function name -> estimated ``(width, height)`` of its box in the map."""
    return {f: box_size(f, font, wrap) for f in functions}


def _radius(angles: dict, sizes: dict, gap: float, least: float) -> float:
    """The least half-height at which no two boxes are closer than ``gap``."""
    names = list(angles)
    unit = {f: (ASPECT * math.cos(angles[f]), math.sin(angles[f])) for f in names}
    r = least
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            dx = abs(unit[a][0] - unit[b][0])
            dy = abs(unit[a][1] - unit[b][1])
            need_x = (sizes[a][0] + sizes[b][0]) / 2 + gap
            need_y = (sizes[a][1] + sizes[b][1]) / 2 + gap
            r_ab = min(need_x / dx if dx > 1e-12 else math.inf,
                       need_y / dy if dy > 1e-12 else math.inf)
            r = max(r, r_ab)
    return r


def function_positions(functions, font: float = FONT, wrap: float | None = WRAP,
                       gap: float = GAP) -> dict:
    """Function name -> (x, y): see the module docstring.

    ``font`` and ``wrap`` are the drawn boxes' font size and greatest width,
    from which their sizes are estimated.

    >>> pos = function_positions(["Resources", "Strategic"])
    >>> [round(v) for v in pos["Resources"]]
    [0, -420]
    >>> function_positions(["Strategic"])["Strategic"] == pos["Strategic"]
    True
    """
    angles = function_angles(functions)
    r = _radius(angles, function_boxes(angles, font, wrap), gap, RADIUS)
    r = math.ceil(r)  # whole pixels: a box exactly gap apart stays gap apart once rounded
    return {f: (round(ASPECT * r * math.cos(a), 2), round(r * math.sin(a), 2))
            for f, a in angles.items()}


def organisation_positions(p: Partnership, fn_pos: dict, pull: float = 0.62,
                           outside: float = 1.42, spacing: float = 34.0) -> dict:
    """Organisation name -> (x, y) (see the module docstring)."""
    functions_of = p.functions_of()
    groups: dict = {}
    for o in p.organisations:
        groups.setdefault(tuple(sorted(functions_of[o])), []).append(o)
    out = {}
    idle = 0
    bottom = max([RADIUS] + [y for _, y in fn_pos.values()])
    for fset, members in groups.items():
        if not fset:
            for o in members:
                row, col = divmod(idle, 8)
                out[o] = (round(-RADIUS + col * 110.0, 2),
                          round(bottom + 0.9 * RADIUS + row * 50.0, 2))
                idle += 1
            continue
        scale = outside if len(fset) == 1 else pull
        cx = sum(fn_pos[f][0] for f in fset) / len(fset) * scale
        cy = sum(fn_pos[f][1] for f in fset) / len(fset) * scale
        for k, o in enumerate(members):
            r = spacing * math.sqrt(k + (0.5 if len(members) > 1 else 0))
            out[o] = (round(cx + r * math.cos(k * _GOLDEN), 2),
                      round(cy + r * math.sin(k * _GOLDEN), 2))
    return out
