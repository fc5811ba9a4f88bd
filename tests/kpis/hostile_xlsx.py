"""A corpus of malformed and hostile .xlsx files for the two Excel imports (the attack pass).

`corpus(header, rows)` returns [(name, bytes)]: each file is built from a small valid sheet with
the importer's header and rows, then broken in one way (the archive, the XML, a cell, the sheets,
the header, the content). Every one must end in a Vietnamese message, never a server error, and
write nothing. Run as a script to write the files into a directory for manual tries:

    python -m tests.kpis.hostile_xlsx /tmp/hostile ward|bulk
"""

import io
import random
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{workbook}"/>'
    "{sheets}"
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _col(index: int) -> str:
    return get_column_letter(index + 1)


def cell(ref: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows, *, extra_row: str = "", dimension: str = "", prolog: str = "") -> str:
    body = []
    for number, values in enumerate(rows, 1):
        cells = "".join(cell(f"{_col(i)}{number}", v) for i, v in enumerate(values))
        body.append(f'<row r="{number}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<worksheet xmlns="{NS}" xmlns:r="{R_NS}">{dim}<sheetData>'
        + "".join(body)
        + extra_row
        + "</sheetData></worksheet>"
    )


def shared_xml(strings) -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">{items}</sst>'


def package(
    sheets,
    *,
    shared: str | None = None,
    extra: dict | None = None,
    drop: tuple = (),
    content_types: str | None = None,
    workbook: str | None = None,
) -> bytes:
    """An .xlsx built part by part: sheets = [(xml, state)] with state visible/hidden/veryHidden."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
        for i in range(1, len(sheets) + 1)
    )
    entries = "".join(
        f'<sheet name="Trang {i}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{state}"' if state != "visible" else "")
        + "/>"
        for i, (_xml, state) in enumerate(sheets, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_SHEET}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    rels += (
        f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL_STRINGS}" Target="sharedStrings.xml"/>'
    )
    parts = {
        "[Content_Types].xml": content_types
        or CONTENT_TYPES.format(workbook=WORKBOOK_TYPE, sheets=overrides),
        "_rels/.rels": RELS,
        "xl/workbook.xml": workbook
        or (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{NS}" xmlns:r="{R_NS}"><sheets>{entries}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>"
        ),
        "xl/sharedStrings.xml": shared if shared is not None else shared_xml([]),
    }
    for i, (xml, _state) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name in drop:
                continue
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def zip_bomb(part: str = "xl/sharedStrings.xml", megabytes: int = 90) -> bytes:
    """A valid-looking workbook whose one part inflates to `megabytes` MB from a few hundred KB
    (the attack pass's 234 KB file unpacked 90 MB of shared strings), written in chunks."""
    base = package([(sheet_xml([["a"]]), "visible")])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open(part, "w", force_zip64=True) as handle:
            handle.write(f'<sst xmlns="{NS}"><si><t>'.encode())
            chunk = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                handle.write(chunk)
            handle.write(b"</t></si></sst>")
    return buffer.getvalue()


def _with_member_flag(content: bytes, name: str, flag: int) -> bytes:
    """The same archive with a general-purpose flag set on one member (e.g. 0x1, encrypted)."""
    data = bytearray(content)
    name_bytes = name.encode()
    for signature, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            if data[at + name_offset : at + name_offset + len(name_bytes)] == name_bytes:
                data[at + flag_offset] |= flag
            start = at + 4
    return bytes(data)


def corpus(header: list[str], rows: list[list], *, max_rows: int) -> list[tuple[str, bytes]]:
    """[(name, content)]: ≥ 50 files, each broken in one way (max_rows: the importer's limit)."""
    return [(name, build()) for name, build in recipes(header, rows, max_rows=max_rows)]


def recipes(header: list[str], rows: list[list], *, max_rows: int) -> list[tuple[str, object]]:
    """[(name, a function that builds the file)]: the names cost nothing to list."""
    good = [header, *rows]
    n = len(header)
    row2 = rows[0]

    def with_cell(xml_cell: str, *, column: int = 3) -> bytes:
        # Row 2 with one cell replaced by raw XML.
        cells = "".join(
            xml_cell if i == column else cell(f"{_col(i)}2", v) for i, v in enumerate(row2)
        )
        return package([(sheet_xml([header], extra_row=f'<row r="2">{cells}</row>'), "visible")])

    def with_sheet(xml: str) -> bytes:
        return package([(xml, "visible")])

    valid_sheet = sheet_xml(good)

    def valid():
        return with_sheet(valid_sheet)

    comment = n - 1
    files = [
        ("0-byte", lambda: b""),
        ("not-a-zip-text", lambda: "Đây không phải bảng tính\n".encode()),
        ("csv-renamed", lambda: (",".join(header) + "\n" + ",".join(map(str, row2))).encode()),
        ("pdf-renamed", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        ("png-renamed", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("pk-header-garbage", lambda: b"PK\x03\x04" + b"\xff" * 512),
        ("truncated-archive", lambda: valid()[: len(valid()) // 2]),
        ("archive-tail-cut", lambda: valid()[:-30]),
        ("ole-encrypted", lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 4096),
        ("empty-zip", lambda: _empty_zip()),
        ("docx-renamed", lambda: _docx()),
        (
            "no-content-types",
            lambda: package([(valid_sheet, "visible")], drop=("[Content_Types].xml",)),
        ),
        (
            "wrong-content-type",
            lambda: package(
                [(valid_sheet, "visible")],
                content_types=CONTENT_TYPES.format(
                    workbook="application/vnd.ms-word.document.macroEnabled.main+xml", sheets=""
                ),
            ),
        ),
        (
            "missing-sheet-part",
            lambda: package([(valid_sheet, "visible")], drop=("xl/worksheets/sheet1.xml",)),
        ),
        (
            "missing-workbook-rels",
            lambda: package([(valid_sheet, "visible")], drop=("xl/_rels/workbook.xml.rels",)),
        ),
        (
            "workbook-without-sheets",
            lambda: package(
                [(valid_sheet, "visible")], workbook=f'<workbook xmlns="{NS}"><sheets/></workbook>'
            ),
        ),
        (
            "workbook-xml-garbage",
            lambda: package([(valid_sheet, "visible")], workbook="<workbook><sheets>"),
        ),
        (
            "path-traversal-member",
            lambda: package([(valid_sheet, "visible")], extra={"../../evil.xml": "<x/>"}),
        ),
        (
            "macro-vba-project",
            lambda: package([(valid_sheet, "visible")], extra={"xl/vbaProject.bin": b"\x00" * 64}),
        ),
        (
            "too-many-members",
            lambda: package(
                [(valid_sheet, "visible")], extra={f"xl/media/f{i}.xml": "<x/>" for i in range(150)}
            ),
        ),
        ("encrypted-member", lambda: _with_member_flag(valid(), "xl/worksheets/sheet1.xml", 0x1)),
        ("zip-bomb-shared-strings", lambda: zip_bomb()),
        ("zip-bomb-sheet", lambda: zip_bomb("xl/worksheets/sheet1.xml", megabytes=60)),
        ("styles-bomb", lambda: zip_bomb("xl/styles.xml", megabytes=20)),
        ("truncated-sheet-xml", lambda: with_sheet(valid_sheet[: len(valid_sheet) * 2 // 3])),
        ("sheet-xml-not-xml", lambda: with_sheet("này không phải XML <<<")),
        (
            "sheet-invalid-utf8",
            lambda: package(
                [
                    (
                        valid_sheet.encode()[:-40] + b"\xff\xfe\xc3(" + valid_sheet.encode()[-40:],
                        "visible",
                    )
                ]
            ),
        ),
        (
            "sheet-nul-char-reference",
            lambda: with_cell('<c r="D2" t="inlineStr"><is><t>a&#0;b</t></is></c>'),
        ),
        ("numeric-cell-with-text", lambda: with_cell('<c r="D2" t="n"><v>tám mươi</v></c>')),
        ("numeric-cell-empty-value", lambda: with_cell('<c r="D2" t="n"><v></v></c>')),
        ("shared-string-out-of-range", lambda: with_cell('<c r="D2" t="s"><v>9999</v></c>')),
        ("shared-string-negative", lambda: with_cell('<c r="D2" t="s"><v>-5</v></c>')),
        ("shared-string-not-number", lambda: with_cell('<c r="D2" t="s"><v>x</v></c>')),
        ("bad-date-cell", lambda: with_cell('<c r="D2" t="d"><v>ngày 32 tháng 13</v></c>')),
        ("date-serial-overflow", lambda: _dated_overflow(header, row2)),
        ("nan-cell", lambda: with_cell('<c r="D2"><v>NaN</v></c>')),
        ("inf-cell", lambda: with_cell('<c r="D2"><v>INF</v></c>')),
        ("minus-inf-cell", lambda: with_cell('<c r="D2"><v>-inf</v></c>')),
        ("huge-exponent-cell", lambda: with_cell('<c r="D2"><v>1e99999</v></c>')),
        ("boolean-cell-with-text", lambda: with_cell('<c r="D2" t="b"><v>có lẽ</v></c>')),
        ("error-cell-div0", lambda: with_cell('<c r="D2" t="e"><v>#DIV/0!</v></c>')),
        ("inline-string-without-is", lambda: with_cell('<c r="D2" t="inlineStr"></c>')),
        ("unknown-cell-type", lambda: with_cell('<c r="D2" t="zz"><v>1</v></c>')),
        ("cell-reference-garbage", lambda: with_cell('<c r="??" t="n"><v>1</v></c>')),
        (
            "row-number-garbage",
            lambda: with_sheet(
                sheet_xml([header], extra_row='<row r="x"><c r="A2"><v>1</v></c></row>')
            ),
        ),
        ("formula-cell", lambda: with_cell('<c r="D2"><f>1+1</f><v>2</v></c>')),
        (
            "formula-hyperlink-comment",
            lambda: with_cell(
                '<c r="G2" t="str"><f>HYPERLINK("http://x.example","bấm")</f><v>bấm</v></c>',
                column=comment,
            ),
        ),
        (
            "formula-as-text-comment",
            lambda: with_sheet(sheet_xml([header, [*row2[:-1], '=HYPERLINK("http://x.example")']])),
        ),
        (
            "one-megabyte-comment",
            lambda: with_sheet(sheet_xml([header, [*row2[:-1], _text(1024 * 1024)]])),
        ),
        ("long-comment-5000", lambda: with_sheet(sheet_xml([header, [*row2[:-1], "a" * 5000]]))),
        (
            "deep-xml-nesting",
            lambda: with_cell(
                '<c r="G2" t="inlineStr"><is>' + "<r>" * 50_000 + "</r>" * 50_000 + "</is></c>",
                column=comment,
            ),
        ),
        ("billion-laughs", lambda: with_sheet(_laughs(header))),
        ("external-entity", lambda: with_sheet(_xxe(header))),
        ("hidden-sheets-only", lambda: package([(valid_sheet, "hidden")])),
        ("very-hidden-only", lambda: package([(valid_sheet, "veryHidden")])),
        (
            "hidden-first-visible-broken",
            lambda: package(
                [(valid_sheet, "hidden"), (sheet_xml([["sai", "cột"], [1, 2]]), "visible")]
            ),
        ),
        ("duplicated-header", lambda: with_sheet(sheet_xml([[*header, header[3]], [*row2, 999]]))),
        (
            "duplicated-header-case",
            lambda: with_sheet(sheet_xml([[*header[:-1], header[3].upper()], row2])),
        ),
        ("header-only", lambda: with_sheet(sheet_xml([header]))),
        ("empty-sheet", lambda: with_sheet(sheet_xml([]))),
        ("missing-column", lambda: with_sheet(sheet_xml([header[:-2], row2[:-2]]))),
        ("unknown-column", lambda: with_sheet(sheet_xml([[*header, "cot_la"], [*row2, "x"]]))),
        ("too-many-rows", lambda: with_sheet(_many_rows(header, row2, max_rows + 3))),
        ("far-away-row", lambda: with_sheet(sheet_xml(good, extra_row=_far_row(1_048_576)))),
        (
            "huge-dimension",
            lambda: with_sheet(
                sheet_xml(
                    good,
                    dimension="A1:XFD1048576",
                    extra_row='<row r="3"><c r="XFD3"><v>1</v></c></row>',
                )
            ),
        ),
        (
            "negative-number",
            lambda: with_sheet(
                sheet_xml([header, [v if i != 3 else -5 for i, v in enumerate(row2)]])
            ),
        ),
        ("unknown-unit-code", lambda: with_sheet(sheet_xml([header, ["KHONG-CO", *row2[1:]]]))),
        (
            "unknown-indicator-code",
            lambda: with_sheet(sheet_xml([header, [row2[0], "CT99", *row2[2:]]])),
        ),
        ("duplicate-rows", lambda: with_sheet(sheet_xml([header, row2, row2]))),
    ]
    return files


# Damaged in a way that leaves a readable sheet (an empty or unknown cell, a declared dimension
# far wider than the data): the page previews the rows.
READABLE = {
    "numeric-cell-empty-value",
    "inline-string-without-is",
    "unknown-cell-type",
    "huge-dimension",
}


def _text(length: int) -> str:
    """Vietnamese-looking text that does not compress much (so it is the cell, not the archive,
    that is refused)."""
    rng = random.Random(length)
    words = ["báo", "cáo", "số", "liệu", "phường", "chỉ", "tiêu", "đạt", "kế", "hoạch", "quý"]
    parts, size = [], 0
    while size < length:
        word = rng.choice(words) + str(rng.randrange(100000))
        parts.append(word)
        size += len(word) + 1
    return " ".join(parts)[:length]


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _dated_overflow(header, row2) -> bytes:
    styles = (
        f'<styleSheet xmlns="{NS}"><numFmts count="0"/><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    cells = "".join(
        '<c r="D2" s="1"><v>1e20</v></c>' if i == 3 else cell(f"{_col(i)}2", v)
        for i, v in enumerate(row2)
    )
    xml = sheet_xml([header], extra_row=f'<row r="2">{cells}</row>')
    types = CONTENT_TYPES.format(
        workbook=WORKBOOK_TYPE,
        sheets=f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    )
    return package(
        [(xml, "visible")],
        extra={"xl/styles.xml": styles},
        content_types=types,
    )


def _laughs(header) -> str:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return sheet_xml(
        [header],
        prolog=f"<!DOCTYPE worksheet [{entities}]>",
        extra_row='<row r="2"><c r="A2" t="inlineStr"><is><t>&l9;</t></is></c></row>',
    )


def _xxe(header) -> str:
    return sheet_xml(
        [header],
        prolog='<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        extra_row='<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>',
    )


def _many_rows(header, row2, count: int) -> str:
    first = sheet_xml([header])
    row = "".join(cell(f"{_col(i)}{{n}}", v) for i, v in enumerate(row2))
    rows = "".join(
        f'<row r="{n}">' + row.replace("{n}", str(n)) + "</row>" for n in range(2, count)
    )
    return first.replace("</sheetData>", rows + "</sheetData>")


def _far_row(number: int) -> str:
    return f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>x</t></is></c></row>'


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    from kpis.resources import BULK_COLUMNS, COLUMNS

    if sys.argv[2:] == ["bulk"]:
        header, rows = BULK_COLUMNS, [["T-Q-A", "CT09", "2099-month-1", 8, 10, None, ""]]
    else:
        header, rows = COLUMNS, [["T-Q-A", "CT09", "Tỷ lệ", 85, 100, None, ""]]
    files = corpus(header, rows, max_rows=5000)
    for name, content in files:
        (target / f"{name}.xlsx").write_bytes(content)
    print(f"{len(files)} files in {target}")
