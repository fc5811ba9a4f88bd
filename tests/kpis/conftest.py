import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.kpis.factories import IndicatorFactory, PeriodFactory, PlanFactory, TargetFactory

# The open month's last day: entry opens on a period's last day (kpis.models.ReportingPeriod).
OPEN_DAY = datetime.datetime(2099, 1, 31, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def plan_world(world):
    """A plan of the test committee: two ward indicators, a ratio and a count, an open month
    and a locked one. The clock stands on the open month's last day (far in the future, so
    the month is not locked whatever the real date), ticking."""
    plan = PlanFactory(committee=world.committee, issuer=world.ubnd)
    ratio = IndicatorFactory(plan=plan, code="CT09", name="Tỷ lệ hồ sơ công việc xử lý trên mạng")
    count = IndicatorFactory(
        plan=plan, code="CT20", name="Số cuộc họp trực tuyến", kind="count", unit_of_measure="cuộc"
    )
    for year in (2023, 2099):
        TargetFactory(indicator=ratio, year=year, org_kind="ward", value=80)
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
    with time_machine.travel(OPEN_DAY, tick=True):
        yield SimpleNamespace(
            plan=plan, ratio=ratio, count=count, open=open_period, locked=locked_period
        )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submitted(world, plan_world, django_user_model):
    """Ward A's submitted ratio for the open month, with a PDF as evidence."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from kpis.models import IndicatorReport, ReportEvidence, ReportState

    officer = django_user_model.objects.create(username="ward-a-officer")
    report = IndicatorReport.objects.create(
        unit=world.ward_a,
        indicator=plan_world.ratio,
        period=plan_world.open,
        numerator=85,
        denominator=100,
        state=ReportState.SUBMITTED,
        submitted_by=officer,
        submitted_at=timezone.now(),
    )
    evidence = ReportEvidence.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4 minh chung", name="minh-chung.pdf"),
        original_name="minh chứng.pdf",
        size=19,
        content_type="application/pdf",
        uploaded_by=officer,
    )
    return SimpleNamespace(report=report, evidence=evidence, officer=officer)


def pytest_collection_modifyitems(config, items):
    # `-p no:playwright` runs the fast suite: the browser journey is skipped, not an error.
    if config.pluginmanager.has_plugin("playwright"):
        return
    skip = pytest.mark.skip(reason="Playwright plugin disabled (-p no:playwright)")
    for item in items:
        if "tests/kpis/test_browser.py" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def criteria_world(world, django_user_model):
    """An e-office criteria set of the test committee with self-scoring: two criteria (10 and
    20 points), January 2099 published for both wards, February 2099 scored but unpublished."""
    from django.utils import timezone

    from kpis.models import CriteriaSet, Criterion, CriterionScore, ScoreSheet, SheetState

    criteria_set = CriteriaSet.objects.create(
        committee=world.committee,
        name="Bộ tiêu chí mô hình Cơ quan điện tử phường",
        year=2099,
        applies_to_kinds=["ward"],
        self_scoring=True,
    )
    first = Criterion.objects.create(
        criteria_set=criteria_set, ordinal=1, code="1", name="Văn bản điện tử", max_points=10
    )
    second = Criterion.objects.create(
        criteria_set=criteria_set,
        ordinal=2,
        code="2",
        name="Trang thông tin điện tử",
        max_points=20,
    )
    officer = django_user_model.objects.create(username="scorer")
    now = timezone.now()
    sheets = {}
    for month, state in ((1, SheetState.PUBLISHED), (2, SheetState.REVIEWED)):
        for unit, points in ((world.ward_a, (8, 15)), (world.ward_b, (9, 18))):
            sheet = ScoreSheet.objects.create(
                criteria_set=criteria_set,
                unit=unit,
                year=2099,
                month=month,
                state=state,
                reviewed_by=officer,
                reviewed_at=now,
                published_by=officer if state == SheetState.PUBLISHED else None,
                published_at=now if state == SheetState.PUBLISHED else None,
            )
            for criterion, value in zip((first, second), points, strict=True):
                CriterionScore.objects.create(
                    sheet=sheet, criterion=criterion, self_points=value, points=value
                )
            sheets[(unit.code, month)] = sheet
    return SimpleNamespace(set=criteria_set, first=first, second=second, sheets=sheets)


@pytest.fixture
def plan_task(world, plan_world, django_user_model):
    """A plan task led by ward A, with a progress report carrying a PDF."""
    from django.core.files.base import ContentFile

    from kpis.models import PlanTask, PlanTaskEvent, PlanTaskEvidence, TaskGroup

    group = TaskGroup.objects.create(plan=plan_world.plan, ordinal=1, name="Phát triển hạ tầng số")
    task = PlanTask.objects.create(
        plan=plan_world.plan,
        group=group,
        ordinal=1,
        content="Rà soát, nâng cấp mạng nội bộ của phường",
        lead_unit=world.ward_a,
        deadline_text="Quý IV/2099",
        deadline_kind="quarter",
        due_date=datetime.date(2099, 12, 31),
    )
    officer = django_user_model.objects.create(username="task-officer")
    event = PlanTaskEvent.objects.create(
        task=task, kind="progress", actor=officer, note="Đã khảo sát", percent=20
    )
    evidence = PlanTaskEvidence.objects.create(
        event=event,
        file=ContentFile(b"%PDF-1.4 tien do", name="tien-do.pdf"),
        original_name="tiến độ.pdf",
        size=16,
        content_type="application/pdf",
    )
    return SimpleNamespace(task=task, group=group, event=event, evidence=evidence)


@pytest.fixture
def lights_world(world, django_user_model):
    """A traffic-light criteria set of the test committee (two groups, three criteria: a
    percentage 100/90, a Có/Không, a "≤" count 0/5). January 2099: both wards accepted and
    published (ward A: Xanh, Xanh, Vàng with a PDF as evidence; ward B: Vàng, Đỏ, Đỏ).
    February 2099: ward A submitted and waiting (Đỏ, Xanh, Xanh), ward B not marked."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from kpis import lights_services
    from kpis.models import (
        CriteriaMethod,
        CriteriaSet,
        Criterion,
        CriterionGroup,
        RuleKind,
        ScoreSheet,
        SheetState,
    )

    criteria_set = CriteriaSet.objects.create(
        committee=world.committee,
        name="Bộ tiêu chí chuyển đổi số cấp xã",
        year=2099,
        applies_to_kinds=["ward"],
        self_scoring=True,
        method=CriteriaMethod.LIGHTS,
    )
    infra = CriterionGroup.objects.create(
        criteria_set=criteria_set, ordinal=1, code="I", name="Hạ tầng số"
    )
    gov = CriterionGroup.objects.create(
        criteria_set=criteria_set, ordinal=2, code="II", name="Chính quyền số"
    )
    computers = Criterion.objects.create(
        criteria_set=criteria_set,
        group=infra,
        ordinal=1,
        code="1",
        name="Tỷ lệ cán bộ, công chức được trang bị máy tính",
        rule=RuleKind.PERCENT,
        green_threshold=100,
        yellow_threshold=90,
    )
    network = Criterion.objects.create(
        criteria_set=criteria_set,
        group=infra,
        ordinal=2,
        code="2",
        name="Kết nối mạng truyền số liệu chuyên dùng",
        rule=RuleKind.YES_NO,
    )
    late = Criterion.objects.create(
        criteria_set=criteria_set,
        group=gov,
        ordinal=3,
        code="3",
        name="Số hồ sơ trễ hạn trong tháng",
        rule=RuleKind.AT_MOST,
        green_threshold=0,
        yellow_threshold=5,
        measure="hồ sơ",
    )
    criteria = [computers, network, late]
    officer = django_user_model.objects.create(username="lights-officer")
    now = timezone.now()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    def mark(unit, month, values, state, files=None):
        sheet = lights_services.criteria_marks_save(
            user=officer,
            criteria_set=criteria_set,
            unit=unit,
            year=2099,
            month=month,
            criteria=criteria,
            values=dict(zip([c.pk for c in criteria], values, strict=True)),
            files=files,
            submit=True,
        )
        ScoreSheet.objects.filter(pk=sheet.pk).update(
            state=state,
            reviewed_by=officer if state != SheetState.SELF_SCORED else None,
            reviewed_at=now if state != SheetState.SELF_SCORED else None,
            published_by=officer if state == SheetState.PUBLISHED else None,
            published_at=now if state == SheetState.PUBLISHED else None,
        )
        sheet.refresh_from_db()
        return sheet

    evidence = SimpleUploadedFile("may-tinh.pdf", pdf, content_type="application/pdf")
    sheets = {
        ("A", 1): mark(
            world.ward_a, 1, (100, 1, 3), SheetState.PUBLISHED, {computers.pk: [evidence]}
        ),
        ("B", 1): mark(world.ward_b, 1, (95, 0, 9), SheetState.PUBLISHED),
        ("A", 2): mark(world.ward_a, 2, (80, 1, 0), SheetState.SELF_SCORED),
    }
    from kpis.models import CriterionEvidence

    return SimpleNamespace(
        set=criteria_set,
        criteria=criteria,
        computers=computers,
        network=network,
        late=late,
        sheets=sheets,
        evidence=CriterionEvidence.objects.get(),
        officer=officer,
    )
