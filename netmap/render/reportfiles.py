"""The files the commands write: which, with which columns and provenance.

:func:`write_report` is what ``netmap report`` runs, and what a notebook
calls to get the same folder; :func:`write_map`, :func:`write_compare`,
:func:`write_diff` and :func:`write_trend` the same for ``netmap map``,
``compare``, ``diff -o`` and ``trend``; :func:`write_form`, :func:`write_forms` and
:func:`write_collection` for ``netmap form`` and ``netmap collect``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.collect import Collection
from netmap.compare import Comparison
from netmap.io import Loaded
from netmap.io.files import file_sha256
from netmap.metrics import Metrics
from netmap.model import Partnership
from netmap.trend import Trend

if TYPE_CHECKING:
    from netmap.forms import Form
    from netmap.render.drawing import Drawer
    from netmap.vocabulary import Vocabulary

__all__ = ["write_report", "write_map", "write_compare", "write_diff", "write_trend",
           "report_outputs", "write_form", "write_forms", "write_collection",
           "provenance_of", "OVERLAP_LIMIT"]

OVERLAP_LIMIT = 2000  # a dense organisation x organisation table: 4 million cells at most
FINDING_COLUMNS = ["severity", "rule", "function", "sector", "message", "evidence"]


def report_outputs() -> tuple:
    """Every file a report may write (``overlap.csv`` and ``report.xlsx`` are optional)."""
    from netmap.io.runfolder import OUTPUTS
    from netmap.render.figures import FIGURES

    names = [n for n in OUTPUTS["report"] if not n.startswith("figures/")]
    return (*names, *(f"figures/{n}.{ext}" for n in FIGURES for ext in ("png", "svg")))


def provenance_of(p: Partnership, layout: str | None = None,
                  options: dict | None = None) -> dict:
    """Where the numbers come from: the input file's name and SHA-256, layout, options."""
    from netmap import __version__

    source = p.source if p.source and os.path.isfile(p.source) else None
    return {"file": Path(source).name if source else "", "sha256": file_sha256(source) if source
            else "", "layout": layout or "", "netmap_version": __version__,
            "options": dict(options or {})}


def _loaded(partnership) -> Partnership | Loaded:
    """A Partnership or Loaded as given, or the file a path names, read
    (:func:`netmap.load`); anything else is a TypeError that says what to pass."""
    if isinstance(partnership, (str, os.PathLike)):
        from netmap.vocabulary import load

        return load(partnership)
    if not isinstance(partnership, (Partnership, Loaded)):
        raise TypeError(f"expected a Partnership, what netmap.load returns, or a file's path, "
                        f"not {type(partnership).__name__}")
    return partnership


def _partnership(partnership: Partnership | Loaded) -> tuple:
    """``(Partnership, layout)`` from a Partnership or a :class:`netmap.io.Loaded`."""
    if isinstance(partnership, Partnership):
        return partnership, None
    return partnership.partnership, getattr(partnership, "layout", None)


def _without_contacts(p: Partnership, m: Metrics | None, keep: bool) -> tuple:
    """``(p, m)`` without contact details (:func:`netmap.privacy.drop_contacts`), as the
    commands write them unless ``--keep-contacts``: the columns dropped from the
    partnership and from the metrics' organisation table, the notes scrubbed in both."""
    if keep:
        return p, m
    from netmap.privacy import drop_contacts

    q, dropped = drop_contacts(p)
    if q is p:
        return p, m
    if m is not None:
        import dataclasses

        org = m.organisations.drop(columns=[c for c in dropped if c in m.organisations])
        names = org["organisation"]
        for column in q.attributes.columns:
            if column in org.columns:
                org[column] = names.map(q.attributes[column]).fillna("").astype(object)
        m = dataclasses.replace(m, organisations=org)
    return q, m


def _reading(partnership: Partnership | Loaded) -> Any:
    """How the labels were read: the Loaded's own reading, else the partnership's now."""
    reading = getattr(partnership, "reading", None)
    if reading is None:
        from netmap.vocabulary import read_vocabulary

        p = partnership if isinstance(partnership, Partnership) else partnership.partnership
        reading = read_vocabulary(p)[1]
    return reading


def write_report(partnership: Partnership | Loaded, outdir: str | os.PathLike = "outputs", *,
                 metrics: Metrics | None = None, rules: dict | None = None, runs: int = 100,
                 seed: int = 0, xlsx: bool = False, size_by: str = "betweenness",
                 physics: bool = False, group_above: int | None = None, raw_csv: bool = False,
                 options: dict | None = None, inputs: Iterable = (),
                 progress: Callable[[str], Any] | None = None,
                 drawer: Drawer | None = None, keep_contacts: bool = False) -> list:
    """Write every report output for a partnership to ``outdir``, all at once or not at all.

    Parameters
    ----------
    partnership : Partnership or Loaded
        What to report on; a :class:`~netmap.io.Loaded` (from :func:`netmap.load`)
        also gives the layout read, recorded in the provenance.
    outdir : str or Path
        The output folder; it is replaced as a whole by the new run (see
        :class:`netmap.io.runfolder.StagedOutputs`): files of yours in it are kept,
        netmap's earlier outputs it does not write again are removed.
    metrics : Metrics, optional
        Computed metrics; computed with ``rules``, ``runs`` and ``seed`` when None.
    xlsx : bool
        Also write ``report.xlsx``.
    size_by, physics, group_above :
        The map's options (see :func:`netmap.render.map.map_html`).
    raw_csv : bool
        Write CSV cells as they are, without neutralising formulas.
    options : dict, optional
        Options recorded in the provenance (default: ``runs`` and ``seed``).
    inputs : iterable of paths
        Side files read (aliases, attributes, rules, ...): never replaced.
    progress : callable, optional
        Called with the name of each step done ("metrics", "tables", ...).
    drawer : Drawer, optional
        A :class:`netmap.render.drawing.Drawer`, started early, draws the figures in a
        second process while the tables and pages are written (the same figures).
    keep_contacts : bool
        Keep contact details (columns such as Contact, E-mail, SPOC; e-mail addresses
        and phone numbers in notes): left out by default, as ``netmap report`` leaves
        them out unless ``--keep-contacts``.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputError
        When the folder cannot be written, or would replace an input.

    Examples
    --------
    >>> import tempfile, netmap
    >>> out = tempfile.mkdtemp() + "/report"
    >>> written = write_report(netmap.load("data/partners.csv"), out, runs=5)
    >>> sorted(p.name for p in written)[:3]
    ['coverage_heatmap.png', 'coverage_heatmap.svg', 'findings.csv']
    """
    import pandas as pd

    from netmap.findings import findings as rank_findings
    from netmap.io.runfolder import StagedOutputs
    from netmap.metrics import compute
    from netmap.metrics.substitutes import overlap_matrix
    from netmap.render.figures import figures
    from netmap.render.html_report import report_html
    from netmap.render.map import LARGE_MAP, map_html
    from netmap.render.markdown import markdown_report
    from netmap.render.tables import csv_text, json_text

    partnership = _loaded(partnership)
    p, layout = _partnership(partnership)
    reading = _reading(partnership)
    p, metrics = _without_contacts(p, metrics, keep_contacts)
    step = progress or (lambda name: None)
    stage = StagedOutputs(outdir, owned=report_outputs(), inputs=(p.source, *inputs),
                          command="report")
    stage.check()
    m = metrics if metrics is not None else compute(p, rules=rules, runs=runs, seed=seed)
    step("metrics")
    ranked = rank_findings(p, m)
    group_above = LARGE_MAP if group_above is None else group_above
    provenance = provenance_of(p, layout, {"runs": runs, "seed": seed} if options is None
                               else options)
    raw = raw_csv
    if drawer is not None:  # drawn aside while the tables and the map are written
        drawer.draw({"report": ("figures", (p, m))})
    with stage:
        stage.write_text("organisations.csv", csv_text(m.organisations, raw=raw, bom=True))
        stage.write_text("functions.csv", csv_text(m.functions, raw=raw, bom=True))
        stage.write_text("network.json", json_text({**m.network, "notes": m.notes,
                                                    "source": provenance}))
        stage.write_text("gaps.csv", csv_text(
            pd.DataFrame([g.as_dict() for g in m.gaps], columns=FINDING_COLUMNS), raw=raw,
            bom=True))
        stage.write_text("findings.csv", csv_text(
            pd.DataFrame([f.as_dict() for f in ranked], columns=FINDING_COLUMNS), raw=raw,
            bom=True))
        overlap = overlap_matrix(p).reset_index() if len(p.organisations) <= OVERLAP_LIMIT \
            else None
        if overlap is not None:
            stage.write_text("overlap.csv", csv_text(overlap, raw=raw, bom=True))
        if xlsx:
            from netmap.render.workbook import report_tables, workbook_bytes

            stage.write_bytes("report.xlsx", workbook_bytes(report_tables(m, ranked, overlap),
                                                            raw=raw))
        stage.write_text("robustness.csv", csv_text(m.curves, raw=raw, bom=True))
        stage.write_text("report.md", markdown_report(p, m, provenance, ranked, reading))
        step("tables")
        stage.write_text("map.html", map_html(p, m, size_by=size_by, physics=physics,
                                              group_above=group_above))
        pictures = figures(p, m) if drawer is None else drawer.results()["report"]
        step("figures")
        for name, formats in pictures.items():
            for fmt, data in formats.items():
                stage.write_bytes(f"figures/{name}.{fmt}", data)
        stage.write_text("report.html", report_html(p, m, provenance, ranked, pictures,
                                                    group_above=group_above, reading=reading))
        step("pages")
    return stage.written


def write_map(partnership: Partnership | Loaded, path: str | os.PathLike = "outputs/map.html", *,
              metrics: Metrics | None = None, rules: dict | None = None, runs: int = 100,
              seed: int = 0, view: str = "bipartite", size_by: str = "betweenness",
              physics: bool = False, group_above: int | None = None,
              inputs: Iterable = (), colour_by: str = "sector",
              keep_contacts: bool = False) -> Path:
    """Write the interactive map of a partnership as one self-contained HTML file.

    It opens offline: every script and style is inside (see ``netmap map``).

    Parameters
    ----------
    partnership : Partnership or Loaded
        What to map.
    path : str or Path
        The HTML file to write (atomically); an input is never replaced.
    metrics, rules, runs, seed :
        As for :func:`write_report`.
    view : {'bipartite', 'projection'}
        Organisations and functions, or organisations tied by shared functions.
    size_by, physics, group_above :
        Organisation size, force layout, and the size above which organisations
        are grouped (see :func:`netmap.render.map.map_html`).
    inputs : iterable of paths
        Side files read: never replaced.
    colour_by : {'sector', 'module'}
        Colour organisations by sector class, or by module (``netmap map
        --colour-by module``).
    keep_contacts : bool
        Keep contact details in the tooltips (see :func:`write_report`).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    OutputError
        When the file cannot be written, or is an input.

    Examples
    --------
    >>> import tempfile, netmap
    >>> path = write_map(netmap.read("data/partners.csv"), tempfile.mkdtemp() + "/m.html",
    ...                  runs=5)
    >>> path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    from netmap.io.outputs import refuse_inputs, write_text
    from netmap.metrics import compute
    from netmap.render.map import LARGE_MAP, map_html

    p, _ = _partnership(_loaded(partnership))
    p, metrics = _without_contacts(p, metrics, keep_contacts)
    refuse_inputs(path, (p.source, *inputs))
    m = metrics if metrics is not None else compute(p, rules=rules, runs=runs, seed=seed)
    return write_text(path, map_html(p, m, size_by=size_by, view=view, physics=physics,
                                     group_above=LARGE_MAP if group_above is None
                                     else group_above, colour_by=colour_by))


def _sources(partnerships) -> list:
    """Name, file name and SHA-256 of each partnership's input file (for provenance)."""
    out = []
    for p in partnerships:
        path = p.source if p.source and os.path.isfile(p.source) else None
        out.append({"name": p.name, "file": Path(path).name if path else "",
                    "sha256": file_sha256(path) if path else ""})
    return out


def write_compare(comparison: Comparison, outdir: str | os.PathLike = "outputs/compare", *,
                  sources: list | None = None, taxonomy_file: str | None = None,
                  raw_csv: bool = False, inputs: Iterable = (),
                  null_file: str | None = None, drawer: Drawer | None = None) -> list:
    """Write a comparison's tables (CSV and JSON each), each partnership's network picture
    (``figures/network_<n>_<name>.png`` and ``.svg``) and ``compare.html``, all at once.

    Parameters
    ----------
    comparison : Comparison
        From :func:`netmap.compare`.
    outdir : str or Path
        The output folder, replaced as a whole (see :func:`write_report`).
    sources : list of dict, optional
        ``name``, ``file`` and ``sha256`` of each input (default: from the
        partnerships' source files).
    taxonomy_file : str, optional
        Named on the page when a taxonomy file extended the default.
    raw_csv : bool
        Write CSV cells as they are, without neutralising formulas.
    inputs : iterable of paths
        Side files read: never replaced.
    null_file : str, optional
        Also write every null draw's values (:meth:`Comparison.null_table`) as
        this CSV file of the folder (e.g. ``null_draws.csv``).
    drawer : Drawer, optional
        Draws the network pictures in a second process while the tables are written
        (see :func:`write_report`).

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, netmap
    >>> c = netmap.compare([netmap.read("data/examples/eastvale.csv"),
    ...                     netmap.read("data/examples/westbridge.csv")], null_draws=0, runs=0)
    >>> sorted(p.name for p in write_compare(c, tempfile.mkdtemp() + "/c"))[:2]
    ['compare.html', 'gaps.csv']
    """
    from netmap.io.runfolder import OUTPUTS, StagedOutputs
    from netmap.render.compare_html import compare_figures, compare_html, picture_jobs
    from netmap.render.tables import csv_text, json_text

    sources = sources if sources is not None else _sources(comparison.partnerships)
    files = [p.source for p in comparison.partnerships]
    stage = StagedOutputs(outdir, owned=OUTPUTS["compare"], inputs=(*files, *inputs),
                          command="compare")
    if drawer is not None:  # drawn aside while the tables and the null figure are made
        drawer.draw(picture_jobs(comparison))
    with stage:
        for name, table in comparison.tables().items():
            stage.write_text(f"{name}.csv", csv_text(table, raw=raw_csv, bom=True))
            stage.write_text(f"{name}.json", json_text(table))
        pictures = compare_figures(comparison, drawer)
        for stem, formats in pictures.items():
            for fmt, data in formats.items():
                stage.write_bytes(f"figures/{stem}.{fmt}", data)
        stage.write_text("compare.html", compare_html(comparison, sources,
                                                      comparison.null_draws, comparison.seed,
                                                      taxonomy_file, pictures))
        if null_file is not None:
            stage.write_text(null_file, csv_text(comparison.null_table(), raw=raw_csv,
                                                 bom=True))
    return stage.written


def write_diff(result: dict, outdir: str | os.PathLike, *, sources: list | None = None,
               inputs: Iterable = ()) -> list:
    """Write a diff as ``diff.json`` and ``diff.html``, all at once.

    Parameters
    ----------
    result : dict
        From :func:`netmap.diff`.
    outdir : str or Path
        The output folder, replaced as a whole (see :func:`write_report`).
    sources : list of dict, optional
        ``file`` and ``sha256`` of the two waves' input files.
    inputs : iterable of paths
        The input files: never replaced.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, netmap
    >>> d = netmap.diff(netmap.read("data/partners.csv"),
    ...                 netmap.read("data/examples/waves/partners_wave2.csv"), runs=0)
    >>> sorted(p.name for p in write_diff(d, tempfile.mkdtemp() + "/d"))
    ['diff.html', 'diff.json']
    """
    from netmap.diff import describe_diff
    from netmap.io.runfolder import OUTPUTS, StagedOutputs
    from netmap.render.compare_html import diff_html
    from netmap.render.tables import json_text

    stage = StagedOutputs(outdir, owned=OUTPUTS["diff"], inputs=tuple(inputs), command="diff")
    with stage:
        stage.write_text("diff.json", json_text(result))
        stage.write_text("diff.html", diff_html(result, describe_diff(result), sources or []))
    return stage.written


def write_trend(t: Trend, outdir: str | os.PathLike = "outputs/trend", *,
                sources: list | None = None, raw_csv: bool = False,
                inputs: Iterable = ()) -> list:
    """Write a trend's tables (CSV and JSON each), ``trend.html`` and its figure
    (``figures/trend.png`` and ``.svg``), all at once.

    Parameters
    ----------
    t : Trend
        From :func:`netmap.trend`.
    outdir : str or Path
        The output folder, replaced as a whole (see :func:`write_report`).
    sources : list of dict, optional
        ``name``, ``file`` and ``sha256`` of each wave's input (default: from
        the partnerships' source files).
    raw_csv : bool
        Write CSV cells as they are, without neutralising formulas.
    inputs : iterable of paths
        Side files read: never replaced.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import dataclasses, tempfile, netmap
    >>> a = netmap.read("data/partners.csv")
    >>> b = netmap.read("data/examples/waves/partners_wave2.csv")
    >>> t = netmap.trend([dataclasses.replace(a, name="2016"), dataclasses.replace(b,
    ...                  name="2018")], runs=0)
    >>> sorted(p.name for p in write_trend(t, tempfile.mkdtemp() + "/t"))[:3]
    ['membership.csv', 'membership.json', 'providers.csv']
    """
    from netmap.io.runfolder import OUTPUTS, StagedOutputs
    from netmap.render.tables import csv_text, json_text
    from netmap.render.trend_html import trend_figure, trend_html

    sources = sources if sources is not None else _sources(t.partnerships)
    files = [p.source for p in t.partnerships]
    stage = StagedOutputs(outdir, owned=OUTPUTS["trend"], inputs=(*files, *inputs),
                          command="trend")
    figure = trend_figure(t)
    with stage:
        for name, table in t.tables().items():
            stage.write_text(f"{name}.csv", csv_text(table, raw=raw_csv, bom=True))
            stage.write_text(f"{name}.json", json_text(table))
        stage.write_bytes("figures/trend.png", figure["png"])
        stage.write_bytes("figures/trend.svg", figure["svg"])
        stage.write_text("trend.html", trend_html(t, sources, figure))
    return stage.written


def write_form(form: Form, path: str | os.PathLike, vocabulary: Vocabulary | None = None, *,
               inputs: Iterable = ()) -> Path:
    """Write ``form`` (:mod:`netmap.forms`) as the .xlsx file ``path``, atomically and never
    over one of ``inputs``; returns the path written.

    Examples
    --------
    >>> import tempfile, netmap
    >>> from netmap.forms import form_of
    >>> form = form_of(netmap.read("data/partners.csv"))
    >>> write_form(form, tempfile.mkdtemp() + "/form.xlsx").name
    'form.xlsx'
    """
    from netmap.forms import form_workbook
    from netmap.io.outputs import refuse_inputs, write_bytes

    refuse_inputs(path, inputs)
    return write_bytes(path, form_workbook(form, vocabulary))


def write_forms(form: Form, folder: str | os.PathLike, vocabulary: Vocabulary | None = None,
                *, inputs: Iterable = ()) -> list:
    """One form per organisation ``form`` lists, into ``folder``, all at once or not at all:
    ``form-<name>.xlsx`` each (:func:`netmap.forms.safe_filename`), each holding that
    organisation's row only, and ``forms.csv`` saying which file is whose.

    Examples
    --------
    >>> import tempfile, netmap
    >>> from netmap.forms import form_of
    >>> form = form_of(netmap.read("data/partners.csv"))
    >>> sorted(p.name for p in write_forms(form, tempfile.mkdtemp() + "/forms"))[1:3]
    ['form-Anti-Slavery_International.xlsx', 'form-Barka_UK.xlsx']
    """
    import pandas as pd

    from netmap.forms import form_files, form_workbook
    from netmap.io.runfolder import OUTPUTS, StagedOutputs
    from netmap.render.tables import csv_text

    files = form_files(form)
    stage = StagedOutputs(folder, owned=OUTPUTS["form"], inputs=tuple(inputs), command="form")
    with stage:
        for name, one in files:
            stage.write_bytes(name, form_workbook(one, vocabulary, one=True))
        index = pd.DataFrame([(one.rows[0].organisation, name) for name, one in files],
                             columns=["organisation", "file"])
        stage.write_text("forms.csv", csv_text(index, bom=True))
    return stage.written


def write_collection(c: Collection, outdir: str | os.PathLike, *, raw_csv: bool = False,
                     inputs: Iterable = ()) -> list:
    """Write a collection (:func:`netmap.collect.collect`) to ``outdir``, all at once:
    ``partners.csv`` (the merged matrix, read by every netmap command), ``provenance.csv``
    (each answer's return), ``collection.md`` and ``collection.html``. The returns and
    ``inputs`` are never replaced. Returns the files written."""
    from netmap.io.runfolder import OUTPUTS, StagedOutputs
    from netmap.render.collection import collection_html, collection_markdown
    from netmap.render.tables import csv_text

    files = [ret.file for ret in c.returns] + ([c.expected.file] if c.expected else [])
    stage = StagedOutputs(outdir, owned=OUTPUTS["collect"], inputs=(*files, *inputs),
                          command="collect")
    with stage:
        stage.write_text("partners.csv", csv_text(c.partners_table(), raw=raw_csv, bom=True))
        stage.write_text("provenance.csv", csv_text(c.provenance_table(), raw=raw_csv,
                                                    bom=True))
        stage.write_text("collection.md", collection_markdown(c))
        stage.write_text("collection.html", collection_html(c))
    return stage.written
