"""netmap: map anti-slavery partnerships as bipartite networks.

The library reads a partnership's engagement matrix (organisations x functions),
builds a bipartite :mod:`networkx` graph and computes tables a coordinator or a
researcher can act on. The command line (``netmap``) is a thin layer on top.

Examples
--------
>>> import netmap
>>> p = netmap.read("data/partners.csv")  # doctest: +SKIP
>>> len(p.organisations), len(p.functions), len(p.engagements)  # doctest: +SKIP
(36, 6, 51)
"""

__version__ = "0.1.0"

from netmap.errors import InputError, NetmapError, OutputError  # noqa: E402
from netmap.graph import functions, organisations, to_graph  # noqa: E402
from netmap.io import Loaded, load, read  # noqa: E402
from netmap.model import Partnership  # noqa: E402

__all__ = [
    "__version__",
    "InputError",
    "Loaded",
    "NetmapError",
    "OutputError",
    "Partnership",
    "functions",
    "load",
    "organisations",
    "read",
    "to_graph",
]
