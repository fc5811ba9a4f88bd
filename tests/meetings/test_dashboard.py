import datetime

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.dashboard import dashboard_build
from meetings.models import Directive
from steering.timeliness import GridBucket, TaskState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory
from tests.meetings.test_query_counts import _grow, _queries

pytestmark = pytest.mark.django_db
D = datetime.date


def test_grid_counts_and_unit_rows_add_up_to_the_task_count(world, meeting, chair, client_as):
    _grow(world, meeting, 30)
    response = client_as(chair).get(
        reverse("dashboard"), {"committee": world.committee.pk, "as_of": "2019-12-15"}
    )
    board = response.context["board"]
    assert board.overall.total == 30
    assert sum(board.overall.grid.values()) == 30
    assert sum(t.total for t in board.by_unit) == 30
    assert sum(t.total for t in board.by_meeting) == 30


def test_each_grid_number_links_to_the_list_behind_it(world, meeting, chair, client_as):
    _grow(world, meeting, 12)
    client = client_as(chair)
    board = client.get(reverse("dashboard"), {"committee": world.committee.pk}).context["board"]
    for bucket in GridBucket.values:
        listing = client.get(
            reverse("directive_list"), {"committee": world.committee.pk, "bucket": bucket}
        ).context["listing"]
        assert len(listing.rows) == board.overall.grid[bucket]


def test_overdue_list_counts_days_late(world, meeting, chair):
    conclusion = ConclusionFactory(meeting=meeting)
    DirectiveFactory(conclusion=conclusion, due_date=D(2019, 11, 30))
    board = dashboard_build(directives=Directive.objects.all(), as_of=D(2019, 12, 10))
    assert [days for _d, days in board.overdue] == [10]
    assert board.overall.overdue_days == 10


def test_dashboard_queries_do_not_grow_with_directives(world, meeting, chair, client_as):
    client = client_as(chair)
    _grow(world, meeting, 10)
    small = _queries(client, reverse("dashboard"))
    _grow(world, meeting, 300)
    assert _queries(client, reverse("dashboard")) == small


def test_a_reversed_date_range_is_explained(world, chair, client_as):
    response = client_as(chair).get(
        reverse("dashboard"), {"meeting_from": "2019-12-01", "meeting_to": "2019-01-01"}
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([s.value for s in TaskState]),
            st.one_of(st.none(), st.dates(D(2019, 1, 1), D(2020, 12, 31))),
        ),
        max_size=12,
    )
)
def test_totals_equal_the_task_count_for_any_data(world, rows):
    # The world is shared by every example; each example starts from no directives.
    Directive.objects.all().delete()
    meeting_conclusion = ConclusionFactory(meeting__committee=world.committee)
    for state, due in rows:
        Directive.objects.create(
            committee=world.committee,
            conclusion=meeting_conclusion,
            content="x",
            state=state,
            due_date=due,
            deadline_kind="date" if due else "none",
            completed_on=due
            if state == TaskState.COMPLETED and due
            else (D(2019, 6, 1) if state == TaskState.COMPLETED else None),
            cancel_reason="lý do" if state == TaskState.CANCELLED else "",
        )
    board = dashboard_build(directives=Directive.objects.all(), as_of=D(2020, 1, 1))
    assert board.overall.total == len(rows)
    assert sum(t.total for t in board.by_unit) == len(rows)
