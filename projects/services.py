"""Writes to the project register. Status changes go through `project_change_status` only."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import ITProject, ProjectStatus, ProjectStatusChange


class ConflictError(Exception):
    """The project changed since the form was loaded; nothing was saved."""

    def __init__(self, current: ITProject):
        super().__init__("stale version")
        self.current = current


@transaction.atomic
def project_create(*, pilot_units=None, **fields) -> ITProject:
    project = ITProject(**fields)
    project.full_clean()
    project.save()
    if pilot_units is not None:
        project.pilot_units.set(pilot_units)
    return project


def project_update(
    *, project: ITProject, expected_version: int, pilot_units=None, **fields
) -> ITProject:
    """Edit a project. Raises ConflictError (with the current row) if someone saved it since
    `expected_version` was read; the status is changed only by `project_change_status`."""
    fields.pop("status", None)
    with transaction.atomic():
        current = ITProject.objects.select_for_update().get(pk=project.pk)
        if current.version != expected_version:
            raise ConflictError(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.full_clean(exclude=["version"])
        current.save()
        if pilot_units is not None:
            current.pilot_units.set(pilot_units)
    project.__dict__.update(current.__dict__)
    return project


def project_change_status(
    *,
    project: ITProject,
    to_status: ProjectStatus,
    changed_on: datetime.date,
    user,
    reason: str = "",
    decision_text: str,
    decision=None,
) -> ProjectStatusChange:
    """Record a lifecycle step citing its decision and move the project, in one transaction."""
    if not (decision_text or "").strip():
        raise ValidationError({"decision_text": _("Phải ghi căn cứ quyết định.")})
    with transaction.atomic():
        current = ITProject.objects.select_for_update().get(pk=project.pk)
        if current.status_id == to_status.pk:
            raise ValidationError(
                {"to_status": _("Dự án đang ở trạng thái “%(s)s”.") % {"s": to_status.name}}
            )
        change = ProjectStatusChange(
            project=current,
            from_status_id=current.status_id,
            to_status=to_status,
            changed_on=changed_on,
            changed_by=user if getattr(user, "is_authenticated", False) else None,
            reason=reason,
            decision_text=decision_text.strip(),
            decision=decision,
        )
        change.full_clean()
        change.save()
        current.status = to_status
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
    project.__dict__.update(current.__dict__)
    return change
