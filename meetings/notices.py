"""Notices, minutes and the report before a meeting: draft → issue (numbered from the
register) → signed PDF by Celery.

    draft = notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE, user=user)
    notice_draft_update(document=draft, signer_name="Nguyễn Văn A")
    notice_issue(document=draft, user=user)            # number 01, 02 … of the year; queued
    # the worker runs meetings.tasks.render_document(pk) → notice_render(document_pk=pk)
    correction = notice_supersede(document=draft, user=user)  # a new draft, version 2

A draft's PDF (`document_pdf`) is built from the live meeting and marked "DỰ THẢO"; issuing
freezes the body and the recipients on the row, so the PDF of an issued version is the same
whenever (and however often) it is rendered. A report (kind "report") keeps its edited text
parts on the row and regenerates its figures while a draft; issuing freezes them too.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from steering import officialdoc as od
from steering.background import enqueue_on_commit
from steering.text import nfc
from steering.vndates import vn_short_date

from .document_signing import document_sign
from .models import (
    DocumentKind,
    DocumentRegister,
    DocumentSource,
    DocumentStatus,
    Meeting,
    MeetingDocument,
    MeetingState,
    RegisterSeries,
    RenderState,
)
from .notice_content import (
    document_body,
    document_build,
    draft_defaults,
    recipient_lines,
)

log = logging.getLogger(__name__)

# Fields a secretariat may change while the document is a draft.
DRAFT_FIELDS = (
    "parent_name",
    "issuer_name",
    "symbol",
    "place_name",
    "subject",
    "closing",
    "signer_authority",
    "signer_title",
    "signer_position",
    "signer_name",
    "secretary_name",
    "opening",
    "assessment",
    "recipients_extra",
    "archive_units",
)
MAX_RENDER_ATTEMPTS = 5
QUEUED_GRACE = datetime.timedelta(minutes=2)  # a job still queued after this was never published
RENDERING_GRACE = datetime.timedelta(minutes=10)  # longer than the task's hard time limit


def document_pdf(*, document: MeetingDocument) -> bytes:
    return document_pdf_signable(document=document)[0]


def document_docx(*, document: MeetingDocument) -> bytes:
    """The Word file (python-docx) with the PDF's layout: a draft from the live meeting, an
    issued version from its frozen snapshot."""
    from steering.officialdoc_docx import render_docx

    return render_docx(document_build(document=document))


def document_pdf_signable(*, document: MeetingDocument) -> tuple[bytes, object]:
    """The PDF and the room its signing block leaves for the signature (`signing.Slot`)."""
    return od.render_pdf_with_slot(document_build(document=document))


# --- Lifecycle ---------------------------------------------------------------------------------


def documents_for_meeting(*, meeting: Meeting) -> list[MeetingDocument]:
    return list(
        MeetingDocument.objects.filter(meeting=meeting)
        .select_related("supersedes")
        .order_by("kind", "-version")
    )


@transaction.atomic
def notice_draft_build(*, meeting: Meeting, kind: str, user=None) -> MeetingDocument:
    """The meeting's draft of that kind: the existing one, or a new version 1 with the defaults.

    Once a version is issued, a correction goes through `notice_supersede`."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one draft at a time
    existing = MeetingDocument.objects.filter(meeting=meeting, kind=kind)
    draft = existing.filter(status=DocumentStatus.DRAFT).first()
    if draft is not None:
        return draft
    if existing.exists():
        raise ValidationError(
            _("Văn bản này đã được ban hành; muốn sửa, hãy ban hành văn bản thay thế.")
        )
    document = MeetingDocument.objects.create(
        meeting=meeting,
        committee=meeting.committee,
        kind=kind,
        version=1,
        **draft_defaults(meeting=meeting, kind=kind),
    )
    if kind == DocumentKind.NOTICE and meeting.state in {MeetingState.PLANNED, MeetingState.HELD}:
        meeting.state = MeetingState.NOTICE_DRAFTED
        meeting.save(update_fields=["state", "updated_at"])
    return document


def notice_draft_update(*, document: MeetingDocument, **fields) -> MeetingDocument:
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = MeetingDocument.objects.select_for_update().get(pk=document.pk)
        if not current.is_draft:
            raise ValidationError(_("Văn bản đã ban hành không thể sửa."))
        for name, value in fields.items():
            setattr(current, name, nfc(value) if isinstance(value, str) else value)
        current.full_clean()
        current.save()
    return current


SERIES_FOR_KIND = {
    DocumentKind.NOTICE: RegisterSeries.MAIN,
    DocumentKind.MINUTES: RegisterSeries.MINUTES,
    DocumentKind.REPORT: RegisterSeries.MAIN,  # an outgoing document like a notice
}


def document_default_issue_day(*, document: MeetingDocument) -> datetime.date:
    """Minutes are dated on the meeting day (they record it, signed when it closes); a notice on
    the day it is signed, and so is a report before the meeting (usually days before it)."""
    if document.kind == DocumentKind.MINUTES:
        return min(timezone.localtime(document.meeting.starts_at).date(), timezone.localdate())
    return timezone.localdate()


def document_issue_problems(*, document: MeetingDocument, body: dict) -> list[str]:
    """What a secretariat must fill in before the document can be signed, in Vietnamese: an
    empty required section of the Biên bản (Mẫu 1.9) or one of its two signers missing."""
    problems = []
    if document.kind == DocumentKind.MINUTES:
        if not body.get("attendees"):
            problems.append(
                _(
                    "Phần “Thành phần tham dự” đang trống: hãy điểm danh cuộc họp hoặc ghi "
                    "thành phần tham dự của cuộc họp."
                )
            )
        has_content = document.meeting.reports.exists() or document.meeting.conclusions.exists()
        if not has_content:
            problems.append(
                _(
                    "Phần “Nội dung” đang trống: hãy ghi các báo cáo đã nghe hoặc kết luận của "
                    "người chủ trì trước khi ban hành biên bản."
                )
            )
        if not body.get("chair"):
            problems.append(_("Chưa có người chủ trì cuộc họp (phần “Chủ trì”)."))
        if not document.secretary_name.strip():
            problems.append(_("Chưa có thư ký (người ghi biên bản)."))
        if not document.signer_name.strip():
            problems.append(_("Chưa có họ tên người chủ trì ký biên bản."))
    if document.kind == DocumentKind.REPORT:
        if not document.assessment.strip():
            problems.append(
                _(
                    "Phần “Đánh giá chung, kiến nghị” của báo cáo đang trống: hãy sửa dự thảo "
                    "và ghi đánh giá, kiến nghị trước khi ban hành."
                )
            )
        if not document.signer_name.strip():
            problems.append(_("Chưa có họ tên người ký báo cáo."))
    return problems


MAX_UPLOAD_BYTES = 30 * 1024 * 1024


def signed_upload_problem(*, data: bytes) -> str | None:
    """Why an uploaded file cannot be the issued version, in Vietnamese; None if it can."""
    if len(data) > MAX_UPLOAD_BYTES:
        return _("Tệp quá lớn (tối đa 30 MB).")
    from steering.signing import pdf_check

    if not pdf_check(data).is_pdf:
        return _("Tệp không phải là tệp PDF đọc được.")
    return None


def notice_issue(
    *,
    document: MeetingDocument,
    user,
    issued_on: datetime.date | None = None,
    signed_upload: bytes | None = None,
) -> MeetingDocument:
    """Sign and number: the next number of the committee's register (the series of the
    document's kind) for the year of issue.

    The register row is locked for the rest of the transaction, so concurrent issues queue up
    and get consecutive numbers; the render job is published only after the commit. With
    `signed_upload` (a PDF signed in the office's own document system) that file is the issued
    version: its hash is recorded and nothing is rendered."""
    if signed_upload is not None and (problem := signed_upload_problem(data=signed_upload)):
        raise ValidationError(problem, code="upload")
    issued_on = issued_on or document_default_issue_day(document=document)
    with transaction.atomic():
        current = (
            MeetingDocument.objects.select_for_update(of=("self",))
            .select_related("meeting__committee", "committee__owner_unit")
            .get(pk=document.pk)
        )
        if not current.is_draft:
            raise ValidationError(_("Văn bản này đã được ban hành."))
        meeting_day = timezone.localtime(current.meeting.starts_at).date()
        # A report is written for the meeting, before it; a notice or minutes records it.
        if issued_on < meeting_day and current.kind != DocumentKind.REPORT:
            raise ValidationError(_("Ngày ban hành không được trước ngày họp."))
        if issued_on > timezone.localdate():
            raise ValidationError(_("Ngày ban hành không được sau ngày hôm nay."))
        meeting = current.meeting
        body = document_body(document=current)  # a report's figures are frozen here
        # An upload is the signed content itself: the portal's sections do not decide it.
        problems = None if signed_upload else document_issue_problems(document=current, body=body)
        if problems:
            raise ValidationError([ValidationError(p, code="incomplete") for p in problems])
        series = SERIES_FOR_KIND[current.kind]
        DocumentRegister.objects.bulk_create(
            [
                DocumentRegister(
                    committee_id=current.committee_id, year=issued_on.year, series=series
                )
            ],
            ignore_conflicts=True,
        )
        register = DocumentRegister.objects.select_for_update().get(
            committee_id=current.committee_id, year=issued_on.year, series=series
        )
        if register.last_issued_on and issued_on < register.last_issued_on:
            raise ValidationError(
                _(
                    "Sổ văn bản năm %(year)s đã cấp số %(number)02d ngày %(day)s: ngày ban hành "
                    "không được trước ngày đó."
                )
                % {
                    "year": register.year,
                    "number": register.last_number,
                    "day": vn_short_date(register.last_issued_on),
                }
            )
        register.last_number += 1
        register.last_issued_on = issued_on
        register.save(update_fields=["last_number", "last_issued_on"])
        current.body = body
        current.recipients = recipient_lines(document=current)
        now = timezone.now()
        current.status = DocumentStatus.ISSUED
        current.year = issued_on.year
        current.number = register.last_number
        current.issued_on = issued_on
        current.issued_at = now
        current.issued_by = user
        if signed_upload is None:
            current.render_state = RenderState.QUEUED
            current.render_queued_at = now
        else:
            _record_upload(current, signed_upload, now)
        current.save()
        if current.kind == DocumentKind.NOTICE and meeting.state != MeetingState.NOTICE_ISSUED:
            meeting.state = MeetingState.NOTICE_ISSUED
            meeting.save(update_fields=["state", "updated_at"])
        if signed_upload is None:
            _enqueue_render(current)
    log.info("document %s issued as %s", current.pk, current.number_label)
    return current


@transaction.atomic
def notice_supersede(*, document: MeetingDocument, user=None) -> MeetingDocument:
    """A correction: a new draft (version + 1) that will replace `document` once issued.

    The issued version stays as it is and stays downloadable."""
    current = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    if current.is_draft:
        raise ValidationError(_("Chỉ văn bản đã ban hành mới có thể được thay thế."))
    if MeetingDocument.objects.filter(supersedes=current).exists():
        raise ValidationError(_("Văn bản này đã có bản thay thế."))
    if MeetingDocument.objects.filter(
        meeting_id=current.meeting_id, kind=current.kind, status=DocumentStatus.DRAFT
    ).exists():
        raise ValidationError(_("Đang có một dự thảo chưa ban hành."))
    latest = (
        MeetingDocument.objects.filter(meeting_id=current.meeting_id, kind=current.kind)
        .order_by("-version")
        .first()
    )
    return MeetingDocument.objects.create(
        meeting_id=current.meeting_id,
        committee_id=current.committee_id,
        kind=current.kind,
        version=latest.version + 1,
        supersedes=current,
        profile=current.profile,
        **{name: getattr(current, name) for name in DRAFT_FIELDS},
    )


def _record_upload(document: MeetingDocument, data: bytes, now) -> None:
    """The uploaded signed PDF becomes the version's file: stored under its own name, hashed,
    its first signature's signer and time noted (whoever signed it, it counts as issued)."""
    from steering.signing import pdf_check

    name = _file_path(document)
    file_write_atomically(name, data)
    signatures = pdf_check(data).signatures
    document.source = DocumentSource.UPLOADED
    document.file = name
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.render_state = RenderState.READY
    document.rendered_at = now
    document.signed_at = signatures[0].signed_at if signatures else None
    document.signer_certificate = signatures[0].signer[:255] if signatures else ""
    document.signature_level = ""


def _enqueue_render(document: MeetingDocument) -> None:
    from .tasks import render_document

    enqueue_on_commit(render_document, document.pk)


def notice_render_retry(*, document: MeetingDocument) -> MeetingDocument:
    """The retry button: a failed (or lost) job goes back to the queue."""
    with transaction.atomic():
        current = MeetingDocument.objects.select_for_update().get(pk=document.pk)
        if current.is_draft or current.render_state == RenderState.READY:
            return current
        current.render_state = RenderState.QUEUED
        current.render_queued_at = timezone.now()
        current.save(update_fields=["render_state", "render_queued_at", "updated_at"])
        _enqueue_render(current)
    return current


def _file_path(document: MeetingDocument) -> str:
    return f"officialdocs/{document.file_key.hex}.pdf"


def file_write_atomically(name: str, data: bytes) -> None:
    """Write to a temporary file next to the target, then rename: a worker killed mid-write
    leaves no half file under the real name, and the retry replaces any leftover."""
    try:
        target = Path(default_storage.path(name))
    except NotImplementedError:  # a remote storage: delete-then-save under the same name
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.part"):
        stale.unlink(missing_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o644)  # nginx reads it too
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def notice_render(*, document_pk: int) -> MeetingDocument | None:
    """The render job (idempotent): a ready version is left alone; otherwise the PDF is rendered
    from the frozen snapshot, written under the version's own name and hashed."""
    document = (
        MeetingDocument.objects.select_related("meeting", "committee")
        .filter(pk=document_pk)
        .first()
    )
    if document is None or document.is_draft:
        return document
    name = _file_path(document)
    if document.render_state == RenderState.READY and default_storage.exists(name):
        return document
    rows = MeetingDocument.objects.filter(pk=document.pk)
    rows.update(
        render_state=RenderState.RENDERING,
        render_started_at=timezone.now(),
        render_attempts=F("render_attempts") + 1,
    )
    signature = {}
    try:
        pdf, slot = document_pdf_signable(document=document)
        # Signed in the same job, right after rendering: the stored file is the signed one.
        signed = document_sign(document=document, pdf=pdf, slot=slot)
        if signed is not None:
            pdf = signed.pdf
            signature = {
                "signed_at": signed.signed_at,
                "signature_level": signed.level,
                "signer_certificate": signed.signer_certificate[:255],
            }
        file_write_atomically(name, pdf)
    except Exception as exc:
        rows.update(render_state=RenderState.FAILED, render_error=f"{type(exc).__name__}: {exc}")
        raise
    rows.update(
        render_state=RenderState.READY,
        file=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        rendered_at=timezone.now(),
        render_error="",
        **signature,
    )
    document.refresh_from_db()
    return document


def documents_sweep(*, now: datetime.datetime | None = None, inline: bool = False) -> list[int]:
    """Publish again the render jobs that were lost: still queued (the broker was down when the
    document was issued), stuck rendering (the worker died), or failed with retries left.

    `inline` renders in this process instead (the embedded default has no worker)."""
    from .tasks import render_document

    now = now or timezone.now()
    stuck = MeetingDocument.objects.stuck(
        queued_before=now - QUEUED_GRACE, rendering_before=now - RENDERING_GRACE
    ) | MeetingDocument.objects.issued().filter(
        render_state=RenderState.FAILED,
        render_attempts__lt=MAX_RENDER_ATTEMPTS,
        render_started_at__lt=now - RENDERING_GRACE,
    )
    swept = []
    for pk in stuck.values_list("pk", flat=True):
        MeetingDocument.objects.filter(pk=pk).update(
            render_state=RenderState.QUEUED, render_queued_at=now
        )
        if inline:
            try:
                notice_render(document_pk=pk)
            except Exception:
                log.exception("render of document %s failed", pk)
        else:
            try:
                render_document.apply_async(args=(pk,))
            except Exception:
                log.exception("could not enqueue the render of document %s", pk)
                continue
        swept.append(pk)
    return swept
