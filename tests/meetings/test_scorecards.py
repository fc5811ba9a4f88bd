"""Unit scorecards: figures computed by hand on a fixed fixture, and who sees which unit."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from kpis.models import Indicator, IndicatorReport, Plan, ReportingPeriod, ReportState
from steering.timeliness import GridBucket, TaskState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory
from tests.meetings.test_query_counts import _queries

pytestmark = pytest.mark.django_db
D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Q4 = {"year": 2019, "period": "q4", "as_of": "2019-12-15"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _at(day: D) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=TZ)


@pytest.fixture
def cards(world):
    """Q4/2019 judged on 15/12/2019. Directives: ward A has one on time, one late, one overdue
    and one not yet due; the division one overdue; ward B's only directive was extended out of
    the quarter. KPIs: two ward indicators × two monthly periods whose deadlines passed (5/11 and
    5/12; December's 5/1/2020 has not): ward A sent 2 on time, 1 late, 1 draft; ward B nothing."""
    conclusion = ConclusionFactory(meeting=MeetingFactory(committee=world.committee))
    a, div, b = world.ward_a, world.division, world.ward_b
    done = TaskState.COMPLETED
    for unit, fields in (
        (a, {"due_date": D(2019, 11, 30), "state": done, "completed_on": D(2019, 11, 20)}),
        (a, {"due_date": D(2019, 11, 30), "state": done, "completed_on": D(2019, 12, 2)}),
        (a, {"due_date": D(2019, 12, 10)}),
        (a, {"due_date": D(2019, 12, 20)}),
        (a, {"due_date": D(2019, 9, 30), "state": done, "completed_on": D(2019, 9, 1)}),
        (div, {"due_date": D(2019, 12, 1)}),
        (b, {"due_date": D(2019, 12, 20), "extended_due_date": D(2020, 1, 15)}),
    ):
        DirectiveFactory(conclusion=conclusion, lead_unit=unit, **fields)
    plan = Plan.objects.create(
        committee=world.committee,
        number="9/KH-UBND",
        date=D(2019, 1, 10),
        issuer=world.ubnd,
        title="Kế hoạch chuyển đổi số 2019",
        year=2019,
    )
    indicators = [
        Indicator.objects.create(
            plan=plan, code=f"CT{i}", ordinal=i, name=f"Chỉ tiêu {i}", applies_to_kinds=["ward"]
        )
        for i in (1, 2)
    ]
    periods = [
        ReportingPeriod.objects.create(
            plan=plan,
            kind="month",
            year=2019,
            number=month,
            submission_deadline=deadline,
            lock_date=deadline + datetime.timedelta(days=10),
        )
        for month, deadline in ((10, D(2019, 11, 5)), (11, D(2019, 12, 5)), (12, D(2020, 1, 5)))
    ]
    sent = ReportState.SUBMITTED
    for indicator, period, state, day in (
        (indicators[0], periods[0], ReportState.ACCEPTED, D(2019, 11, 4)),
        (indicators[1], periods[0], sent, D(2019, 11, 5)),
        (indicators[0], periods[1], sent, D(2019, 12, 7)),
        (indicators[1], periods[1], ReportState.DRAFT, None),
        (indicators[0], periods[2], sent, D(2019, 12, 14)),
    ):
        IndicatorReport.objects.create(
            unit=a,
            indicator=indicator,
            period=period,
            numerator=8,
            denominator=10,
            state=state,
            submitted_at=_at(day) if day else None,
        )
    return SimpleNamespace(plan=plan)


def _rows(client, **params):
    response = client.get(reverse("scorecard_list"), {**Q4, **params})
    assert response.status_code == 200
    return {row.unit_id: row for row in response.context["rows"]}, response


def test_the_quarter_scorecards_give_the_hand_computed_figures(world, cards, chair, client_as):
    rows, _response = _rows(client_as(chair))
    ward_a, division, ward_b = rows[world.ward_a.pk], rows[world.division.pk], rows[world.ward_b.pk]
    g = ward_a.tally.grid
    assert (g[GridBucket.DONE_ON_TIME], g[GridBucket.DONE_LATE]) == (1, 1)
    assert (g[GridBucket.OPEN_OVERDUE], g[GridBucket.OPEN_WITHIN_DEADLINE]) == (1, 1)
    assert ward_a.tally.total == 4  # September's directive is not in Q4
    assert round(ward_a.tally.on_time_rate, 1) == 33.3
    assert ward_a.tally.overdue_days == 5
    assert (division.tally.total, division.tally.on_time_rate, division.tally.overdue_days) == (
        1,
        0.0,
        14,
    )
    # Ward B's directive was extended to January: no directive in Q4, only its KPI reports.
    assert ward_b.tally.total == 0


def test_kpi_reporting_timeliness_is_counted_by_hand(world, cards, chair, client_as):
    rows, _response = _rows(client_as(chair))
    ward_a, ward_b = rows[world.ward_a.pk].kpi, rows[world.ward_b.pk].kpi
    assert (ward_a.expected, ward_a.on_time, ward_a.late, ward_a.missing) == (4, 2, 1, 1)
    assert ward_a.rate == 50.0
    assert (ward_b.expected, ward_b.on_time, ward_b.missing, ward_b.rate) == (4, 0, 4, 0.0)
    assert rows[world.division.pk].kpi is None  # a division reports no ward indicator


def test_units_are_ranked_by_on_time_rate_then_kpi_timeliness(world, cards, chair, client_as):
    rows, _response = _rows(client_as(chair))
    ranked = sorted(rows.values(), key=lambda r: r.rank)
    assert [r.unit_id for r in ranked] == [world.ward_a.pk, world.division.pk, world.ward_b.pk]


def test_the_year_and_half_year_include_the_earlier_quarters(world, cards, chair, client_as):
    client = client_as(chair)
    year, _r = _rows(client, period="y")
    half, _r = _rows(client, period="h2")
    assert year[world.ward_a.pk].tally.total == 5
    assert year[world.ward_a.pk].tally.grid[GridBucket.DONE_ON_TIME] == 2
    assert half[world.ward_a.pk].tally.total == 5  # September is in the second half


def test_each_scorecard_number_links_to_a_list_of_that_many_directives(
    world, cards, chair, client_as
):
    client = client_as(chair)
    rows, response = _rows(client)
    html = response.content.decode()
    row = rows[world.ward_a.pk]
    for bucket in ("done_on_time", "done_late", "open_overdue", "open_within_deadline"):
        assert f"lead_unit={world.ward_a.pk}&amp;bucket={bucket}" in html
        listing = client.get(
            reverse("directive_list"),
            {
                "committee": world.committee.pk,
                "as_of": "2019-12-15",
                "lead_unit": world.ward_a.pk,
                "due_from": "2019-10-01",
                "due_to": "2019-12-31",
                "bucket": bucket,
            },
        ).context["listing"]
        assert len(listing.rows) == row.tally.grid[bucket], bucket
    assert reverse("kpi_matrix", args=[cards.plan.pk]) in html


def test_a_ward_officer_sees_only_their_own_unit(world, cards, ward_a, client_as):
    rows, response = _rows(client_as(ward_a))
    assert list(rows) == [world.ward_a.pk]
    assert "Bình Minh" not in response.content.decode()


def test_a_ward_officer_cannot_open_another_units_scorecard(world, cards, ward_a, client_as):
    client = client_as(ward_a)
    other = client.get(reverse("scorecard_unit", args=[world.ward_b.pk]), Q4)
    own = client.get(reverse("scorecard_unit", args=[world.ward_a.pk]), Q4)
    assert other.status_code == 404
    assert own.status_code == 200


def test_the_chair_opens_any_units_scorecard_by_quarter_half_and_year(
    world, cards, chair, client_as
):
    response = client_as(chair).get(
        reverse("scorecard_unit", args=[world.ward_b.pk]), {"year": 2019, "as_of": "2019-12-15"}
    )
    assert response.status_code == 200
    assert [p.key for p, _row, _n, _q in response.context["columns"]] == [
        "q1",
        "q2",
        "q3",
        "q4",
        "h1",
        "h2",
        "y",
    ]
    q4 = next(row for p, row, _n, _q in response.context["columns"] if p.key == "q4")
    assert q4.rank == 3


def test_scorecard_queries_do_not_grow_with_directives(world, cards, chair, client_as):
    from tests.meetings.test_query_counts import _grow

    client = client_as(chair)
    meeting = MeetingFactory(committee=world.committee)
    _grow(world, meeting, 5)
    url = reverse("scorecard_list") + "?year=2019&as_of=2019-12-15"
    small = _queries(client, url)
    cache.clear()
    _grow(world, meeting, 200)
    assert _queries(client, url) == small


def test_a_ward_officers_view_never_serves_the_chair_the_same_url(
    world, cards, ward_a, chair, client_as
):
    """The figures are cached per reader scope: the ward officer (who sees only ward A's
    directives) opens the URL first, then the chair gets every unit's figures, and the reverse."""
    officer_rows, _r = _rows(client_as(ward_a))
    chair_rows, _r = _rows(client_as(chair))
    assert set(officer_rows) == {world.ward_a.pk}
    assert chair_rows[world.division.pk].tally.total == 1
    assert chair_rows[world.ward_a.pk].tally.total == 4
    again, _r = _rows(client_as(ward_a))
    assert set(again) == {world.ward_a.pk} and again[world.ward_a.pk].tally.total == 4


def test_the_form_shows_the_year_and_period_the_table_shows(world, chair, client_as):
    import re

    from django.urls import reverse

    response = client_as(chair).get(reverse("scorecard_list"), {"committee": world.committee.pk})
    page = response.content.decode()
    year = response.context["year"]
    assert re.search(rf'name="year" value="{year}"', page)
    assert re.search(r'<option value="y" selected>', page)
    assert not re.search(r'<option value="q1" selected>', page)


def test_a_wards_empty_scorecard_says_why_and_what_would_fill_it(world, ward_a, client_as):
    from django.urls import reverse

    page = client_as(ward_a).get(reverse("scorecard_list")).content.decode()
    assert 'data-testid="own-scorecard-empty"' in page
    assert "Phường An Bình" in page
    assert "được giao chủ trì nhiệm vụ có hạn trong kỳ" in page
