"""Inline assets and safe data for self-contained HTML pages.

Every script and style a page needs is inlined: vis-network comes from the
copy pyvis ships (its source-map comment removed, so not even developer tools
fetch anything; the icons of the editing buttons netmap never shows left out).
Data reaches a page only as JSON inside
``<script type="application/json">``, with ``<``, ``>``, ``&`` and the two
JavaScript line separators escaped, so no name can close the script element
or be read as markup.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from netmap.errors import NetmapError
from netmap.jsonsafe import plain

__all__ = ["vis_assets", "safe_json", "render_template", "page_script", "CSP"]

# Pages may run their own inline code and styles and show data: images; nothing else
# (no fetch, no external script, style, font, frame or form target).
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")
VIS_VERSION = "9.1.2"
_SOURCE_MAP = re.compile(r"//[#@] sourceMappingURL=\S*")
# the icons of vis-network's editing and navigation buttons, which netmap's pages never
# show (manipulation and navigation buttons are off): 205 of the stylesheet's 220 kB
_BUTTON_ICONS = re.compile(r'background-image:\s*url\("?data:[^)]*\)\s*;?')


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple:
    """(javascript, css) of vis-network, from pyvis's bundled copy."""
    try:
        import pyvis
    except ImportError as e:  # pragma: no cover - pyvis is a declared dependency
        raise NetmapError("pyvis is not installed; reinstall netmap") from e
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as e:
        raise NetmapError(f"vis-network {VIS_VERSION} not found in pyvis ({lib}); reinstall "
                          "pyvis 0.3.2") from e
    js = _SOURCE_MAP.sub("", js)
    css = _BUTTON_ICONS.sub("", css)
    if "</script" in js.lower() or "</style" in css.lower():
        raise NetmapError("the bundled vis-network cannot be inlined safely")
    return js, css


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


def render_template(name: str, **context) -> str:
    """Render a netmap page template (autoescaped, every variable required).

    Every page extends ``_base.html.j2`` (head, Content-Security-Policy,
    palette) and gets the palette's CSS variables and the pages' scripts.
    """
    import jinja2

    from netmap.render.palette import css_variables

    env = jinja2.Environment(loader=jinja2.PackageLoader("netmap", "templates"),
                             autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.globals.update(palette_css=css_variables(), map_js=page_script("map.js"),
                       report_js=page_script("report.js"))
    return env.get_template(name).render(**context)
