"""What a cell means: names cleaned, engagement marks and weights decided.

Engaged marks (case-insensitive): ``1``, ``x``, ``yes``, ``y``, ``true``,
``✓``, ``✔``, ``☑``, ``✅`` (and any number equal to 1). Not engaged: blank,
``0`` (any number equal to 0), ``no``, ``n``, ``false``. Anything else is an
error naming the cell, except uncertain marks (:data:`UNCERTAIN`: ``?``, ``TBC``,
``unknown``, ``maybe``, ``not sure``, ``partly``, ``partial``, ``pending``, any
case; see :func:`is_uncertain`), a third state the layout readers keep, and
numbers >= 0 when weights are enabled
(``weighted=True`` / ``--weighted``), which are engagement strengths, up to
:data:`MAX_WEIGHT`. Spreadsheet error values (``#REF!``, ``#N/A``, ...) are
always errors.

The largest engagement strength, :data:`MAX_WEIGHT` = 1e12, holds for every
kind of input (CSV, xlsx, the weight column of a long file, GraphML, GEXF).
Strengths are counts, hours or money: a trillion is beyond any real one. The
bound keeps everything netmap derives from weights finite: it sums them
(strength per organisation and per function, the total weight), and a sum of
n weights is at most n x 1e12, so even 1e15 engagements (far more than
``--max-rows`` and ``--max-columns`` admit) stay below 1e27, and the square
of such a sum below 1e54, far from float64's overflow at 1.8e308.
Whole-number weights also sum exactly while the total stays under 2**53
(about 9e15). 1e308, by contrast, is a valid float alone but overflows to
infinity as soon as two are added.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["NUL_STANDIN", "ENGAGED", "NOT_ENGAGED", "UNCERTAIN", "is_uncertain",
           "uncertain_suffix", "MAX_WEIGHT",
           "MAX_WEIGHT_TEXT",
           "BIDI_CONTROLS", "CellError", "clean_name", "interpret", "name_key"]

ENGAGED = frozenset({"1", "x", "yes", "y", "true", "✓", "✔", "☑", "✅"})
NOT_ENGAGED = frozenset({"", "0", "no", "n", "false"})
UNCERTAIN = frozenset({"?", "??", "???", "tbc", "t.b.c.", "tbc.", "to be confirmed", "unknown",
                       "maybe", "not sure", "unsure", "partly", "partial", "pending"})
EXCEL_ERRORS = frozenset({
    "#ref!", "#value!", "#n/a", "#div/0!", "#name?", "#null!", "#num!", "#spill!",
    "#calc!", "#getting_data", "#field!", "#blocked!", "#unknown!", "#connect!", "#busy!",
})
# The text reader stands this noncharacter in for NUL bytes, which some Python
# versions' csv module refuses outright; a cell holding it held a NUL.
NUL_STANDIN = "\ufffe"
# The largest engagement strength accepted (see the module docstring for why).
MAX_WEIGHT = 1e12
MAX_WEIGHT_TEXT = f"{MAX_WEIGHT:.0e}".replace("e+", "e")  # 1e12
# Characters that reorder how text is shown (bidirectional embeddings, overrides,
# isolates and marks): a name holding them can display as another name.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACE = re.compile(r"[\t\r\n \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


class CellError(ValueError):
    """A cell's value cannot be used; ``args[0]`` says why, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def clean_name(raw: str, notes: list | None = None) -> str:
    """Trim a name, fold line breaks, tabs and runs of spaces into one space.

    Bidirectional control characters (:data:`BIDI_CONTROLS`, e.g. U+202E
    RIGHT-TO-LEFT OVERRIDE, which make "Police" display as another name) are
    removed; when ``notes`` is a list, a sentence saying so is appended to it,
    for the caller to report as a warning naming the cell. Raises
    :class:`CellError` for control characters (NUL and the like).

    >>> clean_name("  Poppy\\r\\nProject ")
    'Poppy Project'
    >>> notes = []
    >>> clean_name("Poli\\u202ece", notes), notes
    ('Police', ['contained the bidirectional control character U+202E, which can make a \
name display as another; it was removed'])
    """
    if raw.isprintable() and raw == raw.strip() and "  " not in raw:
        return raw  # fast path: nothing to fold, no control characters
    if NUL_STANDIN in raw:
        raise CellError("contains the control character U+0000 (NUL)",
                        "delete it; names must be plain text")
    if raw.startswith(NO_SAVED_VALUE):
        raise _no_saved_value(raw)
    if not raw.isascii():
        found = sorted(set(_BIDI.findall(raw)))
        if found:
            raw = _BIDI.sub("", raw)
            if notes is not None:
                codes = ", ".join(f"U+{ord(c):04X}" for c in found)
                notes.append(f"contained the bidirectional control character"
                             f"{'s' if len(found) > 1 else ''} {codes}, which can make a name "
                             "display as another; "
                             f"{'they were' if len(found) > 1 else 'it was'} removed")
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
    """The number ``text`` writes, as a spreadsheet would read it: digits, sign, point and
    exponent (Python's ``1_000`` and non-ASCII digits are not numbers here)."""
    if "_" in text or not text.isascii():
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value


# The xlsx reader stands this noncharacter, followed by the formula, in for a formula
# cell saved without its result (by a program that does not compute, e.g. openpyxl).
NO_SAVED_VALUE = "\ufdd0"


def _digits(text: str) -> bool:
    """True when ``text`` is written with digits (``1e999``), not as ``inf``."""
    return any(c.isdigit() for c in text)


def _no_saved_value(raw: str) -> CellError:
    """The error for a formula cell the xlsx reader found without a saved result."""
    formula = raw[1:] if len(raw) <= 41 else raw[1:38] + "..."
    return CellError(f"holds the formula {formula} but no saved result: the workbook was "
                     "saved by a program that does not compute formulas",
                     "open the workbook in a spreadsheet program (Excel, LibreOffice) and "
                     "save it, so that the results are saved with it")


def is_uncertain(raw: str) -> bool:
    """True for an uncertain mark (:data:`UNCERTAIN`, any case and spacing).

    >>> is_uncertain(" TBC "), is_uncertain("Not  sure"), is_uncertain("?"), is_uncertain("x")
    (True, True, True, False)
    """
    if len(raw) > 20:
        return False
    return " ".join(raw.casefold().split()) in UNCERTAIN


_SUFFIX = re.compile(r"(?P<name>.*?\S)\s*(?:[(\[]\s*(?P<mark>[^()\[\]]{1,20}?)\s*[)\]]"
                     r"|(?P<q>\?+))\s*")


def uncertain_suffix(name: str) -> tuple:
    """``(name, mark)``: a name written with an uncertain mark after it, as rosters and
    directories note an engagement still to confirm (``Hope Refuge (TBC)``, ``Shelter?``,
    ``Legal [partly]``); ``(name, None)`` when there is no such mark.

    >>> uncertain_suffix("Hope Refuge (TBC)"), uncertain_suffix("Shelter?")
    (('Hope Refuge', 'TBC'), ('Shelter', '?'))
    >>> uncertain_suffix("Hope Refuge (Leeds)"), uncertain_suffix("?")
    (('Hope Refuge (Leeds)', None), ('?', None))
    """
    m = _SUFFIX.fullmatch(name)
    if m is None:
        return name, None
    mark = m.group("mark") or m.group("q")
    if m.group("q") or is_uncertain(mark):
        return m.group("name"), mark
    return name, None


def interpret(raw: str, weighted: bool) -> float:
    """Weight of an engagement cell: 0.0 not engaged, > 0 engaged.

    >>> interpret("x", False), interpret("", False), interpret("2.5", True)
    (1.0, 0.0, 2.5)
    """
    if raw.startswith(NO_SAVED_VALUE):
        raise _no_saved_value(raw)
    text = raw.strip()
    if not text.isascii():  # "✔️" as emoji pickers type it: the mark, then a variation selector
        text = text.replace("\ufe0f", "").replace("\ufe0e", "")
    folded = text.casefold()
    if folded in NOT_ENGAGED:
        return 0.0
    if folded in ENGAGED:
        return 1.0
    if folded in EXCEL_ERRORS:
        raise CellError(f"holds the spreadsheet error {text}",
                        "fix the formula in the spreadsheet, or type the value")
    value = _number(text)
    shown = text if len(text) <= 40 else text[:37] + "..."
    if value is None:
        raise CellError(
            f"{shown!r} is not an engagement mark",
            "use 1, x, yes or ✓ for engaged and leave blank or 0 for not engaged"
            + ("" if weighted else "; numbers other than 0 and 1 need --weighted"))
    if math.isnan(value) or (math.isinf(value) and not _digits(text)):
        raise CellError(f"{shown!r} is not a finite number",
                        f"type a number from 0 to {MAX_WEIGHT_TEXT}, or 1 / blank for engaged "
                        "/ not engaged")
    if value == 0:
        return 0.0
    if value < 0:
        raise CellError(f"negative value {text}", "weights must be 0 or more")
    if weighted and value > MAX_WEIGHT:
        if len(text) > 20:  # e.g. a workbook's 1e308 written out in 309 digits
            shown = f"{value:.6g}".replace("e+", "e")
        raise CellError(f"{shown} is larger than the largest engagement strength netmap accepts "
                        f"({MAX_WEIGHT_TEXT})",
                        "express strengths in a larger unit, such as thousands or millions, "
                        f"so that every weight is at most {MAX_WEIGHT_TEXT}")
    if value == 1 or weighted:
        return float(value)
    raise CellError(f"{text} is not an engagement mark",
                    "pass --weighted if cells are strengths or counts, "
                    "or use 1 / blank for engaged / not engaged")
