"""Vietnamese numbers wherever figures come in: Excel cells written as text, the standing
agency's bulk file and the project register read by the same parser as the entry form."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpis.models import IndicatorReport
from tests.kpis.test_bulk_import import KEY
from tests.kpis.test_bulk_import import _xlsx as _bulk_xlsx
from tests.kpis.test_excel import _xlsx


def _preview(client, period, rows):
    return client.post(
        reverse("kpi_import", args=[period.pk]), {"file": SimpleUploadedFile("a.xlsx", _xlsx(rows))}
    )


def test_thousands_written_as_text_in_excel_import_as_thousands(plan_world, ward_a, client_as):
    client = client_as(ward_a)
    rows = [
        ["T-Q-A", "CT09", "x", "1.250", "1 309", None, ""],
        ["T-Q-A", "CT20", "x", None, None, "1.234", ""],
    ]
    sha256 = _preview(client, plan_world.open, rows).context["outcome"].sha256
    client.post(reverse("kpi_import_confirm", args=[plan_world.open.pk]), {"sha256": sha256})
    ratio = IndicatorReport.objects.get(indicator=plan_world.ratio)
    assert (ratio.numerator, ratio.denominator) == (1250, 1309)
    assert IndicatorReport.objects.get(indicator=plan_world.count).value == 1234


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1,25", "Dòng 2, cột “Tử số”: “1,25”: ô này là số lượng (số nguyên)"),
        (12.5, "Dòng 2, cột “Tử số”: “12,5”: ô này là số lượng (số nguyên)"),
        ("1,250.5", "Dòng 2, cột “Tử số”: “1,250.5” viết theo kiểu tiếng Anh"),
        ("85 hồ sơ", "Dòng 2, cột “Tử số”: “85 hồ sơ”: chỉ nhập chữ số"),
    ],
)
def test_a_refused_excel_number_is_explained_on_its_row_and_column(
    plan_world, ward_a, client_as, cell, message
):
    response = _preview(
        client_as(ward_a), plan_world.open, [["T-Q-A", "CT09", "x", cell, 2000, None, ""]]
    )
    assert message in response.content.decode()
    assert not IndicatorReport.objects.exists()


def test_the_bulk_import_reads_text_thousands_the_same_way(plan_world, secretariat, client_as):
    client = client_as(secretariat)
    rows = [["T-Q-A", "CT09", KEY, "1.250", "1.309", None, ""]]
    response = client.post(
        reverse("kpi_bulk_import", args=[plan_world.plan.pk]),
        {"file": SimpleUploadedFile("so-lieu.xlsx", _bulk_xlsx(rows))},
    )
    sha256 = response.context["outcome"].sha256
    client.post(reverse("kpi_bulk_import_confirm", args=[plan_world.plan.pk]), {"sha256": sha256})
    report = IndicatorReport.objects.get()
    assert (report.numerator, report.denominator) == (1250, 1309)


def test_a_project_budget_typed_with_thousands_dots_is_saved_in_dong(client_as, secretariat, world):
    from projects.models import ITProject
    from tests.projects.factories import status

    client_as(secretariat).post(
        reverse("project_create"),
        {
            "code": "DA-SO",
            "name": "Dự án số",
            "committee": world.committee.pk,
            "owner_unit": world.vhtt.pk,
            "status": status("proposed").pk,
            "health": "on_track",
            "total_investment": "1.500.000.000",
        },
    )
    assert ITProject.objects.get(code="DA-SO").total_investment == Decimal("1500000000")


def test_a_project_budget_with_a_fraction_of_a_dong_is_refused(client_as, secretariat, world):
    from tests.projects.factories import status

    response = client_as(secretariat).post(
        reverse("project_create"),
        {
            "code": "DA-SO",
            "name": "Dự án số",
            "committee": world.committee.pk,
            "owner_unit": world.vhtt.pk,
            "status": status("proposed").pk,
            "health": "on_track",
            "total_investment": "1.500,5",
        },
    )
    assert "“1.500,5”: ô này là số lượng (số nguyên)" in response.content.decode()


def test_the_project_register_import_reads_a_text_budget_the_vietnamese_way(world):
    from projects.models import ITProject
    from projects.resources import ITProjectResource

    dataset = tablib.Dataset(
        headers=[
            "code",
            "name",
            "owner_unit_code",
            "committee_code",
            "status_code",
            "health",
            "total_investment",
        ]
    )
    dataset.append(
        ["DA-NHAP", "Dự án nhập", "T-Q-VHTT", "bcd-mau", "pilot", "at_risk", "2.400.000.000"]
    )
    result = ITProjectResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert ITProject.objects.get(code="DA-NHAP").total_investment == Decimal("2400000000")


def test_the_import_preview_shows_the_figures_as_read(plan_world, ward_a, client_as):
    rows = [["T-Q-A", "CT09", "x", "1.250", "1 309", None, ""]]
    outcome = _preview(client_as(ward_a), plan_world.open, rows).context["outcome"]
    assert outcome.rows[0][2:4] == ("1250", "1309")
