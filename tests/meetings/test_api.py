"""The read API of directives: bearer keys, scope, figures, bad input, query count."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steering.models import ApiToken
from steering.services import api_token_create, api_token_revoke
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/directives/"


def _get(client, key=None, query=""):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(URL + query, headers=headers)


@pytest.fixture
def directives(world):
    meeting = MeetingFactory(committee=world.committee)
    conclusion = ConclusionFactory(meeting=meeting)
    ours = DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.ward_a,
        content="Rà soát hạ tầng mạng phường",
        due_date=datetime.date(2019, 11, 30),
    )
    ours.supporting_units.add(world.division)
    theirs = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=MeetingFactory(committee=world.other_committee)),
        lead_unit=world.ward_b,
        content="Việc của Ban khác",
    )
    return ours, theirs


def test_the_route_is_the_documented_one():
    assert reverse("api_directives") == URL


def test_without_a_key_or_session_the_api_answers_401_in_json(client):
    response = _get(client)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "khóa API" in response.json()["error"]


def test_a_wrong_or_revoked_key_is_refused_and_logged(client, ward_a, caplog):
    token, key = api_token_create(user=ward_a, name="Trung tâm điều hành")
    assert _get(client, key + "x").status_code == 401
    assert "api key refused" in caplog.text
    api_token_revoke(token=token)
    assert _get(client, key).status_code == 401


def test_a_key_of_a_deactivated_account_is_refused(client, ward_a):
    _token, key = api_token_create(user=ward_a, name="IOC")
    ward_a.is_active = False
    ward_a.save()
    assert _get(client, key).status_code == 401


def test_a_key_sees_what_its_account_sees_with_the_grid(client, ward_a, directives):
    ours, _other_committee_directive = directives
    _token, key = api_token_create(user=ward_a, name="IOC")
    data = _get(client, key, "?as_of=2019-12-05").json()
    assert [row["id"] for row in data["results"]] == [ours.pk]
    row = data["results"][0]
    assert row["content"] == "Rà soát hạ tầng mạng phường"
    assert row["lead_unit"]["id"] == ours.lead_unit_id
    assert [u["name"] for u in row["supporting_units"]] == [ours.supporting_units.get().name]
    assert (row["due_date"], row["timeliness"]) == ("2019-11-30", "overdue")
    assert data["total"] == sum(data["grid"].values()) == 1
    assert data["as_of"] == "2019-12-05"


def test_the_key_records_when_it_was_last_used(client, ward_a):
    token, key = api_token_create(user=ward_a, name="IOC")
    _get(client, key)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_of_the_key_is_stored(ward_a):
    token, key = api_token_create(user=ward_a, name="IOC")
    assert key.startswith("bcd_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64


def test_bad_filters_are_explained_field_by_field(client, secretariat):
    _token, key = api_token_create(user=secretariat, name="IOC")
    response = _get(client, key, "?due_from=31/02/2019&state=bogus")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"due_from", "state"}


def test_writing_is_refused(client, secretariat):
    _token, key = api_token_create(user=secretariat, name="IOC")
    response = client.post(URL, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_the_command_prints_a_key_that_works(client, ward_a, capsys):
    call_command("create_api_token", ward_a.username, name="Báo cáo tỉnh")
    key = capsys.readouterr().out.strip()
    assert _get(client, key).status_code == 200
    assert ApiToken.objects.get().name == "Báo cáo tỉnh"


def test_the_api_query_count_does_not_grow_with_the_directives(client, secretariat, world):
    _token, key = api_token_create(user=secretariat, name="IOC")
    meeting = MeetingFactory(committee=world.committee)

    def count():
        cache.clear()  # counted cold: the grid is cached under the data version
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, key).status_code == 200
        return len(queries)

    DirectiveFactory(conclusion=ConclusionFactory(meeting=meeting), lead_unit=world.ward_a)
    count()  # the first call also records the key's "last used" (at most once a minute)
    small = count()
    for _ in range(20):
        directive = DirectiveFactory(
            conclusion=ConclusionFactory(meeting=meeting), lead_unit=world.ward_b
        )
        directive.supporting_units.add(world.division)
    assert count() == small


def test_the_meeting_date_is_the_day_in_vietnam(client, secretariat, world):
    early = datetime.datetime(2019, 10, 16, 17, 30, tzinfo=datetime.UTC)  # 00:30 on the 17th
    meeting = MeetingFactory(committee=world.committee, starts_at=early)
    DirectiveFactory(conclusion=ConclusionFactory(meeting=meeting), lead_unit=world.ward_a)
    _token, key = api_token_create(user=secretariat, name="IOC")
    assert _get(client, key).json()["results"][0]["meeting_date"] == "2019-10-17"


def test_a_key_over_its_budget_gets_429_in_json(client, secretariat, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/60"}
    _token, key = api_token_create(user=secretariat, name="IOC")
    assert [_get(client, key).status_code for _ in range(3)] == [200, 200, 429]
    response = _get(client, key)
    assert "thử lại sau" in response.json()["error"] and int(response["Retry-After"]) > 0
