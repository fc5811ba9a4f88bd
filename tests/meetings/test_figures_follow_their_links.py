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
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from meetings.models import DeadlineExtension, Directive, DirectiveEvent, EventKind
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
            # An extension request: none, waiting, refused, or granted (a date the chair may
            # choose apart from the one requested).
            "request": st.sampled_from([None, "requested", "rejected", "approved"]),
            "reports": st.integers(0, 2),  # progress reports on the task
        }
    ),
    max_size=10,
)
# KPI values of the committee's plan: (ward, indicator, report state, value) for one month.
kpi_rows = st.lists(
    st.tuples(
        st.sampled_from(["ward_a", "ward_b"]),
        st.integers(0, 1),
        st.sampled_from(["draft", "submitted", "accepted", "returned"]),
        st.integers(0, 100),
    ),
    max_size=6,
    unique_by=lambda r: (r[0], r[1]),
)


def _store(world, rows, officer):
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
        if row["request"] and due:
            granted = directive.extended_due_date if row["request"] == "approved" else None
            DeadlineExtension.objects.create(
                directive=directive,
                requested_due_date=due + datetime.timedelta(days=30),
                reason="Cần thêm thời gian",
                requested_by=officer,
                state=row["request"],
                granted_due_date=granted,
            )
        DirectiveEvent.objects.bulk_create(
            DirectiveEvent(directive=directive, kind=EventKind.PROGRESS, note=f"Báo cáo {n}")
            for n in range(row["reports"])
        )


def _store_kpis(world, rows):
    """A plan of the committee with two ward indicators and one month (closed from 21/01/2019),
    and the given reports."""
    from kpis.models import Indicator, IndicatorReport, Plan, ReportingPeriod
    from tests.kpis.factories import IndicatorFactory, PeriodFactory, PlanFactory

    IndicatorReport.objects.all().delete()
    Indicator.objects.all().delete()
    ReportingPeriod.objects.all().delete()
    Plan.objects.all().delete()
    plan = PlanFactory(committee=world.committee, issuer=world.ubnd, year=2019)
    indicators = [
        IndicatorFactory(plan=plan, kind="count", unit_of_measure="cuộc"),
        IndicatorFactory(plan=plan, kind="count", unit_of_measure="hồ sơ"),
    ]
    period = PeriodFactory(plan=plan, year=2019, number=1)
    IndicatorReport.objects.bulk_create(
        IndicatorReport(
            unit=getattr(world, ward),
            indicator=indicators[i],
            period=period,
            value=v,
            state=s,
            return_reason="Thiếu minh chứng" if s == "returned" else "",
        )
        for ward, i, s, v in rows
    )
    return period


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
    # Each example renders several pages: a failure is reported as found, not shrunk for minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=directive_rows, kpis=kpi_rows, as_of=st.dates(D(2019, 1, 1), D(2020, 12, 31)))
def test_every_linked_figure_equals_the_rows_behind_its_link(
    world, chair, ward_a, client_as, rows, kpis, as_of
):
    _store(world, rows, ward_a)
    period = _store_kpis(world, kpis)
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

    # The KPI figures of the dashboard: each indicator's accepted and waiting reports are the
    # reports in those states (once the month's deadline has passed on the as-of date).
    summaries = dashboard.context["kpis"]
    if period.submission_deadline < as_of:
        (summary,) = summaries
        assert len(summary.indicators) == 2
        for column, row in enumerate(summary.indicators):
            states = [state for _w, i, state, _v in kpis if i == column]
            assert row.reporting == states.count("accepted")
            assert row.waiting == states.count("submitted")
    else:
        assert summaries == []
