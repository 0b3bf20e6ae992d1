"""Commands about one partnership that print their answer: validate, metrics, gaps, whatif, map."""

from __future__ import annotations

import sys

import click

from netmap.cli.common import (
    analyse,
    analysis_options,
    fail_on_gaps_option,
    fails_on,
    handle_errors,
    input_options,
    load_input,
    map_options,
    modules_option,
    note,
    pseudonymiser,
    read_input,
    rules_for,
    say,
    show,
)
from netmap.cli.group import cli
from netmap.cli.guard import inputs_of, output_file
from netmap.cli.output import emit, format_option
from netmap.errors import InputError

PROBLEM_COLUMNS = ["severity", "file", "row", "column", "column_name", "message", "hint"]


def problem_table(problems):
    """Problems as a DataFrame (column as its spreadsheet letter)."""
    import pandas as pd

    from netmap.errors import column_letter

    return pd.DataFrame(
        [{"severity": p.severity, "file": p.file, "row": p.row,
          "column": column_letter(p.column) if p.column is not None else None,
          "column_name": p.column_name, "message": p.message, "hint": p.hint}
         for p in problems], columns=PROBLEM_COLUMNS).astype(object)


def _validate_one(file, opts: dict) -> tuple:
    """``(problems, errors, summary)`` of one file (summary: sizes, when it loads)."""
    from netmap.privacy import check_attributes

    loaded, summary = None, {}
    try:
        loaded = read_input(file, opts)
    except InputError as e:
        problems, n = e.problems, len(e.errors)
    else:
        p = loaded.partnership
        problems, n = list(loaded.problems), 0
        summary = {"layout": loaded.layout, "organisations": len(p.organisations),
                   "functions": len(p.functions), "engagements": len(p.engagements)}
        if opts.get("drop"):
            try:
                check_attributes([p], opts["drop"])
            except InputError as e:
                problems, n = problems + e.problems, len(e.errors)
    private = pseudonymiser(opts)  # every message in codes under --pseudonymise
    if private is not None:
        if loaded is not None:
            private.add(loaded.partnership.organisations)
        problems = private.problems(problems)
    return problems, n, summary


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@format_option()
@input_options
@handle_errors
def validate(files, fmt, **opts):
    """Check each FILE and list every problem (file, row, column, what, how to fix).

    Exits 1 when any file has an error, 0 otherwise. The csv, json and markdown
    formats print the problems as a table (json also the sizes read: one
    object for one file, and for several an object with every file's under
    "files").
    """
    import pandas as pd

    from netmap.names import counted

    results = [(file, *_validate_one(file, opts)) for file in files]
    failed = sum(1 for _, _, n, _ in results if n)
    if fmt != "table":
        objects, tables = [], []
        for file, problems, n, summary in results:
            shown = [q for q in problems if q.severity == "error" or opts["verbose"]
                     or (q.severity == "warning" and not opts["quiet"])]
            table = problem_table(shown)
            tables.append(table)
            objects.append({"file": file, "valid": n == 0, **summary, "errors": n,
                            "problems": table})
        table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
        data = objects[0] if len(objects) == 1 else {
            "valid": failed == 0, "errors": sum(o["errors"] for o in objects),
            "files": objects}
        emit(fmt, {"problems": table}, data=data)
    else:
        for file, problems, n, summary in results:
            show(problems, opts["verbose"], opts["quiet"], err=False)
            if n:
                click.echo(f"{file}: {n} error{'s' if n != 1 else ''}")
                continue
            n_warn = sum(q.severity == "warning" for q in problems)
            warned = f"; {n_warn} warning{'s' if n_warn != 1 else ''}" if n_warn else ""
            click.echo(f"{file}: valid ({summary['layout']} layout): "
                       f"{counted(summary['organisations'], 'organisation')}, "
                       f"{counted(summary['functions'], 'function')}, "
                       f"{counted(summary['engagements'], 'engagement')}{warned}")
        if len(results) > 1:
            click.echo(f"{len(results) - failed} of {len(results)} files valid")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@format_option(tables=("network", "organisations", "functions"), csv_default="organisations")
@input_options
@analysis_options
@modules_option
@handle_errors
def metrics(file, fmt, which, **opts):
    """Print the metrics of FILE: network, organisations and functions.

    JSON prints one object with keys network, organisations and functions.
    """
    import pandas as pd

    loaded = load_input(file, opts)
    m = analyse(loaded.partnership, opts)
    net = {k: v for k, v in m.network.items() if not isinstance(v, (list, dict))}
    network = pd.DataFrame({"measure": list(net), "value": list(net.values())}, dtype=object)
    tables = {"network": network, "organisations": m.organisations, "functions": m.functions}
    if fmt == "json":
        # compact: machine-readable, and a tenth of the size for large partnerships;
        # the tables stay DataFrames so that they are written a column at a time
        data = {"network": m.network, "organisations": m.organisations,
                "functions": m.functions}
        emit(fmt, tables, data=data[which] if which else data, compact=True)
    elif fmt == "csv":
        # the network as one wide row: a column per measure
        emit(fmt, {**tables, "network": pd.DataFrame([net])}, which=which or "organisations",
             raw=opts["raw_csv"])
    elif fmt == "markdown":
        emit(fmt, tables, which=which)
    else:
        if which in (None, "network"):
            click.echo("network")
            for line in network_lines(m.network):
                click.echo(line)
            if which is None:
                click.echo()
        emit(fmt, {k: v for k, v in tables.items() if k != "network" and which in (None, k)},
             lines=None)
    for text in m.notes:
        note(opts, text)


def network_lines(network: dict) -> list:
    """Network-level figures as indented ``name: value`` lines."""
    lines = []
    for k, v in network.items():
        if isinstance(v, float):
            v = f"{v:.4g}"
        elif isinstance(v, list):
            v = ", ".join(map(str, v)) or "none"
        elif isinstance(v, dict):
            v = ", ".join(f"{a}: {b:.3g}" if isinstance(b, float) else f"{a}: {b}"
                          for a, b in v.items())
        lines.append(f"  {k}: {v}")
    return lines


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@format_option()
@fail_on_gaps_option
@input_options
@analysis_options
@handle_errors
def gaps(file, fmt, fail_on, **opts):
    """List the gap rules FILE breaks, with severity, function and the numbers.

    With --fail-on-gaps the exit code is 3 when any gap is found (for scripts);
    --fail-on-gaps high only for a high or critical one.
    """
    import pandas as pd

    loaded = load_input(file, opts)
    m = analyse(loaded.partnership, opts)
    records = [g.as_dict() for g in m.gaps]
    cols = ["severity", "rule", "function", "sector", "message", "evidence"]
    lines = [f"[{g.severity}] {g.message}" for g in m.gaps] or [
        f"{loaded.partnership.name}: no gaps found by "
        + (f"the rules in {opts['rules_file']}." if opts["rules_file"] else "the default rules.")]
    emit(fmt, {"gaps": pd.DataFrame(records, columns=cols)}, raw=opts["raw_csv"],
         data={"gaps": records, "notes": m.notes, "not_checked": m.not_checked},
         lines=lines + [f"note: {note}" for note in m.notes])
    if fmt in ("csv", "markdown"):
        for text in m.notes:
            note(opts, text)
    if fails_on(m.gaps, fail_on):
        sys.exit(3)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--remove", "remove", metavar="ORG", multiple=True, required=True,
              help="An organisation to remove (repeatable).")
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="Also write a one-page, printable account of the scenario (HTML).")
@format_option(tables=("functions", "gaps", "centrality", "network"))
@input_options
@analysis_options
@handle_errors
def whatif(file, remove, output, fmt, which, **opts):
    """Say what changes if the --remove organisations leave FILE's partnership.

    Functions losing providers, gaps opened or closed, and the organisations
    whose brokerage (two-mode betweenness) changes most. With -o, also a
    one-page account of the scenario to print or send.
    """
    from netmap.whatif import describe, whatif_tables
    from netmap.whatif import whatif as run_whatif

    if output:
        output_file(output, opts, file)
    loaded = load_input(file, opts)
    private = pseudonymiser(opts)
    if private is not None:
        # --remove takes names or codes; a name not in the partnership stays as typed, and
        # the error that names it shows its code
        known = set(loaded.partnership.organisations)
        codes = {r: private.keyfile.code(r) for r in remove if r not in known}
        remove = tuple(codes[r] if codes.get(r) in known else r for r in remove)
        private.add(remove)
    rules = rules_for(opts, loaded.partnership)
    result = run_whatif(loaded.partnership, remove, rules=rules,
                        runs=opts["runs"], seed=opts["seed"])
    emit(fmt, whatif_tables(result), which=which, raw=opts["raw_csv"], data=result,
         lines=describe(result))
    if output:
        from netmap.cli.scenario import write_scenario_page

        say(opts, f"wrote {write_scenario_page(loaded, file, output, rules, result, opts)}",
            err=True)


@cli.command("map")
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("-o", "--output", default="outputs/map.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--view", type=click.Choice(["bipartite", "projection"]), default="bipartite",
              show_default=True,
              help="Organisations and functions, or organisations tied by shared functions.")
@click.option("--colour-by", "colour_by", type=click.Choice(["sector", "module"]),
              default="sector", show_default=True,
              help="Colour organisations by sector class, or by module (groups of "
                   "organisations and functions that work together).")
@map_options
@input_options
@analysis_options
@handle_errors
def map_command(file, output, view, colour_by, size_by, physics, **opts):
    """Write an interactive map of FILE as one self-contained HTML file.

    It opens offline from the file system: every script and style is inside.
    """
    from netmap.render.reportfiles import write_map

    output_file(output, opts, file)
    loaded = load_input(file, opts)
    m = analyse(loaded.partnership, opts)
    path = write_map(loaded, output, metrics=m, view=view, size_by=size_by, physics=physics,
                     group_above=opts["group_above"], inputs=inputs_of(opts),
                     colour_by=colour_by, keep_contacts=bool(opts.get("keep_contacts")))
    say(opts, f"wrote {path}")
