"""The data version: every write to the tables behind a directive figure changes it, whoever
writes (services, admin, bulk update, raw SQL), so a cached figure follows the data at once."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from meetings.models import Directive, Meeting
from meetings.selectors import overdue_by_unit
from steering.data_version import DIRECTIVES, data_version
from steering.models import SteeringCommittee
from steering.timeliness import GridBucket
from tests.factories import OrgSuccessionFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2019, 12, 15)  # the directive fixture is due 30/11/2019: overdue


def test_a_bulk_update_that_bypasses_the_services_changes_the_data_version(directive):
    before = data_version(DIRECTIVES)
    Directive.objects.filter(pk=directive.pk).update(progress_percent=50)
    assert data_version(DIRECTIVES) != before


def test_raw_sql_changes_the_data_version(directive):
    before = data_version(DIRECTIVES)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_directive_supporting_units")
    assert data_version(DIRECTIVES) != before


def test_moving_a_meeting_changes_the_data_version(directive, meeting):
    before = data_version(DIRECTIVES)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at)
    assert data_version(DIRECTIVES) != before


def test_reading_does_not_change_the_data_version(directive):
    before = data_version(DIRECTIVES)
    Directive.objects.grid(AS_OF)
    list(Directive.objects.all())
    assert data_version(DIRECTIVES) == before


def test_a_cached_grid_follows_a_write_that_bypasses_the_services(directive):
    assert Directive.objects.grid(AS_OF)[GridBucket.OPEN_OVERDUE] == 1
    Directive.objects.filter(pk=directive.pk).update(
        state="completed", completed_on=datetime.date(2019, 11, 20)
    )
    grid = Directive.objects.grid(AS_OF)
    assert grid[GridBucket.OPEN_OVERDUE] == 0
    assert grid[GridBucket.DONE_ON_TIME] == 1


def test_a_unit_s_cached_grid_follows_a_new_supporting_unit(world, directive):
    assert sum(Directive.objects.for_unit(world.ward_b).grid(AS_OF).values()) == 0
    directive.supporting_units.add(world.ward_b)
    assert sum(Directive.objects.for_unit(world.ward_b).grid(AS_OF).values()) == 1


def test_the_cached_grid_is_served_while_nothing_changes(directive, django_assert_num_queries):
    Directive.objects.grid(AS_OF)
    with django_assert_num_queries(1):  # the data version only
        assert Directive.objects.grid(AS_OF)[GridBucket.OPEN_OVERDUE] == 1


def test_the_dashboard_shows_an_edit_made_outside_the_services_at_once(
    world, directive, chair, client_as
):
    client = client_as(chair)
    query = {"committee": world.committee.pk, "as_of": AS_OF.isoformat()}
    before = client.get(reverse("dashboard"), query).context["board"]
    assert before.overall.grid[GridBucket.OPEN_OVERDUE] == 1
    Directive.objects.filter(pk=directive.pk).update(state="cancelled", cancel_reason="Thôi")
    after = client.get(reverse("dashboard"), query).context["board"]
    assert after.overall.grid[GridBucket.OPEN_OVERDUE] == 0
    assert after.overall.grid[GridBucket.CANCELLED] == 1


def test_the_list_and_the_home_page_follow_an_edit_made_outside_the_services(
    world, directive, chair, client_as
):
    client = client_as(chair)
    listed = client.get(reverse("directive_list"), {"as_of": AS_OF.isoformat()})
    assert listed.context["listing"].grid[GridBucket.OPEN_OVERDUE] == 1
    client.get(reverse("home"))
    Directive.objects.filter(pk=directive.pk).update(state="cancelled", cancel_reason="Thôi")
    listed = client.get(reverse("directive_list"), {"as_of": AS_OF.isoformat()})
    assert listed.context["listing"].grid[GridBucket.OPEN_OVERDUE] == 0
    assert listed.context["listing"].grid[GridBucket.CANCELLED] == 1


def test_a_new_succession_changes_the_data_version(world):
    # Who sees an old ward's open tasks depends on successions, not on the directive rows.
    before = data_version(DIRECTIVES)
    OrgSuccessionFactory(predecessor=world.ward_a, successor=world.ward_b)
    assert data_version(DIRECTIVES) != before


def test_a_committee_edit_changes_the_data_version(world):
    before = data_version(DIRECTIVES)
    SteeringCommittee.objects.filter(pk=world.committee.pk).update(name="Ban Chỉ đạo mới")
    assert data_version(DIRECTIVES) != before


def test_the_overdue_count_per_unit_is_served_from_the_cache_while_nothing_changes(
    directive, chair, django_assert_num_queries
):
    overdue_by_unit(user=chair, as_of=AS_OF)
    with django_assert_num_queries(2):  # the data version, the unit names
        rows = overdue_by_unit(user=chair, as_of=AS_OF)
    assert [row["count"] for row in rows] == [1]


def test_the_overdue_count_per_unit_follows_a_write_that_bypasses_the_services(directive, chair):
    assert [row["count"] for row in overdue_by_unit(user=chair, as_of=AS_OF)] == [1]
    Directive.objects.filter(pk=directive.pk).update(state="cancelled", cancel_reason="Thôi")
    assert overdue_by_unit(user=chair, as_of=AS_OF) == []
