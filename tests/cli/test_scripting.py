"""Scriptable (issue 17, "Scriptable").

- with ``--format json``, a failure prints one JSON object on standard output (``error``,
  and ``problems`` as ``validate --format json`` lists them) and exits with the usual
  code, for every command that takes ``--format``; a usage error too (exit 2):
  ``test_a_failure_with_format_json_prints_one_json_object``,
  ``test_a_usage_error_with_format_json_prints_json``;
- ``--fail-on-gaps [SEVERITY]`` exits 3 when a gap at or above SEVERITY is found (alone:
  any gap); a file name taken for a severity says where the option goes:
  ``test_fail_on_gaps_with_a_severity``;
- ``validate INPUT...`` reports each file, exits 1 when any has an error, and in JSON gives
  every file's object: ``test_validate_takes_several_files``;
- only commands that write files say "nothing was written":
  ``test_only_commands_that_write_say_nothing_was_written``;
- ``report --fail-on-gaps [SEVERITY]`` exits 3 with every file written; ``netmap report``
  with no INPUT outside the project folder says to pass an input file (a real process, run
  from another folder): ``test_report_fail_on_gaps_and_no_input_elsewhere``.
"""

from __future__ import annotations

import json

import pytest

from netmap.cli import cli

from ..conftest import BAD, OK, SEED

BROKEN = BAD / "many_problems.csv"


@pytest.mark.parametrize("command", [
    ["validate", "FILE"], ["metrics", "FILE"], ["gaps", "FILE"],
    ["whatif", "FILE", "--remove", "X"], ["diff", str(SEED), "FILE"],
    ["compare", str(SEED), "FILE", "-o", "OUT"], ["trend", str(SEED), "FILE", "-o", "OUT"],
    ["vocabulary", "FILE"]])
def test_a_failure_with_format_json_prints_one_json_object(runner, tmp_path, command):
    args = [str(tmp_path / "o") if a == "OUT" else str(BROKEN) if a == "FILE" else a
            for a in command]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert set(data) == {"error", "problems"} or command[0] == "validate"
    problems = data["problems"]
    listed = json.loads(runner.invoke(cli, ["validate", str(BROKEN), "--format",
                                            "json"]).stdout)["problems"]
    errors = [p for p in listed if p["severity"] == "error"]
    assert [p for p in problems if p["severity"] == "error"] == errors
    if command[0] != "validate":
        assert data["error"] == f"{len(errors)} errors in {BROKEN}" + (
            "; nothing was written." if "OUT" in command else ".")
        assert "error:" in result.stderr  # the terminal lines are still on stderr


def test_a_usage_error_with_format_json_prints_json(runner):
    result = runner.invoke(cli, ["metrics", str(SEED), "--runs", "-3", "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert "--runs" in data["error"] and data["problems"] == []
    result = runner.invoke(cli, ["metrics", str(SEED), "--format=json", "--nope"])
    assert result.exit_code == 2 and "--nope" in json.loads(result.stdout)["error"]
    ok = runner.invoke(cli, ["metrics", str(SEED), "--runs", "0", "--format", "json"])
    assert ok.exit_code == 0 and "network" in json.loads(ok.stdout)


def test_fail_on_gaps_with_a_severity(runner, tmp_path):
    path = tmp_path / "p.csv"  # one high gap: Victim Support rests on a single provider
    path.write_text("organisation,sector,Resources,Victim Support\nA,statutory,1,\n"
                    "B,voluntary,1,1\n", encoding="utf-8")
    codes = {}
    for extra in ([], ["--fail-on-gaps"], ["--fail-on-gaps", "low"],
                  ["--fail-on-gaps", "high"], ["--fail-on-gaps", "critical"]):
        codes[" ".join(extra)] = runner.invoke(cli, ["gaps", str(path), *extra]).exit_code
    assert codes == {"": 0, "--fail-on-gaps": 3, "--fail-on-gaps low": 3,
                     "--fail-on-gaps high": 3, "--fail-on-gaps critical": 0}
    result = runner.invoke(cli, ["gaps", "--fail-on-gaps", str(path)])
    assert result.exit_code == 2 and "put --fail-on-gaps after the input file" in result.output


def test_validate_takes_several_files(runner):
    files = [str(SEED), str(BROKEN), str(OK / "small.csv")]
    result = runner.invoke(cli, ["validate", *files])
    assert result.exit_code == 1
    assert f"{SEED}: valid" in result.stdout and f"{BROKEN}: 3 errors" in result.stdout
    assert "2 of 3 files valid" in result.stdout
    data = json.loads(runner.invoke(cli, ["validate", *files, "--format", "json"]).stdout)
    assert [f["file"] for f in data["files"]] == files
    assert [f["valid"] for f in data["files"]] == [True, False, True]
    assert data["valid"] is False and data["errors"] == 3
    good = runner.invoke(cli, ["validate", str(SEED), str(OK / "small.csv")])
    assert good.exit_code == 0
    one = json.loads(runner.invoke(cli, ["validate", str(SEED), "--format", "json"]).stdout)
    assert one["file"] == str(SEED) and one["valid"] is True  # one file: as before


def test_only_commands_that_write_say_nothing_was_written(runner, tmp_path):
    said = {}
    for name, args in {"metrics": ["metrics", str(BROKEN)],
                       "gaps": ["gaps", str(BROKEN)],
                       "whatif": ["whatif", str(BROKEN), "--remove", "X"],
                       "whatif -o": ["whatif", str(BROKEN), "--remove", "X", "-o",
                                     str(tmp_path / "s.html")],
                       "diff": ["diff", str(SEED), str(BROKEN)],
                       "report": ["report", str(BROKEN), "-o", str(tmp_path / "r")],
                       "map": ["map", str(BROKEN), "-o", str(tmp_path / "m.html")]}.items():
        result = runner.invoke(cli, args)
        assert result.exit_code == 1
        said[name] = "nothing was written" in result.stderr
    assert said == {"metrics": False, "gaps": False, "whatif": False, "whatif -o": True,
                    "diff": False, "report": True, "map": True}


def test_report_fail_on_gaps_and_no_input_elsewhere(runner, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "p.csv"  # one high gap: Victim Support rests on a single provider
    path.write_text("organisation,sector,Resources,Victim Support\nA,statutory,1,\n"
                    "B,voluntary,1,1\n", encoding="utf-8")
    out = tmp_path / "r"
    result = runner.invoke(cli, ["report", str(path), "-o", str(out), "--runs", "0",
                                 "--fail-on-gaps", "high"])
    assert result.exit_code == 3, result.output
    assert (out / "report.html").is_file() and (out / "gaps.csv").is_file()
    result = runner.invoke(cli, ["report", str(path), "-o", str(out), "--runs", "0",
                                 "--fail-on-gaps", "critical"])
    assert result.exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import os

    from ..conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "netmap", "report"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "pass an input file" in done.stderr, done.stderr
    assert not (elsewhere / "outputs").exists()
