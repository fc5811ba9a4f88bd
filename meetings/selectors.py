"""Reads for meetings and directives; each in a fixed number of queries."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.data_version import cached_under_version
from steering.models import OrgUnit, UnitAlias
from steering.selectors import orgunits_in_committee_scope
from steering.text import fold, vn_sort_key
from steering.timeliness import GridBucket, SortedRows
from steering.tracking import inherited_from

from .conclusion_parser import ParsedConclusions, UnitName, parse_conclusions
from .models import (
    DeadlineExtension,
    Directive,
    DirectiveEvent,
    DocumentKind,
    DocumentStatus,
    EventKind,
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
    for conclusion in conclusions:
        conclusion.blocks = conclusion_blocks(conclusion)
    return {
        "conclusions": conclusions,
        "reports": list(meeting.reports.select_related("reporting_unit")),
        "attendances": list(meeting.attendances.select_related("person", "unit")),
    }


@dataclasses.dataclass
class ConclusionBlock:
    """A paragraph of a topic's conclusion text, or a run of its directives, in pasted order."""

    text: str = ""
    directives: list = dataclasses.field(default_factory=list)


def conclusion_blocks(conclusion) -> list[ConclusionBlock]:
    """The topic's paragraphs and directives in the order of the notice.

    A directive's `position` counts the paragraphs and assignments before it (the paragraphs
    fill the positions the directives leave free, as in the notice); the members of a group
    (one sentence, several lead units) share one position; a directive added later, without a
    position, follows all the text. Uses the prefetched directives.
    """
    paragraphs = [p for p in conclusion.text.splitlines() if p.strip()]
    directives = sorted(
        conclusion.directives.all(), key=lambda d: (d.position is None, d.position or 0, d.pk)
    )
    blocks: list[ConclusionBlock] = []
    pending = iter(paragraphs)
    slot, groups = 0, set()

    def add_directive(directive) -> None:
        if not blocks or not blocks[-1].directives:
            blocks.append(ConclusionBlock())
        blocks[-1].directives.append(directive)

    for directive in directives:
        if directive.group and directive.group in groups:
            add_directive(directive)  # the same sentence's next lead unit
            continue
        groups.add(directive.group)
        until = directive.position if directive.position is not None else len(paragraphs) + slot
        while slot < until and (paragraph := next(pending, None)) is not None:
            blocks.append(ConclusionBlock(text=paragraph))
            slot += 1
        add_directive(directive)
        slot += 1
    blocks.extend(ConclusionBlock(text=paragraph) for paragraph in pending)
    return blocks


def unit_names(units, aliases: dict[int, list[str]] | None = None) -> list[UnitName]:
    """Parser names for units (with their kind and validity, and an area's "UBND …" names);
    `aliases` adds the names a committee taught the paste (UnitAlias)."""
    aliases = aliases or {}
    names = []
    for unit in units:
        base = UnitName.from_org_unit(unit)
        if aliases.get(unit.pk):
            base = dataclasses.replace(base, aliases=base.aliases + tuple(aliases[unit.pk]))
        names.append(base)
    return names


def meeting_scope_units(*, meeting: Meeting):
    """The units the meeting's conclusions may name (the committee's area on the meeting day),
    by name."""
    day = timezone.localtime(meeting.starts_at).date()
    scope = orgunits_in_committee_scope(committee=meeting.committee, on=day)
    return OrgUnit.objects.filter(pk__in=[u.pk for u in scope]).order_by("name")


def committee_unit_aliases(*, committee) -> dict[int, list[str]]:
    """The committee's remembered unit names, by unit id; one query."""
    aliases: dict[int, list[str]] = {}
    for unit_id, name in UnitAlias.objects.filter(committee=committee).values_list(
        "unit_id", "name"
    ):
        aliases.setdefault(unit_id, []).append(name)
    return aliases


def parse_for_meeting(*, meeting: Meeting, text: str) -> ParsedConclusions:
    day = timezone.localtime(meeting.starts_at).date()
    units = orgunits_in_committee_scope(committee=meeting.committee, on=day)
    standing = meeting.committee.standing_agency
    return parse_conclusions(
        text,
        units=unit_names(units, committee_unit_aliases(committee=meeting.committee)),
        standing_agency=UnitName.from_org_unit(standing) if standing else None,
        meeting_date=day,
        next_meeting_date=next_meeting_date(committee=meeting.committee, after=day),
    )


def meeting_paste_existing(*, meeting: Meeting) -> dict:
    """What a new paste would meet: the meeting's topics and directives so far, and whether
    they can still be replaced (no directive has been reported on, extended or changed since
    it was given). Three queries."""
    directives = Directive.objects.filter(conclusion__meeting=meeting)
    worked_on = (
        DirectiveEvent.objects.filter(directive__in=directives)
        .exclude(kind=EventKind.CREATED)
        .exists()
    )
    return {
        "topics": meeting.conclusions.count(),
        "directives": directives.count(),
        "replaceable": not worked_on,
    }


def meeting_directive_duplicates(*, meeting: Meeting, contents: list[str]) -> int:
    """How many of `contents` the meeting's directives already say (ignoring case, diacritics
    and spacing): the warning before a second paste of the same notice. One query."""
    saved = {
        fold(" ".join(text.split()))
        for text in Directive.objects.filter(conclusion__meeting=meeting).values_list(
            "content", flat=True
        )
    }
    return sum(fold(" ".join(text.split())) in saved for text in contents)


@dataclass(frozen=True)
class DirectiveListing:
    """A task list counted and sorted by the database: `rows` is a lazy queryset (annotated by
    `with_timeliness`, overdue first) to paginate; `grid` and `total` cover every task in scope
    whatever the timeliness/column filter, so totals always equal the task count."""

    rows: SortedRows
    grid: dict[str, int]
    total: int
    # The rows listed (the list's own total) and the column chosen, when a filter narrows the
    # rows below the grid's total; None/"" when the rows are the whole grid.
    shown: int | None = None
    bucket: str = ""

    @property
    def bucket_label(self) -> str:
        return GridBucket(self.bucket).label if self.bucket else ""


def _with_list_columns(directives):
    return directives.select_related("lead_unit", "conclusion__meeting", "committee")


def directive_listing(
    *,
    directives,
    as_of: datetime.date,
    timeliness: str = "",
    bucket: str = "",
) -> DirectiveListing:
    grid = directives.grid(as_of)
    rows = directives.with_timeliness(as_of)
    if timeliness:
        rows = rows.filter(status=timeliness)
    if bucket:
        rows = rows.filter(bucket=bucket)
    pages = rows.overdue_first_pages(as_of)
    if not timeliness:  # the grid counted the rows already
        pages = pages.with_grid({bucket: grid[bucket]} if bucket else grid)
    return DirectiveListing(
        rows=_with_list_columns(pages),
        grid=grid,
        total=sum(grid.values()),
        shown=pages.count() if (bucket or timeliness) else None,
        bucket=bucket,
    )


def directive_listing_filtered(*, user, filters: dict) -> DirectiveListing:
    """The directive list of `/directives/` and of the read API: the user's scope, the filter
    form's cleaned data, derived timeliness as of the chosen day, overdue first."""
    return directive_listing(
        directives=directive_filter(user=user, filters=filters),
        as_of=filters.get("as_of") or timezone.localdate(),
        timeliness=filters.get("timeliness", ""),
        bucket=filters.get("bucket", ""),
    )


def directive_scope_key(*, user, committee_id: int) -> str:
    """Which of the committee's directives `Directive.objects.visible_to(user)` returns, as a
    short key: figures built from them may be shared (cached) only between readers of one key."""
    from steering.models import AccessRole
    from steering.permissions import user_committee_roles, user_org_unit

    if user.is_superuser:
        return "all"
    roles = user_committee_roles(user).get(committee_id, set())
    if roles - {AccessRole.UNIT_OFFICER}:
        return "all"
    unit = user_org_unit(user)
    if unit is not None and AccessRole.UNIT_OFFICER in roles:
        return f"unit-{unit.pk}"
    return "none"


def directive_filter(*, user, filters: dict):
    qs = Directive.objects.visible_to(user)
    if filters.get("committee"):
        qs = qs.filter(committee=filters["committee"])
    if filters.get("meeting"):
        qs = qs.filter(conclusion__meeting=filters["meeting"])
    if filters.get("unit"):
        qs = qs.for_unit(filters["unit"])
    if filters.get("lead_unit"):
        qs = qs.filter(lead_unit=filters["lead_unit"])
    if filters.get("unlinked"):
        qs = qs.filter(lead_unit__isnull=True)
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("due_from") or filters.get("due_to"):
        qs = qs.with_effective_due()
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


def overdue_by_unit(*, user, as_of: datetime.date) -> list[dict]:
    """Open overdue directives the user sees, per lead unit (most first), each with the query of
    the directive list that shows exactly those rows (`lead_unit` or `unlinked`, column
    `open_overdue`). The count passes over every visible task, so it is cached under the
    directives' data version like the grid: two small queries while nothing was written."""
    rows = (
        Directive.objects.visible_to(user)
        .with_timeliness(as_of)
        .filter(bucket=GridBucket.OPEN_OVERDUE)
        .order_by()
        .values_list("lead_unit")
        .annotate(n=Count("pk"))
        .values_list("lead_unit", "n")
    )
    counts = cached_under_version(Directive.data_version_name, rows, dict, empty={})
    units = OrgUnit.objects.in_bulk([pk for pk in counts if pk is not None])
    rows = []
    for pk, n in counts.items():
        if pk is None:
            label, query = str(_("Chưa gắn đơn vị")), "unlinked=on"
        else:
            label, query = units[pk].display_name, f"lead_unit={pk}"
        rows.append({"label": label, "count": n, "query": f"{query}&bucket=open_overdue"})
    rows.sort(key=lambda r: (-r["count"], vn_sort_key(r["label"])))
    return rows


@dataclass(frozen=True)
class UnitWorkListing(DirectiveListing):
    """The unit's directives (`rows`) and plan tasks (`plan_rows`), both lazy and overdue first;
    grid and total cover both, so the grid's total equals the number of tasks listed."""

    plan_rows: SortedRows | None = None


def my_unit_work(*, unit: OrgUnit, user, as_of: datetime.date) -> UnitWorkListing:
    from kpis.models import PlanTask

    # The unit's own work and the open work of the old units it succeeded (the 2025 reform),
    # the latter marked with the old unit it came from.
    directives = Directive.objects.visible_to(user).for_unit_or_inherited(unit)
    tasks = PlanTask.objects.visible_to(user).for_unit_or_inherited(unit)
    directive_grid = directives.grid(as_of)
    task_grid = tasks.grid(as_of)
    grid = dict(directive_grid)
    for bucket, n in task_grid.items():
        grid[bucket] += n
    return UnitWorkListing(
        rows=_with_list_columns(
            directives.overdue_first_pages(as_of).with_grid(directive_grid)
        ).annotate(**inherited_from(Directive, unit)),
        grid=grid,
        total=sum(grid.values()),
        plan_rows=tasks.overdue_first_pages(as_of)
        .with_grid(task_grid)
        .select_related("lead_unit", "plan")
        .annotate(**inherited_from(PlanTask, unit)),
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
        "lead_successors": lead_unit_successors(directive=directive),
    }


def lead_unit_successors(*, directive: Directive) -> list:
    """The units that took over the directive's lead unit when it ended (an old ward merged
    into new ones): the page reads "<old name> (nay là <new ward>)". One query, none when the
    unit still exists."""
    from steering.models import OrgSuccession

    unit = directive.lead_unit
    if unit is None or unit.valid_to is None:
        return []
    return [
        s.successor
        for s in OrgSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("successor__name", "successor_id")
    ]


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


def extension_querysets(*, user, filters: dict) -> list:
    """Extension requests of directives and of plan tasks in the committees the user chairs or
    runs (an administrator: all), narrowed by the extension list's filters; by default those
    waiting for a decision. Two querysets, oldest request first."""
    from kpis.models import PlanTaskExtension
    from steering.models import AccessRole
    from steering.permissions import deciding_condition, user_committee_roles
    from steering.tracking import ExtensionState

    from .waiting import held_mark

    on = timezone.localdate()

    directives = DeadlineExtension.objects.select_related(
        "directive__lead_unit", "directive__committee", "requested_by", "decided_by"
    ).annotate(**held_mark(on, "committee", "directive__"))
    tasks = PlanTaskExtension.objects.select_related(
        "task__lead_unit", "task__plan__committee", "requested_by", "decided_by"
    ).annotate(**held_mark(on, "plan__committee", "task__"))
    state = filters.get("state") or ExtensionState.REQUESTED
    if not user.is_superuser:
        # Waiting requests: those the user decides today (the chair's permission rule: their
        # committees while valid, then what those hold of an ended committee). Decided ones:
        # the history of every committee the user chairs or runs, and of what it holds.
        roles = {AccessRole.CHAIR, AccessRole.SECRETARIAT}
        scope = [cid for cid, held in user_committee_roles(user).items() if held & roles]
        decides = [Q(pk__in=[]), Q(pk__in=[])]
        for role in roles:
            decides[0] |= deciding_condition(user, role, on=on, prefix="directive__")
            decides[1] |= deciding_condition(
                user, role, on=on, committee_path="plan__committee", prefix="task__"
            )
        if state != ExtensionState.REQUESTED:
            decides[0] |= Q(directive__committee_id__in=scope)
            decides[1] |= Q(task__plan__committee_id__in=scope)
        directives, tasks = directives.filter(decides[0]), tasks.filter(decides[1])
    if state != "all":
        directives, tasks = directives.filter(state=state), tasks.filter(state=state)
    if filters.get("committee"):
        directives = directives.filter(directive__committee=filters["committee"])
        tasks = tasks.filter(task__plan__committee=filters["committee"])
    if filters.get("unit"):
        directives = directives.filter(directive__lead_unit=filters["unit"])
        tasks = tasks.filter(task__lead_unit=filters["unit"])
    kind = filters.get("kind") or ""
    parts = []
    if kind in ("", "directive"):
        parts.append(directives.order_by("requested_at", "pk"))
    if kind in ("", "plan_task"):
        parts.append(tasks.order_by("requested_at", "pk"))
    return parts
