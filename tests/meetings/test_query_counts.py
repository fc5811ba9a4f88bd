"""Meetings and directive pages run a fixed number of queries from 10 to 2,000 directives."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Directive
from tests.meetings.factories import ConclusionFactory, DirectiveFactory

pytestmark = pytest.mark.django_db


def _grow(world, meeting, n):
    conclusion = ConclusionFactory(meeting=meeting)
    template = DirectiveFactory.build(conclusion=conclusion, committee=world.committee)
    rows = []
    for i in range(n):
        rows.append(
            Directive(
                committee=world.committee,
                conclusion=conclusion,
                content=f"{template.content} {i}",
                lead_unit=world.ward_a if i % 2 else world.division,
                deadline_text="trong tháng 11/2019",
                deadline_kind="month",
                due_date=datetime.date(2019, 11, 30) + datetime.timedelta(days=i % 40),
                state="completed" if i % 3 == 0 else "in_progress",
                completed_on=datetime.date(2019, 11, 25) if i % 3 == 0 else None,
            )
        )
    created = Directive.objects.bulk_create(rows)
    through = Directive.supporting_units.through
    through.objects.bulk_create(
        [through(directive_id=d.pk, orgunit_id=world.ward_b.pk) for d in created[::5]]
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("page", "persona"),
    [
        ("api_directives", "chair"),
        ("api_directives", "ward_a"),
        ("dashboard", "chair"),
        ("scorecard_list", "chair"),
        ("scorecard_list", "ward_a"),
        ("directive_list", "chair"),
        ("directive_list", "ward_a"),
        ("my_work", "ward_a"),
        ("meeting_detail", "secretariat"),
        ("meeting_list", "member"),
        ("home", "chair"),
        ("home", "ward_a"),
        ("home", "secretariat"),
    ],
)
def test_page_queries_do_not_grow_from_10_to_2000_directives(
    page, persona, world, meeting, personas, client_as
):
    from django.core.cache import cache

    client = client_as(personas[persona])
    url = reverse(page, args=[meeting.pk]) if page == "meeting_detail" else reverse(page)
    _grow(world, meeting, 10)
    cache.clear()  # the dashboard and scorecards: counted cold, not from the cache
    small = _queries(client, url)
    _grow(world, meeting, 1990)
    cache.clear()
    large = _queries(client, url)
    assert small == large
    # Home pages gather several sections (budgets as in tests/steering/test_query_counts.py).
    budget = {"dashboard": 30, "scorecard_list": 30, "home": 18}.get(page, 14)
    assert large <= budget


def test_the_second_page_of_a_long_list_runs_as_many_queries_as_the_first(
    world, meeting, chair, client_as
):
    client = client_as(chair)
    _grow(world, meeting, 120)
    _queries(client, reverse("directive_list"))  # the grid, cached for the next pages
    first = _queries(client, reverse("directive_list"))
    assert _queries(client, reverse("directive_list") + "?page=3") == first


def test_my_work_is_paginated_fifty_tasks_a_page(world, meeting, ward_a, client_as):
    _grow(world, meeting, 130)
    client = client_as(ward_a)
    page = client.get(reverse("my_work"))
    assert len(page.context["page"].object_list) == 50
    assert page.context["listing"].total == Directive.objects.for_unit(world.ward_a).count()
    last = client.get(reverse("my_work"), {"page": page.context["page"].paginator.num_pages})
    assert 0 < len(last.context["page"].object_list) <= 50


def test_directive_page_queries_do_not_grow_with_its_history(directive, ward_a, client_as):
    from meetings.models import DirectiveEvent

    client = client_as(ward_a)
    url = reverse("directive_detail", args=[directive.pk])
    DirectiveEvent.objects.create(directive=directive, kind="created")
    small = _queries(client, url)
    DirectiveEvent.objects.bulk_create(
        [DirectiveEvent(directive=directive, kind="progress", note=str(i)) for i in range(50)]
    )
    assert _queries(client, url) == small


@pytest.mark.parametrize("scope", ["person", "unit"])
def test_the_calendar_export_runs_as_many_queries_at_2000_directives_as_at_10(
    scope, world, meeting, ward_a, client
):
    from steering.feeds import feed_token_create

    feed = feed_token_create(user=ward_a, org_unit=world.ward_a if scope == "unit" else None)
    url = reverse("calendar_feed", args=[feed.token])
    _grow(world, meeting, 10)
    small = _queries(client, url)
    _grow(world, meeting, 1990)
    large = _queries(client, url)
    assert small == large
    assert large <= 12
