"""No dead links: every page a demo user can reach from the home page links only to pages that
open for that user (no 403 or 404 behind an `<a href>` shown to them)."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

DEMO_USERS = (
    "secretariat",
    "chair",
    "member",
    "ward1",
    "ward2",
    "division",
    "city_secretariat",
    "city_chair",
    "ward_secretariat",
    "ward_office",
)
MAX_DEPTH = 3
MAX_PAGES = 60  # pages parsed per persona; every link on them is checked
PER_SHAPE = 3  # pages parsed per URL shape (/units/<n>/): breadth over 90 near-identical pages
# Not pages: logging out ends the crawl, the admin has its own permissions, files are static.
SKIPPED_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/media/", "/i18n/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal_links(page_url, html):
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path and not path.startswith(SKIPPED_PREFIXES):
            yield path


def _shape(url):
    return re.sub(r"\d+", "<n>", url.split("?")[0])


def crawl(client):
    """Breadth-first from "/": returns (pages parsed, [(page, link, status)] for dead links)."""
    status, html, dead, shapes, parsed = {}, {}, [], {}, 0

    def fetch(url):
        response = client.get(url)
        status[url] = response.status_code
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            html[url] = response.content.decode()

    fetch("/")
    queue = deque([("/", 0)])
    while queue and parsed < MAX_PAGES:
        page, depth = queue.popleft()
        if page not in html or shapes.get(_shape(page), 0) >= PER_SHAPE:
            continue
        shapes[_shape(page)] = shapes.get(_shape(page), 0) + 1
        parsed += 1
        for link in _internal_links(page, html.pop(page)):
            if link not in status:
                fetch(link)
                if depth < MAX_DEPTH:
                    queue.append((link, depth + 1))
            if status[link] in (403, 404):
                dead.append((page, link, status[link]))
    return parsed, dead


@pytest.fixture
def demo(db):
    from meetings import notices
    from meetings.models import DocumentKind, Meeting

    call_command("load_demo", verbosity=0)
    # The demo has no notices or minutes yet: a draft of each on the meetings with conclusions,
    # the first meeting's notice issued (a ward officer reads issued notices, never drafts).
    secretariat = get_user_model().objects.get(username="secretariat")
    meetings = Meeting.objects.filter(conclusions__isnull=False).distinct().order_by("starts_at")
    for i, meeting in enumerate(meetings):
        notice = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
        notices.notice_draft_build(meeting=meeting, kind=DocumentKind.MINUTES)
        if i == 0:
            notices.notice_issue(document=notice, user=secretariat)
    # The city BCĐ 57's latest notice issued: the wards read it from the tasks it gave them.
    city_meeting = meetings.filter(committee__code="hn-bcd-57").last()
    if city_meeting is not None:
        city_notice = city_meeting.documents.get(kind=DocumentKind.NOTICE)
        city_secretariat = get_user_model().objects.get(username="city_secretariat")
        notices.notice_issue(document=city_notice, user=city_secretariat)


def test_no_page_links_to_what_its_reader_cannot_open(demo, client):
    # One test for all personas: the demo data is loaded once (about ten seconds).
    crawled, dead = {}, {}
    for username in DEMO_USERS:
        client.force_login(get_user_model().objects.get(username=username))
        crawled[username], found = crawl(client)
        if found:
            dead[username] = sorted(set(found))[:15]
    assert min(crawled.values()) > 10, crawled
    assert dead == {}, dead
