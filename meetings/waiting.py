"""What waits for the secretariat, the chair and the ward officer (see steering/waiting.py).

Due soon and overdue come from the one status rule (steering.timeliness, as SQL annotations);
every count below is the number of rows of the list its link opens.
"""

from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from steering.models import AccessRole
from steering.permissions import deciding_condition, user_committee_roles, user_org_unit
from steering.timeliness import TaskState, Timeliness
from steering.tracking import predecessors_of
from steering.waiting import WaitingRow, WaitingSource

from .models import Directive, MeetingDocument
from .selectors import extension_querysets


def committees_where(user, role: str) -> list[int]:
    return [cid for cid, roles in user_committee_roles(user).items() if role in roles]


def _holds(role: str):
    def applies(user) -> bool:
        return bool(committees_where(user, role))

    return applies


def _ward_officer(user) -> bool:
    return bool(committees_where(user, AccessRole.UNIT_OFFICER)) and user_org_unit(user) is not None


def _not_own_unit(qs, user):
    unit = user_org_unit(user)
    return qs.exclude(lead_unit=unit) if unit is not None else qs


# --- Secretariat: completion reports to confirm, drafts to issue --------------------------------


def _reports_to_confirm(user, as_of):
    from kpis.models import PlanTask

    # Those of the committees the user runs and, once a committee has ended, the tasks its
    # successor ward's committee now confirms (the rule of the review permission).
    role, on = AccessRole.SECRETARIAT, as_of
    directives = _not_own_unit(
        Directive.objects.filter(
            deciding_condition(user, role, on=on), state=TaskState.PENDING_REVIEW
        ),
        user,
    )
    tasks = _not_own_unit(
        PlanTask.objects.filter(
            deciding_condition(user, role, on=on, committee_path="plan__committee"),
            state=TaskState.PENDING_REVIEW,
        ),
        user,
    )
    return [
        directives.annotate(**held_mark(on, "committee"))
        .select_related("lead_unit")
        .order_by("updated_at", "pk"),
        tasks.annotate(**held_mark(on, "plan__committee"))
        .select_related("lead_unit")
        .order_by("updated_at", "pk"),
    ]


def held_mark(on, committee_path: str, prefix: str = "") -> dict:
    """`held_from` (the old lead unit) and `held_from_parent` on the tasks of a committee that
    had ended by `on`: the tasks a successor ward's committee now decides. No extra query."""
    ended = Q(**{f"{prefix}{committee_path}__valid_to__lt": on})
    return {
        name: Case(When(ended, then=F(f"{prefix}lead_unit__{field}")), default=Value(""))
        for name, field in (("held_from", "name"), ("held_from_parent", "parent__name"))
    }


def _task_row(task, as_of) -> WaitingRow:
    from kpis.models import PlanTask

    is_plan_task = isinstance(task, PlanTask)
    return WaitingRow(
        title=task.content,
        url=reverse("kpi_plan_task" if is_plan_task else "directive_detail", args=[task.pk]),
        unit=task.lead_unit_label,
        date=task.effective_due_date,
        note=str(Timeliness(getattr(task, "status", None) or task.timeliness(as_of)).label),
        kind=str(_("Nhiệm vụ kế hoạch") if is_plan_task else _("Nhiệm vụ Ban chỉ đạo giao")),
        inherited_from=getattr(task, "held_from", "") or "",
        inherited_from_parent=getattr(task, "held_from_parent", "") or "",
    )


def _drafts_to_issue(user, as_of):
    runs = committees_where(user, AccessRole.SECRETARIAT)
    return [
        MeetingDocument.objects.drafts()
        .filter(committee_id__in=runs)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    ]


def _draft_row(document, as_of) -> WaitingRow:
    return WaitingRow(
        title=f"{document.get_kind_display()} — {document.meeting.display_title}",
        url=reverse("document_detail", args=[document.pk]),
        date=document.meeting.starts_at.date(),
        kind=str(document.get_kind_display()),
    )


# --- Chair: extension requests to decide --------------------------------------------------------


def extensions_waiting(user):
    """Requests waiting for a decision (directives and plan tasks): the home page's count and
    the extension list's default rows."""
    return extension_querysets(user=user, filters={})


def _extension_task(extension):
    """The extension's task, carrying the extension list's inherited mark (held_from)."""
    task = getattr(extension, "directive", None) or extension.task
    for name in ("held_from", "held_from_parent"):
        setattr(task, name, getattr(extension, name, ""))
    # The name the include "includes/_inherited_mark.html" reads.
    task.inherited_from = task.held_from
    task.inherited_from_parent = task.held_from_parent
    return task


def _extension_row(extension, as_of) -> WaitingRow:
    task = _extension_task(extension)
    row = _task_row(task, as_of)
    return WaitingRow(
        title=row.title,
        url=row.url + "#h-extensions",
        unit=row.unit,
        date=extension.requested_due_date,
        note=extension.reason,
        kind=row.kind,
        inherited_from=row.inherited_from,
        inherited_from_parent=row.inherited_from_parent,
    )


def extension_rows(parts, *, as_of) -> list[dict]:
    """The extension list's rows: the request, its task and its decision, oldest first."""
    rows = []
    for qs in parts:
        for extension in qs:
            task = _extension_task(extension)
            rows.append(
                {"extension": extension, "task": task, "link": _extension_row(extension, as_of)}
            )
    rows.sort(key=lambda r: (r["extension"].requested_at, r["extension"].pk))
    return rows


# --- Ward officer: tasks due soon, reports returned ---------------------------------------------


def _unit_tasks(user):
    from kpis.models import PlanTask

    unit = user_org_unit(user)
    # With the open work of the old units the unit succeeded, as on "Việc của đơn vị tôi".
    return (
        Directive.objects.visible_to(user).for_unit_or_inherited(unit),
        PlanTask.objects.visible_to(user).for_unit_or_inherited(unit),
    )


def _due_soon(user, as_of):
    directives, tasks = _unit_tasks(user)
    return [
        directives.with_timeliness(as_of)
        .filter(status=Timeliness.DUE_SOON)
        .select_related("lead_unit")
        .order_by("effective_due", "pk"),
        tasks.with_timeliness(as_of)
        .filter(status=Timeliness.DUE_SOON)
        .select_related("lead_unit")
        .order_by("effective_due", "pk"),
    ]


def _returned(user, as_of):
    from kpis.models import IndicatorReport, ReportState

    unit = user_org_unit(user)
    directives, tasks = _unit_tasks(user)
    leads = Q(lead_unit=unit) | Q(lead_unit__in=predecessors_of(unit))
    return [
        directives.filter(leads, state=TaskState.RETURNED)
        .select_related("lead_unit")
        .order_by("updated_at", "pk"),
        tasks.filter(leads, state=TaskState.RETURNED)
        .select_related("lead_unit")
        .order_by("updated_at", "pk"),
        IndicatorReport.objects.visible_to(user)
        .filter(unit=unit, state=ReportState.RETURNED)
        .select_related("period__plan", "indicator", "unit")
        .order_by("period__start", "indicator__ordinal", "pk"),
    ]


def _returned_row(obj, as_of) -> WaitingRow:
    from kpis.models import IndicatorReport

    if isinstance(obj, IndicatorReport):
        return WaitingRow(
            title=f"{obj.indicator.code} — {obj.indicator.name}",
            url=reverse("kpi_report", args=[obj.period_id]),
            unit=obj.unit.display_name,
            date=obj.period.submission_deadline,
            note=obj.return_reason,
            kind=str(_("Số liệu kỳ %(period)s") % {"period": obj.period.label}),
        )
    return _task_row(obj, as_of)


SOURCES = [
    WaitingSource(
        key="reports-to-confirm",
        label=_("Báo cáo hoàn thành chờ xác nhận"),
        description=_(
            "Đơn vị đã báo cáo hoàn thành; cơ quan thường trực xác nhận hoặc trả lại kèm lý do."
        ),
        applies=_holds(AccessRole.SECRETARIAT),
        parts=_reports_to_confirm,
        row=_task_row,
        date_label=_("Hạn"),
        order=10,
    ),
    WaitingSource(
        key="drafts-to-issue",
        label=_("Dự thảo văn bản chờ ban hành"),
        description=_("Thông báo kết luận và biên bản còn ở dạng dự thảo."),
        applies=_holds(AccessRole.SECRETARIAT),
        parts=_drafts_to_issue,
        row=_draft_row,
        date_label=_("Ngày họp"),
        order=30,
    ),
    WaitingSource(
        key="extensions-to-decide",
        label=_("Đề nghị gia hạn chờ quyết định"),
        description=_(
            "Đơn vị đề nghị lùi hạn; Trưởng ban đồng ý (có thể cho ngày khác) hoặc không."
        ),
        applies=_holds(AccessRole.CHAIR),
        parts=lambda user, as_of: extensions_waiting(user),
        row=_extension_row,
        url=lambda user: reverse("extension_list"),
        date_label=_("Đề nghị đến"),
        order=10,
    ),
    WaitingSource(
        key="due-soon",
        label=_("Nhiệm vụ sắp đến hạn"),
        description=_("Nhiệm vụ đơn vị chủ trì hoặc phối hợp, chưa hoàn thành, sắp đến hạn."),
        applies=_ward_officer,
        parts=_due_soon,
        row=_task_row,
        date_label=_("Hạn"),
        order=10,
    ),
    WaitingSource(
        key="returned",
        label=_("Báo cáo bị trả lại"),
        description=_(
            "Báo cáo hoàn thành và số liệu chỉ tiêu cơ quan thường trực trả lại: "
            "bổ sung rồi gửi lại."
        ),
        applies=_ward_officer,
        parts=_returned,
        row=_returned_row,
        date_label=_("Hạn"),
        order=20,
    ),
]
