"""Downloads are named in Vietnamese (RFC 5987 `filename*`), with an ASCII fallback."""

import pytest
from django.urls import reverse

from steering.downloads import content_disposition

pytestmark = pytest.mark.django_db


def test_a_vietnamese_name_has_an_ascii_fallback_and_a_utf8_name():
    header = content_disposition("Báo cáo chỉ tiêu tháng 12-2026.xlsx")
    assert header == (
        'attachment; filename="Bao cao chi tieu thang 12-2026.xlsx"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20ch%E1%BB%89%20ti%C3%AAu%20th%C3%A1ng%2012-2026.xlsx"
    )


def test_an_ascii_name_is_sent_as_it_is():
    assert content_disposition("lich.ics", as_attachment=False) == 'inline; filename="lich.ics"'


def test_quotes_and_slashes_never_break_the_header():
    header = content_disposition('Đơn vị "A"/B.pdf')
    assert header.startswith("attachment; filename=\"Don vi _A_-B.pdf\"; filename*=UTF-8''")


def test_the_period_export_is_named_in_vietnamese(plan_world, secretariat, client_as):
    response = client_as(secretariat).get(reverse("kpi_period_export", args=[plan_world.open.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20ch%E1%BB%89%20ti%C3%AAu%20" in disposition
    assert "month" not in disposition and "quarter" not in disposition


def test_the_ward_template_names_the_ward_and_the_period(plan_world, ward_a, client_as):
    response = client_as(ward_a).get(reverse("kpi_template", args=[plan_world.open.pk]))
    assert response.status_code == 200
    assert 'filename="So lieu An Binh ' in response["Content-Disposition"]
