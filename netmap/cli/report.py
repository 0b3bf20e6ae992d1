"""``netmap report``: every output for one partnership, all at once or not at all."""

from __future__ import annotations

from pathlib import Path

import click

from netmap import __version__
from netmap.cli.common import (
    Steps,
    analyse,
    analysis_options,
    handle_errors,
    input_options,
    load_input,
    map_options,
    say,
    sha256,
    used_options,
)
from netmap.cli.group import cli
from netmap.cli.guard import output_folder
from netmap.cli.output import paint_line


@cli.command()
@click.argument("file", required=False, default="data/partners.csv",
                type=click.Path(dir_okay=True))
@click.option("-o", "--outdir", default="outputs", show_default=True,
              type=click.Path(file_okay=True), help="Folder for the outputs.")
@click.option("--xlsx", is_flag=True,
              help="Also write report.xlsx: one sheet per table, for Excel.")
@map_options
@input_options
@analysis_options
@handle_errors
def report(file, outdir, xlsx, size_by, physics, **opts):
    """Write the partnership's tables, findings, map and report to OUTDIR.

    FILE defaults to data/partners.csv. Writes organisations.csv,
    functions.csv, network.json, gaps.csv, findings.csv, overlap.csv,
    robustness.csv, report.md, report.html, map.html and figures/ (PNG and
    SVG), all at once or not at all.
    """
    from netmap.findings import findings as rank_findings

    stage = output_folder(outdir, "report", report_outputs(), opts, file)
    loaded = load_input(file, opts)
    p = loaded.partnership
    with Steps(opts, 4, "netmap report") as progress:
        m = analyse(p, opts)
        progress.step("metrics")
        ranked = rank_findings(p, m)
        write_report(p, m, ranked, loaded.layout, file, stage, size_by, physics, opts,
                     progress, xlsx)
    net = m.network
    say(opts, f"{p.name}: {net['organisations']} organisations, {net['functions']} functions, "
        f"{net['engagements']} engagements; {net['gaps']} gap{'s' if net['gaps'] != 1 else ''}")
    for f in ranked[:6]:
        say(opts, paint_line(f"  [{f.severity}] {f.message}"))
    if len(ranked) > 6:
        say(opts, f"  ... and {len(ranked) - 6} more findings in report.md")
    if len(p.organisations) > OVERLAP_LIMIT:
        say(opts, f"  overlap.csv not written: more than {OVERLAP_LIMIT} organisations")
    say(opts, f"  wrote {stage.outdir}: {', '.join(stage.names)}")


OVERLAP_LIMIT = 2000  # a dense organisation x organisation table: 4 million cells at most


def report_outputs() -> tuple:
    """Every file a report run may write (overlap.csv and report.xlsx are optional)."""
    from netmap.render.figures import FIGURES

    return ("organisations.csv", "functions.csv", "network.json", "gaps.csv", "findings.csv",
            "overlap.csv", "robustness.csv", "report.md", "report.html", "report.xlsx",
            "map.html", *(f"figures/{n}.{ext}" for n in FIGURES for ext in ("png", "svg")))


def write_report(p, m, ranked, layout, file, stage, size_by, physics, opts, progress,
                 xlsx=False):
    """Stage every report output and swap them into the stage's folder together."""
    import pandas as pd

    from netmap.metrics.redundancy import overlap_matrix
    from netmap.render.figures import figures
    from netmap.render.html_report import report_html
    from netmap.render.map import map_html
    from netmap.render.markdown import markdown_report
    from netmap.render.tables import csv_text, json_text

    raw = opts["raw_csv"]
    provenance = {"file": Path(file).name, "sha256": sha256(file), "layout": layout,
                  "netmap_version": __version__, "options": used_options(opts)}
    cols = ["severity", "rule", "function", "sector", "message", "evidence"]
    with stage:
        stage.write_text("organisations.csv", csv_text(m.organisations, raw=raw, bom=True))
        stage.write_text("functions.csv", csv_text(m.functions, raw=raw, bom=True))
        stage.write_text("network.json", json_text({**m.network, "notes": m.notes,
                                                    "source": provenance}))
        stage.write_text("gaps.csv", csv_text(
            pd.DataFrame([g.as_dict() for g in m.gaps], columns=cols), raw=raw, bom=True))
        stage.write_text("findings.csv", csv_text(
            pd.DataFrame([f.as_dict() for f in ranked], columns=cols), raw=raw, bom=True))
        overlap = overlap_matrix(p).reset_index() if len(p.organisations) <= OVERLAP_LIMIT \
            else None
        if overlap is not None:
            stage.write_text("overlap.csv", csv_text(overlap, raw=raw, bom=True))
        if xlsx:
            from netmap.render.workbook import report_tables, workbook_bytes

            stage.write_bytes("report.xlsx", workbook_bytes(report_tables(m, ranked, overlap),
                                                            raw=raw))
        stage.write_text("robustness.csv", csv_text(m.curves, raw=raw, bom=True))
        stage.write_text("report.md", markdown_report(p, m, provenance, ranked))
        progress.step("tables")
        pictures = figures(p, m)
        progress.step("figures")
        for name, formats in pictures.items():
            for fmt, data in formats.items():
                stage.write_bytes(f"figures/{name}.{fmt}", data)
        stage.write_text("map.html", map_html(p, m, size_by=size_by, physics=physics,
                                              group_above=opts["group_above"]))
        stage.write_text("report.html", report_html(p, m, provenance, ranked, pictures,
                                                    group_above=opts["group_above"]))
        progress.step("pages")
