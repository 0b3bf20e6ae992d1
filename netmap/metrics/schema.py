"""The metrics schema: every column netmap computes, with its definition, range and reference.

One entry per column of the network summary, the organisation table, the
function table and the attack curves, in the order :func:`netmap.metrics.compute`
produces them. ``docs/metrics.md`` is generated from this module
(``python -m netmap.metrics.schema > docs/metrics.md``) and a test checks that
every column a partnership produces has an entry here and every entry is
produced, so the documentation cannot fall behind the code. The full
statement of each definition stays in the docstring of the function that
computes it (the ``source`` named here).

A name with ``<sector>`` stands for one column per sector of the partnership
(e.g. ``providers_voluntary``); ``<attribute>`` for each attribute column of
the input (e.g. ``sector``, ``area``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Column", "TABLES", "COLUMNS", "columns", "entry_for", "markdown"]

BE = "Borgatti & Everett (1997), *Social Networks* 19: 243-269"
BURT = "Burt (1992), *Structural Holes*, Harvard University Press"
NODF = "Almeida-Neto et al. (2008), *Oikos* 117: 1227-1239"
DUNNE = "Dunne, Williams & Martinez (2002), *PNAS* 99: 12917-12922"
MEMMOTT = "Memmott, Waser & Price (2004), *Proc. R. Soc. B* 271: 2605-2611"
BLAU = "Blau (1977), *Inequality and Heterogeneity*, Free Press"
BONACICH = "Bonacich (1972), *J. Math. Sociology* 2: 113-120"
FREEMAN = "Freeman (1979), *Social Networks* 1: 215-239"
LORRAIN = "Lorrain & White (1971), *J. Math. Sociology* 1: 49-80"
JACCARD = "Jaccard (1901), *Bull. Soc. Vaudoise Sci. Nat.* 37: 547-579"
BARBER = "Barber (2007), *Phys. Rev. E* 76: 066102"
DORMANN = "Dormann & Strauss (2014), *Methods Ecol. Evol.* 5: 90-98"
BECKETT = "Beckett (2016), *R. Soc. open sci.* 3: 140536"
GUIMERA = "Guimerà & Amaral (2005), *Nature* 433: 895-900"


@dataclass(frozen=True)
class Column:
    """One metric column: ``name`` in ``table``, what it means, its range and reference."""

    table: str
    name: str
    definition: str
    range: str
    reference: str = ""
    source: str = ""  # the function whose docstring states it in full

    @property
    def pattern(self) -> re.Pattern:
        """A regular expression matching the column's name (``<sector>`` matches any)."""
        return re.compile("^" + re.escape(self.name).replace(re.escape("<sector>"), ".+") + "$")



TABLES = {
    "network": "network-level indices (`netmap metrics --table network`, `network.json`)",
    "organisations": "one row per organisation (`organisations.csv`)",
    "functions": "one row per function (`functions.csv`)",
    "curves": "one row per removal step of the attack curves (`robustness.csv`)",
}

_N = "netmap.metrics.network.network_summary"
_R = "netmap.metrics.robustness.attack_curves"
_C = "netmap.metrics.centrality.two_mode_centralities"
_P = "netmap.metrics.projection.projection_metrics"
_D = "netmap.metrics.substitutes.substitutes_table"
_V = "netmap.metrics.coverage"
_M = "netmap.metrics.modules.modules"

COLUMNS: tuple = (
    # --- network ---------------------------------------------------------------------
    Column("network", "name", "name of the partnership (the file's stem unless named)", "text"),
    Column("network", "organisations", "number of organisations, with or without engagement",
           "integer >= 1", source=_N),
    Column("network", "functions", "number of functions, with or without provider",
           "integer >= 1", source=_N),
    Column("network", "engagements", "number of organisation-function engagements (edges)",
           "integer >= 0", source=_N),
    Column("network", "weighted", "whether cells were read as engagement strengths "
           "(`--weighted`)", "true / false", source=_N),
    Column("network", "total_weight", "sum of engagement strengths (= engagements when "
           "unweighted)", ">= 0", source=_N),
    Column("network", "connectance", "engagements / (organisations x functions): the share "
           "of possible engagements that exist", "0-1", DUNNE, _N),
    Column("network", "components", "connected components of the two-mode graph; an "
           "organisation without engagement and a function without provider count one each",
           "integer >= 1", source="netmap.metrics.network.components"),
    Column("network", "nodf", "nestedness by overlap and decreasing fill over all row and "
           "column pairs, rows and columns sorted by decreasing degree (as R bipartite and "
           "vegan)", "0-100", NODF, "netmap.metrics.network.nodf"),
    Column("network", "nodf_organisations", "NODF over pairs of organisations (rows)",
           "0-100", NODF, "netmap.metrics.network.nodf"),
    Column("network", "nodf_functions", "NODF over pairs of functions (columns)", "0-100",
           NODF, "netmap.metrics.network.nodf"),
    Column("network", "centralisation", "Freeman centralisation of the organisations' "
           "two-mode degree centralities: 1 when one organisation does everything, 0 when "
           "all are equal", "0-1", f"{FREEMAN}; {BE}", "netmap.metrics.network.centralisation"),
    Column("network", "centralisation_functions", "the same for the functions", "0-1",
           f"{FREEMAN}; {BE}", "netmap.metrics.network.centralisation"),
    Column("network", "functions_without_provider", "functions no organisation provides "
           "(the gravest gap)", "list of names", source=_N),
    Column("network", "organisations_without_engagement", "organisations listed with no "
           "engagement", "list of names", source=_N),
    Column("network", "sectors", "organisations per sector class", "object: sector -> count",
           source=_N),
    Column("network", "sector_shares", "share of organisations per sector class",
           "object: sector -> 0-1", source=_N),
    Column("network", "robustness", "mean over random removal orders of the area under the "
           "curve of the share of functions still provided against the share of organisations "
           "removed (trapezoid rule)", "0-1", MEMMOTT, _R),
    Column("network", "robustness_sd", "standard deviation of that area over the random "
           "orders (null when `--runs 0`)", ">= 0", MEMMOTT, _R),
    Column("network", "robustness_ci_low", "lower end of the 95% confidence interval of "
           "`robustness` (mean - t(0.975, runs - 1) sd / sqrt(runs), at least 0; null with "
           "fewer than 2 runs)", "0-1, or null", MEMMOTT, _R),
    Column("network", "robustness_ci_high", "upper end of that interval (at most 1)",
           "0-1, or null", MEMMOTT, _R),
    Column("network", "robustness_targeted", "the same area when the most connected "
           "organisations leave first (ties by name)", "0-1", MEMMOTT, _R),
    Column("network", "first_loss_targeted", "organisations removed, most connected first, "
           "before a function first loses its last provider (null if never)",
           "integer >= 1, or null", source=_R),
    Column("network", "first_loss_random", "mean of the same over the random orders",
           ">= 1, or null", source=_R),
    Column("network", "robustness_runs", "random removal orders drawn (`--runs`)",
           "integer >= 0", source=_R),
    Column("network", "robustness_seed", "seed of the random orders (`--seed`)", "integer",
           source=_R),
    Column("network", "gaps", "number of gap-rule findings", "integer >= 0",
           source="netmap.metrics.rules.evaluate"),
    Column("network", "critical_organisations", "organisations whose loss alone breaks a gap "
           "rule that holds with them", "list of names",
           source="netmap.metrics.robustness.critical_organisations"),
    Column("network", "modularity", "two-mode modularity Q of the modules found: Barber's "
           "bipartite Q, or with `--weighted` its weighted form (as R bipartite's "
           "computeModules), maximised by DIRTLPAwb+ and refined; null when not computed (see "
           "the notes) or without engagement", "0-1, or null", f"{BARBER}; {DORMANN}; {BECKETT}",
           "netmap.metrics.modularity"),
    Column("network", "modules", "number of modules (null when not computed)",
           "integer >= 1, or null", BECKETT, _M),
    # --- organisations ---------------------------------------------------------------
    Column("organisations", "organisation", "the organisation's name (or its code under "
           "`--pseudonymise`)", "text"),
    Column("organisations", "<attribute>", "each attribute column of the input (e.g. `sector`, "
           "`area`, `notes`), as given; empty where the input has none", "text",
           source="netmap.metrics.degree.organisation_degree"),
    Column("organisations", "functions", "number of functions it engages in (degree)",
           "integer >= 0", source="netmap.metrics.degree.organisation_degree"),
    Column("organisations", "strength", "sum of its engagement strengths", ">= 0",
           source="netmap.metrics.degree.organisation_degree"),
    Column("organisations", "degree_centrality", "two-mode degree: functions / number of "
           "functions", "0-1", BE, _C),
    Column("organisations", "closeness_centrality", "two-mode closeness, normalised by the "
           "shortest possible distances in a bipartite graph of the same sizes, scaled by the "
           "share of nodes reached (as networkx, whose scaling can exceed 1 in a disconnected "
           "partnership)", "0-1 when connected; can exceed 1 when not", BE, _C),
    Column("organisations", "betweenness_centrality", "two-mode betweenness, normalised by "
           "its maximum for the organisations' mode in a bipartite graph of the same sizes",
           "0-1", BE, _C),
    Column("organisations", "partners", "distinct organisations it shares a function with "
           "(degree in the one-mode projection)", "integer >= 0", source=_P),
    Column("organisations", "shared_functions", "sum over partners of the functions shared "
           "(weighted degree in the projection)", "integer >= 0", source=_P),
    Column("organisations", "eigenvector_centrality", "leading eigenvector of the weighted "
           "projection, unit norm (as networkx.eigenvector_centrality)", "0-1", BONACICH, _P),
    Column("organisations", "effective_size", "Burt's effective size in the unweighted "
           "projection (null with no partner)", ">= 0, or null", BURT, _P),
    Column("organisations", "constraint", "Burt's constraint in the unweighted projection "
           "(1 with a single partner; null with no partner)", "> 0, or null", BURT, _P),
    Column("organisations", "substitutes", "organisations whose functions include all of "
           "this one's", "list of names", source=_D),
    Column("organisations", "substitute_count", "number of substitutes", "integer >= 0",
           source=_D),
    Column("organisations", "most_similar", "the other organisation with the largest Jaccard "
           "overlap of function sets (ties: the name that sorts first; empty when none shares "
           "a function)", "name, or empty", JACCARD, _D),
    Column("organisations", "most_similar_jaccard", "that overlap: shared / combined "
           "functions (0 when none shares a function)", "0-1", JACCARD, _D),
    Column("organisations", "equivalence_group", "its group of organisations with identical "
           "function sets (structural equivalence), numbered in the order of their first names",
           "integer >= 1",
           LORRAIN, _D),
    Column("organisations", "equivalents", "the other organisations with the same function "
           "set", "list of names", LORRAIN, _D),
    Column("organisations", "critical", "whether its loss alone breaks a gap rule that holds "
           "with it", "true / false",
           source="netmap.metrics.robustness.critical_organisations"),
    Column("organisations", "critical_because", "the findings its loss would add",
           "list of text", source="netmap.metrics.robustness.critical_organisations"),
    Column("organisations", "module", "its module, numbered from 1 in the order of the "
           "modules' first function by name (null without engagement or when not computed)",
           "integer >= 1, or null", BECKETT, _M),
    Column("organisations", "module_z", "within-module degree z: its functions in its own "
           "module, standardised over its module's organisations (0 when they are all equal; "
           "null when it is alone in its module), as R bipartite's czvalues", "real, or null",
           GUIMERA, _M),
    Column("organisations", "module_participation", "among-module connectivity c: 1 - sum "
           "over modules of (its functions in the module / its functions)^2; 0 when all its "
           "functions are in one module (null without engagement)", "0-1, or null", GUIMERA,
           _M),
    # --- functions -------------------------------------------------------------------
    Column("functions", "function", "the function's name", "text"),
    Column("functions", "providers", "organisations engaged in it (degree)", "integer >= 0",
           source="netmap.metrics.degree.function_degree"),
    Column("functions", "strength", "sum of its engagement strengths", ">= 0",
           source="netmap.metrics.degree.function_degree"),
    Column("functions", "providers_<sector>", "its providers in that sector class",
           "integer >= 0", source=f"{_V}.providers_by_sector"),
    Column("functions", "sector_diversity", "Blau's index 1 - sum of squared shares over its "
           "providers' sectors: 0 when all are of one sector (null with no provider, or when "
           "no organisation has a sector)",
           "0-1, or null", BLAU, f"{_V}.function_coverage"),
    Column("functions", "redundancy", "providers - 1: the providers it can lose before it "
           "has none (-1 with no provider)", "integer >= -1", source=f"{_V}.function_coverage"),
    Column("functions", "degree_centrality", "two-mode degree: providers / number of "
           "organisations", "0-1", BE, _C),
    Column("functions", "closeness_centrality", "two-mode closeness of the function (as for "
           "organisations)", "0-1 when connected; can exceed 1 when not", BE, _C),
    Column("functions", "betweenness_centrality", "two-mode betweenness, normalised for the "
           "functions' mode", "0-1", BE, _C),
    Column("functions", "gaps", "the gap rules it breaks (rule ids)", "list of text",
           source="netmap.metrics.rules.evaluate"),
    Column("functions", "module", "its module (null without provider or when not computed)",
           "integer >= 1, or null", BECKETT, _M),
    # --- attack curves ---------------------------------------------------------------
    Column("curves", "removed", "organisations removed so far", "integer >= 0", source=_R),
    Column("curves", "removed_fraction", "removed / organisations", "0-1", source=_R),
    Column("curves", "targeted", "share of functions still provided, most connected "
           "organisations removed first", "0-1", MEMMOTT, _R),
    Column("curves", "random_mean", "mean of that share over the random orders", "0-1",
           MEMMOTT, _R),
    Column("curves", "random_sd", "its standard deviation over the random orders", ">= 0",
           MEMMOTT, _R),
)


def columns(table: str) -> list:
    """The schema's columns of one table, in order."""
    if table not in TABLES:
        raise KeyError(f"no metrics table {table!r}; tables: {', '.join(TABLES)}")
    return [c for c in COLUMNS if c.table == table]


def entry_for(table: str, name: str, attributes=()) -> Column | None:
    """The schema entry documenting column ``name`` of ``table`` (None if there is none).

    ``attributes`` are the partnership's attribute columns (documented by the
    ``<attribute>`` entry of the organisation table).

    >>> entry_for("functions", "providers_voluntary").name
    'providers_<sector>'
    >>> entry_for("organisations", "area", attributes=["area"]).name
    '<attribute>'
    >>> entry_for("organisations", "no_such_metric") is None
    True
    """
    exact = [c for c in columns(table) if c.name == name]
    if exact:
        return exact[0]
    if table == "organisations" and name in attributes:
        return next(c for c in columns(table) if c.name == "<attribute>")
    return next((c for c in columns(table) if "<sector>" in c.name and c.pattern.match(name)),
                None)


def markdown() -> str:
    """``docs/metrics.md``: every column of every table, as a Markdown page."""
    lines = ["# Metrics", "",
             "Every column netmap computes, generated from `netmap/metrics/schema.py` "
             "(`python -m netmap.metrics.schema > docs/metrics.md`); a test fails when a "
             "column has no entry. Each definition is stated in full, with its reference, in "
             "the docstring of the function named under *source*.", ""]
    for table, what in TABLES.items():
        lines += [f"## {table}", "", what[0].upper() + what[1:] + ".", "",
                  "| column | definition | range | reference | source |",
                  "|---|---|---|---|---|"]
        for c in columns(table):
            cells = [f"`{c.name}`", c.definition, c.range, c.reference,
                     f"`{c.source}`" if c.source else ""]
            lines.append("| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - writes the documentation page
    print(markdown(), end="")
