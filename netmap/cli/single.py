"""Commands about one partnership that print their answer: validate, metrics, gaps, whatif, map."""

from __future__ import annotations

import sys

import click

from netmap.cli.common import (
    LOAD_KEYS,
    analyse,
    analysis_options,
    flat,
    handle_errors,
    input_options,
    load_input,
    map_options,
    show,
)
from netmap.cli.group import cli
from netmap.errors import InputError


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
        show(e.problems, opts["verbose"], opts["quiet"], err=False)
        n = len(e.errors)
        click.echo(f"{file}: {n} error{'s' if n != 1 else ''}", err=False)
        sys.exit(1)
    show(loaded.problems, opts["verbose"], opts["quiet"], err=False)
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

    loaded = load_input(file, opts)
    m = analyse(loaded.partnership, opts)
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
                    click.echo(flat(df).to_string(index=False))
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

    loaded = load_input(file, opts)
    m = analyse(loaded.partnership, opts)
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

    loaded = load_input(file, opts)
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

    loaded = load_input(file, opts)
    m = analyse(loaded.partnership, opts)
    path = write_text(output, map_html(loaded.partnership, m, size_by=size_by, view=view,
                                       physics=physics))
    click.echo(f"wrote {path}")
