import datetime

import factory

from kpis.models import Indicator, IndicatorReport, Plan, ReportingPeriod, Target
from kpis.periods import PeriodKind


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{n + 1}/KH-UBND")
    date = datetime.date(2023, 5, 29)
    title = "Kế hoạch ứng dụng CNTT năm 2023"
    year = 2023


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"CT{n + 1:02d}")
    ordinal = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tỷ lệ hồ sơ công việc xử lý trên mạng {n}")
    applies_to_kinds = ["ward"]


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    year = 2023
    org_kind = "ward"
    value = 80


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    kind = PeriodKind.MONTH
    year = 2023
    number = factory.Sequence(lambda n: n % 12 + 1)
    submission_deadline = factory.LazyAttribute(
        lambda o: (
            datetime.date(o.year, o.number, 20)
            if o.kind == PeriodKind.MONTH
            else datetime.date(o.year, 12, 20)
        )
    )
    lock_date = factory.LazyAttribute(lambda o: o.submission_deadline + datetime.timedelta(days=10))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorReport

    numerator = 80
    denominator = 100
