"""Gap rules: what a partnership should cover, checked function by function.

The defaults come from the source document's recommendations (a 2016 panel
on UK responses to human trafficking): no organisation can tackle the problem
alone, and partnerships "need to include the voluntary sector as well as
statutory agencies as it is NGOs who generally provide support services to
survivors". Each rule can be switched off, re-graded or re-parametrised in a
TOML file (``--rules FILE``):

.. code-block:: toml

    [no_provider]          # a function nobody provides
    severity = "critical"
    [single_provider]      # a function resting on one provider
    severity = "high"
    [min_providers]        # fewer providers than `minimum` (functions not
    minimum = 2            # already flagged by the two rules above)
    severity = "medium"
    [sector_mix]           # the partnership includes each of these sectors
    sectors = ["statutory", "voluntary"]
    severity = "high"
    [[function_sector]]    # a function has >= minimum providers of a sector
    function = "Victim Support"
    sector = "voluntary"
    minimum = 1
    severity = "high"
    [[function_sector]]
    function = "Investigation and Prosecution"
    sector = "statutory"

A table in the file overrides the default's keys; ``enabled = false`` turns a
rule off; a ``function_sector`` list in the file replaces the default list
(``function_sector = []`` drops it). Severities: critical, high, medium, low.
Function and sector names match case-insensitively. A rule about a function
the partnership does not have, or about sectors when no sector is recorded,
is not checked and says so in ``notes``.
"""

from __future__ import annotations

import copy
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from netmap.errors import InputError, Problem
from netmap.metrics.coverage import UNKNOWN_SECTOR
from netmap.model import Partnership
from netmap.names import fold, name_list

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["SEVERITIES", "DEFAULT_RULES", "RULE_WORDS", "Finding", "CoverageState",
           "load_rules", "evaluate"]

SEVERITIES = ("critical", "high", "medium", "low")

DEFAULT_RULES = {
    "no_provider": {"enabled": True, "severity": "critical"},
    "single_provider": {"enabled": True, "severity": "high"},
    "min_providers": {"enabled": True, "severity": "medium", "minimum": 2},
    "sector_mix": {"enabled": True, "severity": "high", "sectors": ["statutory", "voluntary"]},
    "function_sector": [
        {"function": "Victim Support", "sector": "voluntary", "minimum": 1, "severity": "high"},
        {"function": "Investigation and Prosecution", "sector": "statutory", "minimum": 1,
         "severity": "high"},
    ],
}
# each rule in a few plain words, for tables and legends
RULE_WORDS = {
    "no_provider": "no provider",
    "single_provider": "single provider",
    "min_providers": "too few providers",
    "sector_mix": "sector missing from the partnership",
    "function_sector": "required sector missing",
}

_KEYS = {
    "no_provider": {"enabled", "severity"},
    "single_provider": {"enabled", "severity"},
    "min_providers": {"enabled", "severity", "minimum"},
    "sector_mix": {"enabled", "severity", "sectors"},
    "function_sector": {"function", "sector", "minimum", "severity"},
}


@dataclass(frozen=True)
class Finding:
    """One broken rule: which, how serious, where, in plain words, and the numbers."""

    rule: str
    severity: str
    message: str
    function: str | None = None
    sector: str | None = None
    evidence: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple:
        return (self.rule, self.function, self.sector)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "function": self.function,
                "sector": self.sector, "message": self.message, "evidence": self.evidence}


def _bad(file: str, message: str):
    raise InputError([Problem("error", message, file=file,
                              hint="see the rules format in the README")])


def _check(file: str, where: str, table: dict, allowed: set) -> None:
    if not isinstance(table, dict):
        _bad(file, f"{where} must be a table")
    for key, value in table.items():
        if key not in allowed:
            _bad(file, f"{where}: unknown key {key!r} (known: {', '.join(sorted(allowed))})")
        if key == "enabled" and not isinstance(value, bool):
            _bad(file, f"{where}: enabled must be true or false")
        if key == "severity" and value not in SEVERITIES:
            _bad(file, f"{where}: severity must be one of {', '.join(SEVERITIES)}, got {value!r}")
        if key == "minimum" and (isinstance(value, bool) or not isinstance(value, int)
                                 or value < 1):
            _bad(file, f"{where}: minimum must be a whole number of at least 1, got {value!r}")
        if key == "sectors" and (not isinstance(value, list)
                                 or not all(isinstance(s, str) and s for s in value)):
            _bad(file, f"{where}: sectors must be a list of sector names")
        if key in ("function", "sector") and (not isinstance(value, str) or not value.strip()):
            _bad(file, f"{where}: {key} must be a name")


def load_rules(path=None) -> dict:
    """The default rules, overridden by the TOML file at ``path`` if given."""
    rules: dict[str, Any] = copy.deepcopy(DEFAULT_RULES)
    if path is None:
        return rules
    file = str(path)
    from netmap.io.files import read_bounded

    raw = read_bounded(path, what="rules file")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        _bad(file, f"not valid TOML: {e}")
    for name, value in data.items():
        if name not in _KEYS:
            _bad(file, f"unknown rule [{name}] (known: {', '.join(_KEYS)})")
        if name == "function_sector":
            if not isinstance(value, list):
                _bad(file, "function_sector must be a list of tables ([[function_sector]])")
            entries = []
            for i, entry in enumerate(value, start=1):
                where = f"[[function_sector]] number {i}"
                _check(file, where, entry, _KEYS[name])
                if "function" not in entry or "sector" not in entry:
                    _bad(file, f"{where}: needs both function and sector")
                entries.append({"minimum": 1, "severity": "high", **entry})
            rules[name] = entries
        else:
            _check(file, f"[{name}]", value, _KEYS[name])
            rules[name].update(value)
    return rules


@dataclass
class CoverageState:
    """What the rules look at: providers of each function by sector, and members by sector."""

    functions: list
    providers: dict  # function -> list of organisations
    sector_of: dict  # organisation -> sector ('unknown' where none)
    members: list

    @classmethod
    def of(cls, p: Partnership) -> CoverageState:
        sectors = p.sectors.replace("", UNKNOWN_SECTOR).to_dict()
        org, fn = p.codes()
        keep = (org >= 0) & (fn >= 0)
        org, fn = org[keep], fn[keep]
        order = np.argsort(fn, kind="stable")  # engagement order within each function
        bounds = np.searchsorted(fn[order], np.arange(len(p.functions) + 1))
        names = np.array(p.organisations, dtype=object)
        providers = {f: names[org[order[bounds[j]:bounds[j + 1]]]].tolist()
                     for j, f in enumerate(p.functions)}
        return cls(list(p.functions), providers, sectors, list(p.organisations))

    def without(self, removed) -> CoverageState:
        gone = set(removed)
        return CoverageState(self.functions,
                             {f: [o for o in ps if o not in gone]
                              for f, ps in self.providers.items()},
                             self.sector_of, [o for o in self.members if o not in gone])

    def sector_counts(self, function: str) -> Counter:
        return Counter(fold(self.sector_of[o]) for o in self.providers[function])

    @property
    def has_sectors(self) -> bool:
        return any(self.sector_of[o] != UNKNOWN_SECTOR for o in self.members)


def evaluate(state: CoverageState, rules: dict) -> tuple:
    """Check every rule; returns ``(findings, notes)``.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "Victim Support"), ("B", "Strategic"),
    ...                             ("C", "Strategic")], functions=["Resources"])
    >>> findings, notes = evaluate(CoverageState.of(p), load_rules())
    >>> [(f.rule, f.function) for f in findings]
    [('no_provider', 'Resources'), ('single_provider', 'Victim Support')]
    >>> notes[0]
    'sector rules not checked: no organisation has a sector'
    """
    findings, notes = [], []
    no_p, single, minimum = rules["no_provider"], rules["single_provider"], rules["min_providers"]
    for f in state.functions:
        providers = state.providers[f]
        k = len(providers)
        if k == 0 and no_p["enabled"]:
            findings.append(Finding("no_provider", no_p["severity"], f"{f} has no provider",
                                    f, evidence={"providers": 0}))
        elif k == 1 and single["enabled"]:
            findings.append(Finding(
                "single_provider", single["severity"],
                f"{f} rests on a single provider: {providers[0]}", f,
                evidence={"providers": 1, "provider": providers[0]}))
        elif minimum["enabled"] and k < minimum["minimum"] and not (
                (k == 0 and no_p["enabled"]) or (k == 1 and single["enabled"])):
            findings.append(Finding(
                "min_providers", minimum["severity"],
                f"{f} has {k} provider{'s' if k != 1 else ''} ({name_list(providers)}), fewer "
                f"than the minimum of {minimum['minimum']}", f,
                evidence={"providers": k, "minimum": minimum["minimum"]}))
    if not state.has_sectors:
        if rules["sector_mix"]["enabled"] or rules["function_sector"]:
            notes.append("sector rules not checked: no organisation has a sector")
        return findings, notes
    mix = rules["sector_mix"]
    if mix["enabled"]:
        members = Counter(fold(state.sector_of[o]) for o in state.members)
        for sector in mix["sectors"]:
            if members[fold(sector)] == 0:
                findings.append(Finding(
                    "sector_mix", mix["severity"],
                    f"The partnership has no {sector} organisation (it should include "
                    f"{' and '.join(mix['sectors'])} organisations)", None, sector,
                    evidence={"members_in_sector": 0, "members": len(state.members)}))
    by_fold = {fold(f): f for f in state.functions}
    for rule in rules["function_sector"]:
        f = by_fold.get(fold(rule["function"]))
        if f is None:
            notes.append(f"rule skipped: the partnership has no function {rule['function']!r}")
            continue
        have = state.sector_counts(f)[fold(rule["sector"])]
        if have < rule["minimum"]:
            need = rule["minimum"]
            what = (f"no {rule['sector']} provider" if have == 0 else
                    f"{have} {rule['sector']} provider{'s' if have != 1 else ''}, fewer than "
                    f"{need}")
            findings.append(Finding(
                "function_sector", rule["severity"], f"{f} has {what}", f, rule["sector"],
                evidence={"providers_in_sector": have, "minimum": need,
                          "providers": len(state.providers[f])}))
    return findings, notes
