"""What a cell means: names cleaned, engagement marks and weights decided.

Engaged marks (case-insensitive): ``1``, ``x``, ``yes``, ``y``, ``true``,
``✓``, ``✔``, ``☑``, ``✅`` (and any number equal to 1). Not engaged: blank,
``0`` (any number equal to 0), ``no``, ``n``, ``false``. Anything else is an
error naming the cell, except numbers >= 0 when weights are enabled
(``weighted=True`` / ``--weighted``), which are engagement strengths.
Spreadsheet error values (``#REF!``, ``#N/A``, ...) are always errors.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["NUL_STANDIN", "ENGAGED", "NOT_ENGAGED", "CellError", "clean_name", "interpret",
           "name_key"]

ENGAGED = frozenset({"1", "x", "yes", "y", "true", "✓", "✔", "☑", "✅"})
NOT_ENGAGED = frozenset({"", "0", "no", "n", "false"})
EXCEL_ERRORS = frozenset({
    "#ref!", "#value!", "#n/a", "#div/0!", "#name?", "#null!", "#num!", "#spill!",
    "#calc!", "#getting_data", "#field!", "#blocked!", "#unknown!", "#connect!", "#busy!",
})
# The text reader stands this noncharacter in for NUL bytes, which some Python
# versions' csv module refuses outright; a cell holding it held a NUL.
NUL_STANDIN = "\ufffe"
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACE = re.compile(r"[\t\r\n \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


class CellError(ValueError):
    """A cell's value cannot be used; ``args[0]`` says why, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def clean_name(raw: str) -> str:
    """Trim a name, fold line breaks, tabs and runs of spaces into one space.

    Raises :class:`CellError` for control characters (NUL and the like).

    >>> clean_name("  Poppy\\r\\nProject ")
    'Poppy Project'
    """
    if raw.isprintable() and raw == raw.strip() and "  " not in raw:
        return raw  # fast path: nothing to fold, no control characters
    if NUL_STANDIN in raw:
        raise CellError("contains the control character U+0000 (NUL)",
                        "delete it; names must be plain text")
    text = _SPACE.sub(" ", raw).strip()
    for ch in text:
        if unicodedata.category(ch) == "Cc":
            raise CellError(f"contains the control character U+{ord(ch):04X}",
                            "delete it; names must be plain text")
    return text


def name_key(name: str) -> str:
    """Key under which near-duplicate names collide: letters and digits, case folded.

    >>> name_key("Barnardo's") == name_key("Barnardo\u2019s") == name_key("BARNARDOS ")
    True
    """
    if name.isascii():
        return _NOT_ALNUM.sub("", name.lower())
    text = unicodedata.normalize("NFKD", name).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value


# The xlsx reader stands this noncharacter, followed by the formula, in for a formula
# cell saved without its result (by a program that does not compute, e.g. openpyxl).
NO_SAVED_VALUE = "\ufdd0"


def interpret(raw: str, weighted: bool) -> float:
    """Weight of an engagement cell: 0.0 not engaged, > 0 engaged.

    >>> interpret("x", False), interpret("", False), interpret("2.5", True)
    (1.0, 0.0, 2.5)
    """
    if raw.startswith(NO_SAVED_VALUE):
        formula = raw[1:] if len(raw) <= 41 else raw[1:38] + "..."
        raise CellError(f"holds the formula {formula} but no saved result: the workbook was "
                        "saved by a program that does not compute formulas",
                        "open the workbook in a spreadsheet program (Excel, LibreOffice) and "
                        "save it, so that the results are saved with it")
    text = raw.strip()
    folded = text.casefold()
    if folded in NOT_ENGAGED:
        return 0.0
    if folded in ENGAGED:
        return 1.0
    if folded in EXCEL_ERRORS:
        raise CellError(f"holds the spreadsheet error {text}",
                        "fix the formula in the spreadsheet, or type the value")
    value = _number(text)
    if value is None or math.isnan(value) or math.isinf(value):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise CellError(
            f"{shown!r} is not an engagement mark",
            "use 1, x, yes or ✓ for engaged and leave blank or 0 for not engaged"
            + ("" if weighted else "; numbers other than 0 and 1 need --weighted"))
    if value == 0:
        return 0.0
    if value < 0:
        raise CellError(f"negative value {text}", "weights must be 0 or more")
    if value == 1 or weighted:
        return float(value)
    raise CellError(f"{text} is not an engagement mark",
                    "pass --weighted if cells are strengths or counts, "
                    "or use 1 / blank for engaged / not engaged")
