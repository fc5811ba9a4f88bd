"""Plan task extensions: the lead unit asks, the chair is notified, finds the request on the list
of pending requests and decides, possibly granting another date than the one asked."""

import datetime

import pytest
from django.urls import reverse

from kpis.models import PlanTaskExtension
from steering.models import Notification
from steering.tracking import ExtensionState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directive(world):
    meeting = MeetingFactory(committee=world.committee)
    return DirectiveFactory(conclusion=ConclusionFactory(meeting=meeting), lead_unit=world.ward_a)


def _ask(client, task, day="2100-03-31"):
    return client.post(
        reverse("kpi_plan_task_extension", args=[task.pk]),
        {"requested_due_date": day, "reason": "Chờ bố trí kinh phí"},
    )


def test_the_lead_unit_asks_and_the_chair_is_notified(plan_task, ward_a, chair, client_as):
    task = plan_task.task
    response = _ask(client_as(ward_a), task)
    assert response.status_code == 302
    extension = PlanTaskExtension.objects.get(task=task)
    assert extension.state == ExtensionState.REQUESTED
    note = Notification.objects.get(user=chair)
    assert note.url == reverse("extension_list")
    assert task.content[:40] in note.title


def test_the_chair_grants_another_date_than_asked(plan_task, ward_a, chair, client_as):
    task = plan_task.task
    _ask(client_as(ward_a), task)
    extension = PlanTaskExtension.objects.get(task=task)
    response = client_as(chair).post(
        reverse("kpi_plan_task_extension_decide", args=[extension.pk]),
        {"approve": "yes", "granted_due_date": "2100-02-28", "note": "Gia hạn ngắn hơn"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    extension.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED
    assert task.extended_due_date == extension.granted_due_date == datetime.date(2100, 2, 28)


def test_a_second_request_while_one_waits_is_refused(plan_task, ward_a, client_as):
    client = client_as(ward_a)
    _ask(client, plan_task.task)
    page = client.get(reverse("kpi_plan_task", args=[plan_task.task.pk])).content.decode()
    assert reverse("kpi_plan_task_extension", args=[plan_task.task.pk]) not in page
    assert _ask(client, plan_task.task, "2100-06-30").status_code == 409
    assert PlanTaskExtension.objects.filter(task=plan_task.task).count() == 1


def test_the_extension_list_filters_by_kind_and_state(
    plan_task,
    directive,
    ward_a,
    chair,
    client_as,
):
    from meetings.models import DeadlineExtension

    _ask(client_as(ward_a), plan_task.task)
    DeadlineExtension.objects.create(
        directive=directive,
        requested_due_date=datetime.date(2020, 1, 31),
        reason="Chờ ý kiến sở",
        requested_by=ward_a,
    )
    client = client_as(chair)
    url = reverse("extension_list")
    assert len(client.get(url).context["rows"]) == 2
    assert [r["task"] for r in client.get(url, {"kind": "plan_task"}).context["rows"]] == [
        plan_task.task
    ]
    assert [r["task"] for r in client.get(url, {"kind": "directive"}).context["rows"]] == [
        directive
    ]
    assert client.get(url, {"state": ExtensionState.APPROVED}).context["rows"] == []
