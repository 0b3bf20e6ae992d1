"""The options the commands share, declared once: reading a file, the analysis, maps,
modules, ``--fail-on-gaps`` and the two verbosity switches. Heavy modules are imported
only when a command's help or a given value needs them (start-up stays light).
"""

from __future__ import annotations

import click

from netmap.io.options import MAX_BYTES, MAX_COLUMNS, MAX_ROWS

LAYOUT_CHOICES = ["wide", "long", "roster"]


def verbosity_options(func):
    """-v/--verbose and -q/--quiet: the same two switches on every command."""
    func = click.option("-q", "--quiet", is_flag=True,
                        help="Show errors only (the answer a command prints stays).")(func)
    return click.option("-v", "--verbose", is_flag=True,
                        help="Also show notes (encoding, layout, details).")(func)


SEVERITY_CHOICES = ("critical", "high", "medium", "low")  # netmap.metrics.rules.SEVERITIES


class _Severity(click.Choice):
    """A gap severity; a file name taken for one says where --fail-on-gaps goes."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and value not in self.choices:
            command = ctx.info_name if ctx is not None and ctx.info_name else "gaps"
            self.fail(f"{value!r} is not a severity ({', '.join(self.choices)}): give one, or "
                      f"put --fail-on-gaps after the input file (netmap {command} FILE "
                      "--fail-on-gaps)", param, ctx)
        return super().convert(value, param, ctx)


def fail_on_gaps_option(func):
    """``--fail-on-gaps [SEVERITY]``: exit 3 when a gap at or above SEVERITY is found."""
    return click.option(
        "--fail-on-gaps", "fail_on", type=_Severity(SEVERITY_CHOICES), is_flag=False,
        flag_value="low", default=None, metavar="[SEVERITY]",
        help="Exit with code 3 when a gap at or above SEVERITY (critical, high, medium, "
             "low; alone: any gap) is found; outputs are still written.")(func)


def jobs_option(func):
    """``--jobs N`` of a command with figures: N = 1 draws them in the command's process."""
    return click.option(
        "--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
        envvar="NETMAP_JOBS", show_envvar=True,
        help="Processes to use (default: the number of cores): the pictures are drawn in a "
             "second process while the rest is written, unless N is 1.")(func)


def fails_on(gaps, severity: str | None) -> bool:
    """True when one of ``gaps`` is at or above ``severity`` (None: never)."""
    if severity is None:
        return False
    rank = {s: i for i, s in enumerate(SEVERITY_CHOICES)}
    return any(rank.get(g.severity, len(rank)) <= rank[severity] for g in gaps)


def input_options(func):
    """Options shared by every command that reads a partnership file."""
    options = [
        click.option("--layout", type=click.Choice(LAYOUT_CHOICES), default=None,
                     help="Input layout (default: detected)."),
        click.option("--org-column", metavar="NAME", default=None,
                     help="Header of the organisation column (default: the first column)."),
        click.option("--weighted", is_flag=True,
                     help="Read numbers in cells as engagement strengths."),
        click.option("--sheet", metavar="NAME|N", default=None,
                     help="Workbook sheet, by name or number (default: the first visible "
                          "worksheet)."),
        click.option("--attributes", "attributes", metavar="FILE", default=None,
                     type=click.Path(dir_okay=True),
                     help="Organisation attributes file (first column organisation)."),
        click.option("--aliases", metavar="FILE", default=None, type=click.Path(dir_okay=True),
                     help="Aliases file (columns alias,canonical)."),
        click.option("--attribute-column", "attribute_columns", metavar="NAME", multiple=True,
                     help="A matrix column that is an attribute, not a function (repeatable)."),
        click.option("--encoding", metavar="NAME", default=None,
                     help="Text encoding of the input (default: detected)."),
        click.option("--header-row", type=click.IntRange(1), default=None, metavar="N",
                     help="Spreadsheet row holding the column names (default: detected; "
                          "title and comment rows above it are skipped)."),
        click.option("--uncertain", type=click.Choice(["not-engaged", "engaged", "error"]),
                     default="not-engaged", show_default=True,
                     help="How to count uncertain marks (?, TBC, partly, not sure...); "
                          "the report lists them to confirm."),
        click.option("--max-rows", type=click.IntRange(1), default=MAX_ROWS, show_default=True,
                     help="Refuse inputs with more rows (protects memory)."),
        click.option("--max-bytes", type=click.IntRange(1), default=MAX_BYTES,
                     show_default=True, help="Refuse larger input files (protects memory)."),
        click.option("--max-columns", type=click.IntRange(1), default=MAX_COLUMNS,
                     show_default=True, help="Refuse inputs with wider rows (protects memory)."),
        click.option("--taxonomy", "taxonomy_file", metavar="FILE", default=None,
                     type=click.Path(dir_okay=True),
                     help="Vocabulary (TOML): synonyms of functions and sector values "
                          "extending or replacing the defaults (see netmap vocabulary)."),
        click.option("--strict-vocabulary", is_flag=True,
                     help="A function label that is neither canonical nor a synonym is an "
                          "error (default: the partnership's own function)."),
        click.option("--pseudonymise", "keyfile", metavar="KEYFILE", default=None,
                     type=click.Path(dir_okay=False),
                     help="Replace organisation names by keyed codes in every output; the key "
                          "file is created if missing and stays with you (netmap reveal).")
        ,
        click.option("--drop-attributes", "drop", metavar="COL", multiple=True,
                     help="Leave this attribute column out of every output (repeatable)."),
    ]
    for option in reversed(options):
        func = option(func)
    return verbosity_options(func)


def analysis_options(func):
    """Options of every command that computes metrics.

    numpy's generators take any whole number 0 or more as a seed (through a
    SeedSequence) but no negative one: a negative ``--seed`` is a usage error.
    """
    options = [
        click.option("--raw-csv", is_flag=True,
                     help="Write CSV cells as they are, without the leading ' that stops a "
                          "spreadsheet running names such as =HYPERLINK(...) as formulas."),
        click.option("--rules", "rules_file", metavar="FILE", default=None,
                     type=click.Path(dir_okay=True),
                     help="Gap rules (TOML) overriding the defaults."),
        click.option("--runs", type=click.IntRange(0, 100000), default=100, show_default=True,
                     help="Random removal orders for robustness (0 to 100000; 0 skips them)."),
        click.option("--keep-contacts", is_flag=True,
                     help="Keep contact details (columns such as contact, e-mail, phone) in "
                          "the outputs; they are personal data, left out by default."),
        click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Seed of every random draw: a whole number 0 or more (no upper limit); "
                          "the same seed gives the same numbers."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def modules_option(func):
    """``--force-modules``: search for modules with every restart at any size."""
    return click.option(
        "--force-modules", is_flag=True,
        help="Search for modules with all 20 DIRTLPAwb+ restarts however many distinct "
             "function sets there are (default: fewer restarts above 2,000 cells, none above "
             "1,000,000; a note says so).")(func)


class _SizeBy(click.Choice):
    """The choices of --size-by, read from netmap.render.map when first needed
    (a command's help or a given value), so that start-up does not import the
    renderer and, through it, networkx."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=True)

    @property  # type: ignore[override]
    def choices(self):
        from netmap.render.map import SIZE_BY

        return tuple(sorted(SIZE_BY))

    @choices.setter
    def choices(self, value) -> None:
        pass


class _GroupAboveOption(click.Option):
    """--group-above, whose default (netmap.render.map.LARGE_MAP) is read when needed."""

    def get_default(self, ctx, call=True):
        from netmap.render.map import LARGE_MAP

        return LARGE_MAP


def map_options(func):
    """Options of the commands that draw a map."""
    options = [
        click.option("--size-by", type=_SizeBy(), default="betweenness",
                     show_default=True, help="Organisation size on the map."),
        click.option("--group-above", cls=_GroupAboveOption, type=click.IntRange(1),
                     show_default=True, metavar="N",
                     help="With more organisations than N, draw the most central (150, or N "
                          "if fewer) one by one and the rest as one node per set of functions."),
        click.option("--physics", is_flag=True,
                     help="Let organisations move (force layout) instead of fixed places."),
    ]
    for option in reversed(options):
        func = option(func)
    return func
