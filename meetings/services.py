"""Writes for meetings, conclusions and directives. Every workflow step records an event.

Reports, confirmation, return and extensions are `steering.workflow` (shared with plan tasks)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from steering.deadlines import parse_deadline
from steering.models import OrgUnit, SteeringCommittee
from steering.timeliness import TaskState

from .dashboard import dashboard_bump
from .models import (
    Attendance,
    Conclusion,
    Directive,
    DirectiveEvent,
    EventKind,
    Meeting,
    MeetingState,
)


class ConflictError(Exception):
    """The object changed since the form was loaded; nothing was saved."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


def _save_versioned(obj, *, expected_version: int, fields: dict) -> None:
    """Optimistic lock: write only if nobody saved since `expected_version` was read."""
    model = type(obj)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        if current.version != expected_version:
            raise ConflictError(current)
        for name, value in fields.items():
            setattr(current, name, value)
        # The row is locked (select_for_update), so a plain increment is safe; an F() expression
        # would also end up in the history row, which cannot store one.
        current.version += 1
        current.full_clean(exclude=["version"])
        current.save()
    obj.__dict__.update(current.__dict__)


@transaction.atomic
def meeting_create(*, committee: SteeringCommittee, **fields) -> Meeting:
    meeting = Meeting(committee=committee, **fields)
    meeting.full_clean()
    meeting.save()
    directives_reschedule_next_meeting(committee=committee)
    return meeting


def directives_reschedule_next_meeting(*, committee: SteeringCommittee) -> int:
    """ "Báo cáo tại kỳ họp tới": once the following meeting is scheduled, its date is the due
    date (until then, the end of the month after the meeting that gave the directive)."""
    changed = 0
    open_meeting_directives = (
        Directive.objects.filter(committee=committee, deadline_kind="meeting")
        .open()
        .select_related("conclusion__meeting")
    )
    for directive in open_meeting_directives:
        day = timezone.localtime(directive.conclusion.meeting.starts_at).date()
        spec = parse_deadline(
            directive.deadline_text,
            reference_date=day,
            next_meeting_date=next_meeting_date(committee=committee, after=day),
        )
        if spec.due_date != directive.due_date:
            directive.due_date = spec.due_date
            directive.save(update_fields=["due_date", "updated_at"])
            changed += 1
    if changed:
        dashboard_bump(committee.pk)
    return changed


def meeting_update(*, meeting: Meeting, expected_version: int, **fields) -> Meeting:
    _save_versioned(meeting, expected_version=expected_version, fields=fields)
    dashboard_bump(meeting.committee_id)
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, rows: list[dict]) -> None:
    """Record each roster member as present, absent (with reason) or represented."""
    for row in rows:
        Attendance.objects.update_or_create(
            meeting=meeting,
            person_id=row["person"],
            defaults={
                "status": row["status"],
                "absence_reason": row.get("absence_reason", ""),
                "stand_in": row.get("stand_in", ""),
            },
        )


def conclusion_update(*, conclusion: Conclusion, expected_version: int, **fields) -> Conclusion:
    _save_versioned(conclusion, expected_version=expected_version, fields=fields)
    return conclusion


def next_meeting_date(*, committee: SteeringCommittee, after: datetime.date):
    meeting = (
        Meeting.objects.filter(committee=committee, starts_at__date__gt=after)
        .order_by("starts_at")
        .first()
    )
    return timezone.localtime(meeting.starts_at).date() if meeting else None


@dataclass
class DirectiveDraft:
    """One confirmed directive suggestion, as corrected by the secretariat."""

    content: str
    lead_unit: OrgUnit | None = None
    lead_unit_text: str = ""
    supporting_units: list[OrgUnit] = field(default_factory=list)
    report_to: str = ""
    deadline_text: str = ""
    item: str = ""


@dataclass
class TopicDraft:
    number: str
    title: str
    section: str = ""
    section_title: str = ""
    text: str = ""
    directives: list[DirectiveDraft] = field(default_factory=list)


@transaction.atomic
def conclusions_record(*, meeting: Meeting, topics: list[TopicDraft], user) -> list[Conclusion]:
    """Append the confirmed topics and their directives to the meeting's conclusions."""
    meeting_day = timezone.localtime(meeting.starts_at).date()
    following = next_meeting_date(committee=meeting.committee, after=meeting_day)
    start = (
        meeting.conclusions.order_by("-ordinal").values_list("ordinal", flat=True).first()
    ) or 0
    created = []
    for offset, topic in enumerate(topics, start=1):
        conclusion = Conclusion.objects.create(
            meeting=meeting,
            ordinal=start + offset,
            section=topic.section,
            section_title=topic.section_title,
            number=topic.number,
            title=topic.title,
            text=topic.text,
        )
        for draft in topic.directives:
            directive_create(
                conclusion=conclusion,
                draft=draft,
                user=user,
                meeting_day=meeting_day,
                next_meeting=following,
            )
        created.append(conclusion)
    if meeting.state == MeetingState.PLANNED:
        Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.HELD)
    return created


def directive_create(
    *,
    conclusion: Conclusion,
    draft: DirectiveDraft,
    user,
    meeting_day: datetime.date,
    next_meeting: datetime.date | None = None,
) -> Directive:
    if draft.lead_unit is None:
        # Every task has a unit: the preview asks for one; a text the parser could not match
        # is never saved on its own.
        raise ValidationError(
            _("Nhiệm vụ “%(content)s” chưa có đơn vị chủ trì: hãy chọn đơn vị trong danh sách.")
            % {"content": Truncator(draft.content).words(12)},
            code="lead_unit",
        )
    spec = parse_deadline(
        draft.deadline_text, reference_date=meeting_day, next_meeting_date=next_meeting
    )
    directive = Directive(
        committee=conclusion.meeting.committee,
        conclusion=conclusion,
        content=draft.content,
        lead_unit=draft.lead_unit,
        lead_unit_text="",
        report_to=draft.report_to,
        deadline_text=draft.deadline_text,
        deadline_kind=spec.kind,
        due_date=spec.due_date,
        item=draft.item,
    )
    directive.full_clean(exclude=["version"])
    directive.save()
    dashboard_bump(directive.committee_id)
    if draft.supporting_units:
        directive.supporting_units.set(draft.supporting_units)
    DirectiveEvent.objects.create(
        directive=directive, kind=EventKind.CREATED, actor=user, to_state=directive.state
    )
    return directive


def _event(directive, kind, user, **fields) -> DirectiveEvent:
    return DirectiveEvent.objects.create(directive=directive, kind=kind, actor=user, **fields)


def directive_update(
    *, directive: Directive, user, expected_version: int, supporting_units=None, **fields
) -> Directive:
    """Correct a directive. Raises ConflictError if someone saved it since the form was read."""
    before = directive.state
    if "deadline_text" in fields and fields["deadline_text"] != directive.deadline_text:
        meeting = directive.conclusion.meeting
        day = timezone.localtime(meeting.starts_at).date()
        spec = parse_deadline(
            fields["deadline_text"],
            reference_date=day,
            next_meeting_date=next_meeting_date(committee=meeting.committee, after=day),
        )
        fields["deadline_kind"], fields["due_date"] = spec.kind, spec.due_date
    if fields.get("lead_unit"):
        fields["lead_unit_text"] = ""
        fields["needs_unit_link"] = False
    with transaction.atomic():
        _save_versioned(directive, expected_version=expected_version, fields=fields)
        dashboard_bump(directive.committee_id)
        if supporting_units is not None:
            directive.supporting_units.set(supporting_units)
        if directive.state != before:
            _event(
                directive,
                EventKind.STATE_CHANGED,
                user,
                note=directive.cancel_reason if directive.state == TaskState.CANCELLED else "",
                from_state=before,
                to_state=directive.state,
            )
    return directive


@transaction.atomic
def directive_link_lead_unit(*, directive: Directive, unit: OrgUnit, user) -> Directive:
    """Link a legacy directive whose lead unit was text only ("Nhiệm vụ chưa gắn đơn vị")."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    directive.lead_unit = unit
    directive.lead_unit_text = ""
    directive.needs_unit_link = False
    directive.version += 1
    directive._history_user = user
    directive.save()
    dashboard_bump(directive.committee_id)
    return directive
