"""The command line: exit codes, messages, the main job and the JSON contract."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest

import netmap
from netmap.cli import cli

from ..conftest import OK, ROOT, SEED

COMMANDS = sorted(cli.commands)
REPORT_FILES = [".netmap-run.json", "figures", "findings.csv", "functions.csv", "gaps.csv",
                "map.html", "network.json", "organisations.csv", "overlap.csv", "report.html",
                "report.md", "robustness.csv"]


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and netmap.__version__ in result.output


def test_python_dash_m_netmap():
    done = subprocess.run([sys.executable, "-m", "netmap", "--version"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and netmap.__version__ in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: cli " + command in result.output or f" {command} " in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`netmap {command}" in readme


def test_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1: lines.index("```", lines.index("```bash") + 1)]
    commands = [line for line in block if not line.startswith("#")]
    assert len(commands) == 2
    assert commands[0].endswith("netmap report")
    assert "pytest" in commands[1] and ".[test]" in commands[1]
    assert commands[1].startswith("sh scripts/install-browser && ")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m1 -e '-m pytest' README.md" in ci


def test_usage_errors_exit_2(runner):
    assert runner.invoke(cli, ["metrics"]).exit_code == 2
    assert runner.invoke(cli, ["metrics", str(SEED), "--format", "xml"]).exit_code == 2
    assert runner.invoke(cli, ["frobnicate"]).exit_code == 2


def test_report_with_no_arguments_writes_the_outputs(runner, seed_workdir):
    result = runner.invoke(cli, ["report"])
    assert result.exit_code == 0, result.output
    out = seed_workdir / "outputs"
    assert sorted(p.name for p in out.iterdir()) == REPORT_FILES
    assert "36 organisations, 6 functions, 51 engagements" in result.stdout
    assert "ECAT holds the partnership together" in result.stdout
    assert "it is active in 5 of 6 functions" in result.stdout
    raw = (out / "organisations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    orgs = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(orgs) == 36 and orgs[4]["organisation"] == "ECAT" and orgs[4]["functions"] == "5"
    fns = list(csv.DictReader(io.StringIO((out / "functions.csv").read_text("utf-8-sig"))))
    assert [int(f["providers"]) for f in fns] == [5, 7, 10, 11, 9, 9]
    assert [int(f["providers_voluntary"]) for f in fns] == [1, 2, 5, 9, 0, 2]
    net = json.loads((out / "network.json").read_text("utf-8"))
    assert (net["organisations"], net["functions"], net["engagements"]) == (36, 6, 51)
    assert net["source"]["file"] == "partners.csv" and len(net["source"]["sha256"]) == 64
    md = (out / "report.md").read_text("utf-8")
    assert "36 organisations, 6 functions, 51 engagements" in md
    assert "| Victim Support | 11 |" in md
    assert re.search(r"\| 5 \| 1 \| ECAT \|", md)


def test_report_to_another_folder_and_rerun_replaces_files(runner, tmp_path):
    out = tmp_path / "elsewhere" / "run"
    for _ in range(2):
        result = runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == REPORT_FILES


def test_failed_run_leaves_previous_outputs_intact(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["report", str(OK / "small.csv"), "-o", str(out)]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len(before) == 17  # 16 outputs and the manifest
    result = runner.invoke(cli, ["report", str(OK / "weights.csv"), "-o", str(out)])
    assert result.exit_code == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_metrics_json_contract(runner):
    result = runner.invoke(cli, ["metrics", str(SEED), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"not strict: {c}"))
    assert set(data) == {"network", "organisations", "functions"}
    net = data["network"]
    assert (net["organisations"], net["functions"], net["engagements"]) == (36, 6, 51)
    assert net["connectance"] == pytest.approx(51 / 216)
    assert net["components"] == 1
    assert all("organisation" in r for r in data["organisations"])
    assert [r["function"] for r in data["functions"]][0] == "Resources"
    poppy = next(r for r in data["organisations"] if r["organisation"] == "Poppy Project")
    assert poppy["functions"] == 3 and poppy["sector"] == "voluntary"


def test_metrics_csv_and_table(runner):
    result = runner.invoke(cli, ["metrics", str(SEED), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 36 and set(rows[0]) >= {"organisation", "sector", "functions"}
    result = runner.invoke(cli, ["metrics", str(SEED), "--format", "csv", "--table",
                                 "functions"])
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 6
    result = runner.invoke(cli, ["metrics", str(SEED), "--format", "csv", "--table", "network"])
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["engagements"] == "51"
    table = runner.invoke(cli, ["metrics", str(SEED)])
    assert table.exit_code == 0 and "engagements: 51" in table.stdout and "ECAT" in table.stdout


def test_warnings_go_to_stderr_and_quiet_hides_them(runner):
    result = runner.invoke(cli, ["metrics", str(OK / "short_row.csv"), "--format", "json"])
    assert result.exit_code == 0 and "warning:" in result.stderr
    json.loads(result.stdout)
    quiet = runner.invoke(cli, ["metrics", str(OK / "short_row.csv"), "-q"])
    assert "warning" not in quiet.stderr
    verbose = runner.invoke(cli, ["validate", str(SEED), "-v"])
    assert "layout: wide (detected)" in verbose.stdout and "separator: comma" in verbose.stdout


def test_roster_via_cli(runner):
    result = runner.invoke(cli, ["metrics", str(ROOT / "data" / "partners_roster.tsv"),
                                 "--format", "json"])
    assert json.loads(result.stdout)["network"]["engagements"] == 51


def test_unexpected_errors_show_one_line_and_no_traceback(runner, monkeypatch):
    import netmap.metrics

    def boom(p, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(netmap.metrics, "compute", boom)
    result = runner.invoke(cli, ["metrics", str(SEED)])
    assert result.exit_code == 1
    assert "unexpected internal error (RuntimeError: kaboom)" in result.stderr
    assert "Traceback" not in result.output


def test_output_folder_that_cannot_be_created(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(cli, ["report", str(SEED), "-o", str(blocker / "sub")])
    assert result.exit_code == 1 and "is a file, not a folder" in result.stderr


def test_metrics_json_is_strict_when_values_are_undefined(runner):
    # an organisation without partners has no effective size or constraint (NaN -> null)
    result = runner.invoke(cli, ["metrics", str(OK / "org_no_engagement.csv"), "--format",
                                 "json"])
    data = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"not strict: {c}"))
    idle = next(r for r in data["organisations"] if r["organisation"] == "Idle Trust")
    assert idle["effective_size"] is None and idle["constraint"] is None
    assert idle["functions"] == 0 and idle["substitutes"] == []


def test_readme_documents_every_option_of_every_command():
    import click

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and not any(
                    re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", readme)
                    for flag in param.opts):
                missing.append(f"{name} {param.opts[0]}")
    assert missing == []


def test_readme_lists_every_choice_of_every_option():
    """A choice added to an option (a format, a table, a layout) is documented too."""
    import click

    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\|", "|")
    missing = []
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
                listed = re.findall(rf"{re.escape(param.opts[0])}[\s=]`?([\w|-]+(?:\|[\w -]+)*)",
                                    readme)
                shown = {c for text in listed for c in text.split("|")}
                missing += [f"{name} {param.opts[0]} {c}" for c in param.type.choices
                            if c not in shown and not re.search(
                                rf"`{re.escape(c)}`", readme)]
    assert missing == []
