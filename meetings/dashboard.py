"""The chair's dashboard and the units' scorecards: every directive lands in exactly one report
column for the as-of date, so that every total equals the task count.

The dashboard is counted by the database: one grouped query whose CASE repeats the rules of
`steering.timeliness.timeliness` (a property test holds the two equal directive by directive),
then small queries for labels and the few directives listed by name. The scorecards read plain
values (no model instances) and apply `timeliness()` itself. Neither grows in queries with the
data. The figures are cached per (committee, filters, as-of date, language) under a
per-committee version that the directive services bump when a write commits (`dashboard_bump`);
a short lifetime bounds staleness for writes that bypass the services (admin edits, other
processes with a per-process cache).
"""

import datetime
import hashlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, CharField, Count, DateField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from steering.deadlines import DeadlineKind
from steering.models import OrgUnit
from steering.timeliness import (
    GRID_COLUMNS,
    GridBucket,
    TaskState,
    Timeliness,
    grid_bucket,
    timeliness,
)

from .models import Directive, Meeting

LIST_LIMIT = 20
CACHE_SECONDS = 300
# How long a KPI/project fingerprint is trusted before it is read again.
FINGERPRINT_SECONDS = 30
_VERSION_KEY = "dashboard:version:{}"

# The columns a directive's timeliness needs, plus its grouping keys.
_ROW = (
    "pk",
    "state",
    "deadline_kind",
    "due_date",
    "extended_due_date",
    "completed_on",
    "lead_unit_id",
    "lead_unit_text",
    "conclusion__meeting_id",
)


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


@dataclass(frozen=True)
class _Row:
    pk: int
    status: str
    due: datetime.date | None
    unit_key: int | str
    lead_unit_id: int | None
    lead_unit_text: str
    meeting_id: int


def _rows(directives, as_of: datetime.date) -> list[_Row]:
    rows = []
    # The primary key is in the values, so DISTINCT (visible_to) never merges two directives.
    for (
        pk,
        state,
        kind,
        due,
        extended,
        done_on,
        unit_id,
        unit_text,
        meeting_id,
    ) in directives.order_by().values_list(*_ROW):
        effective = extended or due
        status = timeliness(
            state=state,
            deadline_kind=kind,
            due_date=effective,
            completed_on=done_on,
            as_of=as_of,
            due_soon_days=settings.DUE_SOON_DAYS,
        )
        rows.append(
            _Row(
                pk,
                status,
                effective,
                unit_id or f"text:{unit_text}",
                unit_id,
                unit_text,
                meeting_id,
            )
        )
    return rows


def _unit_labels(ids) -> dict[int, str]:
    return {u.pk: u.display_name for u in OrgUnit.objects.filter(pk__in=list(ids))}


def _bucketed(directives, as_of: datetime.date):
    """The directives with their report column computed by the database, rule for rule the same
    as `steering.timeliness.timeliness` + `grid_bucket` (a test holds them equal on random data).
    The directives are taken by primary key, so a join in `directives` cannot count one twice."""
    completed = Q(state=TaskState.COMPLETED) & Q(done_on__lte=as_of)
    bucket = Case(
        When(state=TaskState.CANCELLED, then=Value(GridBucket.CANCELLED)),
        When(completed & Q(eff__isnull=True), then=Value(GridBucket.COMPLETED_NO_DEADLINE)),
        When(completed & Q(done_on__lte=F("eff")), then=Value(GridBucket.DONE_ON_TIME)),
        When(completed, then=Value(GridBucket.DONE_LATE)),
        When(deadline_kind=DeadlineKind.RECURRING, then=Value(GridBucket.RECURRING)),
        When(eff__isnull=True, then=Value(GridBucket.NO_DEADLINE)),
        When(eff__lt=as_of, then=Value(GridBucket.OPEN_OVERDUE)),
        default=Value(GridBucket.OPEN_WITHIN_DEADLINE),
        output_field=CharField(),
    )
    return (
        Directive.objects.filter(pk__in=directives.order_by().values("pk"))
        .order_by()
        .alias(done_on=Coalesce("completed_on", Value(as_of, output_field=DateField())))
        .annotate(eff=Coalesce("extended_due_date", "due_date"))
        .annotate(bucket=bucket)
    )


def dashboard_build(*, directives, as_of: datetime.date, soon_days: int = 7) -> Dashboard:
    """Every figure of the dashboard, counted by the database in a fixed number of queries
    whatever the number of directives (only groups and the listed directives travel)."""
    rows = _bucketed(directives, as_of)
    horizon = as_of + datetime.timedelta(days=soon_days)
    overdue = Q(bucket=GridBucket.OPEN_OVERDUE)
    due_soon = Q(bucket=GridBucket.OPEN_WITHIN_DEADLINE) & Q(eff__lte=horizon)
    # One grouped query gives every count: per unit, meeting and column, with the due date kept
    # only for overdue groups (to add up the days overdue) and a flag for "due within a week".
    groups = (
        rows.annotate(
            late_due=Case(When(overdue, then=F("eff")), default=None, output_field=DateField()),
            soon=Case(When(due_soon, then=Value(True)), default=Value(False)),
        )
        .values_list(
            "lead_unit_id", "lead_unit_text", "conclusion__meeting_id", "bucket", "late_due", "soon"
        )
        .annotate(n=Count("pk"))
    )
    overall = Tally(label="", key=None)
    units: dict = {}
    meetings: dict = {}
    soon_count = 0
    for unit_id, unit_text, meeting_id, bucket, late_due, is_soon, n in groups:
        unit = units.setdefault(unit_id or f"text:{unit_text}", Tally(unit_text, unit_id))
        meeting = meetings.setdefault(meeting_id, Tally(label="", key=meeting_id))
        days = (as_of - late_due).days * n if late_due else 0
        for tally in (overall, unit, meeting):
            tally.grid[bucket] += n
            tally.overdue_days += days
        soon_count += n if is_soon else 0
    labels = _unit_labels(k for k in units if isinstance(k, int))
    for tally in units.values():
        tally.label = (labels.get(tally.key, "") if tally.key else tally.label) or "—"
    starts = {}
    for meeting in Meeting.objects.filter(pk__in=list(meetings)):
        meetings[meeting.pk].label = meeting.display_title
        starts[meeting.pk] = meeting.starts_at
    fields = ("pk", "content", "lead_unit_id", "lead_unit_text", "eff")
    fields += ("state", "deadline_kind", "completed_on")
    listed = [
        *rows.filter(overdue).order_by("eff", "pk").values_list(*fields)[:LIST_LIMIT],
        *rows.filter(due_soon).order_by("eff", "pk").values_list(*fields)[:LIST_LIMIT],
    ]
    extra = _unit_labels({r[2] for r in listed if r[2] and r[2] not in labels})
    items = []
    for pk, content, unit_id, unit_text, due, state, kind, done_on in listed:
        status = timeliness(
            state=state,
            deadline_kind=kind,
            due_date=due,
            completed_on=done_on,
            as_of=as_of,
            due_soon_days=settings.DUE_SOON_DAYS,
        )
        label = (labels.get(unit_id) or extra.get(unit_id, "")) if unit_id else unit_text
        days = (as_of - due).days if status == Timeliness.OVERDUE else 0
        items.append(DirectiveItem(pk, content, label or "—", due, status, days))
    overdue_count = overall.grid[GridBucket.OPEN_OVERDUE]
    shown = min(overdue_count, LIST_LIMIT)
    return Dashboard(
        as_of=as_of,
        overall=overall,
        by_unit=sorted(
            units.values(),
            key=lambda t: (-t.grid[GridBucket.OPEN_OVERDUE], -t.overdue_days, t.label),
        ),
        by_meeting=sorted(
            meetings.values(),
            key=lambda t: starts.get(t.key) or datetime.datetime.min.replace(tzinfo=datetime.UTC),
            reverse=True,
        ),
        due_next_week=items[shown:],
        due_next_week_count=soon_count,
        overdue=items[:shown],
        overdue_count=overdue_count,
    )


def bucket_timeliness(bucket: str) -> list[str]:
    """The timeliness values behind a grid column (for links to the filtered list)."""
    return [value for value in Timeliness.values if grid_bucket(value) == bucket]


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
    for r in _rows(directives.filter(lead_unit__isnull=False), as_of):
        if r.due is None:
            continue
        for period in periods:
            if period.start <= r.due <= period.end:
                tally = tallies[period.key].setdefault(
                    r.lead_unit_id, Tally(label="", key=r.lead_unit_id)
                )
                tally.grid[grid_bucket(r.status)] += 1
                if r.status == Timeliness.OVERDUE:
                    tally.overdue_days += (as_of - r.due).days
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
    parts.append(str(dashboard_version(committee_id)))
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
