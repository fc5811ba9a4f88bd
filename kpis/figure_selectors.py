"""The figures of a plan: targets, completeness, the heatmap and the district aggregates.

Rules (issue 11, domain-vn §3.3):
- A district figure counts ACCEPTED reports only, Σnumerator / Σdenominator over the units the
  indicator applies to; values waiting for review are counted apart, never mixed in.
- Every aggregate carries its coverage ("12/14 phường đã được duyệt"); no Đạt / Vượt / Không
  đạt verdict below the plan's `verdict_coverage` (default: every reporting unit).
- One target resolver (`Targets`) for the entry page, heatmap, dashboard and PDF.
- A unit's period is "sent on time" only when every indicator that applies to it was sent by
  the deadline; one sent of seventeen is "sent incompletely".
- Aggregation happens in SQL (values/annotate): a fixed number of queries and no model object
  per report, whatever the number of reports.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils.timezone import localdate

from steering.models import OrgKind, OrgUnit

from .maths import aggregate_from_sums, aggregate_sum, format_value, ratio_value
from .maths import result_against_target as _result
from .models import Direction, Indicator, IndicatorKind, IndicatorReport, Plan, ReportingPeriod
from .models import ReportState as S

SENT = (S.SUBMITTED, S.ACCEPTED)


def reporting_units(*, plan: Plan, period: ReportingPeriod | None = None) -> list[OrgUnit]:
    """The units that report the plan's indicators: the issuer's siblings (wards of the district)
    whose kind some indicator applies to, plus the issuer itself when an indicator applies to it;
    with a period, only the units that existed during it (wards merged in 2025 drop out)."""
    kinds = {kind for ind in plan.indicators.all() for kind in ind.applies_to_kinds}
    units = OrgUnit.objects.filter(kind__in=kinds).filter(
        Q(parent_id=plan.issuer.parent_id) | Q(pk=plan.issuer_id)
    )
    if period is not None:
        units = units.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
            Q(valid_to__isnull=True) | Q(valid_to__gte=period.start),
        )
    return sorted(units, key=lambda u: u.code)


def applicable_indicators(*, plan: Plan, unit: OrgUnit) -> list[Indicator]:
    return [ind for ind in plan.indicators.all() if ind.applies_to(unit)]


def applicable_condition(units: list[OrgUnit], indicators: list[Indicator]) -> Q:
    """Reports of a unit for an indicator that applies to it, as one WHERE clause (per kind of
    unit, the indicators of that kind); matches nothing when there are none."""
    condition = Q(pk__in=[])
    by_kind: dict[str, list[int]] = {}
    for unit in units:
        by_kind.setdefault(unit.kind, []).append(unit.pk)
    for kind, unit_ids in by_kind.items():
        indicator_ids = [
            i.pk for i in indicators if not i.applies_to_kinds or kind in i.applies_to_kinds
        ]
        if indicator_ids:
            condition |= Q(unit_id__in=unit_ids, indicator_id__in=indicator_ids)
    return condition


# --- Targets ---------------------------------------------------------------------------------


def plan_area(plan: Plan) -> OrgUnit:
    """The area a plan's district figures are for: the issuer's parent (the district of its
    UBND), or the issuer itself at the top of the tree."""
    return plan.issuer.parent if plan.issuer.parent_id else plan.issuer


@dataclass(frozen=True)
class Targets:
    """The one target resolver of a plan's year: a target set for the unit itself overrides the
    one for its kind; the district figure uses the area's own target, then its kind's."""

    values: dict  # {(indicator id, unit id or org kind): value}
    area: OrgUnit

    def for_unit(self, indicator: Indicator, unit: OrgUnit) -> Decimal | None:
        return self.values.get((indicator.pk, unit.pk), self.values.get((indicator.pk, unit.kind)))

    def for_area(self, indicator: Indicator) -> Decimal | None:
        return self.for_unit(indicator, self.area)


def targets_for(*, plan: Plan, year: int) -> Targets:
    """The plan's targets for one year, one query (plus the area when not yet loaded)."""
    from .models import Target

    found = {}
    for target in Target.objects.filter(indicator__plan=plan, year=year):
        key = target.org_unit_id if target.org_unit_id else target.org_kind
        found[(target.indicator_id, key)] = target.value
    return Targets(found, plan_area(plan))


def verdict(indicator: Indicator, value, target) -> str | None:
    return _result(value, target, higher_better=indicator.direction == Direction.HIGHER_BETTER)


# --- Coverage --------------------------------------------------------------------------------


def units_noun(units: list[OrgUnit]) -> str:
    """ "phường" when every unit is a ward, "xã" for communes, else "đơn vị"."""
    kinds = {u.kind for u in units}
    if len(kinds) == 1:
        kind = next(iter(kinds))
        if kind in (OrgKind.WARD, OrgKind.COMMUNE):
            return str(OrgKind(kind).label).lower()
    return "đơn vị"


@dataclass(frozen=True)
class Coverage:
    accepted: int
    waiting: int
    expected: int
    noun: str = "đơn vị"

    @property
    def text(self) -> str:
        text = f"{self.accepted}/{self.expected} {self.noun} đã được duyệt"
        return f"{text}, {self.waiting} chờ duyệt" if self.waiting else text

    def enough(self, percent: int) -> bool:
        return self.expected > 0 and self.accepted * 100 >= percent * self.expected


# --- Completeness ----------------------------------------------------------------------------

NOT_STARTED, DRAFT, PARTIAL, ON_TIME, LATE, RETURNED, ACCEPTED, ACCEPTED_LATE, NOT_APPLICABLE = (
    "not_started",
    "draft",
    "partial",
    "submitted_on_time",
    "submitted_late",
    "returned",
    "accepted",
    "accepted_late",
    "not_applicable",
)
STATUS_LABELS = {
    NOT_STARTED: "Chưa báo cáo",
    DRAFT: "Đang nhập",
    PARTIAL: "Gửi chưa đủ",
    ON_TIME: "Gửi đúng hạn",
    LATE: "Gửi muộn",
    RETURNED: "Bị trả lại",
    ACCEPTED: "Đã chấp nhận",
    ACCEPTED_LATE: "Đã chấp nhận (gửi muộn)",
    NOT_APPLICABLE: "Không phải báo cáo",
}


@dataclass(frozen=True)
class UnitPeriodStats:
    """A unit's applicable reports in a period, counted in SQL."""

    sent: int = 0
    accepted: int = 0
    drafts: int = 0
    returned: int = 0
    last_sent: datetime.datetime | None = None


def unit_period_stats(*, units: list[OrgUnit], periods: list[ReportingPeriod], indicators):
    """{(unit id, period id): UnitPeriodStats} over the applicable reports; one grouped query."""
    rows = (
        IndicatorReport.objects.filter(period_id__in=[p.pk for p in periods])
        .filter(applicable_condition(units, list(indicators)))
        .values("unit_id", "period_id")
        .annotate(
            sent=Count("pk", filter=Q(state__in=SENT)),
            accepted=Count("pk", filter=Q(state=S.ACCEPTED)),
            drafts=Count("pk", filter=Q(state=S.DRAFT)),
            returned=Count("pk", filter=Q(state=S.RETURNED)),
            last_sent=Max("submitted_at", filter=Q(state__in=SENT)),
        )
        .order_by()
    )
    return {
        (r["unit_id"], r["period_id"]): UnitPeriodStats(
            r["sent"], r["accepted"], r["drafts"], r["returned"], r["last_sent"]
        )
        for r in rows
    }


def unit_period_status(
    stats: UnitPeriodStats | None, period: ReportingPeriod, expected: int
) -> str:
    """One status for a unit's period, judged against the `expected` applicable indicators:
    sent on time only when all of them were sent by the deadline."""
    if expected == 0:
        return NOT_APPLICABLE
    if stats is None or stats.sent + stats.drafts + stats.returned == 0:
        return NOT_STARTED
    if stats.returned:
        return RETURNED
    if stats.sent == 0:
        return DRAFT
    if stats.sent < expected:
        return PARTIAL
    late = stats.last_sent is not None and localdate(stats.last_sent) > period.submission_deadline
    if stats.accepted >= expected:
        return ACCEPTED_LATE if late else ACCEPTED
    return LATE if late else ON_TIME


@dataclass(frozen=True)
class MatrixCell:
    status: str
    sent: int
    expected: int

    @property
    def label(self) -> str:
        label = STATUS_LABELS[self.status]
        return f"{label} ({self.sent}/{self.expected})" if self.status == PARTIAL else label


@dataclass
class MatrixRow:
    unit: OrgUnit
    cells: list[MatrixCell]


@dataclass
class Matrix:
    periods: list[ReportingPeriod]
    rows: list[MatrixRow]
    labels: dict = field(default_factory=lambda: STATUS_LABELS)


def _valid_in(unit: OrgUnit, period: ReportingPeriod) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to >= period.start
    )


def completeness_matrix(*, plan: Plan) -> Matrix:
    """Units × monthly periods, aggregated in SQL: four queries whatever the number of reports."""
    periods = list(plan.periods.filter(kind="month").order_by("start"))
    indicators = list(plan.indicators.all())
    units = reporting_units(plan=plan)
    stats = unit_period_stats(units=units, periods=periods, indicators=indicators)
    rows = []
    for unit in units:
        expected = sum(1 for ind in indicators if ind.applies_to(unit))
        cells = []
        for period in periods:
            n = expected if _valid_in(unit, period) else 0
            found = stats.get((unit.pk, period.pk))
            status = unit_period_status(found, period, n)
            cells.append(MatrixCell(status, found.sent if found else 0, n))
        rows.append(MatrixRow(unit, cells))
    return Matrix(periods, rows)


# --- Heatmap and district aggregate ----------------------------------------------------------


@dataclass
class HeatCell:
    value: Decimal | None
    text: str
    result: str | None
    state: str


@dataclass
class AggregateRow:
    indicator: Indicator
    value: Decimal | None
    text: str
    formula: str
    target: Decimal | None
    result: str | None
    coverage: Coverage
    withheld: bool = False  # a verdict would be possible but the coverage is too low


@dataclass
class Heatmap:
    indicators: list[Indicator]
    rows: list[tuple[OrgUnit, list[HeatCell | None]]]
    aggregates: list[AggregateRow]
    verdict_coverage: int = 100


def _cell_value(indicator: Indicator, row: dict) -> Decimal | None:
    if indicator.kind == IndicatorKind.RATIO:
        return ratio_value(row["numerator"], row["denominator"])
    return row["value"]


# A ratio pair counts when both parts are there and the denominator is positive (as in maths).
_PAIR = Q(state=S.ACCEPTED, denominator__gt=0, numerator__isnull=False)


def _figure_sums() -> dict:
    """Σ of the accepted figures and the accepted and waiting counts, as SQL aggregates."""
    return {
        "num": Sum("numerator", filter=_PAIR),
        "den": Sum("denominator", filter=_PAIR),
        "pairs": Count("pk", filter=_PAIR),
        "total": Sum("value", filter=Q(state=S.ACCEPTED)),
        "values": Count("value", filter=Q(state=S.ACCEPTED)),
        "accepted": Count("pk", filter=Q(state=S.ACCEPTED)),
        "waiting": Count("pk", filter=Q(state=S.SUBMITTED)),
    }


def _aggregates(period, indicators, units, targets) -> list[AggregateRow]:
    """Per indicator: Σ over the accepted applicable reports, and how many wait for review; one
    grouped query."""
    sums = {
        r["indicator_id"]: r
        for r in IndicatorReport.objects.filter(period=period, state__in=SENT)
        .filter(applicable_condition(units, indicators))
        .values("indicator_id")
        .annotate(**_figure_sums())
        .order_by()
    }
    noun = units_noun(units)
    percent = period.plan.verdict_coverage
    aggregates = []
    for ind in indicators:
        found = sums.get(ind.pk, {})
        expected = sum(1 for u in units if ind.applies_to(u))
        coverage = Coverage(found.get("accepted", 0), found.get("waiting", 0), expected, noun)
        if ind.kind == IndicatorKind.RATIO:
            agg = aggregate_from_sums(found.get("num"), found.get("den"), found.get("pairs", 0))
            value, formula = agg.value, agg.formula
        else:
            value = found.get("total") if found.get("values") else None
            formula = f"Σ giá trị của {found.get('values', 0)} đơn vị"
        target = targets.for_area(ind)
        result = verdict(ind, value, target)
        enough = coverage.enough(percent)
        aggregates.append(
            AggregateRow(
                ind,
                value,
                format_value(value, unit_of_measure=ind.unit_of_measure),
                formula,
                target,
                result if enough else None,
                coverage,
                withheld=result is not None and not enough,
            )
        )
    return aggregates


def period_heatmap(*, period: ReportingPeriod) -> Heatmap:
    """Units × indicators with each accepted value against the unit's target (a value waiting
    for review is shown without a verdict; drafts and returned values are not figures), and the
    district figure per indicator from accepted reports only, with its coverage."""
    plan = period.plan
    indicators = list(plan.indicators.all())
    units = reporting_units(plan=plan, period=period)
    targets = targets_for(plan=plan, year=period.year)
    by_key = {
        (r["unit_id"], r["indicator_id"]): r
        for r in IndicatorReport.objects.filter(period=period)
        .filter(applicable_condition(units, indicators))
        .values("unit_id", "indicator_id", "state", "numerator", "denominator", "value")
        .order_by()
    }
    rows = []
    for unit in units:
        cells: list[HeatCell | None] = []
        for ind in indicators:
            if not ind.applies_to(unit):
                cells.append(None)
                continue
            report = by_key.get((unit.pk, ind.pk))
            state = report["state"] if report else ""
            value = _cell_value(ind, report) if state in SENT else None
            result = (
                verdict(ind, value, targets.for_unit(ind, unit)) if state == S.ACCEPTED else None
            )
            cells.append(
                HeatCell(
                    value, format_value(value, unit_of_measure=ind.unit_of_measure), result, state
                )
            )
        rows.append((unit, cells))
    aggregates = _aggregates(period, indicators, units, targets)
    return Heatmap(indicators, rows, aggregates, plan.verdict_coverage)


@dataclass
class TrendPoint:
    period: ReportingPeriod
    value: Decimal | None
    text: str
    formula: str
    coverage: Coverage | None = None


def indicator_trend(*, indicator: Indicator, unit: OrgUnit | None = None) -> list[TrendPoint]:
    """The district (or one unit's) value per monthly period from accepted reports, with the
    coverage; grouped in SQL, a fixed number of queries."""
    plan = indicator.plan
    periods = list(plan.periods.filter(kind="month").order_by("start"))
    units = [unit] if unit is not None else reporting_units(plan=plan)
    units = [u for u in units if indicator.applies_to(u)]
    rows = {
        r["period_id"]: r
        for r in IndicatorReport.objects.filter(
            indicator=indicator, period__in=periods, unit__in=units, state__in=SENT
        )
        .values("period_id")
        .annotate(**_figure_sums())
        .order_by()
    }
    noun = units_noun(units)
    points = []
    for period in periods:
        found = rows.get(period.pk, {})
        expected = sum(1 for u in units if _valid_in(u, period))
        coverage = Coverage(found.get("accepted", 0), found.get("waiting", 0), expected, noun)
        if indicator.kind == IndicatorKind.RATIO:
            agg = aggregate_from_sums(found.get("num"), found.get("den"), found.get("pairs", 0))
            value, formula = agg.value, agg.formula
        else:
            value = aggregate_sum([found.get("total")]) if found.get("values") else None
            formula = ""
        text = format_value(value, unit_of_measure=indicator.unit_of_measure)
        points.append(TrendPoint(period, value, text, formula, coverage))
    return points
