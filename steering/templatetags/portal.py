from django import template
from django.utils.html import format_html

from steering.timeliness import GridBucket, TaskState, Timeliness
from steering.vndates import vn_short_date

register = template.Library()


@register.simple_tag
def timeliness_badge(value: str):
    """The derived status as a coloured badge with its text (colour is never the only cue)."""
    return format_html(
        '<span class="badge status status-{}">{}</span>', value, Timeliness(value).label
    )


@register.simple_tag
def grid_columns():
    """The report columns in the one order every grid uses (the dashboard's)."""
    return GridBucket.choices


@register.filter
def task_state_label(value: str) -> str:
    return TaskState(value).label if value in TaskState.values else value


@register.filter
def vndate(value) -> str:
    return vn_short_date(value) if value else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def person_name(user) -> str:
    """A person as people call them: the account's full name, its username only when no name
    was given ("—" for nobody)."""
    if user is None or user == "":
        return "—"
    return user.get_full_name() or user.get_username()
