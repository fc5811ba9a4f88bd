"""The meeting's official documents: the register and its series, each version of a notice,
minutes or report, and the signature and seal images (split from meetings/models.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Meeting, _document_file_name, _signing_image_name


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
