"""Reminders, in-app notifications and calendar feeds: the steering app's models for issue 6
(split from models.py, which imports them, so they stay models of the `steering` app)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, TimeStampedModel


class ReminderPolicy(models.Model):
    """The reminder ladder (one row, edited in the admin; defaults when there is none)."""

    days_before = models.CharField(
        _("Nhắc trước hạn (ngày)"),
        max_length=50,
        default="7,3,1",
        help_text=_("Các số ngày trước hạn, cách nhau bởi dấu phẩy, ví dụ 7,3,1."),
    )
    remind_on_due_day = models.BooleanField(_("Nhắc vào ngày đến hạn"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("Nhắc lại khi quá hạn, mỗi (ngày)"), default=7
    )
    escalate_to_head_after = models.PositiveSmallIntegerField(
        _("Báo lãnh đạo đơn vị sau số lần nhắc quá hạn"), default=2
    )
    escalate_to_chair_after = models.PositiveSmallIntegerField(
        _("Báo lãnh đạo Ban sau số lần nhắc quá hạn"), default=4
    )
    kpi_days_before = models.CharField(
        _("Nhắc báo cáo chỉ tiêu trước hạn (ngày)"), max_length=50, default="3,1"
    )
    max_attempts = models.PositiveSmallIntegerField(_("Số lần gửi lại tối đa"), default=5)

    class Meta:
        verbose_name = _("Cấu hình nhắc việc")
        verbose_name_plural = _("Cấu hình nhắc việc")
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_every_days__gte=1), name="reminderpolicy_overdue_every_positive"
            ),
            models.CheckConstraint(
                condition=Q(escalate_to_chair_after__gte=F("escalate_to_head_after")),
                name="reminderpolicy_chair_after_head",
                violation_error_message=_("Báo lãnh đạo Ban phải sau khi báo lãnh đạo đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @staticmethod
    def _days(text: str) -> tuple[int, ...]:
        days = {int(part) for part in text.replace(";", ",").split(",") if part.strip().isdigit()}
        return tuple(sorted((d for d in days if d > 0), reverse=True))

    @property
    def days_before_list(self) -> tuple[int, ...]:
        return self._days(self.days_before)

    @property
    def kpi_days_before_list(self) -> tuple[int, ...]:
        return self._days(self.kpi_days_before)

    @classmethod
    def current(cls) -> "ReminderPolicy":
        return cls.objects.order_by("pk").first() or cls()


class OrgUnitLeader(TimeStampedModel):
    """A unit's leader who receives escalated reminders when the unit's work is overdue."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("Đơn vị"), on_delete=models.CASCADE, related_name="leaders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        on_delete=models.CASCADE,
        related_name="led_units",
    )
    title = models.CharField(_("Chức vụ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Lãnh đạo đơn vị (nhận nhắc việc quá hạn)")
        verbose_name_plural = _("Lãnh đạo đơn vị (nhận nhắc việc quá hạn)")
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "user"], name="orgunitleader_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.org_unit}"


class DispatchState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ gửi lại")


class RecipientReason(models.TextChoices):
    LEAD_OFFICER = "lead_officer", _("Cán bộ đầu mối của đơn vị chủ trì")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị (nhiệm vụ quá hạn)")
    CHAIR = "chair", _("Lãnh đạo Ban chỉ đạo (nhiệm vụ quá hạn kéo dài)")
    REPORTING_OFFICER = "reporting_officer", _("Cán bộ đầu mối báo cáo chỉ tiêu")
    MEMBER = "member", _("Thành viên Ban chỉ đạo")


class ReminderDispatchQuerySet(models.QuerySet):
    def lock_in_order(self) -> list[int]:
        """Lock these rows in primary-key order (inside a transaction) and return their keys.
        Two UPDATEs over overlapping rows lock them in whatever order their plans scan; two
        sweeps doing that at once deadlocked (seen in CI). Every multi-row write to dispatches
        locks this way first, so concurrent sweeps may wait for each other, never in a cycle."""
        locked = self.select_for_update(of=("self",)).order_by("pk")
        return list(locked.values_list("pk", flat=True))


class ReminderDispatch(models.Model):
    """One reminder to one person for one step of one item. The unique key makes it exactly once:
    sweeps insert with ON CONFLICT and claim rows with a compare-and-set UPDATE."""

    key = models.CharField(max_length=200, unique=True)
    item_key = models.CharField(max_length=100)
    # Indexed by the (recipient, state, seen_on) index below: few indexes keep a sweep's
    # inserts cheap.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người nhận"),
        on_delete=models.CASCADE,
        related_name="reminder_dispatches",
        db_index=False,
    )
    reason = models.CharField(_("Lý do nhận"), max_length=20, choices=RecipientReason.choices)
    step = models.CharField(_("Bậc nhắc"), max_length=30)
    due_date = models.DateField(_("Hạn"), null=True, blank=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        _("Trạng thái"), max_length=10, choices=DispatchState.choices, default=DispatchState.PENDING
    )
    seen_on = models.DateField(_("Còn hiệu lực ngày"))
    attempts = models.PositiveSmallIntegerField(_("Số lần gửi"), default=0)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("Gửi lúc"), null=True, blank=True)
    last_error = models.CharField(_("Lỗi lần gửi cuối"), max_length=500, blank=True)
    notification = models.ForeignKey(
        "Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="dispatches"
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)

    objects = ReminderDispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lượt nhắc việc")
        verbose_name_plural = _("Lượt nhắc việc")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["recipient", "state", "seen_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="reminderdispatch_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.key


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Nhắc việc")
    INVITATION = "invitation", _("Giấy mời họp")
    OTHER = "other", _("Thông báo")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        _("Loại"), max_length=20, choices=NotificationKind.choices, default=NotificationKind.OTHER
    )
    title = models.CharField(_("Tiêu đề"), max_length=255)
    body = models.TextField(_("Nội dung"), blank=True)
    url = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    items = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class FeedToken(models.Model):
    """A private calendar address (token in the URL, no login): a person's or a unit's feed."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        on_delete=models.CASCADE,
        related_name="feed_tokens",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Lịch của đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feed_tokens",
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Đường dẫn lịch riêng")
        verbose_name_plural = _("Đường dẫn lịch riêng")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.org_unit or _('cá nhân')}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
