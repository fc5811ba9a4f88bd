"""The plan task page shows the report form only while the task's state allows a report."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(client, task):
    return client.get(reverse("kpi_plan_task", args=[task.pk])).content.decode()


def test_an_open_plan_task_offers_the_report_form(plan_task, ward_a, client_as):
    plan_task = plan_task.task
    assert reverse("kpi_plan_task_report", args=[plan_task.pk]) in _page(
        client_as(ward_a), plan_task
    )


def test_a_completed_plan_task_offers_no_report_form(plan_task, ward_a, client_as):
    plan_task = plan_task.task
    plan_task.state, plan_task.completed_on = "completed", datetime.date(2099, 1, 5)
    plan_task.save()
    assert reverse("kpi_plan_task_report", args=[plan_task.pk]) not in _page(
        client_as(ward_a), plan_task
    )
