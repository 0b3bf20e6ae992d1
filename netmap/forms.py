"""Forms partners fill in: an Excel workbook per partnership or per organisation.

A form (:func:`form_workbook`) is an .xlsx workbook of four sheets:

1. ``Form``, the sheet to fill, and the one every netmap command reads (the
   first visible sheet): a header row ``Organisation``, ``Sector`` and one
   column per function, then one row per organisation. Answers are picked
   from a dropdown, ``Yes`` / ``No`` / ``Not sure`` (:data:`ANSWERS`: engaged,
   not engaged, and an uncertain mark the report lists to confirm); the sector
   from a dropdown of the sector classes (:data:`SECTOR_CHOICES`). The header
   row and the names of listed organisations are locked (sheet protection,
   no password: it stops slips, not a determined editor); answer cells,
   sectors and the blank rows for organisations not listed are not.
2. ``Functions``: each function in plain words, with examples of activities
   (:func:`netmap.vocabulary.definition`).
3. ``Instructions``: how to answer, and the deadline.
4. ``netmap`` (hidden, and the workbook's structure locked so that sheets are
   not renamed, added or unhidden by accident): what ``netmap collect`` needs
   to check a return: the form's columns, when it was made, its deadline and
   the values it was pre-filled with, so that the cells a partner changed can
   be listed. A form made for one organisation holds that organisation's row
   only, there as on the ``Form`` sheet.

Every text is written as a text cell: a name such as ``=HYPERLINK(...)`` is
shown as it is and never runs. openpyxl is imported only here, when a form is
written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from netmap.model import Partnership
from netmap.vocabulary import SECTOR_CLASSES, Vocabulary, definition

__all__ = ["ANSWERS", "SECTOR_CHOICES", "FORM_SHEET", "FUNCTIONS_SHEET", "INSTRUCTIONS_SHEET",
           "META_SHEET", "FORM_VERSION", "FormRow", "Form", "form_of", "blank_form",
           "form_workbook", "safe_filename", "form_files"]

ANSWERS = ("Yes", "No", "Not sure")
SECTOR_CHOICES = SECTOR_CLASSES  # as every netmap output names them
FORM_SHEET, FUNCTIONS_SHEET, INSTRUCTIONS_SHEET, META_SHEET = (
    "Form", "Functions", "Instructions", "netmap")
FORM_VERSION = "1"
ORGANISATION, SECTOR = "Organisation", "Sector"
BLANK_ROWS = 50  # rows for organisations a form does not list (a blank form: every row)
_MAX_NAME = 60  # characters of an organisation name in a file name


@dataclass(frozen=True)
class FormRow:
    """One organisation's row: its name, sector (a :data:`SECTOR_CHOICES` value or '') and
    one answer per function (a value of :data:`ANSWERS` or '')."""

    organisation: str
    sector: str = ""
    answers: tuple = ()


@dataclass(frozen=True)
class Form:
    """What a form holds: the functions asked about, the rows listed (pre-filled), the
    deadline, the partnership's name and the file the rows came from."""

    functions: tuple
    rows: tuple = ()
    due: dt.date | None = None
    partnership: str = ""
    source: str = ""
    created: dt.datetime = field(
        default_factory=lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0))

    @property
    def columns(self) -> tuple:
        return (ORGANISATION, SECTOR, *self.functions)


def _sector_choice(value: str, vocabulary: Vocabulary) -> str:
    """The dropdown value for a sector read from an input ('' when none)."""
    if not value:
        return ""
    cls = value if value in SECTOR_CLASSES else vocabulary.sector_of(value)
    return cls if cls in SECTOR_CHOICES else ""


def form_of(p: Partnership, vocabulary: Vocabulary | None = None,
            functions: Iterable[str] | None = None, due: dt.date | None = None) -> Form:
    """A form listing ``p``'s organisations, pre-filled with what ``p`` says.

    An engagement is ``Yes`` (any weight above 0), an uncertain mark ``Not sure``, anything
    else ``No``; the sector is the organisation's sector class. ``functions`` (default:
    ``p``'s) are the columns asked about; a function ``p`` does not have is left blank (``p``
    says nothing about it). A column may name a function in words the vocabulary reads
    as it (the partnership's own, 'Supporting survivors' for Victim Support).
    """
    from netmap.vocabulary import twin_key

    vocabulary = vocabulary or Vocabulary()
    cols = tuple(functions) if functions is not None else tuple(p.functions)
    twins = {twin_key(f): f for f in p.functions}

    def function_of(label: str) -> str:
        """The function of ``p`` a column asks about (it may be in the partnership's own
        words, e.g. 'Supporting survivors' for Victim Support)."""
        canonical = vocabulary.canonical_of(label)
        if label in known:
            return label
        if canonical is not None and canonical in known:
            return canonical
        return twins.get(twin_key(label), label)

    engaged = {(o, f) for o, f in p.pairs()}
    unsure = set()
    if len(p.uncertain):
        unsure = {(o, f) for o, f in zip(p.uncertain["organisation"], p.uncertain["function"],
                                         strict=True)}
    sectors = p.sectors
    known = set(p.functions)
    rows = []
    for o in p.organisations:
        answers = tuple("" if f not in known else "Not sure" if (o, f) in unsure
                        else "Yes" if (o, f) in engaged else "No" for f in map(function_of, cols))
        rows.append(FormRow(o, _sector_choice(str(sectors.get(o, "")), vocabulary), answers))
    source = p.source.replace("\\", "/").rsplit("/", 1)[-1] if p.source else ""
    return Form(functions=cols, rows=tuple(rows), due=due, partnership=p.name, source=source)


def blank_form(functions: Iterable[str], due: dt.date | None = None,
               partnership: str = "") -> Form:
    """A form with no organisation listed: partners add their own rows."""
    return Form(functions=tuple(functions), due=due, partnership=partnership)


def _text(cell, value) -> None:
    """Write ``value`` as a text cell (never a formula)."""
    cell.value = value
    if isinstance(value, str) and value:
        cell.data_type = "s"


def _instructions(form: Form, one: bool) -> list:
    due = form.due.strftime("%A %d %B %Y").replace(" 0", " ") if form.due else None
    lines = [
        "Partnership mapping form" + (f": {form.partnership}" if form.partnership else ""),
        "",
        f"Please return this form by {due}." if due else "Please return this form to the "
        "coordinator who sent it.",
        "",
        "How to fill it in",
        "1. Go to the sheet 'Form'." + (" Your organisation's row is filled in with what the "
                                        "partnership knows today: please confirm or correct it."
                                        if form.rows else ""),
        "2. For each function (one per column), pick from the dropdown: Yes if your "
        "organisation does this work in the partnership, No if it does not, Not sure if you "
        "cannot say yet.",
        "3. Pick your sector from the dropdown in the 'Sector' column.",
        "4. The sheet 'Functions' says what each function means, with examples.",
    ]
    if not one:
        lines.append("5. An organisation not listed: write its name in an empty row at the "
                     "bottom and answer for it.")
    lines += [
        "",
        "Please do not rename, add or delete columns or sheets: the answers are read back "
        "automatically and a changed form has to be sent again.",
        "Save the file as it is (.xlsx). A CSV saved from the 'Form' sheet is read too.",
        "Please do not add names, e-mail addresses or other personal details to the form.",
    ]
    return lines


def form_workbook(form: Form, vocabulary: Vocabulary | None = None, one: bool = False) -> bytes:
    """The form as .xlsx bytes (see the module docstring). ``one``: a form for a single
    organisation (its row only, no blank rows)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    vocabulary = vocabulary or Vocabulary()
    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor="DDE7F0")
    open_cell = Protection(locked=False)
    columns = form.columns
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        _text(cell, name)
        cell.font, cell.alignment, cell.fill = bold, wrap, fill
        if j > 2:
            meaning, examples = definition(name, vocabulary)
            cell.comment = Comment(f"{meaning}\nExamples: {examples}", "netmap", height=160,
                                   width=320)
        ws.column_dimensions[get_column_letter(j)].width = 40 if j == 1 else (
            22 if j == 2 else max(14, min(30, len(name) + 2)))
    last = len(form.rows) + (0 if one else BLANK_ROWS) + 1
    for i, row in enumerate(form.rows, start=2):
        _text(ws.cell(row=i, column=1), row.organisation)
        _text(ws.cell(row=i, column=2), row.sector or None)
        for j, answer in enumerate(row.answers, start=3):
            _text(ws.cell(row=i, column=j), answer or None)
    for i in range(2, last + 1):
        for j in range(1, len(columns) + 1):
            if j > 1 or i > len(form.rows) + 1:  # a listed organisation's name stays locked
                ws.cell(row=i, column=j).protection = open_cell
    if last >= 2:
        answers = DataValidation(
            type="list", formula1='"' + ",".join(ANSWERS) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="Pick an answer",
            error="Pick Yes, No or Not sure from the list.", showInputMessage=True,
            promptTitle="Does your organisation do this?", prompt="Yes, No or Not sure")
        sectors = DataValidation(
            type="list", formula1='"' + ",".join(SECTOR_CHOICES) + '"', allow_blank=True,
            showErrorMessage=True, errorTitle="Pick a sector",
            error="Pick your organisation's sector from the list.")
        ws.add_data_validation(answers)
        ws.add_data_validation(sectors)
        sectors.add(f"B2:B{last}")
        if form.functions:
            answers.add(f"C2:{get_column_letter(len(columns))}{last}")
    ws.freeze_panes = "B2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # partners may widen columns and rows
    ws.protection.formatRows = False

    defs = wb.create_sheet(FUNCTIONS_SHEET)
    for j, name in enumerate(("Function", "What it means", "Examples of activities"), start=1):
        _text(defs.cell(row=1, column=j), name)
        defs.cell(row=1, column=j).font = bold
    for i, name in enumerate(form.functions, start=2):
        meaning, examples = definition(name, vocabulary)
        for j, value in enumerate((name, meaning, examples), start=1):
            _text(defs.cell(row=i, column=j), value)
            defs.cell(row=i, column=j).alignment = wrap
    for letter, width in (("A", 34), ("B", 60), ("C", 70)):
        defs.column_dimensions[letter].width = width
    defs.protection.sheet = True

    how = wb.create_sheet(INSTRUCTIONS_SHEET)
    for i, line in enumerate(_instructions(form, one), start=1):
        _text(how.cell(row=i, column=1), line or None)
        if i == 1 or line == "How to fill it in":
            how.cell(row=i, column=1).font = Font(bold=True, size=14 if i == 1 else 11)
    how.column_dimensions["A"].width = 110
    how.protection.sheet = True

    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    info = [("netmap form", FORM_VERSION), ("created", form.created.isoformat()),
            ("due", form.due.isoformat() if form.due else ""),
            ("partnership", form.partnership), ("source", form.source)]
    for i, (k, v) in enumerate(info, start=1):
        _text(meta.cell(row=i, column=1), k)
        _text(meta.cell(row=i, column=2), v or None)
    _text(meta.cell(row=len(info) + 1, column=1), "columns")
    for j, name in enumerate(columns, start=2):
        _text(meta.cell(row=len(info) + 1, column=j), name)
    _text(meta.cell(row=len(info) + 2, column=1), "pre-filled")
    for i, row in enumerate(form.rows, start=len(info) + 3):
        _text(meta.cell(row=i, column=1), "row")
        for j, value in enumerate((row.organisation, row.sector, *row.answers), start=2):
            _text(meta.cell(row=i, column=j), value or None)
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- file names built from organisation names --------------------------------------------

_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in "0123456789¹²³"),
                       *(f"lpt{i}" for i in "0123456789¹²³")})
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+|[^\w .,()&\'+-]+')


def safe_filename(name: str, taken: set, prefix: str = "form-", suffix: str = ".xlsx") -> str:
    """A file name for ``name`` that is safe on Windows, macOS and Linux, unique among
    ``taken`` (compared case-insensitively, as Windows and macOS do; the name is added).

    Characters ``<>:"/\\|?*`` and control characters go, as does anything but letters,
    digits, spaces and ``.,()&'+-``; spaces become ``_``; a name longer than 60
    characters is cut to 53 and ends in ``-`` and 6 characters of its sha256 (two long
    names sharing a beginning get different files), never ends in a dot or space, and a
    name Windows reserves for a device (``CON``, ``NUL``, ``COM1``...) or an empty one is
    never the whole stem. Two
    organisations whose names clean to the same get ``_2``, ``_3``...

    >>> taken = set()
    >>> safe_filename('Police: "CID" / Unit 7?', taken), safe_filename("CON", taken)
    ('form-Police_CID_Unit_7.xlsx', 'form-CON.xlsx')
    >>> safe_filename("police  cid unit 7", taken)
    'form-police_cid_unit_7_2.xlsx'
    """
    text = unicodedata.normalize("NFKC", name)
    text = _UNSAFE.sub(" ", text)
    text = re.sub(r"\s+", "_", text.strip()).strip("._ ")
    if len(text) > _MAX_NAME:  # cut, with a mark of the whole name: two long names differ
        import hashlib

        mark = hashlib.sha256(unicodedata.normalize("NFC", name).encode()).hexdigest()[:6]
        text = text[:_MAX_NAME - 7].rstrip("._ ") + "-" + mark
    if not text:
        text = "organisation"
    if not prefix and text.split(".")[0].casefold() in _RESERVED:
        text = "_" + text  # CON, NUL.txt... name devices on Windows, whatever follows
    stem, n = text, 1
    while f"{prefix}{stem}{suffix}".casefold() in taken:
        n += 1
        stem = f"{text}_{n}"
    chosen = f"{prefix}{stem}{suffix}"
    taken.add(chosen.casefold())
    return chosen


def form_files(form: Form) -> list:
    """``(file name, one organisation's form)`` for each organisation ``form`` lists."""
    taken: set = set()
    out = []
    for row in form.rows:
        name = safe_filename(row.organisation, taken)
        out.append((name, Form(functions=form.functions, rows=(row,), due=form.due,
                               partnership=form.partnership, source=form.source,
                               created=form.created)))
    return out

