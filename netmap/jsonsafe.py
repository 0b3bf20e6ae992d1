"""Plain, JSON-safe values from pandas and numpy ones (NaN and infinity become None)."""

from __future__ import annotations

import numbers

import pandas as pd

__all__ = ["plain", "records"]

_INF = float("inf")
_SAFE = {str, int, bool, type(None)}  # already JSON-safe as they are


def plain(value):
    """A JSON-safe Python value: numpy scalars unwrapped, NaN/inf -> None.

    Exact type checks come first: this runs once per cell of large tables.

    >>> plain({"a": float("nan"), "b": [1, 2.5], 3: True})
    {'a': None, 'b': [1, 2.5], '3': True}
    """
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    if t is float:
        return None if value != value or value == _INF or value == -_INF else value
    if t is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if t is list or t is tuple:
        return [plain(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return records(value)
    if isinstance(value, dict):  # a result that is a dict (netmap.changes.Result)
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return plain(float(value))
    return str(value)


def _safe(values: list) -> bool:
    """True when every value is already JSON-safe: plain scalars, or lists of strings."""
    types = set(map(type, values))
    if types <= _SAFE:
        return True
    return types == {list} and all(type(x) is str for v in values for x in v)


def records(df: pd.DataFrame) -> list:
    """Rows of ``df`` as JSON-safe dicts, converted a column at a time (fast for big tables)."""
    columns = []
    for name in df.columns:
        values = df[name].tolist()
        if df[name].dtype.kind == "f" and type(df[name].dtype).__module__.startswith("numpy"):
            values = [None if v != v or v == _INF or v == -_INF else v for v in values]
        elif df[name].dtype.kind not in "iub" and not _safe(values):
            values = [plain(v) for v in values]
        columns.append(values)
    keys = [str(c) for c in df.columns]
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)] \
        if columns else [{} for _ in range(len(df))]
