"""Write the input fixtures under tests/data/ (run from the repository root).

Kept as a script so that byte-level fixtures (encodings, NUL, workbooks) are
reproducible; the files it writes are committed beside it. Each fixture is one
row of RELIABILITY.md's tables.
"""

from __future__ import annotations

import io
from pathlib import Path

HERE = Path(__file__).parent
H = "organisation,sector,Resources,Victim Support,Strategic\n"


def text(name: str, content: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(content.encode(encoding))


def raw(name: str, content: bytes) -> None:
    (HERE / name).write_bytes(content)


def workbook_bytes(rows) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> None:
    # --- good inputs -----------------------------------------------------
    text("ok/small.csv", H + "Police,statutory,1,,1\nHestia,voluntary,,1,\nChurch,faith,x,yes,\n")
    text("ok/long.csv", "organisation,function,weight\nPolice,Resources,1\nPolice,Strategic,1\n"
         "Hestia,Victim Support,1\nChurch,Resources,1\nChurch,Victim Support,1\n")
    text("ok/long_weighted.csv", "function,organisation,weight,sector\n"
         "Resources,Police,2,statutory\nStrategic,Police,0.5,statutory\n"
         "Victim Support,Hestia,3,voluntary\n")
    text("ok/roster.csv", "Resources,Victim Support,Strategic\nPolice,Hestia,Police\n"
         "Church,Church,\n")
    text("ok/bom.csv", "\ufeff" + H + "Police,statutory,1,,1\nHestia,voluntary,,1,\n")
    text("ok/cp1252.csv", "organisation,sector,Resources,Victim Support\n"
         "Barnardo\u2019s,voluntary,1,1\nCaf\u00e9 \u00a3 Fund,community,1,\n", "cp1252")
    raw("ok/utf16.txt", "organisation\tsector\tResources\tVictim Support\r\n"
        "Caf\u00e9 Kr\u00f3l\tvoluntary\t1\t\r\nPolice\tstatutory\t\t1\r\n".encode("utf-16"))
    text("ok/semicolon.csv", "organisation;sector;Resources;Victim Support\nPolice;statutory;1;\n"
         "Hestia;voluntary;;1\n")
    text("ok/tab.csv", "organisation\tsector\tResources\tVictim Support\nPolice\tstatutory\t1\t\n"
         "Hestia\tvoluntary\t\t1\n")
    text("ok/pipe.csv", "organisation|sector|Resources|Victim Support\nPolice|statutory|1|\n"
         "Hestia|voluntary||1\n")
    text("ok/quoted_linebreak.csv", H + '"Helen Bamber\nFoundation",voluntary,,1,\n'
         "Police,statutory,1,,\n")
    text("ok/rownames.csv", ',"Resources","Victim Support"\n"Police",1,0\n"Hestia",0,1\n')
    text("ok/header_case_space.csv", "organisation, Victim Support ,victim support,Strategic\n"
         "Hestia,1,,\nPolice,,1,1\n")
    text("ok/trailing_empty_columns.csv", "organisation,Resources,Strategic,,\n"
         "Police,1,1,,\nHestia,1,,,\n")
    text("ok/short_row.csv", H + "Police,statutory,1,,1\nHestia,voluntary,,1\n")
    text("ok/blank_rows.csv", H + "Police,statutory,1,,1\n,,,,\n\nHestia,voluntary,,1,\n")
    text("ok/duplicate_org.csv", H + "Police,statutory,1,,\nHestia,voluntary,,1,\n"
         "Police,statutory,,,1\n")
    text("ok/near_duplicates.csv", "organisation,Resources,Victim Support\n"
         "Barnardo's,1,\nBarnardo\u2019s,,1\nBARNARDOS ,1,\nPolice,1,\n")
    text("ok/aliases.csv", "alias,canonical\nBarnardo\u2019s,Barnardo's\nBARNARDOS,Barnardo's\n")
    text("ok/attributes.csv", "organisation,sector,region\nPolice,statutory,London\n"
         "Hestia,voluntary,London\nNobody,community,Leeds\n")
    text("ok/org_named_like_function.csv", "organisation,Resources,Victim Support\n"
         "Victim Support,1,\nHestia,,1\n")
    text("ok/marks.csv", "organisation,A,B,C,D,E,F\nOrg,1,x,yes,TRUE,\u2713,0\n")
    text("ok/weights.csv", "organisation,Resources,Victim Support\nPolice,2,0.5\nHestia,,1\n")
    text("ok/function_no_provider.csv", H + "Police,statutory,1,,1\nHestia,voluntary,1,,\n")
    text("ok/org_no_engagement.csv", H + "Police,statutory,1,,1\nIdle Trust,voluntary,,,\n"
         "Hestia,voluntary,,1,\n")
    text("ok/hostile_names.csv", "organisation,sector,Resources,Victim Support\n"
         '"<img src=x onerror=alert(1)>",voluntary,1,\n'
         '"</script><script>alert(2)</script>",voluntary,,1\n'
         "=HYPERLINK(\"http://x\"),statutory,1,1\n"
         "NA,statutory,1,\nNone,voluntary,,1\n")
    raw("ok/workbook.xlsx", workbook_bytes([
        ["organisation", "sector", "Resources", "Victim Support"],
        ["Police", "statutory", 1, None], ["Hestia", "voluntary", None, 1]]))

    # --- broken inputs ---------------------------------------------------
    text("bad/empty.csv", "")
    text("bad/header_only.csv", H)
    raw("bad/workbook_renamed.csv", workbook_bytes([["organisation", "Resources"], ["A", 1]]))
    text("bad/one_column.csv", "organisation\nPolice\nHestia\n")
    text("bad/unterminated_quote.csv", H + "Police,statutory,1,,1\n\"Hestia,voluntary,,1,\n"
         "Church,faith,1,,\n")
    text("bad/nul_in_name.csv", H + "Police,statutory,1,,1\nHes\x00tia,voluntary,,1,\n")
    text("bad/control_in_name.csv", H + "Police\x07,statutory,1,,1\n")
    text("bad/blank_header_with_data.csv", "organisation,Resources,,Strategic\n"
         "Police,1,1,\nHestia,,,1\n")
    text("bad/duplicate_header.csv", "organisation,Resources,Strategic,Resources\n"
         "Police,1,,1\n")
    text("bad/long_row.csv", H + "Police,statutory,1,,1\nHestia,voluntary,,1,,\n")
    text("bad/marks_no_name.csv", H + "Police,statutory,1,,1\n,voluntary,,1,\n")
    text("bad/conflicting_weights.csv", "organisation,Resources,Strategic\nPolice,2,\n"
         "Hestia,1,\nPolice,3,1\n")
    text("bad/bad_mark.csv", H + "Police,statutory,1,maybe,1\n")
    text("bad/unweighted_number.csv", H + "Police,statutory,2,,1\n")
    text("bad/negative_weight.csv", "organisation,Resources,Strategic\nPolice,-1,2\n")
    text("bad/nonnumeric_weight.csv", "organisation,Resources,Strategic\nPolice,lots,2\n")
    text("bad/excel_errors.csv", H + "Police,statutory,#REF!,#VALUE!,1\nHestia,voluntary,#N/A,1,\n")
    text("bad/no_engagement.csv", H + "Police,statutory,,,\nHestia,voluntary,0,,\n")
    text("bad/long_no_function.csv", "organisation,activity\nPolice,Resources\n")
    text("bad/not_utf8.csv", "organisation,Resources\nCaf\x81\x8d,1\n",
         "latin-1")
    text("bad/many_problems.csv", H + "Police,statutory,maybe,,1\n,voluntary,1,,\n"
         "Hestia,voluntary,,#N/A,,\n")
    reliability_outputs()


def reliability_outputs() -> None:
    """Names that exports must carry unchanged (issue 12: round trips of every format)."""
    text("ok/hostile_roundtrip.csv",
         'organisation,sector,region,"=SUM(A1:A2)","Victim ""Support""",\'Quoted\','
         '"Outreach, rescue; aftercare",-Prevention,+Plus,@Mention,'
         "Caf\u00e9 Pr\u00e4vention \U0001f642,back\\slash\n"
         '"Hope ""for"" All",statutory,"=London",1,,,1,,,,,\n'
         "'Til Freedom',voluntary,\"O'Neill \"\"North\"\"\",,1,,,,1,,,\n"
         '"=HYPERLINK(""http://x"",""y"")",faith,\'edge\',1,1,,,,,,,\n'
         '"-Minus, Inc; Ltd",community,-,,,1,,,,1,,\n'
         "+44 Helpline,voluntary,+,,,,1,1,,,,\n"
         "@Rescue,international,@home,,,,,,,,1,1\n"
         "'=quoted already,statutory,\"a\"\"b\",1,,1,,,,,,\n"
         "Stra\u00dfe \u0152uvre \u00c5lesund,voluntary,Z\u00fcrich,,1,,,,,1,,\n"
         "Emoji \U0001f642\U0001f680 Trust,faith,\U0001f642,,,,,1,,,1,\n"
         "C:\\back\\slash\\,voluntary,\\,1,,,,,,,,1\n"
         "Idle Org,statutory,,,,,,,,,,\n")


if __name__ == "__main__":
    main()
