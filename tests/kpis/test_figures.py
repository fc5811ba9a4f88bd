"""District figures with their coverage, one target resolver, completeness per applicable
indicator, entry only once a period has reached its last day, and the figures in SQL."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpis.figure_selectors import (
    ON_TIME,
    PARTIAL,
    completeness_matrix,
    period_heatmap,
    targets_for,
)
from kpis.maths import Result
from kpis.models import IndicatorReport, ReportState
from kpis.permissions import unit_may_edit_period
from kpis.selectors import entry_rows
from tests.factories import OrgUnitFactory
from tests.kpis.factories import PeriodFactory, TargetFactory

S = ReportState


def _report(unit, indicator, period, state, num=None, den=None, value=None, sent=None):
    return IndicatorReport.objects.create(
        unit=unit,
        indicator=indicator,
        period=period,
        numerator=num,
        denominator=den,
        value=value,
        state=state,
        submitted_at=sent,
        return_reason="Sai số" if state == S.RETURNED else "",
    )


def _ratio_row(plan_world):
    heatmap = period_heatmap(period=plan_world.open)
    return next(a for a in heatmap.aggregates if a.indicator == plan_world.ratio)


def test_the_district_figure_counts_accepted_reports_only_and_waiting_ones_apart(plan_world, world):
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.ACCEPTED, 10, 10)
    _report(world.ward_b, plan_world.ratio, plan_world.open, S.SUBMITTED, 100, 1000)
    row = _ratio_row(plan_world)
    assert row.value == 100
    assert row.coverage.text == "1/2 phường đã được duyệt, 1 chờ duyệt"


def test_drafts_and_returned_values_are_no_district_figure(plan_world, world):
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.DRAFT, 1, 10)
    _report(world.ward_b, plan_world.ratio, plan_world.open, S.RETURNED, 1, 10)
    row = _ratio_row(plan_world)
    assert row.value is None
    assert row.coverage.text == "0/2 phường đã được duyệt"


def test_no_verdict_while_fewer_units_are_accepted_than_the_plan_requires(plan_world, world):
    TargetFactory(indicator=plan_world.ratio, year=2099, org_kind="urban_district", value=50)
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.ACCEPTED, 10, 10)
    row = _ratio_row(plan_world)
    assert (row.result, row.withheld) == (None, True)


def test_the_verdict_comes_once_every_reporting_unit_is_accepted(plan_world, world):
    TargetFactory(indicator=plan_world.ratio, year=2099, org_kind="urban_district", value=50)
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.ACCEPTED, 10, 10)
    _report(world.ward_b, plan_world.ratio, plan_world.open, S.ACCEPTED, 9, 10)
    assert _ratio_row(plan_world).result == Result.EXCEEDED


def test_a_plan_may_allow_a_verdict_at_a_lower_coverage(plan_world, world):
    plan_world.plan.verdict_coverage = 50
    plan_world.plan.save()
    TargetFactory(indicator=plan_world.ratio, year=2099, org_kind="urban_district", value=50)
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.ACCEPTED, 10, 10)
    assert _ratio_row(plan_world).result == Result.EXCEEDED


def test_the_heatmap_page_shows_the_coverage_and_withholds_the_verdict(
    plan_world, world, chair, client_as
):
    TargetFactory(indicator=plan_world.ratio, year=2099, org_kind="urban_district", value=50)
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.ACCEPTED, 10, 10)
    html = client_as(chair).get(reverse("kpi_heatmap", args=[plan_world.open.pk])).content.decode()
    assert "1/2 phường đã được duyệt" in html
    assert "Chưa đánh giá: chưa đủ đơn vị được duyệt" in html


def test_the_district_figure_uses_the_districts_own_target_before_its_kinds(plan_world, world):
    TargetFactory(indicator=plan_world.ratio, year=2099, org_kind="urban_district", value=50)
    TargetFactory(
        indicator=plan_world.ratio, year=2099, org_kind="", org_unit=world.district, value=90
    )
    assert _ratio_row(plan_world).target == 90


def test_the_entry_page_and_the_heatmap_judge_a_ward_against_the_same_target(plan_world, world):
    TargetFactory(
        indicator=plan_world.ratio, year=2099, org_kind="", org_unit=world.ward_a, value=70
    )
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.ACCEPTED, 75, 100)
    entry = next(r for r in entry_rows(period=plan_world.open, unit=world.ward_a) if r.report)
    targets = targets_for(plan=plan_world.plan, year=2099)
    assert entry.target == targets.for_unit(plan_world.ratio, world.ward_a) == 70
    (_unit, cells), *_rest = period_heatmap(period=plan_world.open).rows
    assert cells[0].result == Result.EXCEEDED  # 75 % against 70 %, not against the wards' 80 %


def test_a_waiting_value_shows_in_the_heatmap_without_a_verdict(plan_world, world):
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.SUBMITTED, 75, 100)
    (_unit, cells), *_rest = period_heatmap(period=plan_world.open).rows
    assert (cells[0].text, cells[0].result) == ("75,0 %", None)


def _matrix_cell(plan_world, unit):
    matrix = completeness_matrix(plan=plan_world.plan)
    row = next(r for r in matrix.rows if r.unit == unit)
    return row.cells[matrix.periods.index(plan_world.open)]


def test_one_indicator_sent_of_two_is_not_sent_on_time(plan_world, world):
    sent = timezone.now()
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.SUBMITTED, 8, 10, sent=sent)
    cell = _matrix_cell(plan_world, world.ward_a)
    assert (cell.status, cell.label) == (PARTIAL, "Gửi chưa đủ (1/2)")


def test_a_unit_is_on_time_when_every_applicable_indicator_was_sent_by_the_deadline(
    plan_world, world
):
    sent = timezone.now()
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.SUBMITTED, 8, 10, sent=sent)
    _report(world.ward_a, plan_world.count, plan_world.open, S.SUBMITTED, value=3, sent=sent)
    assert _matrix_cell(plan_world, world.ward_a).status == ON_TIME


def test_an_indicator_that_does_not_apply_to_the_unit_is_not_expected(plan_world, world):
    from tests.kpis.factories import IndicatorFactory

    IndicatorFactory(plan=plan_world.plan, code="CT40", applies_to_kinds=["commune"])
    sent = timezone.now()
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.SUBMITTED, 8, 10, sent=sent)
    _report(world.ward_a, plan_world.count, plan_world.open, S.SUBMITTED, value=3, sent=sent)
    assert _matrix_cell(plan_world, world.ward_a).status == ON_TIME


def test_the_matrix_page_shows_an_incomplete_sending_with_its_count(
    plan_world, world, chair, client_as
):
    _report(
        world.ward_a, plan_world.ratio, plan_world.open, S.SUBMITTED, 8, 10, sent=timezone.now()
    )
    html = client_as(chair).get(reverse("kpi_matrix", args=[plan_world.plan.pk])).content.decode()
    assert "Gửi chưa đủ (1/2)" in html


# --- Entry opens on the period's last day ------------------------------------------------------


def test_a_period_is_not_open_for_entry_before_its_last_day(plan_world, world):
    day_before = datetime.date(2099, 1, 30)
    assert not unit_may_edit_period(period=plan_world.open, unit=world.ward_a, today=day_before)


def test_a_period_opens_for_entry_on_its_last_day(plan_world, world):
    last_day = datetime.date(2099, 1, 31)
    assert unit_may_edit_period(period=plan_world.open, unit=world.ward_a, today=last_day)


@pytest.fixture
def next_month(plan_world):
    return PeriodFactory(
        plan=plan_world.plan,
        year=2099,
        number=2,
        submission_deadline=datetime.date(2099, 3, 5),
        lock_date=datetime.date(2099, 3, 15),
    )


def test_the_next_month_refuses_entry_and_says_when_it_opens(
    plan_world, next_month, ward_a, client_as
):
    client = client_as(ward_a)
    url = reverse("kpi_report", args=[next_month.pk])
    response = client.post(
        url,
        {f"i{plan_world.ratio.pk}-numerator": "8", f"i{plan_world.ratio.pk}-denominator": "10"},
        follow=True,
    )
    html = response.content.decode()
    assert "Kỳ Tháng 2/2099 chưa mở để nhập" in html and "từ ngày 28/02/2099" in html
    assert "Gửi báo cáo" not in html
    assert not IndicatorReport.objects.exists()


def test_the_excel_import_refuses_a_month_not_yet_ended(plan_world, next_month, ward_a, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.kpis.test_excel import _xlsx

    content = _xlsx([["T-Q-A", "CT09", "x", 8, 10, None, ""]])
    response = client_as(ward_a).post(
        reverse("kpi_import", args=[next_month.pk]), {"file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert "chưa mở để nhập" in response.content.decode()
    assert not IndicatorReport.objects.exists()


# --- In SQL: a fixed number of queries; every aggregate equals the accepted rows behind it -----


def test_the_matrix_takes_the_same_queries_for_one_report_and_many(
    plan_world, world, django_assert_num_queries
):
    _report(world.ward_a, plan_world.ratio, plan_world.open, S.ACCEPTED, 8, 10)
    with django_assert_num_queries(5):
        completeness_matrix(plan=plan_world.plan)
    wards = [OrgUnitFactory(parent=world.district) for _ in range(20)]
    periods = [
        PeriodFactory(
            plan=plan_world.plan,
            year=2098,
            number=n,
            submission_deadline=datetime.date(2098, 12, 25),
            lock_date=datetime.date(2099, 3, 2),
        )
        for n in range(1, 13)
    ]
    IndicatorReport.objects.bulk_create(
        IndicatorReport(
            unit=w, indicator=i, period=p, numerator=8, denominator=10, value=3, state=S.ACCEPTED
        )
        for w in wards
        for p in periods
        for i in (plan_world.ratio, plan_world.count)
    )
    with django_assert_num_queries(5):
        matrix = completeness_matrix(plan=plan_world.plan)
    assert len(matrix.rows) == 22 and len(matrix.periods) == 14  # with the locked 6/2023


STATES = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 2),  # which unit (2: a division the indicators do not apply to)
            st.booleans(),  # the ratio or the count
            st.sampled_from(STATES),
            st.integers(0, 500),
            st.integers(1, 500),
        ),
        max_size=16,
        unique_by=lambda r: (r[0], r[1]),
    ),
    coverage=st.integers(1, 100),
)
def test_every_district_figure_equals_the_accepted_applicable_rows_behind_it(
    plan_world, world, rows, coverage
):
    IndicatorReport.objects.all().delete()
    plan_world.plan.verdict_coverage = coverage
    plan_world.plan.save()
    units = [world.ward_a, world.ward_b, world.division]
    created = []
    for unit_index, is_ratio, state, a, b in rows:
        unit = units[unit_index]
        num, den = min(a, b), max(a, b)
        created.append(
            _report(
                unit,
                plan_world.ratio if is_ratio else plan_world.count,
                plan_world.open,
                state,
                num if is_ratio else None,
                den if is_ratio else None,
                None if is_ratio else Decimal(a),
            )
        )
    heatmap = period_heatmap(period=plan_world.open)
    wards = {world.ward_a.pk, world.ward_b.pk}
    for row in heatmap.aggregates:
        behind = [r for r in created if r.indicator == row.indicator and r.unit_id in wards]
        accepted = [r for r in behind if r.state == S.ACCEPTED]
        waiting = [r for r in behind if r.state == S.SUBMITTED]
        assert (row.coverage.accepted, row.coverage.waiting, row.coverage.expected) == (
            len(accepted),
            len(waiting),
            2,
        )
        if row.indicator == plan_world.ratio:
            den = sum(r.denominator for r in accepted)
            expected = Decimal(sum(r.numerator for r in accepted)) * 100 / den if den else None
        else:
            expected = sum(r.value for r in accepted) if accepted else None
        assert row.value == expected
        if row.result is not None:
            assert len(accepted) * 100 >= coverage * 2


def test_the_bulk_import_refuses_figures_of_a_month_not_yet_ended(
    plan_world, next_month, secretariat
):
    from kpis.resources import PeriodReportsResource
    from tests.kpis.test_excel import _bulk

    rows = [("T-Q-A", "CT09", "2099-month-2", 8, 10, "", "")]
    result = PeriodReportsResource(plan=plan_world.plan, user=secretariat).import_data(_bulk(rows))
    assert result.invalid_rows[0].error_dict["period"] == [
        "Kỳ Tháng 2/2099 chưa kết thúc: nhập từ ngày 28/02/2099."
    ]
    assert not IndicatorReport.objects.exists()


def test_the_kpi_home_says_from_when_a_month_not_yet_ended_opens(
    plan_world, next_month, ward_a, client_as
):
    html = client_as(ward_a).get(reverse("kpi_home")).content.decode()
    assert "Nhập từ 28/02/2099" in html
