"""``netmap whatif -o``: the scenario page, with its provenance and the command to repeat it."""

from __future__ import annotations

from pathlib import Path

from netmap.cli.guard import inputs_of


def write_scenario_page(loaded, file, output, rules: dict, result: dict, opts: dict):
    """Write :func:`netmap.render.scenario.write_scenario` for this run; returns the path."""
    from netmap.io.files import file_sha256
    from netmap.render.scenario import command_line, write_scenario

    p = loaded.partnership
    source = Path(file)
    provenance = {"file": source.name, "sha256": file_sha256(source) if source.is_file() else "",
                  "rules": Path(opts["rules_file"]).name if opts.get("rules_file") else ""}
    removed = [r["organisation"] for r in result["removed"]]
    command = command_line(Path(file).name, removed, Path(output).name, opts)
    return write_scenario(p, result, output, rules=rules, provenance=provenance,
                          command=command, inputs=inputs_of(opts))
