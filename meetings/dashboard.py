"""The chair's dashboard and the units' scorecards: every directive lands in exactly one report
column for the as-of date, so that every total equals the task count.

The dashboard is counted by the database: one grouped query whose CASE repeats the rules of
`steering.timeliness.timeliness` (a property test holds the two equal directive by directive),
then small queries for labels and the few directives listed by name. The scorecards read plain
values (no model instances) and apply `timeliness()` itself. Neither grows in queries with the
data. The figures are cached per (committee, filters, as-of date, language) under a
per-committee version that the directive services bump when a write commits (`dashboard_bump`)
and under the database's data version of the directives (`steering.data_version`), which every
write changes, so an admin edit or a bulk update is seen at once too; KPI reports and projects
are fingerprinted apart.
"""

import datetime
import hashlib
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from steering.data_version import DIRECTIVES, data_version
from steering.models import OrgUnit
from steering.timeliness import GRID_COLUMNS, GridBucket, Timeliness, due_soon_window

from .models import Directive, Meeting

LIST_LIMIT = 20
# The unit-table row of tasks whose lead unit is written as text only (not linked to a unit).
UNLINKED_LABEL = _("Chưa gắn đơn vị")
CACHE_SECONDS = 300
# How long a KPI/project fingerprint is trusted before it is read again.
FINGERPRINT_SECONDS = 30
_VERSION_KEY = "dashboard:version:{}"


@dataclass
class Tally:
    label: str
    key: int | str | None
    grid: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRID_COLUMNS, 0))
    overdue_days: int = 0

    @property
    def total(self) -> int:
        return sum(self.grid.values())

    @property
    def due(self) -> int:
        """Tasks whose deadline has come: completed (on time or late) or open and overdue."""
        g = self.grid
        return g[GridBucket.DONE_ON_TIME] + g[GridBucket.DONE_LATE] + g[GridBucket.OPEN_OVERDUE]

    @property
    def unit_query(self) -> str:
        """The list filter of a unit row: the unit, or the tasks linked to no unit."""
        return f"lead_unit={self.key}" if self.key is not None else "unlinked=1"

    @property
    def on_time_rate(self) -> float | None:
        """Completed on time among the tasks that have come due (None if none has)."""
        return 100 * self.grid[GridBucket.DONE_ON_TIME] / self.due if self.due else None


@dataclass(frozen=True)
class DirectiveItem:
    """A directive named in a list on the dashboard (plain values, so it can be cached)."""

    pk: int
    content: str
    unit_label: str
    due: datetime.date | None
    status: str
    days_overdue: int


@dataclass
class Dashboard:
    as_of: datetime.date
    overall: Tally
    by_unit: list[Tally]
    by_meeting: list[Tally]
    due_next_week: list[DirectiveItem]
    due_next_week_count: int
    overdue: list[DirectiveItem]
    overdue_count: int
    # Tasks whose lead unit is text only ("Chưa gắn đơn vị"), None when there are none.
    unlinked: Tally | None = None
    soon_days: int = 7

    @property
    def unit_rows(self) -> list[Tally]:
        """The unit table: every unit, then the unlinked tasks' row if any (totals add up)."""
        return [*self.by_unit, *([self.unlinked] if self.unlinked else [])]


def _days_overdue(as_of: datetime.date):
    """Days past the effective deadline of an overdue task (zero for any other), for a SUM."""
    return Case(
        When(
            status=Timeliness.OVERDUE,
            then=ExpressionWrapper(
                Value(as_of, output_field=DateField()) - F("effective_due"),
                output_field=DurationField(),
            ),
        ),
        default=Value(datetime.timedelta(0)),
        output_field=DurationField(),
    )


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _unit_labels(ids) -> dict[int, str]:
    return {u.pk: u.display_name for u in OrgUnit.objects.filter(pk__in=list(ids))}


def _tasks(directives, as_of: datetime.date):
    """The directives with their status for `as_of` (`with_timeliness`), taken by primary key so
    that a join in `directives` cannot count one twice."""
    return (
        Directive.objects.filter(pk__in=directives.order_by().values("pk"))
        .order_by()
        .with_timeliness(as_of)
    )


def dashboard_build(*, directives, as_of: datetime.date) -> Dashboard:
    """Every figure of the dashboard, counted by the database in a fixed number of queries
    whatever the number of directives (only groups and the listed directives travel)."""
    rows = _tasks(directives, as_of)
    overdue = Q(status=Timeliness.OVERDUE)
    due_soon = Q(status=Timeliness.DUE_SOON)
    # One grouped query gives every count: per unit, meeting and column, with the days overdue
    # added up and the tasks due soon counted.
    groups = (
        rows.values_list("lead_unit_id", "conclusion__meeting_id", "bucket")
        .annotate(n=Count("pk"), late=Sum(_days_overdue(as_of)), soon=Count("pk", filter=due_soon))
        .order_by()
    )
    overall = Tally(label="", key=None)
    units: dict = {}
    meetings: dict = {}
    soon_count = 0
    for unit_id, meeting_id, bucket, n, late, soon in groups:
        # Tasks whose lead unit is text only are one explicit row, never a unit of their own.
        unit = units.setdefault(unit_id, Tally(str(UNLINKED_LABEL), unit_id))
        meeting = meetings.setdefault(meeting_id, Tally(label="", key=meeting_id))
        days = late.days if late else 0
        for tally in (overall, unit, meeting):
            tally.grid[bucket] += n
            tally.overdue_days += days
        soon_count += soon
    labels = _unit_labels(k for k in units if k is not None)
    for tally in units.values():
        if tally.key is not None:
            tally.label = labels.get(tally.key, "")
    starts = {}
    for meeting in Meeting.objects.filter(pk__in=list(meetings)):
        meetings[meeting.pk].label = meeting.display_title
        starts[meeting.pk] = meeting.starts_at
    fields = ("pk", "content", "lead_unit_id", "lead_unit_text", "effective_due", "status")
    listed = [
        *rows.filter(overdue).overdue_first(as_of).values_list(*fields)[:LIST_LIMIT],
        *rows.filter(due_soon).overdue_first(as_of).values_list(*fields)[:LIST_LIMIT],
    ]
    extra = _unit_labels({r[2] for r in listed if r[2] and r[2] not in labels})
    items = []
    for pk, content, unit_id, unit_text, due, status in listed:
        label = (labels.get(unit_id) or extra.get(unit_id, "")) if unit_id else unit_text
        days = (as_of - due).days if status == Timeliness.OVERDUE else 0
        items.append(DirectiveItem(pk, content, label or str(UNLINKED_LABEL), due, status, days))
    overdue_count = overall.grid[GridBucket.OPEN_OVERDUE]
    shown = min(overdue_count, LIST_LIMIT)
    linked = [t for t in units.values() if t.key is not None]
    return Dashboard(
        as_of=as_of,
        overall=overall,
        by_unit=sorted(
            linked,
            key=lambda t: (-t.grid[GridBucket.OPEN_OVERDUE], -t.overdue_days, t.label),
        ),
        unlinked=units.get(None),
        by_meeting=sorted(
            meetings.values(),
            key=lambda t: starts.get(t.key) or datetime.datetime.min.replace(tzinfo=datetime.UTC),
            reverse=True,
        ),
        due_next_week=items[shown:],
        due_next_week_count=soon_count,
        overdue=items[:shown],
        overdue_count=overdue_count,
        soon_days=due_soon_window(),
    )


# --- Unit scorecards -------------------------------------------------------------------------


@dataclass
class ScorecardRow:
    unit_id: int
    label: str
    tally: Tally
    kpi: object | None = None  # kpis.dashboard.KpiTimeliness
    rank: int = 0

    @property
    def kpi_rate(self) -> float | None:
        return self.kpi.rate if self.kpi is not None else None


SCORECARD_PERIODS = {
    "q1": ("quarter", 1),
    "q2": ("quarter", 2),
    "q3": ("quarter", 3),
    "q4": ("quarter", 4),
    "h1": ("half", 1),
    "h2": ("half", 2),
    "y": ("year", 1),
}


@dataclass(frozen=True)
class ScorecardPeriod:
    key: str
    label: str
    start: datetime.date
    end: datetime.date


def scorecard_periods(year: int) -> list[ScorecardPeriod]:
    """The quarters, halves and the whole of a calendar year."""
    from kpis.periods import period_bounds, period_label

    return [
        ScorecardPeriod(
            key,
            period_label(kind=kind, year=year, number=number),
            *period_bounds(kind=kind, year=year, number=number),
        )
        for key, (kind, number) in SCORECARD_PERIODS.items()
    ]


def _merit(row: ScorecardRow):
    rate, kpi = row.tally.on_time_rate, row.kpi_rate
    return (
        -(rate if rate is not None else -1),
        -(kpi if kpi is not None else -1),
        row.tally.grid[GridBucket.OPEN_OVERDUE],
        row.label,
    )


def scorecards_build(
    *,
    directives,
    as_of: datetime.date,
    periods: list[ScorecardPeriod],
    kpi_timeliness: dict[str, dict] | None = None,
) -> dict[str, list[ScorecardRow]]:
    """{period key: rows}: per lead unit, the directives whose (effective) deadline falls in the
    period, judged on `as_of`, with the unit's KPI reporting timeliness for the period beside
    them (`kpi_timeliness[period key][unit id]`). Ranked for emulation by on-time rate, then KPI
    timeliness, then fewer overdue tasks. Directives without a matched unit are left out (there
    is no unit to rank). One pass and two queries for every period together."""
    kpi_timeliness = kpi_timeliness or {}
    tallies: dict[str, dict[int, Tally]] = {p.key: {} for p in periods}
    if periods:
        # Periods are whole months (quarters, halves, a year): one grouped query by unit,
        # column and month of the effective deadline gives every period's figures.
        groups = (
            _tasks(directives.filter(lead_unit__isnull=False), as_of)
            .filter(
                effective_due__gte=min(p.start for p in periods),
                effective_due__lte=max(p.end for p in periods),
            )
            .annotate(month=TruncMonth("effective_due", output_field=DateField()))
            .values_list("lead_unit_id", "bucket", "month")
            .annotate(n=Count("pk"), late=Sum(_days_overdue(as_of)))
        )
        for unit_id, bucket, month, n, late in groups:
            for period in periods:
                if period.start <= _as_date(month) <= period.end:
                    tally = tallies[period.key].setdefault(unit_id, Tally(label="", key=unit_id))
                    tally.grid[bucket] += n
                    tally.overdue_days += late.days if late else 0
    unit_ids = set()
    for period in periods:
        unit_ids |= set(tallies[period.key]) | set(kpi_timeliness.get(period.key, {}))
    labels = _unit_labels(unit_ids)
    result = {}
    for period in periods:
        kpi = kpi_timeliness.get(period.key, {})
        keys = (set(tallies[period.key]) | set(kpi)) & set(labels)
        rows = [
            ScorecardRow(
                unit_id=pk,
                label=labels[pk],
                tally=tallies[period.key].get(pk) or Tally(label="", key=pk),
                kpi=kpi.get(pk),
            )
            for pk in keys
        ]
        rows.sort(key=_merit)
        for position, row in enumerate(rows, start=1):
            row.rank = position
        result[period.key] = rows
    return result


# --- Cache -----------------------------------------------------------------------------------


def dashboard_version(committee_id: int) -> int:
    # A clock value (not 1) as the first version: if the version key is evicted while old
    # figures survive, the new version cannot name them.
    return cache.get_or_set(_VERSION_KEY.format(committee_id), time.time_ns, None)


def dashboard_bump(committee_id: int | None) -> None:
    """Invalidate the committee's cached figures once the current transaction commits (a reader
    between the write and the commit would otherwise cache the old figures under the new
    version)."""
    if committee_id is None:
        return
    transaction.on_commit(
        lambda: cache.set(_VERSION_KEY.format(committee_id), time.time_ns(), None)
    )


def dashboard_cache_key(*, kind: str, committee_id: int, as_of: datetime.date, **params) -> str:
    parts = [kind, str(committee_id), as_of.isoformat(), translation.get_language() or ""]
    parts += [f"{k}={params[k] or ''}" for k in sorted(params)]
    # The services' per-committee version, and the database's token that every write to the
    # directives (admin, bulk updates and raw SQL included) changes.
    parts += [str(dashboard_version(committee_id)), data_version(DIRECTIVES)]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"dashboard:{kind}:{committee_id}:{digest}"


def cached(key: str, build, *, seconds: int = CACHE_SECONDS):
    """The cached value of `key`, building (and storing) it on a miss."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def today() -> datetime.date:
    return timezone.localdate()
