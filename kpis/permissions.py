"""Access rules for plans and indicator reports (the one place they live).

A unit officer sees and edits only their own unit's reports; the committee's secretariat reviews;
chair, members and viewers read; no one accepts their own unit's figures.
"""

import datetime

import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from steering.models import AccessRole
from steering.permissions import (
    decides_task,
    holds_committee_role,
    is_admin,
    require_perm,
    user_committee_roles,
    user_org_unit,
    user_successions,
)
from steering.tracking import CLOSED_STATES

from .models import (
    CriteriaSet,
    IndicatorReport,
    Plan,
    PlanTask,
    ReportEvidence,
    ReportingPeriod,
    ReportState,
    ScoreSheet,
    SheetState,
)

READER_ROLES = (AccessRole.SECRETARIAT, AccessRole.CHAIR, AccessRole.MEMBER, AccessRole.VIEWER)


def plan_scope(user):
    """(committee ids read in full, committee ids where the user is a unit officer, unit).

    Readers is None for administrators (everything)."""
    if not user.is_authenticated:
        return [], [], None
    if user.is_superuser:
        return None, [], None
    readers, officer_of = [], []
    for committee_id, roles in user_committee_roles(user).items():
        if roles & set(READER_ROLES):
            readers.append(committee_id)
        elif AccessRole.UNIT_OFFICER in roles:
            officer_of.append(committee_id)
    return readers, officer_of, user_org_unit(user)


def _committee_id(obj) -> int | None:
    if isinstance(obj, Plan):
        return obj.committee_id
    if isinstance(obj, ReportingPeriod):
        return obj.plan.committee_id
    if isinstance(obj, IndicatorReport):
        return obj.period.plan.committee_id
    if isinstance(obj, PlanTask):
        return obj.plan.committee_id
    if isinstance(obj, ScoreSheet):
        return obj.criteria_set.committee_id
    return getattr(obj, "committee_id", None)


@rules.predicate
def reads_committee(user, obj) -> bool:
    return holds_committee_role(user, _committee_id(obj), *READER_ROLES)


@rules.predicate
def runs_committee(user, obj) -> bool:
    return holds_committee_role(user, _committee_id(obj), AccessRole.SECRETARIAT)


@rules.predicate
def reports_for_committee(user, obj) -> bool:
    return (
        holds_committee_role(user, _committee_id(obj), AccessRole.UNIT_OFFICER)
        and user_org_unit(user) is not None
    )


@rules.predicate
def works_for_report_unit(user, report) -> bool:
    unit = user_org_unit(user)
    return unit is not None and report.unit_id == unit.pk and reports_for_committee(user, report)


@rules.predicate
def not_own_unit(user, report) -> bool:
    # No unit accepts its own figures (the standing agency reporting for itself included).
    unit = user_org_unit(user)
    return unit is None or report.unit_id != unit.pk


rules.add_perm("kpis.view_plan", is_admin | reads_committee | reports_for_committee)
rules.add_perm("kpis.view_aggregates", is_admin | reads_committee)
rules.add_perm("kpis.enter_reports", is_admin | reports_for_committee)
rules.add_perm("kpis.edit_report", is_admin | works_for_report_unit)
rules.add_perm("kpis.review_period", is_admin | runs_committee)
rules.add_perm("kpis.review_report", is_admin | (runs_committee & not_own_unit))


@rules.predicate
def leads_task(user, task) -> bool:
    unit = user_org_unit(user)
    return (
        unit is not None
        and task.lead_unit_id == unit.pk
        and holds_committee_role(user, task.plan.committee_id, AccessRole.UNIT_OFFICER)
    )


@rules.predicate
def inherits_task(user, task) -> bool:
    """An old ward's open plan task falls to the ward that succeeded it (the 2025 reform)."""
    return task.lead_unit_id in user_successions(user) and task.state not in CLOSED_STATES


@rules.predicate
def task_not_own_unit(user, task) -> bool:
    unit = user_org_unit(user)
    return unit is None or task.lead_unit_id != unit.pk


@rules.predicate
def confirms_task(user, task) -> bool:
    """The secretariat of the committee that decides the plan task: the plan's committee while
    it is valid, after its end the committee that holds it (`steering.permissions.decides_task`)."""
    return decides_task(user, task, committee=task.plan.committee, role=AccessRole.SECRETARIAT)


@rules.predicate
def chairs_deciding_committee(user, task) -> bool:
    """The chair of the committee that decides the plan task (see `confirms_task`)."""
    return decides_task(user, task, committee=task.plan.committee, role=AccessRole.CHAIR)


# The lead unit, or the ward that succeeded it: reports on the task and asks for more time.
answers_for_task = leads_task | inherits_task
rules.add_perm("kpis.report_plan_task", answers_for_task)
# The chair decides a plan task's extension, as a directive's (meetings.decide_extension).
rules.add_perm("kpis.decide_plan_task_extension", is_admin | chairs_deciding_committee)
rules.add_perm("kpis.review_plan_task", is_admin | (confirms_task & task_not_own_unit))


# --- Scored criteria sets ---------------------------------------------------------------------


@rules.predicate
def self_scores_sheet(user, sheet) -> bool:
    unit = user_org_unit(user)
    return (
        sheet.criteria_set.self_scoring
        and unit is not None
        and sheet.unit_id == unit.pk
        and holds_committee_role(user, sheet.criteria_set.committee_id, AccessRole.UNIT_OFFICER)
    )


@rules.predicate
def not_own_sheet(user, sheet) -> bool:
    unit = user_org_unit(user)
    return unit is None or sheet.unit_id != unit.pk


rules.add_perm("kpis.manage_criteria", is_admin | runs_committee)
rules.add_perm("kpis.self_score", self_scores_sheet)
rules.add_perm("kpis.review_score", is_admin | (runs_committee & not_own_sheet))


def criteria_set_get_for_user(*, user, pk: int) -> CriteriaSet:
    """A set of the user's committees (readers and unit officers alike); others: 404."""
    readers, officer_of, _unit = plan_scope(user)
    queryset = CriteriaSet.objects.select_related("committee")
    if readers is not None:
        queryset = queryset.filter(committee_id__in=[*readers, *officer_of])
    return get_object_or_404(queryset, pk=pk)


def criteria_results_visible(*, user, criteria_set: CriteriaSet, published: bool) -> bool:
    """Published results: every committee reader and unit officer. Unpublished: the secretariat."""
    if user.is_superuser or holds_committee_role(
        user, criteria_set.committee_id, AccessRole.SECRETARIAT
    ):
        return True
    return published


def score_sheet_visible(*, user, sheet: ScoreSheet) -> bool:
    """A unit officer sees only their own unit's sheet (404 for another's, the caller decides),
    while it is being self-scored or once published; the secretariat sees every sheet."""
    if user.has_perm("kpis.review_score", sheet) or user.is_superuser:
        return True
    unit = user_org_unit(user)
    if unit is None or sheet.unit_id != unit.pk:
        return sheet.state == SheetState.PUBLISHED
    return sheet.criteria_set.self_scoring or sheet.state == SheetState.PUBLISHED


def plan_task_get_for_user(*, user, pk: int) -> PlanTask:
    return get_object_or_404(
        PlanTask.objects.visible_to(user).select_related(
            "plan__committee", "lead_unit", "group", "solution_group"
        ),
        pk=pk,
    )


def has_kpi_access(user) -> bool:
    if user.is_superuser:
        return True
    return bool(user_committee_roles(user)) or user_org_unit(user) is not None


def period_get_for_user(*, user, pk: int, perm: str = "kpis.view_plan") -> ReportingPeriod:
    readers, officer_of, _unit = plan_scope(user)
    queryset = ReportingPeriod.objects.select_related("plan__committee", "plan__issuer")
    if readers is not None:
        queryset = queryset.filter(plan__committee_id__in=[*readers, *officer_of])
    period = get_object_or_404(queryset, pk=pk)
    require_perm(user, perm, period)
    return period


def report_get_for_user(*, user, pk: int, perm: str | None = None) -> IndicatorReport:
    report = get_object_or_404(
        IndicatorReport.objects.visible_to(user).select_related(
            "period__plan", "unit", "indicator"
        ),
        pk=pk,
    )
    if perm:
        require_perm(user, perm, report)
    return report


def evidence_get_for_user(*, user, pk: int) -> ReportEvidence:
    visible = IndicatorReport.objects.visible_to(user)
    return get_object_or_404(
        ReportEvidence.objects.filter(report__in=visible).select_related("report"), pk=pk
    )


class PeriodLocked(PermissionDenied):
    pass


def unit_may_edit_period(*, period: ReportingPeriod, unit, today: datetime.date) -> bool:
    """Open from the period's last day (never before: its figures are not complete) until the
    lock date, or later while an exception for this unit is open."""
    if not period.is_open_yet(today):
        return False
    if not period.is_locked(today):
        return True
    return period.exceptions.filter(unit=unit, open_until__gte=today).exists()


def locked_message(period: ReportingPeriod, today: datetime.date | None = None) -> str:
    """Why the unit cannot enter figures: the period has not reached its last day, or it is
    locked."""
    if today is not None and not period.is_open_yet(today):
        return _(
            "Kỳ %(period)s chưa mở để nhập: số liệu tính đến hết ngày %(end)s, đơn vị nhập và "
            "gửi từ ngày %(opens)s đến hạn %(deadline)s."
        ) % {
            "period": period.label,
            "end": period.end.strftime("%d/%m/%Y"),
            "opens": period.opens_on.strftime("%d/%m/%Y"),
            "deadline": period.submission_deadline.strftime("%d/%m/%Y"),
        }
    return _(
        "Kỳ %(period)s đã khóa số liệu từ ngày %(date)s. Đề nghị liên hệ cơ quan thường trực "
        "để được mở lại kỳ báo cáo."
    ) % {"period": period.label, "date": period.lock_date.strftime("%d/%m/%Y")}


def report_is_editable(report: IndicatorReport) -> bool:
    return report.state in (ReportState.DRAFT, ReportState.RETURNED)
