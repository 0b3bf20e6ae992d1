"""A columnar fast path for clean wide text tables (national scale, issue 17).

:func:`load_wide_columnar` reads a delimited text file in the wide layout
column by column: the text is parsed by pandas' C parser into string
columns, each column's distinct values are read once (marks and weights by
:func:`netmap.io.cells.interpret`, attributes by
:func:`netmap.io.cells.clean_name`), and the engagements are built as
arrays. It gives the very partnership and problems the row reader
(:func:`netmap.io.layouts.read_wide` and the builder) gives.

It reads only files the row reader would read without a single warning of
its own: no quotes, no blank rows or rows of another width, no summary row,
no title row, a detected (or given) wide layout, every header usable, every
cell a mark, a blank or (with weights) a number, attribute values plain
text, organisation names plain ASCII text, each once and no two alike
(:func:`netmap.io.cells.name_key`), no aliases or attributes file, no
``--header-row``. For any other file it returns None and the row reader
reads it, so that every message (row, column, hint) stays exactly as it is.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from netmap.errors import InputError, Problem
from netmap.io.builder import Builder, stored_names
from netmap.io.cells import NUL_STANDIN, CellError, clean_name, interpret, is_uncertain
from netmap.io.columns import cell_kind
from netmap.io.header import find_header
from netmap.io.layouts import (
    LayoutNote,
    _checked_attributes,
    _find,
    _functions_from_headers,
    _headers,
    detect_layout,
)
from netmap.io.marks import (
    EXCEL_ERRORS,
    FUNCTION_HEADERS,
    KNOWN_ATTRIBUTES,
    SUMMARY_START,
    is_summary,
)
from netmap.io.options import LoadOptions
from netmap.io.sheet import Sheet
from netmap.io.text import _LEADING_COMMENTS, prepare_text
from netmap.names import CONTACT_HEADERS, fold

if TYPE_CHECKING:
    from netmap.model import Partnership

__all__ = ["load_wide_columnar"]

_HEAD = 1000  # rows given to header and layout detection (they look at fewer)
# what netmap.io.cells.name_key deletes from a lower-case ASCII name (line breaks kept)
_NOT_KEY = re.compile(r"[^0-9a-z\n]+")
# a line (name) that may be a summary label: at most 30 characters, starting like one
_MAYBE_SUMMARY = re.compile("^[" + re.escape("".join(sorted(SUMMARY_START))) + "][^\n]{0,29}$",
                            re.MULTILINE)


def load_wide_columnar(path, o: LoadOptions) -> tuple | None:
    """``(partnership, problems, layout)`` of a clean wide text table, read column by
    column; None when the file needs the row reader (see the module docstring).

    The problems are those :func:`netmap.io.load` lists: the reading notes, the
    layout, then the reader's and the builder's. Errors of the file itself
    (missing, too large, not decodable) are raised as the row reader raises them.
    """
    from netmap.io.files import _OLE, _ZIP, read_bounded

    if o.aliases is not None or o.attributes is not None or o.header_row is not None \
            or o.layout not in (None, "wide"):
        return None
    file = str(path)
    ext = os.path.splitext(file)[1].lower()
    raw = read_bounded(path, o.max_bytes)
    if not raw or raw.startswith((_ZIP, _OLE)) or ext == ".xls":
        return None
    text, sep, _, notes = prepare_text(raw, file, o.encoding, ext)
    del raw
    parsed = _parse(text, sep, o)
    del text
    if parsed is None:
        return None
    header, header_row, comments, df = parsed
    sheet = Sheet(file=file, header=header, header_row=header_row, notes=notes,
                  rows=[(header_row + 1 + i, r) for i, r in enumerate(df.head(_HEAD)
                                                                      .to_numpy().tolist())])
    if comments:
        sheet.note("info", f"{comments} comment line{'s' if comments != 1 else ''} (starting "
                   f"with #) before the header skipped")
    said = len(sheet.notes)
    find_header(sheet, None, pad=False)
    if sheet.header_row != header_row or len(sheet.notes) != said:
        return None
    try:
        used = o.layout or detect_layout(sheet, o.org_column, o.attribute_columns)
    except InputError:
        return None
    if used != "wide" or any(isinstance(n, LayoutNote) for n in sheet.notes):
        return None
    b = Builder(file, {}, o.uncertain)
    partnership = _read(sheet, df, b, o, o.name or Path(path).stem, str(path))
    if partnership is None:
        return None
    said_layout = Problem("info", f"layout: {used}" + ("" if o.layout else " (detected)"),
                          file=file)
    return partnership, [*sheet.notes, said_layout, *b.problems], used


def _parse(text: str, sep: str, o: LoadOptions):
    """``(header, header row, comment lines, DataFrame of the rows as text)``, or None
    when the text is not a plain table: quotes, NUL, a lone carriage return, blank lines
    above the header, rows of another width than the header, limits reached."""
    import pandas as pd

    if '"' in text or NUL_STANDIN in text or text.count("\r") != text.count("\r\n"):
        return None
    lead = _LEADING_COMMENTS.match(text)
    start = lead.end() if lead else 0
    above = text[:start].split("\n")[:-1]
    if any(not line.lstrip().startswith("#") for line in above):
        return None  # a blank line above the header: the row reader warns about it
    end = text.find("\n", start)
    if end < 0:
        return None
    line = text[start:end]
    header = (line[:-1] if line.endswith("\r") else line).split(sep)
    body = text[end + 1:]
    width, n = len(header), body.count("\n") + (not body.endswith("\n") and body != "")
    if not any(c.strip() for c in header) or n == 0 or width > o.max_columns \
            or len(above) + 1 + n > o.max_rows or body.count(sep) != (width - 1) * n:
        return None
    try:
        df = pd.read_csv(io.BytesIO(body.encode("utf-8")), sep=sep, header=None, dtype=str,
                         na_filter=False, quoting=csv.QUOTE_NONE, skip_blank_lines=False,
                         engine="c", encoding="utf-8", index_col=False)
    except (ValueError, pd.errors.ParserError):
        return None
    # every row as wide as the header: none wider (the parser refuses a row wider than
    # the first) and as many separators in all as that many rows of that width hold
    if df.shape != (n, width):
        return None
    return header, len(above) + 1, len(above), df


def _read(sheet: Sheet, df, b: Builder, o: LoadOptions, name: str,
          source: str) -> Partnership | None:
    """The partnership of a wide table (the header stage of
    :func:`netmap.io.layouts.read_wide`, the rows as columns), or None at the first
    thing the row reader would report."""
    headers = _headers(sheet, b)
    try:
        org = _find(headers, o.org_column, b.file, sheet.header_row) if o.org_column else 0
    except InputError:
        return None
    attrs = {fold(a) for a in o.attribute_columns} | KNOWN_ATTRIBUTES
    attr_cols, fn_cols = [], []
    for j, h in enumerate(headers):
        if j == org:
            continue
        if not h or (fold(h) in FUNCTION_HEADERS and fold(h) not in attrs):
            return None  # a blank header, or a column headed "function": row reader
        if fold(h) in attrs or fold(h) in CONTACT_HEADERS:
            attr_cols.append(j)
        else:
            fn_cols.append(j)
    if b.problems or not fn_cols or any(_text_column(df[j]) for j in fn_cols):
        return None
    folded = stored_names({j: fold(headers[j]) for j in attr_cols})
    attr_cols = _checked_attributes(sheet, b, headers, {j: folded[j] for j in sorted(folded)})
    functions = _functions_from_headers(sheet, b, headers, fn_cols)
    if b.problems:
        return None
    names = df[org].tolist()
    if not _plain_names(names):
        return None
    weights = _weights(df, fn_cols, o.weighted)
    values = _attribute_values(df, attr_cols)
    if weights is None or values is None:
        return None
    return _partnership(b, names, [functions[j] for j in fn_cols], weights,
                        {folded[j]: v for j, v in zip(attr_cols, values, strict=True)},
                        sheet.header_row, name, o.weighted, source)


def _text_column(col) -> bool:
    """True when :func:`netmap.io.columns.text_columns` would find ``col`` to be free text."""
    texts = marks = 0
    for value, n in col.value_counts(sort=False).items():
        kind = cell_kind(value)
        if kind:
            texts += n
        elif kind is not None:
            marks += n
    return texts >= 2 and texts > marks


def _plain_names(names: list) -> bool:
    """True when every organisation name is plain ASCII text that cleaning leaves as it is,
    no name is a summary label, and no two names are the same or alike.

    The names are checked together, as one text of a name per line (no name holds a
    line break: the table has no quotes).
    """
    if not names or len(set(names)) != len(names):
        return False
    text = "\n".join(names)
    # each name non-empty, ASCII and printable (netmap.io.cells.clean_name's fast path:
    # nothing to trim or fold), with no space at either end and no run of spaces
    if not text.isascii() or not text.replace("\n", " ").isprintable() or "\n\n" in text \
            or text[:1] in ("", " ", "\n") or text[-1:] in (" ", "\n") or "  " in text \
            or "\n " in text or " \n" in text:
        return False
    if any(map(is_summary, _MAYBE_SUMMARY.findall(text))):
        return False
    # netmap.io.cells.name_key of an ASCII name: its letters and digits, lower case
    keys = _NOT_KEY.sub("", text.lower()).split("\n")
    return len(set(keys)) == len(names)


def _weights(df, fn_cols: list, weighted: bool):
    """The organisations x functions weight matrix, each distinct cell read once; None when
    a cell is not a plain mark or weight (an error or an uncertain mark)."""
    import numpy as np
    import pandas as pd

    seen: dict = {"": 0.0}
    out = np.zeros((len(df), len(fn_cols)))
    for k, j in enumerate(fn_cols):
        codes, distinct = pd.factorize(df[j])
        weights = []
        for value in distinct.tolist():
            weight = seen.get(value)
            if weight is None:
                if is_uncertain(value):
                    return None
                try:
                    weight = seen[value] = interpret(value, weighted)
                except CellError:
                    return None
            weights.append(weight)
        out[:, k] = np.asarray(weights, dtype=np.float64)[codes]
    return out


def _attribute_values(df, attr_cols: list):
    """Each attribute column's values as cleaned text; None when a value holds a
    spreadsheet error or something cleaning would warn about or refuse."""
    import numpy as np
    import pandas as pd

    out = []
    for j in attr_cols:
        codes, distinct = pd.factorize(df[j])
        cleaned = []
        for value in distinct.tolist():
            if value[:1] == "#" and value.strip().casefold() in EXCEL_ERRORS:
                return None
            notes: list = []
            try:
                cleaned.append(clean_name(value, notes))
            except CellError:
                return None
            if notes:
                return None
        out.append(np.asarray(cleaned, dtype=object)[codes].tolist() if len(codes) else [])
    return out


def _partnership(b: Builder, names: list, functions: list, weights, attributes: dict,
                 header_row: int, name: str, weighted: bool, source: str) -> Partnership | None:
    """The Partnership :meth:`Builder.finish` makes of these rows, with its warnings in
    ``b.problems``; None when there is no engagement (the row reader's error)."""
    import numpy as np
    import pandas as pd

    from netmap.model import UNCERTAIN_COLUMNS, Partnership

    rows, cols = np.nonzero(weights)  # row by row, functions in order: the builder's order
    if not len(rows):
        return None
    b._warn_function_lookalikes()
    engaged = np.zeros(len(names), dtype=bool)
    engaged[rows] = True
    for i in np.flatnonzero(~engaged).tolist():
        b.problem("warning", f"{names[i]!r} has no engagement; it is kept with degree 0",
                  row=header_row + 1 + i)
    eng = pd.DataFrame({
        "organisation": np.asarray(names, dtype=object)[rows],
        "function": np.asarray(functions, dtype=object)[cols],
        "weight": weights[rows, cols],
    })
    attrs = pd.DataFrame(attributes, index=pd.Index(names, name="organisation"), dtype=object)
    uncertain = pd.DataFrame([], columns=list(UNCERTAIN_COLUMNS))
    return Partnership(name=name, functions=tuple(functions), organisations=tuple(names),
                       engagements=eng, attributes=attrs, weighted=weighted, source=source,
                       uncertain=uncertain)
