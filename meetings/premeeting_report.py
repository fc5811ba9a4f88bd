"""The report before a meeting: "Báo cáo kết quả thực hiện các kết luận của Ban Chỉ đạo".

A document of the meeting (`MeetingDocument`, kind "report"): drafted, edited, issued with a
register number and signed like the notices. For a meeting being prepared, every directive of
the committee's earlier meetings that is still open on the meeting day, and those completed
since the previous meeting, grouped by the notice that gave them, each with its lead unit,
deadline as written, state and timeliness on the meeting day and the unit's latest report; with
the grid totals. Statuses come from
`with_timeliness(meeting day)`, the dashboard's own derivation, so the report lists exactly the
open directives the dashboard counts for that day.

    blocks = report_blocks(meeting=meeting, opening=..., assessment=...)  # od blocks
    premeeting_report_build(meeting=meeting)   # an unsaved draft as an OfficialDocument

The secretariat edits the text parts (the opening and the assessment); the figures (sections I and
II) are generated from the live data while the report is a draft and frozen on the row when it is
issued, like a notice's conclusions: the signed report keeps the figures its signer saw.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Q
from django.utils import timezone

from steering import officialdoc as od
from steering.timeliness import GRID_COLUMNS, GridBucket, Timeliness
from steering.tracking import CLOSED_STATES
from steering.vndates import vn_short_date

from .models import Directive, DirectiveEvent, DocumentKind, EventKind, Meeting, MeetingDocument

OPEN_BUCKETS = (
    GridBucket.OPEN_WITHIN_DEADLINE,
    GridBucket.OPEN_OVERDUE,
    GridBucket.RECURRING,
    GridBucket.NO_DEADLINE,
)
REPORT_KINDS = (EventKind.PROGRESS, EventKind.COMPLETION)


@dataclasses.dataclass(frozen=True)
class ReportRow:
    directive: Directive
    status: str
    bucket: str
    latest_report: str


def _meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def premeeting_rows(*, meeting: Meeting) -> tuple[list[ReportRow], Meeting | None]:
    """The directives the report lists, in the order of their meetings and items, and the
    previous meeting (the start of "completed since")."""
    as_of = _meeting_day(meeting)
    earlier = Meeting.objects.filter(
        committee_id=meeting.committee_id, starts_at__lt=meeting.starts_at
    )
    previous = earlier.order_by("-starts_at").first()
    since = _meeting_day(previous) if previous else None
    directives = (
        Directive.objects.filter(conclusion__meeting__in=earlier)
        .with_timeliness(as_of)
        .select_related("lead_unit", "conclusion__meeting")
        .order_by("conclusion__meeting__starts_at", "conclusion__ordinal", "pk")
    )
    wanted = ~Q(state__in=CLOSED_STATES) | Q(completed_on__gt=as_of)  # open on the meeting day
    if since is not None:
        wanted |= Q(state="completed", completed_on__gt=since, completed_on__lte=as_of)
    rows = list(directives.filter(wanted))
    reports: dict[int, str] = {}
    events = (
        DirectiveEvent.objects.filter(directive__in=[d.pk for d in rows], kind__in=REPORT_KINDS)
        .filter(
            Q(reported_on__lte=as_of) | Q(reported_on__isnull=True, created_at__date__lte=as_of)
        )
        .order_by("directive_id", "-reported_on", "-created_at")
    )
    for event in events:
        if event.directive_id not in reports:
            day = event.reported_on or timezone.localtime(event.created_at).date()
            percent = f" ({event.percent} %)" if event.percent is not None else ""
            reports[event.directive_id] = f"{vn_short_date(day)}{percent}: {event.note.strip()}"
    return (
        [ReportRow(d, d.status, d.bucket, reports.get(d.pk, "")) for d in rows],
        previous,
    )


def _source_heading(meeting: Meeting, notices: dict[int, MeetingDocument]) -> str:
    notice = notices.get(meeting.pk)
    day = vn_short_date(_meeting_day(meeting))
    if notice is not None:
        issued = vn_short_date(notice.issued_on)
        return f"Thông báo số {notice.number_label} ngày {issued} ({meeting.display_title})"
    return f"Kết luận tại cuộc họp ngày {day}"


def _row_text(row: ReportRow) -> str:
    directive = row.directive
    unit = directive.lead_unit.display_name if directive.lead_unit_id else directive.lead_unit_text
    parts = [directive.content.strip().rstrip(".;") + "."]
    parts.append(f"Đơn vị chủ trì: {unit or '…'}.")
    if directive.deadline_text:
        parts.append(f"Thời hạn: {directive.deadline_text.strip().rstrip('.')}.")
    parts.append(f"Tình trạng: {Timeliness(row.status).label}.")
    if row.latest_report:
        parts.append(f"Báo cáo gần nhất {row.latest_report.rstrip('.')}.")
    return " ".join(parts)


def _totals(rows: list[ReportRow]) -> list:
    counts = dict.fromkeys(GRID_COLUMNS, 0)
    for row in rows:
        counts[row.bucket] += 1
    open_count = sum(counts[b] for b in OPEN_BUCKETS)
    table = od.Table(
        header=("Tình trạng tính đến ngày họp", "Số nhiệm vụ"),
        rows=tuple((str(GridBucket(b).label), f"{counts[b]:02d}") for b in GRID_COLUMNS),
        footer=("Tổng số", f"{len(rows):02d}"),
    )
    return [
        od.Paragraph(
            f"Tổng số {len(rows):02d} nhiệm vụ được báo cáo, trong đó {open_count:02d} nhiệm vụ "
            "chưa hoàn thành tính đến ngày họp:"
        ),
        table,
    ]


def report_default_opening(*, meeting: Meeting) -> str:
    """The opening a new draft starts with (the secretariat edits it)."""
    as_of = _meeting_day(meeting)
    previous = (
        Meeting.objects.filter(committee_id=meeting.committee_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    since = (
        f" và các nhiệm vụ hoàn thành từ sau cuộc họp ngày {vn_short_date(_meeting_day(previous))}"
        if previous
        else ""
    )
    return (
        "Thực hiện các kết luận của Ban Chỉ đạo tại các cuộc họp trước, cơ quan thường trực "
        f"báo cáo kết quả thực hiện đến ngày {vn_short_date(as_of)} (ngày họp) như sau: các "
        f"nhiệm vụ chưa hoàn thành{since}."
    )


def _paragraphs(text: str) -> list:
    return [od.Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def report_blocks(*, meeting: Meeting, opening: str, assessment: str) -> list:
    """The report's body: the edited opening, the generated figures (I: totals, II: each
    directive under the notice that gave it) and the edited assessment (III)."""
    rows, _previous = premeeting_rows(meeting=meeting)
    notices = {
        d.meeting_id: d
        for d in MeetingDocument.objects.issued()
        .filter(
            meeting_id__in={r.directive.conclusion.meeting_id for r in rows},
            kind=DocumentKind.NOTICE,
        )
        .order_by("meeting_id", "version")
    }
    body: list = [
        *_paragraphs(opening),
        od.SectionHeading("I", "Tổng hợp chung"),
        *_totals(rows),
        od.SectionHeading("II", "Kết quả thực hiện theo từng thông báo kết luận"),
    ]
    current = None
    number = point = 0
    for row in rows:
        source = row.directive.conclusion.meeting
        if source.pk != current:
            current, number, point = source.pk, number + 1, 0
            body.append(od.Topic(str(number), _source_heading(source, notices)))
        point += 1
        body.append(od.Point(f"{number}.{point}", _row_text(row)))
    if not rows:
        body.append(od.Paragraph("Không có nhiệm vụ nào chưa hoàn thành từ các cuộc họp trước."))
    if assessment.strip():
        body.append(od.SectionHeading("III", "Đánh giá chung và kiến nghị"))
        body.extend(_paragraphs(assessment))
    return body


def premeeting_report_build(*, meeting: Meeting) -> od.OfficialDocument:
    """An unsaved draft of the report with the defaults, as the renderer's document."""
    from .notice_content import meeting_document_preview

    return meeting_document_preview(meeting=meeting, kind=DocumentKind.REPORT)
