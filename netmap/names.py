"""Name matching shared by the loader and the rules."""

from __future__ import annotations

import numpy as np

__all__ = ["fold", "name_list", "name_rank"]


def fold(name: str) -> str:
    """Case- and spacing-insensitive form of a header, function or sector name.

    >>> fold("  Victim   support ")
    'victim support'
    """
    return " ".join(name.split()).casefold()


def name_list(names, limit: int = 5) -> str:
    """Names joined with commas, at most ``limit`` of them, then how many more.

    >>> name_list(["A", "B", "C"], 2), name_list(["A"])
    ('A, B and 1 more', 'A')
    """
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def name_rank(names) -> np.ndarray:
    """Each name's position in sorted order (as Python sorts ``str``).

    >>> name_rank(["b", "a", "B"]).tolist()
    [2, 1, 0]
    """
    names = list(names)
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    return rank
