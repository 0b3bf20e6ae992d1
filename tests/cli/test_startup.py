"""Start-up stays light (issue 17, "Start-up" target): what each test covers.

Speed itself is measured by ``benchmarks/startup.py``, never here; these tests
check the cause of a slow start, which can be false:

- ``test_importing_the_cli_loads_no_heavy_library``: ``import netmap.cli`` (in a
  fresh interpreter) does not import pandas, numpy, networkx, matplotlib,
  pyvis, openpyxl or jinja2.
- ``test_help_version_and_usage_errors_load_no_heavy_library``: the same for a
  whole ``python -m netmap --help``, ``--version``, a command's ``--help`` and a
  usage error, each checked in the process that ran it (exit code and output too).
- ``test_public_names_stay_available``: the lazy package keeps ``from netmap
  import X``, ``netmap.X``, ``__all__`` and ``dir()``; a submodule imported first
  never hides the function of the same name (``netmap.compare`` is the function).
- ``test_unknown_attribute_is_an_attribute_error``: ``netmap.nope`` raises
  AttributeError (so ``hasattr`` and ``getattr(netmap, x, default)`` work).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("pandas", "numpy", "networkx", "matplotlib", "pyvis", "openpyxl", "jinja2")

# Runs the command line in this process, as ``python -m netmap`` does, then prints
# the exit code and the heavy modules loaded, as JSON on the last line of stderr.
_RUN_CLI = """
import json, sys
heavy = {heavy!r}
code = 0
try:
    from netmap.cli import cli
    cli.main(args={args!r}, prog_name="netmap")
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else 1
loaded = sorted(m for m in heavy if m in sys.modules)
print(json.dumps({{"code": code, "loaded": loaded}}), file=sys.stderr)
"""


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_importing_the_cli_loads_no_heavy_library():
    done = _python("import sys, netmap.cli\n"
                   f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    # and the check can fail: reading a file does load pandas
    done = _python("import sys, netmap\nnetmap.read('data/partners.csv')\n"
                   "print('pandas' in sys.modules)")
    assert done.stdout.strip() == "True", done.stderr


@pytest.mark.parametrize("args, code, text", [
    (["--help"], 0, "Usage: netmap"),
    (["--version"], 0, "netmap, version"),
    (["metrics", "--help"], 0, "Usage: netmap metrics"),
    (["--no-such-option"], 2, "No such option"),
    (["no-such-command"], 2, "No such command"),
    (["metrics", "--format", "nope", "data/partners.csv"], 2, "Invalid value"),
])
def test_help_version_and_usage_errors_load_no_heavy_library(args, code, text):
    done = _python(_RUN_CLI.format(heavy=HEAVY, args=args))
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"code": code, "loaded": []}, done.stderr
    assert text in done.stdout + done.stderr


def test_help_through_python_m_netmap():
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "netmap", "--help"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "Usage: netmap" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "click" in imported  # the check sees what was imported
    assert not imported & set(HEAVY)


def test_public_names_stay_available():
    done = _python(
        "import json, types, netmap\n"
        "import netmap.compare, netmap.findings, netmap.diff, netmap.trend, netmap.whatif\n"
        "from netmap import Partnership, compute, write_report, compare\n"
        "bad = [n for n in netmap.__all__ if not hasattr(netmap, n)]\n"
        "mods = [n for n in netmap.__all__ if isinstance(getattr(netmap, n), types.ModuleType)]\n"
        "print(json.dumps({'bad': bad, 'mods': mods,\n"
        "  'dir': sorted(set(netmap.__all__) - set(dir(netmap))),\n"
        "  'same': compare is netmap.compare and compare.__module__ == 'netmap.compare',\n"
        "  'type': Partnership.__module__}))")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"bad": [], "mods": [], "dir": [], "same": True,
                                       "type": "netmap.model"}


def test_unknown_attribute_is_an_attribute_error():
    import netmap

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        netmap.nope  # noqa: B018
    assert getattr(netmap, "nope", 7) == 7
    assert "compute" in dir(netmap)
