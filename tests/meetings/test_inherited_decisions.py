"""Who decides a task once its committee has ended (the 2025 reform): the committee of the ward
that succeeded the task's lead unit. Its secretariat confirms or returns the completion report,
its chair decides the extension; the old committee's people still read but no longer decide; a
ward that did not succeed the lead unit has no say. Before the end date nothing changes."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import PlanTask, PlanTaskExtension
from meetings.models import DeadlineExtension, Directive
from steering import waiting
from steering.models import AccessRole, OrgKind
from steering.notification_models import Notification
from steering.timeliness import TaskState
from steering.tracking import ExtensionState
from steering.workflow import task_extension_request
from tests.factories import (
    CommitteeRoleFactory,
    OrgSuccessionFactory,
    OrgUnitFactory,
    ProfileFactory,
    SteeringCommitteeFactory,
    UserFactory,
)
from tests.kpis.factories import PlanFactory
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 30)
AFTER = time_machine.travel(datetime.datetime(2026, 1, 5, 3, tzinfo=datetime.UTC))
BEFORE = time_machine.travel(datetime.datetime(2025, 6, 20, 3, tzinfo=datetime.UTC))


def _user(username, unit, committee, role):
    user = UserFactory(username=username)
    ProfileFactory(user=user, org_unit=unit)
    CommitteeRoleFactory(user=user, committee=committee, role=role)
    return user


def _ward_with_committee(world, code, name):
    ward = OrgUnitFactory(code=code, name=name, parent=world.city)
    party = OrgUnitFactory(kind=OrgKind.PARTY_COMMITTEE, name=f"Đảng ủy {name}", parent=ward)
    committee = SteeringCommitteeFactory(code=f"bcd57-{code.lower()}", owner_unit=party)
    return ward, party, committee


@pytest.fixture
def ended(world, secretariat, chair):
    """The district committee ended on 30/6/2025; old ward A went for the most part to the new
    ward, in part to a second one (a split); a third ward succeeded nobody of the district. Each
    new ward has its BCĐ 57 whose secretariat and chair work for the ward's Party committee."""
    world.committee.valid_to = ENDED
    world.committee.save()
    world.ward_a.valid_to = ENDED
    world.ward_a.save()
    new_ward, party, committee = _ward_with_committee(world, "T-P-MOI", "Phường Mới")
    split = _ward_with_committee(world, "T-P-KHAC", "Phường Khác")
    split_ward, split_party, split_committee = split
    far_ward, far_party, far_committee = _ward_with_committee(world, "T-P-XA", "Phường Xa")
    OrgSuccessionFactory(predecessor=world.ward_a, successor=new_ward, note="phần lớn")
    OrgSuccessionFactory(predecessor=world.ward_a, successor=split_ward, note="một phần")
    OrgSuccessionFactory(predecessor=world.ward_b, successor=far_ward, note="toàn bộ")
    meeting = MeetingFactory(committee=world.committee)
    report = DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        lead_unit=world.ward_a,
        content="Số hóa hồ sơ hộ tịch phường An Bình",
        due_date=datetime.date(2025, 9, 30),
        state=TaskState.PENDING_REVIEW,
        progress_percent=100,
    )
    late = DirectiveFactory(
        conclusion=report.conclusion,
        lead_unit=world.ward_a,
        content="Bàn giao tài khoản hệ thống phường An Bình",
        due_date=datetime.date(2025, 9, 30),
        state=TaskState.IN_PROGRESS,
    )
    extension = DeadlineExtension.objects.create(
        directive=late,
        requested_due_date=datetime.date(2026, 3, 31),
        reason="Chờ bàn giao máy chủ",
    )
    plan = PlanFactory(committee=world.committee, issuer=world.ubnd, year=2025)
    plan_task = PlanTask.objects.create(
        plan=plan,
        content="Kế hoạch số hóa phường An Bình",
        lead_unit=world.ward_a,
        due_date=datetime.date(2025, 9, 30),
        state=TaskState.PENDING_REVIEW,
        progress_percent=100,
    )
    plan_extension = PlanTaskExtension.objects.create(
        task=PlanTask.objects.create(
            plan=plan,
            content="Kế hoạch bàn giao phường An Bình",
            lead_unit=world.ward_a,
            due_date=datetime.date(2025, 9, 30),
            state=TaskState.IN_PROGRESS,
        ),
        requested_due_date=datetime.date(2026, 3, 31),
        reason="Chờ phần mềm",
    )
    return {
        "report": report,
        "late": late,
        "extension": extension,
        "plan_task": plan_task,
        "plan_extension": plan_extension,
        "secretariat": _user("tk_moi", party, committee, AccessRole.SECRETARIAT),
        "chair": _user("tb_moi", party, committee, AccessRole.CHAIR),
        "split_chair": _user("tb_khac", split_party, split_committee, AccessRole.CHAIR),
        "far_secretariat": _user("tk_xa", far_party, far_committee, AccessRole.SECRETARIAT),
        "far_chair": _user("tb_xa", far_party, far_committee, AccessRole.CHAIR),
        "old_secretariat": secretariat,
        "old_chair": chair,
    }


def _confirm(client, directive):
    return client.post(reverse("directive_review", args=[directive.pk]), {"decision": "confirm"})


def _decide(client, extension):
    return client.post(
        reverse("extension_decide", args=[extension.pk]), {"approve": "yes", "note": "Đồng ý"}
    )


# --- After the end date: the successor's committee decides --------------------------------------


@AFTER
def test_the_successor_committees_secretariat_confirms_an_inherited_report(ended, client_as):
    response = _confirm(client_as(ended["secretariat"]), ended["report"])
    assert response.status_code == 302
    task = Directive.objects.get(pk=ended["report"].pk)
    assert task.state == TaskState.COMPLETED
    assert task.events.last().actor == ended["secretariat"]


@AFTER
def test_the_successor_committees_secretariat_returns_an_inherited_plan_task(ended, client_as):
    response = client_as(ended["secretariat"]).post(
        reverse("kpi_plan_task_review", args=[ended["plan_task"].pk]),
        {"action": "return", "reason": "Thiếu biên bản bàn giao"},
    )
    assert response.status_code == 302
    assert PlanTask.objects.get(pk=ended["plan_task"].pk).state == TaskState.RETURNED


@AFTER
def test_the_successor_committees_chair_decides_an_inherited_extension(ended, client_as):
    response = _decide(client_as(ended["chair"]), ended["extension"])
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(pk=ended["extension"].pk)
    assert extension.state == ExtensionState.APPROVED
    assert extension.decided_by == ended["chair"]
    assert Directive.objects.get(pk=ended["late"].pk).extended_due_date == datetime.date(
        2026, 3, 31
    )


@AFTER
def test_the_successor_committees_chair_decides_an_inherited_plan_task_extension(ended, client_as):
    response = client_as(ended["chair"]).post(
        reverse("kpi_plan_task_extension_decide", args=[ended["plan_extension"].pk]),
        {"approve": "no", "note": "Không đủ căn cứ"},
    )
    assert response.status_code == 302
    extension = PlanTaskExtension.objects.get(pk=ended["plan_extension"].pk)
    assert extension.state == ExtensionState.REFUSED


@AFTER
def test_after_a_split_each_successor_may_decide_and_the_first_decision_wins(ended, client_as):
    assert ended["split_chair"].has_perm("meetings.decide_extension", ended["late"])
    assert _decide(client_as(ended["split_chair"]), ended["extension"]).status_code == 302
    second = _decide(client_as(ended["chair"]), ended["extension"])
    assert second.status_code == 409
    extension = DeadlineExtension.objects.get(pk=ended["extension"].pk)
    assert extension.decided_by == ended["split_chair"]


@AFTER
def test_the_ended_committees_secretariat_reads_but_may_not_confirm(ended, client_as):
    client = client_as(ended["old_secretariat"])
    page = client.get(reverse("directive_detail", args=[ended["report"].pk]))
    assert page.status_code == 200
    assert reverse("directive_review", args=[ended["report"].pk]) not in page.content.decode()
    assert _confirm(client, ended["report"]).status_code == 403
    assert Directive.objects.get(pk=ended["report"].pk).state == TaskState.PENDING_REVIEW


@AFTER
def test_the_ended_committees_chair_may_not_decide_an_extension(ended, client_as):
    assert _decide(client_as(ended["old_chair"]), ended["extension"]).status_code == 403
    response = client_as(ended["old_chair"]).post(
        reverse("kpi_plan_task_extension_decide", args=[ended["plan_extension"].pk]),
        {"approve": "yes", "note": ""},
    )
    assert response.status_code == 403
    assert DeadlineExtension.objects.get(pk=ended["extension"].pk).state == "requested"


@AFTER
def test_a_ward_that_did_not_succeed_the_lead_unit_has_no_say(ended, client_as):
    # Its committee does not even see the task (404), let alone decide it.
    assert _confirm(client_as(ended["far_secretariat"]), ended["report"]).status_code == 404
    assert _decide(client_as(ended["far_chair"]), ended["extension"]).status_code == 404
    assert not ended["far_chair"].has_perm("meetings.decide_extension", ended["late"])
    assert not ended["far_secretariat"].has_perm("kpis.review_plan_task", ended["plan_task"])


@AFTER
def test_an_extension_request_on_an_inherited_task_notifies_the_successor_chairs(ended, world):
    task = PlanTask.objects.get(pk=ended["plan_task"].pk)
    PlanTask.objects.filter(pk=task.pk).update(state=TaskState.IN_PROGRESS)
    task.refresh_from_db()
    task_extension_request(
        task=task,
        user=UserFactory(username="officer_moi"),
        requested_due_date=datetime.date(2026, 6, 30),
        reason="Chờ dữ liệu",
    )
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"tb_moi", "tb_khac"}


# --- Before the end date: the committee decides its own tasks ------------------------------------


@BEFORE
def test_before_its_end_the_committee_itself_decides(ended, world, client_as):
    Directive.objects.filter(pk=ended["report"].pk).update(due_date=datetime.date(2025, 6, 25))
    assert ended["old_chair"].has_perm("meetings.decide_extension", ended["late"])
    assert not ended["chair"].has_perm("meetings.decide_extension", ended["late"])
    assert _confirm(client_as(ended["old_secretariat"]), ended["report"]).status_code == 302
    assert Directive.objects.get(pk=ended["report"].pk).state == TaskState.COMPLETED
    assert _decide(client_as(ended["old_chair"]), ended["extension"]).status_code == 302


# --- What waits: counted as listed, marked as inherited ------------------------------------------


def _waiting(user, key):
    today = datetime.date(2026, 1, 5)
    items = {i.source.key: i for i in waiting.waiting_items(user=user, as_of=today)}
    source = waiting.waiting_source_get(user=user, key=key)
    rows = waiting.waiting_rows(source=source, user=user, as_of=today)
    return items.get(key), rows


@AFTER
def test_the_successor_secretariats_reports_to_confirm_count_the_inherited_ones_as_listed(
    ended, client_as
):
    item, rows = _waiting(ended["secretariat"], "reports-to-confirm")
    assert item.count == len(rows) == 2  # the directive and the plan task
    assert {r.inherited_from for r in rows} == {"Phường An Bình"}
    client = client_as(ended["secretariat"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("waiting_list", args=["reports-to-confirm"])).content.decode()
    assert len(queries) <= 12, [q["sql"] for q in queries]
    assert html.count('data-testid="inherited-from"') == 2
    assert reverse("directive_detail", args=[ended["report"].pk]) in html


@AFTER
def test_the_successor_chairs_extensions_count_equals_the_extension_list(ended, client_as):
    item, rows = _waiting(ended["chair"], "extensions-to-decide")
    client = client_as(ended["chair"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("extension_list")).content.decode()
    listed = int(re.search(r'data-testid="extension-total">Tổng số (\d+)', html).group(1))
    assert item.count == len(rows) == listed == 2
    assert html.count('data-testid="inherited-from"') == 2
    assert len(queries) <= 12, [q["sql"] for q in queries]


@AFTER
def test_the_ended_committee_waits_for_nothing_it_no_longer_decides(ended):
    item, rows = _waiting(ended["old_secretariat"], "reports-to-confirm")
    assert rows == [] and (item is None or item.count == 0)
    item, rows = _waiting(ended["old_chair"], "extensions-to-decide")
    assert rows == [] and (item is None or item.count == 0)
    item, rows = _waiting(ended["far_secretariat"], "reports-to-confirm")
    assert rows == []


@AFTER
def test_the_inherited_tasks_page_offers_the_successor_its_decisions_in_bounded_queries(
    ended, client_as
):
    client = client_as(ended["secretariat"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("directive_detail", args=[ended["report"].pk]))
    assert page.status_code == 200
    assert reverse("directive_review", args=[ended["report"].pk]) in page.content.decode()
    assert len(queries) <= 30, [q["sql"] for q in queries]
