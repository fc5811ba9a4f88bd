"""Meetings, the chair's conclusions and the directives that come out of them."""

import uuid
from pathlib import Path

from django.conf import settings
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
        from steering.permissions import user_committee_roles, user_org_unit, user_ward_committees

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


class DocumentKind(models.TextChoices):
    NOTICE = "notice", _("Thông báo kết luận")
    MINUTES = "minutes", _("Biên bản")
    REPORT = "report", _("Báo cáo thực hiện kết luận")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class RenderState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ tạo tệp")
    RENDERING = "rendering", _("Đang tạo tệp")
    READY = "ready", _("Đã có tệp")
    FAILED = "failed", _("Lỗi tạo tệp")


class RegisterSeries(models.TextChoices):
    """The committee's number series (NĐ 30, Điều 15: the head of the agency decides how
    administrative documents are numbered). Minutes are dated on the meeting day and numbered in
    their own series, so a notice issued the next day never blocks them (README, "Registers")."""

    MAIN = "main", _("Văn bản đi (thông báo, báo cáo…)")
    MINUTES = "minutes", _("Biên bản")


class DocumentRegister(models.Model):
    """Sổ đăng ký văn bản: a committee's own number series for one calendar year (NĐ 30, Điều 15).

    Issuing locks this row (select_for_update), so two people issuing at the same moment get
    consecutive numbers: no gap, no duplicate."""

    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="document_registers",
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    series = models.CharField(
        _("Dãy số"), max_length=10, choices=RegisterSeries.choices, default=RegisterSeries.MAIN
    )
    last_number = models.PositiveIntegerField(_("Số đã cấp gần nhất"), default=0)
    last_issued_on = models.DateField(_("Ngày ban hành gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("Sổ đăng ký văn bản")
        verbose_name_plural = _("Sổ đăng ký văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "series"], name="register_one_per_year_and_series"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.year}/{self.series}: {self.last_number:02d}"


class MeetingDocumentQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=DocumentStatus.ISSUED)

    def drafts(self):
        return self.filter(status=DocumentStatus.DRAFT)

    def stuck(self, *, queued_before, rendering_before):
        """Issued documents whose render job was lost: never published, or its worker died."""
        return self.issued().filter(
            Q(render_state=RenderState.QUEUED, render_queued_at__lt=queued_before)
            | Q(render_state=RenderState.RENDERING, render_started_at__lt=rendering_before)
        )


class DocumentSource(models.TextChoices):
    PORTAL = "portal", _("Tạo và ký số trên cổng")
    UPLOADED = "uploaded", _("Tải lên bản đã ký ở hệ thống khác")


def _document_file_name(instance, filename: str) -> str:
    return f"officialdocs/{instance.file_key.hex}.pdf"


class MeetingDocument(models.Model):
    """One version of a meeting's conclusion notice, minutes or report before the meeting.

    A draft is editable and renders with "DỰ THẢO". Issuing takes the next number of the
    committee's register and freezes everything the PDF shows (header names, signer, recipients
    and the body) on this row, so a later renaming of a unit never changes an issued document. An
    issued version never changes: a correction is a new version that `supersedes` it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Cuộc họp"), on_delete=models.PROTECT, related_name="documents"
    )
    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        verbose_name=_("Ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="meeting_documents",
    )
    kind = models.CharField(_("Loại văn bản"), max_length=10, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("Phiên bản"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("Thay thế văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    status = models.CharField(
        _("Tình trạng"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    # Register number, set on issuing.
    year = models.PositiveSmallIntegerField(_("Năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("Số"), null=True, blank=True)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    issued_at = models.DateTimeField(_("Ban hành lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the document shows, filled from the units when the draft is built, editable while a
    # draft, frozen once issued (units are historical: a 2019 notice keeps its 2019 names).
    profile = models.CharField(_("Thể thức"), max_length=10, default="state")
    parent_name = models.CharField(_("Cơ quan chủ quản"), max_length=255, blank=True)
    issuer_name = models.CharField(_("Cơ quan ban hành"), max_length=255)
    symbol = models.CharField(_("Ký hiệu"), max_length=40)
    place_name = models.CharField(_("Địa danh"), max_length=100)
    subject = models.TextField(_("Trích yếu"), blank=True)
    closing = models.TextField(_("Câu kết"), blank=True)
    signer_authority = models.CharField(
        _("Thẩm quyền ký"), max_length=255, blank=True, help_text=_("Ví dụ: TM. BAN CHỈ ĐẠO.")
    )
    signer_title = models.CharField(
        _("Chức danh người ký"), max_length=255, blank=True, help_text=_("Ví dụ: TRƯỞNG BAN.")
    )
    signer_position = models.CharField(
        _("Chức vụ tại cơ quan"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: PHÓ CHỦ TỊCH UBND QUẬN (Ban sử dụng con dấu của cơ quan)."),
    )
    signer_name = models.CharField(_("Họ tên người ký"), max_length=150, blank=True)
    secretary_name = models.CharField(_("Thư ký (người ghi biên bản)"), max_length=150, blank=True)
    # The text parts of a report before the meeting (kind "report"); its figures are generated.
    opening = models.TextField(
        _("Phần mở đầu"),
        blank=True,
        help_text=_("Đoạn mở đầu của báo cáo, trước phần số liệu."),
    )
    assessment = models.TextField(
        _("Đánh giá chung, kiến nghị"),
        blank=True,
        help_text=_("Mỗi dòng một đoạn: kết quả nổi bật, tồn tại, kiến nghị với Ban Chỉ đạo."),
    )
    recipients_extra = models.TextField(
        _("Nơi nhận bổ sung"),
        blank=True,
        help_text=_("Mỗi dòng một nơi nhận; thêm “(để b/c)” cho cấp trên."),
    )
    archive_units = models.CharField(
        _("Lưu"), max_length=100, default="VT", help_text=_("Ví dụ: VT, VHTT.")
    )
    recipients = models.JSONField(_("Nơi nhận (khi ban hành)"), default=list, blank=True)
    body = models.JSONField(_("Nội dung (khi ban hành)"), default=dict, blank=True)
    # The PDF, rendered by a Celery task once issued.
    render_state = models.CharField(
        _("Tệp PDF"), max_length=10, choices=RenderState.choices, blank=True
    )
    render_attempts = models.PositiveSmallIntegerField(_("Số lần tạo tệp"), default=0)
    render_error = models.TextField(_("Lỗi gần nhất"), blank=True)
    render_queued_at = models.DateTimeField(null=True, blank=True)
    render_started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    file_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    file = models.FileField(upload_to=_document_file_name, blank=True, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The digital signatures (PAdES) applied by the render job, or an upload signed elsewhere.
    source = models.CharField(
        _("Nguồn tệp"), max_length=10, choices=DocumentSource.choices, default=DocumentSource.PORTAL
    )
    signed_at = models.DateTimeField(_("Ký số lúc"), null=True, blank=True)
    signature_level = models.CharField(_("Mức chữ ký số"), max_length=20, blank=True)
    signer_certificate = models.CharField(_("Chứng thư người ký"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    objects = MeetingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Văn bản cuộc họp")
        verbose_name_plural = _("Văn bản cuộc họp")
        ordering = ["meeting", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "kind", "number"],
                condition=Q(number__isnull=False),
                name="document_number_unique_in_series",
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind", "version"], name="document_version_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=Q(status="draft"),
                name="document_one_draft",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="draft",
                        number__isnull=True,
                        year__isnull=True,
                        issued_on__isnull=True,
                        render_state="",
                    )
                    | Q(
                        status="issued",
                        number__isnull=False,
                        year__isnull=False,
                        issued_on__isnull=False,
                    )
                    & ~Q(render_state="")
                ),
                name="document_number_only_when_issued",
            ),
            models.CheckConstraint(
                condition=~Q(render_state="ready")
                | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$")),
                name="document_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.get_kind_display()} {self.number_label}"
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("document_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    @property
    def number_label(self) -> str:
        """`05/TB-BCĐ` (state) or `467-TB/QU` (Party)."""
        if self.number is None:
            return ""
        separator = "-" if self.profile == "party" else "/"
        return f"{self.number:02d}{separator}{self.symbol}"

    @property
    def download_name(self) -> str:
        """The PDF's file name in Vietnamese, as a clerk would file it: "Thông báo 05-TB-BCĐ
        ngày 12-12-2026.pdf", a draft "Dự thảo thông báo cuộc họp ngày 04-12-2026.pdf"."""
        kind = {DocumentKind.NOTICE: "Thông báo", DocumentKind.REPORT: "Báo cáo"}.get(
            self.kind, "Biên bản"
        )
        if self.number:
            name = f"{kind} {self.number_label.replace('/', '-')} ngày {self.issued_on:%d-%m-%Y}"
        else:
            day = timezone.localtime(self.meeting.starts_at).date()
            before = "trước " if self.kind == DocumentKind.REPORT else ""
            name = f"Dự thảo {kind.lower()} {before}cuộc họp ngày {day:%d-%m-%Y}"
        if self.version > 1:
            name += f" (phiên bản {self.version})"
        return f"{name}.pdf"


class SigningImageKind(models.TextChoices):
    SIGNATURE = "signature", _("Chữ ký (màu xanh)")
    SEAL = "seal", _("Con dấu (màu đỏ)")


def _signing_image_name(instance, filename: str) -> str:
    return f"signing/{instance.kind}-{uuid.uuid4().hex}.png"


class SigningImage(models.Model):
    """The image shown with a digital signature (NĐ 30, ô 7c and 8): a signer's signature, or a
    committee's seal; transparent PNG. The latest upload is used."""

    kind = models.CharField(_("Loại ảnh"), max_length=10, choices=SigningImageKind.choices)
    person = models.ForeignKey(
        "steering.Person",
        verbose_name=_("Người ký"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    committee = models.ForeignKey(
        "steering.SteeringCommittee",
        verbose_name=_("Ban chỉ đạo (con dấu)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    image = models.FileField(_("Ảnh PNG nền trong suốt"), upload_to=_signing_image_name)
    uploaded_at = models.DateTimeField(_("Tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("Ảnh chữ ký / con dấu")
        verbose_name_plural = _("Ảnh chữ ký / con dấu")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="signature", person__isnull=False, committee__isnull=True)
                | Q(kind="seal", committee__isnull=False, person__isnull=True),
                name="signing_image_owner_matches_kind",
                violation_error_message=_(
                    "Ảnh chữ ký gắn với một người ký; ảnh con dấu gắn với một Ban chỉ đạo."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person or self.committee}"


from .upward_models import UpwardPdf  # noqa: E402, F401  (models split across modules)
