"""Plans, indicators and the units' periodic indicator reports (domain-vn §3)."""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steering.models import OrgKind
from steering.text import nfc
from steering.tracking import (
    TaskEvent,
    TaskExtension,
    TrackedTask,
    TrackedTaskQuerySet,
    inherited_by,
    led_or_supported_by,
)

from .periods import CutOff, PeriodKind, period_bounds, period_label


class Plan(models.Model):
    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    number = models.CharField(_("Số, ký hiệu"), max_length=50, help_text="251/KH-UBND")
    date = models.DateField(_("Ngày ban hành"))
    issuer = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="kpi_plans",
    )
    title = models.TextField(_("Trích yếu"))
    year = models.PositiveSmallIntegerField(_("Năm"))
    verdict_coverage = models.PositiveSmallIntegerField(
        _("Tỷ lệ đơn vị đã được duyệt để đánh giá (%)"),
        default=100,
        help_text=_(
            "Số liệu toàn địa bàn chỉ được đánh giá Đạt / Vượt / Không đạt khi số đơn vị có số "
            "liệu đã được duyệt đạt tỷ lệ này trên các đơn vị phải báo cáo (mặc định: tất cả)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kế hoạch")
        verbose_name_plural = _("Kế hoạch")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number", "date"], name="kpis_plan_unique"),
            models.CheckConstraint(
                condition=Q(verdict_coverage__gte=1, verdict_coverage__lte=100),
                name="kpis_plan_verdict_coverage_percent",
                violation_error_message=_("Tỷ lệ đơn vị để đánh giá phải từ 1 đến 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"Kế hoạch {self.number}"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title.strip())
        super().save(*args, **kwargs)


class TaskGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="task_groups")
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"))
    name = models.CharField(_("Nhóm nhiệm vụ"), max_length=255)

    class Meta:
        verbose_name = _("Nhóm nhiệm vụ")
        verbose_name_plural = _("Nhóm nhiệm vụ")
        ordering = ["plan", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ordinal"], name="kpis_taskgroup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.name}"


class SolutionGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="solution_groups")
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"))
    name = models.CharField(_("Nhóm giải pháp"), max_length=255)

    class Meta:
        verbose_name = _("Nhóm giải pháp")
        verbose_name_plural = _("Nhóm giải pháp")
        ordering = ["plan", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ordinal"], name="kpis_solutiongroup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.name}"


class PlanTaskQuerySet(TrackedTaskQuerySet):
    def visible_to(self, user):
        from steering.permissions import held_condition, user_ward_committees

        from .permissions import plan_scope

        readers, officer_of, unit = plan_scope(user)
        if readers is None:
            return self
        condition = Q(plan__committee_id__in=readers)
        if unit is not None and officer_of:
            condition |= Q(plan__committee_id__in=officer_of) & led_or_supported_by(
                self.model, unit
            )
        if unit is not None and (readers or officer_of):
            # History through the reform: the old wards' open plan tasks fall to their successor.
            condition |= inherited_by(self.model, unit)
        wards = user_ward_committees(user)
        reader_wards = sorted({wards[c] for c in readers if c in wards})
        if reader_wards:
            # The successor ward's committee decides them once the plan's committee has ended.
            condition |= held_condition(
                areas=reader_wards, on=timezone.localdate(), committee_path="plan__committee"
            )
        return self.filter(condition)


class PlanTask(TrackedTask):
    """A "nhiệm vụ chi tiết": same states and derived timeliness as a meeting directive."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("Kế hoạch"), on_delete=models.CASCADE, related_name="tasks"
    )
    group = models.ForeignKey(
        TaskGroup,
        verbose_name=_("Nhóm nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    solution_group = models.ForeignKey(
        SolutionGroup,
        verbose_name=_("Nhóm giải pháp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    history = HistoricalRecords()

    objects = PlanTaskQuerySet.as_manager()

    class Meta(TrackedTask.Meta):
        verbose_name = _("Nhiệm vụ chi tiết")
        verbose_name_plural = _("Nhiệm vụ chi tiết")
        ordering = ["plan", "ordinal", "pk"]

    def __str__(self) -> str:
        return self.content[:80]

    def save(self, *args, **kwargs):
        self.content = nfc(self.content)
        super().save(*args, **kwargs)


class IndicatorKind(models.TextChoices):
    RATIO = "ratio", _("Tỷ lệ (tử số / mẫu số)")
    COUNT = "count", _("Số lượng")
    BOOLEAN = "boolean", _("Có / không")
    SCORE = "score", _("Điểm")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Càng cao càng tốt")
    LOWER_BETTER = "lower_better", _("Càng thấp càng tốt")


class Indicator(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("Kế hoạch"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("Mã chỉ tiêu"), max_length=30)
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    group_name = models.CharField(_("Nhóm"), max_length=100, blank=True)
    name = models.TextField(_("Tên chỉ tiêu"))
    unit_of_measure = models.CharField(_("Đơn vị tính"), max_length=30, default="%")
    kind = models.CharField(
        _("Loại"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.RATIO
    )
    direction = models.CharField(
        _("Chiều đánh giá"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.HIGHER_BETTER,
    )
    # A list of steering.OrgKind values; JSON keeps it one column on SQLite and PostgreSQL alike.
    applies_to_kinds = models.JSONField(_("Loại đơn vị báo cáo"), default=list, blank=True)
    frequency = models.CharField(
        _("Kỳ báo cáo"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    max_value = models.DecimalField(
        _("Giá trị tối đa"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    evidence_hint = models.CharField(_("Nguồn số liệu, minh chứng"), max_length=255, blank=True)
    is_sample = models.BooleanField(
        _("Số liệu mẫu"), default=False, help_text=_("Chỉ tiêu dựng lại để minh họa.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Chỉ tiêu")
        verbose_name_plural = _("Chỉ tiêu")
        ordering = ["plan", "ordinal", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="kpis_indicator_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name[:60]}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name.strip())
        super().save(*args, **kwargs)

    def applies_to(self, unit) -> bool:
        return not self.applies_to_kinds or unit.kind in self.applies_to_kinds


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("Chỉ tiêu"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    org_kind = models.CharField(
        _("Loại đơn vị"), max_length=30, choices=OrgKind.choices, blank=True
    )
    org_unit = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kpi_targets",
    )
    value = models.DecimalField(_("Mục tiêu"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mục tiêu")
        verbose_name_plural = _("Mục tiêu")
        constraints = [
            models.CheckConstraint(
                condition=(Q(org_kind="") & Q(org_unit__isnull=False))
                | (~Q(org_kind="") & Q(org_unit__isnull=True)),
                name="kpis_target_kind_xor_unit",
                violation_error_message=_("Mục tiêu đặt cho một loại đơn vị hoặc một đơn vị."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "org_kind"],
                condition=Q(org_unit__isnull=True),
                name="kpis_target_kind_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "org_unit"],
                condition=Q(org_unit__isnull=False),
                name="kpis_target_unit_unique",
            ),
        ]

    def __str__(self) -> str:
        who = self.org_unit or self.get_org_kind_display()
        return f"{self.indicator.code} {self.year} {who}: {self.value}"


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("Kế hoạch"), on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("Loại kỳ"), max_length=20, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("Năm"))
    number = models.PositiveSmallIntegerField(_("Số kỳ"), default=1)
    cutoff = models.CharField(
        _("Cách chốt số liệu"), max_length=20, choices=CutOff.choices, default=CutOff.CALENDAR
    )
    start = models.DateField(_("Từ ngày"), editable=False)
    end = models.DateField(_("Đến ngày"), editable=False)
    submission_deadline = models.DateField(_("Hạn gửi báo cáo"))
    lock_date = models.DateField(
        _("Ngày khóa số liệu"), help_text=_("Sau ngày này đơn vị không sửa được nữa.")
    )

    class Meta:
        verbose_name = _("Kỳ báo cáo")
        verbose_name_plural = _("Kỳ báo cáo")
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "year", "number"], name="kpis_period_unique"
            ),
            models.CheckConstraint(
                condition=Q(lock_date__gte=F("submission_deadline")),
                name="kpis_period_lock_after_deadline",
                violation_error_message=_("Ngày khóa phải sau hạn gửi báo cáo."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.start, self.end = period_bounds(
            kind=self.kind, year=self.year, number=self.number, cutoff=self.cutoff
        )
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return period_label(kind=self.kind, year=self.year, number=self.number)

    def is_locked(self, today: datetime.date) -> bool:
        return today > self.lock_date

    @property
    def opens_on(self) -> datetime.date:
        """Entry opens on the period's last day, its cut-off day (domain-vn §3.3): the figures
        run to that day, and a ward closing them then can still send them by the deadline."""
        return self.end

    def is_open_yet(self, today: datetime.date) -> bool:
        return today >= self.opens_on


class PeriodException(models.Model):
    """The standing agency reopens a locked period for one unit until a date."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="exceptions")
    unit = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị"),
        on_delete=models.CASCADE,
        related_name="kpi_period_exceptions",
    )
    open_until = models.DateField(_("Mở đến ngày"))
    reason = models.TextField(_("Lý do"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mở lại kỳ báo cáo")
        verbose_name_plural = _("Mở lại kỳ báo cáo")

    def __str__(self) -> str:
        return f"{self.period} — {self.unit}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class IndicatorReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import plan_scope

        readers, officer_of, unit = plan_scope(user)
        if readers is None:
            return self
        condition = Q(period__plan__committee_id__in=readers)
        if unit is not None and officer_of:
            condition |= Q(period__plan__committee_id__in=officer_of, unit=unit)
        return self.filter(condition)


class IndicatorReport(models.Model):
    unit = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị"),
        on_delete=models.PROTECT,
        related_name="kpi_reports",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("Chỉ tiêu"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("Kỳ báo cáo"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    numerator = models.DecimalField(
        _("Tử số"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("Mẫu số"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(
        _("Giá trị"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    comment = models.TextField(_("Giải trình, khó khăn, đề xuất"), blank=True)
    state = models.CharField(
        _("Trạng thái"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("Gửi lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("Xem xét lúc"), null=True, blank=True)
    return_reason = models.TextField(_("Lý do trả lại"), blank=True)
    history = HistoricalRecords()

    objects = IndicatorReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Báo cáo chỉ tiêu")
        verbose_name_plural = _("Báo cáo chỉ tiêu")
        ordering = ["period", "unit", "indicator__ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period"], name="kpis_report_unique"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="kpis_report_denominator_positive",
                violation_error_message=_("Mẫu số phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="kpis_report_numerator_le_denominator",
                violation_error_message=_("Tử số không được lớn hơn mẫu số."),
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="kpis_report_numerator_nonnegative",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.RETURNED) | ~Q(return_reason=""),
                name="kpis_report_returned_has_reason",
                violation_error_message=_("Trả lại phải ghi rõ lý do."),
            ),
        ]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.indicator.code} — {self.period}"

    @property
    def editable_by_unit(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)


def _evidence_path(instance, filename: str) -> str:
    # Generated names under MEDIA_ROOT (never static); the original name stays in the database.
    return f"kpis/evidence/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class ReportEvidence(models.Model):
    report = models.ForeignKey(IndicatorReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("Dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Minh chứng")
        verbose_name_plural = _("Minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PlanTaskEvent(TaskEvent):
    """One step of a plan task's life, shown on its page: who, when, what, from → to."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Báo cáo tiến độ")
        COMPLETION = "completion", _("Báo cáo hoàn thành")
        CONFIRMED = "confirmed", _("Xác nhận hoàn thành")
        RETURNED = "returned", _("Trả lại")
        EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
        EXTENSION_APPROVED = "extension_approved", _("Đồng ý gia hạn")
        EXTENSION_REFUSED = "extension_refused", _("Không đồng ý gia hạn")

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("Sự kiện"), max_length=20, choices=Kind.choices)

    class Meta(TaskEvent.Meta):
        verbose_name = _("Diễn biến nhiệm vụ kế hoạch")
        verbose_name_plural = _("Diễn biến nhiệm vụ kế hoạch")


class PlanTaskEvidence(models.Model):
    event = models.ForeignKey(PlanTaskEvent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("Dung lượng"))
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("Minh chứng nhiệm vụ kế hoạch")
        verbose_name_plural = _("Minh chứng nhiệm vụ kế hoạch")

    def __str__(self) -> str:
        return self.original_name


class PlanTaskExtension(TaskExtension):
    """A plan task's deadline extension: the same request and decision as a directive's."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="extensions")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Gia hạn nhiệm vụ kế hoạch")
        verbose_name_plural = _("Gia hạn nhiệm vụ kế hoạch")
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="requested"),
                name="kpis_plantaskextension_one_pending",
                violation_error_message=_("Đã có một đề nghị gia hạn đang chờ quyết định."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.requested_due_date}"


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", _("Không nhập được")


class ImportJob(models.Model):
    """A large confirmed import run by a Celery worker; the page polls its progress."""

    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="import_jobs"
    )
    unit = models.ForeignKey(
        "steering.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kpi_import_jobs",
    )
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    state = models.CharField(
        max_length=20, choices=ImportJobState.choices, default=ImportJobState.QUEUED
    )
    errors = models.JSONField(default=list, blank=True)
    written = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Lượt nhập Excel")
        verbose_name_plural = _("Lượt nhập Excel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan or self.period} — {self.get_state_display()}"

    @property
    def percent(self) -> int:
        if self.state == ImportJobState.DONE:
            return 100
        return int(self.done_rows * 100 / self.total_rows) if self.total_rows else 0


from .criteria_models import (  # noqa: E402, F401  (models split across modules, one app)
    CriteriaMethod,
    CriteriaSet,
    Criterion,
    CriterionEvidence,
    CriterionGroup,
    CriterionScore,
    Light,
    RuleKind,
    ScoreSheet,
    SheetState,
)
