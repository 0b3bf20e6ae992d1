"""Confidentiality: pseudonymised outputs carry no original name; reveal maps back."""

from __future__ import annotations

import json
import stat

import pytest

import netmap
from netmap.cli import cli
from netmap.privacy import KeyFile, pseudonymise, reveal

NAMES = ["Zephyrine Shelter Trust", "Quillon Police Unit", "Marrowgate Safe House",
         "Oxbury Faith Refuge", "Vantreal Migrant Aid"]


@pytest.fixture
def sensitive(tmp_path):
    path = tmp_path / "sensitive.csv"
    rows = ["organisation,sector,contact,Resources,Victim Support,Strategic,"
            "Investigation and Prosecution"]
    sectors = ["voluntary", "statutory", "voluntary", "faith", "voluntary"]
    for i, (name, sector) in enumerate(zip(NAMES, sectors, strict=True)):
        marks = ["1" if (i + j) % 2 == 0 else "" for j in range(4)]
        rows.append(f"{name},{sector},secret-contact-{i}@example.org," + ",".join(marks))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def all_output_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_report_outputs_carry_no_original_name(runner, tmp_path, sensitive):
    key = tmp_path / "key.json"
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(sensitive), "-o", str(out), "--pseudonymise",
                                 str(key), "--drop-attributes", "contact", "--runs", "5"])
    assert result.exit_code == 0, result.output
    blob = all_output_bytes(out)
    assert len(list(out.rglob("*"))) >= 16
    for name in NAMES:
        assert name.encode() not in blob and name.encode("utf-16-le") not in blob
        for part in name.split()[:1]:
            assert part.encode() not in blob, part
    assert b"secret-contact" not in blob and b"example.org" not in blob
    for name in NAMES:
        assert name not in result.stdout
    md = (out / "report.md").read_text("utf-8")
    assert "Organisation names are pseudonymised" in md
    assert "Organisation names are pseudonymised" in (out / "report.html").read_text("utf-8")
    assert json.loads((out / "network.json").read_text("utf-8"))["source"]["options"][
        "pseudonymised"] is True
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_every_writing_command_pseudonymises(runner, tmp_path, sensitive):
    key = tmp_path / "key.json"
    opts = ["--pseudonymise", str(key), "--runs", "5"]
    outputs = [
        runner.invoke(cli, ["metrics", str(sensitive), "--format", "json", *opts]).stdout,
        runner.invoke(cli, ["gaps", str(sensitive), "--format", "csv", *opts]).stdout,
        runner.invoke(cli, ["whatif", str(sensitive), "--remove", NAMES[0], *opts]).stdout,
    ]
    runner.invoke(cli, ["map", str(sensitive), "-o", str(tmp_path / "m.html"), *opts])
    outputs.append((tmp_path / "m.html").read_text("utf-8"))
    runner.invoke(cli, ["compare", str(sensitive), str(sensitive), "--name", "a", "--name",
                        "b", "-o", str(tmp_path / "cmp"), "--null-draws", "5", *opts])
    outputs.append(all_output_bytes(tmp_path / "cmp").decode("utf-8", "replace"))
    runner.invoke(cli, ["diff", str(sensitive), str(sensitive), "-o", str(tmp_path / "d"),
                        *opts])
    outputs.append(all_output_bytes(tmp_path / "d").decode("utf-8", "replace"))
    assert all(outputs) and "ORG-" in outputs[0] and "ORG-" in outputs[3]
    for text in outputs:
        for name in NAMES:
            assert name not in text


def test_codes_are_stable_per_key_and_reveal_maps_back(runner, tmp_path, sensitive):
    key = tmp_path / "key.json"
    p = netmap.read(sensitive)
    a = pseudonymise(p, KeyFile(key))
    b = pseudonymise(p, KeyFile(key))
    c = pseudonymise(p, KeyFile(tmp_path / "other.json"))
    assert a.organisations == b.organisations and a.organisations != c.organisations
    assert all(o.startswith("ORG-") and len(o) == 14 for o in a.organisations)
    assert reveal(key, a.organisations[1]) == NAMES[1]
    result = runner.invoke(cli, ["reveal", str(key), a.organisations[0], a.organisations[2]])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{a.organisations[0]}\t{NAMES[0]}",
                                          f"{a.organisations[2]}\t{NAMES[2]}"]
    quiet = runner.invoke(cli, ["reveal", str(key), "-q", a.organisations[2]])
    assert quiet.stdout.splitlines() == [NAMES[2]]
    unknown = runner.invoke(cli, ["reveal", str(key), "ORG-NOTACODE00"])
    assert unknown.exit_code == 1 and "was not issued with this key" in unknown.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    result = runner.invoke(cli, ["reveal", str(bad), "ORG-X"])
    assert result.exit_code == 1 and "not a netmap key file" in result.stderr


def test_drop_attributes_removes_the_column(runner, sensitive):
    result = runner.invoke(cli, ["metrics", str(sensitive), "--format", "json",
                                 "--drop-attributes", "CONTACT", "--runs", "0"])
    record = json.loads(result.stdout)["organisations"][0]
    assert "contact" not in record and record["sector"] == "voluntary"


def test_a_key_file_that_is_a_device_or_a_fifo_is_refused_without_hanging(tmp_path):
    import os
    import subprocess
    import sys

    from .conftest import OK, ROOT

    fifo = tmp_path / "key.fifo"
    os.mkfifo(fifo)
    for key in (str(fifo), "/dev/zero"):
        for args in (["reveal", key, "ORG-X"],
                     ["metrics", str(OK / "small.csv"), "--pseudonymise", key]):
            done = subprocess.run([sys.executable, "-m", "netmap", *args], cwd=ROOT,
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 1, done.stderr
            assert "is not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_people_named_with_a_title_or_rank_are_left_out(runner, tmp_path):
    """A column of people named with a title or a police rank under a header that says
    nothing of it ("Lead"), a SPOC column, and a titled name typed into a note."""
    from netmap.cli import cli

    path = tmp_path / "p.csv"
    path.write_text("organisation,Lead,SPOC,notes,Resources,Victim Support\n"
                    "Police,DS Jane Roe,Tomasz Nowak,ask Cllr Amir Patel first,1,\n"
                    "Refuge,Ms Kim Poe,Annika Berg,Dr Barnardo's partner,,1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(path), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    text = "".join(f.read_text("utf-8", errors="replace") for f in out.rglob("*")
                   if f.is_file() and f.suffix != ".png")
    for secret in ("Jane Roe", "Kim Poe", "Amir Patel", "Tomasz Nowak", "Annika Berg"):
        assert secret not in text, secret
    assert "Dr Barnardo's partner" in text  # an organisation's name is no person
    assert "[name left out]" in text
    # the warnings about those columns name their cells, not the people in them
    for secret in ("Jane Roe", "Kim Poe", "Tomasz Nowak", "Annika Berg"):
        assert secret not in result.stderr, secret


def test_contact_details_are_left_out_whatever_their_column_is_called(runner, tmp_path):
    """A column of e-mail addresses under any header, a lead officer's name, and a phone
    number or an address typed into a note: none reaches the outputs."""
    from netmap.cli import cli

    path = tmp_path / "p.csv"
    path.write_text("organisation,Who to ask,Lead officer,notes,Resources,Victim Support\n"
                    "Police,jane@police.uk,DS Jane Roe,call 07700 900123; funded 2019-2020,1,\n"
                    "Refuge,kim@refuge.org,Kim Poe,via bob@x.org,,1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(path), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    text = "".join(f.read_text("utf-8", errors="replace") for f in out.rglob("*")
                   if f.is_file() and f.suffix != ".png")
    for secret in ("jane@police.uk", "kim@refuge.org", "bob@x.org", "07700", "Jane Roe",
                   "Kim Poe"):
        assert secret not in text, secret
    assert "2019-2020" in text  # a year range is no phone number
    kept = tmp_path / "kept"
    result = runner.invoke(cli, ["report", str(path), "-o", str(kept), "--runs", "0",
                                 "--keep-contacts"])
    assert "jane@police.uk" in (kept / "organisations.csv").read_text("utf-8-sig")


@pytest.mark.parametrize("header", ["SPOC", "Liaison", "Named contact"])
def test_one_name_under_a_contact_header_is_a_contact_not_a_stray_mark(runner, tmp_path,
                                                                       header):
    """A contact column (SPOC, Liaison...) filled in for one organisation of a small matrix
    is read as a contact column: no "not an engagement mark" error printing the name, and
    the name reaches no output."""
    path = tmp_path / "p.csv"
    path.write_text(f"Organisation,Kind,{header},Shelter,Outreach\n"
                    "Hope Refuge,charity,Jane Quillfeather,1,\n"
                    "City Police,statutory,,1,1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(path), "-o", str(out), "--runs", "0"])
    assert result.exit_code == 0, result.output
    assert "Quillfeather" not in result.output
    assert "holds free text" in result.output
    text = "".join(f.read_text("utf-8", errors="replace") for f in out.rglob("*")
                   if f.is_file() and f.suffix != ".png")
    assert "Quillfeather" not in text
    assert set(netmap.read(path).functions) == {"Shelter", "Outreach"}


def test_the_library_writes_no_contact_details_unless_asked(tmp_path):
    """``netmap.write_report`` and ``write_map`` leave contact details out as the commands
    do (the columns, and addresses typed into notes), metrics given or not; with
    ``keep_contacts=True`` they stay. A path is read as netmap.load reads it."""
    path = tmp_path / "p.csv"
    path.write_text("organisation,SPOC,notes,Resources,Victim Support\n"
                    "Police,Jane Quillfeather,ask kim@refuge.org,1,\n"
                    "Refuge,Sam Ardent,weekly,,1\n", encoding="utf-8")
    loaded = netmap.load(path)
    metrics = netmap.compute(loaded.partnership, runs=0)
    for out, kwargs in ((tmp_path / "a", {}), (tmp_path / "b", {"metrics": metrics})):
        netmap.write_report(loaded, out, runs=0, **kwargs)
        text = "".join(f.read_text("utf-8", errors="replace") for f in out.rglob("*")
                       if f.is_file() and f.suffix != ".png")
        assert "Quillfeather" not in text and "kim@refuge.org" not in text
        assert "weekly" in text
    page = netmap.write_map(str(path), tmp_path / "map.html", runs=0)
    assert "Quillfeather" not in page.read_text("utf-8")
    netmap.write_report(loaded, tmp_path / "kept", runs=0, keep_contacts=True)
    assert "Quillfeather" in (tmp_path / "kept" / "organisations.csv").read_text("utf-8-sig")
    with pytest.raises(TypeError, match="a file's path"):
        netmap.write_report(42, tmp_path / "c")
