"""Demo meetings of both eras around the 2025 reform (sources: docs/domain/reform-2025.md).

- A Long Biên committee meeting of May 2025 [illustrative] gives three old wards tasks that are
  still open when the wards end on 30/6/2025: their successors inherit them.
- The city BCĐ 57: 12/8/2025 [illustrative date] passes Thông báo 408/TB-VPCP of 8/8/2025 down to
  the wards (commune-level online public services before 15/8/2025) [S7]; 14/11/2025 [S1–S4] and
  25/12/2025 [S5] as reported by the press; 9/7/2026 [illustrative].
- Each of the four wards' BCĐ 57 meets in January 2026 and turns the city's tasks into tasks for
  its offices [illustrative wording].

Progress (who reported what, when) is sample data chosen so that the city sees one ward on time
and another overdue on the same task; it is marked "[Dữ liệu mẫu]" in the reports' notes.
Tasks are entered with their units picked, the way the secretariat confirms a paste.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from steering import workflow
from steering.models import OrgUnit, Person, SteeringCommittee

from . import services
from .models import Directive, Meeting, MeetingKind, MeetingState, ReportHeard

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date
SAMPLE = "[Dữ liệu mẫu] "
WARDS = ("HN-P-BODE", "HN-P-LONGBIEN", "HN-P-VIETHUNG", "HN-P-PHUCLOI")

# Outcomes: ("done", reported on) | ("progress", reported on, percent) | absent: not started.

LONG_BIEN_2025 = {
    "committee": "lb-bcd-cntt",
    "starts_at": datetime.datetime(2025, 5, 15, 8, 0, tzinfo=TZ),
    "kind": MeetingKind.BRIEFING,
    "number_in_year": 5,
    "title": "Họp giao ban Ban chỉ đạo tháng 5/2025 (dữ liệu mẫu)",
    "venue": "Trụ sở Quận ủy Long Biên",
    "chair_title": "Bí thư Quận ủy, Trưởng Ban chỉ đạo",
    "attendees_summary": "Các đồng chí thành viên Ban chỉ đạo; đại diện UBND 14 phường.",
    "reports": ["Báo cáo chuẩn bị bàn giao hồ sơ, dữ liệu số khi sắp xếp đơn vị hành chính"],
    "topics": [
        (
            "1",
            "Về bàn giao hồ sơ, dữ liệu số khi sắp xếp đơn vị hành chính cấp xã",
            "Thực hiện Nghị quyết số 1656/NQ-UBTVQH15, từ ngày 01/7/2025 quận và các phường "
            "kết thúc hoạt động; hồ sơ, dữ liệu số phải được bàn giao đầy đủ cho phường mới.",
            [
                (
                    "Hoàn thành số hóa hồ sơ hộ tịch lưu trữ tại phường, bàn giao dữ liệu cho "
                    "đơn vị hành chính mới",
                    ["HN-LB-BODE"],
                    "trước ngày 30/9/2025",
                    {"HN-LB-BODE": ("progress", D(2025, 6, 20), 60)},
                ),
                (
                    "Rà soát, bàn giao tài khoản các hệ thống thông tin của phường cho phường mới",
                    ["HN-LB-NGOCLAM"],
                    "trước ngày 25/6/2025",
                    {"HN-LB-NGOCLAM": ("done", D(2025, 6, 24))},
                ),
                (
                    "Chuyển dữ liệu Trang thông tin điện tử phường sang cổng thông tin của đơn vị "
                    "hành chính mới",
                    ["HN-LB-VIETHUNG"],
                    "trước ngày 31/7/2025",
                    {},
                ),
            ],
        ),
    ],
}

CITY_MEETINGS = [
    {
        "starts_at": datetime.datetime(2025, 8, 12, 14, 0, tzinfo=TZ),
        "kind": MeetingKind.THEMATIC,
        "number_in_year": 1,
        "title": "Triển khai Thông báo số 408/TB-VPCP ngày 08/8/2025 của Văn phòng Chính phủ",
        "venue": "Trụ sở Thành ủy Hà Nội, trực tuyến đến 126 xã, phường",
        "chair": "Trương Việt Dũng",
        "chair_title": "Phó Chủ tịch UBND Thành phố, Phó Trưởng Ban Chỉ đạo",
        "attendees_summary": "Thành viên Ban Chỉ đạo; lãnh đạo UBND các xã, phường.",
        "reports": [
            "Thông báo số 408/TB-VPCP ngày 08/8/2025 kết luận Phiên họp lần thứ ba của Ban Chỉ "
            "đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số "
            "và Đề án 06"
        ],
        "topics": [
            (
                "1",
                "Về cung cấp dịch vụ công trực tuyến cấp xã",
                "Ban Chỉ đạo quán triệt Thông báo số 408/TB-VPCP ngày 08/8/2025 của Văn phòng "
                "Chính phủ; yêu cầu các xã, phường hoàn thành đúng thời hạn Chính phủ giao.",
                [
                    (
                        "Hoàn thành cung cấp dịch vụ công trực tuyến đối với thủ tục hành chính "
                        "cấp xã; kiểm tra, chấn chỉnh, chấm dứt tình trạng yêu cầu người dân, "
                        "doanh nghiệp nộp giấy tờ đã có trong cơ sở dữ liệu",
                        list(WARDS),
                        "trước ngày 15/8/2025",
                        {
                            "HN-P-BODE": ("done", D(2025, 8, 14)),
                            "HN-P-LONGBIEN": ("done", D(2025, 8, 19)),
                            "HN-P-PHUCLOI": ("done", D(2025, 8, 15)),
                            "HN-P-VIETHUNG": ("progress", D(2025, 8, 14), 80),
                        },
                    ),
                    (
                        "Tổng hợp, báo cáo Ban Chỉ đạo kết quả cung cấp dịch vụ công trực tuyến "
                        "của 126 xã, phường",
                        ["HN-SKHCN"],
                        "trước ngày 20/8/2025",
                        {"HN-SKHCN": ("done", D(2025, 8, 20))},
                    ),
                ],
            ),
        ],
    },
    {
        "starts_at": datetime.datetime(2025, 11, 14, 14, 0, tzinfo=TZ),
        "kind": MeetingKind.REVIEW,
        "number_in_year": 2,
        "title": "Hội nghị đánh giá tiến độ thực hiện Nghị quyết số 57-NQ/TW; nhiệm vụ trọng tâm "
        "2 tháng cuối năm 2025 và năm 2026",
        "venue": "Trụ sở Thành ủy Hà Nội, trực tuyến đến 212 điểm cầu",
        "chair": "Nguyễn Duy Ngọc",
        "chair_title": "Ủy viên Bộ Chính trị, Bí thư Thành ủy, Trưởng Ban Chỉ đạo",
        "attendees_summary": "3.152 đại biểu tại 212 điểm cầu: sở, ban, ngành, xã, phường.",
        "reports": [
            "Báo cáo tiến độ thực hiện Nghị quyết số 57-NQ/TW năm 2025 (197 nhiệm vụ được giao; "
            "187 nhiệm vụ Trung ương giao, đã hoàn thành 98: 83 đúng hạn, 15 quá hạn)"
        ],
        "topics": [
            (
                "1",
                "Về các nhiệm vụ trọng tâm đến hết năm 2025",
                "Hội nghị chỉ ra 17 nhóm tồn tại, hạn chế và 11 nguyên nhân; yêu cầu không chủ "
                "quan, thỏa mãn, nhìn thẳng vào sự thật.",
                [
                    (
                        "Đưa vào hoạt động Trung tâm Đổi mới sáng tạo; hoàn thiện Sàn Giao dịch "
                        "công nghệ và Quỹ Đầu tư mạo hiểm thành phố",
                        ["HN-SKHCN"],
                        "trong tháng 12/2025",
                        {"HN-SKHCN": ("done", D(2025, 12, 25))},
                    ),
                    (
                        "Rà soát, làm sạch dữ liệu dân cư, đất đai phục vụ giải quyết thủ tục "
                        "hành chính; nâng tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành "
                        "chính",
                        list(WARDS),
                        "trước ngày 31/12/2025",
                        {
                            "HN-P-BODE": ("done", D(2025, 12, 29)),
                            "HN-P-LONGBIEN": ("done", D(2025, 12, 30)),
                            "HN-P-PHUCLOI": ("done", D(2025, 12, 26)),
                            "HN-P-VIETHUNG": ("done", D(2026, 1, 20)),
                        },
                    ),
                ],
            ),
        ],
    },
    {
        "starts_at": datetime.datetime(2025, 12, 25, 8, 0, tzinfo=TZ),
        "kind": MeetingKind.REVIEW,
        "number_in_year": 3,
        "title": "Hội nghị sơ kết 01 năm thực hiện Nghị quyết số 57-NQ/TW; hành động thực hiện "
        "Nghị quyết 57 - Hà Nội 2026",
        "venue": "Cung Thanh niên Hà Nội",
        "chair": "Nguyễn Duy Ngọc",
        "chair_title": "Ủy viên Bộ Chính trị, Bí thư Thành ủy, Trưởng Ban Chỉ đạo",
        "attendees_summary": "Lãnh đạo Thành phố, các sở, ngành, xã, phường; ra mắt Mạng lưới "
        "đổi mới sáng tạo Hà Nội.",
        "reports": ["Báo cáo sơ kết 01 năm thực hiện Nghị quyết số 57-NQ/TW"],
        "topics": [
            (
                "1",
                "Về 9 nhiệm vụ trọng tâm năm 2026",
                "Thành phố dành 4% ngân sách (hơn 9.000 tỷ đồng) cho khoa học, công nghệ, đổi "
                "mới sáng tạo và chuyển đổi số; mọi nhiệm vụ phải ra sản phẩm cụ thể.",
                [
                    (
                        "Ban hành kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026 của phường, "
                        "giao nhiệm vụ theo phương châm “5 rõ”: rõ việc, rõ người, rõ trách "
                        "nhiệm, rõ tiến độ, rõ sản phẩm",
                        list(WARDS),
                        "trước ngày 31/01/2026",
                        {
                            "HN-P-BODE": ("done", D(2026, 1, 20)),
                            "HN-P-LONGBIEN": ("done", D(2026, 1, 25)),
                            "HN-P-PHUCLOI": ("done", D(2026, 2, 5)),
                            "HN-P-VIETHUNG": ("done", D(2026, 1, 28)),
                        },
                    ),
                    (
                        "Bảo đảm 100% hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trên môi "
                        "trường điện tử; 100% văn bản đi được ký số",
                        list(WARDS),
                        "trước ngày 31/12/2026",
                        {
                            "HN-P-BODE": ("progress", D(2026, 11, 25), 80),
                            "HN-P-LONGBIEN": ("progress", D(2026, 10, 30), 90),
                            "HN-P-PHUCLOI": ("progress", D(2026, 9, 30), 60),
                        },
                    ),
                ],
            ),
        ],
    },
    {
        "starts_at": datetime.datetime(2026, 7, 9, 14, 0, tzinfo=TZ),
        "kind": MeetingKind.BRIEFING,
        "number_in_year": 2,
        "title": "Phiên họp sơ kết 6 tháng đầu năm 2026 (dữ liệu mẫu)",
        "venue": "Trụ sở Thành ủy Hà Nội",
        "chair": "Trương Việt Dũng",
        "chair_title": "Phó Chủ tịch UBND Thành phố, Phó Trưởng Ban Chỉ đạo",
        "attendees_summary": "Thành viên Ban Chỉ đạo; lãnh đạo UBND các xã, phường.",
        "reports": ["Báo cáo kết quả 6 tháng đầu năm 2026 (dữ liệu mẫu)"],
        "topics": [
            (
                "1",
                "Về tự đánh giá theo Kế hoạch số 02-KH/BCĐTW",
                "Các xã, phường cập nhật kết quả các tiêu chí, minh chứng đầy đủ.",
                [
                    (
                        "Hoàn thành tự đánh giá, cập nhật kết quả các tiêu chí theo Kế hoạch số "
                        "02-KH/BCĐTW kèm minh chứng",
                        list(WARDS),
                        "trước ngày 15/12/2026",
                        {
                            "HN-P-BODE": ("done", D(2026, 11, 30)),
                            "HN-P-LONGBIEN": ("progress", D(2026, 11, 20), 50),
                        },
                    ),
                    (
                        "Duy trì Tổ công nghệ số cộng đồng tại 100% tổ dân phố; triển khai phong "
                        "trào “Bình dân học vụ số”",
                        list(WARDS),
                        "Quý I/2027",
                        {},
                    ),
                ],
            ),
        ],
    },
]

# Each ward's January 2026 meeting: (ward, day, [(office suffix, task, deadline, outcome,
# (city meeting index, city topic task index) it breaks down)]).
WARD_MEETINGS = [
    (
        "HN-P-BODE",
        D(2026, 1, 15),
        [
            (
                "VP",
                "Tham mưu Đảng ủy ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026 "
                "của phường",
                "trước ngày 20/01/2026",
                ("done", D(2026, 1, 19)),
                (2, 0),
            ),
            (
                "TTHCC",
                "Tiếp nhận, giải quyết 100% hồ sơ thủ tục hành chính trên môi trường điện tử; số "
                "hóa hồ sơ, kết quả giải quyết",
                "trước ngày 30/11/2026",
                ("done", D(2026, 11, 25)),
                (2, 1),
            ),
            (
                "VP",
                "Bảo đảm 100% văn bản đi của UBND phường được ký số, gửi nhận trên môi trường "
                "điện tử",
                "trước ngày 30/11/2026",
                ("progress", D(2026, 11, 20), 85),
                (2, 1),
            ),
            (
                "VHXH",
                "Duy trì Tổ công nghệ số cộng đồng tại 100% tổ dân phố",
                "thường xuyên",
                ("progress", D(2026, 10, 31), 70),
                None,
            ),
            (
                "CA",
                "Kích hoạt tài khoản định danh điện tử mức 2 cho công dân từ 14 tuổi trở lên "
                "(Đề án 06)",
                "Quý II/2026",
                ("done", D(2026, 6, 20)),
                None,
            ),
        ],
    ),
    (
        "HN-P-LONGBIEN",
        D(2026, 1, 12),
        [
            (
                "VP",
                "Tham mưu Đảng ủy ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026 "
                "của phường",
                "trước ngày 20/01/2026",
                ("done", D(2026, 1, 22)),
                (2, 0),
            ),
            (
                "KTHTDT",
                "Vận hành Bản đồ số phường Long Biên tích hợp dữ liệu dân cư, đất đai, giải phóng "
                "mặt bằng, trật tự đô thị",
                "Quý I/2026",
                ("done", D(2026, 3, 30)),
                None,
            ),
        ],
    ),
    (
        "HN-P-VIETHUNG",
        D(2026, 1, 22),
        [
            (
                "TTHCC",
                "Tiếp nhận, giải quyết 100% hồ sơ thủ tục hành chính trên môi trường điện tử",
                "trước ngày 30/11/2026",
                {},
                (2, 1),
            ),
        ],
    ),
    (
        "HN-P-PHUCLOI",
        D(2026, 1, 16),
        [
            (
                "VP",
                "Tham mưu Đảng ủy ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026 "
                "của phường",
                "trước ngày 31/01/2026",
                ("done", D(2026, 2, 3)),
                (2, 0),
            ),
            (
                "VHXH",
                "Triển khai phong trào “Bình dân học vụ số” tại các tổ dân phố",
                "Quý II/2026",
                ("progress", D(2026, 6, 15), 70),
                None,
            ),
        ],
    ),
]


def _units(codes) -> dict[str, OrgUnit]:
    return {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}


def _meeting(committee, spec, user) -> tuple[Meeting, bool]:
    """The meeting of `spec`, created with its reports if it does not exist yet."""
    meeting = Meeting.objects.filter(committee=committee, starts_at=spec["starts_at"]).first()
    if meeting is not None:
        return meeting, False
    chair = Person.objects.filter(full_name=spec.get("chair", "")).first()
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
    for ordinal, title in enumerate(spec.get("reports", []), start=1):
        ReportHeard.objects.create(
            meeting=meeting, ordinal=ordinal, title=title, reporting_unit=committee.standing_agency
        )
    return meeting, True


def _record(meeting, topics, user) -> list[list[list[Directive]]]:
    """Save the topics; returns, per topic and task, the directives (one per unit, in order)."""
    codes = {code for _n, _t, _x, tasks in topics for _c, leads, _d, _o in tasks for code in leads}
    units = _units(codes)
    drafts = []
    for t_index, (number, title, text, tasks) in enumerate(topics):
        items = [services.TextDraft(text=text)]
        for k_index, (content, leads, deadline, _outcome) in enumerate(tasks):
            group = f"demo-{meeting.pk}-{t_index}-{k_index}" if len(leads) > 1 else ""
            items.extend(
                services.DirectiveDraft(
                    content=content, lead_unit=units[code], deadline_text=deadline, group=group
                )
                for code in leads
            )
        drafts.append(services.TopicDraft(number=number, title=title, items=items))
    services.conclusions_record(meeting=meeting, topics=drafts, user=user)
    result = []
    for conclusion, (_n, _t, _x, tasks) in zip(
        meeting.conclusions.order_by("ordinal"), topics, strict=True
    ):
        directives = list(conclusion.directives.select_related("lead_unit").order_by("pk"))
        per_task, start = [], 0
        for _content, leads, _d, _o in tasks:
            per_task.append(directives[start : start + len(leads)])
            start += len(leads)
        result.append(per_task)
    return result


def _apply(directive, outcome, *, officer, reviewer) -> None:
    """Report the sample outcome on a directive: completed (and confirmed) or in progress."""
    if not outcome:
        return
    if outcome[0] == "done":
        workflow.task_report(
            task=directive,
            user=officer,
            note=SAMPLE + "Đã hoàn thành, gửi kèm báo cáo kết quả.",
            percent=100,
            completed=True,
            reported_on=outcome[1],
            files=[ContentFile(b"%PDF-1.4\n% demo\n", name="bao-cao-ket-qua.pdf")],
        )
        workflow.task_confirm(task=directive, user=reviewer)
    else:
        workflow.task_report(
            task=directive,
            user=officer,
            note=SAMPLE + "Đang triển khai theo kế hoạch.",
            percent=outcome[2],
            completed=False,
            reported_on=outcome[1],
        )


def _long_bien_2025(users) -> None:
    committee = SteeringCommittee.objects.get(code=LONG_BIEN_2025["committee"])
    meeting, created = _meeting(committee, LONG_BIEN_2025, users["admin"])
    if not created:
        return
    recorded = _record(meeting, LONG_BIEN_2025["topics"], users["admin"])
    for (_n, _t, _x, tasks), per_task in zip(LONG_BIEN_2025["topics"], recorded, strict=True):
        for (_c, _leads, _d, outcomes), directives in zip(tasks, per_task, strict=True):
            for directive in directives:
                _apply(
                    directive,
                    outcomes.get(directive.lead_unit.code),
                    officer=users["ward1"],
                    reviewer=users["secretariat"],
                )


def _city(users) -> list[list[list[list[Directive]]]] | None:
    committee = SteeringCommittee.objects.get(code="hn-bcd-57")
    recorded_all = []
    for spec in CITY_MEETINGS:
        meeting, created = _meeting(committee, spec, users["city_secretariat"])
        if not created:
            return None  # already loaded: the demo never rewrites what it created
        recorded = _record(meeting, spec["topics"], users["city_secretariat"])
        for (_n, _t, _x, tasks), per_task in zip(spec["topics"], recorded, strict=True):
            for (_c, _leads, _d, outcomes), directives in zip(tasks, per_task, strict=True):
                for directive in directives:
                    _apply(
                        directive,
                        outcomes.get(directive.lead_unit.code),
                        officer=users["ward_secretariat"],
                        reviewer=users["city_secretariat"],
                    )
        recorded_all.append(recorded)
    return recorded_all


def _wards(users, city_directives) -> None:
    for ward_code, day, tasks in WARD_MEETINGS:
        committee = SteeringCommittee.objects.get(code="bcd57-" + ward_code[5:].lower())
        chair = committee.memberships.filter(role="chair").select_related("person").first()
        spec = {
            "starts_at": datetime.datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ),
            "kind": MeetingKind.BRIEFING,
            "number_in_year": 1,
            "title": "Phiên họp Ban Chỉ đạo triển khai nhiệm vụ năm 2026",
            "venue": f"Trụ sở Đảng ủy - HĐND - UBND {committee.owner_unit.parent.name.lower()}",
            "chair": chair.person.full_name if chair else "",
            "chair_title": chair.position_in_agency if chair else "",
            "attendees_summary": "Thành viên Ban Chỉ đạo; Tổ giúp việc; lãnh đạo các phòng, "
            "Trung tâm Phục vụ hành chính công, Công an phường.",
            "reports": ["Kết luận của Ban Chỉ đạo 57 Thành ủy tại Hội nghị ngày 25/12/2025"],
        }
        meeting, created = _meeting(committee, spec, users["ward_secretariat"])
        if not created:
            continue
        topic = (
            "1",
            "Về triển khai nhiệm vụ cấp trên giao năm 2026",
            "Ban Chỉ đạo phân công các phòng, đơn vị thực hiện nhiệm vụ Thành phố giao.",
            [
                (content, [f"{ward_code}-{office}"], deadline, {})
                for office, content, deadline, _o, _p in tasks
            ],
        )
        recorded = _record(meeting, [topic], users["ward_secretariat"])
        for (office, _c, _d, outcome, parent), [directive] in zip(tasks, recorded[0], strict=True):
            if parent is not None and city_directives is not None and hasattr(directive, "parent"):
                meeting_index, task_index = parent
                siblings = city_directives[meeting_index][0][task_index]
                upper = next(d for d in siblings if d.lead_unit.code == ward_code)
                Directive.objects.filter(pk=directive.pk).update(parent=upper)
            officer = users["ward_office"] if office == "TTHCC" else users["ward_secretariat"]
            _apply(directive, outcome, officer=officer, reviewer=users["ward_secretariat"])


def load() -> None:
    names = ["admin", "secretariat", "ward1", "city_secretariat", "ward_secretariat", "ward_office"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    if len(users) < len(names):
        return
    _long_bien_2025(users)
    city_directives = _city(users)
    _wards(users, city_directives)
