"""The ``netmap`` command line: parse options, call the library, report problems.

The library raises :class:`netmap.NetmapError` subclasses and never prints;
this package turns them into clear lines and exit codes. Commands live in
small modules and register themselves on the :data:`cli` group.
"""

from __future__ import annotations

from netmap.cli import forms, many, report, single, tools, vocabulary  # noqa: F401 - register
from netmap.cli.group import cli

__all__ = ["cli", "main"]


def main():  # pragma: no cover - console entry point alias
    cli(prog_name="netmap")
