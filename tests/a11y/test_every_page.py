"""Every main page of the demo, opened in Chromium by the persona who uses it:

- zero Content-Security-Policy violations and console errors (issue 7, item 1), admin included;
- zero serious or critical axe-core findings (item 7);
- zero errors from the Nu HTML checker on the HTML the server sent (item 7).

One crawl (one browser context per persona) feeds the three tests. The Django admin is held to
the same three promises: its change forms (tabular inlines, Select2 autocomplete boxes, split
date-time fields) are made to pass by steering.admin.LabelledTabularInline,
templates/django/forms/widgets/select.html, static/js/admin-a11y.js and static/css/admin.css.
"""

import shutil
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.a11y.crawl import AXE, VNU, crawl, nu_check, page_plan

pytestmark = [pytest.mark.browser]

BLOCKING = {"serious", "critical"}


def _admin(path: str) -> bool:
    return path.startswith("/admin/")


@pytest.fixture(scope="module")
def demo_crawl(django_db_setup, django_db_blocker, live_server, browser, tmp_path_factory):
    if not (AXE.exists() and VNU.exists()):
        pytest.fail("node_modules lacks axe-core or vnu-jar: run bin/ensure-node-tools (make test)")
    media = tmp_path_factory.mktemp("media")
    out = tmp_path_factory.mktemp("pages")
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        try:
            started = time.monotonic()
            call_command("load_demo", verbosity=0)
            loaded = time.monotonic()
            get_user_model().objects.create_user("outsider", password="demo12345")
            _draft_a_notice()
            plan, missing = page_plan()
            result = crawl(browser, live_server.url, plan, out)
            result.missing = missing
            print(
                f"demo loaded in {loaded - started:.0f} s,"
                f" crawled in {time.monotonic() - loaded:.0f} s"
            )
        finally:
            call_command("flush", verbosity=0, interactive=False)
    yield result
    shutil.rmtree(out, ignore_errors=True)


def _draft_a_notice():
    """The demo has no conclusion notice yet: the secretariat drafts one so its pages exist."""
    try:
        from meetings import notices
        from meetings.models import Meeting
    except ImportError:
        return
    meeting = Meeting.objects.filter(committee__code="lb-bcd-cntt").order_by("-starts_at").first()
    secretariat = get_user_model().objects.get(username="secretariat")
    notices.notice_draft_build(meeting=meeting, kind="notice", user=secretariat)


def test_every_main_page_opens_for_its_persona(demo_crawl):
    assert [s for s in demo_crawl.statuses if s[2] != 200] == []
    assert len({path for _user, path in demo_crawl.pages}) >= 40
    assert demo_crawl.missing == []


def test_no_page_violates_the_content_security_policy(demo_crawl):
    print(f"pages opened: {len(demo_crawl.pages)}; CSP violations: {len(demo_crawl.csp)}")
    assert demo_crawl.csp == []
    assert demo_crawl.console == []


def test_axe_finds_nothing_serious_or_critical(demo_crawl):
    counts = Counter(f["impact"] for f in demo_crawl.axe)
    admin_pages = sum(1 for path in demo_crawl.html if _admin(path))
    print(f"axe on {len(demo_crawl.html)} pages ({admin_pages} of the admin): {dict(counts)}")
    blocking = [
        f"{f['impact']} {f['id']} on {f['page']} ({f['persona']}): {f['help']} {f['targets']}"
        for f in demo_crawl.axe
        if f["impact"] in BLOCKING
    ]
    assert blocking == []


def test_the_nu_html_checker_finds_no_errors(demo_crawl):
    messages = nu_check(demo_crawl.html)
    errors = [m for m in messages if m["type"] in {"error", "non-document-error"}]
    warnings = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    admin = sum(1 for m in errors if _admin(m["page"]))
    print(
        f"Nu checker on {len(demo_crawl.html)} pages: {len(errors)} errors"
        f" ({admin} in the admin), {len(warnings)} warnings"
    )
    assert [f"{m['page']}:{m.get('lastLine')}: {m['message']}" for m in errors] == []
