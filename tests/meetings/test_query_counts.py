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
    client = client_as(personas[persona])
    url = reverse(page, args=[meeting.pk]) if page == "meeting_detail" else reverse(page)
    _grow(world, meeting, 10)
    small = _queries(client, url)
    _grow(world, meeting, 1990)
    large = _queries(client, url)
    assert small == large
    assert large <= 14


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
