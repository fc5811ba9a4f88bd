"""The one tracked-task workflow: every transition, allowed and refused, for a meeting directive
and for a plan task alike."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from steering import workflow
from steering.timeliness import TaskState
from steering.tracking import ExtensionState
from tests.kpis.factories import PlanFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DUE = D(2026, 3, 31)
REPORT_DAY = D(2026, 3, 20)
ASKED = D(2026, 5, 31)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
KINDS = ["directive", "plan_task"]
NOT_PENDING = [s for s in TaskState if s != TaskState.PENDING_REVIEW]
REPORTABLE = sorted(workflow.ALLOWED[workflow.REPORT])
UNREPORTABLE = [TaskState.PENDING_REVIEW, TaskState.COMPLETED, TaskState.CANCELLED]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(params=KINDS)
def task(request, world):
    """A task led by ward A, due 31/03/2026: a meeting directive, then a plan task."""
    if request.param == "directive":
        meeting = MeetingFactory(committee=world.committee)
        return DirectiveFactory(
            conclusion=ConclusionFactory(meeting=meeting),
            lead_unit=world.ward_a,
            deadline_text="trước 31/3/2026",
            deadline_kind="date",
            due_date=DUE,
        )
    from kpis.models import PlanTask

    plan = PlanFactory(committee=world.committee, issuer=world.ubnd)
    return PlanTask.objects.create(
        plan=plan,
        content="Rà soát, nâng cấp mạng nội bộ của phường",
        lead_unit=world.ward_a,
        deadline_text="trước 31/3/2026",
        deadline_kind="date",
        due_date=DUE,
    )


def _put_in(task, state):
    """Put the task in `state` directly (with what the database requires of that state)."""
    type(task).objects.filter(pk=task.pk).update(
        state=state,
        completed_on=D(2026, 3, 1) if state == TaskState.COMPLETED else None,
        cancel_reason="Không còn phù hợp" if state == TaskState.CANCELLED else "",
    )
    task.refresh_from_db()
    return task


def _report(task, user, *, completed=False, percent=None, on=REPORT_DAY, files=()):
    return workflow.task_report(
        task=task,
        user=user,
        note="Đã triển khai",
        percent=percent,
        completed=completed,
        reported_on=on,
        files=list(files),
    )


def _snapshot(task):
    fresh = type(task).objects.get(pk=task.pk)
    return (
        fresh.state,
        fresh.progress_percent,
        fresh.completed_on,
        fresh.extended_due_date,
        fresh.events.count(),
        fresh.extensions.count(),
    )


# --- reports -------------------------------------------------------------------------------


@pytest.mark.parametrize("state", REPORTABLE)
def test_a_progress_report_puts_an_open_task_in_progress(task, ward_a, state):
    _put_in(task, state)
    event = _report(task, ward_a, percent=40)
    task.refresh_from_db()
    assert (task.state, task.progress_percent) == (TaskState.IN_PROGRESS, 40)
    assert (event.kind, event.from_state, event.to_state) == ("progress", state, "in_progress")


def test_a_completion_report_waits_for_confirmation_with_its_evidence(task, ward_a):
    pdf = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    event = _report(task, ward_a, completed=True, files=[pdf])
    task.refresh_from_db()
    assert (task.state, task.progress_percent, task.completed_on) == ("pending_review", 100, None)
    assert event.kind == "completion"
    assert event.files.get().original_name == "bien-ban.pdf"


@pytest.mark.parametrize("state", UNREPORTABLE)
@pytest.mark.parametrize("completed", [False, True])
def test_a_report_on_a_task_pending_review_completed_or_cancelled_is_refused_and_writes_nothing(
    task, ward_a, state, completed
):
    _put_in(task, state)
    before = _snapshot(task)
    with pytest.raises(workflow.TransitionRefused) as refused:
        _report(task, ward_a, completed=completed, percent=10)
    assert "Nhiệm vụ" in refused.value.messages[0]
    assert _snapshot(task) == before


def test_a_progress_outside_0_to_100_is_refused(task, ward_a):
    with pytest.raises(ValidationError, match="Tiến độ phải từ 0 đến 100 %"):
        _report(task, ward_a, percent=120)
    assert _snapshot(task)[4] == 0


# --- confirm and return --------------------------------------------------------------------


def test_confirming_completes_the_task_on_the_reports_date(task, ward_a, secretariat):
    _report(task, ward_a, completed=True, on=D(2026, 3, 25))
    workflow.task_confirm(task=task, user=secretariat)
    task.refresh_from_db()
    assert (task.state, task.completed_on) == (TaskState.COMPLETED, D(2026, 3, 25))
    assert list(task.events.values_list("kind", "to_state")) == [
        ("completion", "pending_review"),
        ("confirmed", "completed"),
    ]


@pytest.mark.parametrize("state", NOT_PENDING)
def test_only_a_task_pending_review_can_be_confirmed(task, secretariat, state):
    _put_in(task, state)
    before = _snapshot(task)
    with pytest.raises(workflow.TransitionRefused, match="Chỉ xác nhận được"):
        workflow.task_confirm(task=task, user=secretariat)
    assert _snapshot(task) == before


def test_returning_reopens_the_task_with_the_reason(task, ward_a, secretariat):
    _report(task, ward_a, completed=True)
    workflow.task_return(task=task, user=secretariat, reason=" Thiếu biên bản ")
    task.refresh_from_db()
    assert task.state == TaskState.RETURNED
    last = task.events.order_by("pk").last()
    assert (last.kind, last.note, last.from_state) == (
        "returned",
        "Thiếu biên bản",
        "pending_review",
    )


def test_a_return_without_a_reason_is_refused(task, ward_a, secretariat):
    _report(task, ward_a, completed=True)
    with pytest.raises(ValidationError, match="Cần ghi lý do trả lại"):
        workflow.task_return(task=task, user=secretariat, reason="  ")
    task.refresh_from_db()
    assert task.state == TaskState.PENDING_REVIEW


@pytest.mark.parametrize("state", NOT_PENDING)
def test_only_a_task_pending_review_can_be_returned(task, secretariat, state):
    _put_in(task, state)
    before = _snapshot(task)
    with pytest.raises(workflow.TransitionRefused, match="Chỉ trả lại được"):
        workflow.task_return(task=task, user=secretariat, reason="Thiếu")
    assert _snapshot(task) == before


# --- extensions ----------------------------------------------------------------------------


def _request(task, user, day=ASKED):
    return workflow.task_extension_request(
        task=task, user=user, requested_due_date=day, reason="Chờ bố trí vốn"
    )


@pytest.mark.parametrize("state", sorted(workflow.ALLOWED[workflow.EXTEND]))
def test_an_open_task_may_ask_for_an_extension(task, ward_a, state):
    _put_in(task, state)
    extension = _request(task, ward_a)
    assert extension.state == ExtensionState.REQUESTED
    assert task.events.get().kind == "extension_requested"
    assert not workflow.may(task, workflow.EXTEND)


@pytest.mark.parametrize("state", [TaskState.COMPLETED, TaskState.CANCELLED])
def test_a_closed_task_cannot_ask_for_an_extension(task, ward_a, state):
    _put_in(task, state)
    with pytest.raises(workflow.TransitionRefused, match="đã kết thúc"):
        _request(task, ward_a)
    assert _snapshot(task)[4:] == (0, 0)


def test_a_second_request_while_one_waits_is_refused(task, ward_a):
    _request(task, ward_a)
    with pytest.raises(workflow.TransitionRefused, match="đang chờ quyết định"):
        _request(task, ward_a, D(2026, 6, 30))
    assert task.extensions.count() == 1


def test_an_extension_must_move_the_deadline_later(task, ward_a):
    with pytest.raises(ValidationError, match=r"phải sau hạn hiện tại \(31/03/2026\)"):
        _request(task, ward_a, DUE)
    assert _snapshot(task)[4:] == (0, 0)


def test_an_approved_extension_keeps_the_original_due_date(task, ward_a, chair):
    extension = _request(task, ward_a)
    workflow.task_extension_decide(extension=extension, user=chair, approve=True)
    task.refresh_from_db()
    extension.refresh_from_db()
    assert (task.due_date, task.extended_due_date) == (DUE, D(2026, 5, 31))
    assert (extension.state, extension.granted_due_date) == ("approved", D(2026, 5, 31))


def test_the_chair_may_grant_another_date_than_the_one_requested(task, ward_a, chair):
    extension = _request(task, ward_a)
    workflow.task_extension_decide(
        extension=extension, user=chair, approve=True, granted_due_date=D(2026, 4, 30)
    )
    task.refresh_from_db()
    extension.refresh_from_db()
    assert task.extended_due_date == D(2026, 4, 30)
    assert (extension.requested_due_date, extension.granted_due_date) == (
        D(2026, 5, 31),
        D(2026, 4, 30),
    )


def test_a_granted_date_not_after_the_current_deadline_is_refused(task, ward_a, chair):
    extension = _request(task, ward_a)
    with pytest.raises(ValidationError, match="Ngày được gia hạn phải sau hạn hiện tại"):
        workflow.task_extension_decide(
            extension=extension, user=chair, approve=True, granted_due_date=D(2026, 3, 1)
        )
    extension.refresh_from_db()
    assert extension.state == ExtensionState.REQUESTED


def test_a_refused_extension_changes_no_date(task, ward_a, chair):
    extension = _request(task, ward_a)
    workflow.task_extension_decide(extension=extension, user=chair, approve=False, note="Không")
    task.refresh_from_db()
    extension.refresh_from_db()
    assert (task.extended_due_date, extension.state) == (None, "refused")
    assert task.events.order_by("pk").last().kind == "extension_refused"


def test_an_extension_is_decided_once(task, ward_a, chair):
    extension = _request(task, ward_a)
    workflow.task_extension_decide(extension=extension, user=chair, approve=False)
    with pytest.raises(workflow.TransitionRefused, match="đã được quyết định"):
        workflow.task_extension_decide(extension=extension, user=chair, approve=True)
    task.refresh_from_db()
    assert task.extended_due_date is None


# --- through the pages ---------------------------------------------------------------------


def _report_url(task):
    name = "directive_report" if task._meta.model_name == "directive" else "kpi_plan_task_report"
    return reverse(name, args=[task.pk])


@time_machine.travel(datetime.datetime(2026, 3, 20, 9, 0), tick=False)
def test_a_report_on_a_task_pending_review_is_a_409_page_in_vietnamese(task, ward_a, client_as):
    _put_in(task, TaskState.PENDING_REVIEW)
    before = _snapshot(task)
    response = client_as(ward_a).post(
        _report_url(task), {"note": "Cập nhật", "percent": "50", "reported_on": "2026-03-20"}
    )
    assert response.status_code == 409
    assert "Nhiệm vụ đang chờ xác nhận hoàn thành" in response.content.decode()
    assert _snapshot(task) == before
    assert not response.context["can_report"]
