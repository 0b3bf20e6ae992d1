"""One function axis for comparisons: local function labels mapped to canonical ones.

Partnerships name their functions in their own words ("Victim Care",
"Awareness"); comparing them needs one axis. The default taxonomy has the six
functions of the source document, each with common synonyms (matched case-
and spacing-insensitively). A TOML file extends it or, with
``replace = true``, replaces it:

.. code-block:: toml

    replace = false                      # true: use only the functions below
    [functions]
    "Victim Support" = ["Survivor Care"] # more synonyms for a canonical function
    "Training" = ["Staff training"]      # a new canonical function

A label that is neither a canonical name nor a synonym is an error listing it
with the closest canonical names; nothing is guessed.
"""

from __future__ import annotations

import difflib
import sys

from netmap.errors import InputError, Problem
from netmap.model import Partnership
from netmap.names import fold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["DEFAULT_TAXONOMY", "Taxonomy", "load_taxonomy", "canonical_partnership"]

DEFAULT_TAXONOMY = {
    "Resources": ["Resourcing", "Funding", "Resources and Funding", "Volunteers and Buildings"],
    "Prevention and Awareness Raising": ["Prevention", "Awareness", "Awareness Raising",
                                         "Prevent", "Prevention and Awareness",
                                         "Awareness and Prevention", "Education"],
    "Victim Identification": ["Identification", "Identification of Victims",
                              "Victim Identification and Referral", "Referral", "Identify"],
    "Victim Support": ["Victim Care", "Support", "Victim Support and Care", "Protection",
                       "Protect", "Survivor Support", "Care", "Support for Victims"],
    "Investigation and Prosecution": ["Investigation", "Prosecution", "Pursue", "Enforcement",
                                      "Law Enforcement", "Investigations and Prosecutions"],
    "Strategic": ["Strategy", "Strategic Work", "Coordination", "Prepare", "Partnership",
                  "Governance", "Strategic Coordination"],
}


class Taxonomy:
    """Canonical functions (in order) and the labels that stand for each."""

    def __init__(self, functions: dict):
        self.canonical = list(functions)
        self.lookup = {}
        for canonical, synonyms in functions.items():
            for label in [canonical, *synonyms]:
                self.lookup[fold(label)] = canonical

    def canonical_of(self, label: str) -> str | None:
        return self.lookup.get(fold(label))

    def closest(self, label: str, n: int = 3) -> list:
        keys = difflib.get_close_matches(fold(label), list(self.lookup), n=n, cutoff=0.4)
        return list(dict.fromkeys(self.lookup[k] for k in keys))


def load_taxonomy(path=None) -> Taxonomy:
    """The default taxonomy, extended or replaced by the TOML file at ``path``."""
    functions = {k: list(v) for k, v in DEFAULT_TAXONOMY.items()}
    if path is None:
        return Taxonomy(functions)
    file = str(path)

    def bad(message):
        raise InputError([Problem("error", message, file=file,
                                  hint="see the taxonomy format in the README")])

    from netmap.io.files import read_bounded

    raw = read_bounded(path, what="taxonomy file")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        bad(f"not valid TOML: {e}")
    unknown = set(data) - {"replace", "functions"}
    if unknown:
        bad(f"unknown key(s) {', '.join(sorted(unknown))} (known: replace, functions)")
    if not isinstance(data.get("replace", False), bool):
        bad("replace must be true or false")
    given = data.get("functions", {})
    if not isinstance(given, dict) or not all(
            isinstance(v, list) and all(isinstance(s, str) and s.strip() for s in v)
            for v in given.values()):
        bad("[functions] maps each canonical function to a list of synonyms")
    if data.get("replace", False):
        functions = {}
    for canonical, synonyms in given.items():
        existing = next((c for c in functions if fold(c) == fold(canonical)), None)
        if existing:
            functions[existing] = functions[existing] + synonyms
        else:
            functions[canonical] = list(synonyms)
    seen: dict = {}
    for canonical, synonyms in functions.items():
        for label in [canonical, *synonyms]:
            other = seen.setdefault(fold(label), canonical)
            if other != canonical:
                bad(f"{label!r} stands for both {other!r} and {canonical!r}")
    if not functions:
        bad("the taxonomy has no functions")
    return Taxonomy(functions)


def canonical_partnership(p: Partnership, taxonomy: Taxonomy) -> tuple:
    """``p`` with its functions renamed to canonical ones; returns ``(partnership, notes)``.

    Functions are put in the taxonomy's order; two local labels that stand for
    one canonical function are merged (the larger weight kept), with a note.
    Raises :class:`InputError` naming every unknown label and its closest
    canonical names.
    """
    problems, mapping = [], {}
    for f in p.functions:
        c = taxonomy.canonical_of(f)
        if c is None:
            close = taxonomy.closest(f)
            problems.append(Problem(
                "error", f"function {f!r} is not in the taxonomy", file=p.source,
                hint=("closest: " + ", ".join(repr(x) for x in close) + "; " if close else "")
                + "add it as a synonym in a --taxonomy file"))
        mapping[f] = c
    if problems:
        raise InputError(problems)
    notes = []
    by_canonical: dict = {}
    for f, c in mapping.items():
        by_canonical.setdefault(c, []).append(f)
    for c, labels in by_canonical.items():
        if len(labels) > 1:
            notes.append(f"{p.name}: {', '.join(repr(x) for x in labels)} are all read as {c!r}")
    eng = p.engagements.assign(function=p.engagements["function"].map(mapping))
    eng = eng.groupby(["organisation", "function"], sort=False, as_index=False)["weight"].max()
    order = [c for c in taxonomy.canonical if c in by_canonical]
    renamed = Partnership(name=p.name, functions=tuple(order), organisations=p.organisations,
                          engagements=eng, attributes=p.attributes, weighted=p.weighted,
                          source=p.source)
    return renamed, notes
