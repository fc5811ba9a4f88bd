"""Private iCalendar feeds: valid RFC 5545, only what is in scope, revocable."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from steering.feeds import feed_token_create
from steering.models import FeedToken
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2019, 11, 1, 9, tzinfo=TZ)):
        yield


@pytest.fixture
def agenda(world):
    """A meeting and directives of the committee (ward A, ward B), and one of another committee."""
    meeting = MeetingFactory(
        committee=world.committee,
        title="Họp Ban chỉ đạo tháng 12",
        starts_at=datetime.datetime(2019, 12, 5, 8, 0, tzinfo=TZ),
        ends_at=datetime.datetime(2019, 12, 5, 11, 0, tzinfo=TZ),
        venue="Hội trường UBND quận",
    )
    conclusion = ConclusionFactory(meeting=meeting)
    ward_a_work = DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.ward_a,
        content="Phường An Bình rà soát camera",
        due_date=D(2019, 11, 30),
    )
    ward_b_work = DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.ward_b,
        content="Phường Bình Minh cập nhật hộ tịch",
        due_date=D(2019, 11, 25),
    )
    other = MeetingFactory(committee=world.other_committee, title="Họp Ban chỉ đạo thành phố")
    DirectiveFactory(
        conclusion=ConclusionFactory(meeting=other),
        lead_unit=world.ward_a,
        content="Việc của Ban chỉ đạo thành phố",
        due_date=D(2019, 11, 28),
    )
    return meeting, ward_a_work, ward_b_work


def read_feed(client, token) -> Calendar:
    response = client.get(reverse("calendar_feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def summaries(calendar) -> set[str]:
    return {str(event["summary"]) for event in calendar.walk("VEVENT")}


def test_a_personal_feed_is_valid_icalendar_with_the_officers_meetings_and_deadlines(
    settings, ward_a, agenda, client
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    meeting, ward_a_work, _ward_b_work = agenda
    calendar = read_feed(client, feed_token_create(user=ward_a))
    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "Họp Ban chỉ đạo tháng 12" in events
    assert events["Họp Ban chỉ đạo tháng 12"].decoded("dtstart") == meeting.starts_at
    deadline = events[f"Hạn: {ward_a_work.content}"]
    assert str(deadline["url"]) == f"http://127.0.0.1:8000/directives/{ward_a_work.pk}/"
    assert deadline.decoded("dtstart") == D(2019, 11, 30)  # an all-day event
    assert deadline.decoded("dtend") == D(2019, 12, 1)
    for event in calendar.walk("VEVENT"):
        assert event["uid"] and event["dtstamp"]


def test_a_personal_feed_shows_only_what_the_person_may_see(ward_a, agenda, client):
    found = summaries(read_feed(client, feed_token_create(user=ward_a)))
    assert "Hạn: Phường Bình Minh cập nhật hộ tịch" not in found
    assert "Hạn: Việc của Ban chỉ đạo thành phố" not in found
    assert "Họp Ban chỉ đạo thành phố" not in found


def test_the_secretariats_feed_has_the_whole_committees_deadlines(secretariat, agenda, client):
    found = summaries(read_feed(client, feed_token_create(user=secretariat)))
    assert "Hạn: Phường Bình Minh cập nhật hộ tịch" in found
    assert "Hạn: Phường An Bình rà soát camera" in found
    assert "Hạn: Việc của Ban chỉ đạo thành phố" not in found


def test_a_unit_feed_has_the_units_work_and_its_committees_meetings(world, ward_a, agenda, client):
    calendar = read_feed(client, feed_token_create(user=ward_a, org_unit=world.ward_a))
    found = summaries(calendar)
    assert "Họp Ban chỉ đạo tháng 12" in found
    assert "Hạn: Phường An Bình rà soát camera" in found
    assert "Hạn: Phường Bình Minh cập nhật hộ tịch" not in found
    assert str(calendar["x-wr-calname"]) == "An Bình"


def test_completed_work_leaves_the_feed(ward_a, agenda, client):
    _meeting, ward_a_work, _b = agenda
    ward_a_work.state = "completed"
    ward_a_work.completed_on = D(2019, 11, 20)
    ward_a_work.save()
    found = summaries(read_feed(client, feed_token_create(user=ward_a)))
    assert f"Hạn: {ward_a_work.content}" not in found


def test_the_feed_includes_kpi_reporting_deadlines(world, ward_a, client):
    from tests.kpis.factories import IndicatorFactory, PeriodFactory, PlanFactory

    plan = PlanFactory(committee=world.committee, issuer=world.ubnd)
    IndicatorFactory(plan=plan)
    PeriodFactory(
        plan=plan,
        year=2019,
        number=10,
        submission_deadline=D(2019, 11, 5),
        lock_date=D(2019, 11, 15),
    )
    for token in (
        feed_token_create(user=ward_a),
        feed_token_create(user=ward_a, org_unit=world.ward_a),
    ):
        assert "Hạn gửi báo cáo chỉ tiêu Tháng 10/2019" in summaries(read_feed(client, token))


def test_a_revoked_feed_is_not_found(ward_a, agenda, client_as):
    token = feed_token_create(user=ward_a)
    client = client_as(ward_a)
    client.post(reverse("feed_token_revoke", args=[token.pk]))
    client.logout()
    assert client.get(reverse("calendar_feed", args=[token.token])).status_code == 404


def test_a_new_address_replaces_the_old_one(ward_a, agenda, client_as):
    client = client_as(ward_a)
    client.post(reverse("feed_token_create"), {"scope": "user"})
    old = FeedToken.objects.get(user=ward_a)
    client.post(reverse("feed_token_create"), {"scope": "user"})
    new = FeedToken.objects.get(user=ward_a, revoked_at__isnull=True)
    assert new.token != old.token
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old.token])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new.token])).status_code == 200


def test_an_unknown_token_is_not_found(client, world):
    assert client.get(reverse("calendar_feed", args=["khong-co"])).status_code == 404


def test_the_feed_of_a_disabled_account_is_not_found(ward_a, client):
    token = feed_token_create(user=ward_a)
    ward_a.is_active = False
    ward_a.save()
    assert client.get(reverse("calendar_feed", args=[token.token])).status_code == 404


def test_a_user_without_a_unit_cannot_make_a_unit_feed(outsider, client_as):
    response = client_as(outsider).post(
        reverse("feed_token_create"), {"scope": "unit"}, follow=True
    )
    assert "chưa gắn với đơn vị" in response.content.decode()
    assert not FeedToken.objects.exists()


def test_the_calendar_page_shows_the_private_addresses(world, ward_a, client_as):
    personal = feed_token_create(user=ward_a)
    unit = feed_token_create(user=ward_a, org_unit=world.ward_a)
    content = client_as(ward_a).get(reverse("feed_settings")).content.decode()
    assert "Lịch của tôi" in content
    assert personal.token in content and unit.token in content


def test_nobody_can_revoke_someone_elses_feed(ward_a, ward_b, client_as):
    token = feed_token_create(user=ward_a)
    assert client_as(ward_b).post(reverse("feed_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_feed_runs_a_fixed_number_of_queries(world, secretariat, agenda, client):
    token = feed_token_create(user=secretariat)
    url = reverse("calendar_feed", args=[token.token])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    conclusion = agenda[1].conclusion
    for i in range(30):
        DirectiveFactory(
            conclusion=conclusion, lead_unit=world.ward_b, due_date=D(2019, 12, 1 + i % 28)
        )
        MeetingFactory(committee=world.committee)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) > 30
    assert len(large.captured_queries) == len(small.captured_queries)
