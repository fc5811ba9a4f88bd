import datetime
from zoneinfo import ZoneInfo

import factory

from meetings.models import Conclusion, Directive, Meeting
from steering.models import OrgKind, OrgUnit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    starts_at = factory.Sequence(
        lambda n: datetime.datetime(2019, 10, 17, 8, 0, tzinfo=TZ) + datetime.timedelta(days=n)
    )
    venue = "Trụ sở UBND quận"


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    meeting = factory.SubFactory(MeetingFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    number = "1"
    title = "Về hệ thống camera an ninh"


def _default_lead_unit() -> OrgUnit:
    """Every directive has a lead unit; tests that do not care share this one."""
    unit, _ = OrgUnit.objects.get_or_create(
        code="T-DV-CHUTRI",
        defaults={"kind": OrgKind.DIVISION, "name": "Phòng Chủ trì Thử", "short_name": "Chủ trì"},
    )
    return unit


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    conclusion = factory.SubFactory(ConclusionFactory)
    committee = factory.LazyAttribute(lambda o: o.conclusion.meeting.committee)
    content = factory.Sequence(lambda n: f"Rà soát hiện trạng hệ thống hộ tịch số {n}")
    lead_unit = factory.LazyFunction(_default_lead_unit)
    deadline_text = "trong tháng 11/2019"
    deadline_kind = "month"
    due_date = datetime.date(2019, 11, 30)
