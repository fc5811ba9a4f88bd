"""The tracked-task workflow, written once for meeting directives and plan tasks.

The transitions, and the only states they start from (`ALLOWED`):

    report progress    not started, in progress, returned, on hold  → in progress
    report completion  the same                                     → pending review
    confirm            pending review                               → completed (report's date)
    return             pending review                               → returned (reason required)
    request extension  any open state, no request already waiting   (state unchanged)
    decide extension   a waiting request; the chair may grant another date than asked

Cancelling, holding and correcting stay the secretariat's edit of the task (its own service).
A plain service module rather than django-fsm-2 (4.2.4 on PyPI, Django 5.2-ready): every
transition here has to lock the row and re-check the state, write an event row of the app's own
event model, store evidence files and bump a cache — the library's decorated model methods would
hold only the state table, leaving the rest where it drifted before — and the state is a plain
CharField that the SQL timeliness annotations read.

Each app registers its models (`register`) in its AppConfig.ready(); the callers just pass the
task or the extension.
"""

import contextlib
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .notifications import extension_requested_notify
from .permissions import holding_committee_ids
from .timeliness import TaskState
from .tracking import CLOSED_STATES, ExtensionState
from .uploads import validate_upload

REPORT, CONFIRM, RETURN, EXTEND = "report", "confirm", "return", "extend"

# The one table of which state each action may start from.
ALLOWED = {
    REPORT: frozenset(
        {TaskState.NOT_STARTED, TaskState.IN_PROGRESS, TaskState.RETURNED, TaskState.ON_HOLD}
    ),
    CONFIRM: frozenset({TaskState.PENDING_REVIEW}),
    RETURN: frozenset({TaskState.PENDING_REVIEW}),
    EXTEND: frozenset(set(TaskState) - set(CLOSED_STATES)),
}


class EventKind:
    """The event kinds both event models share (same stored values)."""

    PROGRESS = "progress"
    COMPLETION = "completion"
    CONFIRMED = "confirmed"
    RETURNED = "returned"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REFUSED = "extension_refused"


class TransitionRefused(ValidationError):
    """The task is not in a state that allows this step; nothing was written."""


@dataclass(frozen=True)
class TaskFlow:
    task_model: type[models.Model]
    event_model: type[models.Model]
    evidence_model: type[models.Model]
    extension_model: type[models.Model]
    # Name of the foreign key to the task on the event and extension models.
    task_field: str
    # Called inside the transaction after every change of the task (e.g. a cache bump).
    changed: Callable[[models.Model], None] = lambda task: None
    # The task's committee (its chair decides the extensions while it is valid; after its end,
    # the committees that hold the task: steering.permissions.holding_committee_ids).
    committee: Callable[[models.Model], models.Model] = lambda task: task.committee


_FLOWS: dict[type, TaskFlow] = {}


def register(flow: TaskFlow) -> None:
    _FLOWS[flow.task_model] = flow
    _FLOWS[flow.extension_model] = flow


def _flow(obj) -> TaskFlow:
    return _FLOWS[type(obj)._meta.concrete_model]


def may(task, action: str) -> bool:
    """Whether the task's state allows `action` (pages hide the forms that do not apply)."""
    if action == EXTEND and task.extensions.filter(state=ExtensionState.REQUESTED).exists():
        return False
    return task.state in ALLOWED[action]


_REFUSALS = {
    REPORT: {
        TaskState.PENDING_REVIEW: gettext_lazy(
            "Nhiệm vụ đang chờ xác nhận hoàn thành; chưa thể gửi báo cáo mới."
        ),
        TaskState.COMPLETED: gettext_lazy("Nhiệm vụ đã hoàn thành, không thể báo cáo thêm."),
        TaskState.CANCELLED: gettext_lazy("Nhiệm vụ đã dừng thực hiện, không thể báo cáo thêm."),
    },
    CONFIRM: gettext_lazy("Chỉ xác nhận được nhiệm vụ đang chờ xác nhận."),
    RETURN: gettext_lazy("Chỉ trả lại được nhiệm vụ đang chờ xác nhận."),
    EXTEND: gettext_lazy("Nhiệm vụ đã kết thúc, không thể đề nghị gia hạn."),
}


def _locked(task, action: str):
    """The task re-read under a row lock, if its current state allows `action`."""
    flow = _flow(task)
    locked = flow.task_model.objects.select_for_update().get(pk=task.pk)
    if locked.state not in ALLOWED[action]:
        message = _REFUSALS[action]
        if isinstance(message, dict):
            message = message[locked.state]
        raise TransitionRefused(str(message), code="state")
    return locked


def _save(task, user) -> None:
    task._history_user = user
    task.save()
    _flow(task).changed(task)


def _event(task, kind: str, user, **fields):
    flow = _flow(task)
    return flow.event_model.objects.create(
        **{flow.task_field: task}, kind=kind, actor=user, **fields
    )


def _attach(event, files, evidence_model) -> None:
    """Store the evidence files; on a write error remove what was (half) written — the caller's
    transaction rolls the rows back, so nothing of the report remains."""
    storage = evidence_model._meta.get_field("file").storage
    stored = []
    try:
        for upload in files:
            mime = validate_upload(upload)
            evidence = evidence_model(
                event=event, original_name=upload.name[:255], size=upload.size, content_type=mime
            )
            name = evidence.file.field.generate_filename(evidence, upload.name)
            stored.append(name)
            evidence.file.name = storage.save(name, upload)
            evidence.save()
    except OSError:
        for name in stored:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise


@transaction.atomic
def task_report(
    *,
    task,
    user,
    note: str,
    percent: int | None,
    completed: bool,
    reported_on: datetime.date,
    files=(),
):
    """The lead unit reports progress, or completion awaiting the standing agency's
    confirmation. Returns the event."""
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100 %."), code="percent")
    task = _locked(task, REPORT)
    before = task.state
    if completed:
        task.state, task.progress_percent = TaskState.PENDING_REVIEW, 100
    else:
        task.state = TaskState.IN_PROGRESS
        if percent is not None:
            task.progress_percent = percent
    _save(task, user)
    event = _event(
        task,
        EventKind.COMPLETION if completed else EventKind.PROGRESS,
        user,
        note=note,
        percent=task.progress_percent,
        reported_on=reported_on,
        from_state=before,
        to_state=task.state,
    )
    _attach(event, files, _flow(task).evidence_model)
    return event


@transaction.atomic
def task_confirm(*, task, user):
    """Confirm a completion report; the completion date is the report's date."""
    task = _locked(task, CONFIRM)
    report = task.events.filter(kind=EventKind.COMPLETION).order_by("-created_at", "-pk").first()
    task.state = TaskState.COMPLETED
    task.completed_on = (report.reported_on if report else None) or timezone.localdate()
    _save(task, user)
    _event(
        task,
        EventKind.CONFIRMED,
        user,
        from_state=TaskState.PENDING_REVIEW,
        to_state=TaskState.COMPLETED,
    )
    return task


@transaction.atomic
def task_return(*, task, user, reason: str):
    """Send a completion report back to the lead unit with the reason."""
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do trả lại."), code="reason")
    task = _locked(task, RETURN)
    task.state = TaskState.RETURNED
    _save(task, user)
    _event(
        task,
        EventKind.RETURNED,
        user,
        note=reason.strip(),
        from_state=TaskState.PENDING_REVIEW,
        to_state=TaskState.RETURNED,
    )
    return task


def _check_later(task, day: datetime.date, message: str) -> None:
    current_due = task.effective_due_date
    if current_due and day <= current_due:
        raise ValidationError(message % {"due": current_due.strftime("%d/%m/%Y")}, code="date")


@transaction.atomic
def task_extension_request(*, task, user, requested_due_date: datetime.date, reason: str):
    """The lead unit asks to move an open task's deadline; one request may wait at a time."""
    flow = _flow(task)
    task = _locked(task, EXTEND)
    if task.extensions.filter(state=ExtensionState.REQUESTED).exists():
        raise TransitionRefused(_("Đã có một đề nghị gia hạn đang chờ quyết định."), code="pending")
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do đề nghị gia hạn."), code="reason")
    _check_later(
        task, requested_due_date, _("Ngày đề nghị gia hạn phải sau hạn hiện tại (%(due)s).")
    )
    extension = flow.extension_model(
        **{flow.task_field: task},
        requested_due_date=requested_due_date,
        reason=reason.strip(),
        requested_by=user,
    )
    extension.full_clean()
    extension.save()
    _event(task, EventKind.EXTENSION_REQUESTED, user, note=reason.strip())
    # The chairs of the committees that decide it: the task's, or once that one has ended the
    # successor ward's (the same rule as the permission to decide).
    deciding = holding_committee_ids(committee=flow.committee(task), lead_unit_id=task.lead_unit_id)
    extension_requested_notify(committee_ids=deciding, task=task, extension=extension, user=user)
    return extension


@transaction.atomic
def task_extension_decide(
    *,
    extension,
    user,
    approve: bool,
    note: str = "",
    granted_due_date: datetime.date | None = None,
):
    """The chair approves (the requested date, or `granted_due_date`) or refuses a waiting
    request. The original due date stays; the extension is kept beside it."""
    flow = _flow(extension)
    extension = flow.extension_model.objects.select_for_update().get(pk=extension.pk)
    if extension.state != ExtensionState.REQUESTED:
        raise TransitionRefused(_("Đề nghị gia hạn này đã được quyết định."), code="decided")
    task = flow.task_model.objects.select_for_update().get(
        pk=getattr(extension, f"{flow.task_field}_id")
    )
    if approve:
        granted = granted_due_date or extension.requested_due_date
        _check_later(task, granted, _("Ngày được gia hạn phải sau hạn hiện tại (%(due)s)."))
        extension.granted_due_date = granted
        task.extended_due_date = granted
        _save(task, user)
    extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    extension.decided_by = user
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save()
    _event(
        task,
        EventKind.EXTENSION_APPROVED if approve else EventKind.EXTENSION_REFUSED,
        user,
        note=note,
    )
    return extension
