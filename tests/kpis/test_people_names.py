"""A KPI report's history names the people who saved, sent and reviewed it, not their accounts."""

import pytest
from django.urls import reverse

from tests.kpis.test_entry_and_review import _post

pytestmark = pytest.mark.django_db


def test_the_kpi_report_history_names_who_saved_it(plan_world, ward_a, client_as):
    ward_a.first_name, ward_a.last_name = "Nguyễn Thị Lan", ""
    ward_a.save()
    client = client_as(ward_a)
    _post(client, plan_world, num="85")
    page = client.get(reverse("kpi_report", args=[plan_world.open.pk])).content.decode()
    assert "Nguyễn Thị Lan, " in page
    assert "ward1," not in page
