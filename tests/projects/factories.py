import importlib

import factory
from django.apps import apps

from projects.models import Health, ITProject, ProjectStatus
from tests.factories import OrgUnitFactory, SteeringCommitteeFactory


def ensure_seeded() -> None:
    """Transactional (browser) tests flush the rows the data migration seeded; put them back."""
    if not ProjectStatus.objects.exists():
        importlib.import_module("projects.migrations.0002_seed_statuses_and_groups").seed(
            apps, None
        )


def status(code: str) -> ProjectStatus:
    ensure_seeded()
    return ProjectStatus.objects.get(code=code)


class ITProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ITProject

    code = factory.Sequence(lambda n: f"DA-{n:04d}")
    name = factory.Sequence(lambda n: f"Dự án xây dựng cơ sở dữ liệu số {n}")
    owner_unit = factory.SubFactory(OrgUnitFactory)
    committee = factory.SubFactory(SteeringCommitteeFactory)
    status = factory.LazyFunction(lambda: status("proposed"))
    health = Health.ON_TRACK
