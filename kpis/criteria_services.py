"""Writes for scored criteria sets: self-scoring, the standing agency's scoring, publication."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .maths import vn_decimal
from .models import CriteriaSet, Criterion, CriterionScore, ScoreSheet, SheetState


class ScoreMode:
    SELF = "self"
    REVIEW = "review"


def check_points(*, criterion: Criterion, points: Decimal | None) -> str | None:
    """A Vietnamese message when the points are outside 0..maximum, else None."""
    if points is None:
        return None
    if points < 0 or points > criterion.max_points:
        return _("Tiêu chí %(code)s: điểm phải từ 0 đến %(max)s.") % {
            "code": criterion.code,
            "max": vn_decimal(criterion.max_points),
        }
    return None


def score_sheet_get_or_create(
    *, criteria_set: CriteriaSet, unit, year: int, month: int
) -> ScoreSheet:
    sheet, _created = ScoreSheet.objects.get_or_create(
        criteria_set=criteria_set, unit=unit, year=year, month=month
    )
    return sheet


@transaction.atomic
def score_sheet_save(
    *,
    user,
    sheet: ScoreSheet,
    criteria: list[Criterion],
    points: dict[int, Decimal | None],
    notes: dict[int, str] | None = None,
    comment: str = "",
    mode: str,
    finish: bool,
) -> ScoreSheet:
    """Save a unit's scores for the month: the unit's own scores (mode "self") or the standing
    agency's (mode "review"); `finish` marks the sheet self-scored or reviewed. Every criterion
    is checked against 0..maximum; nothing is written unless all are valid."""
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.state == SheetState.PUBLISHED:
        raise ValidationError(_("Kết quả tháng này đã công khai, không sửa điểm được nữa."))
    if mode == ScoreMode.SELF and sheet.state == SheetState.REVIEWED:
        raise ValidationError(_("Phiếu đã được thẩm định, đơn vị không tự chấm lại được."))
    notes = notes or {}
    errors = [
        message
        for criterion in criteria
        if (message := check_points(criterion=criterion, points=points.get(criterion.pk)))
    ]
    if finish and not errors:
        missing = [c.code for c in criteria if points.get(c.pk) is None]
        if missing:
            errors.append(
                _("Chấm đủ các tiêu chí trước khi hoàn thành: còn thiếu %(codes)s.")
                % {"codes": ", ".join(missing)}
            )
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in sheet.scores.all()}
    for criterion in criteria:
        score = existing.get(criterion.pk) or CriterionScore(sheet=sheet, criterion=criterion)
        value = points.get(criterion.pk)
        if mode == ScoreMode.SELF:
            score.self_points = value
        else:
            score.points = value
        if criterion.pk in notes:
            score.note = notes[criterion.pk][:500]
        score.save()
    now = timezone.now()
    if comment or mode == ScoreMode.REVIEW:
        sheet.comment = comment
    if finish and mode == ScoreMode.SELF:
        sheet.state = SheetState.SELF_SCORED
        sheet.self_scored_by, sheet.self_scored_at = user, now
    elif finish:
        sheet.state = SheetState.REVIEWED
        sheet.reviewed_by, sheet.reviewed_at = user, now
    sheet.save()
    return sheet


@transaction.atomic
def criteria_month_publish(*, user, criteria_set: CriteriaSet, year: int, month: int, units) -> int:
    """Publish the month's results: every scored unit's sheet must be reviewed first."""
    sheets = {
        s.unit_id: s
        for s in ScoreSheet.objects.select_for_update().filter(
            criteria_set=criteria_set, year=year, month=month
        )
    }
    if sheets and all(s.state == SheetState.PUBLISHED for s in sheets.values()):
        raise ValidationError(_("Kết quả tháng này đã được công khai."))
    pending = [
        u.name
        for u in units
        if u.pk not in sheets or sheets[u.pk].state not in (SheetState.REVIEWED,)
    ]
    if pending:
        raise ValidationError(
            _("Chưa công khai được: còn %(n)s đơn vị chưa được thẩm định điểm (%(names)s).")
            % {"n": len(pending), "names": ", ".join(pending)}
        )
    now = timezone.now()
    for unit in units:
        sheet = sheets[unit.pk]
        sheet.state = SheetState.PUBLISHED
        sheet.published_by, sheet.published_at = user, now
        sheet.save()
    return len(units)
