"""Excel round trip: the downloaded template imports back; every bad file gets a clear message
and writes nothing."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.entry_template import TEMPLATE_COLUMNS
from kpis.models import IndicatorReport, ReportState
from kpis.resources import COLUMNS


def _xlsx(rows, header=COLUMNS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _good_rows(unit="T-Q-A"):
    return [
        [unit, "CT09", "Tỷ lệ", 85, 100, None, ""],
        [unit, "CT20", "Số cuộc họp", None, None, 4, ""],
    ]


def _upload(client, period, content, name="so-lieu.xlsx"):
    return client.post(
        reverse("kpi_import", args=[period.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def test_template_downloads_prefilled_with_indicator_codes(plan_world, ward_a, client_as):
    IndicatorReport.objects.create(
        unit=ward_a.profile.org_unit,
        indicator=plan_world.ratio,
        period=plan_world.open,
        numerator=7,
        denominator=10,
        comment='=HYPERLINK("http://x")',
    )
    response = client_as(ward_a).get(reverse("kpi_template", args=[plan_world.open.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE_COLUMNS  # the codes, in a hidden row above the labels
    assert [r[1] for r in rows[2:]] == ["CT09", "CT20"]
    assert rows[2][5] == 7 and rows[2][8].startswith("'=")  # the formula is escaped


def test_preview_then_confirm_imports_exactly_the_previewed_file(
    plan_world, ward_a, client_as, world
):
    client = client_as(ward_a)
    page = _upload(client, plan_world.open, _xlsx(_good_rows()))
    html = page.content.decode()
    assert "Xác nhận nhập số liệu" in html
    assert not IndicatorReport.objects.exists()  # a dry run writes nothing
    sha = page.context["outcome"].sha256
    confirm = reverse("kpi_import_confirm", args=[plan_world.open.pk])
    response = client.post(confirm, {"sha256": sha})
    assert response.status_code == 302
    reports = dict(IndicatorReport.objects.values_list("indicator__code", "state"))
    assert reports == {"CT09": ReportState.DRAFT, "CT20": ReportState.DRAFT}
    assert IndicatorReport.objects.get(indicator__code="CT09").numerator == 85
    # The stored file is used once; a replayed or forged hash is refused.
    again = client.post(confirm, {"sha256": sha}, follow=True)
    assert "Không tìm thấy tệp đã xem trước" in again.content.decode()
    forged = client.post(confirm, {"sha256": "../../etc"}, follow=True)
    assert "Không tìm thấy tệp đã xem trước" in forged.content.decode()


def test_another_ward_cannot_confirm_a_file_previewed_by_ward_a(
    plan_world, ward_a, ward_b, client_as
):
    page = _upload(client_as(ward_a), plan_world.open, _xlsx(_good_rows()))
    sha = page.context["outcome"].sha256
    response = client_as(ward_b).post(
        reverse("kpi_import_confirm", args=[plan_world.open.pk]), {"sha256": sha}, follow=True
    )
    assert "Không tìm thấy tệp đã xem trước" in response.content.decode()
    assert not IndicatorReport.objects.exists()


def _bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (101 * 1024 * 1024))
    return buffer.getvalue()


CORPUS = [
    (
        "missing column",
        _xlsx([["T-Q-A", "CT09", "x", 1, 2, ""]], header=COLUMNS[:-1]),
        "Thiếu cột: giai_trinh",
    ),
    (
        "wrong column",
        _xlsx(_good_rows(), header=[*COLUMNS[:-1], "ghi_chu"]),
        "Cột không dùng được: ghi_chu",
    ),
    (
        "text in a number cell",
        _xlsx([["T-Q-A", "CT09", "x", "tám mươi", 100, None, ""]]),
        "Dòng 2, cột “Tử số”: “tám mươi” không phải là số.",
    ),
    (
        "formula",
        _xlsx([["T-Q-A", "CT09", "x", "=80+5", 100, None, ""]]),
        "Dòng 2, cột “Tử số”: Ô chứa công thức",
    ),
    (
        "numerator above denominator",
        _xlsx([["T-Q-A", "CT09", "x", 120, 100, None, ""]]),
        "Dòng 2, cột “Tử số”: Tử số không được lớn hơn mẫu số.",
    ),
    (
        "zero denominator",
        _xlsx([["T-Q-A", "CT09", "x", 0, 0, None, ""]]),
        "Dòng 2, cột “Mẫu số”: Mẫu số phải lớn hơn 0.",
    ),
    (
        "another unit's code",
        _xlsx(_good_rows(unit="T-Q-B")),
        "Mã đơn vị “T-Q-B” không phải đơn vị của bạn",
    ),
    (
        "unknown indicator",
        _xlsx([["T-Q-A", "CT99", "x", 1, 2, None, ""]]),
        "Không có chỉ tiêu mã “CT99”",
    ),
    (
        "duplicate rows",
        _xlsx([*_good_rows(), ["T-Q-A", "CT09", "x", 1, 2, None, ""]]),
        "Dòng 4, cột “Mã chỉ tiêu”: Chỉ tiêu “CT09” đã có ở dòng 2",
    ),
    ("only empty rows", _xlsx([[None] * 7, [None] * 7]), "Tệp không có dòng số liệu nào."),
    (
        "csv renamed xlsx",
        b"ma_don_vi,ma_chi_tieu\nT-Q-A,CT09\n",
        "không phải là tệp .xlsx hợp lệ",
    ),
    (
        "xls renamed xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "không phải là tệp .xlsx hợp lệ",
    ),
    ("oversized file", b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024 + 10), "quá lớn"),
    ("zip bomb", _bomb(), "giải nén ra quá lớn"),
]


@pytest.mark.parametrize(("case", "content", "message"), CORPUS, ids=[c[0] for c in CORPUS])
def test_import_corpus_gives_a_clear_message_and_writes_nothing(
    plan_world, ward_a, client_as, case, content, message
):
    response = _upload(client_as(ward_a), plan_world.open, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html, case
    assert "Xác nhận nhập số liệu" not in html
    assert not IndicatorReport.objects.exists()


def test_empty_rows_between_data_are_ignored(plan_world, ward_a, client_as):
    rows = [_good_rows()[0], [None] * 7, _good_rows()[1]]
    page = _upload(client_as(ward_a), plan_world.open, _xlsx(rows))
    assert page.context["outcome"].ok


def test_a_submitted_value_cannot_be_overwritten_by_import(plan_world, ward_a, client_as, world):
    IndicatorReport.objects.create(
        unit=world.ward_a,
        indicator=plan_world.ratio,
        period=plan_world.open,
        numerator=1,
        denominator=2,
        state=ReportState.SUBMITTED,
    )
    page = _upload(client_as(ward_a), plan_world.open, _xlsx(_good_rows()))
    assert "đã đã gửi" not in page.content.decode()
    assert "không sửa được" in page.content.decode()
    assert IndicatorReport.objects.count() == 1


def test_a_locked_period_refuses_the_import(plan_world, ward_a, client_as):
    page = _upload(client_as(ward_a), plan_world.locked, _xlsx(_good_rows()))
    assert "đã khóa số liệu" in page.content.decode()


def test_period_export_is_scoped_and_escapes_formulas(
    plan_world, world, ward_a, ward_b, chair, client_as
):
    IndicatorReport.objects.create(
        unit=world.ward_a,
        indicator=plan_world.ratio,
        period=plan_world.open,
        numerator=9,
        denominator=10,
        comment="=cmd|' /C calc'!A0",
        state=ReportState.SUBMITTED,
    )
    IndicatorReport.objects.create(
        unit=world.ward_b,
        indicator=plan_world.ratio,
        period=plan_world.open,
        numerator=5,
        denominator=10,
    )
    url = reverse("kpi_period_export", args=[plan_world.open.pk])

    def rows(user):
        content = client_as(user).get(url).content
        return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    everything = rows(chair)
    assert [r[0] for r in everything[1:]] == ["T-Q-A", "T-Q-B"]
    assert everything[1][7] == 90.0 and everything[1][8].startswith("'=")
    assert [r[0] for r in rows(ward_b)[1:]] == ["T-Q-B"]  # ward B never sees ward A's figures


def _bulk(rows):
    import tablib

    dataset = tablib.Dataset(
        headers=["ma_don_vi", "ma_chi_tieu", "ma_ky", "tu_so", "mau_so", "gia_tri", "giai_trinh"]
    )
    for row in rows:
        dataset.append(row)
    return dataset


def test_bulk_import_of_many_units_is_all_or_nothing_with_history(plan_world, secretariat):
    from kpis.resources import PeriodReportsResource

    key = "2099-month-1"
    good = [("T-Q-A", "CT09", key, 8, 10, "", ""), ("T-Q-B", "CT09", key, 9, 10, "", "")]
    result = PeriodReportsResource(plan=plan_world.plan, user=secretariat).import_data(
        _bulk([*good, ("T-Q-B", "CT09", key, 11, 10, "", "")])
    )
    assert result.has_validation_errors()
    assert result.invalid_rows[0].error_dict["numerator"] == ["Tử số không được lớn hơn mẫu số."]
    assert not IndicatorReport.objects.exists()
    result = PeriodReportsResource(plan=plan_world.plan, user=secretariat).import_data(_bulk(good))
    assert not result.has_errors() and not result.has_validation_errors()
    assert IndicatorReport.objects.count() == 2
    assert IndicatorReport.history.count() == 2
