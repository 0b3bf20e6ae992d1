"""``collection.md`` and ``collection.html``: who responded, and how the returns were merged.

Both pages are written from one list of sections (:func:`collection_sections`), so they
always say the same thing; the HTML page is self-contained (no script, no request).
"""

from __future__ import annotations

from netmap import __version__
from netmap.collect import Collection
from netmap.names import counted
from netmap.render.assets import CSP, render_template
from netmap.render.markdown import md_escape, md_table

__all__ = ["collection_sections", "collection_markdown", "collection_html", "HOW_MERGED"]

HOW_MERGED = (
    "A return's time is the time the workbook records as its last save (Excel, LibreOffice "
    "and other programs write it inside the file, so it survives e-mail and copying); for a "
    "CSV, the file's modification time; a time given with --saved (a return fixed and "
    "saved again) replaces it. Times are UTC.",
    "For each organisation and column, the answers of the returns that answered the cell "
    "are compared (a blank cell is no answer); {winner} wins, and every disagreement is "
    "listed under Conflicts.",
    "In a form listing several organisations (a shared form passed round), a row left "
    "exactly as it was pre-filled cannot be told from one nobody looked at: it is not a "
    "response, and its values are kept only where no return answered the cell "
    "(provenance.csv says 'as pre-filled').",
    "An organisation responded when a return holds its row with at least one answer or a "
    "sector (in a shared form, a row that differs from its pre-filled values); a form never "
    "saved after netmap made it, every answer as pre-filled, is not a response (see Returned "
    "unchanged). partners.csv "
    "holds every organisation a return holds, with Yes, No and Not sure as answered (Not "
    "sure is an uncertain mark: netmap report lists it to confirm); provenance.csv names "
    "the return each value came from.",
    "A return is late when it was saved after the day of its deadline (a CSV takes the "
    "deadline of the workbooks returned with it).",
)


def _when(ret) -> str:
    return ret.saved.strftime("%Y-%m-%d %H:%M") + {"file": " (file time)",
                                                   "given": " (given, --saved)"}.get(
                                                       ret.saved_from, "")


def collection_sections(c: Collection) -> list:
    """The pages' sections, in order: dicts with ``title``, ``lines`` (sentences),
    ``header`` and ``rows`` (a table; empty when there is none)."""
    late = {id(ret) for ret, _ in c.late}
    dup_files = {id(ret) for _, rets, _ in c.duplicates for ret in rets}
    sections: list[dict] = [{"title": "Response", "lines": (
        [f"{counted(len(c.non_respondents), 'organisation')} on the expected list "
         f"({c.expected.file if c.expected else ''}) sent no answer: see Not yet responded."]
        if c.non_respondents else
        (["Every organisation on the expected list responded."] if c.expected else []))}]
    sections.append({
        "title": "Returns", "lines": [f"{counted(len(c.returns), 'return')} read."],
        "header": ["File", "Saved (UTC)", "Organisations", "Late", "Duplicate"],
        "rows": [[ret.name, _when(ret), str(len(ret.rows)), "late" if id(ret) in late else "",
                  "yes" if id(ret) in dup_files else ""] for ret in c.returns]})
    if c.non_respondents:
        sections.append({"title": "Not yet responded", "lines": [
            "No return answers for these organisations:"],
            "header": ["Organisation"], "rows": [[o] for o in c.non_respondents]})
    if c.unchanged:
        sections.append({"title": "Returned unchanged", "lines": [
            f"{counted(len(c.unchanged), 'form')} came back exactly as netmap form wrote "
            f"{'it' if len(c.unchanged) == 1 else 'them'}: never saved after "
            f"{'it was' if len(c.unchanged) == 1 else 'they were'} made, every answer as "
            "pre-filled. Nobody filled them in, so they are not responses (the organisations "
            "they list are not counted as responded); their pre-filled values are kept only "
            "where no return answered (provenance.csv says 'as pre-filled')."],
            "header": ["File", "Organisations"],
            "rows": [[ret.name, "; ".join(row.organisation for _r, row in ret.rows)]
                     for ret in c.unchanged]})
    if c.late:
        sections.append({"title": "Late returns", "lines": [
            f"{counted(len(c.late), 'return')} saved after the deadline."],
            "header": ["File", "Saved (UTC)", "Deadline"],
            "rows": [[ret.name, _when(ret), due.isoformat()] for ret, due in c.late]})
    if c.duplicates:
        sections.append({"title": "Duplicate returns", "lines": [
            f"{counted(len(c.duplicates), 'organisation')} answered in more than one return; "
            f"the {'first' if c.prefer == 'first' else 'newest'} return's answers are kept."],
            "header": ["Organisation", "Returns (oldest first)", "Kept"],
            "rows": [[o, ", ".join(r.name for r in rets), kept.name]
                     for o, rets, kept in c.duplicates]})
    sections.append({"title": "Conflicts", "lines": [
        f"{counted(len(c.conflicts), 'cell')} where two returns disagree." if c.conflicts
        else "No two returns disagree."],
        **({"header": ["Organisation", "Column", "Kept", "From", "Set aside", "From"],
            "rows": [[k.organisation, k.column, k.kept, k.kept_file, k.other, k.other_file]
                     for k in c.conflicts]} if c.conflicts else {})})
    blind = [ret.name for ret in c.returns if ret.prefilled is None and ret.rows]
    sections.append({"title": "Changed from the pre-filled values", "lines": [
        f"{counted(len(c.changes), 'cell')} answered differently from what the form was "
        "pre-filled with." if c.changes else
        "No answer differs from the pre-filled values (or no form was pre-filled)."] + (
        [f"Not compared: {', '.join(blind)} (a CSV keeps no record of what its form was "
         "pre-filled with, and no workbook return or --expected matrix said it); give "
         "--expected the matrix the forms were made from to list its changes."]
        if blind else []),
        **({"header": ["Organisation", "Column", "Before", "After", "File"],
            "rows": [[k.organisation, k.column, k.before or "(blank)", k.after or "(blank)",
                      k.file] for k in c.changes]} if c.changes else {})})
    if c.new_organisations:
        sections.append({"title": "Not on the expected list", "lines": [
            f"{counted(len(c.new_organisations), 'organisation')} answered but "
            f"{'is' if len(c.new_organisations) == 1 else 'are'} not on the expected list "
            "(kept in partners.csv):"], "header": ["Organisation"],
            "rows": [[o] for o in c.new_organisations]})
    if c.problems:
        sections.append({"title": "Warnings", "lines": [str(p) for p in c.problems]})
    winner = "the first return (--prefer first)" if c.prefer == "first" else "the newest return"
    sections.append({"title": "How the returns were merged",
                     "lines": [line.format(winner=winner) for line in HOW_MERGED]})
    for s in sections:
        s.setdefault("header", [])
        s.setdefault("rows", [])
    return sections


def collection_markdown(c: Collection) -> str:
    """``collection.md``: every section, names escaped."""
    parts = ["# Data collection", "",
             f"Made by netmap {__version__} from {counted(len(c.returns), 'returned form')}.",
             "", f"**{md_escape(c.response_line())}.**", ""]
    for s in collection_sections(c):
        parts += [f"## {s['title']}", ""]
        for line in s["lines"]:
            parts += [md_escape(line), ""]
        if s["rows"]:
            parts += [md_table(s["header"], s["rows"]), ""]
    return "\n".join(parts)


def collection_html(c: Collection) -> str:
    """``collection.html``: the same sections as a self-contained page."""
    return render_template("collection.html.j2", title="netmap: data collection", csp=CSP,
                           version=__version__, returns=len(c.returns),
                           headline=c.response_line(), sections=collection_sections(c))
