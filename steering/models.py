"""The committee core every other app refers to: org units, committees, members, users' roles."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
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


# The base level of local government since 1/7/2025 (cấp xã): each has its own steering
# committee, which receives tasks from the city's ("Nhiệm vụ cấp trên giao").
COMMUNE_LEVEL_KINDS = frozenset({OrgKind.WARD, OrgKind.COMMUNE})

# How far below an area its units go: ward → UBND phường → Văn phòng → a team in it.
AREA_DEPTH = 4


class OrgUnitQuerySet(DatedQuerySet):
    def of_kind(self, *kinds: str):
        return self.filter(kind__in=kinds)

    def within(self, areas):
        """The units of `areas` (ids, or a subquery of ids): each area itself and what lies
        under it, down to `AREA_DEPTH` levels. A condition on the table alone (no recursion),
        usable as a subquery: `lead_unit_id__in=OrgUnit.objects.within(ids).values("pk")`."""
        condition = Q(pk__in=areas)
        path = "parent"
        for _level in range(AREA_DEPTH):
            condition |= Q(**{f"{path}__in": areas})
            path += "__parent"
        return self.filter(condition)

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


def _owner_area_is(kinds) -> Q:
    """Committees whose area (the owner unit, or its first area ancestor within two levels) is
    of one of `kinds`."""
    not_area = ~Q(owner_unit__kind__in=AREA_KINDS)
    return (
        Q(owner_unit__kind__in=kinds)
        | (not_area & Q(owner_unit__parent__kind__in=kinds))
        | (
            not_area
            & ~Q(owner_unit__parent__kind__in=AREA_KINDS)
            & Q(owner_unit__parent__parent__kind__in=kinds)
        )
    )


class SteeringCommitteeQuerySet(DatedQuerySet):
    def at_commune_level(self):
        """The wards' and communes' committees (their area is a ward or a commune)."""
        return self.filter(_owner_area_is(COMMUNE_LEVEL_KINDS))

    def above_commune_level(self):
        """Committees whose area has wards or communes under it (a city, a district…)."""
        return self.filter(_owner_area_is(AREA_KINDS - COMMUNE_LEVEL_KINDS))

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


class UnitAlias(TimeStampedModel):
    """Another name a committee's notices use for a unit ("Đội Quản lý TTĐT" for the urban
    order team), remembered when the secretariat picks the unit for an unmatched name, so the
    next paste matches it. One name means one unit within a committee (compared folded)."""

    committee = models.ForeignKey(
        SteeringCommittee,
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.CASCADE,
        related_name="unit_aliases",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("Đơn vị"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("Tên gọi khác"), max_length=255)
    name_key = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("Tên gọi khác của đơn vị")
        verbose_name_plural = _("Tên gọi khác của đơn vị")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name_key"],
                name="unitalias_one_unit_per_name",
                violation_error_message=_("Tên gọi này đã dùng cho một đơn vị khác."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit}"

    def save(self, *args, **kwargs):
        self.name = nfc(" ".join(self.name.split()))
        self.name_key = fold(self.name)[:255]
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A key for the read API (`Authorization: Bearer …`), held by another system (the district's
    operations centre, a reporting tool) on behalf of one account: it sees what that account sees.
    Only the SHA-256 of the key is stored; the key is shown once, by `create_api_token`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("Dùng cho"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("Đầu khóa"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("Dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Khóa truy cập API")
        verbose_name_plural = _("Khóa truy cập API")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                name="steering_apitoken_hash_is_sha256",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class CalendarDay(models.Model):
    """A day the government moves each year, as the standing agency enters it: an extra day off
    (a bridge day around a holiday) or a weekend day worked in exchange. It overrides the
    weekend and the public holidays of the `holidays` package (steering/workdays.py)."""

    date = models.DateField(_("Ngày"), unique=True)
    kind = models.CharField(_("Loại"), max_length=20, choices=CalendarDayKind.choices)
    note = models.CharField(
        _("Ghi chú"), max_length=255, blank=True, help_text=_("Ví dụ: theo Thông báo số …")
    )

    class Meta:
        verbose_name = _("Ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("Ngày nghỉ, ngày làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        from .workdays import working_calendar_changed

        old = type(self).objects.filter(pk=self.pk).values_list("date", flat=True).first()
        super().save(*args, **kwargs)
        working_calendar_changed(self.date, old)

    def delete(self, *args, **kwargs):
        from .workdays import working_calendar_changed

        result = super().delete(*args, **kwargs)
        working_calendar_changed(self.date)
        return result


from .data_version import DataVersion  # noqa: E402, F401  (models split across modules)
from .notification_models import (  # noqa: E402, F401  (models split across modules, one app)
    DispatchState,
    FeedToken,
    Notification,
    NotificationKind,
    NotificationQuerySet,
    OrgUnitLeader,
    RecipientReason,
    ReminderDispatch,
    ReminderPolicy,
)
