"""Reads for meetings and directives; each in a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from steering.models import OrgUnit
from steering.selectors import orgunits_in_committee_scope
from steering.text import vn_sort_key
from steering.timeliness import GRID_COLUMNS, Timeliness, grid_bucket

from .conclusion_parser import ParsedConclusions, UnitName, parse_conclusions
from .models import (
    Directive,
    DirectiveEvent,
    DocumentKind,
    DocumentStatus,
    Meeting,
    MeetingDocument,
)
from .services import next_meeting_date


def meeting_list_for_user(*, user):
    return (
        Meeting.objects.visible_to(user)
        .select_related("committee", "chair")
        .annotate(directive_count=Count("conclusions__directives"))
        .order_by("-starts_at")
    )


def meeting_detail(*, meeting: Meeting, user=None) -> dict:
    # A unit officer sees the rows of their unit's directives only (as on the directive list).
    directives = Directive.objects.visible_to(user) if user is not None else Directive.objects
    conclusions = list(
        meeting.conclusions.prefetch_related(
            Prefetch(
                "directives",
                queryset=directives.select_related("lead_unit").prefetch_related(
                    "supporting_units"
                ),
            )
        )
    )
    return {
        "conclusions": conclusions,
        "reports": list(meeting.reports.select_related("reporting_unit")),
        "attendances": list(meeting.attendances.select_related("person", "unit")),
    }


def unit_names(units) -> list[UnitName]:
    """Parser names for units (with their kind and validity, and an area's "UBND …" names)."""
    return [UnitName.from_org_unit(unit) for unit in units]


def parse_for_meeting(*, meeting: Meeting, text: str) -> ParsedConclusions:
    day = timezone.localtime(meeting.starts_at).date()
    units = orgunits_in_committee_scope(committee=meeting.committee, on=day)
    standing = meeting.committee.standing_agency
    return parse_conclusions(
        text,
        units=unit_names(units),
        standing_agency=UnitName.from_org_unit(standing) if standing else None,
        meeting_date=day,
        next_meeting_date=next_meeting_date(committee=meeting.committee, after=day),
    )


@dataclass(frozen=True)
class DirectiveRow:
    directive: Directive
    timeliness: str

    @property
    def timeliness_label(self) -> str:
        return Timeliness(self.timeliness).label


@dataclass(frozen=True)
class DirectiveListing:
    rows: list[DirectiveRow]
    counts: dict[str, int]
    grid: dict[str, int]
    total: int


def _overdue_first(row: DirectiveRow):
    order = [
        Timeliness.OVERDUE,
        Timeliness.DUE_SOON,
        Timeliness.ON_TRACK,
        Timeliness.NO_DEADLINE,
        Timeliness.RECURRING,
    ]
    rank = order.index(row.timeliness) if row.timeliness in order else len(order)
    due = row.directive.effective_due_date or datetime.date.max
    return (rank, due, row.directive.pk)


def directive_listing(
    *,
    directives,
    as_of: datetime.date,
    timeliness: str = "",
    bucket: str = "",
    sort_overdue_first: bool = False,
) -> DirectiveListing:
    """Rows with derived timeliness; counts and the 2×2 grid cover every row, whatever the
    timeliness filter, so totals always equal the task count."""
    directives = directives.select_related(
        "lead_unit", "conclusion__meeting", "committee"
    ).prefetch_related("supporting_units")
    rows = [DirectiveRow(d, d.timeliness(as_of)) for d in directives]
    counts = Counter(r.timeliness for r in rows)
    grid = dict.fromkeys(GRID_COLUMNS, 0)
    for row in rows:
        grid[grid_bucket(row.timeliness)] += 1
    total = len(rows)
    if timeliness:
        rows = [r for r in rows if r.timeliness == timeliness]
    if bucket:
        rows = [r for r in rows if grid_bucket(r.timeliness) == bucket]
    if sort_overdue_first:
        rows.sort(key=_overdue_first)
    return DirectiveListing(rows=rows, counts=dict(counts), grid=grid, total=total)


def directive_listing_filtered(*, user, filters: dict) -> DirectiveListing:
    """The directive list of `/directives/` and of the read API: the user's scope, the filter
    form's cleaned data, derived timeliness as of the chosen day, overdue first."""
    return directive_listing(
        directives=directive_filter(user=user, filters=filters),
        as_of=filters.get("as_of") or timezone.localdate(),
        timeliness=filters.get("timeliness", ""),
        bucket=filters.get("bucket", ""),
        sort_overdue_first=True,
    )


def directive_filter(*, user, filters: dict):
    qs = Directive.objects.visible_to(user)
    if filters.get("committee"):
        qs = qs.filter(committee=filters["committee"])
    if filters.get("meeting"):
        qs = qs.filter(conclusion__meeting=filters["meeting"])
    if filters.get("unit"):
        unit = filters["unit"]
        qs = qs.filter(Q(lead_unit=unit) | Q(supporting_units=unit)).distinct()
    if filters.get("lead_unit"):
        qs = qs.filter(lead_unit=filters["lead_unit"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("due_from") or filters.get("due_to"):
        # The effective due date: an approved extension moves the deadline.
        qs = qs.alias(effective_due=Coalesce("extended_due_date", "due_date"))
    if filters.get("due_from"):
        qs = qs.filter(effective_due__gte=filters["due_from"])
    if filters.get("due_to"):
        qs = qs.filter(effective_due__lte=filters["due_to"])
    if filters.get("meeting_from"):
        qs = qs.filter(conclusion__meeting__starts_at__date__gte=filters["meeting_from"])
    if filters.get("meeting_to"):
        qs = qs.filter(conclusion__meeting__starts_at__date__lte=filters["meeting_to"])
    if filters.get("q"):
        qs = qs.search(filters["q"])
    return qs


@dataclass(frozen=True)
class PlanTaskRow:
    task: object
    timeliness: str

    @property
    def timeliness_label(self) -> str:
        return Timeliness(self.timeliness).label


@dataclass(frozen=True)
class UnitWorkListing(DirectiveListing):
    """The unit's directives (`rows`) and plan tasks (`plan_rows`); counts, grid and total cover
    both, so the grid's total equals the number of tasks listed on the page."""

    plan_rows: list[PlanTaskRow] = field(default_factory=list)


def _unit_plan_task_rows(*, unit: OrgUnit, user, as_of: datetime.date) -> list[PlanTaskRow]:
    """The plan tasks ("nhiệm vụ chi tiết") the unit leads or supports, overdue first; two
    queries."""
    from kpis.models import PlanTask

    tasks = (
        PlanTask.objects.visible_to(user)
        .for_unit(unit)
        .select_related("lead_unit", "plan")
        .prefetch_related("supporting_units")
    )
    rows = [PlanTaskRow(t, t.timeliness(as_of)) for t in tasks]
    order = [
        Timeliness.OVERDUE,
        Timeliness.DUE_SOON,
        Timeliness.ON_TRACK,
        Timeliness.NO_DEADLINE,
        Timeliness.RECURRING,
    ]
    rows.sort(
        key=lambda r: (
            order.index(r.timeliness) if r.timeliness in order else len(order),
            r.task.effective_due_date or datetime.date.max,
            r.task.pk,
        )
    )
    return rows


def my_unit_work(*, unit: OrgUnit, user, as_of: datetime.date) -> UnitWorkListing:
    directives = directive_listing(
        directives=Directive.objects.visible_to(user).for_unit(unit),
        as_of=as_of,
        sort_overdue_first=True,
    )
    plan_rows = _unit_plan_task_rows(unit=unit, user=user, as_of=as_of)
    counts = Counter(directives.counts)
    grid = dict(directives.grid)
    for row in plan_rows:
        counts[row.timeliness] += 1
        grid[grid_bucket(row.timeliness)] += 1
    return UnitWorkListing(
        rows=directives.rows,
        counts=dict(counts),
        grid=grid,
        total=directives.total + len(plan_rows),
        plan_rows=plan_rows,
    )


def meeting_issued_notice(*, meeting_id: int) -> MeetingDocument | None:
    """The meeting's conclusion notice in force: the latest issued version not superseded."""
    return (
        MeetingDocument.objects.filter(
            meeting_id=meeting_id,
            kind=DocumentKind.NOTICE,
            status=DocumentStatus.ISSUED,
            superseded_by__isnull=True,
        )
        .order_by("-version")
        .first()
    )


def directive_page(*, directive: Directive) -> dict:
    events = list(
        DirectiveEvent.objects.filter(directive=directive)
        .select_related("actor")
        .prefetch_related("files")
    )
    return {
        "events": events,
        "extensions": list(directive.extensions.select_related("requested_by", "decided_by")),
        "supporting": sorted(directive.supporting_units.all(), key=lambda u: vn_sort_key(u.name)),
    }


def directives_needing_unit(*, user):
    """Legacy directives whose lead unit is still text only, in the committees the user runs
    as secretariat (an administrator: all), oldest meeting first."""
    from steering.models import AccessRole
    from steering.permissions import user_committee_roles

    directives = Directive.objects.filter(needs_unit_link=True)
    if not user.is_superuser:
        runs = [
            c for c, roles in user_committee_roles(user).items() if AccessRole.SECRETARIAT in roles
        ]
        directives = directives.filter(committee_id__in=runs)
    return directives.select_related("committee", "conclusion__meeting").order_by(
        "conclusion__meeting__starts_at", "conclusion__ordinal", "pk"
    )
