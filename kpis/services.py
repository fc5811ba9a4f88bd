"""Writes for indicator reports: save, submit, accept, return, evidence, period exceptions."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.uploads import validate_upload

from .models import (
    Indicator,
    IndicatorReport,
    PeriodException,
    ReportEvidence,
    ReportingPeriod,
    ReportState,
)
from .permissions import locked_message, unit_may_edit_period


@dataclass
class ReportInput:
    indicator: Indicator
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    comment: str = ""
    evidence: list | None = None


class PeriodLockedError(PermissionDenied):
    pass


def reports_save(
    *,
    user,
    unit,
    period: ReportingPeriod,
    rows: list[ReportInput],
    submit: bool,
    today: datetime.date | None = None,
) -> list[IndicatorReport]:
    """Save a unit's figures for a period as draft or submit them, in one transaction.

    Submitted and accepted reports are left as they are: a submitted figure changes only after
    the secretariat returns it."""
    today = today or timezone.localdate()
    if not unit_may_edit_period(period=period, unit=unit, today=today):
        raise PeriodLockedError(locked_message(period))
    now = timezone.now()
    saved = []
    with transaction.atomic():
        existing = {
            r.indicator_id: r
            for r in IndicatorReport.objects.select_for_update().filter(period=period, unit=unit)
        }
        for row in rows:
            report = existing.get(row.indicator.pk) or IndicatorReport(
                unit=unit, indicator=row.indicator, period=period
            )
            if report.pk and not report.editable_by_unit:
                continue
            report.numerator = row.numerator
            report.denominator = row.denominator
            report.value = row.value
            report.comment = row.comment
            report.saved_by = user
            report.saved_at = now
            if submit:
                report.state = ReportState.SUBMITTED
                report.submitted_by = user
                report.submitted_at = now
            elif report.state != ReportState.RETURNED:
                report.state = ReportState.DRAFT
            report.save()
            for upload in row.evidence or []:
                evidence_add(user=user, report=report, upload=upload)
            saved.append(report)
    return saved


def evidence_add(*, user, report: IndicatorReport, upload) -> ReportEvidence:
    mime = validate_upload(upload)
    return ReportEvidence.objects.create(
        report=report,
        file=upload,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=mime,
        uploaded_by=user,
    )


def report_accept(*, user, report: IndicatorReport) -> IndicatorReport:
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Chỉ chấp nhận được số liệu đã gửi."))
    report.state = ReportState.ACCEPTED
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.return_reason = ""
    report.save()
    return report


def report_return(*, user, report: IndicatorReport, reason: str) -> IndicatorReport:
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Chỉ trả lại được số liệu đã gửi."))
    if not reason.strip():
        raise ValidationError(_("Trả lại phải ghi rõ lý do."))
    report.state = ReportState.RETURNED
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.return_reason = reason.strip()
    report.save()
    return report


def period_exception_grant(
    *, user, period: ReportingPeriod, unit, open_until: datetime.date, reason: str
) -> PeriodException:
    return PeriodException.objects.create(
        period=period, unit=unit, open_until=open_until, reason=reason, granted_by=user
    )
