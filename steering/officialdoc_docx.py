"""The same official documents as Word files (python-docx), for secretariats who finish in Word.

`render_docx(document)` takes the `OfficialDocument` / `MinutesDocument` that `render_pdf` takes
and lays it out the same way: A4, the profile's margins (20/20/30/15 mm), Times New Roman at the
profile's sizes, the two-column borderless header and footer tables (Decree 30 practice: never
tab stops), numbered blocks, the signing block, and page numbers centred in the top margin from
page 2. Nothing here reads the database.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from steering import officialdoc as od

FONT = "Times New Roman"
TEXT_WIDTH_MM = 165  # 210 - 30 - 15


def _mm(css: str) -> Mm:
    return Mm(float(css.removesuffix("mm")))


def _cm_to_mm(css: str) -> Mm:
    return Mm(float(css.removesuffix("cm")) * 10)


def _set_font(run, *, size: float, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _paragraph(container, text="", *, size, bold=False, italic=False, align=None, **spacing):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(spacing.get("before", 0))
    fmt.space_after = Pt(spacing.get("after", 0))
    # Exact line heights as the print stylesheet's `line-height` (1.2 by default): Word's
    # "multiple" spacing would multiply the font's own line height (1.15 em for Liberation Serif)
    # and lay the text out longer than the PDF (a 3-page notice became 4 pages in LibreOffice).
    fmt.line_spacing = Pt(size * spacing.get("line", 1.2))
    if align is not None:
        paragraph.alignment = align
    if text:
        _set_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _rule_paragraph(container, *, width_mm: float, column_mm: float):
    paragraph = _paragraph(container, size=4, align=WD_ALIGN_PARAGRAPH.CENTER)
    indent = max(column_mm - width_mm, 0) / 2
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _borderless(table):
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _two_columns(docx, split: tuple[str, str]):
    left_pct, right_pct = (float(s.removesuffix("%")) for s in split)
    table = docx.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    widths = (TEXT_WIDTH_MM * left_pct / 100, TEXT_WIDTH_MM * right_pct / 100)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table.rows[0].cells, widths


def _page_number_header(section, size: float):
    """Page numbers centred in the top margin, not on page 1 (NĐ 30, Phụ lục I)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _set_font(run, size=size)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _header(docx, doc, p):
    (left, right), (left_mm, _right_mm) = _two_columns(docx, p["header_split"])
    if doc.parent:
        _paragraph(
            left, doc.parent, size=p["parent_size"], align=WD_ALIGN_PARAGRAPH.CENTER, line=1.1
        )
    _paragraph(
        left,
        doc.issuer,
        size=p["issuer_size"],
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=1.1,
    )
    if p["issuer_mark"] == "star":
        _paragraph(left, "*", size=p["issuer_size"], align=WD_ALIGN_PARAGRAPH.CENTER)
    else:
        _rule_paragraph(left, width_mm=left_mm * 0.4, column_mm=left_mm)
    _paragraph(
        left, doc.number_text, size=p["number_size"], align=WD_ALIGN_PARAGRAPH.CENTER, before=6
    )
    if doc.is_draft:
        _paragraph(
            left, od.DRAFT_MARK, size=p["number_size"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    if doc.profile == od.PARTY:
        heading = _paragraph(right, size=p["party_heading_size"], align=WD_ALIGN_PARAGRAPH.CENTER)
        _set_font(
            heading.add_run(p["party_heading"]),
            size=p["party_heading_size"],
            bold=True,
            underline=True,
        )
    else:
        _paragraph(
            right,
            p["national_title"],
            size=p["national_title_size"],
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            line=1.1,
        )
        motto = _paragraph(right, size=p["motto_size"], align=WD_ALIGN_PARAGRAPH.CENTER, line=1.1)
        _set_font(motto.add_run(p["motto"]), size=p["motto_size"], bold=True, underline=True)
    _paragraph(
        right,
        doc.place_date_text,
        size=p["place_date_size"],
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=6 if doc.profile == od.PARTY else 18,
    )


def _title(docx, doc, p):
    _paragraph(
        docx,
        doc.doc_type.upper(),
        size=p["doc_type_size"],
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=18,
    )
    for line in doc.subject.splitlines():
        _paragraph(docx, line, size=p["subject_size"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if p.get("subject_rule_width"):
        _rule_paragraph(docx, width_mm=40, column_mm=TEXT_WIDTH_MM)


def _body_paragraph(docx, text, p, *, bold=False, indent=True, label=""):
    paragraph = _paragraph(
        docx,
        size=p["body_size"],
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=float(p["paragraph_spacing"].removesuffix("pt")),
        line=p["line_height"],
    )
    if indent:
        paragraph.paragraph_format.first_line_indent = _cm_to_mm(p["first_line_indent"])
    paragraph.paragraph_format.widow_control = True
    if label:
        _set_font(paragraph.add_run(label), size=p["body_size"], bold=True)
        text = f" {text}" if text else ""
    if text:
        _set_font(paragraph.add_run(text), size=p["body_size"], bold=bold)
    return paragraph


def _blocks(docx, blocks, p):
    for block in blocks:
        if block.kind == "paragraph":
            _body_paragraph(docx, block.text, p)
        elif block.kind in {"section", "topic"}:
            _body_paragraph(docx, block.text, p, bold=True).paragraph_format.keep_with_next = True
        elif block.kind == "point":
            _body_paragraph(docx, block.full_text, p)
        elif block.kind == "list":
            for item in block.items:
                _body_paragraph(docx, f"- {item}", p)
        elif block.kind == "table":
            _figures_table(docx, block, p)


def _figures_table(docx, block, p):
    """A report's figures: bordered, the header and footer bold, figures centred."""
    lines = [(block.header, True), *((row, False) for row in block.rows)]
    if block.footer:
        lines.append((block.footer, True))
    table = docx.add_table(rows=len(lines), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (cells, bold) in zip(table.rows, lines, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 0 else WD_ALIGN_PARAGRAPH.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = align
            _set_font(paragraph.add_run(text), size=p["body_size"], bold=bold)
    _keep_rows_together(table)


def _recipients(cell, doc, p):
    if not doc.recipients:
        return
    _paragraph(
        cell, "Nơi nhận:", size=p["recipients_title_size"], bold=True, italic=True, line=1.15
    )
    for line in doc.recipients:
        _paragraph(cell, line, size=p["recipients_size"], line=1.15)


def _signature(cell, sig: od.Signature, p):
    size = p["signature_size"]
    for line in (sig.authority, sig.title, sig.agency_position):
        if line:
            _paragraph(
                cell, line.upper(), size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line=1.15
            )
    for _ in range(sig.blank_lines):
        _paragraph(cell, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, line=1.15)
    _paragraph(cell, sig.name, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, line=1.15)


def _keep_rows_together(table):
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        properties.append(cant_split)


def render_docx(document: od.OfficialDocument | od.MinutesDocument) -> bytes:
    """The .docx bytes of a notice or minutes, laid out like its PDF."""
    p = document.config
    docx = Document()
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = _mm(p["page"]["top"]), _mm(p["page"]["bottom"])
    section.left_margin, section.right_margin = _mm(p["page"]["left"]), _mm(p["page"]["right"])
    section.header_distance = Mm(10)
    normal = docx.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(p["body_size"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_number_header(section, p["page_number_size"])
    for empty in list(docx.paragraphs):  # the default template's empty first paragraph
        empty._p.getparent().remove(empty._p)
    _header(docx, document, p)
    _title(docx, document, p)
    if isinstance(document, od.MinutesDocument):
        _body_paragraph(docx, document.started_text, p, indent=False, label="Thời gian bắt đầu:")
        _body_paragraph(docx, document.venue or "…", p, indent=False, label="Địa điểm:")
        _body_paragraph(docx, "", p, indent=False, label="Thành phần tham dự:")
        for name in document.attendees:
            _body_paragraph(docx, f"- {name}", p)
        if document.absentees:
            _body_paragraph(docx, "", p, indent=False, label="Vắng mặt:")
            for absentee in document.absentees:
                reason = f" (lý do: {absentee.reason})" if absentee.reason else ""
                _body_paragraph(docx, f"- {absentee.name}{reason}", p)
        _body_paragraph(docx, document.chair or "…", p, indent=False, label="Chủ trì:")
        _body_paragraph(docx, document.secretary or "…", p, indent=False, label="Thư ký:")
        _body_paragraph(docx, "", p, indent=False, label="Nội dung:")
        _blocks(docx, document.content, p)
        _body_paragraph(docx, document.ended_text, p).paragraph_format.keep_with_next = True
        (left, right), _widths = _two_columns(docx, ("50%", "50%"))
        _signature(left, document.secretary_signature, p)
        _signature(right, document.chair_signature, p)
        _keep_rows_together(docx.tables[-1])
        if document.recipients:
            _recipients(docx, document, p)
    else:
        _blocks(docx, document.body, p)
        if document.closing_text:
            closing = _body_paragraph(docx, document.closing_text, p)
            closing.paragraph_format.keep_with_next = True
        (left, right), _widths = _two_columns(docx, p["header_split"])
        _recipients(left, document, p)
        _signature(right, document.signature, p)
        _keep_rows_together(docx.tables[-1])
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
