import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from steering.models import AccessRole, SteeringCommittee
from steering.permissions import committee_get_for_user, require_perm, user_committee_roles
from tests.factories import CommitteeRoleFactory

pytestmark = pytest.mark.django_db


def test_secretariat_may_manage_its_committee(world, secretariat):
    assert secretariat.has_perm("steering.manage_committee", world.committee)


@pytest.mark.parametrize("persona", ["chair", "member", "ward_a", "division", "outsider"])
def test_only_the_secretariat_and_admins_manage_a_committee(world, personas, persona):
    assert not personas[persona].has_perm("steering.manage_committee", world.committee)


def test_admin_may_do_everything(world, admin_user):
    assert admin_user.has_perm("steering.manage_committee", world.other_committee)


def test_a_role_in_one_committee_gives_nothing_in_another(world, secretariat):
    assert not secretariat.has_perm("steering.view_committee", world.other_committee)
    assert world.other_committee not in SteeringCommittee.objects.visible_to(secretariat)


def test_chair_leads_the_committee(world, chair):
    assert chair.has_perm("steering.lead_committee", world.committee)


def test_outsider_does_not_learn_that_a_committee_exists(world, outsider):
    with pytest.raises(Http404):
        committee_get_for_user(user=outsider, pk=world.committee.pk)


def test_visible_committee_without_the_right_is_forbidden(world, ward_a):
    with pytest.raises(PermissionDenied):
        committee_get_for_user(user=ward_a, pk=world.committee.pk, perm="steering.manage_committee")


def test_denied_access_is_logged_with_the_user(world, ward_a, caplog):
    with (
        caplog.at_level(logging.WARNING, logger="steering.security"),
        pytest.raises(PermissionDenied),
    ):
        require_perm(ward_a, "steering.manage_committee", world.committee)
    assert "user=ward1" in caplog.text
    assert "perm=steering.manage_committee" in caplog.text


def test_roles_are_read_once_per_request(world, secretariat, django_assert_num_queries):
    CommitteeRoleFactory(user=secretariat, committee=world.committee, role=AccessRole.VIEWER)
    with django_assert_num_queries(1):
        roles = user_committee_roles(secretariat)
        user_committee_roles(secretariat)
        secretariat.has_perm("steering.view_committee", world.committee)
    assert roles[world.committee.pk] == {AccessRole.SECRETARIAT, AccessRole.VIEWER}


def test_anonymous_user_sees_no_committee(world):
    from django.contrib.auth.models import AnonymousUser

    assert not SteeringCommittee.objects.visible_to(AnonymousUser()).exists()
