"""Read a service directory or survey export: a JSON array of records, or GeoJSON.

Accepted documents: an array of objects (one record each), or a GeoJSON
``FeatureCollection`` (each feature's ``properties`` a record; a ``Point``
geometry gives the attributes ``longitude`` and ``latitude``). Property names
are matched in any case and spacing:

- the organisation: ``organisation``, ``organization``, ``org`` or ``name``
  (or the property named by ``org_column`` / ``--org-column``);
- the functions: ``functions``, ``function``, ``services``, ``service``,
  ``activities`` or ``activity``, holding a list of names or one text listing
  them separated by ``;``, ``|`` or line breaks (as in the long layout); each is
  an engagement, a function named twice in one record counts once;
- a ``weight`` or ``strength`` property, read as a long file's weight column
  (with ``--weighted``: the strength of each of the record's engagements);
- every other property is an attribute, kept as text: a number as written, true
  and false as words, null as blank, a list of plain values joined by ``; ``. A
  nested object is an error naming the record and the property, and so is a
  property given twice in one record.

An organisation listed in several records has its engagements merged (with a
warning), as in a table. Errors are collected for every record before
stopping, each naming the file and the record (its number, counting from 1,
and its name when known). Numbers that overflow (``1e400``) and ``NaN`` or
``Infinity`` are errors naming the record. The file is read within
``max_bytes`` (:func:`~netmap.io.files.read_bounded`: never a FIFO or a
device), ``max_rows`` bounds the number of records and ``max_columns`` the
number of distinct properties. A network in node-link JSON (what ``netmap
export --to json`` writes) is refused with a message saying what it is.
"""

from __future__ import annotations

import json
import math
from typing import NoReturn

from netmap.errors import InputError, Problem
from netmap.io.builder import Builder, attribute_name_problems, stored_names
from netmap.io.cells import CellError, clean_name, interpret
from netmap.io.extras import apply_attributes, read_aliases
from netmap.io.files import read_bounded
from netmap.io.layouts import split_functions
from netmap.io.options import LoadOptions
from netmap.names import fold

__all__ = ["JSON_EXTENSIONS", "ORG_PROPERTIES", "FUNCTION_PROPERTIES", "read_records",
           "read_json_file", "read_json_split"]

JSON_EXTENSIONS = (".json", ".geojson")
#: property names of the organisation, in order of preference (folded)
ORG_PROPERTIES = ("organisation", "organization", "org", "name")
#: property names of the functions, in order of preference (folded)
FUNCTION_PROPERTIES = ("functions", "function", "services", "service", "activities",
                       "activity")
WEIGHT_PROPERTIES = ("weight", "strength")
_SHOWN = 60  # characters of a value shown in a message


class _Number(str):
    """A JSON number kept as the text it was written as (never converted on the way in)."""


class _Constant(str):
    """``NaN``, ``Infinity`` or ``-Infinity``, which strict JSON does not allow."""


class _Object(dict):
    """A JSON object, remembering the keys it was given more than once (the last value
    would otherwise win silently)."""

    repeated: tuple = ()


def _object(pairs: list) -> _Object:
    d = _Object(pairs)
    if len(d) < len(pairs):
        seen: set = set()
        twice = []
        for k, _ in pairs:
            if k in seen:
                twice.append(k)
            seen.add(k)
        d.repeated = tuple(twice)
    return d


def _fail(file: str, message: str, hint: str | None = None) -> NoReturn:
    raise InputError([Problem("error", message, file=file, hint=hint)])


def _decode(raw: bytes, file: str, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return raw.decode(encoding)
        except LookupError:
            _fail(file, f"unknown encoding {encoding!r}", "name an encoding such as utf-8")
        except UnicodeDecodeError as e:
            _fail(file, f"cannot be decoded as {encoding} (byte {e.start + 1})",
                  "JSON files are normally UTF-8: leave out --encoding")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        _fail(file, f"is not UTF-8 text (byte {e.start + 1} is not valid UTF-8)",
              "save the file as UTF-8, or name its encoding with --encoding")


def _parse(text: str, file: str):
    try:
        return json.loads(text, parse_float=_Number, parse_int=_Number,
                          parse_constant=_Constant, object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        _fail(file, f"is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})",
              "check the file was exported completely, or validate it with a JSON checker")
    except RecursionError:
        _fail(file, "is nested too deeply to be a list of records (arrays or objects inside "
              "each other thousands of levels deep)",
              "a directory is an array of flat records, or a GeoJSON FeatureCollection")


def _kind(doc) -> str:
    if isinstance(doc, list):
        return "an array"
    if isinstance(doc, dict):
        return "an object"
    if isinstance(doc, (_Number, _Constant)):
        return "a number"
    if isinstance(doc, str):
        return "a string"
    return {True: "true", False: "false", None: "null"}[doc]


def read_records(path, o: LoadOptions) -> tuple:
    """``(records, problems)``: the records of a JSON or GeoJSON file, before meaning.

    Each record is ``(number, properties, point)``: its 1-based number, its
    properties (a dict, or something else the caller reports) and the
    GeoJSON geometry (None when absent). Refuses what is not a list of
    records (with a message saying what the document is) and more records
    than ``o.max_rows``.
    """
    file = str(path)
    text = _decode(read_bounded(path, o.max_bytes), file, o.encoding)
    if not text.strip():
        _fail(file, "the file is empty", "export the directory again")
    doc = _parse(text, file)
    problems: list = []
    if isinstance(doc, dict):
        keys = {fold(k) for k in doc}
        if "nodes" in keys and ({"links", "edges"} & keys):
            _fail(file, "is a network graph in node-link JSON (as netmap export --to json "
                  "writes), not a list of records",
                  "read the partnership's own file instead, or export the graph with "
                  "--to graphml, which netmap reads back")
        kind = doc.get("type")
        if kind == "Feature":
            doc = {"type": "FeatureCollection", "features": [doc]}
            kind = "FeatureCollection"
        if kind != "FeatureCollection" or not isinstance(doc.get("features"), list):
            shown = ", ".join(repr(k) for k in list(doc)[:8]) or "none"
            _fail(file, f"is a JSON object (keys: {shown}), not an array of records or a "
                  "GeoJSON FeatureCollection",
                  "export the directory as an array of records ([{...}, {...}]) or as GeoJSON")
        features = doc["features"]
        _limit(file, len(features), o.max_rows)
        records = []
        for n, feature in enumerate(features, start=1):
            if not isinstance(feature, dict):
                problems.append(Problem("error", f"record {n} is {_kind(feature)}, not a GeoJSON "
                                        "Feature object", file=file))
                continue
            props = feature.get("properties")
            records.append((n, {} if props is None else props, feature.get("geometry")))
        return records, problems
    if not isinstance(doc, list):
        _fail(file, f"holds {_kind(doc)}, not an array of records",
              "a directory is an array of records ([{\"name\": ..., \"services\": ...}, ...]) "
              "or a GeoJSON FeatureCollection")
    _limit(file, len(doc), o.max_rows)
    return [(n, r, None) for n, r in enumerate(doc, start=1)], problems


def _limit(file: str, n: int, max_rows: int) -> None:
    if n > max_rows:
        _fail(file, f"the file holds {n:,} records, more than the limit of {max_rows:,}",
              "raise the limit with --max-rows")
    if n == 0:
        _fail(file, "the file holds no records", "export the directory again")


def _short(value: str) -> str:
    return value if len(value) <= _SHOWN else value[:_SHOWN - 3] + "..."


class _Record:
    """One record being read: where it is, for messages, and the problems found in it."""

    def __init__(self, b: Builder, n: int):
        self.b = b
        self.n = n
        self.name: str | None = None

    @property
    def place(self) -> str:
        return f"record {self.n}" + (f" ({self.name!r})" if self.name else "")

    def error(self, message: str, hint: str | None = None) -> None:
        self.b.problem("error", f"{self.place}: {message}", hint=hint)

    def text(self, key: str, value, joinable: bool = True) -> str | None:
        """The value of property ``key`` as text, or None after an error."""
        if isinstance(value, _Constant):
            self.error(f"property {key!r} is {value}, which is not a number JSON allows",
                       "write the value as a number, or as null")
            return None
        if isinstance(value, _Number):
            try:
                finite = math.isfinite(float(value))
            except (OverflowError, ValueError):
                finite = False
            if not finite:
                self.error(f"property {key!r} holds the number {_short(value)}, too large to "
                           "read (it overflows to infinity)", "check the exported value")
                return None
            raw = str(value)
        elif isinstance(value, bool):
            raw = "true" if value else "false"
        elif value is None:
            raw = ""
        elif isinstance(value, str):
            raw = value
        elif isinstance(value, list) and joinable:
            parts = [self.text(key, v, joinable=False) for v in value]
            if any(p is None for p in parts):
                return None
            return "; ".join(p for p in parts if p)
        else:
            self.error(f"property {key!r} holds {_kind(value)}"
                       + (" inside a list" if not joinable else "")
                       + ", not a text, number or list of them",
                       "flatten the record: one property per value")
            return None
        notes: list = []
        try:
            cleaned = clean_name(raw, notes)
        except CellError as e:
            self.error(f"property {key!r}: the value {e}", e.hint)
            return None
        for note in notes:
            self.b.problem("warning", f"{self.place}: property {key!r}: the value "
                           f"{cleaned!r} {note}")
        return cleaned

    def functions(self, key: str, value) -> list | None:
        if isinstance(value, list):
            out = []
            for v in value:
                if isinstance(v, list):
                    self.error(f"property {key!r} holds a list inside a list",
                               "list the functions in one flat list")
                    return None
                t = self.text(key, v, joinable=False)
                if t is None:
                    return None
                out.append(t)
            return [f for f in out if f]
        t = value if type(value) is str else self.text(key, value, joinable=False)
        if t is None:
            return None
        out = []
        for part in split_functions(t):
            cleaned = self.text(key, part, joinable=False)
            if cleaned is None:
                return None
            if cleaned:
                out.append(cleaned)
        return out


def _point(rec: _Record, geometry) -> tuple | None:
    """``(longitude, latitude)`` text of a Point geometry; None when absent or wrong."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict):
        rec.error(f"the geometry is {_kind(geometry)}, not a GeoJSON geometry object")
        return None
    if geometry.get("type") != "Point":
        return None
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or len(coords) < 2 \
            or not all(isinstance(c, _Number) for c in coords[:2]):
        rec.error("the Point geometry has no [longitude, latitude] coordinates",
                  "write coordinates as two numbers")
        return None
    lon, lat = coords[0], coords[1]
    try:
        x, y = float(lon), float(lat)
    except (OverflowError, ValueError):
        x = y = math.inf
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        rec.error(f"the Point coordinates [{_short(lon)}, {_short(lat)}] are not a longitude "
                  "(-180 to 180) and a latitude (-90 to 90)",
                  "GeoJSON gives longitude first, then latitude, in degrees")
        return None
    return str(lon), str(lat)


def _keys(rec: _Record, props: dict, org_column: str | None) -> tuple | None:
    """``(organisation key, functions key, weight key, {folded: key} of the rest)``."""
    repeated = getattr(props, "repeated", ())
    if repeated:
        rec.error(f"property {repeated[0]!r} appears twice in the record",
                  "keep one of the two values")
        return None
    folded: dict = {}
    for key in props:
        f = fold(key)
        if f in folded:
            rec.error(f"properties {folded[f]!r} and {key!r} have one name once case and "
                      "spacing are ignored", "rename or merge one of them")
            return None
        folded[f] = key
    wanted = (fold(org_column),) if org_column else ORG_PROPERTIES
    org = next((folded[k] for k in wanted if k in folded), None)
    fn = next((folded[k] for k in FUNCTION_PROPERTIES if k in folded and folded[k] != org),
              None)
    weight = next((folded[k] for k in WEIGHT_PROPERTIES if k in folded), None)
    found = ", ".join(repr(k) for k in list(props)[:10]) or "none"
    if org is None:
        names = repr(org_column) if org_column else "'name' or 'organisation'"
        rec.error(f"no organisation property ({names})", f"properties found: {found}"
                  + ("" if org_column else "; name the property with --org-column"))
        return None
    if fn is None:
        rec.error("no functions property ('functions', 'services' or 'activities')",
                  f"properties found: {found}")
        return None
    rest = {f: k for f, k in folded.items() if k not in (org, fn, weight)}
    rest = {stored: rest[f] for f, stored in stored_names({f: f for f in rest}).items()}
    return org, fn, weight, rest


def _read(records: list, b: Builder, o: LoadOptions) -> None:
    """Register the records' organisations, engagements and attributes in ``b``."""
    attribute_keys: dict = {}  # folded -> first spelling, checked once for reserved names
    weights: dict = {}  # (organisation, function) -> (weight, record) for conflicts
    for n, props, geometry in records:
        rec = _Record(b, n)
        if not isinstance(props, dict):
            rec.error(f"is {_kind(props)}, not an object of properties",
                      "each record is an object such as {\"name\": ..., \"services\": ...}")
            continue
        if not props and geometry is None:
            b.problem("warning", f"{rec.place} is empty; skipped")
            continue
        keys = _keys(rec, props, o.org_column)
        if keys is None:
            continue
        org_key, fn_key, weight_key, rest = keys
        name = rec.text(org_key, props[org_key], joinable=False)
        if name is None:
            continue
        if not name:
            rec.error(f"the organisation property {org_key!r} is blank",
                      "type the organisation's name, or delete the record")
            continue
        rec.name = name
        functions = rec.functions(fn_key, props[fn_key])
        weight = 1.0
        if weight_key is not None:
            text = rec.text(weight_key, props[weight_key], joinable=False)
            if text is None:
                continue
            try:
                weight = interpret(text, o.weighted)
            except CellError as e:
                rec.error(f"property {weight_key!r}: {e}", e.hint)
                continue
        point = _point(rec, geometry)
        if functions is None:
            continue
        name = b.organisation(name, f"record {n}")
        done: set = set()
        for function in functions:
            shown = b.function(function)
            if shown in done or not weight:
                continue
            done.add(shown)
            before = weights.get((name, shown))
            if before is not None and before[0] != weight:
                rec.error(f"conflicting weights for {name!r} in {shown!r}: record {before[1]} "
                          f"says {before[0]:g}, record {n} says {weight:g}",
                          "keep one record, or give both the same weight")
                b.failed.add(name)
                continue
            weights[(name, shown)] = (weight, n)
            b.engage(name, shown, weight, None)
        values = dict(zip(("longitude", "latitude"), point or (), strict=False))
        for f, key in rest.items():
            attribute_keys.setdefault(f, key if fold(key) == f else f)
            value = rec.text(key, props[key])
            if value is not None:
                values[f] = value
        for attribute, value in values.items():
            b.attribute(name, attribute, value, f"record {n}")
    if len(attribute_keys) + 2 > o.max_columns:
        _fail(b.file, f"the records have {len(attribute_keys) + 2:,} distinct properties, more "
              f"than the limit of {o.max_columns:,}", "raise the limit with --max-columns")
    b.problems += attribute_name_problems([(None, k) for k in attribute_keys.values()],
                                          b.file, None, noun="property")


def _build(records: list, file: str, name: str, alias_map: dict, o: LoadOptions,
           with_attributes: bool) -> tuple:
    b = Builder(file, alias_map)
    _read(records, b, o)
    problems: list = []
    if with_attributes and o.attributes is not None \
            and not any(x.is_error for x in b.problems):
        problems += apply_attributes(b, o.attributes, o)
    partnership = b.finish(name, o.weighted, file)
    return partnership, problems + b.problems, b


def _aliases(o: LoadOptions) -> tuple:
    alias_map, problems = read_aliases(o.aliases, o) if o.aliases is not None else ({}, [])
    if any(x.is_error for x in problems):
        raise InputError(problems)
    return alias_map, problems


def read_json_file(path, options: LoadOptions | None = None) -> tuple:
    """``(partnership, problems)`` from a JSON array of records or a GeoJSON file.

    Of the :class:`~netmap.io.options.LoadOptions`, ``org_column`` names the
    organisation property, ``weighted`` reads a ``weight`` property as
    strengths, ``encoding`` decodes the file (UTF-8 when not given), and
    ``aliases``, ``attributes``, ``name`` and the limits apply as for a
    table; ``layout``, ``sheet`` and ``attribute_columns`` are refused.
    """
    from pathlib import Path

    o = options or LoadOptions()
    file = str(path)
    o.refuse("json", file)
    alias_map, problems = _aliases(o)
    records, found = read_records(path, o)
    partnership, more, b = _build(records, file, o.name or Path(path).stem, alias_map, o, True)
    problems += found + more
    if any(x.is_error for x in problems):
        raise InputError(problems, names=[*b.org_rows, *alias_map, *alias_map.values()])
    return partnership, problems


def read_json_split(path, column: str, options: LoadOptions | None = None) -> list:
    """``[(partnership, problems)]``: the records of ``path`` split by property ``column``.

    Each partnership is named after its value of ``column`` (in order of first
    appearance); the property itself is not kept as an attribute. A record
    without a value is an error naming it.
    """
    o = options or LoadOptions()
    file = str(path)
    alias_map, problems = _aliases(o)
    records, found = read_records(path, o)
    problems += found
    key = fold(column)
    groups: dict = {}
    seen = False
    for n, props, geometry in records:
        if not isinstance(props, dict):
            groups.setdefault(None, []).append((n, props, geometry))  # reported when read
            continue
        match = [k for k in props if fold(k) == key]
        seen = seen or bool(match)
        rec = _Record(Builder(file), n)
        value = rec.text(match[0], props[match[0]], joinable=False) if match else ""
        problems += rec.b.problems
        if value is None:
            continue
        if not value:
            problems.append(Problem("error", f"record {n} has no {column!r} to split "
                                    "partnerships by", file=file,
                                    hint="give every record a value, or leave it out"))
            continue
        groups.setdefault(value, []).append((n, {k: v for k, v in props.items()
                                                 if fold(k) != key}, geometry))
    if not seen:
        found = list(dict.fromkeys(k for _, props, _ in records if isinstance(props, dict)
                                   for k in props))
        shown = ", ".join(repr(k) for k in found[:12]) + (" ..." if len(found) > 12 else "")
        _fail(file, f"no record has a {column!r} property to split partnerships by",
              f"properties found: {shown}" if found else "name a property the records have")
    out = []
    names: list = []
    for value, group in groups.items():
        partnership, more, b = _build(group, file, value or "?", alias_map, o, False)
        names += b.org_rows
        problems += [p for p in more if p.is_error]
        out.append((partnership, more))
    if any(x.is_error for x in problems):
        raise InputError(problems, names=[*names, *alias_map, *alias_map.values()])
    return out
