"""Criteria sets: scored (points per criterion) or traffic lights (Xanh / Vàng / Đỏ per rule).

Seed 002: "tổ chức chấm điểm thực hiện mô hình cơ quan điện tử phường hàng tháng trên hệ thống và
công khai kết quả chấm điểm". The standing agency scores each ward (or the ward scores itself
first and the standing agency reviews), ranks the wards and publishes the month's results.
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steering.text import nfc


class CriteriaMethod(models.TextChoices):
    POINTS = "points", _("Chấm điểm")
    LIGHTS = "lights", _("Đèn trạng thái Xanh / Vàng / Đỏ")


class RuleKind(models.TextChoices):
    """How a criterion's value becomes its colour (traffic-light sets) or its points."""

    POINTS = "points", _("Chấm điểm")
    AT_LEAST = "at_least", _("Số liệu, càng cao càng tốt")
    AT_MOST = "at_most", _("Số liệu, càng thấp càng tốt")
    PERCENT = "percent", _("Tỷ lệ %")
    YES_NO = "yes_no", _("Có / Không")


class Light(models.TextChoices):
    GREEN = "green", _("Xanh")
    YELLOW = "yellow", _("Vàng")
    RED = "red", _("Đỏ")


LIGHT_RULES = (RuleKind.AT_LEAST, RuleKind.AT_MOST, RuleKind.PERCENT, RuleKind.YES_NO)


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
    method = models.CharField(
        _("Cách đánh giá"),
        max_length=10,
        choices=CriteriaMethod.choices,
        default=CriteriaMethod.POINTS,
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

    @property
    def uses_lights(self) -> bool:
        return self.method == CriteriaMethod.LIGHTS


class CriterionGroup(models.Model):
    """A heading of a criteria set ("I. Hạ tầng số"), as in the published tables."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="groups", verbose_name=_("Bộ")
    )
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    code = models.CharField(_("Mã nhóm"), max_length=20)
    name = models.CharField(_("Nhóm tiêu chí"), max_length=500)

    class Meta:
        verbose_name = _("Nhóm tiêu chí")
        verbose_name_plural = _("Nhóm tiêu chí")
        ordering = ["criteria_set", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="kpis_criteriongroup_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


_THRESHOLDS_SET = Q(green_threshold__isnull=False, yellow_threshold__isnull=False)


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Bộ")
    )
    group = models.ForeignKey(
        CriterionGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="criteria",
        verbose_name=_("Nhóm"),
    )
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    code = models.CharField(_("Mã tiêu chí"), max_length=20)
    name = models.TextField(_("Tiêu chí"))
    rule = models.CharField(
        _("Quy tắc đánh giá"), max_length=10, choices=RuleKind.choices, default=RuleKind.POINTS
    )
    max_points = models.DecimalField(
        _("Điểm tối đa"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    green_threshold = models.DecimalField(
        _("Ngưỡng Xanh"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    yellow_threshold = models.DecimalField(
        _("Ngưỡng Vàng"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure = models.CharField(_("Đơn vị tính"), max_length=50, blank=True)
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
                condition=Q(max_points__isnull=True) | Q(max_points__gt=0),
                name="kpis_criterion_max_positive",
                violation_error_message=_("Điểm tối đa phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=~Q(rule=RuleKind.POINTS) | Q(max_points__isnull=False),
                name="kpis_criterion_points_have_max",
                violation_error_message=_("Tiêu chí chấm điểm cần điểm tối đa."),
            ),
            # Higher is better: Xanh from the green threshold, Vàng from the (lower) yellow one.
            models.CheckConstraint(
                condition=~Q(rule__in=[RuleKind.AT_LEAST, RuleKind.PERCENT])
                | (_THRESHOLDS_SET & Q(green_threshold__gte=F("yellow_threshold"))),
                name="kpis_criterion_at_least_thresholds",
                violation_error_message=_("Ngưỡng Xanh phải lớn hơn hoặc bằng ngưỡng Vàng."),
            ),
            models.CheckConstraint(
                condition=~Q(rule=RuleKind.AT_MOST)
                | (_THRESHOLDS_SET & Q(green_threshold__lte=F("yellow_threshold"))),
                name="kpis_criterion_at_most_thresholds",
                violation_error_message=_("Ngưỡng Xanh phải nhỏ hơn hoặc bằng ngưỡng Vàng."),
            ),
            models.CheckConstraint(
                condition=~Q(rule=RuleKind.PERCENT)
                | Q(yellow_threshold__gte=0, green_threshold__lte=100),
                name="kpis_criterion_percent_range",
                violation_error_message=_("Ngưỡng tỷ lệ phải từ 0 đến 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name[:60]}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name.strip())
        super().save(*args, **kwargs)

    def light_for(self, value: Decimal | None) -> str:
        """The colour of `value` under this criterion's rule ("" when there is no value): the one
        place a colour is decided. Xanh only when the rule holds; Đỏ for a "Không"."""
        if value is None or self.rule not in LIGHT_RULES:
            return ""
        if self.rule == RuleKind.YES_NO:
            return Light.GREEN if value == 1 else Light.RED
        if self.rule == RuleKind.AT_MOST:
            if value <= self.green_threshold:
                return Light.GREEN
            return Light.YELLOW if value <= self.yellow_threshold else Light.RED
        if value >= self.green_threshold:
            return Light.GREEN
        return Light.YELLOW if value >= self.yellow_threshold else Light.RED

    @property
    def rule_text(self) -> str:
        """The rule in words, shown next to the criterion."""
        from django.utils.translation import gettext as _t

        from .maths import vn_decimal

        measure = f" {self.measure}" if self.measure and self.rule != RuleKind.PERCENT else ""
        if self.rule == RuleKind.PERCENT:
            measure = "%"
        if self.rule == RuleKind.YES_NO:
            return _t("Xanh: Có; Đỏ: Không")
        if self.rule == RuleKind.AT_LEAST:
            return _t("Xanh: từ %(g)s; Vàng: từ %(y)s; Đỏ: dưới %(y)s") % {
                "g": vn_decimal(self.green_threshold) + measure,
                "y": vn_decimal(self.yellow_threshold) + measure,
            }
        if self.rule == RuleKind.PERCENT:
            return _t("Xanh: từ %(g)s; Vàng: từ %(y)s; Đỏ: dưới %(y)s") % {
                "g": vn_decimal(self.green_threshold) + measure,
                "y": vn_decimal(self.yellow_threshold) + measure,
            }
        if self.rule == RuleKind.AT_MOST:
            return _t("Xanh: đến %(g)s; Vàng: đến %(y)s; Đỏ: trên %(y)s") % {
                "g": vn_decimal(self.green_threshold) + measure,
                "y": vn_decimal(self.yellow_threshold) + measure,
            }
        return ""


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SELF_SCORED = "self_scored", _("Đơn vị đã tự chấm")
    REVIEWED = "reviewed", _("Đã thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
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
    # Traffic-light sets: the unit's value (1/0 for Có/Không) and the colour the rule gives it,
    # written only by the service from Criterion.light_for, never typed.
    value = models.DecimalField(
        _("Giá trị"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    light = models.CharField(_("Trạng thái"), max_length=10, choices=Light.choices, blank=True)
    note = models.CharField(_("Ghi chú"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Điểm tiêu chí")
        verbose_name_plural = _("Điểm tiêu chí")
        ordering = ["sheet", "criterion__ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="kpis_score_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True, light="") | Q(value__isnull=False, light__gt=""),
                name="kpis_score_light_iff_value",
            ),
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


def _criterion_evidence_path(instance, filename: str) -> str:
    return f"kpis/evidence/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class CriterionEvidence(models.Model):
    """A file a unit attaches to its mark of one criterion (checked by content and size)."""

    score = models.ForeignKey(CriterionScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_criterion_evidence_path)
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("Dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Minh chứng tiêu chí")
        verbose_name_plural = _("Minh chứng tiêu chí")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
