"""The committee's IT project register: lifecycle status as configurable data, health as a separate
judgement, and every status change citing the decision (conclusion, directive…) that made it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steering.text import fold, nfc


class ProjectStatus(models.Model):
    """A lifecycle step (Đề xuất, Chờ phê duyệt, …): data, so administrators may add steps."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_terminal = models.BooleanField(_("kết thúc"), default=False)
    colour_class = models.CharField(
        _("lớp màu"),
        max_length=60,
        blank=True,
        help_text=_("Lớp CSS của nhãn, ví dụ pstatus-pilot"),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("trạng thái dự án")
        verbose_name_plural = _("trạng thái dự án")

    def __str__(self) -> str:
        return self.name


class ProjectGroup(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("nhóm dự án")
        verbose_name_plural = _("nhóm dự án")

    def __str__(self) -> str:
        return self.name


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ chậm")
    OFF_TRACK = "off_track", _("Chậm tiến độ")


class FundingSource(models.TextChoices):
    DISTRICT = "district_budget", _("Ngân sách quận")
    CITY = "city_budget", _("Ngân sách thành phố")
    SOCIALISED = "socialised", _("Xã hội hóa")
    OTHER = "other", _("Khác")


class ITProjectQuerySet(models.QuerySet):
    def search(self, text: str):
        key = fold(text)
        return self.filter(search_key__contains=key) if key else self

    def in_committees(self, committee_ids):
        return self.filter(committee_id__in=committee_ids)


class ITProject(models.Model):
    code = models.CharField(_("mã dự án"), max_length=40, unique=True)
    name = models.CharField(_("tên dự án"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True)
    owner_unit = models.ForeignKey(
        "steering.OrgUnit",
        on_delete=models.PROTECT,
        related_name="owned_projects",
        verbose_name=_("đơn vị chủ trì"),
    )
    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("ban chỉ đạo theo dõi"),
    )
    group = models.ForeignKey(
        ProjectGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("nhóm dự án"),
    )
    status = models.ForeignKey(
        ProjectStatus,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("trạng thái"),
    )
    health = models.CharField(
        _("tiến độ"), max_length=20, choices=Health.choices, default=Health.ON_TRACK
    )
    total_investment = models.DecimalField(
        _("tổng mức đầu tư (đồng)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(
        _("nguồn vốn"), max_length=20, choices=FundingSource.choices, blank=True
    )
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    pilot_units = models.ManyToManyField(
        "steering.OrgUnit",
        blank=True,
        related_name="piloted_projects",
        verbose_name=_("đơn vị thí điểm"),
    )
    pilot_evaluation = models.TextField(_("đánh giá thí điểm"), blank=True)
    pilot_evaluated_on = models.DateField(_("ngày đánh giá thí điểm"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    search_key = models.CharField(max_length=1000, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_key", "updated_at"])

    objects = ITProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("dự án CNTT")
        verbose_name_plural = _("dự án CNTT")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__isnull=True) | Q(total_investment__gte=0),
                name="project_investment_not_negative",
                violation_error_message=_("Tổng mức đầu tư không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(health__in=Health.values), name="project_health_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.description = nfc(self.description)
        self.search_key = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("project_detail", args=[self.pk])


class ProjectStatusChange(models.Model):
    """One step of the lifecycle, and the decision that ordered it."""

    project = models.ForeignKey(
        ITProject, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("dự án")
    )
    from_status = models.ForeignKey(
        ProjectStatus,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("từ trạng thái"),
    )
    to_status = models.ForeignKey(
        ProjectStatus, on_delete=models.PROTECT, related_name="+", verbose_name=_("sang trạng thái")
    )
    changed_on = models.DateField(_("ngày"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    reason = models.TextField(_("lý do"), blank=True)
    decision_text = models.CharField(_("căn cứ quyết định"), max_length=500)
    # The meetings app links its conclusions and directives here; projects never imports meetings.
    decision_content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    decision = GenericForeignKey("decision_content_type", "decision_object_id")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = _("thay đổi trạng thái dự án")
        verbose_name_plural = _("thay đổi trạng thái dự án")
        indexes = [models.Index(fields=["decision_content_type", "decision_object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision_text=""),
                name="status_change_cites_decision",
                violation_error_message=_("Phải ghi căn cứ quyết định."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.to_status} ({self.changed_on:%d/%m/%Y})"
