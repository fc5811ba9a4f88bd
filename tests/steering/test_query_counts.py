"""Each page's query count is fixed and does not grow with the data."""

import pytest
from django.urls import reverse

from steering.models import AccessRole, MemberRole
from tests.factories import (
    CommitteeRoleFactory,
    MembershipFactory,
    OrgSuccessionFactory,
    OrgUnitFactory,
    SteeringCommitteeFactory,
)

# Budgets per page for a signed-in user: session + user + roles + profile, then the page.
BUDGETS = {
    # home: plus one COUNT per "Việc chờ tôi" list (a ward officer: due soon, returned x3,
    # periods closing).
    "home": 16,
    "committee_list": 5,
    "committee_detail": 7,
    "orgunit_list": 5,
    "orgunit_detail": 11,
    "styleguide": 5,
}


def _url(name, world):
    if name == "committee_detail":
        return reverse(name, kwargs={"pk": world.committee.pk})
    if name == "orgunit_detail":
        return reverse(name, kwargs={"pk": world.district.pk})
    return reverse(name)


def _grow(world, user, n):
    """Add n of everything a page might list: units, successions, members, committees."""
    for i in range(n):
        unit = OrgUnitFactory(parent=world.district)
        OrgUnitFactory(parent=unit, kind="division")
        OrgSuccessionFactory(predecessor=unit, successor=world.ward_a)
        MembershipFactory(committee=world.committee, role=MemberRole.MEMBER)
        committee = SteeringCommitteeFactory(owner_unit=world.district)
        CommitteeRoleFactory(user=user, committee=committee, role=AccessRole.VIEWER)
        if i % 2:
            SteeringCommitteeFactory(owner_unit=world.district)


def _count(client, url, django_assert_max_num_queries, budget):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= budget, "\n".join(q["sql"] for q in ctx.captured_queries)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_page_query_count_stays_within_budget_and_constant_in_data_size(
    page, world, secretariat, client_as, django_assert_max_num_queries
):
    client = client_as(secretariat)
    url = _url(page, world)
    small = _count(client, url, django_assert_max_num_queries, BUDGETS[page])
    _grow(world, secretariat, 12)
    large = _count(client, url, django_assert_max_num_queries, BUDGETS[page])
    assert large == small


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_page_query_count_for_ward_officer(
    page, world, ward_a, client_as, django_assert_max_num_queries
):
    client = client_as(ward_a)
    _count(client, _url(page, world), django_assert_max_num_queries, BUDGETS[page])
