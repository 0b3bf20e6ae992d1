"""Several partnerships side by side on one function axis.

Each partnership's functions are mapped to canonical ones
(:mod:`netmap.taxonomy`), every metric family is computed for each
(:func:`netmap.metrics.compute`), and the results are laid side by side:

- ``network``: one row per partnership: size, connectance, NODF,
  centralisation, robustness (random and targeted), modularity, components,
  the number of gaps by rule and the share of organisations in each sector;
  for each null-modelled measure (:data:`NULL_MEASURES`: NODF, targeted
  robustness and modularity) against the fixed-fixed null model
  (:mod:`netmap.nullmodel`): ``{measure}_null_mean``, ``{measure}_null_sd``,
  ``{measure}_z``, ``{measure}_p`` (empirical, two-sided),
  ``{measure}_z_mcse`` (Monte Carlo standard error of z) and
  ``{measure}_p_bh`` (Benjamini-Hochberg adjusted across every p of the
  table); ``null_draws``, ``null_burn_in`` and ``null_thinning`` (trades)
  say how the null model was drawn. Modularity's columns are empty unless
  its null model was asked for (``null_modularity``); then
  ``modularity_null_observed`` holds the 0/1 matrix's Q found by the same
  procedure as every draw's (``modularity`` itself may be weighted).
  ``uncertain_cells`` counts the uncertain marks (``TBC``, ``partly``...),
  and ``{figure}_uncertain_engaged`` / ``{figure}_uncertain_not_engaged``
  give the key figures
  (:data:`netmap.confirm.BOTH_WAYS`) with them read as engagements and as
  none (the figures themselves when there is none).
- ``providers``: function x partnership provider counts (missing where the
  partnership does not record the function at all; 0 where it records it and
  nobody provides it) and ``gaps``: the rules each function breaks in each.
- ``shared``: organisations in more than one partnership (exact names after
  each file's aliases), with their functions in each.
- ``similarity``: for each pair of partnerships, the Jaccard index of their
  organisation sets and of their (organisation, function) engagement sets.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from netmap.confirm import BOTH_WAYS, both_ways
from netmap.metrics import Metrics, compute
from netmap.metrics.rules import RULE_IDS, load_rules
from netmap.model import Partnership
from netmap.nullmodel import BURN_IN, THINNING, benjamini_hochberg, null_values, summarise
from netmap.taxonomy import Taxonomy, common_axis, load_taxonomy

__all__ = ["Comparison", "compare", "RULES", "NULL_MEASURES", "NULL_STATISTICS"]

RULES = RULE_IDS  # the gap rules, in the registry's order
NULL_MEASURES = ("nodf", "robustness_targeted", "modularity")
NULL_STATISTICS = ("null_mean", "null_sd", "z", "p", "z_mcse", "p_bh")


@dataclass
class Comparison:
    """Tables comparing partnerships (see the module docstring)."""

    partnerships: list
    metrics: list
    network: pd.DataFrame
    providers: pd.DataFrame
    gaps: pd.DataFrame
    shared: pd.DataFrame
    similarity: pd.DataFrame
    functions: list
    notes: list = field(default_factory=list)
    null_draws: int = 0  # random partnerships behind the z-scores
    seed: int = 0
    null: dict = field(default_factory=dict)  # partnership -> {measure: values of the draws}

    def null_table(self) -> pd.DataFrame:
        """Every null draw's values: one row per partnership and draw (``--save-null``)."""
        frames = [pd.DataFrame({"partnership": name, "draw": range(1, len(next(iter(
            values.values()), [])) + 1), **values}) for name, values in self.null.items()]
        columns = ["partnership", "draw", *(m for m in NULL_MEASURES
                                            if any(m in v for v in self.null.values()))]
        return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(
            columns=columns)

    def _repr_html_(self) -> str:
        """A notebook shows the network table (one column per partnership) and the
        providers per function, numbers rounded to three decimals."""
        network = self.network.set_index("partnership").T
        return ("<h4>network</h4>" + network.to_html(escape=True, float_format="{:.3f}".format)
                + "<h4>providers</h4>" + self.providers.to_html(escape=True))

    def tables(self) -> dict:
        """Every table as a flat DataFrame, keyed by the file stem it is written under."""
        return {
            "network": self.network,
            "providers": self.providers.reset_index(),
            "gaps": self.gaps.reset_index(),
            "shared_organisations": self.shared,
            "similarity": self.similarity,
        }


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _network_row(p: Partnership, m: Metrics, null: dict, null_draws: int, runs: int,
                 seed: int) -> dict:
    net = m.network
    row = {"partnership": p.name, "organisations": net["organisations"],
           "functions": net["functions"], "engagements": net["engagements"],
           "connectance": net["connectance"], "nodf": net["nodf"],
           "centralisation": net["centralisation"], "robustness": net["robustness"],
           "robustness_ci_low": net.get("robustness_ci_low"),
           "robustness_ci_high": net.get("robustness_ci_high"),
           "robustness_targeted": net["robustness_targeted"],
           "modularity": net.get("modularity"), "modules": net.get("modules"),
           "components": net["components"], "gaps": net["gaps"],
           "critical_organisations": len(net["critical_organisations"])}
    for measure in NULL_MEASURES:
        stats = null.get(measure, {})
        for stat in NULL_STATISTICS:
            row[f"{measure}_{stat}"] = stats.get(stat)
    row["modularity_null_observed"] = null.get("modularity", {}).get("observed")
    # uncertain marks (TBC, partly...) read as engagements and as none
    ways = both_ways(p, m.rules, runs, seed)
    row["uncertain_cells"] = len(p.uncertain)
    for key in BOTH_WAYS:
        for way in ("engaged", "not_engaged"):
            row[f"{key}_uncertain_{way}"] = ways[way][key] if ways else net[key]
    n = len(p.organisations)
    row["null_draws"] = null_draws
    row["null_burn_in"] = BURN_IN * n if null_draws else None
    row["null_thinning"] = max(THINNING * n, 1) if null_draws else None
    for rule in RULES:
        row[f"gaps_{rule}"] = sum(1 for g in m.gaps if g.rule == rule)
    for sector, share in net["sector_shares"].items():
        row[f"share_{sector}"] = share
    return row


def _adjust(network: pd.DataFrame) -> None:
    """Fill the ``{measure}_p_bh`` columns: every p of the table adjusted together."""
    columns = [f"{m}_p" for m in NULL_MEASURES]
    values = network[columns].to_numpy(dtype=float, na_value=float("nan"))
    adjusted = benjamini_hochberg(values.ravel()).reshape(values.shape)
    for j, m in enumerate(NULL_MEASURES):
        network[f"{m}_p_bh"] = adjusted[:, j]


def compare(partnerships: list, taxonomy: Taxonomy | None = None, rules: dict | None = None,
            runs: int = 100, seed: int = 0, null_draws: int = 1000,
            progress: Callable[[int, int], None] | None = None,
            null_modularity: bool = False) -> Comparison:
    """Compare ``partnerships`` side by side on one function axis.

    Parameters
    ----------
    partnerships : list of Partnership
        Two or more; their names must differ.
    taxonomy : Taxonomy, optional
        Maps local function labels to canonical ones (the default taxonomy if None).
    rules : dict, optional
        Gap rules; the defaults if None.
    runs, seed : int
        Random attack orders for robustness, and the seed of every random draw.
    null_draws : int
        Curveball draws per partnership for the z-scores of NODF and
        targeted robustness (0: no null model).
    progress : callable, optional
        Called as ``progress(done, total)`` while the null model draws.
    null_modularity : bool
        Also test modularity against the null model (each draw optimised
        afresh: slower); its columns are empty otherwise.

    Returns
    -------
    Comparison
        ``network`` (one row per partnership, with z-scores), per-function
        providers and gaps, organisations in more than one partnership,
        similarity; ``tables()`` gives every table by name.

    Examples
    --------
    >>> a = Partnership.from_edges([("A", "Victim Support"), ("B", "Strategic")], name="a")
    >>> b = Partnership.from_edges([("A", "Victim Support")], name="b")
    >>> c = compare([a, b], runs=5, null_draws=0)
    >>> c.network["partnership"].tolist(), [o for o in c.shared["organisation"]]
    (['a', 'b'], ['A'])
    """
    taxonomy = taxonomy or load_taxonomy()
    rules = rules if rules is not None else load_rules()
    names = [p.name for p in partnerships]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        from netmap.errors import InputError

        raise InputError(f"two partnerships are named {', '.join(map(repr, dupes))}; "
                         "give each its own name (--name)")
    canon, notes = common_axis(partnerships, taxonomy)
    metrics = [compute(p, rules=rules, runs=runs, seed=seed) for p in canon]
    total = null_draws * len(canon)
    rows = []
    draws: dict = {}
    for k, (p, m) in enumerate(zip(canon, metrics, strict=True)):
        tick = (lambda done, k=k: progress(k * null_draws + done, total)) if progress else None
        null: dict = {}
        if null_draws:
            observed, values = null_values(p, draws=null_draws, seed=seed, progress=tick,
                                           modularity=null_modularity)
            null = {k: summarise(observed[k], values[k]) for k in values}
            draws[p.name] = values
        rows.append(_network_row(p, m, null, null_draws, runs, seed))
    network = pd.DataFrame(rows)
    _adjust(network)
    share_cols = sorted(c for c in network.columns if c.startswith("share_"))
    network[share_cols] = network[share_cols].fillna(0.0)
    network = network[[c for c in network.columns if not c.startswith("share_")] + share_cols]

    # canonical functions in the taxonomy's order, then every partnership's own ones
    functions = [f for f in taxonomy.canonical if any(f in p.functions for p in canon)]
    functions += list(dict.fromkeys(f for p in canon for f in p.functions
                                    if f not in taxonomy.canonical))
    providers = pd.DataFrame(index=pd.Index(functions, name="function"))
    gaps = pd.DataFrame(index=pd.Index(functions, name="function"), dtype=object)
    for p, m in zip(canon, metrics, strict=True):
        fn = m.functions.set_index("function")
        providers[p.name] = [fn.loc[f, "providers"] if f in fn.index else None
                             for f in functions]
        # rule ids as lists (CSV joins them with "; "); None where the function is not recorded
        gaps[p.name] = pd.Series([list(fn.loc[f, "gaps"]) if f in fn.index else None
                                  for f in functions], index=gaps.index, dtype=object)
    providers = providers.astype("Float64")

    where: dict = {}
    for p in canon:
        for o, fs in p.functions_of().items():
            where.setdefault(o, {})[p.name] = list(fs)
    shared = pd.DataFrame(
        [{"organisation": o, "partnerships": list(ps), "count": len(ps),
          "functions": {k: v for k, v in ps.items()}}
         for o, ps in where.items() if len(ps) > 1],
        columns=["organisation", "partnerships", "count", "functions"])
    if len(shared):
        shared = shared.sort_values(["count", "organisation"], ascending=[False, True],
                                    kind="stable").reset_index(drop=True)

    pairs = []
    for a, b in itertools.combinations(canon, 2):
        ea = set(map(tuple, a.engagements[["organisation", "function"]].to_numpy().tolist()))
        eb = set(map(tuple, b.engagements[["organisation", "function"]].to_numpy().tolist()))
        pairs.append({"a": a.name, "b": b.name,
                      "jaccard_organisations": _jaccard(set(a.organisations),
                                                        set(b.organisations)),
                      "jaccard_engagements": _jaccard(ea, eb),
                      "shared_organisations": len(set(a.organisations) & set(b.organisations))})
    similarity = pd.DataFrame(pairs, columns=["a", "b", "jaccard_organisations",
                                              "jaccard_engagements", "shared_organisations"])
    return Comparison(canon, metrics, network, providers, gaps, shared, similarity, functions,
                      notes, null_draws=null_draws, seed=seed, null=draws)
