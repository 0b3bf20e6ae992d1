"""Utility commands: synth (synthetic data) and reveal (pseudonyms back to names)."""

from __future__ import annotations

import click

from netmap.cli.common import (
    handle_errors,
)
from netmap.cli.group import cli


@cli.command()
@click.option("--organisations", "n", type=click.IntRange(1, 50_000_000), required=True,
              help="Number of organisations.")
@click.option("--functions", "f", type=click.IntRange(1, 64), default=12, show_default=True,
              help="Number of functions.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The CSV file to write.")
@handle_errors
def synth(n, f, seed, output):
    """Write a synthetic partnership (skewed like real ones) for benchmarks and tests."""
    from netmap.synth import write_synth_csv

    engagements = write_synth_csv(output, n, f, seed)
    click.echo(f"wrote {output}: {n} organisations, {f} functions, {engagements} engagements")


@cli.command()
@click.argument("keyfile", type=click.Path(dir_okay=False))
@click.argument("codes", nargs=-1, required=True)
@handle_errors
def reveal(keyfile, codes):
    """Print the organisation names behind pseudonym CODES, using KEYFILE."""
    from netmap.privacy import reveal as run_reveal

    for code in codes:
        click.echo(f"{code}\t{run_reveal(keyfile, code)}")
