"""CSV and JSON text for tables, safe to open in a spreadsheet and strict to parse.

- CSV: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is prefixed with ``'`` so a spreadsheet shows it as text and runs
  nothing (OWASP CSV injection). Numbers are left alone. Files meant for
  Excel start with a UTF-8 BOM so non-ASCII names survive.
- Lists in cells are joined with "; ", dicts written as JSON.
- JSON: NaN and infinities become ``null``; the output is strict JSON
  (``allow_nan=False``), UTF-8, with non-ASCII kept readable.
"""

from __future__ import annotations

import csv
import io
import json
import math
from json.encoder import encode_basestring  # the C encoder's string escaping (non-ASCII kept)

import numpy as np
import pandas as pd

from netmap.jsonsafe import plain, records

__all__ = ["neutralise", "csv_text", "json_text", "frame_json", "plain", "records"]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would run as a formula with ``'``.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-1"), neutralise(-1), neutralise("ECAT")
    ("'=HYPERLINK(1)", "'-1", -1, 'ECAT')
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def json_text(obj, indent: int | None = 2) -> str:
    """Strict JSON text of ``obj`` (DataFrames become lists of records).

    Compact text (``indent=None``) of a DataFrame, or of a dict holding
    DataFrames, is written a column at a time by :func:`frame_json`: the same
    bytes, several times faster for large tables.
    """
    if indent is None and isinstance(obj, pd.DataFrame):
        return frame_json(obj) + "\n"
    if indent is None and isinstance(obj, dict) and any(
            isinstance(v, pd.DataFrame) for v in obj.values()):
        parts = [encode_basestring(str(k)) + ":" + json_text(v, None)[:-1]
                 for k, v in obj.items()]
        return "{" + ",".join(parts) + "}\n"
    if isinstance(obj, pd.DataFrame):
        obj = records(obj)
    separators = None if indent else (",", ":")
    try:  # fast: most values are plain already; strays are converted on the way
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=indent,
                          separators=separators, default=_fallback)
    except ValueError:  # a NaN or infinity somewhere: convert everything first
        text = json.dumps(plain(obj), ensure_ascii=False, allow_nan=False, indent=indent,
                          separators=separators)
    return text + "\n"


def frame_json(df: pd.DataFrame) -> str:
    """Compact JSON records of ``df``: exactly ``json.dumps(records(df))`` with
    separators ``,`` and ``:`` and non-ASCII kept, built column by column.

    >>> frame_json(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", None], "c": [[], ["y"]]}))
    '[{"a":1.5,"b":"x","c":[]},{"a":null,"b":null,"c":["y"]}]'
    """
    if len(df.columns) == 0:
        return "[" + ",".join("{}" for _ in range(len(df))) + "]"
    columns = [_column_json(df.iloc[:, j]) for j in range(len(df.columns))]
    template = "{" + ",".join(encode_basestring(str(c)).replace("%", "%%") + ":%s"
                              for c in df.columns) + "}"
    return "[" + ",".join(template % row for row in zip(*columns, strict=True)) + "]"


def _column_json(col: pd.Series) -> list:
    """Each value of ``col`` as JSON text, as ``json.dumps(plain(value))`` writes it."""
    values = col.tolist()
    if isinstance(col.dtype, np.dtype):
        kind = col.dtype.kind
        if kind == "b":
            return ["true" if v else "false" for v in values]
        if kind in "iu":
            return [int.__repr__(v) for v in values]
        if kind == "f":
            return ["null" if v != v or v == math.inf or v == -math.inf else float.__repr__(v)
                    for v in values]
    types = set(map(type, values))
    if types <= {str}:
        return list(map(encode_basestring, values))
    if types == {list} and all(type(x) is str for v in values for x in v):
        return ["[" + ",".join(map(encode_basestring, v)) + "]" for v in values]
    return [json.dumps(plain(v), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            for v in values]


def _fallback(value):
    converted = plain(value)
    if converted is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return converted


def _fmt(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return value


def csv_text(df: pd.DataFrame, raw: bool = False, bom: bool = False) -> str:
    """CSV text of ``df`` (no index). ``raw`` turns off formula neutralisation."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if bom else "\n")
    writer.writerow([c if raw else neutralise(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        values = [plain(v) for v in row]
        cells = [_fmt(v) for v in values]
        # a number (negative included) stays a number; only text can be a formula
        writer.writerow(cells if raw else [
            c if isinstance(v, (int, float)) else neutralise(c)
            for v, c in zip(values, cells, strict=True)])
    return ("\ufeff" if bom else "") + buf.getvalue()
