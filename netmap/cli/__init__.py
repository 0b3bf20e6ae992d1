"""The ``netmap`` command line: parse options, call the library, report problems.

The library raises :class:`netmap.NetmapError` subclasses and never prints;
this package turns them into clear lines and exit codes. Commands live in
small modules and register themselves on the :data:`cli` group.
"""

from __future__ import annotations

import os

# One thread for the linear algebra libraries (OpenBLAS, MKL, OpenMP), set before numpy is
# loaded: a sum split over more threads rounds differently, and the same file gave
# Burt's constraint a few last digits apart on a one-core and a two-core machine. The
# commands' numbers are the same on every machine (a variable set by the user wins).
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# each module registers its commands
from netmap.cli import forms, many, report, single, tools, vocabulary  # noqa: E402,F401
from netmap.cli.group import cli  # noqa: E402

__all__ = ["cli", "main"]


def main():  # pragma: no cover - console entry point alias
    cli(prog_name="netmap")
