"""Conclusion notices and minutes: draft → issue (numbered from the register) → PDF by Celery.

    draft = notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE, user=user)
    notice_draft_update(document=draft, signer_name="Nguyễn Văn A")
    notice_issue(document=draft, user=user)            # number 01, 02 … of the year; queued
    # the worker runs meetings.tasks.render_document(pk) → notice_render(document_pk=pk)
    correction = notice_supersede(document=draft, user=user)  # a new draft, version 2

A draft's PDF (`document_pdf`) is built from the live meeting and marked "DỰ THẢO"; issuing
freezes the body and the recipients on the row, so the PDF of an issued version is the same
whenever (and however often) it is rendered.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from steering import officialdoc as od
from steering.background import enqueue_on_commit
from steering.models import MemberRole, Membership, OrgKind, OrgUnit, SteeringCommittee
from steering.text import nfc
from steering.vndates import vn_short_date

from .models import (
    AttendanceStatus,
    DocumentKind,
    DocumentRegister,
    DocumentStatus,
    Meeting,
    MeetingDocument,
    MeetingState,
    RenderState,
)

log = logging.getLogger(__name__)

TYPE_ABBREVIATION = {DocumentKind.NOTICE: "TB", DocumentKind.MINUTES: "BB"}
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
    "recipients_extra",
    "archive_units",
)
ATTENDEE_OPENERS = ("Các ", "Đại diện ", "Đồng chí ", "Lãnh đạo ", "Thành viên ")
MAX_RENDER_ATTEMPTS = 5
QUEUED_GRACE = datetime.timedelta(minutes=2)  # a job still queued after this was never published
RENDERING_GRACE = datetime.timedelta(minutes=10)  # longer than the task's hard time limit


# --- Defaults from the committee and the meeting -----------------------------------------------


def _upper(text: str) -> str:
    return nfc(text).strip().upper()


def _area_above(unit: OrgUnit | None) -> OrgUnit | None:
    while unit is not None and not unit.is_area:
        unit = unit.parent
    return unit


def _header_defaults(committee: SteeringCommittee, kind: str) -> dict:
    """ô 2 and the symbol in the committee's issuing pattern (domain-vn §1.9): a state BCĐ issues
    with its own series under its agency; a Party-owned BCĐ's notices go out as the Party
    committee's ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI" / "QUẬN ỦY LONG BIÊN", "Số 467-TB/QU")."""
    owner = committee.owner_unit
    area = _area_above(owner.parent)
    place = owner.place_name or (area.short_name or area.name if area else "")
    type_code = TYPE_ABBREVIATION[kind]
    if committee.document_profile == od.PARTY:
        superior = _area_above(area.parent) if area else None
        return {
            "profile": od.PARTY,
            "parent_name": _upper(f"Đảng bộ {superior.name}") if superior else "",
            "issuer_name": _upper(owner.name),
            "symbol": f"{type_code}/{owner.abbreviation or committee.document_symbol}",
            "place_name": place,
        }
    if owner.kind == OrgKind.PEOPLES_COMMITTEE and area is not None:
        parent = f"UBND {area.name}"
    else:
        parent = owner.short_name or owner.name
    return {
        "profile": od.STATE,
        "parent_name": _upper(parent),
        "issuer_name": _upper(_committee_heading(committee)),
        "symbol": f"{type_code}-{committee.document_symbol}",
        "place_name": place,
    }


def _committee_heading(committee: SteeringCommittee) -> str:
    """`Ban chỉ đạo ứng dụng công nghệ thông tin quận Long Biên` → `Ban chỉ đạo ứng dụng CNTT`:
    the parent line already names the area."""
    name = committee.name.replace("công nghệ thông tin", "CNTT").replace(
        "Công nghệ thông tin", "CNTT"
    )
    for marker in (
        " quận ",
        " huyện ",
        " thị xã ",
        " thành phố ",
        " Thành phố ",
        " phường ",
        " xã ",
    ):
        head, found, _tail = name.rpartition(marker)
        if found and head:
            return head
    return name


def _chair_membership(meeting: Meeting) -> Membership | None:
    day = timezone.localtime(meeting.starts_at).date()
    active = Membership.objects.filter(committee_id=meeting.committee_id).active_on(day)
    if meeting.chair_id:
        membership = active.filter(person_id=meeting.chair_id).first()
        if membership is not None:
            return membership
    return active.filter(role=MemberRole.CHAIR).select_related("person").first()


def _secretary_name(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at).date()
    membership = (
        Membership.objects.filter(committee_id=meeting.committee_id, role=MemberRole.SECRETARY)
        .active_on(day)
        .select_related("person")
        .first()
    )
    return membership.person.full_name if membership else ""


def _meeting_phrase(meeting: Meeting) -> str:
    """`cuộc họp giao ban định kỳ tháng 10/2019`."""
    if meeting.title:
        phrase = meeting.title[:1].lower() + meeting.title[1:]
    else:
        local = timezone.localtime(meeting.starts_at)
        label = str(meeting.get_kind_display())
        month = f"{local.month:02d}" if local.month <= 2 else str(local.month)  # "tháng 01/2018"
        phrase = f"{label[:1].lower()}{label[1:]} tháng {month}/{local.year}"
    return f"cuộc {phrase}" if phrase.startswith("họp ") else phrase


def _chair_text(meeting: Meeting) -> str:
    name = meeting.chair.full_name if meeting.chair_id else ""
    if name and meeting.chair_title:
        return f"{name} - {meeting.chair_title}"
    return name or meeting.chair_title


def _draft_defaults(meeting: Meeting, kind: str) -> dict:
    committee = meeting.committee
    header = _header_defaults(committee, kind)
    membership = _chair_membership(meeting)
    chair_name = meeting.chair.full_name if meeting.chair_id else ""
    if not chair_name and membership:
        chair_name = membership.person.full_name
    archive = ["VT"]
    if committee.standing_agency_id and committee.standing_agency.abbreviation:
        archive.append(committee.standing_agency.abbreviation)
    fields = {
        **header,
        "signer_name": chair_name,
        "archive_units": ", ".join(archive),
    }
    if kind == DocumentKind.NOTICE:
        fields.update(
            subject=f"Kết luận của đồng chí {_chair_text(meeting)}\ntại {_meeting_phrase(meeting)}",
            closing="Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện",
            signer_authority=od.authority_line(
                kind="TM", body="Ban Chỉ đạo", profile=header["profile"]
            ),
            signer_title="TRƯỞNG BAN",
            signer_position=_upper(membership.position_in_agency) if membership else "",
        )
    else:
        phrase = _meeting_phrase(meeting)
        of_committee = "" if meeting.title else f" của {committee.name}"
        fields.update(
            subject=f"{phrase[:1].upper()}{phrase[1:]}{of_committee}",
            signer_title="CHỦ TRÌ",
            secretary_name=_secretary_name(meeting),
        )
    return fields


# --- Building the document ---------------------------------------------------------------------

_BLOCKS = {
    cls.kind: cls for cls in (od.Paragraph, od.SectionHeading, od.Topic, od.Point, od.BulletList)
}


def _block_to_json(block) -> dict:
    data = {"kind": block.kind}
    for name in block.__dataclass_fields__:
        value = getattr(block, name)
        data[name] = list(value) if isinstance(value, tuple) else value
    return data


def _block_from_json(data: dict):
    data = dict(data)
    return _BLOCKS[data.pop("kind")](**data)


def _conclusion_blocks(meeting: Meeting, *, numbered_points: bool = True) -> list:
    blocks: list = []
    section = None
    conclusions = meeting.conclusions.prefetch_related("directives").order_by("ordinal")
    for conclusion in conclusions:
        if conclusion.section and conclusion.section != section:
            section = conclusion.section
            if conclusion.section_title:
                blocks.append(od.SectionHeading(conclusion.section, conclusion.section_title))
        if conclusion.title:
            blocks.append(od.Topic(conclusion.number, conclusion.title))
        if conclusion.text:
            blocks.extend(od.Paragraph(p) for p in conclusion.text.splitlines() if p.strip())
        directives = sorted(conclusion.directives.all(), key=lambda d: d.pk)
        for index, directive in enumerate(directives, start=1):
            number = ""
            if numbered_points and conclusion.number and len(directives) > 1:
                number = f"{conclusion.number}.{index}"
            blocks.append(od.Point(number, directive.content, deadline=directive.deadline_text))
    return blocks


def _opening_paragraphs(meeting: Meeting) -> list:
    local = timezone.localtime(meeting.starts_at)
    venue = f", tại {meeting.venue}" if meeting.venue else ""
    chair = _chair_text(meeting) or _("đồng chí Trưởng Ban chỉ đạo")
    opening = (
        f"Ngày {vn_short_date(local.date())}{venue}, đồng chí {chair} đã chủ trì "
        f"{_meeting_phrase(meeting)}"
    )
    # A titled meeting names its body already ("Họp Ban Chỉ đạo … Quý I/2015").
    opening += "." if meeting.title else f" của {meeting.committee.name}."
    attendees = meeting.attendees_summary.strip() or _present_names_text(meeting)
    if attendees:
        attendees = attendees.rstrip(".")
        if attendees.startswith(ATTENDEE_OPENERS):
            opening += f" Tham dự có {attendees[:1].lower()}{attendees[1:]}."
        else:
            opening += f" Tham dự có: {attendees}."
    reports = list(meeting.reports.select_related("reporting_unit").order_by("ordinal", "pk"))
    heard = [r for r in reports if not r.is_opinion_request]
    asked = [r for r in reports if r.is_opinion_request]
    parts = []
    if heard:
        unit = heard[0].reporting_unit
        by = f"{unit.display_name} " if unit else ""
        titles = "; ".join(_report_phrase(r.title) for r in heard)
        parts.append(f"Sau khi nghe {by}báo cáo {titles}")
    if asked:
        parts.append(f"xin ý kiến Ban chỉ đạo {len(asked):02d} nội dung")
    lead = "; ".join(parts) + "; ý kiến" if parts else "Sau khi nghe ý kiến"
    heard_text = (
        f"{lead} phát biểu của các đại biểu dự họp, đồng chí chủ trì cuộc họp kết luận như sau:"
    )
    return [od.Paragraph(opening), od.Paragraph(heard_text)]


def _report_phrase(title: str) -> str:
    """`Báo cáo kết quả …` → `kết quả …` (the sentence already says "báo cáo")."""
    title = title.strip().rstrip(".;")
    for prefix in ("Báo cáo ", "báo cáo "):
        if title.startswith(prefix):
            title = title[len(prefix) :]
    return title[:1].lower() + title[1:]


def _present_names_text(meeting: Meeting) -> str:
    return "; ".join(_attendee_names(meeting, present=True))


def _attendee_names(meeting: Meeting, *, present: bool) -> list[str]:
    names = []
    for attendance in meeting.attendances.select_related("person", "unit"):
        is_absent = attendance.status == AttendanceStatus.ABSENT
        if is_absent == present:
            continue
        name = str(attendance)
        if attendance.stand_in:
            name = f"{attendance.stand_in} (dự thay {name})"
        names.append(name)
    return names


def _notice_body(meeting: Meeting) -> dict:
    blocks = _opening_paragraphs(meeting) + _conclusion_blocks(meeting)
    return {"blocks": [_block_to_json(b) for b in blocks]}


def _minutes_body(meeting: Meeting) -> dict:
    absentees = [
        {"name": str(a), "reason": a.absence_reason}
        for a in meeting.attendances.select_related("person", "unit")
        if a.status == AttendanceStatus.ABSENT
    ]
    content: list = []
    reports = list(meeting.reports.order_by("ordinal", "pk"))
    if reports:
        content.append(od.Paragraph("Các báo cáo, nội dung trình tại cuộc họp:"))
        content.append(od.BulletList(tuple(r.title for r in reports)))
    content.append(od.Paragraph("Kết luận của người chủ trì cuộc họp:"))
    content.extend(_conclusion_blocks(meeting))
    attendees = _attendee_names(meeting, present=True)
    if not attendees and meeting.attendees_summary:
        attendees = [meeting.attendees_summary.strip()]
    return {
        "started_at": meeting.starts_at.isoformat(),
        "ended_at": meeting.ends_at.isoformat() if meeting.ends_at else None,
        "venue": meeting.venue,
        "attendees": attendees,
        "absentees": absentees,
        "chair": _chair_text(meeting),
        "content": [_block_to_json(b) for b in content],
    }


def _unit_recipient(unit: OrgUnit) -> str:
    if unit.kind in {OrgKind.WARD, OrgKind.COMMUNE}:
        return f"UBND {unit.name[:1].lower()}{unit.name[1:]}"
    return unit.name


def _recipient_lines(document: MeetingDocument) -> list[str]:
    """Superiors "(để b/c)", the members, the units that lead or support a directive, the
    secretariat's extra lines, and "Lưu: VT, <unit>."."""
    recipients: list[od.Recipient] = []
    if document.kind == DocumentKind.NOTICE:
        committee = document.committee
        recipients.append(
            od.Recipient(
                f"Thường trực {committee.owner_unit.short_name or committee.owner_unit.name}",
                od.RecipientPurpose.BAO_CAO,
            )
        )
        recipients.append(od.Recipient("Các đ/c thành viên Ban Chỉ đạo"))
        units: dict[int, str] = {}
        texts: list[str] = []
        conclusions = document.meeting.conclusions.prefetch_related(
            "directives__lead_unit", "directives__supporting_units"
        ).order_by("ordinal")
        for conclusion in conclusions:
            for directive in sorted(conclusion.directives.all(), key=lambda d: d.pk):
                if directive.lead_unit_id:
                    units.setdefault(directive.lead_unit_id, _unit_recipient(directive.lead_unit))
                elif directive.lead_unit_text and directive.lead_unit_text not in texts:
                    texts.append(directive.lead_unit_text)
                for unit in directive.supporting_units.all():
                    units.setdefault(unit.pk, _unit_recipient(unit))
        recipients.extend(od.Recipient(name) for name in [*units.values(), *texts])
    for line in document.recipients_extra.splitlines():
        line = line.strip().lstrip("-").strip().rstrip(";.")
        if not line:
            continue
        purpose = od.RecipientPurpose.THUC_HIEN
        for suffix in ("(để b/c)", "(để báo cáo)"):
            if line.endswith(suffix):
                line, purpose = line[: -len(suffix)].strip(), od.RecipientPurpose.BAO_CAO
        recipients.append(od.Recipient(line, purpose))
    archive = [a.strip() for a in document.archive_units.split(",") if a.strip()] or ["VT"]
    return list(od.recipient_lines(recipients, archive=archive))


def document_build(*, document: MeetingDocument) -> od.OfficialDocument | od.MinutesDocument:
    """The renderer's document: the frozen body of an issued version, the live meeting's for a
    draft."""
    meeting = document.meeting
    if document.is_draft:
        body = _notice_body(meeting) if document.kind == DocumentKind.NOTICE else None
        body = body or _minutes_body(meeting)
        recipients = _recipient_lines(document)
    else:
        body, recipients = document.body, document.recipients
    header = {
        "profile": document.profile,
        "parent": document.parent_name,
        "issuer": document.issuer_name,
        "number": document.number,
        "symbol": document.symbol,
        "place": document.place_name,
        "issued_on": document.issued_on,
        "is_draft": document.is_draft,
        "subject": document.subject,
        "recipients": tuple(recipients),
    }
    signature = od.Signature(
        authority=document.signer_authority,
        title=document.signer_title,
        agency_position=document.signer_position,
        name=document.signer_name,
    )
    if document.kind == DocumentKind.NOTICE:
        return od.OfficialDocument(
            **header,
            doc_type="THÔNG BÁO",
            body=tuple(_block_from_json(b) for b in body["blocks"]),
            closing=document.closing,
            signature=signature,
        )
    tz = timezone.get_current_timezone()
    ended = body.get("ended_at")
    return od.MinutesDocument(
        **header,
        doc_type="BIÊN BẢN",
        started_at=datetime.datetime.fromisoformat(body["started_at"]).astimezone(tz),
        ended_at=datetime.datetime.fromisoformat(ended).astimezone(tz) if ended else None,
        venue=body["venue"],
        attendees=tuple(body["attendees"]),
        absentees=tuple(od.Absentee(a["name"], a["reason"]) for a in body["absentees"]),
        chair=body["chair"],
        secretary=document.secretary_name,
        content=tuple(_block_from_json(b) for b in body["content"]),
        secretary_signature=od.Signature(title="THƯ KÝ", name=document.secretary_name),
        chair_signature=signature,
    )


def document_pdf(*, document: MeetingDocument) -> bytes:
    return od.render_pdf(document_build(document=document))


def meeting_document_preview(
    *, meeting: Meeting, kind: str
) -> od.OfficialDocument | od.MinutesDocument:
    """A draft that is not saved (`render_notice` uses it): no number is reserved."""
    document = MeetingDocument(
        meeting=meeting, committee=meeting.committee, kind=kind, **_draft_defaults(meeting, kind)
    )
    return document_build(document=document)


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
        **_draft_defaults(meeting, kind),
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


def notice_issue(
    *, document: MeetingDocument, user, issued_on: datetime.date | None = None
) -> MeetingDocument:
    """Sign and number: the next number of the committee's register for the year of issue.

    The register row is locked for the rest of the transaction, so concurrent issues queue up
    and get consecutive numbers; the render job is published only after the commit."""
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        current = (
            MeetingDocument.objects.select_for_update(of=("self",))
            .select_related("meeting__committee", "committee__owner_unit")
            .get(pk=document.pk)
        )
        if not current.is_draft:
            raise ValidationError(_("Văn bản này đã được ban hành."))
        meeting_day = timezone.localtime(current.meeting.starts_at).date()
        if issued_on < meeting_day:
            raise ValidationError(_("Ngày ban hành không được trước ngày họp."))
        if issued_on > timezone.localdate():
            raise ValidationError(_("Ngày ban hành không được sau ngày hôm nay."))
        DocumentRegister.objects.bulk_create(
            [DocumentRegister(committee_id=current.committee_id, year=issued_on.year)],
            ignore_conflicts=True,
        )
        register = DocumentRegister.objects.select_for_update().get(
            committee_id=current.committee_id, year=issued_on.year
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
        meeting = current.meeting
        if current.kind == DocumentKind.NOTICE:
            current.body = _notice_body(meeting)
        else:
            current.body = _minutes_body(meeting)
        current.recipients = _recipient_lines(current)
        now = timezone.now()
        current.status = DocumentStatus.ISSUED
        current.year = issued_on.year
        current.number = register.last_number
        current.issued_on = issued_on
        current.issued_at = now
        current.issued_by = user
        current.render_state = RenderState.QUEUED
        current.render_queued_at = now
        current.save()
        if current.kind == DocumentKind.NOTICE and meeting.state != MeetingState.NOTICE_ISSUED:
            meeting.state = MeetingState.NOTICE_ISSUED
            meeting.save(update_fields=["state", "updated_at"])
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


def _write_atomically(name: str, data: bytes) -> None:
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
        os.chmod(temporary, 0o640)
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
    try:
        pdf = document_pdf(document=document)
        _write_atomically(name, pdf)
    except Exception as exc:
        rows.update(render_state=RenderState.FAILED, render_error=f"{type(exc).__name__}: {exc}")
        raise
    rows.update(
        render_state=RenderState.READY,
        file=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        rendered_at=timezone.now(),
        render_error="",
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
