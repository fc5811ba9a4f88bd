"""The register's pages run a fixed number of queries as projects and status changes grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import ITProject, ProjectGroup, ProjectStatus, ProjectStatusChange
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def _grow_projects(world, n):
    statuses = list(ProjectStatus.objects.all())
    groups = list(ProjectGroup.objects.all())
    start = ITProject.objects.count()
    for i in range(start, start + n):
        # save() fills the folded search key, so no bulk_create here.
        ITProject.objects.create(
            code=f"Q-{i:04d}",
            name=f"Dự án số {i}",
            owner_unit=world.ward_a if i % 2 else world.division,
            committee=world.committee,
            group=groups[i % len(groups)],
            status=statuses[i % len(statuses)],
        )


def _queries(client, url, data=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, data).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["chair", "secretariat", "ward_a", "admin"])
def test_the_portfolio_list_queries_do_not_grow_from_5_to_200_projects(
    persona, personas, client_as, world
):
    client = client_as(personas[persona])
    url = reverse("project_list")
    _grow_projects(world, 5)
    small = _queries(client, url)
    filtered_small = _queries(client, url, {"q": "du an", "health": "on_track"})
    _grow_projects(world, 195)
    assert _queries(client, url) == small
    assert _queries(client, url, {"q": "du an", "health": "on_track"}) == filtered_small


def test_the_detail_queries_do_not_grow_with_50_status_changes(
    client_as, chair, secretariat, project, world
):
    client = client_as(chair)
    url = reverse("project_detail", args=[project.pk])
    statuses = list(ProjectStatus.objects.all())
    decider = OrgUnitFactory()

    def grow(n, offset):
        for i in range(offset, offset + n):
            ProjectStatusChange.objects.create(
                project=project,
                from_status=statuses[i % 9],
                to_status=statuses[(i + 1) % 9],
                changed_on=datetime.date(2019, 1, 1) + datetime.timedelta(days=i),
                changed_by=secretariat,
                decision_text=f"Thông báo kết luận số {i}",
                decision=decider if i % 2 else project,
            )
            project.pilot_units.add(OrgUnitFactory())

    grow(2, 0)
    small = _queries(client, url)
    grow(48, 2)
    assert _queries(client, url) == small


def test_the_detail_queries_do_not_grow_with_the_edit_history(client_as, chair, project):
    from projects import services

    client = client_as(chair)
    url = reverse("project_detail", args=[project.pk])

    def edit(n):
        for i in range(n):
            services.project_update(
                project=project,
                expected_version=project.version,
                name=f"Tên lần {i}",
                health="at_risk" if i % 2 else "on_track",
            )

    edit(2)
    small = _queries(client, url)
    edit(60)
    assert _queries(client, url) == small
