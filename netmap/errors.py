"""The exceptions netmap raises, and the problem records they carry.

The library never prints and never exits: it raises a :class:`NetmapError`
subclass whose message says what is wrong, where (file, row, column) and how to
fix it. The command line turns it into clear lines and an exit code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "NetmapError",
    "InputError",
    "OutputError",
    "Problem",
    "column_letter",
]


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA).

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    if index < 0:
        raise ValueError("column index must be >= 0")
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One thing wrong (``error``) or worth knowing (``warning``, ``info``) in an input.

    ``row`` is the spreadsheet row (the header is row 1); ``column`` the 0-based
    column index, shown as its spreadsheet letter with ``column_name``.
    """

    severity: str
    message: str
    file: str | None = None
    row: int | None = None
    column: int | None = None
    column_name: str | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            col = f"column {column_letter(self.column)}"
            if self.column_name:
                col += f' "{self.column_name}"'
            parts.append(col)
        elif self.column_name:
            parts.append(f'column "{self.column_name}"')
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "file": self.file,
            "row": self.row,
            "column": column_letter(self.column) if self.column is not None else None,
            "column_name": self.column_name,
            "message": self.message,
            "hint": self.hint,
        }


class NetmapError(Exception):
    """Base class of every error netmap raises on purpose."""


# command-line options as the library's keyword arguments (netmap.load / netmap.read /
# netmap.compute), for messages raised in Python: a flag, then its value if it has one
_KEYWORDS = {
    "weighted": ("weighted", True), "strict-vocabulary": ("strict", True),
    "layout": ("layout", None), "uncertain": ("uncertain", None),
    "org-column": ("org_column", None), "header-row": ("header_row", None),
    "sheet": ("sheet", None), "encoding": ("encoding", None),
    "max-bytes": ("max_bytes", None), "max-rows": ("max_rows", None),
    "max-columns": ("max_columns", None), "attribute-column": ("attribute_columns", None),
    "aliases": ("aliases", None), "attributes": ("attributes", None), "name": ("name", None),
    "taxonomy": ("vocabulary=netmap.taxonomy.load_taxonomy", None),
    "rules": ("rules=netmap.metrics.rules.load_rules", None), "runs": ("runs", None),
}
_CHOICES = {"layout": ("wide", "long", "roster"),
            "uncertain": ("engaged", "not-engaged", "error")}
_FLAG = re.compile(r"--([a-z][a-z-]*)(?: ([A-Za-z0-9_.-]+))?")


def python_words(text: str) -> str:
    """``text`` with command-line options written as the library's keyword arguments.

    >>> python_words("pass --weighted, --layout roster or --header-row N")
    'pass weighted=True, layout="roster" or header_row=N'
    >>> python_words("raise the limit with --max-columns")
    'raise the limit with max_columns=...'
    """
    def keyword(m: re.Match) -> str:
        flag, value = m.group(1), m.group(2)
        known = _KEYWORDS.get(flag)
        if known is None:
            return m.group(0)
        name, constant = known
        if constant is not None:
            return f"{name}={constant}" + (f" {value}" if value else "")
        if "=" in name:  # a function to call on the file
            arg = value if value and value.isupper() else "FILE"
            rest = f" {value}" if value and not value.isupper() else ""
            return f"{name.split('=')[0]}={name.split('=')[1]}({arg}){rest}"
        if value and (value in _CHOICES.get(flag, ()) or value.isupper()
                      or value.replace(".", "").isdigit()):
            shown = value if value.isupper() or value.replace(".", "").isdigit() else \
                f'"{value}"'
            return f"{name}={shown}"
        return f"{name}=..." + (f" {value}" if value else "")

    return _FLAG.sub(keyword, text)


class InputError(NetmapError):
    """The input file or its data is wrong; ``problems`` lists every problem found.

    ``names``, when the loader gives it, holds every organisation name it saw
    (alias spellings included), so that a caller can pseudonymise the
    messages (:func:`netmap.privacy.pseudonymise_problems`); ``None`` when not
    known.
    """

    def __init__(self, problems: list[Problem] | str, names: Iterable[str] | None = None):
        if isinstance(problems, str):
            problems = [Problem("error", problems)]
        self.problems = list(problems)
        self.names: tuple[str, ...] | None = None if names is None else tuple(names)
        errors = [p for p in self.problems if p.is_error]
        # the message a Python caller sees speaks of keyword arguments; the command line
        # shows each problem with its own options (Problem.__str__)
        super().__init__(python_words("\n".join(str(p) for p in errors)) or "invalid input")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class OutputError(NetmapError):
    """An output could not be written (nothing half-written is left behind)."""
