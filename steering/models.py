"""The committee core every other app refers to: org units, committees, members, users' roles."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .text import fold, nfc


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class DatedQuerySet(models.QuerySet):
    """Rows with a `valid_from`/`valid_to` (or `start_date`/`end_date`) validity interval."""

    start_field = "valid_from"
    end_field = "valid_to"

    def active_on(self, day: datetime.date):
        return self.filter(
            Q(**{f"{self.start_field}__isnull": True}) | Q(**{f"{self.start_field}__lte": day}),
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gte": day}),
        )


class OrgKind(models.TextChoices):
    # Never hard-code "district" as a level: a deployment may be rooted at a city, a former
    # district (historical data) or a new ward (after 1/7/2025).
    CITY = "city", _("Thành phố trực thuộc trung ương")
    PROVINCE = "province", _("Tỉnh")
    URBAN_DISTRICT = "urban_district", _("Quận")
    RURAL_DISTRICT = "rural_district", _("Huyện")
    TOWN = "town", _("Thị xã")
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
    PARTY_STANDING_BOARD = "party_standing_board", _("Ban Thường vụ cấp ủy")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DIVISION = "division", _("Phòng chuyên môn")
    OFFICE = "office", _("Văn phòng")
    POLICE = "police", _("Công an")
    SCHOOL = "school", _("Trường học")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp")
    SUPPORT_TEAM = "support_team", _("Tổ giúp việc")
    OTHER = "other", _("Khác")


# Kinds that are administrative areas (they have wards/communes below them and report KPIs).
AREA_KINDS = frozenset(
    {
        OrgKind.CITY,
        OrgKind.PROVINCE,
        OrgKind.URBAN_DISTRICT,
        OrgKind.RURAL_DISTRICT,
        OrgKind.TOWN,
        OrgKind.WARD,
        OrgKind.COMMUNE,
    }
)


class OrgUnitQuerySet(DatedQuerySet):
    def of_kind(self, *kinds: str):
        return self.filter(kind__in=kinds)

    def search(self, text: str):
        key = fold(text)
        return self.filter(search_key__contains=key) if key else self


class OrgUnit(TimeStampedModel):
    code = models.CharField(_("Mã"), max_length=40, unique=True)
    national_code = models.CharField(
        _("Mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã theo danh mục đơn vị hành chính Việt Nam, nếu có."),
    )
    kind = models.CharField(_("Loại"), max_length=30, choices=OrgKind.choices)
    name = models.CharField(_("Tên"), max_length=255)
    short_name = models.CharField(_("Tên viết tắt"), max_length=100, blank=True)
    abbreviation = models.CharField(
        _("Ký hiệu"),
        max_length=20,
        blank=True,
        help_text=_("Dùng trong ký hiệu văn bản và dòng “Lưu: VT, …”, ví dụ VHTT."),
    )
    place_name = models.CharField(
        _("Địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Địa danh ghi trên văn bản, ví dụ “Long Biên”."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    search_key = models.CharField(max_length=400, editable=False, db_index=True)
    history = HistoricalRecords()

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="orgunit_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="orgunit_not_own_parent"),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name.strip())
        self.short_name = nfc(self.short_name.strip())
        self.search_key = fold(f"{self.name} {self.short_name} {self.abbreviation}")
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_area(self) -> bool:
        return self.kind in AREA_KINDS

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class OrgSuccession(TimeStampedModel):
    """A merger or split: an old unit's area or duties passed (wholly or in part) to a new one."""

    predecessor = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Đơn vị cũ"),
        on_delete=models.CASCADE,
        related_name="successions_out",
    )
    successor = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Đơn vị mới"),
        on_delete=models.CASCADE,
        related_name="successions_in",
    )
    effective_date = models.DateField(_("Ngày có hiệu lực"))
    legal_basis = models.CharField(_("Căn cứ pháp lý"), max_length=255)
    note = models.CharField(
        _("Ghi chú"), max_length=255, blank=True, help_text=_("Ví dụ: một phần diện tích.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Sắp xếp đơn vị")
        verbose_name_plural = _("Sắp xếp đơn vị")
        ordering = ["effective_date", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="orgsuccession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="orgsuccession_distinct_units"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class DocumentProfile(models.TextChoices):
    STATE = "state", _("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")


class SteeringCommitteeQuerySet(DatedQuerySet):
    def visible_to(self, user):
        from .permissions import user_committee_roles  # permissions imports models

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pk__in=user_committee_roles(user).keys())


class SteeringCommittee(TimeStampedModel):
    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên"), max_length=255)
    short_name = models.CharField(_("Tên viết tắt"), max_length=100, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Cơ quan thành lập"),
        on_delete=models.PROTECT,
        related_name="owned_committees",
        help_text=_("UBND hoặc cấp ủy Đảng: quyết định thể thức văn bản của Ban."),
    )
    document_profile = models.CharField(
        _("Thể thức văn bản"),
        max_length=10,
        choices=DocumentProfile.choices,
        default=DocumentProfile.STATE,
    )
    standing_agency = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Cơ quan thường trực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standing_for_committees",
    )
    support_team = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Tổ giúp việc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_committees",
        limit_choices_to={"kind": OrgKind.SUPPORT_TEAM},
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("Ban chỉ đạo tiền thân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )
    founding_document = models.CharField(_("Văn bản thành lập"), max_length=255, blank=True)
    document_symbol = models.CharField(
        _("Ký hiệu cơ quan ban hành"),
        max_length=30,
        default="BCĐ",
        help_text=_("Phần ký hiệu sau loại văn bản, ví dụ “BCĐ” trong “05/TB-BCĐ”."),
    )
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SteeringCommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ban chỉ đạo")
        verbose_name_plural = _("Ban chỉ đạo")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="committee_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name.strip())
        self.short_name = nfc(self.short_name.strip())
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Person(TimeStampedModel):
    """An official who may sit on committees; not every person has a portal account."""

    full_name = models.CharField(_("Họ và tên"), max_length=150)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Cơ quan công tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    position_title = models.CharField(_("Chức vụ"), max_length=255, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Cán bộ")
        verbose_name_plural = _("Cán bộ")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(" ".join(self.full_name.split()))
        self.position_title = nfc(self.position_title.strip())
        super().save(*args, **kwargs)


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Trưởng ban")
    STANDING_VICE_CHAIR = "standing_vice_chair", _("Phó Trưởng ban thường trực")
    VICE_CHAIR = "vice_chair", _("Phó Trưởng ban")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


MEMBER_ROLE_ORDER = [role.value for role in MemberRole]


class MembershipQuerySet(DatedQuerySet):
    start_field = "start_date"
    end_field = "end_date"

    def in_roster_order(self):
        rank = Case(
            *[When(role=role, then=Value(i)) for i, role in enumerate(MEMBER_ROLE_ORDER)],
            output_field=IntegerField(),
        )
        return self.annotate(role_rank=rank).order_by("role_rank", "start_date", "pk")


class Membership(TimeStampedModel):
    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Cán bộ"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("Vai trò trong Ban"), max_length=30, choices=MemberRole.choices)
    position_in_agency = models.CharField(
        _("Chức vụ tại cơ quan"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Phó Chủ tịch UBND quận."),
    )
    start_date = models.DateField(_("Từ ngày"))
    end_date = models.DateField(_("Đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Thành viên Ban chỉ đạo")
        verbose_name_plural = _("Thành viên Ban chỉ đạo")
        ordering = ["committee", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_valid_range",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["committee", "person", "role", "start_date"],
                name="membership_unique_term",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"

    def save(self, *args, **kwargs):
        self.position_in_agency = nfc(self.position_in_agency.strip())
        super().save(*args, **kwargs)


class Profile(TimeStampedModel):
    """Ties a portal account to the org unit it works for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Hồ sơ người dùng")
        verbose_name_plural = _("Hồ sơ người dùng")

    def __str__(self) -> str:
        return str(self.user)


class AccessRole(models.TextChoices):
    """What a portal account may do in one committee (its roster role is a separate fact)."""

    SECRETARIAT = "secretariat", _("Thường trực / Tổ giúp việc")
    CHAIR = "chair", _("Lãnh đạo Ban")
    MEMBER = "member", _("Thành viên")
    UNIT_OFFICER = "unit_officer", _("Cán bộ đầu mối đơn vị")
    VIEWER = "viewer", _("Người xem")


class CommitteeRole(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        on_delete=models.CASCADE,
        related_name="committee_roles",
    )
    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.CASCADE,
        related_name="user_roles",
    )
    role = models.CharField(_("Quyền"), max_length=20, choices=AccessRole.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Phân quyền theo Ban")
        verbose_name_plural = _("Phân quyền theo Ban")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"], name="committeerole_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.committee.display_name}: {self.get_role_display()}"


# --- Reminders, in-app notifications and calendar feeds ---------------------------------------


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
