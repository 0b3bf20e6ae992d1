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
import unicodedata
from pathlib import Path

import click

from netmap.cli.common import handle_errors

__all__ = ["run_batch", "folder_names"]

_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                       *(f"LPT{i}" for i in range(1, 10))})


def folder_names(files: list) -> list:
    """A subfolder name for each input: its file's stem in safe characters (letters of any
    alphabet, digits, ``_ . -``), numbered when two files share one, never the name another
    input's stem gives (compared without case, as Windows and macOS compare names).

    >>> folder_names(["a/north.csv", "b/north.xlsx", "north-2.csv", "Café Ünïté (2025).csv"])
    ['north', 'north-3', 'north-2', 'Café-Ünïté-2025']
    """
    stems = []
    for f in files:
        stem = unicodedata.normalize("NFC", Path(f).stem)
        stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.") or "partnership"
        stem = re.sub(r"\.{2,}", ".", stem[:80])
        if stem.split(".")[0].upper() in _RESERVED:  # names Windows keeps for devices
            stem = f"{stem}-partnership"
        stems.append(stem)
    natural = {stem.casefold() for stem in stems}
    used: set = set()
    out = []
    for stem in stems:
        name, n = stem, 1
        while name.casefold() in used or (n > 1 and name.casefold() in natural):
            n += 1
            name = f"{stem}-{n}"
        used.add(name.casefold())
        out.append(name)
    return out


_WORKER = False  # True in a batch's worker process


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
    if _WORKER and code > 128:  # stopped by the batch (its folder left as it was): no more
        os._exit(code)
    return code, out.getvalue(), err.getvalue()


@handle_errors
def run_batch(files: list, outdir, jobs: int | None, params: dict) -> None:
    """Write a report per input into its subfolder of ``outdir``; exits with the batch's
    code (see the module docstring)."""
    from netmap.io.runfolder import Terminated

    root = Path(outdir)
    names = folder_names(files)
    work = [(f, str(root / name), params) for f, name in zip(files, names, strict=True)]
    jobs = min(jobs or os.cpu_count() or 1, len(work))
    quiet = params.get("quiet")
    results: list = [None] * len(work)
    show = not quiet and sys.stderr.isatty()
    try:
        with click.progressbar(length=len(work), label="reports", file=sys.stderr,
                               hidden=not show) as bar:
            if jobs == 1:
                for k, job in enumerate(work):
                    results[k] = _one(job)
                    bar.update(1)
                    _stop_if_stopped(results[k][0])
            else:
                _pool(work, jobs, results, bar)
    except (KeyboardInterrupt, Terminated) as stop:
        code = stop.code if isinstance(stop, Terminated) else 130
        _stopped(work, results, root, quiet, code if isinstance(code, int) else 1)
    failed = []
    for (file, sub, _), (code, out, err) in zip(work, results, strict=True):
        _show(file, sub, out, err, quiet)
        if code == 1:
            failed.append(file)
    codes = [code for code, _, _ in results]
    if not quiet:
        click.echo(f"{len(files) - len(failed)} of {len(files)} reports written to {root}"
                   + (f"; failed: {', '.join(failed)}" if failed else ""), err=bool(failed))
    sys.exit(1 if failed else 3 if 3 in codes else 0)


def _stop_if_stopped(code: int) -> None:
    """A report stopped by Ctrl-C (130) or a signal (128 + its number) stops the batch."""
    if code == 130:
        raise KeyboardInterrupt
    if code > 128:
        from netmap.io.runfolder import Terminated

        raise Terminated(code)


def _pool(work: list, jobs: int, results: list, bar) -> None:
    """Run the reports in ``jobs`` worker processes, filling ``results`` as they end; on
    Ctrl-C or a signal, the reports not started are dropped and the running ones stopped
    (each leaves its folder as it was), without waiting for them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupt)
    try:
        futures = {pool.submit(_one, job): k for k, job in enumerate(work)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            bar.update(1)
            _stop_if_stopped(results[futures[future]][0])
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        workers = multiprocessing.active_children()
        for worker in workers:
            worker.terminate()  # SIGTERM: each running report removes its staging folder
        for worker in workers:
            worker.join(30)
        raise
    pool.shutdown()


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the batch's to handle (it stops the workers with SIGTERM, which
    each report turns into a clean stop); a worker's own KeyboardInterrupt would print a
    traceback. The first SIGTERM stops the report; any later one (the pool stops the other
    workers too) is ignored, so that the report's staging folder is removed in full."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_once)
    global _WORKER
    _WORKER = True


def _stop_once(signum, frame) -> None:
    import signal

    from netmap.io.runfolder import Terminated

    signal.signal(signum, signal.SIG_IGN)
    raise Terminated(128 + signum)


def _show(file, sub, out: str, err: str, quiet) -> None:
    if out and not quiet:
        click.echo(f"{file} -> {sub}")
        click.echo(out, nl=False)
    if err:
        click.echo(err, nl=False, err=True)


def _stopped(work: list, results: list, root: Path, quiet, code: int) -> None:
    """Say which reports a stopped batch wrote (each is complete; the others' folders are
    as they were) and exit with ``code``."""
    done = []
    for (file, sub, _), result in zip(work, results, strict=True):
        if result is not None and result[0] in (0, 3):
            _show(file, sub, result[1], result[2], quiet)
            done.append(Path(sub).name)
    how = "interrupted" if code == 130 else "stopped by a signal"
    written = (f"{len(done)} of {len(work)} reports were written to {root} "
               f"({', '.join(done)}); the others were not" if done else "no report was written")
    click.echo(f"netmap: {how}: {written} (a folder not written keeps its earlier run, if "
               "any).", err=True)
    raise SystemExit(code)
