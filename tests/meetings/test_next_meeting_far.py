"""'Kỳ họp tới': a next meeting far from a directive's due date (a 2025 meeting for a 2020
directive) is proposed to the secretariat, never applied silently; a near one still follows."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Directive, Meeting
from tests.meetings.factories import ConclusionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def old_directive(world, secretariat):
    meeting = MeetingFactory(
        committee=world.committee, starts_at=datetime.datetime(2020, 3, 5, 8, tzinfo=TZ)
    )
    return services.directive_create(
        conclusion=ConclusionFactory(meeting=meeting),
        draft=services.DirectiveDraft(
            content="Báo cáo kết quả rà soát tại kỳ họp tới",
            lead_unit=world.ward_a,
            deadline_text="báo cáo tại kỳ họp tới",
        ),
        user=secretariat,
        meeting_day=datetime.date(2020, 3, 5),
    )


def _new_meeting_form(world, day):
    return {
        "committee": world.committee.pk,
        "kind": "briefing",
        "starts_at": day,
        "venue": "Trụ sở",
        "title": "Họp giao ban",
    }


def test_a_meeting_five_years_later_leaves_the_due_date_and_asks_the_secretariat(
    world, secretariat, old_directive, client_as
):
    before = old_directive.due_date
    assert before == datetime.date(2020, 4, 30)
    services.meeting_create(
        committee=world.committee, starts_at=datetime.datetime(2025, 6, 12, 8, tzinfo=TZ)
    )
    assert Directive.objects.get(pk=old_directive.pk).due_date == before
    meeting = Meeting.objects.get(starts_at__year=2025)
    page = client_as(secretariat).get(reverse("meeting_next_dates", args=[meeting.pk]))
    assert [m.directive.pk for m in page.context["moves"]] == [old_directive.pk]
    assert "12/06/2025" in page.content.decode()


def test_creating_the_far_meeting_through_the_page_leads_to_the_confirmation(
    world, secretariat, old_directive, client_as
):
    response = client_as(secretariat).post(
        reverse("meeting_create"), _new_meeting_form(world, "2025-06-12T08:00")
    )
    meeting = Meeting.objects.get(starts_at__year=2025)
    assert response.status_code == 302
    assert response.url == reverse("meeting_next_dates", args=[meeting.pk])


def test_the_secretariat_confirms_the_far_date_only_for_the_chosen_directives(
    world, secretariat, old_directive, client_as
):
    services.meeting_create(
        committee=world.committee, starts_at=datetime.datetime(2025, 6, 12, 8, tzinfo=TZ)
    )
    meeting = Meeting.objects.get(starts_at__year=2025)
    client = client_as(secretariat)
    url = reverse("meeting_next_dates", args=[meeting.pk])
    client.post(url, {})  # nothing chosen: nothing moves
    assert Directive.objects.get(pk=old_directive.pk).due_date == datetime.date(2020, 4, 30)
    client.post(url, {"directive": [str(old_directive.pk)]})
    assert Directive.objects.get(pk=old_directive.pk).due_date == datetime.date(2025, 6, 12)


def test_a_near_next_meeting_still_sets_the_due_date(world, old_directive):
    services.meeting_create(
        committee=world.committee, starts_at=datetime.datetime(2020, 4, 9, 8, tzinfo=TZ)
    )
    assert Directive.objects.get(pk=old_directive.pk).due_date == datetime.date(2020, 4, 9)
