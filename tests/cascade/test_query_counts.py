"""The cascade's city-scale pages run the same number of queries for a small city and a bigger
one (issue 12, item 7): 3 → 12 wards, 3 → 30 city tasks given to every ward (9 → 361 ward
tasks with their breakdowns), 2 → 20 traffic-light criteria marked by every ward, with evidence.
The times at 126 wards × 300 tasks × 92 criteria are bench/bench_city_scale.py's (README)."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import (
    CriteriaMethod,
    CriteriaSet,
    Criterion,
    CriterionEvidence,
    CriterionScore,
    RuleKind,
    ScoreSheet,
    SheetState,
)
from meetings.models import Directive
from steering.timeliness import TaskState
from tests.cascade.conftest import TZ, _ward
from tests.meetings.factories import ConclusionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

AS_OF = "2025-09-30"
PERIOD = "start=01/07/2025&end=30/09/2025"
RULES = [
    (RuleKind.PERCENT, 90, 70),
    (RuleKind.AT_LEAST, 10, 5),
    (RuleKind.AT_MOST, 0, 1),
    (RuleKind.YES_NO, None, None),
]


class City:
    """The cascade's world grown step by step: `grow(wards=, tasks=, criteria=)` brings it to
    that many wards, adds `tasks` city assignments given to every ward (one directive per ward,
    one group), breaks one ward task in three into two sub-tasks for the ward's offices, and
    brings the lights set to `criteria` criteria marked by every ward for 9/2025 (accepted),
    one mark in two with an evidence row."""

    def __init__(self, city_world):
        self.world = city_world
        self.wards = [city_world.bo_de, city_world.long_bien, city_world.phuc_loi]
        self.ward_conclusions = {}
        self.assignments = 0
        self.officer = get_user_model().objects.create(username="ward-officer-marks")
        self.criteria_set = CriteriaSet.objects.create(
            committee=city_world.committee,
            name="Bộ tiêu chí cấp phường",
            year=2025,
            applies_to_kinds=["ward"],
            self_scoring=True,
            method=CriteriaMethod.LIGHTS,
        )
        self.counter = itertools.count()

    def grow(self, *, wards: int, tasks: int, criteria: int) -> None:
        while len(self.wards) < wards:
            n = len(self.wards)
            self.wards.append(_ward(self.world.city, f"N{n}", f"Số {n}"))
        self._assignments(tasks)
        self._criteria(criteria)

    def _ward_conclusion(self, ward):
        if ward.committee.pk not in self.ward_conclusions:
            meeting = MeetingFactory(
                committee=ward.committee, starts_at=datetime.datetime(2025, 8, 20, 8, tzinfo=TZ)
            )
            self.ward_conclusions[ward.committee.pk] = ConclusionFactory(meeting=meeting)
        return self.ward_conclusions[ward.committee.pk]

    def _assignments(self, count: int) -> None:
        committee = self.world.committee
        parents = []
        for _i in range(count):
            a = self.assignments = self.assignments + 1
            given = datetime.date(2025, 7, 10) + datetime.timedelta(days=(a * 7) % 70)
            meeting = MeetingFactory(
                committee=committee,
                starts_at=datetime.datetime.combine(given, datetime.time(14), tzinfo=TZ),
            )
            conclusion = ConclusionFactory(meeting=meeting)
            due = given + datetime.timedelta(days=20 + a % 40)
            for w, ward in enumerate(self.wards):
                h = (a * 7 + w * 3) % 10
                done = h < 4
                parents.append(
                    (
                        ward,
                        Directive(
                            committee=committee,
                            conclusion=conclusion,
                            content=f"Nhiệm vụ thành phố giao số {a}",
                            lead_unit=ward.unit,
                            group=f"grow-{a}",
                            deadline_text=f"trước ngày {due:%d/%m/%Y}",
                            deadline_kind="date",
                            due_date=due,
                            state=TaskState.COMPLETED
                            if done
                            else (TaskState.NOT_STARTED if h < 6 else TaskState.IN_PROGRESS),
                            completed_on=due + datetime.timedelta(days=h - 2) if done else None,
                        ),
                    )
                )
        created = Directive.objects.bulk_create([d for _w, d in parents])
        subtasks = []
        for (ward, _d), parent in zip(parents, created, strict=True):
            if next(self.counter) % 3:
                continue
            for office in (ward.office, ward.economy):
                subtasks.append(
                    Directive(
                        committee=ward.committee,
                        conclusion=self._ward_conclusion(ward),
                        content=f"Phần việc của {office.short_name}",
                        lead_unit=office,
                        parent=parent,
                        deadline_kind="date",
                        due_date=parent.due_date,
                        state=parent.state,
                        completed_on=parent.completed_on,
                    )
                )
        Directive.objects.bulk_create(subtasks)

    def _criteria(self, count: int) -> None:
        have = self.criteria_set.criteria.count()
        Criterion.objects.bulk_create(
            Criterion(
                criteria_set=self.criteria_set,
                ordinal=i + 1,
                code=str(i + 1),
                name=f"Tiêu chí {i + 1}",
                rule=RULES[i % 4][0],
                green_threshold=RULES[i % 4][1],
                yellow_threshold=RULES[i % 4][2],
            )
            for i in range(have, count)
        )
        criteria = list(self.criteria_set.criteria.all())
        for ward in self.wards:
            sheet, _created = ScoreSheet.objects.get_or_create(
                criteria_set=self.criteria_set,
                unit=ward.unit,
                year=2025,
                month=9,
                defaults={"state": SheetState.REVIEWED},
            )
            marked = set(sheet.scores.values_list("criterion_id", flat=True))
            scores = CriterionScore.objects.bulk_create(
                CriterionScore(
                    sheet=sheet,
                    criterion=c,
                    value=(v := 1 if c.rule == RuleKind.YES_NO else 3 * (c.pk % 7)),
                    light=c.light_for(v),
                )
                for c in criteria
                if c.pk not in marked
            )
            CriterionEvidence.objects.bulk_create(
                CriterionEvidence(
                    score=score,
                    file=f"kpis/evidence/q{score.pk}.pdf",
                    original_name="minh-chung.pdf",
                    size=1000,
                    content_type="application/pdf",
                    uploaded_by=self.officer,
                )
                for score in scores[::2]
            )


def _queries(client, url) -> int:
    cache.clear()  # counted cold: the grids' counts are cached under the data version
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _url(page: str, city: City) -> str:
    world = city.world
    ward = world.bo_de.committee.pk
    return {
        "city grid": f"{reverse('cascade_grid')}?committee={world.committee.pk}&as_of={AS_OF}",
        "traffic lights": reverse(
            "kpi_criteria_results", kwargs={"pk": city.criteria_set.pk, "year": 2025, "month": 9}
        ),
        "one task by ward": reverse("directive_wards", args=[world.task_bo_de.pk]),
        "ward inbox": f"{reverse('cascade_inbox')}?committee={ward}&as_of={AS_OF}",
        "upward report": f"{reverse('upward_report', kwargs={'pk': ward})}?{PERIOD}",
        "upward .xlsx": f"{reverse('upward_report_xlsx', kwargs={'pk': ward})}?{PERIOD}",
        "upward .pdf": f"{reverse('upward_report_pdf', kwargs={'pk': ward})}?{PERIOD}",
    }[page]


CITY_PAGES = ["city grid", "traffic lights", "one task by ward"]
WARD_PAGES = ["ward inbox", "upward report", "upward .xlsx", "upward .pdf"]
# Ceilings (queries with the session, the user's roles and the menu's counts): each page's
# count, measured, plus a little room; what matters is that it does not grow.
BUDGET = {
    "city grid": 20,
    "traffic lights": 20,
    "one task by ward": 16,
    "ward inbox": 20,
    "upward report": 18,
    "upward .xlsx": 16,  # +2: the data versions its file is cached under
    "upward .pdf": 16,  # the click: the job found or queued, never the report
}


@pytest.mark.parametrize("page", CITY_PAGES + WARD_PAGES)
def test_a_city_scale_page_takes_the_same_queries_for_a_bigger_city(
    page, city_world, city_secretariat, ward_secretariat, client_as
):
    city = City(city_world)
    client = client_as(city_secretariat if page in CITY_PAGES else ward_secretariat)
    city.grow(wards=3, tasks=3, criteria=2)
    url = _url(page, city)
    small = _queries(client, url)
    city.grow(wards=12, tasks=27, criteria=20)  # 30 assignments to 12 wards in all
    large = _queries(client, url)
    assert (page, small) == (page, large)
    assert large <= BUDGET[page], (page, large)


def test_the_bigger_city_is_what_the_pages_show(
    city_world, city_secretariat, ward_secretariat, client_as
):
    """The counts above are of full pages: the grid has its 12 new wards (and the shared world's
    two wards of the old district, never ended) and 31 assignments, the ward its 31 tasks, the
    lights grid 14 × 20 colours."""
    city = City(city_world)
    city.grow(wards=12, tasks=30, criteria=20)
    client = client_as(city_secretariat)
    grid = client.get(_url("city grid", city)).context["grid"]
    assert grid.ward_page.paginator.count == 12 + 2
    assert grid.column_page.paginator.count == 31
    lights = client.get(_url("traffic lights", city)).context["grid"]
    assert (lights.units, len(lights.criteria)) == (12 + 2, 20)
    inbox = client_as(ward_secretariat).get(_url("ward inbox", city)).context["inbox"]
    assert inbox.listing.total == 31
