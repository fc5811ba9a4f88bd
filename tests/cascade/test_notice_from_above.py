"""A ward reads the upper committee's issued conclusion notice that gave it a task ("Nhiệm vụ cấp
trên giao"), from the task's page: issued versions only, only notices of a meeting that gave its
ward a task, nothing else of the upper committee (its meeting, its drafts, its minutes)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import notices
from meetings.models import DocumentKind, MeetingState
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ISSUE_DAY = datetime.date(2025, 8, 11)
SECOND_ISSUE_DAY = datetime.date(2025, 9, 8)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def city_notice(city_world, city_secretariat):
    """The city meeting's notice, issued (it gave the same task to the three wards)."""
    city_world.meeting.state = MeetingState.HELD
    city_world.meeting.save(update_fields=["state"])
    draft = notices.notice_draft_build(meeting=city_world.meeting, kind=DocumentKind.NOTICE)
    return notices.notice_issue(document=draft, user=city_secretariat, issued_on=ISSUE_DAY)


def _url(name, pk):
    return reverse(name, args=[pk])


def _only_bo_de_meeting(city_world):
    """A second city meeting whose one task goes to phường Bồ Đề alone, its notice issued."""
    meeting = MeetingFactory(
        committee=city_world.committee,
        starts_at=datetime.datetime(2025, 9, 5, 8, tzinfo=datetime.UTC),
        state=MeetingState.HELD,
    )
    conclusion = ConclusionFactory(meeting=meeting, title="Về dữ liệu dân cư")
    task = DirectiveFactory(
        conclusion=conclusion, lead_unit=city_world.bo_de.unit, content="Phường Bồ Đề làm sạch"
    )
    return meeting, task


def _issue(meeting, secretariat):
    draft = notices.notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    return notices.notice_issue(document=draft, user=secretariat, issued_on=SECOND_ISSUE_DAY)


def test_the_ward_reads_the_issued_notice_from_the_page_of_its_task(
    city_world, city_notice, ward_secretariat, client_as
):
    client = client_as(ward_secretariat)
    page = client.get(_url("directive_detail", city_world.task_bo_de.pk)).content.decode()
    assert _url("document_detail", city_notice.pk) in page
    assert client.get(_url("document_detail", city_notice.pk)).status_code == 200
    assert client.get(_url("document_preview", city_notice.pk)).status_code == 200


def test_the_notice_page_does_not_link_the_ward_to_the_city_meeting(
    city_world, city_notice, ward_secretariat, client_as
):
    client = client_as(ward_secretariat)
    page = client.get(_url("document_detail", city_notice.pk)).content.decode()
    assert city_world.meeting.display_title in page
    assert _url("meeting_detail", city_world.meeting.pk) not in page
    assert client.get(_url("meeting_detail", city_world.meeting.pk)).status_code == 404


def test_a_ward_not_addressed_by_the_meeting_cannot_open_its_notice(
    city_world, city_secretariat, other_ward_secretariat, client_as
):
    meeting, _task = _only_bo_de_meeting(city_world)
    issued = _issue(meeting, city_secretariat)
    client = client_as(other_ward_secretariat)
    assert client.get(_url("document_detail", issued.pk)).status_code == 404
    assert client.get(_url("document_download", issued.pk)).status_code == 404


def test_the_addressed_ward_reads_the_notice_another_ward_cannot(
    city_world, city_secretariat, ward_secretariat, client_as
):
    meeting, task = _only_bo_de_meeting(city_world)
    issued = _issue(meeting, city_secretariat)
    client = client_as(ward_secretariat)
    assert client.get(_url("document_detail", issued.pk)).status_code == 200
    page = client.get(_url("directive_detail", task.pk)).content.decode()
    assert _url("document_detail", issued.pk) in page


def test_the_draft_notice_stays_closed_to_the_ward_and_unlinked(
    city_world, ward_secretariat, client_as
):
    draft = notices.notice_draft_build(meeting=city_world.meeting, kind=DocumentKind.NOTICE)
    client = client_as(ward_secretariat)
    assert client.get(_url("document_detail", draft.pk)).status_code == 404
    assert client.get(_url("document_download", draft.pk)).status_code == 404
    page = client.get(_url("directive_detail", city_world.task_bo_de.pk)).content.decode()
    assert _url("document_detail", draft.pk) not in page


def test_a_correction_being_drafted_stays_closed_and_unlisted_for_the_ward(
    city_world, city_notice, city_secretariat, ward_secretariat, client_as
):
    correction = notices.notice_supersede(document=city_notice, user=city_secretariat)
    client = client_as(ward_secretariat)
    assert client.get(_url("document_detail", correction.pk)).status_code == 404
    page = client.get(_url("document_detail", city_notice.pk)).content.decode()
    assert _url("document_detail", correction.pk) not in page


def test_the_city_minutes_stay_closed_to_the_ward(
    city_world, city_notice, ward_secretariat, client_as
):
    minutes = notices.notice_draft_build(meeting=city_world.meeting, kind=DocumentKind.MINUTES)
    assert client_as(ward_secretariat).get(_url("document_detail", minutes.pk)).status_code == 404


def test_the_ward_may_read_the_notice_but_not_change_it(
    city_world, city_notice, ward_secretariat, client_as
):
    client = client_as(ward_secretariat)
    assert client.post(_url("document_supersede", city_notice.pk)).status_code == 403
    assert client.get(_url("document_edit", city_notice.pk)).status_code == 403


def test_a_ward_office_reads_the_notice_of_a_task_its_unit_leads(
    city_world, city_secretariat, ward_office, client_as
):
    meeting, _task = _only_bo_de_meeting(city_world)
    DirectiveFactory(
        conclusion=meeting.conclusions.get(), lead_unit=city_world.bo_de.economy, content="Kinh tế"
    )
    issued = _issue(meeting, city_secretariat)
    assert client_as(ward_office).get(_url("document_detail", issued.pk)).status_code == 200


def test_a_ward_office_does_not_read_the_notice_of_the_wards_other_tasks(
    city_world, city_notice, ward_office, client_as
):
    # The city's task went to the ward (its secretariat breaks it down), not to this office.
    assert client_as(ward_office).get(_url("document_detail", city_notice.pk)).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_notice_page_for_a_ward_runs_as_many_queries_as_for_the_city(
    city_world, city_notice, city_secretariat, ward_secretariat, client_as
):
    url = _url("document_detail", city_notice.pk)
    client_as(ward_secretariat).get(url)  # warm the per-process caches (translations, roles)
    for_ward = _queries(client_as(ward_secretariat), url)
    for_city = _queries(client_as(city_secretariat), url)
    # The ward's two more: its unit (the profile) and the one recipient check.
    assert (for_ward, for_city) == (9, 7)


def test_the_task_page_with_its_notice_link_runs_a_fixed_number_of_queries(
    city_world, city_notice, ward_secretariat, client_as
):
    client = client_as(ward_secretariat)
    url = _url("directive_detail", city_world.task_bo_de.pk)
    client.get(url)
    before = _queries(client, url)
    for _ in range(3):  # more tasks of the same meeting for the ward: the page does not grow
        DirectiveFactory(conclusion=city_world.conclusion, lead_unit=city_world.bo_de.ubnd)
    assert _queries(client, url) == before
