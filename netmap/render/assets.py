"""Inline assets and safe data for self-contained HTML pages.

Every script and style a page needs is inlined (vis-network's own come from
:func:`netmap.render.visnet.vis_assets`). Data reaches a page only as JSON inside
``<script type="application/json">``, with ``<``, ``>``, ``&`` and the two
JavaScript line separators escaped, so no name can close the script element
or be read as markup.
"""

from __future__ import annotations

import functools
import json

from netmap.jsonsafe import plain

__all__ = ["safe_json", "render_template", "page_script", "CSP"]

# Pages may run their own inline code and styles and show data: images; nothing else
# (no fetch, no external script, style, font, frame or form target).
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")
def safe_json(obj) -> str:
    """JSON that can sit inside a script element: markup characters escaped.

    >>> safe_json({"name": "</script><img src=x>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(plain(obj), ensure_ascii=False, allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.cache
def page_script(name: str) -> str:
    """A page's own script (``netmap/templates/NAME``), inlined into the page at render time.

    The scripts live in files of their own so that CI can check their syntax
    (``node --check``); they take their data and colours from the page's JSON.
    """
    from importlib import resources

    return resources.files("netmap").joinpath("templates", name).read_text(encoding="utf-8")


@functools.cache
def _environment():
    """The pages' Jinja environment: made once per process, so that each template is
    compiled once however many pages (a batch of reports, compare's) are rendered."""
    import jinja2

    from netmap.render.palette import css_variables

    env = jinja2.Environment(loader=jinja2.PackageLoader("netmap", "templates"),
                             autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.globals.update(palette_css=css_variables(), map_js=page_script("map.js"),
                       report_js=page_script("report.js"), trend_js=page_script("trend.js"),
                       whatif_js=page_script("whatif.js"))
    return env


def render_template(name: str, **context) -> str:
    """Render a netmap page template (autoescaped, every variable required).

    Every page extends ``_base.html.j2`` (head, Content-Security-Policy,
    palette) and gets the palette's CSS variables and the pages' scripts.
    """
    return _environment().get_template(name).render(**context)
