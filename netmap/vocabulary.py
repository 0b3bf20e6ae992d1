"""How a partnership's own words are read: one vocabulary layer every command uses.

Where it is applied
-------------------
:func:`netmap.io.load` (and :func:`~netmap.io.load_split`, graph files
included) ends with :func:`read_vocabulary`, so ``report``, ``gaps``,
``whatif``, ``map``, ``metrics``, ``export``, ``compare`` and ``diff`` all work
on the same mapped partnership and give the same answer for the same file.
The gap rules (:mod:`netmap.metrics.rules`) are checked on that mapped
vocabulary: canonical function names and sector classes.

Functions
---------
A function label is read as one of the six canonical functions of the source
document when it is the canonical name or one of its synonyms
(:data:`FUNCTIONS`); matching folds case, spacing, punctuation, ``&``/``and``,
hyphens and simple plurals (:func:`key`), so "Investigation & prosecution"
is Investigation and Prosecution and "Psycho-social support" is the same
function as "Psychosocial support". Nothing else is guessed: any other label
is the partnership's **own function**, kept under its first spelling,
analysed, mapped and reported like any other (an error only with
``strict_vocabulary``). Two labels read as one function are merged (the
larger weight kept), with a note.

Sources for the mappings that are not obvious:

- UK Modern Slavery Strategy (HM Government, 2014), the four Ps: *Pursue*
  (prosecute and disrupt) -> Investigation and Prosecution; *Prevent*
  (prevent people from engaging in modern slavery) -> Prevention and
  Awareness Raising; *Protect* ("strengthen safeguards ... by protecting
  vulnerable people from exploitation and increasing awareness") ->
  Prevention and Awareness Raising; *Prepare* ("reduce the harm caused ...
  through improved victim identification and enhanced support and
  protection") -> Victim Support.
- US Trafficking Victims Protection Act (2000) and the State Department's
  TIP Office "3Ps" of *Prevention*, *Protection* (of victims: shelter,
  services, assistance) and *Prosecution*, with *Partnership* as the fourth
  P (2009): Protection -> Victim Support, Partnership -> Strategic.
- UN Palermo Protocol (2000), Part II "Protection of victims": *assistance*
  to victims -> Victim Support; UK National Referral Mechanism: *first
  responders* identify and refer potential victims -> Victim Identification.

Sectors
-------
The organisation type column is read under its common headers
(:data:`TYPE_HEADERS`: sector, organisation type, type, category; kind, which the
loader stores as type).
Each value is read as a sector class (:data:`SECTOR_CLASSES`) through
:data:`SECTORS` (same folding); the class is the ``sector`` attribute that
drives the sector rules, the tables by sector and the colours, and the
organisation's own value stays an attribute under its own header (under
``organisation type`` when the header was ``sector``), shown in tables and
tooltips. A value no table knows is class ``other``, with one warning naming
every such value. A column none of whose values is known is not read as a
type column at all (a ``category`` of A/B/C stays an attribute).

A ``--taxonomy`` TOML file (:func:`netmap.taxonomy.load_taxonomy`) adds
synonyms, new canonical functions or sector synonyms.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from netmap.errors import Problem
from netmap.model import Partnership
from netmap.names import fold, text_codes

if TYPE_CHECKING:
    from netmap.io import Loaded
    from netmap.io.options import LoadOptions

__all__ = ["default_vocabulary", "FUNCTIONS", "SECTORS", "SECTOR_CLASSES", "TYPE_HEADERS",
           "OTHER", "DEFINITIONS", "definition", "key", "Vocabulary", "Reading", "read_vocabulary",
           "own_type"]

FUNCTIONS: dict = {
    "Resources": ["Resourcing", "Funding", "Funders", "Finance", "Grants", "Donors",
                  "Resources and Funding", "Volunteers and Buildings"],
    "Prevention and Awareness Raising": [
        "Prevention", "Prevent", "Protect", "Awareness", "Awareness Raising",
        "Prevention and Awareness", "Awareness and Prevention", "Public Awareness",
        "Education", "Campaigns", "Demand Reduction", "Raising Awareness",
        "Awareness and Training", "Training and Awareness"],
    "Victim Identification": [
        "Identification", "Identify", "Identification of Victims", "Victim Identification and "
        "Referral", "Referral", "NRM Referral", "National Referral Mechanism",
        "First Responders", "First Responder Organisations", "Screening"],
    "Victim Support": [
        "Victim Care", "Victim Support and Care", "Support", "Support for Victims",
        "Survivor Support", "Supporting Survivors", "Survivor Care", "Care", "Aftercare",
        "Victim Services", "Victim Assistance", "Assistance", "Protection", "Prepare"],
    "Investigation and Prosecution": [
        "Investigation", "Prosecution", "Pursue", "Enforcement", "Law Enforcement",
        "Policing", "Criminal Justice", "Disruption", "Investigations and Prosecutions",
        "Police and Prosecution", "Policing and Prosecution", "Investigate and Prosecute"],
    "Strategic": ["Strategy", "Strategic Work", "Coordination", "Strategic Coordination",
                  "Partnership", "Governance", "Leadership", "Oversight", "Policy",
                  "Steering Group", "Strategic Group", "Partnership Board", "Strategic Board"],
}

# Each canonical function in plain words, with examples of the activities it covers, for
# the people who fill in a form (``netmap form``'s Functions sheet): (meaning, examples).
DEFINITIONS: dict = {
    "Resources": (
        "Providing money, people, buildings or equipment that others in the partnership use "
        "to do their work.",
        "grants and funding; volunteers; lending rooms or safe accommodation; interpreters "
        "or specialist staff made available to partners"),
    "Prevention and Awareness Raising": (
        "Stopping exploitation before it happens and helping people recognise it.",
        "awareness campaigns; training front-line staff, employers or the public; work with "
        "schools and communities at risk; supply-chain checks and demand reduction"),
    "Victim Identification": (
        "Finding people who may be victims and referring them for help.",
        "outreach and screening; acting as a first responder; referrals into the National "
        "Referral Mechanism (or your country's equivalent); welfare visits and raids with "
        "partners"),
    "Victim Support": (
        "Helping survivors recover and rebuild their lives.",
        "safe housing; health and counselling; legal and immigration advice; translation; "
        "help with benefits, work and education; support through court"),
    "Investigation and Prosecution": (
        "Bringing offenders to justice and disrupting exploitation.",
        "police investigations; gathering evidence and intelligence; prosecutions; "
        "labour-market and licensing enforcement; seizing assets"),
    "Strategic": (
        "Leading, coordinating or shaping how the partnership works as a whole.",
        "chairing or sitting on the partnership board; joint strategies and action plans; "
        "sharing data and learning; policy and lobbying"),
}


def definition(function: str, vocabulary: Vocabulary | None = None) -> tuple:
    """``(meaning, examples)`` of a function in plain words, for the people who fill in a
    form: :data:`DEFINITIONS` for a canonical function; for one a ``--taxonomy`` file adds,
    the labels it is also known by; for the partnership's own function, a sentence saying
    so.

    >>> definition("Victim Support")[0]
    'Helping survivors recover and rebuild their lives.'
    >>> definition("Drop-in centre")[0][:33]
    "This partnership's own function, "
    """
    vocabulary = vocabulary or Vocabulary()
    canonical = vocabulary.canonical_of(function)
    if canonical in DEFINITIONS:
        return DEFINITIONS[canonical]
    if canonical is not None:
        synonyms = vocabulary.functions.get(canonical, [])
        return (f"{canonical}: a function of this partnership's vocabulary."
                + (f" Also called: {', '.join(synonyms)}." if synonyms else ""),
                "ask the coordinator who sent this form for examples")
    return ("This partnership's own function, named in its own words (not one of the six "
            "common functions).", "ask the coordinator who sent this form for examples")


SECTOR_CLASSES = ("statutory", "voluntary", "faith", "community", "business", "academic",
                  "international", "partnership network", "other")
OTHER = "other"

SECTORS: dict = {
    "statutory": [
        "Police", "Constabulary", "Police Force", "Police and Crime Commissioner", "Council",
        "Local Authority", "Local Government", "County Council", "City Council",
        "District Council", "Borough Council", "NHS", "Health", "Health Service",
        "Fire and Rescue", "Fire Service", "Ambulance Service", "Probation", "Prison Service",
        "Home Office", "Border Force", "Immigration Enforcement", "DWP", "Jobcentre Plus",
        "HMRC", "GLAA", "Crown Prosecution Service", "CPS", "Trading Standards",
        "Government", "Government Department", "Public Sector", "Public Body",
        "Statutory Agency", "Statutory Sector", "Law Enforcement"],
    "voluntary": ["Voluntary Sector", "Charity", "Charitable", "NGO", "Non-profit",
                  "Not for profit", "Third Sector", "VCS", "VCSE", "Civil Society",
                  "Voluntary Organisation", "Refuge", "Women's Refuge", "Safe House",
                  "Shelter"],
    "faith": ["Faith Group", "Faith-based", "Faith Organisation", "Church", "Mosque",
              "Gurdwara", "Temple", "Synagogue", "Mandir", "Diocese", "Religious"],
    "community": ["Community Group", "Community Organisation", "Grassroots",
                  "Residents Association"],
    "business": ["Private", "Private Sector", "Company", "Employer", "Corporate",
                 "Commercial", "Industry", "Retailer"],
    "academic": ["University", "College", "Research", "Research Institute", "Academia"],
    "international": ["International Organisation", "Intergovernmental", "IGO", "UN",
                      "United Nations", "IOM", "Embassy", "Consulate"],
    "partnership network": ["Partnership", "Network", "Anti-slavery Partnership", "Forum",
                            "Coalition"],
    "other": ["Mixed", "Individual"],
}

# headers of the organisation type column, in order of preference (a "kind" column is
# stored as "type" by the loader, netmap.io.builder.stored_names: "kind" is the node field
# of netmap's own graphs)
TYPE_HEADERS = ("sector", "organisation type", "organization type", "type", "category")
OWN_TYPE = "organisation type"  # where the own value goes when the header was "sector"

_SPLIT = re.compile(r"[^\w]+|_")


def _keys(label: str) -> tuple:
    """``key(label)`` and the same with hyphens read as spaces ("first-responder")."""
    return key(label), key(label.replace("-", " ").replace("\u2010", " "))


def key(label: str) -> str:
    """The form two labels share when they are read as one: case, spacing,
    punctuation, ``&``/``and``, hyphens and simple plurals folded.

    >>> key("Investigation & prosecution") == key("Investigations and Prosecution")
    True
    >>> key("Psycho-social support") == key("Psychosocial Support")
    True
    >>> key("Charities"), key("Business")
    ('charity', 'business')
    """
    text = label.casefold().replace("&", " and ").replace("-", "").replace("\u2010", "")
    words = []
    for w in _SPLIT.split(text):
        if not w or w == "and":
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        words.append(w)
    return " ".join(words)


def twin_key(label: str) -> str:
    """The form two spellings of one own function share: :func:`key` without spaces, so a
    hyphen, a space or nothing between words reads the same ("Outreach-work",
    "Outreach work"; "Drop-in centre", "Drop in centres").

    >>> twin_key("Outreach-work") == twin_key("Outreach work")
    True
    """
    return key(label).replace(" ", "")


class Vocabulary:
    """Canonical functions (in order) with their synonyms, and sector synonyms."""

    def __init__(self, functions: dict | None = None, sectors: dict | None = None):
        functions = FUNCTIONS if functions is None else functions
        sectors = SECTORS if sectors is None else sectors
        self.functions = {c: list(s) for c, s in functions.items()}
        self.sectors = {c: list(s) for c, s in sectors.items()}
        self.canonical = list(self.functions)
        self.lookup = {k: c for c, syn in self.functions.items()
                       for label in [c, *syn] for k in _keys(label)}
        self.sector_lookup = {k: c for c, syn in self.sectors.items()
                              for label in [c, *syn] for k in _keys(label)}

    def canonical_of(self, label: str) -> str | None:
        """The canonical function ``label`` stands for, or None (the partnership's own)."""
        return next((self.lookup[k] for k in _keys(label) if k in self.lookup), None)

    def sector_of(self, value: str) -> str | None:
        """The sector class ``value`` stands for, or None (unknown)."""
        return next((self.sector_lookup[k] for k in _keys(value) if k in self.sector_lookup),
                    None)

    def closest(self, label: str, n: int = 3) -> list:
        import difflib

        keys = difflib.get_close_matches(key(label), list(self.lookup), n=n, cutoff=0.6)
        return list(dict.fromkeys(self.lookup[k] for k in keys))


@dataclass
class Reading:
    """How a partnership's labels were read.

    ``functions``: each label as given -> ``(function it is read as, how)`` where
    how is ``canonical``, ``synonym``, ``own`` or ``twin`` (a spelling of an own
    function already seen); ``sectors``: each type value -> its class (None
    for an unknown value read as ``other``); ``type_column``: the header read.
    """

    functions: dict = field(default_factory=dict)
    sectors: dict = field(default_factory=dict)
    type_column: str | None = None

    def lines(self) -> list:
        """One plain sentence per label that was not already canonical."""
        out = []
        for label, (read, how) in self.functions.items():
            if how == "synonym":
                out.append(f"function {label!r} read as {read}")
            elif how == "twin":
                out.append(f"function {label!r} read as {read!r} (the same label)")
            elif how == "own":
                out.append(f"function {label!r} kept as the partnership's own function")
        for value, cls in self.sectors.items():
            if cls is None:
                out.append(f"type {value!r} not recognised: read as {OTHER}")
            elif fold(value) != cls:
                out.append(f"type {value!r} read as {cls}")
        return out

    def rows(self) -> list:
        """``(kind, label, read as, how)`` rows for tables."""
        rows = [("function", label, read, how) for label, (read, how) in self.functions.items()]
        rows += [("type", value, cls or OTHER, "class" if cls else "unknown: other")
                 for value, cls in self.sectors.items()]
        return rows


def own_type(row) -> str:
    """An organisation's own type value beside its sector class, for tooltips ('' if none).

    ``row`` maps attribute names to values (a row of the organisations table).

    >>> own_type({"sector": "statutory", "type": "Police"}), own_type({"sector": "faith"})
    ('Police', '')
    """
    sector = str(row.get("sector") or "")
    if not sector:
        return ""
    vocab = default_vocabulary()
    for header in (OWN_TYPE, *TYPE_HEADERS[1:]):
        value = str(row.get(header) or "")
        if value and (vocab.sector_of(value) or OTHER) in (sector, OTHER):
            return "" if fold(value) == fold(sector) else value
    return ""


@functools.lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The default vocabulary, made once."""
    return Vocabulary()


def _functions(p: Partnership, vocab: Vocabulary, reading: Reading) -> Partnership:
    mapping: dict = {}
    own: dict = {}
    for f in p.functions:
        c = vocab.canonical_of(f)
        if c is not None:
            reading.functions[f] = (c, "canonical" if f == c else "synonym")
        else:
            first = own.setdefault(twin_key(f), f)
            c = first
            reading.functions[f] = (c, "own" if f == first else "twin")
        mapping[f] = c
    if all(f == c for f, c in mapping.items()):
        return p
    eng = p.engagements.assign(function=p.engagements["function"].map(mapping))
    eng = eng.groupby(["organisation", "function"], sort=False, as_index=False)["weight"].max()
    order = tuple(dict.fromkeys(mapping[f] for f in p.functions))
    unsure = p.uncertain  # uncertain marks name the same functions
    if len(unsure):
        unsure = unsure.assign(function=unsure["function"].map(lambda f: mapping.get(f, f)))
    return dataclasses.replace(p, functions=order, engagements=eng, uncertain=unsure)


def _type_column(attrs: pd.DataFrame, vocab: Vocabulary) -> str | None:
    columns = {fold(str(c)): c for c in attrs.columns}
    for header in TYPE_HEADERS:
        c = columns.get(header)
        if c is not None and any(vocab.sector_of(v) for v in attrs[c] if v):
            return c
    return None


def _sectors(p: Partnership, vocab: Vocabulary, reading: Reading) -> Partnership:
    attrs = p.attributes
    column = _type_column(attrs, vocab)
    if column is None:
        return p
    import numpy as np

    reading.type_column = str(column)
    values = attrs[column].fillna("").astype(str)
    codes, distinct = text_codes(values.tolist())  # each distinct value once, in order
    for v in distinct:
        if v.strip() and v not in reading.sectors:
            reading.sectors[v] = vocab.sector_of(v)
    read = [(reading.sectors.get(v) or OTHER) if v.strip() else "" for v in distinct]
    if fold(str(column)) == "sector" and all(fold(c) == fold(v) for c, v in zip(
            read, distinct, strict=True)):
        return p  # the classes themselves (in any case): nothing to keep beside them
    classes = pd.Series(np.asarray(read, dtype=object)[codes] if len(codes) else [],
                        index=values.index, dtype=values.dtype)
    attrs = attrs.copy()
    if fold(str(column)) == "sector" and OWN_TYPE not in attrs.columns:
        attrs.insert(list(attrs.columns).index(column) + 1, OWN_TYPE, values)
    attrs["sector"] = classes
    return dataclasses.replace(p, attributes=attrs)


def read_vocabulary(p: Partnership, vocabulary: Vocabulary | None = None,
                    strict: bool = False) -> tuple:
    """``p`` read through the vocabulary: returns ``(partnership, reading, problems)``.

    Function labels are renamed to canonical functions (or kept as the
    partnership's own), the type column's values give each organisation's
    sector class. ``problems`` holds one note per label read as another, one
    warning naming the type values read as ``other``, and (``strict``) one
    error per own function.

    Examples
    --------
    >>> p = Partnership.from_edges([("Police", "Investigation & prosecution"),
    ...     ("Hope", "Supporting survivors"), ("Hope", "Shelter")])
    >>> q, reading, problems = read_vocabulary(p)
    >>> q.functions
    ('Investigation and Prosecution', 'Victim Support', 'Shelter')
    >>> reading.lines()[1]
    "function 'Supporting survivors' read as Victim Support"
    """
    vocab = vocabulary or Vocabulary()
    reading = Reading()
    q = _sectors(_functions(p, vocab, reading), vocab, reading)
    file = p.source
    problems = [Problem("info", line, file=file) for line in reading.lines()
                if not line.startswith("type") or "not recognised" not in line]
    unknown = [v for v, c in reading.sectors.items() if c is None]
    if unknown:
        problems.append(Problem(
            "warning", f"{len(unknown)} organisation type value{'s' if len(unknown) > 1 else ''}"
            f" not recognised, read as {OTHER}: " + ", ".join(repr(v) for v in unknown),
            file=file, column_name=reading.type_column,
            hint="add them under [sectors] in a --taxonomy file; netmap vocabulary lists how "
                 "each value is read"))
    if strict:
        problems += [Problem("error", f"function {label!r} is not in the vocabulary", file=file,
                             hint=("closest: " + ", ".join(repr(c) for c in vocab.closest(label))
                                   + "; " if vocab.closest(label) else "")
                             + "add it in a --taxonomy file, or leave out --strict-vocabulary")
                     for label, (_, how) in reading.functions.items() if how == "own"]
    return dataclasses.replace(q, labels_read=True), reading, problems


def _options(path: str | os.PathLike, options: LoadOptions | None,
             fields: dict) -> LoadOptions:
    """Load options with the type column's headers read as attributes (tables only)."""
    from pathlib import Path

    from netmap.io.graphfile import GRAPH_EXTENSIONS
    from netmap.io.jsonfile import JSON_EXTENSIONS
    from netmap.io.options import LoadOptions

    o = LoadOptions.of(options, **fields)
    if Path(path).suffix.lower() in (*GRAPH_EXTENSIONS, *JSON_EXTENSIONS):
        return o  # no columns: every property or node attribute is an attribute already
    named = {fold(a) for a in o.attribute_columns}
    extra = tuple(h for h in TYPE_HEADERS if h not in named)
    return dataclasses.replace(o, attribute_columns=o.attribute_columns + extra)


def apply(loaded: Loaded, vocabulary: Vocabulary | None = None,
          strict: bool = False) -> Loaded:
    """A :class:`~netmap.io.Loaded` read through the vocabulary (in place; returned).

    Its ``reading`` says how each label was read; notes and the warning join
    its problems. Raises :class:`~netmap.errors.InputError` under ``strict``
    when a function label is the partnership's own.
    """
    from netmap.errors import InputError

    p, reading, problems = read_vocabulary(loaded.partnership, vocabulary, strict)
    loaded.partnership, loaded.reading = p, reading
    loaded.problems = [*loaded.problems, *problems]
    if any(q.is_error for q in problems):
        raise InputError(loaded.problems, names=tuple(p.organisations))
    return loaded


def load(path: str | os.PathLike, options: LoadOptions | None = None,
         vocabulary: Vocabulary | None = None, strict: bool = False, **fields: Any) -> Loaded:
    """Read a partnership file, then read its labels through the vocabulary.

    :func:`netmap.io.load` followed by :func:`read_vocabulary`: what every
    command reads, so that every command gives the same answer.

    Parameters
    ----------
    path : str or Path
        The input file.
    options : LoadOptions, optional
        How to read it (:class:`~netmap.io.options.LoadOptions`).
    vocabulary : Vocabulary, optional
        The function and sector tables (the defaults, or
        :func:`netmap.taxonomy.load_taxonomy` of a ``--taxonomy`` file).
    strict : bool
        A function label that is neither canonical nor a synonym is an error.
    **fields
        Load options by name (``weighted=True``).

    Returns
    -------
    Loaded
        As :func:`netmap.io.load`, with ``reading`` saying how each label was
        read; its notes and warnings join ``problems``.

    Raises
    ------
    InputError
        When anything in the file is wrong (or, with ``strict``, a label is
        the partnership's own).

    Examples
    --------
    >>> loaded = load("data/partners.csv")
    >>> loaded.reading.functions["Victim Support"]
    ('Victim Support', 'canonical')
    """
    from netmap import io

    return apply(io.load(path, _options(path, options, fields)), vocabulary, strict)


def load_split(path: str | os.PathLike, column: str = "partnership",
               options: LoadOptions | None = None, vocabulary: Vocabulary | None = None,
               strict: bool = False, **fields: Any) -> list:
    """:func:`netmap.io.load_split`, each partnership read through the vocabulary."""
    from netmap import io

    return [apply(x, vocabulary, strict)
            for x in io.load_split(path, column, _options(path, options, fields))]


def read(path: str | os.PathLike, options: LoadOptions | None = None,
         vocabulary: Vocabulary | None = None, strict: bool = False,
         **fields: Any) -> Partnership:
    """The partnership in ``path``, its labels read through the vocabulary.

    Parameters
    ----------
    path : str or Path
        The input file.
    options : LoadOptions, optional
        How to read it, as for :func:`load`.
    vocabulary : Vocabulary, optional
        The function and sector tables (the defaults if None).
    strict : bool
        A function label that is neither canonical nor a synonym is an error.
    **fields
        Load options by name (``layout``, ``weighted``, ``sheet``, ...).

    Returns
    -------
    Partnership

    Raises
    ------
    InputError
        When anything in the file is wrong; ``.problems`` lists all of it.

    Examples
    --------
    >>> read("data/partners.csv").functions[:2]
    ('Resources', 'Prevention and Awareness Raising')
    """
    return load(path, options, vocabulary, strict, **fields).partnership
