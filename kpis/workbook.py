"""Reading an uploaded .xlsx safely, for the ward import and the standing agency's bulk import.

The archive is checked before any XML is parsed (a zip bomb is refused from its directory alone,
without inflating a byte), and the whole read — openpyxl parses each row lazily while it is
iterated — sits inside one guard, so that a damaged or hostile file always ends in a Vietnamese
message naming the problem (and the row or column when known), never in a server error. Cell
text comes back as NFC with bidirectional control characters removed; formulas and over-long
text are refused by row and column.
"""

import io
import math
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from steering.text import strip_bidi

# An export saved by Excel or LibreOffice has ~10-20 parts; its sheet XML compresses 5-20 times.
MAX_MEMBERS = 100
MAX_TOTAL_UNCOMPRESSED = 64 * 1024 * 1024
MAX_SHEET_UNCOMPRESSED = 48 * 1024 * 1024
MAX_OTHER_UNCOMPRESSED = 8 * 1024 * 1024  # sharedStrings, styles, …: held in memory whole
MAX_RATIO = 100  # a part over 1 MB inflating more than this is a bomb, not a spreadsheet
RATIO_FROM = 1024 * 1024
MAX_XML_DEPTH = 32  # a worksheet nests 6 deep (worksheet/sheetData/row/c/is/r/t)
MAX_COLUMNS = 26
MAX_CELL_CHARS = 4000
MAX_CELL_ERRORS = 200
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    header: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (excel row number, cells)
    errors: list[tuple[int | None, str, str]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (openpyxl counts from 1)."""
    return get_column_letter(index + 1)


def _refuse(message: str):
    raise ValidationError(message)


def archive_check(content: bytes) -> None:
    """Refuse what is not a plain .xlsx archive, or would unpack to too much, from the zip
    directory only: nothing is decompressed here."""
    if not content:
        _refuse(_("Tệp rỗng (0 byte)."))
    if content.startswith(OLE_MAGIC):
        _refuse(
            _(
                "Tệp được đặt mật khẩu hoặc là định dạng Excel cũ (.xls); "
                "hãy bỏ mật khẩu và lưu lại thành .xlsx."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _refuse(_("Tệp không phải là bảng tính .xlsx (không mở được như tệp nén Office)."))
    if len(members) > MAX_MEMBERS:
        _refuse(
            _("Tệp có %(n)s thành phần, quá nhiều cho một bảng tính (tối đa %(max)s).")
            % {"n": len(members), "max": MAX_MEMBERS}
        )
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        _refuse(_("Tệp không phải là bảng tính .xlsx (thiếu phần xl/workbook.xml)."))
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            _refuse(_("Tệp được mã hoá (đặt mật khẩu); hãy bỏ mật khẩu rồi tải lên lại."))
        size = member.file_size
        total += size
        is_sheet = member.filename.startswith("xl/worksheets/")
        limit = MAX_SHEET_UNCOMPRESSED if is_sheet else MAX_OTHER_UNCOMPRESSED
        ratio = size / max(member.compress_size, 1)
        if size > limit or (size > RATIO_FROM and ratio > MAX_RATIO):
            _refuse(
                _(
                    "Tệp bị từ chối: phần “%(part)s” giải nén ra %(mb)s MB (nén %(ratio)s lần), "
                    "bất thường với một bảng tính — có thể là tệp “bom nén”."
                )
                % {"part": member.filename, "mb": size // (1024 * 1024), "ratio": int(ratio)}
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        _refuse(
            _("Tệp giải nén ra %(mb)s MB, quá lớn (tối đa %(max)s MB).")
            % {"mb": total // (1024 * 1024), "max": MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)}
        )
    if any(n.startswith("/") or ".." in n.split("/") for n in names):
        _refuse(_("Tệp bị hỏng: có thành phần mang đường dẫn không hợp lệ."))
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        _refuse(_("Tệp có chứa macro; hãy lưu lại thành tệp .xlsx không có macro."))
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            _xml_check(archive, member)


def _xml_check(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Every XML part streamed once through expat before openpyxl sees it: no DTD (entity
    expansion, external entities; Excel never writes one) and no nesting deeper than a
    spreadsheet has (a reader keeps every open element: 50,000 nested tags in a 2 KB file held
    24 MB). Inflated in chunks, within the caps checked above."""
    depth = 0

    def start(_name, _attributes):
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            _refuse(
                _("Tệp bị từ chối: phần “%(part)s” lồng nhau quá %(max)s cấp.")
                % {"part": member.filename, "max": MAX_XML_DEPTH}
            )

    def end(_name):
        nonlocal depth
        depth -= 1

    def declaration(*_args):
        _refuse(
            _("Tệp bị từ chối: phần “%(part)s” khai báo DOCTYPE/ENTITY (tệp Excel thật không có).")
            % {"part": member.filename}
        )

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = declaration
    parser.EntityDeclHandler = declaration
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(256 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        _refuse(
            _("Tệp bị hỏng: phần “%(part)s” không phải XML hợp lệ (dòng %(line)s, cột %(col)s).")
            % {"part": member.filename, "line": exc.lineno, "col": exc.offset}
        )
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        _refuse(
            _("Tệp bị hỏng: không giải nén được phần “%(part)s” (%(kind)s).")
            % {"part": member.filename, "kind": type(exc).__name__}
        )


def _visible_sheet(workbook):
    """The first visible sheet (a hidden or very hidden sheet is never read)."""
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") == "visible":
            return sheet
    _refuse(_("Tệp không có trang tính nào đang hiện; hãy bỏ ẩn trang chứa số liệu."))


def _clean_text(value: str) -> str:
    return unicodedata.normalize("NFC", strip_bidi(value))


def _cell(value, *, number: int, column: int, header: list[str], labels: dict, errors: list):
    """The cell's value as the importers expect it, or None after adding an error."""
    name = header[column] if column < len(header) else ""
    where = labels.get(name) or f"{_('Cột')} {column_letter(column)}"
    if isinstance(value, float) and not math.isfinite(value):
        errors.append((number, where, _("Ô không chứa số hợp lệ (NaN hoặc vô cực).")))
        return None
    if isinstance(value, str):
        if value.startswith("="):
            errors.append(
                (number, where, _("Ô chứa công thức; chỉ nhập giá trị (dán đặc biệt → giá trị)."))
            )
            return None
        if len(value) > MAX_CELL_CHARS:
            errors.append(
                (
                    number,
                    where,
                    _("Ô dài %(n)s ký tự, tối đa %(max)s.")
                    % {"n": len(value), "max": MAX_CELL_CHARS},
                )
            )
            return None
        if "\x00" in value:
            errors.append((number, where, _("Ô chứa ký tự không hợp lệ (NUL).")))
            return None
        return _clean_text(value)
    return value


def _header(cells: list) -> list[str]:
    header = []
    for index, value in enumerate(cells):
        name = _clean_text(str(value)).strip().lower() if value is not None else ""
        if name and name in header:
            _refuse(
                _("Cột “%(name)s” lặp lại ở cột %(a)s và cột %(b)s; mỗi cột chỉ một lần.")
                % {
                    "name": name,
                    "a": column_letter(header.index(name)),
                    "b": column_letter(index),
                }
            )
        header.append(name)
    while header and not header[-1]:
        header.pop()
    return header


def sheet_read(content: bytes, *, max_rows: int, labels: dict | None = None) -> Sheet:
    """The first visible sheet's header and non-empty rows; raises ValidationError (in
    Vietnamese) for a file that cannot be read at all, and returns per-cell errors by row."""
    import openpyxl

    archive_check(content)
    labels = labels or {}
    read = 0  # the last row read whole: a damaged row is the next one
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            sheet = _visible_sheet(workbook)
            result = None
            for number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1
            ):
                if number > max_rows + 1:
                    _refuse(_("Tệp có quá %(max)s dòng.") % {"max": max_rows})
                if result is None:
                    result = Sheet(header=_header(list(values)))
                    read = number
                    continue
                cells = [
                    ""
                    if value is None
                    else _cell(
                        value,
                        number=number,
                        column=column,
                        header=result.header,
                        labels=labels,
                        errors=result.errors,
                    )
                    for column, value in enumerate(values)
                ]
                read = number
                if len(result.errors) > MAX_CELL_ERRORS:
                    break
                if all(str(c).strip() == "" for c in cells if c is not None):
                    continue  # an empty row is not an error
                result.rows.append((number, cells))
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl, lxml and zipfile raise many kinds for a damaged file
        if read:
            message = _(
                "Tệp bị hỏng ở dòng %(row)s (không đọc được nội dung ô): %(kind)s. "
                "Hãy mở tệp bằng Excel, kiểm tra dòng này rồi lưu lại."
            ) % {"row": read + 1, "kind": type(exc).__name__}
        else:
            message = _(
                "Tệp không đọc được như một bảng tính .xlsx (%(kind)s); "
                "hãy mở bằng Excel và lưu lại thành .xlsx."
            ) % {"kind": type(exc).__name__}
        raise ValidationError(message) from exc
    return result or Sheet(header=[])
