"""Notice PDF: WeasyPrint render vs LibreOffice headless DOCX→PDF, a 3-page notice, warm.

The same conclusion notice (10 conclusions, 30 directives, about 3 A4 pages) is rendered by
`steering.officialdoc.render_pdf` in-process, and written as an equivalent DOCX (python-docx) that
LibreOffice converts with `soffice --headless --convert-to pdf`, the usual way Word templates are
turned into PDFs. Both are warmed once, then timed as the median of N runs in the same process and
machine; the ratio WeasyPrint / LibreOffice should stay ≤ 0.5. LibreOffice and python-docx are not
project dependencies: without them the LibreOffice half prints "skipped: <what is missing>".
"""

import logging
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 10
LO_RUNS = 5


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings_test")
    import django

    django.setup()


def _median_ms(fn, runs: int) -> float:
    fn()  # warm: fonts, templates, LibreOffice's user profile
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _pages(pdf: pathlib.Path) -> str:
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        return "?"
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, check=False).stdout.decode()
    return next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "?")


def _write_docx(document, path: pathlib.Path) -> None:
    """The notice as a Word file laid out the way practitioners do (two borderless tables)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    from steering.officialdoc import BulletList, Paragraph, Point, SectionHeading, Topic

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(6)
    normal.paragraph_format.space_after = Pt(0)
    # Exactly 1.2 × the size, as the CSS line-height: Word's "multiple 1.2" would be 1.2 × the
    # font's own line height (1.15 em) and make the pages longer.
    normal.paragraph_format.line_spacing = Pt(14 * 1.2)

    def cell_line(cell, text, *, size=13, bold=False, italic=False, first=False):
        par = cell.paragraphs[0] if first else cell.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.space_before = Pt(0)
        par.paragraph_format.line_spacing = Pt(size * 1.15)
        run = par.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic

    header = doc.add_table(rows=2, cols=2)
    header.columns[0].width, header.columns[1].width = Mm(66), Mm(99)
    left, right = header.rows[0].cells
    cell_line(left, document.parent, first=True)
    cell_line(left, document.issuer, bold=True)
    cell_line(right, document.config["national_title"], bold=True, first=True)
    cell_line(right, document.config["motto"], size=14, bold=True)
    cell_line(header.rows[1].cells[0], document.number_text, first=True)
    cell_line(header.rows[1].cells[1], document.place_date_text, size=14, italic=True, first=True)

    for text in (document.doc_type, *document.subject.split("\n")):
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.add_run(text).bold = True

    def body(text, *, bold=False):
        par = doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        par.paragraph_format.first_line_indent = Cm(1)
        par.add_run(text).bold = bold

    for block in document.body:
        if isinstance(block, Paragraph):
            body(block.text)
        elif isinstance(block, SectionHeading | Topic):
            body(block.text, bold=True)
        elif isinstance(block, Point):
            body(block.full_text)
        elif isinstance(block, BulletList):
            for item in block.items:
                body(f"- {item}")
    body(document.closing_text)

    footer = doc.add_table(rows=1, cols=2)
    recipients, signature = footer.rows[0].cells
    par = recipients.paragraphs[0]
    run = par.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in document.recipients:
        item = recipients.add_paragraph()
        item.paragraph_format.space_before = Pt(0)
        item.paragraph_format.line_spacing = Pt(11 * 1.15)
        item.add_run(line).font.size = Pt(11)
    sig = document.signature
    lines = [sig.authority, sig.title, sig.agency_position]
    first = True
    for text in filter(None, lines):
        cell_line(signature, text, size=14, bold=True, first=first)
        first = False
    for _ in range(sig.blank_lines):
        signature.add_paragraph().paragraph_format.space_before = Pt(0)
    cell_line(signature, sig.name, size=14, bold=True)
    doc.save(str(path))


def main() -> None:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    _setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # no per-step progress lines
    from steering.officialdoc import render_pdf
    from tests.steering.officialdoc.samples import long_notice

    document = long_notice(conclusions=10, directives=30)
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        out = pathlib.Path(tmp)
        weasy_pdf = out / "weasy.pdf"

        def weasy():
            weasy_pdf.write_bytes(render_pdf(document))

        weasy_ms = _median_ms(weasy, RUNS)
        print(f"WeasyPrint render_pdf: {weasy_ms:8.1f} ms (median of {RUNS}, warm), ", end="")
        print(f"{_pages(weasy_pdf)} pages")

        missing = []
        try:
            import docx  # noqa: F401
        except ImportError:
            missing.append("python-docx")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            missing.append("LibreOffice (soffice)")
        if missing:
            print(f"LibreOffice DOCX→PDF:  skipped: {', '.join(missing)} not installed")
            return

        docx_path = out / "notice.docx"
        _write_docx(document, docx_path)
        profile = (out / "lo-profile").as_uri()

        def libreoffice():
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(out),
                    str(docx_path),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )

        lo_ms = _median_ms(libreoffice, LO_RUNS)
        print(f"LibreOffice DOCX→PDF:  {lo_ms:8.1f} ms (median of {LO_RUNS}, warm), ", end="")
        print(f"{_pages(out / 'notice.pdf')} pages")
        print(f"ratio WeasyPrint / LibreOffice: {weasy_ms / lo_ms:.2f} (target ≤ 0.5)")


if __name__ == "__main__":
    main()
