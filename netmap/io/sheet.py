"""The raw table every reader produces: header and rows as text, with row numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

from netmap.errors import Problem

__all__ = ["Sheet"]


@dataclass
class Sheet:
    """Cells of a file as text, before any meaning is given to them.

    ``header_row`` and each row's number are spreadsheet rows (the first line
    of the file is row 1). ``notes`` holds what reading decided (encoding,
    separator), as ``info`` or ``warning`` problems.
    """

    file: str
    header: list
    rows: list  # list of (row number, list of str)
    header_row: int = 1
    notes: list = field(default_factory=list)

    def note(self, severity: str, message: str, **where) -> None:
        self.notes.append(Problem(severity, message, file=self.file, **where))
