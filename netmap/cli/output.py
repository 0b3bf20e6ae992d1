"""How commands print: one ``--format table|csv|json|markdown`` set, and colour only on a terminal.

- ``table``: aligned text for reading in a terminal (the default).
- ``csv``: one table (``--table`` picks which), spreadsheet-safe.
- ``json``: strict JSON of the whole result, or of the ``--table`` chosen.
- ``markdown``: every table (or the one chosen) as a GitHub table under a
  heading, to paste into a document.

Colour marks severities (errors red, warnings and medium gaps yellow) when
the stream is a terminal and the ``NO_COLOR`` environment variable is unset
or empty (https://no-color.org); pipes and files get plain text.
"""

from __future__ import annotations

import os
import re
import sys

import click

FORMATS = ("table", "csv", "json", "markdown")
COLOURS = {"error": "red", "high": "red", "warning": "yellow", "medium": "yellow",
           "low": "cyan", "note": "cyan"}


def format_option(tables=(), csv_default: str | None = None):
    """``--format`` (and ``--table`` when the command prints several tables)."""

    def decorate(func):
        if tables:
            func = click.option(
                "--table", "which", type=click.Choice(list(tables)), default=None,
                help=f"Only this table (csv prints {csv_default or tables[0]} unless told).",
            )(func)
        return click.option(
            "--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default="table",
            show_default=True,
            help="Output format: aligned text, csv, json, or markdown for a document.",
        )(func)

    return decorate


def colour_on(err: bool = False) -> bool:
    """True when text written to stdout (stderr with ``err``) may carry colour."""
    stream = sys.stderr if err else sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def paint(text: str, key: str, err: bool = False) -> str:
    """``text`` coloured for severity ``key`` when colour is on, else unchanged."""
    colour = COLOURS.get(key)
    return click.style(text, fg=colour, bold=key in ("error", "high")) \
        if colour and colour_on(err) else text


_SEVERITY = re.compile(r"^(\s*)\[(high|medium|low)\]")


def paint_line(line: str, err: bool = False) -> str:
    """A line whose first token is ``[high]``, ``[medium]`` or ``[low]``, that token coloured."""
    match = _SEVERITY.match(line)
    if not match:
        return line
    token = f"[{match.group(2)}]"
    return match.group(1) + paint(token, match.group(2), err) + line[match.end():]


def emit(fmt: str, tables: dict, which: str | None = None, raw: bool = False, data=None,
         lines=None, compact: bool = False) -> None:
    """Print ``tables`` (name -> DataFrame) in ``fmt``.

    ``data`` is the whole result for JSON (default: every table's records);
    ``lines`` the text the ``table`` format prints when no table is chosen
    (default: every table aligned under its name). ``compact`` JSON has no
    indentation (for large results).
    """
    import pandas as pd

    from netmap.render.markdown import frame_markdown
    from netmap.render.tables import csv_text, records, write_json

    chosen = {which: tables[which]} if which else tables
    if fmt == "json":
        obj = tables[which] if which else (
            data if data is not None else {k: records(v) for k, v in tables.items()})
        # written in pieces: at national scale the text is hundreds of megabytes
        write_json(obj, _Echo(), indent=None if compact else 2)
    elif fmt == "csv":
        name = which or next(iter(tables))
        click.echo(csv_text(tables[name], raw=raw), nl=False)
    elif fmt == "markdown":
        parts = [f"## {name}\n\n{frame_markdown(df) if len(df) else '(none)'}\n"
                 for name, df in chosen.items()]
        click.echo("\n".join(parts), nl=False)
    elif lines is not None and not which:
        for line in lines:
            click.echo(paint_line(line))
    else:
        with pd.option_context("display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 60, "display.precision", 3):
            for k, (name, df) in enumerate(chosen.items()):
                click.echo(("\n" if k else "") + name)
                click.echo(flat(df).to_string(index=False) if len(df) else "  (none)")


class _Echo:
    """Standard output as a text stream whose writes go through ``click.echo``."""

    def write(self, text: str) -> int:
        click.echo(text, nl=False)
        return len(text)


def flat(df):
    """A copy of a table fit for a terminal: lists joined with "; " (long cells are cut)."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object and out[c].map(lambda v: isinstance(v, list)).any():
            out[c] = out[c].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    return out
