"""What a notice, minutes or report before the meeting says: header, signer, body, recipients.

`draft_defaults` fills a new draft from the committee and the meeting; `document_body` (a notice's
conclusions, a minutes' sections, a report's figures) and `recipient_lines` are what issuing
freezes on the row; `document_build` turns a `MeetingDocument` into the renderer's
`OfficialDocument` / `MinutesDocument`.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from steering import officialdoc as od
from steering.models import MemberRole, Membership, OrgKind, OrgUnit, SteeringCommittee
from steering.text import nfc
from steering.vndates import vn_short_date

from .models import AttendanceStatus, DocumentKind, Meeting, MeetingDocument
from .premeeting_report import report_blocks, report_default_opening

TYPE_ABBREVIATION = {
    DocumentKind.NOTICE: "TB",
    DocumentKind.MINUTES: "BB",
    DocumentKind.REPORT: "BC",
}
ATTENDEE_OPENERS = ("Các ", "Đại diện ", "Đồng chí ", "Lãnh đạo ", "Thành viên ")


# --- Defaults from the committee and the meeting -----------------------------------------------


def _upper(text: str) -> str:
    return nfc(text).strip().upper()


def _area_above(unit: OrgUnit | None) -> OrgUnit | None:
    while unit is not None and not unit.is_area:
        unit = unit.parent
    return unit


def committee_header_defaults(committee: SteeringCommittee, kind: str) -> dict:
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


_COMMITTEE_TITLE = re.compile(
    r"^(?P<vice>phó\s+)?trưởng\s+ban(?P<standing>\s+thường\s+trực)?\b", re.IGNORECASE
)


def _signer_fields(meeting: Meeting, membership: Membership | None, profile: str) -> dict:
    """Ô 7 from what was entered on the meeting ("Phó Chủ tịch UBND quận, Trưởng Ban chỉ đạo" →
    TM. BAN CHỈ ĐẠO / TRƯỞNG BAN / PHÓ CHỦ TỊCH UBND QUẬN; a Phó Trưởng Ban signs KT. TRƯỞNG BAN);
    the chair's membership only when the meeting names no title in the Ban."""
    parts = [p.strip() for p in nfc(meeting.chair_title).split(",") if p.strip()]
    match = index = None
    for i, part in enumerate(parts):
        if found := _COMMITTEE_TITLE.match(part):
            match, index = found, i
    if match is not None:
        position = ", ".join(parts[:index] + parts[index + 1 :])
        is_vice = bool(match["vice"])
        title = ("PHÓ TRƯỞNG BAN" if is_vice else "TRƯỞNG BAN") + (
            " THƯỜNG TRỰC" if match["standing"] else ""
        )
    else:
        role = membership.role if membership else MemberRole.CHAIR
        is_vice = role in {MemberRole.VICE_CHAIR, MemberRole.STANDING_VICE_CHAIR}
        title = _upper(MemberRole(role).label) if is_vice else "TRƯỞNG BAN"
        position = membership.position_in_agency if membership else ""
    if is_vice:
        authority = od.authority_line(kind="KT", body="Trưởng Ban", profile=profile)
    else:
        authority = od.authority_line(kind="TM", body="Ban Chỉ đạo", profile=profile)
    return {
        "signer_authority": authority,
        "signer_title": title,
        "signer_position": _upper(position),
    }


def draft_defaults(*, meeting: Meeting, kind: str) -> dict:
    committee = meeting.committee
    header = committee_header_defaults(committee, kind)
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
            **_signer_fields(meeting, membership, header["profile"]),
        )
    elif kind == DocumentKind.REPORT:
        day = vn_short_date(timezone.localtime(meeting.starts_at).date())
        fields.update(
            subject=(
                f"Kết quả thực hiện các kết luận của Ban Chỉ đạo\n(phục vụ cuộc họp ngày {day})"
            ),
            opening=report_default_opening(meeting=meeting),
            **_signer_fields(meeting, membership, header["profile"]),
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
    cls.kind: cls
    for cls in (od.Paragraph, od.SectionHeading, od.Topic, od.Point, od.BulletList, od.Table)
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
        blocks.extend(_topic_body(conclusion, numbered_points=numbered_points))
    return blocks


def _topic_body(conclusion, *, numbered_points: bool) -> list:
    """The topic's conclusion text and its assignments in the pasted order.

    A directive's `position` counts the paragraphs and assignments before it, so the paragraphs
    fill the positions the directives leave free; a directive without one (added later) follows
    all the text. A group (one sentence, several lead units) is one assignment, written once.
    """
    paragraphs = [p for p in conclusion.text.splitlines() if p.strip()]
    directives = sorted(
        conclusion.directives.all(),
        key=lambda d: (d.position is None, d.position or 0, d.pk),
    )
    assignments, groups = [], set()
    for directive in directives:
        if directive.group:
            if directive.group in groups:
                continue
            groups.add(directive.group)
        assignments.append(directive)
    numbered = numbered_points and conclusion.number and len(assignments) > 1
    blocks: list = []
    pending = iter(paragraphs)
    slot = 0
    for index, directive in enumerate(assignments, start=1):
        until = directive.position if directive.position is not None else len(paragraphs) + slot
        while slot < until and (paragraph := next(pending, None)) is not None:
            blocks.append(od.Paragraph(paragraph))
            slot += 1
        number = f"{conclusion.number}.{index}" if numbered else ""
        blocks.append(od.Point(number, directive.content, deadline=directive.deadline_text))
        slot += 1
    blocks.extend(od.Paragraph(paragraph) for paragraph in pending)
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


def notice_body(*, meeting: Meeting) -> dict:
    blocks = _opening_paragraphs(meeting) + _conclusion_blocks(meeting)
    return {"blocks": [_block_to_json(b) for b in blocks]}


def report_body(*, document: MeetingDocument) -> dict:
    """The report's blocks: the draft's edited text parts around the figures of today."""
    blocks = report_blocks(
        meeting=document.meeting, opening=document.opening, assessment=document.assessment
    )
    return {"blocks": [_block_to_json(b) for b in blocks]}


def document_body(*, document: MeetingDocument) -> dict:
    """What issuing freezes on the row (and what a draft renders from the live data)."""
    if document.kind == DocumentKind.NOTICE:
        return notice_body(meeting=document.meeting)
    if document.kind == DocumentKind.REPORT:
        return report_body(document=document)
    return minutes_body(meeting=document.meeting)


def minutes_body(*, meeting: Meeting) -> dict:
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


def recipient_lines(*, document: MeetingDocument) -> list[str]:
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
    elif document.kind == DocumentKind.REPORT:
        recipients.append(
            od.Recipient("Trưởng ban, các Phó Trưởng ban Ban Chỉ đạo", od.RecipientPurpose.BAO_CAO)
        )
        recipients.append(od.Recipient("Các đ/c thành viên Ban Chỉ đạo"))
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
    if document.is_draft:
        body = document_body(document=document)
        recipients = recipient_lines(document=document)
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
    if document.kind in {DocumentKind.NOTICE, DocumentKind.REPORT}:
        return od.OfficialDocument(
            **header,
            doc_type="THÔNG BÁO" if document.kind == DocumentKind.NOTICE else "BÁO CÁO",
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


def meeting_document_preview(
    *, meeting: Meeting, kind: str
) -> od.OfficialDocument | od.MinutesDocument:
    """A draft that is not saved (`render_notice` uses it): no number is reserved."""
    document = MeetingDocument(
        meeting=meeting,
        committee=meeting.committee,
        kind=kind,
        **draft_defaults(meeting=meeting, kind=kind),
    )
    return document_build(document=document)
