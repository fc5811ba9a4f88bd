"""Every page's query count stays the same from 1 unit × 1 month to 30 units × 12 months."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kpis.models import IndicatorReport, ReportEvidence, ReportState
from tests.factories import OrgUnitFactory
from tests.kpis.factories import PeriodFactory


def _grow(world, plan_world, officer, *, units: int, months: int):
    """Add wards and monthly periods, every ward reporting both indicators every month."""
    wards = [world.ward_a] + [OrgUnitFactory(parent=world.district) for _ in range(units - 1)]
    periods = [plan_world.open] + [
        PeriodFactory(
            plan=plan_world.plan,
            year=2098,
            number=n,
            submission_deadline=datetime.date(2099, 3, 1),
            lock_date=datetime.date(2099, 3, 2),
        )
        for n in range(1, months)
    ]
    now = timezone.now()
    reports = []
    for period in periods:
        for i, ward in enumerate(wards):
            state = [ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.DRAFT][i % 3]
            reports.append(
                IndicatorReport(
                    unit=ward,
                    indicator=plan_world.ratio,
                    period=period,
                    numerator=8,
                    denominator=10,
                    state=state,
                    submitted_by=officer,
                    submitted_at=now,
                    reviewed_by=officer if state == ReportState.ACCEPTED else None,
                )
            )
            reports.append(
                IndicatorReport(
                    unit=ward,
                    indicator=plan_world.count,
                    period=period,
                    value=3,
                    state=state,
                    submitted_by=officer,
                    submitted_at=now,
                )
            )
    IndicatorReport.objects.bulk_create(reports)
    for report in IndicatorReport.objects.filter(period=plan_world.open, unit=world.ward_a):
        ReportEvidence.objects.create(
            report=report,
            file="kpis/evidence/x.pdf",
            original_name="x.pdf",
            size=1,
            content_type="application/pdf",
            uploaded_by=officer,
        )


PAGES = [
    ("kpi_home", lambda pw: {}, "secretariat"),
    ("kpi_home", lambda pw: {}, "ward_a"),
    ("kpi_report", lambda pw: {"period_id": pw.open.pk}, "ward_a"),
    ("kpi_review", lambda pw: {"period_id": pw.open.pk}, "secretariat"),
    ("kpi_matrix", lambda pw: {"plan_id": pw.plan.pk}, "chair"),
    ("kpi_heatmap", lambda pw: {"period_id": pw.open.pk}, "chair"),
    ("kpi_trend", lambda pw: {"pk": pw.ratio.pk}, "chair"),
]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "kwargs", "persona"), PAGES)
def test_page_query_count_does_not_grow_with_units_and_periods(
    world, plan_world, personas, client_as, name, kwargs, persona
):
    officer = personas["secretariat"]
    client = client_as(personas[persona])
    url = reverse(name, kwargs=kwargs(plan_world))
    _grow(world, plan_world, officer, units=1, months=1)
    small = _count(client, url)
    IndicatorReport.objects.all().delete()
    _grow(world, plan_world, officer, units=30, months=12)
    large = _count(client, url)
    print(f"{name} as {persona}: {small} queries at 1×1, {large} at 30×12")
    assert small == large


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("kpi_matrix", lambda pw: {"plan_id": pw.plan.pk}),
        ("kpi_period_export", lambda pw: {"period_id": pw.open.pk}),
    ],
)
def test_kpi_matrix_and_export_run_as_many_queries_at_2000_directives_as_at_10(
    world, plan_world, personas, client_as, name, kwargs
):
    from tests.meetings.factories import MeetingFactory
    from tests.meetings.test_query_counts import _grow as grow_directives

    _grow(world, plan_world, personas["secretariat"], units=3, months=2)
    meeting = MeetingFactory(committee=world.committee)
    client = client_as(personas["chair"] if name == "kpi_matrix" else personas["secretariat"])
    url = reverse(name, kwargs=kwargs(plan_world))
    grow_directives(world, meeting, 10)
    small = _count(client, url)
    grow_directives(world, meeting, 1990)
    assert _count(client, url) == small
