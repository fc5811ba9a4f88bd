import datetime

import pytest
from django.db import IntegrityError, transaction

from kpis.models import IndicatorReport, PlanTask, ReportState, Target
from steering.deadlines import DeadlineKind
from steering.timeliness import Timeliness


def test_a_period_computes_its_bounds_from_the_cut_off(plan_world):
    assert plan_world.open.start == datetime.date(2099, 1, 1)
    assert plan_world.open.end == datetime.date(2099, 1, 31)
    assert str(plan_world.locked) == "Tháng 6/2023"


def test_a_target_is_for_a_kind_of_unit_or_for_one_unit_never_both(plan_world, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            indicator=plan_world.ratio, year=2024, org_kind="ward", org_unit=world.ward_a, value=1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=plan_world.ratio, year=2024, value=1)
    Target.objects.create(indicator=plan_world.ratio, year=2024, org_unit=world.ward_a, value=1)


@pytest.mark.parametrize(("numerator", "denominator"), [(5, 0), (11, 10), (-1, 10)])
def test_the_database_refuses_impossible_ratios(plan_world, world, numerator, denominator):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorReport.objects.create(
            unit=world.ward_a,
            indicator=plan_world.ratio,
            period=plan_world.open,
            numerator=numerator,
            denominator=denominator,
        )


def test_one_report_per_unit_indicator_and_period(plan_world, world):
    data = {"unit": world.ward_a, "indicator": plan_world.ratio, "period": plan_world.open}
    IndicatorReport.objects.create(**data)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorReport.objects.create(**data)


def test_a_returned_report_needs_a_reason(plan_world, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorReport.objects.create(
            unit=world.ward_a,
            indicator=plan_world.ratio,
            period=plan_world.open,
            state=ReportState.RETURNED,
        )


def test_plan_tasks_share_the_directive_states_and_timeliness(plan_world, world):
    task = PlanTask.objects.create(
        plan=plan_world.plan,
        content="Triển khai phần mềm quản lý văn bản",
        lead_unit=world.ward_a,
        deadline_text="Quý IV/2023",
        deadline_kind=DeadlineKind.QUARTER,
        due_date=datetime.date(2023, 12, 31),
    )
    assert task.timeliness(datetime.date(2024, 1, 2)) == Timeliness.OVERDUE
    assert list(PlanTask.objects.open().for_unit(world.ward_a)) == [task]
    assert task.history.count() == 1
