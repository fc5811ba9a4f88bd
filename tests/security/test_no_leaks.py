"""Another unit's restricted data never reaches a ward officer: not on list pages, in search
results, on the home page or inbox, in exports, in files or in the calendar feed.

Ward B (ward2) has a directive with a progress report, an evidence file and an extension
request, and KPI figures with an explanation, each carrying a marker. Ward A (ward1) and the
division open everything they may open, searching for the markers too; no marker may appear.
"""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kpis.models import IndicatorReport, ReportState
from meetings.models import DeadlineExtension, DirectiveEvent, Evidence
from steering import feeds
from tests.meetings.factories import ConclusionFactory, DirectiveFactory

pytestmark = pytest.mark.django_db

SECRETS = {
    "directive": "Nhiệm vụ riêng của phường Bình Minh ZQXDIRECTIVE",
    "report": "Tiến độ nội bộ ZQXREPORT",
    "file": "zqxfile-bien-ban.pdf",
    "extension": "Lý do gia hạn ZQXEXTENSION",
    "kpi": "Giải trình chỉ tiêu ZQXKPI",
}
MARKERS = ["ZQXDIRECTIVE", "ZQXREPORT", "zqxfile", "ZQXEXTENSION", "ZQXKPI"]


@pytest.fixture
def ward_b_secrets(world, meeting, directive, plan_world, ward_b, settings, tmp_path):
    """Ward B's restricted work, in the same committee and meeting as ward A's directive."""
    settings.MEDIA_ROOT = tmp_path
    theirs = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        lead_unit=world.ward_b,
        content=SECRETS["directive"],
        due_date=datetime.date(2099, 3, 31),
    )
    event = DirectiveEvent.objects.create(
        directive=theirs, kind="progress", note=SECRETS["report"], actor=ward_b, percent=40
    )
    Evidence.objects.create(
        event=event,
        file=ContentFile(b"%PDF-1.4 ward b", name="x.pdf"),
        original_name=SECRETS["file"],
        size=15,
        content_type="application/pdf",
    )
    DeadlineExtension.objects.create(
        directive=theirs,
        requested_due_date=datetime.date(2099, 6, 30),
        reason=SECRETS["extension"],
        requested_by=ward_b,
    )
    for period in (plan_world.open, plan_world.locked):
        IndicatorReport.objects.create(
            unit=world.ward_b,
            indicator=plan_world.ratio,
            period=period,
            numerator=41,
            denominator=97,
            comment=SECRETS["kpi"],
            state=ReportState.SUBMITTED,
            submitted_by=ward_b,
        )
    return theirs


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # an Office file: search every part of it
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return body.decode("utf-8", "replace")


def _pages(world, meeting, directive, plan_world):
    # Lower case: the search box echoes the query, the upper-case markers must not appear.
    searches = ["zqxdirective", "Bình Minh", "zqx", "nội bộ", "zqxreport"]
    return [
        reverse("home"),
        reverse("directive_list"),
        *[reverse("directive_list") + f"?q={q}" for q in searches],
        reverse("directive_list") + f"?lead_unit={world.ward_b.pk}",
        reverse("directive_list") + f"?unit={world.ward_b.pk}",
        reverse("my_work"),
        reverse("meeting_list"),
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("directive_detail", args=[directive.pk]),
        reverse("committee_detail", args=[world.committee.pk]),
        reverse("orgunit_detail", args=[world.ward_b.pk]),
        reverse("kpi_home"),
        reverse("kpi_report", args=[plan_world.open.pk]),
        reverse("kpi_report", args=[plan_world.locked.pk]),
        reverse("kpi_period_export", args=[plan_world.open.pk]),
        reverse("kpi_period_export", args=[plan_world.locked.pk]),
        reverse("kpi_template", args=[plan_world.open.pk]),
        reverse("kpi_trend", args=[plan_world.ratio.pk]),
        reverse("notification_list"),
        reverse("feed_settings"),
        reverse("project_list"),
    ]


@pytest.mark.parametrize("viewer", ["ward_a", "division"])
def test_another_units_directives_reports_and_figures_never_reach_a_unit_officer(
    viewer, ward_b_secrets, world, meeting, directive, plan_world, personas, client_as
):
    client = client_as(personas[viewer])
    seen = {}
    for url in _pages(world, meeting, directive, plan_world):
        response = client.get(url)
        assert response.status_code in {200, 403, 404}, (url, response.status_code)
        if response.status_code == 200:
            seen[url] = _text(response)
    assert len(seen) >= 15  # the officer really saw pages, not only refusals
    leaks = [(url, m) for url, text in seen.items() for m in MARKERS if m in text]
    assert leaks == []


@pytest.mark.parametrize("viewer", ["ward_a", "division"])
def test_another_units_files_are_not_found(viewer, ward_b_secrets, personas, client_as):
    client = client_as(personas[viewer])
    evidence = Evidence.objects.get(original_name=SECRETS["file"])
    assert client.get(reverse("evidence_download", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("directive_detail", args=[ward_b_secrets.pk])).status_code == 404


@pytest.mark.parametrize("scope", ["user", "unit"])
def test_a_unit_officers_calendar_feed_holds_only_their_work(
    scope, ward_b_secrets, directive, world, ward_a, client
):
    feed = feeds.feed_token_create(user=ward_a, org_unit=world.ward_a if scope == "unit" else None)
    response = client.get(reverse("calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    text = _text(response)
    assert [m for m in MARKERS if m in text] == []


def test_the_committee_readers_do_see_ward_bs_work(ward_b_secrets, secretariat, client_as):
    """The markers are findable: the absence above is scoping, not a broken fixture."""
    client = client_as(secretariat)
    listing = client.get(reverse("directive_list") + "?q=ZQXDIRECTIVE").content.decode()
    assert "ZQXDIRECTIVE" in listing
    page = client.get(reverse("directive_detail", args=[ward_b_secrets.pk])).content.decode()
    assert "ZQXREPORT" in page and "zqxfile" in page and "ZQXEXTENSION" in page
