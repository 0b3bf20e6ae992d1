"""Commands about several partnerships: compare and diff."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from netmap.cli.common import (
    analysis_options,
    handle_errors,
    input_options,
    jobs_option,
    load_inputs,
    load_options,
    names_kept,
    note,
    protect,
    rules_for,
    say,
    sha256,
    show_loaded,
    vocabulary,
)
from netmap.cli.group import cli
from netmap.cli.guard import inputs_of, output_folder
from netmap.cli.output import emit, format_option
from netmap.io.runfolder import OUTPUTS, earlier_outputs
from netmap.names import counted


def load_many(files, names, opts, split_by=None, command="compare", column="partnership",
              option="--split-by"):
    """Partnerships from several files, or from one file split by a column (``split_by``,
    else a ``column`` column; ``command`` and ``option`` name them in messages)."""
    from netmap.io.files import read_sheet
    from netmap.io.jsonfile import JSON_EXTENSIONS
    from netmap.names import fold
    from netmap.privacy import check_attributes

    if split_by is not None and len(files) != 1:
        raise click.UsageError(f"{option} splits one input into partnerships; {len(files)} "
                               "files were given")
    if len(files) == 1:
        if split_by is None:
            header = [] if Path(files[0]).suffix.lower() in JSON_EXTENSIONS else read_sheet(
                files[0], opts["encoding"], opts["sheet"], opts["max_bytes"],
                opts["max_rows"], opts["max_columns"]).header
            if column not in [fold(h) for h in header]:
                raise click.UsageError(f"{command} needs two or more files, or one file with a "
                                       f"'{column}' column, or {option} COLUMN")
        from netmap.vocabulary import load_split

        options = load_options(opts)
        with names_kept(opts):
            loaded = load_split(files[0], column=split_by or column, options=options,
                                vocabulary=vocabulary(opts), strict=opts["strict_vocabulary"])
        for item in loaded:
            show_loaded(item, opts)
        if opts.get("drop"):
            check_attributes([item.partnership for item in loaded], opts["drop"])
        for item in loaded:
            protect(item, opts)
        sources = [{"name": item.partnership.name, "file": Path(files[0]).name,
                    "sha256": sha256(files[0])} for item in loaded]
    else:
        loaded = load_inputs(files, opts)
        sources = [{"name": item.partnership.name, "file": Path(f).name, "sha256": sha256(f)}
                   for item, f in zip(loaded, files, strict=True)]
    partnerships = [item.partnership for item in loaded]
    if names:
        if len(names) != len(partnerships):
            raise click.UsageError(f"{len(names)} --name given for {len(partnerships)} "
                                   "partnerships")
        partnerships = [dataclasses.replace(p, name=name)
                        for p, name in zip(partnerships, names, strict=True)]
        for source, name in zip(sources, names, strict=True):
            source["name"] = name
    return partnerships, sources


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default="outputs/compare", show_default=True,
              type=click.Path(file_okay=True), help="Folder for the outputs.")
@click.option("--name", "names", multiple=True, metavar="NAME",
              help="Name of each partnership, in order (default: the file names).")
@click.option("--null-draws", type=click.IntRange(0, 1000000), default=1000, show_default=True,
              help="Random partnerships drawn for the z-scores (0: none).")
@click.option("--null-modularity", "null_modularity", is_flag=True,
              help="Also test modularity against the null model (each draw's modules are "
                   "found afresh: slower).")
@click.option("--save-null", "save_null", metavar="FILE", default=None,
              help="Also write every null draw's values as FILE, a CSV file name in OUTDIR "
                   "(e.g. null_draws.csv), with the rest of the run.")
@format_option(tables=("network", "providers", "gaps", "shared_organisations", "similarity"))
@click.option("--split-by", "split_by", metavar="COLUMN", default=None,
              help="Split one input into partnerships by this column (or JSON property), "
                   "e.g. region (default: a 'partnership' column).")
@jobs_option
@input_options
@analysis_options
@handle_errors
def compare(files, outdir, names, null_draws, null_modularity, save_null, fmt, which, split_by,
            jobs, **opts):
    """Compare partnerships side by side on one function axis.

    FILES are one partnership each, or one file with a 'partnership' column, or
    one file split by --split-by COLUMN (a region, state or area).
    Writes compare.html, every table as CSV and JSON, and each partnership's
    network picture (figures/, PNG and SVG) to OUTDIR, and prints
    a summary (or, with --format/--table, the tables themselves).
    """
    from netmap.render.drawing import Drawer

    taxonomy_file = opts["taxonomy_file"]
    null_file = _null_file(save_null, outdir, null_draws)
    stage = output_folder(outdir, "compare", OUTPUTS["compare"],
                          {**opts, "taxonomy_file": taxonomy_file}, *files)
    with Drawer(enabled=jobs != 1) as drawer:  # warms up while the inputs are read
        _compare(files, outdir, names, null_draws, null_modularity, fmt, which, split_by,
                 opts, stage, null_file, drawer)


def _compare(files, outdir, names, null_draws, null_modularity, fmt, which, split_by, opts,
             stage, null_file, drawer) -> None:
    from netmap.compare import compare as run_compare
    from netmap.render.reportfiles import write_compare

    taxonomy_file = opts["taxonomy_file"]
    partnerships, sources = load_many(files, names, opts, split_by)
    taxonomy = vocabulary(opts)
    rules = rules_for(opts, *partnerships)
    total = null_draws * len(partnerships)
    show = total >= 2000 and not opts["quiet"] and sys.stderr.isatty()
    with click.progressbar(length=total, label="null model", file=sys.stderr,
                           hidden=not show) as bar:
        last = [0]

        def progress(done, _total):
            bar.update(done - last[0])
            last[0] = done

        result = run_compare(partnerships, taxonomy=taxonomy, rules=rules, runs=opts["runs"],
                             seed=opts["seed"], null_draws=null_draws, progress=progress,
                             null_modularity=null_modularity)
    earlier = earlier_outputs(outdir)
    written = write_compare(result, outdir, sources=sources, taxonomy_file=taxonomy_file,
                            raw_csv=opts["raw_csv"], inputs=inputs_of(
                                {**opts, "taxonomy_file": taxonomy_file}, *files),
                            null_file=null_file, drawer=drawer if drawer.aside else None)
    if fmt != "table" or which:
        tables = result.tables()
        emit(fmt, tables, which=which, raw=opts["raw_csv"], data=tables)
    else:
        _summary(result, opts)
    for text in result.notes:
        note(opts, text)
    _wrote(opts, stage.outdir, written, earlier, "  ", err=fmt != "table")


def _null_file(save_null: str | None, outdir, null_draws: int) -> str | None:
    """The name in OUTDIR the null draws go to (--save-null), checked before anything runs."""
    if save_null is None:
        return None
    if not null_draws:
        raise click.UsageError("--save-null needs null draws: leave out --null-draws 0")
    path = Path(save_null)
    if len(path.parts) > 1:
        inside = Path(outdir).resolve()
        if path.resolve().parent != inside:
            raise click.UsageError(f"--save-null {save_null}: give a file name; it is written "
                                   f"in {outdir} with the rest of the run")
    name = path.name
    if not name.lower().endswith(".csv") or name.startswith("."):
        raise click.UsageError(f"--save-null {save_null}: give a .csv file name, e.g. "
                               "null_draws.csv")
    from netmap.io.runfolder import OUTPUTS

    if name in OUTPUTS["compare"] and name != "null_draws.csv":
        raise click.UsageError(f"--save-null {save_null}: compare writes {name} itself; "
                               "choose another name, e.g. null_draws.csv")
    return name


def _summary(result, opts: dict) -> None:
    """One line per partnership, then how many organisations they share."""
    net = result.network.set_index("partnership")
    for p in result.partnerships:
        row = net.loc[p.name]
        z, robust = row["nodf_z"], row["robustness"]
        say(opts, f"{p.name}: {counted(int(row['organisations']), 'organisation')}, "
            f"{counted(int(row['engagements']), 'engagement')}, "
            f"{counted(int(row['gaps']), 'gap rule')} broken, robustness "
            + (f"{robust:.2f}" if robust is not None and robust == robust else
               "not computed (--runs 0)") + f", NODF {row['nodf']:.1f}"
            + (f" (z {z:+.2f})" if z is not None and z == z else ""))
    say(opts, f"  {counted(len(result.shared), 'organisation')} in more than one partnership")



@cli.command()
@click.argument("old", type=click.Path(dir_okay=True))
@click.argument("new", type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default=None, type=click.Path(file_okay=True),
              help="Also write diff.html and diff.json to this folder.")
@format_option(tables=("functions", "organisations", "engagements", "gaps", "centrality",
                       "network"))
@input_options
@analysis_options
@handle_errors
def diff(old, new, outdir, fmt, which, **opts):
    """Say what changed between two waves of one partnership, OLD and NEW."""
    from netmap.diff import describe_diff, diff_tables
    from netmap.diff import diff as run_diff
    from netmap.render.reportfiles import write_diff

    taxonomy_file = opts["taxonomy_file"]

    stage = output_folder(outdir, "diff", OUTPUTS["diff"],
                          {**opts, "taxonomy_file": taxonomy_file}, old, new) if outdir else None
    a, b = (item.partnership for item in load_inputs([old, new], opts))
    if a.name == b.name:
        a = dataclasses.replace(a, name=f"{a.name} (old)")
        b = dataclasses.replace(b, name=f"{b.name} (new)")
    result = run_diff(a, b, vocabulary(opts), rules_for(opts, a, b), opts["runs"], opts["seed"])
    lines = describe_diff(result)
    emit(fmt, diff_tables(result), which=which, raw=opts["raw_csv"], data=result, lines=lines)
    for text in result["notes"]:
        note(opts, text)
    if stage is not None:
        sources = [{"file": Path(f).name, "sha256": sha256(f)} for f in (old, new)]
        earlier = earlier_outputs(outdir)
        written = write_diff(result, outdir, sources=sources, inputs=inputs_of(
            {**opts, "taxonomy_file": taxonomy_file}, old, new))
        _wrote(opts, stage.outdir, written, earlier, "", err=fmt != "table")


def _wrote(opts: dict, folder: Path, written: list, earlier: set, indent: str,
           err: bool) -> None:
    """Say which files a run wrote, and which of the earlier run's it removed."""
    names = [w.relative_to(folder).as_posix() for w in written]
    say(opts, f"{indent}wrote {folder}: {', '.join(names)}", err=err)
    removed = sorted(earlier - set(names))
    if removed:
        say(opts, f"{indent}removed the earlier run's " + ", ".join(removed), err=err)


@cli.command()
@click.argument("waves", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default="outputs/trend", show_default=True,
              type=click.Path(file_okay=True), help="Folder for the outputs.")
@click.option("--name", "names", multiple=True, metavar="NAME",
              help="Name of each wave, in order (default: the file names), e.g. a year.")
@click.option("--wave-column", "wave_column", metavar="COLUMN", default=None,
              help="Split one input into waves by this column (default: a 'wave' column).")
@format_option(tables=("trend", "providers", "membership", "steps"))
@input_options
@analysis_options
@handle_errors
def trend(waves, outdir, names, wave_column, fmt, which, **opts):
    """Follow one partnership over several waves (years, surveys).

    WAVES are files in wave order, or one file with a 'wave' column (waves in
    the order they first appear; numbers in numeric order), or one file split
    by --wave-column COLUMN. Writes trend.html, its figure and every table as
    CSV and JSON to OUTDIR, and prints the trend in plain words. Two waves
    give the numbers netmap diff gives.
    """
    from netmap.render.reportfiles import write_trend
    from netmap.trend import describe_trend
    from netmap.trend import trend as run_trend

    stage = output_folder(outdir, "trend", OUTPUTS["trend"], opts, *waves)
    partnerships, sources = load_many(waves, names, opts, wave_column, command="trend",
                                      column="wave", option="--wave-column")
    if len(waves) == 1 and not names:
        partnerships, sources = _wave_order(partnerships, sources)
    result = run_trend(partnerships, taxonomy=vocabulary(opts),
                       rules=rules_for(opts, *partnerships), runs=opts["runs"],
                       seed=opts["seed"])
    earlier = earlier_outputs(outdir)
    written = write_trend(result, outdir, sources=sources, raw_csv=opts["raw_csv"],
                          inputs=inputs_of(opts, *waves))
    if fmt != "table" or which:
        tables = result.tables()
        emit(fmt, tables, which=which, raw=opts["raw_csv"], data=tables)
    else:
        for line in describe_trend(result):
            say(opts, line)
    for text in result.notes:
        note(opts, text)
    _wrote(opts, stage.outdir, written, earlier, "", err=fmt != "table")


def _wave_order(partnerships: list, sources: list) -> tuple:
    """Waves of one file in numeric order when every wave is named by a number (2019,
    2021.5), else in the order they first appear."""
    def number(name: str):
        try:
            return float(name)
        except ValueError:
            return None

    values = [number(p.name) for p in partnerships]
    if any(v is None for v in values):
        return partnerships, sources
    order = sorted(range(len(partnerships)), key=lambda k: values[k])
    return [partnerships[k] for k in order], [sources[k] for k in order]
