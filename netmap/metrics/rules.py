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
Function and sector names are read through the vocabulary
(:mod:`netmap.vocabulary`): a rule may name a function by any synonym
("Survivor Support") or a sector by any value ("Charity"), and is checked on
the canonical function and the sector class. A name no vocabulary knows is an
error in the rules file (a typo, or a function to add with ``--taxonomy``).
A rule that cannot be checked for a partnership (it does not record the
function, or no organisation has a sector) is listed by :func:`not_checked`
with the reason and the fix.
"""

from __future__ import annotations

import copy
import sys
from collections import Counter
from collections.abc import Callable
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

__all__ = ["SEVERITIES", "Rule", "REGISTRY", "RULE_IDS", "DEFAULT_RULES", "RULE_WORDS",
           "Finding", "CoverageState", "load_rules", "evaluate", "not_checked"]

SEVERITIES = ("critical", "high", "medium", "low")


@dataclass(frozen=True)
class Rule:
    """One gap rule: its id, plain words, default parameters and the keys a file may set.

    ``scope`` says what it is checked for: ``"function"`` rules run for each
    function in turn (so their findings come function by function), the
    ``"partnership"`` rules after them. ``many`` rules are a list of tables
    (``[[function_sector]]``) rather than one table.
    """

    id: str
    words: str
    label: str
    defaults: Any
    keys: frozenset
    scope: str
    many: bool = False


# The registry: every rule in the order it is checked and reported. Compare, the
# pages and the documentation read the rules from here.
REGISTRY: dict[str, Rule] = {r.id: r for r in (
    Rule("no_provider", "no provider", "no provider",
         {"enabled": True, "severity": "critical"}, frozenset({"enabled", "severity"}),
         "function"),
    Rule("single_provider", "single provider", "single provider",
         {"enabled": True, "severity": "high"}, frozenset({"enabled", "severity"}), "function"),
    Rule("min_providers", "too few providers", "below minimum providers",
         {"enabled": True, "severity": "medium", "minimum": 2},
         frozenset({"enabled", "severity", "minimum"}), "function"),
    Rule("sector_mix", "sector missing from the partnership",
         "sector missing from the partnership",
         {"enabled": True, "severity": "high", "sectors": ["statutory", "voluntary"]},
         frozenset({"enabled", "severity", "sectors"}), "partnership"),
    Rule("function_sector", "required sector missing", "sector missing from a function",
         [{"function": "Victim Support", "sector": "voluntary", "minimum": 1,
           "severity": "high"},
          {"function": "Investigation and Prosecution", "sector": "statutory", "minimum": 1,
           "severity": "high"}],
         frozenset({"function", "sector", "minimum", "severity"}), "partnership", many=True),
)}
RULE_IDS = tuple(REGISTRY)
DEFAULT_RULES = {r.id: r.defaults for r in REGISTRY.values()}
# each rule in a few plain words, for tables and legends
RULE_WORDS = {r.id: r.words for r in REGISTRY.values()}


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


def _check(file: str, where: str, table: dict, allowed: frozenset) -> None:
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


def _vocabulary_names(file: str, rules: dict, vocabulary: Any, own) -> dict:
    """``rules`` with function and sector names read as canonical functions and sector
    classes, or as the partnership's own functions (``own``, matched as their twin
    spellings are); a name none of them knows is an error naming it."""
    from netmap.vocabulary import SECTOR_CLASSES, Vocabulary, twin_key

    vocab = vocabulary or Vocabulary()
    own_by_key = {twin_key(f): f for f in own}
    problems = []

    def sector(name: str, where: str) -> str:
        cls = name.strip().casefold() if name.strip().casefold() in SECTOR_CLASSES else (
            vocab.sector_of(name))
        if cls is None:
            problems.append(Problem("error", f"{where}: no vocabulary knows the sector {name!r}",
                                    file=file, hint="sector classes: " + ", ".join(
                                        SECTOR_CLASSES) + "; or add it under [sectors] in a "
                                    "--taxonomy file"))
        return cls or name

    for name in ("sectors",):
        rules["sector_mix"][name] = [sector(x, "[sector_mix]") for x in rules["sector_mix"][name]]
    entries = []
    for i, entry in enumerate(rules["function_sector"], start=1):
        where = f"[[function_sector]] number {i}"
        f = vocab.canonical_of(entry["function"]) or own_by_key.get(twin_key(entry["function"]))
        if f is None:
            import difflib

            close = list(dict.fromkeys(vocab.closest(entry["function"]) + difflib.get_close_matches(
                entry["function"], list(own_by_key.values()), n=3, cutoff=0.6)))
            problems.append(Problem(
                "error", f"{where}: neither the vocabulary nor the partnership knows the function "
                f"{entry['function']!r}",
                file=file, hint=("did you mean " + " or ".join(repr(c) for c in close) + "? "
                                 if close else "") + "Name a canonical function, a synonym, or "
                                 "one of the partnership's own functions as its file spells it"))
        entries.append({**entry, "function": f or entry["function"],
                        "sector": sector(entry["sector"], where)})
    rules["function_sector"] = entries
    if problems:
        raise InputError(problems)
    return rules


def load_rules(path=None, vocabulary=None, own=()) -> dict:
    """The default rules, overridden by the TOML file at ``path`` if given.

    Function and sector names are read through ``vocabulary`` (the default
    :class:`~netmap.vocabulary.Vocabulary` if None); a function may also be one
    of ``own``, the partnership's own functions (names as read, e.g.
    ``Partnership.functions``; spellings differing in case, spaces, hyphens or
    plurals match); a name none of them knows is an error.
    """
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
        rule = REGISTRY.get(name)
        if rule is None:
            _bad(file, f"unknown rule [{name}] (known: {', '.join(REGISTRY)})")
            continue
        if rule.many:
            if not isinstance(value, list):
                _bad(file, f"{name} must be a list of tables ([[{name}]])")
            entries = []
            for i, entry in enumerate(value, start=1):
                where = f"[[{name}]] number {i}"
                _check(file, where, entry, rule.keys)
                if "function" not in entry or "sector" not in entry:
                    _bad(file, f"{where}: needs both function and sector")
                entries.append({"minimum": 1, "severity": "high", **entry})
            rules[name] = entries
        else:
            _check(file, f"[{name}]", value, rule.keys)
            rules[name].update(value)
    return _vocabulary_names(file, rules, vocabulary, own)


@dataclass
class CoverageState:
    """What the rules look at: providers of each function by sector, and members by sector."""

    functions: list
    providers: dict  # function -> list of organisations
    sector_of: dict  # organisation -> sector ('unknown' where none)
    members: list
    named: dict  # folded name (and, unless read, canonical name) -> the function

    def function_named(self, name: str) -> str | None:
        """The partnership's function a rule's ``name`` designates: the function so
        named, or the one the vocabulary reads as it (a partnership built in Python
        with its own labels, never read through the vocabulary)."""
        return self.named.get(fold(name))

    @classmethod
    def of(cls, p: Partnership) -> CoverageState:
        named = {fold(f): f for f in p.functions}
        sectors = p.sectors
        if not p.labels_read:  # built in Python: read its labels as netmap.read would
            from netmap.vocabulary import SECTOR_CLASSES, default_vocabulary

            vocab = default_vocabulary()
            for f in p.functions:  # the label itself wins over another's canonical name
                canonical = vocab.canonical_of(f)
                if canonical is not None:
                    named.setdefault(fold(canonical), f)
            classes = {v: v if fold(v) in SECTOR_CLASSES else (vocab.sector_of(v) or v)
                       for v in set(sectors)}
            sectors = sectors.map(classes)
        sectors = sectors.replace("", UNKNOWN_SECTOR)
        sectors = dict(zip(sectors.index.tolist(), sectors.tolist(), strict=True))
        org, fn = p.codes()
        keep = (org >= 0) & (fn >= 0)
        org, fn = org[keep], fn[keep]
        order = np.argsort(fn, kind="stable")  # engagement order within each function
        bounds = np.searchsorted(fn[order], np.arange(len(p.functions) + 1))
        names = np.array(p.organisations, dtype=object)
        providers = {f: names[org[order[bounds[j]:bounds[j + 1]]]].tolist()
                     for j, f in enumerate(p.functions)}
        return cls(list(p.functions), providers, sectors, list(p.organisations), named)

    def without(self, removed) -> CoverageState:
        gone = set(removed)
        return CoverageState(self.functions,
                             {f: [o for o in ps if o not in gone]
                              for f, ps in self.providers.items()},
                             self.sector_of, [o for o in self.members if o not in gone],
                             self.named)

    def sector_counts(self, function: str) -> Counter:
        return _folded_counts(Counter(self.sector_of[o] for o in self.providers[function]))

    @property
    def has_sectors(self) -> bool:
        return any(self.sector_of[o] != UNKNOWN_SECTOR for o in self.members)


def _folded_counts(counts: Counter) -> Counter:
    """``counts`` keyed by the folded names (each distinct name folded once)."""
    out: Counter = Counter()
    for name, n in counts.items():
        out[fold(name)] += n
    return out


def _no_provider(f: str, providers: list, params: dict, rules: dict) -> Finding | None:
    if providers or not params["enabled"]:
        return None
    return Finding("no_provider", params["severity"], f"{f} has no provider", f,
                   evidence={"providers": 0})


def _single_provider(f: str, providers: list, params: dict, rules: dict) -> Finding | None:
    if len(providers) != 1 or not params["enabled"]:
        return None
    return Finding("single_provider", params["severity"],
                   f"{f} rests on a single provider: {providers[0]}", f,
                   evidence={"providers": 1, "provider": providers[0]})


def _min_providers(f: str, providers: list, params: dict, rules: dict) -> Finding | None:
    k = len(providers)
    flagged = (k == 0 and rules["no_provider"]["enabled"]) or (
        k == 1 and rules["single_provider"]["enabled"])
    if not params["enabled"] or k >= params["minimum"] or flagged:
        return None
    return Finding(
        "min_providers", params["severity"],
        f"{f} has {k} provider{'s' if k != 1 else ''} ({name_list(providers)}), fewer "
        f"than the minimum of {params['minimum']}", f,
        evidence={"providers": k, "minimum": params["minimum"]})


def _sector_mix(state: CoverageState, params: dict, findings: list, notes: list) -> None:
    if not params["enabled"]:
        return
    members = _folded_counts(Counter(map(state.sector_of.__getitem__, state.members)))
    for sector in params["sectors"]:
        if members[fold(sector)] == 0:
            findings.append(Finding(
                "sector_mix", params["severity"],
                f"The partnership has no {sector} organisation (it should include "
                f"{' and '.join(params['sectors'])} organisations)", None, sector,
                evidence={"members_in_sector": 0, "members": len(state.members)}))


def _function_sector(state: CoverageState, params: list, findings: list, notes: list) -> None:
    for rule in params:
        f = state.function_named(rule["function"])
        if f is None:
            notes.append(f"the rule about {rule['sector']} providers of {rule['function']!r} "
                         "(the partnership has no such function)")
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


# the evaluator of each rule in the registry: a function rule gets one function and its
# providers and returns a finding or None; a partnership rule adds findings and notes
EVALUATORS: dict[str, Callable] = {
    "no_provider": _no_provider, "single_provider": _single_provider,
    "min_providers": _min_providers, "sector_mix": _sector_mix,
    "function_sector": _function_sector,
}
assert set(EVALUATORS) == set(REGISTRY)


def _active(rule: Rule, params: Any) -> bool:
    return bool(params) if rule.many else bool(params["enabled"])


def evaluate(state: CoverageState, rules: dict) -> tuple:
    """Check every rule of the registry; returns ``(findings, notes)``.

    Function rules are checked function by function (findings in function
    order), then the partnership rules; rules about sectors are not checked
    when no organisation has a sector, which ``notes`` says.

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
    findings: list = []
    notes: list = []
    per_function = [r for r in REGISTRY.values() if r.scope == "function"]
    for f in state.functions:
        providers = state.providers[f]
        for rule in per_function:
            found = EVALUATORS[rule.id](f, providers, rules[rule.id], rules)
            if found is not None:
                findings.append(found)
    partnership = [r for r in REGISTRY.values() if r.scope == "partnership"]
    if not state.has_sectors:
        if any(_active(r, rules[r.id]) for r in partnership):
            notes.append("sector rules not checked: no organisation has a sector")
        return findings, notes
    for rule in partnership:
        EVALUATORS[rule.id](state, rules[rule.id], findings, notes)
    return findings, notes


def not_checked(state: CoverageState, rules: dict) -> list:
    """The rules that cannot be checked for this partnership: one record each.

    Each record has ``rule``, ``function``, ``sector``, ``reason`` and ``fix``.

    >>> p = Partnership.from_edges([("A", "Strategic")])
    >>> [(r["rule"], r["function"]) for r in not_checked(CoverageState.of(p), load_rules())]
    [('sector_mix', None), ('function_sector', 'Victim Support'), \
('function_sector', 'Investigation and Prosecution')]
    """
    out = []
    sectors = state.has_sectors
    fix_sector = ("add a sector (or type) column: statutory, voluntary, faith, ... or the "
                  "organisation's own type such as Police, Council, Charity")
    if rules["sector_mix"]["enabled"] and not sectors:
        out.append({"rule": "sector_mix", "function": None, "sector": None,
                    "reason": "no organisation has a sector", "fix": fix_sector})
    for entry in rules["function_sector"]:
        if state.function_named(entry["function"]) is None:
            out.append({"rule": "function_sector", "function": entry["function"],
                        "sector": entry["sector"],
                        "reason": f"the partnership does not record the function "
                                  f"{entry['function']!r}",
                        "fix": f"add a column for {entry['function']} (or name its column "
                               "with a synonym, or map your label to it in a --taxonomy file)"})
        elif not sectors:
            out.append({"rule": "function_sector", "function": entry["function"],
                        "sector": entry["sector"], "reason": "no organisation has a sector",
                        "fix": fix_sector})
    return out
