"""What every netmap command shares: options, loading, and turning errors into messages.

Only the ``netmap.cli`` package prints or exits; nothing else imports click.
Exit codes: 0 success; 1 the input or the data is wrong (every problem is
listed, naming file, row and column); 2 the command line is wrong (click's
usage errors); 3 ``--fail-on-gaps`` (``gaps``, ``report``) found a gap.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys

import click

from netmap.cli.options import (  # noqa: F401 - the option declarations, re-exported
    LAYOUT_CHOICES,
    SEVERITY_CHOICES,
    analysis_options,
    fail_on_gaps_option,
    fails_on,
    input_options,
    jobs_option,
    map_options,
    modules_option,
    verbosity_options,
)
from netmap.errors import InputError, NetmapError
from netmap.io.options import MAX_BYTES, MAX_COLUMNS, MAX_ROWS


def echo_problem(problem, err: bool = True) -> None:
    from netmap.cli.output import paint

    label = {"error": "error", "warning": "warning"}.get(problem.severity, "note")
    click.echo(f"{paint(label + ':', label, err)} {problem}", err=err)


def say(opts: dict, text: str, err: bool = False) -> None:
    """Print a confirmation or summary line, unless --quiet (errors only)."""
    if not opts.get("quiet"):
        click.echo(text, err=err)


def note(opts: dict, text: str) -> None:
    """Print ``note: text`` on standard error, unless --quiet."""
    say(opts, f"note: {text}", err=True)


def show(problems, verbose: bool, quiet: bool, err: bool = True) -> None:
    for p in problems:
        if p.severity == "error" or (p.severity == "warning" and not quiet) or verbose:
            echo_problem(p, err)


# commands that write files whatever their options, and the options that make the others
# write one: only these say "nothing was written" when they fail
WRITING_COMMANDS = frozenset({"report", "map", "export", "compare", "trend", "synth", "form",
                              "collect"})
WRITING_OPTIONS = ("outdir", "output")


def _writes(kwargs: dict) -> bool:
    ctx = click.get_current_context(silent=True)
    name = ctx.info_name if ctx is not None else None
    return name in WRITING_COMMANDS or any(kwargs.get(k) for k in WRITING_OPTIONS)


def json_failure(message: str, problems=()) -> None:
    """The one JSON object a command run with ``--format json`` prints on standard output
    when it fails: ``error`` (what the terminal says) and ``problems`` (as ``validate
    --format json`` lists them)."""
    import json

    from netmap.errors import column_letter

    rows = [{"severity": p.severity, "file": p.file, "row": p.row,
             "column": column_letter(p.column) if p.column is not None else None,
             "column_name": p.column_name, "message": p.message, "hint": p.hint}
            for p in problems]
    click.echo(json.dumps({"error": message, "problems": rows}, ensure_ascii=False))


def handle_errors(func):
    """Turn NetmapError into clear lines and exit 1; never show a traceback.

    With ``--format json`` a failure also prints one JSON object on standard
    output (:func:`json_failure`), so a script reading it always gets JSON.
    Only a command that writes files adds "nothing was written".
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from netmap.io.runfolder import stop_on_signals

        as_json = kwargs.get("fmt") == "json"
        nothing = "; nothing was written" if _writes(kwargs) else ""

        def fail(message: str, code: int, problems=()) -> None:
            if as_json:
                json_failure(message, problems)
            sys.exit(code)

        try:
            with stop_on_signals():
                return func(*args, **kwargs)
        except InputError as e:
            errors = e.errors
            shown = private_problems(e.problems, e.names)
            show(shown, verbose=False, quiet=True)
            files = sorted({p.file for p in errors if p.file})
            where = f" in {', '.join(files)}" if files else ""
            line = f"{len(errors)} error{'s' if len(errors) != 1 else ''}{where}{nothing}."
            click.echo(f"{_failed()} {line}", err=True)
            fail(line, 1, [p for p in shown if p.is_error])
        except NetmapError as e:
            text = private_text(str(e))
            click.echo(f"{_failed()} {text}", err=True)
            fail(text, 1)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except BrokenPipeError:
            # the reader (e.g. `| head`) went away: stop quietly, as other tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(f"netmap: interrupted{nothing}.", err=True)
            fail(f"interrupted{nothing}", 130)
        except SystemExit as e:
            from netmap.io.runfolder import Terminated

            if isinstance(e, Terminated):
                line = "stopped by a signal" + (
                    " after the outputs were written" if getattr(e, "outputs_written", False)
                    else nothing)
                click.echo(f"netmap: {line}.", err=True)
                if as_json:
                    json_failure(line)
            raise
        except Exception as e:  # noqa: BLE001 - last line of defence: no traceback for users
            if os.environ.get("NETMAP_DEBUG"):
                raise
            line = (f"unexpected internal error ({type(e).__name__}: {e}). This is a bug in "
                    "netmap; set NETMAP_DEBUG=1 to see the details.")
            click.echo(f"netmap: {line}", err=True)
            fail(line, 1)

    return wrapper


def _failed() -> str:
    """The ``netmap:`` that starts an error line (red on a terminal)."""
    from netmap.cli.output import paint

    return paint("netmap:", "error", err=True)


def rules_for(opts: dict, *partnerships) -> dict:
    """The gap rules of --rules (or the defaults), read through the vocabulary of
    --taxonomy and the partnerships' own functions."""
    from netmap.metrics.rules import load_rules

    own = dict.fromkeys(f for p in partnerships for f in p.functions)
    return load_rules(opts["rules_file"], vocabulary(opts), own)


def analyse(p, opts: dict):
    from netmap.metrics import compute

    return compute(p, rules=rules_for(opts, p), runs=opts["runs"], seed=opts["seed"],
                   force_modules=bool(opts.get("force_modules")))


LOAD_KEYS = ("layout", "org_column", "weighted", "sheet", "attributes", "aliases",
             "attribute_columns", "encoding", "max_bytes", "max_rows", "max_columns",
             "header_row", "uncertain")


def load_input(path, opts: dict):
    """Load ``path``, show its problems, apply --drop-attributes and --pseudonymise."""
    return load_inputs([path], opts)[0]


def protect(loaded, opts: dict):
    """Apply --drop-attributes and --pseudonymise to a loaded partnership.

    Columns are dropped where they exist (:func:`load_inputs` and
    :func:`~netmap.cli.many.load_many` check first that each one exists).
    """
    from netmap.privacy import drop_attributes, drop_contacts

    if opts.get("drop"):
        loaded.partnership = drop_attributes(loaded.partnership, opts["drop"], missing_ok=True)
    if "keep_contacts" in opts and not opts["keep_contacts"]:
        loaded.partnership, dropped = drop_contacts(loaded.partnership)
        if dropped:
            left = opts.setdefault("contacts_left_out", [])
            new = [c for c in dropped if c not in left]
            left += new
            if new:
                many = len(new) > 1
                note(opts, f"contact details (column{'s' if many else ''} "
                     f"{', '.join(repr(c) for c in new)}) left out of the outputs: "
                     "they are personal data; pass --keep-contacts to keep them")
    private = pseudonymiser(opts)
    if private is not None:
        loaded.partnership = private.partnership(loaded.partnership)
    return loaded


def used_options(opts: dict) -> dict:
    from netmap.render.map import LARGE_MAP

    keys = LOAD_KEYS + ("rules_file", "runs", "seed", "drop", "group_above",
                        "contacts_left_out", "taxonomy_file", "strict_vocabulary")
    defaults = {"max_bytes": MAX_BYTES, "max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS,
                "group_above": LARGE_MAP, "uncertain": "not-engaged"}
    used = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()
            if k in keys and v is not None and v is not False and v != ()
            and v != defaults.get(k)}
    if opts.get("keyfile"):
        used["pseudonymised"] = True  # the key file's path is not recorded
    return used


def sha256(path) -> str:
    """SHA-256 of an input file (hex), for provenance."""
    from netmap.io.files import file_sha256

    return file_sha256(path)




class Steps:
    """A progress bar over named steps, on a terminal only and never with --quiet."""

    def __init__(self, opts: dict, total: int, label: str):
        self.shown = sys.stderr.isatty() and not opts.get("quiet")
        self.bar = click.progressbar(length=total, label=label, file=sys.stderr,
                                     hidden=not self.shown, item_show_func=lambda s: s)

    def __enter__(self):
        self.bar.__enter__()
        return self

    def step(self, name: str) -> None:
        self.bar.update(1, name)

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


PSEUDONYMISER = "netmap.pseudonymiser"  # where a run keeps its Pseudonymiser (click's ctx.meta)


def pseudonymiser(opts: dict):
    """The run's :class:`~netmap.privacy.Pseudonymiser` under --pseudonymise, else None.

    Made on first use (the key file is opened, or created, before any input
    is read) and kept for the whole command, so that every message it prints
    can use codes: :func:`handle_errors` finds it there.
    """
    if not opts.get("keyfile"):
        return None
    from netmap.privacy import KeyFile, Pseudonymiser, names_seen

    meta = click.get_current_context().meta
    if PSEUDONYMISER not in meta:
        private = Pseudonymiser(KeyFile(opts["keyfile"]))
        # alias spellings and names in an attributes file appear in warnings too
        private.add(names_seen(load_options(opts)))
        meta[PSEUDONYMISER] = private
    return meta[PSEUDONYMISER]


def load_options(opts: dict):
    """The command's load options as one :class:`~netmap.io.options.LoadOptions`."""
    from netmap.io.options import LoadOptions

    return LoadOptions(**{k: opts[k] for k in LOAD_KEYS if k in opts})


@contextlib.contextmanager
def names_kept(opts: dict):
    """Around a load: when it fails under --pseudonymise, keep the names it saw.

    They come with the error (``InputError.names``: every name the loader
    saw before it stopped).
    """
    private = pseudonymiser(opts)
    try:
        yield
    except InputError as e:
        if private is not None and e.names:
            private.add(e.names)
        raise


def vocabulary(opts: dict):
    """The run's vocabulary: the defaults, extended by --taxonomy (read once per run)."""
    from netmap.taxonomy import load_taxonomy

    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    file = opts.get("taxonomy_file")
    if VOCABULARY not in meta or meta[VOCABULARY][0] != file:
        meta[VOCABULARY] = (file, load_taxonomy(file))
    return meta[VOCABULARY][1]


VOCABULARY = "netmap.vocabulary"  # the run's (taxonomy file, Vocabulary) in click's ctx.meta


def read_input(path, opts: dict):
    """:func:`netmap.vocabulary.load` of ``path`` with the command's options (problems not
    shown): the loader, then the vocabulary layer."""
    from netmap.vocabulary import load

    options = load_options(opts)
    with names_kept(opts):
        return load(path, options, vocabulary(opts), opts.get("strict_vocabulary", False))


def _current_pseudonymiser():
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(PSEUDONYMISER) if ctx is not None else None


def private_problems(problems, names=None) -> list:
    """``problems`` with organisation names replaced by codes when the run pseudonymises.

    ``names`` (e.g. ``InputError.names``) are added to the names the run met.
    If the key file cannot record the codes, the messages are withheld.
    """
    private = _current_pseudonymiser()
    if private is None:
        return list(problems)
    if names:
        private.add(names)
    try:
        return private.problems(problems)
    except NetmapError as e:
        from netmap.errors import Problem

        return [Problem(p.severity, "message withheld: it may name an organisation and the key "
                        f"file could not record its code ({e})", file=p.file, row=p.row,
                        column=p.column) for p in problems]


def private_text(text: str) -> str:
    """``text`` with organisation names replaced by codes when the run pseudonymises."""
    private = _current_pseudonymiser()
    if private is None:
        return text
    try:
        return private.text(text)
    except NetmapError as e:
        return f"message withheld: it may name an organisation and the key file could not " \
               f"record its code ({e})"


def show_loaded(loaded, opts: dict) -> None:
    """Show a loaded input's problems (organisation names in codes under --pseudonymise)."""
    private = pseudonymiser(opts)
    if private is not None:
        private.add(loaded.partnership.organisations)
        loaded.problems = private.problems(loaded.problems)
    show(loaded.problems, opts["verbose"], opts["quiet"])


def load_inputs(paths, opts: dict) -> list:
    """Load each of ``paths`` (showing its problems), then protect them all.

    A column of --drop-attributes must exist in one of the partnerships at least.
    """
    from netmap.privacy import check_attributes

    loaded, failed = [], []
    for path in paths:  # every input's errors in one run, not one file per run
        try:
            loaded.append(read_input(path, opts))
        except InputError as e:
            failed.append(e)
            continue
        show_loaded(loaded[-1], opts)
    if failed:
        names = [n for e in failed for n in (e.names or ())]
        raise InputError([p for e in failed for p in e.problems],
                         names=names if any(e.names is not None for e in failed) else None)
    if opts.get("drop"):
        check_attributes([item.partnership for item in loaded], opts["drop"])
    return [protect(item, opts) for item in loaded]
