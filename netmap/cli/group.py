"""The ``netmap`` command group; the commands register themselves on it."""

from __future__ import annotations

import click

from netmap import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="netmap")
def cli():
    """netmap: map an anti-slavery partnership's engagement matrix as a network.

    Reads organisations x functions (wide matrix, long edge list or roster;
    CSV, TSV, TXT or XLSX), and reports who covers what, where the
    partnership is thin, and how it holds together.
    """
