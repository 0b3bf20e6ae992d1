"""Data collection: ``netmap form`` writes forms partners fill in, ``netmap collect`` merges
the returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from netmap.cli.common import (
    handle_errors,
    input_options,
    load_input,
    load_options,
    note,
    say,
    verbosity_options,
    vocabulary,
)
from netmap.cli.group import cli
from netmap.cli.guard import inputs_of, output_file, output_folder
from netmap.io.options import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from netmap.io.runfolder import OUTPUTS
from netmap.names import counted


class _Date(click.ParamType):
    """A date written YYYY-MM-DD (ISO 8601)."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-01-31",
                      param, ctx)


def _functions(given: tuple, opts: dict, loaded=None) -> tuple:
    """The form's function columns, in the partnership's own words: --functions as given
    (a label that is a canonical function but for case or spacing is written as the
    vocabulary writes it), else INPUT's labels as its header has them, else the
    vocabulary's canonical functions (the six, or --taxonomy's). netmap reads each back
    through the vocabulary; two labels for one function keep the first."""
    from netmap.names import fold

    vocab = vocabulary(opts)
    if given:
        labels = [s.strip() for text in given for s in text.split(",") if s.strip()]
        if not labels:
            raise click.UsageError("--functions names no function: give a comma-separated "
                                   "list, e.g. --functions 'Victim Support,Strategic'")
    elif loaded is not None:
        reading = getattr(loaded, "reading", None)
        labels = list(getattr(reading, "functions", None) or loaded.partnership.functions)
    else:
        return tuple(vocab.canonical)
    out: dict = {}  # the function netmap reads -> the label asked with
    unknown = []
    for label in labels:
        canonical = vocab.canonical_of(label)
        if canonical is None:
            unknown.append(label)
        text = " ".join(label.split())
        if canonical is not None and fold(canonical) == fold(text):
            text = canonical
        out.setdefault(fold(canonical or text), text)
    if given and unknown and opts.get("strict_vocabulary"):
        raise click.UsageError(
            f"--functions: {', '.join(repr(u) for u in unknown)} "
            f"{'is' if len(unknown) == 1 else 'are'} not a function of the vocabulary "
            f"(--strict-vocabulary); functions: {', '.join(vocab.canonical)}")
    if given:
        for label in unknown:
            note(opts, f"function {label!r} is not a canonical function or a synonym: asked "
                 "about as the partnership's own")
    return tuple(out.values())


@cli.command()
@click.argument("file", required=False, metavar="[INPUT]", type=click.Path(dir_okay=True))
@click.option("-o", "--output", "output", required=True, type=click.Path(),
              help="The .xlsx form to write; with --per-organisation, a folder.")
@click.option("--per-organisation", is_flag=True,
              help="One form per organisation of INPUT (form-<name>.xlsx, each holding only "
                   "its own row) and forms.csv, into the folder -o.")
@click.option("--functions", "functions", metavar="LIST", multiple=True,
              help="The functions to ask about, comma-separated (repeatable; default: "
                   "INPUT's, else the six canonical functions or --taxonomy's).")
@click.option("--due", type=_Date(), default=None, metavar="DATE",
              help="The deadline (YYYY-MM-DD), shown on the Instructions sheet; collect "
                   "flags returns saved after it.")
@input_options
@handle_errors
def form(file, output, per_organisation, functions, due, **opts):
    """Write an Excel form for partners to fill in, from INPUT (optional).

    Its first sheet holds Organisation, Sector and one column per function,
    answered Yes / No / Not sure from dropdowns; a second sheet defines each
    function in plain words, a third gives the instructions and the
    deadline. With INPUT, every organisation is listed, pre-filled with what
    INPUT says, to confirm or correct. Every netmap command reads a filled
    form; netmap collect merges the returns.
    """
    from netmap.forms import blank_form, form_of
    from netmap.render.reportfiles import write_form, write_forms

    if opts.get("keyfile"):
        raise click.UsageError("--pseudonymise does not apply to form: a form goes to the "
                               "partners it names, who need the names to answer")
    if per_organisation and file is None:
        raise click.UsageError("--per-organisation needs INPUT: the partnership whose "
                               "organisations each get a form")
    if not per_organisation and not output.lower().endswith(".xlsx"):
        raise click.UsageError(f"-o {output}: a form is an Excel workbook; give a name ending "
                               ".xlsx (or a folder with --per-organisation)")
    given = [file] if file else []
    inputs = inputs_of(opts, *given)
    if per_organisation:
        output_folder(output, "form", OUTPUTS["form"], opts, *given)
    else:
        output_file(output, opts, *given)
    loaded = load_input(file, opts) if file is not None else None
    columns = _functions(functions, opts, loaded)
    if due is not None and due < dt.date.today():
        note(opts, f"the deadline {due.isoformat()} is in the past")
    if loaded is None:
        made = blank_form(columns, due)
    else:
        import dataclasses

        made = form_of(loaded.partnership, vocabulary(opts), columns, due)
        # partners see the workbook's own title, never the coordinator's file name
        made = dataclasses.replace(made, partnership=_title_of(file, opts), source="")
    if per_organisation:
        written = write_forms(made, output, vocabulary(opts), inputs=inputs)
        say(opts, f"wrote {counted(len(written) - 1, 'form')} and forms.csv to "
            f"{Path(output).resolve()}")
    else:
        path = write_form(made, output, vocabulary(opts), inputs=inputs)
        listed = (f"{counted(len(made.rows), 'organisation')} listed" if made.rows
                  else "blank: partners add their own rows")
        say(opts, f"wrote {path}: {counted(len(columns), 'function')}, {listed}"
            + (f", due {due.isoformat()}" if due else ""))


# options every reading command takes that mean nothing for a form: not listed in its help
# (--pseudonymise is refused; a weight is a Yes either way)
for _param in form.params:
    if isinstance(_param, click.Option) and _param.name in ("keyfile", "weighted"):
        _param.hidden = True


@cli.command()
@click.argument("returns", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--expected", metavar="INPUT", default=None, type=click.Path(dir_okay=True),
              help="Who was asked: a partner list or the matrix the forms were made from "
                   "(non-respondents are named against it).")
@click.option("-o", "--outdir", default="outputs/collection", show_default=True,
              type=click.Path(file_okay=True), help="Folder for the outputs.")
@click.option("--prefer", type=click.Choice(["newest", "first"]), default="newest",
              show_default=True,
              help="Which return wins when two answer one cell differently.")
@click.option("--due", type=_Date(), default=None, metavar="DATE",
              help="The deadline (YYYY-MM-DD) returns are late after (default: the one the "
                   "forms were made with).")
@click.option("--saved", "saved", metavar="FILE=WHEN", multiple=True,
              help="The time (UTC, YYYY-MM-DD or YYYY-MM-DDTHH:MM) the partner saved return "
                   "FILE (a path or file name), for a return someone fixed and saved again: "
                   "it then decides newest and late (repeatable).")
@click.option("--taxonomy", "taxonomy_file", metavar="FILE", default=None,
              type=click.Path(dir_okay=True),
              help="Vocabulary (TOML) the forms were made with (sector and function labels).")
@click.option("--raw-csv", is_flag=True,
              help="Write CSV cells as they are, without the leading ' that stops a "
                   "spreadsheet running names as formulas.")
@click.option("--max-rows", type=click.IntRange(1), default=MAX_ROWS, show_default=True,
              help="Refuse returns with more rows (protects memory).")
@click.option("--max-bytes", type=click.IntRange(1), default=MAX_BYTES, show_default=True,
              help="Refuse larger returns (protects memory).")
@click.option("--max-columns", type=click.IntRange(1), default=MAX_COLUMNS, show_default=True,
              help="Refuse returns with wider rows (protects memory).")
@verbosity_options
@handle_errors
def collect(returns, expected, outdir, prefer, due, raw_csv, saved, **opts):
    """Merge returned forms (RETURNS: .xlsx, CSV saved from a form, or folders holding
    them) into OUTDIR/partners.csv, which every netmap command reads.

    A form whose structure was changed is refused, naming the file and what
    changed. Also writes provenance.csv (each answer's file), collection.md
    and collection.html: the response rate, non-respondents (against
    --expected), late and duplicate returns, conflicts cell by cell (the
    newest return wins unless --prefer first) and the cells changed from the
    pre-filled values.
    """
    from netmap.collect import collect as run_collect
    from netmap.collect import expected_of
    from netmap.render.reportfiles import write_collection

    files = _returns(returns, opts)
    side = [f for f in (expected, opts.get("taxonomy_file")) if f]
    stage = output_folder(outdir, "collect", OUTPUTS["collect"], {}, *files, *side)
    bounds = {k: opts[k] for k in ("max_bytes", "max_rows", "max_columns")}
    options = load_options({**opts, "taxonomy_file": opts.get("taxonomy_file")})
    asked = expected_of(expected, vocabulary(opts), options) if expected else None
    c = run_collect(files, asked, prefer, due, vocabulary(opts), **bounds,
                    saved=_saved(saved, files))
    for p in c.problems:
        if not opts["quiet"]:
            from netmap.cli.common import echo_problem

            echo_problem(p)
    written = write_collection(c, outdir, raw_csv=raw_csv, inputs=side)
    say(opts, c.response_line())
    if c.non_respondents:
        shown = c.non_respondents[:10]
        more = len(c.non_respondents) - len(shown)
        say(opts, "  not yet responded: " + "; ".join(shown)
            + (f"; and {more} more (collection.md)" if more else ""))
    for what, n, then in (("form", len(c.unchanged), " returned unchanged (not counted)"),
                          ("late return", len(c.late), ""),
                          ("organisation", len(c.duplicates), " in more than one return"),
                          ("conflicting cell", len(c.conflicts), ""),
                          ("cell", len(c.changes), " changed from the pre-filled values")):
        if n:
            say(opts, f"  {counted(n, what)}{then}")
    names = [w.relative_to(stage.outdir).as_posix() for w in written]
    say(opts, f"  wrote {stage.outdir}: {', '.join(names)}")


def _title_of(file, opts: dict) -> str:
    """The title row above INPUT's header ('Northshire Modern Slavery Partnership - mapping
    2026'), or '' when it has none (a form never shows the file's name, which may say
    'FINAL - DO NOT SHARE')."""
    from netmap.errors import NetmapError
    from netmap.io.files import read_sheet
    from netmap.io.header import find_header

    try:
        sheet = read_sheet(file, opts.get("encoding"), opts.get("sheet"))
        first = sheet.header
        find_header(sheet, opts.get("header_row"), pad=True)
    except (NetmapError, OSError, ValueError):
        return ""
    if sheet.header is first:
        return ""
    text = " ".join(next((c for c in first if c.strip()), "").split())
    return text[:120]


def _saved(given: tuple, files: list) -> dict:
    """--saved FILE=WHEN, as {return file: UTC time}; FILE is a return's path or name."""
    out = {}
    for text in given:
        name, sep, when = text.rpartition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--saved {text!r}: write FILE=WHEN, e.g. --saved "
                                   "'form-Hestia.xlsx=2026-01-09T16:30'")
        try:
            moment = dt.datetime.fromisoformat(when.strip().replace("Z", "+00:00"))
        except ValueError:
            raise click.UsageError(f"--saved {text!r}: {when!r} is not a time: write it as "
                                   "YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)") from None
        target = Path(name.strip())
        match = [f for f in files if Path(f).resolve() == target.resolve()] or [
            f for f in files if Path(f).name == target.name]
        if len(match) != 1:
            raise click.UsageError(
                f"--saved {text!r}: {name.strip()!r} is "
                + ("the name of several returns; give its path" if match else
                   "not one of the returns read") + " (returns: "
                + ", ".join(Path(f).name for f in files[:10])
                + (", ..." if len(files) > 10 else "") + ")")
        out[match[0]] = moment
    return out


# in a folder of returns: files read as returns (a CSV or "Unicode text" saved from a form;
# an old .xls is read to say how to save it); anything else is named, skipped
_RETURN_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".xls")


def _returns(paths, opts: dict) -> list:
    """The return files: each path given, and a folder's files a return may be saved as
    (sorted; not hidden or Office lock files, nor the forms.csv index --per-organisation
    writes); any other file of a folder is named on standard error, never skipped
    silently."""
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found: list = []
            skipped: list = []
            for p in sorted(path.iterdir()):
                if not p.is_file() or p.name.startswith((".", "~$")) or p.name == "forms.csv":
                    continue
                (found if p.suffix.lower() in _RETURN_SUFFIXES else skipped).append(p)
            if not found:
                raise click.UsageError(f"{given}: a folder with no return in it (.xlsx, or "
                                       "CSV or text saved from a form)")
            for p in skipped:
                note(opts, f"{p}: skipped, not a form netmap reads (a return is .xlsx, or CSV "
                     "or text saved from the form); if it is one, save it as .xlsx")
            files += [str(p) for p in found]
        else:
            files.append(str(given))
    return list(dict.fromkeys(files))
