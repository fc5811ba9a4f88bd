"""The administrator's screens for the register open without errors."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "admin:projects_projectstatus_changelist",
        "admin:projects_projectgroup_changelist",
        "admin:projects_itproject_changelist",
        "admin:projects_itproject_add",
        "admin:projects_itproject_import",
        "admin:projects_projectstatuschange_changelist",
    ],
)
def test_admin_pages_open(name, client_as, admin_user, project):
    assert client_as(admin_user).get(reverse(name)).status_code == 200


def test_admin_project_page_and_history_open(client_as, admin_user, project):
    client = client_as(admin_user)
    for name in ("admin:projects_itproject_change", "admin:projects_itproject_history"):
        assert client.get(reverse(name, args=[project.pk])).status_code == 200


def test_statuses_are_edited_in_the_list(client_as, admin_user):
    from projects.models import ProjectStatus

    response = client_as(admin_user).get(reverse("admin:projects_projectstatus_changelist"))
    assert "form-0-order" in response.content.decode()
    assert ProjectStatus.objects.count() == 9
