"""netmap: map anti-slavery partnerships as bipartite networks.

The library reads a partnership's engagement matrix (organisations x functions),
builds a bipartite :mod:`networkx` graph and computes tables a coordinator or a
researcher can act on. The command line (``netmap``) is a thin layer on top.

The public API:

- :func:`read`, :func:`load`: a file -> :class:`Partnership` (``load`` also
  returns the warnings found); both raise :class:`InputError` listing every
  problem.
- :func:`to_graph`, :func:`organisations`, :func:`functions`: the bipartite
  graph (``bipartite`` 0 = organisation, 1 = function).
- :func:`compute`: every metric family -> :class:`Metrics` (``network`` dict,
  ``organisations`` and ``functions`` DataFrames, gaps, attack curves).
- :func:`findings`: ranked plain-language findings; :func:`whatif`: what
  changes if organisations leave; :func:`compare` and :func:`diff`: several
  partnerships, or two waves of one; :func:`trend`: one partnership over
  several waves (:class:`Trend`).
- :func:`write_report`, :func:`write_map`, :func:`write_compare`,
  :func:`write_diff`, :func:`write_trend`: the files ``netmap report``,
  ``map``, ``compare``, ``diff -o`` and ``trend`` write, byte for byte.

Examples
--------
>>> import netmap
>>> p = netmap.read("data/partners.csv")
>>> len(p.organisations), len(p.functions), len(p.engagements)
(36, 6, 51)
>>> m = netmap.compute(p, runs=10)
>>> m.network["components"], round(m.network["connectance"], 3)
(1, 0.236)
>>> netmap.findings(p, m)[0].message[:37]
'ECAT holds the partnership together: '
>>> netmap.whatif(p, ["ECAT"], runs=10)["functions"][0]["providers_after"]
4
"""

__version__ = "0.1.0"

from netmap.compare import Comparison, compare  # noqa: E402
from netmap.diff import diff  # noqa: E402
from netmap.errors import InputError, NetmapError, OutputError  # noqa: E402
from netmap.findings import findings  # noqa: E402
from netmap.graph import functions, organisations, to_graph  # noqa: E402
from netmap.io import Loaded  # noqa: E402
from netmap.metrics import Metrics, compute  # noqa: E402
from netmap.model import Partnership  # noqa: E402
from netmap.render.reportfiles import (  # noqa: E402
    write_compare,
    write_diff,
    write_map,
    write_report,
    write_trend,
)
from netmap.trend import Trend, trend  # noqa: E402
from netmap.vocabulary import load, read  # noqa: E402
from netmap.whatif import whatif  # noqa: E402

__all__ = [
    "__version__",
    "Comparison",
    "InputError",
    "Loaded",
    "Metrics",
    "NetmapError",
    "OutputError",
    "Partnership",
    "Trend",
    "compare",
    "compute",
    "diff",
    "findings",
    "functions",
    "load",
    "organisations",
    "read",
    "to_graph",
    "trend",
    "whatif",
    "write_compare",
    "write_diff",
    "write_map",
    "write_report",
    "write_trend",
]
