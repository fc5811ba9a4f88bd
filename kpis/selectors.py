"""Reads for plans and indicator reports: a fixed number of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.timezone import localdate

from steering.models import OrgUnit

from .figure_selectors import (  # noqa: F401  (the figures' reads, re-exported for the views)
    STATUS_LABELS,
    applicable_indicators,
    completeness_matrix,
    indicator_trend,
    period_heatmap,
    reporting_units,
    targets_for,
    unit_period_stats,
    unit_period_status,
)
from .maths import format_value, ratio_value  # noqa: F401  (format_value: for the views)
from .models import (
    Indicator,
    IndicatorKind,
    IndicatorReport,
    Plan,
    ReportingPeriod,
    ReportState,
)
from .permissions import plan_scope


def plans_for_user(*, user):
    readers, officer_of, _unit = plan_scope(user)
    plans = Plan.objects.select_related("committee", "issuer")
    if readers is None:
        return plans
    return plans.filter(committee_id__in=[*readers, *officer_of])


def periods_for_user(*, user):
    return (
        ReportingPeriod.objects.filter(plan__in=plans_for_user(user=user))
        .select_related("plan", "plan__committee")
        .order_by("-start", "plan_id")
    )


def report_value(report: IndicatorReport) -> Decimal | None:
    if report.indicator.kind == IndicatorKind.RATIO:
        return ratio_value(report.numerator, report.denominator)
    return report.value


@dataclass
class EntryRow:
    indicator: Indicator
    report: IndicatorReport | None
    target: Decimal | None
    changes: list = field(default_factory=list)


def report_state_changes(report_ids) -> dict[int, list[dict]]:
    """{report id: [(who, when, from → to)]} from the change history, one query for all."""
    history: dict = {}
    records = (
        IndicatorReport.history.filter(id__in=list(report_ids))
        .select_related("history_user")
        .only("id", "state", "history_date", "history_user__username")
        .order_by("id", "history_date", "history_id")
    )
    for record in records:
        history.setdefault(record.id, []).append(record)
    labels = dict(ReportState.choices)
    changes: dict[int, list[dict]] = {}
    for report_id, records in history.items():
        previous = None
        for record in records:
            if previous is None or record.state != previous:
                changes.setdefault(report_id, []).append(
                    {
                        "who": record.history_user,
                        "when": record.history_date,
                        "from": labels.get(previous, "") if previous else "",
                        "to": labels.get(record.state, record.state),
                    }
                )
            previous = record.state
    return changes


def entry_rows(*, period: ReportingPeriod, unit: OrgUnit) -> list[EntryRow]:
    plan = period.plan
    indicators = applicable_indicators(plan=plan, unit=unit)
    reports = {
        r.indicator_id: r
        for r in IndicatorReport.objects.filter(period=period, unit=unit)
        .select_related("submitted_by", "reviewed_by", "saved_by", "indicator")
        .prefetch_related("evidence")
    }
    targets = targets_for(plan=plan, year=period.year)
    changes = report_state_changes(r.pk for r in reports.values())
    return [
        EntryRow(
            ind,
            report := reports.get(ind.pk),
            targets.for_unit(ind, unit),
            changes.get(report.pk, []) if report else [],
        )
        for ind in indicators
    ]


def unit_period_labels(*, unit: OrgUnit, periods: list[ReportingPeriod]) -> dict[int, str]:
    """{period id: the unit's status label} judged against the indicators that apply to the
    unit in each period's plan; two queries whatever the number of periods and reports."""
    indicators = list(Indicator.objects.filter(plan_id__in={p.plan_id for p in periods}))
    stats = unit_period_stats(units=[unit], periods=periods, indicators=indicators)
    labels = {}
    for period in periods:
        expected = sum(1 for i in indicators if i.plan_id == period.plan_id and i.applies_to(unit))
        status = unit_period_status(stats.get((unit.pk, period.pk)), period, expected)
        labels[period.pk] = STATUS_LABELS[status]
    return labels


# The review page's tabs, in the order a reviewer works through them; "all" is every sent value.
REVIEW_TABS = (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED, "all")


def review_queue(*, period: ReportingPeriod, state: str = "all", unit: OrgUnit | None = None):
    """The sent values of a period (drafts are the ward's own), narrowed to a state and a unit."""
    reports = IndicatorReport.objects.filter(period=period).exclude(state=ReportState.DRAFT)
    if state != "all":
        reports = reports.filter(state=state)
    if unit is not None:
        reports = reports.filter(unit=unit)
    return (
        reports.select_related("unit", "indicator", "submitted_by", "reviewed_by", "period__plan")
        .prefetch_related("evidence")
        .order_by("unit__code", "indicator__ordinal", "pk")
    )


def review_counts(*, period: ReportingPeriod, unit: OrgUnit | None = None) -> dict[str, int]:
    """{tab: number of values} for the review page's tabs, one grouped query."""
    reports = IndicatorReport.objects.filter(period=period).exclude(state=ReportState.DRAFT)
    if unit is not None:
        reports = reports.filter(unit=unit)
    counts = dict.fromkeys(REVIEW_TABS, 0)
    for row in reports.values("state").annotate(n=Count("pk")).order_by():
        counts[row["state"]] = row["n"]
        counts["all"] += row["n"]
    return counts


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def report_template_xlsx(*, period: ReportingPeriod, unit: OrgUnit) -> bytes:
    """The unit's pre-filled, protected template for a period (kpis/entry_template.py)."""
    from .entry_template import report_template_xlsx as build

    return build(period=period, unit=unit)


EXPORT_COLUMNS = [
    "ma_don_vi",
    "ten_don_vi",
    "ma_chi_tieu",
    "ten_chi_tieu",
    "tu_so",
    "mau_so",
    "gia_tri",
    "ket_qua",
    "giai_trinh",
    "trang_thai",
    "gui_luc",
    "nguoi_xem_xet",
    "ly_do_tra_lai",
]


def period_reports_xlsx(*, period: ReportingPeriod, user) -> bytes:
    """Every report of the period the user may see (a unit officer: their own unit's only)."""
    import io

    import openpyxl

    from .resources import escape_formula

    reports = (
        IndicatorReport.objects.visible_to(user)
        .filter(period=period)
        .select_related("unit", "indicator", "reviewed_by")
        .order_by("unit__code", "indicator__ordinal")
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Bao cao"
    sheet.append(EXPORT_COLUMNS)
    for r in reports:
        value = report_value(r)
        sheet.append(
            [
                escape_formula(x)
                for x in (
                    r.unit.code,
                    r.unit.name,
                    r.indicator.code,
                    r.indicator.name,
                    r.numerator,
                    r.denominator,
                    r.value,
                    float(round(value, 2)) if value is not None else None,
                    r.comment,
                    r.get_state_display(),
                    localdate(r.submitted_at).strftime("%d/%m/%Y") if r.submitted_at else "",
                    str(r.reviewed_by or ""),
                    r.return_reason,
                )
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def open_plan_tasks_for_unit(*, user, unit: OrgUnit | None, today: datetime.date):
    """The unit's open plan tasks and those of the old units it succeeded (marked with the old
    unit, `inherited_from`), overdue first (`status` and `effective_due` annotated)."""
    from steering.tracking import inherited_from

    from .models import PlanTask

    if unit is None:
        return PlanTask.objects.none()
    return (
        PlanTask.objects.visible_to(user)
        .open()
        .for_unit_or_inherited(unit)
        .overdue_first(today)
        .select_related("plan")
        .annotate(**inherited_from(PlanTask, unit))
    )


# --- Plan page and plan task page -------------------------------------------------------------


@dataclass
class PlanTaskRow:
    task: object
    timeliness: str


@dataclass
class PlanGroup:
    group: object | None
    rows: list[PlanTaskRow]


def plan_page(*, plan: Plan, user, as_of: datetime.date) -> dict:
    """Task groups with their tasks (what the user may see, `status` annotated), solution
    groups, the 2×2 grid. A fixed number of queries whatever the number of tasks."""
    from .models import PlanTask

    groups = list(plan.task_groups.all())
    visible = PlanTask.objects.visible_to(user).filter(plan=plan)
    tasks = list(
        visible.with_timeliness(as_of)
        .select_related("lead_unit", "solution_group")
        .prefetch_related("supporting_units")
        .order_by("ordinal", "pk")
    )
    by_group: dict = {}
    for task in tasks:
        by_group.setdefault(task.group_id, []).append(PlanTaskRow(task, task.status))
    sections = [PlanGroup(g, by_group.get(g.pk, [])) for g in groups]
    if by_group.get(None):
        sections.append(PlanGroup(None, by_group[None]))
    grid = visible.grid(as_of)
    return {
        "sections": sections,
        "solution_groups": list(plan.solution_groups.all()),
        "grid": grid,
        "total": sum(grid.values()),
        "indicator_count": plan.indicators.count(),
    }


def plan_task_page(*, task) -> dict:
    from .models import PlanTaskEvent

    events = list(
        PlanTaskEvent.objects.filter(task=task).select_related("actor").prefetch_related("files")
    )
    return {
        "events": events,
        "extensions": list(task.extensions.select_related("requested_by", "decided_by")),
        "supporting": sorted(task.supporting_units.all(), key=lambda u: u.name),
    }
