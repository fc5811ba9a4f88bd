import factory

from projects.models import Health, ITProject, ProjectStatus
from tests.factories import OrgUnitFactory, SteeringCommitteeFactory


def status(code: str) -> ProjectStatus:
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
