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

__all__ = ["neutralise", "csv_text", "json_text", "plain", "records"]

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
    """Strict JSON text of ``obj`` (DataFrames become lists of records)."""
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
        cells = [_fmt(plain(v)) for v in row]
        writer.writerow(cells if raw else [neutralise(c) for c in cells])
    return ("\ufeff" if bom else "") + buf.getvalue()
