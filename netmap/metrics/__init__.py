"""Metric families, one module each, and :func:`compute` which gathers them.

=====================  ===================================================
module                 what it computes
=====================  ===================================================
``degree``             functions per organisation, providers per function
``centrality``         two-mode degree, closeness, betweenness (B&E 1997)
``quotient``           the same, exactly, on classes of equivalent organisations
``projection``         partners, shared functions, eigenvector, Burt
``coverage``           providers by sector, sector diversity, redundancy
``rules``              gap rules and their findings
``substitutes``        substitutes, most similar partner, equivalence
``robustness``         critical organisations, attack curves, robustness
``network``            network-level indices (connectance, NODF, ...)
``modules``            modules (two-mode modularity, DIRTLPAwb+) and roles
=====================  ===================================================

:func:`compute` joins the per-node families into one organisation table and
one function table, keyed by ``organisation`` and ``function``, plus the
network-level dict, the gap findings and the attack curves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netmap.io.bulk import collector_paused
from netmap.jsonsafe import records
from netmap.metrics.centrality import two_mode_centralities
from netmap.metrics.coverage import function_coverage, providers_by_sector
from netmap.metrics.degree import function_degree, organisation_degree
from netmap.metrics.modules import modules as find_modules
from netmap.metrics.network import network_summary
from netmap.metrics.projection import projection_metrics
from netmap.metrics.robustness import attack_curves, critical_organisations
from netmap.metrics.rules import CoverageState, evaluate, load_rules, not_checked
from netmap.metrics.substitutes import substitutes_table
from netmap.model import Partnership

__all__ = ["Metrics", "compute", "CENTRALITIES"]

CENTRALITIES = ("degree_centrality", "closeness_centrality", "betweenness_centrality")


@dataclass
class Metrics:
    """Everything computed for one partnership."""

    network: dict
    organisations: pd.DataFrame
    functions: pd.DataFrame
    coverage: pd.DataFrame  # function x sector provider counts
    gaps: list = field(default_factory=list)  # rule findings (netmap.metrics.rules.Finding)
    critical: dict = field(default_factory=dict)  # organisation -> findings its loss adds
    curves: pd.DataFrame | None = None  # attack curves, one row per removal step
    notes: list = field(default_factory=list)  # rules not checked, non-convergence, ...
    rules: dict = field(default_factory=dict)
    # rules that cannot be checked for this partnership, each with its reason and fix
    # (netmap.metrics.rules.not_checked)
    not_checked: list = field(default_factory=list)

    def _repr_html_(self) -> str:
        """A notebook shows the network summary and the first rows of both tables."""
        import html

        net = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                      for k, v in self.network.items() if not isinstance(v, (list, dict)))
        return (f"<table>{net}</table>"
                + self.organisations.head(20).to_html(escape=True, index=False, max_cols=12)
                + self.functions.head(20).to_html(escape=True, index=False, max_cols=12))

    def as_dict(self) -> dict:
        """The JSON contract: ``network``, ``organisations`` and ``functions`` records."""
        return {
            "network": self.network,
            "organisations": records(self.organisations),
            "functions": records(self.functions),
        }


@collector_paused()  # millions of small objects at national scale, none in cycles
def compute(p: Partnership, rules: dict | None = None, runs: int = 100,
            seed: int = 0, force_modules: bool = False) -> Metrics:
    """Compute every metric family for ``p``, exactly, at any size.

    Parameters
    ----------
    p : Partnership
    rules : dict, optional
        Gap rules (:func:`netmap.metrics.rules.load_rules`); the defaults if None.
    runs, seed : int
        Number of random attack orders and their seed (robustness); the
        seed also seeds the search for modules.
    force_modules : bool
        Search for modules with every restart however large the partnership
        (:func:`netmap.metrics.modules.modules`).

    Returns
    -------
    Metrics
        ``network`` (dict of network-level indices), ``organisations`` and
        ``functions`` (DataFrames, one row each, in input order), ``coverage``
        (providers per function and sector), ``gaps`` (rule findings),
        ``critical``, ``curves`` (attack curves) and ``notes``.

    Examples
    --------
    >>> from netmap.model import Partnership
    >>> p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")])
    >>> m = compute(p, runs=5)
    >>> m.organisations[["organisation", "functions", "betweenness_centrality"]].values.tolist()
    [['A', 2, 1.0], ['B', 1, 0.0]]
    >>> [g.message for g in m.gaps]
    ['F rests on a single provider: A']
    """
    for name, value in (("runs", runs), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            from netmap.errors import NetmapError

            raise NetmapError(f"{name} must be a whole number of 0 or more, got {value!r}")
    rules = rules if rules is not None else load_rules()
    org_cent, fn_cent = two_mode_centralities(p)

    org_table = organisation_degree(p).set_index("organisation").join(org_cent)
    proj, notes = projection_metrics(p)
    substitutes, substitute_notes = substitutes_table(p)
    notes = notes + substitute_notes
    org_table = org_table.join(proj).join(substitutes)
    state = CoverageState.of(p)
    gaps, rule_notes = evaluate(state, rules)
    critical = critical_organisations(p, rules, state, gaps)
    org_table["critical"] = [bool(critical[o]) for o in p.organisations]
    org_table["critical_because"] = [[f.message for f in critical[o]] for o in p.organisations]
    mods = find_modules(p, seed=seed, force=force_modules)
    org_table["module"] = _module_column(mods.organisation_module)
    org_table["module_z"] = mods.module_z
    org_table["module_participation"] = mods.module_participation

    by_sector = providers_by_sector(p)
    fn_table = function_degree(p).set_index("function")
    fn_table = fn_table.join(by_sector.add_prefix("providers_"))
    fn_table = fn_table.join(function_coverage(p, by_sector))
    fn_table = fn_table.join(fn_cent)
    fn_table["gaps"] = [[g.rule for g in gaps if g.function == f] for f in p.functions]
    fn_table["module"] = _module_column(mods.function_module)

    curves, robust = attack_curves(p, runs=runs, seed=seed)
    network = network_summary(p)
    network.update(robust)
    network["gaps"] = len(gaps)
    network["critical_organisations"] = [o for o in p.organisations if critical[o]]
    network["modularity"] = mods.modularity
    network["modules"] = mods.count if mods.modularity is not None else None
    return Metrics(network=network, organisations=org_table.reset_index(),
                   functions=fn_table.reset_index(), coverage=by_sector, gaps=gaps,
                   critical=critical, curves=curves,
                   notes=notes + rule_notes + mods.notes, rules=rules,
                   not_checked=not_checked(state, rules))


def _module_column(numbers):
    """Module numbers as a column: None where a node is in no module (0)."""
    if numbers.all():
        return numbers
    return [int(x) if x else None for x in numbers]
