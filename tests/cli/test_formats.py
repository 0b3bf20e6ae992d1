"""One --format table|csv|json|markdown set on every printing command, and colour rules."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys

import pytest

from netmap.cli import cli

from ..conftest import BAD, OK, ROOT, SEED

WAVE2 = ROOT / "data" / "examples" / "waves" / "partners_wave2.csv"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# command line (without --format) -> the tables its csv/markdown output can hold
PRINTING = {
    "metrics": (["metrics", str(SEED)], ["network", "organisations", "functions"]),
    "gaps": (["gaps", str(SEED)], ["gaps"]),
    "whatif": (["whatif", str(SEED), "--remove", "ECAT"],
               ["functions", "gaps", "centrality", "network"]),
    "diff": (["diff", str(SEED), str(WAVE2)],
             ["functions", "organisations", "engagements", "gaps", "centrality", "network"]),
    "validate": (["validate", str(OK / "short_row.csv")], ["problems"]),
}


def markdown_tables(text: str) -> dict:
    """Heading -> list of rows (lists of cell texts) of a Markdown document."""
    tables, name = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            name = line[3:]
            tables[name] = []
        elif line.startswith("|") and not line.startswith("|---"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            tables[name].append([c.strip() for c in cells])
    return tables


@pytest.mark.parametrize("command", sorted(PRINTING))
def test_every_printing_command_has_the_four_formats(runner, command):
    args, tables = PRINTING[command]
    help_text = runner.invoke(cli, [command, "--help"]).output
    assert "[table|csv|json|markdown]" in help_text
    out = {}
    for fmt in ("table", "csv", "json", "markdown"):
        result = runner.invoke(cli, args + ["--format", fmt])
        assert result.exit_code == 0, (fmt, result.output)
        out[fmt] = result.stdout
    json.loads(out["json"])
    rows = list(csv.reader(io.StringIO(out["csv"])))
    assert len(rows) >= 1 and len({len(r) for r in rows}) == 1  # a rectangular table
    md = markdown_tables(out["markdown"])
    assert list(md) == tables
    assert not ANSI.search(out["table"])  # not a terminal: no colour


@pytest.mark.parametrize("command", ["metrics", "whatif", "diff"])
def test_table_option_picks_one_table_in_every_format(runner, command):
    args, tables = PRINTING[command]
    last = tables[-1]
    md = runner.invoke(cli, args + ["--format", "markdown", "--table", last]).stdout
    assert list(markdown_tables(md)) == [last]
    data = json.loads(runner.invoke(cli, args + ["--format", "json", "--table", last]).stdout)
    assert isinstance(data, (list, dict)) and data
    text = runner.invoke(cli, args + ["--table", last]).stdout
    assert last in text.splitlines()[0] or command == "metrics"


def test_whatif_tables_agree_with_the_json(runner):
    args = PRINTING["whatif"][0]
    data = json.loads(runner.invoke(cli, args + ["--format", "json"]).stdout)
    rows = list(csv.DictReader(io.StringIO(
        runner.invoke(cli, args + ["--format", "csv", "--table", "functions"]).stdout)))
    assert [r["function"] for r in rows] == [f["function"] for f in data["functions"]]
    assert [int(r["providers_after"]) for r in rows] == \
        [f["providers_after"] for f in data["functions"]]
    # ECAT provides five of the six seed functions: each loses exactly one provider
    lost = [r for r in rows if r["lost"]]
    assert len(lost) == 5 and all(r["lost"] == "ECAT" for r in lost)
    assert all(int(r["providers_before"]) - int(r["providers_after"]) == 1 for r in lost)
    net = {r[0]: r for r in markdown_tables(runner.invoke(
        cli, args + ["--format", "markdown", "--table", "network"]).stdout)["network"][1:]}
    assert net["organisations"][1:] == ["36", "35", "-1"]


def test_diff_engagement_table_counts_match(runner):
    args = PRINTING["diff"][0]
    data = json.loads(runner.invoke(cli, args + ["--format", "json"]).stdout)
    rows = list(csv.DictReader(io.StringIO(
        runner.invoke(cli, args + ["--format", "csv", "--table", "engagements"]).stdout)))
    assert sum(r["change"] == "gained" for r in rows) == len(data["engagements_gained"])
    assert sum(r["change"] == "lost" for r in rows) == len(data["engagements_lost"])


def test_markdown_escapes_hostile_names(runner):
    text = runner.invoke(cli, ["metrics", str(OK / "hostile_names.csv"), "--format",
                               "markdown", "--table", "organisations"]).stdout
    assert "<img" not in text and "<script" not in text and "&lt;img" in text
    rows = markdown_tables(text)["organisations"]
    width = len(rows[0])
    assert all(len(r) == width for r in rows)  # a | in a name did not split a cell


def test_validate_json_lists_problems_and_exits_1(runner):
    result = runner.invoke(cli, ["validate", str(BAD / "bad_mark.csv"), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["errors"] == 1
    (problem,) = data["problems"]
    assert (problem["row"], problem["column"], problem["column_name"]) == \
        (2, "D", "Victim Support")
    ok = json.loads(runner.invoke(cli, ["validate", str(SEED), "--format", "json"]).stdout)
    assert ok["valid"] is True and ok["organisations"] == 36 and ok["engagements"] == 51


def _on_terminal(args: list, env: dict) -> str:
    """Run ``netmap ARGS`` with stdout and stderr on a pseudo-terminal; its output."""
    leader, follower = pty.openpty()
    done = subprocess.Popen([sys.executable, "-m", "netmap", *args], cwd=ROOT,
                            stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    done.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_only_on_a_terminal_and_never_with_no_color():
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    bad = ["validate", str(BAD / "bad_mark.csv")]
    coloured = _on_terminal(bad, env)
    assert "\x1b[31m" in coloured and "error:" in ANSI.sub("", coloured)
    plain = _on_terminal(bad, {**env, "NO_COLOR": "1"})
    assert "error:" in plain and not ANSI.search(plain)
    piped = subprocess.run([sys.executable, "-m", "netmap", *bad], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert "error:" in piped.stdout and not ANSI.search(piped.stdout + piped.stderr)


def test_every_command_takes_quiet_and_verbose(runner):
    for name, command in cli.commands.items():
        flags = {flag for param in command.params for flag in param.opts}
        assert {"-q", "--quiet", "-v", "--verbose"} <= flags, name


def test_quiet_writes_files_but_prints_nothing(runner, tmp_path):
    synth = tmp_path / "s.csv"
    runs = {
        "synth": ["synth", "--organisations", "30", "-o", str(synth), "-q"],
        "map": ["map", str(SEED), "-o", str(tmp_path / "m.html"), "--runs", "2", "-q"],
        "export": ["export", str(SEED), "--to", "gexf", "-o", str(tmp_path / "g.gexf"),
                   "--runs", "2", "-q"],
        "report": ["report", str(SEED), "-o", str(tmp_path / "out"), "--runs", "2", "-q"],
    }
    for name, args in runs.items():
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and result.stdout == "" and result.stderr == "", name
    assert synth.is_file() and (tmp_path / "m.html").is_file()
    assert (tmp_path / "g.gexf").is_file() and (tmp_path / "out" / "report.html").is_file()
    loud = runner.invoke(cli, ["synth", "--organisations", "30", "-o", str(synth), "-v"])
    assert loud.stdout.startswith("wrote ") and "note: seed 0" in loud.stderr


def test_compare_prints_its_tables_in_every_format(runner, tmp_path):
    files = [str(SEED), str(ROOT / "data" / "examples" / "northshire.csv")]
    base = ["compare", *files, "-o", str(tmp_path / "c"), "--null-draws", "0", "--runs", "2"]
    summary = runner.invoke(cli, base)
    assert summary.exit_code == 0 and summary.stdout.startswith("partners: 36 organisations")
    md = runner.invoke(cli, base + ["--format", "markdown"])
    assert list(markdown_tables(md.stdout)) == ["network", "providers", "gaps",
                                                "shared_organisations", "similarity"]
    assert "wrote" in md.stderr and "wrote" not in md.stdout
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, base + ["--format", "csv"]).stdout)))
    assert [r["partnership"] for r in rows] == ["partners", "northshire"]
    data = json.loads(runner.invoke(cli, base + ["--format", "json"]).stdout)
    assert set(data) == {"network", "providers", "gaps", "shared_organisations", "similarity"}
    written = json.loads((tmp_path / "c" / "network.json").read_text("utf-8"))
    assert data["network"] == written
