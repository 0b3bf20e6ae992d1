"""``report.md``: the partnership in plain words and small tables, for a coordinator.

Names are escaped so that no name can inject Markdown or HTML into a viewer
that renders the file (``<``, ``>``, ``&``, ``|``, ``*``, ``_``, backticks,
brackets).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netmap import __version__
from netmap.metrics import Metrics
from netmap.model import Partnership
from netmap.names import name_list
from netmap.render.display import fixed, missing
from netmap.render.methods import METHODS
from netmap.render.sections import (
    BREADTH_HEADERS,
    BROKER_HEADERS,
    TITLES,
    breadth_rows,
    broker_intro,
    broker_rows,
    stand_ins,
)

__all__ = ["md_escape", "markdown_report", "md_table", "frame_markdown", "to_confirm_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")

_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # an & a renderer would read as an entity


def md_escape(text) -> str:
    """Escape text for a Markdown table cell or paragraph.

    An ``&`` stays as typed ("Awareness & training" reads the same raw and rendered)
    unless it starts what a renderer would read as an entity (``&copy;``, ``&#60;``).

    >>> md_escape("<img src=x> | *a*")
    '&lt;img src=x&gt; \\\\| \\\\*a\\\\*'
    >>> md_escape("Awareness & training, &copy; &#60;")
    'Awareness & training, &amp;copy; &amp;\\\\#60;'
    """
    text = _ENTITY.sub("&amp;", str(text)).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def md_table(header: list, rows: list) -> str:
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value) -> str:
    """A table value as Markdown cell text: 4 significant digits, lists joined, gaps blank."""
    if missing(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return str(value)


def frame_markdown(df) -> str:
    """A DataFrame as a Markdown (GitHub) table, every cell escaped.

    >>> import pandas as pd
    >>> print(frame_markdown(pd.DataFrame({"name": ["A|B"], "score": [0.123456]})))
    | name | score |
    |---|---|
    | A\\|B | 0.1235 |
    """
    from netmap.jsonsafe import records

    rows = records(df)
    columns = [str(c) for c in df.columns]
    return md_table(columns, [[_cell(r[c]) for c in columns] for r in rows])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _names(names: list, limit: int = 12) -> str:
    return name_list((md_escape(n) for n in names), limit)


_num = fixed

FINDINGS_KEY = ("Each gap rule broken and each organisation the partnership cannot lose is one "
                "finding, graded critical to low; info findings are observations.")


def type_column_sentence(column: str) -> str:
    """How the organisation types were counted, in a coordinator's words."""
    return (f"Organisation types were read from the column '{column}'. Each type is counted "
            "in one of the broad sectors above (statutory, voluntary, faith...): the Sector "
            "column of the tables and the sector rules use these (the command netmap vocabulary "
            "lists every type and the sector it counts in).")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _h(key: str) -> str:
    """The ``##`` heading of a section (:data:`netmap.render.sections.SECTIONS`)."""
    return "## " + TITLES[key]


def _headline(p: Partnership, m: Metrics) -> list:
    net, fn, org = m.network, m.functions, m.organisations
    out = []
    conn = net["connectance"]
    out.append(f"- {_plural(net['organisations'], 'organisation')}, "
               f"{_plural(net['functions'], 'function')}, "
               f"{_plural(net['engagements'], 'engagement')}"
               + (f" (connectance {conn:.2f}: {conn:.0%} of all possible engagements)"
                  if conn is not None else "") + ".")
    sectors = sorted(net["sectors"].items(), key=lambda kv: (-kv[1], kv[0]))
    if sectors:
        out.append("- Sectors: " + ", ".join(f"{n} {md_escape(s)}" for s, n in sectors) + ".")
    missing = net["functions_without_provider"]
    out.append("- Functions with no provider: " + (_names(missing) if missing else "none") + ".")
    if len(fn):
        least = fn["providers"].min()
        thin = fn.loc[fn["providers"] == least, "function"].tolist()
        out.append(f"- Fewest providers: {_names(thin)} ({_plural(int(least), 'provider')}"
                   + (" each" if len(thin) > 1 else "") + ").")
        single = fn.loc[fn["providers"] == 1, "function"].tolist()
        out.append("- Functions resting on a single provider: "
                   + (_names(single) if single else "none") + ".")
    if len(org):
        one = int((org["functions"] == 1).sum())
        top = org["functions"].max()
        broad = org.loc[org["functions"] == top, "organisation"].tolist()
        out.append(f"- {one} of {len(org)} organisations {'works' if one == 1 else 'work'} in "
                   "one function only; the broadest "
                   f"({_plural(int(top), 'function')}): {_names(broad)}.")
    out.append(f"- Gap rules broken now: {net['gaps']}"
               + (" (each is a finding below)" if net["gaps"] else "")
               + "; organisations the partnership cannot lose (losing one alone would break "
               "a rule): " + (_names(net["critical_organisations"])
                              if net["critical_organisations"] else "none") + ".")
    out.append(f"- Robustness: {_num(net['robustness'])} at random, "
               f"{_num(net['robustness_targeted'])} most-connected first (1 = every function "
               f"keeps a provider until the last organisation leaves). NODF {_num(net['nodf'], 1)}"
               f"; degree centralisation {_num(net['centralisation'])}; "
               f"{_plural(net['components'], 'component')}.")
    return out


def to_confirm_markdown(p: Partnership, m: Metrics) -> list:
    """The "To confirm" section: every uncertain mark and the gaps hanging on them
    (:func:`netmap.confirm.to_confirm`); no lines when there is none."""
    from netmap.confirm import confirm_report, describe_confirm

    result, rows = confirm_report(p, m)
    cells = result["cells"]
    if not cells:
        return []
    how = "counted" if all(c["counted"] for c in cells) else "not counted"
    verb = "is" if len(cells) == 1 else "are"
    out = ["", _h("to_confirm"), "",
           f"{_plural(len(cells), 'mark')} in the spreadsheet {verb} uncertain (TBC, ?, "
           f"partly...); they were {how} as engagements in this report.", ""]
    out.append(md_table(["Organisation", "Function", "Mark", "Cell", "Counted"],
                        [[c["organisation"], c["function"], c["mark"],
                          f"{c['column']}{c['row']}", "yes" if c["counted"] else "no"]
                         for c in cells]))
    out += [""] + [f"- {md_escape(line)}" for line in describe_confirm(result)]
    if rows:
        out += ["", "The key figures with every uncertain mark read as an engagement, and as "
                "none:", "", md_table(["Figure", "Read as engaged", "Read as not engaged"],
                                      rows)]
    return out


def contacts_note_markdown(provenance: dict) -> list:
    """A paragraph saying which contact-detail columns were left out, if any."""
    left = (provenance.get("options") or {}).get("contacts_left_out")
    if not left:
        return []
    return ["", "**Contact details left out**: the column" + ("s " if len(left) > 1 else " ")
            + ", ".join(f"'{md_escape(c)}'" for c in left)
            + (" hold personal data and are" if len(left) > 1 else " holds personal data and is")
            + " not in this report (`--keep-contacts` keeps them)."]


ORG_TABLE_ROWS = 500  # organisations listed with their details; organisations.csv has all


def organisations_markdown(p: Partnership, m: Metrics) -> list:
    """The organisations with their attributes (notes, area, region...) and functions;
    no lines when the partnership records no attribute but its sector."""
    extra = [c for c in p.attributes.columns if c != "sector"]
    if not extra:
        return []
    org = m.organisations
    cols = [c for c in ("sector", *extra) if c in org.columns]
    shown = org.head(ORG_TABLE_ROWS)
    functions = p.functions_of()
    rows = [[r["organisation"], *[_cell(r[c]) for c in cols],
             "; ".join(functions.get(r["organisation"], ()))] for _, r in shown.iterrows()]
    out = ["", _h("organisations"), ""]
    if len(org) > len(shown):
        out += [f"The first {len(shown)} of {len(org)} organisations; organisations.csv "
                "lists them all.", ""]
    out.append(md_table(["Organisation", *[c.capitalize() for c in cols], "Functions"], rows))
    return out


def vocabulary_section(reading, not_checked: Sequence = ()) -> list:
    """Lines of the sections "How the labels were read" and "Rules not checked".

    ``reading`` is a :class:`netmap.vocabulary.Reading` (or None); the first
    section lists every label not read as itself (empty when every label is
    canonical), the second every rule that could not be checked, with reason
    and fix (:func:`netmap.metrics.rules.not_checked`).
    """
    out: list = []
    lines = reading.lines() if reading is not None else []
    if lines:
        out += ["", _h("vocabulary"), ""]
        out += [f"- {md_escape(line)}" for line in lines]
        if reading.type_column:
            out += ["", type_column_sentence(md_escape(reading.type_column))]
    if not_checked:
        out += ["", _h("not_checked"), ""]
        out.append(md_table(["Rule", "Function", "Sector", "Why", "How to check it"], [
            [r["rule"], r["function"] or "", r["sector"] or "", r["reason"], r["fix"]]
            for r in not_checked]))
    return out


def markdown_report(p: Partnership, m: Metrics, provenance: dict,
                    findings: Sequence = (), reading=None) -> str:
    """The Markdown report.

    ``provenance`` holds ``file``, ``sha256``, ``layout`` and ``options``;
    ``findings`` the ranked findings (:func:`netmap.findings.findings`);
    ``reading`` how the labels were read (:class:`netmap.vocabulary.Reading`).
    """
    fn, org = m.functions, m.organisations
    out = [f"# Partnership report: {md_escape(p.name)}", ""]
    out.append(f"Made by netmap {__version__} from `{md_escape(provenance.get('file', ''))}` "
               f"(SHA-256 `{provenance.get('sha256', '')}`), read as a "
               f"{provenance.get('layout', '')} layout"
               + (" with options " + ", ".join(
                   f"{md_escape(k)}={md_escape(v)}" for k, v in provenance["options"].items())
                  if provenance.get("options") else "") + ".")
    if (provenance.get("options") or {}).get("pseudonymised"):
        out += ["", "**Organisation names are pseudonymised**: each is a keyed code (ORG-...); "
                "the coordinator's key file maps codes back (`netmap reveal KEYFILE CODE`)."]
    out += contacts_note_markdown(provenance)
    out += ["", _h("headline"), ""] + _headline(p, m)

    out += ["", _h("findings"), ""]
    if findings:
        from netmap.findings import summary

        out += [md_escape(_capital(summary(m, list(findings)))) + ". " + FINDINGS_KEY, ""]
        out += [f"{i}. **{f.severity}** - {md_escape(f.message)}"
                for i, f in enumerate(findings, start=1)]
    else:
        out.append("No findings.")
    if m.notes:
        out += ["", "Not checked: " + "; ".join(md_escape(n) for n in m.notes) + "."]
    out += to_confirm_markdown(p, m)
    out += vocabulary_section(reading, m.not_checked)

    out += ["", _h("coverage"), ""]
    sectors_cols = list(m.coverage.columns)
    rows = []
    for _, r in fn.iterrows():
        rows.append([r["function"], int(r["providers"])]
                    + [int(m.coverage.loc[r["function"], s]) for s in sectors_cols]
                    + [_num(r["sector_diversity"]), int(r["redundancy"])])
    out.append(md_table(["Function", "Providers"] + sectors_cols
                        + ["Sector diversity", "Redundancy"], rows))

    out += ["", _h("brokers"), "", broker_intro(len(org)), "",
            md_table(BROKER_HEADERS, broker_rows(m))]

    out += ["", _h("stand_ins"), ""]
    standing = stand_ins(p, m)
    out.append("Organisations nobody else can stand in for (no other organisation covers all "
               "their functions): "
               + (_names(standing["alone"]) if standing["alone"] else "none") + ".")
    if standing["groups"]:
        out += ["", "Organisations doing exactly the same functions (structurally equivalent):",
                "", md_table(["Organisations", "Functions"], standing["groups"])]

    out += organisations_markdown(p, m)

    out += ["", _h("robustness"), ""]
    net = m.network
    if net.get("first_loss_targeted") is not None:
        out.append(f"Removing the most-connected organisations first, the first function loses "
                   f"its last provider after {net['first_loss_targeted']} of {len(org)} "
                   f"{'leaves' if net['first_loss_targeted'] == 1 else 'leave'}; "
                   f"in random order, after {_num(net['first_loss_random'], 1)} on average "
                   f"({net['robustness_runs']} runs, seed {net['robustness_seed']}).")
    if m.curves is not None and len(m.curves) > 1:
        n = len(m.curves) - 1
        steps = sorted({round(n * k / 10) for k in range(11)})
        rows = [[int(m.curves.loc[s, "removed"]), f"{m.curves.loc[s, 'removed_fraction']:.0%}",
                 f"{m.curves.loc[s, 'targeted']:.0%}", f"{m.curves.loc[s, 'random_mean']:.0%}"]
                for s in steps]
        out += ["", md_table(["Organisations removed", "Share removed",
                              "Functions covered (most-connected first)",
                              "Functions covered (random, mean)"], rows)]

    out += ["", _h("breadth"), "", md_table(BREADTH_HEADERS, breadth_rows(m))]

    out += ["", _h("methods"), ""]
    out += [f"- **{name}**: {md_escape(text)}" for name, text in METHODS]
    out.append("")
    return "\n".join(out)
