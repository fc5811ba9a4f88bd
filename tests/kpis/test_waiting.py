"""What waits for me: every figure of a home page's "Việc chờ tôi" equals the rows of the list its
link opens, for each persona, on generated data (directives, plan tasks, extension requests,
indicator figures, notice drafts; the clock on an open KPI month's last day)."""

import datetime
import random
import re

import pytest
from django.urls import reverse

from kpis.models import IndicatorReport, PlanTask, PlanTaskExtension, ReportState
from meetings.models import DeadlineExtension, Directive, DocumentKind
from meetings.notices import notice_draft_build
from steering.timeliness import TaskState
from tests.meetings.factories import ConclusionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2099, 1, 31)  # plan_world's clock
ITEM = re.compile(
    r'<a class="[^"]*waiting-link" data-key="([\w-]+)" href="([^"]+)">.*?'
    r'<span class="[^"]*waiting-count">(\d+)</span>',
    re.S,
)
ROW = re.compile(r'<tr class="(?:waiting|extension)-row">')
OVERDUE_UNIT = re.compile(r'<a class="[^"]*overdue-unit-link" href="([^"]+)">(\d+)</a>')
OPEN_STATES = [
    TaskState.NOT_STARTED,
    TaskState.IN_PROGRESS,
    TaskState.PENDING_REVIEW,
    TaskState.RETURNED,
    TaskState.ON_HOLD,
]


def _generate(world, plan_world, personas, seed: int) -> None:
    rng = random.Random(seed)
    units = [world.ward_a, world.ward_b, world.division, world.vhtt]
    meeting = MeetingFactory(committee=world.committee)
    conclusion = ConclusionFactory(meeting=meeting)
    notice_draft_build(meeting=meeting, kind=DocumentKind.NOTICE)
    if rng.random() < 0.5:
        notice_draft_build(
            meeting=MeetingFactory(committee=world.committee), kind=DocumentKind.NOTICE
        )
    requester = personas["ward_a"]
    for i in range(rng.randint(8, 16)):
        state = rng.choice([*OPEN_STATES, TaskState.COMPLETED, TaskState.CANCELLED])
        due = TODAY + datetime.timedelta(days=rng.randint(-20, 20)) if rng.random() < 0.9 else None
        fields = {
            "content": f"Nhiệm vụ thử {seed}-{i}",
            "lead_unit": rng.choice(units),
            "state": state,
            "deadline_kind": "date" if due else "none",
            "due_date": due,
            "completed_on": TODAY - datetime.timedelta(days=1)
            if state == TaskState.COMPLETED
            else None,
            "cancel_reason": "Không còn cần" if state == TaskState.CANCELLED else "",
        }
        if rng.random() < 0.5:
            task = Directive.objects.create(
                committee=world.committee, conclusion=conclusion, **fields
            )
            extension_model, key = DeadlineExtension, "directive"
        else:
            task = PlanTask.objects.create(plan=plan_world.plan, ordinal=i + 1, **fields)
            extension_model, key = PlanTaskExtension, "task"
        if rng.random() < 0.3:
            task.supporting_units.add(rng.choice(units))
        if state in OPEN_STATES and rng.random() < 0.4:
            extension_model.objects.create(
                **{key: task},
                requested_due_date=(due or TODAY) + datetime.timedelta(days=30),
                reason="Chờ kinh phí",
                requested_by=requester,
            )
    for unit in units[:3]:
        for indicator in (plan_world.ratio, plan_world.count):
            state = rng.choice([None, *ReportState.values])
            if state:
                IndicatorReport.objects.create(
                    unit=unit,
                    indicator=indicator,
                    period=plan_world.open,
                    numerator=5,
                    denominator=10,
                    value=5,
                    state=state,
                    return_reason="Thiếu minh chứng" if state == ReportState.RETURNED else "",
                )


def _rows_behind(client, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    return len(ROW.findall(response.content.decode()))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_waiting_figure_equals_the_rows_behind_its_link(
    seed, world, plan_world, personas, client_as
):
    _generate(world, plan_world, personas, seed)
    seen = {}
    for persona in ("secretariat", "chair", "ward_a", "ward_b", "division"):
        client = client_as(personas[persona])
        page = client.get(reverse("home")).content.decode()
        items = ITEM.findall(page)
        assert items, persona
        for key, href, shown in items:
            assert _rows_behind(client, href) == int(shown), (persona, key)
            seen[persona, key] = int(shown)
    assert {key for _p, key in seen} == {
        "reports-to-confirm",
        "figures-to-review",
        "drafts-to-issue",
        "extensions-to-decide",
        "due-soon",
        "returned",
        "periods-closing",
    }
    assert sum(seen.values()) > 0  # the generated data gives something to wait for


@pytest.mark.parametrize("seed", [1, 2])
def test_the_chairs_overdue_by_unit_figures_equal_the_lists_they_open(
    seed, world, plan_world, personas, client_as
):
    _generate(world, plan_world, personas, seed)
    client = client_as(personas["chair"])
    figures = OVERDUE_UNIT.findall(client.get(reverse("home")).content.decode())
    overdue = Directive.objects.open().filter(due_date__lt=TODAY).count()
    assert sum(int(n) for _h, n in figures) == overdue
    for href, shown in figures:
        listed = client.get(href.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(shown), href


def test_a_unit_that_leads_nothing_waits_for_nothing(world, plan_world, personas, client_as):
    page = client_as(personas["ward_b"]).get(reverse("home")).content.decode()
    assert {key: int(n) for key, _h, n in ITEM.findall(page)} == {
        "due-soon": 0,
        "returned": 0,
        "periods-closing": 1,  # the open month closes on 05/02, nothing sent yet
    }


def test_figures_sent_by_the_secretariats_own_unit_are_not_its_to_review(
    world, plan_world, personas, client_as
):
    for unit in (world.vhtt, world.ward_a):
        IndicatorReport.objects.create(
            unit=unit,
            indicator=plan_world.count,
            period=plan_world.open,
            value=3,
            state=ReportState.SUBMITTED,
        )
    page = client_as(personas["secretariat"]).get(reverse("home")).content.decode()
    counts = {key: int(n) for key, _h, n in ITEM.findall(page)}
    assert counts["figures-to-review"] == 1


@pytest.mark.parametrize(
    ("persona", "budget"),
    # chair: +1 on a cold cache for the data version the overdue-by-unit counts are cached under
    [("secretariat", 11), ("chair", 12), ("ward_a", 18), ("member", 5)],
)
def test_the_home_page_costs_a_bounded_number_of_queries(
    persona, budget, world, plan_world, personas, client_as, django_assert_max_num_queries
):
    _generate(world, plan_world, personas, 4)
    client = client_as(personas[persona])
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("home")).status_code == 200


def test_the_secretariats_kpi_page_counts_the_figures_waiting_and_has_no_unit_line(
    world, plan_world, personas, client_as
):
    _generate(world, plan_world, personas, 5)
    client = client_as(personas["secretariat"])
    page = client.get(reverse("kpi_home"))
    html = page.content.decode()
    assert "Đơn vị tôi" not in html
    waiting = page.context["to_review"]
    link = reverse("waiting_list", args=["figures-to-review"])
    assert f'href="{link}"' in html
    assert _rows_behind(client, link) == waiting
    assert (
        waiting
        == IndicatorReport.objects.filter(state=ReportState.SUBMITTED)
        .exclude(unit=world.vhtt)
        .count()
    )


def test_a_ward_officers_kpi_page_keeps_its_unit_line(world, plan_world, personas, client_as):
    page = client_as(personas["ward_a"]).get(reverse("kpi_home"))
    assert "Đơn vị tôi" in page.content.decode()
    assert page.context["to_review"] is None
