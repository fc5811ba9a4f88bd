"""The project register's side of the chair's view: directives show on the project they decide."""

import pytest
from django.urls import reverse

from projects.models import ITProject, ProjectStatus
from tests.meetings.factories import ConclusionFactory, DirectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camera(world):
    return ITProject.objects.create(
        code="CAM-226",
        name="Hệ thống 226 camera an ninh",
        owner_unit=world.vhtt,
        committee=world.committee,
        status=ProjectStatus.objects.get(code="pilot"),
    )


def test_a_directive_linked_to_a_project_shows_on_the_project_page(
    world, meeting, camera, chair, client_as
):
    DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        lead_unit=world.ward_a,
        content="Công an quận đánh giá hiệu quả hệ thống camera",
        project=camera,
    )
    page = client_as(chair).get(reverse("project_detail", args=[camera.pk])).content.decode()
    assert "Công an quận đánh giá hiệu quả hệ thống camera" in page


def test_a_unit_officer_sees_only_the_project_directives_of_their_unit(
    world, meeting, camera, ward_b, client_as
):
    DirectiveFactory(
        conclusion=ConclusionFactory(meeting=meeting),
        lead_unit=world.ward_a,
        content="Việc của phường An Bình",
        project=camera,
    )
    response = client_as(ward_b).get(reverse("project_detail", args=[camera.pk]))
    assert response.status_code == 200
    assert "Việc của phường An Bình" not in response.content.decode()
