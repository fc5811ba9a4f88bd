"""A directive's history names the people who acted, not their accounts."""

import datetime

import pytest
from django.urls import reverse

from steering import workflow

pytestmark = pytest.mark.django_db


def test_the_directive_history_names_the_officer_who_reported(
    directive, ward_a, secretariat, client_as
):
    ward_a.first_name, ward_a.last_name = "Nguyễn Thị Lan", ""
    ward_a.save()
    workflow.task_report(
        task=directive,
        user=ward_a,
        note="Đã làm một nửa",
        percent=50,
        completed=False,
        reported_on=datetime.date(2019, 11, 1),
    )
    page = client_as(secretariat).get(reverse("directive_detail", args=[directive.pk]))
    assert "Nguyễn Thị Lan" in page.content.decode()
    assert "ward1" not in page.content.decode()
