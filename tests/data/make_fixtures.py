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
    text("bad/bad_mark.csv", H + "Police,statutory,1,weekly,1\n")
    text("bad/unweighted_number.csv", H + "Police,statutory,2,,1\n")
    text("bad/negative_weight.csv", "organisation,Resources,Strategic\nPolice,-1,2\n")
    text("bad/nonnumeric_weight.csv", "organisation,Resources,Strategic\nPolice,lots,2\n")
    text("bad/excel_errors.csv", H + "Police,statutory,#REF!,#VALUE!,1\nHestia,voluntary,#N/A,1,\n")
    text("bad/no_engagement.csv", H + "Police,statutory,,,\nHestia,voluntary,0,,\n")
    text("bad/long_no_function.csv", "organisation,task\nPolice,Resources\n")
    text("bad/not_utf8.csv", "organisation,Resources\nCaf\x81\x8d,1\n",
         "latin-1")
    text("bad/many_problems.csv", H + "Police,statutory,weekly,,1\n,voluntary,1,,\n"
         "Hestia,voluntary,,#N/A,,\n")
    reliability_outputs()
    bounds_fixtures()
    reading_reliability()
    directories()
    coordinator_workbook()
    own_words_whatif()
    map_readability()


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


def bounds_fixtures() -> None:
    """Issue 12 (bounded memory, hostile workbooks, encodings): see tests/io/test_bounds.py."""
    import struct
    import zipfile

    import openpyxl
    from openpyxl.chart import BarChart, Reference

    def book(rows, title="Matrix"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for r in rows:
            ws.append(r)
        return wb

    def saved(wb) -> bytes:
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()

    def rewrite(data: bytes, change) -> bytes:
        """The workbook with each part replaced by change(name, bytes) (None drops it)."""
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                part = change(info.filename, zin.read(info.filename))
                if part is not None:
                    zout.writestr(info.filename, part)
        return out.getvalue()

    def in_sheet(old: bytes, new: bytes):
        return lambda name, d: d.replace(old, new) if name.endswith("sheet1.xml") else d

    matrix = [["organisation", "Resources", "Victim Support"], ["Police", 1, None],
              ["Hestia", None, 1]]
    # 4. formulas saved by a program that does not compute (openpyxl writes <f> and <v/>)
    raw("bad/formula_no_value.xlsx", saved(book(
        matrix + [["Church", "=B2", 1], ["Barnardo's", None, "=IF(B2=1,1,0)"]])))
    # ... and the same formulas with their results saved, as Excel and LibreOffice save them
    raw("ok/formula_cached.xlsx", rewrite(saved(book(matrix + [["Church", "=B2", 1]])),
                                          in_sheet(b"<f>B2</f><v />", b"<f>B2</f><v>1</v>")))
    # ... and as XlsxWriter saves them: a placeholder 0 and fullCalcOnLoad="1" (as openpyxl)
    raw("bad/formula_placeholder_zero.xlsx", rewrite(
        saved(book(matrix + [["Church", "=B2", 1]])),
        in_sheet(b"<f>B2</f><v />", b"<f>B2</f><v>0</v>")))
    # 5. a hidden first sheet, a hidden row holding marks, a merged organisation name
    wb = book([["organisation", "Resources"], ["Ghost", 1]], title="Old")
    wb.active.sheet_state = "hidden"
    ws = wb.create_sheet("Matrix")
    for r in [["organisation", "Resources", "Victim Support", "Strategic"],
              ["Police", 1, None, 1], ["Hestia", None, 1, None], ["Church", 1, None, None],
              [None, None, None, 1], ["Merged Trust", None, None, None]]:
        ws.append(r)
    ws.merge_cells("A4:A5")  # Church spans rows 4 and 5
    ws.merge_cells("B6:D6")  # a 1 under every function for Merged Trust
    ws["B6"] = 1
    ws.row_dimensions[3].hidden = True
    raw("ok/hidden_sheet_rows_merged.xlsx", saved(wb))
    # 5./6. a chartsheet beside a hidden worksheet; a chartsheet alone; no visible sheet
    wb = book(matrix)
    chart = BarChart()
    chart.add_data(Reference(wb.active, min_col=2, min_row=1, max_row=3))
    wb.create_chartsheet("Chart").add_chart(chart)
    wb.active.sheet_state = "hidden"
    raw("bad/chartsheet_and_hidden.xlsx", saved(wb))
    wb.remove(wb["Matrix"])
    raw("bad/chartsheet_only.xlsx", saved(wb))
    plain = saved(book(matrix))
    raw("bad/all_sheets_hidden.xlsx", rewrite(plain, lambda name, d: d.replace(
        b'state="visible"', b'state="hidden"') if name == "xl/workbook.xml" else d))
    # 6. broken XML, entity declarations (billion laughs), a missing part
    raw("bad/broken_xml.xlsx", rewrite(plain, in_sheet(b"<sheetData>", b"<sheetData><row")))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                       else b"&lol;") * 10)
                         for i in range(1, 10)) + b"]>")
    raw("bad/entities.xlsx", rewrite(plain, lambda name, d: laughs + d[d.index(b"<worksheet"):]
                                     if name.endswith("sheet1.xml") else d))
    raw("bad/missing_sheet_part.xlsx", rewrite(
        plain, lambda name, d: None if name.endswith("sheet1.xml") else d))
    # 2. zip bombs: a sheet that unpacks past a small --max-bytes; one compressed 600:1;
    # one whose declared size is smaller than what its data unpacks to
    raw("bad/unpacks_large.xlsx", rewrite(plain, in_sheet(b"</sheetData>",
                                                          b"<row/>" * 20000 + b"</sheetData>")))
    raw("bad/zip_bomb.xlsx", rewrite(plain, in_sheet(b"</sheetData>",
                                                     b"<row/>" * 400000 + b"</sheetData>")))
    liar = bytearray(HERE.joinpath("bad/unpacks_large.xlsx").read_bytes())
    # (signature, offset of the uncompressed size, of the name's length, of the name) in
    # the zip's local file header and its central directory entry
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30),
                                                   (b"PK\x01\x02", 24, 28, 46)):
        at = liar.find(signature)
        while at != -1:
            length = struct.unpack_from("<H", liar, at + length_at)[0]
            if liar[at + name_at:at + name_at + length] == b"xl/worksheets/sheet1.xml":
                struct.pack_into("<I", liar, at + size_at, 1000)  # declares 1,000 bytes
            at = liar.find(signature, at + 4)
    raw("bad/size_understated.xlsx", bytes(liar))
    # 3. a row reaching column XFD (16,384 columns: Excel's last)
    raw("bad/wide.xlsx", rewrite(plain, in_sheet(b"</row></sheetData>",
                                                 b'<c r="XFD3"><v>1</v></c></row></sheetData>')))
    # 8. UTF-8 with a byte order mark and an undecodable byte on line 3
    raw("bad/bom_bad_byte.csv", b"\xef\xbb\xbforganisation,Resources\nPolice,1\nCaf\xe9,1\n")
    # 10. Excel's separator line
    text("ok/excel_sep_line.csv", "sep=;\norganisation;Resources;Victim Support\n"
         "Police;1;\nHestia, Refuge;;1\n")


def _graphml(nodes, edges, prolog: str = "") -> str:
    """A GraphML document: ``nodes`` (id, bipartite, label[, sector]), ``edges`` (u, v, weight)."""
    def node(i, side, label, sector=None):
        data = f'<data key="b">{side}</data><data key="l">{label}</data>'
        if sector:
            data += f'<data key="s">{sector}</data>'
        return f'<node id="{i}">{data}</node>'
    body = "".join(node(*n) for n in nodes) + "".join(
        f'<edge source="{u}" target="{v}"><data key="w">{w}</data></edge>' for u, v, w in edges)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + prolog
            + '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
            '<key id="b" for="node" attr.name="bipartite" attr.type="int"/>\n'
            '<key id="l" for="node" attr.name="label" attr.type="string"/>\n'
            '<key id="s" for="node" attr.name="sector" attr.type="string"/>\n'
            '<key id="w" for="edge" attr.name="weight" attr.type="double"/>\n'
            f'<graph edgedefault="undirected">{body}</graph></graphml>\n')


def _gexf(nodes, edges) -> str:
    """A GEXF 1.3 document: ``nodes`` (id, bipartite, label), ``edges`` (u, v, weight)."""
    body = "".join(f'<node id="{i}" label="{label}"><attvalues><attvalue for="0" value="{side}"/>'
                   "</attvalues></node>" for i, side, label in nodes)
    links = "".join(f'<edge id="{k}" source="{u}" target="{v}" weight="{w}"/>'
                    for k, (u, v, w) in enumerate(edges))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gexf xmlns="http://gexf.net/1.3" version="1.3">'
            '<graph defaultedgetype="undirected"><attributes class="node">'
            '<attribute id="0" title="bipartite" type="integer"/></attributes>'
            f"<nodes>{body}</nodes><edges>{links}</edges></graph></gexf>\n")


def reading_reliability() -> None:
    """Fixtures of issue 12's reading cases (tests/io/test_reading.py)."""
    # 1. a wide matrix with a notes-like column headed "Function"
    text("ok/function_notes_wide.csv", "organisation,Function,Resources,Victim Support,Strategic\n"
         "Police,Chief Constable,1,,1\nHestia,Director,,1,\nChurch,Vicar,x,yes,\n")
    # 2. weights that are not finite, not numbers or too large, in every input kind
    text("bad/weight_overflow.csv", "organisation,Resources,Strategic\nPolice,1e308,1e308\n"
         "Hestia,2,1\n")
    text("bad/weight_overflow_long.csv", "organisation,function,weight\nPolice,Resources,2\n"
         "Police,Strategic,1e13\nHestia,Resources,1\n")
    raw("bad/weight_overflow.xlsx", workbook_bytes([["organisation", "Resources", "Strategic"],
                                                     ["Police", 1e308, 2], ["Hestia", 1, None]]))
    four = [("o1", 0, "Police"), ("o2", 0, "Hestia"), ("f1", 1, "Resources"),
            ("f2", 1, "Victim Support")]
    bad_weights = [("o1", "f1", "NaN"), ("o1", "f2", "INF"), ("o2", "f1", "abc"),
                   ("o2", "f2", "1e308")]
    text("bad/weights.graphml", _graphml(four, bad_weights))
    text("bad/weights.gexf", _gexf(four, bad_weights))
    entities = ('<!DOCTYPE graphml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n')
    text("bad/doctype.graphml", _graphml([("o1", 0, "&b;"), ("f1", 1, "Resources")],
                                         [("o1", "f1", 1)], prolog=entities))
    text("ok/names.graphml", _graphml(
        [("o1", 0, "  Police ", "statutory"), ("o2", 0, "P\u043elice", "statutory"),
         ("o3", 0, "Barnardo's", "voluntary"), ("o4", 0, "BARNARDOS", "voluntary"),
         ("o5", 0, "Hestia\u202e", "voluntary"), ("f1", 1, "Resources"),
         ("f2", 1, "Victim Support")],
        [("o1", "f1", 1), ("o2", "f1", 1), ("o3", "f2", 1), ("o4", "f2", 1), ("o5", "f2", 2)]))
    # 3. a long row with a weight but no function
    text("bad/long_weight_no_function.csv", "organisation,function,weight\n"
         "Police,Resources,1\nHestia,,3\nChurch,Victim Support,1\n")
    # 4. attribute columns named like metric columns, or twice
    text("bad/attributes_reserved.csv", "organisation,betweenness_centrality,Degree,providers\n"
         "Police,high,3,2\n")
    text("bad/attributes_twice.csv", "organisation,Region,region \nPolice,North,North\n")
    text("bad/sector_twice.csv", "organisation,sector,Resources,Sector,Victim Support\n"
         "Police,statutory,1,public,\nHestia,voluntary,,voluntary,1\n")
    # 5. bidirectional controls and look-alike letters in names
    text("ok/lookalike_names.csv", "organisation,sector,Resources,Victim Support\n"
         "Police,statutory,1,\nP\u043elice,statutory,,1\n\u03a1oppy Project,voluntary,1,\n"
         "Hestia\u202e,voluntary,,1\n\u0420\u043e\u0440\u0440\u0443,voluntary,1,\n"
         "Poppy,voluntary,1,\n\u041f\u043e\u043b\u0438\u0446\u0438\u044f,statutory,1,\n")
    # 6. summary rows under the matrix
    text("ok/totals_wide.csv", "organisation,sector,Resources,Victim Support,Strategic\n"
         "Police,statutory,1,,1\nHestia,voluntary,,1,\nChurch,faith,x,yes,\n"
         "Total,,2,2,1\nNumber of organisations:,,3,3,3\n")
    text("ok/totals_roster.csv", "Resources,Victim Support,Strategic\nPolice,Hestia,Police\n"
         "Church,Church,\nTOTAL:,2,1\n")
    raw("ok/totals_formulas.xlsx", workbook_bytes([
        ["organisation", "Resources", "Victim Support"], ["Police", 1, None],
        ["Hestia", None, 1], ["Grand total", "=SUM(B2:B3)", "=SUM(C2:C3)"]]))


# A service directory (issue 14, "Directories and survey exports"): organisation,
# services as a list, region, sector; the same data in long CSV and in GeoJSON.
DIRECTORY = [
    ("Safe Haven", ["Shelter", "Health", "Legal"], "North", "voluntary", (-1.55, 53.80)),
    ("City Law Centre", ["Legal"], "North", "voluntary", (-1.54, 53.79)),
    ("Northern Police", ["Identification"], "North", "statutory", (-1.50, 53.81)),
    ("Mind North", ["Psycho-social support", "Health"], "North", "voluntary", (-1.56, 53.82)),
    ("Harbour House", ["Shelter", "Psychosocial support"], "South", "voluntary", (-1.10, 50.80)),
    ("South Council", ["Identification", "Shelter"], "South", "statutory", (-1.09, 50.81)),
    ("Coast Clinic", ["Health"], "South", "voluntary", (-1.08, 50.79)),
]


def directories() -> None:
    """A service directory in long CSV and GeoJSON (tests/io/test_directories.py)."""
    import json

    seps = ["; ", " | ", "\n"]
    lines = ["organisation,functions,region,sector"]
    for i, (name, services, region, sector, _) in enumerate(DIRECTORY):
        cell = services[0] + "".join(seps[(i + k) % 3] + s for k, s in enumerate(services[1:]))
        lines.append(f'{name},"{cell}",{region},{sector}')
    text("ok/directory_long.csv", "\n".join(lines) + "\n")
    features = []
    for i, (name, services, region, sector, (lon, lat)) in enumerate(DIRECTORY):
        listed = services if i % 2 else services[0] + "".join(
            ("; " if k == 0 else " | ") + s for k, s in enumerate(services[1:]))
        features.append({"type": "Feature", "geometry": {"type": "Point",
                                                          "coordinates": [lon, lat]},
                         "properties": {"Name": name, "Services": listed, "Region": region,
                                        "Sector": sector, "beds": 12 if "Shelter" in services
                                        else None}})
    text("ok/directory.geojson", json.dumps({"type": "FeatureCollection",
                                             "features": features}, indent=1) + "\n")


def coordinator_workbook() -> None:
    """Issue 14, spreadsheets as people keep them (tests/io/test_spreadsheets.py): a merged
    title and a comment above the header, the partnership's own function names and type
    values, marks Yes / y / ✓ / TBC / partly, notes, area and contact columns, and a
    totals row of formulas saved without their values (openpyxl does not compute)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Who does what"
    rows = [
        ["Anytown Modern Slavery Partnership – who does what", None, None, None, None,
         None, None, None, None],
        ["Compiled by the coordinator, March 2025. TBC = to be confirmed.", None, None,
         None, None, None, None, None, None],
        [None] * 9,
        ["Organisation", "Type", "Supporting survivors", "Police / prosecution",
         "Steering group", "Raising awareness", "Area", "Notes", "Contact"],
        ["Anytown Police", "Police", None, "Yes", "✓", "y", "Anytown",
         "Lead for Operation Aidant", "DS Jane Smith, jane.smith@anytown.police.example"],
        ["Anytown Council", "Council", "partly", None, "Yes", None, "Anytown",
         "Chairs the steering group", "01632 960001"],
        ["Anytown NHS Trust", "NHS", None, None, "TBC", "Yes", "County", None,
         "safeguarding@nhs.example"],
        ["Hope Refuge", "Charity", "✓", None, "y", "Yes", "County",
         "Runs the safe house", "Sam Jones 07700 900123"],
        ["St Mary's Church", "Church", "TBC", None, None, "y", "Anytown",
         "Drop-in on Tuesdays", None],
        ["Total", None, '=COUNTIF(C5:C9,"Yes")', '=COUNTIF(D5:D9,"Yes")',
         '=COUNTIF(E5:E9,"Yes")', '=COUNTIF(F5:F9,"Yes")', None, None, None],
    ]
    for r in rows:
        ws.append(r)
    ws.merge_cells("A1:I1")
    buf = io.BytesIO()
    wb.save(buf)
    raw("ok/coordinator.xlsx", buf.getvalue())


def own_words_whatif() -> None:
    """Issue 15, the live what-if (tests/render/test_whatif_page.py): a partnership in its
    own words (own function labels and type values, rows in no particular order), gap rules
    of its own naming functions and sectors by its own words, and the taxonomy that makes
    them known."""
    rows = [
        ("Riverside Refuge", "Charity", "Supporting survivors"),
        ("Anytown Police", "Police", "Police / prosecution"),
        ("Hope Housing", "Housing association", "Housing help"),
        ("St Anne's Church", "Church", "Raising awareness"),
        ("Anytown Police", "Police", "Steering group"),
        ("Legal Aid Hub", "Law centre", "Legal clinic"),
        ("Riverside Refuge", "Charity", "Housing help"),
        ("Mosque Welfare Group", "Mosque", "Supporting survivors"),
        ("Anytown Council", "Council", "Steering group"),
        ("Border Force", "Police", "Police / prosecution"),
        ("Hope Housing", "Housing association", "Supporting survivors"),
        ("Anytown Council", "Council", "Housing help"),
        ("Words Across", "Charity", "Language support"),
        ("St Anne's Church", "Church", "Supporting survivors"),
        ("Anytown NHS", "NHS", "Supporting survivors"),
        ("Legal Aid Hub", "Law centre", "Police / prosecution"),
        ("Anytown Council", "Council", "Raising awareness"),
        ("Migrant Voice", "Charity", "Raising awareness"),
        ("Migrant Voice", "Charity", "Legal clinic"),
        ("Anytown NHS", "NHS", "Steering group"),
        ("Fire Service", "Fire service", "Raising awareness"),
    ]
    text("ok/own_words_long.csv", "organisation,type,function\n"
         + "".join(f"{o},{t},{f}\n" for o, t, f in rows))
    text("ok/own_words_taxonomy.toml", '[functions]\n"Housing advocacy" = ["Housing help"]\n'
         '[sectors]\nvoluntary = ["Housing association"]\n')
    text("ok/own_words_rules.toml", "[single_provider]\nenabled = false\n"
         '[min_providers]\nminimum = 3\nseverity = "high"\n'
         '[sector_mix]\nsectors = ["Police", "Charity", "Church"]\n'
         '[[function_sector]]\nfunction = "Supporting survivors"\nsector = "Charity"\n'
         "minimum = 2\n"
         '[[function_sector]]\nfunction = "Police / prosecution"\nsector = "Council"\n'
         'severity = "critical"\n'
         '[[function_sector]]\nfunction = "Housing help"\nsector = "Housing association"\n')
def map_readability() -> None:
    """Issue 15, maps readable with any labels (tests/render/test_map_layout.py): twelve
    long function labels (three read as canonical functions through the vocabulary, nine
    the partnership's own), and thirteen organisation type values in nine sector classes."""
    functions = ["Supporting survivors", "Investigations and Prosecutions",
                 "Prevention and Awareness Raising",
                 "Safe accommodation and emergency housing for adults and families",
                 "Independent legal advice on immigration status and compensation claims",
                 "Health care, including mental health and substance misuse services",
                 "Labour exploitation inspections in agriculture and construction",
                 "Training of front-line staff in councils, hospitals and schools",
                 "Interpreting and translation",
                 "Help into employment, education and skills after exit from support",
                 "Data sharing and intelligence analysis across the region",
                 "Outreach to people sleeping rough and in informal settlements"]
    orgs = [f"Organisation {chr(65 + i)}" for i in range(20)]
    lines = ["organisation,sector," + ",".join(f'"{f}"' for f in functions)]
    for i, o in enumerate(orgs):
        marks = ["1" if (i * 7 + k * 5) % 6 < 2 or (i % 12) == k else "" for k in
                 range(len(functions))]
        lines.append(f"{o},{['voluntary', 'statutory', 'faith'][i % 3]}," + ",".join(marks))
    text("ok/long_functions.csv", "\n".join(lines) + "\n")
    types = ["Police", "Council", "NHS", "Charity", "NGO", "Church", "Mosque",
             "Community Group", "University", "Company", "Embassy", "Forum",
             "Social enterprise"]
    lines = ["organisation,type,Resources,Victim Support,Strategic,Victim Identification"]
    for i in range(26):
        t = types[i % len(types)]
        marks = ["1" if (i + k) % 3 == 0 or k == i % 4 else "" for k in range(4)]
        lines.append(f"{t} {i + 1},{t}," + ",".join(marks))
    text("ok/thirteen_sectors.csv", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
