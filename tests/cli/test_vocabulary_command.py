"""``netmap vocabulary [INPUT]`` (issue 14, "One vocabulary layer"): how each label of a file
is read (test_prints_how_each_label_is_read, test_json_rows_for_scripts), the tables themselves
without a file (test_without_a_file_prints_the_tables, with --taxonomy), and a broken
taxonomy file is one clear error (test_a_broken_taxonomy_is_one_clear_error)."""

from __future__ import annotations

import json

from netmap.cli import cli

CSV = ("organisation,organisation type,Victim Care,Pursue,Shelter,Shelters\n"
       "Police,Police,,1,,\nHope,Charity,1,,1,\nHaven,Hairdresser,,,,1\n")


def test_prints_how_each_label_is_read(runner, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(cli, ["vocabulary", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "function 'Victim Care' read as Victim Support" in lines
    assert "function 'Pursue' read as Investigation and Prosecution" in lines
    assert "function 'Shelter': the partnership's own function" in lines
    assert "function 'Shelters' read as 'Shelter' (the same label)" in lines
    assert "type 'Police' read as statutory" in lines
    assert "type 'Hairdresser' not recognised: read as other" in lines
    assert "organisation type read from the column 'organisation type'" in lines
    assert result.stderr.count("not recognised, read as other: 'Hairdresser'") == 1


def test_json_rows_for_scripts(runner, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(cli, ["vocabulary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["vocabulary"]
    assert {"kind": "type", "label": "Charity", "read_as": "voluntary", "how": "class"} in rows
    assert {"kind": "function", "label": "Shelter", "read_as": "Shelter",
            "how": "own"} in rows


def test_without_a_file_prints_the_tables(runner, tmp_path):
    result = runner.invoke(cli, ["vocabulary"])
    assert result.exit_code == 0, result.output
    assert "function 'Survivor Support' read as Victim Support" in result.stdout
    assert "sector 'Gurdwara' read as faith" in result.stdout
    taxonomy = tmp_path / "t.toml"
    taxonomy.write_text('[sectors]\nvoluntary = ["Hairdresser"]\n', encoding="utf-8")
    result = runner.invoke(cli, ["vocabulary", "--taxonomy", str(taxonomy)])
    assert "sector 'Hairdresser' read as voluntary" in result.stdout


def test_a_broken_taxonomy_is_one_clear_error(runner, tmp_path):
    taxonomy = tmp_path / "t.toml"
    taxonomy.write_text('[functions]\n"Training" = ["Care"]\n', encoding="utf-8")
    result = runner.invoke(cli, ["vocabulary", "--taxonomy", str(taxonomy)])
    assert result.exit_code == 1
    assert "'Care' stands for both 'Victim Support' and 'Training'" in result.stderr
    assert "Traceback" not in result.output
