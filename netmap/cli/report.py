"""``netmap report``: every output for one partnership, all at once or not at all."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from netmap.cli.common import (
    Steps,
    analyse,
    analysis_options,
    fail_on_gaps_option,
    fails_on,
    handle_errors,
    input_options,
    load_input,
    map_options,
    modules_option,
    say,
    used_options,
)
from netmap.cli.group import cli
from netmap.cli.guard import inputs_of, output_folder
from netmap.cli.output import paint_line

BUNDLED = "data/partners.csv"  # the example partnership, in netmap's source folder


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default="outputs", show_default=True,
              type=click.Path(file_okay=True), help="Folder for the outputs.")
@click.option("--xlsx", is_flag=True,
              help="Also write report.xlsx: one sheet per table, for Excel.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
              envvar="NETMAP_JOBS", show_envvar=True,
              help="Processes to use (default: the number of cores): with several inputs, "
                   "reports written side by side by N processes; with one of more than 100 "
                   "organisations, its figures drawn in a second process unless N is 1.")
@map_options
@input_options
@analysis_options
@modules_option
@fail_on_gaps_option
def report(files, outdir, xlsx, jobs, **params):
    """Write the partnership's tables, findings, map and report to OUTDIR.

    FILE defaults to data/partners.csv (the bundled example, when run in
    netmap's source folder). Writes organisations.csv, functions.csv,
    network.json, gaps.csv, findings.csv, overlap.csv, robustness.csv,
    report.md, report.html, map.html and figures/ (PNG and SVG), all at once
    or not at all. With two or more inputs, each gets its own subfolder of
    OUTDIR (named after the file), written by --jobs processes side by side.
    With --fail-on-gaps [SEVERITY] the exit code is 3 when a gap at or above
    SEVERITY is found (the files are still written).
    """
    if len(files) <= 1:
        return report_one(files[0] if files else None, outdir, xlsx, aside=jobs != 1,
                          **params)
    from netmap.cli.batch import run_batch

    run_batch(list(files), outdir, jobs, {"xlsx": xlsx, **params})


@handle_errors
def report_one(file, outdir, xlsx, size_by, physics, fail_on, aside=False, **opts):
    """One partnership's report (see :func:`report`); what each batch worker runs.

    ``aside``: draw the figures of a partnership of more than
    :data:`~netmap.render.drawing.WORTH_IT` organisations in a second process
    (:class:`netmap.render.drawing.Drawer`); a batch worker draws in its own process."""
    from netmap.findings import findings as rank_findings
    from netmap.findings import summary
    from netmap.io.runfolder import earlier_outputs
    from netmap.names import counted
    from netmap.render.drawing import WORTH_IT, Drawer
    from netmap.render.reportfiles import OVERLAP_LIMIT, report_outputs, write_report

    if file is None:
        if not Path(BUNDLED).is_file():
            raise click.UsageError(f"pass an input file: netmap report INPUT (with no INPUT, "
                                   f"the bundled example {BUNDLED} is read, and there is none "
                                   f"in {Path.cwd()})")
        file = BUNDLED
    output_folder(outdir, "report", report_outputs(), opts, file)  # refused before reading
    earlier = earlier_outputs(outdir)
    loaded = load_input(file, opts)
    p = loaded.partnership
    # figures drawn aside when there is enough to draw (see netmap.render.drawing.WORTH_IT)
    with Drawer(enabled=aside and len(p.organisations) > WORTH_IT) as drawer:
        with Steps(opts, 4, "netmap report") as progress:
            m = analyse(p, opts)
            written = write_report(loaded, outdir, metrics=m, xlsx=xlsx, size_by=size_by,
                                   physics=physics, group_above=opts["group_above"],
                                   raw_csv=opts["raw_csv"], options=used_options(opts),
                                   inputs=inputs_of(opts), progress=progress.step,
                                   drawer=drawer if drawer.aside else None,
                                   keep_contacts=bool(opts.get("keep_contacts")))
    ranked = rank_findings(p, m)
    net = m.network
    say(opts, f"{p.name}: {counted(net['organisations'], 'organisation')}, "
        f"{counted(net['functions'], 'function')}, "
        f"{counted(net['engagements'], 'engagement')}; {summary(m, ranked)}")
    for f in ranked[:6]:
        say(opts, paint_line(f"  [{f.severity}] {f.message}"))
    if len(ranked) > 6:
        say(opts, f"  ... and {len(ranked) - 6} more findings in report.md")
    if len(p.organisations) > OVERLAP_LIMIT:
        say(opts, f"  overlap.csv not written: more than {OVERLAP_LIMIT} organisations")
    folder = Path(outdir).resolve()
    names = [w.relative_to(folder).as_posix() for w in written]
    say(opts, f"  wrote {folder}: " + ", ".join(names))
    removed = sorted(earlier - set(names))
    if removed:
        say(opts, "  removed the earlier run's " + ", ".join(removed))
    if fails_on(m.gaps, fail_on):
        sys.exit(3)
