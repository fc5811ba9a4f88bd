"""A traffic-light criteria set imported from Excel: groups, rules, thresholds; all or nothing."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.criteria_import import COLUMNS, criteria_import_template, criteria_set_import
from kpis.models import CriteriaMethod, CriteriaSet, Criterion, CriterionGroup, RuleKind

HEADER = [str(label) for label in COLUMNS.values()]


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("I", "Nhận thức số", "", "", "", "", "", "", ""),
    ("I", "", "1", "Tỷ lệ cán bộ được tập huấn kỹ năng số", "%", 100, 80, "%", ""),
    ("II", "Hạ tầng số", "", "", "", "", "", "", ""),
    ("", "", "2", "Có mạng WiFi công cộng tại trụ sở", "Có/Không", "", "", "", ""),
    ("II", "", "3", "Số điểm phát sóng", "≥", "10", "5", "điểm", "Đếm cuối tháng"),
    ("II", "", "4", "Số hồ sơ trễ hạn", "≤", 0, "2,5", "hồ sơ", ""),
]


def test_a_valid_file_creates_the_set_with_its_groups_rules_and_thresholds(world):
    imported = criteria_set_import(
        committee=world.committee, name="Bộ 02-KH mẫu", year=2099, content=_xlsx(GOOD)
    )
    assert (imported.groups, imported.criteria) == (2, 4)
    assert imported.criteria_set.method == CriteriaMethod.LIGHTS
    criteria = {c.code: c for c in Criterion.objects.filter(criteria_set=imported.criteria_set)}
    assert criteria["1"].rule == RuleKind.PERCENT and criteria["1"].group.code == "I"
    assert criteria["2"].rule == RuleKind.YES_NO and criteria["2"].group.code == "II"
    assert (criteria["3"].green_threshold, criteria["3"].yellow_threshold) == (10, 5)
    assert criteria["4"].rule == RuleKind.AT_MOST and str(criteria["4"].yellow_threshold) == "2.50"
    assert criteria["3"].guidance == "Đếm cuối tháng"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("I", "", "5", "Sai quy tắc", "khoảng", 1, 0, "", ""), "Dòng 8, cột “Quy tắc”"),
        (("I", "", "5", "Ngược ngưỡng", "≥", 1, 5, "", ""), "Dòng 8: Ngưỡng Xanh phải lớn hơn"),
        (("I", "", "5", "Thiếu ngưỡng", "%", 100, "", "", ""), "Dòng 8: cần cả Ngưỡng Xanh"),
        (("I", "", "1", "Trùng mã", "Có/Không", "", "", "", ""), "mã “1” trùng với dòng 3"),
        (("IX", "", "5", "Nhóm lạ", "Có/Không", "", "", "", ""), "nhóm “IX” chưa có dòng"),
        (("I", "", "5", "Chữ", "≥", "mười", 1, "", ""), "Dòng 8, cột “Ngưỡng Xanh”"),
        (("I", "", "5", "Tỷ lệ lớn", "%", 120, 90, "", ""), "ngưỡng tỷ lệ phải từ 0 đến 100"),
    ],
)
def test_one_bad_row_refuses_the_whole_file_naming_the_row(world, row, message):
    with pytest.raises(ValidationError) as caught:
        criteria_set_import(
            committee=world.committee, name="Bộ lỗi", year=2099, content=_xlsx([*GOOD, row])
        )
    assert any(message in m for m in caught.value.messages), caught.value.messages
    assert not CriteriaSet.objects.filter(name="Bộ lỗi").exists()
    assert not CriterionGroup.objects.exists()


def test_a_file_without_the_required_columns_is_explained(world):
    with pytest.raises(ValidationError) as caught:
        criteria_set_import(
            committee=world.committee,
            name="Bộ",
            year=2099,
            content=_xlsx([("1", "x")], header=["STT", "Nội dung"]),
        )
    text = " ".join(caught.value.messages)
    assert "Thiếu cột: Mã tiêu chí, Tiêu chí, Quy tắc." in text


def test_the_downloaded_template_imports_as_is(world):
    imported = criteria_set_import(
        committee=world.committee, name="Từ mẫu", year=2099, content=criteria_import_template()
    )
    assert imported.criteria == 4


def test_the_secretariat_imports_a_file_from_the_page(world, secretariat, client_as):
    upload = SimpleUploadedFile("tieu-chi.xlsx", _xlsx(GOOD))
    response = client_as(secretariat).post(
        reverse("kpi_criteria_import"),
        {"committee": world.committee.pk, "name": "Bộ trang", "year": 2099, "file": upload},
    )
    created = CriteriaSet.objects.get(name="Bộ trang")
    assert response.status_code == 302
    assert response.url == reverse("kpi_criteria_set", kwargs={"pk": created.pk})
    assert created.criteria.count() == 4


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_vietnamese(world, secretariat, client_as):
    upload = SimpleUploadedFile("tieu-chi.xlsx", b"not a spreadsheet at all")
    response = client_as(secretariat).post(
        reverse("kpi_criteria_import"),
        {"committee": world.committee.pk, "name": "Bộ hỏng", "year": 2099, "file": upload},
    )
    assert response.status_code == 200
    assert "tieu-chi.xlsx" in response.content.decode()
    assert not CriteriaSet.objects.filter(name="Bộ hỏng").exists()


def test_a_member_who_runs_no_committee_cannot_import(member, client_as):
    assert client_as(member).get(reverse("kpi_criteria_import")).status_code == 403


def test_the_sample_ward_set_imports_through_the_same_path_and_says_it_is_a_sample(world):
    from kpis.criteria_samples import sample_ward_criteria_create

    imported = sample_ward_criteria_create(committee=world.committee, year=2099)
    assert (imported.groups, imported.criteria) == (4, 10)
    assert imported.criteria_set.is_sample
    assert "02-KH/BCĐTW" in imported.criteria_set.basis
    late = imported.criteria_set.criteria.get(code="3.3")
    assert late.rule == RuleKind.AT_MOST and late.is_sample
