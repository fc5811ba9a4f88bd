"""The Excel template a clerk fills without training (issue 15, item 4): Vietnamese headers
over hidden codes, an instructions sheet, only the cells to fill unlocked, data validation;
filled with openpyxl it imports back, and the earlier layout (codes as headers) still imports."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.entry_template import DATA_SHEET, HELP_SHEET, TEMPLATE_COLUMNS
from kpis.models import IndicatorReport
from kpis.resources import COLUMNS

COL = {name: index + 1 for index, name in enumerate(TEMPLATE_COLUMNS)}


def _template(client, period):
    response = client.get(reverse("kpi_template", args=[period.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _row_of(sheet, code):
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row=row, column=COL["ma_chi_tieu"]).value == code:
            return row
    raise AssertionError(f"no row for {code}")


def _import(client, period, content):
    preview = client.post(
        reverse("kpi_import", args=[period.pk]),
        {"file": SimpleUploadedFile("so-lieu.xlsx", content)},
    )
    outcome = preview.context["outcome"]
    assert outcome.ok, outcome.errors
    response = client.post(
        reverse("kpi_import_confirm", args=[period.pk]), {"sha256": outcome.sha256}
    )
    assert response.status_code == 302


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _figures():
    return {
        r.indicator.code: (r.numerator, r.denominator, r.value, r.comment)
        for r in IndicatorReport.objects.select_related("indicator")
    }


def test_the_template_filled_in_its_yellow_cells_imports_back(plan_world, ward_a, client_as):
    client = client_as(ward_a)
    workbook = _template(client, plan_world.open)
    sheet = workbook[DATA_SHEET]
    ratio, count = _row_of(sheet, "CT09"), _row_of(sheet, "CT20")
    sheet.cell(row=ratio, column=COL["tu_so"]).value = 85
    sheet.cell(row=ratio, column=COL["mau_so"]).value = "1.000"  # typed as text, Vietnamese
    sheet.cell(row=count, column=COL["gia_tri"]).value = 4
    sheet.cell(row=count, column=COL["giai_trinh"]).value = "Họp trực tuyến với quận"
    _import(client, plan_world.open, _saved(workbook))
    assert _figures() == {
        "CT09": (85, 1000, None, ""),
        "CT20": (None, None, 4, "Họp trực tuyến với quận"),
    }


def test_the_earlier_layout_with_codes_as_headers_still_imports(plan_world, ward_a, client_as):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["T-Q-A", "CT09", "Tỷ lệ", 70, 100, None, ""])
    sheet.append(["T-Q-A", "CT20", "Số cuộc họp", None, None, "3", ""])
    _import(client_as(ward_a), plan_world.open, _saved(workbook))
    assert _figures() == {"CT09": (70, 100, None, ""), "CT20": (None, None, 3, "")}


def test_a_sheet_headed_only_in_vietnamese_imports(plan_world, ward_a, client_as):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Mã đơn vị", "Mã chỉ tiêu", "Tử số", "Mẫu số", "Giá trị", "Giải trình"])
    sheet.append(["T-Q-A", "CT09", 9, 10, None, ""])
    _import(client_as(ward_a), plan_world.open, _saved(workbook))
    assert _figures() == {"CT09": (9, 10, None, "")}


def test_headers_are_vietnamese_over_a_hidden_row_of_codes(plan_world, ward_a, client_as):
    sheet = _template(client_as(ward_a), plan_world.open)[DATA_SHEET]
    assert [c.value for c in sheet[1]] == TEMPLATE_COLUMNS
    assert sheet.row_dimensions[1].hidden
    assert [c.value for c in sheet[2]] == [
        "Mã đơn vị",
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Cách nhập",
        "Tử số",
        "Mẫu số",
        "Giá trị",
        "Giải trình",
    ]
    count = _row_of(sheet, "CT20")
    assert sheet.cell(row=count, column=COL["don_vi_tinh"]).value == "cuộc"
    assert "số nguyên" in sheet.cell(row=_row_of(sheet, "CT20"), column=COL["cach_nhap"]).value
    assert (
        "Tử số và Mẫu số" in sheet.cell(row=_row_of(sheet, "CT09"), column=COL["cach_nhap"]).value
    )


def test_only_the_cells_to_fill_are_unlocked_on_a_protected_sheet(plan_world, ward_a, client_as):
    sheet = _template(client_as(ward_a), plan_world.open)[DATA_SHEET]
    assert sheet.protection.sheet

    def unlocked(code):
        row = _row_of(sheet, code)
        return {name for name, col in COL.items() if not sheet.cell(row, col).protection.locked}

    assert unlocked("CT09") == {"tu_so", "mau_so", "giai_trinh"}  # a ratio: never the value
    assert unlocked("CT20") == {"gia_tri", "giai_trinh"}
    assert sheet.cell(2, COL["tu_so"]).protection.locked  # the headers are locked


def test_figures_are_validated_as_whole_numbers_where_they_are_counts(
    plan_world, ward_a, client_as
):
    sheet = _template(client_as(ward_a), plan_world.open)[DATA_SHEET]
    ratio, count = _row_of(sheet, "CT09"), _row_of(sheet, "CT20")

    def rule(row, name):
        letter = openpyxl.utils.get_column_letter(COL[name])
        found = [v for v in sheet.data_validations.dataValidation if f"{letter}{row}" in v.sqref]
        assert len(found) == 1, (row, name)
        return found[0].type, found[0].formula1

    assert rule(ratio, "tu_so") == ("whole", "0")
    assert rule(ratio, "mau_so") == ("whole", "1")  # a denominator is at least 1
    assert rule(count, "gia_tri") == ("whole", "0")
    assert all(v.showErrorMessage and v.error for v in sheet.data_validations.dataValidation)


def test_the_instructions_sheet_says_what_to_fill(plan_world, ward_a, client_as):
    workbook = _template(client_as(ward_a), plan_world.open)
    assert workbook.sheetnames == [DATA_SHEET, HELP_SHEET]
    text = "\n".join(
        str(c.value) for row in workbook[HELP_SHEET].iter_rows() for c in row if c.value
    )
    assert "Phường An Bình" in text and "hạn gửi 05/02/2099" in text
    assert "ô nền vàng" in text and "Tử số và Mẫu số" in text
    assert "ma_don_vi" not in text  # codes are the importer's business, not the clerk's
