"""Demo IT projects from the Long Biên committee meeting of 17/10/2019 (seed 000).

Idempotent: everything is found by code, and rows are written only when something differs, so a
second run changes nothing (no new history rows either). Runs after steering's demo."""

import datetime
import importlib
from decimal import Decimal

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from steering.models import OrgUnit, SteeringCommittee

from .models import (
    FundingSource,
    Health,
    ITProject,
    ProjectGroup,
    ProjectStatus,
    ProjectStatusChange,
)

MEETING = datetime.date(2019, 10, 17)
NOTICE = "Thông báo kết luận cuộc họp Ban chỉ đạo CNTT quận ngày 17/10/2019"
SAMPLE = "Tổng mức đầu tư là số liệu mẫu (minh họa), không lấy từ văn bản."

PROJECTS = [
    {
        "code": "LB-CAMERA-226",
        "name": "Hệ thống 226 camera an ninh trên địa bàn quận",
        "description": (
            "226 camera an ninh đã lắp đặt và đang vận hành. Công an quận đánh giá lại hiệu quả "
            "sử dụng camera, lập phương án so sánh tính khả thi giữa việc duy trì hệ thống hiện "
            "nay hoặc đi thuê đơn vị cung cấp dịch vụ, báo cáo Ban Thường vụ Quận ủy xem xét."
        ),
        "owner": "HN-LB-CA",
        "group": "infrastructure",
        "health": Health.AT_RISK,
        "investment": None,
        "funding": FundingSource.DISTRICT,
        "changes": [
            (
                None,
                "in_progress",
                "Đang vận hành; giao Công an quận đánh giá lại hiệu quả, so sánh phương án duy "
                "trì hay thuê dịch vụ, báo cáo Ban Thường vụ Quận ủy.",
                f"{NOTICE}, mục 1",
            ),
        ],
    },
    {
        "code": "LB-CAMERA-MR",
        "name": "Đề án mở rộng hệ thống camera an ninh",
        "description": (
            "Rà soát lại để xác định tính khả thi của Dự án (do Dự án trước đây xây dựng được đơn "
            "vị tư vấn hỗ trợ rất nhiều hạng mục), báo cáo HĐND quận xin ý kiến tiếp tục triển "
            f"khai hay dừng Dự án. {SAMPLE}"
        ),
        "owner": "HN-LB-CA",
        "group": "infrastructure",
        "health": Health.AT_RISK,
        "investment": Decimal("45000000000"),
        "funding": FundingSource.DISTRICT,
        "changes": [
            (
                "proposed",
                "awaiting_approval",
                "Rà soát tính khả thi; báo cáo HĐND quận xin ý kiến tiếp tục triển khai hay dừng.",
                f"{NOTICE}, mục 1",
            ),
        ],
    },
    {
        "code": "LB-TBTT-QU",
        "name": (
            "Trang bị hệ thống thiết bị trực tuyến cho Quận ủy và Đảng ủy các phường trên địa "
            "bàn quận"
        ),
        "description": (
            "Xin ý kiến chỉ đạo của Thành ủy, Thành phố; khi được sự nhất trí mới tiếp tục triển "
            f"khai thực hiện. {SAMPLE}"
        ),
        "owner": "HN-LB-QU",
        "group": "equipment",
        "health": Health.OFF_TRACK,
        "investment": Decimal("12500000000"),
        "funding": FundingSource.DISTRICT,
        "changes": [
            (
                "approved",
                "paused",
                "Chờ ý kiến chỉ đạo của Thành ủy, Thành phố trước khi tiếp tục triển khai.",
                f"{NOTICE}, mục 2",
            ),
        ],
    },
    {
        "code": "LB-CSDL-HOTICH",
        "name": (
            "Xây dựng cơ sở dữ liệu hộ tịch điện tử trên địa bàn quận Long Biên - nhóm các sổ "
            "đăng ký khai sinh, sổ đăng ký khai tử và sổ đăng ký kết hôn"
        ),
        "description": (
            "Xin ý kiến chỉ đạo của Thành ủy, Thành phố; khi được sự nhất trí mới tiếp tục triển "
            f"khai thực hiện. {SAMPLE}"
        ),
        "owner": "HN-LB-TP",
        "group": "software",
        "health": Health.OFF_TRACK,
        "investment": Decimal("8700000000"),
        "funding": FundingSource.DISTRICT,
        "changes": [
            (
                "approved",
                "paused",
                "Chờ ý kiến chỉ đạo của Thành ủy, Thành phố trước khi tiếp tục triển khai.",
                f"{NOTICE}, mục 2",
            ),
        ],
    },
    {
        "code": "LB-MAYTINH-TT",
        "name": (
            "Thí điểm sử dụng dịch vụ quản lý máy tính, dữ liệu trực tuyến thay thế cho các máy "
            "tính để bàn cũ, hỏng hoặc hết khấu hao tại các phòng ban, đơn vị"
        ),
        "description": (
            "Giao cơ quan thường trực Ban chỉ đạo CNTT lên phương án, báo cáo UBND quận phê duyệt, "
            "thông qua UBND quận báo cáo Thường trực, Ban Thường vụ Quận ủy xem xét. "
            "Đơn vị thí điểm là ví dụ minh họa."
        ),
        "owner": "HN-LB-VHTT",
        "group": "infrastructure",
        "health": Health.ON_TRACK,
        "investment": None,
        "funding": FundingSource.SOCIALISED,
        "pilot_units": ["HN-LB-VHTT", "HN-LB-NV", "HN-LB-TP"],
        "changes": [
            (
                "proposed",
                "pilot",
                "Thí điểm tại một số phòng; cơ quan thường trực lập phương án trình UBND quận "
                "phê duyệt.",
                f"{NOTICE}, mục 4",
            ),
        ],
    },
]


def _upsert(code: str, values: dict) -> ITProject:
    project = ITProject.objects.filter(code=code).first()
    if project is None:
        project = ITProject(code=code, **values)
        project.full_clean()
        project.save()
        return project
    if any(getattr(project, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(project, name, value)
        project.save()
    return project


def load() -> None:
    # Transactional test runs flush the rows seeded by the data migration; the demo needs them.
    importlib.import_module("projects.migrations.0002_seed_statuses_and_groups").seed(
        django_apps, None
    )
    committee = SteeringCommittee.objects.get(code="lb-bcd-cntt")
    statuses = {s.code: s for s in ProjectStatus.objects.all()}
    groups = {g.code: g for g in ProjectGroup.objects.all()}
    secretary = get_user_model().objects.filter(username="secretariat").first()
    for spec in PROJECTS:
        last_status = statuses[spec["changes"][-1][1]]
        project = _upsert(
            spec["code"],
            {
                "name": spec["name"],
                "description": spec["description"],
                "owner_unit": OrgUnit.objects.get(code=spec["owner"]),
                "committee": committee,
                "group": groups[spec["group"]],
                "status": last_status,
                "health": spec["health"],
                "total_investment": spec["investment"],
                "funding_source": spec["funding"],
            },
        )
        pilot_codes = spec.get("pilot_units", [])
        if sorted(project.pilot_units.values_list("code", flat=True)) != sorted(pilot_codes):
            project.pilot_units.set(OrgUnit.objects.filter(code__in=pilot_codes))
        for from_code, to_code, reason, decision_text in spec["changes"]:
            if project.status_changes.filter(
                to_status=statuses[to_code], changed_on=MEETING
            ).exists():
                continue
            ProjectStatusChange.objects.create(
                project=project,
                from_status=statuses[from_code] if from_code else None,
                to_status=statuses[to_code],
                changed_on=MEETING,
                changed_by=secretary,
                reason=reason,
                decision_text=decision_text,
            )
