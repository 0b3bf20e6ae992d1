"""The ``netmap`` command group; the commands register themselves on it."""

from __future__ import annotations

import sys

import click

from netmap import __version__


def _wants_json(args: list) -> bool:
    """True when the command line asks for ``--format json`` (in any spelling click takes)."""
    for i, a in enumerate(args):
        if a == "--format" and i + 1 < len(args) and args[i + 1].casefold() == "json":
            return True
        if a.casefold() == "--format=json":
            return True
    return False


class Group(click.Group):
    """The command group: with ``--format json``, a usage error (exit 2) also prints one
    JSON object on standard output, as every other failure does
    (:func:`netmap.cli.common.json_failure`)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        argv = list(sys.argv[1:] if args is None else args)
        if not standalone_mode or not _wants_json(argv):
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as e:
            from netmap.cli.common import json_failure

            e.show()
            json_failure(e.format_message())
            sys.exit(e.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="netmap")
def cli():
    """netmap: map an anti-slavery partnership's engagement matrix as a network.

    Reads organisations x functions (wide matrix, long edge list or roster;
    CSV, TSV, TXT or XLSX), and reports who covers what, where the
    partnership is thin, and how it holds together.
    """
