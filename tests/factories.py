import datetime

import factory
from django.contrib.auth import get_user_model

from steering.models import (
    AccessRole,
    CommitteeRole,
    MemberRole,
    Membership,
    OrgKind,
    OrgSuccession,
    OrgUnit,
    Person,
    Profile,
    SteeringCommittee,
)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    kind = OrgKind.WARD
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.removeprefix("Phường "))


class OrgSuccessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgSuccession

    predecessor = factory.SubFactory(OrgUnitFactory)
    successor = factory.SubFactory(OrgUnitFactory)
    effective_date = datetime.date(2025, 7, 1)
    legal_basis = "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025"


class SteeringCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringCommittee

    code = factory.Sequence(lambda n: f"bcd-{n}")
    name = factory.Sequence(lambda n: f"Ban chỉ đạo chuyển đổi số số {n}")
    owner_unit = factory.SubFactory(OrgUnitFactory, kind=OrgKind.PEOPLES_COMMITTEE)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(SteeringCommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.MEMBER
    start_date = datetime.date(2020, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Cán bộ"
    last_name = factory.Sequence(lambda n: f"Số {n}")
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)


class CommitteeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeRole

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(SteeringCommitteeFactory)
    role = AccessRole.VIEWER
