"""Writes for the committee core. Keyword-only, typed, `<entity>_<action>`; history is kept by
django-simple-history on every model, so each write goes through `save()`."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import (
    AccessRole,
    ApiToken,
    CommitteeRole,
    Membership,
    OrgSuccession,
    OrgUnit,
    Person,
    Profile,
    SteeringCommittee,
)
from .text import nfc

User = get_user_model()


def _upsert(model, lookup: dict[str, Any], fields: dict[str, Any]):
    """Create or update one row; saves (and records history) only when something changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **fields)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, fields[name])
        obj.full_clean()
        obj.save()
    return obj, False


def orgunit_upsert(*, code: str, **fields: Any) -> OrgUnit:
    unit, _created = _upsert(OrgUnit, {"code": code}, fields)
    return unit


def orgsuccession_upsert(
    *,
    predecessor: OrgUnit,
    successor: OrgUnit,
    effective_date: datetime.date,
    legal_basis: str,
    note: str = "",
) -> OrgSuccession:
    succession, _created = _upsert(
        OrgSuccession,
        {"predecessor": predecessor, "successor": successor},
        {"effective_date": effective_date, "legal_basis": legal_basis, "note": note},
    )
    return succession


def committee_upsert(*, code: str, **fields: Any) -> SteeringCommittee:
    committee, _created = _upsert(SteeringCommittee, {"code": code}, fields)
    return committee


def person_get_or_create(
    *, full_name: str, org_unit: OrgUnit | None, position_title: str = ""
) -> Person:
    """A person is identified by name within their agency."""
    full_name = nfc(" ".join(full_name.split()))
    person, _created = _upsert(
        Person,
        {"full_name": full_name, "org_unit": org_unit},
        {"position_title": nfc(position_title)} if position_title else {},
    )
    return person


def membership_upsert(
    *,
    committee: SteeringCommittee,
    person: Person,
    role: str,
    start_date: datetime.date,
    position_in_agency: str = "",
    end_date: datetime.date | None = None,
) -> Membership:
    membership, _created = _upsert(
        Membership,
        {"committee": committee, "person": person, "role": role, "start_date": start_date},
        {"position_in_agency": nfc(position_in_agency), "end_date": end_date},
    )
    return membership


def committee_role_grant(*, user, committee: SteeringCommittee, role: str) -> CommitteeRole:
    if role not in AccessRole.values:
        raise ValueError(f"unknown access role {role!r}")
    grant, _created = CommitteeRole.objects.get_or_create(user=user, committee=committee, role=role)
    return grant


@transaction.atomic
def user_provision(
    *,
    username: str,
    password: str,
    full_name: str,
    org_unit: OrgUnit | None,
    email: str = "",
    is_superuser: bool = False,
    roles: list[tuple[SteeringCommittee, str]] = (),
    reset_password: bool = False,
):
    """Create (or bring up to date) an account with its profile and committee roles."""
    first, _, last = full_name.rpartition(" ")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": email,
            "is_staff": is_superuser,
            "is_superuser": is_superuser,
        },
    )
    if created or reset_password:
        user.set_password(password)
        user.save()
    _upsert(Profile, {"user": user}, {"org_unit": org_unit})
    for committee, role in roles:
        committee_role_grant(user=user, committee=committee, role=role)
    return user


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new read-API key for `user`: the row (holding only the key's hash) and the key itself,
    which is shown once and cannot be recovered."""
    from .api import api_key_hash, api_key_new

    key = api_key_new()
    token = ApiToken.objects.create(
        user=user, name=nfc(name).strip(), key_hash=api_key_hash(key), prefix=key[:10]
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
