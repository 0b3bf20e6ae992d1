"""Checks made before a command reads or writes anything: no output may replace an input."""

from __future__ import annotations

import os
from pathlib import Path

from netmap.errors import OutputError

SIDE_FILES = ("aliases", "attributes", "rules_file", "taxonomy_file", "keyfile")


def inputs_of(opts: dict, *files) -> list:
    """Every file the command reads: its input files, then the side files named in ``opts``."""
    return [*files, *(opts.get(k) for k in SIDE_FILES if opts.get(k))]


def output_file(output, opts: dict, *files) -> None:
    """Refuse a single output file that is (or links to) one of the command's inputs."""
    from netmap.io.outputs import refuse_inputs

    refuse_inputs(output, inputs_of(opts, *files))


def output_folder(outdir, command: str, owned, opts: dict, *files):
    """A checked :class:`StagedOutputs` for ``outdir``; refused before anything is read.

    Refused too: a pseudonymisation key file inside the output folder, since
    whoever is given the folder could then reveal every name.
    """
    from netmap.io.runfolder import StagedOutputs

    stage = StagedOutputs(outdir, owned=owned, inputs=inputs_of(opts, *files), command=command)
    keyfile = opts.get("keyfile")
    if keyfile:
        _key_outside(Path(keyfile), stage.outdir.resolve())
    stage.check()
    return stage


def _key_outside(key: Path, outdir: Path) -> None:
    """Refuse a key file inside the output folder, by path, symlink or hard link."""
    from netmap.io.outputs import identity

    where = key.resolve()
    inside = outdir == where or outdir in where.parents
    if not inside and outdir.is_dir() and key.is_file():
        ident = identity(key)
        inside = any(identity(Path(root) / f) == ident
                     for root, _dirs, files in os.walk(outdir) for f in files)
    if inside:
        raise OutputError(f"{key}: the pseudonymisation key file is inside the output folder "
                          f"{outdir}; whoever is given the folder could reveal every name. "
                          "Keep the key elsewhere")
