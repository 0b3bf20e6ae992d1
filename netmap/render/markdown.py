"""``report.md``: the partnership in plain words and small tables, for a coordinator.

Names are escaped so that no name can inject Markdown or HTML into a viewer
that renders the file (``<``, ``>``, ``&``, ``|``, ``*``, ``_``, backticks,
brackets).
"""

from __future__ import annotations

import re

from netmap import __version__
from netmap.metrics import Metrics
from netmap.model import Partnership

__all__ = ["md_escape", "markdown_report", "md_table"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def md_escape(text) -> str:
    """Escape text for a Markdown table cell or paragraph.

    >>> md_escape("<img src=x> | *a*")
    '&lt;img src=x&gt; \\\\| \\\\*a\\\\*'
    """
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def md_table(header: list, rows: list) -> str:
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _names(names: list, limit: int = 12) -> str:
    shown = ", ".join(md_escape(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def markdown_report(p: Partnership, m: Metrics, provenance: dict) -> str:
    """The Markdown report. ``provenance`` holds ``file``, ``sha256``, ``layout``, ``options``."""
    net = m.network
    fn = m.functions
    org = m.organisations
    out = [f"# Partnership report: {md_escape(p.name)}", ""]
    out.append(f"Made by netmap {__version__} from `{md_escape(provenance.get('file', ''))}` "
               f"(SHA-256 `{provenance.get('sha256', '')}`), read as a "
               f"{provenance.get('layout', '')} layout"
               + (f" with options {md_escape(provenance['options'])}"
                  if provenance.get("options") else "") + ".")
    out += ["", "## Headline", ""]
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
    out.append("- Functions with no provider: "
               + (_names(missing) if missing else "none") + ".")
    if len(fn):
        least = fn["providers"].min()
        thin = fn.loc[fn["providers"] == least, "function"].tolist()
        out.append(f"- Fewest providers: {_names(thin)} ({_plural(int(least), 'provider')}).")
        single = fn.loc[fn["providers"] == 1, "function"].tolist()
        out.append("- Functions resting on a single provider: "
                   + (_names(single) if single else "none") + ".")
    if len(org):
        one = int((org["functions"] == 1).sum())
        top = org["functions"].max()
        broad = org.loc[org["functions"] == top, "organisation"].tolist()
        out.append(f"- {one} of {len(org)} organisations work in one function only; the broadest "
                   f"({_plural(int(top), 'function')}): {_names(broad)}.")
    idle = net["organisations_without_engagement"]
    if idle:
        out.append(f"- Organisations with no engagement: {_names(idle)}.")
    if net["components"] > 1:
        out.append(f"- The partnership falls into {net['components']} separate parts "
                   "(components) with no shared function between them.")

    out += ["", "## Providers per function, by sector", ""]
    sectors_cols = list(m.coverage.columns)
    rows = [[f, int(n)] + [int(m.coverage.loc[f, s]) for s in sectors_cols]
            for f, n in zip(fn["function"], fn["providers"], strict=True)]
    out.append(md_table(["Function", "Providers"] + sectors_cols, rows))

    out += ["", "## Organisations per number of functions", ""]
    rows = []
    for k in sorted(org["functions"].unique(), reverse=True):
        names = org.loc[org["functions"] == k, "organisation"].tolist()
        rows.append([int(k), len(names), ", ".join(names[:20])
                     + (f" and {len(names) - 20} more" if len(names) > 20 else "")])
    out.append(md_table(["Functions", "Organisations", "Which"], rows))
    out.append("")
    return "\n".join(out)
