"""Strict JSON written to a text stream in pieces, tables a block of rows at a time.

:func:`write_json` writes exactly the text :func:`netmap.render.tables.json_text`
returns, without building it whole: at national scale (1,000,000
organisations) that text is over 500 million characters, and building it
as one string took more memory than everything else of ``netmap metrics``.

A table (DataFrame) in compact JSON is written :data:`BLOCK_ROWS` rows at a
time, and each block's text is built from the table's distinct values
rather than from every cell: each column's values are factorised (numbers
by their bit patterns, so ``-0.0`` stays apart from ``0.0``; text by its
characters), each distinct value is written once, and runs of neighbouring
columns that take few distinct combinations (the measures of an
organisation's class of equivalent organisations) are joined once per
combination. A value's text is always the one
``json.dumps(plain(value), ensure_ascii=False, allow_nan=False,
separators=(",", ":"))`` gives it, so the bytes are those of ``json.dumps``
of the table's records.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C encoder's string escaping (non-ASCII kept)
from typing import Protocol

import numpy as np
import pandas as pd

from netmap.jsonsafe import plain, records
from netmap.names import text_codes

__all__ = ["write_json", "frame_pieces", "column_json", "Writable", "BLOCK_ROWS"]

BLOCK_ROWS = 100_000  # rows of a table written at a time (bounds the text held in memory)
_MERGE_SHARE = 4  # join neighbouring columns while their combinations number <= rows / 4
_KEY_LIMIT = 1 << 62  # combined codes stay within int64


class Writable(Protocol):
    """Anything with a text ``write`` (a file opened for text, ``sys.stdout``, StringIO)."""

    def write(self, text: str, /) -> object: ...


def write_json(obj, out: Writable, indent: int | None = 2) -> None:
    """Write the strict JSON text of ``obj`` and a newline to ``out`` (a text stream).

    The text is exactly :func:`netmap.render.tables.json_text`'s. Compact text
    (``indent=None``) of a DataFrame, or of a dict holding DataFrames, is
    written in pieces (:func:`frame_pieces`); anything else is written whole.

    >>> import io
    >>> buf = io.StringIO()
    >>> write_json({"t": pd.DataFrame({"a": [1.5, float("nan")]}), "n": 2}, buf, None)
    >>> buf.getvalue()
    '{"t":[{"a":1.5},{"a":null}],"n":2}\\n'
    """
    _write(obj, out, indent)
    out.write("\n")


def _write(obj, out: Writable, indent: int | None) -> None:
    if indent is None and isinstance(obj, pd.DataFrame):
        for piece in frame_pieces(obj):
            out.write(piece)
        return
    if indent is None and isinstance(obj, dict) and any(
            isinstance(v, pd.DataFrame) for v in obj.values()):
        out.write("{")
        for k, (key, value) in enumerate(obj.items()):
            out.write(("," if k else "") + encode_basestring(str(key)) + ":")
            _write(value, out, None)
        out.write("}")
        return
    if isinstance(obj, pd.DataFrame):
        obj = records(obj)
    separators = None if indent else (",", ":")
    try:  # fast: most values are plain already; strays are converted on the way
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=indent,
                          separators=separators, default=_fallback)
    except ValueError:  # a NaN or infinity somewhere: convert everything first
        text = json.dumps(plain(obj), ensure_ascii=False, allow_nan=False, indent=indent,
                          separators=separators)
    out.write(text)


def _fallback(value):
    converted = plain(value)
    if converted is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return converted


def frame_pieces(df: pd.DataFrame, block: int | None = None):
    """The compact JSON records of ``df`` in pieces (``"["``, blocks of rows, ``"]"``)
    whose concatenation is ``json.dumps(records(df))`` with separators ``,`` and ``:``
    and non-ASCII kept. ``block``: rows per piece (default :data:`BLOCK_ROWS`).

    >>> "".join(frame_pieces(pd.DataFrame({"a": [1, 1, 2], "b": ["x", "x", None]}), 2))
    '[{"a":1,"b":"x"},{"a":1,"b":"x"},{"a":2,"b":null}]'
    """
    block = block or BLOCK_ROWS
    yield "["
    if len(df.columns) == 0:
        yield ",".join("{}" for _ in range(len(df)))
    else:
        keys = [encode_basestring(str(c)) + ":" for c in df.columns]
        for start in range(0, len(df), block):
            part = df.iloc[start:start + block]
            yield ("," if start else "") + ",".join(_rows(part, keys))
    yield "]"


def _rows(df: pd.DataFrame, keys: list) -> list:
    """The JSON object text of each row of ``df`` (``keys``: each column's ``"name":``)."""
    n = len(df)
    groups = []  # each a (row codes, texts of the codes) for a run of neighbouring columns
    codes, texts = _factorised(df.iloc[:, 0])
    run: list = [(_keyed(keys[0], texts), None)]  # the run's columns: (texts, combinations made)
    count = len(texts)  # distinct combinations of the run's columns
    for j in range(1, len(keys)):
        c, t = _factorised(df.iloc[:, j])
        if count * len(t) < _KEY_LIMIT:
            joined, first = pd.factorize(codes * len(t) + c)
            if len(first) * _MERGE_SHARE <= n:
                # combination u of the run so far and this column is first[u]:
                # (the run's combination first[u] // len(t), the value first[u] % len(t))
                run.append((_keyed(keys[j], t), np.asarray(first, dtype=np.int64)))
                codes, count = joined.astype(np.int64, copy=False), len(first)
                continue
        groups.append((codes, _run_texts(run, count)))
        codes, count, run = c, len(t), [(_keyed(keys[j], t), None)]
    groups.append((codes, _run_texts(run, count)))
    columns = [t[c].tolist() for c, t in groups]
    template = "{" + ",".join(["%s"] * len(columns)) + "}"
    return [template % row for row in zip(*columns, strict=True)]


def _keyed(key: str, texts: list) -> np.ndarray:
    """``"name":value`` of each text, as an array of strings."""
    return np.array([key + x for x in texts], dtype=object)


def _run_texts(run: list, count: int) -> np.ndarray:
    """The text of each of ``count`` combinations of a run of columns: each column's
    ``"name":value`` joined by commas (the combinations decoded from the last column back)."""
    combination = np.arange(count, dtype=np.int64)
    parts = []
    for texts, first in reversed(run):
        if first is None:  # the run's first column: the combination is its value
            parts.append(texts[combination])
            break
        made = first[combination]
        parts.append(texts[made % len(texts)])
        combination = made // len(texts)
    out = parts[-1]
    for part in reversed(parts[:-1]):
        out = out + "," + part
    return out


def _factorised(col: pd.Series) -> tuple:
    """``(codes, texts)``: an int64 code per value of ``col`` and the JSON text of each code.

    Values with the same code have the same text: numbers are told apart by
    their bits, text by its characters; other values by their JSON text.
    """
    dtype = col.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf" and dtype.itemsize in (1, 2, 4, 8):
        values = col.to_numpy()
        bits = values.view(f"i{values.itemsize}")
        codes, first = pd.factorize(bits)
        distinct = pd.Series(np.asarray(first).astype(bits.dtype).view(dtype))
        return codes.astype(np.int64, copy=False), column_json(distinct)
    values = col.tolist()
    if set(map(type, values)) <= {str}:
        codes, distinct = text_codes(values)
        return codes, list(map(encode_basestring, distinct))
    return text_codes(column_json(col))


def column_json(col: pd.Series) -> list:
    """Each value of ``col`` as JSON text, as ``json.dumps(plain(value))`` writes it."""
    values = col.tolist()
    if isinstance(col.dtype, np.dtype):
        kind = col.dtype.kind
        if kind == "b":
            return ["true" if v else "false" for v in values]
        if kind in "iu":
            return [int.__repr__(v) for v in values]
        if kind == "f":
            inf = float("inf")
            return ["null" if v != v or v == inf or v == -inf else float.__repr__(v)
                    for v in values]
    types = set(map(type, values))
    if types <= {str}:
        return list(map(encode_basestring, values))
    if types == {list}:
        if not any(values):
            return ["[]"] * len(values)
        if all(type(x) is str for v in values for x in v):
            return ["[" + ",".join(map(encode_basestring, v)) + "]" for v in values]
    return [json.dumps(plain(v), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            for v in values]
