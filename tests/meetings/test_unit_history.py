"""History through the 2025 reform, as the successor ward's officer uses it: the old wards' open
tasks in "my work" (marked with the old ward), counted on the home page as listed, reported on
through the one workflow; the old wards' history (closed tasks, KPI figures) read-only with the
old names; nothing of a ward the reader's ward did not succeed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import PlanTask, ReportState
from meetings.models import Directive
from steering import waiting
from steering.models import AccessRole, OrgKind
from steering.timeliness import TaskState
from steering.tracking import CLOSED_STATES
from tests.factories import (
    CommitteeRoleFactory,
    OrgSuccessionFactory,
    OrgUnitFactory,
    ProfileFactory,
    SteeringCommitteeFactory,
    UserFactory,
)
from tests.kpis.factories import IndicatorFactory, PeriodFactory, PlanFactory, ReportFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 30)
BASIS = "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025"


def _officer(username, unit, *roles):
    user = UserFactory(username=username)
    ProfileFactory(user=user, org_unit=unit)
    for committee, role in roles:
        CommitteeRoleFactory(user=user, committee=committee, role=role)
    return user


def _old_ward_work(world, old, *, conclusion, plan, period, indicator, label):
    """An old ward's open and closed directive, open and closed plan task, and one figure."""
    open_task = DirectiveFactory(conclusion=conclusion, lead_unit=old, content=f"Mở {label}")
    closed = DirectiveFactory(
        conclusion=conclusion,
        lead_unit=old,
        content=f"Đã xong {label}",
        state=TaskState.COMPLETED,
        completed_on=datetime.date(2019, 11, 20),
    )
    open_plan_task = PlanTask.objects.create(
        plan=plan, content=f"Kế hoạch mở {label}", lead_unit=old, state=TaskState.IN_PROGRESS
    )
    PlanTask.objects.create(
        plan=plan,
        content=f"Kế hoạch xong {label}",
        lead_unit=old,
        state=TaskState.COMPLETED,
        completed_on=datetime.date(2019, 12, 5),
    )
    ReportFactory(
        unit=old,
        indicator=indicator,
        period=period,
        numerator=73,
        denominator=100,
        state=ReportState.ACCEPTED,
    )
    return open_task, closed, open_plan_task


@pytest.fixture
def reform(world):
    """Old ward A (ended 30/6/2025) merged for the most part into the new ward, in part into
    another; a second old ward merged into the new ward too. Old ward B went to a third new ward
    (the stranger's). The new ward's officer runs its committee and is its officer to the city."""
    world.ward_a.valid_to = ENDED
    world.ward_a.save()
    old_two = OrgUnitFactory(code="T-Q-C", name="Phường Cầu Cũ", parent=world.district)
    old_two.valid_to = ENDED
    old_two.save()
    new_ward = OrgUnitFactory(code="T-P-MOI", name="Phường Mới", parent=world.city)
    other_new = OrgUnitFactory(code="T-P-KHAC", name="Phường Khác", parent=world.city)
    stranger_ward = OrgUnitFactory(code="T-P-XA", name="Phường Xa", parent=world.city)
    OrgSuccessionFactory(
        predecessor=world.ward_a, successor=new_ward, legal_basis=BASIS, note="phần lớn diện tích"
    )
    OrgSuccessionFactory(predecessor=world.ward_a, successor=other_new, note="một phần diện tích")
    OrgSuccessionFactory(predecessor=old_two, successor=new_ward, note="toàn bộ")
    OrgSuccessionFactory(predecessor=world.ward_b, successor=stranger_ward, note="toàn bộ")
    party = OrgUnitFactory(kind=OrgKind.PARTY_COMMITTEE, name="Đảng ủy phường Mới", parent=new_ward)
    ward_committee = SteeringCommitteeFactory(code="bcd57-moi", owner_unit=party)
    officer = _officer(
        "phuongmoi",
        new_ward,
        (ward_committee, AccessRole.SECRETARIAT),
        (world.other_committee, AccessRole.UNIT_OFFICER),
    )
    stranger = _officer("phuongxa", stranger_ward, (world.other_committee, AccessRole.UNIT_OFFICER))
    conclusion = ConclusionFactory(meeting=MeetingFactory(committee=world.committee))
    plan = PlanFactory(committee=world.committee, issuer=world.ubnd, year=2019)
    period = PeriodFactory(plan=plan, year=2019, number=10)
    indicator = IndicatorFactory(plan=plan, name="Tỷ lệ hồ sơ giải quyết trực tuyến")
    open_task, closed, open_plan_task = _old_ward_work(
        world,
        world.ward_a,
        conclusion=conclusion,
        plan=plan,
        period=period,
        indicator=indicator,
        label="An Bình",
    )
    supported = DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt, content="Phối hợp")
    supported.supporting_units.add(world.ward_a)
    other_ward_open, other_ward_closed, _t = _old_ward_work(
        world,
        world.ward_b,
        conclusion=conclusion,
        plan=plan,
        period=period,
        indicator=indicator,
        label="Bình Minh",
    )
    own = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=MeetingFactory(committee=world.other_committee)),
        lead_unit=new_ward,
        content="Việc của phường mới",
    )
    return {
        "officer": officer,
        "stranger": stranger,
        "new_ward": new_ward,
        "old_two": old_two,
        "open": open_task,
        "closed": closed,
        "supported": supported,
        "plan_task": open_plan_task,
        "own": own,
        "other_open": other_ward_open,
        "other_closed": other_ward_closed,
        "conclusion": conclusion,
        "plan": plan,
        "period": period,
        "indicator": indicator,
    }


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- My work and the home page -------------------------------------------------------------------


def test_successor_my_work_lists_the_old_wards_open_tasks_marked_with_the_old_ward(
    reform, client_as
):
    html = _html(client_as(reform["officer"]), reverse("my_work"))
    for task in ("open", "supported", "own"):
        assert reverse("directive_detail", args=[reform[task].pk]) in html
    assert reverse("kpi_plan_task", args=[reform["plan_task"].pk]) in html
    assert html.count('data-testid="inherited-from"') == 3  # two directives, one plan task
    assert "Kế thừa từ: Phường An Bình (cũ)" in html
    assert reverse("directive_detail", args=[reform["closed"].pk]) not in html


def test_successor_my_work_shows_nothing_of_a_ward_it_did_not_succeed(reform, client_as):
    html = _html(client_as(reform["officer"]), reverse("my_work"))
    assert "Bình Minh" not in html
    assert reverse("directive_detail", args=[reform["other_open"].pk]) not in html


def test_home_count_of_my_work_equals_the_tasks_my_work_lists(reform, client_as):
    client = client_as(reform["officer"])
    home = _html(client, reverse("home"))
    counted = int(re.search(r"(\d+) nhiệm vụ đơn vị chủ trì hoặc phối hợp", home).group(1))
    my_work = _html(client, reverse("my_work"))
    # The whole path: a directive and a plan task may share a primary key.
    listed = len(set(re.findall(r'href="(/(?:directives|kpis/plan-tasks)/\d+/)"', my_work)))
    assert counted == listed == 4  # open, supported, own directive; the open plan task
    assert 'data-testid="inherited-from"' in home


def test_returned_inherited_task_waits_for_the_successor_counted_as_listed(reform):
    Directive.objects.filter(pk=reform["open"].pk).update(
        state=TaskState.RETURNED, progress_percent=50
    )
    officer, today = reform["officer"], datetime.date(2026, 1, 5)
    items = {i.source.key: i for i in waiting.waiting_items(user=officer, as_of=today)}
    source = waiting.waiting_source_get(user=officer, key="returned")
    rows = waiting.waiting_rows(source=source, user=officer, as_of=today)
    assert items["returned"].count == len(rows) == 1
    assert rows[0].url == reverse("directive_detail", args=[reform["open"].pk])


# --- Reporting through the one workflow ----------------------------------------------------------


def test_successor_reports_progress_on_an_inherited_directive(reform, client_as):
    response = client_as(reform["officer"]).post(
        reverse("directive_report", args=[reform["open"].pk]),
        {"percent": "40", "reported_on": "2026-01-05", "note": "Phường mới tiếp tục thực hiện"},
    )
    assert response.status_code == 302
    task = Directive.objects.get(pk=reform["open"].pk)
    assert task.state == TaskState.IN_PROGRESS
    assert task.events.last().actor == reform["officer"]


def test_successor_reports_progress_on_an_inherited_plan_task(reform, client_as):
    response = client_as(reform["officer"]).post(
        reverse("kpi_plan_task_report", args=[reform["plan_task"].pk]),
        {"percent": "70", "reported_on": "2026-01-05", "note": "Phường mới tiếp tục"},
    )
    assert response.status_code == 302
    assert PlanTask.objects.get(pk=reform["plan_task"].pk).progress_percent == 70


def test_successor_may_not_report_on_a_closed_task_or_another_wards(reform):
    officer = reform["officer"]
    assert officer.has_perm("meetings.report_directive", reform["open"])
    assert not officer.has_perm("meetings.report_directive", reform["closed"])
    assert not officer.has_perm("meetings.report_directive", reform["other_open"])


# --- The old wards' history ----------------------------------------------------------------------


def test_successor_reads_the_old_wards_closed_tasks_and_figures_with_the_old_names(
    reform, world, client_as
):
    html = _html(client_as(reform["officer"]), reverse("unit_history", args=[world.ward_a.pk]))
    assert "Phường An Bình, Quận Mẫu" in html
    assert "Đã xong An Bình" in html and "Kế hoạch xong An Bình" in html
    assert "20/11/2019" in html  # the closed directive's completion date
    assert "Mở An Bình" in html and "Phối hợp" in html
    assert "Tỷ lệ hồ sơ giải quyết trực tuyến" in html and "73" in html
    # The open task's page opens (it fell to the successor); the closed one's does not.
    assert reverse("directive_detail", args=[reform["open"].pk]) in html
    assert reverse("directive_detail", args=[reform["closed"].pk]) not in html


def test_history_shows_each_succession_with_date_legal_basis_and_share(reform, world, client_as):
    html = _html(client_as(reform["officer"]), reverse("unit_history", args=[world.ward_a.pk]))
    assert "phần lớn diện tích" in html and "một phần diện tích" in html
    assert "Phường Khác" in html  # the other successor of the same old ward
    assert BASIS in html and "01/07/2025" in html


def test_history_list_names_each_old_ward_with_its_share_and_links_its_history(
    reform, world, client_as
):
    html = _html(client_as(reform["officer"]), reverse("unit_history_list"))
    for unit, share in ((world.ward_a, "phần lớn diện tích"), (reform["old_two"], "toàn bộ")):
        assert reverse("unit_history", args=[unit.pk]) in html
        assert unit.name in html
        assert share in html
    assert "Bình Minh" not in html


def test_history_shows_nothing_of_another_old_ward(reform, world, client_as):
    html = _html(client_as(reform["officer"]), reverse("unit_history", args=[world.ward_a.pk]))
    assert "Bình Minh" not in html


def test_a_ward_that_did_not_succeed_the_old_ward_may_not_read_its_history(
    reform, world, client_as
):
    client = client_as(reform["stranger"])
    assert client.get(reverse("unit_history", args=[world.ward_a.pk])).status_code == 404
    assert client.get(reverse("unit_history", args=[world.ward_b.pk])).status_code == 200


def test_a_ward_that_succeeded_no_unit_has_no_history_list(reform, world, client_as):
    office = OrgUnitFactory(code="T-P-MOI-TT", name="Trung tâm", parent=reform["new_ward"])
    user = _officer("trungtam", office, (world.other_committee, AccessRole.UNIT_OFFICER))
    assert client_as(user).get(reverse("unit_history_list")).status_code == 403


def test_the_old_wards_own_officer_keeps_reading_its_tasks_and_history(
    reform, world, ward_a, client_as
):
    client = client_as(ward_a)
    html = _html(client, reverse("unit_history", args=[world.ward_a.pk]))
    assert reverse("directive_detail", args=[reform["closed"].pk]) in html
    assert _html(client, reverse("directive_detail", args=[reform["closed"].pk]))


def test_new_wards_unit_page_links_the_history_of_the_units_it_succeeded(reform, world, client_as):
    client = client_as(reform["officer"])
    html = _html(client, reverse("orgunit_detail", args=[reform["new_ward"].pk]))
    assert reverse("unit_history", args=[world.ward_a.pk]) in html
    assert reverse("unit_history", args=[reform["old_two"].pk]) in html


def test_my_work_links_the_history_of_the_old_wards(reform, client_as):
    html = _html(client_as(reform["officer"]), reverse("my_work"))
    assert reverse("unit_history_list") in html


# --- Query counts: constant in the number of old wards and rows ----------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_old_wards(reform, world, n):
    """`n` more old wards merged into the new ward, each with its tasks and figures."""
    for i in range(n):
        old = OrgUnitFactory(code=f"T-Q-X{i}", name=f"Phường Thêm {i}", parent=world.district)
        OrgSuccessionFactory(predecessor=old, successor=reform["new_ward"], note="một phần")
        _old_ward_work(
            world,
            old,
            conclusion=reform["conclusion"],
            plan=reform["plan"],
            period=reform["period"],
            indicator=reform["indicator"],
            label=f"Thêm {i}",
        )


def _more_rows_of_ward_a(reform, world, n):
    conclusion = reform["conclusion"]
    for i in range(n):
        DirectiveFactory(
            conclusion=conclusion,
            lead_unit=world.ward_a,
            state=TaskState.COMPLETED,
            completed_on=datetime.date(2019, 12, 1),
        )
        DirectiveFactory(conclusion=conclusion, lead_unit=world.ward_a)
        PlanTask.objects.create(plan=reform["plan"], content=f"Thêm {i}", lead_unit=world.ward_a)
        period = PeriodFactory(plan=reform["plan"], year=2020, number=i + 1)
        ReportFactory(unit=world.ward_a, indicator=reform["indicator"], period=period)


def test_my_work_queries_do_not_grow_with_old_wards_and_their_tasks(reform, world, client_as):
    client = client_as(reform["officer"])
    before = _queries(client, reverse("my_work"))
    _more_old_wards(reform, world, 3)
    _more_rows_of_ward_a(reform, world, 3)
    assert _queries(client, reverse("my_work")) == before <= 14


def test_home_queries_do_not_grow_with_old_wards_and_their_tasks(reform, world, client_as):
    client = client_as(reform["officer"])
    before = _queries(client, reverse("home"))
    _more_old_wards(reform, world, 3)
    assert _queries(client, reverse("home")) == before


def test_history_list_queries_do_not_grow_with_old_wards(reform, world, client_as):
    client = client_as(reform["officer"])
    before = _queries(client, reverse("unit_history_list"))
    _more_old_wards(reform, world, 3)
    assert _queries(client, reverse("unit_history_list")) == before <= 10


def test_history_page_queries_do_not_grow_with_rows_or_old_wards(reform, world, client_as):
    client = client_as(reform["officer"])
    url = reverse("unit_history", args=[world.ward_a.pk])
    before = _queries(client, url)
    _more_old_wards(reform, world, 2)
    _more_rows_of_ward_a(reform, world, 3)
    assert _queries(client, url) == before <= 14


def test_kpi_home_lists_the_inherited_open_plan_task_marked_with_the_old_ward(reform, client_as):
    html = _html(client_as(reform["officer"]), reverse("kpi_home"))
    assert "Kế hoạch mở An Bình" in html
    assert "Kế thừa từ: Phường An Bình (cũ)" in html
    assert "Kế hoạch xong An Bình" not in html and "Bình Minh" not in html


def test_history_list_counts_the_tasks_the_old_wards_history_page_lists(reform, world):
    from meetings.history_selectors import (
        predecessor_summaries,
        unit_history_directives,
        unit_history_plan_tasks,
        unit_successions_out,
    )

    officer = reform["officer"]
    (summary,) = predecessor_summaries(successions=unit_successions_out(unit=world.ward_a)[:1])
    directives = list(unit_history_directives(unit=world.ward_a, user=officer))
    assert summary.directives == len(directives) == 3  # led open, led closed, supported
    assert summary.open_directives == sum(d.state not in CLOSED_STATES for d in directives)
    plan_tasks = unit_history_plan_tasks(unit=world.ward_a, user=officer)
    assert summary.plan_tasks == len(plan_tasks)
