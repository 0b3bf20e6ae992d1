"""One function axis and one sector vocabulary: the ``--taxonomy`` TOML file.

The defaults are the tables of :mod:`netmap.vocabulary` (the six canonical
functions of the source document with their UK, US and international
synonyms, and the sector classes with theirs). A TOML file extends them or,
with ``replace = true``, replaces the function table:

.. code-block:: toml

    replace = false                      # true: use only the functions below
    [functions]
    "Victim Support" = ["Survivor Care"] # more synonyms for a canonical function
    "Training" = ["Staff training"]      # a new canonical function
    [sectors]
    statutory = ["Combined Authority"]   # more values read as a sector class
    voluntary = ["Women's Aid"]

Labels match with case, spacing, punctuation, ``&``/``and``, hyphens and simple
plurals folded (:func:`netmap.vocabulary.key`). Sector classes are those of
:data:`netmap.vocabulary.SECTOR_CLASSES`. A function label that is neither a
canonical name nor a synonym is the partnership's own function: kept, never
guessed.
"""

from __future__ import annotations

import sys

from netmap.errors import InputError, Problem
from netmap.model import Partnership
from netmap.vocabulary import FUNCTIONS, SECTOR_CLASSES, SECTORS, Vocabulary, key, twin_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["DEFAULT_TAXONOMY", "Taxonomy", "load_taxonomy", "canonical_partnership",
           "common_axis"]

DEFAULT_TAXONOMY = FUNCTIONS
Taxonomy = Vocabulary  # the name compare and diff have always used


def _names(value) -> bool:
    return isinstance(value, list) and all(isinstance(s, str) and s.strip() for s in value)


def load_taxonomy(path=None) -> Vocabulary:
    """The default vocabulary, extended or replaced by the TOML file at ``path``."""
    functions = {k: list(v) for k, v in FUNCTIONS.items()}
    sectors = {k: list(v) for k, v in SECTORS.items()}
    if path is None:
        return Vocabulary(functions, sectors)
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
    unknown = set(data) - {"replace", "functions", "sectors"}
    if unknown:
        bad(f"unknown key(s) {', '.join(sorted(unknown))} (known: replace, functions, sectors)")
    if not isinstance(data.get("replace", False), bool):
        bad("replace must be true or false")
    given = data.get("functions", {})
    if not isinstance(given, dict) or not all(_names(v) for v in given.values()):
        bad("[functions] maps each canonical function to a list of synonyms")
    more = data.get("sectors", {})
    if not isinstance(more, dict) or not all(_names(v) for v in more.values()):
        bad("[sectors] maps each sector class to a list of values")
    for cls in more:
        if cls not in SECTOR_CLASSES:
            bad(f"[sectors]: unknown sector class {cls!r} (classes: {', '.join(SECTOR_CLASSES)})")
        sectors[cls] = sectors[cls] + more[cls]
    if data.get("replace", False):
        functions = {}
    for canonical, synonyms in given.items():
        existing = next((c for c in functions if key(c) == key(canonical)), None)
        if existing:
            functions[existing] = functions[existing] + synonyms
        else:
            functions[canonical] = list(synonyms)
    for table, what in ((functions, "function"), (sectors, "sector class")):
        seen: dict = {}
        for canonical, synonyms in table.items():
            for label in [canonical, *synonyms]:
                other = seen.setdefault(key(label), canonical)
                if other != canonical:
                    bad(f"{label!r} stands for both {other!r} and {canonical!r} (each {what} "
                        "needs its own labels)")
    if not functions:
        bad("the taxonomy has no functions")
    return Vocabulary(functions, sectors)


def canonical_partnership(p: Partnership, taxonomy: Vocabulary) -> tuple:
    """``p`` on the taxonomy's function axis; returns ``(partnership, notes)``.

    Canonical functions come first, in the taxonomy's order, then the
    partnership's own functions in their order (spellings that fold to one
    label are one function). ``notes`` says which labels were read as which
    and which are the partnership's own.
    """
    from netmap.vocabulary import read_vocabulary

    q, reading, _ = read_vocabulary(p, taxonomy)
    notes = []
    by_read: dict = {}
    for label, (read, _how) in reading.functions.items():
        by_read.setdefault(read, []).append(label)
    for read, labels in by_read.items():
        if len(labels) > 1:
            notes.append(f"{p.name}: {', '.join(repr(x) for x in labels)} are all read as "
                         f"{read!r}")
    own = [label for label, (_, how) in reading.functions.items() if how == "own"]
    if own:
        notes.append(f"{p.name}: its own function{'s' if len(own) > 1 else ''} (not in the "
                     f"taxonomy): {', '.join(repr(x) for x in own)}")
    order = [c for c in taxonomy.canonical if c in q.functions]
    order += [f for f in q.functions if f not in order]
    import dataclasses

    return dataclasses.replace(q, functions=tuple(order)), notes


def common_axis(partnerships: list, taxonomy: Vocabulary) -> tuple:
    """Every partnership on one function axis; returns ``(partnerships, notes)``.

    Each is put on the taxonomy's axis (:func:`canonical_partnership`); then
    an own function spelled differently in two partnerships ("Psycho-social
    support", "Psychosocial support") takes the first spelling met, with a
    note, so that partnerships sharing their own vocabulary compare without
    a taxonomy file. The notes cover every input, in one run.
    """
    import dataclasses

    canon, notes = [], []
    for p in partnerships:
        c, n = canonical_partnership(p, taxonomy)
        canon.append(c)
        notes += n
    first: dict = {}
    for c in canon:
        for f in c.functions:
            if f not in taxonomy.canonical:
                first.setdefault(twin_key(f), f)
    out = []
    for c in canon:
        rename = {f: first[twin_key(f)] for f in c.functions
                  if f not in taxonomy.canonical and first[twin_key(f)] != f}
        if rename:
            notes.append(f"{c.name}: " + ", ".join(f"{a!r} read as {b!r}"
                                                   for a, b in rename.items())
                         + " (the spelling of another partnership)")
            c = dataclasses.replace(
                c, functions=tuple(rename.get(f, f) for f in c.functions),
                engagements=c.engagements.assign(
                    function=c.engagements["function"].replace(rename)))
        out.append(c)
    return out, notes
