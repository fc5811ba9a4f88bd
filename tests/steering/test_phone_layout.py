"""On a 390 px phone, every page a ward officer, a division officer and the chair reach from
their home page fits the screen: no page-level sideways scrolling, and the page's main action
button (`.btn-primary`) lies inside the screen's width (issue 15, item 3).

The pages are not hand-picked: each persona's pages come from a crawl of the demo (links from
"/" onwards, as that user, one page per URL shape), so a new page linked from anywhere a ward
officer or the chair can go is measured without editing this file; the pages the accessibility
audit plans for the persona (tests/a11y/crawl.py) are added when no link led there. The
screenshots go to $PHONE_SCREENSHOTS when it is set (to look at them), else to a temporary folder.
"""

import os
import re
import shutil
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from tests.a11y.crawl import page_plan

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
PERSONAS = ("ward1", "ward2", "division", "chair")
MAX_PAGES = 60  # per persona; the demo gives each 20-40 distinct page shapes
# Not pages: logging out ends the session, the admin is not used on a phone, files are static.
SKIPPED_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/media/", "/i18n/")

# Elements wider than the screen, deepest first: named in the failure message.
OVERFLOWING = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 1)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string'
         ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
    out.push(`${name} right=${Math.round(box.right)}`);
    if (out.length >= 4) break;
  }
  return out;
}
"""
# Tables left to scroll inside their box whose key column (the first) does not stay in view.
UNPINNED_SCROLL_BOXES = """
() => [...document.querySelectorAll('.table-responsive')]
  .filter((box) => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
  .filter((box) => {
    const cell = box.querySelector('tbody tr > :first-child');
    return !cell || getComputedStyle(cell).position !== 'sticky';
  })
  .map((box) => {
    const table = box.querySelector('table');
    const caption = table && table.querySelector('caption, th');
    return `${caption ? caption.textContent.trim().slice(0, 40) : 'table'} ${box.scrollWidth} px`;
  })
"""
# Visible primary buttons (the page's main action) whose box leaves the screen sideways.
PRIMARY_OFF_SCREEN = """
() => [...document.querySelectorAll('main .btn-primary, #main .btn-primary')]
  .filter((b) => b.offsetParent !== null)
  .map((b) => [b.textContent.trim().slice(0, 30), b.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0
    && (r.left < 0 || r.right > document.documentElement.clientWidth + 1))
  .map(([text, r]) => `${text} (${Math.round(r.left)}-${Math.round(r.right)})`)
"""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def _shape(url: str) -> str:
    """/directives/12/?committee=3 -> /directives/<n>/: a filter shows the same layout."""
    return re.sub(r"\d+", "<n>", url.partition("?")[0])


def persona_pages(client: Client) -> list[str]:
    """The HTML pages this user reaches from "/" (breadth first, one per URL shape)."""
    seen, pages, shapes = set(), [], set()
    queue = deque(["/"])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or _shape(url) in shapes:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        shapes.add(_shape(url))
        pages.append(url)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            link, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(link)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIPPED_PREFIXES) or _shape(path) in shapes:
                continue
            queue.append(path)
    return pages


def _demo_with_documents():
    from meetings import notices
    from meetings.models import DocumentKind, Meeting

    call_command("load_demo", verbosity=0)
    # A notice and minutes on each meeting with conclusions, the first notice issued, so the
    # document pages a ward officer opens exist.
    secretariat = get_user_model().objects.get(username="secretariat")
    meetings = Meeting.objects.filter(conclusions__isnull=False).distinct().order_by("starts_at")
    for i, meeting in enumerate(meetings):
        notice = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
        notices.notice_draft_build(meeting=meeting, kind=DocumentKind.MINUTES)
        if i == 0:
            notices.notice_issue(document=notice, user=secretariat)


def _sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("demo12345")
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, live_server, browser, tmp_path_factory):
    """persona -> [(path, scrollWidth, overflowing elements, primary buttons off screen,
    tables scrolling in their box without their first column pinned)]."""
    shots = Path(os.environ.get("PHONE_SCREENSHOTS") or tmp_path_factory.mktemp("phone"))
    shots.mkdir(parents=True, exist_ok=True)
    media = tmp_path_factory.mktemp("media")
    result = {}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        try:
            _demo_with_documents()
            planned, _missing = page_plan()
            for username in PERSONAS:
                client = Client()
                client.force_login(get_user_model().objects.get(username=username))
                crawled = persona_pages(client)
                # Plus the pages the accessibility audit plans for this persona (the KPI
                # import, a directive with an extension request…), when no link led there.
                paths = crawled + [p for p in planned.get(username, []) if p not in crawled]
                context = browser.new_context(viewport=PHONE, is_mobile=True, locale="vi-VN")
                page = context.new_page()
                _sign_in(page, live_server.url, username)
                rows = []
                for i, path in enumerate(paths):
                    page.goto(f"{live_server.url}{path}", wait_until="load")
                    page.wait_for_timeout(50)  # deferred scripts (charts, htmx) run
                    width = page.evaluate("document.documentElement.scrollWidth")
                    wide = page.evaluate(OVERFLOWING) if width > PHONE["width"] else []
                    buttons = page.evaluate(PRIMARY_OFF_SCREEN)
                    rows.append((path, width, wide, buttons, page.evaluate(UNPINNED_SCROLL_BOXES)))
                    print(f"{username} {path} {width} px")
                    page.screenshot(path=str(shots / f"{username}-{i:02d}.png"), full_page=True)
                context.close()
                result[username] = rows
        finally:
            call_command("flush", verbosity=0, interactive=False)
    yield result
    if not os.environ.get("PHONE_SCREENSHOTS"):
        shutil.rmtree(shots, ignore_errors=True)


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_of_the_persona_fits_a_390_px_phone(measured, username):
    rows = measured[username]
    print(f"{username}: {len(rows)} pages measured, widest {max(r[1] for r in rows)} px")
    assert len(rows) >= 10, [r[0] for r in rows]
    too_wide = [(path, width, wide) for path, width, wide, *_ in rows if width > PHONE["width"]]
    assert too_wide == []


@pytest.mark.parametrize("username", PERSONAS)
def test_the_main_action_button_of_every_page_is_within_the_screen(measured, username):
    off_screen = [(path, buttons) for path, _, _, buttons, _ in measured[username] if buttons]
    assert off_screen == []


@pytest.mark.parametrize("username", PERSONAS)
def test_a_table_wider_than_the_phone_keeps_its_first_column_in_view(measured, username):
    # Either the table became cards (.table-stack), or it scrolls inside its own box with the
    # unit (meeting, indicator) column pinned, so a number is never read without its row.
    unpinned = [(path, boxes) for path, *_, boxes in measured[username] if boxes]
    assert unpinned == []
