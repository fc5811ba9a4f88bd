"""Sections this app adds to each persona's home page (steering's home collects them)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steering.models import AccessRole
from steering.permissions import user_committee_roles, user_org_unit, user_successions

from . import selectors
from .models import Directive, Meeting


def sections(request) -> list[dict]:
    user = request.user
    roles = user_committee_roles(user)
    held = {role for committee_roles in roles.values() for role in committee_roles}
    today = timezone.localdate()
    result = []
    unit = user_org_unit(user)
    if AccessRole.UNIT_OFFICER in held and unit is not None:
        listing = selectors.my_unit_work(unit=unit, user=user, as_of=today)
        result.append(
            {
                "template": "meetings/home/_my_work.html",
                "title": _("Việc của đơn vị tôi"),
                "listing": listing,
                "rows": listing.rows[:5],
                "has_history": bool(user_successions(user)),
            }
        )
    if AccessRole.SECRETARIAT in held or user.is_superuser:
        meetings = Meeting.objects.visible_to(user).upcoming(timezone.now())
        result.append(
            {
                "template": "meetings/home/_secretariat.html",
                "title": _("Cuộc họp sắp tới"),
                "meetings": list(meetings.select_related("committee")[:5]),
            }
        )
    if AccessRole.CHAIR in held:
        grid = Directive.objects.visible_to(user).grid(today)
        listing = {"grid": grid, "total": sum(grid.values())}
        result.append(
            {
                "template": "meetings/home/_status.html",
                "title": _("Tình hình thực hiện nhiệm vụ"),
                "listing": listing,
                "overdue_by_unit": selectors.overdue_by_unit(user=user, as_of=today),
            }
        )
    return result
