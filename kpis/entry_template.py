"""The Excel template a ward clerk fills without training (issue 15, item 4).

Sheet "Số liệu" (the first, the one the importer reads):
- row 1, hidden: the column codes the importer keys on (`ma_don_vi`, `tu_so`…);
- row 2: the same columns in Vietnamese ("Mã đơn vị", "Tử số"…);
- one row per indicator, pre-filled with the unit, the indicator, its unit of measure and what
  to type for it; only the cells to fill are unlocked (yellow): numerator and denominator for a
  ratio, the value otherwise, and the explanation; the sheet is protected (no password: it guides,
  it does not lock anyone out), and each unlocked figure has data validation (whole numbers for
  counts, numerators and denominators, 0 or 1 for yes/no).
Sheet "Hướng dẫn": what to do, step by step, and what each column means.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from steering.models import OrgUnit

from .models import IndicatorKind, ReportingPeriod
from .resources import COLUMN_LABELS, escape_formula

DATA_SHEET = "Số liệu"
HELP_SHEET = "Hướng dẫn"
TEMPLATE_COLUMNS = [
    "ma_don_vi",
    "ma_chi_tieu",
    "ten_chi_tieu",
    "don_vi_tinh",
    "cach_nhap",
    "tu_so",
    "mau_so",
    "gia_tri",
    "giai_trinh",
]
WIDTHS = {
    "ma_don_vi": 12,
    "ma_chi_tieu": 11,
    "ten_chi_tieu": 48,
    "don_vi_tinh": 11,
    "cach_nhap": 40,
    "tu_so": 11,
    "mau_so": 11,
    "gia_tri": 11,
    "giai_trinh": 40,
}
HOW_TO_FILL = {
    IndicatorKind.RATIO: "Tỷ lệ: nhập Tử số và Mẫu số (số nguyên); để trống Giá trị, "
    "cổng tự tính tỷ lệ.",
    IndicatorKind.COUNT: "Số lượng: nhập Giá trị là số nguyên (ví dụ 4).",
    IndicatorKind.BOOLEAN: "Có/không: nhập Giá trị 1 nếu có, 0 nếu không.",
    IndicatorKind.SCORE: "Điểm: nhập Giá trị, phần thập phân sau dấu phẩy (ví dụ 8,5).",
}
FILL_HERE = PatternFill("solid", fgColor="FFF2CC")
LOCKED = PatternFill("solid", fgColor="EDEDED")
HEADER = PatternFill("solid", fgColor="D9E1F2")
STEPS = [
    "Chỉ nhập vào các ô nền vàng trên trang “Số liệu”; các ô nền xám đã khóa "
    "(mã đơn vị, mã và tên chỉ tiêu, đơn vị tính).",
    "Chỉ tiêu tỷ lệ: nhập Tử số và Mẫu số là số nguyên, để trống Giá trị; cổng tự tính tỷ lệ "
    "(ví dụ 85 trên 100 hồ sơ = 85%).",
    "Chỉ tiêu số lượng: nhập Giá trị là số nguyên. Chỉ tiêu có/không: 1 là có, 0 là không.",
    "Số thập phân dùng dấu phẩy (8,5); nhóm hàng nghìn bằng dấu chấm (1.250) hoặc không nhóm. "
    "Chỉ nhập số, không nhập công thức.",
    "Giải trình: ghi khó khăn, đề xuất; bắt buộc khi kết quả chưa đạt mục tiêu.",
    "Không đổi tên trang, không thêm hoặc xóa dòng, cột; dòng không nhập số thì để trống.",
    "Lưu tệp dạng .xlsx, vào trang “Nhập từ Excel” của kỳ báo cáo để tải lên, xem trước "
    "rồi bấm xác nhận.",
]


def _validation(kind: str, minimum: str, maximum: str | None, message: str) -> DataValidation:
    check = DataValidation(
        type=kind,
        operator="between" if maximum is not None else "greaterThanOrEqual",
        formula1=minimum,
        formula2=maximum,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu không hợp lệ",
        error=message,
        showInputMessage=True,
        promptTitle="Nhập số",
        prompt=message,
    )
    return check


def report_template_xlsx(*, period: ReportingPeriod, unit: OrgUnit) -> bytes:
    """The unit's pre-filled, protected template for one period (see the module's note)."""
    from .selectors import entry_rows

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(TEMPLATE_COLUMNS)
    sheet.append([COLUMN_LABELS[c] for c in TEMPLATE_COLUMNS])
    sheet.row_dimensions[1].hidden = True
    column = {name: index + 1 for index, name in enumerate(TEMPLATE_COLUMNS)}
    checks = {
        "count": _validation("whole", "0", None, "Nhập số nguyên không âm, ví dụ 4."),
        "denominator": _validation("whole", "1", None, "Mẫu số là số nguyên lớn hơn 0, ví dụ 100."),
        "boolean": _validation("whole", "0", "1", "Nhập 1 nếu có, 0 nếu không."),
        "score": _validation("decimal", "-1000000000", "1000000000", "Nhập một số, ví dụ 8,5."),
    }
    for row in entry_rows(period=period, unit=unit):
        indicator, report = row.indicator, row.report
        sheet.append(
            [
                unit.code,
                indicator.code,
                escape_formula(indicator.name),
                escape_formula(indicator.unit_of_measure),
                HOW_TO_FILL.get(indicator.kind, HOW_TO_FILL[IndicatorKind.SCORE]),
                report.numerator if report else None,
                report.denominator if report else None,
                report.value if report else None,
                escape_formula(report.comment) if report else "",
            ]
        )
        number = sheet.max_row
        if indicator.kind == IndicatorKind.RATIO:
            to_fill = {"tu_so": "count", "mau_so": "denominator"}
        elif indicator.kind == IndicatorKind.COUNT:
            to_fill = {"gia_tri": "count"}
        elif indicator.kind == IndicatorKind.BOOLEAN:
            to_fill = {"gia_tri": "boolean"}
        else:
            to_fill = {"gia_tri": "score"}
        for name, index in column.items():
            cell = sheet.cell(row=number, column=index)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if name in to_fill or name == "giai_trinh":
                cell.protection = Protection(locked=False)
                cell.fill = FILL_HERE
                if name in to_fill:
                    checks[to_fill[name]].add(cell)
            else:
                cell.fill = LOCKED
    for check in checks.values():
        if check.sqref.ranges:
            sheet.add_data_validation(check)
    for name, index in column.items():
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[name]
        header = sheet.cell(row=2, column=index)
        header.font = Font(bold=True)
        header.fill = HEADER
        header.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "D3"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widths may be changed
    sheet.protection.formatRows = False
    _help_sheet(workbook, period=period, unit=unit)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _help_sheet(workbook: Workbook, *, period: ReportingPeriod, unit: OrgUnit) -> None:
    notes = workbook.create_sheet(HELP_SHEET)
    notes.append([f"Mẫu nhập số liệu chỉ tiêu — {unit.name}"])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append(
        [
            f"{period.label}, Kế hoạch số {period.plan.number}; hạn gửi "
            f"{period.submission_deadline:%d/%m/%Y}."
        ]
    )
    notes.append([])
    notes.append(["Cách nhập"])
    notes.cell(row=notes.max_row, column=1).font = Font(bold=True)
    for number, step in enumerate(STEPS, 1):
        notes.append([f"{number}. {step}"])
    notes.append([])
    notes.append(["Cột", "Ý nghĩa"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    meaning = {
        "ma_don_vi": "Mã đơn vị của bạn (đã điền sẵn, không sửa).",
        "ma_chi_tieu": "Mã chỉ tiêu (đã điền sẵn, không sửa).",
        "ten_chi_tieu": "Tên chỉ tiêu.",
        "don_vi_tinh": "Đơn vị tính của chỉ tiêu.",
        "cach_nhap": "Ô nào cần nhập cho chỉ tiêu này.",
        "tu_so": "Chỉ tiêu tỷ lệ: số trên (ví dụ số hồ sơ đúng hạn).",
        "mau_so": "Chỉ tiêu tỷ lệ: số dưới, lớn hơn 0 (ví dụ tổng số hồ sơ).",
        "gia_tri": "Chỉ tiêu số lượng, có/không, điểm: con số báo cáo.",
        "giai_trinh": "Giải trình, khó khăn, đề xuất.",
    }
    for name in TEMPLATE_COLUMNS:
        notes.append([COLUMN_LABELS[name], meaning[name]])
    notes.column_dimensions["A"].width = 110
    notes.column_dimensions["B"].width = 60
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes.protection.sheet = True
