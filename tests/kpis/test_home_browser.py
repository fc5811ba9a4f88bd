"""Each persona's home page at 1366 px in headless Chromium: 'Việc chờ tôi' comes first, its
figures are on screen and follow to a list of as many rows; no sideways scrolling. Screenshots
are written to $HOME_SCREENSHOTS when set (looked at by people, not compared)."""

import os
from pathlib import Path

import pytest

from tests.e2e.test_persona_journeys import sign_in, watch_console
from tests.kpis.test_waiting import _generate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
USERS = {"secretariat": "secretariat", "chair": "chair", "ward_a": "ward1", "member": "member"}


def test_every_home_page_starts_with_what_waits(plan_world, personas, live_server, browser, world):
    _generate(world, plan_world, personas, 2)
    out = os.environ.get("HOME_SCREENSHOTS")
    for persona, username in USERS.items():
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        page = context.new_page()
        problems = watch_console(page)
        sign_in(page, live_server.url, username)
        page.goto(f"{live_server.url}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366, persona
        links = page.locator(".waiting-link")
        if persona == "member":  # a member decides nothing: no block
            assert links.count() == 0
        else:
            first = page.locator("main h2").first
            assert first.inner_text() == "Việc chờ tôi", persona
            assert links.count() >= 1
            box = links.first.bounding_box()
            assert box is not None and box["y"] < 900
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{out}/home-{persona}.png", full_page=True)
        if links.count():
            shown = int(links.first.locator(".waiting-count").inner_text())
            links.first.click()
            page.wait_for_load_state()
            rows = page.locator("tr.waiting-row, tr.extension-row").count()
            assert rows == shown, persona
        assert problems == [], (persona, problems)
        context.close()
