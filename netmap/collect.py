"""Returned forms merged into one matrix, with response tracking and provenance.

Each return is read by :func:`netmap.returns.read_return` (which checks that its
structure is the form's), and who was asked by :func:`netmap.returns.expected_of`.

:func:`collect` reads every return (every problem of every return is listed
before it stops) and merges them cell by cell:

- **When a return was saved**: the time the workbook itself records as its
  last save (``docProps/core.xml``; Excel, LibreOffice and openpyxl write it on
  every save, and it survives e-mail and copying), else, for a CSV or a
  workbook without it, the file's modification time. Times are UTC. A return
  someone fixed (its header put back) and saved again records the fixer's
  time: ``saved`` gives the partner's back (``--saved FILE=WHEN``), and the
  refusal's hint says so.
- **Who wins**: for each organisation and column, the answers of the returns
  that hold the organisation and answered the cell (a blank cell is no
  answer); the newest return wins (``prefer="first"``: the oldest). Two
  returns saved at the same time rank in the order given (the later one is
  the newer). Every cell where two returns disagree is a :class:`Conflict`.
- **Forms listing several organisations** (a shared form passed round): a row
  left exactly as it was pre-filled cannot be told from one nobody looked at,
  so its cells count only where no return answered (they are then kept, and
  ``provenance.csv`` says ``as pre-filled``), never make a conflict, and the
  organisation has not responded through that return. A row with one change or
  more is the answer of whoever changed it, every cell of it. In a form for one
  organisation, every answer is the organisation's own (a value left as
  pre-filled is a confirmation).
- **Who responded**: an organisation with a row in a return, with a name and at
  least one answer or sector (in a form listing several organisations, a row
  that differs from its pre-filled values). Against ``expected``
  (a partner list, or the matrix the forms were made from), the others did not
  respond; a name not on the expected list is a new organisation (with a
  warning when it is close to an expected name: never merged silently).
  ``partners.csv`` holds every organisation a return holds, respondents or not.
- **Late**: a return saved after the day of its deadline (``due`` given here,
  else the form's ``--due``; for a CSV, the deadline the returned workbooks
  share), compared as UTC dates.
- **Returned unchanged**: a workbook never saved after ``netmap form`` made it
  (its last save within 30 seconds of its creation) whose rows are exactly as
  pre-filled: nobody filled it in, so it is no response (:attr:`Collection.unchanged`);
  its values count only where no return answered, as a shared form's untouched rows.
- **Changed**: a cell whose answer differs from the value the form was
  pre-filled with (kept in the form's hidden sheet; for a CSV, the values the
  returned workbooks of the same form were pre-filled with, else the
  ``expected`` matrix's; a CSV with neither is not compared, and a warning says
  so when it lists several organisations).

Contact details a partner may add are never read: cells outside the form's
columns are skipped with a warning that does not repeat what they hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from netmap.errors import InputError, Problem
from netmap.forms import ORGANISATION, SECTOR
from netmap.io.cells import name_key
from netmap.io.options import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from netmap.returns import (  # noqa: F401 - re-exported
    Expected,
    Return,
    _nfc,
    expected_of,
    read_return,
)
from netmap.vocabulary import Vocabulary

__all__ = ["Return", "Conflict", "Change", "Collection", "read_return", "collect",
           "Expected", "expected_of", "PREFER"]

PREFER = ("newest", "first")


@dataclass(frozen=True)
class Conflict:
    """Two returns disagree on one cell: the value kept and the value set aside."""

    organisation: str
    column: str
    kept: str
    kept_file: str
    other: str
    other_file: str


@dataclass(frozen=True)
class Change:
    """A cell answered differently from the value its form was pre-filled with."""

    organisation: str
    column: str
    before: str
    after: str
    file: str


@dataclass
class Collection:
    """The merged returns (see the module docstring for every rule)."""

    columns: tuple
    returns: list
    merged: dict  # organisation -> {column: (value, Return, answered)}
    expected: Expected | None
    prefer: str
    organisations: list  # every organisation a return holds (the rows of partners.csv)
    respondents: list
    non_respondents: list
    new_organisations: list
    duplicates: list  # (organisation, [Return, ...] oldest first, Return kept)
    conflicts: list
    changes: list
    late: list  # (Return, due date)
    problems: list
    unchanged: list = field(default_factory=list)  # returns never saved after they were made

    @property
    def functions(self) -> tuple:
        return self.columns[2:]

    def response_line(self) -> str:
        """``30 of 36 organisations (83%) responded`` (or, with no expected list, how many
        did)."""
        from netmap.names import counted

        if self.expected is None:
            return (f"{counted(len(self.respondents), 'organisation')} responded (no expected "
                    "list was given, so non-respondents are not known)"
                    + self._unchanged_line())
        asked = len(self.expected.organisations)
        n = asked - len(self.non_respondents)
        share = f" ({round(100 * n / asked)}%)" if asked else ""
        line = f"{n} of {counted(asked, 'organisation')}{share} responded"
        if self.new_organisations:
            line += (f"; {counted(len(self.new_organisations), 'organisation')} not on the "
                     "expected list also answered")
        return line + self._unchanged_line()

    def _unchanged_line(self) -> str:
        from netmap.names import counted

        n = len(self.unchanged)
        return (f"; {counted(n, 'form')} returned unchanged (never saved after "
                f"{'it was' if n == 1 else 'they were'} made) not counted" if n else "")

    def partners_table(self):
        """The merged matrix: ``Organisation``, ``Sector`` and one column per function, one
        row per organisation a return holds (blank: not answered)."""
        import pandas as pd

        rows = [[o] + [self.merged[o].get(c, ("",))[0] for c in self.columns[1:]]
                for o in self.organisations]
        return pd.DataFrame(rows, columns=list(self.columns), dtype=object)

    def provenance_table(self):
        """Each merged cell with the return it came from: ``organisation``, ``function``
        (or ``Sector``), ``value``, ``file``, ``saved`` (UTC) and ``how``: ``answered``,
        ``as pre-filled`` (from a row of a form listing several organisations left as it
        was pre-filled, or a form returned unchanged, kept because no return answered the
        cell), or ``not answered`` (a blank cell: ``file`` names the returns holding the
        organisation's row)."""
        import pandas as pd

        holders: dict = {}
        for ret in self.returns:
            for _r, row in ret.rows:
                holders.setdefault(row.organisation, []).append(ret.name)
        rows = [(o, c, cell[0], cell[1].name, cell[1].saved.isoformat(),
                 "answered" if cell[2] else "as pre-filled") if cell is not None else
                (o, c, "", "; ".join(dict.fromkeys(holders.get(o, []))), "", "not answered")
                for o in self.organisations for c in self.columns[1:]
                for cell in [self.merged.get(o, {}).get(c)]]
        return pd.DataFrame(rows, columns=["organisation", "function", "value", "file",
                                           "saved", "how"], dtype=object)


# --- merging ------------------------------------------------------------------------------

def _agree(returns: list, expected: Expected | None) -> tuple | None:
    """The columns every return must have: the first workbook's, else the expected
    matrix's (for CSV returns only); None when neither says."""
    for ret in returns:
        if ret is not None and ret.kind == "xlsx":
            return ret.columns
    if expected is not None and expected.partnership is not None:
        return (ORGANISATION, SECTOR, *expected.partnership.functions)  # type: ignore
    return None


def _twins(new: list, missing: list, returns: list, listed: str | None) -> list:
    """A warning for each name of ``new`` that differs only in case, spacing or
    punctuation from a ``missing`` expected name or from another new one (Helpline,
    helpline): counted apart, never merged."""
    keys = {name_key(o): o for o in missing}
    expected = set(missing)
    out = []
    for o in new:
        twin = keys.setdefault(name_key(o), o)
        if twin == o:
            continue
        names = (o,) if twin in expected else (o, twin)
        files = ", ".join(ret.name for ret in returns
                          if any(row.organisation in names for _r, row in ret.rows))
        said = (f"{o!r} ({files}) is not on the expected list but {twin!r} is"
                if twin in expected else
                f"{o!r} and {twin!r} ({files}) differ only in case, spacing or punctuation")
        out.append(Problem("warning", f"{said}: counted apart, never merged",
                           file=listed,
                           hint="if they are one organisation, correct the name in the "
                                "return" + (" or in the expected list" if listed else "")))
    return out


def collect(paths: Iterable, expected: Expected | None = None, prefer: str = "newest",
            due: dt.date | None = None, vocabulary: Vocabulary | None = None,
            max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
            max_columns: int = MAX_COLUMNS, saved: dict | None = None) -> Collection:
    """Read every return in ``paths`` and merge them (see the module docstring).

    ``saved`` maps a return's path (as in ``paths``) to the time (UTC) its partner saved
    it, which then decides newest and late instead of the time the file records: for a
    return someone fixed and saved again.

    Raises :class:`InputError` listing every problem of every return when one of them
    has an error (a changed structure, an answer netmap cannot read, ...).
    """
    from netmap.forms import form_of

    if prefer not in PREFER:
        raise ValueError(f"prefer is one of {', '.join(PREFER)}")
    vocabulary = vocabulary or Vocabulary()
    paths = [str(p) for p in paths]
    bounds = {"max_bytes": max_bytes, "max_rows": max_rows, "max_columns": max_columns}
    problems: list = []
    read: list = []
    workbooks = [p for p in paths if p.lower().endswith((".xlsx", ".xlsm"))]
    for path in workbooks:  # workbooks first: they say which columns a CSV must have
        ret, found = read_return(path, None, vocabulary, **bounds)
        problems += found
        read.append(ret)
    columns = _agree(read, expected)
    for path in paths:
        if path in workbooks:
            continue
        ret, found = read_return(path, columns, vocabulary, **bounds)
        problems += found
        read.append(ret)
        if columns is None and ret is not None:
            columns = ret.columns
    if columns is not None:
        first = next((r.name for r in read if r is not None and r.columns == columns), "")
        for ret in read:
            if ret is not None and ret.columns != columns:
                problems.append(Problem(
                    "error", f"was made with other columns than {first}: "
                    f"{', '.join(ret.columns)} (not {', '.join(columns)})", file=ret.file,
                    row=1, hint="collect the returns of one form at a time: forms made with "
                    "other functions are merged by separate runs"))
    if any(p.is_error for p in problems) or not paths:
        raise InputError(problems or [Problem("error", "no returned form was given")])
    assert columns is not None
    order = {p: k for k, p in enumerate(paths)}
    returns = sorted((r for r in read if r is not None), key=lambda r: order[r.file])
    for k, ret in enumerate(returns):
        ret.order = k
        when = (saved or {}).get(ret.file)
        if when is not None:
            ret.saved = (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
                         ).astimezone(dt.timezone.utc)
            ret.saved_from = "given"
    # pre-filled values of a CSV return: what the workbooks returned say their forms were
    # pre-filled with (the form the CSV was saved from, or its twins), else the expected
    # matrix's
    base: dict = {}
    if expected is not None and expected.partnership is not None:
        base = {_nfc(row.organisation): row for row in form_of(
            expected.partnership, vocabulary, columns[2:]).rows}  # type: ignore[arg-type]
    for ret in returns:
        if ret.kind == "xlsx" and ret.columns == columns:
            base.update(ret.prefilled or {})
    for ret in returns:
        if ret.prefilled is None and base:
            ret.prefilled = base
        elif ret.prefilled is None and len(ret.rows) > 1:
            problems.append(Problem(
                "warning", f"lists {len(ret.rows)} organisations but a CSV keeps no record "
                "of the values its form was pre-filled with (and no workbook return or "
                "--expected matrix says them): every row counts as answered, and its changes "
                "from the pre-filled values are not listed", file=ret.file,
                hint="give --expected the matrix the form was made from, or collect the "
                     "returned workbook instead of a CSV saved from it"))
    rank = sorted(returns, key=lambda r: (r.saved, r.order))  # oldest first
    if prefer == "first":
        rank = rank[::-1]  # the first return wins: it goes last, like the newest does
    cells_of: dict = {}  # organisation -> column -> [(value, Return, answered)], winner last
    answered_by: dict = {}  # organisation -> the returns that answered for it, winner last
    for ret in rank:
        shared = sum(row.organisation in (ret.prefilled or {}) for _r, row in ret.rows) > 1
        for _r, row in ret.rows:
            before = (ret.prefilled or {}).get(row.organisation)
            # in a form listing several organisations, a row left exactly as pre-filled cannot
            # be told from one nobody looked at: its cells count only where no return answered
            answered = not ret.unchanged and not (shared and before is not None and (
                row.sector, row.answers) == (before.sector, before.answers))
            for c, column in enumerate(columns[1:]):
                new = row.sector if c == 0 else row.answers[c - 1]
                if new:
                    cells_of.setdefault(row.organisation, {}).setdefault(column, []).append(
                        (new, ret, answered))
            cells_of.setdefault(row.organisation, {})
            if answered and (row.sector or any(row.answers)):
                answered_by.setdefault(row.organisation, []).append(ret)
    changes: list = []
    for ret in returns:
        for _r, row in ret.rows:
            before = (ret.prefilled or {}).get(row.organisation)
            if before is None:
                continue
            for c, column in enumerate(columns[1:]):
                old = before.sector if c == 0 else (
                    before.answers[c - 1] if c - 1 < len(before.answers) else "")
                new = row.sector if c == 0 else row.answers[c - 1]
                if old != new:
                    changes.append((Change(row.organisation, column, old, new, ret.name), ret))
    merged: dict = {}
    conflicts = []
    for org, by_column in cells_of.items():
        merged[org] = {}
        for column, found in by_column.items():
            answers = [f for f in found if f[2]] or found
            kept, kept_ret, how = answers[-1]
            merged[org][column] = (kept, kept_ret, how)
            for v, ret, _ in answers[:-1]:
                if v != kept:
                    conflicts.append(Conflict(org, column, kept, kept_ret.name, v, ret.name))
    # a change counts when its return's value was kept (a change set aside is a conflict),
    # once (an identical copy of a return changes nothing more)
    kept_changes: dict = {}
    for change, ret in changes:
        cell = merged.get(change.organisation, {}).get(change.column)
        if cell is None or cell[1] is ret:
            kept_changes.setdefault((change.organisation, change.column), change)
    changes = list(kept_changes.values())
    duplicates = [(org, sorted(rets, key=lambda r: (r.saved, r.order)), rets[-1])
                  for org, rets in answered_by.items() if len(rets) > 1]
    # a CSV carries no deadline: it has the one the workbooks returned share, if they do
    dues = {ret.due for ret in returns if ret.kind == "xlsx"}
    shared_due = dues.pop() if len(dues) == 1 else None
    late = []
    for ret in returns:
        deadline = due or ret.due or (shared_due if ret.kind == "csv" else None)
        if deadline is not None and ret.saved.date() > deadline:
            late.append((ret, deadline))
    found_order = list(dict.fromkeys(row.organisation for ret in returns for _r, row in ret.rows))
    notes: list = [p for p in problems if not p.is_error]
    if expected is not None:
        notes += list(expected.notes)
        asked = set(expected.organisations)
        organisations = [o for o in expected.organisations if o in merged]
        respondents = [o for o in expected.organisations if o in answered_by]
        new = [o for o in found_order if o not in asked]
        missing = [o for o in expected.organisations if o not in answered_by]
        notes += _twins(new, missing, returns, expected.file)
        organisations += new
        respondents += [o for o in new if o in answered_by]
    else:
        organisations = found_order
        respondents, new, missing = [o for o in found_order if o in answered_by], [], []
        notes += _twins(found_order, [], returns, None)
    return Collection(columns=columns, returns=returns, merged=merged, expected=expected,
                      prefer=prefer, organisations=organisations, respondents=respondents,
                      non_respondents=missing, unchanged=[r for r in returns if r.unchanged],
                      new_organisations=new, duplicates=duplicates, conflicts=conflicts,
                      changes=changes, late=late, problems=notes)

