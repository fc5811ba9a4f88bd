"""KPI figures for the chair's dashboard and the units' scorecards (reads only).

The summary is the heatmap of each plan's latest closed period, condensed per indicator, so its
numbers are the ones the heatmap page shows; the reporting timeliness compares each expected
report (an applicable indicator × a period whose submission deadline has passed) with its
submission date. A fixed number of queries per plan, whatever the number of reports.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q

from .figure_selectors import applicable_condition, period_heatmap, reporting_units
from .maths import Result
from .models import Indicator, IndicatorReport, Plan, ReportingPeriod, ReportState

MET = (Result.MET, Result.EXCEEDED)


@dataclass(frozen=True)
class IndicatorSummary:
    indicator_id: int
    code: str
    name: str
    value: Decimal | None
    text: str
    formula: str
    target: Decimal | None
    result: str | None
    expected: int
    reporting: int  # units whose value was accepted (the ones the figure counts)
    met: int
    not_met: int
    waiting: int = 0  # units whose value waits for review: not in the figure
    coverage: str = ""


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    plan_label: str
    period_id: int
    period_label: str
    indicators: list[IndicatorSummary]


def latest_closed_period(*, plan: Plan, as_of: datetime.date) -> ReportingPeriod | None:
    """The most recent period whose submission deadline has passed on `as_of`."""
    return (
        plan.periods.filter(submission_deadline__lt=as_of)
        .select_related("plan__issuer__parent")
        .order_by("-end", "kind")
        .first()
    )


def kpi_summary(*, committee, as_of: datetime.date) -> list[PlanSummary]:
    """Per plan of the committee: each indicator's district figure for the latest closed period
    (accepted reports only, with its coverage) against the district target, and how many units
    were accepted, met and missed their target."""
    summaries = []
    for plan in Plan.objects.filter(committee=committee).order_by("-year", "number"):
        period = latest_closed_period(plan=plan, as_of=as_of)
        if period is None:
            continue
        heatmap = period_heatmap(period=period)
        rows = []
        for column, (indicator, aggregate) in enumerate(
            zip(heatmap.indicators, heatmap.aggregates, strict=True)
        ):
            cells = [cells[column] for _unit, cells in heatmap.rows if cells[column] is not None]
            rows.append(
                IndicatorSummary(
                    indicator_id=indicator.pk,
                    code=indicator.code,
                    name=indicator.name,
                    value=aggregate.value,
                    text=aggregate.text,
                    formula=aggregate.formula,
                    target=aggregate.target,
                    result=aggregate.result,
                    expected=aggregate.coverage.expected,
                    reporting=aggregate.coverage.accepted,
                    met=sum(1 for c in cells if c.result in MET),
                    not_met=sum(1 for c in cells if c.result == Result.NOT_MET),
                    waiting=aggregate.coverage.waiting,
                    coverage=aggregate.coverage.text,
                )
            )
        summaries.append(PlanSummary(plan.pk, str(plan), period.pk, period.label, rows))
    return summaries


@dataclass
class KpiTimeliness:
    """A unit's indicator reports that were due in a date range."""

    expected: int = 0
    on_time: int = 0
    late: int = 0
    plan_id: int | None = None

    @property
    def missing(self) -> int:
        return self.expected - self.on_time - self.late

    @property
    def rate(self) -> float | None:
        return 100 * self.on_time / self.expected if self.expected else None


def reporting_timeliness(
    *, committee, start: datetime.date, end: datetime.date, as_of: datetime.date
) -> dict[int, KpiTimeliness]:
    """{unit id: timeliness} over the periods whose submission deadline falls in [start, end]
    and has passed on `as_of`. A report counts as sent when it was submitted or accepted (a
    returned or draft report is not sent); it is late when submitted after the deadline (its
    day in Vietnam's time). Counted in SQL per unit: a fixed number of queries per plan."""
    last = min(end, as_of - datetime.timedelta(days=1))
    found: dict[int, KpiTimeliness] = {}
    plans = Plan.objects.filter(committee=committee).select_related("issuer")
    for plan in plans:
        periods = list(
            ReportingPeriod.objects.filter(
                plan=plan, submission_deadline__gte=start, submission_deadline__lte=last
            )
        )
        if not periods:
            continue
        indicators = list(Indicator.objects.filter(plan=plan))
        units = reporting_units(plan=plan)
        for unit in units:
            applicable = [i for i in indicators if i.applies_to(unit)]
            if applicable:
                entry = found.setdefault(unit.pk, KpiTimeliness(plan_id=plan.pk))
                entry.expected += len(applicable) * len(periods)
        late = Q(submitted_at__isnull=False) & Q(
            submitted_at__date__gt=F("period__submission_deadline")
        )
        counted = (
            IndicatorReport.objects.filter(
                period__in=periods, state__in=(ReportState.SUBMITTED, ReportState.ACCEPTED)
            )
            .filter(applicable_condition(units, indicators))
            .values("unit_id")
            .annotate(late=Count("pk", filter=late), on_time=Count("pk", filter=~late))
            .order_by()
        )
        for row in counted:
            entry = found[row["unit_id"]]
            entry.late += row["late"]
            entry.on_time += row["on_time"]
    return found


def kpi_fingerprint(*, committee, as_of: datetime.date) -> str:
    """Changes whenever a report of a closed period of the committee is saved, submitted,
    reviewed, added or deleted: part of the dashboard's cache key. One query."""
    from django.db.models import Count, Max

    found = (
        IndicatorReport.objects.filter(
            period__plan__committee=committee, period__submission_deadline__lt=as_of
        )
        .order_by()
        .aggregate(
            n=Count("pk"), saved=Max("saved_at"), sent=Max("submitted_at"), seen=Max("reviewed_at")
        )
    )
    return "|".join(str(found[k]) for k in ("n", "saved", "sent", "seen"))
