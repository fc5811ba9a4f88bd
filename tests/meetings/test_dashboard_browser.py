"""The chair drills down in Chromium: dashboard grid → overdue list → the overdue directive."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from steering.timeliness import TaskState
from tests.e2e.test_persona_journeys import sign_in, watch_console
from tests.meetings.factories import ConclusionFactory, DirectiveFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@time_machine.travel(datetime.datetime(2019, 12, 15, 9, 0, tzinfo=datetime.UTC), tick=True)
def test_the_chair_drills_down_from_the_grid_to_an_overdue_directive(
    world, personas, meeting, live_server, page
):
    conclusion = ConclusionFactory(meeting=meeting)
    DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.ward_a,
        content="Số hóa sổ hộ tịch của phường An Bình",
        due_date=datetime.date(2019, 12, 1),
    )
    DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.division,
        content="Rà soát thủ tục hành chính",
        state=TaskState.COMPLETED,
        completed_on=datetime.date(2019, 11, 20),
    )
    problems = watch_console(page)
    sign_in(page, live_server.url, personas["chair"].username)
    page.get_by_role("link", name="Bảng điều hành").first.click()
    expect(page.get_by_role("heading", name="Tình hình thực hiện")).to_be_visible()
    overdue = page.locator("a.grid-link[data-bucket='open_overdue']")
    expect(overdue).to_have_text("1")
    overdue.click()
    expect(page.get_by_role("heading", name="Nhiệm vụ được giao")).to_be_visible()
    rows = page.locator("table a[href^='/directives/']")
    expect(rows).to_have_count(1)
    rows.first.click()
    expect(page.get_by_text("Số hóa sổ hộ tịch của phường An Bình").first).to_be_visible()
    expect(page.get_by_text("Quá hạn").first).to_be_visible()
    assert problems == []
