"""Writes for traffic-light criteria sets: a unit marks each criterion with a value and evidence,
the standing agency accepts or returns the sheet. The colour is never typed: every value saved
here gets its colour from `Criterion.light_for`, the one rule."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steering.uploads import validate_upload

from .models import (
    CriteriaSet,
    Criterion,
    CriterionEvidence,
    CriterionScore,
    RuleKind,
    ScoreSheet,
    SheetState,
)

UNIT_EDITABLE = (SheetState.DRAFT, SheetState.RETURNED)


def check_value(*, criterion: Criterion, value: Decimal | None) -> str | None:
    """A Vietnamese message when the value does not fit the criterion's rule, else None."""
    if value is None:
        return None
    if criterion.rule == RuleKind.YES_NO and value not in (0, 1):
        return _("Tiêu chí %(code)s: chọn Có hoặc Không.") % {"code": criterion.code}
    if criterion.rule == RuleKind.PERCENT and not (0 <= value <= 100):
        return _("Tiêu chí %(code)s: tỷ lệ phải từ 0 đến 100.") % {"code": criterion.code}
    if value < 0:
        return _("Tiêu chí %(code)s: giá trị không được âm.") % {"code": criterion.code}
    return None


@transaction.atomic
def criteria_marks_save(
    *,
    user,
    criteria_set: CriteriaSet,
    unit,
    year: int,
    month: int,
    criteria: list[Criterion],
    values: dict[int, Decimal | None],
    notes: dict[int, str] | None = None,
    files: dict[int, list] | None = None,
    submit: bool,
) -> ScoreSheet:
    """Save a unit's values for the month (and their evidence files); `submit` sends the sheet
    to the standing agency. Every value and every file is checked first: nothing is written
    unless all are valid."""
    sheet, _created = ScoreSheet.objects.get_or_create(
        criteria_set=criteria_set, unit=unit, year=year, month=month
    )
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.state not in UNIT_EDITABLE:
        raise ValidationError(
            _("Phiếu đang ở trạng thái “%(state)s”, đơn vị không sửa được.")
            % {"state": sheet.get_state_display()}
        )
    notes, files = notes or {}, files or {}
    errors = [
        message
        for criterion in criteria
        if (message := check_value(criterion=criterion, value=values.get(criterion.pk)))
    ]
    by_code = {c.pk: c.code for c in criteria}
    for criterion_id, uploads in files.items():
        for upload in uploads:
            try:
                upload.content_type_sniffed = validate_upload(upload)
            except ValidationError as exc:
                errors.extend(
                    f"{_('Tiêu chí')} {by_code.get(criterion_id, '?')}: {m}" for m in exc.messages
                )
    if submit and not errors:
        missing = [c.code for c in criteria if values.get(c.pk) is None]
        if missing:
            errors.append(
                _("Đánh giá đủ các tiêu chí trước khi gửi: còn thiếu %(codes)s.")
                % {"codes": ", ".join(missing)}
            )
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    for criterion in criteria:
        score = existing.get(criterion.pk) or CriterionScore(sheet=sheet, criterion=criterion)
        score.value = values.get(criterion.pk)
        score.light = criterion.light_for(score.value)
        if criterion.pk in notes:
            score.note = (notes[criterion.pk] or "")[:500]
        score.save()
        for upload in files.get(criterion.pk, []):
            CriterionEvidence.objects.create(
                score=score,
                file=upload,
                original_name=upload.name[:255],
                size=upload.size,
                content_type=upload.content_type_sniffed,
                uploaded_by=user,
            )
    if submit:
        sheet.state = SheetState.SELF_SCORED
        sheet.self_scored_by, sheet.self_scored_at = user, timezone.now()
    sheet.save()
    return sheet


@transaction.atomic
def criteria_sheet_review(
    *, user, sheet: ScoreSheet, accept: bool, comment: str = ""
) -> ScoreSheet:
    """The standing agency accepts a submitted sheet (its colours count from then on) or returns
    it to the unit with a reason."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.state != SheetState.SELF_SCORED:
        raise ValidationError(
            _("Chỉ thẩm định được phiếu đơn vị đã gửi (phiếu đang “%(state)s”).")
            % {"state": sheet.get_state_display()}
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(_("Ghi rõ lý do trả lại để đơn vị bổ sung."))
    sheet.comment = comment
    if accept:
        sheet.state = SheetState.REVIEWED
        sheet.reviewed_by, sheet.reviewed_at = user, timezone.now()
    else:
        sheet.state = SheetState.RETURNED
    sheet.save()
    return sheet
