"""Writes for meetings, conclusions and directives. Every workflow step records an event.

Reports, confirmation, return and extensions are `steering.workflow` (shared with plan tasks)."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from steering.deadlines import parse_deadline
from steering.models import OrgKind, OrgUnit, SteeringCommittee, UnitAlias
from steering.text import fold
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
    PasteMode,
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


# "Kỳ họp tới" follows the next meeting only when it is near: a meeting more than this many days
# from the directive's current due date (or in another year than the meeting that gave it, e.g.
# a 2025 meeting for a 2020 directive) is proposed to the secretariat, never applied silently.
NEXT_MEETING_FAR_DAYS = 92


@dataclass(frozen=True)
class NextMeetingMove:
    directive: Directive
    due_date: datetime.date | None

    @property
    def is_far(self) -> bool:
        current = self.directive.due_date
        given = timezone.localtime(self.directive.conclusion.meeting.starts_at).date()
        if self.due_date is None or current is None:
            return False
        return (
            abs((self.due_date - current).days) > NEXT_MEETING_FAR_DAYS
            or self.due_date.year - given.year > 1
        )


def next_meeting_moves(*, committee: SteeringCommittee) -> list[NextMeetingMove]:
    """Open "kỳ họp tới" directives whose due date the committee's next meeting would change."""
    moves = []
    open_meeting_directives = (
        Directive.objects.filter(committee=committee, deadline_kind="meeting")
        .open()
        .select_related("conclusion__meeting", "lead_unit")
    )
    for directive in open_meeting_directives:
        day = timezone.localtime(directive.conclusion.meeting.starts_at).date()
        spec = parse_deadline(
            directive.deadline_text,
            reference_date=day,
            next_meeting_date=next_meeting_date(committee=committee, after=day),
        )
        if spec.due_date != directive.due_date:
            moves.append(NextMeetingMove(directive=directive, due_date=spec.due_date))
    return moves


def directives_reschedule_next_meeting(
    *, committee: SteeringCommittee, confirmed_ids: frozenset[int] = frozenset()
) -> int:
    """ "Báo cáo tại kỳ họp tới": once the following meeting is scheduled, its date is the due
    date (until then, the end of the month after the meeting that gave the directive). A far
    move is applied only when the secretariat confirmed it (`confirmed_ids`)."""
    changed = 0
    for move in next_meeting_moves(committee=committee):
        if move.is_far and move.directive.pk not in confirmed_ids:
            continue
        move.directive.due_date = move.due_date
        move.directive.save(update_fields=["due_date", "updated_at"])
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
class NewUnit:
    """A unit the secretariat creates from an unmatched name while confirming a paste."""

    name: str
    kind: str


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
    group: str = ""  # shared by the directives one sentence gave to several units
    new_unit: NewUnit | None = None  # create this unit and make it the lead
    remember_alias: bool = False  # the written name is another name of `lead_unit`
    parent: Directive | None = None  # the task from above this one breaks down (cascade)


@dataclass
class TextDraft:
    """A paragraph of a topic's conclusion text (assessment, decision, context)."""

    text: str


@dataclass
class TopicDraft:
    number: str
    title: str
    section: str = ""
    section_title: str = ""
    text: str = ""
    directives: list[DirectiveDraft] = field(default_factory=list)
    # The pasted order of text paragraphs and directives; when given, it replaces `text` and
    # `directives` (see `_topic_layout`).
    items: list[TextDraft | DirectiveDraft] = field(default_factory=list)


def _topic_layout(topic: TopicDraft) -> tuple[str, list[tuple[int | None, DirectiveDraft]]]:
    """The conclusion text and each directive's position among its paragraphs: a paragraph
    takes one position, a group of directives (one sentence) one position."""
    if not topic.items:
        return topic.text, [(None, d) for d in topic.directives]
    paragraphs: list[str] = []
    placed: list[tuple[int | None, DirectiveDraft]] = []
    position = 0
    previous_group = None
    for item in topic.items:
        if isinstance(item, TextDraft):
            lines = [line.strip() for line in item.text.splitlines() if line.strip()]
            paragraphs.extend(lines)
            position += len(lines)
            previous_group = None
        elif item.group and item.group == previous_group:
            placed.append((placed[-1][0], item))  # the same sentence as the one before
        else:
            placed.append((position, item))
            position += 1
            previous_group = item.group or None
    return "\n".join(paragraphs), placed


def _remember_alias(*, committee: SteeringCommittee, unit: OrgUnit, name: str) -> None:
    """Keep `name` as another name of `unit` for the committee (a name already taught for
    another unit is reassigned: the secretariat's latest choice wins)."""
    name = " ".join(name.split())[:255]
    if not name or fold(name) in {fold(unit.name), fold(unit.short_name)}:
        return
    UnitAlias.objects.update_or_create(
        committee=committee, name_key=fold(name)[:255], defaults={"unit": unit, "name": name}
    )


def _unit_create(*, committee: SteeringCommittee, new_unit: NewUnit) -> OrgUnit:
    """A unit named in a notice that the portal did not know: under the committee's area (the
    standing agency's place in the tree when the kind is a division)."""
    area = committee.owner_unit
    while area is not None and not area.is_area:
        area = area.parent
    parent = area or committee.owner_unit
    if new_unit.kind in {OrgKind.DIVISION, OrgKind.OFFICE} and committee.standing_agency_id:
        parent = committee.standing_agency.parent or parent
    unit = OrgUnit(
        code=f"P-{uuid.uuid4().hex[:12].upper()}",
        kind=new_unit.kind,
        name=new_unit.name,
        parent=parent,
    )
    unit.full_clean()
    unit.save()
    return unit


def _replace_conclusions(meeting: Meeting) -> None:
    """Drop the meeting's conclusions before a replacing paste; refused once any directive has
    been reported on, extended or changed (that history must not disappear)."""
    directives = Directive.objects.select_for_update().filter(conclusion__meeting=meeting)
    list(directives.values_list("pk", flat=True))  # lock them before checking
    worked_on = (
        DirectiveEvent.objects.filter(directive__in=directives)
        .exclude(kind=EventKind.CREATED)
        .exists()
    )
    if worked_on:
        raise ValidationError(
            _(
                "Không thể thay thế: đã có nhiệm vụ của cuộc họp này được báo cáo, gia hạn hoặc "
                "thay đổi tình trạng. Hãy chọn “Bổ sung” hoặc sửa từng mục kết luận."
            )
        )
    try:
        meeting.conclusions.all().delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Không thể thay thế: kết luận của cuộc họp đang được dữ liệu khác tham chiếu.")
        ) from exc
    dashboard_bump(meeting.committee_id)


@transaction.atomic
def conclusions_record(
    *, meeting: Meeting, topics: list[TopicDraft], user, mode: str = PasteMode.APPEND
) -> list[Conclusion]:
    """Save the confirmed topics: their conclusion text and directives in the pasted order,
    appended after the meeting's conclusions or replacing them (`mode`)."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one paste at a time
    if mode == PasteMode.REPLACE:
        _replace_conclusions(meeting)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    following = next_meeting_date(committee=meeting.committee, after=meeting_day)
    start = (
        meeting.conclusions.order_by("-ordinal").values_list("ordinal", flat=True).first()
    ) or 0
    created_units: dict[tuple[str, str], OrgUnit] = {}
    created = []
    for offset, topic in enumerate(topics, start=1):
        text, placed = _topic_layout(topic)
        conclusion = Conclusion.objects.create(
            meeting=meeting,
            ordinal=start + offset,
            section=topic.section,
            section_title=topic.section_title,
            number=topic.number,
            title=topic.title,
            text=text,
        )
        for position, draft in placed:
            if draft.new_unit is not None:
                key = (fold(draft.new_unit.name), draft.new_unit.kind)
                if key not in created_units:
                    created_units[key] = _unit_create(
                        committee=meeting.committee, new_unit=draft.new_unit
                    )
                draft.lead_unit = created_units[key]
            elif draft.remember_alias and draft.lead_unit and draft.lead_unit_text:
                _remember_alias(
                    committee=meeting.committee,
                    unit=draft.lead_unit,
                    name=draft.lead_unit_text,
                )
            directive_create(
                conclusion=conclusion,
                draft=draft,
                user=user,
                meeting_day=meeting_day,
                next_meeting=following,
                position=position,
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
    position: int | None = None,
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
        position=position,
        group=draft.group,
        parent=draft.parent,
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
