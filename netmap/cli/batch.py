"""``netmap report INPUT... -o OUTDIR``: one report per input, side by side.

Each input gets its own subfolder of OUTDIR, named after its file (made safe
on every system; a second file of the same name gets ``-2``), written by
:func:`netmap.cli.report.report_one` exactly as ``netmap report INPUT -o
OUTDIR/NAME`` would write it, all or nothing, in a pool of ``--jobs`` worker
processes. What each report says is printed in input order; the exit code is
1 when any input failed, else 3 when any found a gap at ``--fail-on-gaps``,
else 0.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path

import click

from netmap.cli.common import handle_errors

__all__ = ["run_batch", "folder_names"]

_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                       *(f"LPT{i}" for i in range(1, 10))})


def folder_names(files: list) -> list:
    """A subfolder name for each input: its file's stem in safe characters, numbered when
    two files share one.

    >>> folder_names(["a/north.csv", "b/north.xlsx", "South Region (2025).csv"])
    ['north', 'north-2', 'South-Region-2025']
    """
    out: list = []
    seen: dict = {}
    for f in files:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(f).stem).strip("-.") or "partnership"
        stem = re.sub(r"\.{2,}", ".", stem[:80])
        if stem.split(".")[0].upper() in _RESERVED:  # names Windows keeps for devices
            stem = f"{stem}-partnership"
        n = seen.get(stem.casefold(), 0) + 1
        seen[stem.casefold()] = n
        out.append(stem if n == 1 else f"{stem}-{n}")
    return out


def _one(job: tuple) -> tuple:
    """Run one report in this process: ``(exit code, what it printed, what it warned)``."""
    file, outdir, params = job
    from netmap.cli.report import report_one

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            report_one(file, outdir, **params)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@handle_errors
def run_batch(files: list, outdir, jobs: int | None, params: dict) -> None:
    """Write a report per input into its subfolder of ``outdir``; exits with the batch's
    code (see the module docstring)."""
    from concurrent.futures import ProcessPoolExecutor

    root = Path(outdir)
    names = folder_names(files)
    work = [(f, str(root / name), params) for f, name in zip(files, names, strict=True)]
    jobs = min(jobs or os.cpu_count() or 1, len(work))
    quiet = params.get("quiet")
    results: list = [None] * len(work)
    show = not quiet and sys.stderr.isatty()
    with click.progressbar(length=len(work), label="reports", file=sys.stderr,
                           hidden=not show) as bar:
        if jobs == 1:
            for k, job in enumerate(work):
                results[k] = _one(job)
                bar.update(1)
        else:
            from concurrent.futures import as_completed

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(_one, job): k for k, job in enumerate(work)}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
                    bar.update(1)
    failed = []
    for (file, sub, _), (code, out, err) in zip(work, results, strict=True):
        if out and not quiet:
            click.echo(f"{file} -> {sub}")
            click.echo(out, nl=False)
        if err:
            click.echo(err, nl=False, err=True)
        if code == 1:
            failed.append(file)
    codes = [code for code, _, _ in results]
    if not quiet:
        click.echo(f"{len(files) - len(failed)} of {len(files)} reports written to {root}"
                   + (f"; failed: {', '.join(failed)}" if failed else ""), err=bool(failed))
    sys.exit(1 if failed else 3 if 3 in codes else 0)
