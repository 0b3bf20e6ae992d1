"""A partnership followed over several waves (years, surveys): how it changed.

Every wave is put on one function axis (:mod:`netmap.taxonomy`, as
``compare`` and ``diff`` do), its metrics computed
(:func:`netmap.metrics.compute`), and the waves laid out in order:

- ``network``: one row per wave: the network figures (size, connectance,
  NODF, centralisation, robustness with its confidence interval, targeted
  robustness, components, gaps, critical organisations, and modularity when
  the metrics have it);
- ``providers``: function x wave provider counts (missing where the wave
  does not record the function);
- ``membership``: organisation x wave, 1 where the organisation is in the
  wave, with its first and last wave;
- ``steps``: one row per pair of successive waves: organisations joining
  and leaving, engagements gained and lost, gaps opened and closed; each
  pair is exactly what :func:`netmap.diff.diff` says of those two waves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from netmap.diff import changes
from netmap.metrics import compute
from netmap.metrics.rules import load_rules
from netmap.taxonomy import Taxonomy, common_axis, load_taxonomy

__all__ = ["Trend", "trend", "NETWORK_COLUMNS", "describe_trend"]

#: The network figures of each wave, in ``Trend.network``'s column order.
NETWORK_COLUMNS = ("organisations", "functions", "engagements", "connectance", "nodf",
                   "centralisation", "robustness", "robustness_ci_low", "robustness_ci_high",
                   "robustness_targeted", "modularity", "components", "gaps")


@dataclass
class Trend:
    """A partnership over waves (see the module docstring); ``tables()`` gives every
    table by the file stem it is written under."""

    partnerships: list
    metrics: list
    network: pd.DataFrame
    providers: pd.DataFrame
    membership: pd.DataFrame
    steps: pd.DataFrame
    pairs: list  # the diff of each pair of successive waves (netmap.diff.changes)
    functions: list
    notes: list = field(default_factory=list)

    @property
    def waves(self) -> list:
        """The waves' names, in order."""
        return [p.name for p in self.partnerships]

    def tables(self) -> dict:
        """Every table as a flat DataFrame, keyed by the file stem it is written under."""
        return {"trend": self.network, "providers": self.providers.reset_index(),
                "membership": self.membership, "steps": self.steps}

    def _repr_html_(self) -> str:
        """A notebook shows the network figures over the waves, rounded."""
        return self.network.round(3).to_html(index=False, escape=True)


def trend(waves: list, taxonomy: Taxonomy | None = None, rules: dict | None = None,
          runs: int = 100, seed: int = 0) -> Trend:
    """Follow a partnership over ``waves`` (see the module docstring).

    Parameters
    ----------
    waves : list of Partnership
        Two or more waves of one partnership, in wave order, each with its own
        name (a year, say).
    taxonomy : Taxonomy, optional
        Puts every wave on one function axis (the default taxonomy if None).
    rules : dict, optional
        Gap rules; the defaults if None.
    runs, seed : int
        Random attack orders for robustness.

    Returns
    -------
    Trend
        ``network``, ``providers``, ``membership`` and ``steps`` tables, the
        diff of each pair of successive waves (``pairs``); ``tables()`` gives
        them by file stem.

    Raises
    ------
    InputError
        Fewer than two waves, or two waves with one name.

    Examples
    --------
    >>> from netmap.model import Partnership
    >>> w1 = Partnership.from_edges([("A", "Victim Support"), ("B", "Strategic")], name="2019")
    >>> w2 = Partnership.from_edges([("A", "Victim Support"), ("C", "Strategic")], name="2021")
    >>> t = trend([w1, w2], runs=5)
    >>> t.network["organisations"].tolist(), t.steps.loc[0, "joined"]
    ([2, 2], ['C'])
    """
    from netmap.errors import InputError

    if len(waves) < 2:
        raise InputError("a trend needs two or more waves")
    names = [p.name for p in waves]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"two waves are named {', '.join(map(repr, dupes))}; give each "
                         "wave its own name")
    taxonomy = taxonomy or load_taxonomy()
    rules = rules if rules is not None else load_rules()
    canon, notes = common_axis(waves, taxonomy)
    metrics = [compute(p, rules=rules, runs=runs, seed=seed) for p in canon]
    rows = []
    for p, m in zip(canon, metrics, strict=True):
        net = m.network
        rows.append({"wave": p.name, **{k: net.get(k) for k in NETWORK_COLUMNS},
                     "critical_organisations": len(net["critical_organisations"])})
    network = pd.DataFrame(rows)
    if network["modularity"].isna().all():
        network = network.drop(columns="modularity")

    functions = [f for f in taxonomy.canonical if any(f in p.functions for p in canon)]
    functions += list(dict.fromkeys(f for p in canon for f in p.functions
                                    if f not in functions))
    providers = pd.DataFrame(index=pd.Index(functions, name="function"))
    for p, m in zip(canon, metrics, strict=True):
        fn = m.functions.set_index("function")["providers"]
        providers[p.name] = [fn.get(f) if f in fn.index else None for f in functions]
    providers = providers.astype("Float64")

    everyone = list(dict.fromkeys(o for p in canon for o in p.organisations))
    present = {p.name: set(p.organisations) for p in canon}
    membership = pd.DataFrame({"organisation": everyone})
    for name in names:
        membership[name] = [int(o in present[name]) for o in everyone]
    membership["first_wave"] = [next(w for w in names if o in present[w]) for o in everyone]
    membership["last_wave"] = [next(w for w in reversed(names) if o in present[w])
                               for o in everyone]
    membership["waves"] = membership[names].sum(axis=1)

    pairs = [changes(a, b, ma, mb, taxonomy.canonical)
             for a, b, ma, mb in zip(canon, canon[1:], metrics, metrics[1:], strict=False)]
    steps = pd.DataFrame([{
        "from_wave": d["old"], "to_wave": d["new"],
        "joined": d["joined"], "left": d["left"],
        "joined_count": len(d["joined"]), "left_count": len(d["left"]),
        "engagements_gained": len(d["engagements_gained"]),
        "engagements_lost": len(d["engagements_lost"]),
        "gaps_opened": len(d["gaps_opened"]), "gaps_closed": len(d["gaps_closed"]),
    } for d in pairs])
    return Trend(canon, metrics, network, providers, membership, steps, pairs, functions,
                 notes)


def describe_trend(t: Trend) -> list:
    """The trend in plain words: first to last wave, then each step."""
    first, last = t.network.iloc[0], t.network.iloc[-1]

    def move(key: str, digits: int = 0) -> str:
        a, b = first[key], last[key]
        if pd.isna(a) or pd.isna(b):
            return "n/a"
        return f"{a:.{digits}f} -> {b:.{digits}f}"

    lines = [f"From {t.waves[0]} to {t.waves[-1]} ({len(t.waves)} waves): organisations "
             f"{move('organisations')}, engagements {move('engagements')}, gaps "
             f"{move('gaps')}, robustness {move('robustness', 2)}."]
    from netmap.names import name_list

    for d in t.pairs:
        parts = []
        if d["joined"]:
            parts.append(f"joined {name_list(d['joined'], 5)}")
        if d["left"]:
            parts.append(f"left {name_list(d['left'], 5)}")
        if d["gaps_opened"]:
            parts.append(f"{len(d['gaps_opened'])} gap{'s' if len(d['gaps_opened']) != 1 else ''}"
                         " opened")
        if d["gaps_closed"]:
            parts.append(f"{len(d['gaps_closed'])} gap{'s' if len(d['gaps_closed']) != 1 else ''}"
                         " closed")
        lines.append(f"{d['old']} -> {d['new']}: " + ("; ".join(parts) or "no change in "
                                                      "membership or gaps") + ".")
    return lines
