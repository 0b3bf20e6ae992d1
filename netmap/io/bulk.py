"""Reading a large table without Python's cycle collector in the way.

Reading a partnership makes millions of small lists, tuples and dicts (a
row's cells, the builder's records), none of them in a reference cycle. The
cyclic garbage collector is triggered by the count of such allocations and
walks every live container each time its oldest generation is collected, so
on a large file it spends more time than the reading itself: on 1,000,000
organisations x 12 functions, 11 of 26 seconds (BENCHMARKS.md). Reference
counting still frees everything as usual while the collector is paused;
only garbage in cycles waits until the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector in the block (or the decorated function),
    restoring its state after, whatever happens; nested uses are safe.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
