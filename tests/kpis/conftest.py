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
    return SimpleNamespace(
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
