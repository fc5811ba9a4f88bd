"""Reads of the project register, with a constant number of queries whatever the data size."""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from .models import ITProject, ProjectStatus, ProjectStatusChange
from .permissions import projects_visible_to


def project_list_for_user(*, user, committee=None, group=None, status=None, health="", q: str = ""):
    projects = projects_visible_to(user).select_related(
        "owner_unit", "committee", "group", "status"
    )
    if committee:
        projects = projects.filter(committee=committee)
    if group:
        projects = projects.filter(group=group)
    if status:
        projects = projects.filter(status=status)
    if health:
        projects = projects.filter(health=health)
    return projects.search(q).order_by("status__order", "code")


def project_status_counts(*, projects) -> list[tuple[ProjectStatus, int]]:
    """(status, number of projects) for every status, in lifecycle order; two queries."""
    counts = dict(
        projects.order_by()
        .values_list("status_id")
        .annotate(n=Count("pk"))
        .values_list("status_id", "n")
    )
    return [(status, counts.get(status.pk, 0)) for status in ProjectStatus.objects.all()]


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    change: ProjectStatusChange
    decision_label: str
    decision_url: str


def project_timeline(*, project: ITProject, user=None) -> list[TimelineEntry]:
    """Status changes in date order, each with the decision object linked through the generic key
    (rendered by `str()` and its URL when it has one). With a `user`, a decision of a model that
    scopes its readers (`visible_to`, e.g. another unit's directive) is named only to a reader
    who may open it."""
    changes = list(
        project.status_changes.select_related(
            "from_status", "to_status", "changed_by", "decision_content_type"
        ).order_by("changed_on", "pk")
    )
    # One query per linked model, however many changes cite it.
    wanted: dict = {}
    for change in changes:
        if change.decision_content_type_id and change.decision_object_id:
            wanted.setdefault(change.decision_content_type, set()).add(change.decision_object_id)
    found: dict = {}
    for content_type, ids in wanted.items():
        model = content_type.model_class()
        if model is None:
            continue
        objects = model._default_manager.all()
        if user is not None and hasattr(objects, "visible_to"):
            objects = objects.visible_to(user)
        for obj in objects.filter(pk__in=ids):
            found[(content_type.pk, obj.pk)] = obj
    entries = []
    for change in changes:
        obj = found.get((change.decision_content_type_id, change.decision_object_id))
        url = ""
        if obj is not None and hasattr(obj, "get_absolute_url"):
            try:
                url = obj.get_absolute_url()
            except Exception:  # a linked object without a page must not break the timeline
                url = ""
        entries.append(
            TimelineEntry(
                date=change.changed_on,
                change=change,
                decision_label=str(obj) if obj is not None else "",
                decision_url=url,
            )
        )
    return entries


def project_edit_history(*, project: ITProject, limit: int = 50):
    """Recorded edits of the project, newest first (who, when, which fields changed)."""
    records = list(
        project.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(rows) == limit:
            break
        if older is None:
            changed = []
        else:
            delta = newer.diff_against(older, excluded_fields=["version"])
            changed = [str(ITProject._meta.get_field(c.field).verbose_name) for c in delta.changes]
        rows.append({"record": newer, "fields": changed})
    return rows
