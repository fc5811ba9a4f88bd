"""The city follows one assignment ward by ward, and every ward in the ward × task grid."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.cascade_selectors import assignment_progress, cascade_grid
from steering.timeliness import Timeliness
from tests.cascade.conftest import CITY_MEETING
from tests.factories import OrgUnitFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

AFTER = datetime.date(2025, 8, 20)


def _complete(task, day):
    task.state, task.completed_on = "completed", day
    task.save()


def _status(grid, ward, column=0):
    row = next(r for r in grid.rows if r.ward == ward)
    return [cell.status for cell in row.cells[column]]


def test_the_grid_shows_a_ward_done_on_time_and_another_overdue(city_world):
    _complete(city_world.task_bo_de, datetime.date(2025, 8, 12))
    grid = cascade_grid(committee=city_world.committee, as_of=AFTER)
    assert _status(grid, city_world.bo_de.unit) == [Timeliness.COMPLETED_ON_TIME]
    assert _status(grid, city_world.long_bien.unit) == [Timeliness.OVERDUE]
    assert grid.totals["done_on_time"] == 1
    assert grid.totals["open_overdue"] == 2


def test_a_past_day_rebuilds_the_grid_as_it_was(city_world):
    _complete(city_world.task_bo_de, datetime.date(2025, 8, 12))
    grid = cascade_grid(committee=city_world.committee, as_of=datetime.date(2025, 8, 10))
    assert _status(grid, city_world.bo_de.unit) == [Timeliness.DUE_SOON]


def test_a_task_given_to_an_office_of_the_ward_lands_in_the_wards_row(city_world):
    DirectiveFactory(
        conclusion=city_world.conclusion,
        lead_unit=city_world.bo_de.office,
        due_date=datetime.date(2025, 8, 30),
    )
    grid = cascade_grid(committee=city_world.committee, as_of=AFTER)
    row = next(r for r in grid.rows if r.ward == city_world.bo_de.unit)
    assert row.total == 2
    assert [len(cells) for cells in row.cells] == [1, 1]


def test_the_wards_are_those_valid_on_the_day(city_world):
    grid = cascade_grid(committee=city_world.committee, as_of=datetime.date(2025, 6, 30))
    assert city_world.bo_de.unit not in [r.ward for r in grid.rows]


def _queries(committee, as_of):
    with CaptureQueriesContext(connection) as captured:
        grid = cascade_grid(committee=committee, as_of=as_of)
    return len(captured), grid


def test_the_grid_takes_the_same_number_of_queries_for_more_wards_and_tasks(city_world):
    few, _grid = _queries(city_world.committee, AFTER)
    for n in range(6):
        ward = OrgUnitFactory(
            code=f"C-X{n}", kind="ward", name=f"Phường Mới {n}", parent=city_world.city
        )
        meeting = MeetingFactory(committee=city_world.committee, starts_at=CITY_MEETING)
        DirectiveFactory(conclusion=ConclusionFactory(meeting=meeting), lead_unit=ward)
    many, grid = _queries(city_world.committee, AFTER)
    assert many == few
    assert len(grid.columns) == 7


def test_one_assignment_shows_each_wards_state_by_name(city_world):
    _complete(city_world.task_bo_de, datetime.date(2025, 8, 12))
    progress = assignment_progress(directive=city_world.task_long_bien, as_of=AFTER)
    rows = list(progress.page.object_list)
    assert [r.lead_unit for r in rows] == [
        city_world.bo_de.unit,
        city_world.long_bien.unit,
        city_world.phuc_loi.unit,
    ]
    assert [r.status for r in rows] == [
        Timeliness.COMPLETED_ON_TIME,
        Timeliness.OVERDUE,
        Timeliness.OVERDUE,
    ]
    assert progress.total == 3
