import pytest

from projects.models import ProjectGroup
from tests.projects.factories import ITProjectFactory, ensure_seeded, status


@pytest.fixture
def project(world):
    """A project followed by the personas' committee."""
    ensure_seeded()
    return ITProjectFactory(
        code="DA-HOTICH",
        name="Xây dựng cơ sở dữ liệu hộ tịch điện tử",
        owner_unit=world.division,
        committee=world.committee,
        group=ProjectGroup.objects.get(code="software"),
        status=status("in_progress"),
    )


@pytest.fixture
def other_project(world):
    """A project of a committee none of the personas belongs to."""
    return ITProjectFactory(code="DA-KHAC", owner_unit=world.city, committee=world.other_committee)
