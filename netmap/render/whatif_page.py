"""What the pages' live what-if needs: the partnership's coverage and the gap rules, as data.

``map.html`` and ``report.html`` answer "what if these organisations leave?"
in the page (``netmap/templates/whatif.js``): they re-check the gap rules on
the partnership without the organisations chosen, as ``netmap whatif`` does.
The page gets, as JSON (:func:`whatif_data`):

- the organisations (front-coded, :func:`netmap.render.map.encode_names`), each
  one's sector (``sector_of``: an index into ``sectors``, one base-36 digit per
  organisation in one string while there are at most 36 sectors, else a list)
  and its functions (``functions_of``: one string, ``width`` hexadecimal digits
  per organisation, bit ``j % 4`` of its digit ``j // 4`` set when it provides
  function ``j``); providers keep the order of the engagements, listed in
  ``order`` for the functions where that order is not the organisations' order
  (the loaders give the organisations' order; a partnership built in code may not).
  Packed so, 100,000 organisations add about 1.3 MB to a page;
- each sector's and function's matching key (:func:`netmap.names.fold`, so the
  page matches names exactly as :mod:`netmap.metrics.rules` does);
- the rules in force (:func:`page_rules`): every rule of
  :data:`netmap.metrics.rules.REGISTRY` with its parameters after ``--rules``
  and the vocabulary were applied (``Metrics.rules``) — never a second copy of
  the rules. The page has an evaluator for each rule kind (its ``KINDS``) and
  says so when a rule of the registry has none.
"""

from __future__ import annotations

import copy

from netmap.graph import FN, ORG
from netmap.metrics import Metrics
from netmap.metrics.coverage import UNKNOWN_SECTOR
from netmap.metrics.rules import REGISTRY, CoverageState, load_rules
from netmap.model import Partnership
from netmap.names import fold
from netmap.render.display import HEAT_RGB

__all__ = ["page_rules", "whatif_data"]


def _keys(params):
    """``params`` with a matching key beside each function and sector name."""
    if isinstance(params, list):
        return [_keys(p) for p in params]
    out = dict(params)
    for name in ("function", "sector"):
        if isinstance(params.get(name), str):
            out[f"{name}_key"] = fold(params[name])
    if isinstance(params.get("sectors"), list):
        out["sector_keys"] = [fold(s) for s in params["sectors"]]
    return out


def page_rules(rules: dict | None = None) -> list:
    """The rules in force, one record per rule of the registry, in the order checked.

    Each record has ``id`` (the rule kind), ``scope`` (``function`` or
    ``partnership``), ``many``, ``words`` and ``params`` (as
    :func:`~netmap.metrics.rules.load_rules` gives them, with ``*_key``
    matching keys added).

    >>> [(r["id"], r["scope"]) for r in page_rules()][:2]
    [('no_provider', 'function'), ('single_provider', 'function')]
    >>> page_rules()[3]["params"]["sector_keys"]
    ['statutory', 'voluntary']
    """
    rules = rules if rules else load_rules()
    return [{"id": rule.id, "scope": rule.scope, "many": rule.many, "words": rule.words,
             "params": _keys(copy.deepcopy(rules[rule.id]))} for rule in REGISTRY.values()]


def _mask(functions: set, n: int) -> str:
    return "".join(format(sum(1 << (j - start) for j in functions if start <= j < start + 4), "x")
                   for start in range(0, n, 4))


def _digits(values: list, base: int = 36):
    """Small whole numbers as one string of base-36 digits, or the list if one is too big."""
    if any(v >= base for v in values):
        return values
    return "".join("0123456789abcdefghijklmnopqrstuvwxyz"[v] for v in values)


def whatif_data(p: Partnership, m: Metrics) -> dict:
    """Everything the page's what-if needs, as plain data (see the module docstring).

    >>> from netmap.metrics import compute
    >>> p = Partnership.from_edges([("A", "F"), ("B", "G"), ("A", "G")])
    >>> d = whatif_data(p, compute(p, runs=0))
    >>> d["functions"], d["functions_of"], d["sector_of"], d["order"]
    (['F', 'G'], '32', '00', {'1': [1, 0]})
    """
    from netmap.render.map import encode_names

    state = CoverageState.of(p)
    orgs = list(p.organisations)
    at = {o: i for i, o in enumerate(orgs)}
    sectors = list(dict.fromkeys(state.sector_of[o] for o in orgs))
    sector_at = {s: i for i, s in enumerate(sectors)}
    has: list = [set() for _ in orgs]
    order = {}
    for j, f in enumerate(p.functions):
        providers = [at[o] for o in state.providers[f]]
        for i in providers:
            has[i].add(j)
        if providers != sorted(set(providers)):  # engagement order, or a repeated engagement
            order[str(j)] = providers
    return {
        "names": encode_names(orgs),
        "org_prefix": ORG,
        "fn_prefix": FN,
        "sectors": sectors,
        "sector_keys": [fold(s) for s in sectors],
        "sector_known": [s != UNKNOWN_SECTOR for s in sectors],
        "sector_of": _digits([sector_at[state.sector_of[o]] for o in orgs]),
        "functions": list(p.functions),
        "function_keys": [fold(f) for f in p.functions],
        "width": (len(p.functions) + 3) // 4,
        "functions_of": "".join(_mask(fs, len(p.functions)) for fs in has),
        "order": order,
        "rules": page_rules(m.rules),
        "heat_rgb": HEAT_RGB,
    }
