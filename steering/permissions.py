"""Who may do what: the one place where the portal's permission rules live.

Rules are object-level (django-rules) and always checked on the server. Views fetch objects through
the `*_get_for_user` helpers here: an object outside the user's scope is a 404 (its existence is not
revealed), an object in scope without the needed right is a 403.
"""

import datetime
import logging
from collections import defaultdict

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    AREA_DEPTH,
    AREA_KINDS,
    COMMUNE_LEVEL_KINDS,
    AccessRole,
    CommitteeRole,
    OrgSuccession,
    OrgUnit,
    Profile,
    SteeringCommittee,
)

security_log = logging.getLogger("steering.security")

ALL_ACCESS_ROLES = frozenset(AccessRole.values)


# The owner unit and its two ancestors, read with the roles: a committee's area is the first
# of them that is an administrative area (the owner is the area, its UBND or its Party
# committee, or an office of those).
_OWNER_CHAIN = (
    ("committee__owner_unit_id", "committee__owner_unit__kind"),
    ("committee__owner_unit__parent_id", "committee__owner_unit__parent__kind"),
    (
        "committee__owner_unit__parent__parent_id",
        "committee__owner_unit__parent__parent__kind",
    ),
)


def area_of_chain(chain) -> int | None:
    """The first administrative area in [(unit id, kind), …] (a unit, then its ancestors)."""
    for unit_id, kind in chain:
        if unit_id is not None and kind in AREA_KINDS:
            return unit_id
    return None


def _load_roles(user) -> None:
    roles: dict[int, set[str]] = defaultdict(set)
    wards: dict[int, int] = {}
    ends: dict[int, datetime.date | None] = {}
    fields = [name for pair in _OWNER_CHAIN for name in pair]
    for committee_id, role, valid_to, *chain in CommitteeRole.objects.filter(user=user).values_list(
        "committee_id", "role", "committee__valid_to", *fields
    ):
        roles[committee_id].add(role)
        ends[committee_id] = valid_to
        pairs = list(zip(chain[::2], chain[1::2], strict=True))
        area = area_of_chain(pairs)
        kind = next((k for unit_id, k in pairs if unit_id == area), None)
        if area is not None and kind in COMMUNE_LEVEL_KINDS:
            wards[committee_id] = area
    user._committee_roles = {cid: frozenset(r) for cid, r in roles.items()}
    user._ward_committees = wards
    user._committee_ends = ends


def user_committee_roles(user) -> dict[int, frozenset[str]]:
    """{committee id: the user's access roles there}. One query, cached on the user object."""
    if not user.is_authenticated:
        return {}
    if getattr(user, "_committee_roles", None) is None:
        _load_roles(user)
    return user._committee_roles


def user_ward_committees(user) -> dict[int, int]:
    """{committee id: its ward's (or commune's) unit id} for the user's committees at the base
    level (a ward's BCĐ). Read by the same query as `user_committee_roles`."""
    if not user.is_authenticated:
        return {}
    if getattr(user, "_committee_roles", None) is None or not hasattr(user, "_ward_committees"):
        _load_roles(user)
    return user._ward_committees


def committee_ended(valid_to: datetime.date | None, on: datetime.date | None = None) -> bool:
    """Whether a committee whose last day is `valid_to` has ended by `on` (today)."""
    return valid_to is not None and valid_to < (on or timezone.localdate())


# --- Who decides a task: its committee, or after its end the committees that hold it -----------
#
# The one rule (confirm or return a completion report, decide an extension). While the task's
# committee is valid, its secretariat confirms and its chair decides, as always. Once it has ended
# (a district's committee after 1/7/2025) nobody is left there: the task's decisions pass to the
# committees that now hold it — the ward (commune) level committees, valid today, whose ward
# contains a successor of the task's lead unit (OrgSuccession, following one later merger). After
# a split each qualifying committee may decide; the first decision wins (the workflow's row
# locks). The old committee's people keep reading the task, but no longer decide.


def _successors_of(unit_id: int, on: datetime.date):
    """Subquery: the units that succeeded `unit_id` by `on`, through one later merger too."""
    first = OrgSuccession.objects.filter(predecessor_id=unit_id, effective_date__lte=on)
    return OrgSuccession.objects.filter(
        Q(predecessor_id=unit_id) | Q(predecessor__in=first.values("successor")),
        effective_date__lte=on,
    ).values("successor")


def _predecessors_within(areas, on: datetime.date, prefix: str = ""):
    """Subquery: the old units whose successor (directly or after one more merger) lies in
    `areas` (ward ids) by `on`."""
    inside = OrgUnit.objects.within(list(areas)).values("pk")
    first = OrgSuccession.objects.filter(successor__in=inside, effective_date__lte=on)
    second = OrgSuccession.objects.filter(
        successor__in=first.values("predecessor"), effective_date__lte=on
    )
    return Q(**{f"{prefix}lead_unit_id__in": first.values("predecessor")}) | Q(
        **{f"{prefix}lead_unit_id__in": second.values("predecessor")}
    )


def held_condition(
    *, areas, on: datetime.date, committee_path: str = "committee", prefix: str = ""
) -> Q:
    """Open tasks of an ended committee whose lead unit's successor lies in one of `areas` (the
    wards of the committees asking): the tasks those committees now decide. A condition with
    subqueries, no extra query. `committee_path` leads from the task to its committee; `prefix`
    from the rows filtered to the task ("directive__" on its extensions)."""
    from .tracking import CLOSED_STATES

    if not areas:
        return Q(pk__in=[])
    return (
        Q(**{f"{prefix}{committee_path}__valid_to__lt": on})
        & _predecessors_within(areas, on, prefix)
        & ~Q(**{f"{prefix}state__in": CLOSED_STATES})
    )


def deciding_condition(
    user,
    role: str,
    *,
    on: datetime.date | None = None,
    committee_path: str = "committee",
    prefix: str = "",
) -> Q:
    """The tasks `user` decides as `role` (secretariat: confirm/return; chair: extensions) on
    `on`: those of their committees that have not ended, and the tasks those committees hold
    (`held_condition`). For the lists of what waits; no extra query."""
    on = on or timezone.localdate()
    roles, ends = user_committee_roles(user), user_committee_ends(user)
    live = [c for c, held in roles.items() if role in held and not committee_ended(ends[c], on)]
    wards = user_ward_committees(user)
    areas = sorted({wards[c] for c in live if c in wards})
    condition = Q(**{f"{prefix}{committee_path}_id__in": live})
    if areas:
        condition |= held_condition(
            areas=areas, on=on, committee_path=committee_path, prefix=prefix
        )
    return condition


def holding_committee_ids(
    *, committee: SteeringCommittee, lead_unit_id: int | None, on: datetime.date | None = None
) -> set[int]:
    """The committees that decide a task of `committee` led by `lead_unit_id` on `on`: the
    committee itself while it is valid, else the ward committees valid on `on` whose ward
    contains a successor of the lead unit (none without successors). One query, only once the
    committee has ended."""
    on = on or timezone.localdate()
    if not committee_ended(committee.valid_to, on):
        return {committee.pk}
    if lead_unit_id is None:
        return set()
    successors = _successors_of(lead_unit_id, on)
    # A ward committee's area is its owner (the ward) or one of its owner's two ancestors.
    inside = Q()
    for owner in ("owner_unit", "owner_unit__parent", "owner_unit__parent__parent"):
        area = Q(**{f"{owner}__kind__in": COMMUNE_LEVEL_KINDS})
        under = Q(**{f"{owner}_id__in": successors})
        path = "parent"
        for _level in range(AREA_DEPTH):  # an office of the ward's UBND, a team in it
            under |= Q(
                **{
                    f"{owner}_id__in": OrgUnit.objects.filter(
                        pk__in=successors, **{f"{path}__isnull": False}
                    ).values(path)
                }
            )
            path += "__parent"
        inside |= area & under
    return set(
        SteeringCommittee.objects.active_on(on)
        .filter(inside)
        .exclude(pk=committee.pk)
        .values_list("pk", flat=True)
    )


def decides_task(user, task, *, committee, role: str, on: datetime.date | None = None) -> bool:
    """Whether `user` holds `role` in a committee that decides `task` (`holding_committee_ids`).
    The committee's own people need no query while it is valid."""
    on = on or timezone.localdate()
    if not committee_ended(committee.valid_to, on):
        return holds_committee_role(user, committee.pk, role)
    mine = {c for c, held in user_committee_roles(user).items() if role in held}
    if not mine:
        return False
    memo = task.__dict__.setdefault("_holders", {})
    if on not in memo:
        memo[on] = holding_committee_ids(committee=committee, lead_unit_id=task.lead_unit_id, on=on)
    return bool(memo[on] & mine)


def user_committee_ends(user) -> dict[int, datetime.date | None]:
    """{committee id: its last day (None: open-ended)} for the user's committees; read by the
    same query as `user_committee_roles`."""
    if not user.is_authenticated:
        return {}
    if getattr(user, "_committee_roles", None) is None or not hasattr(user, "_committee_ends"):
        _load_roles(user)
    return user._committee_ends


def user_org_unit(user) -> OrgUnit | None:
    """The org unit the account works for (None for administrators and outsiders)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_org_unit"):
        # Read with the unit: whether it succeeded old units (the 2025 reform), so that the
        # pages of the many units that did not pay no query for `user_successions`.
        profile = (
            Profile.objects.filter(user=user)
            .select_related("org_unit")
            .annotate(
                succeeded=Exists(OrgSuccession.objects.filter(successor=OuterRef("org_unit_id")))
            )
            .first()
        )
        user._org_unit = profile.org_unit if profile else None
        user._succeeded = bool(profile and profile.succeeded)
    return user._org_unit


def user_successions(user) -> dict[int, OrgSuccession]:
    """The successions into the user's unit (old unit id -> OrgSuccession, the old unit
    loaded), read once per request: the old units whose open work falls to the user (the
    2025 reform) and whose history the user reads. Empty without a unit or a committee role."""
    if not hasattr(user, "_successions"):
        unit = user_org_unit(user)
        if unit is None or not getattr(user, "_succeeded", True) or not user_committee_roles(user):
            user._successions = {}
        else:
            user._successions = {
                s.predecessor_id: s
                for s in OrgSuccession.objects.filter(successor=unit).select_related(
                    "predecessor__parent"
                )
            }
    return user._successions


def user_has_role(user, *roles: str) -> bool:
    """Whether the user holds any of `roles` in any committee."""
    wanted = set(roles)
    return any(held & wanted for held in user_committee_roles(user).values())


def holds_committee_role(user, committee_id: int | None, *roles: str) -> bool:
    """Plain check (no predicate nesting): does `user` hold any of `roles` in the committee?"""
    if committee_id is None:
        return False
    return bool(user_committee_roles(user).get(committee_id, frozenset()) & set(roles))


def _committee_role(*roles: str):
    wanted = frozenset(roles)

    def check(user, committee) -> bool:
        return holds_committee_role(user, committee.pk if committee else None, *wanted)

    return rules.predicate(check, name=f"has_committee_role({','.join(sorted(wanted))})")


is_admin = rules.is_superuser
is_secretariat = _committee_role(AccessRole.SECRETARIAT)
is_committee_leader = _committee_role(AccessRole.CHAIR)
is_committee_reader = _committee_role(*ALL_ACCESS_ROLES)


@rules.predicate
def has_any_access(user) -> bool:
    return bool(user_committee_roles(user)) or user_org_unit(user) is not None


rules.add_perm("steering.view_committee", is_admin | is_committee_reader)
rules.add_perm("steering.manage_committee", is_admin | is_secretariat)
rules.add_perm("steering.lead_committee", is_admin | is_committee_leader)
rules.add_perm("steering.view_orgunits", is_admin | has_any_access)


def require_perm(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied (and log it) unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        security_log.warning(
            "permission denied: user=%s perm=%s object=%s",
            getattr(user, "username", "anonymous"),
            perm,
            f"{type(obj).__name__}:{obj.pk}" if obj is not None else "-",
        )
        raise PermissionDenied


def committee_get_for_user(
    *, user, pk: int, perm: str = "steering.view_committee"
) -> SteeringCommittee:
    committee = get_object_or_404(
        SteeringCommittee.objects.visible_to(user).select_related(
            "owner_unit", "standing_agency", "support_team", "predecessor"
        ),
        pk=pk,
    )
    require_perm(user, perm, committee)
    return committee


def orgunit_get_for_user(*, user, pk: int) -> OrgUnit:
    require_perm(user, "steering.view_orgunits")
    return get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
