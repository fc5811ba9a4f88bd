"""Demo meetings from the seeds: Long Biên 03/01/2018 and 17/10/2019, Hà Nội 04/3/2015.

Conclusions are entered the way the secretariat does it: the seed text goes through the same
parser and services as the paste page. Progress on the directives is sample data chosen so that
every timeliness category appears; it is marked as such in the notes.
"""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from steering import workflow
from steering.models import OrgUnit, Person, SteeringCommittee

from . import services
from .conclusion_parser import DirectiveSuggestion
from .models import (
    Directive,
    DirectiveEvent,
    EventKind,
    Meeting,
    MeetingKind,
    MeetingState,
    ReportHeard,
)
from .selectors import parse_for_meeting

DATA = Path(__file__).resolve().parent / "demo_data"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SAMPLE = "[Dữ liệu mẫu] "

MEETINGS = [
    {
        "committee": "lb-bcd-cntt",
        "starts_at": datetime.datetime(2018, 1, 3, 8, 0, tzinfo=TZ),
        "kind": MeetingKind.BRIEFING,
        "number_in_year": 1,
        "venue": "Trụ sở Quận ủy Long Biên",
        "chair": "Đỗ Mạnh Hải",
        "chair_title": "Bí thư Quận ủy - Chủ tịch HĐND quận, Trưởng Ban chỉ đạo",
        "attendees_summary": "Các đồng chí thành viên Ban chỉ đạo ứng dụng CNTT quận.",
        "text": "long_bien_2018_01_03.txt",
        "reports": [
            "Báo cáo kết quả đánh giá mô hình Một cửa Quận, Phường 2017",
            "Báo cáo kết quả đánh giá mô hình Cơ quan điện tử Phường 2017",
            "Dự thảo khung mô hình cấp quận và tiêu chí thực hiện năm 2018",
            "Dự thảo Kế hoạch ứng dụng CNTT năm 2018",
        ],
    },
    {
        "committee": "lb-bcd-cntt",
        "starts_at": datetime.datetime(2019, 10, 17, 8, 0, tzinfo=TZ),
        "kind": MeetingKind.BRIEFING,
        "number_in_year": 10,
        "venue": "Trụ sở Quận ủy Long Biên",
        "chair": "Đỗ Mạnh Hải",
        "chair_title": "Bí thư Quận ủy - Chủ tịch HĐND quận, Trưởng Ban chỉ đạo",
        "attendees_summary": "Các đồng chí thành viên Ban chỉ đạo ứng dụng CNTT quận.",
        "text": "long_bien_2019_10_17.txt",
        "reports": [
            "Báo cáo đánh giá kết quả thực hiện Đề án, Kế hoạch CNTT và các ý kiến chỉ đạo "
            "của Ban chỉ đạo CNTT quận năm 2019",
            "Tiến độ thực hiện các Dự án CNTT",
        ],
        "opinion_requests": [
            "Triển khai 03 nhóm dự án CNTT",
            "Triển khai Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ",
            "Thí điểm sử dụng dịch vụ quản lý máy tính, dữ liệu trực tuyến",
        ],
    },
    {
        "committee": "hn-bcd-cntt-2015",
        "starts_at": datetime.datetime(2015, 3, 4, 8, 30, tzinfo=TZ),
        "kind": MeetingKind.REVIEW,
        "number_in_year": 1,
        "title": "Họp Ban Chỉ đạo Ứng dụng CNTT Thành phố Hà Nội Quý I/2015",
        "venue": "Trụ sở UBND Thành phố Hà Nội",
        "chair": "Nguyễn Thị Bích Ngọc",
        "chair_title": (
            "Phó Bí thư Thành ủy, Phó Chủ tịch UBND Thành phố, Trưởng Ban Chỉ đạo Ứng dụng "
            "CNTT Thành phố"
        ),
        "attendees_summary": "Các đồng chí thành viên Ban Chỉ đạo Ứng dụng CNTT Thành phố.",
        "text": "hanoi_2015_03_04.txt",
        "reports": [
            "Báo cáo kết quả diễn tập “Đảm bảo an toàn thông tin số trong cơ quan nhà nước "
            "thành phố Hà Nội năm 2014”",
            "Báo cáo kết quả triển khai chương trình ứng dụng CNTT năm 2014",
        ],
    },
]


# The note on the "giao nhiệm vụ" step of a demo directive whose sentence names no unit.
UNIT_LESS_NOTE = (
    SAMPLE + "Câu kết luận này không nêu đơn vị chủ trì; bản demo giao cơ quan thường trực "
    "của Ban Chỉ đạo ({unit}), như thư ký sẽ chọn ở bước xem trước."
)
GUESSED_NOTE = (
    SAMPLE + "Câu kết luận này không nêu đơn vị; đơn vị chủ trì ({unit}) là đơn vị câu trước "
    "trong cùng đoạn đã nêu."
)


def _lead_of(item: DirectiveSuggestion, units: dict, meeting: Meeting) -> tuple[OrgUnit, str]:
    """The unit the seed text names for a directive, and the note the demo adds when it names
    none: only a sentence that names no unit (nor continues a named one) goes to the standing
    agency, and its history says so."""
    named = units.get(item.lead_unit_id) if item.lead_unit_matched else None
    if named is not None:
        note = GUESSED_NOTE.format(unit=named.display_name) if item.lead_guessed else ""
        return named, note
    standing = meeting.committee.standing_agency
    return standing, UNIT_LESS_NOTE.format(unit=standing.display_name)


def _record(meeting: Meeting, text: str, user) -> None:
    """Save a seed notice as the parser reads it: every suggestion a directive, the other
    sentences the topics' conclusion text, in order. Each directive's lead unit is the one its
    text names; a sentence naming none goes to the standing agency, noted on its history."""
    parsed = parse_for_meeting(meeting=meeting, text=text)
    units = OrgUnit.objects.in_bulk([d.lead_unit_id for d in parsed.directives if d.lead_unit_id])
    support_ids = {u.id for d in parsed.directives for u in d.supporting_units if u.id}
    supporting = OrgUnit.objects.in_bulk(list(support_ids))
    topics, notes = [], []
    for topic in parsed.topics:
        draft = services.TopicDraft(
            number=topic.number,
            title=topic.title,
            section=topic.section,
            section_title=topic.section_title,
        )
        for item in topic.items:
            if isinstance(item, DirectiveSuggestion):
                lead, note = _lead_of(item, units, meeting)
                notes.append((item.text, lead, note))
                draft.items.append(
                    services.DirectiveDraft(
                        content=item.text,
                        lead_unit=lead,
                        supporting_units=[supporting[u.id] for u in item.supporting_units if u.id],
                        report_to=item.report_to or "",
                        deadline_text=item.deadline_text or "",
                        item=item.item,
                        group=item.group or "",
                    )
                )
            else:
                draft.items.append(services.TextDraft(text=item.text))
        topics.append(draft)
    services.conclusions_record(meeting=meeting, topics=topics, user=user)
    for content, lead, note in notes:
        if note:
            DirectiveEvent.objects.filter(
                directive__conclusion__meeting=meeting,
                directive__content=content,
                directive__lead_unit=lead,
                kind=EventKind.CREATED,
            ).update(note=note)


def _complete(directive, *, on, officer, reviewer):
    workflow.task_report(
        task=directive,
        user=officer,
        note=SAMPLE + "Đơn vị đã hoàn thành nhiệm vụ, gửi kèm văn bản.",
        percent=100,
        completed=True,
        reported_on=on,
        files=[ContentFile(b"%PDF-1.4\n% demo\n", name="bao-cao-hoan-thanh.pdf")],
    )
    workflow.task_confirm(task=directive, user=reviewer)


def _progress(directives, users) -> None:
    """Sample progress so that every timeliness category shows on today's dashboards."""
    today = timezone.localdate()
    secretariat, chair = users["secretariat"], users["chair"]
    dated = [d for d in directives if d.due_date]
    # Completed on time, late, on time.
    for directive, days in zip(dated[:3], (-5, 12, -2), strict=False):
        on = directive.due_date + datetime.timedelta(days=days)
        _complete(directive, on=on, officer=secretariat, reviewer=chair)
    # In progress and overdue.
    if len(dated) > 3:
        workflow.task_report(
            task=dated[3],
            user=secretariat,
            note=SAMPLE + "Đang triển khai, đã hoàn thành dự thảo.",
            percent=60,
            completed=False,
            reported_on=dated[3].due_date - datetime.timedelta(days=3),
        )
    # Extensions approved by the chair into the future: one due soon, one on track.
    for directive, days in zip(dated[4:6], (4, 45), strict=False):
        extension = workflow.task_extension_request(
            task=directive,
            user=secretariat,
            requested_due_date=today + datetime.timedelta(days=days),
            reason=SAMPLE + "Cần thêm thời gian để hoàn thiện hồ sơ.",
        )
        workflow.task_extension_decide(extension=extension, user=chair, approve=True)
    # Completed, where the conclusion set no deadline.
    undated = [d for d in directives if not d.due_date and d.deadline_kind == "none"]
    if undated:
        meeting_day = timezone.localtime(undated[-1].conclusion.meeting.starts_at).date()
        _complete(
            undated[-1],
            on=meeting_day + datetime.timedelta(days=30),
            officer=secretariat,
            reviewer=chair,
        )
    # A ward supports two directives, so that ward1's inbox is not empty.
    bo_de = OrgUnit.objects.get(code="HN-LB-BODE")
    for directive in directives[:2]:
        directive.supporting_units.add(bo_de)


# Directives of 17/10/2019 that decided on the seed's IT projects: (start of the text, code).
PROJECT_LINKS = [
    ("Với 226 camera", "LB-CAMERA-226"),
    ("Với Đề án mở rộng camera", "LB-CAMERA-MR"),
    ("Xin ý kiến chỉ đạo của Thành ủy", "LB-TBTT-QU"),
    ("Giao cơ quan thường trực Ban chỉ đạo CNTT lên phương án", "LB-MAYTINH-TT"),
]


def _link_projects(meeting: Meeting) -> None:
    """Directives name the project they decide on; the project's status change cites them."""
    from django.contrib.contenttypes.models import ContentType

    from projects.models import ITProject

    projects = {
        p.code: p for p in ITProject.objects.filter(code__in=[c for _t, c in PROJECT_LINKS])
    }
    day = timezone.localtime(meeting.starts_at).date()
    directive_type = ContentType.objects.get_for_model(Directive)
    for start, code in PROJECT_LINKS:
        project = projects.get(code)
        directive = Directive.objects.filter(
            conclusion__meeting=meeting, content__startswith=start
        ).first()
        if project is None or directive is None:
            continue
        directive.project = project
        directive.save(update_fields=["project", "updated_at"])
        project.status_changes.filter(changed_on=day, decision_object_id__isnull=True).update(
            decision_content_type=directive_type, decision_object_id=directive.pk
        )


def _demo_signing_keys() -> None:
    """`make run` signs issued documents with demo keys: a demo CA, the chair's and the
    committee's certificates ("DEMO" in each subject), kept under DOCUMENT_SIGNING_DIR."""
    from django.conf import settings

    from steering import signing

    if signing.backend() == "demo":
        signing.demo_keys_create(settings.DOCUMENT_SIGNING_DIR)


def load() -> None:
    _demo_signing_keys()
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["secretariat", "chair", "ward1", "admin"])
    }
    created = []
    for spec in MEETINGS:
        committee = SteeringCommittee.objects.get(code=spec["committee"])
        meeting = Meeting.objects.filter(committee=committee, starts_at=spec["starts_at"]).first()
        if meeting is not None:
            continue  # already loaded: the demo never rewrites what it created
        chair = Person.objects.filter(full_name=spec["chair"]).first()
        meeting = services.meeting_create(
            committee=committee,
            kind=spec["kind"],
            number_in_year=spec["number_in_year"],
            title=spec.get("title", ""),
            starts_at=spec["starts_at"],
            ends_at=spec["starts_at"] + datetime.timedelta(hours=3),
            venue=spec["venue"],
            chair=chair,
            chair_title=spec["chair_title"],
            attendees_summary=spec["attendees_summary"],
            state=MeetingState.HELD,
        )
        for ordinal, title in enumerate(spec["reports"], start=1):
            ReportHeard.objects.create(
                meeting=meeting,
                ordinal=ordinal,
                title=title,
                reporting_unit=committee.standing_agency,
            )
        for ordinal, title in enumerate(spec.get("opinion_requests", []), start=100):
            ReportHeard.objects.create(
                meeting=meeting,
                ordinal=ordinal,
                title=title,
                is_opinion_request=True,
                reporting_unit=committee.standing_agency,
            )
        _record(meeting, (DATA / spec["text"]).read_text(encoding="utf-8"), users.get("admin"))
        _link_projects(meeting)
        created.append(meeting)
    long_bien = [m for m in created if m.committee.code == "lb-bcd-cntt"]
    if long_bien:
        directives = Directive.objects.filter(conclusion__meeting__in=long_bien)
        _progress(list(directives.order_by("conclusion__meeting__starts_at", "pk")), users)

    # Both eras around the 2025 reform: the old wards' last tasks, the city's and the new
    # wards' NQ 57 committees at work.
    from . import demo_2025

    demo_2025.load()
