"""Meetings, the chair's conclusions and the directives that come out of them."""

import uuid
from pathlib import Path

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steering.data_version import DIRECTIVES
from steering.text import fold, nfc
from steering.tracking import (  # noqa: F401 - ExtensionState re-exported for callers
    ExtensionState,
    TaskEvent,
    TaskExtension,
    TrackedTask,
    TrackedTaskQuerySet,
    inherited_by,
    led_or_supported_by,
)


class MeetingKind(models.TextChoices):
    BRIEFING = "briefing", _("Họp giao ban định kỳ")
    THEMATIC = "thematic", _("Họp chuyên đề")
    REVIEW = "review", _("Hội nghị sơ kết, tổng kết")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã họp")
    NOTICE_DRAFTED = "notice_drafted", _("Đã dự thảo thông báo")
    NOTICE_ISSUED = "notice_issued", _("Đã ban hành thông báo")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from steering.models import SteeringCommittee

        return self.filter(committee__in=SteeringCommittee.objects.visible_to(user))

    def upcoming(self, now):
        return self.filter(starts_at__gte=now, state=MeetingState.PLANNED).order_by("starts_at")


class Meeting(models.Model):
    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(
        _("Loại cuộc họp"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.BRIEFING
    )
    number_in_year = models.PositiveSmallIntegerField(
        _("Số thứ tự trong năm"), null=True, blank=True
    )
    title = models.CharField(_("Tên cuộc họp"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("Thời gian bắt đầu"))
    ends_at = models.DateTimeField(_("Thời gian kết thúc"), null=True, blank=True)
    venue = models.CharField(_("Địa điểm"), max_length=255, blank=True)
    online_link = models.URLField(_("Đường dẫn họp trực tuyến"), blank=True)
    chair = models.ForeignKey(
        "steering.Person",
        verbose_name=_("Người chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    chair_title = models.CharField(
        _("Chức vụ người chủ trì"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Bí thư Quận ủy - Chủ tịch HĐND quận, Trưởng Ban chỉ đạo."),
    )
    attendees_summary = models.TextField(
        _("Thành phần tham dự (tóm tắt)"),
        blank=True,
        help_text=_("Dùng cho đoạn mở đầu của thông báo kết luận."),
    )
    state = models.CharField(
        _("Trạng thái"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Cuộc họp")
        verbose_name_plural = _("Cuộc họp")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Giờ kết thúc phải sau giờ bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} {local:%d/%m/%Y}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt")
    REPRESENTED = "represented", _("Cử người dự thay")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "steering.Person",
        verbose_name=_("Thành viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    unit = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị được mời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    guest_name = models.CharField(_("Khách mời"), max_length=255, blank=True)
    status = models.CharField(
        _("Tình trạng"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    absence_reason = models.CharField(_("Lý do vắng"), max_length=255, blank=True)
    stand_in = models.CharField(_("Người dự thay"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Thành phần tham dự")
        verbose_name_plural = _("Thành phần tham dự")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False) | ~Q(guest_name=""),
                name="attendance_names_someone",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="attendance_member_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.unit or self.guest_name)


def _upload_to(instance, filename: str) -> str:
    # Generated names: the original name is kept in the database only.
    return f"meetings/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class ReportHeard(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"), default=1)
    reporting_unit = models.ForeignKey(
        "steering.OrgUnit",
        verbose_name=_("Đơn vị báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_reports",
    )
    title = models.CharField(_("Nội dung báo cáo"), max_length=500)
    is_opinion_request = models.BooleanField(
        _("Xin ý kiến Ban chỉ đạo"), default=False, help_text=_("Nội dung trình xin ý kiến.")
    )
    file = models.FileField(_("Tệp đính kèm"), upload_to=_upload_to, blank=True)
    file_name = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = _("Báo cáo tại cuộc họp")
        verbose_name_plural = _("Báo cáo tại cuộc họp")
        ordering = ["meeting", "ordinal", "pk"]

    def __str__(self) -> str:
        return self.title


class Conclusion(models.Model):
    """A topic of the chair's conclusions: section "II", number "1", "Về hệ thống camera…"."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    ordinal = models.PositiveSmallIntegerField(_("Thứ tự"))
    section = models.CharField(_("Phần"), max_length=10, blank=True)
    section_title = models.CharField(_("Tên phần"), max_length=255, blank=True)
    number = models.CharField(_("Số mục"), max_length=10, blank=True)
    title = models.CharField(_("Tiêu đề"), max_length=500, blank=True)
    text = models.TextField(_("Nội dung kết luận"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kết luận")
        verbose_name_plural = _("Kết luận")
        ordering = ["meeting", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "ordinal"], name="conclusion_ordinal"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}".strip(". ")

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.text = nfc(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('meeting_detail', args=[self.meeting_id])}#conclusion-{self.pk}"


class PasteMode(models.TextChoices):
    """What a paste does to a meeting that already has conclusions."""

    APPEND = "append", _("Bổ sung vào các kết luận đã có")
    REPLACE = "replace", _("Thay thế toàn bộ kết luận đã có")


class DirectiveQuerySet(TrackedTaskQuerySet):
    def visible_to(self, user):
        """Committee readers see the committee's directives; unit officers their unit's. A
        ward's committee (cascade) also sees what upper committees gave to its ward: its
        readers every such task, its unit officers those their unit leads or supports — never
        another ward's. (The upper committee reads its tasks' sub-tasks on the task's page,
        `cascade_selectors.directive_subtasks`, not here.)"""
        from steering.models import AccessRole
        from steering.permissions import (
            held_condition,
            user_committee_roles,
            user_org_unit,
            user_ward_committees,
        )

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        readers, officer_of = [], []
        for committee_id, roles in user_committee_roles(user).items():
            if roles - {AccessRole.UNIT_OFFICER}:
                readers.append(committee_id)
            elif AccessRole.UNIT_OFFICER in roles:
                officer_of.append(committee_id)
        unit = user_org_unit(user)
        condition = Q(committee_id__in=readers)
        if unit is not None and officer_of:
            condition |= Q(committee_id__in=officer_of) & led_or_supported_by(self.model, unit)
        wards = user_ward_committees(user)
        reader_wards = sorted({wards[c] for c in readers if c in wards})
        if reader_wards:
            condition |= from_above(reader_wards)
        officer_wards = sorted({wards[c] for c in officer_of if c in wards})
        if unit is not None and officer_wards:
            condition |= from_above(officer_wards) & led_or_supported_by(self.model, unit)
        if unit is not None and (readers or officer_of):
            # History through the reform: the old wards' open tasks now fall to their successor.
            condition |= inherited_by(self.model, unit)
        if reader_wards:
            # …and to the successor ward's committee, which decides them once the old committee
            # has ended (steering.permissions.held_condition).
            condition |= held_condition(areas=reader_wards, on=timezone.localdate())
        return self.filter(condition)

    def search(self, text: str):
        key = fold(text)
        return self.filter(search_key__contains=key) if key else self


def from_above(area_ids) -> Q:
    """Directives upper committees gave to the areas (wards): led by a unit of one of the
    areas, in a committee owned outside them. A condition with subqueries, no extra query."""
    from steering.models import OrgUnit

    inside = OrgUnit.objects.within(list(area_ids)).values("pk")
    return Q(lead_unit_id__in=inside) & ~Q(committee__owner_unit_id__in=inside)


class Directive(TrackedTask):
    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="directives",
    )
    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("Mục kết luận"),
        on_delete=models.CASCADE,
        related_name="directives",
    )
    item = models.CharField(_("Số hiệu"), max_length=20, blank=True, help_text="II.1.1")
    project = models.ForeignKey(
        "projects.ITProject",
        verbose_name=_("Dự án CNTT"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directives",
    )
    # Where the directive stood among its topic's conclusion text paragraphs when pasted (the
    # paragraphs fill the other positions in order), so the notice keeps the original order.
    position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # Directives one sentence gave to several lead units ("UBND các phường A, B …") share a
    # group: one assignment in the notice, one task per unit in the tracking.
    group = models.CharField(_("Nhóm"), max_length=40, blank=True, editable=False)
    search_key = models.TextField(editable=False, default="")
    # Set only by migration 0009 on the directives saved before a lead unit was required whose
    # text matched no unit; the secretariat links them by hand ("Nhiệm vụ chưa gắn đơn vị").
    needs_unit_link = models.BooleanField(_("Chờ gắn đơn vị chủ trì"), default=False)
    # Cascade: a lower committee's directive (a ward BCĐ's task for its office) that breaks
    # down a task an upper committee gave to the ward ("Nhiệm vụ cấp trên giao"). The child is
    # always another committee's directive (meetings.cascade_services checks it on creation).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Nhiệm vụ cấp trên giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    history = HistoricalRecords()

    objects = DirectiveQuerySet.as_manager()
    # Grids are cached under this data version (steering.data_version; the triggers are in
    # migration 0013).
    data_version_name = DIRECTIVES

    class Meta(TrackedTask.Meta):
        verbose_name = _("Nhiệm vụ được giao")
        verbose_name_plural = _("Nhiệm vụ được giao")
        ordering = ["conclusion__meeting", "conclusion__ordinal", "pk"]
        indexes = [
            models.Index(fields=["committee", "state"]),
            models.Index(fields=["due_date"]),
            # The city's ward × task grid reads one assignment (group) at a time.
            models.Index(fields=["committee", "group"], name="directive_committee_group"),
            # The overdue-first lists read pages in this order (SortedRows).
            models.Index(
                Coalesce("extended_due_date", "due_date"), "id", name="meetings_dir_effdue_idx"
            ),
            # Recurring tasks mostly have no date: they sit at the end of the index above.
            models.Index(
                Coalesce("extended_due_date", "due_date"),
                "id",
                condition=Q(deadline_kind="recurring"),
                name="meetings_dir_recurring_idx",
            ),
        ]
        constraints = [
            *TrackedTask.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="meetings_directive_not_own_parent",
                violation_error_message=_("Nhiệm vụ không thể là nhiệm vụ cấp trên của chính nó."),
            ),
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=False) | Q(needs_unit_link=True),
                name="meetings_directive_has_lead_unit",
                violation_error_message=_(
                    "Nhiệm vụ phải có đơn vị chủ trì: hãy chọn một đơn vị trong danh sách."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    def save(self, *args, **kwargs):
        self.content = nfc(self.content)
        self.search_key = fold(f"{self.content} {self.lead_unit_text} {self.report_to}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directive_detail", args=[self.pk])


class EventKind(models.TextChoices):
    CREATED = "created", _("Giao nhiệm vụ")
    PROGRESS = "progress", _("Báo cáo tiến độ")
    COMPLETION = "completion", _("Báo cáo hoàn thành")
    CONFIRMED = "confirmed", _("Xác nhận hoàn thành")
    RETURNED = "returned", _("Trả lại, yêu cầu bổ sung")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_APPROVED = "extension_approved", _("Đồng ý gia hạn")
    EXTENSION_REFUSED = "extension_refused", _("Không đồng ý gia hạn")
    STATE_CHANGED = "state_changed", _("Thay đổi tình trạng")


class DirectiveEvent(TaskEvent):
    """One step of a directive's life, shown on its page: who, when, what, from → to."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("Sự kiện"), max_length=30, choices=EventKind.choices)

    class Meta(TaskEvent.Meta):
        verbose_name = _("Diễn biến nhiệm vụ")
        verbose_name_plural = _("Diễn biến nhiệm vụ")


class Evidence(models.Model):
    event = models.ForeignKey(DirectiveEvent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_upload_to)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("Minh chứng")
        verbose_name_plural = _("Minh chứng")

    def __str__(self) -> str:
        return self.original_name


class DeadlineExtension(TaskExtension):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="extensions")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Gia hạn")
        verbose_name_plural = _("Gia hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["directive"],
                condition=Q(state="requested"),
                name="extension_one_pending",
                violation_error_message=_("Đã có một đề nghị gia hạn đang chờ quyết định."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id} → {self.requested_due_date}"


# --- Official documents: conclusion notices and minutes ---------------------------------------


# Upload names of the document models (meetings/document_models.py), kept here: the migrations
# name them by this module.
def _document_file_name(instance, filename: str) -> str:
    return f"officialdocs/{instance.file_key.hex}.pdf"


def _signing_image_name(instance, filename: str) -> str:
    return f"signing/{instance.kind}-{uuid.uuid4().hex}.png"


# Models split across modules (the app loads this one).
from .document_models import (  # noqa: E402, F401
    DocumentKind,
    DocumentRegister,
    DocumentSource,
    DocumentStatus,
    MeetingDocument,
    MeetingDocumentQuerySet,
    RegisterSeries,
    RenderState,
    SigningImage,
    SigningImageKind,
)
from .upward_models import UpwardPdf  # noqa: E402, F401  (models split across modules)
