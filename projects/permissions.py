"""Who may see and change IT projects: the one place these rules live.

Every access role in the project's committee reads it; the committee's secretariat (and
administrators) create, edit and move it through its lifecycle. Out of scope → 404, in scope
without the right → 403.
"""

import rules
from django.shortcuts import get_object_or_404

from steering.models import AccessRole, SteeringCommittee
from steering.permissions import (
    ALL_ACCESS_ROLES,
    holds_committee_role,
    is_admin,
    require_perm,
    user_committee_roles,
)

from .models import ITProject


def _committee_id(obj) -> int | None:
    if isinstance(obj, SteeringCommittee):
        return obj.pk
    return getattr(obj, "committee_id", None)


@rules.predicate
def reads_project_committee(user, obj) -> bool:
    return holds_committee_role(user, _committee_id(obj), *ALL_ACCESS_ROLES)


@rules.predicate
def runs_project_committee(user, obj) -> bool:
    return holds_committee_role(user, _committee_id(obj), AccessRole.SECRETARIAT)


@rules.predicate
def runs_any_committee(user) -> bool:
    return any(AccessRole.SECRETARIAT in r for r in user_committee_roles(user).values())


rules.add_perm("projects.view_project", is_admin | reads_project_committee)
rules.add_perm("projects.manage_project", is_admin | runs_project_committee)
rules.add_perm("projects.create_project", is_admin | runs_any_committee)


def visible_committee_ids(user) -> list[int] | None:
    """Committees whose projects the user reads; None means all (administrators)."""
    if user.is_superuser:
        return None
    return [cid for cid, roles in user_committee_roles(user).items() if roles & ALL_ACCESS_ROLES]


def managed_committees(user):
    committees = SteeringCommittee.objects.order_by("name")
    if user.is_superuser:
        return committees
    ids = [
        cid for cid, roles in user_committee_roles(user).items() if AccessRole.SECRETARIAT in roles
    ]
    return committees.filter(pk__in=ids)


def projects_visible_to(user):
    queryset = ITProject.objects.all()
    ids = visible_committee_ids(user)
    return queryset if ids is None else queryset.in_committees(ids)


def can_see_projects(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(visible_committee_ids(user)))


def project_get_for_user(*, user, pk: int, perm: str = "projects.view_project") -> ITProject:
    project = get_object_or_404(
        projects_visible_to(user).select_related("owner_unit", "committee", "group", "status"),
        pk=pk,
    )
    require_perm(user, perm, project)
    return project
