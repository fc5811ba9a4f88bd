"""Reads for the cascade between committees: the city BCĐ gives a task to its wards, each ward's
BCĐ finds it among its "Nhiệm vụ cấp trên giao", breaks it down into its own directives for its
offices (`Directive.parent`) and reports the ward's task up; the city follows each assignment
ward by ward and in a ward × task grid.

Vocabulary: a *ward committee* is a committee whose area (`steering.selectors.committee_area`)
is a ward or a commune; a *task from above* of a ward committee is another committee's directive
led by a unit of its ward (the ward itself, its UBND, an office in it) whose committee is owned
outside the ward (`models.from_above`). Every read here takes a fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, Min, Q, Value, When
from django.db.models.functions import Cast, Concat

from steering.data_version import DIRECTIVES, cached_under_version
from steering.models import COMMUNE_LEVEL_KINDS, AccessRole, OrgUnit, SteeringCommittee
from steering.permissions import user_committee_roles, user_ward_committees
from steering.selectors import committee_area, orgunits_below
from steering.timeliness import GRID_COLUMNS
from steering.tracking import CLOSED_STATES

from .models import Directive, Evidence, Meeting, from_above
from .selectors import DirectiveListing, directive_listing

# Roles that read a committee's whole register (unit officers read their unit's tasks only).
FOLLOWER_ROLES = frozenset(
    {AccessRole.CHAIR, AccessRole.SECRETARIAT, AccessRole.MEMBER, AccessRole.VIEWER}
)


# --- Which committees -------------------------------------------------------------------------


def ward_committees_for_user(*, user) -> list[SteeringCommittee]:
    """The ward committees the user holds a role in (an administrator: all), by name; one
    query."""
    committees = SteeringCommittee.objects.at_commune_level().select_related("owner_unit")
    if not user.is_superuser:
        committees = committees.filter(pk__in=list(user_ward_committees(user)))
    return list(committees.order_by("name", "pk"))


def upper_committees_for_user(*, user) -> list[SteeringCommittee]:
    """Committees above the wards (a city, a district) whose register the user follows (an
    administrator: all), by name: the ones whose ward × task grid the user may read."""
    committees = SteeringCommittee.objects.above_commune_level().select_related("owner_unit")
    if not user.is_superuser:
        ids = [c for c, roles in user_committee_roles(user).items() if roles & FOLLOWER_ROLES]
        committees = committees.filter(pk__in=ids)
    return list(committees.order_by("name", "pk"))


def directive_ward(*, directive: Directive) -> OrgUnit | None:
    """The ward (or commune) a directive is addressed to: its lead unit if that is a ward, else
    the lead unit's first ward ancestor. One query."""
    if directive.lead_unit_id is None:
        return None
    path = "parent"
    related = []
    for _level in range(4):
        related.append(path)
        path += "__parent"
    unit = OrgUnit.objects.select_related(related[-1]).get(pk=directive.lead_unit_id)
    for _level in range(5):
        if unit is None:
            return None
        if unit.kind in COMMUNE_LEVEL_KINDS:
            return unit
        unit = unit.parent
    return None


def receiving_committees(*, directive: Directive) -> list[SteeringCommittee]:
    """The ward committees that receive `directive` as a task from above (usually one: the
    ward's BCĐ). Empty when the directive is not addressed to a ward, or is the ward's own
    (its committee belongs to the same ward). Cached on the directive; three queries."""
    cached = getattr(directive, "_receiving_committees", None)
    if cached is not None:
        return cached
    ward = directive_ward(directive=directive)
    receiving: list[SteeringCommittee] = []
    if ward is not None:
        inside = OrgUnit.objects.within([ward.pk]).values("pk")
        own = SteeringCommittee.objects.filter(
            pk=directive.committee_id, owner_unit_id__in=inside
        ).exists()
        if not own:
            receiving = list(
                SteeringCommittee.objects.at_commune_level()
                .filter(owner_unit_id__in=inside)
                .order_by("name", "pk")
            )
    directive._receiving_committees = receiving
    return receiving


def breakdown_committees(*, user, directive: Directive) -> list[SteeringCommittee]:
    """The committees in which `user` may break `directive` down: the receiving ward
    committees where the user is secretariat (an administrator: all of them)."""
    roles = user_committee_roles(user)
    runs = {c for c in user_ward_committees(user) if AccessRole.SECRETARIAT in roles[c]}
    if not (runs or user.is_superuser):
        return []  # no query for everyone who runs no ward committee
    committees = receiving_committees(directive=directive)
    if user.is_superuser:
        return committees
    return [c for c in committees if c.pk in runs]


# --- The ward's side: tasks from above -----------------------------------------------------


def directives_from_above(*, committee: SteeringCommittee):
    """The tasks upper committees gave to the committee's ward (lazy; unscoped: callers
    intersect with `Directive.objects.visible_to`). One query to find the area; none of another
    ward. Empty for a committee without an area."""
    area = committee_area(committee=committee)
    if area is None:
        return Directive.objects.none()
    return Directive.objects.filter(from_above([area.pk]))


@dataclass(frozen=True)
class SubtaskCount:
    total: int = 0
    open: int = 0

    @property
    def closed(self) -> int:
        return self.total - self.open


def subtask_counts(*, parents, committee: SteeringCommittee | None = None) -> dict:
    """{parent id: SubtaskCount} for the given tasks (a page of them), counting their
    sub-tasks (in `committee` only, when given); one query."""
    children = Directive.objects.filter(parent_id__in=[p.pk for p in parents])
    if committee is not None:
        children = children.filter(committee=committee)
    rows = (
        children.order_by()
        .values("parent_id")
        .annotate(total=Count("pk"), open=Count("pk", filter=~Q(state__in=CLOSED_STATES)))
    )
    return {row["parent_id"]: SubtaskCount(row["total"], row["open"]) for row in rows}


@dataclass(frozen=True)
class WardInbox:
    committee: SteeringCommittee
    area: OrgUnit | None
    listing: DirectiveListing


def ward_inbox(
    *, committee: SteeringCommittee, user, as_of: datetime.date, bucket: str = ""
) -> WardInbox:
    """ "Nhiệm vụ cấp trên giao" of a ward committee as `user` may read them (the committee's
    readers: every task given to the ward; its unit officers: their unit's), counted in the
    report columns and listed overdue first."""
    area = committee_area(committee=committee)
    tasks = (
        Directive.objects.visible_to(user).filter(from_above([area.pk]))
        if area is not None
        else Directive.objects.none()
    )
    listing = directive_listing(directives=tasks, as_of=as_of, bucket=bucket)
    return WardInbox(committee=committee, area=area, listing=listing)


@dataclass(frozen=True)
class SubtaskRow:
    directive: Directive
    files: list[Evidence] = field(default_factory=list)


def directive_subtasks(*, directive: Directive, as_of: datetime.date) -> list[SubtaskRow]:
    """The sub-tasks lower committees made of `directive`, with their status on `as_of` and
    the evidence their units reported: what the ward's report up rests on, shown on the task's
    page to the upper committee too. One query, two when there are sub-tasks."""
    children = list(
        Directive.objects.filter(parent=directive)
        .with_timeliness(as_of)
        .select_related("lead_unit", "committee")
        .order_by("committee__name", "pk")
    )
    files: dict[int, list[Evidence]] = {}
    if not children:
        return []
    for evidence in (
        Evidence.objects.filter(event__directive__in=[c.pk for c in children])
        .select_related("event")
        .order_by("event__created_at", "pk")
    ):
        files.setdefault(evidence.event.directive_id, []).append(evidence)
    return [SubtaskRow(child, files.get(child.pk, [])) for child in children]


def breakdown_meetings(*, committee: SteeringCommittee):
    """The committee's meetings a breakdown can be recorded under, latest first (lazy)."""
    return Meeting.objects.filter(committee=committee).order_by("-starts_at", "-pk")


def breakdown_units(*, committee: SteeringCommittee, on: datetime.date):
    """The units of the ward a sub-task can be given to on `on` (its UBND, offices, police…),
    by name; lazy, one query when read."""
    area = committee_area(committee=committee)
    if area is None:
        return OrgUnit.objects.none()
    return (
        OrgUnit.objects.within([area.pk]).exclude(pk=area.pk).active_on(on).order_by("name", "pk")
    )


# --- The upper committee's side: one assignment ward by ward, the ward × task grid --------------


def assignment_directives(*, directive: Directive):
    """The directives of one assignment: those one sentence gave to several wards share a
    group; a directive without a group is an assignment on its own."""
    if directive.group:
        return Directive.objects.filter(committee_id=directive.committee_id, group=directive.group)
    return Directive.objects.filter(pk=directive.pk)


@dataclass(frozen=True)
class AssignmentProgress:
    grid: dict[str, int]
    page: Page
    subtasks: dict[int, SubtaskCount]

    @property
    def total(self) -> int:
        return sum(self.grid.values())


def assignment_progress(
    *, directive: Directive, as_of: datetime.date, page_number=1, per_page: int = 50
) -> AssignmentProgress:
    """Each ward's task of the assignment `directive` belongs to: its state and status on
    `as_of` (by ward name), with the sub-tasks the ward made of it; the grid counts them all.
    Four queries."""
    tasks = assignment_directives(directive=directive)
    grid = tasks.grid(as_of)
    rows = (
        tasks.with_timeliness(as_of).select_related("lead_unit").order_by("lead_unit__name", "pk")
    )
    paginator = Paginator(rows, per_page)
    paginator.count = sum(grid.values())  # the grid counted them already
    page = paginator.get_page(page_number)
    return AssignmentProgress(
        grid=grid, page=page, subtasks=subtask_counts(parents=list(page.object_list))
    )


@dataclass(frozen=True)
class GridCell:
    pk: int
    status: str
    state: str
    completed_on: datetime.date | None
    effective_due: datetime.date | None


@dataclass(frozen=True)
class GridColumn:
    key: str
    directive: Directive  # the first directive of the assignment: its content and deadline
    wards: int  # how many directives the assignment has


@dataclass(frozen=True)
class GridRow:
    ward: OrgUnit
    cells: list[list[GridCell]]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class CascadeGrid:
    committee: SteeringCommittee
    area: OrgUnit | None
    as_of: datetime.date
    columns: list[GridColumn]
    rows: list[GridRow]
    ward_page: Page
    column_page: Page
    totals: dict[str, int]


def _assignment_key():
    """An assignment's key in SQL: its group, or "#<pk>" for a directive on its own."""
    return Case(
        When(group="", then=Concat(Value("#"), Cast("pk", CharField()))),
        default=F("group"),
        output_field=CharField(),
    )


def _cached_rows(rows) -> list:
    """The rows of an aggregate over directives, cached under the exact query and the
    directives' data version, like `TimelinessQuerySet.grid`: one small read instead of grouping
    the city's tasks on every request (90 ms for a page's ward counts at 126 × 300)."""
    return cached_under_version(DIRECTIVES, rows, list, empty=[])


def _in_columns(columns: list[GridColumn]) -> Q:
    """The tasks of these assignments, on the (committee, group) index and the primary key
    rather than on the computed key (which made the database compute it for every task of the
    page's wards)."""
    groups = [c.key for c in columns if not c.key.startswith("#")]
    singles = [int(c.key[1:]) for c in columns if c.key.startswith("#")]
    return Q(group__in=groups) | Q(pk__in=singles)


# The lead unit and its ancestors, to find which ward of the page a task belongs to.
_CHAIN = (
    "lead_unit_id",
    "lead_unit__parent_id",
    "lead_unit__parent__parent_id",
    "lead_unit__parent__parent__parent_id",
)


def _ward_of(row: dict, wards: set[int]) -> int | None:
    return next((row[name] for name in _CHAIN if row[name] in wards), None)


def cascade_grid(
    *,
    committee: SteeringCommittee,
    as_of: datetime.date,
    ward_page=1,
    column_page=1,
    wards_per_page: int = 25,
    columns_per_page: int = 12,
) -> CascadeGrid:
    """The upper committee's ward × task grid on `as_of`: a page of its wards (those valid on
    that day, by name) against a page of its assignments to wards (newest first), each cell the
    status of that ward's task, each row the ward's count per report column, and the totals
    for every ward. Every status is the SQL twin of `timeliness()`. Ten queries whatever the
    size."""
    area = committee_area(committee=committee)
    wards_qs = OrgUnit.objects.none() if area is None else orgunits_below(area=area, on=as_of)
    ward_ids = wards_qs.values("pk")
    # The tasks of the committee given to a unit of one of its wards.
    tasks = Directive.objects.filter(committee=committee).filter(
        lead_unit_id__in=OrgUnit.objects.within(ward_ids).values("pk")
    )
    totals = tasks.grid(as_of)
    wards = Paginator(wards_qs, wards_per_page).get_page(ward_page)
    assignments = (
        tasks.annotate(key=_assignment_key())
        .values("key")
        .annotate(first=Min("pk"), n=Count("pk"))
        .order_by("-first")
    )
    # Every assignment's head in one pass (a few hundred small rows at city size), paginated
    # here: paginating the grouped query made the database group the city's tasks twice (its
    # COUNT over the groups cost 112 ms at 126 wards × 300 tasks).
    columns_page = Paginator(_cached_rows(assignments), columns_per_page).get_page(column_page)
    heads = list(columns_page.object_list)
    firsts = Directive.objects.select_related("conclusion__meeting").in_bulk(
        [h["first"] for h in heads]
    )
    columns = [GridColumn(h["key"], firsts[h["first"]], h["n"]) for h in heads]
    page_wards = list(wards.object_list)
    page_ward_ids = {w.pk for w in page_wards}
    cells: dict[tuple[int, str], list[GridCell]] = {}
    counts: dict[int, dict[str, int]] = {pk: dict.fromkeys(GRID_COLUMNS, 0) for pk in page_ward_ids}
    if page_ward_ids:
        in_page = tasks.filter(
            lead_unit_id__in=OrgUnit.objects.within(sorted(page_ward_ids)).values("pk")
        ).with_timeliness(as_of)
        if columns:
            for row in (
                in_page.filter(_in_columns(columns))
                .annotate(key=_assignment_key())
                .order_by("pk")
                .values("pk", "key", "status", "state", "completed_on", "effective_due", *_CHAIN)
            ):
                ward = _ward_of(row, page_ward_ids)
                if ward is None:  # deeper in the ward than the tree is read (AREA_DEPTH)
                    continue
                cells.setdefault((ward, row["key"]), []).append(
                    GridCell(
                        row["pk"],
                        row["status"],
                        row["state"],
                        row["completed_on"],
                        row["effective_due"],
                    )
                )
        per_ward = in_page.order_by().values(*_CHAIN, "bucket").annotate(n=Count("pk"))
        for row in _cached_rows(per_ward):
            ward = _ward_of(row, page_ward_ids)
            if ward is not None:
                counts[ward][row["bucket"]] += row["n"]
    rows = [
        GridRow(
            ward=ward,
            cells=[cells.get((ward.pk, column.key), []) for column in columns],
            counts=counts[ward.pk],
        )
        for ward in page_wards
    ]
    return CascadeGrid(
        committee=committee,
        area=area,
        as_of=as_of,
        columns=columns,
        rows=rows,
        ward_page=wards,
        column_page=columns_page,
        totals=totals,
    )
