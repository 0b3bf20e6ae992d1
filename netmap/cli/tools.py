"""Utility commands: export (other tools' formats), synth (synthetic data), reveal (pseudonyms)."""

from __future__ import annotations

import click

from netmap.cli.common import (
    analyse,
    analysis_options,
    handle_errors,
    input_options,
    load_input,
    note,
    say,
    verbosity_options,
)
from netmap.cli.group import cli
from netmap.cli.guard import output_file
from netmap.names import counted


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--to", "fmt", type=click.Choice(["graphml", "gexf", "json", "pajek", "dl",
                                                "edgelist"]), required=True,
              help="Format: GraphML/GEXF (Gephi, Cytoscape), node-link JSON, Pajek .net, "
                   "UCINET DL, or a CSV edge list.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write.")
@input_options
@analysis_options
@handle_errors
def export(file, fmt, output, **opts):
    """Write FILE's partnership for Gephi, Cytoscape, UCINET, Pajek, R or notebooks."""
    from netmap.io.outputs import write_text
    from netmap.render.export import export_text

    output_file(output, opts, file)
    loaded = load_input(file, opts)
    m = analyse(loaded.partnership, opts)
    path = write_text(output, export_text(loaded.partnership, m, fmt))
    say(opts, f"wrote {path}")


@cli.command()
@click.option("--organisations", "n", type=click.IntRange(1, 50_000_000), required=True,
              help="Number of organisations.")
@click.option("--functions", "f", type=click.IntRange(1, 64), default=12, show_default=True,
              help="Number of functions.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Random seed: a whole number 0 or more (no upper limit).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The CSV file to write.")
@verbosity_options
@handle_errors
def synth(n, f, seed, output, **opts):
    """Write a synthetic partnership (skewed like real ones) for benchmarks and tests."""
    from netmap.synth import write_synth_csv

    engagements = write_synth_csv(output, n, f, seed)
    say(opts, f"wrote {output}: {counted(n, 'organisation')}, {counted(f, 'function')}, "
        f"{counted(engagements, 'engagement')}")
    if opts["verbose"]:
        note(opts, f"seed {seed}: the same seed and sizes write the same file")


@cli.command()
@click.argument("keyfile", type=click.Path(dir_okay=False))
@click.argument("codes", nargs=-1, required=True)
@verbosity_options
@handle_errors
def reveal(keyfile, codes, **opts):
    """Print the organisation names behind pseudonym CODES, using KEYFILE.

    Each line is CODE, a tab, and the name; with --quiet only the names.
    """
    from netmap.privacy import reveal as run_reveal

    for code in codes:
        name = run_reveal(keyfile, code)
        click.echo(name if opts["quiet"] else f"{code}\t{name}")
    if opts["verbose"]:
        note(opts, f"{len(codes)} code{'s' if len(codes) != 1 else ''} looked up in {keyfile}")
