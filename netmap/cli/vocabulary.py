"""``netmap vocabulary``: how each label of a file is read (or the tables themselves)."""

from __future__ import annotations

import click

from netmap.cli.common import handle_errors, input_options, load_input, vocabulary
from netmap.cli.group import cli
from netmap.cli.output import emit, format_option

COLUMNS = ["kind", "label", "read_as", "how"]


@cli.command(name="vocabulary")
@click.argument("file", required=False, default=None, type=click.Path(dir_okay=True))
@format_option()
@input_options
@handle_errors
def vocabulary_command(file, fmt, **opts):
    """Say how each function label and type value of FILE is read.

    Each function label is read as a canonical function (``canonical`` or
    ``synonym``), kept as the partnership's own function (``own``, or
    ``twin`` for another spelling of one), and each value of the type column
    as a sector class. Without FILE, prints the synonym tables themselves
    (with --taxonomy: as extended by that file).
    """
    import pandas as pd

    vocab = vocabulary(opts)
    if file is None:
        rows = [("function", label, c, "canonical" if label == c else "synonym")
                for c, synonyms in vocab.functions.items() for label in [c, *synonyms]]
        rows += [("sector", label, c, "class" if label == c else "synonym")
                 for c, synonyms in vocab.sectors.items() for label in [c, *synonyms]]
        lines = [f"{kind} {label!r} read as {c}" for kind, label, c, _ in rows]
    else:
        loaded = load_input(file, opts)
        reading = loaded.reading
        rows = reading.rows()
        lines = [_line(*row) for row in rows]
        if reading.type_column is None:
            lines.append("no organisation type column (headers read as one: sector, "
                         "organisation type, type, category)")
        else:
            lines.append(f"organisation type read from the column {reading.type_column!r}")
    table = pd.DataFrame(rows, columns=COLUMNS)
    emit(fmt, {"vocabulary": table}, raw=False, lines=lines)


def _line(kind: str, label: str, read_as: str, how: str) -> str:
    if kind == "type":
        return (f"type {label!r} read as {read_as}" if how == "class"
                else f"type {label!r} not recognised: read as {read_as}")
    return {"canonical": f"function {label!r}: canonical",
            "synonym": f"function {label!r} read as {read_as}",
            "own": f"function {label!r}: the partnership's own function",
            }.get(how, f"function {label!r} read as {read_as!r} (the same label)")
