"""Who may do what: the one place where the portal's permission rules live.

Rules are object-level (django-rules) and always checked on the server. Views fetch objects through
the `*_get_for_user` helpers here: an object outside the user's scope is a 404 (its existence is not
revealed), an object in scope without the needed right is a 403.
"""

import logging
from collections import defaultdict

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from .models import (
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
    fields = [name for pair in _OWNER_CHAIN for name in pair]
    for committee_id, role, *chain in CommitteeRole.objects.filter(user=user).values_list(
        "committee_id", "role", *fields
    ):
        roles[committee_id].add(role)
        pairs = list(zip(chain[::2], chain[1::2], strict=True))
        area = area_of_chain(pairs)
        kind = next((k for unit_id, k in pairs if unit_id == area), None)
        if area is not None and kind in COMMUNE_LEVEL_KINDS:
            wards[committee_id] = area
    user._committee_roles = {cid: frozenset(r) for cid, r in roles.items()}
    user._ward_committees = wards


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
