"""Name matching shared by the loader and the rules."""

from __future__ import annotations

__all__ = ["fold"]


def fold(name: str) -> str:
    """Case- and spacing-insensitive form of a header, function or sector name.

    >>> fold("  Victim   support ")
    'victim support'
    """
    return " ".join(name.split()).casefold()
