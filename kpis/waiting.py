"""What waits in the KPI part (see steering/waiting.py): figures sent for review (secretariat)
and reporting periods whose submission deadline is near while the unit has not sent everything
(ward officer). "Near" is the one due-soon window of steering.timeliness."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from steering.models import AccessRole
from steering.permissions import user_committee_roles, user_org_unit
from steering.timeliness import due_soon_window
from steering.waiting import WaitingRow, WaitingSource

from .figure_selectors import (
    DRAFT,
    NOT_STARTED,
    PARTIAL,
    RETURNED,
    STATUS_LABELS,
    unit_period_stats,
    unit_period_status,
)
from .models import Indicator, IndicatorReport, ReportingPeriod, ReportState


def _committees_where(user, role: str) -> list[int]:
    return [cid for cid, roles in user_committee_roles(user).items() if role in roles]


def figures_to_review(user):
    """Figures sent and waiting for the secretariat, of other units than the reviewer's own (no
    unit accepts its own figures): the KPI page's count and the list it links to."""
    runs = _committees_where(user, AccessRole.SECRETARIAT)
    reports = IndicatorReport.objects.filter(
        period__plan__committee_id__in=runs, state=ReportState.SUBMITTED
    )
    unit = user_org_unit(user)
    if unit is not None:
        reports = reports.exclude(unit=unit)
    return reports.select_related("period__plan", "indicator", "unit").order_by(
        "period__start", "unit__code", "indicator__ordinal", "pk"
    )


def _review_row(report, as_of) -> WaitingRow:
    return WaitingRow(
        title=f"{report.indicator.code} — {report.indicator.name}",
        url=reverse("kpi_review", args=[report.period_id])
        + f"?state=submitted&unit={report.unit_id}",
        unit=report.unit.display_name,
        date=report.period.submission_deadline,
        kind=str(_("Kỳ %(period)s") % {"period": report.period.label}),
    )


# A period still waits for the unit while it has not sent every applicable figure.
_STILL_TO_SEND = {NOT_STARTED, DRAFT, PARTIAL, RETURNED}


def periods_closing(*, user, as_of: datetime.date) -> list[ReportingPeriod]:
    """Periods open for entry whose submission deadline falls in the due-soon window and for
    which the user's unit still has figures to send; two or three queries."""
    unit = user_org_unit(user)
    reports_in = _committees_where(user, AccessRole.UNIT_OFFICER)
    if unit is None or not reports_in:
        return []
    horizon = as_of + datetime.timedelta(days=due_soon_window())
    periods = [
        p
        for p in ReportingPeriod.objects.filter(
            plan__committee_id__in=reports_in,
            submission_deadline__gte=as_of,
            submission_deadline__lte=horizon,
        )
        .select_related("plan")
        .order_by("submission_deadline", "pk")
        if p.is_open_yet(as_of)
    ]
    if not periods:
        return []
    indicators = list(Indicator.objects.filter(plan_id__in={p.plan_id for p in periods}))
    stats = unit_period_stats(units=[unit], periods=periods, indicators=indicators)
    closing = []
    for period in periods:
        expected = sum(1 for i in indicators if i.plan_id == period.plan_id and i.applies_to(unit))
        status = unit_period_status(stats.get((unit.pk, period.pk)), period, expected)
        if status in _STILL_TO_SEND:
            period.unit_status = STATUS_LABELS[status]
            closing.append(period)
    return closing


def _period_row(period, as_of) -> WaitingRow:
    return WaitingRow(
        title=str(
            _("Kỳ %(period)s — Kế hoạch %(plan)s")
            % {"period": period.label, "plan": period.plan.number}
        ),
        url=reverse("kpi_report", args=[period.pk]),
        date=period.submission_deadline,
        note=period.unit_status,
    )


def _reviews_secretariat(user) -> bool:
    return bool(_committees_where(user, AccessRole.SECRETARIAT))


def _reports_figures(user) -> bool:
    return (
        bool(_committees_where(user, AccessRole.UNIT_OFFICER)) and user_org_unit(user) is not None
    )


SOURCES = [
    WaitingSource(
        key="figures-to-review",
        label=_("Số liệu chỉ tiêu chờ xem xét"),
        description=_("Số liệu các đơn vị đã gửi; chấp nhận hoặc trả lại kèm lý do."),
        applies=_reviews_secretariat,
        parts=lambda user, as_of: [figures_to_review(user)],
        row=_review_row,
        date_label=_("Hạn gửi"),
        order=20,
    ),
    WaitingSource(
        key="periods-closing",
        label=_("Kỳ báo cáo sắp hết hạn gửi"),
        description=_("Kỳ đang mở nhập, sắp đến hạn gửi mà đơn vị chưa gửi đủ số liệu."),
        applies=_reports_figures,
        parts=lambda user, as_of: [periods_closing(user=user, as_of=as_of)],
        row=_period_row,
        date_label=_("Hạn gửi"),
        order=30,
    ),
]
