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
from .workbook import sheet_read


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
        raise PeriodLockedError(locked_message(period, today))
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


def _decide(*, user, report: IndicatorReport, state: str, reason: str = "") -> IndicatorReport:
    report.state = state
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.return_reason = reason
    report.save()
    return report


def _locked_submitted(report: IndicatorReport, message: str) -> IndicatorReport:
    """The report re-read under a row lock: two reviewers deciding the same value at once get
    one decision, and the second is told the value is no longer waiting."""
    locked = IndicatorReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReportState.SUBMITTED:
        raise ValidationError(message)
    return locked


@transaction.atomic
def report_accept(*, user, report: IndicatorReport) -> IndicatorReport:
    report = _locked_submitted(report, _("Chỉ chấp nhận được số liệu đã gửi."))
    return _decide(user=user, report=report, state=ReportState.ACCEPTED)


@transaction.atomic
def reports_accept(*, user, reports: list[IndicatorReport]) -> int:
    """Accept several submitted values at once (a unit's figures, read on the review page);
    a value decided by someone else in the meantime is left as it is. Returns how many."""
    locked = IndicatorReport.objects.select_for_update().filter(
        pk__in=[r.pk for r in reports], state=ReportState.SUBMITTED
    )
    accepted = 0
    for report in locked:
        _decide(user=user, report=report, state=ReportState.ACCEPTED)
        accepted += 1
    return accepted


@transaction.atomic
def report_return(*, user, report: IndicatorReport, reason: str) -> IndicatorReport:
    report = _locked_submitted(report, _("Chỉ trả lại được số liệu đã gửi."))
    if not reason.strip():
        raise ValidationError(_("Trả lại phải ghi rõ lý do."))
    return _decide(user=user, report=report, state=ReportState.RETURNED, reason=reason.strip())


def period_exception_grant(
    *, user, period: ReportingPeriod, unit, open_until: datetime.date, reason: str
) -> PeriodException:
    return PeriodException.objects.create(
        period=period, unit=unit, open_until=open_until, reason=reason, granted_by=user
    )


# --- Excel round trip ------------------------------------------------------------------------

XLSX_TYPES = {
    "xlsx": {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
}
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 5000


@dataclass
class ImportOutcome:
    sha256: str
    ok: bool
    errors: list  # [(excel row or None, column label or "", message)]
    rows: list  # [(excel row, indicator code, numerator, denominator, value, comment)]
    written: int = 0


def _stored_name(*, unit, period, sha256: str) -> str:
    return f"kpis/imports/{unit.pk}-{period.pk}-{sha256}.xlsx"


def kpi_import_run(
    *, user, unit, period, content: bytes, dry_run: bool, today: datetime.date | None = None
) -> ImportOutcome:
    """Dry run (preview) or import of a unit's template; all or nothing."""
    import hashlib

    import tablib
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from .resources import (
        COLUMN_LABELS,
        COLUMNS,
        INFO_COLUMNS,
        REQUIRED,
        IndicatorReportResource,
        header_codes,
        is_labels_row,
        number_as_read,
    )
    from .selectors import applicable_indicators

    sha256 = hashlib.sha256(content).hexdigest()
    outcome = ImportOutcome(sha256=sha256, ok=False, errors=[], rows=[])
    today = today or timezone.localdate()
    if not unit_may_edit_period(period=period, unit=unit, today=today):
        outcome.errors.append((None, "", locked_message(period, today)))
        return outcome
    try:
        sheet = sheet_read(content, max_rows=IMPORT_MAX_ROWS, labels=COLUMN_LABELS)
    except ValidationError as exc:
        outcome.errors.append((None, "", " ".join(exc.messages)))
        return outcome
    if sheet.errors:
        outcome.errors.extend(sheet.errors)
        return outcome
    header = header_codes(sheet.header)
    # The template's Vietnamese header row under the hidden codes is not a row of figures.
    rows = [(number, cells) for number, cells in sheet.rows if not is_labels_row(cells, header)]
    missing = [c for c in COLUMNS if c in REQUIRED and c not in header]
    unknown = [c for c in header if c and c not in COLUMNS and c not in INFO_COLUMNS]
    if missing or unknown:
        if missing:
            outcome.errors.append((1, "", _("Thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)}))
        if unknown:
            outcome.errors.append(
                (1, "", _("Cột không dùng được: %(cols)s.") % {"cols": ", ".join(unknown)})
            )
        outcome.errors.append((None, "", _("Hãy dùng đúng tệp mẫu tải về từ trang này.")))
        return outcome
    if not rows:
        outcome.errors.append((None, "", _("Tệp không có dòng số liệu nào.")))
        return outcome
    dataset = tablib.Dataset(headers=header)
    by_code = {i.code: i for i in applicable_indicators(plan=period.plan, unit=unit)}
    excel_rows = []
    for number, cells in rows:
        cells = (list(cells) + [""] * len(header))[: len(header)]
        dataset.append(cells)
        excel_rows.append(number)
        record = dict(zip(header, cells, strict=True))
        outcome.rows.append(
            (
                number,
                record.get("ma_chi_tieu"),
                *(number_as_read(record.get(c), row=record) for c in ("tu_so", "mau_so")),
                number_as_read(record.get("gia_tri"), row=record, by_code=by_code),
                record.get("giai_trinh"),
            )
        )
    resource = IndicatorReportResource(
        unit=unit,
        period=period,
        user=user,
        indicators=applicable_indicators(plan=period.plan, unit=unit),
    )
    attribute_column = {
        "unit": "ma_don_vi",
        "indicator": "ma_chi_tieu",
        "numerator": "tu_so",
        "denominator": "mau_so",
        "value": "gia_tri",
        "comment": "giai_trinh",
    }
    result = resource.import_data(dataset, dry_run=dry_run)
    for invalid in result.invalid_rows:
        excel_row = excel_rows[invalid.number - 1]
        for name, messages in invalid.error_dict.items():
            column = attribute_column.get(name, name)
            label = COLUMN_LABELS.get(column, "")
            for message in messages:
                outcome.errors.append((excel_row, label, message))
    for number, errors in result.row_errors():
        for error in errors:
            outcome.errors.append(
                (excel_rows[number - 1] if number else None, "", str(error.error))
            )
    for error in result.base_errors:
        outcome.errors.append((None, "", str(error.error)))
    outcome.ok = not outcome.errors
    if outcome.ok and dry_run:
        name = _stored_name(unit=unit, period=period, sha256=sha256)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
    if outcome.ok and not dry_run:
        outcome.written = len(rows)
    return outcome


def kpi_import_confirm(*, user, unit, period, sha256: str) -> ImportOutcome:
    """Import exactly the file that was previewed: found by its hash, checked again."""
    import hashlib
    import re

    from django.core.files.storage import default_storage

    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        raise ValidationError(_("Không tìm thấy tệp đã xem trước; hãy tải tệp lên lại."))
    name = _stored_name(unit=unit, period=period, sha256=sha256)
    if not default_storage.exists(name):
        raise ValidationError(_("Không tìm thấy tệp đã xem trước; hãy tải tệp lên lại."))
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ValidationError(_("Tệp đã xem trước bị thay đổi; hãy tải tệp lên lại."))
    outcome = kpi_import_run(user=user, unit=unit, period=period, content=content, dry_run=False)
    if outcome.ok:
        default_storage.delete(name)
    return outcome


def kpi_import_check_upload(upload) -> bytes:
    validate_upload(upload, allowed=XLSX_TYPES, max_bytes=IMPORT_MAX_BYTES)
    upload.seek(0)
    return upload.read()
