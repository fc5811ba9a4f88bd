"""Reads for the committee core. Each returns what a page needs in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .models import (
    COMMUNE_LEVEL_KINDS,
    AccessRole,
    Membership,
    OrgSuccession,
    OrgUnit,
    SteeringCommittee,
)
from .permissions import user_committee_roles, user_org_unit
from .text import vn_sort_key


@dataclass(frozen=True)
class CommitteeWithRoles:
    committee: SteeringCommittee
    roles: list[str] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [AccessRole(role).label for role in self.roles]


def committee_list_for_user(*, user) -> list[CommitteeWithRoles]:
    roles = user_committee_roles(user)
    committees = SteeringCommittee.objects.visible_to(user).select_related(
        "owner_unit", "standing_agency"
    )
    order = list(AccessRole.values)
    return [CommitteeWithRoles(c, sorted(roles.get(c.pk, ()), key=order.index)) for c in committees]


@dataclass(frozen=True)
class Roster:
    current: list[Membership]
    former: list[Membership]
    on: datetime.date


def committee_roster(*, committee: SteeringCommittee, on: datetime.date | None = None) -> Roster:
    """Members sitting on `on` (today, or the committee's last day if it was dissolved), chair
    first, and those whose term had ended by then. One query."""
    on = on or timezone.localdate()
    if committee.valid_to and committee.valid_to < on:
        on = committee.valid_to
    memberships = (
        committee.memberships.filter(start_date__lte=on)
        .in_roster_order()
        .select_related("person", "person__org_unit")
    )
    current, former = [], []
    for membership in memberships:
        (former if membership.end_date and membership.end_date < on else current).append(membership)
    return Roster(current=current, former=former, on=on)


def committee_lineage(*, committee: SteeringCommittee) -> list[SteeringCommittee]:
    """Successor committees (renamed or re-founded) of this one."""
    return list(committee.successors.all())


@dataclass(frozen=True)
class TreeRow:
    unit: OrgUnit
    depth: int


def orgunit_tree(*, on: datetime.date | None = None, kind: str = "", query: str = "") -> list:
    """All units as an indented tree, in one query; filtered rows keep their ancestors' depth."""
    units = OrgUnit.objects.all()
    if on:
        units = units.active_on(on)
    units = sorted(units, key=lambda u: vn_sort_key(u.name))
    by_parent: dict[int | None, list[OrgUnit]] = {}
    ids = {u.pk for u in units}
    for unit in units:
        # A unit whose parent is filtered out (e.g. by date) is shown as a root.
        parent = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(unit)
    rows: list[TreeRow] = []

    def walk(parent_id, depth):
        for unit in by_parent.get(parent_id, []):
            rows.append(TreeRow(unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    if kind or query:
        matching = set(OrgUnit.objects.search(query).values_list("pk", flat=True)) if query else ids
        rows = [r for r in rows if r.unit.pk in matching and (not kind or r.unit.kind == kind)]
    return rows


@dataclass(frozen=True)
class OrgUnitDetail:
    unit: OrgUnit
    ancestors: list[OrgUnit]
    children: list[OrgUnit]
    predecessors: list[OrgSuccession]
    successors: list[OrgSuccession]
    committees: list[SteeringCommittee]


def orgunit_detail(*, unit: OrgUnit) -> OrgUnitDetail:
    ancestors: list[OrgUnit] = []
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    chain: list[int] = []
    current = unit.parent_id
    while current is not None and current not in chain:  # guard against a cycle in bad data
        chain.append(current)
        current = parents.get(current)
    if chain:
        by_pk = OrgUnit.objects.in_bulk(chain)
        ancestors = [by_pk[pk] for pk in reversed(chain)]
    return OrgUnitDetail(
        unit=unit,
        ancestors=ancestors,
        children=sorted(unit.children.all(), key=lambda u: (u.kind, vn_sort_key(u.name))),
        predecessors=list(unit.successions_in.select_related("predecessor")),
        successors=list(unit.successions_out.select_related("successor")),
        committees=list(
            SteeringCommittee.objects.filter(owner_unit=unit).select_related("owner_unit")
        ),
    )


@dataclass(frozen=True)
class HomeContext:
    committees: list[CommitteeWithRoles]
    org_unit: OrgUnit | None
    is_secretariat: bool
    is_leader: bool
    is_member: bool
    is_unit_officer: bool

    @property
    def has_access(self) -> bool:
        return bool(self.committees) or self.org_unit is not None


def home_for_user(*, user) -> HomeContext:
    committees = committee_list_for_user(user=user)
    held = {role for c in committees for role in c.roles}
    return HomeContext(
        committees=committees,
        org_unit=user_org_unit(user),
        is_secretariat=AccessRole.SECRETARIAT in held,
        is_leader=AccessRole.CHAIR in held,
        is_member=bool(held & {AccessRole.MEMBER, AccessRole.VIEWER}),
        is_unit_officer=AccessRole.UNIT_OFFICER in held,
    )


def orgunits_in_committee_scope(
    *, committee: SteeringCommittee, on: datetime.date | None = None
) -> list[OrgUnit]:
    """The units a committee's conclusions can name: everything under the administrative area
    that owns it (the district, ward or city), plus that area's ancestors. Keeps "Công an quận"
    from matching another district's police. Two queries.

    On a day after the area was dissolved (a district after 1/7/2025) its units are gone; the
    area is then what succeeded them (OrgSuccession up to that day, followed through later
    mergers): the new wards and their offices, so a 2026 meeting offers "Phường Bồ Đề", not the
    old wards. One query more, only then."""
    units = OrgUnit.objects.all() if on is None else OrgUnit.objects.active_on(on)
    by_pk = {
        u.pk: u for u in OrgUnit.objects.only("pk", "parent_id", "kind", "valid_from", "valid_to")
    }
    area = by_pk.get(committee.owner_unit_id)
    while area is not None and not area.is_area:
        area = by_pk.get(area.parent_id)
    if area is None:
        return list(units)
    children: dict[int | None, list[int]] = {}
    for unit in by_pk.values():
        children.setdefault(unit.parent_id, []).append(unit.pk)

    def subtree(roots) -> set[int]:
        found, stack = set(), list(roots)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found

    scope = subtree([area.pk])
    parent = by_pk[area.pk].parent_id
    while parent is not None and parent not in scope:
        scope.add(parent)
        parent = by_pk[parent].parent_id
    if on is not None and not area.is_active_on(on):
        scope |= subtree(_successors_on(scope, on, by_pk))
    return [u for u in units if u.pk in scope]


def _successors_on(pks: set[int], on: datetime.date, by_pk: dict[int, OrgUnit]) -> set[int]:
    """The units valid on `on` that took over from `pks` by then, through chains of mergers."""
    edges: dict[int, list[int]] = {}
    for old, new in OrgSuccession.objects.filter(effective_date__lte=on).values_list(
        "predecessor_id", "successor_id"
    ):
        edges.setdefault(old, []).append(new)
    found, seen, stack = set(), set(), list(pks)
    while stack:
        pk = stack.pop()
        for new in edges.get(pk, []):
            if new in seen:
                continue
            seen.add(new)
            if new in by_pk and by_pk[new].is_active_on(on):
                found.add(new)
            stack.append(new)
    return found


def committee_area(*, committee: SteeringCommittee) -> OrgUnit | None:
    """The administrative area a committee serves: its owner unit when that is an area (a
    ward), else the owner's first area ancestor within two levels (a ward's Party committee or
    UBND, or an office of those). One query."""
    unit = OrgUnit.objects.select_related("parent__parent").get(pk=committee.owner_unit_id)
    for _level in range(3):
        if unit is None or unit.is_area:
            return unit
        unit = unit.parent
    return None


def orgunits_below(*, area: OrgUnit, on: datetime.date, kinds=COMMUNE_LEVEL_KINDS):
    """The wards and communes (by default) inside `area` valid on `on`, by name. Lazy."""
    return (
        OrgUnit.objects.within([area.pk])
        .exclude(pk=area.pk)
        .of_kind(*kinds)
        .active_on(on)
        .order_by("name", "pk")
    )
