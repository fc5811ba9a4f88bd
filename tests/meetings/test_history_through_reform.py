"""History through the 2025 reform: an old ward's open tasks fall to the ward(s) that succeeded
it (OrgSuccession, many-to-many); closed ones stay with the old ward as issued."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Directive
from steering.models import AccessRole, OrgKind
from steering.timeliness import TaskState
from tests.factories import (
    CommitteeRoleFactory,
    OrgSuccessionFactory,
    OrgUnitFactory,
    ProfileFactory,
    SteeringCommitteeFactory,
    UserFactory,
)
from tests.meetings.factories import ConclusionFactory, DirectiveFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 30)


@pytest.fixture
def reform(world):
    """Old ward A (ended 30/6/2025) split between two new wards; a new ward's officer whose
    roles are in the new world only."""
    world.ward_a.valid_to = ENDED
    world.ward_a.save()
    new_ward = OrgUnitFactory(code="T-P-MOI", name="Phường Mới", parent=world.city)
    other_new = OrgUnitFactory(code="T-P-KHAC", name="Phường Khác", parent=world.city)
    OrgSuccessionFactory(predecessor=world.ward_a, successor=new_ward, note="phần lớn")
    OrgSuccessionFactory(predecessor=world.ward_a, successor=other_new, note="một phần")
    party = OrgUnitFactory(kind=OrgKind.PARTY_COMMITTEE, name="Đảng ủy phường Mới", parent=new_ward)
    ward_committee = SteeringCommitteeFactory(code="bcd57-moi", owner_unit=party)
    officer = UserFactory(username="phuongmoi")
    ProfileFactory(user=officer, org_unit=new_ward)
    CommitteeRoleFactory(user=officer, committee=ward_committee, role=AccessRole.SECRETARIAT)
    meeting = MeetingFactory(committee=world.committee)
    conclusion = ConclusionFactory(meeting=meeting)
    open_task = DirectiveFactory(conclusion=conclusion, lead_unit=world.ward_a)
    closed_task = DirectiveFactory(
        conclusion=conclusion,
        lead_unit=world.ward_a,
        state=TaskState.COMPLETED,
        completed_on=datetime.date(2019, 11, 20),
    )
    supported = DirectiveFactory(conclusion=conclusion, lead_unit=world.vhtt)
    supported.supporting_units.add(world.ward_a)
    other_ward_task = DirectiveFactory(conclusion=conclusion, lead_unit=world.ward_b)
    return {
        "officer": officer,
        "new_ward": new_ward,
        "open": open_task,
        "closed": closed_task,
        "supported": supported,
        "other": other_ward_task,
    }


def test_successor_ward_officer_sees_the_old_wards_open_tasks_only(reform):
    visible = set(Directive.objects.visible_to(reform["officer"]).values_list("pk", flat=True))
    assert reform["open"].pk in visible
    assert reform["supported"].pk in visible
    assert reform["closed"].pk not in visible
    assert reform["other"].pk not in visible


def test_old_ward_officer_still_reads_its_tasks_as_issued(reform, ward_a):
    visible = set(Directive.objects.visible_to(ward_a).values_list("pk", flat=True))
    assert {reform["open"].pk, reform["closed"].pk} <= visible


def test_an_unrelated_new_ward_sees_nothing_of_the_old_ward(reform, world):
    stranger_ward = OrgUnitFactory(code="T-P-XA", name="Phường Xa", parent=world.city)
    user = UserFactory(username="phuongxa")
    ProfileFactory(user=user, org_unit=stranger_ward)
    CommitteeRoleFactory(user=user, committee=world.other_committee, role=AccessRole.UNIT_OFFICER)
    assert not Directive.objects.visible_to(user).filter(lead_unit=world.ward_a).exists()


def test_task_page_names_the_old_unit_and_what_it_is_now(
    reform, client, django_assert_max_num_queries
):
    client.force_login(reform["officer"])
    url = reverse("directive_detail", args=[reform["open"].pk])
    with django_assert_max_num_queries(40):
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phường An Bình, Quận Mẫu (nay là Phường Khác, Phường Mới)" in html


def test_closed_task_of_the_old_ward_is_not_found_for_the_successor(reform, client):
    client.force_login(reform["officer"])
    page = client.get(reverse("directive_detail", args=[reform["closed"].pk]))
    assert page.status_code == 404
