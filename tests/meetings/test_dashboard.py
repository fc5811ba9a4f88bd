import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import selectors
from meetings.dashboard import dashboard_build
from meetings.models import Directive
from steering import workflow
from steering.timeliness import GridBucket, TaskState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory
from tests.meetings.test_query_counts import _grow, _queries

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = "2019-12-15"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _d(conclusion, unit, **fields):
    return DirectiveFactory(conclusion=conclusion, lead_unit=unit, **fields)


@pytest.fixture
def fixed(world):
    """Ten directives of two meetings whose figures on 15/12/2019 are computed by hand below."""
    first = ConclusionFactory(meeting=MeetingFactory(committee=world.committee))
    second = ConclusionFactory(meeting=MeetingFactory(committee=world.committee))
    a, div, b = world.ward_a, world.division, world.ward_b
    done = TaskState.COMPLETED
    return SimpleNamespace(
        meetings=(first.meeting, second.meeting),
        on_time=_d(first, a, state=done, completed_on=D(2019, 11, 25)),
        late=_d(first, a, state=done, completed_on=D(2019, 12, 5)),
        overdue_5=_d(first, a, due_date=D(2019, 12, 10)),
        due_in_5=_d(first, a, due_date=D(2019, 12, 20)),
        overdue_14=_d(first, div, due_date=D(2019, 12, 1)),
        recurring=_d(second, div, deadline_kind="recurring", due_date=None),
        no_deadline=_d(second, div, deadline_kind="none", due_date=None),
        cancelled=_d(second, div, state=TaskState.CANCELLED, cancel_reason="Không còn cần thiết"),
        later=_d(second, b, due_date=D(2020, 1, 31)),
        done_undated=_d(
            second, b, deadline_kind="none", due_date=None, state=done, completed_on=D(2019, 10, 1)
        ),
    )


def _board(client, **params):
    return client.get(reverse("dashboard"), {"as_of": AS_OF, **params}).context["board"]


def test_the_fixed_fixture_gives_the_hand_computed_grid(world, fixed, chair, client_as):
    board = _board(client_as(chair), committee=world.committee.pk)
    assert board.overall.grid == {
        GridBucket.DONE_ON_TIME: 1,
        GridBucket.DONE_LATE: 1,
        GridBucket.OPEN_WITHIN_DEADLINE: 2,
        GridBucket.OPEN_OVERDUE: 2,
        GridBucket.COMPLETED_NO_DEADLINE: 1,
        GridBucket.RECURRING: 1,
        GridBucket.NO_DEADLINE: 1,
        GridBucket.CANCELLED: 1,
    }
    assert board.overall.total == 10
    assert board.overall.overdue_days == 5 + 14


def test_the_fixed_fixture_gives_the_hand_computed_unit_rows(world, fixed, chair, client_as):
    board = _board(client_as(chair), committee=world.committee.pk)
    rows = {t.key: t for t in board.by_unit}
    ward_a, division, ward_b = rows[world.ward_a.pk], rows[world.division.pk], rows[world.ward_b.pk]
    # Ward A: 1 on time of 3 come due (on time, late, overdue); 1 still within its deadline.
    assert (ward_a.total, ward_a.due, ward_a.overdue_days) == (4, 3, 5)
    assert round(ward_a.on_time_rate, 1) == 33.3
    assert (division.total, division.due, division.on_time_rate, division.overdue_days) == (
        4,
        1,
        0.0,
        14,
    )
    assert (ward_b.total, ward_b.on_time_rate) == (2, None)
    # Most open overdue first, then most days overdue.
    assert [t.key for t in board.by_unit] == [world.division.pk, world.ward_a.pk, world.ward_b.pk]


def test_the_fixed_fixture_gives_the_hand_computed_lists(world, fixed, chair, client_as):
    board = _board(client_as(chair), committee=world.committee.pk)
    assert [(d.pk, d.days_overdue) for d in board.overdue] == [
        (fixed.overdue_14.pk, 14),
        (fixed.overdue_5.pk, 5),
    ]
    assert board.overdue_count == 2
    assert [d.pk for d in board.due_next_week] == [fixed.due_in_5.pk]
    by_meeting = {t.key: t.total for t in board.by_meeting}
    assert by_meeting == {fixed.meetings[0].pk: 5, fixed.meetings[1].pk: 5}


def test_every_unit_figure_links_to_a_list_of_that_many_directives(world, fixed, chair, client_as):
    client = client_as(chair)
    html = client.get(
        reverse("dashboard"), {"committee": world.committee.pk, "as_of": AS_OF}
    ).content.decode()
    board = _board(client, committee=world.committee.pk)
    for tally in board.unit_rows:
        for bucket in (GridBucket.DONE_ON_TIME, GridBucket.OPEN_OVERDUE, ""):
            params = {"committee": world.committee.pk, "as_of": AS_OF}
            params.update([tally.unit_query.split("=")])
            if bucket:
                params["bucket"] = bucket
            listing = client.get(reverse("directive_list"), params).context["listing"]
            expected = tally.grid[bucket] if bucket else tally.total
            assert len(listing.rows) == expected, (tally.label, bucket)
    assert f"lead_unit={world.ward_a.pk}&amp;bucket=open_overdue" in html


def test_each_grid_number_links_to_the_list_behind_it(world, fixed, chair, client_as):
    client = client_as(chair)
    board = _board(client, committee=world.committee.pk)
    for bucket in GridBucket.values:
        listing = client.get(
            reverse("directive_list"),
            {"committee": world.committee.pk, "bucket": bucket, "as_of": AS_OF},
        ).context["listing"]
        assert len(listing.rows) == board.overall.grid[bucket]


def test_a_meeting_date_range_keeps_only_that_meetings_directives(world, fixed, chair, client_as):
    first_day = fixed.meetings[0].starts_at.date()
    board = _board(
        client_as(chair),
        committee=world.committee.pk,
        meeting_from=first_day.isoformat(),
        meeting_to=first_day.isoformat(),
    )
    assert board.overall.total == 5
    assert [t.key for t in board.by_meeting] == [fixed.meetings[0].pk]


def test_grid_counts_and_unit_rows_add_up_to_the_task_count(world, meeting, chair, client_as):
    _grow(world, meeting, 30)
    board = _board(client_as(chair), committee=world.committee.pk)
    assert board.overall.total == 30
    assert sum(board.overall.grid.values()) == 30
    assert sum(t.total for t in board.unit_rows) == 30
    assert sum(t.total for t in board.by_meeting) == 30


def test_overdue_list_counts_days_late(world, meeting, chair):
    conclusion = ConclusionFactory(meeting=meeting)
    DirectiveFactory(conclusion=conclusion, due_date=D(2019, 11, 30))
    board = dashboard_build(directives=Directive.objects.all(), as_of=D(2019, 12, 10))
    assert [d.days_overdue for d in board.overdue] == [10]
    assert board.overall.overdue_days == 10


def test_the_overdue_list_shows_twenty_and_links_to_all(world, meeting, chair, client_as):
    _grow(world, meeting, 100)
    response = client_as(chair).get(reverse("dashboard"), {"as_of": "2020-03-01"})
    board = response.context["board"]
    assert len(board.overdue) == 20
    assert board.overdue_count == board.overall.grid[GridBucket.OPEN_OVERDUE] > 20
    assert "bucket=open_overdue" in response.content.decode()


def test_dashboard_queries_are_the_same_for_5_and_200_directives(world, meeting, chair, client_as):
    client = client_as(chair)
    _grow(world, meeting, 5)
    small = _queries(client, reverse("dashboard"))
    cache.clear()
    _grow(world, meeting, 195)
    assert _queries(client, reverse("dashboard")) == small


def test_a_cached_dashboard_is_served_with_fewer_queries(world, meeting, chair, client_as):
    client = client_as(chair)
    _grow(world, meeting, 20)
    cold = _queries(client, reverse("dashboard"))
    warm = _queries(client, reverse("dashboard"))
    assert warm < cold


def test_a_directive_write_refreshes_the_cached_figures(
    world, fixed, chair, secretariat, client_as, django_capture_on_commit_callbacks
):
    client = client_as(chair)
    before = _board(client, committee=world.committee.pk)
    assert before.overall.grid[GridBucket.OPEN_OVERDUE] == 2
    with django_capture_on_commit_callbacks(execute=True):
        workflow.task_report(
            task=fixed.overdue_5,
            user=secretariat,
            note="Đã xong",
            percent=None,
            completed=True,
            reported_on=D(2019, 12, 12),
        )
        workflow.task_confirm(task=fixed.overdue_5, user=secretariat)
    after = _board(client, committee=world.committee.pk)
    assert after.overall.grid[GridBucket.OPEN_OVERDUE] == 1
    assert after.overall.grid[GridBucket.DONE_LATE] == 2


def test_a_reversed_date_range_is_explained(world, chair, client_as):
    response = client_as(chair).get(
        reverse("dashboard"), {"meeting_from": "2019-12-01", "meeting_to": "2019-01-01"}
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()


def test_the_kpi_summary_and_project_portfolio_are_on_the_dashboard(world, chair, client_as):
    from projects.models import Health, ITProject, ProjectStatus

    pilot = ProjectStatus.objects.get(code="pilot")
    for code, health in (("P1", Health.ON_TRACK), ("P2", Health.AT_RISK), ("P3", Health.AT_RISK)):
        ITProject.objects.create(
            code=code,
            name=code,
            owner_unit=world.vhtt,
            committee=world.committee,
            status=pilot,
            health=health,
        )
    response = client_as(chair).get(reverse("dashboard"), {"committee": world.committee.pk})
    portfolio = response.context["portfolio"]
    row = next(r for r in portfolio.rows if r.status_id == pilot.pk)
    assert (row.total, row.health[Health.AT_RISK]) == (3, 2)
    assert portfolio.total == 3
    html = response.content.decode()
    assert f"status={pilot.pk}&amp;health=at_risk" in html


STATES = [s.value for s in TaskState]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(STATES),
            st.one_of(st.none(), st.dates(D(2019, 1, 1), D(2020, 12, 31))),
            st.sampled_from(["date", "recurring", "none"]),
            st.sampled_from(["ward_a", "division", None]),
            st.integers(0, 1),
        ),
        max_size=12,
    ),
    as_of=st.dates(D(2019, 1, 1), D(2021, 1, 1)),
    filters=st.fixed_dictionaries(
        {},
        optional={
            "lead_unit": st.sampled_from(["ward_a", "division"]),
            "unit": st.sampled_from(["ward_a", "division"]),
            "meeting": st.integers(0, 1),
            "due_from": st.dates(D(2019, 1, 1), D(2020, 12, 31)),
            "state": st.sampled_from(STATES),
        },
    ),
)
def test_totals_equal_the_task_count_for_any_data_and_any_filter(
    world, admin_user, rows, as_of, filters
):
    # The world is shared by every example; each example starts from no directives.
    Directive.objects.all().delete()
    conclusions = [
        ConclusionFactory(meeting__committee=world.committee),
        ConclusionFactory(meeting__committee=world.committee),
    ]
    for state, due, kind, unit, which in rows:
        directive = Directive.objects.create(
            committee=world.committee,
            conclusion=conclusions[which],
            content="x",
            state=state,
            due_date=due if kind == "date" else None,
            deadline_kind=kind if due or kind != "date" else "none",
            lead_unit=getattr(world, unit) if unit else None,
            lead_unit_text="" if unit else "Đơn vị chưa khớp",
            needs_unit_link=not unit,  # a legacy row not linked yet
            completed_on=(due or D(2019, 6, 1)) if state == TaskState.COMPLETED else None,
            cancel_reason="lý do" if state == TaskState.CANCELLED else "",
        )
        if which:
            directive.supporting_units.add(world.ward_a)
    resolved = {"committee": world.committee, **filters}
    for key in ("lead_unit", "unit"):
        if key in filters:
            resolved[key] = getattr(world, filters[key])
    if "meeting" in filters:
        resolved["meeting"] = conclusions[filters["meeting"]].meeting
    directives = selectors.directive_filter(user=admin_user, filters=resolved)
    expected = directives.count()
    board = dashboard_build(directives=directives, as_of=as_of)
    assert board.overall.total == expected
    assert sum(board.overall.grid.values()) == expected
    assert sum(t.total for t in board.unit_rows) == expected
    assert sum(t.total for t in board.by_meeting) == expected
    assert board.overdue_count == board.overall.grid[GridBucket.OPEN_OVERDUE]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(STATES),
            st.one_of(st.none(), st.dates(D(2019, 1, 1), D(2020, 12, 31))),
            st.sampled_from(["date", "recurring", "none", "month"]),
            st.integers(0, 40),
            st.one_of(st.none(), st.dates(D(2019, 1, 1), D(2020, 12, 31))),
            st.sampled_from(["ward_a", "division", None]),
        ),
        max_size=15,
    ),
    as_of=st.dates(D(2019, 1, 1), D(2021, 1, 1)),
)
def test_the_database_counts_every_directive_as_timeliness_does(world, rows, as_of):
    """The dashboard's SQL columns agree, directive by directive, with the one Python rule."""
    from collections import Counter

    from steering.timeliness import grid_bucket

    Directive.objects.all().delete()
    conclusion = ConclusionFactory(meeting__committee=world.committee)
    for state, due, kind, extension, done_on, unit in rows:
        Directive.objects.create(
            committee=world.committee,
            conclusion=conclusion,
            content="x",
            state=state,
            deadline_kind=kind,
            due_date=due,
            extended_due_date=due + datetime.timedelta(days=extension)
            if due and extension
            else None,
            completed_on=(done_on or D(2019, 6, 1)) if state == TaskState.COMPLETED else done_on,
            cancel_reason="lý do" if state == TaskState.CANCELLED else "",
            lead_unit=getattr(world, unit) if unit else None,
            needs_unit_link=not unit,  # a legacy row not linked yet
        )
    directives = list(Directive.objects.all())
    expected = Counter(grid_bucket(d.timeliness(as_of)) for d in directives)
    board = dashboard_build(directives=Directive.objects.all(), as_of=as_of)
    assert {k: v for k, v in board.overall.grid.items() if v} == dict(expected)
    late = [d for d in directives if d.timeliness(as_of) == "overdue"]
    assert board.overall.overdue_days == sum((as_of - d.effective_due_date).days for d in late)
    for tally in board.unit_rows:
        mine = [d for d in directives if d.lead_unit_id == tally.key]
        assert tally.total == len(mine)
        assert tally.grid[GridBucket.DONE_ON_TIME] == sum(
            1 for d in mine if d.timeliness(as_of) == "completed_on_time"
        )
    soon = [
        d
        for d in directives
        if d.timeliness(as_of) in ("due_soon", "on_track")
        and (d.effective_due_date - as_of).days <= 7
    ]
    assert board.due_next_week_count == len(soon)
    assert [d.days_overdue for d in board.overdue] == sorted(
        ((as_of - d.effective_due_date).days for d in late), reverse=True
    )[:20]


def test_tasks_without_a_linked_unit_are_one_explicit_row_after_the_units(
    world, fixed, chair, client_as
):
    conclusion = ConclusionFactory(meeting=fixed.meetings[0])
    for text in ("UBND phường Bồ Đề", "Bồ Đề"):
        # Legacy rows the migration could not link (new ones cannot be saved without a unit).
        DirectiveFactory(
            conclusion=conclusion, lead_unit=None, lead_unit_text=text, needs_unit_link=True
        )
    client = client_as(chair)
    board = _board(client, committee=world.committee.pk)
    assert [t.label for t in board.unit_rows if t.key is None] == ["Chưa gắn đơn vị"]
    assert board.unit_rows[-1].total == 2
    listing = client.get(
        reverse("directive_list"),
        {"committee": world.committee.pk, "as_of": AS_OF, "unlinked": "1"},
    ).context["listing"]
    assert {d.lead_unit_text for d in listing.rows} == {"UBND phường Bồ Đề", "Bồ Đề"}


def test_the_unit_table_has_no_unlinked_row_when_every_task_has_a_unit(
    world, fixed, chair, client_as
):
    client = client_as(chair)
    board = _board(client, committee=world.committee.pk)
    html = client.get(reverse("dashboard"), {"as_of": AS_OF}).content.decode()
    assert all(t.key is not None for t in board.unit_rows)
    assert "Chưa gắn đơn vị" not in html
    assert all(t.label not in ("", "—") for t in board.unit_rows)


def test_the_due_soon_list_follows_the_due_soon_setting(world, fixed, chair, client_as, settings):
    settings.DUE_SOON_DAYS = 3
    board = _board(client_as(chair), committee=world.committee.pk)
    assert board.due_next_week_count == 0  # due in 5 days: not within 3
    assert board.soon_days == 3
