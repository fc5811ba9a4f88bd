"""A city after the 2025 reform at the size of Hà Nội, for bench_city_scale (runs inside Django,
`manage.py shell`, on the benchmark's own database only).

`build(prefix=…, wards=126, tasks=300, criteria=92)` makes, under a new city:
- the wards (the first 40 % phường, the rest xã, as Hà Nội's 51 + 75), each with the bodies the
  demo gives a ward (`steering.demo_2025`: Đảng ủy, HĐND, UBND and its four offices, Công an)
  and its own BCĐ 57 (owned by the Đảng ủy, Party profile, "ĐU");
- the city's BCĐ 57, its meetings (one per twelve assignments, 8/2025–11/2026), and `tasks`
  assignments each given to every ward as the cascade represents it: one directive per ward,
  led by the ward, the assignment's directives sharing a `group` (37,800 rows for 300 × 126);
  states and dates spread so that the six categories and the ward × task grid all fill (older
  assignments mostly completed, some late, some overdue, a few stopped, some extended);
- in each ward committee five meetings and, for one ward task in ten, two sub-tasks for its
  offices (`Directive.parent`), completed when the ward's task is;
- a traffic-light criteria set of the city (`criteria` criteria in six groups, the four rules)
  marked by every ward for the 12 months of 2026 (a sheet per ward and month, a mark per
  criterion: 139,104 marks at full size), the colour computed in SQL by the rule of
  `Criterion.light_for`, 1–10 published, 11 mostly reviewed, 12 being marked; one mark in twenty
  with an evidence row;
- two accounts: the city's secretariat and the first ward's secretariat (also its ward's officer
  in the city's committee, as in the demo).

The bulk rows go in by `INSERT … SELECT generate_series` (a few seconds at full size). Returns
what the benchmark requests: ids, and logged-in session keys.
"""

import datetime
import time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client

from kpis.models import CriteriaMethod, CriteriaSet, Criterion, CriterionGroup, RuleKind
from meetings.models import Conclusion, Meeting, MeetingKind, MeetingState
from steering.demo_2025 import WARD_OFFICES
from steering.models import AccessRole, DocumentProfile, OrgKind, OrgUnit, SteeringCommittee
from steering.services import user_provision
from steering.text import fold, nfc

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REFORM = datetime.date(2025, 7, 1)
YEAR = 2026
PASSWORD = "bench-city-12345"  # noqa: S105 - throwaway accounts of a throwaway database


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",")]


# Names in the style of Hà Nội's new wards and communes (2025); repeated with a number when the
# benchmark asks for more.
PHUONG = _names(
    "Ba Đình Mới, Ngọc Hà, Giảng Võ, Hoàn Kiếm Mới, Cửa Nam, Đống Đa Mới, Kim Liên, "
    "Văn Miếu, Láng, Ô Chợ Dừa, Hồng Hà, Lĩnh Nam, Hoàng Mai Mới, Vĩnh Hưng, Tương Mai, "
    "Định Công, Hoàng Liệt, Yên Sở, Thanh Xuân Mới, Khương Đình, Phương Liệt, "
    "Cầu Giấy Mới, Nghĩa Đô, Yên Hòa, Tây Hồ Mới, Phú Thượng, Tây Tựu, Phú Diễn, "
    "Xuân Đỉnh, Đông Ngạc, Thượng Cát, Từ Liêm, Xuân Phương, Tây Mỗ, Đại Mỗ, "
    "Long Biên Mới, Bồ Đề Mới, Việt Hưng Mới, Phúc Lợi Mới, Hà Đông Mới, Dương Nội, "
    "Yên Nghĩa, Phú Lương, Kiến Hưng, Thanh Liệt, Bạch Mai, Vĩnh Tuy, Hai Bà Trưng, "
    "Sơn Tây Mới, Tùng Thiện, Chương Mỹ"
)
XA = _names(
    "Sóc Sơn, Đa Phúc, Nội Bài, Trung Giã, Kim Anh, Đông Anh, Phúc Thịnh, Thư Lâm, "
    "Thiên Lộc, Vĩnh Thanh, Mê Linh, Yên Lãng, Tiến Thắng, Quang Minh, Gia Lâm, "
    "Thuận An, Bát Tràng, Phù Đổng, Thanh Trì, Đại Thanh, Nam Phù, Ngọc Hồi, "
    "Thượng Phúc, Thường Tín, Chương Dương, Hồng Vân, Phú Xuyên, Phượng Dực, Chuyên Mỹ, "
    "Đại Xuyên, Thanh Oai, Bình Minh, Tam Hưng, Dân Hòa, Vân Đình, Ứng Thiên, Hòa Xá, "
    "Ứng Hòa, Mỹ Đức, Hồng Sơn, Phúc Sơn, Hương Sơn, Phú Nghĩa, Xuân Mai, Trần Phú, "
    "Hòa Phú, Quảng Bị, Quốc Oai, Kiều Phú, Hưng Đạo, Phú Cát, Thạch Thất, Hạ Bằng, "
    "Hòa Lạc, Tây Phương, Đan Phượng, Liên Minh, Ô Diên, Hoài Đức, Dương Hòa, Sơn Đồng, "
    "An Khánh, Phúc Thọ, Phúc Lộc, Hát Môn, Ba Vì, Bất Bạt, Suối Hai, Minh Châu, "
    "Quảng Oai, Vật Lại, Cổ Đô, Yên Bài, Đoài Phương"
)

GROUPS = [
    ("I", "Hạ tầng số"),
    ("II", "Chính quyền số"),
    ("III", "Dịch vụ công trực tuyến"),
    ("IV", "Kinh tế số"),
    ("V", "Xã hội số"),
    ("VI", "Khoa học, công nghệ và đổi mới sáng tạo"),
]


def _unit(code, kind, name, parent=None, short_name="", abbreviation="", place="", since=REFORM):
    name, short_name = nfc(name.strip()), nfc(short_name.strip())
    return OrgUnit(
        code=code,
        kind=kind,
        name=name,
        short_name=short_name,
        abbreviation=abbreviation,
        place_name=place,
        parent=parent,
        valid_from=since,
        search_key=fold(f"{name} {short_name} {abbreviation}"),
    )


def _ward_names(count: int) -> list[tuple[str, str]]:
    """(kind, place) for `count` wards: 51/126 of them phường, the rest xã."""
    phuong = round(count * 51 / 126)
    out = []
    for i in range(count):
        pool, index, kind = (
            (PHUONG, i, OrgKind.WARD) if i < phuong else (XA, i - phuong, OrgKind.COMMUNE)
        )
        place = pool[index % len(pool)]
        if index >= len(pool):
            place = f"{place} {index // len(pool) + 1}"
        out.append((kind, place))
    return out


def _city(prefix: str, label: str) -> dict:
    city = _unit(prefix, OrgKind.CITY, f"Thành phố {label}", place=label, since=None)
    city.save()
    party = _unit(f"{prefix}-TU", OrgKind.PARTY_COMMITTEE, f"Thành ủy {label}", city, since=None)
    party.save()
    ubnd = _unit(
        f"{prefix}-UBND", OrgKind.PEOPLES_COMMITTEE, f"UBND thành phố {label}", city, since=None
    )
    ubnd.save()
    science = _unit(
        f"{prefix}-SKHCN",
        OrgKind.DEPARTMENT,
        "Sở Khoa học và Công nghệ",
        ubnd,
        short_name="Sở KH&CN",
        abbreviation="SKHCN",
        since=None,
    )
    science.save()
    committee = SteeringCommittee.objects.create(
        code=f"{prefix.lower()}-bcd-57",
        name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        f"Thành ủy {label}",
        short_name=f"BCĐ 57 Thành phố {label}",
        owner_unit=party,
        document_profile=DocumentProfile.PARTY,
        standing_agency=science,
        valid_from=datetime.date(2025, 1, 1),
    )
    return {"city": city, "party": party, "ubnd": ubnd, "science": science, "committee": committee}


def _wards(prefix: str, city: OrgUnit, count: int) -> list[dict]:
    """The wards with the demo's bodies (bulk) and each ward's BCĐ 57."""
    names = _ward_names(count)
    wards = OrgUnit.objects.bulk_create(
        [
            _unit(
                f"{prefix}-W{i:03d}",
                kind,
                f"{'Phường' if kind == OrgKind.WARD else 'Xã'} {place}",
                city,
                place=place,
            )
            for i, (kind, place) in enumerate(names)
        ]
    )
    level = {w.pk: ("phường" if w.kind == OrgKind.WARD else "xã") for w in wards}
    top = []
    for ward, (_kind, place) in zip(wards, names, strict=True):
        lvl = level[ward.pk]
        top += [
            _unit(f"{ward.code}-DU", OrgKind.PARTY_COMMITTEE, f"Đảng ủy {lvl} {place}", ward,
                  short_name=f"Đảng ủy {lvl}", abbreviation="ĐU", place=place),
            _unit(f"{ward.code}-HDND", OrgKind.PEOPLES_COUNCIL, f"Hội đồng nhân dân {lvl} {place}",
                  ward, short_name=f"HĐND {lvl}", abbreviation="HĐND", place=place),
            _unit(f"{ward.code}-UBND", OrgKind.PEOPLES_COMMITTEE, f"Ủy ban nhân dân {lvl} {place}",
                  ward, short_name=f"UBND {lvl} {place}", abbreviation="UBND", place=place),
            _unit(f"{ward.code}-CA", OrgKind.POLICE, f"Công an {lvl} {place}", ward,
                  short_name=f"Công an {lvl}", abbreviation="CA", place=place),
        ]  # fmt: skip
    top = OrgUnit.objects.bulk_create(top)
    by_code = {u.code: u for u in top}
    offices = []
    for ward, (_kind, place) in zip(wards, names, strict=True):
        ubnd = by_code[f"{ward.code}-UBND"]
        for suffix, kind, name, short_name, abbreviation in WARD_OFFICES:
            offices.append(
                _unit(f"{ward.code}-{suffix}", kind, f"{name} {level[ward.pk]} {place}", ubnd,
                      short_name=short_name, abbreviation=abbreviation, place=place)
            )  # fmt: skip
    offices = OrgUnit.objects.bulk_create(offices)
    by_code |= {u.code: u for u in offices}
    committees = SteeringCommittee.objects.bulk_create(
        [
            SteeringCommittee(
                code=f"{ward.code.lower()}-bcd57",
                name=nfc(
                    "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển "
                    f"đổi số {level[ward.pk]} {place}"
                ),
                short_name=nfc(f"BCĐ 57 {level[ward.pk]} {place}"),
                owner_unit=by_code[f"{ward.code}-DU"],
                document_profile=DocumentProfile.PARTY,
                standing_agency=by_code[f"{ward.code}-VHXH"],
                document_symbol="ĐU",
                valid_from=datetime.date(2025, 8, 15),
            )
            for ward, (_kind, place) in zip(wards, names, strict=True)
        ]
    )
    return [
        {
            "ward": ward,
            "committee": committee,
            "offices": [by_code[f"{ward.code}-{s[0]}"] for s in WARD_OFFICES],
        }
        for ward, committee in zip(wards, committees, strict=True)
    ]


def _city_meetings(committee, tasks: int) -> list[int]:
    """One meeting per twelve assignments between 8/2025 and 11/2026, four topics each; the
    conclusion ids, one per three assignments in order."""
    count = max(1, -(-tasks // 12))
    first, last = datetime.date(2025, 8, 12), datetime.date(2026, 11, 20)
    span = (last - first).days
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                committee=committee,
                kind=MeetingKind.BRIEFING if i % 3 else MeetingKind.THEMATIC,
                number_in_year=i + 1,
                title=f"Phiên họp thứ {i + 1} của Ban Chỉ đạo (dữ liệu đo tải)",
                starts_at=datetime.datetime.combine(
                    first + datetime.timedelta(days=span * i // max(1, count - 1)),
                    datetime.time(14, 0),
                    tzinfo=TZ,
                ),
                venue="Trụ sở Thành ủy, trực tuyến đến các xã, phường",
                state=MeetingState.NOTICE_ISSUED,
            )
            for i in range(count)
        ]
    )
    conclusions = Conclusion.objects.bulk_create(
        [
            Conclusion(
                meeting=meeting,
                ordinal=k + 1,
                number=str(k + 1),
                title=f"Nhóm nhiệm vụ {k + 1}",
                text="Ban Chỉ đạo yêu cầu UBND các xã, phường thực hiện các nhiệm vụ sau.",
            )
            for meeting in meetings
            for k in range(4)
        ]
    )
    return [c.pk for c in conclusions]


def _ward_meetings(wards: list[dict]) -> dict[int, list[int]]:
    """Five meetings of each ward committee (one topic each, where its breakdowns are
    recorded); {ward committee id: [conclusion id, …]}."""
    days = [datetime.date(2025, 9, 15) + datetime.timedelta(days=91 * q) for q in range(5)]
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                committee=w["committee"],
                kind=MeetingKind.BRIEFING,
                number_in_year=q + 1,
                title="Triển khai nhiệm vụ cấp trên giao (dữ liệu đo tải)",
                starts_at=datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=TZ),
                state=MeetingState.NOTICE_ISSUED,
            )
            for w in wards
            for q, day in enumerate(days)
        ]
    )
    conclusions = Conclusion.objects.bulk_create(
        [
            Conclusion(
                meeting=m,
                ordinal=1,
                number="1",
                title="Triển khai nhiệm vụ cấp trên giao",
                text="Giao các đơn vị của phường thực hiện.",
            )
            for m in meetings
        ]
    )
    out: dict[int, list[int]] = {}
    for meeting, conclusion in zip(meetings, conclusions, strict=True):
        out.setdefault(meeting.committee_id, []).append(conclusion.pk)
    return out


# Every ward's task of every assignment. h: a number 0–99 for the pair (assignment, ward);
# older assignments (small a) are mostly completed, the newest mostly open.
WARD_TASKS_SQL = """
INSERT INTO meetings_directive (
    content, lead_unit_text, report_to, deadline_text, deadline_kind, due_date,
    extended_due_date, state, completed_on, cancel_reason, progress_percent, version,
    created_at, updated_at, item, search_key, committee_id, conclusion_id, lead_unit_id,
    "group", needs_unit_link, parent_id
)
SELECT
    'UBND các xã, phường thực hiện nhiệm vụ thành phố giao số ' || a
        || ': rà soát, cập nhật dữ liệu và báo cáo kết quả chuyển đổi số',
    '', 'Ban Chỉ đạo Thành phố',
    CASE kind WHEN 'date' THEN 'trước ngày ' || to_char(due, 'DD/MM/YYYY')
              WHEN 'recurring' THEN 'hằng tháng' ELSE '' END,
    kind, due,
    CASE WHEN due IS NOT NULL AND h %% 17 = 0 THEN due + 30 END,
    state,
    CASE WHEN state = 'completed'
         THEN LEAST(COALESCE(due, given + 30) + (h %% 23 - 14), CURRENT_DATE - 1) END,
    CASE WHEN state = 'cancelled' THEN 'Không còn phù hợp sau sắp xếp đơn vị' ELSE '' END,
    CASE state WHEN 'completed' THEN 100 WHEN 'in_progress' THEN 10 + h %% 80 ELSE 0 END,
    0, now(), now(), '',
    'ubnd cac xa, phuong thuc hien nhiem vu thanh pho giao so ' || a,
    %(committee)s, conclusion, ward, %(prefix)s || '-' || a, false, NULL
FROM (
    SELECT a, ward, n,
        (%(conclusions)s::bigint[])[1 + (a - 1) / 3] AS conclusion,
        given, kind, h,
        CASE WHEN kind = 'date' THEN given + 15 + ((a * 37) %% 75) END AS due,
        CASE
            WHEN h < 3 THEN 'cancelled'
            WHEN h < 3 + 85 - 70 * a / %(tasks)s THEN 'completed'
            WHEN h %% 4 = 0 THEN 'not_started'
            WHEN h %% 9 = 0 THEN 'on_hold'
            ELSE 'in_progress'
        END AS state
    FROM (
        SELECT a, w.ward, w.n,
            (%(given)s::date[])[1 + (a - 1) / 12] AS given,
            CASE WHEN a %% 25 = 7 THEN 'recurring' WHEN a %% 50 = 11 THEN 'none'
                 ELSE 'date' END AS kind,
            ((a * 7919 + w.n * 104729) %% 100)::int AS h
        FROM generate_series(1, %(tasks)s) AS a
        CROSS JOIN unnest(%(wards)s::bigint[]) WITH ORDINALITY AS w(ward, n)
    ) AS pairs
) AS s
ORDER BY a, n
"""

# One ward task in ten is broken down into two sub-tasks for two of the ward's offices, under
# the ward committee's meeting of that quarter; they close when the ward's task does. Per ward.
SUBTASKS_SQL = """
INSERT INTO meetings_directive (
    content, lead_unit_text, report_to, deadline_text, deadline_kind, due_date,
    extended_due_date, state, completed_on, cancel_reason, progress_percent, version,
    created_at, updated_at, item, search_key, committee_id, conclusion_id, lead_unit_id,
    "group", needs_unit_link, parent_id
)
SELECT
    'Thực hiện phần việc ' || k || ' của nhiệm vụ cấp trên giao: ' || left(p.content, 120),
    '', '', p.deadline_text, p.deadline_kind, p.due_date, NULL,
    CASE WHEN p.state IN ('completed', 'cancelled') THEN p.state
         WHEN k = 1 THEN 'completed' ELSE 'in_progress' END,
    CASE WHEN p.state = 'completed' THEN p.completed_on - 2
         WHEN p.state <> 'cancelled' AND k = 1 THEN CURRENT_DATE - 1 END,
    CASE WHEN p.state = 'cancelled' THEN p.cancel_reason ELSE '' END,
    CASE WHEN p.state = 'completed' OR k = 1 THEN 100 ELSE 50 END,
    0, now(), now(), '', 'thuc hien phan viec ' || k, %(ward_committee)s,
    (%(conclusions)s::bigint[])[1 + (p.id / 7) %% cardinality(%(conclusions)s::bigint[])],
    (%(offices)s::bigint[])[1 + (p.id + k) %% cardinality(%(offices)s::bigint[])],
    '', false, p.id
FROM meetings_directive p
CROSS JOIN generate_series(1, 2) AS k
WHERE p.committee_id = %(committee)s AND p.lead_unit_id = %(ward)s AND p.id %% 10 = 3
ORDER BY p.id, k
"""

SHEETS_SQL = """
INSERT INTO kpis_scoresheet (
    criteria_set_id, unit_id, year, month, state, self_scored_by_id, self_scored_at,
    reviewed_by_id, reviewed_at, published_by_id, published_at, comment
)
SELECT %(set)s, w.ward, %(year)s, m,
    st,
    CASE WHEN st <> 'draft' THEN %(officer)s END,
    CASE WHEN st <> 'draft' THEN make_timestamptz(%(year)s, m, 25, 9, 0, 0) END,
    CASE WHEN st IN ('reviewed', 'published') THEN %(reviewer)s END,
    CASE WHEN st IN ('reviewed', 'published') THEN make_timestamptz(%(year)s, m, 28, 9, 0, 0) END,
    CASE WHEN st = 'published' THEN %(reviewer)s END,
    CASE WHEN st = 'published' THEN make_timestamptz(%(year)s, m, 28, 10, 0, 0) END,
    ''
FROM (
    SELECT w.ward, w.n, m,
        CASE
            WHEN m <= %(months)s - 2 THEN 'published'
            WHEN m = %(months)s - 1 THEN
                CASE WHEN w.n %% 10 = 0 THEN 'self_scored' WHEN w.n %% 25 = 1 THEN 'returned'
                     ELSE 'reviewed' END
            ELSE CASE WHEN w.n %% 3 = 0 THEN 'self_scored' ELSE 'draft' END
        END AS st
    FROM unnest(%(wards)s::bigint[]) WITH ORDINALITY AS w(ward, n)
    CROSS JOIN generate_series(1, %(months)s) AS m
) AS w
"""

# A value per (sheet, criterion) by the criterion's rule and the colour `light_for` gives it.
SCORES_SQL = """
INSERT INTO kpis_criterionscore (sheet_id, criterion_id, self_points, points, value, light, note)
SELECT sheet_id, criterion_id, NULL, NULL, value,
    CASE
        WHEN rule = 'yes_no' THEN CASE WHEN value = 1 THEN 'green' ELSE 'red' END
        WHEN rule = 'at_most' THEN CASE WHEN value <= green THEN 'green'
                                        WHEN value <= yellow THEN 'yellow' ELSE 'red' END
        ELSE CASE WHEN value >= green THEN 'green' WHEN value >= yellow THEN 'yellow'
                  ELSE 'red' END
    END,
    CASE WHEN h = 0 THEN 'Số liệu đo tải: kèm báo cáo của đơn vị' ELSE '' END
FROM (
    SELECT s.id AS sheet_id, c.id AS criterion_id, c.rule,
        c.green_threshold AS green, c.yellow_threshold AS yellow,
        ((s.id * 31 + c.id * 17) %% 20)::int AS h,
        CASE c.rule
            WHEN 'yes_no' THEN CASE WHEN (s.id * 7 + c.id) %% 10 < 8 THEN 1 ELSE 0 END
            WHEN 'at_most' THEN ((s.id + c.id * 3) %% 7) / 2
            WHEN 'percent' THEN LEAST(100, 55 + (s.id * 13 + c.id * 7) %% 50)
            ELSE (s.id * 11 + c.id * 5) %% 16
        END::numeric AS value
    FROM kpis_scoresheet s
    CROSS JOIN kpis_criterion c
    WHERE s.criteria_set_id = %(set)s AND c.criteria_set_id = %(set)s
) AS v
ORDER BY sheet_id, criterion_id
"""

EVIDENCE_SQL = """
INSERT INTO kpis_criterionevidence (
    score_id, file, original_name, size, content_type, uploaded_by_id, uploaded_at
)
SELECT sc.id, 'kpis/evidence/bench-city-' || sc.id || '.pdf',
    'Minh chứng tiêu chí ' || sc.criterion_id || '.pdf', 48213, 'application/pdf',
    %(officer)s, now()
FROM kpis_criterionscore sc JOIN kpis_scoresheet s ON s.id = sc.sheet_id
WHERE s.criteria_set_id = %(set)s AND (sc.id * 7) %% 20 = 3
"""


def _criteria(committee, count: int) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.create(
        committee=committee,
        name="Bộ tiêu chí chuyển đổi số cấp xã (dữ liệu đo tải)",
        year=YEAR,
        basis="Kế hoạch số 02-KH/BCĐTW (mẫu đo tải)",
        applies_to_kinds=[OrgKind.WARD, OrgKind.COMMUNE],
        self_scoring=True,
        method=CriteriaMethod.LIGHTS,
    )
    groups = CriterionGroup.objects.bulk_create(
        [
            CriterionGroup(criteria_set=criteria_set, ordinal=i + 1, code=code, name=name)
            for i, (code, name) in enumerate(GROUPS)
        ]
    )
    rules = [
        (RuleKind.PERCENT, 90, 70, "%"),
        (RuleKind.AT_LEAST, 10, 5, "hệ thống"),
        (RuleKind.AT_MOST, 0, 1, "hồ sơ"),
        (RuleKind.YES_NO, None, None, ""),
    ]
    rows = []
    for i in range(count):
        rule, green, yellow, measure = rules[i % len(rules)]
        group = groups[i * len(groups) // count]
        rows.append(
            Criterion(
                criteria_set=criteria_set,
                group=group,
                ordinal=i + 1,
                code=f"{group.code}.{i + 1}",
                name=nfc(f"Tiêu chí đo tải số {i + 1}: chỉ số {group.name.lower()}"),
                rule=rule,
                green_threshold=green,
                yellow_threshold=yellow,
                measure=measure,
            )
        )
    Criterion.objects.bulk_create(rows)
    return criteria_set


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def build(*, prefix: str, label: str, wards: int, tasks: int, criteria: int) -> dict:
    started = time.perf_counter()
    with transaction.atomic():
        city = _city(prefix, label)
        ward_rows = _wards(prefix, city["city"], wards)
        conclusions = _city_meetings(city["committee"], tasks)
        meetings = _ward_meetings(ward_rows)
        first = ward_rows[0]
        city_user = user_provision(
            username=f"{prefix.lower()}_city_secretariat",
            password=PASSWORD,
            full_name="Thư ký Ban Chỉ đạo Thành phố",
            org_unit=city["science"],
            roles=[(city["committee"], AccessRole.SECRETARIAT)],
        )
        ward_user = user_provision(
            username=f"{prefix.lower()}_ward_secretariat",
            password=PASSWORD,
            full_name="Thư ký Ban Chỉ đạo phường",
            org_unit=first["ward"],
            roles=[
                (first["committee"], AccessRole.SECRETARIAT),
                (city["committee"], AccessRole.UNIT_OFFICER),
            ],
        )
        count = max(1, -(-tasks // 12))
        span = (datetime.date(2026, 11, 20) - datetime.date(2025, 8, 12)).days
        given = [
            datetime.date(2025, 8, 12) + datetime.timedelta(days=span * i // max(1, count - 1))
            for i in range(count)
        ]
        ward_ids = [w["ward"].pk for w in ward_rows]
        with connection.cursor() as cursor:
            cursor.execute(
                WARD_TASKS_SQL,
                {
                    "committee": city["committee"].pk,
                    "conclusions": conclusions,
                    "given": given,
                    "tasks": tasks,
                    "wards": ward_ids,
                    "prefix": prefix.lower(),
                },
            )
            for w in ward_rows:
                cursor.execute(
                    SUBTASKS_SQL,
                    {
                        "committee": city["committee"].pk,
                        "ward": w["ward"].pk,
                        "ward_committee": w["committee"].pk,
                        "conclusions": meetings[w["committee"].pk],
                        "offices": [o.pk for o in w["offices"]],
                    },
                )
        criteria_set = _criteria(city["committee"], criteria)
        with connection.cursor() as cursor:
            params = {
                "set": criteria_set.pk,
                "year": YEAR,
                "months": 12,
                "wards": ward_ids,
                "officer": ward_user.pk,
                "reviewer": city_user.pk,
            }
            cursor.execute(SHEETS_SQL, params)
            cursor.execute(SCORES_SQL, params)
            cursor.execute(EVIDENCE_SQL, params)
    with connection.cursor() as cursor:
        for table in (
            "steering_orgunit",
            "meetings_directive",
            "meetings_conclusion",
            "meetings_meeting",
            "kpis_scoresheet",
            "kpis_criterionscore",
            "kpis_criterionevidence",
        ):
            cursor.execute(f"ANALYZE {table}")
        cursor.execute(
            "SELECT count(*) FILTER (WHERE parent_id IS NULL), count(*) FILTER"
            " (WHERE parent_id IS NOT NULL) FROM meetings_directive d"
            " JOIN steering_steeringcommittee c ON c.id = d.committee_id"
            " WHERE c.code LIKE %s",
            [f"{prefix.lower()}-%"],
        )
        ward_tasks, subtasks = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM kpis_criterionscore sc JOIN kpis_scoresheet s"
            " ON s.id = sc.sheet_id WHERE s.criteria_set_id = %s",
            [criteria_set.pk],
        )
        marks = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM kpis_criterionevidence e JOIN kpis_criterionscore sc"
            " ON sc.id = e.score_id JOIN kpis_scoresheet s ON s.id = sc.sheet_id"
            " WHERE s.criteria_set_id = %s",
            [criteria_set.pk],
        )
        evidence = cursor.fetchone()[0]
        cursor.execute(
            'SELECT min(id) FROM meetings_directive WHERE committee_id = %s AND "group" = %s',
            [city["committee"].pk, f"{prefix.lower()}-{tasks}"],
        )
        newest_assignment = cursor.fetchone()[0]
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "wards": wards,
        "tasks": tasks,
        "criteria": criteria,
        "ward_tasks": ward_tasks,
        "subtasks": subtasks,
        "marks": marks,
        "evidence": evidence,
        "city_committee": city["committee"].pk,
        "ward_committee": first["committee"].pk,
        "criteria_set": criteria_set.pk,
        "assignment": newest_assignment,
        "sessions": {"city": _session(city_user), "ward": _session(ward_user)},
        "users": {"city": city_user.pk, "ward": ward_user.pk},
    }


def pages(info: dict) -> dict[str, tuple[str, str]]:
    """The benchmarked pages: name → (path, who)."""
    period = "start=01/01/2026&end=30/11/2026"
    ward = info["ward_committee"]
    return {
        "city grid": (f"/wards-grid/?committee={info['city_committee']}", "city"),
        "traffic lights": (f"/kpis/criteria/{info['criteria_set']}/{YEAR}/11/", "city"),
        "one task by ward": (f"/directives/{info['assignment']}/wards/", "city"),
        "ward inbox": (f"/from-above/?committee={ward}", "ward"),
        "upward report": (f"/committees/{ward}/upward-report/?{period}", "ward"),
        "upward .xlsx": (f"/committees/{ward}/upward-report.xlsx?{period}", "ward"),
        "upward .pdf": (f"/committees/{ward}/upward-report.pdf?{period}", "ward"),
        "upward .pdf state": (f"/committees/{ward}/upward-report.pdf/state/?{period}", "ward"),
    }


def count_queries(info: dict) -> dict[str, int]:
    """Queries per page, counted in process with the test client on the same database and
    settings (the second request of each, as a warm worker serves it)."""
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    users = {key: get_user_model().objects.get(pk=pk) for key, pk in info["users"].items()}
    counts = {}
    for name, (path, who) in pages(info).items():
        client = Client(HTTP_HOST="127.0.0.1")  # production settings: no "testserver"
        client.force_login(users[who])
        client.get(path)  # warm: sessions, caches a page keeps
        with CaptureQueriesContext(conn) as ctx:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{name} {path}: {response.status_code}")
        counts[name] = len(ctx.captured_queries)
    counts.update(_first_downloads(info, users))
    return counts


def _first_downloads(info: dict, users: dict) -> dict[str, int]:
    """Queries of the downloads' first requests: the workbook not yet cached, the PDF's click
    that queues a new render job."""
    from django.core.cache import cache
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from meetings.models import UpwardPdf

    counts = {}
    for name, prepare in (
        ("upward .xlsx", lambda: cache.delete_pattern("*upward-xlsx:*")),  # django-redis
        ("upward .pdf", lambda: UpwardPdf.objects.all().delete()),
    ):
        path, who = pages(info)[name]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users[who])
        client.get(path)
        prepare()
        with CaptureQueriesContext(conn) as ctx:
            client.get(path)
        counts[f"{name}, first" + (" click" if name.endswith("pdf") else "")] = len(
            ctx.captured_queries
        )
    return counts
