"""``netmap whatif ... -o scenario.html``: a one-page, printable account of a scenario.

The page says in plain words what changes if the organisations named leave
(:func:`headline`, the same sentence as the live what-if of ``map.html`` and
``report.html``), then the gap rules newly broken, no longer broken and broken
as before, the providers of each function before and after, the organisations
whose brokerage changes most, the network before and after, and the command
that reproduces it (shell-quoted). It extends the house page
(``_base.html.j2``) and prints on one A4 page for a partnership of usual size.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from pathlib import Path

from netmap import __version__
from netmap.metrics.rules import CoverageState, evaluate, load_rules
from netmap.model import Partnership
from netmap.render.assets import CSP, render_template
from netmap.render.display import fixed

__all__ = ["headline", "still_broken", "scenario_html", "write_scenario"]


def _and_list(names: list) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 4:
        return f"{', '.join(names[:3])} and {len(names) - 3} others"
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def still_broken(p: Partnership, result: dict, rules: dict | None = None) -> list:
    """The gap rules broken both before and after the scenario (findings as dicts)."""
    removed = [r["organisation"] for r in result["removed"]]
    rules = rules if rules is not None else load_rules()
    before = {g.key for g in evaluate(CoverageState.of(p), rules)[0]}
    after = {g.key: g for g in evaluate(CoverageState.of(p).without(removed), rules)[0]}
    return [g.as_dict() for k, g in after.items() if k in before]


def headline(result: dict, still: int) -> str:
    """The scenario in one sentence (``netmap/templates/whatif.js`` says the same in the page).

    ``still`` is how many rules are broken before and after.

    >>> r = {"removed": [{"organisation": "Hestia"}, {"organisation": "Kalayaan"}],
    ...      "functions": [{"function": "Victim Support", "providers_after": 9,
    ...                     "lost": ["Hestia", "Kalayaan"]}],
    ...      "gaps_opened": [], "gaps_closed": []}
    >>> headline(r, 0)
    'Without Hestia and Kalayaan, Victim Support rests on 9 providers; no rule broken'
    """
    who = _and_list([r["organisation"] for r in result["removed"]])
    hit = [f for f in result["functions"] if f["lost"]]
    text = f"Without {who}, "
    if not hit:
        text += "no function loses a provider"
    else:
        worst = sorted(hit, key=lambda f: (f["providers_after"], -len(f["lost"])))[0]
        left = worst["providers_after"]
        text += (f"{worst['function']} has no provider left" if left == 0
                 else f"{worst['function']} rests on {_plural(left, 'provider')}")
        if len(hit) > 1:
            text += f" ({len(hit)} functions lose providers)"
    opened, closed = len(result["gaps_opened"]), len(result["gaps_closed"])
    if opened:
        text += f"; {_plural(opened, 'rule')} newly broken"
    elif still:
        text += f"; no new rule broken ({still} broken as before)"
    else:
        text += "; no rule broken"
    if closed:
        text += f"; {closed} no longer broken"
    return text


def command_line(source: str, removed: list, output: str | None, options: dict) -> str:
    """The command that writes this page again, each word shell-quoted; files by their
    names only, as report.html names them (a page sent on does not show folders)."""
    words = ["netmap", "whatif", source]
    for name in removed:
        words += ["--remove", name]
    for flag, key in (("--rules", "rules_file"), ("--taxonomy", "taxonomy_file")):
        if options.get(key):
            words += [flag, Path(str(options[key])).name]
    for flag, key, default in (("--runs", "runs", 100), ("--seed", "seed", 0)):
        if options.get(key, default) != default:
            words += [flag, str(options[key])]
    if output:
        words += ["-o", output]
    return " ".join(shlex.quote(w) for w in words)


def scenario_html(p: Partnership, result: dict, rules: dict | None = None,
                  provenance: dict | None = None, command: str = "") -> str:
    """The scenario page (see the module docstring)."""
    still = still_broken(p, result, rules)
    provenance = {"file": "", "sha256": "", "rules": "", **(provenance or {})}
    net = [(k.replace("_", " "), fixed(v["before"]) if isinstance(v["before"], float)
            else v["before"], fixed(v["after"]) if isinstance(v["after"], float) else v["after"])
           for k, v in result["network"].items()]
    names = [r["organisation"] for r in result["removed"]]
    return render_template(
        "scenario.html.j2", title=f"What if {_and_list(names)} left: {p.name}", csp=CSP,
        version=__version__, headline=headline(result, len(still)), result=result,
        still=still, network=net, provenance=provenance, command=command, fmt=fixed)


def write_scenario(p: Partnership, result: dict, path: str | os.PathLike, *,
                   rules: dict | None = None, provenance: dict | None = None,
                   command: str = "", inputs: Iterable = ()) -> Path:
    """Write :func:`scenario_html` to ``path`` atomically; an input is never replaced.

    >>> import tempfile, netmap
    >>> p = netmap.read("data/partners.csv")
    >>> r = netmap.whatif(p, ["Hestia"], runs=0)
    >>> write_scenario(p, r, tempfile.mkdtemp() + "/s.html").name
    's.html'
    """
    from netmap.io.outputs import refuse_inputs, write_text

    refuse_inputs(path, (p.source, *inputs))
    return write_text(path, scenario_html(p, result, rules, provenance, command))
