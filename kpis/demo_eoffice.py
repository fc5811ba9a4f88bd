"""Demo: Long Biên's ward e-office model scored every month (seed 002), split from kpis/demo.py.
Idempotent: the criteria set is created once."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from steering.models import OrgKind, SteeringCommittee

D = datetime.date

# --- Long Biên: the ward e-office model scored every month (seed 002) --------------------------

# (code, criterion, maximum points, sample?). The seed names three criteria of the 2018 set (ISO
# 9001:2015, the leaders' IT test, visits to the ward's website); their points and the other
# criteria are sample data.
LB_EOFFICE_CRITERIA = [
    ("1", "Áp dụng, duy trì hệ thống quản lý chất lượng ISO 9001:2015", 15, False),
    (
        "2",
        "Kết quả đánh giá sát hạch trình độ ứng dụng CNTT của Bí thư đảng ủy, Phó Bí thư đảng ủy, "
        "Chủ tịch UBND phường",
        15,
        False,
    ),
    ("3", "Tỷ lệ truy cập Trang thông tin điện tử phường", 10, False),
    ("4", "Sử dụng phần mềm quản lý văn bản và điều hành; văn bản điện tử", 20, True),
    ("5", "Tiếp nhận, giải quyết hồ sơ qua dịch vụ công trực tuyến mức độ 3, 4", 20, True),
    ("6", "Sử dụng thư điện tử công vụ trong trao đổi công việc", 10, True),
    ("7", "Hạ tầng kỹ thuật, bảo đảm an toàn thông tin", 10, True),
]


def long_bien_eoffice(users) -> None:
    from .criteria_models import CriteriaSet, Criterion, CriterionScore, ScoreSheet, SheetState
    from .criteria_selectors import scored_units

    committee = SteeringCommittee.objects.filter(code="lb-bcd-cntt").first()
    if committee is None:
        return
    criteria_set, created = CriteriaSet.objects.get_or_create(
        committee=committee,
        name="Bộ tiêu chí đánh giá mô hình Cơ quan điện tử phường",
        year=2018,
        defaults={
            "basis": "Kết luận của Trưởng Ban chỉ đạo tại cuộc họp giao ban ngày 03/01/2018: "
            "chấm điểm thực hiện mô hình cơ quan điện tử phường hàng tháng trên hệ thống và "
            "công khai kết quả chấm điểm",
            "applies_to_kinds": [OrgKind.WARD],
            "self_scoring": True,
            "is_sample": True,
        },
    )
    if not created:
        return
    criteria = [
        Criterion.objects.create(
            criteria_set=criteria_set,
            ordinal=i,
            code=code,
            name=name,
            max_points=points,
            is_sample=sample,
        )
        for i, (code, name, points, sample) in enumerate(LB_EOFFICE_CRITERIA, 1)
    ]
    rng = random.Random(2018)  # noqa: S311 - reproducible sample scores
    reviewer = users.get("secretariat") or users["admin"]
    units = scored_units(criteria_set=criteria_set, on=D(2018, 1, 1))
    for month in (1, 2, 3, 4):
        stamp = timezone.make_aware(datetime.datetime(2018, month + 1, 5, 9, 0))
        for i, unit in enumerate(units):
            # January–March reviewed and published; April: half reviewed, the rest self-scored.
            if month < 4:
                state = SheetState.PUBLISHED
            else:
                state = SheetState.REVIEWED if i % 2 else SheetState.SELF_SCORED
            sheet = ScoreSheet.objects.create(
                criteria_set=criteria_set,
                unit=unit,
                year=2018,
                month=month,
                state=state,
                self_scored_at=stamp,
                reviewed_by=reviewer if state != SheetState.SELF_SCORED else None,
                reviewed_at=stamp if state != SheetState.SELF_SCORED else None,
                published_by=reviewer if state == SheetState.PUBLISHED else None,
                published_at=stamp if state == SheetState.PUBLISHED else None,
            )
            for criterion in criteria:
                top = int(criterion.max_points)
                self_points = Decimal(rng.randint(top * 6, top * 10)) / 10
                reviewed = max(Decimal(0), self_points - Decimal(rng.choice([0, 0, 0, 5, 10])) / 10)
                CriterionScore.objects.create(
                    sheet=sheet,
                    criterion=criterion,
                    self_points=self_points,
                    points=reviewed if state != SheetState.SELF_SCORED else None,
                )
