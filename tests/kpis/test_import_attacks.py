"""Findings of the attack pass on the Excel imports: whose figures the bulk import may write,
formulas, hidden sheets, duplicated headers, over-long text and text normalisation."""

import io
import unicodedata

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis import bulk_import
from kpis.models import IndicatorReport
from kpis.resources import BULK_COLUMNS, COLUMNS
from steering.models import OrgKind
from tests.factories import OrgUnitFactory

KEY = "2099-month-1"


def _xlsx(rows, header=BULK_COLUMNS, *, hidden_first=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if hidden_first is not None:
        sheet.title = "Cũ"
        sheet.sheet_state = "hidden"
        for row in hidden_first:
            sheet.append(row)
        sheet = workbook.create_sheet("Số liệu")
        workbook.active = 1
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bulk(plan_world, secretariat, content):
    outcome = bulk_import.bulk_import_run(
        plan=plan_world.plan, user=secretariat, content=content, dry_run=False
    )
    return outcome


def test_the_bulk_import_refuses_a_party_committee_on_its_row(plan_world, secretariat, world):
    OrgUnitFactory(
        code="T-Q-DU", kind=OrgKind.PARTY_COMMITTEE, name="Quận ủy Mẫu", parent=world.district
    )
    outcome = _bulk(
        plan_world,
        secretariat,
        _xlsx([["T-Q-A", "CT09", KEY, 8, 10, None, ""], ["T-Q-DU", "CT09", KEY, 9, 10, None, ""]]),
    )
    assert not outcome.ok
    assert [(row, column) for row, column, _m in outcome.errors] == [(3, "Mã đơn vị")]
    assert "không phải đơn vị báo cáo" in outcome.errors[0][2]
    assert not IndicatorReport.objects.exists()


def test_the_bulk_import_refuses_another_districts_office(plan_world, secretariat, world):
    other = OrgUnitFactory(code="T-K", kind=OrgKind.URBAN_DISTRICT, name="Quận Khác")
    OrgUnitFactory(code="T-K-NV", kind=OrgKind.WARD, name="Phường Khác", parent=other)
    outcome = _bulk(plan_world, secretariat, _xlsx([["T-K-NV", "CT09", KEY, 8, 10, None, ""]]))
    assert not outcome.ok and outcome.errors[0][:2] == (2, "Mã đơn vị")
    assert not IndicatorReport.objects.exists()


def test_the_bulk_import_refuses_a_hyperlink_formula_in_the_comment(plan_world, secretariat):
    row = ["T-Q-A", "CT09", KEY, 8, 10, None, '=HYPERLINK("http://x.example","bấm")']
    outcome = _bulk(plan_world, secretariat, _xlsx([row]))
    assert not outcome.ok and outcome.errors[0][:2] == (2, "Giải trình")
    assert "công thức" in outcome.errors[0][2]
    assert not IndicatorReport.objects.exists()


def test_text_starting_with_a_sign_is_stored_as_text_and_exported_escaped(
    plan_world, secretariat, world
):
    row = ["T-Q-A", "CT09", KEY, 8, 10, None, "-  đã hoàn thành; +2 so với kỳ trước"]
    assert _bulk(plan_world, secretariat, _xlsx([row])).ok
    report = IndicatorReport.objects.get()
    assert report.comment == "-  đã hoàn thành; +2 so với kỳ trước"
    from kpis.resources import escape_formula

    assert escape_formula(report.comment).startswith("'-")


def test_a_hidden_first_sheet_is_skipped_for_the_visible_one(plan_world, secretariat):
    stale = [BULK_COLUMNS, ["T-Q-B", "CT09", KEY, 1, 10, None, "cũ"]]
    content = _xlsx([["T-Q-A", "CT09", KEY, 8, 10, None, ""]], hidden_first=stale)
    outcome = _bulk(plan_world, secretariat, content)
    assert outcome.ok
    assert list(IndicatorReport.objects.values_list("unit__code", flat=True)) == ["T-Q-A"]


def test_a_duplicated_header_is_refused_not_silently_won(plan_world, secretariat):
    header = [*BULK_COLUMNS, "tu_so"]
    outcome = _bulk(
        plan_world, secretariat, _xlsx([["T-Q-A", "CT09", KEY, 8, 10, None, "", 99]], header)
    )
    assert not outcome.ok and "lặp lại" in outcome.errors[0][2]
    assert not IndicatorReport.objects.exists()


def test_a_one_megabyte_comment_is_refused_with_its_row_and_column(plan_world, secretariat):
    row = ["T-Q-A", "CT09", KEY, 8, 10, None, "ý kiến " * 150_000]
    outcome = _bulk(plan_world, secretariat, _xlsx([row]))
    assert not outcome.ok and outcome.errors[0][:2] == (2, "Giải trình")
    assert not IndicatorReport.objects.exists()


def test_excel_text_is_stored_as_nfc_without_bidi_controls(plan_world, secretariat):
    decomposed = unicodedata.normalize("NFD", "Giải trình số liệu")
    row = ["T-Q-A", "CT09", KEY, 8, 10, None, decomposed + " \u202etxt.exe"]
    assert _bulk(plan_world, secretariat, _xlsx([row])).ok
    assert IndicatorReport.objects.get().comment == "Giải trình số liệu txt.exe"


def test_the_ward_import_reads_the_visible_sheet_and_normalises_text(plan_world, ward_a, client_as):
    rows = [["T-Q-A", "CT09", "Tỷ lệ", 85, 100, None, unicodedata.normalize("NFD", "Đạt \u202e")]]
    content = _xlsx(rows, COLUMNS, hidden_first=[COLUMNS, ["T-Q-B", "CT09", "x", 1, 2, None, ""]])
    response = client_as(ward_a).post(
        reverse("kpi_import", args=[plan_world.open.pk]),
        {"file": SimpleUploadedFile("so-lieu.xlsx", content)},
    )
    outcome = response.context["outcome"]
    assert outcome.ok, outcome.errors
    assert outcome.rows[0][5] == "Đạt "
