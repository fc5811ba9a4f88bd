"""Scorecards at 1366 px: the whole table is visible (no column behind its own scroll bar) and
the page does not scroll sideways."""

import pytest

from tests.e2e.test_persona_journeys import sign_in
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_scorecard_table_fits_a_1366_px_window(personas, world, live_server, browser):
    DirectiveFactory(
        conclusion=ConclusionFactory(meeting=MeetingFactory(committee=world.committee)),
        lead_unit=world.ward_a,
    )
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    sign_in(page, live_server.url, personas["chair"].username)
    page.goto(f"{live_server.url}/scorecards/?committee={world.committee.pk}&year=2019")
    wrap, table, doc = page.evaluate(
        "(() => { const w = document.querySelector('.scorecard-wrap');"
        " return [w.clientWidth, w.querySelector('table').scrollWidth,"
        " document.documentElement.scrollWidth]; })()"
    )
    assert table <= wrap, (table, wrap)
    assert doc <= 1366
