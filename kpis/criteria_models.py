"""Scored criteria sets: a set of criteria with maximum points, each ward scored every month.

Seed 002: "tổ chức chấm điểm thực hiện mô hình cơ quan điện tử phường hàng tháng trên hệ thống và
công khai kết quả chấm điểm". The standing agency scores each ward (or the ward scores itself
first and the standing agency reviews), ranks the wards and publishes the month's results.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steering.text import nfc


class CriteriaSet(models.Model):
    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="criteria_sets",
    )
    name = models.CharField(_("Tên bộ tiêu chí"), max_length=255)
    year = models.PositiveSmallIntegerField(_("Năm áp dụng"))
    basis = models.CharField(_("Căn cứ"), max_length=500, blank=True)
    # A list of steering.OrgKind values: which units are scored (wards by default).
    applies_to_kinds = models.JSONField(_("Loại đơn vị được chấm"), default=list, blank=True)
    self_scoring = models.BooleanField(
        _("Đơn vị tự chấm trước"),
        default=False,
        help_text=_("Đơn vị tự chấm điểm, cơ quan thường trực thẩm định lại."),
    )
    is_sample = models.BooleanField(
        _("Số liệu mẫu"), default=False, help_text=_("Bộ tiêu chí dựng lại để minh họa.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Bộ tiêu chí chấm điểm")
        verbose_name_plural = _("Bộ tiêu chí chấm điểm")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name", "year"], name="kpis_criteriaset_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name.strip())
        super().save(*args, **kwargs)

    def applies_to(self, unit) -> bool:
        return not self.applies_to_kinds or unit.kind in self.applies_to_kinds


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Bộ")
    )
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    code = models.CharField(_("Mã tiêu chí"), max_length=20)
    name = models.TextField(_("Tiêu chí"))
    max_points = models.DecimalField(_("Điểm tối đa"), max_digits=6, decimal_places=2)
    guidance = models.TextField(_("Cách chấm"), blank=True)
    is_sample = models.BooleanField(_("Số liệu mẫu"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Tiêu chí")
        verbose_name_plural = _("Tiêu chí")
        ordering = ["criteria_set", "ordinal", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="kpis_criterion_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="kpis_criterion_max_positive",
                violation_error_message=_("Điểm tối đa phải lớn hơn 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name[:60]}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name.strip())
        super().save(*args, **kwargs)


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SELF_SCORED = "self_scored", _("Đơn vị đã tự chấm")
    REVIEWED = "reviewed", _("Đã thẩm định")
    PUBLISHED = "published", _("Đã công khai")


class ScoreSheet(models.Model):
    """One unit's scores for one month of a criteria set."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("Bộ")
    )
    unit = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị"),
        on_delete=models.PROTECT,
        related_name="score_sheets",
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    month = models.PositiveSmallIntegerField(_("Tháng"))
    state = models.CharField(
        _("Trạng thái"), max_length=20, choices=SheetState.choices, default=SheetState.DRAFT
    )
    self_scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    self_scored_at = models.DateTimeField(_("Tự chấm lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("Thẩm định lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("Công khai lúc"), null=True, blank=True)
    comment = models.TextField(_("Nhận xét"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Phiếu chấm điểm")
        verbose_name_plural = _("Phiếu chấm điểm")
        ordering = ["criteria_set", "-year", "-month", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "unit", "year", "month"], name="kpis_scoresheet_unique"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="kpis_scoresheet_month_range"
            ),
            models.CheckConstraint(
                condition=~Q(state=SheetState.PUBLISHED) | Q(published_at__isnull=False),
                name="kpis_scoresheet_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.month:02d}/{self.year}"


class CriterionScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("Tiêu chí")
    )
    self_points = models.DecimalField(
        _("Điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    points = models.DecimalField(
        _("Điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("Ghi chú"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Điểm tiêu chí")
        verbose_name_plural = _("Điểm tiêu chí")
        ordering = ["sheet", "criterion__ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="kpis_score_unique"),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="kpis_score_points_nonnegative",
                violation_error_message=_("Điểm không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | Q(self_points__gte=0),
                name="kpis_score_self_points_nonnegative",
                violation_error_message=_("Điểm không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} — {self.criterion.code}: {self.points}"
