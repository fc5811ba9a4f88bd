"""Writes for the cascade: a ward committee breaks a task from above down into its own
directives for its offices; the ward's report up waits until those are closed.

The sub-tasks hang under one conclusion topic of a meeting of the ward's committee that the
secretariat picks (by default its latest): a ward's BCĐ deploys what came from above at its
meeting and its notice ("…-TB/ĐU") lists the resulting tasks, so the register, the notice and the
ward's own reports find them where its other directives are. A second breakdown of the same task
at the same meeting adds to the same topic."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from steering import workflow
from steering.deadlines import parse_deadline
from steering.models import OrgUnit, SteeringCommittee
from steering.timeliness import TaskState
from steering.tracking import CLOSED_STATES

from .cascade_selectors import breakdown_units, directives_from_above
from .models import Conclusion, Directive, Meeting
from .services import DirectiveDraft, directive_create, next_meeting_date


@dataclass
class SubtaskDraft:
    content: str
    lead_unit: OrgUnit
    deadline_text: str = ""
    supporting_units: list[OrgUnit] = field(default_factory=list)


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _topic(*, parent: Directive, meeting: Meeting) -> Conclusion:
    """The meeting's topic for the sub-tasks of `parent`: the one an earlier breakdown made, or
    a new one after the meeting's last topic."""
    existing = (
        Conclusion.objects.filter(meeting=meeting, directives__parent=parent)
        .order_by("ordinal")
        .first()
    )
    if existing is not None:
        return existing
    last = meeting.conclusions.aggregate(last=Max("ordinal"))["last"] or 0
    source = parent.committee.display_name
    given = timezone.localtime(parent.conclusion.meeting.starts_at).date()
    return Conclusion.objects.create(
        meeting=meeting,
        ordinal=last + 1,
        number=str(last + 1),
        title=_("Triển khai nhiệm vụ cấp trên giao: %(task)s")
        % {"task": Truncator(parent.content).chars(300)},
        text=_("Nhiệm vụ của %(committee)s (cuộc họp ngày %(day)s%(item)s), hạn %(due)s.")
        % {
            "committee": source,
            "day": _date(given),
            "item": f", mục {parent.item}" if parent.item else "",
            "due": _date(parent.effective_due_date) or _("không ghi"),
        },
    )


@transaction.atomic
def directive_break_down(
    *,
    parent: Directive,
    committee: SteeringCommittee,
    meeting: Meeting,
    drafts: list[SubtaskDraft],
    user,
) -> list[Directive]:
    """Give the ward's offices the sub-tasks of a task from above, as directives of the ward's
    committee under `meeting`, each linked to `parent`. A sub-task without a deadline of its own
    takes the parent's; none may be due after it. The parent, if not started, is marked in
    progress with a note naming the offices, so the upper committee sees the ward at work."""
    parent = Directive.objects.select_for_update().get(pk=parent.pk)
    if parent.committee_id == committee.pk:
        raise ValidationError(_("Nhiệm vụ con phải thuộc Ban chỉ đạo khác với nhiệm vụ cấp trên."))
    if not directives_from_above(committee=committee).filter(pk=parent.pk).exists():
        raise ValidationError(
            _("Nhiệm vụ này không phải nhiệm vụ cấp trên giao cho %(committee)s.")
            % {"committee": committee.display_name}
        )
    if parent.state in CLOSED_STATES:
        raise ValidationError(
            _("Nhiệm vụ cấp trên đã %(state)s, không giao thêm nhiệm vụ con.")
            % {"state": parent.get_state_display().lower()}
        )
    if meeting.committee_id != committee.pk:
        raise ValidationError(
            _("Cuộc họp được chọn không phải của %(committee)s.")
            % {"committee": committee.display_name}
        )
    if not drafts:
        raise ValidationError(_("Chưa có nhiệm vụ nào: hãy ghi nội dung và đơn vị chủ trì."))
    day = timezone.localtime(meeting.starts_at).date()
    allowed = set(breakdown_units(committee=committee, on=day).values_list("pk", flat=True))
    parent_due = parent.effective_due_date
    following = next_meeting_date(committee=committee, after=day)
    for number, draft in enumerate(drafts, start=1):
        if draft.lead_unit.pk not in allowed:
            raise ValidationError(
                _("Dòng %(n)s: “%(unit)s” không phải đơn vị của %(area)s vào ngày họp %(day)s.")
                % {
                    "n": number,
                    "unit": draft.lead_unit.name,
                    "area": committee.display_name,
                    "day": _date(day),
                }
            )
        if not draft.deadline_text.strip() and parent_due:
            draft.deadline_text = _("trước ngày %(due)s") % {"due": _date(parent_due)}
        due = parse_deadline(
            draft.deadline_text, reference_date=day, next_meeting_date=following
        ).due_date
        if parent_due and due and due > parent_due:
            raise ValidationError(
                _(
                    "Dòng %(n)s: hạn %(due)s sau hạn cấp trên giao (%(parent_due)s); hãy đặt hạn "
                    "sớm hơn để kịp báo cáo lên."
                )
                % {"n": number, "due": _date(due), "parent_due": _date(parent_due)}
            )
    topic = _topic(parent=parent, meeting=meeting)
    created = [
        directive_create(
            conclusion=topic,
            draft=DirectiveDraft(
                content=draft.content.strip(),
                lead_unit=draft.lead_unit,
                deadline_text=draft.deadline_text.strip(),
                supporting_units=list(draft.supporting_units),
                parent=parent,
            ),
            user=user,
            meeting_day=day,
            next_meeting=following,
        )
        for draft in drafts
    ]
    if parent.state == TaskState.NOT_STARTED:
        offices = ", ".join(dict.fromkeys(d.lead_unit.display_name for d in created))
        workflow.task_report(
            task=parent,
            user=user,
            note=_("%(committee)s đã giao %(n)s nhiệm vụ cho: %(offices)s.")
            % {"committee": committee.display_name, "n": len(created), "offices": offices},
            percent=None,
            completed=False,
            reported_on=min(timezone.localdate(), max(day, _meeting_day(parent))),
        )
    return created


def _meeting_day(directive: Directive) -> datetime.date:
    return timezone.localtime(directive.conclusion.meeting.starts_at).date()


def directive_report_check(*, directive: Directive, completed: bool) -> None:
    """A ward reports a task from above completed only when its sub-tasks are closed
    (completed or stopped): the upper committee confirms on the sub-tasks' evidence."""
    if not completed:
        return
    still_open = directive.children.exclude(state__in=CLOSED_STATES).count()
    if still_open:
        raise ValidationError(
            _(
                "Còn %(n)s nhiệm vụ con chưa hoàn thành: hãy xác nhận kết quả của các đơn vị "
                "trước khi báo cáo hoàn thành lên cấp trên."
            )
            % {"n": still_open},
            code="subtasks_open",
        )
