"""Demo plans and indicator reports. Idempotent: running it twice changes nothing.

Facts from the seeds and domain-vn §3: Bắc Từ Liêm's Kế hoạch 251/KH-UBND of 29/5/2023 has 17
indicators; only #1 (verbatim) and #2 (cut off in the source) are quoted, the rest follow the
city framework and are labelled "số liệu mẫu". Figures, plan tasks and the small Long Biên plan
are sample data chosen so that every reporting status appears (late, missing, returned).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from steering.deadlines import parse_deadline
from steering.models import AccessRole, CommitteeRole, OrgKind, OrgUnit, SteeringCommittee
from steering.timeliness import TaskState

from .models import (
    Indicator,
    IndicatorReport,
    Plan,
    PlanTask,
    ReportingPeriod,
    ReportState,
    SolutionGroup,
    Target,
    TaskGroup,
)
from .periods import PeriodKind

D = datetime.date
SAMPLE = "số liệu mẫu"

# (group, name, district target, ward target, evidence); #1 and #2 as the seed words them.
BTL_INDICATORS = [
    (
        "DVC",
        "Duy trì đảm bảo tỷ lệ hồ sơ đăng ký qua mạng đối các dịch vụ công trực tuyến đạt 100%",
        100,
        100,
        "Hệ thống thông tin giải quyết TTHC của Thành phố (trích xuất), hằng tháng",
    ),
    (
        "DVC",
        "Phấn đấu tỷ lệ hồ sơ công dân đăng ký dịch vụ công trực tuyến tại nhà …",
        50,
        50,
        "Như trên; số hồ sơ nộp tại nhà / tổng số hồ sơ trực tuyến",
    ),
    ("DVC", "Tỷ lệ TTHC đủ điều kiện được cung cấp DVCTT toàn trình", 100, 100, "Danh mục TTHC"),
    ("DVC", "Tỷ lệ hồ sơ TTHC được xử lý hoàn toàn trực tuyến", 60, 60, "Thống kê hệ thống"),
    ("DVC", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn, trước hạn", 98, 98, "Thống kê hệ thống"),
    (
        "DVC",
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC (theo NĐ 107/2021, TT 01/2023/TT-VPCP)",
        80,
        80,
        "Thống kê hệ thống",
    ),
    (
        "DVC",
        "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC",
        90,
        90,
        "Hệ thống đánh giá",
    ),
    (
        "Điều hành",
        "Tỷ lệ văn bản đi được ký số và gửi, nhận dưới dạng điện tử (trừ văn bản mật)",
        100,
        100,
        "Phần mềm QLVB & ĐH",
    ),
    (
        "Điều hành",
        "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ hồ sơ mật)",
        95,
        80,
        "Thống kê QLVB & ĐH",
    ),
    (
        "Điều hành",
        "Tỷ lệ lãnh đạo, CBCC có nhu cầu được cấp và sử dụng chữ ký số chuyên dùng",
        100,
        100,
        "Danh sách chứng thư số đã cấp",
    ),
    (
        "Điều hành",
        "Tỷ lệ cuộc họp diện rộng quận–phường tổ chức trực tuyến",
        90,
        None,
        "Sổ theo dõi cuộc họp",
    ),
    (
        "Điều hành",
        "Tỷ lệ chế độ báo cáo định kỳ thực hiện trên Hệ thống thông tin báo cáo",
        100,
        100,
        "Hệ thống báo cáo",
    ),
    (
        "Hạ tầng",
        "Tỷ lệ CBCC được trang bị máy tính kết nối mạng; cơ quan kết nối mạng TSLCD",
        100,
        100,
        "Kiểm kê",
    ),
    (
        "ATTT",
        "Tỷ lệ hệ thống thông tin được phê duyệt cấp độ và triển khai phương án bảo đảm ATTT "
        "theo cấp độ",
        100,
        100,
        "Quyết định phê duyệt",
    ),
    (
        "Nhân lực",
        "Tỷ lệ CBCCVC được tập huấn, bồi dưỡng kỹ năng số, CĐS, ATTT",
        100,
        100,
        "Hồ sơ tập huấn",
    ),
    (
        "Xã hội số",
        "Tỷ lệ tổ dân phố có Tổ công nghệ số cộng đồng hoạt động",
        100,
        100,
        "Quyết định thành lập, báo cáo hoạt động",
    ),
    (
        "Đề án 06",
        "Tỷ lệ công dân từ 14 tuổi đã kích hoạt tài khoản định danh điện tử mức 2",
        70,
        70,
        "Số liệu Công an quận/phường",
    ),
]

TASK_GROUPS = [
    "Hoàn thiện thể chế, môi trường pháp lý",
    "Phát triển hạ tầng số",
    "Phát triển dữ liệu số",
    "Phát triển ứng dụng, dịch vụ (chính quyền số, DVCTT)",
    "Bảo đảm an toàn thông tin mạng",
    "Phát triển nhân lực số, nâng cao nhận thức",
    "Kinh tế số, xã hội số, Đề án 06",
]
SOLUTION_GROUPS = [
    "Lãnh đạo, chỉ đạo",
    "Tuyên truyền, nâng cao nhận thức",
    "Tài chính, nguồn lực",
    "Nhân lực",
    "Hợp tác, kiểm tra, giám sát",
]

# (task group ordinal, content, lead unit code suffix, deadline as written, state, completed on)
BTL_TASKS = [
    (
        1,
        "Ban hành Kế hoạch tuyên truyền về chuyển đổi số năm 2023",
        "VHTT",
        "trong tháng 6/2023",
        TaskState.COMPLETED,
        D(2023, 6, 28),
    ),
    (
        2,
        "Nâng cấp đường truyền mạng diện rộng kết nối UBND các phường",
        "VHTT",
        "Quý III/2023",
        TaskState.COMPLETED,
        D(2023, 10, 12),
    ),
    (
        3,
        "Rà soát, làm sạch dữ liệu hộ tịch phục vụ Đề án 06",
        "TP",
        "trước ngày 30/9/2023",
        TaskState.IN_PROGRESS,
        None,
    ),
    (
        4,
        "Tái cấu trúc quy trình các DVCTT toàn trình theo NĐ 42/2022/NĐ-CP",
        "VP",
        "Quý IV/2023",
        TaskState.PENDING_REVIEW,
        None,
    ),
    (
        5,
        "Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin",
        "VHTT",
        "trước ngày 31/10/2023",
        TaskState.NOT_STARTED,
        None,
    ),
    (
        6,
        "Tập huấn kỹ năng số cho cán bộ, công chức các phường",
        "NV",
        "6 tháng cuối năm 2023",
        TaskState.IN_PROGRESS,
        None,
    ),
    (
        7,
        "Duy trì hoạt động Tổ công nghệ số cộng đồng tại các tổ dân phố",
        "VHTT",
        "thường xuyên",
        TaskState.IN_PROGRESS,
        None,
    ),
]

# Twelve months from the plan: June 2023 to May 2024.
BTL_MONTHS = [(2023, m) for m in range(6, 13)] + [(2024, m) for m in range(1, 6)]


def _month_period(plan, year, month, *, deadline_day=5, lock_after=10):
    next_month = D(year + (month == 12), month % 12 + 1, 1)
    deadline = next_month.replace(day=deadline_day)
    period, _created = ReportingPeriod.objects.get_or_create(
        plan=plan,
        kind=PeriodKind.MONTH,
        year=year,
        number=month,
        defaults={
            "submission_deadline": deadline,
            "lock_date": deadline + datetime.timedelta(days=lock_after),
        },
    )
    return period


def _indicators(plan, rows, *, sample_from: int, district_kind: str, years):
    indicators = []
    for ordinal, (group, name, district_target, ward_target, evidence) in enumerate(rows, 1):
        indicator, _created = Indicator.objects.get_or_create(
            plan=plan,
            code=f"CT{ordinal:02d}",
            defaults={
                "ordinal": ordinal,
                "group_name": group,
                "name": name,
                "unit_of_measure": "%",
                "applies_to_kinds": [OrgKind.WARD],
                "frequency": PeriodKind.MONTH,
                "evidence_hint": evidence,
                "is_sample": ordinal >= sample_from,
            },
        )
        for year in years:
            for kind, value in ((district_kind, district_target), (OrgKind.WARD, ward_target)):
                if value is not None:
                    Target.objects.get_or_create(
                        indicator=indicator, year=year, org_kind=kind, defaults={"value": value}
                    )
        indicators.append(indicator)
    return indicators


def _ratio(rng, target):
    share = min(1.0, max(0.3, rng.gauss((target or 85) / 100 + 0.01, 0.05)))
    denominator = rng.randint(40, 600)
    return Decimal(round(denominator * share)), Decimal(denominator)


def _btl_reports(plan, periods, wards, indicators, officer, reviewer):
    if IndicatorReport.objects.filter(period__plan=plan).exists():
        return
    rng = random.Random(251)  # noqa: S311 - the same sample figures on every machine
    tz = timezone.get_current_timezone()
    targets = {
        t.indicator_id: float(t.value)
        for t in Target.objects.filter(indicator__plan=plan, org_kind=OrgKind.WARD, year=2023)
    }
    reports = []
    last = len(periods) - 1
    for p_index, period in enumerate(periods):
        for w_index, ward in enumerate(wards):
            roll = rng.random()
            if roll < 0.06 and p_index != 0:
                continue  # missing: the ward never reported this month
            late = roll > 0.85
            day = period.submission_deadline + datetime.timedelta(
                days=rng.randint(3, 9) if late else -rng.randint(0, 4)
            )
            submitted_at = datetime.datetime.combine(day, datetime.time(16, 30), tzinfo=tz)
            returned_one = rng.random() < 0.08
            draft_only = p_index == last and w_index % 5 == 4
            for i_index, indicator in enumerate(indicators):
                numerator, denominator = _ratio(rng, targets.get(indicator.pk))
                report = IndicatorReport(
                    unit=ward,
                    indicator=indicator,
                    period=period,
                    numerator=numerator,
                    denominator=denominator,
                    saved_by=officer,
                    saved_at=submitted_at,
                )
                if draft_only:
                    report.state = ReportState.DRAFT
                else:
                    report.submitted_by = officer
                    report.submitted_at = submitted_at
                    if p_index == last:
                        report.state = ReportState.SUBMITTED
                    elif returned_one and i_index == 8:
                        report.state = ReportState.RETURNED
                        report.return_reason = (
                            "Số liệu chưa khớp thống kê phần mềm QLVB & ĐH; đề nghị kiểm tra, "
                            "gửi lại kèm minh chứng."
                        )
                        report.reviewed_by = reviewer
                        report.reviewed_at = submitted_at + datetime.timedelta(days=2)
                    else:
                        report.state = ReportState.ACCEPTED
                        report.reviewed_by = reviewer
                        report.reviewed_at = submitted_at + datetime.timedelta(days=3)
                if report.numerator / report.denominator * 100 < (targets.get(indicator.pk) or 0):
                    report.comment = f"Chưa đạt mục tiêu do số hồ sơ phát sinh lớn ({SAMPLE})."
                reports.append(report)
    IndicatorReport.objects.bulk_create(reports, batch_size=500)


def _bac_tu_liem(users):
    committee = SteeringCommittee.objects.filter(code="btl-bcd-cqdt").first()
    issuer = OrgUnit.objects.filter(code="HN-BTL-UBND").first()
    if committee is None or issuer is None:
        return
    plan, _created = Plan.objects.get_or_create(
        issuer=issuer,
        number="251/KH-UBND",
        date=D(2023, 5, 29),
        defaults={
            "committee": committee,
            "year": 2023,
            "title": "Về ứng dụng CNTT trong hoạt động của cơ quan nhà nước, phát triển Chính "
            "quyền điện tử hướng tới Chính quyền số và bảo đảm an toàn thông tin mạng quận "
            "Bắc Từ Liêm năm 2023",
        },
    )
    groups = {}
    for ordinal, name in enumerate(TASK_GROUPS, 1):
        groups[ordinal], _c = TaskGroup.objects.get_or_create(
            plan=plan, ordinal=ordinal, defaults={"name": name}
        )
    for ordinal, name in enumerate(SOLUTION_GROUPS, 1):
        SolutionGroup.objects.get_or_create(plan=plan, ordinal=ordinal, defaults={"name": name})
    for ordinal, (group, content, lead, deadline, state, completed_on) in enumerate(BTL_TASKS, 1):
        if PlanTask.objects.filter(plan=plan, ordinal=ordinal).exists():
            continue
        spec = parse_deadline(deadline, reference_date=plan.date)
        PlanTask.objects.create(
            plan=plan,
            group=groups[group],
            ordinal=ordinal,
            content=f"{content} ({SAMPLE})",
            lead_unit=OrgUnit.objects.filter(code=f"HN-BTL-{lead}").first(),
            deadline_text=deadline,
            deadline_kind=spec.kind,
            due_date=spec.due_date,
            state=state,
            completed_on=completed_on,
            progress_percent=100 if state == TaskState.COMPLETED else 40,
        )
    _indicators(
        plan,
        BTL_INDICATORS,
        sample_from=3,
        district_kind=OrgKind.URBAN_DISTRICT,
        years=(2023, 2024),
    )
    indicators = list(plan.indicators.order_by("ordinal"))
    periods = [_month_period(plan, year, month) for year, month in BTL_MONTHS]
    wards = list(
        OrgUnit.objects.filter(code__startswith="HN-BTL-", kind=OrgKind.WARD).order_by("code")
    )
    _btl_reports(plan, periods, wards, indicators, users["admin"], users["secretariat"])
    # The demo's secretariat, chair and member also sit on the Bắc Từ Liêm committee, so that
    # one login shows a full year of figures.
    for username, role in (
        ("secretariat", AccessRole.SECRETARIAT),
        ("chair", AccessRole.CHAIR),
        ("member", AccessRole.MEMBER),
    ):
        if users.get(username):
            CommitteeRole.objects.get_or_create(
                user=users[username], committee=committee, role=role
            )


LB_INDICATORS = [
    (
        "Điều hành",
        "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng (trừ hồ sơ mật)",
        95,
        80,
        "Thống kê QLVB & ĐH",
    ),
    (
        "Điều hành",
        "Tỷ lệ văn bản đi được ký số và gửi, nhận dưới dạng điện tử (trừ văn bản mật)",
        100,
        100,
        "Phần mềm QLVB & ĐH",
    ),
    ("DVC", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn, trước hạn", 98, 98, "Thống kê hệ thống"),
]


# (lead ward, task, deadline, state, completed on): sample data of 2019–2020. The first is still
# open when the old wards end on 30/6/2025: it falls to their successors.
LB_TASKS = [
    (
        "BODE",
        "Cập nhật danh mục thủ tục hành chính trên Trang thông tin điện tử phường",
        D(2019, 12, 20),
        TaskState.IN_PROGRESS,
        None,
    ),
    (
        "BODE",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tồn đọng",
        D(2020, 3, 31),
        TaskState.COMPLETED,
        D(2020, 3, 25),
    ),
    (
        "NGOCLAM",
        "Tập huấn sử dụng chữ ký số cho cán bộ, công chức phường",
        D(2019, 11, 30),
        TaskState.COMPLETED,
        D(2019, 12, 5),
    ),
]

# The months the old wards reported on the 2019 plan, each a month after its end.
LB_MONTHS = [(2019, 10), (2019, 11), (2019, 12)]


def _reports(plan, periods, units, indicators, *, officers, reviewer, rng, open_period=None):
    """Sample figures of `units` for `periods`: accepted, except `open_period` (submitted)."""
    if IndicatorReport.objects.filter(period__plan=plan).exists():
        return
    tz = timezone.get_current_timezone()
    targets = {
        (t.indicator_id, t.year): float(t.value)
        for t in Target.objects.filter(indicator__plan=plan, org_kind=OrgKind.WARD)
    }
    reports = []
    for period in periods:
        day = period.submission_deadline - datetime.timedelta(days=1)
        submitted_at = datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=tz)
        for unit in units:
            officer = officers.get(unit.code) or reviewer
            for indicator in indicators:
                numerator, denominator = _ratio(rng, targets.get((indicator.pk, period.year)))
                report = IndicatorReport(
                    unit=unit,
                    indicator=indicator,
                    period=period,
                    numerator=numerator,
                    denominator=denominator,
                    saved_by=officer,
                    saved_at=submitted_at,
                    submitted_by=officer,
                    submitted_at=submitted_at,
                    state=ReportState.SUBMITTED,
                )
                if period != open_period:
                    report.state = ReportState.ACCEPTED
                    report.reviewed_by = reviewer
                    report.reviewed_at = submitted_at + datetime.timedelta(days=2)
                reports.append(report)
    IndicatorReport.objects.bulk_create(reports, batch_size=500)


def _long_bien(users):
    """The small 2019 Long Biên plan: its months are 2019's, reported by the 14 wards of the
    time (ward1's figures stay with the old phường Bồ Đề, which ended on 30/6/2025)."""
    committee = SteeringCommittee.objects.filter(code="lb-bcd-cntt").first()
    issuer = OrgUnit.objects.filter(code="HN-LB-UBND").first()
    if committee is None or issuer is None:
        return
    plan, _created = Plan.objects.get_or_create(
        issuer=issuer,
        number="01/KH-BCĐ (mẫu)",
        date=D(2019, 1, 15),
        defaults={
            "committee": committee,
            "year": 2019,
            "title": f"Kế hoạch ứng dụng CNTT quận Long Biên năm 2019 ({SAMPLE})",
        },
    )
    _indicators(
        plan, LB_INDICATORS, sample_from=1, district_kind=OrgKind.URBAN_DISTRICT, years=(2019,)
    )
    # A few plan tasks for the demo wards, so that they show in "Việc của đơn vị tôi".
    for ordinal, (lead, content, due, state, completed_on) in enumerate(LB_TASKS, 1):
        if PlanTask.objects.filter(plan=plan, ordinal=ordinal).exists():
            continue
        PlanTask.objects.create(
            plan=plan,
            ordinal=ordinal,
            content=f"{content} ({SAMPLE})",
            lead_unit=OrgUnit.objects.filter(code=f"HN-LB-{lead}").first(),
            deadline_text=f"trước ngày {due:%d/%m/%Y}",
            deadline_kind="date",
            due_date=due,
            state=state,
            completed_on=completed_on,
            progress_percent=100 if state == TaskState.COMPLETED else 50,
        )
    periods = [_month_period(plan, year, month) for year, month in LB_MONTHS]
    wards = list(
        OrgUnit.objects.filter(code__startswith="HN-LB-", kind=OrgKind.WARD).order_by("code")
    )
    _reports(
        plan,
        periods,
        wards,
        list(plan.indicators.order_by("ordinal")),
        officers={"HN-LB-BODE": users.get("ward1"), "HN-LB-NGOCLAM": users.get("ward2")},
        reviewer=users.get("secretariat") or users["admin"],
        rng=random.Random(2019),  # noqa: S311 - the same sample figures on every machine
    )


def load() -> None:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[
                "admin",
                "secretariat",
                "chair",
                "member",
                "ward1",
                "ward2",
                "city_secretariat",
                "ward_secretariat",
            ]
        )
    }
    if "admin" not in users:
        return
    from . import demo_2025, demo_eoffice

    _bac_tu_liem(users)
    _long_bien(users)
    demo_2025.wards_2026(timezone.localdate(), users)
    demo_2025.criteria_2026(users)
    demo_eoffice.long_bien_eoffice(users)
