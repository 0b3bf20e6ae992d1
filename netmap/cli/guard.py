"""Checks made before a command reads or writes anything: no output may replace an input."""

from __future__ import annotations

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
    stage.check()
    keyfile = opts.get("keyfile")
    if keyfile:
        key = Path(keyfile).resolve()
        if stage.outdir == key or stage.outdir in key.parents:
            raise OutputError(f"{keyfile}: the pseudonymisation key file is inside the output "
                              f"folder {stage.outdir}; whoever is given the folder could reveal "
                              "every name. Keep the key elsewhere")
    return stage
