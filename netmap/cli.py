"""The ``netmap`` command line: parse options, call the library, report problems.

Only this module prints or exits. Exit codes: 0 success; 1 the input or the
data is wrong (every problem is listed, naming file, row and column); 2 the
command line is wrong (click's usage errors).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

import click

from netmap import __version__
from netmap.errors import InputError, NetmapError
from netmap.io.files import MAX_BYTES, MAX_ROWS

LAYOUT_CHOICES = ["wide", "long", "roster"]


def _echo_problem(problem, err: bool = True) -> None:
    label = {"error": "error", "warning": "warning"}.get(problem.severity, "note")
    click.echo(f"{label}: {problem}", err=err)


def _show(problems, verbose: bool, quiet: bool, err: bool = True) -> None:
    for p in problems:
        if p.severity == "error" or (p.severity == "warning" and not quiet) or verbose:
            _echo_problem(p, err)


def handle_errors(func):
    """Turn NetmapError into clear lines and exit 1; never show a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InputError as e:
            errors = e.errors
            _show(e.problems, verbose=False, quiet=True)
            files = sorted({p.file for p in errors if p.file})
            where = f" in {', '.join(files)}" if files else ""
            click.echo(f"netmap: {len(errors)} error{'s' if len(errors) != 1 else ''}{where}; "
                       "nothing was written.", err=True)
            sys.exit(1)
        except NetmapError as e:
            click.echo(f"netmap: {e}", err=True)
            sys.exit(1)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except BrokenPipeError:
            # the reader (e.g. `| head`) went away: stop quietly, as other tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("netmap: interrupted; nothing was written.", err=True)
            sys.exit(130)
        except Exception as e:  # noqa: BLE001 - last line of defence: no traceback for users
            if os.environ.get("NETMAP_DEBUG"):
                raise
            click.echo(f"netmap: unexpected internal error ({type(e).__name__}: {e}). "
                       "This is a bug in netmap; set NETMAP_DEBUG=1 to see the details.",
                       err=True)
            sys.exit(1)

    return wrapper


def input_options(func):
    """Options shared by every command that reads a partnership file."""
    options = [
        click.option("--layout", type=click.Choice(LAYOUT_CHOICES), default=None,
                     help="Input layout (default: detected)."),
        click.option("--org-column", metavar="NAME", default=None,
                     help="Header of the organisation column (default: the first column)."),
        click.option("--weighted", is_flag=True,
                     help="Read numbers in cells as engagement strengths."),
        click.option("--sheet", metavar="NAME|N", default=None,
                     help="Workbook sheet (default: the first)."),
        click.option("--attributes", "attributes", metavar="FILE", default=None,
                     type=click.Path(dir_okay=True),
                     help="Organisation attributes file (first column organisation)."),
        click.option("--aliases", metavar="FILE", default=None, type=click.Path(dir_okay=True),
                     help="Aliases file (columns alias,canonical)."),
        click.option("--attribute-column", "attribute_columns", metavar="NAME", multiple=True,
                     help="A matrix column that is an attribute, not a function (repeatable)."),
        click.option("--encoding", metavar="NAME", default=None,
                     help="Text encoding of the input (default: detected)."),
        click.option("--max-rows", type=click.IntRange(1), default=MAX_ROWS, show_default=True,
                     help="Refuse inputs with more rows (protects memory)."),
        click.option("--max-bytes", type=click.IntRange(1), default=MAX_BYTES,
                     show_default=True, help="Refuse larger input files (protects memory)."),
        click.option("--pseudonymise", "keyfile", metavar="KEYFILE", default=None,
                     type=click.Path(dir_okay=False),
                     help="Replace organisation names by keyed codes in every output; the key "
                          "file is created if missing and stays with you (netmap reveal).")
        ,
        click.option("--drop-attributes", "drop", metavar="COL", multiple=True,
                     help="Leave this attribute column out of every output (repeatable)."),
        click.option("-v", "--verbose", is_flag=True, help="Also show notes (encoding, layout)."),
        click.option("-q", "--quiet", is_flag=True, help="Show errors only."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def analysis_options(func):
    """Options of every command that computes metrics."""
    options = [
        click.option("--raw-csv", is_flag=True,
                     help="Write CSV cells as they are, without the leading ' that stops a "
                          "spreadsheet running names such as =HYPERLINK(...) as formulas."),
        click.option("--rules", "rules_file", metavar="FILE", default=None,
                     type=click.Path(dir_okay=True),
                     help="Gap rules (TOML) overriding the defaults."),
        click.option("--runs", type=click.IntRange(0, 100000), default=100, show_default=True,
                     help="Random removal orders for robustness."),
        click.option("--seed", type=int, default=0, show_default=True,
                     help="Seed of the random removal orders."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def map_options(func):
    """Options of the commands that draw a map."""
    from netmap.render.map import SIZE_BY  # light: no pyvis import at module level

    options = [
        click.option("--size-by", type=click.Choice(sorted(SIZE_BY)), default="betweenness",
                     show_default=True, help="Organisation size on the map."),
        click.option("--physics", is_flag=True,
                     help="Let organisations move (force layout) instead of fixed places."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _analyse(p, opts: dict):
    from netmap.metrics import compute
    from netmap.metrics.rules import load_rules

    rules = load_rules(opts["rules_file"])
    return compute(p, rules=rules, runs=opts["runs"], seed=opts["seed"])


def _flat(df):
    """A copy of a table fit for a terminal: list-valued columns left out (see csv/json)."""
    lists = [c for c in df.columns if df[c].map(lambda v: isinstance(v, list)).any()]
    return df.drop(columns=lists)


LOAD_KEYS = ("layout", "org_column", "weighted", "sheet", "attributes", "aliases",
             "attribute_columns", "encoding", "max_bytes", "max_rows")


def _load(path, opts: dict):
    from netmap.io import load

    kwargs = {k: opts[k] for k in LOAD_KEYS}
    kwargs["attribute_columns"] = tuple(kwargs["attribute_columns"] or ())
    loaded = load(path, **kwargs)
    _show(loaded.problems, opts["verbose"], opts["quiet"])
    return _protect(loaded, opts)


def _protect(loaded, opts: dict):
    """Apply --drop-attributes and --pseudonymise to a loaded partnership."""
    from netmap.privacy import KeyFile, drop_attributes, pseudonymise

    if opts.get("drop"):
        loaded.partnership = drop_attributes(loaded.partnership, opts["drop"])
    if opts.get("keyfile"):
        loaded.partnership = pseudonymise(loaded.partnership, KeyFile(opts["keyfile"]))
    return loaded


def _used_options(opts: dict) -> dict:
    keys = LOAD_KEYS + ("rules_file", "runs", "seed", "drop")
    defaults = {"max_bytes": MAX_BYTES, "max_rows": MAX_ROWS}
    used = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()
            if k in keys and v is not None and v is not False and v != ()
            and v != defaults.get(k)}
    if opts.get("keyfile"):
        used["pseudonymised"] = True  # the key file's path is not recorded
    return used


def _sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="netmap")
def cli():
    """netmap: map an anti-slavery partnership's engagement matrix as a network.

    Reads organisations x functions (wide matrix, long edge list or roster;
    CSV, TSV, TXT or XLSX), and reports who covers what, where the
    partnership is thin, and how it holds together.
    """


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@input_options
@handle_errors
def validate(file, **opts):
    """Check FILE and list every problem (file, row, column, what, how to fix).

    Exits 1 when there is an error, 0 otherwise.
    """
    from netmap.io import load

    kwargs = {k: opts[k] for k in LOAD_KEYS}
    kwargs["attribute_columns"] = tuple(kwargs["attribute_columns"] or ())
    try:
        loaded = load(file, **kwargs)
    except InputError as e:
        _show(e.problems, opts["verbose"], opts["quiet"], err=False)
        n = len(e.errors)
        click.echo(f"{file}: {n} error{'s' if n != 1 else ''}", err=False)
        sys.exit(1)
    _show(loaded.problems, opts["verbose"], opts["quiet"], err=False)
    p = loaded.partnership
    n_warn = len(loaded.warnings)
    click.echo(f"{file}: valid ({loaded.layout} layout): {len(p.organisations)} organisations, "
               f"{len(p.functions)} functions, {len(p.engagements)} engagements"
               + (f"; {n_warn} warning{'s' if n_warn != 1 else ''}" if n_warn else ""))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--table", "which", type=click.Choice(["network", "organisations", "functions"]),
              default=None, help="Only this table (csv prints organisations unless told).")
@input_options
@analysis_options
@handle_errors
def metrics(file, fmt, which, **opts):
    """Print the metrics of FILE: network, organisations and functions.

    JSON prints one object with keys network, organisations and functions.
    """
    import pandas as pd

    from netmap.render.tables import csv_text, json_text

    loaded = _load(file, opts)
    m = _analyse(loaded.partnership, opts)
    tables = {"organisations": m.organisations, "functions": m.functions}
    if fmt == "json":
        data = m.as_dict()
        # compact: machine-readable, and a tenth of the size for large partnerships
        click.echo(json_text(data[which] if which else data, indent=None), nl=False)
    elif fmt == "csv":
        if which == "network":
            net = {k: v for k, v in m.network.items() if not isinstance(v, (list, dict))}
            click.echo(csv_text(pd.DataFrame([net]), raw=opts["raw_csv"]), nl=False)
        else:
            click.echo(csv_text(tables[which or "organisations"], raw=opts["raw_csv"]), nl=False)
    else:
        if which in (None, "network"):
            click.echo("network")
            for k, v in m.network.items():
                if isinstance(v, float):
                    v = f"{v:.4g}"
                elif isinstance(v, list):
                    v = ", ".join(map(str, v)) or "none"
                elif isinstance(v, dict):
                    v = ", ".join(f"{a}: {b:.3g}" if isinstance(b, float) else f"{a}: {b}"
                                  for a, b in v.items())
                click.echo(f"  {k}: {v}")
        with pd.option_context("display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 60, "display.precision", 3):
            for name, df in tables.items():
                if which in (None, name):
                    click.echo(f"\n{name}")
                    click.echo(_flat(df).to_string(index=False))
    for note in m.notes:
        click.echo(f"note: {note}", err=True)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("--fail-on-gaps", is_flag=True, help="Exit with code 3 when any gap is found.")
@input_options
@analysis_options
@handle_errors
def gaps(file, fmt, fail_on_gaps, **opts):
    """List the gap rules FILE breaks, with severity, function and the numbers.

    With --fail-on-gaps the exit code is 3 when any gap is found (for scripts).
    """
    import pandas as pd

    from netmap.render.tables import csv_text, json_text

    loaded = _load(file, opts)
    m = _analyse(loaded.partnership, opts)
    records = [g.as_dict() for g in m.gaps]
    if fmt == "json":
        click.echo(json_text({"gaps": records, "notes": m.notes}), nl=False)
    elif fmt == "csv":
        cols = ["severity", "rule", "function", "sector", "message", "evidence"]
        click.echo(csv_text(pd.DataFrame(records, columns=cols), raw=opts["raw_csv"]), nl=False)
    else:
        if not records:
            source = f"the rules in {opts['rules_file']}" if opts["rules_file"] else \
                "the default rules"
            click.echo(f"{loaded.partnership.name}: no gaps found by {source}.")
        for g in m.gaps:
            click.echo(f"[{g.severity}] {g.message}")
        for note in m.notes:
            click.echo(f"note: {note}")
    if fail_on_gaps and records:
        sys.exit(3)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--remove", "remove", metavar="ORG", multiple=True, required=True,
              help="An organisation to remove (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@input_options
@analysis_options
@handle_errors
def whatif(file, remove, fmt, **opts):
    """Say what changes if the --remove organisations leave FILE's partnership.

    Functions losing providers, gaps opened or closed, and the organisations
    whose brokerage (two-mode betweenness) changes most.
    """
    from netmap.metrics.rules import load_rules
    from netmap.render.tables import json_text
    from netmap.whatif import describe
    from netmap.whatif import whatif as run_whatif

    loaded = _load(file, opts)
    if opts.get("keyfile"):
        from netmap.privacy import KeyFile

        key = KeyFile(opts["keyfile"])
        known = set(loaded.partnership.organisations)
        remove = tuple(r if r in known else key.code(r) for r in remove)
    result = run_whatif(loaded.partnership, remove, rules=load_rules(opts["rules_file"]),
                        runs=opts["runs"], seed=opts["seed"])
    if fmt == "json":
        click.echo(json_text(result), nl=False)
    else:
        for line in describe(result):
            click.echo(line)


@cli.command()
@click.argument("file", required=False, default="data/partners.csv",
                type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default="outputs", show_default=True,
              type=click.Path(file_okay=True), help="Folder for the outputs.")
@map_options
@input_options
@analysis_options
@handle_errors
def report(file, outdir, size_by, physics, **opts):
    """Write the partnership's tables, findings, map and report to OUTDIR.

    FILE defaults to data/partners.csv. Writes organisations.csv,
    functions.csv, network.json, gaps.csv, findings.csv, overlap.csv,
    robustness.csv, report.md, report.html, map.html and figures/ (PNG and
    SVG), all at once or not at all.
    """
    import pandas as pd

    from netmap.findings import findings as rank_findings
    from netmap.metrics.redundancy import overlap_matrix
    from netmap.render.atomic import StagedOutputs
    from netmap.render.figures import figures
    from netmap.render.html_report import report_html
    from netmap.render.map import map_html
    from netmap.render.markdown import markdown_report
    from netmap.render.tables import csv_text, json_text

    loaded = _load(file, opts)
    p = loaded.partnership
    m = _analyse(p, opts)
    ranked = rank_findings(p, m)
    raw = opts["raw_csv"]
    provenance = {"file": Path(file).name, "sha256": _sha256(file), "layout": loaded.layout,
                  "netmap_version": __version__, "options": _used_options(opts)}
    cols = ["severity", "rule", "function", "sector", "message", "evidence"]
    with StagedOutputs(outdir) as stage:
        stage.write_text("organisations.csv", csv_text(m.organisations, raw=raw, bom=True))
        stage.write_text("functions.csv", csv_text(m.functions, raw=raw, bom=True))
        stage.write_text("network.json", json_text({**m.network, "notes": m.notes,
                                                    "source": provenance}))
        stage.write_text("gaps.csv", csv_text(
            pd.DataFrame([g.as_dict() for g in m.gaps], columns=cols), raw=raw, bom=True))
        stage.write_text("findings.csv", csv_text(
            pd.DataFrame([f.as_dict() for f in ranked], columns=cols), raw=raw, bom=True))
        if len(p.organisations) <= OVERLAP_LIMIT:
            stage.write_text("overlap.csv", csv_text(
                overlap_matrix(p).reset_index(), raw=raw, bom=True))
        stage.write_text("robustness.csv", csv_text(m.curves, raw=raw, bom=True))
        stage.write_text("report.md", markdown_report(p, m, provenance, ranked))
        pictures = figures(p, m)
        for name, formats in pictures.items():
            for fmt, data in formats.items():
                stage.write_bytes(f"figures/{name}.{fmt}", data)
        stage.write_text("map.html", map_html(p, m, size_by=size_by, physics=physics))
        stage.write_text("report.html", report_html(p, m, provenance, ranked, pictures))
    net = m.network
    click.echo(f"{p.name}: {net['organisations']} organisations, {net['functions']} functions, "
               f"{net['engagements']} engagements; {net['gaps']} gap"
               f"{'s' if net['gaps'] != 1 else ''}")
    for f in ranked[:6]:
        click.echo(f"  [{f.severity}] {f.message}")
    if len(ranked) > 6:
        click.echo(f"  ... and {len(ranked) - 6} more findings in report.md")
    if len(p.organisations) > OVERLAP_LIMIT:
        click.echo(f"  overlap.csv not written: more than {OVERLAP_LIMIT} organisations")
    click.echo(f"  wrote {stage.outdir}: {', '.join(stage.names)}")


OVERLAP_LIMIT = 5000


@cli.command("map")
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("-o", "--output", default="outputs/map.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--view", type=click.Choice(["bipartite", "projection"]), default="bipartite",
              show_default=True,
              help="Organisations and functions, or organisations tied by shared functions.")
@map_options
@input_options
@analysis_options
@handle_errors
def map_command(file, output, view, size_by, physics, **opts):
    """Write an interactive map of FILE as one self-contained HTML file.

    It opens offline from the file system: every script and style is inside.
    """
    from netmap.render.atomic import write_text
    from netmap.render.map import map_html

    loaded = _load(file, opts)
    m = _analyse(loaded.partnership, opts)
    path = write_text(output, map_html(loaded.partnership, m, size_by=size_by, view=view,
                                       physics=physics))
    click.echo(f"wrote {path}")


def _load_many(files, names, opts):
    """Partnerships from several files, or from one file with a `partnership` column."""
    from netmap.io import load_split
    from netmap.io.files import read_sheet
    from netmap.names import fold

    if len(files) == 1:
        header = read_sheet(files[0], opts["encoding"], opts["sheet"], opts["max_bytes"],
                            opts["max_rows"]).header
        if "partnership" not in [fold(h) for h in header]:
            raise click.UsageError("compare needs two or more files, or one file with a "
                                   "'partnership' column")
        kwargs = {k: opts[k] for k in LOAD_KEYS if k != "attributes"}
        kwargs["attribute_columns"] = tuple(kwargs["attribute_columns"] or ())
        loaded = load_split(files[0], **kwargs)
        for item in loaded:
            _show(item.problems, opts["verbose"], opts["quiet"])
            _protect(item, opts)
        sources = [{"name": item.partnership.name, "file": Path(files[0]).name,
                    "sha256": _sha256(files[0])} for item in loaded]
    else:
        loaded = [_load(f, opts) for f in files]
        sources = [{"name": item.partnership.name, "file": Path(f).name, "sha256": _sha256(f)}
                   for item, f in zip(loaded, files, strict=True)]
    partnerships = [item.partnership for item in loaded]
    if names:
        if len(names) != len(partnerships):
            raise click.UsageError(f"{len(names)} --name given for {len(partnerships)} "
                                   "partnerships")
        for p, name, source in zip(partnerships, names, sources, strict=True):
            p.name = source["name"] = name
    return partnerships, sources


def taxonomy_option(func):
    return click.option("--taxonomy", "taxonomy_file", metavar="FILE", default=None,
                        type=click.Path(dir_okay=True),
                        help="Function taxonomy (TOML) extending or replacing the default.")(func)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default="outputs/compare", show_default=True,
              type=click.Path(file_okay=True), help="Folder for the outputs.")
@click.option("--name", "names", multiple=True, metavar="NAME",
              help="Name of each partnership, in order (default: the file names).")
@click.option("--null-draws", type=click.IntRange(0, 1000000), default=1000, show_default=True,
              help="Random partnerships drawn for the z-scores (0: none).")
@taxonomy_option
@input_options
@analysis_options
@handle_errors
def compare(files, outdir, names, null_draws, taxonomy_file, **opts):
    """Compare partnerships side by side on one function axis.

    FILES are one partnership each, or one file with a 'partnership' column.
    Writes compare.html and every table as CSV and JSON to OUTDIR.
    """
    from netmap.compare import compare as run_compare
    from netmap.metrics.rules import load_rules
    from netmap.render.atomic import StagedOutputs
    from netmap.render.compare_html import compare_html
    from netmap.render.tables import csv_text, json_text
    from netmap.taxonomy import load_taxonomy

    partnerships, sources = _load_many(files, names, opts)
    taxonomy = load_taxonomy(taxonomy_file)
    rules = load_rules(opts["rules_file"])
    total = null_draws * len(partnerships)
    show = total >= 2000 and not opts["quiet"] and sys.stderr.isatty()
    with click.progressbar(length=total, label="null model", file=sys.stderr,
                           hidden=not show) as bar:
        last = [0]

        def progress(done, _total):
            bar.update(done - last[0])
            last[0] = done

        result = run_compare(partnerships, taxonomy=taxonomy, rules=rules, runs=opts["runs"],
                             seed=opts["seed"], null_draws=null_draws, progress=progress)
    with StagedOutputs(outdir) as stage:
        for name, table in result.tables().items():
            stage.write_text(f"{name}.csv", csv_text(table, raw=opts["raw_csv"], bom=True))
            stage.write_text(f"{name}.json", json_text(table))
        stage.write_text("compare.html", compare_html(result, sources, null_draws,
                                                      opts["seed"], taxonomy_file))
    net = result.network.set_index("partnership")
    for p in result.partnerships:
        row = net.loc[p.name]
        z = row["nodf_z"]
        click.echo(f"{p.name}: {int(row['organisations'])} organisations, "
                   f"{int(row['engagements'])} engagements, {int(row['gaps'])} gaps, "
                   f"robustness {row['robustness']:.2f}, NODF {row['nodf']:.1f}"
                   + (f" (z {z:+.2f})" if z is not None and z == z else ""))
    click.echo(f"  {len(result.shared)} organisations in more than one partnership")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"  wrote {stage.outdir}: {', '.join(stage.names)}")


@cli.command()
@click.argument("old", type=click.Path(dir_okay=True))
@click.argument("new", type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default=None, type=click.Path(file_okay=True),
              help="Also write diff.html and diff.json to this folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="What to print.")
@taxonomy_option
@input_options
@analysis_options
@handle_errors
def diff(old, new, outdir, fmt, taxonomy_file, **opts):
    """Say what changed between two waves of one partnership, OLD and NEW."""
    from netmap.diff import describe_diff
    from netmap.diff import diff as run_diff
    from netmap.metrics.rules import load_rules
    from netmap.render.atomic import StagedOutputs
    from netmap.render.compare_html import diff_html
    from netmap.render.tables import json_text
    from netmap.taxonomy import load_taxonomy

    a, b = _load(old, opts).partnership, _load(new, opts).partnership
    if a.name == b.name:
        a.name, b.name = f"{a.name} (old)", f"{b.name} (new)"
    result = run_diff(a, b, load_taxonomy(taxonomy_file), load_rules(opts["rules_file"]),
                      opts["runs"], opts["seed"])
    lines = describe_diff(result)
    if fmt == "json":
        click.echo(json_text(result), nl=False)
    else:
        for line in lines:
            click.echo(line)
    if outdir:
        sources = [{"file": Path(f).name, "sha256": _sha256(f)} for f in (old, new)]
        with StagedOutputs(outdir) as stage:
            stage.write_text("diff.json", json_text(result))
            stage.write_text("diff.html", diff_html(result, lines, sources))
        click.echo(f"wrote {stage.outdir}: {', '.join(stage.names)}", err=fmt == "json")


@cli.command()
@click.option("--organisations", "n", type=click.IntRange(1, 50_000_000), required=True,
              help="Number of organisations.")
@click.option("--functions", "f", type=click.IntRange(1, 64), default=12, show_default=True,
              help="Number of functions.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The CSV file to write.")
@handle_errors
def synth(n, f, seed, output):
    """Write a synthetic partnership (skewed like real ones) for benchmarks and tests."""
    from netmap.synth import write_synth_csv

    engagements = write_synth_csv(output, n, f, seed)
    click.echo(f"wrote {output}: {n} organisations, {f} functions, {engagements} engagements")


@cli.command()
@click.argument("keyfile", type=click.Path(dir_okay=False))
@click.argument("codes", nargs=-1, required=True)
@handle_errors
def reveal(keyfile, codes):
    """Print the organisation names behind pseudonym CODES, using KEYFILE."""
    from netmap.privacy import reveal as run_reveal

    for code in codes:
        click.echo(f"{code}\t{run_reveal(keyfile, code)}")


def main():  # pragma: no cover - console entry point alias
    cli(prog_name="netmap")
