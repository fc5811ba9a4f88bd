"""A ward's report upward: six categories from the one status rule, equal to the ward's inbox;
its criteria lights equal to the city grid; the same figures in the Excel file and the PDF."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.cascade_selectors import ward_inbox
from meetings.upward_report import (
    DONE,
    IN_PROGRESS,
    LATE,
    NOT_STARTED,
    ON_TIME,
    six_category,
    upward_report,
)
from steering.timeliness import GridBucket, TaskState, Timeliness
from tests.cascade.conftest import CITY_MEETING, DUE
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

AS_OF = datetime.date(2025, 9, 30)


@pytest.mark.parametrize(
    ("state", "status", "expected"),
    [
        (TaskState.NOT_STARTED, Timeliness.OVERDUE, (NOT_STARTED, LATE)),
        (TaskState.NOT_STARTED, Timeliness.ON_TRACK, (NOT_STARTED, ON_TIME)),
        (TaskState.IN_PROGRESS, Timeliness.DUE_SOON, (IN_PROGRESS, ON_TIME)),
        (TaskState.PENDING_REVIEW, Timeliness.OVERDUE, (IN_PROGRESS, LATE)),
        (TaskState.COMPLETED, Timeliness.COMPLETED_ON_TIME, (DONE, ON_TIME)),
        (TaskState.COMPLETED, Timeliness.COMPLETED_LATE, (DONE, LATE)),
        # completed after the report date: still open on that date
        (TaskState.COMPLETED, Timeliness.OVERDUE, (IN_PROGRESS, LATE)),
        (TaskState.CANCELLED, Timeliness.CANCELLED, None),
    ],
)
def test_each_status_lands_in_one_of_the_six_categories(state, status, expected):
    assert six_category(state=state, status=status) == expected


def test_the_six_categories_equal_the_wards_inbox(bo_de_tasks, ward_secretariat):
    committee = bo_de_tasks.bo_de.committee
    report = upward_report(
        committee=committee, user=ward_secretariat, start=datetime.date(2025, 7, 1), end=AS_OF
    )
    grid = ward_inbox(committee=committee, user=ward_secretariat, as_of=AS_OF).listing.grid
    assert report.count(DONE, ON_TIME) == (
        grid[GridBucket.DONE_ON_TIME] + grid[GridBucket.COMPLETED_NO_DEADLINE]
    )
    assert report.count(DONE, LATE) == grid[GridBucket.DONE_LATE]
    assert (
        report.count(NOT_STARTED, LATE) + report.count(IN_PROGRESS, LATE)
        == grid[GridBucket.OPEN_OVERDUE]
    )
    assert report.count(NOT_STARTED, ON_TIME) + report.count(IN_PROGRESS, ON_TIME) == (
        grid[GridBucket.OPEN_WITHIN_DEADLINE]
        + grid[GridBucket.RECURRING]
        + grid[GridBucket.NO_DEADLINE]
    )
    assert report.stopped == grid[GridBucket.CANCELLED]
    assert (report.total, report.stopped) == (4, 1)
    assert report.count(NOT_STARTED, LATE) == 1  # the city task, never started, due 15/8
    assert report.count(NOT_STARTED, ON_TIME) == 1


def test_another_wards_tasks_never_enter_the_report(bo_de_tasks, ward_secretariat):
    report = upward_report(
        committee=bo_de_tasks.bo_de.committee,
        user=ward_secretariat,
        start=datetime.date(2025, 7, 1),
        end=AS_OF,
    )
    assert bo_de_tasks.task_long_bien.pk not in {row.directive.pk for row in report.rows}


def test_tasks_given_after_the_period_are_left_out(bo_de_tasks, ward_secretariat):
    report = upward_report(
        committee=bo_de_tasks.bo_de.committee,
        user=ward_secretariat,
        start=datetime.date(2025, 7, 1),
        end=datetime.date(2025, 8, 1),
    )
    assert report.total == 0


def test_the_criteria_lights_equal_the_city_grid_row(
    bo_de_tasks, bo_de_lights, ward_secretariat, city_secretariat, client_as
):
    report = upward_report(
        committee=bo_de_tasks.bo_de.committee,
        user=ward_secretariat,
        start=datetime.date(2025, 9, 1),
        end=AS_OF,
    )
    [block] = report.criteria
    grid = (
        client_as(city_secretariat)
        .get(
            reverse(
                "kpi_criteria_results", kwargs={"pk": bo_de_lights.pk, "year": 2025, "month": 9}
            )
        )
        .context["grid"]
    )
    [row] = [r for r in grid.rows if r.unit.pk == bo_de_tasks.bo_de.unit.pk]
    assert {k: block.counts[k] for k in row.counts} == row.counts
    assert (block.counts["green"], block.counts["red"]) == (1, 1)


def test_the_excel_file_carries_the_same_figures_in_the_upper_levels_layout(
    bo_de_tasks, bo_de_lights, ward_secretariat, client_as
):
    committee = bo_de_tasks.bo_de.committee
    response = client_as(ward_secretariat).get(
        reverse("upward_report_xlsx", kwargs={"pk": committee.pk}),
        {"start": "01/09/2025", "end": "30/09/2025"},
    )
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = workbook["Tong hop"]
    assert [c.value for c in summary[4]][3:9:2] == [
        "Chưa thực hiện",
        "Đang thực hiện",
        "Đã hoàn thành",
    ]
    assert [c.value for c in summary[5]][3:9] == ["Đúng hạn", "Quá hạn"] * 3
    report = upward_report(
        committee=committee, user=ward_secretariat, start=datetime.date(2025, 9, 1), end=AS_OF
    )
    figures = [c.value for c in summary[6]]
    assert figures[1] == "Phường Bồ Đề"
    assert figures[2:] == [
        report.total,
        *[report.count(p, t) for p in (NOT_STARTED, IN_PROGRESS, DONE) for t in (ON_TIME, LATE)],
        report.stopped,
    ]
    assert workbook["Nhiem vu"].max_row == 1 + len(report.rows)
    lights = [[c.value for c in row] for row in workbook["Tieu chi"].iter_rows()]
    assert lights[2][:3] == [1, 0, 1]  # Xanh, Vàng, Đỏ


def test_the_pdf_is_an_official_report_with_the_same_figures(
    bo_de_tasks,
    bo_de_lights,
    ward_secretariat,
    client_as,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    from meetings.upward_export import upward_report_html

    settings.MEDIA_ROOT = tmp_path / "media"
    committee = bo_de_tasks.bo_de.committee
    client = client_as(ward_secretariat)
    url = reverse("upward_report_pdf", kwargs={"pk": committee.pk})
    period = {"start": "01/09/2025", "end": "30/09/2025"}
    with django_capture_on_commit_callbacks(execute=True):  # the render job, run inline here
        client.get(url, period)
    response = client.get(url, period)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    report = upward_report(
        committee=committee, user=ward_secretariat, start=datetime.date(2025, 9, 1), end=AS_OF
    )
    html = upward_report_html(report)
    assert "BÁO CÁO" in html and "ĐẢNG CỘNG SẢN VIỆT NAM" in html  # a Party-owned ward BCĐ
    assert "BC/ĐU" in html


def test_the_page_shows_the_figures_and_costs_the_same_queries_for_more_tasks(
    bo_de_tasks, bo_de_lights, ward_secretariat, client_as
):
    client = client_as(ward_secretariat)
    url = reverse("upward_report", kwargs={"pk": bo_de_tasks.bo_de.committee.pk})
    params = {"start": "01/07/2025", "end": "30/09/2025"}
    with CaptureQueriesContext(connection) as before:
        response = client.get(url, params)
    html = response.content.decode()
    assert 'data-testid="total">4<' in html
    assert 'data-testid="chua_thuc_hien-qua_han">1<' in html
    meeting = MeetingFactory(committee=bo_de_tasks.committee, starts_at=CITY_MEETING)
    conclusion = ConclusionFactory(meeting=meeting)
    for _i in range(10):
        DirectiveFactory(conclusion=conclusion, lead_unit=bo_de_tasks.bo_de.office, due_date=DUE)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url, params)
    assert 'data-testid="total">14<' in response.content.decode()
    assert len(after) == len(before)


def test_a_wrong_period_is_explained_and_the_default_is_shown(
    city_world, ward_secretariat, client_as
):
    url = reverse("upward_report", kwargs={"pk": city_world.bo_de.committee.pk})
    response = client_as(ward_secretariat).get(url, {"start": "31/12/2025", "end": "01/01/2025"})
    assert response.status_code == 200
    assert "Ngày cuối kỳ phải sau ngày đầu kỳ." in response.content.decode()


def test_the_ward_inbox_links_its_readers_to_the_report_and_not_its_offices(
    city_world, ward_secretariat, ward_office, client_as
):
    url = reverse("upward_report", kwargs={"pk": city_world.bo_de.committee.pk})
    inbox = reverse("cascade_inbox")
    assert url in client_as(ward_secretariat).get(inbox).content.decode()
    assert url not in client_as(ward_office).get(inbox).content.decode()
    assert client_as(ward_office).get(url).status_code == 403
