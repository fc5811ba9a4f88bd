"""Proof: for any data and any as-of date, every number on the dashboard and the scorecards that
links to the directive list equals the number of directives that the link lists, and the list's,
the API's and the home page's totals agree with the dashboard's.

Each link is followed through the read API (the same form, selector and scope as `/directives/`),
whose `count` is the number of rows behind the link."""

import datetime
import html
import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Directive
from steering.timeliness import TaskState
from tests.meetings.factories import ConclusionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = reverse("directive_list")
# <a …href="/directives/?…">12</a>: a figure that links to the list.
LINKED_FIGURE = re.compile(r'<a [^>]*href="(/directives/\?[^"]*)"[^>]*>\s*(\d+)\s*</a>')

directive_rows = st.lists(
    st.fixed_dictionaries(
        {
            "committee": st.sampled_from(["committee", "other_committee"]),
            "meeting": st.integers(0, 1),
            "state": st.sampled_from(TaskState.values),
            "kind": st.sampled_from(["date", "month", "recurring", "none"]),
            "due": st.none() | st.dates(D(2019, 1, 1), D(2020, 6, 30)),
            "extension": st.sampled_from([0, 0, 10, 45]),
            "done_on": st.dates(D(2019, 1, 1), D(2020, 6, 30)),
            "lead": st.sampled_from(["ward_a", "ward_b", "division", None]),
            "support": st.sampled_from(["ward_a", "ward_b", None]),
        }
    ),
    max_size=10,
)


def _store(world, rows):
    Directive.objects.all().delete()
    conclusions = {
        (name, i): ConclusionFactory(meeting=MeetingFactory(committee=getattr(world, name)))
        for name in ("committee", "other_committee")
        for i in range(2)
    }
    for row in rows:
        due, done = row["due"], row["state"] == TaskState.COMPLETED
        directive = Directive.objects.create(
            committee=getattr(world, row["committee"]),
            conclusion=conclusions[row["committee"], row["meeting"]],
            content="Nhiệm vụ",
            state=row["state"],
            deadline_kind=row["kind"],
            due_date=due,
            extended_due_date=due + datetime.timedelta(days=row["extension"])
            if due and row["extension"]
            else None,
            completed_on=row["done_on"] if done else None,
            cancel_reason="Không còn cần thiết" if row["state"] == TaskState.CANCELLED else "",
            lead_unit=getattr(world, row["lead"]) if row["lead"] else None,
            lead_unit_text="" if row["lead"] else "Đơn vị chưa khớp",
            needs_unit_link=not row["lead"],  # a legacy row the migration could not link
        )
        if row["support"] and row["support"] != row["lead"]:
            directive.supporting_units.add(getattr(world, row["support"]))


def _linked_figures(page: str) -> list[tuple[str, int]]:
    return [(html.unescape(href), int(n)) for href, n in LINKED_FIGURE.findall(page)]


def _rows_behind(client, href: str) -> int:
    query = urlsplit(href).query
    response = client.get(reverse("api_directives") + "?" + query)
    assert response.status_code == 200, (href, response.content[:300])
    return response.json()["count"]


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=directive_rows, as_of=st.dates(D(2019, 1, 1), D(2020, 12, 31)))
def test_every_linked_figure_equals_the_rows_behind_its_link(
    world, chair, ward_a, client_as, rows, as_of
):
    _store(world, rows)
    cache.clear()  # figures are cached per committee version; each example is new data
    client = client_as(chair)
    day = as_of.isoformat()
    dashboard = client.get(reverse("dashboard"), {"committee": world.committee.pk, "as_of": day})
    board = dashboard.context["board"]
    scorecards = client.get(
        reverse("scorecard_list"),
        {"committee": world.committee.pk, "as_of": day, "year": as_of.year, "period": "y"},
    )
    figures = _linked_figures(dashboard.content.decode()) + _linked_figures(
        scorecards.content.decode()
    )
    assert len(figures) >= 9  # the grid (8 columns and the total) at least
    for href, shown in figures:
        assert _rows_behind(client, href) == shown, href
    # The list, the API and the dashboard count the same directives.
    listing = client.get(LIST, {"committee": world.committee.pk, "as_of": day}).context["listing"]
    api = client.get(
        reverse("api_directives"), {"committee": world.committee.pk, "as_of": day}
    ).json()
    assert listing.total == api["total"] == api["count"] == board.overall.total
    assert listing.grid == api["grid"] == board.overall.grid
    assert board.overall.total == Directive.objects.filter(committee=world.committee).count()
    # A ward officer's list: its grid adds up to what the list shows.
    mine = client_as(ward_a).get(LIST, {"as_of": day}).context
    assert mine["listing"].total == mine["page"].paginator.count
