import datetime
from types import SimpleNamespace

import pytest

from tests.kpis.factories import IndicatorFactory, PeriodFactory, PlanFactory, TargetFactory


@pytest.fixture
def plan_world(world):
    """A plan of the test committee: two ward indicators, a ratio and a count, an open month
    (far in the future so that it is not locked) and a locked one."""
    plan = PlanFactory(committee=world.committee, issuer=world.ubnd)
    ratio = IndicatorFactory(plan=plan, code="CT09", name="Tỷ lệ hồ sơ công việc xử lý trên mạng")
    count = IndicatorFactory(
        plan=plan, code="CT20", name="Số cuộc họp trực tuyến", kind="count", unit_of_measure="cuộc"
    )
    TargetFactory(indicator=ratio, org_kind="ward", value=80)
    open_period = PeriodFactory(
        plan=plan,
        year=2099,
        number=1,
        submission_deadline=datetime.date(2099, 2, 5),
        lock_date=datetime.date(2099, 2, 15),
    )
    locked_period = PeriodFactory(
        plan=plan,
        year=2023,
        number=6,
        submission_deadline=datetime.date(2023, 7, 5),
        lock_date=datetime.date(2023, 7, 15),
    )
    return SimpleNamespace(
        plan=plan, ratio=ratio, count=count, open=open_period, locked=locked_period
    )
