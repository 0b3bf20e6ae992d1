"""Deterministic positions for maps: functions in fixed places, organisations near theirs.

Function nodes sit in the same place in every map, so two maps can be
compared by eye: the six functions of the source document (matched case- and
spacing-insensitively) have fixed slots around a circle, clockwise from the
top in the document's order; any other function sits on the same circle at
an angle derived from its name alone (a hash), so it too keeps its place from
map to map. Organisations are placed at the centre of gravity of their
functions, drawn in towards the middle (organisations working in one function
only sit just outside the circle, beyond their function), and organisations
with identical function sets fan out around that point on a Vogel spiral. Organisations with
no engagement sit in a row below the circle. No randomness is involved: the
same input always gives the same picture.
"""

from __future__ import annotations

import hashlib
import math

from netmap.model import Partnership
from netmap.names import fold

__all__ = ["CANONICAL_FUNCTIONS", "function_positions", "organisation_positions", "RADIUS"]

CANONICAL_FUNCTIONS = ("Resources", "Prevention and Awareness Raising", "Victim Identification",
                       "Victim Support", "Investigation and Prosecution", "Strategic")
RADIUS = 420.0
_SLOT = {fold(f): i for i, f in enumerate(CANONICAL_FUNCTIONS)}
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _angle(name: str) -> float:
    key = fold(name)
    if key in _SLOT:
        return -math.pi / 2 + 2 * math.pi * _SLOT[key] / len(CANONICAL_FUNCTIONS)
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return 2 * math.pi * int.from_bytes(digest[:8], "big") / 2 ** 64


def function_positions(functions) -> dict:
    """Function name -> (x, y); depends on each name only.

    >>> pos = function_positions(["Resources", "Strategic"])
    >>> [round(v) for v in pos["Resources"]]
    [0, -420]
    >>> function_positions(["Strategic"])["Strategic"] == pos["Strategic"]
    True
    """
    return {f: (round(RADIUS * math.cos(_angle(f)), 2), round(RADIUS * math.sin(_angle(f)), 2))
            for f in functions}


def organisation_positions(p: Partnership, fn_pos: dict, pull: float = 0.62,
                           outside: float = 1.42, spacing: float = 34.0) -> dict:
    """Organisation name -> (x, y) (see the module docstring)."""
    functions_of = p.functions_of()
    groups: dict = {}
    for o in p.organisations:
        groups.setdefault(tuple(sorted(functions_of[o])), []).append(o)
    out = {}
    idle = 0
    for fset, members in groups.items():
        if not fset:
            for o in members:
                row, col = divmod(idle, 8)
                out[o] = (round(-RADIUS + col * 110.0, 2), round(1.9 * RADIUS + row * 50.0, 2))
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
