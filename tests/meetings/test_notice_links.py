"""The meeting page links only to the notices and minutes its reader may open; a typed draft URL
leads back to the meeting page instead of an empty 405."""

import datetime

import pytest
from django.urls import reverse

from meetings import notices
from meetings.models import DocumentKind, MeetingState
from steering.models import Person
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(
        committee=world.committee,
        chair=Person.objects.get(full_name="Trần Văn Chủ"),
        starts_at=datetime.datetime(2019, 10, 17, 8, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, number="1", title="Về hạ tầng")
    DirectiveFactory(conclusion=conclusion, lead_unit=world.ward_a, content="Giao rà soát mạng")
    return meeting


@pytest.fixture
def minutes(meeting):
    return notices.notice_draft_build(meeting=meeting, kind=DocumentKind.MINUTES)


def _meeting_page(client, meeting):
    return client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()


def test_a_ward_officer_sees_no_link_to_a_draft_it_cannot_open(meeting, minutes, ward_a, client_as):
    client = client_as(ward_a)
    assert client.get(reverse("document_detail", args=[minutes.pk])).status_code == 403
    assert reverse("document_detail", args=[minutes.pk]) not in _meeting_page(client, meeting)


def test_the_secretariat_sees_the_link_to_the_draft(meeting, minutes, secretariat, client_as):
    page = _meeting_page(client_as(secretariat), meeting)
    assert reverse("document_detail", args=[minutes.pk]) in page


def test_a_get_on_the_draft_url_leads_to_the_meeting_page(meeting, secretariat, client_as):
    url = reverse("document_draft_create", args=[meeting.pk, "notice"])
    response = client_as(secretariat).get(url)
    assert response.status_code == 302
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    assert not meeting.documents.exists()
