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

import pandas as pd

from netmap.jsonsafe import plain, records
from netmap.render.jsonwriter import frame_pieces, write_json

__all__ = ["neutralise", "csv_text", "json_text", "frame_json", "write_json", "plain", "records"]

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
    """Strict JSON text of ``obj`` (DataFrames become lists of records), with a newline.

    Compact text (``indent=None``) of a DataFrame, or of a dict holding
    DataFrames, is built from the table's distinct values
    (:mod:`netmap.render.jsonwriter`, which also writes it to a stream in pieces):
    the same bytes as ``json.dumps``, several times faster for large tables.
    """
    buf = io.StringIO()
    write_json(obj, buf, indent)
    return buf.getvalue()


def frame_json(df: pd.DataFrame) -> str:
    """Compact JSON records of ``df``: exactly ``json.dumps(records(df))`` with
    separators ``,`` and ``:`` and non-ASCII kept.

    >>> frame_json(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", None], "c": [[], ["y"]]}))
    '[{"a":1.5,"b":"x","c":[]},{"a":null,"b":null,"c":["y"]}]'
    """
    return "".join(frame_pieces(df))


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
    memo: dict = {}

    def cell(value):
        value = plain(value)
        text = _fmt(value)
        # a number (negative included) stays a number; only text can be a formula
        return text if raw or isinstance(value, (int, float)) else neutralise(text)

    def known(value):
        # each distinct value (told apart by its type too: 1, 1.0 and True differ) once
        key = (type(value), value)
        try:
            return memo[key]
        except KeyError:
            text = memo[key] = cell(value)
            return text
        except TypeError:  # a list or a dict: not hashable
            return cell(value)

    for row in df.itertuples(index=False, name=None):
        writer.writerow([known(v) for v in row])
    return ("\ufeff" if bom else "") + buf.getvalue()
