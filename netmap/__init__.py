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

import sys  # noqa: E402
import types  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:  # the names as mypy and editors see them; at run time see __getattr__
    from netmap.compare import Comparison, compare
    from netmap.diff import diff
    from netmap.errors import InputError, NetmapError, OutputError
    from netmap.findings import findings
    from netmap.graph import functions, organisations, to_graph
    from netmap.io import Loaded
    from netmap.metrics import Metrics, compute
    from netmap.model import Partnership
    from netmap.render.reportfiles import (
        write_compare,
        write_diff,
        write_map,
        write_report,
        write_trend,
    )
    from netmap.trend import Trend, trend
    from netmap.vocabulary import load, read
    from netmap.whatif import whatif

# Each public name and the module that defines it. They are imported on first use
# (PEP 562), so that ``import netmap.cli`` and ``netmap --help`` do not load pandas,
# numpy or networkx; ``from netmap import X`` and ``netmap.X`` work as before.
_LAZY = {
    "Comparison": "netmap.compare",
    "compare": "netmap.compare",
    "diff": "netmap.diff",
    "InputError": "netmap.errors",
    "NetmapError": "netmap.errors",
    "OutputError": "netmap.errors",
    "findings": "netmap.findings",
    "functions": "netmap.graph",
    "organisations": "netmap.graph",
    "to_graph": "netmap.graph",
    "Loaded": "netmap.io",
    "Metrics": "netmap.metrics",
    "compute": "netmap.metrics",
    "Partnership": "netmap.model",
    "write_compare": "netmap.render.reportfiles",
    "write_diff": "netmap.render.reportfiles",
    "write_map": "netmap.render.reportfiles",
    "write_report": "netmap.render.reportfiles",
    "write_trend": "netmap.render.reportfiles",
    "Trend": "netmap.trend",
    "trend": "netmap.trend",
    "load": "netmap.vocabulary",
    "read": "netmap.vocabulary",
    "whatif": "netmap.whatif",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netmap' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package's module type: a submodule never hides the function of its name.

    ``netmap.compare``, ``netmap.diff``, ``netmap.findings``, ``netmap.trend`` and
    ``netmap.whatif`` are both submodules and public functions. Importing a
    submodule binds it on the package; the eager imports this file once made
    rebound the function over it, so that name is the function whatever was
    imported first. Here the binding of such a submodule is skipped (the
    module stays in ``sys.modules``) and :func:`__getattr__` gives the function.
    """

    def __setattr__(self, name: str, value) -> None:
        if (name in _LAZY and isinstance(value, types.ModuleType)
                and value.__name__ == f"{__name__}.{name}"):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


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
