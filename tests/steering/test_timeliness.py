import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steering.deadlines import DeadlineKind
from steering.timeliness import (
    GRID_COLUMNS,
    GridBucket,
    TaskState,
    Timeliness,
    grid_bucket,
    overdue_first_key,
    timeliness,
)

D = datetime.date
AS_OF = D(2019, 11, 15)
DUE = D(2019, 11, 30)


def status(
    *,
    state="in_progress",
    deadline_kind="date",
    due_date=DUE,
    completed_on=None,
    as_of=AS_OF,
    due_soon_days=7,
):
    return timeliness(
        state=state,
        deadline_kind=deadline_kind,
        due_date=due_date,
        completed_on=completed_on,
        as_of=as_of,
        due_soon_days=due_soon_days,
    )


def test_task_state_has_the_seven_states():
    assert TaskState.values == [
        "not_started",
        "in_progress",
        "pending_review",
        "completed",
        "returned",
        "on_hold",
        "cancelled",
    ]


def test_task_states_have_vietnamese_labels():
    assert str(TaskState.PENDING_REVIEW.label) == "Chờ xác nhận"


def test_timeliness_labels_follow_the_official_wording():
    assert str(Timeliness.COMPLETED_ON_TIME.label) == "Hoàn thành đúng hạn"
    assert str(Timeliness.CANCELLED.label) == "Dừng thực hiện"


def test_completed_before_the_due_date_is_on_time():
    assert status(state="completed", completed_on=D(2019, 11, 10)) == "completed_on_time"


def test_completed_on_the_due_date_itself_is_on_time():
    result = status(state="completed", completed_on=D(2019, 11, 30), as_of=D(2019, 12, 5))
    assert result == "completed_on_time"


def test_completed_after_the_due_date_is_late():
    result = status(state="completed", completed_on=D(2019, 12, 2), as_of=D(2019, 12, 5))
    assert result == "completed_late"


def test_completed_without_a_due_date_is_completed_no_deadline():
    result = status(state="completed", deadline_kind="pending", due_date=None, completed_on=AS_OF)
    assert result == "completed_no_deadline"


def test_a_completed_recurring_task_is_completed_no_deadline():
    result = status(
        state="completed", deadline_kind="recurring", due_date=None, completed_on=D(2019, 11, 1)
    )
    assert result == "completed_no_deadline"


def test_a_task_completed_after_the_as_of_date_was_still_open_then():
    result = status(state="completed", completed_on=D(2019, 12, 2), as_of=D(2019, 11, 10))
    assert result == "on_track"


def test_a_task_completed_after_the_as_of_date_can_have_been_overdue_then():
    result = status(state="completed", completed_on=D(2019, 12, 10), as_of=D(2019, 12, 5))
    assert result == "overdue"


def test_a_completed_task_without_completion_date_is_judged_on_the_as_of_date():
    assert status(state="completed", completed_on=None, as_of=D(2019, 12, 5)) == "completed_late"


def test_a_task_awaiting_confirmation_is_still_open():
    result = status(state="pending_review", completed_on=D(2019, 11, 10), as_of=D(2019, 12, 5))
    assert result == "overdue"


def test_an_open_recurring_task_is_recurring():
    assert status(deadline_kind="recurring", due_date=None) == "recurring"


def test_an_open_task_without_a_due_date_has_no_deadline():
    assert status(deadline_kind="pending", due_date=None) == "no_deadline"


def test_an_open_task_past_its_due_date_is_overdue():
    assert status(due_date=D(2019, 11, 14)) == "overdue"


def test_an_open_task_due_today_is_not_overdue():
    assert status(due_date=AS_OF) == "due_soon"


def test_an_open_task_due_within_the_window_is_due_soon():
    assert status(due_date=AS_OF + datetime.timedelta(days=7)) == "due_soon"


def test_an_open_task_due_after_the_window_is_on_track():
    assert status(due_date=AS_OF + datetime.timedelta(days=8)) == "on_track"


def test_the_due_soon_window_is_configurable():
    assert status(due_date=AS_OF + datetime.timedelta(days=5), due_soon_days=3) == "on_track"


def test_a_task_on_hold_is_still_judged_against_its_deadline():
    assert status(state="on_hold", due_date=D(2019, 11, 1)) == "overdue"


def test_a_cancelled_task_is_cancelled_whatever_its_deadline():
    assert status(state="cancelled", due_date=D(2019, 11, 1)) == "cancelled"


def test_a_cancelled_recurring_task_is_not_recurring():
    assert status(state="cancelled", deadline_kind="recurring", due_date=None) == "cancelled"


@pytest.mark.parametrize(
    ("value", "bucket"),
    [
        ("completed_on_time", "done_on_time"),
        ("completed_late", "done_late"),
        ("on_track", "open_within_deadline"),
        ("due_soon", "open_within_deadline"),
        ("overdue", "open_overdue"),
        ("completed_no_deadline", "completed_no_deadline"),
        ("recurring", "recurring"),
        ("no_deadline", "no_deadline"),
        ("cancelled", "cancelled"),
    ],
)
def test_each_timeliness_maps_to_its_report_column(value, bucket):
    assert grid_bucket(value) == bucket


def test_the_grid_starts_with_the_official_two_by_two():
    assert GRID_COLUMNS[:4] == ("done_on_time", "done_late", "open_within_deadline", "open_overdue")


def test_every_report_column_has_a_vietnamese_label():
    assert str(GridBucket.OPEN_OVERDUE.label) == "Chưa hoàn thành, quá hạn"


@pytest.mark.django_db
def test_the_grid_lists_every_column_even_when_empty():
    from meetings.models import Directive

    assert Directive.objects.grid(AS_OF) == dict.fromkeys(GRID_COLUMNS, 0)


def test_an_unknown_timeliness_has_no_column():
    with pytest.raises(KeyError):
        grid_bucket("late-ish")


def grid_counts(values) -> dict[str, int]:
    """Tasks per report column counted in Python, to hold the SQL grid against."""
    counts = dict.fromkeys(GRID_COLUMNS, 0)
    for value in values:
        counts[grid_bucket(value)] += 1
    return counts


tasks = st.fixed_dictionaries(
    {
        "state": st.sampled_from(TaskState.values),
        "deadline_kind": st.sampled_from(DeadlineKind.values),
        "due_date": st.none() | st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)),
        "completed_on": st.none() | st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)),
        "as_of": st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)),
        "due_soon_days": st.integers(0, 14),
    }
)


@given(tasks)
def test_timeliness_is_total_with_exactly_one_category_and_one_column(task):
    value = timeliness(**task)
    assert value in Timeliness.values
    assert [column for column in GRID_COLUMNS if grid_bucket(value) == column] == [
        grid_bucket(value)
    ]


@given(tasks)
def test_only_a_completed_task_is_ever_reported_done(task):
    value = timeliness(**task)
    done = value in {"completed_on_time", "completed_late", "completed_no_deadline"}
    assert not done or task["state"] == "completed"


@given(st.lists(tasks, max_size=40))
def test_report_columns_partition_any_list_of_tasks(task_list):
    counts = grid_counts(timeliness(**task) for task in task_list)
    assert sum(counts.values()) == len(task_list)
    assert list(counts) == list(GRID_COLUMNS)


# --- The SQL twin: `with_timeliness`, `grid` and `overdue_first` agree with the Python rule ---

db_tasks = st.lists(
    st.tuples(
        st.sampled_from(TaskState.values),
        st.sampled_from(DeadlineKind.values),
        st.none() | st.dates(min_value=D(2019, 1, 1), max_value=D(2020, 12, 31)),
        st.integers(0, 40),
        st.none() | st.dates(min_value=D(2019, 1, 1), max_value=D(2020, 12, 31)),
    ),
    max_size=12,
)


def _store(world, rows):
    from meetings.models import Directive
    from tests.meetings.factories import ConclusionFactory

    Directive.objects.all().delete()
    conclusion = ConclusionFactory(meeting__committee=world.committee)
    Directive.objects.bulk_create(
        Directive(
            committee=world.committee,
            conclusion=conclusion,
            content="x",
            lead_unit=world.ward_a,
            state=state,
            deadline_kind=kind,
            due_date=due,
            extended_due_date=due + datetime.timedelta(days=extension)
            if due and extension
            else None,
            completed_on=(done_on or D(2019, 6, 1)) if state == TaskState.COMPLETED else done_on,
            cancel_reason="lý do" if state == TaskState.CANCELLED else "",
            needs_unit_link=True,  # the rule does not look at the unit
        )
        for state, kind, due, extension, done_on in rows
    )
    return list(Directive.objects.all())


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=db_tasks, as_of=st.dates(D(2019, 1, 1), D(2021, 1, 1)), soon=st.integers(0, 14))
def test_the_database_derives_every_status_column_and_due_date_as_the_rule(
    world, rows, as_of, soon
):
    from django.test import override_settings

    from meetings.models import Directive

    tasks = _store(world, rows)
    with override_settings(DUE_SOON_DAYS=soon):
        derived = {
            d.pk: (d.status, d.bucket, d.effective_due)
            for d in Directive.objects.with_timeliness(as_of)
        }
        expected = {
            d.pk: (d.timeliness(as_of), grid_bucket(d.timeliness(as_of)), d.effective_due_date)
            for d in tasks
        }
    assert derived == expected


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=db_tasks, as_of=st.dates(D(2019, 1, 1), D(2021, 1, 1)))
def test_the_database_counts_the_grid_as_the_rule(world, rows, as_of):
    from meetings.models import Directive

    tasks = _store(world, rows)
    assert Directive.objects.grid(as_of) == grid_counts(d.timeliness(as_of) for d in tasks)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=db_tasks, as_of=st.dates(D(2019, 1, 1), D(2021, 1, 1)))
def test_the_database_sorts_overdue_first_as_the_rule(world, rows, as_of):
    from meetings.models import Directive

    tasks = _store(world, rows)
    expected = sorted(
        tasks,
        key=lambda d: overdue_first_key(
            status=d.timeliness(as_of), effective_due=d.effective_due_date, pk=d.pk
        ),
    )
    assert list(Directive.objects.overdue_first(as_of)) == expected


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=db_tasks,
    as_of=st.dates(D(2019, 1, 1), D(2021, 1, 1)),
    start=st.integers(0, 14),
    size=st.integers(1, 6),
    counted=st.booleans(),
)
def test_a_page_of_the_overdue_first_list_holds_the_rule_s_rows(
    world, rows, as_of, start, size, counted
):
    """The pages read segment by segment (PostgreSQL) or ranked (SQLite), with the grid given
    or counted, are the slices of the rule's order."""
    from meetings.models import Directive

    tasks = _store(world, rows)
    expected = sorted(
        tasks,
        key=lambda d: overdue_first_key(
            status=d.timeliness(as_of), effective_due=d.effective_due_date, pk=d.pk
        ),
    )
    pages = Directive.objects.overdue_first_pages(as_of)
    if counted:
        pages = pages.with_grid(Directive.objects.grid(as_of))
    assert pages.count() == len(tasks)
    assert [d.pk for d in pages[start : start + size]] == [
        d.pk for d in expected[start : start + size]
    ]


def test_overdue_first_puts_overdue_then_due_soon_then_no_deadline_then_closed():
    keys = [
        overdue_first_key(status="completed_on_time", effective_due=D(2019, 1, 1), pk=1),
        overdue_first_key(status="no_deadline", effective_due=None, pk=2),
        overdue_first_key(status="due_soon", effective_due=D(2019, 11, 16), pk=3),
        overdue_first_key(status="overdue", effective_due=D(2019, 11, 1), pk=4),
    ]
    assert [k[-1] for k in sorted(keys)] == [4, 3, 2, 1]


def test_the_due_soon_window_defaults_to_the_setting():
    from django.test import override_settings

    with override_settings(DUE_SOON_DAYS=3):
        result = timeliness(
            state="in_progress",
            deadline_kind="date",
            due_date=AS_OF + datetime.timedelta(days=5),
            completed_on=None,
            as_of=AS_OF,
        )
    assert result == "on_track"
